"""The hello Lambda behind an HTTP API (payload 2.0 and 1.0) and a REST API proxy integration."""

from __future__ import annotations

import copy
import io
import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs

import hello
import pytest
from hypothesis import given
from hypothesis import strategies as st

from apigwkit.testing.hostile import FUZZ
from apigwkit.testing.lambda_logs import captured_logs, log_records

# --- realistic events -------------------------------------------------------------------------------------------------

HTTP_API_V2_EVENT: dict[str, Any] = {
    "version": "2.0",
    "routeKey": "GET /hello",
    "rawPath": "/hello",
    "rawQueryString": "",
    "headers": {
        "accept": "*/*",
        "content-length": "0",
        "host": "a1b2c3d4e5.execute-api.ap-northeast-2.amazonaws.com",
        "user-agent": "curl/8.5.0",
        "x-amzn-trace-id": "Root=1-6743a1b2-3c4d5e6f7a8b9c0d1e2f3a4b",
        "x-forwarded-for": "203.0.113.10",
        "x-forwarded-port": "443",
        "x-forwarded-proto": "https",
    },
    "requestContext": {
        "accountId": "123456789012",
        "apiId": "a1b2c3d4e5",
        "domainName": "a1b2c3d4e5.execute-api.ap-northeast-2.amazonaws.com",
        "domainPrefix": "a1b2c3d4e5",
        "http": {
            "method": "GET",
            "path": "/hello",
            "protocol": "HTTP/1.1",
            "sourceIp": "203.0.113.10",
            "userAgent": "curl/8.5.0",
        },
        "requestId": "Bq1WzjTwoE0EMhA=",
        "routeKey": "GET /hello",
        "stage": "$default",
        "time": "24/Nov/2026:10:15:30 +0000",
        "timeEpoch": 1795514130000,
    },
    "isBase64Encoded": False,
}

REST_API_V1_EVENT: dict[str, Any] = {
    "resource": "/hello",
    "path": "/hello",
    "httpMethod": "GET",
    "headers": {
        "Accept": "*/*",
        "CloudFront-Forwarded-Proto": "https",
        "Host": "x9y8z7w6v5.execute-api.ap-northeast-2.amazonaws.com",
        "User-Agent": "curl/8.5.0",
        "X-Amzn-Trace-Id": "Root=1-6743a1b2-5e6f7a8b9c0d1e2f3a4b5c6d",
        "X-Forwarded-For": "203.0.113.10",
        "X-Forwarded-Port": "443",
        "X-Forwarded-Proto": "https",
    },
    "multiValueHeaders": {
        "Accept": ["*/*"],
        "Host": ["x9y8z7w6v5.execute-api.ap-northeast-2.amazonaws.com"],
        "User-Agent": ["curl/8.5.0"],
    },
    "queryStringParameters": None,
    "multiValueQueryStringParameters": None,
    "pathParameters": None,
    "stageVariables": None,
    "requestContext": {
        "accountId": "123456789012",
        "apiId": "x9y8z7w6v5",
        "domainName": "x9y8z7w6v5.execute-api.ap-northeast-2.amazonaws.com",
        "domainPrefix": "x9y8z7w6v5",
        "extendedRequestId": "Bq2AbFgHoE0Fq8Q=",
        "httpMethod": "GET",
        "identity": {"sourceIp": "203.0.113.10", "userAgent": "curl/8.5.0"},
        "path": "/prod/hello",
        "protocol": "HTTP/1.1",
        "requestId": "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
        "requestTime": "24/Nov/2026:10:15:30 +0000",
        "requestTimeEpoch": 1795514130000,
        "resourceId": "abc123",
        "resourcePath": "/hello",
        "stage": "prod",
    },
    "body": None,
    "isBase64Encoded": False,
}


def http_api_v2_event(raw_query: str = "") -> dict[str, Any]:
    """A payload 2.0 event as API Gateway builds it: raw query plus the comma-joined decoded map."""
    event = copy.deepcopy(HTTP_API_V2_EVENT)
    event["rawQueryString"] = raw_query
    if raw_query:
        parsed = parse_qs(raw_query, keep_blank_values=True)
        event["queryStringParameters"] = {key: ",".join(values) for key, values in parsed.items()}
    return event


def rest_api_v1_event(query: dict[str, list[str]] | None = None) -> dict[str, Any]:
    """A REST API proxy event: `queryStringParameters` holds the last value, the multi-value map all of them."""
    event = copy.deepcopy(REST_API_V1_EVENT)
    if query:
        event["queryStringParameters"] = {key: values[-1] for key, values in query.items()}
        event["multiValueQueryStringParameters"] = query
    return event


def http_api_v1_event(query: dict[str, list[str]] | None = None) -> dict[str, Any]:
    """An HTTP API payload 1.0 event: the REST shape plus `version: "1.0"`."""
    event = rest_api_v1_event(query)
    event["version"] = "1.0"
    event["requestContext"]["stage"] = "$default"
    return event


def body_of(response: dict[str, Any]) -> dict[str, Any]:
    return json.loads(response["body"])


@pytest.fixture
def log_output() -> Iterator[io.StringIO]:
    """What the function logs, one JSON document per line as Lambda's JSON log format writes it."""
    with captured_logs() as buffer:
        yield buffer


# --- happy paths ------------------------------------------------------------------------------------------------------


def test_http_api_v2_greets_the_name_from_the_query_string(lambda_context: Any) -> None:
    response = hello.lambda_handler(http_api_v2_event("name=Kim"), lambda_context)

    assert response["statusCode"] == 200
    assert response["headers"] == {"Content-Type": "application/json"}
    assert response["isBase64Encoded"] is False
    assert body_of(response) == {"message": "Hello, Kim!"}


def test_http_api_v2_without_name_greets_the_world(lambda_context: Any) -> None:
    response = hello.lambda_handler(http_api_v2_event(""), lambda_context)

    assert response["statusCode"] == 200
    assert body_of(response) == {"message": "Hello, world!"}


def test_http_api_v2_decodes_percent_encoded_unicode_names(lambda_context: Any) -> None:
    response = hello.lambda_handler(http_api_v2_event("name=%EA%B9%80%EC%B2%A0%EC%88%98"), lambda_context)

    assert response["statusCode"] == 200
    assert body_of(response) == {"message": "Hello, 김철수!"}


def test_http_api_v2_keeps_a_literal_comma_in_the_name(lambda_context: Any) -> None:
    response = hello.lambda_handler(http_api_v2_event("name=Kim%2C%20Jr."), lambda_context)

    assert body_of(response) == {"message": "Hello, Kim, Jr.!"}


def test_rest_api_proxy_event_greets_the_name(lambda_context: Any) -> None:
    response = hello.lambda_handler(rest_api_v1_event({"name": ["Lee"]}), lambda_context)

    assert response["statusCode"] == 200
    assert response["headers"] == {"Content-Type": "application/json"}
    assert body_of(response) == {"message": "Hello, Lee!"}


def test_rest_api_proxy_event_without_query_greets_the_world(lambda_context: Any) -> None:
    response = hello.lambda_handler(rest_api_v1_event(), lambda_context)

    assert response["statusCode"] == 200
    assert body_of(response) == {"message": "Hello, world!"}


def test_http_api_payload_v1_greets_the_name(lambda_context: Any) -> None:
    response = hello.lambda_handler(http_api_v1_event({"name": ["Park"]}), lambda_context)

    assert response["statusCode"] == 200
    assert body_of(response) == {"message": "Hello, Park!"}


def test_surrounding_whitespace_is_trimmed(lambda_context: Any) -> None:
    response = hello.lambda_handler(http_api_v2_event("name=%20%20Kim%20"), lambda_context)

    assert body_of(response) == {"message": "Hello, Kim!"}


def test_a_name_of_exactly_the_maximum_length_is_greeted(lambda_context: Any) -> None:
    name = "a" * hello.MAX_NAME_LENGTH
    response = hello.lambda_handler(http_api_v2_event(f"name={name}"), lambda_context)

    assert response["statusCode"] == 200
    assert body_of(response) == {"message": f"Hello, {name}!"}


# --- hostile input ----------------------------------------------------------------------------------------------------


def assert_bad_request(response: dict[str, Any], message_part: str) -> None:
    assert response["statusCode"] == 400
    assert response["headers"] == {"Content-Type": "application/json"}
    body = body_of(response)
    assert body["error"] == "invalid_name"
    assert message_part in body["message"]


@pytest.mark.parametrize(
    "make_event",
    [
        pytest.param(lambda name: http_api_v2_event(f"name={name}"), id="http-api-v2"),
        pytest.param(lambda name: rest_api_v1_event({"name": [name]}), id="rest-api-v1"),
    ],
)
def test_a_name_over_100_characters_is_rejected(make_event: Any, lambda_context: Any) -> None:
    response = hello.lambda_handler(make_event("a" * (hello.MAX_NAME_LENGTH + 1)), lambda_context)

    assert_bad_request(response, "at most 100 characters, found 101")


@pytest.mark.parametrize(
    "raw_query",
    [
        pytest.param("name=Kim%0D%0ASet-Cookie:%20x=1", id="crlf"),
        pytest.param("name=Kim%00", id="nul"),
        pytest.param("name=%1B%5B31mred", id="ansi-escape"),
        pytest.param("name=Kim%E2%80%AEevil", id="bidi-override"),
    ],
)
def test_a_name_with_control_characters_is_rejected(raw_query: str, lambda_context: Any) -> None:
    response = hello.lambda_handler(http_api_v2_event(raw_query), lambda_context)

    assert_bad_request(response, "non-printable")


def test_a_rest_api_name_with_control_characters_is_rejected(lambda_context: Any) -> None:
    response = hello.lambda_handler(rest_api_v1_event({"name": ["Kim\r\nX-Evil: 1"]}), lambda_context)

    assert_bad_request(response, "non-printable")


def test_an_empty_name_is_rejected(lambda_context: Any) -> None:
    response = hello.lambda_handler(http_api_v2_event("name=%20"), lambda_context)

    assert_bad_request(response, "must not be empty")


def test_a_name_given_twice_in_a_rest_api_multi_value_query_is_rejected(lambda_context: Any) -> None:
    response = hello.lambda_handler(rest_api_v1_event({"name": ["Kim", "Lee"]}), lambda_context)

    assert_bad_request(response, "at most once, found 2 values")


def test_a_name_given_twice_in_an_http_api_v1_multi_value_query_is_rejected(lambda_context: Any) -> None:
    response = hello.lambda_handler(http_api_v1_event({"name": ["Kim", "Lee"]}), lambda_context)

    assert_bad_request(response, "at most once, found 2 values")


def test_a_name_given_twice_in_an_http_api_v2_query_is_rejected(lambda_context: Any) -> None:
    event = http_api_v2_event("name=Kim&name=Lee")
    assert event["queryStringParameters"] == {"name": "Kim,Lee"}  # what API Gateway sends, indistinguishable alone

    response = hello.lambda_handler(event, lambda_context)

    assert_bad_request(response, "at most once, found 2 values")


def test_a_query_string_that_is_not_utf8_is_rejected(lambda_context: Any) -> None:
    response = hello.lambda_handler(http_api_v2_event("name=%FF%FE"), lambda_context)

    assert_bad_request(response, "UTF-8")


def test_a_query_string_with_too_many_parameters_is_rejected(lambda_context: Any) -> None:
    raw_query = "&".join(f"p{i}=x" for i in range(hello.MAX_QUERY_FIELDS + 1))

    response = hello.lambda_handler(http_api_v2_event(raw_query), lambda_context)

    assert_bad_request(response, "at most 50 parameters")


# --- pure logic and logs ----------------------------------------------------------------------------------------------


def test_choose_name_defaults_to_world_without_any_event() -> None:
    assert hello.choose_name(()) == "world"
    assert hello.choose_name(("Kim",)) == "Kim"


def test_logs_are_json_with_the_api_gateway_request_id(log_output: io.StringIO, lambda_context: Any) -> None:
    hello.lambda_handler(http_api_v2_event("name=Kim"), lambda_context)

    greeting = next(record for record in log_records(log_output) if record["message"] == "greeting")
    assert greeting["correlation_id"] == "Bq1WzjTwoE0EMhA="
    assert (greeting["logger"], greeting["level"], greeting["name_length"]) == ("hello", "INFO", 3)


def test_a_rejected_name_is_logged_with_the_reason(log_output: io.StringIO, lambda_context: Any) -> None:
    hello.lambda_handler(rest_api_v1_event({"name": ["Kim", "Lee"]}), lambda_context)

    (rejected,) = [record for record in log_records(log_output) if record["message"] == "rejected name"]
    assert rejected["reason"] == "name must be given at most once, found 2 values"
    assert rejected["correlation_id"] == "c6af9ac6-7b61-11e6-9a41-93e8deadbeef"


# The fast path (a query without `%` and `+`) must read exactly what parse_qs reads: plain queries, queries around the
# field limit, and queries that take parse_qs's path.
QUERIES = st.one_of(
    st.text(alphabet="name=&x;é ", max_size=20),
    st.lists(st.sampled_from(["name=a", "name=", "name", "x=1", ""]), min_size=48, max_size=52).map("&".join),
    st.text(alphabet="name=&%+2Fé", max_size=30),
)


@FUZZ
@given(raw_query=QUERIES)
def test_query_values_read_what_parse_qs_reads(raw_query: str) -> None:
    try:
        expected: Any = tuple(
            parse_qs(raw_query, keep_blank_values=True, errors="strict", max_num_fields=50).get("name", ())
        )
    except ValueError:  # UnicodeDecodeError too
        expected = hello.InvalidNameError
    try:
        found: Any = hello.query_values(raw_query, "name")
    except hello.InvalidNameError:
        found = hello.InvalidNameError
    assert found == expected
