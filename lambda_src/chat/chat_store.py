"""The connection table: one row per open WebSocket connection, keyed by connectionId, expiring through DynamoDB TTL."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from boto3.dynamodb.conditions import Attr

KEY = "connectionId"


@dataclass(frozen=True)
class Connection:
    connection_id: str
    user_id: str
    username: str
    connected_at: int  # epoch milliseconds, as API Gateway reports it
    expires_at: int  # epoch seconds: the TTL attribute


class ConnectionStore:
    """Reads and writes connection rows through a boto3 DynamoDB Table resource.

    A Table resource is not thread-safe: use the store from one thread (the fan-out posts from worker threads, but
    reads pages and removes rows from the handler's thread).
    """

    def __init__(self, table: Any, ttl_attribute: str) -> None:
        self.table = table
        self.ttl_attribute = ttl_attribute

    def add(self, connection: Connection) -> None:
        self.table.put_item(
            Item={
                KEY: connection.connection_id,
                "userId": connection.user_id,
                "username": connection.username,
                "connectedAt": connection.connected_at,
                self.ttl_attribute: connection.expires_at,
            }
        )

    def remove(self, connection_id: str) -> None:
        self.table.delete_item(Key={KEY: connection_id})

    def get(self, connection_id: str) -> Connection | None:
        item = self.table.get_item(Key={KEY: connection_id}).get("Item")
        if item is None:
            return None
        return Connection(
            connection_id=str(item[KEY]),
            user_id=str(item.get("userId", "")),
            username=str(item.get("username", "")),
            connected_at=int(item.get("connectedAt", 0)),
            expires_at=int(item.get(self.ttl_attribute, 0)),
        )

    def live_connection_pages(self, *, now: int, page_size: int) -> Iterator[list[str]]:
        """The IDs of rows not yet expired, one DynamoDB scan page at a time.

        DynamoDB deletes expired rows lazily (within days), so expired rows are filtered out here rather than posted to.
        """
        kwargs: dict[str, Any] = {
            "ProjectionExpression": "#id",
            "ExpressionAttributeNames": {"#id": KEY},
            "FilterExpression": Attr(self.ttl_attribute).gt(now),
            "Limit": page_size,
        }
        while True:
            page = self.table.scan(**kwargs)
            ids = [str(item[KEY]) for item in page.get("Items", [])]
            if ids:
                yield ids
            last_key = page.get("LastEvaluatedKey")
            if not last_key:
                return
            kwargs["ExclusiveStartKey"] = last_key
