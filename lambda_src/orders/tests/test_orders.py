"""The orders function with moto DynamoDB: one order per Idempotency-Key, whatever the retries."""

from __future__ import annotations

import json
import os
import threading
from concurrent.futures import ThreadPoolExecutor

import boto3
import orders
import pytest
from hypothesis import given
from hypothesis import strategies as st
from moto import mock_aws

from apigwkit.local.aws import atomic_dynamodb_item_writes
from apigwkit.testing.hostile import FUZZ, hostile_text, json_bodies, json_objects_with, json_values
from apigwkit.testing.lambda_logs import captured_logs, log_records

REGION = "ap-northeast-2"
BODY = json.dumps({"productId": "sku-1", "quantity": 2})


def event(key: str | None = "key-0001-abcdef", body: str | None = BODY, sub: str = "user-1") -> dict:
    headers = {"content-type": "application/json"}
    if key is not None:
        headers["idempotency-key"] = key
    return {
        "version": "2.0",
        "routeKey": "POST /orders",
        "rawPath": "/orders",
        "headers": headers,
        "requestContext": {
            "http": {"method": "POST", "path": "/orders"},
            "requestId": "req-1",
            "authorizer": {"jwt": {"claims": {"sub": sub}, "scopes": None}},
        },
        "body": body,
        "isBase64Encoded": False,
    }


@pytest.fixture
def tables(monkeypatch):
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("IDEMPOTENCY_TABLE", "idempotency")
    monkeypatch.setenv("ORDERS_TABLE", "orders")
    orders.create_order_handler.cache_clear()
    atomic_dynamodb_item_writes()  # DynamoDB's conditional writes are atomic; moto's are not unless serialised
    with mock_aws():
        ddb = boto3.client("dynamodb", region_name=REGION)
        for name, key in (("idempotency", "id"), ("orders", "orderId")):
            ddb.create_table(
                TableName=name,
                KeySchema=[{"AttributeName": key, "KeyType": "HASH"}],
                AttributeDefinitions=[{"AttributeName": key, "AttributeType": "S"}],
                BillingMode="PAY_PER_REQUEST",
            )
        yield ddb
    orders.create_order_handler.cache_clear()


def call(evt: dict, lambda_context) -> tuple[int, dict, dict]:
    response = orders.lambda_handler(evt, lambda_context)
    return response["statusCode"], json.loads(response["body"]), response.get("headers") or {}


def stored_orders(ddb) -> list[dict]:
    return ddb.scan(TableName="orders")["Items"]


def test_first_request_creates_one_order_and_stores_the_response(tables, lambda_context):
    status, body, headers = call(event(), lambda_context)
    assert status == 201
    assert (body["productId"], body["quantity"], body["customer"]) == ("sku-1", 2, "user-1")
    assert "Idempotent-Replayed" not in headers
    (item,) = stored_orders(tables)
    assert item["orderId"] == {"S": body["orderId"]}
    (record,) = tables.scan(TableName="idempotency")["Items"]
    assert record["status"] == {"S": "COMPLETED"}
    assert set(record) >= {"id", "expiration", "status", "data", "validation"}
    assert json.loads(record["data"]["S"])["statusCode"] == 201


def test_replay_returns_the_stored_response_without_a_second_order(tables, lambda_context):
    _, first, _ = call(event(), lambda_context)
    status, second, headers = call(event(), lambda_context)
    assert status == 201
    assert second == first
    assert headers["Idempotent-Replayed"] == "true"
    assert len(stored_orders(tables)) == 1


def test_an_order_and_a_rejection_are_logged_with_the_api_gateway_request_id(tables, lambda_context):
    with captured_logs() as output:
        _, created, _ = call(event(), lambda_context)
        call(event(key=None), lambda_context)
    records = {record["message"]: record for record in log_records(output)}
    assert records["order created"]["order_id"] == created["orderId"]
    assert records["rejected order"]["reason"] == "the Idempotency-Key header is required for POST /orders"
    assert {r["correlation_id"] for r in records.values()} == {"req-1"}
    assert {r["logger"] for r in records.values()} == {"orders"}


def test_another_key_makes_another_order(tables, lambda_context):
    _, first, _ = call(event("key-0001-abcdef"), lambda_context)
    _, second, _ = call(event("key-0002-abcdef"), lambda_context)
    assert first["orderId"] != second["orderId"]
    assert len(stored_orders(tables)) == 2


def test_same_key_with_a_different_body_is_refused_with_422(tables, lambda_context):
    call(event(), lambda_context)
    status, body, _ = call(event(body=json.dumps({"productId": "sku-1", "quantity": 3})), lambda_context)
    assert status == 422
    assert body["error"] == "idempotency_key_reused"
    assert len(stored_orders(tables)) == 1


@pytest.mark.parametrize(
    ("evt", "message"),
    [
        (event(key=None), "Idempotency-Key header is required"),
        (event(key="short"), "8-128 printable ASCII"),
        (event(key="has a space in it"), "8-128 printable ASCII"),
        (event(body=None), "JSON object"),
        (event(body="[1]"), "JSON object"),
        (event(body=json.dumps({"productId": "sku 1", "quantity": 1})), "productId"),
        (event(body=json.dumps({"productId": "sku-1", "quantity": 0})), "quantity"),
        (event(body=json.dumps({"productId": "sku-1", "quantity": True})), "quantity"),
        (event(body="[" * 1500), "JSON object"),
        (event(body='{"productId": "\\ud800", "quantity": 1}'), "productId"),
        (event(body=7), "JSON object"),
        ({**event(), "headers": ["idempotency-key"]}, "Idempotency-Key header is required"),
        (event(key=12345678), "8-128 printable ASCII"),
    ],
)
def test_bad_requests_are_refused_with_400_and_remember_nothing(tables, lambda_context, evt, message):
    status, body, _ = call(evt, lambda_context)
    assert status == 400
    assert message in body["message"]
    assert stored_orders(tables) == []
    assert tables.scan(TableName="idempotency")["Items"] == []


def test_key_still_in_progress_is_refused_with_409(tables, lambda_context, monkeypatch):
    entered, release = threading.Event(), threading.Event()
    real_put = orders.put_order

    def slow_put(*args, **kwargs):
        entered.set()
        assert release.wait(10)
        real_put(*args, **kwargs)

    monkeypatch.setattr(orders, "put_order", slow_put)
    with ThreadPoolExecutor(max_workers=1) as pool:
        first = pool.submit(call, event(), lambda_context)
        assert entered.wait(10)
        status, body, _ = call(event(), lambda_context)
        release.set()
        assert first.result()[0] == 201
    assert status == 409
    assert body["error"] == "request_in_progress"
    assert len(stored_orders(tables)) == 1


class IdempotencyGate:
    """The handlers' DynamoDB client, holding every write of an idempotency record until all N have arrived.

    So all N requests have checked that no record exists and are about to write one when the first write happens:
    the worst interleaving, every run, and what decides is only DynamoDB's conditional write (moto's, serialised by
    atomic_dynamodb_item_writes as DynamoDB's are atomic), never the thread scheduler.
    """

    def __init__(self, client, parties: int) -> None:
        self._client = client
        self.barrier = threading.Barrier(parties, timeout=30)

    def put_item(self, **kwargs):
        if kwargs.get("TableName") == "idempotency":
            self.barrier.wait()
        return self._client.put_item(**kwargs)

    def __getattr__(self, name):
        return getattr(self._client, name)


def test_fifty_concurrent_identical_requests_make_exactly_one_order(tables, lambda_context, monkeypatch):
    # Fifty concurrent invocations are fifty execution environments, each with its own warm handler (Lambda sends
    # an environment one request at a time; Powertools' persistence layer is built for that), sharing the tables.
    settings = orders.load_settings(os.environ)
    gate = IdempotencyGate(tables, parties=50)
    handlers = [orders.build_create_order(settings, gate) for _ in range(50)]  # boto3 clients are thread-safe
    environment = threading.local()

    def invoke(handler):
        environment.handler = handler
        return call(event(), lambda_context)

    with monkeypatch.context() as patch, ThreadPoolExecutor(max_workers=50) as pool:
        patch.setattr(orders, "create_order_handler", lambda: environment.handler)
        results = list(pool.map(invoke, handlers))
    assert not gate.barrier.broken  # all fifty reached the write together
    statuses = [status for status, _, _ in results]
    assert set(statuses) <= {201, 409}
    created = {body["orderId"] for status, body, _ in results if status == 201}
    assert len(created) == 1
    (item,) = stored_orders(tables)
    assert item["orderId"] == {"S": created.pop()}


def test_the_same_key_and_body_from_another_caller_makes_that_callers_own_order(tables, lambda_context):
    status, first, _ = call(event(sub="user-1"), lambda_context)
    assert status == 201
    status, second, headers = call(event(sub="user-2"), lambda_context)
    assert status == 201
    assert "Idempotent-Replayed" not in headers
    assert (first["customer"], second["customer"]) == ("user-1", "user-2")
    assert first["orderId"] != second["orderId"]
    _, replayed, headers = call(event(sub="user-1"), lambda_context)  # the first caller still gets their own
    assert replayed == first
    assert headers["Idempotent-Replayed"] == "true"
    assert len(stored_orders(tables)) == 2


def test_the_same_sub_from_another_issuer_is_another_caller(tables, lambda_context):
    one, other = event(sub="user-1"), event(sub="user-1")
    one["requestContext"]["authorizer"]["jwt"]["claims"]["iss"] = "https://issuer-a.example"
    other["requestContext"]["authorizer"]["jwt"]["claims"]["iss"] = "https://issuer-b.example"
    _, first, _ = call(one, lambda_context)
    _, second, _ = call(other, lambda_context)
    assert first["orderId"] != second["orderId"]


def test_a_failed_side_effect_frees_the_key_for_a_retry(tables, lambda_context, monkeypatch):
    real_put, calls = orders.put_order, []

    def failing_once(*args, **kwargs):
        calls.append(args)
        if len(calls) == 1:
            raise RuntimeError("DynamoDB is down")
        real_put(*args, **kwargs)

    monkeypatch.setattr(orders, "put_order", failing_once)
    with pytest.raises(RuntimeError, match="DynamoDB is down"):
        orders.lambda_handler(event(), lambda_context)
    status, _, _ = call(event(), lambda_context)
    assert status == 201
    assert len(stored_orders(tables)) == 1


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"ORDERS_TABLE": "o"}, "IDEMPOTENCY_TABLE must be set"),
        ({"IDEMPOTENCY_TABLE": "i"}, "ORDERS_TABLE must be set"),
        ({"IDEMPOTENCY_TABLE": "i", "ORDERS_TABLE": "o", "IDEMPOTENCY_EXPIRES_SECONDS": "10"}, "between 60 and 604800"),
    ],
)
def test_bad_settings_are_refused(env, message):
    with pytest.raises(orders.ConfigError, match=message):
        orders.load_settings(env)


# --- fuzz: every answer is one of the documented ones ----------------------------------------------------------------

DOCUMENTED_STATUSES = {201, 400, 409, 422}


@FUZZ
@given(
    hostile=st.sets(st.sampled_from(["key", "body", "claims", "top"]), max_size=2),  # empty: a valid request
    key=st.one_of(hostile_text(), json_values()),
    body=json_bodies(),
    claims=st.one_of(json_values(), json_objects_with(("sub", "iss"))),
    top=json_objects_with(("headers", "requestContext", "isBase64Encoded", "body")),
)
def test_fuzz_hostile_requests_get_a_documented_status(tables, lambda_context, hostile, key, body, claims, top):
    evt = event(key=key if "key" in hostile else "key-0001-abcdef", body=body if "body" in hostile else BODY)
    if "claims" in hostile:
        evt["requestContext"]["authorizer"]["jwt"]["claims"] = claims
    if "top" in hostile:
        evt.update(top)
    response = orders.lambda_handler(evt, lambda_context)
    assert response["statusCode"] in DOCUMENTED_STATUSES
    json.loads(response["body"])
    response["body"].encode("ascii")  # what API Gateway sends on: valid JSON, whatever the caller's text
    if not hostile:
        assert response["statusCode"] == 201
