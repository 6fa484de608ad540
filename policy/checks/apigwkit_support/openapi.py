"""Reading a REST API's OpenAPI document (``aws_api_gateway_rest_api.body``) the way API Gateway imports it.

``modules/rest_api`` describes the whole API in that document, so the checks of methods and of the resource
policy read it there. A document is judged only when checkov has it as text (a plan, or a literal body);
an unresolved expression gives ``None`` (UNKNOWN).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from apigwkit_support.values import get, is_expression

VERBS = ("get", "put", "post", "delete", "patch", "head", "options", "x-amazon-apigateway-any-method")
AUTHORIZING = {"custom", "cognito_user_pools", "awssigv4"}
# A mark the library puts on operations the caller declared public = true (API Gateway ignores x- keys it
# does not know): the open operation is a decision, not an oversight.
PUBLIC_MARK = "x-apigwkit-public"


def document(conf: dict[str, Any]) -> dict[str, Any] | None:
    """The parsed body; None when there is none or checkov cannot know it."""
    body = get(conf, "body")
    if isinstance(body, dict):  # checkov renders an HCL jsonencode() as the object itself
        return body
    if not isinstance(body, str) or not body.strip() or is_expression(body):
        return None
    try:
        parsed = json.loads(body)
    except ValueError:
        try:
            import yaml

            parsed = yaml.safe_load(body)
        except Exception:  # noqa: BLE001 - any document checkov cannot read is unknown
            return None
    return parsed if isinstance(parsed, dict) else None


def operations(doc: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(verb, path, operation) of every operation of the document."""
    for path, item in (doc.get("paths") or {}).items():
        for verb, operation in (item or {}).items():
            if verb.lower() in VERBS and isinstance(operation, dict):
                yield verb.lower(), path, operation


def authorized(doc: dict[str, Any], operation: dict[str, Any]) -> bool:
    """True when the operation requires an authorizer, Cognito or IAM (an API key alone is not authentication)."""
    components = doc.get("components") or {}
    schemes = components.get("securitySchemes") or doc.get("securityDefinitions") or {}
    for requirement in operation.get("security", doc.get("security")) or []:
        for name in requirement or {}:
            kind = str((schemes.get(name) or {}).get("x-amazon-apigateway-authtype") or "").lower()
            if kind in AUTHORIZING:
                return True
    return False
