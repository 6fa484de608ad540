"""Data mappings of non-proxy integrations: mapping templates (rendered by ``apigwkit.vtl``) and parameter mapping
expressions (``'static'``, ``method.request.*``, ``context.*``, ``stageVariables.*``, ``integration.response.*``)."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from multidict import CIMultiDict

from apigwkit.local.authorizers import stringify
from apigwkit.local.rest.errors import INTERNAL_ERROR, GatewayError
from apigwkit.local.rest.request import Incoming, lookup
from apigwkit.vtl import InvalidJsonError, MappingTemplateError, render


def render_template(template: str, incoming: Incoming, stage: Mapping[str, Any], body: str) -> str:
    return render(
        template,
        body=body,
        params=incoming.template_params(),
        context=incoming.context,
        stage_variables={k: str(v) for k, v in (stage.get("variables") or {}).items()},
    )


def request_body(incoming: Incoming, stage: Mapping[str, Any], integration: Mapping[str, Any]) -> str:
    """The integration request body: the request template for the content type, or the body passed through."""
    templates = integration.get("request_templates") or {}
    template = templates.get(incoming.content_type or "application/json")
    if template is None:
        behaviour = integration.get("passthrough_behavior")
        if behaviour == "NEVER" or (behaviour == "WHEN_NO_TEMPLATES" and templates):
            # wording: local (the cause, in the execution log's style)
            incoming.execution.error(
                f"Execution failed: no request template for content type {incoming.content_type or '(none)'} "
                f"(templates: {', '.join(sorted(templates)) or 'none'}) and passthrough behavior {behaviour}: "
                "Unsupported Media Type"
            )
            raise GatewayError("UNSUPPORTED_MEDIA_TYPE", "Unsupported Media Type")
        return incoming.body.decode("utf-8", errors="replace")
    try:
        return render_template(template, incoming, stage, incoming.body.decode("utf-8", errors="replace"))
    except InvalidJsonError as error:
        raise GatewayError("BAD_REQUEST_BODY", f"Could not parse request body into json: {error}") from error
    except MappingTemplateError as error:
        raise GatewayError("API_CONFIGURATION_ERROR", INTERNAL_ERROR, detail=f"request template: {error}") from error


def parameter_value(
    source: str,
    incoming: Incoming,
    stage: Mapping[str, Any],
    backend: tuple[str, CIMultiDict[str]] | None = None,
) -> str | None:
    """A mapping expression: ``'literal'``, ``method.request.*``, ``context.*``, ``stageVariables.*`` and, for
    integration responses, ``integration.response.header.X`` / ``integration.response.body[.path]``."""
    source = source.strip()
    if len(source) >= 2 and source[0] == source[-1] == "'":
        return source[1:-1]
    if source.startswith("method.request."):
        return incoming.request_parameter(source)
    if source.startswith("stageVariables."):
        return (stage.get("variables") or {}).get(source.removeprefix("stageVariables."))
    if source.startswith("context."):
        found = lookup(incoming.context, source.removeprefix("context."))
        return None if found is None else stringify(found)
    if backend is not None and source.startswith("integration.response.header."):
        return backend[1].get(source.removeprefix("integration.response.header."))
    if backend is not None and source.startswith("integration.response.body"):
        path = source.removeprefix("integration.response.body").lstrip(".")
        if not path:
            return backend[0]
        try:
            found = lookup(json.loads(backend[0]), path)
        except ValueError:
            return None
        return None if found is None else stringify(found)
    return None


def integration_parameters(
    incoming: Incoming, stage: Mapping[str, Any], integration: Mapping[str, Any]
) -> dict[str, dict[str, str]]:
    """``integration.request.{header,querystring,path}.X`` mapped from the method request."""
    mapped: dict[str, dict[str, str]] = {"header": {}, "querystring": {}, "path": {}}
    for target, source in (integration.get("request_parameters") or {}).items():
        location, _, name = str(target).removeprefix("integration.request.").partition(".")
        value = parameter_value(str(source), incoming, stage)
        if location in mapped and value is not None:
            mapped[location][name] = value
    return mapped


def with_stage_variables(text: str, stage: Mapping[str, Any]) -> str:
    """``${stageVariables.name}`` in an integration URI, replaced by the stage's value."""
    variables = stage.get("variables") or {}
    return re.sub(r"\$\{stageVariables\.([A-Za-z0-9_.\-:]+)\}", lambda m: str(variables.get(m.group(1), "")), text)
