"""Hostile frames and events: lone surrogates, deep nesting, wrong types. An error frame or a 400, never a crash,
and nothing that is not UTF-8 JSON ever reaches a connection."""

from __future__ import annotations

import copy
import json
from typing import Any

from chat_testkit import ENDPOINT, connect_event, connection_ids, items, message_event, received
from hypothesis import given, settings
from hypothesis import strategies as st

from apigwkit.testing.hostile import FUZZ, hostile_text, json_bodies, json_objects_with, json_values, nested_json_text

USER = {"principalId": "user-sub-1", "sub": "user-sub-1", "username": "kim"}

HOSTILE_FRAMES = {
    "lone surrogate, escaped": ('{"action": "sendmessage", "message": "\\ud800"}', "invalid_text"),
    "lone surrogate, raw": ('{"action": "sendmessage", "message": "hi \ud800"}', "invalid_text"),
    "surrogate in another field": ('{"action": "sendmessage", "message": "hi", "x": "\\udfff"}', "invalid_text"),
    "nested beyond the parser": (nested_json_text(3001), "invalid_json"),
}


def test_hostile_frames_get_an_error_frame_on_every_route(invoke, faults, table):
    cases = [(route, case) for route in ("sendmessage", "$default") for case in HOSTILE_FRAMES]
    for index, (route, case) in enumerate(cases):  # one moto world for all: each case has its own connections
        body, error = HOSTILE_FRAMES[case]
        sender, other = connection_ids(2, prefix=f"h{index}x")
        for connection_id in (sender, other):
            assert invoke(connect_event(connection_id, USER)) == {"statusCode": 200}

        assert invoke(message_event(sender, body, route_key=route)) == {"statusCode": 400}, (route, case)

        (frame,) = received(sender)
        assert (frame["type"], frame["error"]) == ("error", error), (route, case)
        assert received(other) == []


def test_malformed_events_are_refused_with_400_and_store_nothing(invoke, table):
    for event in (
        [],
        {"requestContext": "x"},
        {"requestContext": {"routeKey": "$connect"}},
        {"requestContext": {"routeKey": "$connect", "connectionId": "../../x"}},
        {"requestContext": {"routeKey": 7, "connectionId": "abc="}},
    ):
        assert invoke(event) == {"statusCode": 400}
    assert items(table) == {}


def test_an_authorizer_context_of_odd_types_connects_as_anonymous(invoke, table):
    (connection_id,) = connection_ids(1)
    assert invoke(connect_event(connection_id, {"sub": ["a"], "principalId": "\ud800", "username": {"x": 1}})) == {
        "statusCode": 200
    }
    row = items(table)[connection_id]
    assert (row["userId"], row["username"]) == ("anonymous", "anonymous")


# --- fuzz -------------------------------------------------------------------------------------------------------------

ROUTES = ["$connect", "$disconnect", "sendmessage", "broadcast", "$default", "typing"]


@settings(FUZZ, max_examples=40)  # each example is several moto calls (a table write, a scan, @connections posts)
@given(
    route=st.sampled_from(ROUTES),
    connection=st.sampled_from(connection_ids(3)),
    hostile=st.sets(st.sampled_from(["body", "base64", "authorizer", "context", "top"]), max_size=2),
    body=json_bodies(),
    message=st.one_of(hostile_text(), json_values()),
    is_base64=json_values(),
    authorizer=st.one_of(json_values(), json_objects_with(("sub", "principalId", "username"))),
    context=json_objects_with(("connectedAt", "messageId", "domainName", "stage", "authorizer")),
    top=json_objects_with(("requestContext", "body", "isBase64Encoded")),
)
def test_fuzz_hostile_events_answer_200_or_400_and_every_frame_sent_is_utf8_json(
    invoke, faults, table, monkeypatch, route, connection, hostile, body, message, is_base64, authorizer, context, top
):
    # A fixed @connections endpoint: no event value can point the function at a host other than moto's.
    monkeypatch.setenv("MANAGEMENT_ENDPOINT", ENDPOINT)
    frame = body if "body" in hostile else json.dumps({"action": "sendmessage", "message": message})
    event: dict[str, Any] = (
        connect_event(connection, USER) if route == "$connect" else message_event(connection, frame, route_key=route)
    )
    if "base64" in hostile:
        event["isBase64Encoded"] = is_base64
    if "authorizer" in hostile:
        event["requestContext"]["authorizer"] = authorizer
    if "context" in hostile:
        event["requestContext"].update(copy.deepcopy(context))
    if "top" in hostile:
        event.update(top)
    assert invoke(event)["statusCode"] in {200, 400}
    for connection_id in connection_ids(3):
        for sent in received(connection_id):  # each frame moto recorded parses back as JSON (read as UTF-8)
            assert sent["type"] in {"message", "error", "help"}
