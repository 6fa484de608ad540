"""Invoking the function of a Lambda integration (proxy or not) within the integration's timeout, and what the
execution log says about the call (API Gateway calls Lambda's Invoke API over HTTPS: its URI, headers and bodies)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from email.utils import formatdate
from typing import Any

from apigwkit.local.execution_log import as_json
from apigwkit.local.integration import function_error_message, invoke_within, lambda_endpoint
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
    log = incoming.execution
    endpoint = lambda_endpoint(uri, incoming.api.region)
    log.info(f"Endpoint request URI: {endpoint}")
    log.info(
        f"Endpoint request headers: {{x-amzn-lambda-integration-tag={incoming.request_id}, "
        f"x-amzn-apigateway-api-id={incoming.api.api_id}, X-Amz-Source-Arn={incoming.method_arn}, "
        f"Accept=application/json, User-Agent=AmazonAPIGateway_{incoming.api.api_id}}}"
    )
    log.data(f"Endpoint request body after transformations: {as_json(event)}")
    log.info(f"Sending request to {endpoint}")
    try:
        invocation = await invoke_within(runtime, uri, event, timeout_seconds(integration) * 1000, incoming.log)
    except KeyError as error:  # the runtime knows no such function
        raise GatewayError("API_CONFIGURATION_ERROR", INTERNAL_ERROR, detail=str(error)) from error
    if invocation is None:
        incoming.log["integrationErrorMessage"] = "Execution failed due to a timeout error"
        log.error("Execution failed due to a timeout error")
        raise GatewayError("INTEGRATION_TIMEOUT", "Endpoint request timed out", logged=True)
    incoming.log["integrationStatus"] = 200
    incoming.log["integrationRequestId"] = request_id = getattr(invocation, "request_id", None)
    failed = invocation.status != "ok"
    log.info(f"Received response. Status: 200, Integration latency: {incoming.log.get('integrationLatency', 0)} ms")
    log.info(
        f"Endpoint response headers: {{Date={formatdate(usegmt=True)}, Content-Type=application/json, "
        f"x-amzn-RequestId={request_id}"
        + (", X-Amz-Function-Error=Unhandled" if failed else "")
        + ", X-Amz-Executed-Version=$LATEST}"
    )
    answer = invocation.error if failed else invocation.payload
    log.data(f"Endpoint response body before transformations: {json.dumps(answer)}")
    if failed:
        # As the log line says: Lambda answered 200, with X-Amz-Function-Error (an exception or the function's own
        # timeout).
        log.error(
            "Lambda execution failed with status 200 due to customer function error: "
            f"{function_error_message(invocation)}. Lambda request id: {request_id}"
        )
    return invocation
