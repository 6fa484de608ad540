"""A method's integration, one module per type: ``lambda_proxy`` (AWS_PROXY), ``lambda_custom`` (AWS with a Lambda
function), ``http`` (HTTP and HTTP_PROXY, to this machine only), ``mock`` (MOCK). Other AWS service integrations
would leave the machine: they answer 500 with a log line saying so."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from apigwkit.local.rest.errors import INTERNAL_ERROR, GatewayError
from apigwkit.local.rest.integrations import http, lambda_custom, lambda_proxy, mock
from apigwkit.local.rest.request import Incoming, Outgoing
from apigwkit.local.rest.tree import Method


async def integrate(incoming: Incoming, stage: Mapping[str, Any], method: Method, runtime: Any) -> Outgoing:
    """The integration's answer to the request (or a GatewayError)."""
    integration = method.integration
    if integration is None:
        raise GatewayError("API_CONFIGURATION_ERROR", INTERNAL_ERROR, detail="the method has no integration")
    kind = str(integration.get("type"))
    uri = str(integration.get("uri") or "")
    if kind == "MOCK":
        return await mock.serve(incoming, stage, method, runtime)
    if kind in ("HTTP", "HTTP_PROXY"):
        return await http.serve(incoming, stage, method, runtime)
    if kind == "AWS_PROXY" and ":lambda:path/" in uri:
        return await lambda_proxy.serve(incoming, stage, method, runtime)
    if kind == "AWS" and ":lambda:path/" in uri:
        return await lambda_custom.serve(incoming, stage, method, runtime)
    detail = f"{kind} integrations with {uri or 'no uri'} are not served locally"
    raise GatewayError("API_CONFIGURATION_ERROR", INTERNAL_ERROR, detail=detail)
