"""The JSONPath subset that API Gateway mapping templates use: definite paths into one JSON document.

``$input.json(x)`` and ``$input.path(x)`` take a JSONPath; API Gateway evaluates it with Jayway JsonPath. Templates
written for it select one value: ``$``, ``$.a``, ``$.a.b``, ``$['a']``, ``$["a b"]``, ``$.items[0]``,
``$.items[-1]``. This module evaluates exactly those *definite* paths and refuses the rest (wildcards ``*``,
deep scan ``..``, filters ``[?()]``, slices ``[1:2]``, unions ``[0,1]``) with a ``JsonPathError`` that names what
it found, so a template that needs more fails loudly here instead of rendering something API Gateway would not.

Why not a library: ``jsonpath-ng`` is installed only as a transitive dependency of moto (the project does not
declare it), and its model answers a *list of matches* for any path, so "missing" and "matched null" and
"matched a list" need re-deriving anyway; Jayway's definite-path semantics (one value or nothing) are a short
loop over parsed segments, which is what this is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Final

__all__ = ["MISSING", "JsonPathError", "evaluate", "parse"]


class JsonPathError(ValueError):
    """The path is not a definite JSONPath this evaluator (and a mapping template) can use."""


class _Missing:
    """The path selects nothing (a key that is absent, an index out of range, a step into a scalar)."""

    _instance: _Missing | None = None

    def __new__(cls) -> _Missing:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "MISSING"

    def __bool__(self) -> bool:
        return False


MISSING: Final = _Missing()


@dataclass(frozen=True)
class _Key:
    name: str


@dataclass(frozen=True)
class _Index:
    position: int


# `.name`: Jayway accepts any run of characters up to the next `.` or `[`; spaces and quotes need brackets.
_DOT_NAME = re.compile(r"\.([^.\[\]\s'\"*]+)")
_BRACKET_QUOTED = re.compile(r"\[\s*(?:'((?:[^'\\]|\\.)*)'|\"((?:[^\"\\]|\\.)*)\")\s*\]")
_BRACKET_INDEX = re.compile(r"\[\s*(-?\d+)\s*\]")
_UNSUPPORTED = (
    (re.compile(r"\.\."), "a deep scan '..'"),
    (re.compile(r"\[\s*\?"), "a filter '[?(...)]'"),
    (re.compile(r"\.\*|\[\s*\*"), "a wildcard '*'"),
    (re.compile(r"\[[^\]]*:"), "a slice '[start:end]'"),
    (re.compile(r"\[[^\]]*,"), "a union '[a,b]'"),
)


def parse(path: str) -> tuple[_Key | _Index, ...]:
    """The segments of a definite path, or JsonPathError saying where and what is wrong."""
    if not isinstance(path, str):
        raise JsonPathError(f"a JSONPath must be a string, found {type(path).__name__}")
    text = path.strip()
    if not text.startswith("$"):
        raise JsonPathError(f"JSONPath {path!r} must start with '$' (the document root)")
    segments: list[_Key | _Index] = []
    position = 1
    while position < len(text):
        if match := _DOT_NAME.match(text, position):
            segments.append(_Key(match.group(1)))
        elif match := _BRACKET_QUOTED.match(text, position):
            raw = match.group(1) if match.group(1) is not None else match.group(2)
            segments.append(_Key(re.sub(r"\\(.)", r"\1", raw)))
        elif match := _BRACKET_INDEX.match(text, position):
            segments.append(_Index(int(match.group(1))))
        else:
            rest = text[position:]
            for pattern, what in _UNSUPPORTED:
                if pattern.match(rest):
                    raise JsonPathError(
                        f"JSONPath {path!r} uses {what} at offset {position}; only definite paths such as $.a.b[0] "
                        "are supported"
                    )
            raise JsonPathError(
                f"JSONPath {path!r}: cannot read {rest!r} at offset {position}; expected .name, ['name'] or [index]"
            )
        position = match.end()
    return tuple(segments)


def evaluate(document: Any, path: str) -> Any:
    """The value `path` selects in `document` (parsed JSON), or MISSING when it selects nothing."""
    current = document
    for segment in parse(path):
        if isinstance(segment, _Key):
            if not isinstance(current, dict) or segment.name not in current:
                return MISSING
            current = current[segment.name]
        else:
            if not isinstance(current, list):
                return MISSING
            index = segment.position
            if not -len(current) <= index < len(current):
                return MISSING
            current = current[index]
    return current
