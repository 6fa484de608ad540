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
import re
import time
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import boto3
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
from lambda_log import FunctionLog

# The standard library's logger (lambda_log), not Powertools': its Logger and event classes cost their import at every
# cold start (issue 22); boto3 is the only third-party import needed here. Every record of an invocation carries its
# correlation_id, route_key and connection_id.
log = FunctionLog("chat")
logger = log.logger

ANONYMOUS = "anonymous"
# API Gateway's connection ids are base64 text ("L0SM9cOFvHcCIhw="); anything else cannot be a key or a URL path here.
CONNECTION_ID = re.compile(r"[A-Za-z0-9+/=_-]{1,128}")
DOMAIN_NAME = re.compile(r"[A-Za-z0-9.-]{1,253}(:[0-9]{1,5})?")
STAGE_NAME = re.compile(r"[A-Za-z0-9_$-]{1,128}")
MAX_IDENTITY_CHARS = 256

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


def endpoint_for(event: dict[str, Any], config: ChatConfig) -> str | None:
    """The @connections endpoint: MANAGEMENT_ENDPOINT, or the stage the event came through (None: not a URL).

    Behind a custom domain the event's domainName is that domain; set MANAGEMENT_ENDPOINT to the execute-api URL.
    """
    if config.management_endpoint:
        return config.management_endpoint
    context = event["requestContext"]
    domain, stage = context.get("domainName"), context.get("stage")
    if not (isinstance(domain, str) and DOMAIN_NAME.fullmatch(domain)):
        return None
    if not (isinstance(stage, str) and STAGE_NAME.fullmatch(stage)):
        return None
    return f"https://{domain}/{stage}"


def client_for(endpoint: str, config: ChatConfig) -> Any:
    client = _management_clients.get(endpoint)
    if client is None:
        client = _management_clients[endpoint] = management_client(endpoint, max_pool_connections=config.fanout_workers)
    return client


def authorizer_identity(event: dict[str, Any]) -> tuple[str, str]:
    """(user id, username) from the $connect authorizer's context (lambda_src/authorizer: sub, username)."""
    context = event["requestContext"].get("authorizer")
    context = context if isinstance(context, Mapping) else {}
    user_id = _identity(context.get("sub")) or _identity(context.get("principalId")) or ANONYMOUS
    return user_id, _identity(context.get("username")) or user_id


def _identity(value: object) -> str | None:
    """A context value usable as a name in the table and in frames: text, encodable as UTF-8, of bounded length."""
    if not isinstance(value, str | int) or isinstance(value, bool):
        return None
    text = str(value)[:MAX_IDENTITY_CHARS]
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return None
    return text or None


def reply(event: dict[str, Any], config: ChatConfig, data: bytes) -> None:
    """Send one frame back to the connection the event came from."""
    connection_id = event["requestContext"]["connectionId"]
    endpoint = endpoint_for(event, config)
    if endpoint is None:
        logger.warning("reply not sent: the event names no usable @connections endpoint")
        return
    outcome, code = post(client_for(endpoint, config), connection_id, data)
    if outcome is not Outcome.DELIVERED:
        logger.warning("reply not delivered", extra={"outcome": outcome.value, "error": code})


# --- routes -----------------------------------------------------------------------------------------------------------


def on_connect(event: dict[str, Any], config: ChatConfig) -> dict[str, Any]:
    context = event["requestContext"]
    user_id, username = authorizer_identity(event)
    connection = Connection(
        connection_id=context["connectionId"],
        user_id=user_id,
        username=username,
        connected_at=_epoch_millis(context.get("connectedAt")),
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


def _epoch_millis(value: object) -> int:
    """API Gateway's connectedAt, or now when the event has none (or not a number)."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 10**14:
        return value
    return int(time.time() * 1000)


def on_disconnect(event: dict[str, Any], config: ChatConfig) -> dict[str, Any]:
    context = event["requestContext"]
    store_for(config).remove(context["connectionId"])
    logger.info(
        "disconnected",
        extra={"status_code": context.get("disconnectStatusCode"), "reason": context.get("disconnectReason")},
    )
    return {"statusCode": 200}


def on_send_message(event: dict[str, Any], config: ChatConfig) -> dict[str, Any]:
    try:
        message = parse_send_message(
            event.get("body"), is_base64=bool(event.get("isBase64Encoded")), max_message_bytes=config.max_message_bytes
        )
    except MessageError as err:
        logger.info("rejected message", extra={"error": err.code, "reason": str(err)})
        reply(event, config, error_frame(err))
        return {"statusCode": 400}

    endpoint = endpoint_for(event, config)
    if endpoint is None:
        logger.warning("not broadcast: the event names no usable @connections endpoint")
        return {"statusCode": 400}
    store = store_for(config)
    sender = sender_of(event, store)
    message_id = event["requestContext"].get("messageId")
    data = message_frame(
        sender,
        message,
        sent_at=datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        message_id=_identity(message_id) if isinstance(message_id, str) else None,
    )
    report = broadcast(
        client_for(endpoint, config),
        data,
        store.live_connection_pages(now=int(time.time()), page_size=config.scan_page_size),
        workers=config.fanout_workers,
        remove=store.remove,
    )
    logger.info("broadcast", extra={**report.as_log(), "failed_codes": sorted(set(report.failed.values()))})
    if len(report.gone) != len(report.removed):
        logger.warning("stale connections left in the table (they expire through TTL)")
    return {"statusCode": 200}


def sender_of(event: dict[str, Any], store: ConnectionStore) -> Sender:
    connection_id = event["requestContext"]["connectionId"]
    row = store.get(connection_id)
    if row is not None:
        return Sender(connection_id=connection_id, user_id=row.user_id, username=row.username)
    user_id, username = authorizer_identity(event)
    return Sender(connection_id=connection_id, user_id=user_id, username=username)


def on_default(event: dict[str, Any], config: ChatConfig) -> dict[str, Any]:
    try:
        parsed = parse_json_object(
            event.get("body"),
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


def lambda_handler(event: dict[str, Any], context: object) -> dict[str, Any]:
    log.start(event)
    try:
        config = ChatConfig.from_env(os.environ)
    except ConfigError:
        logger.exception("chat function misconfigured")
        raise
    problem = shape_problem(event)
    if problem:
        # Not an event API Gateway sends: no connection to answer. 400 also refuses a $connect handshake.
        logger.warning("malformed event", extra={"reason": problem})
        return {"statusCode": 400}
    route_key = event["requestContext"]["routeKey"]
    log.fields.update(route_key=route_key, connection_id=event["requestContext"]["connectionId"])
    return ROUTES.get(route_key, on_default)(event, config)


def shape_problem(event: object) -> str | None:
    """What makes ``event`` unlike API Gateway's WebSocket events, or None (the values a client sends are checked
    by the routes: the body, and the authorizer context the $connect authorizer returned)."""
    if not isinstance(event, dict):
        return f"the event is {type(event).__name__}, not an object"
    context = event.get("requestContext")
    if not isinstance(context, dict):
        return "requestContext is not an object"
    if not isinstance(context.get("routeKey"), str):
        return "requestContext.routeKey is not a string"
    connection_id = context.get("connectionId")
    if not (isinstance(connection_id, str) and CONNECTION_ID.fullmatch(connection_id)):
        return "requestContext.connectionId is not an API Gateway connection id"
    return None
