"""Hello Lambda (seed 실습 A): `GET /hello?name=Kim` -> `{"message": "Hello, Kim!"}`.

Works behind an HTTP API (payload format 2.0 or 1.0) and behind a REST API Lambda proxy integration (1.0).

Cold start: the module imports only what Lambda's Python runtime has imported before it (json, logging), so that
loading it costs little more than a bare handler (issue 22; `make bench`). That is why there is no Powertools here
(its Logger and event classes cost ~100 ms to compile from the zip at every cold start), no dataclasses or typing
(inspect and typing: ~6 ms), and urllib.parse only for a query that needs decoding. Logs: the standard library's
logger; with the function's JSON log format (modules/lambda_function) the runtime writes each record as a JSON line
with its `extra` keys as fields, the structured log Powertools' Logger was here for.
"""

import json
import logging

DEFAULT_NAME = "world"
MAX_NAME_LENGTH = 100
# More query parameters than this is not a browser asking for a greeting.
MAX_QUERY_FIELDS = 50

logger = logging.getLogger("hello")
logger.setLevel(logging.INFO)  # the function's application log level (JSON format) filters further


class InvalidNameError(ValueError):
    """The `name` query parameter cannot be greeted; the message is safe to show to the caller."""


class HelloRequest:
    """What the handler needs from an API Gateway event."""

    __slots__ = ("payload_version", "names")

    def __init__(self, payload_version: str, names: tuple[str, ...]) -> None:
        self.payload_version = payload_version
        # Every value the caller gave for `name`, in order; empty when the parameter is absent.
        self.names = names


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


def parse_event(event: dict) -> HelloRequest:
    """Read the `name` values from a payload 2.0 or 1.0 event (InvalidNameError when the query is unreadable)."""
    if event.get("version") == "2.0":
        # queryStringParameters joins repeated values with commas, which cannot be told apart from a literal comma:
        # the raw query string keeps them apart.
        raw_query = event.get("rawQueryString")
        if not isinstance(raw_query, str):  # not sent by API Gateway, but hand-written test events may omit it
            return HelloRequest("2.0", _single(_mapping(event.get("queryStringParameters")).get("name")))
        return HelloRequest("2.0", query_values(raw_query, "name"))

    multi = _mapping(event.get("multiValueQueryStringParameters")).get("name")
    names = (
        tuple(multi) if isinstance(multi, list) else _single(_mapping(event.get("queryStringParameters")).get("name"))
    )
    # REST API proxy events carry no `version`; HTTP API payload 1.0 events say "1.0".
    return HelloRequest(str(event.get("version", "1.0")), names)


def query_values(raw_query: str, key: str) -> tuple[str, ...]:
    """Every value of `key` in a raw query string, exactly as `urllib.parse.parse_qs` reads it (blank values kept,
    strict UTF-8, at most MAX_QUERY_FIELDS fields).

    A query without `%` and `+` has nothing to decode: it is split here, so the common request does not import
    urllib.parse (2 ms, ~14 ms at 256 MB: it imports ipaddress); any other goes to parse_qs itself.
    """
    if "%" in raw_query or "+" in raw_query:
        from urllib.parse import parse_qs

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
        return tuple(query.get(key, ()))
    if raw_query and raw_query.count("&") + 1 > MAX_QUERY_FIELDS:
        raise InvalidNameError(f"query string must have at most {MAX_QUERY_FIELDS} parameters")
    pairs = (field.partition("=") for field in raw_query.split("&") if field)
    return tuple(value for name, _, value in pairs if name == key)


def _mapping(value: object) -> dict:
    return value if isinstance(value, dict) else {}


def _single(value: object) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else ()


# --- responses --------------------------------------------------------------------------------------------------------


def json_response(status_code: int, body: dict) -> dict:
    """A proxy integration response; the same shape is valid for payload 2.0 and 1.0."""
    return {
        "statusCode": status_code,
        "headers": {"Content-Type": "application/json"},
        "body": json.dumps(body, ensure_ascii=False),
        "isBase64Encoded": False,
    }


def lambda_handler(event: dict, context: object) -> dict:
    # API Gateway's request id: what ties this function's log lines to the API's access log
    request_context = event.get("requestContext")
    correlation_id = request_context.get("requestId") if isinstance(request_context, dict) else None
    try:
        request = parse_event(event)
        name = choose_name(request.names)
    except InvalidNameError as err:
        logger.info("rejected name", extra={"reason": str(err), "correlation_id": correlation_id})
        return json_response(400, {"error": "invalid_name", "message": str(err)})
    logger.info(
        "greeting",
        extra={"payload_version": request.payload_version, "name_length": len(name), "correlation_id": correlation_id},
    )
    return json_response(200, greeting(name))
