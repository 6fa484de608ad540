"""Which integration response a REST API non-proxy integration answers with: the one place this rule lives.

The local REST gateway (``apigwkit.local.rest``) and the template tests both call ``select_integration_response``.
API Gateway's documented rule, and where each part of it is written:

- **What is matched.** For a Lambda integration, the function's ``errorMessage``; for every other backend (HTTP,
  AWS service, and MOCK, whose request template selects a status code) the HTTP status code of the backend's
  answer. (API reference, ``IntegrationResponse.selectionPattern``:
  https://docs.aws.amazon.com/apigateway/latest/api/API_IntegrationResponse.html, and the OpenAPI extension
  https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions-integration-responses.html)
- **A Lambda success is matched as nothing.** The reference's own example: "if the success response returns nothing
  and the error response returns some string, you could use the ``.+`` regex to match error response". The subject
  of a success is the empty string, so a pattern that matches "" (``.*``) catches successes too; LocalStack checked
  this against AWS (localstack/localstack pull request 12580).
- **The pattern is a regular expression over the whole subject**, without DOTALL: the same page warns that with
  ``.+`` the error message must not contain a newline (``.`` does not match it). The developer guide's patterns
  (``Malformed.*``, https://docs.aws.amazon.com/apigateway/latest/developerguide/handle-errors-in-lambda-integration.html)
  end in ``.*`` because the pattern must cover the whole message (Java's ``Pattern.matches``). Python's
  ``re.fullmatch`` stands in for it; one difference remains: Java's ``.`` also stops at ``\\r``, U+0085, U+2028 and
  U+2029, Python's only at ``\\n``.
- **No match takes the default**: the response without a pattern ("``default`` to catch any response that you haven't
  configured"), whatever its status code. Without one, the request fails with the execution-log error "No match for
  output mapping and no default output mapping configured" (500). A second default cannot exist: API Gateway refuses
  it with ``ConflictException: Integration response with selection pattern default already exists``.

Not documented, so refused rather than guessed: which response wins when **two patterns match** the same subject. A
configuration that depends on it is an error here (``MappingTemplateError``; the local gateway answers 500 and logs
why), so patterns must be disjoint, as ``modules/rest_api``'s examples make them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from apigwkit.vtl.errors import MappingTemplateError

__all__ = ["NO_MATCH", "select_integration_response"]

# API Gateway's execution-log words when nothing matches and there is no default.
NO_MATCH = "No match for output mapping and no default output mapping configured"


def select_integration_response(patterns: Mapping[str, str | None], subject: str | None) -> str:
    """The status code of the integration response API Gateway uses for ``subject``.

    ``patterns`` maps each integration response's status code to its ``selection_pattern`` (None or "" for the
    default). ``subject`` is the Lambda function's ``errorMessage`` (None for a successful invocation, matched as ""),
    or the backend's HTTP status code as text. Raises ``MappingTemplateError`` when no response applies, when two
    patterns match, or when there are two defaults.
    """
    defaults = [status for status, pattern in patterns.items() if not pattern]
    if len(defaults) > 1:
        raise MappingTemplateError(
            f"integration responses {sorted(defaults)} have no selection pattern: only one can be the default"
        )
    text = subject or ""
    matching = [status for status, pattern in patterns.items() if pattern and re.fullmatch(pattern, text) is not None]
    if len(matching) > 1:
        raise MappingTemplateError(
            f"selection patterns of {sorted(matching)} all match {text!r}; API Gateway does not document which one it "
            "takes: make them disjoint"
        )
    if matching:
        return matching[0]
    if defaults:
        return defaults[0]
    raise MappingTemplateError(f"{NO_MATCH} (matched: {text!r})")
