"""What clients send (parsed and checked here) and the frames the function sends back, as JSON bytes."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

# Room for the JSON around the message ({"action": "sendmessage", "message": ...}) before a body counts as too large.
BODY_OVERHEAD_BYTES = 1024
# At most this much of an unroutable message is echoed back in a help frame.
ECHO_LIMIT_BYTES = 1024

ACTIONS: dict[str, str] = {
    "sendmessage": 'send {"action": "sendmessage", "message": "TEXT"} to deliver TEXT to everyone connected',
}


class MessageError(ValueError):
    """A client message the function cannot act on; `code` and the message go back to the sender in an error frame."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class ChatMessage:
    text: str


@dataclass(frozen=True)
class Sender:
    connection_id: str
    user_id: str
    username: str


# --- parsing ----------------------------------------------------------------------------------------------------------


def parse_json_object(body: object, *, is_base64: bool, max_body_bytes: int) -> dict[str, Any]:
    """The message as a JSON object, or MessageError saying what was expected and what was found.

    Everything accepted here can be sent back as UTF-8 JSON: text holding a lone surrogate (a "\\ud800" escape, or
    such a character in the event) is refused, and so is nesting deeper than the JSON parser's stack.
    """
    if is_base64:
        raise MessageError("binary_not_supported", "binary frames are not supported; send a JSON text frame")
    if body is None or (isinstance(body, str) and not body.strip()):
        raise MessageError(
            "empty_message", 'the message is empty; send a JSON object such as {"action": "sendmessage"}'
        )
    if not isinstance(body, str):
        raise MessageError("invalid_message", "the message must be a JSON text frame")
    size = len(_utf8(body))
    if size > max_body_bytes:
        raise MessageError("message_too_large", f"the frame must be at most {max_body_bytes} bytes, found {size}")
    try:
        parsed = json.loads(body)
    except ValueError as err:
        raise MessageError("invalid_json", f"the message is not JSON ({err.msg} at position {err.pos})") from None
    except RecursionError:
        raise MessageError("invalid_json", "the message is nested deeper than this function reads") from None
    if not isinstance(parsed, dict):
        raise MessageError("invalid_message", f"the message must be a JSON object, found {_json_type(parsed)}")
    _utf8(json.dumps(parsed, ensure_ascii=False))  # its strings, "\\udXXX" escapes decoded, must be text too
    return parsed


def _utf8(text: str) -> bytes:
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        raise MessageError(
            "invalid_text", "the message holds a lone UTF-16 surrogate (\\ud800-\\udfff), which is not text"
        ) from None


def parse_send_message(body: object, *, is_base64: bool, max_message_bytes: int) -> ChatMessage:
    """A sendmessage request: {"action": "sendmessage", "message": "non-empty text of at most N UTF-8 bytes"}."""
    parsed = parse_json_object(body, is_base64=is_base64, max_body_bytes=max_message_bytes + BODY_OVERHEAD_BYTES)
    if "message" not in parsed:
        raise MessageError(
            "missing_field", 'the field "message" is required: {"action": "sendmessage", "message": "hi"}'
        )
    text = parsed["message"]
    if not isinstance(text, str):
        raise MessageError("invalid_field", f'the field "message" must be a string, found {_json_type(text)}')
    if not text.strip():
        raise MessageError("invalid_field", 'the field "message" must not be empty')
    size = len(text.encode("utf-8"))
    if size > max_message_bytes:
        raise MessageError("message_too_large", f'"message" must be at most {max_message_bytes} bytes, found {size}')
    return ChatMessage(text=text)


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"


# --- frames -----------------------------------------------------------------------------------------------------------


def encode(frame: dict[str, Any]) -> bytes:
    return json.dumps(frame, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def message_frame(sender: Sender, message: ChatMessage, *, sent_at: str, message_id: str | None) -> bytes:
    return encode(
        {
            "type": "message",
            "from": {"userId": sender.user_id, "username": sender.username},
            "message": message.text,
            "sentAt": sent_at,
            "messageId": message_id,
        }
    )


def error_frame(error: MessageError) -> bytes:
    return encode({"type": "error", "error": error.code, "message": str(error), "actions": ACTIONS})


def help_frame(received: dict[str, Any]) -> bytes:
    """The $default route's answer to a JSON message that names no action: what it received and what it can do."""
    echo = json.dumps(received, ensure_ascii=False)
    if len(echo.encode("utf-8")) > ECHO_LIMIT_BYTES:
        echo = echo.encode("utf-8")[:ECHO_LIMIT_BYTES].decode("utf-8", errors="ignore") + "..."
    return encode(
        {
            "type": "help",
            "message": 'messages are JSON objects whose "action" names what to do',
            "received": echo,
            "actions": ACTIONS,
        }
    )
