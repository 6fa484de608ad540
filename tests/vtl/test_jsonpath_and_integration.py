"""apigwkit.vtl.jsonpath (definite paths) and apigwkit.vtl.lambda_integration (error payload, response selection)."""

from __future__ import annotations

import pytest

from apigwkit.vtl import MappingTemplateError, lambda_error_payload, select_integration_response
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

PATTERNS = {"200": None, "400": "BadRequest.*", "500": "(?s)(?!BadRequest).+"}


def test_a_successful_invocation_uses_the_default_response() -> None:
    assert select_integration_response(PATTERNS, None) == "200"


def test_an_error_message_selects_the_response_whose_pattern_matches_all_of_it() -> None:
    assert select_integration_response(PATTERNS, "BadRequest: a must be an integer") == "400"
    assert select_integration_response(PATTERNS, "division by zero") == "500"
    assert select_integration_response(PATTERNS, "first line\nsecond line") == "500"


def test_a_pattern_must_match_the_whole_message_not_a_part() -> None:
    patterns = {"200": "", "400": "BadRequest"}
    # "BadRequest" is only a prefix of the message: no match, so the DEFAULT (200!) response is used
    assert select_integration_response(patterns, "BadRequest: a must be an integer") == "200"


def test_a_multi_line_message_escapes_a_dot_star_pattern() -> None:
    assert select_integration_response({"200": None, "400": "BadRequest.*"}, "BadRequest: a\nb") == "200"


def test_overlapping_patterns_or_a_missing_default_are_refused() -> None:
    with pytest.raises(MappingTemplateError, match=r"selection patterns of \['400', '500'\] all match"):
        select_integration_response({"200": None, "400": "BadRequest.*", "500": ".+"}, "BadRequest: x")
    with pytest.raises(MappingTemplateError, match="exactly one integration response must have no selection pattern"):
        select_integration_response({"400": "BadRequest.*"}, None)


def test_the_lambda_error_payload_carries_the_message_and_type() -> None:
    try:
        raise ValueError("BadRequest: a must be an integer")
    except ValueError as error:
        payload = lambda_error_payload(error, request_id="req-1")

    assert payload["errorMessage"] == "BadRequest: a must be an integer"
    assert payload["errorType"] == "ValueError"
    assert payload["requestId"] == "req-1"
    assert any("raise ValueError" in line for line in payload["stackTrace"])
