"""Access logs: one line per request in the stage's own format, and the request ids and times they log."""

from __future__ import annotations

import functools
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


@functools.lru_cache(maxsize=4)
def _clf_time(second: int) -> str:
    return datetime.fromtimestamp(second, UTC).strftime("%d/%b/%Y:%H:%M:%S +0000")


def request_time(now: float) -> tuple[str, int]:
    """``$context.requestTime`` (CLF format) and ``requestTimeEpoch`` (ms). The text changes once a second, so it is
    formatted once a second (every request asks for it, some twice)."""
    return _clf_time(int(now)), int(now * 1000)


_JSON_SPECIAL = re.compile(r"[^ !#-\[\]-~]")  # what json.dumps escapes: quote, backslash, non-printable, non-ASCII
_CONTEXT_VARIABLE = re.compile(r"\$(?:\{context\.([A-Za-z0-9_.\-]+)\}|context\.([A-Za-z0-9_.\-]+))")


def render_access_log(template: str, context: Mapping[str, Any]) -> str:
    """Substitute ``$context.x.y`` in a stage's access-log format; unknown variables become ``-`` as in AWS.

    The format is the stage's own string (usually JSON with quoted values), so the result keeps its shape.
    Values are inserted JSON-escaped when the template is JSON, so a user agent with a quote stays valid JSON.
    """
    literals, names, json_format = _compiled(template)
    parts = [literals[0]]
    for name, literal in zip(names, literals[1:], strict=True):
        found: Any = context
        for part in name:
            found = found.get(part) if isinstance(found, Mapping) else None
        text = "-" if found is None or found == "" else str(found)
        parts.append(json.dumps(text)[1:-1] if json_format and _JSON_SPECIAL.search(text) else text)
        parts.append(literal)
    return "".join(parts)


@functools.lru_cache(maxsize=64)
def _compiled(template: str) -> tuple[list[str], list[tuple[str, ...]], bool]:
    """A format split once into its literal text and the ``$context`` paths between (a stage logs every request)."""
    pieces = _CONTEXT_VARIABLE.split(template)  # literal, (braced name, bare name), literal, ...
    literals = pieces[::3]
    names = [tuple((braced or bare).split(".")) for braced, bare in zip(pieces[1::3], pieces[2::3], strict=True)]
    return literals, names, template.lstrip().startswith("{")


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
        self.write_line(render_access_log(template, context))

    def write_line(self, line: str) -> None:
        """One line (an access-log line, or a line of another log such as a web ACL's record)."""
        self.write_lines([line])
