"""Puts the function folder (and this folder's helpers) on sys.path and builds the chat's test world under moto."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto import mock_aws

from apigwkit.testing.lambda_context import LambdaContext
from apigwkit.testing.lambda_logs import captured_logs

TESTS_DIR = Path(__file__).resolve().parent
# the function's folder, its shared package lambda_log (lambda_src/_shared, vendored into the zip) and these helpers
for folder in (TESTS_DIR.parent, TESTS_DIR.parent.parent / "_shared", TESTS_DIR):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

import chat  # noqa: E402  (needs the sys.path entries above)
from chat_testkit import ENDPOINT, REGION, TABLE, ConnectionFaults  # noqa: E402

CONFIG_VARIABLES = (
    "CONNECTIONS_TABLE",
    "CONNECTION_TTL_ATTRIBUTE",
    "CONNECTION_TTL_SECONDS",
    "MANAGEMENT_ENDPOINT",
    "MAX_MESSAGE_BYTES",
    "FANOUT_WORKERS",
    "SCAN_PAGE_SIZE",
)


@pytest.fixture
def lambda_context() -> LambdaContext:
    request_id = "0d6e2f6a-3c1b-4a8e-9f7d-5b2c1e0a9d8c"
    return LambdaContext("chat", memory_limit_in_mb=256, aws_request_id=request_id, remaining_ms=10000)


@pytest.fixture(autouse=True)
def environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fake credentials in a fixed region, the function's settings unset except the table, no cached clients."""
    for name in CONFIG_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    monkeypatch.setenv("CONNECTIONS_TABLE", TABLE)
    chat.reset_clients()
    yield
    chat.reset_clients()


@pytest.fixture
def aws() -> Iterator[None]:
    with mock_aws():
        yield


@pytest.fixture
def table(aws: None) -> Any:
    """The connection table as modules/websocket_api creates it: on demand, key connectionId, TTL on expiresAt."""
    client = boto3.client("dynamodb", region_name=REGION)
    client.create_table(
        TableName=TABLE,
        BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[{"AttributeName": "connectionId", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "connectionId", "KeyType": "HASH"}],
    )
    client.update_time_to_live(TableName=TABLE, TimeToLiveSpecification={"Enabled": True, "AttributeName": "expiresAt"})
    return boto3.resource("dynamodb", region_name=REGION).Table(TABLE)


@pytest.fixture
def faults(table: Any) -> ConnectionFaults:
    """Hooks the handler's own @connections client (the one it caches for this endpoint)."""
    config = chat.ChatConfig.from_env({"CONNECTIONS_TABLE": TABLE})
    stub = ConnectionFaults()
    stub.install(chat.client_for(ENDPOINT, config))
    return stub


@pytest.fixture
def invoke(lambda_context: LambdaContext) -> Callable[[dict[str, Any]], dict[str, Any]]:
    return lambda event: chat.lambda_handler(event, lambda_context)


@pytest.fixture
def log_output() -> Iterator[io.StringIO]:
    """What the function logs, one JSON document per line as Lambda's JSON log format writes it."""
    with captured_logs() as buffer:
        yield buffer
