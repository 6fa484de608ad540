"""The rest-api-mapping-cache example's real mapping templates around the real sum Lambda (seed 실습 B).

The templates are read from the Terraform example (the files Terraform deploys), never copied here. For each input
a test renders the request template as API Gateway would, parses the result as the Lambda's event (it must be valid
JSON whatever the client sent), calls the real handler, and renders the response template on what the handler
returned (or, when it raised, the error response API Gateway selects) to get the JSON the client receives.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sum as sum_function

from apigwkit.engine.workspace import Workspace
from apigwkit.vtl import InvalidJsonError, lambda_error_payload, render, select_integration_response

REPO_ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = "examples/rest-api-mapping-cache"
TEMPLATES = REPO_ROOT / EXAMPLE / "templates"

REQUEST_TIME = "24/Nov/2026:10:15:30 +0000"
CONTEXT: dict[str, Any] = {
    "identity": {"sourceIp": "203.0.113.10", "userAgent": "curl/8.5.0"},
    "resourcePath": "/sum",
    "httpMethod": "POST",
    "stage": "prod",
    "requestId": "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
    "requestTime": REQUEST_TIME,
}

# The seed's request template (실습 B), verbatim: kept here as the known-bad example the example's template fixes.
SEED_REQUEST_TEMPLATE = """#set($inputRoot = $input.params())

{
  "a": $util.parseJson($input.body).a,
  "b": $util.parseJson($input.body).b,
  "callerIp": "$context.identity.sourceIp",
  "path": "$context.resourcePath",
  "qs": {
    "debug": "$util.escapeJavaScript($input.params('debug'))"
  }
}
"""


def template_file(name: str) -> str:
    return (TEMPLATES / name).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def request_template() -> str:
    return template_file("sum-request.vtl")


@pytest.fixture(scope="module")
def query_request_template() -> str:
    return template_file("sum-query-request.vtl")


@pytest.fixture(scope="module")
def response_template() -> str:
    return template_file("sum-response.vtl")


@pytest.fixture(scope="module")
def integration_responses(workspace: Any) -> dict[str, dict[str, Any]]:
    """The example's integration responses of /sum (status → selection_pattern, templates), as Terraform sees them.

    They live inline in main.tf (``local.sum_responses``); ``terraform console`` evaluates the local without a plan.
    """
    return terraform_eval(workspace(EXAMPLE), "local.sum_responses")


def terraform_eval(ws: Workspace, expression: str) -> Any:
    """The value of `expression` in an initialised workspace (``terraform console``), decoded from JSON."""
    result = ws.run("console", stdin=f"jsonencode({expression})\n")
    return json.loads(json.loads(result.stdout))


# --- the round trip -----------------------------------------------------------------------------------------------


def method_params(*, querystring: dict[str, str] | None = None, debug: str | None = None) -> dict[str, dict[str, str]]:
    query = dict(querystring or {})
    if debug is not None:
        query["debug"] = debug
    return {"path": {}, "querystring": query, "header": {"Content-Type": "application/json"}}


def lambda_event(template: str, body: str | None, params: dict[str, dict[str, str]]) -> dict[str, Any]:
    """What the Lambda receives: the rendered request template, which must parse as a JSON object."""
    rendered = render(template, body=body, params=params, context=CONTEXT, stage_variables={})
    try:
        event = json.loads(rendered)
    except json.JSONDecodeError as err:
        pytest.fail(f"the request template rendered invalid JSON for body {body!r}, params {params}: {err}\n{rendered}")
    assert isinstance(event, dict), f"the Lambda event must be a JSON object, found {rendered!r}"
    assert set(event) == {"a", "b", "callerIp", "path", "qs"}
    return event


def client_json(template: str, integration_body: str, params: dict[str, dict[str, str]]) -> Any:
    rendered = render(template, body=integration_body, params=params, context=CONTEXT, stage_variables={})
    try:
        return json.loads(rendered)
    except json.JSONDecodeError as err:
        pytest.fail(f"a response template rendered invalid JSON for {integration_body!r}: {err}\n{rendered}")


@dataclass(frozen=True)
class RoundTrip:
    event: dict[str, Any]
    lambda_result: dict[str, Any] | None
    lambda_error: str | None
    status: str
    client_body: Any


def round_trip(
    request_template: str,
    responses: dict[str, dict[str, Any]],
    lambda_context: Any,
    *,
    body: str | None = None,
    params: dict[str, dict[str, str]] | None = None,
) -> RoundTrip:
    """Request template → the real handler → the integration response API Gateway selects → the client's JSON."""
    params = params or method_params()
    event = lambda_event(request_template, body, params)
    try:
        result: dict[str, Any] | None = sum_function.lambda_handler(event, lambda_context)
        error_message, integration_body = None, json.dumps(result)  # Lambda serialises the return value as JSON
    except Exception as error:  # whatever escapes the handler becomes the Lambda error payload
        result = None
        payload = lambda_error_payload(error, request_id=lambda_context.aws_request_id)
        error_message, integration_body = payload["errorMessage"], json.dumps(payload)
    patterns = {status: response.get("selection_pattern") for status, response in responses.items()}
    status = select_integration_response(patterns, error_message)
    template = responses[status]["templates"]["application/json"]
    return RoundTrip(event, result, error_message, status, client_json(template, integration_body, params))


def success_only(response_template: str) -> dict[str, dict[str, Any]]:
    """The 200 response alone: for inputs the handler accepts, without asking Terraform for the others."""
    return {"200": {"templates": {"application/json": response_template}}}


# --- POST /sum: the body's a and b -----------------------------------------------------------------------------


def test_a_and_b_reach_the_lambda_and_the_sum_reaches_the_client(
    request_template: str, response_template: str, lambda_context: Any
) -> None:
    trip = round_trip(request_template, success_only(response_template), lambda_context, body='{"a": 1, "b": 2}')

    assert trip.event == {"a": 1, "b": 2, "callerIp": "203.0.113.10", "path": "/sum", "qs": {"debug": ""}}
    assert trip.lambda_result == {"sum": 3}
    assert trip.status == "200"
    assert trip.client_body == {"result": 3, "timestamp": REQUEST_TIME}


@pytest.mark.parametrize(
    ("body", "a", "b", "expected_sum"),
    [
        pytest.param('{"b": 2}', None, 2, 2, id="a-missing"),
        pytest.param('{"a": 5}', 5, None, 5, id="b-missing"),
        pytest.param("{}", None, None, 0, id="both-missing"),
        pytest.param("", None, None, 0, id="empty-body"),
        pytest.param('{"a": null, "b": 4}', None, 4, 4, id="a-null"),
        pytest.param('{"a": -3, "b": 3}', -3, 3, 0, id="negative"),
        pytest.param('{"a": 2.0, "b": 1}', 2.0, 1, 3, id="integral-float"),
        pytest.param(
            '{"a": 1, "b": 2, "note": "he said \\"hi\\"\\nbye", "nested": {"x": [1, "it\'s"]}}', 1, 2, 3, id="extra"
        ),
    ],
)
def test_missing_operands_become_null_and_count_as_zero(
    body: str, a: Any, b: Any, expected_sum: int, request_template: str, response_template: str, lambda_context: Any
) -> None:
    trip = round_trip(request_template, success_only(response_template), lambda_context, body=body)

    assert (trip.event["a"], trip.event["b"]) == (a, b)
    assert trip.lambda_result == {"sum": expected_sum}
    assert trip.client_body == {"result": expected_sum, "timestamp": REQUEST_TIME}


@pytest.mark.parametrize(
    ("body", "bad_value", "message"),
    [
        pytest.param('{"a": "x", "b": 2}', "x", "BadRequest: a must be an integer, found string 'x'", id="string"),
        pytest.param('{"a": "3", "b": 2}', "3", "BadRequest: a must be an integer, found string '3'", id="numeric-str"),
        pytest.param(
            '{"a": "he said \\"hi\\"\\n", "b": 2}',
            'he said "hi"\n',
            "BadRequest: a must be an integer, found string 'he said \"hi\"\\n'",
            id="string-with-quotes-and-newline",
        ),
        pytest.param('{"a": true, "b": 2}', True, "BadRequest: a must be an integer, found boolean true", id="bool"),
        pytest.param('{"a": 1.5, "b": 2}', 1.5, "BadRequest: a must be an integer, found number 1.5", id="fraction"),
        pytest.param('{"a": {"n": 1}, "b": 2}', {"n": 1}, "BadRequest: a must be an integer, found object", id="obj"),
        pytest.param('{"a": [1, 2], "b": 2}', [1, 2], "BadRequest: a must be an integer, found array", id="array"),
    ],
)
def test_a_non_integer_reaches_the_lambda_intact_and_the_client_gets_a_400(
    body: str,
    bad_value: Any,
    message: str,
    request_template: str,
    integration_responses: dict[str, dict[str, Any]],
    lambda_context: Any,
) -> None:
    trip = round_trip(request_template, integration_responses, lambda_context, body=body)

    assert trip.event["a"] == bad_value  # passed through as JSON, so the function can say what is wrong
    assert trip.lambda_error == message
    assert trip.status == "400"
    assert trip.client_body == {"message": message}


@pytest.mark.parametrize(
    "debug",
    [
        pytest.param("it's", id="single-quote"),
        pytest.param('say "hi"', id="double-quote"),
        pytest.param("back\\slash/and/slash", id="backslash"),
        pytest.param("two\nlines\ttab", id="control-characters"),
        pytest.param("한글 é 😀", id="non-ascii"),
        pytest.param("", id="empty"),
    ],
)
def test_the_debug_query_parameter_reaches_the_lambda_exactly(debug: str, request_template: str) -> None:
    event = lambda_event(request_template, '{"a": 1, "b": 2}', method_params(debug=debug))

    assert event["qs"] == {"debug": debug}


@pytest.mark.parametrize("body", ["[1, 2]", "null", '"a string"', "7"])
def test_a_json_body_that_is_not_an_object_still_renders_a_json_event(body: str, request_template: str) -> None:
    # The SumRequest model rejects these before the template in AWS; the template must not be the weak point anyway.
    lambda_event(request_template, body, method_params())


def test_a_body_that_is_not_json_is_refused_before_the_lambda(request_template: str) -> None:
    # API Gateway answers 400 "Could not parse request body into json" and never invokes the function
    with pytest.raises(InvalidJsonError):
        render(request_template, body="a=1&b=2", params=method_params(), context=CONTEXT, stage_variables={})


def test_an_error_that_is_not_a_bad_request_reaches_the_client_as_a_500_without_details(
    request_template: str, integration_responses: dict[str, dict[str, Any]], lambda_context: Any, monkeypatch: Any
) -> None:
    def broken(a: int, b: int) -> dict[str, int]:
        raise RuntimeError("database unreachable\nat line 3")

    monkeypatch.setattr(sum_function, "add", broken)

    trip = round_trip(request_template, integration_responses, lambda_context, body='{"a": 1, "b": 2}')

    assert trip.status == "500"
    assert trip.client_body == {"message": "Internal server error"}


def test_the_example_deploys_the_response_template_file_for_success(
    response_template: str, integration_responses: dict[str, dict[str, Any]]
) -> None:
    assert integration_responses["200"]["templates"]["application/json"] == response_template
    assert not integration_responses["200"].get("selection_pattern")


# --- GET /sum?a=1&b=2: the cacheable twin ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "a", "b", "expected_sum"),
    [
        pytest.param({"a": "1", "b": "2"}, 1, 2, 3, id="both"),
        pytest.param({"a": "-4"}, -4, None, -4, id="b-missing"),
        pytest.param({}, None, None, 0, id="none"),
        pytest.param({"a": "", "b": "0"}, None, 0, 0, id="empty-value"),
    ],
)
def test_the_query_template_turns_integers_into_numbers(
    query: dict[str, str],
    a: Any,
    b: Any,
    expected_sum: int,
    query_request_template: str,
    response_template: str,
    lambda_context: Any,
) -> None:
    params = method_params(querystring=query)
    trip = round_trip(query_request_template, success_only(response_template), lambda_context, params=params)

    assert (trip.event["a"], trip.event["b"]) == (a, b)
    assert trip.client_body == {"result": expected_sum, "timestamp": REQUEST_TIME}


@pytest.mark.parametrize(
    ("value", "message"),
    [
        pytest.param("x", "BadRequest: a must be an integer, found string 'x'", id="word"),
        pytest.param("1.5", "BadRequest: a must be an integer, found string '1.5'", id="fraction"),
        pytest.param("01", "BadRequest: a must be an integer, found string '01'", id="leading-zero"),
        pytest.param('it\'s "x"', "BadRequest: a must be an integer, found string 'it\\'s \"x\"'", id="quotes"),
        pytest.param(
            "9" * 16,
            "BadRequest: a must be between -9007199254740991 and 9007199254740991, found 9999999999999999",
            id="too-large",
        ),
    ],
)
def test_the_query_template_passes_anything_else_as_a_string_the_lambda_refuses(
    value: str,
    message: str,
    query_request_template: str,
    integration_responses: dict[str, dict[str, Any]],
    lambda_context: Any,
) -> None:
    params = method_params(querystring={"a": value, "b": "1"})
    trip = round_trip(query_request_template, integration_responses, lambda_context, params=params)

    assert trip.status == "400"
    assert trip.client_body == {"message": message}


# --- the seed's template: why the example's differs --------------------------------------------------------------


def test_the_seed_template_works_when_both_numbers_are_present() -> None:
    rendered = render(SEED_REQUEST_TEMPLATE, body='{"a": 1, "b": 2}', params=method_params(), context=CONTEXT)

    assert json.loads(rendered) == {"a": 1, "b": 2, "callerIp": "203.0.113.10", "path": "/sum", "qs": {"debug": ""}}


@pytest.mark.parametrize(
    ("body", "debug", "broken_line"),
    [
        pytest.param('{"b": 2}', None, '"a": ,', id="missing-field"),
        pytest.param("", None, '"a": ,', id="empty-body"),
        pytest.param('{"a": "x", "b": 2}', None, '"a": x,', id="string-unquoted"),
        pytest.param('{"a": {"n": 1}, "b": 2}', None, '"a": {n=1},', id="object-printed-java-style"),
        pytest.param('{"a": 1, "b": 2}', "it's", '"debug": "it\\\'s"', id="quote-in-debug"),
    ],
)
def test_the_seed_template_produces_invalid_json(body: str, debug: str | None, broken_line: str) -> None:
    rendered = render(SEED_REQUEST_TEMPLATE, body=body, params=method_params(debug=debug), context=CONTEXT)

    assert broken_line in rendered
    with pytest.raises(json.JSONDecodeError):
        json.loads(rendered)
