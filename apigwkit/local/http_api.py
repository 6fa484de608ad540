"""An HTTP API (API Gateway v2, protocol HTTP) served from the applied state.

What it does, in the order API Gateway does it: stage selection (``$default`` or ``/<stage>/``), CORS
preflights answered from the API's CORS configuration, route selection (most specific path first, then a
method over ``ANY``, then ``$default``), throttling per stage and route, authorization (JWT against the
issuer's JWKS, Lambda REQUEST authorizers with simple or IAM-policy responses and their result cache),
then the integration: a Lambda proxy with payload 2.0 or 1.0. One access-log line per request, in the
stage's own format.
"""

from __future__ import annotations

import base64
import json
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

import jwt
from aiohttp import web
from multidict import CIMultiDict

from apigwkit.local.access_log import AccessLog, extended_request_id, request_id, request_time
from apigwkit.local.authorizers import (
    IssuerMap,
    JwksKeys,
    LambdaAuthorizers,
    bearer_token,
    default_issuers,
    stringify,
)
from apigwkit.local.iam import SignatureError, policy_allows, verify_sigv4
from apigwkit.local.integration import (
    TIMEOUT_STATUS,
    function_error_message,
    invoke_within,
    message_body,
    multi_value,
    request_body,
)
from apigwkit.local.state import Deployment, Resource
from apigwkit.local.throttling import Throttles, positive, route_limits

logger = logging.getLogger(__name__)
DEFAULT_INTEGRATION_TIMEOUT_MS = 30_000  # HTTP API's default (and maximum) integration timeout
TEXT_TYPES = ("text/", "application/json", "application/xml", "application/javascript", "application/x-www-form")
# The algorithms a JWT authorizer accepts.
JWT_ALGORITHMS = ("RS256", "RS384", "RS512", "ES256", "ES384", "ES512")


class Denied(Exception):
    """Authorization refused the request: ``status``, API Gateway's message, the reason for the access log and, for
    a JWT refused as invalid, the ``www-authenticate`` challenge's ``error_description``."""

    def __init__(self, status: int, message: str, error: str | None = None, challenge: str | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.error, self.challenge = status, message, error or message, challenge


# --------------------------------------------------------------------------- routes


@dataclass(frozen=True)
class PathTemplate:
    """``/pets/{id}/{proxy+}`` as segments; ``specificity`` orders templates as API Gateway does."""

    segments: tuple[tuple[str, str], ...]  # ("literal", text) | ("variable", name) | ("greedy", name)

    @classmethod
    def parse(cls, path: str) -> PathTemplate:
        parts = []
        for text in [p for p in path.split("/") if p]:
            if text.startswith("{") and text.endswith("+}"):
                parts.append(("greedy", text[1:-2]))
            elif text.startswith("{") and text.endswith("}"):
                parts.append(("variable", text[1:-1]))
            else:
                parts.append(("literal", text))
        return cls(tuple(parts))

    def match(self, path: str) -> dict[str, str] | None:
        request = [p for p in path.split("/") if p]
        params: dict[str, str] = {}
        for index, (kind, text) in enumerate(self.segments):
            if kind == "greedy":
                rest = request[index:]
                if not rest:
                    return None
                params[text] = "/".join(rest)
                return params
            if index >= len(request):
                return None
            if kind == "literal" and request[index] != text:
                return None
            if kind == "variable":
                params[text] = request[index]
        return params if len(request) == len(self.segments) else None

    @property
    def specificity(self) -> tuple[int, ...]:
        rank = {"literal": 2, "variable": 1, "greedy": 0}
        return tuple(rank[kind] for kind, _ in self.segments)


@dataclass(frozen=True)
class Route:
    key: str
    method: str | None  # None: ANY or $default
    template: PathTemplate | None  # None: $default
    values: Mapping[str, Any]
    integration: Mapping[str, Any] | None
    authorizer: Mapping[str, Any] | None

    @property
    def authorization_type(self) -> str:
        return str(self.values.get("authorization_type") or "NONE")


def select_route(routes: list[Route], method: str, path: str) -> tuple[Route, dict[str, str]] | None:
    """The route API Gateway picks: the most specific path, then a method over ANY; ``$default`` last."""
    best: tuple[tuple[Any, ...], Route, dict[str, str]] | None = None
    for route in routes:
        if route.template is None or (route.method is not None and route.method != method):
            continue
        params = route.template.match(path)
        if params is None:
            continue
        rank = (route.template.specificity, route.method is not None)
        if best is None or rank > best[0]:
            best = (rank, route, params)
    if best is not None:
        return best[1], best[2]
    default = next((r for r in routes if r.key == "$default"), None)
    return (default, {}) if default is not None else None


# --------------------------------------------------------------------------- requests


@dataclass
class Incoming:
    """One request as the gateway sees it, and what the access log will say about it."""

    method: str
    path: str  # without the stage prefix
    raw_query: str
    headers: CIMultiDict[str]
    body: bytes
    source_ip: str
    stage: str
    started: float = field(default_factory=time.time)
    request_id: str = field(default_factory=request_id)
    log: dict[str, Any] = field(default_factory=dict)

    @property
    def query(self) -> list[tuple[str, str]]:
        return parse_qsl(self.raw_query, keep_blank_values=True)

    def header(self, name: str) -> str | None:
        values = self.headers.getall(name, [])
        return ",".join(values) if values else None

    def identity_value(self, source: str, path_params: Mapping[str, str], stage_vars: Mapping[str, str]) -> str | None:
        """The value of an identity source such as ``$request.header.Authorization``."""
        for prefix, lookup in (
            ("$request.header.", self.header),
            ("$request.querystring.", lambda n: ",".join(v for k, v in self.query if k == n) or None),
            ("$request.path.", path_params.get),
            ("$stageVariables.", stage_vars.get),
        ):
            if source.startswith(prefix):
                return lookup(source[len(prefix) :])
        return None

    def body_for_event(self) -> tuple[str | None, bool]:
        if not self.body:
            return None, False
        content_type = (self.header("content-type") or "").lower()
        if not content_type or content_type.startswith(TEXT_TYPES):
            try:
                return self.body.decode(), False
            except UnicodeDecodeError:
                pass
        return base64.b64encode(self.body).decode(), True


@dataclass
class Outgoing:
    status: int
    body: bytes = b""
    headers: CIMultiDict[str] = field(default_factory=CIMultiDict)
    error: str | None = None  # API Gateway's own message when it answers itself ($context.error.message)

    @classmethod
    def message(cls, status: int, message: str) -> Outgoing:
        return cls(status, message_body(message), CIMultiDict({"content-type": "application/json"}), message)


# --------------------------------------------------------------------------- the gateway


class HttpApi:
    """One ``aws_apigatewayv2_api`` with protocol HTTP, ready to serve."""

    def __init__(
        self,
        deployment: Deployment,
        api: Resource,
        runtime: Any,
        *,
        access_log: AccessLog | None = None,
        issuers: IssuerMap = default_issuers,
        audiences: Callable[[str], str] = str,
        domain: str = "127.0.0.1",
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.api, self.runtime, self.issuers, self.domain, self.clock = api, runtime, issuers, domain, clock
        self.audiences = audiences  # a configured audience (app client id) -> the one tokens carry
        self.api_id = str(api.values["id"])
        self.access_log = access_log or AccessLog()
        self.throttles = Throttles(clock)
        self.region = str(api.values.get("region") or "us-east-1")
        self.account = str(api.values.get("execution_arn", "::::123456789012").split(":")[4])
        integrations = {r.values["id"]: r.values for r in deployment.of_api("aws_apigatewayv2_integration", api)}
        authorizers = {r.values["id"]: r.values for r in deployment.of_api("aws_apigatewayv2_authorizer", api)}
        self.routes = [
            self._route(r.values, integrations, authorizers) for r in deployment.of_api("aws_apigatewayv2_route", api)
        ]
        self.stages = {
            r.values["name"]: r.values for r in deployment.where("aws_apigatewayv2_stage", api_id=self.api_id)
        }
        imported = [r.first("cors_configuration") for r in deployment.of_api("aws_apigatewayv2_api", api)]
        self.cors = api.first("cors_configuration") or next(filter(None, imported), {})
        self.lambda_authorizers = LambdaAuthorizers(runtime, clock)
        self.jwks = JwksKeys()

    @staticmethod
    def _route(values: Mapping[str, Any], integrations: Mapping[str, Any], authorizers: Mapping[str, Any]) -> Route:
        key = str(values["route_key"])
        target = str(values.get("target") or "")
        integration = integrations.get(target.removeprefix("integrations/")) if target else None
        authorizer = authorizers.get(values.get("authorizer_id") or "")
        if key == "$default":
            return Route(key, None, None, values, integration, authorizer)
        method, _, path = key.partition(" ")
        return Route(
            key, None if method == "ANY" else method, PathTemplate.parse(path), values, integration, authorizer
        )

    def describe(self) -> list[str]:
        """One line per stage and route, for the terminal."""
        lines = [f"stage {name}: /{'' if name == '$default' else name + '/'}" for name in sorted(self.stages)]
        for route in sorted(self.routes, key=lambda r: r.key):
            auth = route.authorization_type
            lines.append(f"{route.key}  [{'public' if auth == 'NONE' else auth}]")
        return lines

    # ---------------------------------------------------------------- entry point

    async def handle(self, request: web.Request) -> web.StreamResponse:
        raw_path = request.rel_url.raw_path
        stage_name, path = self._stage_for(raw_path)
        body = await request_body(request)
        too_large, body = body is None, body or b""
        incoming = Incoming(
            method=request.method,
            path=path,
            raw_query=request.rel_url.raw_query_string,
            headers=CIMultiDict(request.headers),
            body=body,
            source_ip=request.remote or "127.0.0.1",
            stage=stage_name or "-",
        )
        if stage_name is None:
            outgoing = Outgoing.message(404, "Not Found")
        else:
            if too_large:
                outgoing = Outgoing.message(413, "Request Entity Too Large")
            else:
                outgoing = await self.serve(incoming, self.stages[stage_name])
            self._log(incoming, outgoing, self.stages[stage_name])
        response = web.Response(status=outgoing.status, body=outgoing.body)
        for name, value in outgoing.headers.items():
            response.headers.add(name, value)
        response.headers["apigw-requestid"] = incoming.request_id
        return response

    def _stage_for(self, raw_path: str) -> tuple[str | None, str]:
        first, _, rest = raw_path.lstrip("/").partition("/")
        if first and first != "$default" and first in self.stages:
            return first, "/" + rest
        return ("$default", raw_path or "/") if "$default" in self.stages else (None, raw_path)

    async def serve(self, incoming: Incoming, stage: Mapping[str, Any]) -> Outgoing:
        origin = incoming.header("origin")
        if self.cors and incoming.method == "OPTIONS" and origin and incoming.header("access-control-request-method"):
            incoming.log["routeKey"] = "-"
            return self._preflight(origin, incoming)
        selected = select_route(self.routes, incoming.method, incoming.path)
        if selected is None:
            return self._with_cors(Outgoing.message(404, "Not Found"), origin)
        route, path_params = selected
        incoming.log["routeKey"] = route.key
        rate, burst = route_limits(stage, route.key)
        if not self.throttles.allow((stage["name"], route.key), rate, burst):
            return self._with_cors(Outgoing.message(429, "Too Many Requests"), origin)
        stage_vars = dict(stage.get("stage_variables") or {})
        try:
            authorizer_context = await self._authorize(incoming, route, path_params, stage_vars)
        except Denied as denied:
            incoming.log["authorizer.error"] = denied.error
            refused = Outgoing.message(denied.status, denied.message)
            if denied.challenge is not None:  # what a JWT authorizer says about a token it refuses
                refused.headers["www-authenticate"] = (
                    f'Bearer scope="" error="invalid_token" error_description="{denied.challenge}"'
                )
            return self._with_cors(refused, origin)
        outgoing = await self._integrate(incoming, route, path_params, stage_vars, authorizer_context)
        return self._with_cors(outgoing, origin)

    # ---------------------------------------------------------------- CORS

    def _origin_allowed(self, origin: str) -> str | None:
        allowed = self.cors.get("allow_origins") or []
        if origin in allowed:
            return origin
        return "*" if "*" in allowed else None

    def _preflight(self, origin: str, incoming: Incoming) -> Outgoing:
        outgoing = Outgoing(204)
        allow_origin = self._origin_allowed(origin)
        self._explain_cors(origin, allow_origin, incoming)
        if allow_origin is None:
            return outgoing
        outgoing.headers["access-control-allow-origin"] = allow_origin
        for header, key in (
            ("access-control-allow-methods", "allow_methods"),
            ("access-control-allow-headers", "allow_headers"),
        ):
            if self.cors.get(key):
                outgoing.headers[header] = ",".join(self.cors[key])
        if positive(self.cors.get("max_age")):
            outgoing.headers["access-control-max-age"] = str(int(self.cors["max_age"]))
        if self.cors.get("allow_credentials"):
            outgoing.headers["access-control-allow-credentials"] = "true"
        return outgoing

    def _explain_cors(self, origin: str, allow_origin: str | None, incoming: Incoming) -> None:
        """Say why a browser will refuse this preflight's call (the troubleshooting table's "CORS failure" row).

        API Gateway answers such a preflight 204 and logs nothing about it; locally the reason is logged (the
        gateway's own log, on stderr), so the cause is found without the browser's console."""
        problems = []
        if allow_origin is None:
            problems.append(f"origin {origin} is not in allow_origins {list(self.cors.get('allow_origins') or [])}")
        methods = [m.upper() for m in self.cors.get("allow_methods") or []]
        wanted = (incoming.header("access-control-request-method") or "").upper()
        if wanted and "*" not in methods and wanted not in methods:
            problems.append(f"method {wanted} is not in allow_methods {methods}")
        headers = [h.lower() for h in self.cors.get("allow_headers") or []]
        asked = [h.strip().lower() for h in (incoming.header("access-control-request-headers") or "").split(",")]
        missing = [h for h in asked if h and "*" not in headers and h not in headers]
        if missing:
            problems.append(f"headers {missing} are not in allow_headers {headers}")
        if problems:
            logger.warning(
                "CORS preflight %s %s from %s: the browser will refuse the call: %s (the API's cors_configuration "
                "decides; the integration's CORS headers are ignored)",
                wanted or "-",
                incoming.path,
                origin,
                "; ".join(problems),
            )

    def _with_cors(self, outgoing: Outgoing, origin: str | None) -> Outgoing:
        """The API's CORS headers on an answer. With a CORS configuration, API Gateway "ignores CORS headers returned
        from your backend integration" (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-cors.html):
        the integration's ``Access-Control-*`` headers are dropped, so an origin the API does not allow gets none."""
        if self.cors:
            for name in {n for n in outgoing.headers if n.lower().startswith("access-control-")}:
                outgoing.headers.popall(name)
        allow_origin = self._origin_allowed(origin) if self.cors and origin else None
        if allow_origin is not None:
            outgoing.headers["access-control-allow-origin"] = allow_origin
            if self.cors.get("allow_credentials"):
                outgoing.headers["access-control-allow-credentials"] = "true"
            if self.cors.get("expose_headers"):
                outgoing.headers["access-control-expose-headers"] = ",".join(self.cors["expose_headers"])
        return outgoing

    # ---------------------------------------------------------------- authorization

    def route_arn(self, incoming: Incoming, route: Route) -> str:
        path = incoming.path if route.template is not None else "$default"
        return (
            f"arn:aws:execute-api:{self.region}:{self.account}:{self.api_id}/{incoming.stage}/{incoming.method}{path}"
        )

    async def _authorize(
        self, incoming: Incoming, route: Route, path_params: dict[str, str], stage_vars: dict[str, str]
    ) -> dict[str, Any] | None:
        kind = route.authorization_type
        if kind == "NONE":
            return None
        if kind == "JWT" and route.authorizer:
            return await self._authorize_jwt(incoming, route, path_params, stage_vars)
        if kind == "CUSTOM" and route.authorizer:
            return await self._authorize_lambda(incoming, route, path_params, stage_vars)
        if kind == "AWS_IAM":
            raw_path = incoming.path if incoming.stage == "$default" else f"/{incoming.stage}{incoming.path}"
            try:
                key = verify_sigv4(
                    incoming.method,
                    incoming.header("host") or self.domain,
                    raw_path,
                    incoming.raw_query,
                    incoming.headers,
                    incoming.body,
                )
            except SignatureError as error:
                missing = str(error) == "Missing Authentication Token"
                raise Denied(403, "Forbidden" if missing else str(error), str(error)) from None
            incoming.log["authorizer.principalId"] = self.account
            user_arn = f"arn:aws:iam::{self.account}:root"
            return {"iam": {"accessKey": key, "accountId": self.account, "callerId": self.account, "userArn": user_arn}}
        raise Denied(403, "Forbidden", f"{kind} authorization without an authorizer in the state")

    async def _authorize_jwt(
        self, incoming: Incoming, route: Route, path_params: dict[str, str], stage_vars: dict[str, str]
    ) -> dict[str, Any]:
        authorizer = route.authorizer or {}
        config = (authorizer.get("jwt_configuration") or [{}])[0]
        sources = authorizer.get("identity_sources") or ["$request.header.Authorization"]
        token = incoming.identity_value(sources[0], path_params, stage_vars)
        if not token:
            raise Denied(401, "Unauthorized", "no token in " + sources[0])
        try:
            expected_issuer, jwks_url = self.issuers(str(config.get("issuer") or ""))
        except LookupError as error:
            raise Denied(401, "Unauthorized", str(error)) from error
        try:
            claims = await self.jwks.decode(bearer_token(token), jwks_url, expected_issuer, JWT_ALGORITHMS)
        except jwt.PyJWTError as error:
            raise Denied(401, "Unauthorized", f"invalid token: {error}", _jwt_challenge(error)) from error
        audiences = {self.audiences(a) for a in config.get("audience") or []}
        # "API Gateway validates client_id only if aud is not present" (http-api-troubleshooting-jwt.html)
        token_audiences = claims.get("aud") or claims.get("client_id") or []
        token_audiences = {token_audiences} if isinstance(token_audiences, str) else set(token_audiences)
        if audiences and not audiences & token_audiences:
            challenge = "the token does not have a valid audience"  # AWS's words (http-api-troubleshooting-jwt.html)
            raise Denied(401, "Unauthorized", "token audience not accepted", challenge)
        scopes = str(claims.get("scope") or "").split() or list(claims.get("scp") or [])
        required = list(route.values.get("authorization_scopes") or [])
        if required and not set(required) & set(scopes):
            raise Denied(403, "Forbidden", "token lacks the route's scopes")
        incoming.log["authorizer.principalId"] = claims.get("sub")
        return {"jwt": {"claims": {k: stringify(v) for k, v in claims.items()}, "scopes": scopes or None}}

    async def _authorize_lambda(
        self, incoming: Incoming, route: Route, path_params: dict[str, str], stage_vars: dict[str, str]
    ) -> dict[str, Any]:
        authorizer = route.authorizer or {}
        sources = list(authorizer.get("identity_sources") or [])
        identity = [incoming.identity_value(s, path_params, stage_vars) for s in sources]
        if any(v is None for v in identity):
            raise Denied(401, "Unauthorized", "identity source missing")
        ttl = positive(authorizer.get("authorizer_result_ttl_in_seconds")) if sources else None
        result = self.lambda_authorizers.cached(authorizer["id"], identity, ttl)
        if result is None:
            version = str(authorizer.get("authorizer_payload_format_version") or "2.0")
            event = self._authorizer_event(incoming, route, path_params, stage_vars, identity, version)
            invocation, _ = await self.lambda_authorizers.invoke(str(authorizer["authorizer_uri"]), event)
            if invocation.status != "ok" or not isinstance(invocation.payload, dict):
                raise Denied(500, "Internal Server Error", f"authorizer {invocation.status}")
            result = invocation.payload
            self.lambda_authorizers.remember(authorizer["id"], identity, ttl, result)
        simple = bool(authorizer.get("enable_simple_responses"))
        allowed = (
            result.get("isAuthorized") is True if simple else policy_allows(result, self.route_arn(incoming, route))
        )
        if not allowed:
            raise Denied(403, "Forbidden", "authorizer denied")
        incoming.log["authorizer.principalId"] = result.get("principalId")
        return {"lambda": dict(result.get("context") or {})}

    def _authorizer_event(
        self,
        incoming: Incoming,
        route: Route,
        path_params: dict[str, str],
        stage_vars: dict[str, str],
        identity: list[str | None],
        version: str,
    ) -> dict[str, Any]:
        if version == "1.0":
            event = self._event_v1(incoming, route, path_params, stage_vars, None)
            event.update(type="REQUEST", methodArn=self.route_arn(incoming, route), identitySource=",".join(identity))
            return event
        event = self._event_v2(incoming, route, path_params, stage_vars, None)
        for key in ("body", "isBase64Encoded"):
            event.pop(key, None)
        event.update(type="REQUEST", routeArn=self.route_arn(incoming, route), identitySource=identity)
        return event

    # ---------------------------------------------------------------- integration

    async def _integrate(
        self,
        incoming: Incoming,
        route: Route,
        path_params: dict[str, str],
        stage_vars: dict[str, str],
        authorizer: dict[str, Any] | None,
    ) -> Outgoing:
        integration = route.integration
        if integration is None:
            return Outgoing.message(500, "Internal Server Error")
        kind = integration.get("integration_type")
        if integration.get("connection_type") == "VPC_LINK":
            # The load balancer behind the VPC link lives in a VPC; API Gateway answers 503 when it cannot reach it.
            incoming.log["integrationErrorMessage"] = (
                f"private integration through VPC link {integration.get('connection_id')} to "
                f"{integration.get('integration_uri')}: not reachable from this machine (on AWS a 503 here means the "
                "load balancer's targets, security groups or routes; see the troubleshooting table)"
            )
            return Outgoing.message(503, "Service Unavailable")
        if kind != "AWS_PROXY" or ":lambda:" not in str(integration.get("integration_uri")):
            incoming.log["integrationErrorMessage"] = f"{kind} integrations are not served locally"
            return Outgoing.message(500, "Internal Server Error")
        version = str(integration.get("payload_format_version") or "1.0")
        event = (self._event_v2 if version == "2.0" else self._event_v1)(
            incoming, route, path_params, stage_vars, authorizer
        )
        timeout_ms = positive(integration.get("timeout_milliseconds")) or DEFAULT_INTEGRATION_TIMEOUT_MS
        uri = str(integration["integration_uri"])
        invocation = await invoke_within(self.runtime, uri, event, timeout_ms, incoming.log)
        if invocation is None:
            incoming.log["integrationErrorMessage"] = f"The integration did not answer within {int(timeout_ms)} ms"
            return Outgoing.message(TIMEOUT_STATUS, "Gateway Timeout")
        incoming.log["integrationStatus"] = 200
        incoming.log["integrationRequestId"] = getattr(invocation, "request_id", None)
        if invocation.status != "ok":  # an exception, a crash, or the function's own timeout: a function error
            incoming.log["integrationErrorMessage"] = (
                f"The Lambda function returned the following error: {function_error_message(invocation)}. "
                "Check your Lambda function code and try again."
            )
            return Outgoing.message(500, "Internal Server Error")
        outgoing = _proxy_response(invocation.payload, version)
        if outgoing is None:
            incoming.log["integrationErrorMessage"] = "Malformed Lambda proxy response"
            return Outgoing.message(502, "Internal Server Error")
        incoming.log["integration.status"] = outgoing.status  # the function's statusCode ($context.integration.status)
        return outgoing

    def _request_context(self, incoming: Incoming, route: Route) -> dict[str, Any]:
        when, epoch = request_time(incoming.started)
        return {
            "accountId": self.account,
            "apiId": self.api_id,
            "domainName": self.domain,
            "domainPrefix": self.domain.split(".")[0],
            "requestId": incoming.request_id,
            "extendedRequestId": incoming.log.setdefault("extendedRequestId", extended_request_id()),
            "routeKey": route.key,
            "stage": incoming.stage,
            "time": when,
            "timeEpoch": epoch,
        }

    def _event_v2(
        self,
        incoming: Incoming,
        route: Route,
        path_params: dict[str, str],
        stage_vars: dict[str, str],
        authorizer: dict[str, Any] | None,
    ) -> dict[str, Any]:
        headers = {k.lower(): incoming.header(k) for k in incoming.headers if k.lower() != "cookie"}
        cookies = [c.strip() for c in (incoming.header("cookie") or "").split(";") if c.strip()]
        query: dict[str, str] = {}
        for key, value in incoming.query:
            query[key] = f"{query[key]},{value}" if key in query else value
        body, is_base64 = incoming.body_for_event()
        context = self._request_context(incoming, route)
        context["http"] = {
            "method": incoming.method,
            "path": incoming.path,
            "protocol": "HTTP/1.1",
            "sourceIp": incoming.source_ip,
            "userAgent": incoming.header("user-agent") or "",
        }
        if authorizer is not None:
            context["authorizer"] = authorizer
        event: dict[str, Any] = {
            "version": "2.0",
            "routeKey": route.key,
            "rawPath": incoming.path if incoming.stage == "$default" else f"/{incoming.stage}{incoming.path}",
            "rawQueryString": incoming.raw_query,
            "headers": headers,
            "requestContext": context,
            "isBase64Encoded": is_base64,
        }
        optional = {
            "cookies": cookies,
            "queryStringParameters": query,
            "pathParameters": path_params,
            "stageVariables": stage_vars,
            "body": body,
        }
        event.update({k: v for k, v in optional.items() if v})
        return event

    def _event_v1(
        self,
        incoming: Incoming,
        route: Route,
        path_params: dict[str, str],
        stage_vars: dict[str, str],
        authorizer: dict[str, Any] | None,
    ) -> dict[str, Any]:
        multi_headers = multi_value(incoming.headers.items())
        multi_query = multi_value(incoming.query)
        body, is_base64 = incoming.body_for_event()
        resource = route.key.partition(" ")[2] if route.template is not None else "$default"
        context = self._request_context(incoming, route)
        context.update(
            httpMethod=incoming.method,
            path=incoming.path if incoming.stage == "$default" else f"/{incoming.stage}{incoming.path}",
            protocol="HTTP/1.1",
            resourceId=route.values.get("id"),
            resourcePath=resource,
            identity={"sourceIp": incoming.source_ip, "userAgent": incoming.header("user-agent") or ""},
        )
        if authorizer is not None and "iam" in authorizer:  # payload 1.0 names the IAM caller in identity
            iam = authorizer["iam"]
            context["identity"].update(accessKey=iam["accessKey"], accountId=iam["accountId"], userArn=iam["userArn"])
        elif authorizer is not None:
            context["authorizer"] = (
                {"claims": authorizer["jwt"]["claims"], "scopes": authorizer["jwt"]["scopes"]}
                if "jwt" in authorizer
                else authorizer.get("lambda", {})
            )
        return {
            "version": "1.0",
            "resource": resource,
            "path": incoming.path,
            "httpMethod": incoming.method,
            "headers": {k: v[-1] for k, v in multi_headers.items()},
            "multiValueHeaders": multi_headers,
            "queryStringParameters": {k: v[-1] for k, v in multi_query.items()} or None,
            "multiValueQueryStringParameters": multi_query or None,
            "requestContext": context,
            "pathParameters": path_params or None,
            "stageVariables": stage_vars or None,
            "body": body,
            "isBase64Encoded": is_base64,
        }

    # ---------------------------------------------------------------- access log

    def _log(self, incoming: Incoming, outgoing: Outgoing, stage: Mapping[str, Any]) -> None:
        settings = (stage.get("access_log_settings") or [{}])[0]
        when, epoch = request_time(incoming.started)
        context = {
            "requestId": incoming.request_id,
            "extendedRequestId": incoming.log.get("extendedRequestId"),
            "apiId": self.api_id,
            "stage": incoming.stage,
            "domainName": self.domain,
            "httpMethod": incoming.method,
            "path": incoming.path if incoming.stage == "$default" else f"/{incoming.stage}{incoming.path}",
            "protocol": "HTTP/1.1",
            "routeKey": incoming.log.get("routeKey"),
            "status": outgoing.status,
            "responseLength": len(outgoing.body),
            "requestTime": when,
            "requestTimeEpoch": epoch,
            "responseLatency": int((time.time() - incoming.started) * 1000),
            "integrationLatency": incoming.log.get("integrationLatency"),
            "integrationStatus": incoming.log.get("integrationStatus"),
            "integrationErrorMessage": incoming.log.get("integrationErrorMessage"),
            "integration": {
                "error": incoming.log.get("integrationErrorMessage"),
                "integrationStatus": incoming.log.get("integrationStatus"),
                "latency": incoming.log.get("integrationLatency"),
                "requestId": incoming.log.get("integrationRequestId"),
                "status": incoming.log.get("integration.status"),
            },
            # No responseType: AWS lists $context.error.responseType for HTTP APIs only as "A type of GatewayResponse"
            # (http-api-logging-variables.html); HTTP APIs have no gateway responses and no source says which value
            # they write, so it stays unset ("-") rather than guessed.
            "error": {
                "message": outgoing.error,
                "messageString": json.dumps(outgoing.error) if outgoing.error else None,
            },
            "identity": {"sourceIp": incoming.source_ip, "userAgent": incoming.header("user-agent")},
            "authorizer": {
                "error": incoming.log.get("authorizer.error"),
                "principalId": incoming.log.get("authorizer.principalId"),
            },
        }
        self.access_log.write(settings.get("format"), context)


# --------------------------------------------------------------------------- helpers


def _jwt_challenge(error: jwt.PyJWTError) -> str:
    """The ``error_description`` of a refused JWT (wording: local, in the style of AWS's audience message)."""
    for kind, description in (
        (jwt.ExpiredSignatureError, "the token has expired"),
        (jwt.ImmatureSignatureError, "the token is not valid yet"),
        (jwt.InvalidIssuerError, "the token does not have a valid issuer"),
        (jwt.InvalidSignatureError, "the token signature is invalid"),
        (jwt.PyJWKClientError, "the token's signing key is not in the issuer's JWKS"),
        (jwt.DecodeError, "the token is not a valid JWT"),
    ):
        if isinstance(error, kind):
            return description
    return f"the token is invalid: {error}"


def _proxy_response(payload: Any, version: str) -> Outgoing | None:
    """Map a Lambda proxy result to the HTTP response, as payload 2.0 or 1.0 prescribes (None: malformed)."""
    if version == "2.0" and not (isinstance(payload, dict) and "statusCode" in payload):
        # 2.0 accepts a bare value: API Gateway answers 200 with it as a JSON body.
        body = payload if isinstance(payload, str) else json.dumps(payload)
        return Outgoing(200, body.encode(), CIMultiDict({"content-type": "application/json"}))
    if not isinstance(payload, dict) or not isinstance(payload.get("statusCode"), int):
        return None
    headers: CIMultiDict[str] = CIMultiDict()
    for name, values in (payload.get("multiValueHeaders") or {}).items():
        for value in values:
            headers.add(name, str(value))
    for name, value in (payload.get("headers") or {}).items():
        headers[name] = str(value)
    for cookie in payload.get("cookies") or []:
        headers.add("set-cookie", cookie)
    body = payload.get("body") or ""
    raw = base64.b64decode(body) if payload.get("isBase64Encoded") else str(body).encode()
    if "content-type" not in headers and version == "2.0":
        headers["content-type"] = "application/json"
    return Outgoing(payload["statusCode"], raw, headers)
