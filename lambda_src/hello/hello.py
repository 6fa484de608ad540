"""Hello Lambda (seed 실습 A): `GET /hello?name=Kim` -> `{"message": "Hello, Kim!"}`.

Works behind an HTTP API (payload format 2.0 or 1.0) and behind a REST API Lambda proxy integration (1.0).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

from aws_lambda_powertools import Logger
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEvent, APIGatewayProxyEventV2
from aws_lambda_powertools.utilities.typing import LambdaContext

DEFAULT_NAME = "world"
MAX_NAME_LENGTH = 100
# More query parameters than this is not a browser asking for a greeting.
MAX_QUERY_FIELDS = 50

logger = Logger(service=os.environ.get("POWERTOOLS_SERVICE_NAME", "hello"))


class InvalidNameError(ValueError):
    """The `name` query parameter cannot be greeted; the message is safe to show to the caller."""


@dataclass(frozen=True)
class HelloRequest:
    """What the handler needs from an API Gateway event."""

    payload_version: str
    # Every value the caller gave for `name`, in order; empty when the parameter is absent.
    names: tuple[str, ...]


# --- pure logic -------------------------------------------------------------------------------------------------------


def choose_name(names: tuple[str, ...]) -> str:
    """The name to greet, or InvalidNameError saying what was expected and what was found."""
    if not names:
        return DEFAULT_NAME
    if len(names) > 1:
        raise InvalidNameError(f"name must be given at most once, found {len(names)} values")
    name = names[0].strip()
    if not name:
        raise InvalidNameError("name must not be empty")
    if len(name) > MAX_NAME_LENGTH:
        raise InvalidNameError(f"name must be at most {MAX_NAME_LENGTH} characters, found {len(name)}")
    if not name.isprintable():
        raise InvalidNameError("name must not contain control or other non-printable characters")
    return name


def greeting(name: str) -> dict[str, str]:
    return {"message": f"Hello, {name}!"}


# --- event parsing ----------------------------------------------------------------------------------------------------


def parse_event(event: dict[str, Any]) -> HelloRequest:
    """Read the `name` values from a payload 2.0 or 1.0 event (InvalidNameError when the query is unreadable)."""
    if event.get("version") == "2.0":
        v2 = APIGatewayProxyEventV2(event)
        # queryStringParameters joins repeated values with commas, which cannot be told apart from a literal comma:
        # the raw query string keeps them apart.
        raw_query = v2.get("rawQueryString")
        if raw_query is None:  # not sent by API Gateway, but hand-written test events may omit it
            return HelloRequest(payload_version="2.0", names=_single(v2.query_string_parameters.get("name")))
        try:
            query = parse_qs(
                raw_query,
                keep_blank_values=True,
                strict_parsing=False,
                errors="strict",
                max_num_fields=MAX_QUERY_FIELDS,
            )
        except UnicodeDecodeError as err:
            raise InvalidNameError("query string must be UTF-8") from err
        except ValueError as err:
            raise InvalidNameError(f"query string must have at most {MAX_QUERY_FIELDS} parameters") from err
        return HelloRequest(payload_version="2.0", names=tuple(query.get("name", ())))

    v1 = APIGatewayProxyEvent(event)
    multi = v1.multi_value_query_string_parameters.get("name")
    names = tuple(multi) if multi is not None else _single(v1.query_string_parameters.get("name"))
    # REST API proxy events carry no `version`; HTTP API payload 1.0 events say "1.0".
    return HelloRequest(payload_version=str(event.get("version", "1.0")), names=names)


def _single(value: str | None) -> tuple[str, ...]:
    return () if value is None else (value,)


# --- responses --------------------------------------------------------------------------------------------------------


def json_response(status_code: int, body: dict[str, Any]) -> dict[str, Any]:
    """A proxy integration response; the same shape is valid for payload 2.0 and 1.0."""
    return {
        "statusCode": status_code,
        "headers": {"Content-Type": "application/json"},
        "body": json.dumps(body, ensure_ascii=False),
        "isBase64Encoded": False,
    }


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP, clear_state=True)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    try:
        request = parse_event(event)
        name = choose_name(request.names)
    except InvalidNameError as err:
        logger.info("rejected name", extra={"reason": str(err)})
        return json_response(400, {"error": "invalid_name", "message": str(err)})
    logger.info("greeting", extra={"payload_version": request.payload_version, "name_length": len(name)})
    return json_response(200, greeting(name))
