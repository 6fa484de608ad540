"""The answers a REST API builds itself: integration responses of non-proxy integrations (selected by
``apigwkit.vtl.select_integration_response``, the one implementation of API Gateway's rule, then mapped), and
gateway responses for the gateway's own errors."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from multidict import CIMultiDict

from apigwkit.local.authorizers import stringify
from apigwkit.local.rest.errors import INTERNAL_ERROR, GatewayError
from apigwkit.local.rest.mapping import parameter_value, render_template
from apigwkit.local.rest.request import Incoming, Outgoing, lookup
from apigwkit.local.rest.tree import Method
from apigwkit.vtl import MappingTemplateError, select_integration_response

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ResponseType:
    """A gateway response type: its default status and the ``x-amzn-ErrorType`` API Gateway sends with it."""

    status: int
    error_type: str | None = None


# "Gateway response types for API Gateway" (default status codes).
GATEWAY_RESPONSE_TYPES: dict[str, ResponseType] = {
    "ACCESS_DENIED": ResponseType(403, "AccessDeniedException"),
    "API_CONFIGURATION_ERROR": ResponseType(500, "InternalServerErrorException"),
    "AUTHORIZER_CONFIGURATION_ERROR": ResponseType(500, "AuthorizerConfigurationException"),
    "AUTHORIZER_FAILURE": ResponseType(500, "AuthorizerFailureException"),
    "BAD_REQUEST_PARAMETERS": ResponseType(400, "BadRequestException"),
    "BAD_REQUEST_BODY": ResponseType(400, "BadRequestException"),
    "DEFAULT_4XX": ResponseType(400),
    "DEFAULT_5XX": ResponseType(500, "InternalServerErrorException"),
    "EXPIRED_TOKEN": ResponseType(403),
    "INTEGRATION_FAILURE": ResponseType(504),
    "INTEGRATION_TIMEOUT": ResponseType(504, "InternalServerErrorException"),
    "INVALID_API_KEY": ResponseType(403, "ForbiddenException"),
    "INVALID_SIGNATURE": ResponseType(403),
    "MISSING_AUTHENTICATION_TOKEN": ResponseType(403, "MissingAuthenticationTokenException"),
    "QUOTA_EXCEEDED": ResponseType(429, "LimitExceededException"),
    "REQUEST_TOO_LARGE": ResponseType(413),
    "RESOURCE_NOT_FOUND": ResponseType(404),
    "THROTTLED": ResponseType(429, "TooManyRequestsException"),
    "UNAUTHORIZED": ResponseType(401, "UnauthorizedException"),
    "UNSUPPORTED_MEDIA_TYPE": ResponseType(415, "UnsupportedMediaTypeException"),
    "WAF_FILTERED": ResponseType(403),
}


# --------------------------------------------------------------------------- integration responses


def integration_response(
    incoming: Incoming,
    stage: Mapping[str, Any],
    method: Method,
    subject: str | None,
    body: str,
    backend_headers: CIMultiDict[str],
) -> Outgoing:
    """The method's integration response for ``subject`` (a Lambda ``errorMessage``, None for a success; or the
    backend's status code), applied: its status, its template for the client's Accept, its header mappings."""
    responses = {str(r.get("status_code")): r for r in method.responses}
    try:
        patterns = {code: r.get("selection_pattern") for code, r in responses.items()}
        response = responses[select_integration_response(patterns, subject)]
    except MappingTemplateError as error:
        raise GatewayError("API_CONFIGURATION_ERROR", INTERNAL_ERROR, detail=str(error)) from error
    content_type, template = pick_template(response.get("response_templates") or {}, incoming.header("accept"))
    answer = body
    if template:
        try:
            answer = render_template(template, incoming, stage, body)
        except MappingTemplateError as error:
            detail = f"response template: {error}"
            raise GatewayError("API_CONFIGURATION_ERROR", INTERNAL_ERROR, detail=detail) from error
    headers: CIMultiDict[str] = CIMultiDict({"content-type": content_type or "application/json"})
    for target, source in (response.get("response_parameters") or {}).items():
        if not str(target).startswith("method.response.header."):
            continue
        value = parameter_value(str(source), incoming, stage, (body, backend_headers))
        if value is not None:
            headers[str(target).removeprefix("method.response.header.")] = value
    return Outgoing(int(str(response.get("status_code") or 200)), answer.encode(), headers)


def pick_template(templates: Mapping[str, str], accept: str | None) -> tuple[str | None, str | None]:
    """The template for the client's Accept header, else ``application/json``, else the first one."""
    if not templates:
        return None, None
    for media in (part.split(";")[0].strip().lower() for part in (accept or "").split(",")):
        if media in templates:
            return media, templates[media]
    if "application/json" in templates:
        return "application/json", templates["application/json"]
    first = sorted(templates)[0]
    return first, templates[first]


# --------------------------------------------------------------------------- gateway responses


def gateway_response(incoming: Incoming, stage: Mapping[str, Any], error: GatewayError) -> Outgoing:
    """The answer for a gateway error: the API's customisation of its type, else of DEFAULT_4XX/5XX."""
    kind = GATEWAY_RESPONSE_TYPES.get(error.response_type, GATEWAY_RESPONSE_TYPES["DEFAULT_5XX"])
    status = error.status or kind.status
    family = "DEFAULT_4XX" if status < 500 else "DEFAULT_5XX"
    responses = incoming.release.gateway_responses if incoming.release is not None else {}
    custom = responses.get(error.response_type)
    configured = custom if custom is not None else responses.get(family) or {}
    status = int(str(configured.get("status_code") or "0")) or status
    incoming.log["error"] = {
        "message": error.message,
        "messageString": json.dumps(error.message),
        "responseType": error.response_type,
        "validationErrorString": error.validation,
    }
    if error.detail:
        _say_why(incoming, error, status)
    content_type, template = pick_template(configured.get("response_templates") or {}, incoming.header("accept"))
    if template is None:
        content_type, template = "application/json", error.template
    # validationErrorString is written ready to sit inside a JSON string: "$context.error.validationErrorString"
    escaped = json.dumps(error.validation or "")[1:-1]
    context = {**incoming.context, "error": {**incoming.log["error"], "validationErrorString": escaped}}
    body = _substitute(template, context, stage.get("variables") or {})
    headers: CIMultiDict[str] = CIMultiDict({"content-type": content_type or "application/json"})
    for target, source in (configured.get("response_parameters") or {}).items():
        if str(target).startswith("gatewayresponse.header."):
            value = parameter_value(str(source), incoming, stage)
            if value is not None:
                headers[str(target).removeprefix("gatewayresponse.header.")] = value
    if kind.error_type:
        headers["x-amzn-ErrorType"] = kind.error_type
    return Outgoing(status, body.encode(), headers)


def _say_why(incoming: Incoming, error: GatewayError, status: int) -> None:
    """Why the gateway answered itself, said once: in the stage's execution log when it is on (unless the step that
    refused wrote its own line), else on the console (5XX: a fault of the API's, as a warning)."""
    execution = incoming.execution
    if execution.level == "OFF":
        level = logging.WARNING if status >= 500 else logging.INFO
        logger.log(level, "%s /%s%s: %s", incoming.method, incoming.stage, incoming.path, error.detail)
    elif not error.logged and status >= 500:
        execution.error(f"Execution failed due to configuration error: {error.detail}")
    elif not error.logged:  # wording: local
        execution.error(f"Gateway response type: {error.response_type} with status code: {status} ({error.detail})")


_GATEWAY_VARIABLE = re.compile(
    r"\$(?:\{(context|stageVariables)\.([A-Za-z0-9_.\-]+)\}|(context|stageVariables)\.([A-Za-z0-9_\-]+(?:\.[A-Za-z0-9_\-]+)*))"
)


def _substitute(template: str, context: Mapping[str, Any], stage_variables: Mapping[str, Any]) -> str:
    """A gateway response template: plain ``$context.*`` / ``$stageVariables.*`` substitution, no VTL."""

    def value(match: re.Match[str]) -> str:
        scope = match.group(1) or match.group(3)
        name = match.group(2) or match.group(4)
        found = lookup(context if scope == "context" else stage_variables, name)
        return "" if found is None else stringify(found)

    return _GATEWAY_VARIABLE.sub(value, template)
