"""apigwkit.vtl.jsonpath (definite paths) and apigwkit.vtl.lambda_integration (the Lambda error payload)."""

from __future__ import annotations

import pytest

from apigwkit.vtl import lambda_error_payload
from apigwkit.vtl.jsonpath import MISSING, JsonPathError, evaluate

DOCUMENT = {"a": {"b": [1, None, {"c": "x.y"}]}, "dotted.key": 7, "n": None}


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("$", DOCUMENT),
        ("$.a.b[0]", 1),
        ("$.a.b[1]", None),  # a JSON null is selected: not the same as nothing
        ("$.a.b[-1].c", "x.y"),
        ("$['dotted.key']", 7),
        ('$["a"]["b"][2]["c"]', "x.y"),
        (" $.n ", None),
    ],
)
def test_a_definite_path_selects_one_value(path: str, expected: object) -> None:
    assert evaluate(DOCUMENT, path) == expected


@pytest.mark.parametrize("path", ["$.x", "$.a.b[3]", "$.a.b.c", "$.a[0]", "$.dotted.key", "$.n.deeper"])
def test_a_path_that_selects_nothing_is_missing_not_null(path: str) -> None:
    assert evaluate(DOCUMENT, path) is MISSING


def test_a_non_string_path_is_refused() -> None:
    with pytest.raises(JsonPathError, match="a JSONPath must be a string, found int"):
        evaluate(DOCUMENT, 1)  # type: ignore[arg-type]


# --- the Lambda side of a non-proxy integration -----------------------------------------------------------------


def test_the_lambda_error_payload_carries_the_message_and_type() -> None:
    try:
        raise ValueError("BadRequest: a must be an integer")
    except ValueError as error:
        payload = lambda_error_payload(error, request_id="req-1")

    assert payload["errorMessage"] == "BadRequest: a must be an integer"
    assert payload["errorType"] == "ValueError"
    assert payload["requestId"] == "req-1"
    assert any("raise ValueError" in line for line in payload["stackTrace"])
