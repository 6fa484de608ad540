"""Execution logs of REST and WebSocket stages: what API Gateway writes to ``API-Gateway-Execution-Logs_{api}/{stage}``.

A stage (or a method's / route's settings) logs at ``ERROR`` (error lines only) or ``INFO`` (every line), and with
``data_trace_enabled`` also the bodies (``Method request body before transformations``, ``Endpoint request body after
transformations``, ``Endpoint response body before transformations``, ``Method response body after transformations``,
an authorizer's result). The lines, their order and their wording are API Gateway's: the example logs of
https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-develop.html ("Starting execution for request",
"Method request path", "Endpoint request URI", "Received response. Status: 200, Integration latency: 123 ms",
"Method completed with status"), and CloudWatch logs quoted in public issues and log parsers for the rest (usage
plan checks, authorizers, "Lambda execution failed with status 200 due to customer function error: …",
"Request body does not match model schema for content type …"). As in AWS
(https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-execution-logging.html), ``Authorization`` and
API key values are masked and each event is cut at 1 KB.

Where no AWS wording for a cause was found (a cached authorizer answer, a 415 for a missing request template, a quota,
missing request parameters), the line is written in the same style and marked ``wording: local`` in the code; details
after an AWS line in parentheses are local too.

Locally the lines of one request are written together, after its access-log line would be, to the same stream, each
prefixed with the log group: ``API-Gateway-Execution-Logs_a1b2c3/dev (request-id) Method completed with status: 200``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any

LEVELS = ("OFF", "ERROR", "INFO")
MAX_EVENT_BYTES = 1024  # "Log events are truncated at 1 KB" (standard execution logging)
SENSITIVE_HEADERS = frozenset({"authorization", "x-api-key", "x-amz-security-token"})


def mask(value: str | None) -> str:
    """A secret as API Gateway shows it: asterisks and its last 6 characters (``****…bMZHBg``)."""
    if not value:
        return ""
    return "*" * max(len(value) - 6, 0) + value[-6:] if len(value) > 6 else "*" * len(value)


def java_map(pairs: Iterable[tuple[str, Any]] | Mapping[str, Any], *, masked: Iterable[str] = ()) -> str:
    """``{A=1, B=2}``: how API Gateway prints headers, query strings and path parameters."""
    hidden = {name.lower() for name in masked}
    items = pairs.items() if isinstance(pairs, Mapping) else pairs
    return "{" + ", ".join(f"{k}={mask(str(v)) if k.lower() in hidden else v}" for k, v in items) + "}"


def headers_map(headers: Iterable[tuple[str, str]]) -> str:
    return java_map(headers, masked=SENSITIVE_HEADERS)


def body_text(body: bytes | str | None) -> str:
    if body is None:
        return ""
    return body if isinstance(body, str) else body.decode("utf-8", errors="replace")


def as_json(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, separators=(",", ":"))


class ExecutionLog:
    """One request's execution log at a logging level; ``flush()`` writes its lines to ``sink`` together.

    ``level``: OFF, ERROR or INFO (may be set once the method or route is known); ``data_trace``: bodies too.
    """

    def __init__(
        self,
        sink: Callable[[list[str]], None] | None,
        group: str,
        request_id: str,
        level: str = "OFF",
        data_trace: bool = False,
    ) -> None:
        self.sink, self.group, self.request_id = sink, group, request_id
        self.level, self.data_trace = level, data_trace
        self._lines: list[tuple[str, str]] = []  # (kind, message): kind is info, error or data

    def configure(self, level: str | None, data_trace: bool | None) -> None:
        if level in LEVELS:
            self.level = str(level)
        if data_trace is not None:
            self.data_trace = bool(data_trace)

    def info(self, message: str) -> None:
        self._lines.append(("info", message))

    def error(self, message: str) -> None:
        self._lines.append(("error", message))

    def data(self, message: str) -> None:
        """A line with a body (or headers of a body's integration): written with data tracing only."""
        self._lines.append(("data", message))

    def lines(self) -> list[str]:
        """The lines the level lets through (decided when written, since the level can change mid-request)."""
        wanted = {"OFF": set(), "ERROR": {"error"}, "INFO": {"error", "info"}}[self.level]
        if self.level == "INFO" and self.data_trace:
            wanted.add("data")
        return [f"{self.group} ({self.request_id}) {_cut(m)}" for kind, m in self._lines if kind in wanted]

    def flush(self) -> None:
        lines = self.lines()
        self._lines.clear()
        if lines and self.sink is not None:
            self.sink(lines)


def _cut(message: str) -> str:
    encoded = message.encode()
    if len(encoded) <= MAX_EVENT_BYTES:
        return message
    return encoded[: MAX_EVENT_BYTES - len(" [TRUNCATED]")].decode("utf-8", errors="ignore") + " [TRUNCATED]"
