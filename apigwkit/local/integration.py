"""Lambda integrations of every gateway: an invocation given up after the integration's timeout, and the body of
API Gateway's own error answers."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterable, Mapping
from typing import Any

# A handler over its timeout: API Gateway answers 504 (the integration did not answer in time).
TIMEOUT_STATUS = 504


def message_body(message: str) -> bytes:
    """API Gateway's own error body: ``{"message": "..."}``."""
    return json.dumps({"message": message}).encode()


def multi_value(pairs: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """Repeated names with all their values, in order: the ``multiValueHeaders`` and
    ``multiValueQueryStringParameters`` of a 1.0-shaped event (the single-value map keeps the last one)."""
    values: dict[str, list[str]] = {}
    for name, value in pairs:
        values.setdefault(name, []).append(value)
    return values


async def invoke_within(
    runtime: Any, uri: str, event: Mapping[str, Any], timeout_ms: float, log: dict[str, Any]
) -> Any:
    """Invoke a Lambda integration, giving up after the integration's timeout.

    Returns the runtime's Invocation, or None when the integration timed out first; records
    ``integrationLatency`` (and ``integrationErrorMessage`` on a timeout) in ``log`` for the access log.
    """
    started = time.monotonic()
    try:
        invocation = await asyncio.wait_for(runtime.invoke(uri, event), timeout=timeout_ms / 1000)
    except TimeoutError:
        invocation = None
    log["integrationLatency"] = int((time.monotonic() - started) * 1000)
    if invocation is None or invocation.status == "timeout":
        log["integrationErrorMessage"] = "The integration did not answer in time"
        return None
    return invocation
