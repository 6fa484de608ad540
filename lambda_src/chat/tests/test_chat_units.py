"""The chat function's pure parts: configuration, message parsing and frames, and how one post's outcome is judged."""

from __future__ import annotations

import json

import boto3
import pytest
from botocore.exceptions import EndpointConnectionError
from botocore.stub import Stubber
from chat_config import ChatConfig, ConfigError
from chat_frames import MessageError, Sender, error_frame, help_frame, message_frame, parse_send_message
from chat_push import Outcome, broadcast, post
from chat_testkit import ENDPOINT, REGION

# --- configuration ----------------------------------------------------------------------------------------------------


def test_defaults_need_only_the_table():
    config = ChatConfig.from_env({"CONNECTIONS_TABLE": "chat-connections"})

    assert config == ChatConfig(
        table_name="chat-connections",
        ttl_attribute="expiresAt",
        connection_ttl_seconds=7200,
        management_endpoint=None,
        max_message_bytes=8192,
        fanout_workers=16,
        scan_page_size=100,
    )


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({}, "CONNECTIONS_TABLE must name the DynamoDB connection table"),
        ({"MANAGEMENT_ENDPOINT": "wss://x.execute-api.ap-northeast-2.amazonaws.com/prod"}, "must be the https://"),
        ({"MANAGEMENT_ENDPOINT": "http://x.execute-api.ap-northeast-2.amazonaws.com/prod"}, "must be the https://"),
        ({"FANOUT_WORKERS": "0"}, "FANOUT_WORKERS must be between 1 and 64; found 0"),
        ({"FANOUT_WORKERS": "500"}, "FANOUT_WORKERS must be between 1 and 64; found 500"),
        ({"SCAN_PAGE_SIZE": "ten"}, "SCAN_PAGE_SIZE must be a whole number between 1 and 1000; found 'ten'"),
        ({"MAX_MESSAGE_BYTES": "200000"}, "MAX_MESSAGE_BYTES must be between 1 and 102400"),
        ({"CONNECTION_TTL_SECONDS": "5"}, "CONNECTION_TTL_SECONDS must be between 60 and 86400"),
    ],
)
def test_bad_settings_are_refused_with_the_variable_named(environ, message):
    base = {"CONNECTIONS_TABLE": "t"} if "CONNECTIONS_TABLE" not in message else {}

    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace(")", r"\)")):
        ChatConfig.from_env({**base, **environ})


def test_the_local_gateways_loopback_endpoint_is_accepted():
    config = ChatConfig.from_env({"CONNECTIONS_TABLE": "t", "MANAGEMENT_ENDPOINT": "http://127.0.0.1:8082/prod/"})
    assert config.management_endpoint == "http://127.0.0.1:8082/prod"


# --- parsing and frames -----------------------------------------------------------------------------------------------


def test_a_valid_message_keeps_its_text_exactly():
    message = parse_send_message(
        json.dumps({"action": "sendmessage", "message": "  multi\nline  "}), is_base64=False, max_message_bytes=100
    )

    assert message.text == "  multi\nline  "


def test_the_frame_is_checked_for_size_before_it_is_parsed():
    with pytest.raises(MessageError) as caught:
        parse_send_message("[" * 5000, is_base64=False, max_message_bytes=10)

    assert caught.value.code == "message_too_large"


@pytest.mark.parametrize("body", [None, "", "   "])
def test_an_empty_message_is_refused(body):
    with pytest.raises(MessageError) as caught:
        parse_send_message(body, is_base64=False, max_message_bytes=10)

    assert caught.value.code == "empty_message"


def test_frames_are_compact_utf8_json():
    sender = Sender(connection_id="c", user_id="sub-1", username="김")
    frame = message_frame(
        sender,
        parse_send_message('{"message": "안녕"}', is_base64=False, max_message_bytes=100),
        sent_at="t",
        message_id=None,
    )

    expected = {"type": "message", "from": {"userId": "sub-1", "username": "김"}, "message": "안녕", "sentAt": "t"}
    assert frame == json.dumps({**expected, "messageId": None}, ensure_ascii=False, separators=(",", ":")).encode()
    assert json.loads(error_frame(MessageError("invalid_json", "bad")))["error"] == "invalid_json"


def test_a_help_frame_echoes_at_most_a_kilobyte():
    frame = json.loads(help_frame({"blob": "x" * 5000}))

    assert frame["received"].startswith('{"blob": "xxx')
    assert len(frame["received"].encode()) <= 1024 + 3


# --- one post's outcome (botocore Stubber: a single, ordered call) ----------------------------------------------------


@pytest.fixture
def stubbed():
    client = boto3.client(
        "apigatewaymanagementapi",
        endpoint_url=ENDPOINT,
        region_name=REGION,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    with Stubber(client) as stubber:
        yield client, stubber
        stubber.assert_no_pending_responses()


def test_410_gone_is_reported_as_gone(stubbed):
    client, stubber = stubbed
    stubber.add_client_error(
        "post_to_connection",
        service_error_code="GoneException",
        http_status_code=410,
        expected_params={"ConnectionId": "AbC=", "Data": b"{}"},
    )

    assert post(client, "AbC=", b"{}") == (Outcome.GONE, "GoneException")


def test_other_client_errors_are_failures_with_their_code(stubbed):
    client, stubber = stubbed
    stubber.add_client_error("post_to_connection", service_error_code="ForbiddenException", http_status_code=403)

    assert post(client, "AbC=", b"{}") == (Outcome.FAILED, "ForbiddenException")


def test_a_success_is_delivered(stubbed):
    client, stubber = stubbed
    stubber.add_response("post_to_connection", {}, {"ConnectionId": "AbC=", "Data": b"{}"})

    assert post(client, "AbC=", b"{}") == (Outcome.DELIVERED, None)


class FlakyClient:
    """A client double for broadcast(): answers per connection ID, or raises a network error."""

    def __init__(self, stubbed_client, answers):
        self.real = stubbed_client
        self.answers = answers
        self.calls = []

    def post_to_connection(self, ConnectionId, Data):  # noqa: N803  (boto3's parameter names)
        self.calls.append(ConnectionId)
        answer = self.answers.get(ConnectionId)
        if answer == "network":
            raise EndpointConnectionError(endpoint_url=ENDPOINT)
        if answer == "gone":
            raise self.real.exceptions.GoneException(
                {"Error": {"Code": "GoneException", "Message": "gone"}, "ResponseMetadata": {"HTTPStatusCode": 410}},
                "PostToConnection",
            )


def test_broadcast_survives_network_errors_and_a_failing_removal(stubbed):
    client, _ = stubbed
    flaky = FlakyClient(client, {"b": "network", "c": "gone", "d": "gone"})
    removed = []

    def remove(connection_id):
        if connection_id == "d":
            raise EndpointConnectionError(endpoint_url="https://dynamodb")
        removed.append(connection_id)

    report = broadcast(flaky, b"{}", [["a", "b"], ["c", "d", "e"]], workers=2, remove=remove)

    assert sorted(flaky.calls) == ["a", "b", "c", "d", "e"]
    assert sorted(report.delivered) == ["a", "e"]
    assert report.failed == {"b": "EndpointConnectionError"}
    assert sorted(report.gone) == ["c", "d"]
    assert removed == ["c"] and report.removed == ["c"]
