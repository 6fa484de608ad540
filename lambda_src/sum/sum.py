"""Sum Lambda (seed 실습 B): adds `a` and `b` behind a REST API non-proxy (``AWS``) integration.

The event is the JSON object the request mapping template produced, e.g.
``{"a": 1, "b": 2, "callerIp": "203.0.113.10", "path": "/sum", "qs": {"debug": ""}}``; the return value is what the
response mapping template reads as ``$input.body``: ``{"sum": 3}``.

A bad operand raises ``BadRequestError`` whose message starts with ``BadRequest:``. API Gateway matches an
integration response's ``selection_pattern`` (``BadRequest.*``) against that message and answers 400; any other
exception is a fault of ours and must map to 500.

Cold start: like hello, the module imports only what Lambda's Python runtime has imported before it (math, logging),
so its import costs little more than a bare handler's (issue 22; `make bench`): no Powertools (~100 ms to compile
from the zip at every cold start), no dataclasses or typing (~6 ms). Logs: the standard library's logger, written
as JSON lines with the `extra` fields by the runtime (the function's JSON log format, modules/lambda_function).
"""

import logging
import math

# The marker API Gateway's selection pattern looks for; the message after it is safe to show to the caller.
BAD_REQUEST_PREFIX = "BadRequest: "
OPERANDS = ("a", "b")
# JSON numbers beyond ±(2^53 - 1) lose precision in JavaScript clients (and in any double-based parser): refuse
# operands and sums outside that range rather than answer a number the caller cannot read back exactly.
MAX_SAFE_INTEGER = 2**53 - 1
# An operand's value is quoted in the error message, at most this many characters of it.
MAX_ECHO = 40

logger = logging.getLogger("sum")
logger.setLevel(logging.INFO)  # the function's application log level (JSON format) filters further


class BadRequestError(ValueError):
    """The caller sent an operand that cannot be added. The message starts with ``BadRequest: `` and is one line."""

    def __init__(self, detail: str) -> None:
        super().__init__(BAD_REQUEST_PREFIX + " ".join(detail.split()))


class InvalidEventError(TypeError):
    """The event is not what the request template produces: a deployment fault (500), not the caller's (400)."""


class SumRequest:
    """What the handler needs from the mapping template's event."""

    __slots__ = ("a", "b", "path", "caller_ip", "debug")

    def __init__(self, a: int, b: int, path: str | None, caller_ip: str | None, debug: bool) -> None:
        self.a, self.b, self.path, self.caller_ip, self.debug = a, b, path, caller_ip, debug


# --- pure logic -------------------------------------------------------------------------------------------------------


def operand(event: dict[str, object], name: str) -> int:
    """`event[name]` as an int: missing or null is 0 (as in the seed); anything but an integral number is refused."""
    value = event.get(name)
    if value is None:
        return 0
    if isinstance(value, bool):  # bool is an int subclass in Python: check it first
        raise BadRequestError(f"{name} must be an integer, found boolean {str(value).lower()}")
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not math.isfinite(value) or not value.is_integer():
            raise BadRequestError(f"{name} must be an integer, found number {_echo(value)}")
        number = int(value)
    elif isinstance(value, str):
        raise BadRequestError(f"{name} must be an integer, found string {_echo(value)}")
    else:
        kind = "object" if isinstance(value, dict) else "array" if isinstance(value, list) else type(value).__name__
        raise BadRequestError(f"{name} must be an integer, found {kind}")
    if abs(number) > MAX_SAFE_INTEGER:
        raise BadRequestError(f"{name} must be between -{MAX_SAFE_INTEGER} and {MAX_SAFE_INTEGER}, found {number}")
    return number


def add(a: int, b: int) -> dict[str, int]:
    """``{"sum": a + b}``, refusing a sum a JSON client could not read back exactly."""
    total = a + b
    if abs(total) > MAX_SAFE_INTEGER:
        raise BadRequestError(f"a + b must be between -{MAX_SAFE_INTEGER} and {MAX_SAFE_INTEGER}, found {total}")
    return {"sum": total}


def _echo(value: object) -> str:
    text = repr(value) if isinstance(value, str) else repr(float(value)) if isinstance(value, float) else str(value)
    return text if len(text) <= MAX_ECHO else text[: MAX_ECHO - 3] + "..."


# --- event parsing ----------------------------------------------------------------------------------------------------


def parse_event(event: object) -> SumRequest:
    """The template's JSON object into a SumRequest (BadRequestError for bad operands)."""
    if not isinstance(event, dict):
        raise InvalidEventError(
            f"event must be the JSON object the request mapping template produces, found {type(event).__name__}"
        )
    query = event.get("qs")
    debug = isinstance(query, dict) and str(query.get("debug") or "").lower() in ("1", "true", "yes")
    return SumRequest(
        a=operand(event, "a"),
        b=operand(event, "b"),
        path=_optional_string(event.get("path")),
        caller_ip=_optional_string(event.get("callerIp")),
        debug=debug,
    )


def _optional_string(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


# --- handler ----------------------------------------------------------------------------------------------------------


def lambda_handler(event: object, context: object) -> dict[str, int]:
    try:
        request = parse_event(event)
        result = add(request.a, request.b)
    except BadRequestError as err:
        logger.info("rejected operands", extra={"reason": str(err)})
        raise
    extra = {"path": request.path, "caller_ip": request.caller_ip}
    if request.debug:
        extra.update(a=request.a, b=request.b, sum=result["sum"])
    logger.info("sum computed", extra=extra)
    return result
