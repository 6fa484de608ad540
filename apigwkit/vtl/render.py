"""``render()``: one mapping template, one request, the text API Gateway would produce."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import airspeed

from apigwkit.vtl.errors import MappingTemplateError
from apigwkit.vtl.variables import Input, Util, build_context, build_stage_variables

__all__ = ["render"]

# API Gateway's quota for a mapping template (REST API quotas: "Mapping template size: 300 KB").
MAX_TEMPLATE_BYTES = 300 * 1024


@lru_cache(maxsize=128)
def _compile(template: str) -> airspeed.Template:
    compiled = airspeed.Template(template)
    try:
        compiled.ensure_compiled()
    except airspeed.TemplateSyntaxError as err:
        raise MappingTemplateError(f"template syntax error: {err}") from err
    return compiled


def render(
    template: str,
    *,
    body: str | None = None,
    params: Mapping[str, Mapping[str, str]] | None = None,
    context: Mapping[str, Any] | None = None,
    stage_variables: Mapping[str, str] | None = None,
) -> str:
    """Render `template` as API Gateway does for one request.

    - `body`: the raw payload: the method request body for a request template, the integration's response body
      for a response template (for a non-proxy Lambda integration, the JSON the function returned).
    - `params`: the method request parameters, ``{"path": {...}, "querystring": {...}, "header": {...}}``
      (any location may be left out).
    - `context`: the ``$context`` variables, e.g. ``{"identity": {"sourceIp": "203.0.113.10"},
      "resourcePath": "/sum", "requestTime": "24/Nov/2026:10:15:30 +0000", "stage": "prod", ...}``.
    - `stage_variables`: ``$stageVariables``.

    Raises MappingTemplateError (or a subclass) when the template cannot be rendered for this input.
    """
    if not isinstance(template, str):
        raise TypeError(f"template must be a str, found {type(template).__name__}")
    size = len(template.encode("utf-8"))
    if size > MAX_TEMPLATE_BYTES:
        raise MappingTemplateError(f"template is {size} bytes; API Gateway allows at most {MAX_TEMPLATE_BYTES}")
    namespace = {
        "input": Input(body, params),
        "util": Util(),
        "context": build_context(context),
        "stageVariables": build_stage_variables(stage_variables),
    }
    compiled = _compile(template)
    try:
        return compiled.merge(namespace)
    except airspeed.TemplateExecutionError as err:
        cause = err.__cause__
        if isinstance(cause, MappingTemplateError):
            raise cause from err
        raise MappingTemplateError(str(err)) from err
