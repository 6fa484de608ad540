"""``AWS`` with a Lambda function (non-proxy): the request template's JSON is the event; the function's result, or
its error payload, goes through the integration response its ``errorMessage`` selects."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from multidict import CIMultiDict

from apigwkit.local.rest.errors import INTERNAL_ERROR, GatewayError
from apigwkit.local.rest.integrations.invoke import invoke_function
from apigwkit.local.rest.mapping import request_body
from apigwkit.local.rest.request import Incoming, Outgoing
from apigwkit.local.rest.responses import integration_response
from apigwkit.local.rest.tree import Method


async def serve(incoming: Incoming, stage: Mapping[str, Any], method: Method, runtime: Any) -> Outgoing:
    integration = method.integration or {}
    payload = request_body(incoming, stage, integration)
    try:
        event = json.loads(payload) if payload.strip() else {}
    except ValueError as error:
        detail = f"the request template did not produce JSON for Lambda: {error}"
        raise GatewayError("API_CONFIGURATION_ERROR", INTERNAL_ERROR, detail=detail) from error
    invocation = await invoke_function(runtime, incoming, stage, integration, event)
    if invocation.status == "ok":
        body, error_message = json.dumps(invocation.payload), None
    else:
        # The function's own timeout too: Lambda reports it as an error whose errorMessage selects the response.
        error = invocation.error or {}
        body, error_message = json.dumps(error), str(error.get("errorMessage") or "")
        incoming.log["integrationErrorMessage"] = error_message
    return integration_response(incoming, stage, method, error_message, body, CIMultiDict())
