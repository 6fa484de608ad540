"""Posting frames to connections through the API Gateway management API (@connections), one or many at a time."""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

GONE_STATUS = 410


class Outcome(enum.StrEnum):
    DELIVERED = "delivered"
    GONE = "gone"  # 410: the client disconnected; its row is stale
    FAILED = "failed"  # anything else (throttled after retries, forbidden, network): the row stays


@dataclass
class DeliveryReport:
    delivered: list[str] = field(default_factory=list)
    gone: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)  # gone rows deleted from the table
    failed: dict[str, str] = field(default_factory=dict)  # connection id -> error code

    def as_log(self) -> dict[str, int]:
        return {
            "delivered": len(self.delivered),
            "gone": len(self.gone),
            "removed": len(self.removed),
            "failed": len(self.failed),
        }


def management_client(endpoint: str, *, max_pool_connections: int) -> Any:
    """A thread-safe apigatewaymanagementapi client for one stage's @connections endpoint."""
    config = Config(
        max_pool_connections=max(10, max_pool_connections),
        retries={"mode": "standard", "max_attempts": 3},
        connect_timeout=3,
        read_timeout=5,
    )
    return boto3.client("apigatewaymanagementapi", endpoint_url=endpoint, config=config)


def is_gone(err: ClientError) -> bool:
    error = err.response.get("Error", {})
    status = err.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
    return error.get("Code") == "GoneException" or status == GONE_STATUS


def post(client: Any, connection_id: str, data: bytes) -> tuple[Outcome, str | None]:
    """Post one frame; never raises for an AWS or network error, it reports the outcome instead."""
    try:
        client.post_to_connection(ConnectionId=connection_id, Data=data)
    except ClientError as err:
        if is_gone(err):
            return Outcome.GONE, "GoneException"
        return Outcome.FAILED, err.response.get("Error", {}).get("Code", "ClientError")
    except BotoCoreError as err:
        return Outcome.FAILED, type(err).__name__
    return Outcome.DELIVERED, None


def broadcast(
    client: Any,
    data: bytes,
    pages: Iterable[list[str]],
    *,
    workers: int,
    remove: Callable[[str], None],
) -> DeliveryReport:
    """Post `data` to every connection of every page, at most `workers` posts at a time.

    Pages are posted one after the other, so at most one page of work is queued however many connections there are.
    A connection that answers 410 Gone is removed with `remove` (called from this thread); a connection that fails
    otherwise is reported and kept. Neither stops delivery to the others.
    """
    report = DeliveryReport()
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="fanout") as pool:
        for page in pages:
            outcomes = pool.map(lambda connection_id: (connection_id, *post(client, connection_id, data)), page)
            for connection_id, outcome, code in outcomes:
                if outcome is Outcome.DELIVERED:
                    report.delivered.append(connection_id)
                elif outcome is Outcome.GONE:
                    report.gone.append(connection_id)
                    if _remove(remove, connection_id):
                        report.removed.append(connection_id)
                else:
                    report.failed[connection_id] = code or "unknown"
    return report


def _remove(remove: Callable[[str], None], connection_id: str) -> bool:
    try:
        remove(connection_id)
    except (ClientError, BotoCoreError):
        return False  # the row expires through TTL anyway
    return True
