"""The orders function with moto DynamoDB: one order per Idempotency-Key, whatever the retries."""

from __future__ import annotations

import json
import os
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import boto3
import orders
import pytest
from moto import mock_aws

from apigwkit.local.aws import atomic_dynamodb_item_writes

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


def test_fifty_concurrent_identical_requests_make_exactly_one_order(tables, lambda_context, monkeypatch):
    # Fifty concurrent invocations are fifty execution environments, each with its own warm handler (Lambda sends
    # an environment one request at a time; Powertools' persistence layer is built for that), sharing the tables.
    settings = orders.load_settings(os.environ)
    handlers = [orders.build_create_order(settings, tables) for _ in range(50)]  # boto3 clients are thread-safe
    environment = threading.local()

    def invoke(handler):
        environment.handler = handler
        return call(event(), lambda_context)

    # Switch threads every 10 us instead of 5 ms: a race between the condition check and the write, if there is
    # one, shows in most runs instead of one run in thirty.
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)
    try:
        with monkeypatch.context() as patch, ThreadPoolExecutor(max_workers=50) as pool:
            patch.setattr(orders, "create_order_handler", lambda: environment.handler)
            results = list(pool.map(invoke, handlers))
    finally:
        sys.setswitchinterval(interval)
    statuses = [status for status, _, _ in results]
    assert set(statuses) <= {201, 409}
    created = {body["orderId"] for status, body, _ in results if status == 201}
    assert len(created) == 1
    (item,) = stored_orders(tables)
    assert item["orderId"] == {"S": created.pop()}


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
