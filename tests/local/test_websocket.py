"""The local WebSocket API gateway (apigwkit/local/websocket.py), driven by a real WebSocket client over TCP.

Most tests serve a hand-written state (one API, every route kind, distinct integration ids) with a fake Lambda
runtime: a REQUEST authorizer that reads ``?token=`` and a small chat function that records every event, answers
two-way routes and broadcasts through the local ``@connections`` endpoint over HTTP, as the real chat Lambda does.
One test serves the state ``terraform apply`` gives for examples/websocket-chat.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import re
import socket
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import boto3
import pytest
import websockets
from aiohttp import ClientSession, WSMsgType, WSServerHandshakeError
from aiohttp.test_utils import TestServer
from botocore import UNSIGNED
from botocore.config import Config
from botocore.exceptions import ClientError
from gateway_testkit import never_answers, sigv4_headers

from apigwkit.engine.workspace import REPO_ROOT
from apigwkit.local.access_log import AccessLog
from apigwkit.local.identities import Identities
from apigwkit.local.state import Deployment
from apigwkit.local.websocket import WebSocketApi, error_frame, selected_route_key
from apigwkit.provider_double.account import CONFIGURED_ROLE

REGION, ACCOUNT, API_ID = "ap-northeast-2", "123456789012", "wsapi01"
CONNECT_ARN = f"arn:aws:execute-api:{REGION}:{ACCOUNT}:{API_ID}/prod/$connect"
FRAME = re.compile(
    r'^\{"message": "(?P<message>[^"]+)", "connectionId":"(?P<cid>[^"]+)", "requestId":"(?P<rid>[^"]+)"\}$'
)
LOG_FORMAT = json.dumps(
    {
        "requestId": "$context.requestId",
        "connectionId": "$context.connectionId",
        "eventType": "$context.eventType",
        "routeKey": "$context.routeKey",
        "status": "$context.status",
        "messageId": "$context.messageId",
        "error": "$context.error.message",
        "integrationError": "$context.integration.error",
        "principal": "$context.authorizer.principalId",
        "authorizerError": "$context.authorizer.error",
        "disconnectStatusCode": "$context.disconnectStatusCode",
        "ip": "$context.identity.sourceIp",
    }
)


def lambda_uri(function: str) -> str:
    arn = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{function}"
    return f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/{arn}/invocations"


CHAT, AUTHORIZER = lambda_uri("chat-handler"), lambda_uri("chat-authorizer")

# --------------------------------------------------------------------------- state


def resource(type_name: str, label: str, **values: Any) -> dict[str, Any]:
    return {"address": f"{type_name}.{label}", "mode": "managed", "type": type_name, "name": label, "values": values}


def websocket_state(
    *,
    routes: Iterable[str] = (
        "$connect",
        "$disconnect",
        "$default",
        "echo",
        "sendmessage",
        "slow",
        "boom",
        "overdue",
        "limited",
    ),
    two_way: Iterable[str] = ("echo", "slow", "boom", "overdue", "limited"),
    identity_sources: Iterable[str] = ("route.request.querystring.token",),
    route_settings: Iterable[dict[str, Any]] = ({"route_key": "limited", "throttling_burst_limit": 2},),
    connect_authorization: str = "CUSTOM",
) -> Deployment:
    """One WebSocket API as Terraform records it: a route, integration and maybe route response per key."""
    api = resource(
        "aws_apigatewayv2_api",
        "this",
        id=API_ID,
        name="chat",
        protocol_type="WEBSOCKET",
        region=REGION,
        route_selection_expression="$request.body.action",
        execution_arn=f"arn:aws:execute-api:{REGION}:{ACCOUNT}:{API_ID}",
    )
    authorizer = resource(
        "aws_apigatewayv2_authorizer",
        "token",
        id="auth01",
        api_id=API_ID,
        authorizer_type="REQUEST",
        authorizer_uri=AUTHORIZER,
        identity_sources=list(identity_sources),
        authorizer_result_ttl_in_seconds=0,
    )
    resources = [api, authorizer]
    for index, key in enumerate(routes):
        custom = key == "$connect" and connect_authorization == "CUSTOM"
        resources.append(
            resource(
                "aws_apigatewayv2_integration",
                key,
                id=f"integ{index}",
                api_id=API_ID,
                integration_type="AWS_PROXY",
                integration_uri=CHAT,
                # the double writes 0 for "not set": the slow route alone has a short timeout
                timeout_milliseconds=200 if key == "slow" else 0,
            )
        )
        resources.append(
            resource(
                "aws_apigatewayv2_route",
                key,
                id=f"route{index}",
                api_id=API_ID,
                route_key=key,
                target=f"integrations/integ{index}",
                authorization_type=connect_authorization if key == "$connect" else "NONE",
                authorizer_id="auth01" if custom else None,
            )
        )
        if key in set(two_way):
            resources.append(
                resource(
                    "aws_apigatewayv2_route_response",
                    key,
                    id=f"rr{index}",
                    api_id=API_ID,
                    route_id=f"route{index}",
                    route_response_key="$default",
                )
            )
    resources.append(
        resource(
            "aws_apigatewayv2_stage",
            "prod",
            id="prod",
            api_id=API_ID,
            name="prod",
            access_log_settings=[{"destination_arn": "arn:aws:logs:::log-group:x", "format": LOG_FORMAT}],
            default_route_settings=[{"throttling_burst_limit": 0, "throttling_rate_limit": 0}],
            route_settings=[{"throttling_rate_limit": 0.001, **s} for s in route_settings],
        )
    )
    return Deployment({"values": {"root_module": {"resources": resources}}}, Path("."))


# --------------------------------------------------------------------------- fake Lambda runtime


@dataclass
class Invocation:
    status: str
    payload: Any = None
    error: dict[str, Any] | None = None
    duration_ms: int = 1
    request_id: str = "00000000-0000-0000-0000-000000000000"


@dataclass
class FakeRuntime:
    """The authorizer and the chat function, in process: records every (ref, event) it is invoked with.

    Authorizer tokens: ``allow:NAME`` (Allow, context sub/username), ``deny`` (Deny), ``elsewhere`` (Allow for another
    API's ARN), ``unauthorized`` (raises "Unauthorized"). $connect refuses with ``?reject=1`` (400) and fails with
    ``?crash=1``; ``?proto=X`` accepts subprotocol X. Routes: echo answers ``echo:BODY``; sendmessage posts to every
    open connection through @connections over HTTP; slow never answers (its timeout is 200 ms); boom raises.
    """

    events: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    open: set[str] = field(default_factory=set)
    deliveries: list[dict[str, int]] = field(default_factory=list)

    async def invoke(self, ref: str, event: dict[str, Any]) -> Invocation:
        self.events.append((ref, event))
        if ref == AUTHORIZER or "chat-authorizer" in ref:
            return self._authorize(event)
        context = event["requestContext"]
        route = context["routeKey"]
        if route == "$connect":
            query = event.get("queryStringParameters") or {}
            if query.get("reject"):
                return Invocation("ok", {"statusCode": 400, "body": "not today"})
            if query.get("crash"):
                return Invocation("error", error={"errorMessage": "connect crashed", "errorType": "RuntimeError"})
            self.open.add(context["connectionId"])
            headers = {"Sec-WebSocket-Protocol": query["proto"]} if query.get("proto") else {}
            return Invocation("ok", {"statusCode": 200, "headers": headers})
        if route == "$disconnect":
            self.open.discard(context["connectionId"])
            return Invocation("ok", {"statusCode": 200})
        if route == "echo":
            return Invocation("ok", {"statusCode": 200, "body": "echo:" + event["body"]})
        if route == "sendmessage":
            await self._broadcast(event)
            return Invocation("ok", {"statusCode": 200})
        if route == "slow":
            await never_answers()  # the integration's 200 ms timeout cancels it
        if route == "boom":
            return Invocation("error", error={"errorMessage": "kaboom", "errorType": "RuntimeError"})
        if route == "overdue":  # the runtime's answer for a handler past the function's own timeout
            return Invocation(
                "timeout", error={"errorMessage": "RequestId: 0f1e Error: Task timed out after 3.00 seconds"}
            )
        return Invocation("ok", {"statusCode": 200, "body": f"{route}:{event.get('body')}"})

    def _authorize(self, event: dict[str, Any]) -> Invocation:
        token = (event.get("queryStringParameters") or {}).get("token") or event["headers"].get("Authorization", "")
        if token == "unauthorized":
            return Invocation("error", error={"errorMessage": "Unauthorized", "errorType": "str"})
        resource = event["methodArn"] if token != "elsewhere" else CONNECT_ARN.replace(API_ID, "otherapi")
        effect = "Allow" if token.startswith("allow:") or token == "elsewhere" else "Deny"
        name = token.removeprefix("allow:")
        answer: dict[str, Any] = {
            "principalId": f"{name}-id",
            "policyDocument": {
                "Version": "2012-10-17",
                "Statement": [{"Action": "execute-api:Invoke", "Effect": effect, "Resource": resource}],
            },
        }
        if effect == "Allow":
            answer["context"] = {"sub": f"{name}-id", "username": name}
        return Invocation("ok", answer)

    async def _broadcast(self, event: dict[str, Any]) -> None:
        context = event["requestContext"]
        endpoint = f"http://{context['domainName']}/{context['stage']}"
        frame = json.dumps({"from": context["authorizer"]["username"], "message": json.loads(event["body"])["text"]})
        statuses = {}
        async with ClientSession() as http:
            for connection_id in sorted(self.open):
                url, data = f"{endpoint}/@connections/{connection_id}", frame.encode()
                async with http.post(url, data=data, headers=sigv4_headers("POST", url, body=data)) as response:
                    statuses[connection_id] = response.status
        self.deliveries.append(statuses)

    def of_route(self, route_key: str) -> list[dict[str, Any]]:
        return [e for ref, e in self.events if ref == CHAT and e["requestContext"]["routeKey"] == route_key]

    def authorizer_events(self) -> list[dict[str, Any]]:
        return [e for ref, e in self.events if ref == AUTHORIZER]


# --------------------------------------------------------------------------- harness


def reserved_socket() -> socket.socket:
    """A socket bound to a free port, held until the test server listens on it (a port probed and bound again later
    can be taken in between)."""
    held = socket.socket()
    held.bind(("127.0.0.1", 0))
    return held


@dataclass
class Served:
    api: WebSocketApi
    server: TestServer
    http: ClientSession
    runtime: FakeRuntime
    log: io.StringIO

    def url(self, path: str = "/prod") -> str:
        return str(self.server.make_url(path))

    async def connect(self, query: str = "token=allow:kim", **options: Any) -> Any:
        return await self.http.ws_connect(self.url("/prod") + (f"?{query}" if query else ""), **options)

    def log_lines(self) -> list[dict[str, str]]:
        return [json.loads(line) for line in self.log.getvalue().splitlines() if line.startswith("{")]

    def execution_lines(self) -> list[str]:
        """The execution log (its messages, without log group and request id)."""
        return [line.split(" ", 2)[2] for line in self.log.getvalue().splitlines() if line.startswith("API-Gateway")]

    def last_connection_id(self) -> str:
        return self.runtime.of_route("$connect")[-1]["requestContext"]["connectionId"]

    def manage(self, method: str, url: str, data: bytes = b"") -> Any:
        """An ``@connections`` call signed with the local credentials (the account itself), as awscurl signs."""
        return self.http.request(method, url, data=data, headers=sigv4_headers(method, url, body=data))


@contextlib.asynccontextmanager
async def serve(
    deployment: Deployment, runtime: FakeRuntime | None = None, identities: Identities | None = None
) -> AsyncIterator[Served]:
    held = reserved_socket()
    port = held.getsockname()[1]
    log = io.StringIO()
    runtime = runtime or FakeRuntime()
    api = WebSocketApi(
        deployment,
        deployment.resources_of("aws_apigatewayv2_api")[0],
        runtime,
        access_log=AccessLog(log),
        domain=f"127.0.0.1:{port}",
        identities=identities,
    )
    server = TestServer(api.application(), host="127.0.0.1", port=port, socket_factory=lambda *_: held)
    await server.start_server()
    try:
        async with ClientSession() as http:
            yield Served(api, server, http, runtime, log)
    finally:
        await server.close()


def run(scenario: Callable[[], Awaitable[None]]) -> None:
    asyncio.run(asyncio.wait_for(scenario(), timeout=20))


async def until(condition: Callable[[], bool], timeout: float = 3.0) -> None:
    """Wait for ``condition``, checked after every turn of the event loop: the gateway, its client and the
    runtime all run in this loop, so what the condition reads changes only between turns."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError("condition not met in time")
        turn = loop.create_future()
        loop.call_soon(turn.set_result, None)
        await turn


async def receive_text(ws: Any) -> str:
    message = await ws.receive(timeout=3)
    assert message.type is WSMsgType.TEXT, message
    return message.data


# --------------------------------------------------------------------------- $connect: authorization


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("", 401),  # no ?token=: the identity source is missing, the authorizer is not even invoked
        ("token=", 401),  # an empty identity source counts as missing
        ("token=unauthorized", 401),  # the authorizer raises "Unauthorized"
        ("token=deny", 403),  # an explicit Deny
        ("token=elsewhere", 403),  # an Allow, but for another API's $connect ARN
    ],
)
def test_connect_refused_by_the_authorizer(query: str, status: int) -> None:
    async def scenario() -> None:
        async with serve(websocket_state()) as served:
            with pytest.raises(WSServerHandshakeError) as refused:
                await served.connect(query)
            assert refused.value.status == status
            assert served.runtime.of_route("$connect") == []  # the integration never ran
            assert len(served.runtime.authorizer_events()) == (0 if status == 401 and "unauth" not in query else 1)
            (line,) = served.log_lines()
            assert (line["eventType"], line["routeKey"], line["status"]) == ("CONNECT", "$connect", str(status))
            assert line["authorizerError"] != "-"

    run(scenario)


def test_connect_with_a_header_identity_source() -> None:
    async def scenario() -> None:
        async with serve(websocket_state(identity_sources=["route.request.header.Authorization"])) as served:
            with pytest.raises(WSServerHandshakeError) as refused:
                await served.connect("token=allow:kim")  # the query does not count: the header is the source
            assert refused.value.status == 401
            ws = await served.connect("", headers={"Authorization": "allow:lee"})
            assert served.runtime.of_route("$connect")[-1]["requestContext"]["authorizer"]["username"] == "lee"
            await ws.close()

    run(scenario)


def test_connect_allowed_passes_the_authorizer_context_to_every_integration() -> None:
    async def scenario() -> None:
        async with serve(websocket_state()) as served:
            ws = await served.connect("token=allow:kim&room=a&room=b", headers={"User-Agent": "pytest-ws"})
            (authorizer_event,) = served.runtime.authorizer_events()
            assert authorizer_event["type"] == "REQUEST"
            assert authorizer_event["methodArn"] == CONNECT_ARN
            assert authorizer_event["queryStringParameters"] == {"token": "allow:kim", "room": "b"}
            assert authorizer_event["multiValueQueryStringParameters"]["room"] == ["a", "b"]
            assert authorizer_event["requestContext"]["eventType"] == "CONNECT"

            (connect,) = served.runtime.of_route("$connect")
            context = connect["requestContext"]
            assert context["eventType"] == "CONNECT" and context["routeKey"] == "$connect"
            assert context["authorizer"] == {
                "sub": "kim-id",
                "username": "kim",
                "principalId": "kim-id",
                "integrationLatency": context["authorizer"]["integrationLatency"],
            }
            assert context["stage"] == "prod" and context["apiId"] == API_ID
            assert context["domainName"] == served.api.domain
            assert context["identity"] == {"sourceIp": "127.0.0.1", "userAgent": "pytest-ws"}
            assert context["messageDirection"] == "IN" and "messageId" not in context
            assert abs(context["connectedAt"] - time.time() * 1000) < 5000
            assert re.fullmatch(r"[A-Za-z0-9_-]{15}=", context["connectionId"])
            assert connect["headers"]["User-Agent"] == "pytest-ws"
            assert connect["multiValueHeaders"]["Upgrade"] == ["websocket"]
            assert connect["queryStringParameters"]["token"] == "allow:kim"
            assert connect["isBase64Encoded"] is False

            await ws.send_str(json.dumps({"action": "echo", "n": 1}))
            assert await receive_text(ws) == 'echo:{"action": "echo", "n": 1}'
            (message,) = served.runtime.of_route("echo")
            assert message["requestContext"]["eventType"] == "MESSAGE"
            assert message["requestContext"]["authorizer"]["username"] == "kim"
            assert message["requestContext"]["connectionId"] == context["connectionId"]
            assert message["requestContext"]["connectedAt"] == context["connectedAt"]
            assert message["requestContext"]["messageId"] and message["isBase64Encoded"] is False
            assert message["requestContext"]["requestId"] != context["requestId"]
            await ws.close()

    run(scenario)


def test_connect_integration_decides_the_upgrade() -> None:
    async def scenario() -> None:
        async with serve(websocket_state()) as served:
            with pytest.raises(WSServerHandshakeError) as refused:
                await served.connect("token=allow:kim&reject=1")  # the $connect function answers 400
            assert refused.value.status == 400
            with pytest.raises(WSServerHandshakeError) as failed:
                await served.connect("token=allow:kim&crash=1")  # the $connect function raises
            assert failed.value.status == 502
            # a refused connection never existed: no $disconnect for it
            assert served.runtime.of_route("$disconnect") == []
            refused_line, failed_line = served.log_lines()
            assert (refused_line["status"], refused_line["error"]) == ("400", "-")  # the integration's own answer
            assert (failed_line["status"], failed_line["error"]) == ("502", "Internal server error")
            assert failed_line["integrationError"] == "connect crashed"

            ws = await served.connect("token=allow:kim&proto=chat.v1", protocols=("chat.v1",))
            assert ws.protocol == "chat.v1"  # the integration's Sec-WebSocket-Protocol header selects it
            await ws.close()

    run(scenario)


def test_connect_without_a_connect_route_and_unknown_stage() -> None:
    async def scenario() -> None:
        async with serve(websocket_state(routes=("$default",), two_way=("$default",))) as served:
            ws = await served.connect("")
            await ws.send_str("plain text")
            assert await receive_text(ws) == "$default:plain text"
            (message,) = served.runtime.of_route("$default")
            assert "authorizer" not in message["requestContext"]
            await ws.close()
            with pytest.raises(WSServerHandshakeError) as refused:
                await served.http.ws_connect(served.url("/dev"))
            assert refused.value.status == 403
            async with served.http.get(served.url("/prod")) as plain:  # no upgrade
                assert plain.status == 426

    run(scenario)


# --------------------------------------------------------------------------- messages


def test_selected_route_key() -> None:
    assert selected_route_key("$request.body.action", '{"action": "sendmessage"}') == "sendmessage"
    assert selected_route_key("$request.body.meta.kind", '{"meta": {"kind": "join"}}') == "join"
    assert selected_route_key("${request.body.service}:${request.body.action}", '{"service":"a","action":"b"}') == "a:b"
    assert selected_route_key("$request.body.action", '{"action": 7}') == "7"
    assert selected_route_key("$request.body.action", '{"action": true}') == "true"
    assert selected_route_key("$request.body.action", '{"other": 1}') is None
    assert selected_route_key("$request.body.action", '{"action": {"nested": 1}}') is None
    assert selected_route_key("$request.body.action", "not json") is None
    assert selected_route_key("$request.body.action", '["a list"]') is None


def test_messages_are_routed_by_the_selection_expression() -> None:
    async def scenario() -> None:
        async with serve(websocket_state()) as served:
            ws = await served.connect()
            await ws.send_str('{"action": "nosuchroute", "x": 1}')  # unknown key → $default
            await ws.send_str("not json at all")  # not JSON → $default
            await ws.send_str('{"action": "$connect"}')  # reserved keys are never selected by a message
            await until(lambda: len(served.runtime.of_route("$default")) == 3)
            bodies = sorted(e["body"] for e in served.runtime.of_route("$default"))
            assert bodies == sorted(['{"action": "nosuchroute", "x": 1}', "not json at all", '{"action": "$connect"}'])
            assert len(served.runtime.of_route("$connect")) == 1
            # $default is one-way here: its function's answer is not sent back
            with pytest.raises(TimeoutError):
                await ws.receive(timeout=0.3)
            # echo is two-way: the function's body comes back as a frame
            await ws.send_str('{"action": "echo"}')
            assert await receive_text(ws) == 'echo:{"action": "echo"}'
            await ws.close()

    run(scenario)


def test_a_message_no_route_takes_gets_the_forbidden_error_frame() -> None:
    async def scenario() -> None:
        async with serve(websocket_state(routes=("$connect", "echo"))) as served:
            ws = await served.connect()
            await ws.send_str('{"action": "nosuchroute"}')
            frame = await receive_text(ws)
            match = FRAME.match(frame)
            assert match is not None, frame
            assert match["message"] == "Forbidden"
            assert match["cid"] == served.last_connection_id()
            assert frame == error_frame("Forbidden", match["cid"], match["rid"])
            line = served.log_lines()[-1]
            assert (line["eventType"], line["status"], line["error"], line["requestId"]) == (
                "MESSAGE",
                "403",
                "Forbidden",
                match["rid"],
            )
            await ws.send_str('{"action": "echo"}')  # the connection stays open
            assert await receive_text(ws) == 'echo:{"action": "echo"}'
            await ws.close()

    run(scenario)


def test_integration_timeout_and_error_frames() -> None:
    async def scenario() -> None:
        async with serve(websocket_state()) as served:
            ws = await served.connect()
            await ws.send_str('{"action": "slow"}')  # never answers, its integration allows 200 ms
            timed_out = FRAME.match(await receive_text(ws))
            assert timed_out is not None and timed_out["message"] == "Endpoint request timed out"
            await ws.send_str('{"action": "boom"}')  # the function raises
            failed = FRAME.match(await receive_text(ws))
            assert failed is not None and failed["message"] == "Internal server error"
            await ws.send_str('{"action": "overdue"}')  # the function's own timeout: a function error, not a 504
            overdue = FRAME.match(await receive_text(ws))
            assert overdue is not None and overdue["message"] == "Internal server error"
            await ws.send_str('{"action": "echo"}')
            assert await receive_text(ws) == 'echo:{"action": "echo"}'
            statuses = {line["routeKey"]: line for line in served.log_lines() if line["eventType"] == "MESSAGE"}
            assert statuses["slow"]["status"] == "504" and statuses["slow"]["error"] == "Endpoint request timed out"
            assert statuses["boom"]["status"] == "500" and statuses["boom"]["integrationError"] == "kaboom"
            assert statuses["overdue"]["status"] == "500"
            assert statuses["overdue"]["integrationError"].endswith("Task timed out after 3.00 seconds")
            await ws.close()

    run(scenario)


def test_a_routes_execution_log_at_info_with_data_trace_names_the_function_error() -> None:
    logged = {"route_key": "boom", "throttling_rate_limit": 100, "throttling_burst_limit": 100,
              "logging_level": "INFO", "data_trace_enabled": True}  # fmt: skip

    async def scenario() -> None:
        async with serve(websocket_state(route_settings=(logged,))) as served:
            ws = await served.connect()
            await ws.send_str('{"action": "echo"}')  # a route without logging: no lines
            await receive_text(ws)
            await ws.send_str('{"action": "boom"}')
            await receive_text(ws)
            await ws.close()
            lines = served.execution_lines()
            assert [line.split(":")[0].split(" [")[0] for line in lines] == [
                "Extended Request Id", "Starting execution for request", "WebSocket API", "WebSocket Request Route",
                "Endpoint request URI", "Endpoint request body after transformations", "Sending request to https",
                "Received response. Status", "Endpoint response body before transformations",
                "AWS Integration Endpoint RequestId ", "Lambda execution failed with status 200 due to customer "
                "function error", "Execution failed",
            ]  # fmt: skip
            assert lines[3] == "WebSocket Request Route: [boom]"
            assert lines[5].startswith('Endpoint request body after transformations: {"requestContext"')
            assert lines[-2].startswith(
                "Lambda execution failed with status 200 due to customer function error: kaboom."
            )
            assert lines[-1] == "Execution failed: 500 Internal server error (kaboom)"

    run(scenario)


def test_with_the_websockets_client_a_functions_own_timeout_is_an_internal_error_frame() -> None:
    """The same answers to a client nobody on the project wrote (the ``websockets`` package)."""

    async def scenario() -> None:
        async with serve(websocket_state()) as served:
            url = served.url("/prod").replace("http://", "ws://") + "?token=allow:kim"
            async with websockets.connect(url) as ws:
                await ws.send('{"action": "overdue"}')  # the function past its own timeout
                overdue = FRAME.match(await asyncio.wait_for(ws.recv(), 3))
                await ws.send('{"action": "slow"}')  # the integration's 200 ms timeout passes first
                slow = FRAME.match(await asyncio.wait_for(ws.recv(), 3))
            assert overdue is not None and overdue["message"] == "Internal server error"
            assert slow is not None and slow["message"] == "Endpoint request timed out"

    run(scenario)


def test_binary_frames_close_with_1003_and_oversized_messages_with_1009() -> None:
    async def scenario() -> None:
        async with serve(websocket_state()) as served:
            ws = await served.connect()
            await ws.send_bytes(b"\x00\x01")
            message = await ws.receive(timeout=3)
            assert message.type is WSMsgType.CLOSE and message.data == 1003
            await until(lambda: len(served.runtime.of_route("$disconnect")) == 1)
            assert served.runtime.of_route("$disconnect")[0]["requestContext"]["disconnectStatusCode"] == 1003

            ws = await served.connect()
            await ws.send_str("x" * (128 * 1024 + 1))  # API Gateway's message limit is 128 KB
            message = await ws.receive(timeout=3)
            assert message.type is WSMsgType.CLOSE and message.data == 1009
            await until(lambda: len(served.runtime.of_route("$disconnect")) == 2)
            assert served.runtime.of_route("$disconnect")[1]["requestContext"]["disconnectStatusCode"] == 1009
            assert served.runtime.of_route("$default") == []  # neither message reached an integration

    run(scenario)


# --------------------------------------------------------------------------- throttling


def test_route_throttling_answers_too_many_requests_frames() -> None:
    async def scenario() -> None:
        async with serve(websocket_state()) as served:
            ws = await served.connect()
            for _ in range(4):  # the route allows a burst of 2 and refills at 0.001/s
                await ws.send_str('{"action": "limited"}')
            frames = [await receive_text(ws) for _ in range(4)]
            throttled = [FRAME.match(f) for f in frames if f.startswith('{"message"')]
            assert len(throttled) == 2 and all(m is not None and m["message"] == "Too Many Requests" for m in throttled)
            assert len(served.runtime.of_route("limited")) == 2
            statuses = sorted(line["status"] for line in served.log_lines() if line["routeKey"] == "limited")
            assert statuses == ["200", "200", "429", "429"]
            # other routes have their own buckets (the stage default is unthrottled)
            await ws.send_str('{"action": "echo"}')
            assert await receive_text(ws) == 'echo:{"action": "echo"}'
            await ws.close()

    run(scenario)


def test_connect_throttling_refuses_the_upgrade_with_429() -> None:
    async def scenario() -> None:
        state = websocket_state(route_settings=[{"route_key": "$connect", "throttling_burst_limit": 1}])
        async with serve(state) as served:
            first = await served.connect()
            with pytest.raises(WSServerHandshakeError) as refused:
                await served.connect()
            assert refused.value.status == 429
            assert len(served.runtime.authorizer_events()) == 1  # throttled before the authorizer
            await first.close()

    run(scenario)


# --------------------------------------------------------------------------- @connections and $disconnect


def test_connections_post_get_delete_and_gone() -> None:
    async def scenario() -> None:
        async with serve(websocket_state()) as served:
            ws = await served.connect(headers={"User-Agent": "pytest-ws"})
            connection_id = served.last_connection_id()
            endpoint = served.api.management_endpoint("prod") + "/@connections/" + connection_id
            assert endpoint.startswith(f"http://{served.api.domain}/prod/@connections/")

            async with served.manage("POST", endpoint, b'{"hello": "there"}') as posted:
                assert posted.status == 200
            assert await receive_text(ws) == '{"hello": "there"}'
            async with served.manage("POST", endpoint, b"\xff\xfe") as binary:
                assert binary.status == 200
            frame = await ws.receive(timeout=3)
            assert frame.type is WSMsgType.BINARY and frame.data == b"\xff\xfe"

            await ws.send_str('{"action": "echo"}')  # activity moves lastActiveAt
            await receive_text(ws)
            async with served.manage("GET", endpoint) as got:
                assert got.status == 200
                info = await got.json()
            assert info["identity"] == {"sourceIp": "127.0.0.1", "userAgent": "pytest-ws"}
            assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", info["connectedAt"])
            assert info["lastActiveAt"] > info["connectedAt"]

            async with served.manage("POST", endpoint, b"x" * (128 * 1024 + 1)) as too_large:
                assert too_large.status == 413
                assert too_large.headers["x-amzn-ErrorType"] == "PayloadTooLargeException"

            async with served.manage("DELETE", endpoint) as deleted:
                assert deleted.status == 204
            closed = await ws.receive(timeout=3)
            assert closed.type is WSMsgType.CLOSE and closed.data == 1000
            for method in ("POST", "GET", "DELETE"):
                async with served.manage(method, endpoint, b"late") as gone:
                    assert gone.status == 410
                    assert gone.headers["x-amzn-ErrorType"] == "GoneException"
            async with served.manage("POST", served.url("/prod/@connections/bm9zdWNoY29ubmVjdA="), b"x") as unknown:
                assert unknown.status == 410
            await until(lambda: len(served.runtime.of_route("$disconnect")) == 1)
            context = served.runtime.of_route("$disconnect")[0]["requestContext"]
            assert (context["eventType"], context["connectionId"]) == ("DISCONNECT", connection_id)
            assert context["disconnectStatusCode"] == 1000

    run(scenario)


def test_a_real_boto3_management_client() -> None:
    async def scenario() -> None:
        async with serve(websocket_state()) as served:
            ws = await served.connect()
            connection_id = served.last_connection_id()
            client = boto3.client(
                "apigatewaymanagementapi",
                endpoint_url=served.api.management_endpoint("prod"),
                region_name=REGION,
                aws_access_key_id="testing",
                aws_secret_access_key="testing",
                config=Config(retries={"max_attempts": 1}),
            )
            await asyncio.to_thread(client.post_to_connection, ConnectionId=connection_id, Data=b"from boto3")
            assert await receive_text(ws) == "from boto3"
            info = await asyncio.to_thread(client.get_connection, ConnectionId=connection_id)
            assert info["Identity"]["SourceIp"] == "127.0.0.1"
            assert abs(info["ConnectedAt"].timestamp() - time.time()) < 10
            assert info["LastActiveAt"] >= info["ConnectedAt"]
            await asyncio.to_thread(client.delete_connection, ConnectionId=connection_id)
            assert (await ws.receive(timeout=3)).type is WSMsgType.CLOSE
            with pytest.raises(client.exceptions.GoneException):
                await asyncio.to_thread(client.post_to_connection, ConnectionId=connection_id, Data=b"late")

    run(scenario)


MANAGE_POLICY = {
    "Version": "2012-10-17",
    "Statement": [
        {"Effect": "Allow", "Action": "execute-api:ManageConnections",
         "Resource": f"arn:aws:execute-api:{REGION}:{ACCOUNT}:{API_ID}/prod/POST/@connections/*"},
    ],
}  # fmt: skip


def test_connections_need_a_sigv4_signature_by_a_caller_allowed_to_manage_connections() -> None:
    """What boto3 gets from API Gateway when it forgets to sign, signs badly, or its role lacks the permission."""
    identities = Identities(ACCOUNT)
    identities.add_function("pusher", "pusher-role", (MANAGE_POLICY,))
    identities.add_function("bystander", "bystander-role", ())

    def client(served: Served, credentials: dict[str, str] | None) -> Any:
        options = (
            {"aws_access_key_id": "x", "aws_secret_access_key": "x"}
            if credentials is None
            else {
                "aws_access_key_id": credentials["AWS_ACCESS_KEY_ID"],
                "aws_secret_access_key": credentials["AWS_SECRET_ACCESS_KEY"],
                "aws_session_token": credentials.get("AWS_SESSION_TOKEN"),
            }
        )
        config = Config(retries={"max_attempts": 1}, signature_version=UNSIGNED if credentials is None else None)
        return boto3.client(
            "apigatewaymanagementapi", endpoint_url=served.api.management_endpoint("prod"), region_name=REGION,
            config=config, **options,
        )  # fmt: skip

    def refusal(call: Callable[[], Any]) -> tuple[int, str, str]:
        with pytest.raises(ClientError) as refused:
            call()
        error = refused.value.response
        return error["ResponseMetadata"]["HTTPStatusCode"], error["Error"]["Code"], error["Error"]["Message"]

    async def scenario() -> None:
        async with serve(websocket_state(), identities=identities) as served:
            ws = await served.connect()
            cid = served.last_connection_id()
            pusher = identities.function_environment("pusher")
            unsigned = client(served, None)
            forged = client(served, {**pusher, "AWS_SECRET_ACCESS_KEY": "not-the-secret"})
            stranger = client(served, {"AWS_ACCESS_KEY_ID": "AKIAUNKNOWN000000000", "AWS_SECRET_ACCESS_KEY": "x"})
            bystander = client(served, identities.function_environment("bystander"))

            def post(c: Any) -> Callable[[], Any]:
                return lambda: c.post_to_connection(ConnectionId=cid, Data=b"hi")

            assert await asyncio.to_thread(refusal, post(unsigned)) == (
                403, "MissingAuthenticationTokenException", "Missing Authentication Token"
            )  # fmt: skip
            assert await asyncio.to_thread(refusal, post(stranger)) == (
                403, "UnrecognizedClientException", "The security token included in the request is invalid."
            )  # fmt: skip
            status, code, message = await asyncio.to_thread(refusal, post(forged))
            assert (status, code) == (403, "InvalidSignatureException")
            assert message.startswith("The request signature we calculated does not match")
            assert await asyncio.to_thread(refusal, post(bystander)) == (
                403,
                "AccessDeniedException",
                f"User: arn:aws:sts::{ACCOUNT}:assumed-role/bystander-role/bystander is not authorized to perform: "
                f"execute-api:ManageConnections on resource: "
                f"arn:aws:execute-api:{REGION}:********9012:{API_ID}/prod/POST/@connections/{{connectionId}}",
            )
            # the pusher's role allows POST only
            allowed = client(served, pusher)
            await asyncio.to_thread(allowed.post_to_connection, ConnectionId=cid, Data=b"from the pusher")
            assert await receive_text(ws) == "from the pusher"
            status, code, _ = await asyncio.to_thread(refusal, lambda: allowed.get_connection(ConnectionId=cid))
            assert (status, code) == (403, "AccessDeniedException")
            await ws.close()

    run(scenario)


def test_disconnect_runs_when_the_client_closes() -> None:
    async def scenario() -> None:
        async with serve(websocket_state()) as served:
            ws = await served.connect("token=allow:kim")
            connection_id = served.last_connection_id()
            await ws.close(code=4000, message=b"bye")
            await until(lambda: len(served.runtime.of_route("$disconnect")) == 1)
            (event,) = served.runtime.of_route("$disconnect")
            context = event["requestContext"]
            assert context["eventType"] == "DISCONNECT" and context["routeKey"] == "$disconnect"
            assert (context["disconnectStatusCode"], context["disconnectReason"]) == (4000, "bye")
            assert context["connectionId"] == connection_id
            assert context["authorizer"]["username"] == "kim"
            assert event["headers"]["X-Forwarded-For"] == "127.0.0.1"
            async with served.manage(
                "POST", f"{served.api.management_endpoint('prod')}/@connections/{connection_id}"
            ) as r:
                assert r.status == 410

    run(scenario)


def test_server_shutdown_closes_connections_with_1001_and_runs_disconnect() -> None:
    async def scenario() -> None:
        runtime = FakeRuntime()
        async with serve(websocket_state(), runtime) as served:
            ws = await served.connect()
            reader = asyncio.create_task(ws.receive(timeout=5))  # a client that is listening answers the close
            await served.server.close()
            assert (await reader).data == 1001
        (event,) = runtime.of_route("$disconnect")
        assert event["requestContext"]["disconnectStatusCode"] == 1001

    run(scenario)


def test_broadcast_between_two_clients_through_connections() -> None:
    async def scenario() -> None:
        async with serve(websocket_state()) as served:
            kim = await served.connect("token=allow:kim")
            lee = await served.connect("token=allow:lee")
            await kim.send_str(json.dumps({"action": "sendmessage", "text": "hi all"}))
            expected = {"from": "kim", "message": "hi all"}
            assert json.loads(await receive_text(kim)) == expected
            assert json.loads(await receive_text(lee)) == expected
            await until(lambda: len(served.runtime.deliveries) == 1)
            (delivery,) = served.runtime.deliveries
            assert sorted(delivery.values()) == [200, 200]
            # after lee leaves, a broadcast reaches kim alone, and a stale id answers 410
            lee_id = [e["requestContext"]["connectionId"] for e in served.runtime.of_route("$connect")][1]
            await lee.close()
            await until(lambda: lee_id not in served.runtime.open)
            served.runtime.open.add(lee_id)  # a stale row, as a table whose $disconnect never ran would hold
            await kim.send_str(json.dumps({"action": "sendmessage", "text": "still here?"}))
            assert json.loads(await receive_text(kim))["message"] == "still here?"
            await until(lambda: len(served.runtime.deliveries) == 2)
            assert served.runtime.deliveries[1][lee_id] == 410
            await kim.close()

    run(scenario)


# --------------------------------------------------------------------------- access log


def test_access_log_line_per_connect_message_and_disconnect() -> None:
    async def scenario() -> None:
        async with serve(websocket_state()) as served:
            ws = await served.connect("token=allow:kim")
            connection_id = served.last_connection_id()
            await ws.send_str('{"action": "echo"}')
            await receive_text(ws)
            await ws.close()
            await until(lambda: len(served.log_lines()) == 3)
            connect, message, disconnect = served.log_lines()
            assert {line["connectionId"] for line in (connect, message, disconnect)} == {connection_id}
            assert [(x["eventType"], x["routeKey"], x["status"]) for x in (connect, message, disconnect)] == [
                ("CONNECT", "$connect", "200"),
                ("MESSAGE", "echo", "200"),
                ("DISCONNECT", "$disconnect", "200"),
            ]
            assert connect["requestId"] == served.runtime.of_route("$connect")[0]["requestContext"]["requestId"]
            echo = served.runtime.of_route("echo")[0]["requestContext"]
            assert (message["requestId"], message["messageId"]) == (echo["requestId"], echo["messageId"])
            assert connect["messageId"] == "-" and connect["error"] == "-"
            assert connect["principal"] == message["principal"] == "kim-id"
            assert disconnect["disconnectStatusCode"] == "1000" and connect["ip"] == "127.0.0.1"
            assert len({line["requestId"] for line in (connect, message, disconnect)}) == 3

    run(scenario)


def test_describe() -> None:
    api_resource = websocket_state().resources_of("aws_apigatewayv2_api")[0]
    api = WebSocketApi(websocket_state(), api_resource, FakeRuntime(), domain="127.0.0.1:9000")
    lines = api.describe()
    assert (
        lines[0] == "stage prod: ws://127.0.0.1:9000/prod  (@connections: http://127.0.0.1:9000/prod/@connections/ID)"
    )
    assert "route selection: $request.body.action" in lines
    assert "$connect  [CUSTOM]" in lines and "echo  [public, two-way]" in lines and "$default  [public]" in lines
    assert api.management_endpoint("prod") == "http://127.0.0.1:9000/prod"


# --------------------------------------------------------------------------- the example's own state


@pytest.fixture(scope="module")
def chat_example() -> Iterator[Deployment]:
    # in an account whose API Gateway CloudWatch role is set, so that the stage writes access logs
    deployment = Deployment.apply(
        REPO_ROOT / "examples/websocket-chat",
        {"cloudwatch_role_arn": CONFIGURED_ROLE},
        account_preset="configured",
    )
    yield deployment
    deployment.close()


def test_the_websocket_chat_example_state(chat_example: Deployment) -> None:
    """examples/websocket-chat as applied: the token authorizer on $connect, sendmessage broadcasts, $default."""

    async def scenario() -> None:
        async with serve(chat_example) as served:
            api_id = served.api.api_id
            assert served.api.selection_expression == "$request.body.action"
            assert {"$connect", "$disconnect", "$default", "sendmessage"} <= set(served.api.routes)
            with pytest.raises(WSServerHandshakeError) as refused:
                await served.connect("")  # route.request.querystring.token is the identity source
            assert refused.value.status == 401
            kim = await served.connect("token=allow:kim")
            lee = await served.connect("token=allow:lee")
            (authorizer_event, _) = [e for ref, e in served.runtime.events if "chat-authorizer" in ref]
            assert authorizer_event["methodArn"].endswith(f":{api_id}/prod/$connect")
            await kim.send_str(json.dumps({"action": "sendmessage", "text": "hello"}))
            assert json.loads(await receive_text(lee)) == {"from": "kim", "message": "hello"}
            assert json.loads(await receive_text(kim)) == {"from": "kim", "message": "hello"}
            await lee.send_str('{"action": "unknown"}')
            await until(lambda: any(e["requestContext"]["routeKey"] == "$default" for _, e in served.runtime.events))
            await kim.close()
            await lee.close()
            await until(lambda: len([line for line in served.log_lines() if line["eventType"] == "DISCONNECT"]) == 2)
            assert all(line["connectionId"] != "-" for line in served.log_lines())

    run(scenario)


def test_an_iam_connect_verifies_the_upgrade_requests_sigv4_signature() -> None:
    def signed(url: str, secret: str) -> dict[str, str]:
        return sigv4_headers("GET", url, secret=secret, region=REGION)

    async def scenario() -> None:
        async with serve(websocket_state(connect_authorization="AWS_IAM")) as served:
            url = served.url("/prod")
            ws = await served.http.ws_connect(url, headers=signed(url, "testing"))
            assert served.runtime.of_route("$connect")  # the integration ran after the signature verified
            await ws.close()
            for headers in (signed(url, "not-the-secret"), {}):
                with pytest.raises(WSServerHandshakeError) as refused:
                    await served.http.ws_connect(url, headers=headers)
                assert refused.value.status == 403

    run(scenario)
