"""The AWS account behind the provider double: what exists in it, and what AWS refuses to do to it.

Every object an apply creates is recorded here (its state values, by type and id, per region; IAM
account-wide), so that a second command, a destroy or a plan after apply sees the account as AWS would:
a natural key already taken, a reference to something missing, a deployment still in use, logging
without the account's CloudWatch role. The rules are the tables of ``rules.py``; this module is the
small engine that applies them, plus the few behaviours of API Gateway that are not a refusal
(deployments are snapshots, the account settings, deletes that take children with them).

The model persists as one JSON file. Terraform applies up to ten objects at once, and aliased
providers are separate processes, so every change happens under a lock on that file and re-reads it
when another process changed it.
"""

from __future__ import annotations

import copy
import fcntl
import json
import os
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from apigwkit.provider_double.account import openapi, rules
from apigwkit.provider_double.account.errors import Refused
from apigwkit.provider_double.codec import Dynamic
from apigwkit.provider_double.values import TEST_ACCOUNT_ID

ACCOUNT_FILE_ENV = "APIGWKIT_ACCOUNT_FILE"
ACCOUNT_PRESET_ENV = "APIGWKIT_ACCOUNT"
PRESETS = ("fresh", "configured")
# The role a "configured" account already has (set outside Terraform, as in most long-lived accounts).
CONFIGURED_ROLE = f"arn:aws:iam::{TEST_ACCOUNT_ID}:role/apigateway-cloudwatch-logs"
DEFAULT_FILE = Path(".terraform") / "aws-account-double.json"
LOG_LENGTH = 1000  # the account keeps the last calls it answered, in order (tests read the apply order)

# What a deployment captures (REST: everything API Gateway serves from a deployment; v2 likewise).
REST_SNAPSHOT_TYPES = (
    "aws_api_gateway_rest_api",
    "aws_api_gateway_resource",
    "aws_api_gateway_method",
    "aws_api_gateway_integration",
    "aws_api_gateway_method_response",
    "aws_api_gateway_integration_response",
    "aws_api_gateway_authorizer",
    "aws_api_gateway_model",
    "aws_api_gateway_request_validator",
    "aws_api_gateway_gateway_response",
    "aws_api_gateway_rest_api_policy",
)
V2_SNAPSHOT_TYPES = (
    "aws_apigatewayv2_route",
    "aws_apigatewayv2_integration",
    "aws_apigatewayv2_authorizer",
    "aws_apigatewayv2_route_response",
    "aws_apigatewayv2_integration_response",
)

# Deleting one of these deletes, in AWS, the objects that name it (Terraform then finds them gone).
CASCADES: dict[str, tuple[tuple[str, str, str], ...]] = {
    "aws_api_gateway_rest_api": tuple(
        (t, "rest_api_id", "id")
        for t in REST_SNAPSHOT_TYPES[1:]
        + ("aws_api_gateway_deployment", "aws_api_gateway_stage", "aws_api_gateway_method_settings")
    ),
    "aws_api_gateway_resource": (
        ("aws_api_gateway_resource", "parent_id", "id"),
        ("aws_api_gateway_method", "resource_id", "id"),
    ),
    "aws_api_gateway_method": (
        ("aws_api_gateway_integration", "resource_id", "resource_id"),
        ("aws_api_gateway_method_response", "resource_id", "resource_id"),
    ),
    "aws_api_gateway_integration": (("aws_api_gateway_integration_response", "resource_id", "resource_id"),),
    "aws_apigatewayv2_api": tuple(
        (t, "api_id", "id") for t in V2_SNAPSHOT_TYPES + ("aws_apigatewayv2_stage", "aws_apigatewayv2_deployment")
    ),
    "aws_lambda_function": tuple(
        (t, "view:function", "function_name")
        for t in ("aws_lambda_permission", "aws_lambda_alias", "aws_lambda_provisioned_concurrency_config")
    ),
}


def _encode(value: Any) -> Any:
    if isinstance(value, Dynamic):
        return {"__dynamic__": {"type": value.type, "value": _encode(value.value)}}
    if isinstance(value, dict):
        return {k: _encode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        if set(value) == {"__dynamic__"}:
            inner = value["__dynamic__"]
            return Dynamic(inner["type"], _decode(inner["value"]))
        return {k: _decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decode(v) for v in value]
    return value


def _values_at(values: Mapping[str, Any], path: str) -> list[Any]:
    """The values at a dotted path; ``*`` walks every element of a list."""
    found: list[Any] = [values]
    for part in path.split("."):
        nxt: list[Any] = []
        for item in found:
            if part == "*":
                nxt.extend(item if isinstance(item, list) else [])
            elif isinstance(item, dict) and item.get(part) not in (None, ""):
                nxt.append(item[part])
        found = nxt
    return found


def _field(values: Mapping[str, Any], name: str) -> Any:
    return rules.VIEWS[name[5:]](values) if name.startswith("view:") else values.get(name)


class Account:
    """The model of one AWS account (the double's ``123456789012``), persisted in ``path``."""

    def __init__(self, path: Path | None, preset: str = "fresh") -> None:
        if preset not in PRESETS:
            raise ValueError(f"{ACCOUNT_PRESET_ENV} must be one of {', '.join(PRESETS)}; got {preset!r}")
        self.path = path
        self.preset = preset
        self._lock = threading.RLock()
        self._stamp: tuple[int, int] | None = None
        self._data = self._empty()
        self._local = threading.local()  # the region the change being checked happens in

    @classmethod
    def from_environment(cls, environ: Mapping[str, str], cwd: Path) -> Account:
        """``APIGWKIT_ACCOUNT_FILE`` (default ``.terraform/aws-account-double.json`` of the working directory) and
        ``APIGWKIT_ACCOUNT`` (``fresh``, the default: a new AWS account; ``configured``: one whose API Gateway
        account settings already name a CloudWatch Logs role)."""
        path = Path(environ.get(ACCOUNT_FILE_ENV) or cwd / DEFAULT_FILE)
        return cls(path, environ.get(ACCOUNT_PRESET_ENV) or "fresh")

    def _empty(self) -> dict[str, Any]:
        return {
            "version": 1,
            "preset": self.preset,
            "settings": {},
            "objects": {},
            "snapshots": {},
            "roots": {},
            "lambda_versions": {},
        }

    # ------------------------------------------------------------------ persistence

    @contextmanager
    def _transaction(self, write: bool) -> Iterator[dict[str, Any]]:
        with self._lock:
            if self.path is None:
                yield self._data
                return
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with open(self.path.with_name(self.path.name + ".lock"), "a") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX if write else fcntl.LOCK_SH)
                try:
                    self._reload()
                    try:
                        yield self._data
                    except BaseException:
                        self._stamp = None  # a refused change may have touched the copy in memory: read the file again
                        raise
                    if write:
                        tmp = self.path.with_name(self.path.name + ".tmp")
                        tmp.write_text(json.dumps(_encode(self._data), sort_keys=True))
                        os.replace(tmp, self.path)
                        stat = self.path.stat()
                        self._stamp = (stat.st_mtime_ns, stat.st_size)
                finally:
                    fcntl.flock(lock, fcntl.LOCK_UN)

    def _reload(self) -> None:
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            self._data, self._stamp = self._empty(), None
            return
        stamp = (stat.st_mtime_ns, stat.st_size)
        if stamp != self._stamp:
            self._data = _decode(json.loads(self.path.read_text()))
            self.preset = self._data.get("preset", self.preset)
            self._stamp = stamp

    def seed(self, type_name: str, values: Mapping[str, Any]) -> None:
        """Record an object that exists in the account outside Terraform (a function another team deploys,
        a role set up by hand), so that references to it resolve as they would in a real account."""
        with self._transaction(write=True) as data:
            scope = self.scope_of(type_name, values)
            data["objects"].setdefault(scope, {}).setdefault(type_name, {})[self._key(type_name, values)] = dict(values)

    def forget(self, type_name: str, values: Mapping[str, Any]) -> None:
        """Delete an object outside Terraform (as in the console): the next refresh finds it gone."""
        with self._transaction(write=True) as data:
            scope = self.scope_of(type_name, values)
            data["objects"].get(scope, {}).get(type_name, {}).pop(self._key(type_name, values), None)

    def reset(self) -> None:
        """Forget everything: a new AWS account."""
        with self._transaction(write=True) as data:
            data.clear()
            data.update(self._empty())

    # ------------------------------------------------------------------ queries (used by the rules)

    @staticmethod
    def scope_of(type_name: str, values: Mapping[str, Any]) -> str:
        return "global" if type_name in rules.GLOBAL_TYPES else str(values.get("region") or "global")

    def _key(self, type_name: str, values: Mapping[str, Any]) -> str:
        parts = [str(_field(values, f) or "") for f in rules.SCOPED_IDS.get(type_name, ())]
        return "/".join([*parts, str(values.get("id"))])

    def _objects(self, type_name: str, scope: str | None = None) -> Iterator[dict[str, Any]]:
        for region, by_type in self._data["objects"].items():
            if scope is None or region == scope:
                yield from by_type.get(type_name, {}).values()

    def find(self, type_name: str, scope: str | None = None, **match: Any) -> list[dict[str, Any]]:
        if type_name in rules.GLOBAL_TYPES:
            scope = "global"
        elif scope is None:
            scope = getattr(self._local, "scope", None)
        return [o for o in self._objects(type_name, scope) if all(o.get(k) == v for k, v in match.items())]

    def find_one(self, type_name: str, **match: Any) -> dict[str, Any] | None:
        found = self.find(type_name, **match)
        return found[0] if found else None

    def protocol_of(self, api_id: Any) -> str | None:
        api = self.find_one("aws_apigatewayv2_api", id=api_id)
        return api.get("protocol_type") if api else None

    def rest_api_exists(self, api_id: Any) -> bool:
        return self.find_one("aws_api_gateway_rest_api", id=api_id) is not None

    def cloudwatch_role_arn(self, values: Mapping[str, Any]) -> str | None:
        region = str(values.get("region") or "global")
        settings = self._data["settings"].get(region)
        if settings is None:
            return CONFIGURED_ROLE if self._data.get("preset", self.preset) == "configured" else None
        return settings.get("cloudwatch_role_arn") or None

    def lambda_version(self, function_name: str, version: str, scope: str | None = None) -> dict[str, Any] | None:
        """A published version of a function (its code and configuration as published), or None."""
        scope = scope or getattr(self._local, "scope", None) or "global"
        published = self._data.get("lambda_versions", {}).get(scope, {}).get(function_name, {}).get("published", {})
        return published.get(str(version))

    def lambda_qualifier_target(self, function_name: str, qualifier: str) -> str | None:
        """The version a qualifier names: itself for $LATEST or a published version, an alias's version, or None
        when the function has no such version or alias."""
        if qualifier == "$LATEST" or self.lambda_version(function_name, qualifier) is not None:
            return qualifier
        for alias in self.find("aws_lambda_alias", name=qualifier):
            if rules.VIEWS["function"](alias) == function_name:
                return str(alias.get("function_version"))
        return None

    @staticmethod
    def owns_arn(arn: str) -> bool:
        parts = arn.split(":")
        return len(parts) > 4 and parts[4] == TEST_ACCOUNT_ID

    def _resource_exists(self, rest_api_id: Any, resource_id: Any) -> bool:
        if self._data["roots"].get(str(rest_api_id)) == resource_id:
            return True
        return self.find_one("aws_api_gateway_resource", rest_api_id=rest_api_id, id=resource_id) is not None

    # ------------------------------------------------------------------ the rules

    def _check(self, op: str, type_name: str, new: dict[str, Any], prior: dict[str, Any] | None) -> None:
        key = self._key(type_name, new)
        for rule in rules.UNIQUE:
            if rule.type != type_name or op not in ("create", "update"):
                continue
            mine = tuple(_field(new, f) for f in rule.key)
            if op == "update" and prior is not None and mine == tuple(_field(prior, f) for f in rule.key):
                continue
            for other in self.find(type_name):
                if op == "update" and self._key(type_name, other) == key:
                    continue  # the object itself
                # a conditional key applies when either of the two objects meets the condition
                if rule.when and not (rules.PREDICATES[rule.when](new) or rules.PREDICATES[rule.when](other)):
                    continue
                if tuple(_field(other, f) for f in rule.key) == mine:
                    self._refuse(op, type_name, rule.error, new, rule.source)
        if op in ("create", "update"):
            for rule in rules.EXISTS:
                if rule.type == type_name and not (rule.when and not rules.PREDICATES[rule.when](new)):
                    self._check_exists(op, type_name, rule, new)
        for rule in rules.REFUSE:
            if rule.type == type_name and op in rule.ops:
                found = rules.CHECKS[rule.check](new, prior, self)
                if found is not None:
                    self._refuse(op, type_name, rule.error, {**new, **found}, rule.source)
        if op == "delete":
            for rule in rules.IN_USE:
                if rule.type != type_name:
                    continue
                for user in self.find(rule.user):
                    if new.get("id") in _values_at(user, rule.path) and all(
                        user.get(a) == new.get(b) for a, b in rule.match
                    ):
                        self._refuse(op, type_name, rule.error, new, rule.source)

    def _check_exists(self, op: str, type_name: str, rule: rules.Exists, new: dict[str, Any]) -> None:
        for value in _values_at(new, rule.path):
            if isinstance(value, dict):
                wanted = {t: value.get(s[1:]) if s.startswith("@") else new.get(s) for t, s in rule.match}
                shown = {**new, **{k: v for k, v in value.items() if isinstance(v, str)}}
            else:
                resolved = rules.VIEWS[rule.view](value) if rule.view else value
                wanted = {t: resolved if s == "@value" else new.get(s) for t, s in rule.match}
                shown = {**new, "value": value, "resolved": resolved}
            if rule.target == "rest_api_resource":
                ok = self._resource_exists(wanted["rest_api_id"], wanted["id"])
            elif rule.target == "aws_lambda_function":
                ok = self.find_one(rule.target, function_name=wanted["function_name"]) is not None
            else:
                ok = self.find_one(rule.target, **wanted) is not None
            if not ok:
                self._refuse(op, type_name, rule.error, shown, rule.source)

    @staticmethod
    def _refuse(op: str, type_name: str, error: Any, values: dict[str, Any], source: str) -> None:
        action = {"create": "creating", "update": "updating", "delete": "deleting"}[op]
        label = rules.LABELS.get(type_name, type_name)
        raise Refused(f"{action} {label}: {error.render(values)}", source)

    # ------------------------------------------------------------------ applying

    def apply(
        self,
        type_name: str,
        prior: dict[str, Any] | None,
        mint: Callable[[int], dict[str, Any] | None],
    ) -> dict[str, Any] | None:
        """Apply one change; ``mint(attempt)`` gives the new state (attempt > 0 asks for fresh identifiers,
        when the first ones are taken in the account). Raises ``Refused`` when AWS would refuse."""
        with self._transaction(write=True) as data:
            new = mint(0)
            op = "delete" if new is None else ("create" if prior is None else "update")
            subject = prior if op == "delete" else new
            assert subject is not None
            scope = self.scope_of(type_name, subject)
            self._local.scope = scope
            try:
                if op == "create":
                    # An id AWS generates is unique in the account; an id that is the object's name is not
                    # minted again (its natural key rule refuses the duplicate instead).
                    attempt = 0
                    while self._stored(type_name, new) is not None and attempt < 50:
                        attempt += 1
                        again = mint(attempt)
                        assert again is not None
                        if again.get("id") == new.get("id"):
                            break
                        new = again
                if op != "delete":
                    new = self._computed_by_aws(type_name, new, scope)
                self._check(op, type_name, subject if op == "delete" else new, prior)
                by_type = data["objects"].setdefault(scope, {}).setdefault(type_name, {})
                if op == "delete":
                    by_type.pop(self._key(type_name, prior), None)
                    self._cascade(type_name, prior, scope)
                else:
                    if op == "update" and self._key(type_name, prior) != self._key(type_name, new):
                        by_type.pop(self._key(type_name, prior), None)
                    by_type[self._key(type_name, new)] = copy.deepcopy(new)
                self._side_effects(op, type_name, prior, new, scope)
            finally:
                self._local.scope = None
            log = data.setdefault("log", [])
            log.append({"op": op, "type": type_name, "id": str(subject.get("id"))})
            del log[:-LOG_LENGTH]
            return new

    def _computed_by_aws(self, type_name: str, new: dict[str, Any], scope: str) -> dict[str, Any]:
        """Values AWS derives from the account rather than from the request."""
        if type_name == "aws_codedeploy_deployment_group":
            app = self.find_one("aws_codedeploy_app", scope=scope, name=new.get("app_name"))
            return {**new, "compute_platform": (app or {}).get("compute_platform") or "Server"}
        return self._publish_version(type_name, new, scope)

    def _publish_version(self, type_name: str, new: dict[str, Any], scope: str) -> dict[str, Any]:
        """PublishVersion after CreateFunction or an update, with ``publish = true``: the function gets the next
        version number, which keeps a copy of the code and configuration. The provider publishes when the plan left
        ``version`` unknown (``updateComputedAttributesOnPublish``, internal/service/lambda/function.go); the value
        synthesised for an unknown version is ``$LATEST``. Numbers start at 1 and are never reused while the function
        exists (https://docs.aws.amazon.com/lambda/latest/dg/configuration-versions.html)."""
        if type_name != "aws_lambda_function" or new.get("publish") is not True or new.get("version") != "$LATEST":
            return new
        name = str(new["function_name"])
        versions = self._data.setdefault("lambda_versions", {}).setdefault(scope, {})
        record = versions.setdefault(name, {"last": 0, "published": {}})
        record["last"] += 1
        number = str(record["last"])
        arn = str(new["arn"])
        published = {
            **new,
            "version": number,
            "qualified_arn": f"{arn}:{number}",
            "qualified_invoke_arn": str(new["invoke_arn"]).replace(f"{arn}/invocations", f"{arn}:{number}/invocations"),
        }
        record["published"][number] = copy.deepcopy(published)
        return published

    def _stored(self, type_name: str, values: Mapping[str, Any]) -> dict[str, Any] | None:
        scope = self.scope_of(type_name, values)
        return self._data["objects"].get(scope, {}).get(type_name, {}).get(self._key(type_name, values))

    def read(self, type_name: str, state: dict[str, Any]) -> dict[str, Any] | None:
        """What AWS answers for an object Terraform recorded: its current values, or None when it is gone."""
        with self._transaction(write=False):
            stored = self._stored(type_name, state)
            return copy.deepcopy(stored) if stored is not None else None

    def _cascade(self, type_name: str, deleted: dict[str, Any], scope: str) -> None:
        objects = self._data["objects"].get(scope, {})
        for child_type, child_field, parent_field in CASCADES.get(type_name, ()):
            by_type = objects.get(child_type, {})
            for key, child in list(by_type.items()):
                if _field(child, child_field) != deleted.get(parent_field):
                    continue
                if type_name in ("aws_api_gateway_method", "aws_api_gateway_integration") and (
                    child.get("http_method") != deleted.get("http_method")
                    or child.get("rest_api_id") != deleted.get("rest_api_id")
                ):
                    continue
                del by_type[key]
                self._cascade(child_type, child, scope)

    def _side_effects(
        self, op: str, type_name: str, prior: dict[str, Any] | None, new: dict[str, Any] | None, scope: str
    ) -> None:
        data = self._data
        if type_name == "aws_api_gateway_account":
            # 6.x: create/update sends the role (or clears it when unset); delete always resets the account
            # (internal/service/apigateway/account.go; version 6 upgrade guide: reset_on_delete removed).
            role = None if op == "delete" else (new or {}).get("cloudwatch_role_arn") or None
            data["settings"].setdefault(scope, {})["cloudwatch_role_arn"] = role
        elif type_name == "aws_api_gateway_rest_api" and new is not None:
            if op == "create":
                data["roots"][str(new["id"])] = new.get("root_resource_id")
            body = new.get("body")
            if isinstance(body, str) and (op == "create" or body != (prior or {}).get("body")):
                self._put_rest_api(new, body, scope)
        elif type_name in ("aws_api_gateway_deployment", "aws_apigatewayv2_deployment") and op == "create":
            assert new is not None
            rest = type_name == "aws_api_gateway_deployment"
            api_field = "rest_api_id" if rest else "api_id"
            api = new.get(api_field)
            captured = {
                t: [copy.deepcopy(o) for o in self.find(t, scope=scope, **{api_field: api})]
                for t in (REST_SNAPSHOT_TYPES[1:] if rest else V2_SNAPSHOT_TYPES)
            }
            if rest:
                captured["aws_api_gateway_rest_api"] = [
                    copy.deepcopy(o) for o in self.find("aws_api_gateway_rest_api", scope=scope, id=api)
                ]
            data["snapshots"].setdefault(scope, {})[f"{api}/{new['id']}"] = captured
        elif type_name == "aws_lambda_function" and op == "delete":
            assert prior is not None  # DeleteFunction deletes every version; a new function starts again at 1
            data.get("lambda_versions", {}).get(scope, {}).pop(str(prior.get("function_name")), None)
        elif type_name in ("aws_api_gateway_deployment", "aws_apigatewayv2_deployment") and op == "delete":
            assert prior is not None
            api = prior.get("rest_api_id" if type_name == "aws_api_gateway_deployment" else "api_id")
            data["snapshots"].get(scope, {}).pop(f"{api}/{prior['id']}", None)

    def _put_rest_api(self, api: dict[str, Any], body: str, scope: str) -> None:
        """PutRestApi: in overwrite mode (the provider's default) the document replaces the API's definition."""
        try:
            imported = openapi.import_document(openapi.parse(body), api)
        except (openapi.ImportError_, KeyError, TypeError, AttributeError) as err:
            error = rules.AwsError(
                rules.APIGW, "PutRestApi", 400, "BadRequestException", f"Errors found during import: {err}"
            )
            self._refuse("update", "aws_api_gateway_rest_api", error, api, "API Gateway's OpenAPI import")
        objects = self._data["objects"].setdefault(scope, {})
        if (api.get("put_rest_api_mode") or "overwrite") == "overwrite":
            for type_name in imported:
                by_type = objects.get(type_name, {})
                for key in [k for k, o in by_type.items() if o.get("rest_api_id") == api["id"]]:
                    del by_type[key]
        for type_name, items in imported.items():
            by_type = objects.setdefault(type_name, {})
            for item in items:
                by_type[self._key(type_name, item)] = item

    # ------------------------------------------------------------------ what stages serve

    def snapshot(self, region: str, api_id: str, deployment_id: str) -> dict[str, list[dict[str, Any]]] | None:
        """The objects deployment ``deployment_id`` of API ``api_id`` captured when it was created."""
        with self._transaction(write=False) as data:
            found = data["snapshots"].get(region, {}).get(f"{api_id}/{deployment_id}")
            return copy.deepcopy(found) if found is not None else None

    def published_version(self, region: str, function_name: str, version: str) -> dict[str, Any] | None:
        """A published version of a function: its code and configuration when it was published, or None."""
        with self._transaction(write=False):
            found = self.lambda_version(function_name, version, scope=region)
            return copy.deepcopy(found) if found is not None else None

    def objects(self, type_name: str) -> list[dict[str, Any]]:
        """Every object of a type in the account (all regions)."""
        with self._transaction(write=False):
            return [copy.deepcopy(o) for o in self._objects(type_name)]

    def types(self) -> list[str]:
        """The resource types the account holds objects of."""
        with self._transaction(write=False) as data:
            return sorted({t for by_type in data["objects"].values() for t, objs in by_type.items() if objs})

    def calls(self) -> list[dict[str, str]]:
        """The last create/update/delete calls the account answered, oldest first."""
        with self._transaction(write=False) as data:
            return list(data.get("log", []))

    def settings(self, region: str) -> dict[str, Any]:
        with self._transaction(write=False):
            return {"cloudwatch_role_arn": self.cloudwatch_role_arn({"region": region})}
