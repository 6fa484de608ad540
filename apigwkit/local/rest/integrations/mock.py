"""``MOCK``: API Gateway answers itself; the request template's ``statusCode`` selects the integration response."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from multidict import CIMultiDict

from apigwkit.local.rest.errors import INTERNAL_ERROR, GatewayError
from apigwkit.local.rest.mapping import request_body
from apigwkit.local.rest.request import Incoming, Outgoing
from apigwkit.local.rest.responses import integration_response
from apigwkit.local.rest.tree import Method


async def serve(incoming: Incoming, stage: Mapping[str, Any], method: Method, runtime: Any) -> Outgoing:
    payload = request_body(incoming, stage, method.integration or {})
    try:
        selector = json.loads(payload) if payload.strip() else {}
        status = str(selector.get("statusCode", 200) if isinstance(selector, dict) else 200)
    except ValueError as error:
        detail = f"the MOCK request template did not produce JSON: {error}"
        raise GatewayError("API_CONFIGURATION_ERROR", INTERNAL_ERROR, detail=detail) from error
    return integration_response(incoming, stage, method, status, "", CIMultiDict())
