"""Invoking the function of a Lambda integration (proxy or not) within the integration's timeout."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from apigwkit.local.integration import invoke_within
from apigwkit.local.rest.errors import INTERNAL_ERROR, GatewayError
from apigwkit.local.rest.mapping import with_stage_variables
from apigwkit.local.rest.request import Incoming
from apigwkit.local.throttling import positive

DEFAULT_INTEGRATION_TIMEOUT_MS = 29_000  # REST API's default (and, for edge/regional APIs, usual maximum)


def timeout_seconds(integration: Mapping[str, Any]) -> float:
    return (positive(integration.get("timeout_milliseconds")) or DEFAULT_INTEGRATION_TIMEOUT_MS) / 1000


async def invoke_function(
    runtime: Any, incoming: Incoming, stage: Mapping[str, Any], integration: Mapping[str, Any], event: Any
) -> Any:
    """The runtime's Invocation (the function's own timeout is a failed one, for the caller to answer as a function
    error); the integration's timeout passing first is API Gateway's 504, a function the runtime does not know a 500."""
    uri = with_stage_variables(str(integration.get("uri")), stage)
    try:
        invocation = await invoke_within(runtime, uri, event, timeout_seconds(integration) * 1000, incoming.log)
    except KeyError as error:  # the runtime knows no such function
        raise GatewayError("API_CONFIGURATION_ERROR", INTERNAL_ERROR, detail=str(error)) from error
    if invocation is None:
        incoming.log["integrationErrorMessage"] = "Execution failed due to a timeout error"
        raise GatewayError("INTEGRATION_TIMEOUT", "Endpoint request timed out")
    incoming.log["integrationStatus"] = 200
    incoming.log["integrationRequestId"] = getattr(invocation, "request_id", None)
    return invocation
