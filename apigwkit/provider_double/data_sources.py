"""Data sources the provider double computes locally, the way hashicorp/aws 6.x computes them.

``read_data_source(type_name, config, region=..., account_id=...)`` returns the full state
object of a data source this module knows (every attribute of its schema, computed ones
filled), or ``None`` for any other type (the caller then synthesises a generic answer).
Input the real provider rejects at read time raises :class:`DataSourceError`.

Facts this module reproduces (hashicorp/terraform-provider-aws, v6 line):

* ``aws_iam_policy_document`` -- ``internal/service/iam/policy_document_data_source.go`` and
  ``policy_model.go``: the document is built as Go structs and rendered with
  ``json.MarshalIndent(doc, "", "  ")`` (``json``) and ``json.Marshal`` (``minified_json``), so
  key order follows the struct fields (Version, Id, Statement; Sid, Effect, Action, NotAction,
  Resource, NotResource, Principal, NotPrincipal, Condition), empty fields are omitted, maps
  (Principal, Condition) come out with sorted keys, and ``<``, ``>``, ``&`` are escaped as
  ``\\u003c``-style sequences. A set of strings with one element renders as a string, more
  elements render sorted in *reverse* order; condition values keep their order and collapse to a
  string when there is one. Principal blocks are walked in the SDK's set order (sorted by the
  string form of the CRC-32 hash of each block's serialisation), so blocks of one type are
  concatenated in that order. ``id`` is the CRC-32 of the indented JSON
  (``create.StringHashcode``). Merging: ``source_policy_documents`` first (a repeated
  non-empty Sid across them is an error), then the statements of this document, then
  ``override_policy_documents``; a statement with a Sid replaces the earlier one with that Sid.
* ``aws_region`` / ``aws_partition`` / ``aws_default_tags`` -- ``internal/service/meta``; region
  names, descriptions and partitions come from botocore's ``endpoints.json``, the same
  partition data the provider's endpoint package is generated from.
* ``aws_caller_identity`` -- the fixed identity of the double (the AWS STS documentation's
  ``GetCallerIdentity`` example user).
* ``aws_availability_zones`` -- ``internal/service/ec2/ec2_availability_zones_data_source.go``:
  zones sorted by name, ``exclude_names`` / ``exclude_zone_ids`` applied, ``id`` = the region.
"""

from __future__ import annotations

import fnmatch
import json
import re
import zlib
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from typing import Any

from apigwkit.provider_double.botocore_models import botocore_loader
from apigwkit.provider_double.golang import (
    JSONPairs,
    json_fold_fields,
    json_kind,
    json_marshal,
    json_normalize,
    json_plain,
    json_syntax_message,
    type_name,
)
from apigwkit.provider_double.values import UNKNOWN, has_unknown

__all__ = ["DataSourceError", "read_data_source", "sdk_set_order"]


class DataSourceError(Exception):
    """A read the real provider fails, with its diagnostic (summary, detail, attribute path)."""

    def __init__(self, summary: str, detail: str = "", path: tuple[str | int, ...] = ()) -> None:
        super().__init__(summary)
        self.summary = summary
        self.detail = detail
        self.path = path


# --------------------------------------------------------------------------------------------
# The SDK's hash codes and set order
# --------------------------------------------------------------------------------------------


def string_hashcode(text: str) -> int:
    """``create.StringHashcode`` / SDK ``hashcode.String``: CRC-32 (IEEE) as a non-negative int."""
    return zlib.crc32(text.encode("utf-8"))


def sdk_set_order(items: Iterable[Any], serialize: Callable[[Any], str]) -> list[Any]:
    """Elements of an SDKv2 ``schema.Set`` in ``Set.List()`` order, duplicates removed.

    The set is keyed by ``strconv.Itoa(hash)`` and ``List()`` sorts those keys as *strings*.
    """
    by_code: dict[str, Any] = {}
    for item in items:
        by_code.setdefault(str(string_hashcode(serialize(item))), item)
    return [by_code[code] for code in sorted(by_code)]


def _serialize_string_set(values: Iterable[str]) -> str:
    # SerializeValueForHash of a TypeSet of TypeString: "{" + "v;" per element (in set order) + "}"
    ordered = sdk_set_order(values, lambda v: v + ";")
    return "{" + "".join(v + ";" for v in ordered) + "};"


def _serialize_principal(block: Mapping[str, Any]) -> str:
    # SerializeResourceForHash: schema keys sorted ("identifiers", "type"), each "key:" + value.
    return "identifiers:" + _serialize_string_set(block["identifiers"]) + "type:" + block["type"] + ";"


def _serialize_condition(block: Mapping[str, Any]) -> str:
    # Keys sorted: "test", "values" (TypeList: "(" + "v;"... + ")"), "variable".
    values = "(" + "".join(v + ";" for v in block["values"]) + ");"
    return "test:" + block["test"] + ";values:" + values + "variable:" + block["variable"] + ";"


# --------------------------------------------------------------------------------------------
# aws_iam_policy_document
# --------------------------------------------------------------------------------------------

_DOC_FIELDS = ("Version", "Id", "Statement")
_STATEMENT_FIELDS = (
    "Sid",
    "Effect",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Principal",
    "NotPrincipal",
    "Condition",
)
_VERSION_2008 = "2008-10-17"


class _Principal:
    __slots__ = ("type", "identifiers")

    def __init__(self, type_: str, identifiers: str | list[str]) -> None:
        self.type = type_
        self.identifiers = identifiers


class _Condition:
    __slots__ = ("test", "variable", "values")

    def __init__(self, test: str, variable: str, values: str | list[str]) -> None:
        self.test = test
        self.variable = variable
        self.values = values


class _Statement:
    """``iamPolicyStatement``: ``actions`` etc. hold a str, a list of str, or decoded JSON."""

    def __init__(self) -> None:
        self.sid = ""
        self.effect = ""
        self.fields: dict[str, Any] = {}  # Action/NotAction/Resource/NotResource -> value
        self.principals: list[_Principal] = []
        self.not_principals: list[_Principal] = []
        self.conditions: list[_Condition] = []


class _Doc:
    def __init__(self, version: str = "", id_: str = "") -> None:
        self.version = version
        self.id = id_
        self.statements: list[_Statement] = []

    def merge(self, new: _Doc) -> None:
        if new.id:
            self.id = new.id
        if new.version > self.version:
            self.version = new.version
        for statement in new.statements:
            if not statement.sid:
                self.statements.append(statement)
                continue
            for index, existing in enumerate(self.statements):
                if existing.sid == statement.sid:
                    self.statements[index] = statement
                    break
            else:
                self.statements.append(statement)


def _principal_set_json(principals: list[_Principal]) -> Any:
    """``iamPolicyStatementPrincipalSet.MarshalJSON``."""
    if len(principals) == 1 and principals[0].type == "*":
        ids = principals[0].identifiers
        if ids == "*" or (isinstance(ids, list) and ids == ["*"]):
            return "*"
    raw: dict[str, Any] = {}
    for principal in principals:
        ids = principal.identifiers
        current = raw.get(principal.type)
        if isinstance(ids, list):
            if current is None:
                current = []
            elif isinstance(current, str):
                current = [current]
            raw[principal.type] = current + sorted(ids, reverse=True)
        elif current is None:
            raw[principal.type] = ids
        elif isinstance(current, str):
            raw[principal.type] = [current, ids]
        else:
            raw[principal.type] = current + [ids]
    return {key: raw[key] for key in sorted(raw)}


def _condition_set_json(conditions: list[_Condition]) -> Any:
    """``iamPolicyStatementConditionSet.MarshalJSON``."""
    raw: dict[str, dict[str, list[str]]] = {}
    for condition in conditions:
        values = raw.setdefault(condition.test, {}).setdefault(condition.variable, [])
        if isinstance(condition.values, list):
            values.extend(condition.values)
        else:
            values.append(condition.values)
    out: dict[str, Any] = {}
    for test in sorted(raw):
        out[test] = {}
        for variable in sorted(raw[test]):
            items = raw[test][variable]
            out[test][variable] = items[0] if len(items) == 1 else items
    return out


def _statement_json(statement: _Statement) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if statement.sid:
        out["Sid"] = statement.sid
    if statement.effect:
        out["Effect"] = statement.effect
    for field in ("Action", "NotAction", "Resource", "NotResource"):
        if statement.fields.get(field) is not None:
            out[field] = json_normalize(statement.fields[field])
    if statement.principals:
        out["Principal"] = _principal_set_json(statement.principals)
    if statement.not_principals:
        out["NotPrincipal"] = _principal_set_json(statement.not_principals)
    if statement.conditions:
        out["Condition"] = _condition_set_json(statement.conditions)
    return out


def _doc_json(doc: _Doc) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if doc.version:
        out["Version"] = doc.version
    if doc.id:
        out["Id"] = doc.id
    if doc.statements:
        out["Statement"] = [_statement_json(s) for s in doc.statements]
    return out


# -- decoding a JSON document the way json.Unmarshal fills iamPolicyDoc ---------------------


class _DecodeError(Exception):
    pass


def _decode_string_field(value: Any, struct: str, field: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _DecodeError(
            f"json: cannot unmarshal {json_kind(value)} into Go struct field {struct}.{field} of type string"
        )
    return value


def _decode_principals(value: Any) -> list[_Principal]:
    value = json_plain(value)
    if isinstance(value, str):
        return [_Principal("*", ["*"])]
    if not isinstance(value, dict):
        raise _DecodeError(f"Unsupported data type {type_name(value)} for IAMPolicyStatementPrincipalSet")
    out: list[_Principal] = []
    for key, item in value.items():
        if isinstance(item, str):
            out.append(_Principal(key, item))
        elif isinstance(item, list):
            identifiers: list[str] = []
            for index, element in enumerate(item):
                if not isinstance(element, str):
                    raise _DecodeError(
                        f"Unsupported element type {type_name(element)} for "
                        f"IAMPolicyStatementPrincipalSet.Identifiers[{index}] (principal type "
                        f"{json.dumps(key)}): must be string"
                    )
                identifiers.append(element)
            out.append(_Principal(key, sorted(identifiers)))
        else:
            raise _DecodeError(
                f"Unsupported data type {type_name(item)} for IAMPolicyStatementPrincipalSet.Identifiers"
            )
    return out


def _decode_conditions(value: Any) -> list[_Condition]:
    value = json_plain(value)
    if value is None:
        return []
    if not isinstance(value, dict):
        raise _DecodeError(
            f"json: cannot unmarshal {json_kind(value)} into Go value of type map[string]map[string]interface {{}}"
        )
    out: list[_Condition] = []
    for test, variables in value.items():
        if variables is None:
            continue
        if not isinstance(variables, dict):
            raise _DecodeError(
                f"json: cannot unmarshal {json_kind(variables)} into Go value of type map[string]interface {{}}"
            )
        for variable, values in variables.items():
            if isinstance(values, str):
                out.append(_Condition(test, variable, [values]))
            elif isinstance(values, bool):
                out.append(_Condition(test, variable, "true" if values else "false"))
            elif isinstance(values, list):
                if not all(isinstance(v, str) for v in values):
                    raise _DecodeError("interface conversion: interface {} is not string")
                out.append(_Condition(test, variable, list(values)))
            # numbers, null and objects are dropped, as the provider's switch has no case for them
    return out


def _decode_statement(pairs: Any) -> _Statement:
    if not isinstance(pairs, JSONPairs):
        kind = "null" if pairs is None else json_kind(json_plain(pairs))
        if kind == "null":
            raise _DecodeError("invalid memory address or nil pointer dereference")
        raise _DecodeError(
            f"json: cannot unmarshal {kind} into Go struct field iamPolicyDoc.Statement of type iam.iamPolicyStatement"
        )
    fields = json_fold_fields(pairs, _STATEMENT_FIELDS)
    statement = _Statement()
    statement.sid = _decode_string_field(fields.get("Sid"), "iamPolicyStatement", "Statement.Sid")
    statement.effect = _decode_string_field(fields.get("Effect"), "iamPolicyStatement", "Statement.Effect")
    for name in ("Action", "NotAction", "Resource", "NotResource"):
        if name in fields:
            statement.fields[name] = json_plain(fields[name])
    if "Principal" in fields:
        statement.principals = _decode_principals(fields["Principal"])
    if "NotPrincipal" in fields:
        statement.not_principals = _decode_principals(fields["NotPrincipal"])
    if "Condition" in fields:
        statement.conditions = _decode_conditions(fields["Condition"])
    return statement


def _unmarshal_doc(text: str) -> _Doc:
    syntax = json_syntax_message(text)
    if syntax is not None:
        raise _DecodeError(syntax)
    decoded = json.loads(text, object_pairs_hook=JSONPairs)
    doc = _Doc()
    if decoded is None:
        return doc
    if not isinstance(decoded, JSONPairs):
        raise _DecodeError(f"json: cannot unmarshal {json_kind(decoded)} into Go value of type iam.iamPolicyDoc")
    fields = json_fold_fields(decoded, _DOC_FIELDS)
    doc.version = _decode_string_field(fields.get("Version"), "iamPolicyDoc", "Version")
    doc.id = _decode_string_field(fields.get("Id"), "iamPolicyDoc", "Id")
    statements = fields.get("Statement")
    if statements is not None:
        if isinstance(statements, JSONPairs) or not isinstance(statements, list):
            raise _DecodeError(
                f"json: cannot unmarshal {json_kind(json_plain(statements))} into Go struct field "
                "iamPolicyDoc.Statement of type []*iam.iamPolicyStatement"
            )
        doc.statements = [_decode_statement(item) for item in statements]
    return doc


# -- building a document from configuration -------------------------------------------------


def _strings(value: Any) -> list[str]:
    return [] if value is None else [str(v) for v in value]


def _decode_config_strings(values: list[str]) -> str | list[str]:
    """``policyDecodeConfigStrings``: one element as a string, else sorted in reverse."""
    if len(values) == 1:
        return values[0]
    return sorted(values, reverse=True)


def _replace_vars(value: str | list[str], version: str) -> str | list[str]:
    items = [value] if isinstance(value, str) else value
    for item in items:
        if version == _VERSION_2008 and "&{" in item:
            raise _DecodeError(
                f"found &{{ sequence in ({item}), which is not supported in document version {_VERSION_2008}"
            )
    if isinstance(value, str):
        return value.replace("&{", "${")
    return [item.replace("&{", "${") for item in value]


def _config_principals(blocks: Any, version: str) -> list[_Principal]:
    normalized = [
        {"type": str(block.get("type") or ""), "identifiers": _strings(block.get("identifiers"))}
        for block in (blocks or [])
        if block is not None
    ]
    out: list[_Principal] = []
    for block in sdk_set_order(normalized, _serialize_principal):
        ids = sdk_set_order(block["identifiers"], lambda v: v + ";")
        try:
            identifiers = _replace_vars(_decode_config_strings(ids), version)
        except _DecodeError as err:
            raise _DecodeError(f"reading identifiers: {err}") from None
        out.append(_Principal(block["type"], identifiers))
    return out


def _config_conditions(blocks: Any, version: str) -> list[_Condition]:
    normalized = [
        {
            "test": str(block.get("test") or ""),
            "variable": str(block.get("variable") or ""),
            "values": ["" if v is None else str(v) for v in (block.get("values") or [])],
        }
        for block in (blocks or [])
        if block is not None
    ]
    out: list[_Condition] = []
    for block in sdk_set_order(normalized, _serialize_condition):
        try:
            values = _replace_vars(list(block["values"]), version)
        except _DecodeError as err:
            raise _DecodeError(f"reading values: {err}") from None
        if isinstance(values, list) and len(values) == 1:
            values = values[0]
        out.append(_Condition(block["test"], block["variable"], values))
    return out


def _config_statement(config: Mapping[str, Any], version: str) -> _Statement:
    statement = _Statement()
    effect = config.get("effect")
    statement.effect = "Allow" if effect is None else str(effect)
    statement.sid = str(config.get("sid") or "")
    for attribute, field, replace in (
        ("actions", "Action", False),
        ("not_actions", "NotAction", False),
        ("resources", "Resource", True),
        ("not_resources", "NotResource", True),
    ):
        values = _strings(config.get(attribute))
        if values:
            value = _decode_config_strings(values)
            if replace:
                try:
                    value = _replace_vars(value, version)
                except _DecodeError as err:
                    raise _DecodeError(f"reading {attribute}: {err}") from None
            statement.fields[field] = value
    for attribute in ("principals", "not_principals"):
        try:
            principals = _config_principals(config.get(attribute), version)
        except _DecodeError as err:
            raise _DecodeError(f"reading {attribute}: {err}") from None
        setattr(statement, attribute, principals)
    try:
        statement.conditions = _config_conditions(config.get("condition"), version)
    except _DecodeError as err:
        raise _DecodeError(f"reading condition: {err}") from None
    return statement


def _documents(value: Any) -> list[str]:
    # A null or empty element is skipped, as the acceptance tests show ([""] reads fine).
    return [doc for doc in (value or []) if doc]


def _iam_policy_document(config: Mapping[str, Any]) -> dict[str, Any]:
    version = config.get("version") or "2012-10-17"
    state: dict[str, Any] = {
        "id": None,
        "json": None,
        "minified_json": None,
        "override_json": config.get("override_json"),
        "override_policy_documents": config.get("override_policy_documents"),
        "policy_id": config.get("policy_id"),
        "source_json": config.get("source_json"),
        "source_policy_documents": config.get("source_policy_documents"),
        "statement": [
            {**stmt, "effect": "Allow" if stmt.get("effect") is None else stmt["effect"]}
            for stmt in (config.get("statement") or [])
            if stmt is not None
        ],
        "version": version,
    }
    if has_unknown(config):
        state.update(id=UNKNOWN, json=UNKNOWN, minified_json=UNKNOWN)
        return state

    merged = _Doc()
    seen_sids: set[str] = set()
    for index, source in enumerate(_documents(config.get("source_policy_documents"))):
        try:
            source_doc = _unmarshal_doc(source)
        except _DecodeError as err:
            raise DataSourceError(f"writing IAM Policy Document: merging source document {index}: {err}") from None
        for statement_index, statement in enumerate(source_doc.statements):
            if statement.sid:
                if statement.sid in seen_sids:
                    raise DataSourceError(
                        f"writing IAM Policy Document: merging source document {index}: duplicate Sid "
                        f"({statement.sid}) in source_policy_documents (statement {statement_index}). "
                        "Remove the Sid or ensure Sids are unique."
                    )
                seen_sids.add(statement.sid)
        merged.merge(source_doc)

    doc = _Doc(version=version, id_=config.get("policy_id") or "")
    statement_sids: set[str] = set()
    for statement_config in config.get("statement") or []:
        if statement_config is None:
            continue
        sid = str(statement_config.get("sid") or "")
        if sid in statement_sids:
            raise DataSourceError(
                f"writing IAM Policy Document: duplicate Sid ({sid}). Remove the Sid or ensure the Sid is unique."
            )
        if sid:
            statement_sids.add(sid)
        try:
            doc.statements.append(_config_statement(statement_config, version))
        except _DecodeError as err:
            raise DataSourceError(str(err)) from None
    merged.merge(doc)

    for index, override in enumerate(_documents(config.get("override_policy_documents"))):
        try:
            merged.merge(_unmarshal_doc(override))
        except _DecodeError as err:
            raise DataSourceError(f"writing IAM Policy Document: merging override document {index}: {err}") from None

    try:
        rendered = _doc_json(merged)
        indented = json_marshal(rendered, indent=True)
    except ValueError as err:  # encoding/json refuses NaN and infinities
        raise DataSourceError(f"writing IAM Policy Document: formatting JSON: {err}") from None
    state["json"] = indented
    state["minified_json"] = json_marshal(rendered, indent=False)
    state["id"] = str(string_hashcode(indented))
    return state


# --------------------------------------------------------------------------------------------
# Regions, partitions, identity, zones
# --------------------------------------------------------------------------------------------


@cache
def _partitions() -> list[dict[str, Any]]:
    return list(botocore_loader().load_data("endpoints")["partitions"])


def _find_partition(region: str) -> dict[str, Any] | None:
    for partition in _partitions():
        if region in partition.get("regions", {}):
            return partition
    return None


def _partition_for(region: str) -> dict[str, Any]:
    found = _find_partition(region)
    if found is not None:
        return found
    for partition in _partitions():
        if re.match(partition["regionRegex"], region):
            return partition
    return _partitions()[0]


def _ec2_endpoint(region: str) -> str:
    return f"ec2.{region}.{_partition_for(region)['dnsSuffix']}"


def _region(config: Mapping[str, Any], region: str) -> dict[str, Any]:
    found: str | None = None
    endpoint = config.get("endpoint")
    if endpoint is not None:
        for partition in _partitions():
            for name in partition.get("regions", {}):
                if f"ec2.{name}.{partition['dnsSuffix']}" == endpoint:
                    found = name
                    break
            if found:
                break
        if found is None:
            raise DataSourceError(f"finding Region by endpoint ({endpoint})", "couldn't find resource")
    name = config.get("region") if config.get("region") is not None else config.get("name")
    if name:
        if _find_partition(name) is None:
            raise DataSourceError(f"finding Region by name ({name})", "couldn't find resource")
        if found is not None and found != name:
            raise DataSourceError(
                "multiple Regions matched", "use additional constraints to reduce matches to a single Region"
            )
        found = name
    if found is None:
        if _find_partition(region) is None:
            raise DataSourceError(f"finding Region by name ({region})", "couldn't find resource")
        found = region
    partition = _partition_for(found)
    return {
        "description": partition["regions"][found]["description"],
        "endpoint": _ec2_endpoint(found),
        "id": found,
        "name": found,
        "region": found,
    }


def _partition(region: str) -> dict[str, Any]:
    partition = _partition_for(region)
    suffix = partition["dnsSuffix"]
    return {
        "dns_suffix": suffix,
        "id": partition["partition"],
        "partition": partition["partition"],
        "reverse_dns_prefix": ".".join(reversed(suffix.split("."))),
    }


# The user of the AWS STS GetCallerIdentity documentation example.
CALLER_USER_NAME = "DevAdmin"
CALLER_USER_ID = "AIDASAMPLEUSERID"


def _caller_identity(region: str, account_id: str) -> dict[str, Any]:
    partition = _partition_for(region)["partition"]
    return {
        "account_id": account_id,
        "arn": f"arn:{partition}:iam::{account_id}:user/{CALLER_USER_NAME}",
        "id": account_id,
        "user_id": CALLER_USER_ID,
    }


_DIRECTION_CODES = {
    "north": "n",
    "south": "s",
    "east": "e",
    "west": "w",
    "central": "c",
    "northeast": "ne",
    "northwest": "nw",
    "southeast": "se",
    "southwest": "sw",
}


def zone_id_prefix(region: str) -> str:
    """``us-east-1`` -> ``use1``, ``ap-northeast-2`` -> ``apne2`` (AWS's AZ-ID naming)."""
    parts = region.split("-")
    if len(parts) < 3:
        return region.replace("-", "")
    middle = "".join(_DIRECTION_CODES.get(part, part[:1]) for part in parts[1:-1])
    return parts[0] + middle + parts[-1]


_ZONE_FILTERS: dict[str, Callable[[Mapping[str, str]], str]] = {
    "zone-name": lambda z: z["name"],
    "zone-id": lambda z: z["zone_id"],
    "state": lambda z: z["state"],
    "region-name": lambda z: z["region"],
    "group-name": lambda z: z["group"],
    "zone-type": lambda z: "availability-zone",
    "opt-in-status": lambda z: "opt-in-not-required",
}


def _availability_zones(config: Mapping[str, Any], region: str) -> dict[str, Any]:
    region = config.get("region") or region
    prefix = zone_id_prefix(region)
    zones = [
        {
            "name": f"{region}{letter}",
            "zone_id": f"{prefix}-az{n}",
            "state": "available",
            "region": region,
            "group": region,
        }
        for n, letter in enumerate("abc", start=1)
    ]
    conditions: list[tuple[str, list[str]]] = []
    if config.get("state"):
        conditions.append(("state", [config["state"]]))
    for block in config.get("filter") or []:
        conditions.append((block.get("name"), list(block.get("values") or [])))
    for filter_name, values in conditions:
        if filter_name not in _ZONE_FILTERS:
            raise DataSourceError(
                "fetching Availability Zones: operation error EC2: DescribeAvailabilityZones, api error "
                f"InvalidParameterValue: The filter '{filter_name}' is invalid"
            )
        getter = _ZONE_FILTERS[filter_name]
        zones = [z for z in zones if any(fnmatch.fnmatchcase(getter(z), v) for v in values)]
    excluded_names = set(config.get("exclude_names") or [])
    excluded_ids = set(config.get("exclude_zone_ids") or [])
    zones = sorted(
        (z for z in zones if z["name"] not in excluded_names and z["zone_id"] not in excluded_ids),
        key=lambda z: z["name"],
    )
    return {
        "all_availability_zones": config.get("all_availability_zones"),
        "exclude_names": config.get("exclude_names"),
        "exclude_zone_ids": config.get("exclude_zone_ids"),
        "filter": list(config.get("filter") or []),
        "group_names": sorted({z["group"] for z in zones}),
        "id": region,
        "names": [z["name"] for z in zones],
        "region": region,
        "state": config.get("state"),
        "timeouts": config.get("timeouts"),
        "zone_ids": [z["zone_id"] for z in zones],
    }


def read_data_source(type_name: str, config: dict[str, Any], *, region: str, account_id: str) -> dict[str, Any] | None:
    """The state the real provider would read for ``type_name``, or ``None`` if not computed here."""
    config = config or {}
    if type_name == "aws_iam_policy_document":
        return _iam_policy_document(config)
    if type_name == "aws_region":
        return _region(config, region)
    if type_name == "aws_partition":
        return _partition(region)
    if type_name == "aws_caller_identity":
        return _caller_identity(region, account_id)
    if type_name == "aws_availability_zones":
        return _availability_zones(config, region)
    if type_name == "aws_default_tags":
        return {"id": _partition_for(region)["partition"], "tags": {}}
    return None
