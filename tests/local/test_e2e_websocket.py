"""End to end: `make run`'s gateway serving examples/websocket-chat over a real ws:// socket.

The authorizer Lambda verifies Cognito tokens moto issued (through moto's JWKS); the chat Lambda keeps
connections in moto's DynamoDB and broadcasts through the local @connections endpoint.
"""

from __future__ import annotations

import asyncio
import io
import json
from collections.abc import Iterator

import aiohttp
import jwt
import pytest

from apigwkit.engine.workspace import REPO_ROOT
from apigwkit.local.server import LocalGateway, serving


@pytest.fixture(scope="module")
def chat(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, LocalGateway]]:
    gateway = LocalGateway(
        REPO_ROOT / "examples/websocket-chat",
        port=0,
        workdir=tmp_path_factory.mktemp("local"),
        log_stream=io.StringIO(),
    )
    with serving(gateway):
        (endpoint,) = gateway.endpoints
        assert endpoint.kind == "WEBSOCKET" and endpoint.url.startswith("ws://")
        stage = gateway.deployment.outputs["websocket_url"].rstrip("/").rsplit("/", 1)[1]
        yield f"{endpoint.url}/{stage}", gateway


def token(gateway: LocalGateway, username: str) -> str:
    outputs = gateway.deployment.outputs
    return gateway.aws.issue_token(outputs["user_pool_id"], outputs["app_client_id"], username).id_token


def connections_in_table(gateway: LocalGateway) -> int:
    table = gateway.deployment.outputs["connection_table_name"]
    return gateway.aws.client("dynamodb").scan(TableName=table)["Count"]


async def next_json(ws: aiohttp.ClientWebSocketResponse) -> dict:
    message = await ws.receive(timeout=30)
    assert message.type == aiohttp.WSMsgType.TEXT, message
    return json.loads(message.data)


def test_connect_without_a_token_is_refused_with_401(chat):
    url, _ = chat

    async def scenario() -> int:
        async with aiohttp.ClientSession() as session:
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await session.ws_connect(url)
            return refused.value.status

    assert asyncio.run(scenario()) == 401


def test_connect_with_a_forged_token_is_refused(chat):
    url, _ = chat

    async def scenario() -> int:
        async with aiohttp.ClientSession() as session:
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await session.ws_connect(url, params={"token": "e30.e30.c2ln"})
            return refused.value.status

    assert asyncio.run(scenario()) in (401, 403)


def test_a_message_is_broadcast_to_every_connected_client(chat):
    url, gateway = chat
    kim, lee = token(gateway, "kim@example.com"), token(gateway, "lee@example.com")

    async def scenario() -> tuple[dict, dict, int, int]:
        async with aiohttp.ClientSession() as session:
            kim_ws = await session.ws_connect(url, params={"token": kim})
            lee_ws = await session.ws_connect(url, params={"token": lee})
            connected = connections_in_table(gateway)
            await kim_ws.send_str(json.dumps({"action": "sendmessage", "message": "안녕하세요"}))
            to_lee, to_kim = await next_json(lee_ws), await next_json(kim_ws)
            await kim_ws.close()
            await lee_ws.close()
            # $disconnect runs after the close handshake, in the gateway's thread
            (api,) = gateway.apis.values()
            assert await asyncio.to_thread(api.wait_disconnected, 30), "$disconnect did not finish"
            return to_lee, to_kim, connected, connections_in_table(gateway)

    to_lee, to_kim, connected, left = asyncio.run(scenario())
    # the chat Lambda signed its @connections posts with credentials of its own, allowed by its role's policy
    chat_function = next(
        r for r in gateway.deployment.resources_of("aws_lambda_function") if "handler" in r.values["function_name"]
    )
    key = gateway.identities.function_environment(chat_function.values["function_name"])["AWS_ACCESS_KEY_ID"]
    principal = gateway.identities.principal(key)
    assert key.startswith("ASIA") and ":assumed-role/" in principal.arn
    (api,) = gateway.deployment.resources_of("aws_apigatewayv2_api")
    stage = url.rsplit("/", 1)[1]
    connections = f"{api.values['execution_arn']}/{stage}/POST/@connections/abc="
    assert principal.verdict("execute-api:ManageConnections", connections) == "Allow"
    assert principal.verdict("execute-api:ManageConnections", connections.replace(stage, "other")) == ""
    assert connected == 2
    assert to_lee["type"] == "message" and to_lee["message"] == "안녕하세요"
    assert to_lee["from"]["userId"] == jwt.decode(kim, options={"verify_signature": False})["sub"]
    assert to_kim["messageId"] == to_lee["messageId"]
    assert left == 0
