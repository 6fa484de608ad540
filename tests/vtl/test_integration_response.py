"""apigwkit.vtl.integration_response: the one implementation of API Gateway's integration-response selection.

The local REST gateway calls the same function (tests/local/test_rest_api.py drives it through real requests).
"""

from __future__ import annotations

import pytest

from apigwkit.vtl import NO_MATCH, MappingTemplateError, select_integration_response

PATTERNS = {"200": None, "400": "BadRequest.*", "500": "(?s)(?!BadRequest).+"}


def test_a_successful_invocation_uses_the_default_response() -> None:
    assert select_integration_response(PATTERNS, None) == "200"


def test_a_success_is_matched_as_the_empty_string() -> None:
    # "if the success response returns nothing ... you could use the .+ regex to match error response"
    assert select_integration_response({"200": None, "500": ".+"}, None) == "200"
    assert select_integration_response({"200": None, "500": ".*"}, None) == "500"


def test_an_error_message_selects_the_response_whose_pattern_matches_all_of_it() -> None:
    assert select_integration_response(PATTERNS, "BadRequest: a must be an integer") == "400"
    assert select_integration_response(PATTERNS, "division by zero") == "500"
    assert select_integration_response(PATTERNS, "first line\nsecond line") == "500"


def test_a_pattern_must_match_the_whole_message_not_a_part() -> None:
    patterns = {"200": "", "400": "BadRequest"}
    # "BadRequest" is only a prefix of the message: no match, so the DEFAULT (200!) response is used
    assert select_integration_response(patterns, "BadRequest: a must be an integer") == "200"


def test_a_dot_does_not_match_a_newline() -> None:
    # The API reference warns that .+ needs a message without "\n": no DOTALL unless the pattern asks for it.
    assert select_integration_response({"200": None, "400": "BadRequest.*"}, "BadRequest: a\nb") == "200"
    assert select_integration_response({"200": None, "400": "BadRequest[\\s\\S]*"}, "BadRequest: a\nb") == "400"
    assert select_integration_response({"200": None, "400": "(?s)BadRequest.*"}, "BadRequest: a\nb") == "400"


def test_other_backends_are_selected_by_their_status_code() -> None:
    patterns = {"200": None, "404": "4\\d{2}", "502": "5\\d{2}"}
    assert [select_integration_response(patterns, code) for code in ("200", "302", "404", "503")] == [
        "200",
        "200",
        "404",
        "502",
    ]


def test_overlapping_patterns_or_two_defaults_are_refused() -> None:
    with pytest.raises(MappingTemplateError, match=r"selection patterns of \['400', '500'\] all match"):
        select_integration_response({"200": None, "400": "BadRequest.*", "500": ".+"}, "BadRequest: x")
    with pytest.raises(MappingTemplateError, match=r"\['200', '201'\] have no selection pattern"):
        select_integration_response({"200": None, "201": "", "400": "BadRequest.*"}, "BadRequest: x")


def test_without_a_default_only_a_matching_pattern_answers() -> None:
    assert select_integration_response({"400": "BadRequest.*"}, "BadRequest: x") == "400"
    with pytest.raises(MappingTemplateError, match=NO_MATCH):
        select_integration_response({"400": "BadRequest.*"}, None)
