"""What a REST stage serves: one release per deployment (its resource tree, methods, authorizers, models, validators,
gateway responses, resource policy), built from the deployment's snapshot or, for a state with no account model
behind it, from the state itself."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Method:
    """One ``aws_api_gateway_method`` with its integration and integration responses."""

    verb: str  # GET, POST, ..., ANY
    resource_id: str
    resource_path: str  # the template: /pets/{id}
    values: Mapping[str, Any]
    integration: Mapping[str, Any] | None
    responses: tuple[Mapping[str, Any], ...]

    @property
    def authorization(self) -> str:
        return str(self.values.get("authorization") or "NONE")


@dataclass
class Node:
    """A resource of the tree: ``part`` is its path part (``pets``, ``{id}``, ``{proxy+}``; "" for the root)."""

    id: str
    path: str
    part: str
    children: list[Node] = field(default_factory=list)
    methods: dict[str, Method] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        if self.part.startswith("{") and self.part.endswith("+}"):
            return "greedy"
        if self.part.startswith("{") and self.part.endswith("}"):
            return "variable"
        return "literal"

    @property
    def name(self) -> str:
        return self.part.strip("{}").rstrip("+")

    def match(self, segments: list[str], params: dict[str, str]) -> tuple[Node, dict[str, str]] | None:
        """The most specific resource under this one for ``segments``: literal, then ``{param}``, then greedy.

        A literal that leads nowhere falls back to a ``{param}`` sibling, so ``/a/{x}/c`` still serves ``/a/b/c``
        when ``/a/b`` exists without a ``c`` below it.
        """
        if not segments:
            return self, params
        head, rest = segments[0], segments[1:]
        for kind in ("literal", "variable", "greedy"):
            for child in (c for c in self.children if c.kind == kind):
                if kind == "literal" and child.part != head:
                    continue
                if kind == "greedy":
                    return child, {**params, child.name: "/".join(segments)}
                found = child.match(rest, {**params, child.name: head} if kind == "variable" else params)
                if found is not None:
                    return found
        return None

    def walk(self) -> list[Node]:
        nodes = [self]
        for child in sorted(self.children, key=lambda c: c.path):
            nodes.extend(child.walk())
        return nodes


@dataclass
class Release:
    """What one deployment serves: the resource tree and the API-level objects it captured (or, for a state
    without an account behind it, what the state holds)."""

    id: str
    root: Node
    authorizers: dict[str, Mapping[str, Any]]
    validators: dict[str, Mapping[str, Any]]
    models: dict[str, Mapping[str, Any]]
    gateway_responses: dict[str, Mapping[str, Any]]
    resource_policy: dict[str, Any] | None
    binary_media_types: list[str]
    api_key_source: str
    schema_validators: dict[str, Any] = field(default_factory=dict)  # model name -> validator (validation.py)

    def is_binary(self, content_type: str | None) -> bool:
        """Whether a media type is one of the API's binary media types."""
        if not content_type:
            return False
        media = content_type.split(";")[0].strip().lower()
        return "*/*" in self.binary_media_types or media in self.binary_media_types


def build_release(release_id: str, source: Any, api_id: str, state_api: Mapping[str, Any]) -> Release:
    """The release of one deployment from its snapshot, or from the state (``source``) for a hand-written one."""

    def of(type_name: str) -> list[Mapping[str, Any]]:
        return [r.values for r in source.where(type_name, rest_api_id=api_id)]

    captured = source.where("aws_api_gateway_rest_api", id=api_id)
    api = captured[0].values if captured else state_api
    return Release(
        id=release_id,
        root=_tree(source, api_id, str(api.get("root_resource_id") or state_api.get("root_resource_id") or "")),
        authorizers={str(a["id"]): a for a in of("aws_api_gateway_authorizer")},
        validators={str(v["id"]): v for v in of("aws_api_gateway_request_validator")},
        models={str(m["name"]): m for m in of("aws_api_gateway_model")},
        gateway_responses={str(g["response_type"]): g for g in of("aws_api_gateway_gateway_response")},
        resource_policy=_resource_policy(api, of("aws_api_gateway_rest_api_policy")),
        binary_media_types=[str(t).lower() for t in api.get("binary_media_types") or []],
        api_key_source="AUTHORIZER" if api.get("api_key_source") == "AUTHORIZER" else "HEADER",
    )


def canary_settings(stage: Mapping[str, Any]) -> Mapping[str, Any]:
    """A stage's canary settings ({} without a canary)."""
    settings = stage.get("canary_settings") or []
    return settings[0] if settings else {}


def _tree(source: Any, api_id: str, root_id: str) -> Node:
    root = Node(root_id, "/", "")
    nodes = {root_id: root}
    resources = [r.values for r in source.where("aws_api_gateway_resource", rest_api_id=api_id)]
    for values in resources:
        nodes[str(values["id"])] = Node(str(values["id"]), str(values.get("path") or ""), str(values["path_part"]))
    for values in resources:
        parent = nodes.get(str(values.get("parent_id")))
        if parent is not None:
            parent.children.append(nodes[str(values["id"])])
    for node in root.walk():  # paths from the tree itself (a hand-written state may leave them out)
        for child in node.children:
            child.path = f"{node.path.rstrip('/')}/{child.part}"
    integrations = {
        (i.values.get("resource_id"), i.values.get("http_method")): i.values
        for i in source.where("aws_api_gateway_integration", rest_api_id=api_id)
    }
    responses: dict[tuple[Any, Any], list[Mapping[str, Any]]] = {}
    for response in source.where("aws_api_gateway_integration_response", rest_api_id=api_id):
        key = (response.values.get("resource_id"), response.values.get("http_method"))
        responses.setdefault(key, []).append(response.values)
    for method in source.where("aws_api_gateway_method", rest_api_id=api_id):
        node = nodes.get(str(method.values.get("resource_id")))
        if node is None:
            continue
        verb = str(method.values["http_method"]).upper()
        key = (method.values.get("resource_id"), method.values.get("http_method"))
        node.methods[verb] = Method(
            verb,
            node.id,
            node.path,
            method.values,
            integrations.get(key),
            tuple(sorted(responses.get(key, []), key=lambda r: str(r.get("status_code")))),
        )
    return root


def _resource_policy(api: Mapping[str, Any], attached: list[Mapping[str, Any]]) -> dict[str, Any] | None:
    """The API's resource policy: an ``aws_api_gateway_rest_api_policy``'s, else the API's own ``policy``."""
    for text in [*(p.get("policy") for p in attached), api.get("policy")]:
        if isinstance(text, str) and text.lstrip().startswith("{"):
            return json.loads(text)
    return None
