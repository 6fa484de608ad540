"""The chat function's configuration, read from the environment and checked before any event is handled."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

# API Gateway closes every WebSocket connection after 2 hours, so a row older than that is stale even when the
# $disconnect route never ran (API Gateway delivers $disconnect on a best-effort basis).
DEFAULT_CONNECTION_TTL_SECONDS = 2 * 60 * 60
DEFAULT_TTL_ATTRIBUTE = "expiresAt"
DEFAULT_MAX_MESSAGE_BYTES = 8 * 1024
# post_to_connection accepts at most 128 KiB; the frame around a message needs room too.
MAX_MESSAGE_BYTES_LIMIT = 100 * 1024
DEFAULT_FANOUT_WORKERS = 16
MAX_FANOUT_WORKERS = 64
DEFAULT_SCAN_PAGE_SIZE = 100
MAX_SCAN_PAGE_SIZE = 1000


class ConfigError(ValueError):
    """The environment does not describe a usable function; the message names the variable and the fix."""


@dataclass(frozen=True)
class ChatConfig:
    table_name: str
    ttl_attribute: str
    connection_ttl_seconds: int
    management_endpoint: str | None  # None: https://{event domainName}/{event stage}
    max_message_bytes: int
    fanout_workers: int
    scan_page_size: int

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> ChatConfig:
        table_name = environ.get("CONNECTIONS_TABLE", "").strip()
        if not table_name:
            raise ConfigError(
                "CONNECTIONS_TABLE must name the DynamoDB connection table (the websocket_api module's "
                "connection_table_name output); found it unset"
            )
        ttl_attribute = environ.get("CONNECTION_TTL_ATTRIBUTE", "").strip() or DEFAULT_TTL_ATTRIBUTE
        endpoint = environ.get("MANAGEMENT_ENDPOINT", "").strip().rstrip("/") or None
        # Plain http:// only on the loopback interface: the local gateway's @connections endpoint (make run).
        if endpoint is not None and not endpoint.startswith(("https://", "http://127.0.0.1:", "http://localhost:")):
            raise ConfigError(
                "MANAGEMENT_ENDPOINT must be the https:// @connections endpoint, e.g. "
                "https://API_ID.execute-api.REGION.amazonaws.com/STAGE (or http://127.0.0.1:PORT/STAGE locally); "
                f"found {endpoint!r}"
            )
        return cls(
            table_name=table_name,
            ttl_attribute=ttl_attribute,
            connection_ttl_seconds=_int(environ, "CONNECTION_TTL_SECONDS", DEFAULT_CONNECTION_TTL_SECONDS, 60, 86400),
            management_endpoint=endpoint,
            max_message_bytes=_int(environ, "MAX_MESSAGE_BYTES", DEFAULT_MAX_MESSAGE_BYTES, 1, MAX_MESSAGE_BYTES_LIMIT),
            fanout_workers=_int(environ, "FANOUT_WORKERS", DEFAULT_FANOUT_WORKERS, 1, MAX_FANOUT_WORKERS),
            scan_page_size=_int(environ, "SCAN_PAGE_SIZE", DEFAULT_SCAN_PAGE_SIZE, 1, MAX_SCAN_PAGE_SIZE),
        )


def _int(environ: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    raw = environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number between {low} and {high}; found {raw!r}") from None
    if not low <= value <= high:
        raise ConfigError(f"{name} must be between {low} and {high}; found {value}")
    return value
