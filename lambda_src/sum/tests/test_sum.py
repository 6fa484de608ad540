"""The sum Lambda with events in the shape the REST API request mapping template produces."""

from __future__ import annotations

import io
import json
import re
from typing import Any

import pytest
import sum as sum_function

from apigwkit.testing.lambda_logs import log_records

# 400 selection patterns (the README's and the brief's): API Gateway matches them against the whole errorMessage.
BAD_REQUEST_PATTERNS = ("BadRequest: .+", "BadRequest.*")


def selects_400(message: str) -> bool:
    return all(re.fullmatch(pattern, message) for pattern in BAD_REQUEST_PATTERNS)


def event(**fields: Any) -> dict[str, Any]:
    """An event as the request template renders it; `fields` override or (with value ...) remove keys."""
    base: dict[str, Any] = {"a": 1, "b": 2, "callerIp": "203.0.113.10", "path": "/sum", "qs": {"debug": ""}}
    for key, value in fields.items():
        if value is ...:
            base.pop(key, None)
        else:
            base[key] = value
    return base


# --- sums ---------------------------------------------------------------------------------------------------------


def test_adds_a_and_b(lambda_context: Any) -> None:
    assert sum_function.lambda_handler(event(a=1, b=2), lambda_context) == {"sum": 3}


def test_the_result_is_what_the_response_template_reads_as_json(lambda_context: Any) -> None:
    result = sum_function.lambda_handler(event(a=40, b=2), lambda_context)

    assert json.loads(json.dumps(result)) == {"sum": 42}  # Lambda serialises the return value as JSON
    assert type(result["sum"]) is int


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        pytest.param({"a": ...}, 2, id="a-missing"),
        pytest.param({"b": ...}, 1, id="b-missing"),
        pytest.param({"a": ..., "b": ...}, 0, id="both-missing"),
        pytest.param({"a": None, "b": None}, 0, id="both-null"),
        pytest.param({"a": None, "b": 5}, 5, id="a-null"),
    ],
)
def test_a_missing_or_null_operand_counts_as_zero(fields: dict[str, Any], expected: int, lambda_context: Any) -> None:
    assert sum_function.lambda_handler(event(**fields), lambda_context) == {"sum": expected}


def test_negative_numbers_and_zero_add(lambda_context: Any) -> None:
    assert sum_function.lambda_handler(event(a=-7, b=0), lambda_context) == {"sum": -7}


def test_a_float_without_fraction_is_accepted_as_an_integer(lambda_context: Any) -> None:
    result = sum_function.lambda_handler(event(a=2.0, b=3), lambda_context)

    assert result == {"sum": 5}
    assert type(result["sum"]) is int


def test_the_largest_safe_integers_are_accepted(lambda_context: Any) -> None:
    limit = sum_function.MAX_SAFE_INTEGER
    assert sum_function.lambda_handler(event(a=limit, b=0), lambda_context) == {"sum": limit}
    assert sum_function.lambda_handler(event(a=-limit, b=limit), lambda_context) == {"sum": 0}


def test_metadata_fields_are_optional(lambda_context: Any) -> None:
    bare = {"a": 3, "b": 4}

    assert sum_function.lambda_handler(bare, lambda_context) == {"sum": 7}


# --- refusals -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        pytest.param({"a": True}, "BadRequest: a must be an integer, found boolean true", id="bool-true"),
        pytest.param({"b": False}, "BadRequest: b must be an integer, found boolean false", id="bool-false"),
        pytest.param({"a": 1.5}, "BadRequest: a must be an integer, found number 1.5", id="fraction"),
        pytest.param({"a": "3"}, "BadRequest: a must be an integer, found string '3'", id="numeric-string"),
        pytest.param({"b": ""}, "BadRequest: b must be an integer, found string ''", id="empty-string"),
        pytest.param(
            {"a": "x" * 100},
            "BadRequest: a must be an integer, found string 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...",
            id="long-string-truncated",
        ),
        pytest.param({"a": {"n": 1}}, "BadRequest: a must be an integer, found object", id="object"),
        pytest.param({"b": [1]}, "BadRequest: b must be an integer, found array", id="array"),
        pytest.param({"a": float("inf")}, "BadRequest: a must be an integer, found number inf", id="infinity"),
        pytest.param({"a": float("nan")}, "BadRequest: a must be an integer, found number nan", id="nan"),
        pytest.param(
            {"a": 2**53},
            "BadRequest: a must be between -9007199254740991 and 9007199254740991, found 9007199254740992",
            id="operand-too-large",
        ),
        pytest.param(
            {"a": 2**53 - 1, "b": 1},
            "BadRequest: a + b must be between -9007199254740991 and 9007199254740991, found 9007199254740992",
            id="sum-too-large",
        ),
    ],
)
def test_a_bad_operand_raises_a_bad_request_error(fields: dict[str, Any], message: str, lambda_context: Any) -> None:
    with pytest.raises(sum_function.BadRequestError) as raised:
        sum_function.lambda_handler(event(**fields), lambda_context)

    assert str(raised.value) == message
    # what API Gateway does with it: the integration response with the BadRequest selection pattern (400) is chosen
    assert selects_400(str(raised.value))


def test_a_string_with_a_newline_still_gives_a_one_line_message(lambda_context: Any) -> None:
    # "." does not match a newline in a Java regex: a multi-line errorMessage would escape the 400 pattern
    with pytest.raises(sum_function.BadRequestError) as raised:
        sum_function.lambda_handler(event(a="1\n2"), lambda_context)

    assert "\n" not in str(raised.value)
    assert selects_400(str(raised.value))


@pytest.mark.parametrize("bad_event", [[1, 2], "a=1&b=2", None], ids=["list", "string", "null"])
def test_an_event_that_is_not_an_object_is_a_server_fault(bad_event: Any, lambda_context: Any) -> None:
    with pytest.raises(sum_function.InvalidEventError) as raised:
        sum_function.lambda_handler(bad_event, lambda_context)

    assert "event must be the JSON object the request mapping template produces" in str(raised.value)
    assert not any(re.fullmatch(p, str(raised.value)) for p in BAD_REQUEST_PATTERNS)  # must not become a 400


# --- pure logic and logs ------------------------------------------------------------------------------------------


def test_operand_reads_one_field_without_a_handler() -> None:
    assert sum_function.operand({"a": 9}, "a") == 9
    assert sum_function.operand({}, "a") == 0
    assert sum_function.add(2, 3) == {"sum": 5}


def test_the_debug_flag_comes_from_the_query_string_field() -> None:
    assert sum_function.parse_event(event(qs={"debug": "1"})).debug is True
    assert sum_function.parse_event(event(qs={"debug": "true"})).debug is True
    assert sum_function.parse_event(event(qs={"debug": ""})).debug is False
    assert sum_function.parse_event(event(qs=...)).debug is False


def test_a_sum_is_logged_with_the_path_and_caller(log_output: io.StringIO, lambda_context: Any) -> None:
    sum_function.lambda_handler(event(a=1, b=2), lambda_context)

    record = next(r for r in log_records(log_output) if r["message"] == "sum computed")
    assert record["path"] == "/sum"
    assert record["caller_ip"] == "203.0.113.10"
    assert (record["logger"], record["level"]) == ("sum", "INFO")
    assert "a" not in record  # operands only with debug


def test_debug_adds_the_operands_to_the_log(log_output: io.StringIO, lambda_context: Any) -> None:
    sum_function.lambda_handler(event(a=1, b=2, qs={"debug": "1"}), lambda_context)

    record = next(r for r in log_records(log_output) if r["message"] == "sum computed")
    assert (record["a"], record["b"], record["sum"]) == (1, 2, 3)


def test_a_rejection_is_logged_with_its_reason(log_output: io.StringIO, lambda_context: Any) -> None:
    with pytest.raises(sum_function.BadRequestError):
        sum_function.lambda_handler(event(a="x"), lambda_context)

    record = next(r for r in log_records(log_output) if r["message"] == "rejected operands")
    assert record["reason"] == "BadRequest: a must be an integer, found string 'x'"
