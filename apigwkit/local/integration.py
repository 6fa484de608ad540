"""Lambda integrations of every gateway: an invocation given up after the integration's timeout, and the body of
API Gateway's own error answers.

Two timeouts, two answers (https://docs.aws.amazon.com/lambda/latest/dg/services-apigateway-errors.html and
https://repost.aws/knowledge-center/api-gateway-504-errors):

- the **integration's** timeout (29 s for REST and WebSocket APIs, 30 s for HTTP APIs, or the integration's
  ``timeout_milliseconds``) passing first is the gateway's own 504 ("Endpoint request timed out");
- the **function's** timeout passing first is a function error: Lambda answers the Invoke call with
  ``X-Amz-Function-Error`` and ``"errorMessage": "RequestId: … Error: Task timed out after 3.00 seconds"``, and
  API Gateway treats it like any exception (HTTP API 500, REST proxy 502, a non-proxy integration response selected by
  that errorMessage). Raise the function's timeout, not the API's.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections.abc import Iterable, Mapping
from typing import Any

from aiohttp.web import HTTPRequestEntityTooLarge

# The integration did not answer within its timeout: API Gateway answers 504.
TIMEOUT_STATUS = 504
_FUNCTION = re.compile(r"/functions/(?P<arn>arn:[^/]+)/invocations$")


# Set on a request whose body is over the app's client_max_size (API Gateway's 10 MB) when read ahead of the gateway.
BODY_TOO_LARGE = "apigwkit.body_too_large"


async def request_body(request: Any) -> bytes | None:
    """An aiohttp request's body, or None when it is over API Gateway's 10 MB payload limit (the app's
    ``client_max_size``): the gateway then answers 413 itself, with an access-log line."""
    if request.get(BODY_TOO_LARGE):
        return None
    try:
        return await request.read()
    except HTTPRequestEntityTooLarge:
        return None


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


def function_error_message(invocation: Any) -> str:
    """The ``errorMessage`` of a failed invocation (an exception, a crash, or the function's own timeout)."""
    return str((getattr(invocation, "error", None) or {}).get("errorMessage") or "function error")


async def invoke_within(
    runtime: Any, uri: str, event: Mapping[str, Any], timeout_ms: float, log: dict[str, Any]
) -> Any:
    """Invoke a Lambda integration, giving up after the integration's timeout.

    Returns the runtime's Invocation (``status`` "ok", or "error"/"timeout" for a function error), or None when the
    integration's timeout passed first; records ``integrationLatency`` in ``log`` for the access log.
    """
    started = time.monotonic()
    try:
        invocation = await asyncio.wait_for(runtime.invoke(uri, event), timeout=timeout_ms / 1000)
    except TimeoutError:
        invocation = None
    log["integrationLatency"] = int((time.monotonic() - started) * 1000)
    return invocation


def lambda_endpoint(uri: str, region: str) -> str:
    """The Invoke URL API Gateway sends an integration URI's function to."""
    match = _FUNCTION.search(uri)
    function = match["arn"] if match else uri
    function_region = function.split(":")[3] if function.count(":") >= 6 else region
    return f"https://lambda.{function_region}.amazonaws.com/2015-03-31/functions/{function}/invocations"
