"""A WebSocket API (API Gateway v2, protocol WEBSOCKET) served from the applied state, with its ``@connections`` API.

What it does, in the order API Gateway does it. A client opens ``ws://{domain}/{stage}``: the ``$connect`` route is
throttled, authorized (a Lambda REQUEST authorizer whose IAM policy must allow the route's ARN; a missing identity
source is 401, a denial 403) and integrated; the upgrade completes only when its integration answers 2xx. Each text
message is routed by the API's route selection expression (``$request.body.action``) to the route of that key, else
``$default``, else API Gateway's ``Forbidden`` error frame; the route is throttled and its Lambda proxy invoked, and a
two-way route (one with a ``$default`` route response) sends the integration's ``body`` back. ``$disconnect`` runs
once the socket is closed, by either side. One access-log line per connect, message and disconnect, in the stage's
own format.

On the same port, ``/{stage}/@connections/{connectionId}`` is the management API boto3's ``apigatewaymanagementapi``
client calls: POST sends a frame, GET describes the connection, DELETE closes it; a connection that is not open
answers 410 ``GoneException``. A call must be SigV4-signed by a caller allowed ``execute-api:ManageConnections``
(``_refuse_management``).
"""

from __future__ import annotations

import asyncio
import base64
import json
import re
import secrets
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import WSCloseCode, WSMsgType, web
from multidict import CIMultiDict

from apigwkit.local.access_log import AccessLog, extended_request_id, request_time
from apigwkit.local.authorizers import LambdaAuthorizers
from apigwkit.local.execution_log import ExecutionLog, as_json
from apigwkit.local.iam import SignatureError, policy_allows, verify_sigv4
from apigwkit.local.identities import Identities
from apigwkit.local.integration import (
    TIMEOUT_STATUS,
    function_error_message,
    invoke_within,
    lambda_endpoint,
    message_body,
    multi_value,
)
from apigwkit.local.state import Deployment, Resource
from apigwkit.local.throttling import Throttles, positive, route_limits

DEFAULT_INTEGRATION_TIMEOUT_MS = 29_000  # WebSocket APIs' default (and maximum) integration timeout
MAX_MESSAGE_BYTES = 128 * 1024  # a larger client message closes the connection with 1009, as in AWS
MAX_POST_BYTES = 128 * 1024  # PostToConnection's Data limit (413 PayloadTooLargeException beyond it)
CLOSE_TIMEOUT_S = 5.0  # how long a server-side close waits for the client's close frame

RESERVED_ROUTES = ("$connect", "$disconnect", "$default")

# API Gateway's error messages: what the client gets in an error frame (or the refused upgrade's body).
FORBIDDEN = "Forbidden"
INTERNAL_ERROR = "Internal server error"
TIMED_OUT = "Endpoint request timed out"
TOO_MANY_REQUESTS = "Too Many Requests"


def aws_id() -> str:
    """An id shaped like API Gateway's WebSocket ids (``XDmENcnwIE0CFEQ=``): connection, request and message ids."""
    return base64.urlsafe_b64encode(secrets.token_bytes(11)).decode()


def error_frame(message: str, connection_id: str, request_id: str) -> str:
    """The frame API Gateway sends when it cannot process a message, byte for byte as AWS writes it."""
    return (
        f'{{"message": {json.dumps(message)}, "connectionId":{json.dumps(connection_id)}, '
        f'"requestId":{json.dumps(request_id)}}}'
    )


def iso8601(epoch_seconds: float) -> str:
    return datetime.fromtimestamp(epoch_seconds, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class Refused(Exception):
    """The ``$connect`` route refused the upgrade: the HTTP status and API Gateway's message (None: the integration
    decided, and ``body`` is its answer)."""

    def __init__(self, status: int, message: str | None, body: bytes = b"") -> None:
        super().__init__(message or f"refused with {status}")
        self.status, self.message = status, message
        self.body = message_body(message) if message else body


# --------------------------------------------------------------------------- route selection

_SELECTOR = re.compile(r"\$\{request\.body\.([^}]+)\}|\$request\.body\.([A-Za-z0-9_\-]+(?:\.[A-Za-z0-9_\-]+)*)")


def selected_route_key(expression: str, body: str | None) -> str | None:
    """The route key a message selects (``$request.body.action`` → the message's ``action``), or None.

    None sends the message to ``$default``: the body is not JSON, or a field the expression names is missing or is
    not a scalar. ``${request.body.a}:${request.body.b}`` combines several fields.
    """
    if body is None:
        return None
    try:
        document = json.loads(body)
    except ValueError:
        return None
    missing = False

    def value(match: re.Match[str]) -> str:
        nonlocal missing
        found: Any = document
        for part in (match.group(1) or match.group(2)).split("."):
            found = found.get(part) if isinstance(found, dict) else None
        if found is None or isinstance(found, dict | list):
            missing = True
            return ""
        return json.dumps(found) if isinstance(found, bool) else str(found)

    key = _SELECTOR.sub(value, expression)
    return None if missing else key


# --------------------------------------------------------------------------- connections and exchanges


@dataclass(frozen=True)
class Route:
    key: str
    values: Mapping[str, Any]
    integration: Mapping[str, Any] | None
    authorizer: Mapping[str, Any] | None
    two_way: bool

    @property
    def authorization_type(self) -> str:
        return str(self.values.get("authorization_type") or "NONE")


@dataclass
class Connection:
    """One client connection, from its upgrade request to its close."""

    stage: str
    source_ip: str
    headers: CIMultiDict[str]
    raw_query: str
    id: str = field(default_factory=aws_id)
    connected_at: float = field(default_factory=time.time)
    last_active_at: float = 0.0
    authorizer: dict[str, Any] | None = None  # what every integration sees as requestContext.authorizer
    socket: web.WebSocketResponse | None = None
    close_code: int | None = None
    close_reason: str = ""
    tasks: set[asyncio.Task[None]] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.last_active_at = self.last_active_at or self.connected_at

    @property
    def user_agent(self) -> str | None:
        return self.headers.get("user-agent")

    @property
    def query(self) -> list[tuple[str, str]]:
        return parse_qsl(self.raw_query, keep_blank_values=True)

    def header(self, name: str) -> str | None:
        values = self.headers.getall(name, [])
        return ",".join(values) if values else None


@dataclass
class Exchange:
    """One connect, message or disconnect as the integration and the access log see it."""

    event_type: str  # CONNECT | MESSAGE | DISCONNECT
    connection: Connection
    route_key: str | None = None
    message_id: str | None = None
    started: float = field(default_factory=time.time)
    request_id: str = field(default_factory=aws_id)
    extended_request_id: str = field(default_factory=extended_request_id)
    status: int = 200
    error: str | None = None  # API Gateway's own error message ($context.error.message)
    log: dict[str, Any] = field(default_factory=dict)
    execution: ExecutionLog = field(default_factory=lambda: ExecutionLog(None, "", ""))  # the stage's execution log


# --------------------------------------------------------------------------- the gateway


class WebSocketApi:
    """One ``aws_apigatewayv2_api`` with protocol WEBSOCKET, ready to serve (``application()``)."""

    def __init__(
        self,
        deployment: Deployment,
        api: Resource,
        runtime: Any,
        *,
        access_log: AccessLog | None = None,
        domain: str = "127.0.0.1:8082",
        clock: Callable[[], float] = time.monotonic,
        identities: Identities | None = None,
    ) -> None:
        self.api, self.runtime, self.domain = api, runtime, domain
        self.api_id = str(api.values["id"])
        self.access_log = access_log or AccessLog()
        self.throttles = Throttles(clock)
        # WebSocket authorizers are not cached (authorizer_result_ttl_in_seconds is an HTTP API setting).
        self.lambda_authorizers = LambdaAuthorizers(runtime, clock)
        self._sessions = 0  # accepted connections whose $disconnect has not finished
        self._sessions_changed = threading.Condition()
        self.region = str(api.values.get("region") or "us-east-1")
        self.account = str(api.values.get("execution_arn", "::::123456789012").split(":")[4])
        self.identities = identities or Identities(self.account)  # who may call @connections, and with what policies
        self.selection_expression = str(api.values.get("route_selection_expression") or "$request.body.action")
        integrations = {
            r.values["id"]: r.values for r in deployment.where("aws_apigatewayv2_integration", api_id=self.api_id)
        }
        authorizers = {
            r.values["id"]: r.values for r in deployment.where("aws_apigatewayv2_authorizer", api_id=self.api_id)
        }
        two_way = {
            r.values.get("route_id")
            for r in deployment.where("aws_apigatewayv2_route_response", api_id=self.api_id)
            if r.values.get("route_response_key") == "$default"
        }
        self.routes: dict[str, Route] = {}
        for resource in deployment.where("aws_apigatewayv2_route", api_id=self.api_id):
            values = resource.values
            target = str(values.get("target") or "")
            self.routes[str(values["route_key"])] = Route(
                key=str(values["route_key"]),
                values=values,
                integration=integrations.get(target.removeprefix("integrations/")) if target else None,
                authorizer=authorizers.get(values.get("authorizer_id") or ""),
                two_way=values.get("id") in two_way,
            )
        self.stages = {
            r.values["name"]: r.values for r in deployment.where("aws_apigatewayv2_stage", api_id=self.api_id)
        }
        self.connections: dict[str, Connection] = {}
        self._background: set[asyncio.Task[Any]] = set()

    def management_endpoint(self, stage: str) -> str:
        """The ``endpoint_url`` of an ``apigatewaymanagementapi`` client for ``stage`` (MANAGEMENT_ENDPOINT)."""
        return f"http://{self.domain}/{stage}"

    def describe(self) -> list[str]:
        """One line per stage and route, for the terminal."""
        lines = [
            f"stage {name}: ws://{self.domain}/{name}  (@connections: {self.management_endpoint(name)}/@connections/ID)"
            for name in sorted(self.stages)
        ]
        lines.append(f"route selection: {self.selection_expression}")
        for key in sorted(self.routes):
            route = self.routes[key]
            auth = route.authorization_type
            notes = ["public" if auth == "NONE" else auth] + (["two-way"] if route.two_way else [])
            lines.append(f"{key}  [{', '.join(notes)}]")
        return lines

    def application(self) -> web.Application:
        app = web.Application(client_max_size=MAX_POST_BYTES + 1024)
        app.router.add_route("*", "/{tail:.*}", self.handle)
        app.on_shutdown.append(self._shutdown)
        return app

    # ---------------------------------------------------------------- entry point

    async def handle(self, request: web.Request) -> web.StreamResponse:
        parts = [p for p in request.rel_url.path.split("/") if p]
        if not parts or parts[0] not in self.stages:
            return _json_response(403, {"message": FORBIDDEN})
        stage = parts[0]
        if len(parts) == 3 and parts[1] == "@connections":
            return await self._manage(request, stage, parts[2])
        if len(parts) == 1 and request.method == "GET" and web.WebSocketResponse().can_prepare(request).ok:
            return await self._serve_connection(request, stage)
        if len(parts) == 1:
            return _json_response(426, {"message": "Upgrade Required"}, {"upgrade": "websocket"})
        return _json_response(403, {"message": FORBIDDEN})

    # ---------------------------------------------------------------- a connection's life

    async def _serve_connection(self, request: web.Request, stage_name: str) -> web.StreamResponse:
        stage = self.stages[stage_name]
        headers = CIMultiDict(request.headers)
        source_ip = request.remote or "127.0.0.1"
        headers.setdefault("X-Forwarded-For", source_ip)
        connection = Connection(stage_name, source_ip, headers, request.rel_url.raw_query_string)
        exchange = Exchange("CONNECT", connection, route_key="$connect", started=connection.connected_at)
        self._begin(exchange, stage)
        try:
            try:
                protocol = await self._connect(exchange, stage)
            except Refused:
                raise
            except Exception as error:  # e.g. a function the runtime does not know: API Gateway's 500
                exchange.log["integrationErrorMessage"] = f"{type(error).__name__}: {error}"
                raise Refused(500, INTERNAL_ERROR) from error
        except Refused as refused:
            exchange.status, exchange.error = refused.status, refused.message
            self._log(exchange, stage)
            return web.Response(status=refused.status, body=refused.body, content_type="application/json")

        socket = web.WebSocketResponse(
            protocols=(protocol,) if protocol else (), max_msg_size=MAX_MESSAGE_BYTES, timeout=CLOSE_TIMEOUT_S
        )
        await socket.prepare(request)
        connection.socket = socket
        self.connections[connection.id] = connection
        with self._sessions_changed:
            self._sessions += 1
        self._log(exchange, stage)
        try:
            await self._receive(connection, stage)
        finally:
            try:
                self.connections.pop(connection.id, None)
                if connection.tasks:
                    await asyncio.gather(*connection.tasks, return_exceptions=True)
                if connection.close_code is None:
                    connection.close_code = socket.close_code or WSCloseCode.ABNORMAL_CLOSURE
                await self._disconnect(connection, stage)
            finally:
                with self._sessions_changed:
                    self._sessions -= 1
                    self._sessions_changed.notify_all()
        return socket

    def wait_disconnected(self, timeout: float) -> bool:
        """From another thread than the gateway's: wait until every accepted connection is closed and its
        ``$disconnect`` has run (AWS runs it after the close, so a client's close returns before it). False on
        timeout."""
        with self._sessions_changed:
            return self._sessions_changed.wait_for(lambda: self._sessions == 0, timeout)

    async def _receive(self, connection: Connection, stage: Mapping[str, Any]) -> None:
        socket = connection.socket
        assert socket is not None
        while True:
            message = await socket.receive()
            if message.type is WSMsgType.TEXT:
                connection.last_active_at = time.time()
                task = asyncio.create_task(self._on_message(connection, stage, message.data))
                connection.tasks.add(task)
                task.add_done_callback(connection.tasks.discard)
            elif message.type is WSMsgType.BINARY:
                # API Gateway does not accept binary frames from clients: it closes the connection with 1003.
                reason = "Binary frames are not supported"
                connection.close_code, connection.close_reason = WSCloseCode.UNSUPPORTED_DATA, reason
                await socket.close(code=WSCloseCode.UNSUPPORTED_DATA, message=reason.encode())
                return
            elif message.type is WSMsgType.CLOSE:
                if connection.close_code is None:
                    connection.close_code, connection.close_reason = message.data, str(message.extra or "")
                return
            elif message.type is WSMsgType.ERROR:
                if connection.close_code is None:  # a protocol error, e.g. a message over the size limit (1009)
                    code = getattr(message.data, "code", None)
                    connection.close_code = code or socket.close_code or WSCloseCode.ABNORMAL_CLOSURE
                    connection.close_reason = str(message.data)
                return
            else:  # CLOSING (a server-side close) or CLOSED
                return

    async def _shutdown(self, app: web.Application) -> None:
        """The server stops: close every connection with 1001 ("going away"); their ``$disconnect`` runs."""
        for connection in list(self.connections.values()):
            self._close(connection, WSCloseCode.GOING_AWAY, "Going away")
        if self._background:
            await asyncio.gather(*self._background, return_exceptions=True)

    def _close(self, connection: Connection, code: int, reason: str) -> None:
        """Close from the server side without waiting for the client's close frame (that happens in the background)."""
        self.connections.pop(connection.id, None)
        if connection.close_code is None:
            connection.close_code, connection.close_reason = code, reason
        if connection.socket is not None and not connection.socket.closed:
            task = asyncio.create_task(connection.socket.close(code=code, message=reason.encode()))
            self._background.add(task)
            task.add_done_callback(self._background.discard)

    # ---------------------------------------------------------------- $connect

    async def _connect(self, exchange: Exchange, stage: Mapping[str, Any]) -> str | None:
        """Run ``$connect``: throttle, authorizer, integration. Returns the subprotocol to accept, or raises Refused."""
        if not self._allow(stage, "$connect"):
            raise Refused(429, TOO_MANY_REQUESTS)
        route = self.routes.get("$connect")
        if route is None:
            return None
        await self._authorize(exchange, route, stage)
        if route.integration is None:
            return None
        invocation, error = await self._invoke(exchange, route, self._connect_event(exchange, stage))
        if error == TIMED_OUT:
            raise Refused(TIMEOUT_STATUS, TIMED_OUT)
        if error is not None:
            raise Refused(502, INTERNAL_ERROR)
        payload = invocation.payload
        status = payload.get("statusCode") if isinstance(payload, dict) else None
        if isinstance(status, int) and not 200 <= status < 300:
            body = payload.get("body") if isinstance(payload, dict) else None
            raise Refused(status, None, str(body or "").encode())
        response_headers = CIMultiDict((payload.get("headers") or {}) if isinstance(payload, dict) else {})
        return response_headers.get("sec-websocket-protocol")

    async def _authorize(self, exchange: Exchange, route: Route, stage: Mapping[str, Any]) -> None:
        kind = route.authorization_type
        if kind == "NONE":
            return
        if kind == "AWS_IAM":  # the upgrade request (GET /{stage}) carries the SigV4 signature
            connection = exchange.connection
            try:
                verify_sigv4(
                    "GET",
                    connection.headers.get("host") or self.domain,
                    f"/{connection.stage}",
                    connection.raw_query,
                    connection.headers,
                    b"",
                )
            except SignatureError as error:
                exchange.log["authorizer.error"] = str(error)
                raise Refused(403, FORBIDDEN) from None
            return
        if kind != "CUSTOM" or not route.authorizer:
            exchange.log["authorizer.error"] = f"{kind} authorization without an authorizer in the state"
            raise Refused(403, FORBIDDEN)
        authorizer = route.authorizer
        connection = exchange.connection
        stage_vars = dict(stage.get("stage_variables") or {})
        sources = list(authorizer.get("identity_sources") or [])
        identity = [self._identity_value(connection, source, stage_vars) for source in sources]
        if any(not value for value in identity):
            exchange.log["authorizer.error"] = "identity source missing"
            raise Refused(401, "Unauthorized")
        event = {
            "type": "REQUEST",
            "methodArn": self.connect_arn(connection.stage),
            **self._request_parts(connection),
            "stageVariables": stage_vars,
            "requestContext": self._request_context(exchange),
        }
        invocation, latency = await self.lambda_authorizers.invoke(str(authorizer["authorizer_uri"]), event)
        exchange.log["authorizer.latency"] = latency
        if invocation.status != "ok":
            error = (invocation.error or {}).get("errorMessage") or invocation.status
            exchange.log["authorizer.error"] = error
            if error == "Unauthorized":  # the authorizer's way to answer 401, as with REST API authorizers
                raise Refused(401, "Unauthorized")
            raise Refused(500, INTERNAL_ERROR)
        result = invocation.payload if isinstance(invocation.payload, dict) else {}
        exchange.log["authorizer.status"] = 200
        if not policy_allows(result, self.connect_arn(connection.stage)):
            exchange.log["authorizer.error"] = "the authorizer's policy does not allow $connect"
            raise Refused(403, FORBIDDEN)
        principal = result.get("principalId")
        exchange.log["authorizer.principalId"] = principal
        connection.authorizer = {**dict(result.get("context") or {}), "principalId": principal}
        connection.authorizer["integrationLatency"] = latency

    def connect_arn(self, stage: str) -> str:
        """The ARN an authorizer's policy must allow: ``arn:aws:execute-api:REGION:ACCOUNT:API/STAGE/$connect``."""
        return f"arn:aws:execute-api:{self.region}:{self.account}:{self.api_id}/{stage}/$connect"

    @staticmethod
    def _identity_value(connection: Connection, source: str, stage_vars: Mapping[str, str]) -> str | None:
        """An identity source: ``route.request.header.X``, ``route.request.querystring.X`` or ``stageVariables.X``."""
        source = source.removeprefix("$")
        for prefix in ("route.request.header.", "request.header."):
            if source.startswith(prefix):
                return connection.header(source[len(prefix) :])
        for prefix in ("route.request.querystring.", "request.querystring."):
            if source.startswith(prefix):
                name = source[len(prefix) :]
                return ",".join(v for k, v in connection.query if k == name) or None
        if source.startswith("stageVariables."):
            return stage_vars.get(source[len("stageVariables.") :])
        return None

    # ---------------------------------------------------------------- messages

    async def _on_message(self, connection: Connection, stage: Mapping[str, Any], body: str) -> None:
        exchange = Exchange("MESSAGE", connection, message_id=aws_id())
        self._begin(exchange, stage)
        try:
            frame = await self._route_message(exchange, stage, body)
        except Exception as error:  # a bug here must not kill the connection: answer as API Gateway would
            exchange.status, exchange.error = 500, INTERNAL_ERROR
            exchange.log["integrationErrorMessage"] = f"{type(error).__name__}: {error}"
            frame = error_frame(INTERNAL_ERROR, connection.id, exchange.request_id)
        if frame is not None:
            await _send(connection, frame)
        self._log(exchange, stage)

    async def _route_message(self, exchange: Exchange, stage: Mapping[str, Any], body: str) -> str | bytes | None:
        """Route one message and run its integration; returns the frame to send back, if any."""
        connection = exchange.connection
        key = selected_route_key(self.selection_expression, body)
        route = self.routes.get(key) if key and key not in RESERVED_ROUTES else None
        route = route or self.routes.get("$default")
        if route is None:
            exchange.status, exchange.error = 403, FORBIDDEN
            # wording: local
            exchange.execution.error(
                f"No route for the message: {self.selection_expression} selects {key!r}, and there is no $default route"
            )
            return error_frame(FORBIDDEN, connection.id, exchange.request_id)
        exchange.route_key = route.key
        exchange.execution.configure(*self._logging(stage, route.key))
        exchange.execution.info(f"WebSocket Request Route: [{route.key}]")
        if not self._allow(stage, route.key):
            exchange.status, exchange.error = 429, TOO_MANY_REQUESTS
            return error_frame(TOO_MANY_REQUESTS, connection.id, exchange.request_id)
        if route.integration is None:
            exchange.status, exchange.error = 500, INTERNAL_ERROR
            exchange.log["integrationErrorMessage"] = f"route {route.key} has no integration"
            return error_frame(INTERNAL_ERROR, connection.id, exchange.request_id)
        event = {"requestContext": self._request_context(exchange), "body": body, "isBase64Encoded": False}
        if stage.get("stage_variables"):
            event["stageVariables"] = dict(stage["stage_variables"])
        invocation, error = await self._invoke(exchange, route, event)
        if error is not None:
            exchange.status, exchange.error = (TIMEOUT_STATUS if error == TIMED_OUT else 500), error
            return error_frame(error, connection.id, exchange.request_id)
        payload = invocation.payload
        status = payload.get("statusCode") if isinstance(payload, dict) else None
        exchange.status = status if isinstance(status, int) else 200
        return _reply(payload) if route.two_way else None

    # ---------------------------------------------------------------- $disconnect

    async def _disconnect(self, connection: Connection, stage: Mapping[str, Any]) -> None:
        """Run ``$disconnect`` once the socket is closed; its result is ignored, as in AWS."""
        exchange = Exchange("DISCONNECT", connection, route_key="$disconnect")
        self._begin(exchange, stage)
        route = self.routes.get("$disconnect")
        if route is not None and route.integration is not None:
            context = self._request_context(exchange)
            context["disconnectStatusCode"] = connection.close_code
            context["disconnectReason"] = connection.close_reason
            host = connection.headers.get("host", self.domain)
            headers = {"Host": host, "X-Forwarded-For": connection.source_ip}
            event = {
                "headers": headers,
                "multiValueHeaders": {k: [v] for k, v in headers.items()},
                "requestContext": context,
                "isBase64Encoded": False,
            }
            _, error = await self._invoke(exchange, route, event)
            if error is not None:
                exchange.status, exchange.error = (TIMEOUT_STATUS if error == TIMED_OUT else 500), error
        self._log(exchange, stage)

    # ---------------------------------------------------------------- integration

    async def _invoke(self, exchange: Exchange, route: Route, event: dict[str, Any]) -> tuple[Any, str | None]:
        """Invoke a route's Lambda proxy; returns (invocation, None) or (invocation or None, API Gateway's error)."""
        integration = route.integration or {}
        kind = integration.get("integration_type")
        if kind != "AWS_PROXY" or ":lambda:" not in str(integration.get("integration_uri")):
            exchange.log["integrationErrorMessage"] = f"{kind} integrations are not served locally"
            return None, INTERNAL_ERROR
        timeout_ms = positive(integration.get("timeout_milliseconds")) or DEFAULT_INTEGRATION_TIMEOUT_MS
        uri = str(integration["integration_uri"])
        execution = exchange.execution
        endpoint = lambda_endpoint(uri, self.region)
        execution.info(f"Endpoint request URI: {endpoint}")
        execution.data(f"Endpoint request body after transformations: {as_json(event)}")
        execution.info(f"Sending request to {endpoint}")
        invocation = await invoke_within(self.runtime, uri, event, timeout_ms, exchange.log)
        if invocation is None:
            exchange.log["integrationErrorMessage"] = "Execution failed due to a timeout error"
            execution.error("Execution failed due to a timeout error")
            return None, TIMED_OUT
        exchange.log["integrationRequestId"] = request_id = getattr(invocation, "request_id", None)
        exchange.log["integrationStatus"] = 200
        latency = exchange.log.get("integrationLatency", 0)
        execution.info(f"Received response. Status: 200, Integration latency: {latency} ms")
        answer = invocation.payload if invocation.status == "ok" else invocation.error
        execution.data(f"Endpoint response body before transformations: {json.dumps(answer)}")
        execution.info(f"AWS Integration Endpoint RequestId : {request_id}")
        if invocation.status != "ok":  # an exception, a crash, or the function's own timeout: a function error
            exchange.log["integrationErrorMessage"] = function_error_message(invocation)
            execution.error(
                "Lambda execution failed with status 200 due to customer function error: "
                f"{function_error_message(invocation)}. Lambda request id: {request_id}"
            )
            return invocation, INTERNAL_ERROR
        payload = invocation.payload
        status = payload.get("statusCode") if isinstance(payload, dict) else None
        exchange.log["integration.status"] = status if isinstance(status, int) else 200
        return invocation, None

    def _request_context(self, exchange: Exchange) -> dict[str, Any]:
        connection = exchange.connection
        when, epoch = request_time(exchange.started)
        identity = {"sourceIp": connection.source_ip}
        if connection.user_agent:
            identity["userAgent"] = connection.user_agent
        context: dict[str, Any] = {
            "routeKey": exchange.route_key,
            "eventType": exchange.event_type,
            "extendedRequestId": exchange.extended_request_id,
            "requestTime": when,
            "messageDirection": "IN",
            "stage": connection.stage,
            "connectedAt": int(connection.connected_at * 1000),
            "requestTimeEpoch": epoch,
            "identity": identity,
            "requestId": exchange.request_id,
            "domainName": self.domain,
            "connectionId": connection.id,
            "apiId": self.api_id,
        }
        if exchange.message_id is not None:
            context["messageId"] = exchange.message_id
        if connection.authorizer is not None:
            context["authorizer"] = dict(connection.authorizer)
        return context

    @staticmethod
    def _request_parts(connection: Connection) -> dict[str, Any]:
        """Headers and query string of the upgrade request, as ``$connect`` events and authorizers receive them."""
        multi_headers = multi_value(connection.headers.items())
        multi_query = multi_value(connection.query)
        parts: dict[str, Any] = {
            "headers": {k: v[-1] for k, v in multi_headers.items()},
            "multiValueHeaders": multi_headers,
        }
        if multi_query:
            parts["queryStringParameters"] = {k: v[-1] for k, v in multi_query.items()}
            parts["multiValueQueryStringParameters"] = multi_query
        return parts

    def _connect_event(self, exchange: Exchange, stage: Mapping[str, Any]) -> dict[str, Any]:
        event = {
            **self._request_parts(exchange.connection),
            "requestContext": self._request_context(exchange),
            "isBase64Encoded": False,
        }
        if stage.get("stage_variables"):
            event["stageVariables"] = dict(stage["stage_variables"])
        return event

    # ---------------------------------------------------------------- throttling

    def _allow(self, stage: Mapping[str, Any], route_key: str) -> bool:
        return self.throttles.allow((stage["name"], route_key), *route_limits(stage, route_key))

    # ---------------------------------------------------------------- @connections

    async def _manage(self, request: web.Request, stage: str, connection_id: str) -> web.StreamResponse:
        """POST (send), GET (describe), DELETE (close) one connection of ``stage``, as the management API does, for a
        SigV4-signed caller whose policies allow ``execute-api:ManageConnections`` on it."""
        data = await request.read()
        refused = self._refuse_management(request, stage, connection_id, data)
        if refused is not None:
            return refused
        connection = self.connections.get(connection_id)
        if connection is None or connection.stage != stage or connection.socket is None or connection.socket.closed:
            return _management_error(410, "GoneException", f"connection {connection_id} is gone")
        if request.method == "POST":
            if len(data) > MAX_POST_BYTES:
                return _management_error(413, "PayloadTooLargeException", "Message too long")
            try:
                frame: str | bytes = data.decode()
            except UnicodeDecodeError:
                frame = data
            if not await _send(connection, frame):
                return _management_error(410, "GoneException", f"connection {connection_id} is gone")
            return web.Response(status=200, headers={"x-amzn-RequestId": aws_id()})
        if request.method == "GET":
            info = {
                "connectedAt": iso8601(connection.connected_at),
                "identity": {"sourceIp": connection.source_ip, "userAgent": connection.user_agent or ""},
                "lastActiveAt": iso8601(connection.last_active_at),
            }
            return _json_response(200, info, {"x-amzn-RequestId": aws_id()})
        if request.method == "DELETE":
            self._close(connection, WSCloseCode.OK, "Connection deleted through @connections")
            return web.Response(status=204, headers={"x-amzn-RequestId": aws_id()})
        return _json_response(403, {"message": FORBIDDEN})

    def _refuse_management(
        self, request: web.Request, stage: str, connection_id: str, body: bytes
    ) -> web.Response | None:
        """API Gateway's 403 for an ``@connections`` call it would refuse: unsigned, signed with a key it does not
        know or a wrong signature, or by a principal whose policies do not allow ``execute-api:ManageConnections``
        on ``{execution ARN}/{stage}/{VERB}/@connections/{id}`` (the ARN IAM policies name; see
        https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-control-access-iam.html).
        The denial's wording is AWS's, account masked and ``{connectionId}`` literal, as boto3 users see it."""
        try:
            key = verify_sigv4(
                request.method,
                request.host,
                request.rel_url.raw_path,
                request.rel_url.raw_query_string,
                request.headers,
                body,
                credentials=self.identities.secrets(),
            )
        except SignatureError as error:
            return _management_error(
                403, _SIGNATURE_ERROR_TYPES.get(str(error), "InvalidSignatureException"), str(error)
            )
        principal = self.identities.principal(key)
        assert principal is not None  # verify_sigv4 knew its secret
        prefix = f"arn:aws:execute-api:{self.region}"
        resource = f"{self.api_id}/{stage}/{request.method}/@connections"
        verdict = principal.verdict(
            "execute-api:ManageConnections", f"{prefix}:{self.account}:{resource}/{connection_id}"
        )
        if verdict == "Allow":
            return None
        shown = f"{prefix}:********{self.account[-4:]}:{resource}/{{connectionId}}"
        message = (
            f"User: {principal.arn} is not authorized to perform: execute-api:ManageConnections on resource: {shown}"
        )
        message += " with an explicit deny" if verdict == "Deny" else ""
        headers = {"x-amzn-ErrorType": "AccessDeniedException", "x-amzn-RequestId": aws_id()}
        return _json_response(403, {"Message": message}, headers)

    # ---------------------------------------------------------------- execution log

    def _logging(self, stage: Mapping[str, Any], route_key: str) -> tuple[str | None, bool | None]:
        """(logging level, data trace) of a route: its route settings, else the stage's default route settings."""
        for settings in [s for s in stage.get("route_settings") or [] if s.get("route_key") == route_key] + list(
            stage.get("default_route_settings") or []
        ):
            if settings.get("logging_level"):
                return str(settings["logging_level"]), bool(settings.get("data_trace_enabled"))
        return None, None

    def _begin(self, exchange: Exchange, stage: Mapping[str, Any]) -> None:
        """The exchange's execution log and its first lines (the lines of
        ``API-Gateway-Execution-Logs_{api}/{stage}`` for a connect, a message and a disconnect)."""
        connection = exchange.connection
        level, data_trace = self._logging(stage, exchange.route_key or "$default")
        execution = exchange.execution = ExecutionLog(
            self.access_log.write_lines,
            f"API-Gateway-Execution-Logs_{self.api_id}/{connection.stage}",
            exchange.request_id,
            level or "OFF",
            bool(data_trace),
        )
        execution.info(f"Extended Request Id: {exchange.extended_request_id}")
        execution.info(f"Starting execution for request: {exchange.request_id}")
        if exchange.event_type == "CONNECT":
            execution.info("WebSocket Request Route: [$connect]")
            execution.info(
                f"Client [UserAgent: {connection.user_agent or ''}, SourceIp: {connection.source_ip}] is connecting "
                f"to WebSocket API [{self.api_id}]."
            )
        elif exchange.event_type == "MESSAGE":
            execution.info(
                f"WebSocket API [{self.api_id}] received message from client [Connection Id: {connection.id}]."
            )
        else:
            execution.info("WebSocket Request Route: [$disconnect]")

    def _end(self, exchange: Exchange) -> None:
        """The exchange's last execution-log lines, then the whole log."""
        execution, connection = exchange.execution, exchange.connection
        if exchange.error:  # wording: local (API Gateway's own answer, and why when a step said so)
            reason = exchange.log.get("authorizer.error") or exchange.log.get("integrationErrorMessage")
            execution.error(
                f"Execution failed: {exchange.status} {exchange.error}" + (f" ({reason})" if reason else "")
            )
        if exchange.event_type == "DISCONNECT":
            execution.info(  # wording: local
                f"Client [Connection Id: {connection.id}] disconnected from API [{self.api_id}] with integration "
                f"response status code [{exchange.status}]. Close reason: [{connection.close_code}: "
                f"{connection.close_reason}]"
            )
        execution.flush()

    # ---------------------------------------------------------------- access log

    def _log(self, exchange: Exchange, stage: Mapping[str, Any]) -> None:
        settings = (stage.get("access_log_settings") or [{}])[0]
        connection = exchange.connection
        when, epoch = request_time(exchange.started)
        log = exchange.log
        context = {
            "requestId": exchange.request_id,
            "extendedRequestId": exchange.extended_request_id,
            "apiId": self.api_id,
            "stage": connection.stage,
            "domainName": self.domain,
            "connectionId": connection.id,
            "connectedAt": int(connection.connected_at * 1000),
            "eventType": exchange.event_type,
            "messageDirection": "IN",
            "messageId": exchange.message_id,
            "routeKey": exchange.route_key,
            "status": exchange.status,
            "requestTime": when,
            "requestTimeEpoch": epoch,
            "responseLatency": int((time.time() - exchange.started) * 1000),
            "identity": {"sourceIp": connection.source_ip, "userAgent": connection.user_agent},
            "integrationLatency": log.get("integrationLatency"),
            "integrationStatus": log.get("integrationStatus"),
            "integrationErrorMessage": log.get("integrationErrorMessage"),
            "integration": {
                "status": log.get("integration.status"),
                "latency": log.get("integrationLatency"),
                "error": log.get("integrationErrorMessage"),
                "requestId": log.get("integrationRequestId"),
            },
            "authorizer": {
                "error": log.get("authorizer.error"),
                "principalId": log.get("authorizer.principalId") or (connection.authorizer or {}).get("principalId"),
                "status": log.get("authorizer.status"),
                "latency": log.get("authorizer.latency"),
            },
            "error": {
                "message": exchange.error,
                "messageString": json.dumps(exchange.error) if exchange.error else None,
            },
            "disconnectStatusCode": connection.close_code if exchange.event_type == "DISCONNECT" else None,
            "disconnectReason": connection.close_reason if exchange.event_type == "DISCONNECT" else None,
        }
        self.access_log.write(settings.get("format"), context)
        self._end(exchange)


# --------------------------------------------------------------------------- helpers


def _reply(payload: Any) -> str | bytes | None:
    """What a two-way route sends back: the proxy result's ``body`` (a bare string or value as itself)."""
    if isinstance(payload, dict):
        if "statusCode" not in payload and "body" not in payload:
            return json.dumps(payload)
        body = payload.get("body")
        if body is None:
            return None
        return base64.b64decode(body) if payload.get("isBase64Encoded") else str(body)
    if payload is None:
        return None
    return payload if isinstance(payload, str) else json.dumps(payload)


async def _send(connection: Connection, frame: str | bytes) -> bool:
    """Send one frame to the client; False when the connection is already gone."""
    socket = connection.socket
    if socket is None or socket.closed:
        return False
    try:
        if isinstance(frame, bytes):
            await socket.send_bytes(frame)
        else:
            await socket.send_str(frame)
    except (ConnectionError, RuntimeError):
        return False
    return True


def _json_response(status: int, document: Any, headers: Mapping[str, str] | None = None) -> web.Response:
    return web.Response(
        status=status,
        body=json.dumps(document).encode(),
        headers={
            "content-type": "application/json",
            **(headers or {}),
        },
    )


# The x-amzn-ErrorType of API Gateway's answers to a signature it refuses (what boto3 raises as the error code).
_SIGNATURE_ERROR_TYPES = {
    "Missing Authentication Token": "MissingAuthenticationTokenException",
    "The security token included in the request is invalid.": "UnrecognizedClientException",
}


def _management_error(status: int, error_type: str, message: str) -> web.Response:
    """A management API error as boto3 reads it: the ``x-amzn-ErrorType`` header names the exception."""
    return _json_response(status, {"message": message}, {"x-amzn-ErrorType": error_type, "x-amzn-RequestId": aws_id()})
