"""Helpers for the chat tests: WebSocket events as API Gateway sends them, reading what moto's @connections received,
and a stand-in for connections that have gone away (moto's post_to_connection never answers 410)."""

from __future__ import annotations

import copy
import json
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from botocore.awsrequest import AWSResponse
from moto.apigatewaymanagementapi.models import apigatewaymanagementapi_backends

ACCOUNT = "123456789012"
REGION = "ap-northeast-2"
API_ID = "a1b2c3d4e5"
STAGE = "prod"
DOMAIN = f"{API_ID}.execute-api.{REGION}.amazonaws.com"
ENDPOINT = f"https://{DOMAIN}/{STAGE}"
TABLE = "chat-connections"


# --- events -----------------------------------------------------------------------------------------------------------

_REQUEST_CONTEXT: dict[str, Any] = {
    "extendedRequestId": "Cq1WzjTwoE0EMhA=",
    "requestTime": "24/Nov/2026:10:15:30 +0000",
    "stage": STAGE,
    "connectedAt": 1795514130000,
    "requestTimeEpoch": 1795514130417,
    "identity": {"sourceIp": "203.0.113.10", "userAgent": "wscat/6.0"},
    "requestId": "Cq1WzjTwoE0EMhA=",
    "domainName": DOMAIN,
    "apiId": API_ID,
    "messageDirection": "IN",
}


def connect_event(connection_id: str, authorizer: dict[str, Any] | None = None) -> dict[str, Any]:
    """$connect as API Gateway sends it after a Lambda REQUEST authorizer allowed the handshake."""
    context = {
        **copy.deepcopy(_REQUEST_CONTEXT),
        "routeKey": "$connect",
        "eventType": "CONNECT",
        "connectionId": connection_id,
    }
    if authorizer is not None:
        context["authorizer"] = {**authorizer, "integrationLatency": 42}
    return {
        "headers": {"Host": DOMAIN, "Sec-WebSocket-Version": "13", "Sec-WebSocket-Key": "mNRIjuK+dWTWDS8VCYeuyg=="},
        "multiValueHeaders": {"Host": [DOMAIN], "Sec-WebSocket-Version": ["13"]},
        "queryStringParameters": {"token": "eyJ..."},
        "multiValueQueryStringParameters": {"token": ["eyJ..."]},
        "requestContext": context,
        "isBase64Encoded": False,
    }


def message_event(
    connection_id: str, body: str | None, *, route_key: str = "sendmessage", is_base64: bool = False
) -> dict[str, Any]:
    context = {
        **copy.deepcopy(_REQUEST_CONTEXT),
        "routeKey": route_key,
        "eventType": "MESSAGE",
        "messageId": "Cq2AbFgHoE0Fq8Q=",
        "connectionId": connection_id,
    }
    return {"requestContext": context, "body": body, "isBase64Encoded": is_base64}


def send(connection_id: str, message: Any) -> dict[str, Any]:
    return message_event(connection_id, json.dumps({"action": "sendmessage", "message": message}))


def disconnect_event(connection_id: str) -> dict[str, Any]:
    context = {
        **copy.deepcopy(_REQUEST_CONTEXT),
        "routeKey": "$disconnect",
        "eventType": "DISCONNECT",
        "connectionId": connection_id,
        "disconnectStatusCode": 1001,
        "disconnectReason": "Going away",
    }
    return {"headers": {"Host": DOMAIN}, "multiValueHeaders": {"Host": [DOMAIN]}, "requestContext": context}


def connection_ids(count: int, prefix: str = "c") -> list[str]:
    """IDs shaped like API Gateway's (base64 ending in '=', which the @connections URL percent-encodes)."""
    return [f"{prefix}{i:03d}Abc0oE0CIhw=" for i in range(count)]


# --- what the clients received ----------------------------------------------------------------------------------------


def received(connection_id: str) -> list[dict[str, Any]]:
    """Every frame moto's @connections recorded for `connection_id`, in order.

    moto keeps one byte string per connection (posts are appended) under the percent-encoded ID of the URL, so the
    frames, each a JSON document, are read back one after the other.
    """
    backend = apigatewaymanagementapi_backends[ACCOUNT][REGION]
    connection = backend.connections.get(quote(connection_id, safe="")) or backend.connections.get(connection_id)
    if connection is None:
        return []
    text, frames, decoder, position = connection.data.decode("utf-8"), [], json.JSONDecoder(), 0
    while position < len(text):
        frame, position = decoder.raw_decode(text, position)
        frames.append(frame)
    return frames


# --- connections that answer something other than 200 -----------------------------------------------------------------


@dataclass
class ConnectionFaults:
    """Makes the real boto3 client answer like API Gateway for chosen connections; every other post goes to moto.

    It hooks the client's own event system the way botocore's Stubber does (a `before-call` handler returning an
    HTTP response and its parsed body), so the client raises the genuine modelled exception (GoneException for 410)
    and the handler's retry and error handling run as they would against AWS. Unlike a Stubber, whose queue of
    responses must be consumed in order, it answers by connection ID, so it works with a concurrent fan-out.

    It also records every post and the largest number of posts in flight at once (`overlap` holds each post until
    that many are in flight together, so that a concurrent fan-out is observed rather than inferred from timing).
    """

    gone: set[str] = field(default_factory=set)
    errors: dict[str, tuple[int, str]] = field(default_factory=dict)  # id -> (HTTP status, error code)
    overlap: int = 0
    posted: list[str] = field(default_factory=list)
    max_in_flight: int = 0
    _in_flight: int = 0
    _lock: threading.Condition = field(default_factory=threading.Condition)

    def install(self, client: Any) -> None:
        events = client.meta.events
        events.register_first("before-parameter-build.apigatewaymanagementapi.PostToConnection", self._note)
        events.register_first("before-call.apigatewaymanagementapi.PostToConnection", self._answer)
        events.register("after-call.apigatewaymanagementapi.PostToConnection", self._done)
        events.register("after-call-error.apigatewaymanagementapi.PostToConnection", self._done)

    def _note(self, params: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
        context["connection_id"] = params["ConnectionId"]
        with self._lock:
            self.posted.append(params["ConnectionId"])
            self._in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self._in_flight)
            self._lock.notify_all()
            # (bounded: a fan-out that never reaches the overlap fails its assertion instead of hanging)
            self._lock.wait_for(lambda: self.max_in_flight >= self.overlap, timeout=5)

    def _answer(self, context: dict[str, Any], **_: Any) -> tuple[AWSResponse, dict[str, Any]] | None:
        connection_id = context.get("connection_id")
        if connection_id in self.gone:
            status, code = 410, "GoneException"
        elif connection_id in self.errors:
            status, code = self.errors[connection_id]
        else:
            return None
        parsed = {
            "Error": {"Code": code, "Message": f"{code} for {connection_id}"},
            "ResponseMetadata": {"HTTPStatusCode": status, "HTTPHeaders": {}, "RetryAttempts": 0},
        }
        return AWSResponse(ENDPOINT, status, {}, None), parsed

    def _done(self, context: dict[str, Any] | None = None, **_: Any) -> None:
        with self._lock:
            self._in_flight -= 1


def items(table: Any) -> dict[str, dict[str, Any]]:
    """The connection table's rows by connectionId."""
    rows: Iterable[dict[str, Any]] = table.scan()["Items"]
    return {row["connectionId"]: row for row in rows}
