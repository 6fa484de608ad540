"""``HTTP`` and ``HTTP_PROXY``: a backend on this machine only (127.0.0.1, localhost). The proxy passes the request
and the answer through; ``HTTP`` maps both (request template and parameters; the integration response the backend's
status code selects). One module for both: they share the call, and differ only in what is mapped."""

from __future__ import annotations

import re
import time
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import aiohttp
from multidict import CIMultiDict

from apigwkit.local.execution_log import body_text, headers_map
from apigwkit.local.rest.errors import INTERNAL_ERROR, GatewayError
from apigwkit.local.rest.integrations.invoke import timeout_seconds
from apigwkit.local.rest.mapping import integration_parameters, request_body, with_stage_variables
from apigwkit.local.rest.request import Incoming, Outgoing
from apigwkit.local.rest.responses import integration_response
from apigwkit.local.rest.tree import Method

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
HOP_BY_HOP = frozenset(
    {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer", "trailers",
     "transfer-encoding", "upgrade", "host", "content-length"}
)  # fmt: skip


# What API Gateway logs when a private integration cannot reach its load balancer (no healthy target, a security
# group or network ACL in the way, a failed VPC link): a 500 with this execution log line
# (https://repost.aws/knowledge-center/api-gateway-500-error-vpc).
VPC_LINK_UNREACHABLE = (
    "Execution failed due to configuration error: There was an internal error while executing your request"
)


async def serve(incoming: Incoming, stage: Mapping[str, Any], method: Method, runtime: Any) -> Outgoing:
    integration = method.integration or {}
    if integration.get("connection_type") == "VPC_LINK":
        # The load balancer behind a VPC link lives in a VPC this machine cannot reach: answered as AWS answers a
        # load balancer it cannot reach, with the reason in the log.
        target = integration.get("integration_target") or f"the NLB of VPC link {integration.get('connection_id')}"
        reason = f"{VPC_LINK_UNREACHABLE} (local run: {target} is in a VPC, which the local gateway cannot reach)"
        incoming.log["integrationErrorMessage"] = reason
        raise GatewayError("API_CONFIGURATION_ERROR", INTERNAL_ERROR, detail=reason)
    proxy = integration.get("type") == "HTTP_PROXY"
    mapped = integration_parameters(incoming, stage, integration)
    path_values = {**incoming.path_params, **mapped["path"]}
    uri = re.sub(
        r"\{([^{}]+?)\+?\}",
        lambda m: quote(path_values.get(m.group(1).rstrip("+"), ""), safe="/"),
        with_stage_variables(str(integration.get("uri") or ""), stage),
    )
    host = urlsplit(uri).hostname or ""
    if host not in LOCAL_HOSTS:
        message = f"the local gateway does not leave the machine: {uri} is not on 127.0.0.1 or localhost"
        if integration.get("connection_type") == "VPC_LINK":
            message = f"private integration through VPC link {integration.get('connection_id')}: " + message
        incoming.log["integrationErrorMessage"] = message
        raise GatewayError("DEFAULT_5XX", INTERNAL_ERROR, status=502, detail=message)
    verb = str(integration.get("integration_http_method") or incoming.method).upper()
    verb = incoming.method if verb == "ANY" else verb
    if proxy:
        headers = CIMultiDict((k, v) for k, v in incoming.headers.items() if k.lower() not in HOP_BY_HOP)
        query: list[tuple[str, str]] = incoming.query
        body = incoming.body
    else:
        headers = CIMultiDict()
        query = []
        body = request_body(incoming, stage, integration).encode()
        headers["content-type"] = incoming.header("content-type") or "application/json"
    for name, value in mapped["header"].items():
        headers[name] = value
    for name, value in mapped["querystring"].items():
        query = [(k, v) for k, v in query if k != name] + [(name, value)]
    if query:
        uri = f"{uri}{'&' if '?' in uri else '?'}{urlencode(query)}"
    log = incoming.execution
    log.info(f"Endpoint request URI: {uri}")
    log.info(f"Endpoint request headers: {headers_map(headers.items())}")
    log.data(f"Endpoint request body after transformations: {body_text(body)}")
    log.info(f"Sending request to {uri}")
    started = time.monotonic()
    try:
        timeout = aiohttp.ClientTimeout(total=timeout_seconds(integration))
        async with aiohttp.ClientSession(timeout=timeout) as session:
            async with session.request(verb, uri, headers=headers, data=body, allow_redirects=False) as answer:
                status, answer_headers, answer_body = answer.status, CIMultiDict(answer.headers), await answer.read()
    except TimeoutError as error:
        incoming.log["integrationErrorMessage"] = "Execution failed due to a timeout error"
        log.error("Execution failed due to a timeout error")
        raise GatewayError("INTEGRATION_TIMEOUT", "Endpoint request timed out", logged=True) from error
    except aiohttp.ClientError as error:
        incoming.log["integrationErrorMessage"] = f"{uri}: {error}"
        log.error(f"Execution failed due to configuration error: {uri}: {error}")
        raise GatewayError("DEFAULT_5XX", INTERNAL_ERROR, status=502, detail=str(error), logged=True) from error
    finally:
        incoming.log["integrationLatency"] = int((time.monotonic() - started) * 1000)
    incoming.log["integrationStatus"] = status
    log.info(f"Received response. Status: {status}, Integration latency: {incoming.log['integrationLatency']} ms")
    log.info(f"Endpoint response headers: {headers_map(answer_headers.items())}")
    log.data(f"Endpoint response body before transformations: {body_text(answer_body)}")
    if proxy:
        relayed = CIMultiDict((k, v) for k, v in answer_headers.items() if k.lower() not in HOP_BY_HOP)
        return Outgoing(status, answer_body, relayed)
    text = answer_body.decode("utf-8", errors="replace")
    return integration_response(incoming, stage, method, str(status), text, answer_headers)
