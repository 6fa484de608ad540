"""Judging IAM statements for CKV_APIGWKIT_7 (shared by the resource and the data-source check).

A statement fails when it allows every action (``*``), or ``execute-api:*`` on every API (resource
``*``, or an ``execute-api`` ARN whose API id is ``*``). Action names compare case-insensitively,
as IAM does. ``NotAction`` / ``NotResource`` statements are not judged.

Each statement is judged FAILED (proven), UNKNOWN (an element it depends on is an unresolved
expression, or unknown in a plan: ``None`` inside a plan's list) or PASSED; ``combine`` folds them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from apigwkit_support.values import MISSING, as_list, combine, is_expression, json_object
from checkov.common.models.enums import CheckResult

ALL_ACTIONS = {"*", "*:*"}
ALL_API_ACTIONS = "execute-api:*"


def _unknown(value: Any) -> bool:
    return value is None or value is MISSING or not isinstance(value, str) or is_expression(value)


def _every_api(resource: str) -> bool:
    if resource.strip() == "*":
        return True
    parts = resource.split(":", 5)
    return len(parts) == 6 and parts[2] == "execute-api" and parts[5].split("/", 1)[0] in ("*", "")


def judge_statement(effect: Any, actions: Iterable[Any], resources: Iterable[Any]) -> CheckResult:
    """One statement; ``effect`` None/MISSING is Allow (the data source's default)."""
    if effect == "Deny":
        return CheckResult.PASSED
    actions, resources = list(actions), list(resources)
    known = {a.strip().lower() for a in actions if not _unknown(a)}
    unknown_action = any(_unknown(a) for a in actions)
    if known & ALL_ACTIONS:
        verdict = CheckResult.FAILED
    elif ALL_API_ACTIONS in known and any(not _unknown(r) and _every_api(r) for r in resources):
        verdict = CheckResult.FAILED
    elif unknown_action or (ALL_API_ACTIONS in known and (not resources or any(_unknown(r) for r in resources))):
        verdict = CheckResult.UNKNOWN  # an unknown action may be "*"; unknown (or no) resources may be "*"
    else:
        verdict = CheckResult.PASSED
    if verdict == CheckResult.FAILED and effect not in (None, MISSING, "Allow"):
        return CheckResult.UNKNOWN  # an unresolved effect may be Deny
    return verdict


def judge_document(document: Any) -> CheckResult:
    """A policy document: a dict (jsonencode rendered by checkov), a JSON string, or an expression."""
    policy = json_object(document)
    if policy is None:
        return CheckResult.UNKNOWN
    statements = policy.get("Statement", [])
    results = []
    for statement in as_list(statements):
        if not isinstance(statement, dict):
            results.append(CheckResult.UNKNOWN)
        elif "Action" in statement:
            actions, resources = as_list(statement["Action"]), as_list(statement.get("Resource"))
            results.append(judge_statement(statement.get("Effect"), actions, resources))
    return combine(results)
