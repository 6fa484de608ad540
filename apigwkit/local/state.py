"""What the local gateway serves: an example applied to the provider double, read back as state.

The gateway never reads HCL. It applies the example with the offline engine (the same double the tests use)
and serves what the state says: the APIs, routes, integrations, authorizers, stages and Lambda functions as
Terraform recorded them, so a route that exists locally is one that `terraform apply` would create.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from apigwkit.engine.workspace import Workspace
from apigwkit.provider_double.account import openapi


@dataclass(frozen=True)
class Resource:
    """One managed resource of the applied state."""

    address: str
    type: str
    name: str
    values: Mapping[str, Any]

    def first(self, block: str) -> Mapping[str, Any]:
        """The single nested block ``block`` (Terraform stores it as a one-element list), or {}."""
        value = self.values.get(block) or []
        return value[0] if value else {}


class Snapshot:
    """A deployment's captured objects, read like a state (``where``)."""

    def __init__(self, captured: Mapping[str, list[Mapping[str, Any]]]) -> None:
        self._captured = captured

    def where(self, type_name: str, **match: Any) -> list[Resource]:
        return [
            Resource(f"{type_name}.snapshot", type_name, "snapshot", values)
            for values in self._captured.get(type_name, [])
            if all(values.get(k) == v for k, v in match.items())
        ]


def _walk(module: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    yield from module.get("resources", [])
    for child in module.get("child_modules", []):
        yield from _walk(child)


class Deployment:
    """An applied state (``terraform show -json``) and the directory Terraform ran in."""

    def __init__(self, state: Mapping[str, Any], workdir: Path, workspace: Workspace | None = None) -> None:
        values = state.get("values") or {}
        self.workdir = workdir
        self.outputs = {k: v["value"] for k, v in (values.get("outputs") or {}).items()}
        self.resources = [
            Resource(r["address"], r["type"], r["name"], r.get("values") or {})
            for r in _walk(values.get("root_module") or {})
            if r.get("mode", "managed") == "managed"
        ]
        self._workspace = workspace

    @classmethod
    def apply(
        cls,
        example: Path,
        variables: Mapping[str, Any] | None = None,
        *,
        base: Path | None = None,
        account_preset: str | None = None,
    ) -> Deployment:
        """Apply ``example`` to the provider double in a private workspace and read the state back.

        ``account_preset``: the AWS account the example is applied to, ``fresh`` or ``configured`` (its
        API Gateway CloudWatch Logs role set); by default as ``APIGWKIT_ACCOUNT`` says, else fresh."""
        if base is not None:
            base.mkdir(parents=True, exist_ok=True)
        workspace = Workspace(example.resolve(), base=base, account_preset=account_preset)
        try:
            workspace.apply(variables)
            return cls(workspace.state(), workspace.dir, workspace)
        except BaseException:
            workspace.cleanup()
            raise

    @classmethod
    def from_file(cls, path: Path, workdir: Path) -> Deployment:
        """A state saved with ``terraform show -json`` (``workdir``: where relative file names resolve)."""
        return cls(json.loads(path.read_text()), workdir)

    def resources_of(self, type_name: str) -> list[Resource]:
        return [r for r in self.resources if r.type == type_name]

    def where(self, type_name: str, **match: Any) -> list[Resource]:
        """Resources of ``type_name`` whose values equal every ``match`` (``where(type, api_id=...)``)."""
        return [r for r in self.resources_of(type_name) if all(r.values.get(k) == v for k, v in match.items())]

    def of_api(self, type_name: str, api: Resource) -> list[Resource]:
        """The ``type_name`` objects (routes, integrations, authorizers) of an HTTP API: the state's, and
        those its OpenAPI ``body`` creates. API Gateway imports a body into such objects; the state holds only the body
        (``aws_apigatewayv2_api`` is how its cors_configuration is read: the document's, when it sets one)."""
        found = [] if type_name == "aws_apigatewayv2_api" else self.where(type_name, api_id=api.values.get("id"))
        body = api.values.get("body")
        if not isinstance(body, str) or not body.strip():
            return found
        try:
            imported = openapi.import_http_document(openapi.parse(body), dict(api.values))
        except (openapi.ImportError_, KeyError, TypeError, AttributeError) as error:
            raise ValueError(f"{api.address}: API Gateway could not import its OpenAPI body: {error}") from None
        return found + [Resource(f"{api.address}.body", type_name, "body", v) for v in imported.get(type_name, [])]

    def snapshot(self, region: str, api_id: str, deployment_id: str) -> Snapshot | None:
        """What deployment ``deployment_id`` of REST API ``api_id`` serves: the objects it captured when it was
        created (the account the example was applied to keeps them). None without an account (a saved state)."""
        if self.account is None:
            return None
        captured = self.account.snapshot(region, api_id, deployment_id)
        return None if captured is None else Snapshot(captured)

    @property
    def workspace(self) -> Workspace | None:
        """The workspace the example was applied in (None for a saved state): a later apply there changes what the
        account serves (a new Lambda version, an alias CodeDeploy shifts)."""
        return self._workspace

    @property
    def account(self) -> Any:
        """The account model the example was applied to, or None (a saved state, or the real provider)."""
        if self._workspace is None or self._workspace.mode != "double":
            return None
        return self._workspace.account

    def close(self) -> None:
        if self._workspace is not None:
            self._workspace.cleanup()
            self._workspace = None
