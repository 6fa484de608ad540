"""Idempotent `POST /orders`: the `Idempotency-Key` header makes a retried request return the first response.

Powertools' idempotency utility keeps one record per caller and key in a DynamoDB table (partition key `id`):
- no key, or an invalid body   -> 400, nothing written (whatever the body: deep nesting, wrong types, bad text)
- first request with a key     -> the order is written to ORDERS_TABLE, 201 with the order, and the response stored
- the same key and body again  -> the stored response (header `Idempotent-Replayed: true`), no second order
- the same key, another body   -> 422 (IdempotencyValidationError; the body is the validated payload)
- the same key while the first request is still running -> 409 (IdempotencyAlreadyInProgressError)
- the same key from another caller -> another record: its own order (keys are scoped per caller: issuer and `sub`)

Settings (environment):
  IDEMPOTENCY_TABLE             the idempotency records' table (required)
  ORDERS_TABLE                  the orders table, partition key `orderId` (required)
  IDEMPOTENCY_EXPIRES_SECONDS   how long a key is remembered, default 3600 (60 .. 604800)
"""

from __future__ import annotations

import json
import os
import re
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from typing import Any

import boto3
from aws_lambda_powertools.utilities.idempotency import DynamoDBPersistenceLayer, IdempotencyConfig, idempotent
from aws_lambda_powertools.utilities.idempotency.exceptions import (
    IdempotencyAlreadyInProgressError,
    IdempotencyKeyError,
    IdempotencyValidationError,
)
from aws_lambda_powertools.utilities.typing import LambdaContext
from lambda_log import FunctionLog

IDEMPOTENCY_HEADER = "idempotency-key"
# Where the handler puts the caller-scoped key for Powertools (API Gateway never sends a top-level field of this name).
SCOPED_KEY_FIELD = "idempotencyScope"
# Printable ASCII without spaces, like the IETF draft's examples (UUIDs, ULIDs, random tokens).
IDEMPOTENCY_KEY_RE = re.compile(r"^[!-~]{8,128}$")
PRODUCT_ID_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
MAX_QUANTITY = 1000
DEFAULT_EXPIRES_SECONDS = 3600
MAX_BODY_BYTES = 4096

# Powertools earns its cost here: its idempotency utility is what makes a retried POST safe. Its Logger is not used:
# every function of the library logs through the standard library's logger (lambda_log), which Lambda's runtime
# writes as JSON lines with the extra fields, so one query reads them all. The zip ships byte code, so Powertools
# costs its import, not a compile at every cold start (issue 22, `make bench`).
log = FunctionLog("orders")
logger = log.logger


class BadRequestError(ValueError):
    """The request cannot become an order; the message is safe to show to the caller."""


class ConfigError(RuntimeError):
    """The function's environment is wrong (a deployment error, never the caller's)."""


@dataclass(frozen=True)
class Settings:
    idempotency_table: str
    orders_table: str
    expires_after_seconds: int


@dataclass(frozen=True)
class OrderRequest:
    product_id: str
    quantity: int


def load_settings(env: Mapping[str, str]) -> Settings:
    tables = {}
    for name in ("IDEMPOTENCY_TABLE", "ORDERS_TABLE"):
        tables[name] = env.get(name, "").strip()
        if not tables[name]:
            raise ConfigError(f"{name} must be set to a DynamoDB table name")
    raw = env.get("IDEMPOTENCY_EXPIRES_SECONDS", str(DEFAULT_EXPIRES_SECONDS))
    try:
        expires = int(raw)
    except ValueError as err:
        raise ConfigError(f"IDEMPOTENCY_EXPIRES_SECONDS must be an integer, found {raw!r}") from err
    if not 60 <= expires <= 604800:
        raise ConfigError(f"IDEMPOTENCY_EXPIRES_SECONDS must be between 60 and 604800, found {expires}")
    return Settings(tables["IDEMPOTENCY_TABLE"], tables["ORDERS_TABLE"], expires)


# --- pure logic -------------------------------------------------------------------------------------------------------


def parse_order(body: object) -> OrderRequest:
    """The order in a JSON body `{"productId": ..., "quantity": ...}`, or BadRequestError."""
    if not isinstance(body, str) or not body:
        raise BadRequestError('body must be a JSON object {"productId": ..., "quantity": ...}')
    if len(body) > MAX_BODY_BYTES:
        raise BadRequestError(f"body must be at most {MAX_BODY_BYTES} bytes")
    try:
        data = json.loads(body)
    except (ValueError, RecursionError) as err:  # RecursionError: nesting deeper than the parser's stack
        raise BadRequestError('body must be a JSON object {"productId": ..., "quantity": ...}') from err
    if not isinstance(data, dict):
        raise BadRequestError('body must be a JSON object {"productId": ..., "quantity": ...}')
    product_id = data.get("productId")
    if not isinstance(product_id, str) or not PRODUCT_ID_RE.fullmatch(product_id):
        raise BadRequestError("productId must be 1-64 letters, digits, '-' or '_'")
    quantity = data.get("quantity")
    if isinstance(quantity, bool) or not isinstance(quantity, int) or not 1 <= quantity <= MAX_QUANTITY:
        raise BadRequestError(f"quantity must be an integer between 1 and {MAX_QUANTITY}")
    return OrderRequest(product_id, quantity)


def idempotency_key_of(event: Mapping[str, Any]) -> str:
    """The Idempotency-Key header (payload 2.0 lower-cases header names), or BadRequestError."""
    headers = event.get("headers")
    key = headers.get(IDEMPOTENCY_HEADER) if isinstance(headers, dict) else None
    if not key:
        raise BadRequestError("the Idempotency-Key header is required for POST /orders")
    if not isinstance(key, str) or not IDEMPOTENCY_KEY_RE.fullmatch(key):
        raise BadRequestError("Idempotency-Key must be 8-128 printable ASCII characters without spaces")
    return key


def _claims(event: Mapping[str, Any]) -> Mapping[str, Any]:
    """The JWT authorizer's claims of a payload 2.0 event, or {} (any level missing or of another type)."""
    node: Any = event
    for name in ("requestContext", "authorizer", "jwt", "claims"):
        node = node.get(name) if isinstance(node, Mapping) else None
    return node if isinstance(node, Mapping) else {}


def caller_of(event: Mapping[str, Any]) -> str:
    sub = _claims(event).get("sub")
    return sub if isinstance(sub, str) and sub else "anonymous"


def scoped_event(event: Mapping[str, Any], key: str) -> dict[str, Any]:
    """The event with the key Powertools stores the record under: the issuer, the caller and their key.

    Scoping per caller means one caller can never receive another's stored order by reusing their key (and body).
    Callers without an identity (a public route) share one scope, "anonymous".
    """
    issuer = _claims(event).get("iss")
    return {**event, SCOPED_KEY_FIELD: [issuer if isinstance(issuer, str) else "", caller_of(event), key]}


def json_response(status_code: int, body: dict[str, Any]) -> dict[str, Any]:
    return {
        "statusCode": status_code,
        "headers": {"Content-Type": "application/json"},
        "body": json.dumps(body),  # ASCII escapes: a lone surrogate from a claim stays valid JSON on the wire
        "isBase64Encoded": False,
    }


# --- the side effect --------------------------------------------------------------------------------------------------


def put_order(dynamodb: Any, table: str, order: dict[str, Any]) -> None:
    dynamodb.put_item(
        TableName=table,
        Item={
            "orderId": {"S": order["orderId"]},
            "productId": {"S": order["productId"]},
            "quantity": {"N": str(order["quantity"])},
            "customer": {"S": order["customer"]},
            "createdAt": {"S": order["createdAt"]},
        },
        ConditionExpression="attribute_not_exists(orderId)",
    )


def mark_replayed(response: Any, _record: Any) -> Any:
    """Powertools' response hook: runs only when the response comes from the idempotency store."""
    if isinstance(response, dict):
        response = {**response, "headers": {**(response.get("headers") or {}), "Idempotent-Replayed": "true"}}
    return response


def build_create_order(settings: Settings, dynamodb: Any | None = None) -> Callable[[dict, LambdaContext], dict]:
    """The idempotent order-creating handler for these settings (clients are made here, not at import)."""
    dynamodb = dynamodb or boto3.client("dynamodb")
    persistence = DynamoDBPersistenceLayer(table_name=settings.idempotency_table, boto3_client=dynamodb)
    config = IdempotencyConfig(
        event_key_jmespath=SCOPED_KEY_FIELD,
        payload_validation_jmespath="body",
        raise_on_no_idempotency_key=True,
        expires_after_seconds=settings.expires_after_seconds,
        response_hook=mark_replayed,
    )

    @idempotent(persistence_store=persistence, config=config)
    def create_order(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
        request = parse_order(event.get("body"))
        order = {
            "orderId": str(uuid.uuid4()),
            "productId": request.product_id,
            "quantity": request.quantity,
            "customer": caller_of(event),
            "createdAt": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        put_order(dynamodb, settings.orders_table, order)
        logger.info("order created", extra={"order_id": order["orderId"]})
        return json_response(201, order)

    return create_order


@cache
def create_order_handler() -> Callable[[dict, LambdaContext], dict]:
    return build_create_order(load_settings(os.environ))


def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    log.start(event)
    try:
        if not isinstance(event, dict):
            raise BadRequestError("not an API Gateway HTTP API event")
        key = idempotency_key_of(event)
        parse_order(event.get("body"))  # refuse a bad body before it is stored as the key's answer
        return create_order_handler()(scoped_event(event, key), context)
    except (BadRequestError, IdempotencyKeyError) as err:
        logger.info("rejected order", extra={"reason": str(err)})
        return json_response(400, {"error": "bad_request", "message": str(err)})
    except IdempotencyValidationError:
        return json_response(
            422,
            {"error": "idempotency_key_reused", "message": "this Idempotency-Key was used with a different body"},
        )
    except IdempotencyAlreadyInProgressError:
        return json_response(
            409,
            {"error": "request_in_progress", "message": "a request with this Idempotency-Key is still in progress"},
        )
