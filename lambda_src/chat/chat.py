"""WebSocket chat behind an API Gateway WebSocket API: one function for the $connect, $disconnect, $default and
sendmessage routes, with the open connections kept in a DynamoDB table.

- $connect stores the connection ID, the user the $connect authorizer verified, and an expiry (TTL).
- $disconnect removes the row.
- sendmessage (also "broadcast") posts {"type": "message", ...} to every live connection through @connections; a
  connection that answers 410 Gone is deleted, and one failing connection never stops delivery to the others.
- $default (every message no route matches) answers with a help frame, or an error frame for a malformed message.

Replies to the sender go through @connections as well, so they work whether or not the route is two-way.
"""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime
from typing import Any

import boto3
from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.data_classes import APIGatewayWebSocketEvent
from aws_lambda_powertools.utilities.typing import LambdaContext
from botocore.exceptions import BotoCoreError, ClientError
from chat_config import ChatConfig, ConfigError
from chat_frames import (
    ACTIONS,
    BODY_OVERHEAD_BYTES,
    MessageError,
    Sender,
    error_frame,
    help_frame,
    message_frame,
    parse_json_object,
    parse_send_message,
)
from chat_push import Outcome, broadcast, management_client, post
from chat_store import Connection, ConnectionStore

logger = Logger(service=os.environ.get("POWERTOOLS_SERVICE_NAME", "chat"))

ANONYMOUS = "anonymous"

# boto3 clients and resources are reused across invocations of a warm function.
_management_clients: dict[str, Any] = {}
_tables: dict[str, Any] = {}


def reset_clients() -> None:
    """Forget cached AWS clients (tests start each case against a fresh moto backend)."""
    _management_clients.clear()
    _tables.clear()


def store_for(config: ChatConfig) -> ConnectionStore:
    table = _tables.get(config.table_name)
    if table is None:
        table = _tables[config.table_name] = boto3.resource("dynamodb").Table(config.table_name)
    return ConnectionStore(table, config.ttl_attribute)


def endpoint_for(event: APIGatewayWebSocketEvent, config: ChatConfig) -> str:
    """The @connections endpoint: MANAGEMENT_ENDPOINT, or the stage the event came through.

    Behind a custom domain the event's domainName is that domain; set MANAGEMENT_ENDPOINT to the execute-api URL.
    """
    if config.management_endpoint:
        return config.management_endpoint
    context = event.request_context
    return f"https://{context.domain_name}/{context.stage}"


def client_for(endpoint: str, config: ChatConfig) -> Any:
    client = _management_clients.get(endpoint)
    if client is None:
        client = _management_clients[endpoint] = management_client(endpoint, max_pool_connections=config.fanout_workers)
    return client


def authorizer_identity(event: APIGatewayWebSocketEvent) -> tuple[str, str]:
    """(user id, username) from the $connect authorizer's context (lambda_src/authorizer: sub, username)."""
    context = event.request_context.get("authorizer") or {}
    user_id = str(context.get("sub") or context.get("principalId") or ANONYMOUS)
    return user_id, str(context.get("username") or user_id)


def reply(event: APIGatewayWebSocketEvent, config: ChatConfig, data: bytes) -> None:
    """Send one frame back to the connection the event came from."""
    connection_id = event.request_context.connection_id
    outcome, code = post(client_for(endpoint_for(event, config), config), connection_id, data)
    if outcome is not Outcome.DELIVERED:
        logger.warning("reply not delivered", extra={"outcome": outcome.value, "error": code})


# --- routes -----------------------------------------------------------------------------------------------------------


def on_connect(event: APIGatewayWebSocketEvent, config: ChatConfig) -> dict[str, Any]:
    context = event.request_context
    user_id, username = authorizer_identity(event)
    connection = Connection(
        connection_id=context.connection_id,
        user_id=user_id,
        username=username,
        connected_at=int(context.get("connectedAt") or time.time() * 1000),
        expires_at=int(time.time()) + config.connection_ttl_seconds,
    )
    try:
        store_for(config).add(connection)
    except (ClientError, BotoCoreError):
        # A connection we cannot track would never receive broadcasts: refuse it (the client sees the handshake fail).
        logger.exception("cannot store connection")
        return {"statusCode": 500}
    logger.info("connected", extra={"user_id": user_id, "expires_at": connection.expires_at})
    return {"statusCode": 200}


def on_disconnect(event: APIGatewayWebSocketEvent, config: ChatConfig) -> dict[str, Any]:
    context = event.request_context
    store_for(config).remove(context.connection_id)
    logger.info(
        "disconnected",
        extra={"status_code": context.disconnect_status_code, "reason": context.disconnect_reason},
    )
    return {"statusCode": 200}


def on_send_message(event: APIGatewayWebSocketEvent, config: ChatConfig) -> dict[str, Any]:
    try:
        message = parse_send_message(
            event.body, is_base64=bool(event.get("isBase64Encoded")), max_message_bytes=config.max_message_bytes
        )
    except MessageError as err:
        logger.info("rejected message", extra={"error": err.code, "reason": str(err)})
        reply(event, config, error_frame(err))
        return {"statusCode": 400}

    store = store_for(config)
    sender = sender_of(event, store)
    data = message_frame(
        sender,
        message,
        sent_at=datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        message_id=event.request_context.message_id,
    )
    report = broadcast(
        client_for(endpoint_for(event, config), config),
        data,
        store.live_connection_pages(now=int(time.time()), page_size=config.scan_page_size),
        workers=config.fanout_workers,
        remove=store.remove,
    )
    logger.info("broadcast", extra={**report.as_log(), "failed_codes": sorted(set(report.failed.values()))})
    if len(report.gone) != len(report.removed):
        logger.warning("stale connections left in the table (they expire through TTL)")
    return {"statusCode": 200}


def sender_of(event: APIGatewayWebSocketEvent, store: ConnectionStore) -> Sender:
    connection_id = event.request_context.connection_id
    row = store.get(connection_id)
    if row is not None:
        return Sender(connection_id=connection_id, user_id=row.user_id, username=row.username)
    user_id, username = authorizer_identity(event)
    return Sender(connection_id=connection_id, user_id=user_id, username=username)


def on_default(event: APIGatewayWebSocketEvent, config: ChatConfig) -> dict[str, Any]:
    try:
        parsed = parse_json_object(
            event.body,
            is_base64=bool(event.get("isBase64Encoded")),
            max_body_bytes=config.max_message_bytes + BODY_OVERHEAD_BYTES,
        )
        action = parsed.get("action")
        if action is not None:
            known = ", ".join(sorted(ACTIONS))
            raise MessageError("unknown_action", f"no action {str(action)[:64]!r}; known actions: {known}")
    except MessageError as err:
        logger.info("rejected message", extra={"error": err.code, "reason": str(err)})
        reply(event, config, error_frame(err))
        return {"statusCode": 400}
    reply(event, config, help_frame(parsed))
    return {"statusCode": 200}


ROUTES = {
    "$connect": on_connect,
    "$disconnect": on_disconnect,
    "sendmessage": on_send_message,
    "broadcast": on_send_message,
}


@logger.inject_lambda_context(correlation_id_path="requestContext.requestId", clear_state=True)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    try:
        config = ChatConfig.from_env(os.environ)
    except ConfigError:
        logger.exception("chat function misconfigured")
        raise
    ws_event = APIGatewayWebSocketEvent(event)
    route_key = ws_event.request_context.route_key
    logger.append_keys(route_key=route_key, connection_id=ws_event.request_context.connection_id)
    return ROUTES.get(route_key, on_default)(ws_event, config)
