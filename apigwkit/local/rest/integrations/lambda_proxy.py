"""``AWS_PROXY`` with a Lambda function: the REST proxy event in, the proxy answer out (or 502 when malformed)."""

from __future__ import annotations

import base64
from collections.abc import Mapping
from typing import Any

from multidict import CIMultiDict

from apigwkit.local.authorizers import stringify
from apigwkit.local.integration import function_error_message, multi_value
from apigwkit.local.rest.errors import INTERNAL_ERROR, GatewayError
from apigwkit.local.rest.integrations.invoke import invoke_function
from apigwkit.local.rest.request import Incoming, Outgoing
from apigwkit.local.rest.tree import Method

# A REST Lambda proxy answer has exactly these keys; anything else is a "Malformed Lambda proxy response" (502).
PROXY_RESPONSE_KEYS = frozenset({"statusCode", "headers", "multiValueHeaders", "body", "isBase64Encoded"})


async def serve(incoming: Incoming, stage: Mapping[str, Any], method: Method, runtime: Any) -> Outgoing:
    integration = method.integration or {}
    invocation = await invoke_function(runtime, incoming, stage, integration, proxy_event(incoming, stage))
    if invocation.status != "ok":  # an exception, a crash, or the function's own timeout: a function error (502)
        incoming.log["integrationErrorMessage"] = function_error_message(invocation)
        raise GatewayError("DEFAULT_5XX", INTERNAL_ERROR, status=502, detail="Lambda function error", logged=True)
    outgoing = proxy_response(invocation.payload, incoming)
    if outgoing is None:
        incoming.log["integrationErrorMessage"] = "Malformed Lambda proxy response"
        incoming.execution.error("Execution failed due to configuration error: Malformed Lambda proxy response")
        raise GatewayError(
            "DEFAULT_5XX", INTERNAL_ERROR, status=502, detail="Malformed Lambda proxy response", logged=True
        )
    return outgoing


def proxy_event(incoming: Incoming, stage: Mapping[str, Any]) -> dict[str, Any]:
    """The REST Lambda proxy event (the "1.0" shape); REQUEST authorizers get it too, without the body."""
    multi_headers = multi_value(incoming.headers.items())
    multi_query = multi_value(incoming.query)
    body: str | None = None
    is_base64 = _is_binary(incoming, incoming.content_type)
    if incoming.body:
        body = base64.b64encode(incoming.body).decode() if is_base64 else incoming.body.decode(errors="replace")
    stage_variables = dict(stage.get("variables") or {})
    return {
        "resource": incoming.resource_path,
        "path": incoming.path,
        "httpMethod": incoming.method,
        "headers": {k: v[-1] for k, v in multi_headers.items()} or None,
        "multiValueHeaders": multi_headers or None,
        "queryStringParameters": {k: v[-1] for k, v in multi_query.items()} or None,
        "multiValueQueryStringParameters": multi_query or None,
        "pathParameters": dict(incoming.path_params) or None,
        "stageVariables": stage_variables or None,
        "requestContext": dict(incoming.context),
        "body": body,
        "isBase64Encoded": bool(body) and is_base64,
    }


def proxy_response(payload: Any, incoming: Incoming) -> Outgoing | None:
    """A Lambda proxy answer as the HTTP response; None when API Gateway would call it malformed."""
    if not isinstance(payload, dict) or set(payload) - PROXY_RESPONSE_KEYS:
        return None
    status = payload.get("statusCode")
    if isinstance(status, str) and status.isdigit():
        status = int(status)
    if not isinstance(status, int) or isinstance(status, bool) or not 100 <= status <= 599:
        return None
    body = payload.get("body")
    single = payload.get("headers") or {}
    multi = payload.get("multiValueHeaders") or {}
    if not (body is None or isinstance(body, str)) or not isinstance(single, dict) or not isinstance(multi, dict):
        return None
    headers: CIMultiDict[str] = CIMultiDict()
    for name, values in multi.items():
        if not isinstance(values, list):
            return None
        for value in values:
            headers.add(name, stringify(value))
    for name, value in single.items():
        if name not in multi:
            headers[name] = stringify(value)
    raw = (body or "").encode()
    if payload.get("isBase64Encoded") and body:
        # API Gateway turns base64 back into bytes only for binary media types (the client's Accept, or the
        # response's Content-Type); otherwise the client gets the base64 text.
        accept = (incoming.header("accept") or "").split(",")[0]
        if _is_binary(incoming, accept) or _is_binary(incoming, headers.get("content-type")):
            try:
                raw = base64.b64decode(body, validate=True)
            except ValueError:
                return None
    if "content-type" not in headers:
        headers["content-type"] = "application/json"
    return Outgoing(status, raw, headers)


def _is_binary(incoming: Incoming, content_type: str | None) -> bool:
    return incoming.release is not None and incoming.release.is_binary(content_type)
