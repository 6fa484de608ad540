"""What sits around the templates of a non-proxy (``AWS``) Lambda integration, so tests can run the whole round trip.

Request: the request template's output is the invocation payload, so it must be valid JSON (Lambda rejects anything
else and API Gateway answers 500). Response: the function's return value, JSON-serialised, is the integration
response body (``$input.body`` of the response template). When the function raises, the Python runtime returns
``{"errorMessage": str(error), "errorType": <class name>, "requestId": ..., "stackTrace": [...]}`` instead, and
API Gateway picks the integration response whose ``selection_pattern`` (a Java regular expression) matches the
**whole** ``errorMessage``; when none matches, or the function succeeded, the default response (the one without a
pattern) is used, whatever its status code.
"""

from __future__ import annotations

import re
import traceback
from collections.abc import Mapping
from typing import Any

from apigwkit.vtl.errors import MappingTemplateError

__all__ = ["lambda_error_payload", "select_integration_response"]


def lambda_error_payload(error: BaseException, request_id: str = "") -> dict[str, Any]:
    """The payload the Python Lambda runtime returns for an exception that escapes the handler."""
    return {
        "errorMessage": str(error),
        "errorType": type(error).__name__,
        "requestId": request_id,
        "stackTrace": traceback.format_tb(error.__traceback__),
    }


def select_integration_response(patterns: Mapping[str, str | None], error_message: str | None) -> str:
    """The status code of the integration response API Gateway uses.

    `patterns` maps each integration response's status code to its ``selection_pattern`` (None or "" for the default
    one); `error_message` is the function's ``errorMessage``, None when it succeeded. Python's ``re.fullmatch`` stands
    in for Java's ``Pattern.matches``: the same for the patterns templates use (no possessive quantifiers, no Java-only
    classes). Two patterns matching the same message is refused: which one API Gateway would take is not documented.
    """
    defaults = [status for status, pattern in patterns.items() if not pattern]
    if len(defaults) != 1:
        raise MappingTemplateError(
            f"exactly one integration response must have no selection pattern (the default), found {len(defaults)}"
        )
    if error_message is None:
        return defaults[0]
    matching = [
        status for status, pattern in patterns.items() if pattern and re.fullmatch(pattern, error_message) is not None
    ]
    if len(matching) > 1:
        raise MappingTemplateError(
            f"selection patterns of {sorted(matching)} all match error message {error_message!r}; make them disjoint"
        )
    return matching[0] if matching else defaults[0]
