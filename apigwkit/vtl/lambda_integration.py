"""What sits around the templates of a non-proxy (``AWS``) Lambda integration, so tests can run the whole round trip.

Request: the request template's output is the invocation payload, so it must be valid JSON (Lambda rejects anything
else and API Gateway answers 500). Response: the function's return value, JSON-serialised, is the integration
response body (``$input.body`` of the response template). When the function raises, the Python runtime returns
``{"errorMessage": str(error), "errorType": <class name>, "requestId": ..., "stackTrace": [...]}`` instead. Which
integration response answers is ``integration_response.py``'s rule.
"""

from __future__ import annotations

import traceback
from typing import Any

__all__ = ["lambda_error_payload"]


def lambda_error_payload(error: BaseException, request_id: str = "") -> dict[str, Any]:
    """The payload the Python Lambda runtime returns for an exception that escapes the handler."""
    return {
        "errorMessage": str(error),
        "errorType": type(error).__name__,
        "requestId": request_id,
        "stackTrace": traceback.format_tb(error.__traceback__),
    }
