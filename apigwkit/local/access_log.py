"""Access logs: one line per request in the stage's own format, and the request ids and times they log."""

from __future__ import annotations

import json
import re
import secrets
import sys
import threading
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, TextIO


def request_id() -> str:
    return str(uuid.uuid4())


def extended_request_id() -> str:
    return secrets.token_urlsafe(12)[:16] + "="


def request_time(now: float) -> tuple[str, int]:
    """``$context.requestTime`` (CLF format) and ``requestTimeEpoch`` (ms)."""
    return datetime.fromtimestamp(now, UTC).strftime("%d/%b/%Y:%H:%M:%S +0000"), int(now * 1000)


_CONTEXT_VARIABLE = re.compile(r"\$(?:\{context\.([A-Za-z0-9_.\-]+)\}|context\.([A-Za-z0-9_.\-]+))")


def render_access_log(template: str, context: Mapping[str, Any]) -> str:
    """Substitute ``$context.x.y`` in a stage's access-log format; unknown variables become ``-`` as in AWS.

    The format is the stage's own string (usually JSON with quoted values), so the result keeps its shape.
    Values are inserted JSON-escaped when the template is JSON, so a user agent with a quote stays valid JSON.
    """
    json_format = template.lstrip().startswith("{")

    def value(match: re.Match[str]) -> str:
        name = match.group(1) or match.group(2)
        found: Any = context
        for part in name.split("."):
            found = found.get(part) if isinstance(found, Mapping) else None
        text = "-" if found is None or found == "" else str(found)
        return json.dumps(text)[1:-1] if json_format else text

    return _CONTEXT_VARIABLE.sub(value, template)


class AccessLog:
    """Writes one line per request in each stage's configured format (a stage without a format logs nothing)."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stdout
        self._lock = threading.Lock()

    def write_lines(self, lines: list[str]) -> None:
        """Lines written together (one request's execution log), never interleaved with another request's."""
        with self._lock:
            self.stream.write("".join(line + "\n" for line in lines))
            self.stream.flush()

    def write(self, template: str | None, context: Mapping[str, Any]) -> None:
        if not template:
            return
        line = render_access_log(template, context)
        with self._lock:
            self.stream.write(line + "\n")
            self.stream.flush()
