"""Reading values out of the configuration checkov hands to a check, from HCL or from a plan.

checkov gives a check one resource as a dict whose values are wrapped in lists:

* **HCL**: a scalar is ``[value]``, a list ``[[...]]``, a block ``[{...}]``. A value checkov cannot
  resolve stays an expression string: ``"var.x"``, ``"each.value.type"``,
  ``"${aws_apigatewayv2_api.this.execution_arn}/*"``. An argument that is not set is absent.
* **plan JSON** (``terraform show -json``): every argument of the schema is present, ``null`` when
  not set. A value computed at apply is absent, or, when its expression references another
  resource, replaced by checkov with that first reference (``"aws_apigatewayv2_api.this.execution_arn"``);
  a reference there says *which* resource the value comes from, not *how* it is built from it.

So "absent" means "not set (the default applies)" in HCL and "unknown until apply" in a plan;
``is_plan`` tells the two apart.

This folder holds no check and, on purpose, no ``__init__.py``: checkov executes every ``.py`` file of
a folder that has one, under its bare file name, and would execute these helpers a second time
beside the copy the checks imported (two ``MISSING`` objects). Without it, checkov skips the folder
and Python imports it once, as a namespace package, from the checks directory checkov puts on
``sys.path``.
"""

from __future__ import annotations

import json
import re
from typing import Any

from checkov.common.models.enums import CheckResult

# Returned by ``get`` for an argument that is absent.
MISSING: Any = type("Missing", (), {"__repr__": lambda self: "MISSING", "__bool__": lambda self: False})()

# Placeholder for one ``${...}`` interpolation in a template (see ``template``).
HOLE = "\x00"

# What checkov leaves for values it could not resolve.
_EXPRESSION = re.compile(
    r"\$\{"  # an interpolation
    r"|^(var|local|module|data|each|count|self|path|terraform)\."  # a named value
    r"|^[a-z][a-z0-9]*_[a-z0-9_]*\.[A-Za-z_][\w-]*(\[[^\]]*\])?(\.|$)"  # a resource's attribute: aws_x.name.attr
    r"|^[a-z_][a-z0-9_]*\("  # a function call (try(...), coalesce(...))
    r"|^[\[{].*[\]}](\.|\[)"  # an attribute of a rendered collection ({'type': 'X'}.type)
)


def is_plan(conf: dict[str, Any]) -> bool:
    """True when checkov built ``conf`` from a plan's JSON rather than from HCL."""
    return "__startline__" in conf or "__change_actions__" in conf


def get(conf: dict[str, Any], key: str) -> Any:
    """The value of one argument, unwrapped from checkov's list; ``MISSING`` when absent."""
    if not isinstance(conf, dict) or key not in conf:
        return MISSING
    value = conf[key]
    if isinstance(value, list):
        return value[0] if value else None
    return value


def blocks(conf: dict[str, Any], key: str) -> list[dict[str, Any]]:
    """The nested blocks named ``key`` (``[]`` when there are none)."""
    value = conf.get(key) if isinstance(conf, dict) else None
    if not isinstance(value, list):
        return []
    found: list[dict[str, Any]] = []
    for item in value:
        if isinstance(item, dict):
            found.append(item)
        elif isinstance(item, list):  # a plan's set of blocks, or an empty one: [[]]
            found.extend(x for x in item if isinstance(x, dict))
    return found


def as_list(value: Any) -> list[Any]:
    """A scalar or a list as a list (``None`` and ``MISSING`` as ``[]``)."""
    if value is None or value is MISSING:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def is_expression(value: Any) -> bool:
    """True for a string that is an unresolved Terraform expression rather than a literal."""
    return isinstance(value, str) and bool(_EXPRESSION.search(value.strip()))


def unwrap_rendered_list(value: str) -> str:
    """checkov sometimes renders a string as a one-element Python list (``['${x}/*']``): take the element."""
    text = value.strip()
    if len(text) >= 4 and text[0] == "[" and text[-1] == "]" and text[1] in "'\"" and text[-2] == text[1]:
        return text[2:-2]
    return text


def template(value: str) -> tuple[str, list[str]]:
    """Split a string into its literal text and its ``${...}`` interpolations.

    Returns the text with each interpolation replaced by ``HOLE`` and the interpolated expressions
    in order: ``"arn:${p}:x/${id}"`` gives ``("arn:\\0:x/\\0", ["p", "id"])``. Braces nest.
    """
    text: list[str] = []
    holes: list[str] = []
    i = 0
    while i < len(value):
        if value.startswith("${", i):
            depth, j = 1, i + 2
            while j < len(value) and depth:
                depth += {"{": 1, "}": -1}.get(value[j], 0)
                j += 1
            holes.append(value[i + 2 : j - 1] if depth == 0 else value[i + 2 :])
            text.append(HOLE)
            i = j
        else:
            text.append(value[i])
            i += 1
    return "".join(text), holes


def has_wildcard(text: str) -> bool:
    """True when the literal part of a template segment holds an ARN wildcard."""
    return "*" in text or "?" in text


def json_object(value: Any) -> dict[str, Any] | None:
    """A JSON object given as a dict (HCL ``jsonencode``, rendered by checkov) or as a JSON string."""
    if isinstance(value, dict):
        return value
    if isinstance(value, str):
        try:
            parsed = json.loads(value)
        except ValueError:
            return None
        return parsed if isinstance(parsed, dict) else None
    return None


def combine(results: list[CheckResult]) -> CheckResult:
    """FAILED if any part failed, else UNKNOWN if any part is unknown, else PASSED."""
    if CheckResult.FAILED in results:
        return CheckResult.FAILED
    return CheckResult.UNKNOWN if CheckResult.UNKNOWN in results else CheckResult.PASSED


def positive_limit(block: dict[str, Any], key: str, plan: bool) -> CheckResult:
    """A throttling limit (of a settings block) proven to be a number above 0; ``plan``: read from a plan."""
    value = get(block, key)
    if value is MISSING:
        return CheckResult.UNKNOWN if plan else CheckResult.FAILED
    if value is None or isinstance(value, bool):
        return CheckResult.FAILED
    if isinstance(value, str):
        if is_expression(value):
            return CheckResult.UNKNOWN
        try:
            value = float(value)
        except ValueError:
            return CheckResult.UNKNOWN
    if isinstance(value, (int, float)):
        return CheckResult.PASSED if value > 0 else CheckResult.FAILED
    return CheckResult.UNKNOWN
