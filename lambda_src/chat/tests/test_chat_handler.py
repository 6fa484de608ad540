"""The chat function end to end under moto: DynamoDB holds the connections, moto's @connections API records what each
connection received, and ConnectionFaults answers 410 Gone (or another error) for chosen connections."""

from __future__ import annotations

import base64
import json
import time
from typing import Any

import chat
import pytest
from chat_testkit import (
    TABLE,
    connect_event,
    connection_ids,
    disconnect_event,
    items,
    message_event,
    received,
    send,
)

from apigwkit.testing.lambda_logs import log_records

USER = {"principalId": "user-sub-1", "sub": "user-sub-1", "username": "kim", "email": "kim@example.com"}


def connect_all(invoke: Any, ids: list[str]) -> None:
    for i, connection_id in enumerate(ids):
        response = invoke(connect_event(connection_id, {**USER, "sub": f"sub-{i}", "username": f"user{i}"}))
        assert response == {"statusCode": 200}


# --- $connect / $disconnect -------------------------------------------------------------------------------------------


def test_connect_stores_the_connection_with_the_authorized_user_and_an_expiry(invoke, table):
    before = int(time.time())

    assert invoke(connect_event("AbCdEfGhIjKlMnO=", USER)) == {"statusCode": 200}

    row = items(table)["AbCdEfGhIjKlMnO="]
    assert row["userId"] == "user-sub-1"
    assert row["username"] == "kim"
    assert row["connectedAt"] == 1795514130000
    assert before + 7200 <= row["expiresAt"] <= int(time.time()) + 7200
    assert "email" not in row  # only what the chat needs is kept


def test_connect_without_an_authorizer_stores_an_anonymous_user(invoke, table):
    invoke(connect_event("AnOnYmOuS0000Q=="))

    row = items(table)["AnOnYmOuS0000Q=="]
    assert (row["userId"], row["username"]) == ("anonymous", "anonymous")


def test_connect_honours_the_configured_ttl_and_ttl_attribute(invoke, table, monkeypatch):
    monkeypatch.setenv("CONNECTION_TTL_SECONDS", "600")
    monkeypatch.setenv("CONNECTION_TTL_ATTRIBUTE", "ttl")

    invoke(connect_event("TtL0000000000A==", USER))

    row = items(table)["TtL0000000000A=="]
    assert abs(int(row["ttl"]) - (time.time() + 600)) < 5
    assert "expiresAt" not in row


def test_connect_refuses_the_handshake_when_the_connection_cannot_be_stored(invoke, aws, log_output):
    # no table: the PutItem fails, so a connection that could never receive broadcasts is refused
    assert invoke(connect_event("NoTable0000000A=", USER)) == {"statusCode": 500}
    assert any(r["message"] == "cannot store connection" for r in log_records(log_output))


def test_disconnect_removes_the_row(invoke, table):
    ids = connection_ids(2)
    connect_all(invoke, ids)

    assert invoke(disconnect_event(ids[0])) == {"statusCode": 200}

    assert set(items(table)) == {ids[1]}


# --- sendmessage: fan-out ---------------------------------------------------------------------------------------------


def test_broadcast_reaches_every_live_connection_with_the_sender_and_message(invoke, faults, table):
    ids = connection_ids(5)
    connect_all(invoke, ids)

    assert invoke(send(ids[2], "안녕, hi")) == {"statusCode": 200}

    for connection_id in ids:
        (frame,) = received(connection_id)
        assert frame["type"] == "message"
        assert frame["message"] == "안녕, hi"
        assert frame["from"] == {"userId": "sub-2", "username": "user2"}
        assert frame["messageId"] == "Cq2AbFgHoE0Fq8Q="
        assert frame["sentAt"].endswith("Z")
    assert sorted(faults.posted) == sorted(ids)  # exactly one post per connection


def test_stale_connections_are_deleted_and_the_others_still_receive(invoke, faults, table, log_output):
    ids = connection_ids(6)
    connect_all(invoke, ids)
    stale = {ids[0], ids[3], ids[5]}
    faults.gone = stale

    assert invoke(send(ids[1], "hello")) == {"statusCode": 200}

    assert set(items(table)) == set(ids) - stale
    for connection_id in set(ids) - stale:
        assert [f["message"] for f in received(connection_id)] == ["hello"]
    summary = next(r for r in log_records(log_output) if r["message"] == "broadcast")
    assert (summary["delivered"], summary["gone"], summary["removed"], summary["failed"]) == (3, 3, 3, 0)


def test_one_failing_connection_never_stops_delivery_and_keeps_its_row(invoke, faults, table, log_output):
    ids = connection_ids(5)
    connect_all(invoke, ids)
    faults.errors = {ids[0]: (403, "ForbiddenException"), ids[4]: (400, "PayloadTooLargeException")}

    invoke(send(ids[2], "still here"))

    for connection_id in ids[1:4]:
        assert [f["message"] for f in received(connection_id)] == ["still here"]
    assert set(items(table)) == set(ids)  # only 410 means the client is gone
    summary = next(r for r in log_records(log_output) if r["message"] == "broadcast")
    assert (summary["delivered"], summary["failed"]) == (3, 2)
    assert summary["failed_codes"] == ["ForbiddenException", "PayloadTooLargeException"]


def test_fan_out_reads_every_scan_page(invoke, faults, table, monkeypatch):
    ids = connection_ids(23)
    connect_all(invoke, ids)
    monkeypatch.setenv("SCAN_PAGE_SIZE", "5")
    scans: list[dict[str, Any]] = []
    handler_table = chat._tables[TABLE]  # the handler's own Table resource, cached by connect_all
    handler_table.meta.client.meta.events.register(
        "before-call.dynamodb.Scan", lambda params, **_: scans.append(params)
    )

    invoke(send(ids[0], "paged"))

    assert len(scans) == 5  # 23 rows in pages of 5
    assert all(json.loads(call["body"])["Limit"] == 5 for call in scans)
    assert sorted(faults.posted) == sorted(ids)
    assert all(len(received(c)) == 1 for c in ids)


def test_fan_out_is_concurrent_within_the_worker_limit(invoke, faults, table, monkeypatch):
    ids = connection_ids(12)
    connect_all(invoke, ids)
    monkeypatch.setenv("FANOUT_WORKERS", "4")
    faults.overlap = 4  # each post waits until four are in flight

    invoke(send(ids[0], "fast"))

    assert faults.max_in_flight == 4  # the worker limit is reached and never passed
    assert all(len(received(c)) == 1 for c in ids)


def test_expired_rows_are_not_posted_to(invoke, faults, table):
    ids = connection_ids(3)
    connect_all(invoke, ids)
    table.update_item(
        Key={"connectionId": ids[1]},
        UpdateExpression="SET expiresAt = :past",
        ExpressionAttributeValues={":past": int(time.time()) - 60},
    )

    invoke(send(ids[0], "live only"))

    assert sorted(faults.posted) == sorted([ids[0], ids[2]])


def test_the_endpoint_can_come_from_configuration(invoke, table, monkeypatch):
    monkeypatch.setenv("MANAGEMENT_ENDPOINT", "https://zz9yy8xx7w.execute-api.ap-northeast-2.amazonaws.com/live/")
    ids = connection_ids(1)
    connect_all(invoke, ids)

    invoke(send(ids[0], "configured"))

    assert "https://zz9yy8xx7w.execute-api.ap-northeast-2.amazonaws.com/live" in chat._management_clients
    assert [f["message"] for f in received(ids[0])] == ["configured"]


# --- malformed messages get an error frame ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "is_base64", "error", "text"),
    [
        pytest.param('{"action": "sendmessage"}', False, "missing_field", 'field "message" is required', id="missing"),
        pytest.param(
            '{"action": "sendmessage", "message": 42}',
            False,
            "invalid_field",
            "must be a string, found a number",
            id="n",
        ),
        pytest.param(
            '{"action": "sendmessage", "message": "   "}', False, "invalid_field", "must not be empty", id="blank"
        ),
        pytest.param(
            json.dumps({"action": "sendmessage", "message": "x" * 8193}),
            False,
            "message_too_large",
            "at most 8192 bytes, found 8193",
            id="too-large",
        ),
        pytest.param("x" * 20000, False, "message_too_large", "frame must be at most 9216 bytes", id="huge-frame"),
        pytest.param('{"action": "sendmessage", "message": "hi"', False, "invalid_json", "not JSON", id="truncated"),
        pytest.param(
            '["sendmessage", "hi"]', False, "invalid_message", "must be a JSON object, found an array", id="a"
        ),
        pytest.param(base64.b64encode(b"\x00\x01").decode(), True, "binary_not_supported", "binary", id="binary"),
    ],
)
def test_a_malformed_sendmessage_gets_an_error_frame_and_nothing_is_broadcast(
    invoke, faults, table, body, is_base64, error, text
):
    sender, other = connection_ids(2)
    connect_all(invoke, [sender, other])

    response = invoke(message_event(sender, body, is_base64=is_base64))

    assert response == {"statusCode": 400}
    (frame,) = received(sender)
    assert frame["type"] == "error"
    assert frame["error"] == error
    assert text in frame["message"]
    assert "sendmessage" in frame["actions"]
    assert received(other) == []
    assert set(items(table)) == {sender, other}


def test_a_multibyte_message_is_measured_in_utf8_bytes(invoke, faults, table, monkeypatch):
    monkeypatch.setenv("MAX_MESSAGE_BYTES", "9")
    (sender,) = connection_ids(1)
    connect_all(invoke, [sender])

    invoke(send(sender, "김철수"))  # 9 bytes
    invoke(send(sender, "김철수!"))  # 10 bytes

    first, second = received(sender)
    assert first["message"] == "김철수"
    assert (second["type"], second["error"]) == ("error", "message_too_large")


# --- $default ---------------------------------------------------------------------------------------------------------


def test_default_route_answers_plain_text_with_an_invalid_json_error(invoke, faults, table):
    (sender,) = connection_ids(1)

    assert invoke(message_event(sender, "hello there", route_key="$default")) == {"statusCode": 400}

    (frame,) = received(sender)
    assert (frame["type"], frame["error"]) == ("error", "invalid_json")


def test_default_route_names_an_unknown_action(invoke, faults, table):
    (sender,) = connection_ids(1)

    invoke(message_event(sender, '{"action": "shout", "message": "hi"}', route_key="$default"))

    (frame,) = received(sender)
    assert frame["error"] == "unknown_action"
    assert "'shout'" in frame["message"] and "sendmessage" in frame["message"]


def test_default_route_echoes_a_json_message_with_help(invoke, faults, table):
    (sender,) = connection_ids(1)

    assert invoke(message_event(sender, '{"hello": "world"}', route_key="$default")) == {"statusCode": 200}

    (frame,) = received(sender)
    assert frame["type"] == "help"
    assert json.loads(frame["received"]) == {"hello": "world"}
    assert set(frame["actions"]) == {"sendmessage"}


def test_an_unknown_route_key_is_handled_like_default(invoke, faults, table):
    (sender,) = connection_ids(1)

    invoke(message_event(sender, '{"action": "typing"}', route_key="typing"))

    (frame,) = received(sender)
    assert frame["error"] == "unknown_action"


def test_an_error_reply_to_a_vanished_sender_is_logged_not_raised(invoke, faults, table, log_output):
    (sender,) = connection_ids(1)
    faults.gone = {sender}

    assert invoke(message_event(sender, "not json", route_key="$default")) == {"statusCode": 400}

    warning = next(r for r in log_records(log_output) if r["message"] == "reply not delivered")
    assert (warning["outcome"], warning["error"]) == ("gone", "GoneException")


# --- configuration and logs -------------------------------------------------------------------------------------------


def test_a_missing_table_setting_fails_loudly(invoke, table, monkeypatch):
    monkeypatch.delenv("CONNECTIONS_TABLE")

    with pytest.raises(ValueError, match="CONNECTIONS_TABLE must name the DynamoDB connection table"):
        invoke(connect_event("x0000000000000A=", USER))


def test_logs_carry_the_route_connection_and_request_id(invoke, table, log_output, lambda_context):
    invoke(connect_event("LoG0000000000A==", USER))

    record = next(r for r in log_records(log_output) if r["message"] == "connected")
    assert record["route_key"] == "$connect"
    assert record["connection_id"] == "LoG0000000000A=="
    assert record["correlation_id"] == "Cq1WzjTwoE0EMhA="
    assert (record["logger"], record["level"], record["user_id"]) == ("chat", "INFO", USER["sub"])
