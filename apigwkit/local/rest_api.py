"""A REST API (API Gateway v1, ``aws_api_gateway_rest_api``) served from the applied state.

What it does, in the order API Gateway does it: the stage (``/<stage>/...``; an unknown stage is 403 Forbidden),
the resource tree (at each level a literal part over ``{param}`` over a greedy ``{proxy+}``) and the method (its
verb over ``ANY``; no match is the famous 403 "Missing Authentication Token"), stage and method throttling,
authorization (Lambda TOKEN and REQUEST authorizers answering with an IAM policy, with their result cache; Cognito
user pools), the API key and its usage plan (throttle and quota), request validation (required parameters, the body
against the method's JSON Schema model), the stage cache, then the integration: Lambda proxy (``AWS_PROXY``),
Lambda behind mapping templates (``AWS``, rendered by ``apigwkit.vtl``, integration responses picked by
``selection_pattern``), ``MOCK``, and ``HTTP``/``HTTP_PROXY`` to this machine only. Errors of the gateway's own go
through the API's gateway responses. One access-log line per request, in the stage's own format.
"""

from __future__ import annotations

import asyncio
import base64
import fnmatch
import json
import logging
import random
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit

import aiohttp
import jwt
from aiohttp import web
from jsonschema import Draft4Validator
from jsonschema.exceptions import SchemaError
from multidict import CIMultiDict
from referencing import Registry
from referencing.jsonschema import DRAFT4

from apigwkit.local.common import (
    AccessLog,
    SignatureError,
    Throttles,
    extended_request_id,
    invoke_within,
    policy_verdict,
    positive,
    request_id,
    request_time,
    resource_policy_decision,
    verify_sigv4,
)
from apigwkit.local.http_api import IssuerMap, default_issuers
from apigwkit.local.state import Deployment, Resource
from apigwkit.vtl import InvalidJsonError, MappingTemplateError, render, select_integration_response

logger = logging.getLogger(__name__)

DEFAULT_INTEGRATION_TIMEOUT_MS = 29_000  # REST API's default (and, for edge/regional APIs, usual maximum)
DEFAULT_CACHE_TTL_SECONDS = 300
MAX_CACHE_TTL_SECONDS = 3600
MAX_CACHED_RESPONSE_BYTES = 1_048_576  # "The maximum size of a response that can be cached"
DEFAULT_AUTHORIZER_TTL_SECONDS = 300
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
HOP_BY_HOP = frozenset(
    {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer", "trailers",
     "transfer-encoding", "upgrade", "host", "content-length"}
)  # fmt: skip
# A REST Lambda proxy answer has exactly these keys; anything else is a "Malformed Lambda proxy response" (502).
PROXY_RESPONSE_KEYS = frozenset({"statusCode", "headers", "multiValueHeaders", "body", "isBase64Encoded"})
INTERNAL_ERROR = "Internal server error"

# API Gateway's built-in models, used when the state defines none of that name.
BUILT_IN_MODELS: dict[str, dict[str, Any]] = {
    "Empty": {"$schema": "http://json-schema.org/draft-04/schema#", "title": "Empty Schema", "type": "object"},
    "Error": {
        "$schema": "http://json-schema.org/draft-04/schema#",
        "title": "Error Schema",
        "type": "object",
        "properties": {"message": {"type": "string"}},
    },
}


@dataclass(frozen=True)
class ResponseType:
    """A gateway response type: its default status and the ``x-amzn-ErrorType`` API Gateway sends with it."""

    status: int
    error_type: str | None = None


# "Gateway response types for API Gateway" (default status codes).
GATEWAY_RESPONSE_TYPES: dict[str, ResponseType] = {
    "ACCESS_DENIED": ResponseType(403, "AccessDeniedException"),
    "API_CONFIGURATION_ERROR": ResponseType(500, "InternalServerErrorException"),
    "AUTHORIZER_CONFIGURATION_ERROR": ResponseType(500, "AuthorizerConfigurationException"),
    "AUTHORIZER_FAILURE": ResponseType(500, "AuthorizerFailureException"),
    "BAD_REQUEST_PARAMETERS": ResponseType(400, "BadRequestException"),
    "BAD_REQUEST_BODY": ResponseType(400, "BadRequestException"),
    "DEFAULT_4XX": ResponseType(400),
    "DEFAULT_5XX": ResponseType(500, "InternalServerErrorException"),
    "EXPIRED_TOKEN": ResponseType(403),
    "INTEGRATION_FAILURE": ResponseType(504),
    "INTEGRATION_TIMEOUT": ResponseType(504, "InternalServerErrorException"),
    "INVALID_API_KEY": ResponseType(403, "ForbiddenException"),
    "INVALID_SIGNATURE": ResponseType(403),
    "MISSING_AUTHENTICATION_TOKEN": ResponseType(403, "MissingAuthenticationTokenException"),
    "QUOTA_EXCEEDED": ResponseType(429, "LimitExceededException"),
    "REQUEST_TOO_LARGE": ResponseType(413),
    "RESOURCE_NOT_FOUND": ResponseType(404),
    "THROTTLED": ResponseType(429, "TooManyRequestsException"),
    "UNAUTHORIZED": ResponseType(401, "UnauthorizedException"),
    "UNSUPPORTED_MEDIA_TYPE": ResponseType(415, "UnsupportedMediaTypeException"),
    "WAF_FILTERED": ResponseType(403),
}
DEFAULT_GATEWAY_TEMPLATE = '{"message":$context.error.messageString}'
# What AWS answers when a Lambda authorizer's policy refuses the method: note the capital M.
POLICY_DENIED_TEMPLATE = '{"Message":$context.error.messageString}'


class GatewayError(Exception):
    """The gateway answers itself (a gateway response of ``response_type``) instead of the integration."""

    def __init__(
        self,
        response_type: str,
        message: str | None,
        *,
        status: int | None = None,
        detail: str | None = None,
        validation: str | None = None,
        template: str = DEFAULT_GATEWAY_TEMPLATE,
    ) -> None:
        super().__init__(detail or message or response_type)
        self.response_type, self.message, self.status = response_type, message, status
        self.detail, self.validation, self.template = detail, validation, template


# --------------------------------------------------------------------------- the resource tree


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


# --------------------------------------------------------------------------- requests


@dataclass
class Incoming:
    """One request as the gateway sees it, and what the access log will say about it."""

    method: str
    path: str  # decoded, without the stage prefix: /pets/7
    raw_query: str
    headers: CIMultiDict[str]
    body: bytes
    source_ip: str
    stage: str
    raw_path: str = ""  # as the client sent it (what a SigV4 signature covers)
    started: float = field(default_factory=time.time)
    request_id: str = field(default_factory=request_id)
    extended_request_id: str = field(default_factory=extended_request_id)
    iam_access_key: str | None = None  # the caller of an AWS_IAM method whose signature verified
    resource_path: str | None = None
    resource_id: str | None = None
    path_params: dict[str, str] = field(default_factory=dict)
    authorizer: dict[str, Any] | None = None
    usage_identifier_key: str | None = None  # the key a Lambda authorizer named (api_key_source AUTHORIZER)
    api_key: str | None = None
    api_key_id: str | None = None
    release: Release | None = None  # the deployment this request is served from (the stage's, or its canary's)
    canary: bool = False
    log: dict[str, Any] = field(default_factory=dict)

    @property
    def query(self) -> list[tuple[str, str]]:
        return parse_qsl(self.raw_query, keep_blank_values=True)

    def header(self, name: str) -> str | None:
        """A header's value; of a repeated header, the last one (as REST API's ``headers`` map has it)."""
        values = self.headers.getall(name, [])
        return values[-1] if values else None

    def query_value(self, name: str) -> str | None:
        values = [v for k, v in self.query if k == name]
        return values[-1] if values else None

    @property
    def content_type(self) -> str | None:
        value = self.header("content-type")
        return value.split(";")[0].strip().lower() if value else None

    def request_parameter(self, name: str) -> str | None:
        """``method.request.{header,querystring,path}.NAME`` of this request, or None."""
        location, _, key = name.removeprefix("method.request.").partition(".")
        if location == "header":
            return self.header(key)
        if location == "querystring":
            return self.query_value(key)
        if location == "path":
            return self.path_params.get(key)
        return None

    def template_params(self) -> dict[str, dict[str, str]]:
        """``$input.params()``: path, query string and headers (last value of repeated ones)."""
        return {
            "path": dict(self.path_params),
            "querystring": {k: v for k, v in self.query},
            "header": {k: self.header(k) or "" for k in self.headers},
        }


@dataclass
class Outgoing:
    status: int
    body: bytes = b""
    headers: CIMultiDict[str] = field(default_factory=CIMultiDict)

    def copy(self) -> Outgoing:
        return Outgoing(self.status, self.body, CIMultiDict(self.headers))


@dataclass
class CacheEntry:
    expires: float
    response: Outgoing


class Quotas:
    """Usage-plan quotas: requests per key per DAY, WEEK or MONTH (UTC); the first period starts at ``offset``."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock
        self._used: dict[tuple[str, ...], tuple[str, int]] = {}

    def take(self, key: tuple[str, ...], limit: int, period: str, offset: int = 0) -> bool:
        window = _quota_window(self._clock(), period)
        current, used = self._used.get(key, (window, max(0, offset)))
        if current != window:
            used = 0
        if used >= limit:
            return False
        self._used[key] = (window, used + 1)
        return True


def _quota_window(now: float, period: str) -> str:
    moment = datetime.fromtimestamp(now, UTC)
    if period == "WEEK":
        year, week, _ = moment.isocalendar()
        return f"{year}-W{week}"
    if period == "MONTH":
        return moment.strftime("%Y-%m")
    return moment.strftime("%Y-%m-%d")


# --------------------------------------------------------------------------- the gateway


class RestApi:
    """One ``aws_api_gateway_rest_api``, ready to serve.

    ``issuers`` maps a Cognito user pool's issuer URL to (the issuer its tokens carry, the JWKS URL to fetch keys
    from), as for ``HttpApi``; ``clock`` (monotonic seconds) drives the stage cache and the authorizer result cache.
    """

    def __init__(
        self,
        deployment: Deployment,
        api_resource: Resource,
        runtime: Any,
        *,
        access_log: AccessLog | None = None,
        domain: str = "127.0.0.1:8080",
        issuers: IssuerMap = default_issuers,
        clock: Callable[[], float] = time.monotonic,
        chance: Callable[[], float] = random.random,
    ) -> None:
        values = api_resource.values
        self.api, self.runtime, self.domain, self.issuers, self.clock = api_resource, runtime, domain, issuers, clock
        self.chance = chance  # in [0, 1): whether a request of a stage with a canary goes to the canary
        self.api_id = str(values["id"])
        self.access_log = access_log or AccessLog()
        self.region = str(values.get("region") or "us-east-1")
        self.account = str(values.get("execution_arn") or "::::123456789012").split(":")[4] or "123456789012"

        def of(type_name: str) -> list[Mapping[str, Any]]:
            return [r.values for r in deployment.where(type_name, rest_api_id=self.api_id)]

        self.stages = {str(s["stage_name"]): s for s in of("aws_api_gateway_stage")}
        # Each stage serves the snapshot its deployment took (and its canary the canary's); a state with no
        # account behind it (hand-written) serves what the state holds.
        self.releases: dict[str, Release] = {}
        for stage in self.stages.values():
            for deployment_id in (stage.get("deployment_id"), _canary(stage).get("deployment_id")):
                if deployment_id and str(deployment_id) not in self.releases:
                    snapshot = deployment.snapshot(self.region, self.api_id, str(deployment_id))
                    self.releases[str(deployment_id)] = self._release(
                        str(deployment_id), snapshot if snapshot is not None else deployment, values
                    )
        self.current = self._release("", deployment, values)  # what the API's working copy holds
        self.method_settings: dict[str, list[Mapping[str, Any]]] = {}
        for settings in of("aws_api_gateway_method_settings"):
            self.method_settings.setdefault(str(settings.get("stage_name")), []).append(settings)
        # API keys and usage plans are account-wide: keep the plans that name this API.
        self.api_keys = {
            str(k.values["value"]): k.values
            for k in deployment.resources_of("aws_api_gateway_api_key")
            if k.values.get("value")
        }
        self.usage_plans = [
            p.values
            for p in deployment.resources_of("aws_api_gateway_usage_plan")
            if any(s.get("api_id") == self.api_id for s in p.values.get("api_stages") or [])
        ]
        self.plan_keys: dict[str, set[str]] = {}
        for key in deployment.resources_of("aws_api_gateway_usage_plan_key"):
            self.plan_keys.setdefault(str(key.values.get("usage_plan_id")), set()).add(str(key.values.get("key_id")))
        self.throttles = Throttles(clock)
        self.quotas = Quotas()
        self._cache: dict[tuple[Any, ...], CacheEntry] = {}
        self._authorizer_cache: dict[tuple[str, tuple[str, ...]], tuple[float, dict[str, Any]]] = {}
        self._jwks: dict[str, jwt.PyJWKClient] = {}
        self._validators: dict[tuple[str, str], Draft4Validator] = {}

    def _release(self, release_id: str, source: Any, state_api: Mapping[str, Any]) -> Release:
        """The release of one deployment, from its snapshot (or from the state for a hand-written one)."""

        def of(type_name: str) -> list[Mapping[str, Any]]:
            return [r.values for r in source.where(type_name, rest_api_id=self.api_id)]

        captured = source.where("aws_api_gateway_rest_api", id=self.api_id)
        api = captured[0].values if captured else state_api
        return Release(
            id=release_id,
            root=self._tree(source, str(api.get("root_resource_id") or state_api.get("root_resource_id") or "")),
            authorizers={str(a["id"]): a for a in of("aws_api_gateway_authorizer")},
            validators={str(v["id"]): v for v in of("aws_api_gateway_request_validator")},
            models={str(m["name"]): m for m in of("aws_api_gateway_model")},
            gateway_responses={str(g["response_type"]): g for g in of("aws_api_gateway_gateway_response")},
            resource_policy=_resource_policy(api, of("aws_api_gateway_rest_api_policy")),
            binary_media_types=[str(t).lower() for t in api.get("binary_media_types") or []],
            api_key_source="AUTHORIZER" if api.get("api_key_source") == "AUTHORIZER" else "HEADER",
        )

    def release_for(self, stage: Mapping[str, Any]) -> tuple[Release, bool]:
        """The release a request to ``stage`` is served from, and whether it is the canary's."""
        canary = _canary(stage)
        if canary.get("deployment_id") and self.chance() * 100 < float(canary.get("percent_traffic") or 0):
            return self.releases[str(canary["deployment_id"])], True
        return self.releases.get(str(stage.get("deployment_id")), self.current), False

    def _release_of(self, incoming: Incoming) -> Release:
        return incoming.release if incoming.release is not None else self.current

    def _tree(self, deployment: Any, root_id: str) -> Node:
        root = Node(root_id, "/", "")
        nodes = {root_id: root}
        resources = [r.values for r in deployment.where("aws_api_gateway_resource", rest_api_id=self.api_id)]
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
            for i in deployment.where("aws_api_gateway_integration", rest_api_id=self.api_id)
        }
        responses: dict[tuple[Any, Any], list[Mapping[str, Any]]] = {}
        for response in deployment.where("aws_api_gateway_integration_response", rest_api_id=self.api_id):
            key = (response.values.get("resource_id"), response.values.get("http_method"))
            responses.setdefault(key, []).append(response.values)
        for method in deployment.where("aws_api_gateway_method", rest_api_id=self.api_id):
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

    def describe(self) -> list[str]:
        """One line per stage and the methods its deployment serves, for the terminal."""
        lines = []
        for name, stage in sorted(self.stages.items()):
            cache = "  [cache]" if stage.get("cache_cluster_enabled") else ""
            canary = _canary(stage)
            share = f"  [canary {canary.get('percent_traffic')}%]" if canary.get("deployment_id") else ""
            lines.append(f"stage {name}: /{name}/{cache}{share}")
            release = self.releases.get(str(stage.get("deployment_id")), self.current)
            for node in release.root.walk():
                for verb, method in sorted(node.methods.items()):
                    marks = [method.authorization if method.authorization != "NONE" else "public"]
                    if method.values.get("api_key_required"):
                        marks.append("api key")
                    kind = (method.integration or {}).get("type", "no integration")
                    lines.append(f"    {verb} {node.path}  [{', '.join(marks)}] -> {kind}")
        return lines

    # ---------------------------------------------------------------- entry point

    async def handle(self, request: web.Request) -> web.Response:
        raw = [unquote(part) for part in request.rel_url.raw_path.split("/") if part]
        stage_name = raw[0] if raw else ""
        incoming = Incoming(
            method=request.method,
            path="/" + "/".join(raw[1:]),
            raw_query=request.rel_url.raw_query_string,
            headers=CIMultiDict(request.headers),
            body=await request.read(),
            source_ip=request.remote or "127.0.0.1",
            stage=stage_name,
            raw_path=request.rel_url.raw_path,
        )
        stage = self.stages.get(stage_name)
        if stage is None:  # no such stage: API Gateway knows nothing to serve, not even gateway responses
            outgoing = Outgoing(403, b'{"message":"Forbidden"}', CIMultiDict({"content-type": "application/json"}))
            outgoing.headers["x-amzn-ErrorType"] = "ForbiddenException"
        else:
            incoming.release, incoming.canary = self.release_for(stage)
            if incoming.canary:  # the canary's stage variable overrides apply to its requests
                overrides = _canary(stage).get("stage_variable_overrides") or {}
                stage = {**stage, "variables": {**(stage.get("variables") or {}), **overrides}}
            outgoing = await self.serve(incoming, stage)
            self._log(incoming, outgoing, stage)
        response = web.Response(status=outgoing.status, body=outgoing.body)
        for name, value in outgoing.headers.items():
            response.headers.add(name, value)
        response.headers["x-amzn-RequestId"] = incoming.request_id
        response.headers["x-amz-apigw-id"] = incoming.extended_request_id
        return response

    async def serve(self, incoming: Incoming, stage: Mapping[str, Any]) -> Outgoing:
        try:
            method = self._select(incoming)
            self._check_resource_policy(incoming)
            self._throttle(incoming, method)
            await self._authorize(incoming, stage, method)
            self._check_api_key(incoming, method)
            self._validate(incoming, method)
            return await self._cached(incoming, stage, method)
        except GatewayError as error:
            return self._gateway_response(incoming, stage, error)

    def _select(self, incoming: Incoming) -> Method:
        segments = [s for s in incoming.path.split("/") if s]
        found = self._release_of(incoming).root.match(segments, {})
        if found is not None:
            node, params = found
            method = node.methods.get(incoming.method) or node.methods.get("ANY")
            if method is not None:
                incoming.resource_path, incoming.resource_id, incoming.path_params = node.path, node.id, params
                return method
        raise GatewayError("MISSING_AUTHENTICATION_TOKEN", "Missing Authentication Token")

    def _check_resource_policy(self, incoming: Incoming) -> None:
        """The API's resource policy, for an anonymous caller from 127.0.0.1.

        A request reaches a private API through an interface VPC endpoint; locally the ``x-amzn-vpce-id``
        header says which one it came through (the header API Gateway itself adds for the backend).
        """
        policy = self._release_of(incoming).resource_policy
        if policy is None:
            return
        arn = self.method_arn(incoming)
        request = {"aws:SourceIp": incoming.source_ip, "aws:SourceVpce": incoming.header("x-amzn-vpce-id")}
        decision = resource_policy_decision(policy, arn, request)
        if decision != "Allow":
            message = f"User: anonymous is not authorized to perform: execute-api:Invoke on resource: {arn}"
            message += " with an explicit deny" if decision == "Deny" else ""
            incoming.log["authorizer.error"] = message
            raise GatewayError("ACCESS_DENIED", message, template=POLICY_DENIED_TEMPLATE)

    # ---------------------------------------------------------------- method settings: throttling and caching

    def _settings(self, stage_name: str, method: Method) -> tuple[Mapping[str, Any], Mapping[str, Any] | None]:
        """The stage-wide (``*/*``) settings and the method's own entry (``resource/VERB``), if any."""
        general: Mapping[str, Any] = {}
        specific: Mapping[str, Any] | None = None
        for entry in self.method_settings.get(stage_name, []):
            settings = (entry.get("settings") or [{}])[0]
            path, _, verb = str(entry.get("method_path") or "").replace("~1", "/").rpartition("/")
            path = path.strip("/")
            if (path, verb) == ("*", "*"):
                general = settings
            elif fnmatch.fnmatchcase(method.resource_path.strip("/"), path) and verb in ("*", method.verb):
                specific = settings
        return general, specific

    def _throttle(self, incoming: Incoming, method: Method) -> None:
        general, specific = self._settings(incoming.stage, method)
        specific = specific or {}
        rate = positive(specific.get("throttling_rate_limit")) or positive(general.get("throttling_rate_limit"))
        burst = positive(specific.get("throttling_burst_limit")) or positive(general.get("throttling_burst_limit"))
        key = ("method", incoming.stage, method.resource_path, method.verb)
        if not self.throttles.allow(key, rate, int(burst) if burst is not None else None):
            raise GatewayError("THROTTLED", "Too Many Requests")

    def _cache_ttl(self, stage: Mapping[str, Any], incoming: Incoming, method: Method) -> float | None:
        """Seconds to cache this method's responses, or None: needs the stage's cache cluster and caching on.

        Stage-wide settings cache GET methods only ("only GET methods have caching enabled by default"); a method's
        own settings decide for that method.
        """
        if not stage.get("cache_cluster_enabled"):
            return None
        general, specific = self._settings(incoming.stage, method)
        if specific is not None:
            enabled, settings = bool(specific.get("caching_enabled")), specific
        else:
            enabled, settings = bool(general.get("caching_enabled")) and incoming.method == "GET", general
        if not enabled:
            return None
        ttl = positive(settings.get("cache_ttl_in_seconds")) or DEFAULT_CACHE_TTL_SECONDS
        return float(min(ttl, MAX_CACHE_TTL_SECONDS))

    async def _cached(self, incoming: Incoming, stage: Mapping[str, Any], method: Method) -> Outgoing:
        ttl = self._cache_ttl(stage, incoming, method)
        if ttl is None:
            return await self._integrate(incoming, stage, method)
        parameters = (method.integration or {}).get("cache_key_parameters") or []
        key = (
            incoming.stage,
            incoming.method,
            method.resource_path,
            tuple((name, incoming.request_parameter(name)) for name in sorted(parameters)),
        )
        entry = self._cache.get(key)
        now = self.clock()
        if entry is not None and now < entry.expires:
            return entry.response.copy()
        outgoing = await self._integrate(incoming, stage, method)
        if len(outgoing.body) <= MAX_CACHED_RESPONSE_BYTES:
            self._cache[key] = CacheEntry(now + ttl, outgoing.copy())
        return outgoing

    # ---------------------------------------------------------------- authorization

    async def _authorize(self, incoming: Incoming, stage: Mapping[str, Any], method: Method) -> None:
        kind = method.authorization
        if kind == "NONE":
            return
        if kind == "AWS_IAM":
            try:
                incoming.iam_access_key = verify_sigv4(
                    incoming.method,
                    incoming.header("host") or self.domain,
                    incoming.raw_path,
                    incoming.raw_query,
                    incoming.headers,
                    incoming.body,
                )
            except SignatureError as error:
                missing = str(error) == "Missing Authentication Token"
                raise GatewayError(
                    "MISSING_AUTHENTICATION_TOKEN" if missing else "INVALID_SIGNATURE", str(error)
                ) from None
            incoming.log["authorizer.principalId"] = self.account
            return
        authorizer = self._release_of(incoming).authorizers.get(str(method.values.get("authorizer_id") or ""))
        if authorizer is None:
            raise GatewayError("AUTHORIZER_CONFIGURATION_ERROR", None, detail="the method's authorizer is not in state")
        if authorizer.get("type") == "COGNITO_USER_POOLS":
            await self._authorize_cognito(incoming, method, authorizer)
        else:
            await self._authorize_lambda(incoming, stage, authorizer)

    def method_arn(self, incoming: Incoming) -> str:
        """``arn:aws:execute-api:REGION:ACCOUNT:API/STAGE/VERB/path``: what an authorizer's policy must cover."""
        path = incoming.path.lstrip("/")
        return (
            f"arn:aws:execute-api:{self.region}:{self.account}:{self.api_id}/{incoming.stage}/{incoming.method}/{path}"
        )

    def _identity_value(self, source: str, incoming: Incoming, stage: Mapping[str, Any]) -> str | None:
        source = source.strip()
        if source.startswith("method.request."):
            return incoming.request_parameter(source)
        if source.startswith("stageVariables."):
            return (stage.get("variables") or {}).get(source.removeprefix("stageVariables."))
        if source.startswith("context."):
            return _lookup(self._context(incoming), source.removeprefix("context."))
        return None

    async def _authorize_lambda(
        self, incoming: Incoming, stage: Mapping[str, Any], authorizer: Mapping[str, Any]
    ) -> None:
        kind = str(authorizer.get("type") or "TOKEN")
        sources = [s for s in str(authorizer.get("identity_source") or "").split(",") if s.strip()]
        if kind == "TOKEN" and not sources:
            sources = ["method.request.header.Authorization"]
        identity = [self._identity_value(s, incoming, stage) for s in sources]
        if any(not value for value in identity):
            incoming.log["authorizer.error"] = "identity source missing"
            raise GatewayError("UNAUTHORIZED", "Unauthorized")
        expression = authorizer.get("identity_validation_expression")
        if kind == "TOKEN" and expression and re.fullmatch(str(expression), identity[0] or "") is None:
            incoming.log["authorizer.error"] = "token does not match identity_validation_expression"
            raise GatewayError("UNAUTHORIZED", "Unauthorized")
        ttl = authorizer.get("authorizer_result_ttl_in_seconds")
        ttl = DEFAULT_AUTHORIZER_TTL_SECONDS if ttl is None else ttl
        cache_key = (str(authorizer["id"]), tuple(v or "" for v in identity))
        cached = self._authorizer_cache.get(cache_key) if sources else None
        if cached is not None and ttl and self.clock() - cached[0] < ttl:
            result = cached[1]
        else:
            if kind == "TOKEN":
                event = {"type": "TOKEN", "authorizationToken": identity[0], "methodArn": self.method_arn(incoming)}
            else:
                event = self._proxy_event(incoming, stage)
                for key in ("body", "isBase64Encoded"):
                    event.pop(key)
                event = {"type": "REQUEST", "methodArn": self.method_arn(incoming), **event}
            started = time.monotonic()
            try:
                invocation = await self.runtime.invoke(str(authorizer.get("authorizer_uri")), event)
            except KeyError as error:  # the runtime knows no such function
                raise GatewayError("AUTHORIZER_CONFIGURATION_ERROR", None, detail=str(error)) from error
            incoming.log["authorizer.latency"] = int((time.monotonic() - started) * 1000)
            error_message = (invocation.error or {}).get("errorMessage") if invocation.status == "error" else None
            if error_message == "Unauthorized":  # the documented way for an authorizer to answer 401
                incoming.log["authorizer.error"] = "Unauthorized"
                raise GatewayError("UNAUTHORIZED", "Unauthorized")
            result = invocation.payload
            if invocation.status != "ok" or not isinstance(result, dict) or "policyDocument" not in result:
                incoming.log["authorizer.error"] = error_message or f"authorizer {invocation.status}: invalid answer"
                raise GatewayError("AUTHORIZER_CONFIGURATION_ERROR", None, detail=incoming.log["authorizer.error"])
            if sources and ttl:
                self._authorizer_cache[cache_key] = (self.clock(), result)
        incoming.log["authorizer.principalId"] = result.get("principalId")
        verdict = policy_verdict(result, self.method_arn(incoming))
        if verdict != "Allow":
            message = "User is not authorized to access this resource"
            if verdict == "Deny":
                message += " with an explicit deny"
            incoming.log["authorizer.error"] = message
            raise GatewayError("ACCESS_DENIED", message, template=POLICY_DENIED_TEMPLATE)
        context = {k: _stringify(v) for k, v in (result.get("context") or {}).items()}
        incoming.authorizer = {
            **context,
            "principalId": result.get("principalId"),
            "integrationLatency": incoming.log.get("authorizer.latency", 0),
        }
        if result.get("usageIdentifierKey"):
            incoming.usage_identifier_key = str(result["usageIdentifierKey"])

    async def _authorize_cognito(self, incoming: Incoming, method: Method, authorizer: Mapping[str, Any]) -> None:
        source = str(authorizer.get("identity_source") or "method.request.header.Authorization").split(",")[0]
        token = incoming.request_parameter(source.strip())
        if not token:
            incoming.log["authorizer.error"] = "no token in " + source
            raise GatewayError("UNAUTHORIZED", "Unauthorized")
        token = token.removeprefix("Bearer ").removeprefix("bearer ").strip()
        pools = [str(arn) for arn in authorizer.get("provider_arns") or []]
        try:
            claims = None
            for arn in pools:  # arn:aws:cognito-idp:REGION:ACCOUNT:userpool/POOL_ID
                region, pool_id = arn.split(":")[3], arn.rpartition("/")[2]
                expected, jwks_url = self.issuers(f"https://cognito-idp.{region}.amazonaws.com/{pool_id}")
                if jwt.decode(token, options={"verify_signature": False}).get("iss") != expected:
                    continue
                loop = asyncio.get_running_loop()
                claims = await loop.run_in_executor(None, self._decode, token, jwks_url, expected)
                break
            if claims is None:
                raise jwt.InvalidIssuerError("the token was not issued by the authorizer's user pools")
        except jwt.PyJWTError as error:
            incoming.log["authorizer.error"] = f"invalid token: {error}"
            raise GatewayError("UNAUTHORIZED", "Unauthorized") from error
        required = list(method.values.get("authorization_scopes") or [])
        scopes = str(claims.get("scope") or "").split()
        if required and not set(required) & set(scopes):
            incoming.log["authorizer.error"] = "token lacks the method's scopes"
            raise GatewayError("UNAUTHORIZED", "Unauthorized")
        incoming.log["authorizer.principalId"] = claims.get("sub")
        incoming.authorizer = {"claims": {k: _stringify(v) for k, v in claims.items()}}

    def _decode(self, token: str, jwks_url: str, issuer: str) -> dict[str, Any]:
        client = self._jwks.get(jwks_url)
        if client is None:
            client = self._jwks[jwks_url] = jwt.PyJWKClient(jwks_url, cache_keys=True)
        key = client.get_signing_key_from_jwt(token)
        return jwt.decode(
            token, key.key, algorithms=["RS256"], issuer=issuer, options={"verify_aud": False, "require": ["exp"]}
        )

    # ---------------------------------------------------------------- API keys and usage plans

    def _check_api_key(self, incoming: Incoming, method: Method) -> None:
        if not method.values.get("api_key_required"):
            return
        source = self._release_of(incoming).api_key_source
        value = incoming.usage_identifier_key if source == "AUTHORIZER" else incoming.header("x-api-key")
        key = self.api_keys.get(value or "")
        if key is None or key.get("enabled") is False:
            raise GatewayError("INVALID_API_KEY", "Forbidden", detail="no enabled API key matches the request")
        key_id = str(key.get("id"))
        for plan in self.usage_plans:
            stage = next(
                (
                    s
                    for s in plan.get("api_stages") or []
                    if (s.get("api_id"), s.get("stage")) == (self.api_id, incoming.stage)
                ),
                None,
            )
            if stage is not None and key_id in self.plan_keys.get(str(plan.get("id")), set()):
                break
        else:
            raise GatewayError("INVALID_API_KEY", "Forbidden", detail="the API key is in no usage plan of this stage")
        incoming.api_key, incoming.api_key_id = value, key_id
        plan_id = str(plan.get("id"))
        throttle_path = f"{method.resource_path}/{method.verb}"
        limits = next((t for t in stage.get("throttle") or [] if t.get("path") == throttle_path), None)
        limits = limits or (plan.get("throttle_settings") or [{}])[0]
        rate, burst = positive(limits.get("rate_limit")), positive(limits.get("burst_limit"))
        bucket = ("plan", plan_id, key_id, throttle_path if limits.get("path") else "*")
        if not self.throttles.allow(bucket, rate, int(burst) if burst is not None else None):
            raise GatewayError("THROTTLED", "Too Many Requests")
        quota = (plan.get("quota_settings") or [{}])[0]
        limit = positive(quota.get("limit"))
        if limit is not None:
            period, offset = str(quota.get("period") or "DAY"), int(quota.get("offset") or 0)
            if not self.quotas.take(("quota", plan_id, key_id), int(limit), period, offset):
                raise GatewayError("QUOTA_EXCEEDED", "Limit Exceeded")

    # ---------------------------------------------------------------- request validation

    def _validate(self, incoming: Incoming, method: Method) -> None:
        validator = self._release_of(incoming).validators.get(str(method.values.get("request_validator_id") or ""))
        if validator is None:
            return
        if validator.get("validate_request_parameters"):
            missing = [
                name.rpartition(".")[2]
                for name, required in sorted((method.values.get("request_parameters") or {}).items())
                if required and not (incoming.request_parameter(name) or "").strip()
            ]
            if missing:
                message = f"Missing required request parameters: [{', '.join(missing)}]"
                raise GatewayError("BAD_REQUEST_PARAMETERS", message, validation=message)
        if validator.get("validate_request_body"):
            models = method.values.get("request_models") or {}
            name = models.get(incoming.content_type or "application/json") or models.get("$default")
            if name is None:  # no model for this content type: nothing to validate against
                return
            errors = self._body_errors(incoming.body, str(name), self._release_of(incoming))
            if errors:
                raise GatewayError("BAD_REQUEST_BODY", "Invalid request body", validation=f"[{', '.join(errors)}]")

    def _schema_validator(self, name: str, release: Release) -> Draft4Validator:
        validator = self._validators.get((release.id, name))
        if validator is None:
            base = f"https://apigateway.amazonaws.com/restapis/{self.api_id}/models/"
            schemas = {n: _model_schema(m.get("schema")) for n, m in release.models.items()}
            registry = Registry().with_resources(
                (base + n, DRAFT4.create_resource(s)) for n, s in {**BUILT_IN_MODELS, **schemas}.items()
            )
            schema = schemas.get(name, BUILT_IN_MODELS.get(name, {}))
            validator = self._validators[(release.id, name)] = Draft4Validator(schema, registry=registry)
        return validator

    def _body_errors(self, body: bytes, model: str, release: Release) -> list[str]:
        """What is wrong with ``body`` for ``model``, as API Gateway's validator words it; [] when valid."""
        try:
            document = json.loads(body.decode() or "{}")
        except ValueError as error:
            return [f"Invalid JSON: {error}"]
        try:
            validator = self._schema_validator(model, release)
            errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
        except SchemaError as error:
            return [f"the model {model} is not a valid JSON Schema: {error.message}"]
        return [_validation_message(e) for e in errors]

    # ---------------------------------------------------------------- integrations

    async def _integrate(self, incoming: Incoming, stage: Mapping[str, Any], method: Method) -> Outgoing:
        integration = method.integration
        if integration is None:
            raise GatewayError("API_CONFIGURATION_ERROR", INTERNAL_ERROR, detail="the method has no integration")
        kind = str(integration.get("type"))
        uri = str(integration.get("uri") or "")
        if kind == "MOCK":
            return self._mock(incoming, stage, method)
        if kind in ("HTTP", "HTTP_PROXY"):
            return await self._http(incoming, stage, method, proxy=kind == "HTTP_PROXY")
        if kind in ("AWS", "AWS_PROXY") and ":lambda:path/" in uri:
            if kind == "AWS_PROXY":
                return await self._lambda_proxy(incoming, stage, integration)
            return await self._lambda(incoming, stage, method)
        detail = f"{kind} integrations with {uri or 'no uri'} are not served locally"
        raise GatewayError("API_CONFIGURATION_ERROR", INTERNAL_ERROR, detail=detail)

    def _timeout(self, integration: Mapping[str, Any]) -> float:
        return (positive(integration.get("timeout_milliseconds")) or DEFAULT_INTEGRATION_TIMEOUT_MS) / 1000

    async def _invoke(
        self, incoming: Incoming, stage: Mapping[str, Any], integration: Mapping[str, Any], event: Any
    ) -> Any:
        uri = _with_stage_variables(str(integration.get("uri")), stage)
        try:
            invocation = await invoke_within(self.runtime, uri, event, self._timeout(integration) * 1000, incoming.log)
        except KeyError as error:  # the runtime knows no such function
            raise GatewayError("API_CONFIGURATION_ERROR", INTERNAL_ERROR, detail=str(error)) from error
        if invocation is None:
            incoming.log["integrationErrorMessage"] = "Execution failed due to a timeout error"
            raise GatewayError("INTEGRATION_TIMEOUT", "Endpoint request timed out")
        incoming.log["integrationStatus"] = 200
        incoming.log["integrationRequestId"] = getattr(invocation, "request_id", None)
        return invocation

    async def _lambda_proxy(
        self, incoming: Incoming, stage: Mapping[str, Any], integration: Mapping[str, Any]
    ) -> Outgoing:
        invocation = await self._invoke(incoming, stage, integration, self._proxy_event(incoming, stage))
        if invocation.status != "ok":
            incoming.log["integrationErrorMessage"] = (invocation.error or {}).get("errorMessage", "function error")
            raise GatewayError("DEFAULT_5XX", INTERNAL_ERROR, status=502, detail="Lambda function error")
        outgoing = self._proxy_response(invocation.payload, incoming)
        if outgoing is None:
            incoming.log["integrationErrorMessage"] = "Malformed Lambda proxy response"
            raise GatewayError("DEFAULT_5XX", INTERNAL_ERROR, status=502, detail="Malformed Lambda proxy response")
        return outgoing

    async def _lambda(self, incoming: Incoming, stage: Mapping[str, Any], method: Method) -> Outgoing:
        integration = method.integration or {}
        payload = self._request_body(incoming, stage, integration)
        try:
            event = json.loads(payload) if payload.strip() else {}
        except ValueError as error:
            detail = f"the request template did not produce JSON for Lambda: {error}"
            raise GatewayError("API_CONFIGURATION_ERROR", INTERNAL_ERROR, detail=detail) from error
        invocation = await self._invoke(incoming, stage, integration, event)
        if invocation.status == "ok":
            body, error_message = json.dumps(invocation.payload), None
        else:
            error = invocation.error or {}
            body, error_message = json.dumps(error), str(error.get("errorMessage") or "")
            incoming.log["integrationErrorMessage"] = error_message
        response = _selected_response(method, error_message)
        return self._integration_response(incoming, stage, response, body, CIMultiDict())

    def _mock(self, incoming: Incoming, stage: Mapping[str, Any], method: Method) -> Outgoing:
        payload = self._request_body(incoming, stage, method.integration or {})
        try:
            selector = json.loads(payload) if payload.strip() else {}
            status = str(selector.get("statusCode", 200) if isinstance(selector, dict) else 200)
        except ValueError as error:
            detail = f"the MOCK request template did not produce JSON: {error}"
            raise GatewayError("API_CONFIGURATION_ERROR", INTERNAL_ERROR, detail=detail) from error
        response = _selected_response(method, status)
        return self._integration_response(incoming, stage, response, "", CIMultiDict())

    async def _http(self, incoming: Incoming, stage: Mapping[str, Any], method: Method, *, proxy: bool) -> Outgoing:
        integration = method.integration or {}
        mapped = self._integration_parameters(incoming, stage, integration)
        path_values = {**incoming.path_params, **mapped["path"]}
        uri = re.sub(
            r"\{([^{}]+?)\+?\}",
            lambda m: quote(path_values.get(m.group(1).rstrip("+"), ""), safe="/"),
            _with_stage_variables(str(integration.get("uri") or ""), stage),
        )
        host = urlsplit(uri).hostname or ""
        if host not in LOCAL_HOSTS:
            message = f"the local gateway does not leave the machine: {uri} is not on 127.0.0.1 or localhost"
            incoming.log["integrationErrorMessage"] = message
            raise GatewayError("DEFAULT_5XX", INTERNAL_ERROR, status=502, detail=message)
        verb = str(integration.get("integration_http_method") or incoming.method).upper()
        verb = incoming.method if verb == "ANY" else verb
        if proxy:
            headers = CIMultiDict((k, v) for k, v in incoming.headers.items() if k.lower() not in HOP_BY_HOP)
            query: list[tuple[str, str]] = incoming.query
            body = incoming.body
        else:
            headers = CIMultiDict()
            query = []
            body = self._request_body(incoming, stage, integration).encode()
            headers["content-type"] = incoming.header("content-type") or "application/json"
        for name, value in mapped["header"].items():
            headers[name] = value
        for name, value in mapped["querystring"].items():
            query = [(k, v) for k, v in query if k != name] + [(name, value)]
        if query:
            uri = f"{uri}{'&' if '?' in uri else '?'}{urlencode(query)}"
        started = time.monotonic()
        try:
            timeout = aiohttp.ClientTimeout(total=self._timeout(integration))
            async with aiohttp.ClientSession(timeout=timeout) as session:
                async with session.request(verb, uri, headers=headers, data=body, allow_redirects=False) as answer:
                    status, answer_headers, answer_body = (
                        answer.status,
                        CIMultiDict(answer.headers),
                        await answer.read(),
                    )
        except TimeoutError as error:
            incoming.log["integrationErrorMessage"] = "Execution failed due to a timeout error"
            raise GatewayError("INTEGRATION_TIMEOUT", "Endpoint request timed out") from error
        except aiohttp.ClientError as error:
            incoming.log["integrationErrorMessage"] = f"{uri}: {error}"
            raise GatewayError("DEFAULT_5XX", INTERNAL_ERROR, status=502, detail=str(error)) from error
        finally:
            incoming.log["integrationLatency"] = int((time.monotonic() - started) * 1000)
        incoming.log["integrationStatus"] = status
        if proxy:
            relayed = CIMultiDict((k, v) for k, v in answer_headers.items() if k.lower() not in HOP_BY_HOP)
            return Outgoing(status, answer_body, relayed)
        response = _selected_response(method, str(status))
        text = answer_body.decode("utf-8", errors="replace")
        return self._integration_response(incoming, stage, response, text, answer_headers)

    def _integration_parameters(
        self, incoming: Incoming, stage: Mapping[str, Any], integration: Mapping[str, Any]
    ) -> dict[str, dict[str, str]]:
        """``integration.request.{header,querystring,path}.X`` mapped from the method request."""
        mapped: dict[str, dict[str, str]] = {"header": {}, "querystring": {}, "path": {}}
        for target, source in (integration.get("request_parameters") or {}).items():
            location, _, name = str(target).removeprefix("integration.request.").partition(".")
            value = self._parameter_value(str(source), incoming, stage)
            if location in mapped and value is not None:
                mapped[location][name] = value
        return mapped

    def _parameter_value(
        self,
        source: str,
        incoming: Incoming,
        stage: Mapping[str, Any],
        backend: tuple[str, CIMultiDict[str]] | None = None,
    ) -> str | None:
        """A mapping expression: ``'literal'``, ``method.request.*``, ``context.*``, ``stageVariables.*`` and, for
        integration responses, ``integration.response.header.X`` / ``integration.response.body[.path]``."""
        source = source.strip()
        if len(source) >= 2 and source[0] == source[-1] == "'":
            return source[1:-1]
        if source.startswith("method.request."):
            return incoming.request_parameter(source)
        if source.startswith("stageVariables."):
            return (stage.get("variables") or {}).get(source.removeprefix("stageVariables."))
        if source.startswith("context."):
            found = _lookup(self._context(incoming), source.removeprefix("context."))
            return None if found is None else _stringify(found)
        if backend is not None and source.startswith("integration.response.header."):
            return backend[1].get(source.removeprefix("integration.response.header."))
        if backend is not None and source.startswith("integration.response.body"):
            path = source.removeprefix("integration.response.body").lstrip(".")
            if not path:
                return backend[0]
            try:
                found = _lookup(json.loads(backend[0]), path)
            except ValueError:
                return None
            return None if found is None else _stringify(found)
        return None

    # ---------------------------------------------------------------- mapping templates

    def _request_body(self, incoming: Incoming, stage: Mapping[str, Any], integration: Mapping[str, Any]) -> str:
        """The integration request body: the request template for the content type, or the body passed through."""
        templates = integration.get("request_templates") or {}
        template = templates.get(incoming.content_type or "application/json")
        if template is None:
            behaviour = integration.get("passthrough_behavior")
            if behaviour == "NEVER" or (behaviour == "WHEN_NO_TEMPLATES" and templates):
                raise GatewayError("UNSUPPORTED_MEDIA_TYPE", "Unsupported Media Type")
            return incoming.body.decode("utf-8", errors="replace")
        try:
            return self._render(template, incoming, stage, incoming.body.decode("utf-8", errors="replace"))
        except InvalidJsonError as error:
            raise GatewayError("BAD_REQUEST_BODY", f"Could not parse request body into json: {error}") from error
        except MappingTemplateError as error:
            raise GatewayError(
                "API_CONFIGURATION_ERROR", INTERNAL_ERROR, detail=f"request template: {error}"
            ) from error

    def _render(self, template: str, incoming: Incoming, stage: Mapping[str, Any], body: str) -> str:
        return render(
            template,
            body=body,
            params=incoming.template_params(),
            context=self._context(incoming),
            stage_variables={k: str(v) for k, v in (stage.get("variables") or {}).items()},
        )

    def _integration_response(
        self,
        incoming: Incoming,
        stage: Mapping[str, Any],
        response: Mapping[str, Any],
        body: str,
        backend_headers: CIMultiDict[str],
    ) -> Outgoing:
        """Apply an integration response: its status, its template for the client's Accept, its header mappings."""
        content_type, template = _pick_template(response.get("response_templates") or {}, incoming.header("accept"))
        answer = body
        if template:
            try:
                answer = self._render(template, incoming, stage, body)
            except MappingTemplateError as error:
                detail = f"response template: {error}"
                raise GatewayError("API_CONFIGURATION_ERROR", INTERNAL_ERROR, detail=detail) from error
        headers: CIMultiDict[str] = CIMultiDict({"content-type": content_type or "application/json"})
        for target, source in (response.get("response_parameters") or {}).items():
            if not str(target).startswith("method.response.header."):
                continue
            value = self._parameter_value(str(source), incoming, stage, (body, backend_headers))
            if value is not None:
                headers[str(target).removeprefix("method.response.header.")] = value
        return Outgoing(int(str(response.get("status_code") or 200)), answer.encode(), headers)

    # ---------------------------------------------------------------- Lambda proxy events and answers

    def _is_binary(self, content_type: str | None, incoming: Incoming) -> bool:
        if not content_type:
            return False
        media = content_type.split(";")[0].strip().lower()
        binary = self._release_of(incoming).binary_media_types
        return "*/*" in binary or media in binary

    def _context(self, incoming: Incoming) -> dict[str, Any]:
        """``requestContext`` of a proxy event, and ``$context`` of templates and access logs."""
        when, epoch = request_time(incoming.started)
        context: dict[str, Any] = {
            "accountId": self.account,
            "apiId": self.api_id,
            "domainName": self.domain,
            "domainPrefix": self.domain.split(".")[0],
            "extendedRequestId": incoming.extended_request_id,
            "httpMethod": incoming.method,
            "identity": {
                "accessKey": incoming.iam_access_key,
                "accountId": self.account if incoming.iam_access_key else None,
                "apiKey": incoming.api_key,
                "apiKeyId": incoming.api_key_id,
                "caller": None,
                "cognitoAuthenticationProvider": None,
                "cognitoAuthenticationType": None,
                "cognitoIdentityId": None,
                "cognitoIdentityPoolId": None,
                "principalOrgId": None,
                "sourceIp": incoming.source_ip,
                "user": None,
                "userAgent": incoming.header("user-agent"),
                "userArn": f"arn:aws:iam::{self.account}:root" if incoming.iam_access_key else None,
            },
            "path": f"/{incoming.stage}{incoming.path}",
            "protocol": "HTTP/1.1",
            "requestId": incoming.request_id,
            "requestTime": when,
            "requestTimeEpoch": epoch,
            "resourceId": incoming.resource_id,
            "resourcePath": incoming.resource_path,
            "stage": incoming.stage,
            "deploymentId": incoming.release.id if incoming.release is not None else None,
        }
        if incoming.authorizer is not None:
            context["authorizer"] = incoming.authorizer
        if incoming.release is not None and incoming.stage in self.stages and _canary(self.stages[incoming.stage]):
            context["isCanaryRequest"] = incoming.canary  # present only on stages with a canary
        return context

    def _proxy_event(self, incoming: Incoming, stage: Mapping[str, Any]) -> dict[str, Any]:
        """The REST Lambda proxy event (the "1.0" shape)."""
        multi_headers: dict[str, list[str]] = {}
        for key, value in incoming.headers.items():
            multi_headers.setdefault(key, []).append(value)
        multi_query: dict[str, list[str]] = {}
        for key, value in incoming.query:
            multi_query.setdefault(key, []).append(value)
        body: str | None = None
        is_base64 = self._is_binary(incoming.content_type, incoming)
        if incoming.body:
            body = base64.b64encode(incoming.body).decode() if is_base64 else incoming.body.decode(errors="replace")
        stage_variables = dict(stage.get("variables") or {})
        return {
            "resource": incoming.resource_path,
            "path": incoming.path,
            "httpMethod": incoming.method,
            "headers": {k: v[-1] for k, v in multi_headers.items()} or None,
            "multiValueHeaders": multi_headers or None,
            "queryStringParameters": {k: v[-1] for k, v in multi_query.items()} or None,
            "multiValueQueryStringParameters": multi_query or None,
            "pathParameters": dict(incoming.path_params) or None,
            "stageVariables": stage_variables or None,
            "requestContext": self._context(incoming),
            "body": body,
            "isBase64Encoded": bool(body) and is_base64,
        }

    def _proxy_response(self, payload: Any, incoming: Incoming) -> Outgoing | None:
        """A Lambda proxy answer as the HTTP response; None when API Gateway would call it malformed."""
        if not isinstance(payload, dict) or set(payload) - PROXY_RESPONSE_KEYS:
            return None
        status = payload.get("statusCode")
        if isinstance(status, str) and status.isdigit():
            status = int(status)
        if not isinstance(status, int) or isinstance(status, bool) or not 100 <= status <= 599:
            return None
        body = payload.get("body")
        single = payload.get("headers") or {}
        multi = payload.get("multiValueHeaders") or {}
        if not (body is None or isinstance(body, str)) or not isinstance(single, dict) or not isinstance(multi, dict):
            return None
        headers: CIMultiDict[str] = CIMultiDict()
        for name, values in multi.items():
            if not isinstance(values, list):
                return None
            for value in values:
                headers.add(name, _stringify(value))
        for name, value in single.items():
            if name not in multi:
                headers[name] = _stringify(value)
        raw = (body or "").encode()
        if payload.get("isBase64Encoded") and body:
            # API Gateway turns base64 back into bytes only for binary media types (the client's Accept, or the
            # response's Content-Type); otherwise the client gets the base64 text.
            accept = (incoming.header("accept") or "").split(",")[0]
            if self._is_binary(accept, incoming) or self._is_binary(headers.get("content-type"), incoming):
                try:
                    raw = base64.b64decode(body, validate=True)
                except ValueError:
                    return None
        if "content-type" not in headers:
            headers["content-type"] = "application/json"
        return Outgoing(status, raw, headers)

    # ---------------------------------------------------------------- gateway responses

    def _gateway_response(self, incoming: Incoming, stage: Mapping[str, Any], error: GatewayError) -> Outgoing:
        """The answer for a gateway error: the API's customisation of its type, else of DEFAULT_4XX/5XX."""
        kind = GATEWAY_RESPONSE_TYPES.get(error.response_type, GATEWAY_RESPONSE_TYPES["DEFAULT_5XX"])
        status = error.status or kind.status
        family = "DEFAULT_4XX" if status < 500 else "DEFAULT_5XX"
        responses = self._release_of(incoming).gateway_responses
        custom = responses.get(error.response_type)
        fallback = responses.get(family) or {}
        configured = custom if custom is not None else fallback
        status = int(str(configured.get("status_code") or "0")) or status
        incoming.log["error"] = {
            "message": error.message,
            "messageString": json.dumps(error.message),
            "responseType": error.response_type,
            "validationErrorString": error.validation,
        }
        if error.detail:  # why the gateway answered itself, for whoever runs it (5XX: a fault of the API's)
            level = logging.WARNING if status >= 500 else logging.INFO
            logger.log(level, "%s /%s%s: %s", incoming.method, incoming.stage, incoming.path, error.detail)
        content_type, template = _pick_template(configured.get("response_templates") or {}, incoming.header("accept"))
        if template is None:
            content_type, template = "application/json", error.template
        # validationErrorString is written ready to sit inside a JSON string: "$context.error.validationErrorString"
        escaped = json.dumps(error.validation or "")[1:-1]
        context = {**self._context(incoming), "error": {**incoming.log["error"], "validationErrorString": escaped}}
        body = _substitute(template, context, stage.get("variables") or {})
        headers: CIMultiDict[str] = CIMultiDict({"content-type": content_type or "application/json"})
        for target, source in (configured.get("response_parameters") or {}).items():
            if str(target).startswith("gatewayresponse.header."):
                value = self._parameter_value(str(source), incoming, stage)
                if value is not None:
                    headers[str(target).removeprefix("gatewayresponse.header.")] = value
        if kind.error_type:
            headers["x-amzn-ErrorType"] = kind.error_type
        return Outgoing(status, body.encode(), headers)

    # ---------------------------------------------------------------- access log

    def _log(self, incoming: Incoming, outgoing: Outgoing, stage: Mapping[str, Any]) -> None:
        settings = (stage.get("access_log_settings") or [{}])[0]
        context = self._context(incoming)
        authorizer = dict(incoming.authorizer or {})
        authorizer.update(
            principalId=incoming.log.get("authorizer.principalId"),
            error=incoming.log.get("authorizer.error"),
            latency=incoming.log.get("authorizer.latency"),
        )
        integration = {
            "status": incoming.log.get("integrationStatus"),
            "latency": incoming.log.get("integrationLatency"),
            "error": incoming.log.get("integrationErrorMessage"),
            "requestId": incoming.log.get("integrationRequestId"),
            "integrationStatus": incoming.log.get("integrationStatus"),
        }
        context.update(
            status=outgoing.status,
            responseLength=len(outgoing.body),
            responseLatency=int((time.time() - incoming.started) * 1000),
            integrationLatency=incoming.log.get("integrationLatency"),
            integrationStatus=incoming.log.get("integrationStatus"),
            integrationErrorMessage=incoming.log.get("integrationErrorMessage"),
            integration=integration,
            authorizer=authorizer,
            error=incoming.log.get("error") or {},
            wafResponseCode=None,
        )
        self.access_log.write(settings.get("format"), context)


# --------------------------------------------------------------------------- helpers


def _stringify(value: Any) -> str:
    """How API Gateway hands authorizer context and claims on: strings, ``true``/``false``, numbers as text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + " ".join(str(v) for v in value) + "]"
    if isinstance(value, dict):
        return json.dumps(value)
    return str(value)


def _lookup(document: Any, dotted: str) -> Any:
    """``a.b.c`` in nested dicts (None when absent)."""
    for part in dotted.split("."):
        document = document.get(part) if isinstance(document, Mapping) else None
    return document


def _with_stage_variables(text: str, stage: Mapping[str, Any]) -> str:
    """``${stageVariables.name}`` in an integration URI, replaced by the stage's value."""
    variables = stage.get("variables") or {}
    return re.sub(r"\$\{stageVariables\.([A-Za-z0-9_.\-:]+)\}", lambda m: str(variables.get(m.group(1), "")), text)


def _selected_response(method: Method, subject: str | None) -> Mapping[str, Any]:
    """The method's integration response for ``subject`` (``apigwkit.vtl.select_integration_response``'s rule)."""
    responses = {str(r.get("status_code")): r for r in method.responses}
    try:
        patterns = {code: r.get("selection_pattern") for code, r in responses.items()}
        status = select_integration_response(patterns, subject)
    except MappingTemplateError as error:
        raise GatewayError("API_CONFIGURATION_ERROR", INTERNAL_ERROR, detail=str(error)) from error
    return responses[status]


def _pick_template(templates: Mapping[str, str], accept: str | None) -> tuple[str | None, str | None]:
    """The template for the client's Accept header, else ``application/json``, else the first one."""
    if not templates:
        return None, None
    for media in (part.split(";")[0].strip().lower() for part in (accept or "").split(",")):
        if media in templates:
            return media, templates[media]
    if "application/json" in templates:
        return "application/json", templates["application/json"]
    first = sorted(templates)[0]
    return first, templates[first]


_GATEWAY_VARIABLE = re.compile(
    r"\$(?:\{(context|stageVariables)\.([A-Za-z0-9_.\-]+)\}|(context|stageVariables)\.([A-Za-z0-9_\-]+(?:\.[A-Za-z0-9_\-]+)*))"
)


def _substitute(template: str, context: Mapping[str, Any], stage_variables: Mapping[str, Any]) -> str:
    """A gateway response template: plain ``$context.*`` / ``$stageVariables.*`` substitution, no VTL."""

    def value(match: re.Match[str]) -> str:
        scope = match.group(1) or match.group(3)
        name = match.group(2) or match.group(4)
        found = _lookup(context if scope == "context" else stage_variables, name)
        return "" if found is None else _stringify(found)

    return _GATEWAY_VARIABLE.sub(value, template)


def _model_schema(text: Any) -> dict[str, Any]:
    try:
        schema = json.loads(text) if isinstance(text, str) else text
    except ValueError:
        schema = None
    return schema if isinstance(schema, dict) else {}


def _validation_message(error: Any) -> str:
    """A jsonschema error in the words of API Gateway's validator (the ones it prints most often)."""
    where = "/" + "/".join(str(p) for p in error.absolute_path) if error.absolute_path else ""
    prefix = f"instance at {where}: " if where else ""
    if error.validator == "required":
        missing = [name for name in error.validator_value if name not in (error.instance or {})]
        return prefix + f"object has missing required properties ({json.dumps(missing, separators=(',', ':'))})"
    if error.validator == "type":
        allowed = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        found = _json_type(error.instance)
        return prefix + (
            f"instance type ({found}) does not match any allowed primitive type "
            f"(allowed: {json.dumps(allowed, separators=(',', ':'))})"
        )
    return prefix + str(error.message)


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def _canary(stage: Mapping[str, Any]) -> Mapping[str, Any]:
    settings = stage.get("canary_settings") or []
    return settings[0] if settings else {}


def _resource_policy(api: Mapping[str, Any], attached: list[Mapping[str, Any]]) -> dict[str, Any] | None:
    """The API's resource policy: an ``aws_api_gateway_rest_api_policy``'s, else the API's own ``policy``."""
    for text in [*(p.get("policy") for p in attached), api.get("policy")]:
        if isinstance(text, str) and text.lstrip().startswith("{"):
            return json.loads(text)
    return None
