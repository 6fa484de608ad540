"""Whether an identity policy allows one request: IAM's evaluation for one principal, without SCPs or sessions.

An explicit Deny wins, then an Allow, else the implicit deny. Action and NotAction match case-insensitively with `*` and
`?` wildcards, Resource and NotResource case-sensitively; conditions support the operators our policies use, with
IAM's rules for a missing key (a negated operator is true, a positive one false; `...IfExists` is true).

Why not moto's evaluator (moto.iam.access_control): it knows only StringEquals, ignores the other operators (an
unknown condition passes), turns a Deny whose condition does not match into a denial, and matches actions
case-sensitively; a policy test built on it would pass policies IAM refuses and refuse policies IAM allows.
Sources: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html and
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

Context = Mapping[str, str | list[str]]
_OPERATORS = {"StringEquals", "StringEqualsIgnoreCase", "StringLike", "ArnEquals", "ArnLike", "Bool"}


@dataclass(frozen=True)
class Request:
    action: str
    resource: str
    context: Context = field(default_factory=dict)


@cache
def _pattern(wildcard: str, case_sensitive: bool) -> re.Pattern[str]:
    text = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in wildcard)
    return re.compile(text, re.DOTALL if case_sensitive else re.DOTALL | re.IGNORECASE)


def matches(wildcard: str, value: str, *, case_sensitive: bool = True) -> bool:
    """IAM's wildcard match: `*` any run of characters (also `/` and `:`), `?` one character, nothing else special."""
    return bool(_pattern(wildcard, case_sensitive).fullmatch(value))


def listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _value_matches(kind: str, value: str, wanted: list[str]) -> bool:
    if kind == "StringEquals":
        return value in wanted
    if kind in ("StringEqualsIgnoreCase", "Bool"):
        return any(value.lower() == w.lower() for w in wanted)
    return any(matches(w, value) for w in wanted)  # StringLike, ArnLike, ArnEquals


def _condition_holds(operator: str, key: str, wanted: Any, context: Context) -> bool:
    """One condition. ForAllValues: every value of the request's key matches (true when the key is absent or empty:
    pair it with a Null check); ForAnyValue: one does (false when absent). Without a set prefix, any value matching
    is a match. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html"""
    if operator == "Null":
        return (key not in context) == (str(listed(wanted)[0]).lower() == "true")
    quantifier, _, base = operator.rpartition(":")
    base, if_exists = (base[: -len("IfExists")], True) if base.endswith("IfExists") else (base, False)
    negated = "Not" in base
    kind = base.replace("Not", "")
    if kind not in _OPERATORS or quantifier not in ("", "ForAllValues", "ForAnyValue"):
        raise ValueError(f"condition operator {operator!r} is not supported by this evaluator")
    values = [str(v) for v in listed(context[key])] if key in context else []
    wanted_values = [str(w) for w in listed(wanted)]
    if quantifier == "ForAllValues":
        return all(_value_matches(kind, v, wanted_values) != negated for v in values)
    if quantifier == "ForAnyValue":
        return any(_value_matches(kind, v, wanted_values) != negated for v in values)
    if key not in context:
        return if_exists or negated
    hit = any(_value_matches(kind, v, wanted_values) for v in values)
    return not hit if negated else hit


def _statement_applies(statement: Mapping[str, Any], request: Request) -> bool:
    if "Action" in statement:
        if not any(matches(a, request.action, case_sensitive=False) for a in listed(statement["Action"])):
            return False
    elif any(matches(a, request.action, case_sensitive=False) for a in listed(statement.get("NotAction", []))):
        return False
    if "Resource" in statement:
        if not any(matches(r, request.resource) for r in listed(statement["Resource"])):
            return False
    elif any(matches(r, request.resource) for r in listed(statement.get("NotResource", []))):
        return False
    for operator, pairs in (statement.get("Condition") or {}).items():
        for key, wanted in pairs.items():
            if not _condition_holds(operator, key, wanted, request.context):
                return False
    return True


def statements(policies: Iterable[str | Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    found: list[Mapping[str, Any]] = []
    for policy in policies:
        document = json.loads(policy) if isinstance(policy, str) else policy
        found += listed(document["Statement"])
    return found


def allowed(policies: Iterable[str | Mapping[str, Any]], request: Request) -> bool:
    """True when the policies (JSON text or parsed) allow the request: an Allow applies and no Deny does."""
    applying = [s for s in statements(policies) if _statement_applies(s, request)]
    if any(s["Effect"] == "Deny" for s in applying):
        return False
    return any(s["Effect"] == "Allow" for s in applying)
