"""Hostile input for the Lambda handlers' fuzz tests (hypothesis strategies), and the one profile they run under.

The profile is deterministic (``derandomize``: the same examples on every run and machine, no example database)
and bounded (``max_examples``), so a fuzz test is as repeatable and as fast as any other test.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

FUZZ = settings(
    derandomize=True,
    database=None,
    max_examples=100,
    deadline=None,  # a moto call's first use is slow; the bound is max_examples
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large],
)

LONE_SURROGATES = ("\ud800", "\udfff", "ok\udc80", "\ud83d")  # halves of a pair, alone: not encodable as UTF-8
# Strings a client can send that broke or could break a parser, a path or a log line.
NASTY_STRINGS = (
    "",
    " ",
    "\x00",
    "\u202e",  # right-to-left override
    "🙂",
    "é",
    "../../etc/passwd",
    "anonymous",
    "sub-" + "0" * 32,
    "null",
    "true",
    "-1",
    "1e400",
    "Bearer ",
    "Bearer a.b.c",
    "x" * 20_000,  # beyond API Gateway's 10 KB header limit
    *LONE_SURROGATES,
)


def nested_json_text(depth: int) -> str:
    """Arrays and objects nested ``depth`` deep: beyond Python's JSON parser stack at about a thousand."""
    return "[" * depth + "]" * depth if depth % 2 else '{"a":' * depth + "1" + "}" * depth


def hostile_text(max_size: int = 40) -> st.SearchStrategy[str]:
    """Any text, including lone surrogates, control characters, huge and deeply nested JSON-looking strings."""
    return st.one_of(
        st.text(max_size=max_size),
        st.text(alphabet=st.characters(categories=["Cs", "Cc", "Zs", "So"]), max_size=max_size),
        st.sampled_from(NASTY_STRINGS),
        st.integers(min_value=900, max_value=4000).map(nested_json_text),
    )


def json_values(max_leaves: int = 12) -> st.SearchStrategy[Any]:
    """Values a JSON document can hold (as Python parses it): any type where a string, number or object is due."""
    leaves = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(10**400), max_value=10**400),
        st.floats(allow_nan=False, allow_infinity=False),
        hostile_text(),
    )
    return st.recursive(
        leaves,
        lambda children: st.lists(children, max_size=4) | st.dictionaries(hostile_text(12), children, max_size=4),
        max_leaves=max_leaves,
    )


def json_bodies() -> st.SearchStrategy[Any]:
    """Request bodies: JSON text of any value, non-JSON text, deep nesting, base64 noise, and non-string bodies."""
    return st.one_of(
        json_values().map(json.dumps),  # ensure_ascii: lone surrogates arrive as \\udXXX escapes
        hostile_text(200),
        st.integers(min_value=900, max_value=20_000).map(nested_json_text),
        st.binary(max_size=64).map(lambda raw: base64.b64encode(raw).decode()),
        json_values(),  # wrong type: API Gateway sends a string or null, a hostile caller of the handler may not
    )


def json_objects_with(keys: tuple[str, ...]) -> st.SearchStrategy[dict[str, Any]]:
    """Objects whose known ``keys`` hold any JSON value (or are absent), beside a few unknown keys."""
    extras = st.dictionaries(hostile_text(12), json_values(4), max_size=2)
    known = st.fixed_dictionaries({}, optional={key: json_values() for key in keys})
    return st.tuples(extras, known).map(lambda pair: {**pair[0], **pair[1]})
