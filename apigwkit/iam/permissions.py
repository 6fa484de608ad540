"""The deploy and plan roles' action lists, computed from requirements.TYPES with policy_sentry's action database.

For every action: it must exist in the database (a typo never reaches a policy); if IAM cannot scope it to a
resource (the database lists only "*"), it moves to the unscoped group; a plan-role (read) action must be of access
level Read or List, or be one of READS_ABOVE_READ_LEVEL with its reason. The deploy role gets the reads, the writes and
what the deploy steps call (`step`); the plan role the reads. Every dependent action the database names for a granted
action, of a service the roles already use, must be granted or waived below with its reason.

`python -m apigwkit.iam --write` writes examples/github-oidc-deploy-role/permissions.json, which that example's
policies read; `--check` (and a test) fails when the file differs from what this computes.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

from policy_sentry.querying.actions import get_action_data

from apigwkit.iam.requirements import TYPES

REPO_ROOT = Path(__file__).resolve().parents[2]
PERMISSIONS_FILE = REPO_ROOT / "examples" / "github-oidc-deploy-role" / "permissions.json"
UNSCOPED = "Unscoped"
READ_LEVELS = {"Read", "List"}

_WAF_OTHER_TARGETS = (
    "WAF's association actions list a dependent per kind of resource it protects; only API Gateway stages are "
    "associated here (apigateway:SetWebACL is granted)"
)
# Actions a refresh needs although IAM's database files them under another access level, with why.
READS_ABOVE_READ_LEVEL = {
    "kms:Decrypt": "the provider reads SecureString parameters WithDecryption (ssm/parameter.go); the roles' statement "
    "allows it only through Parameter Store and Secrets Manager (kms:ViaService)",
}
# Dependent actions policy_sentry lists that no example needs, with why.
WAIVED_DEPENDENTS = {
    "iam:CreateServiceLinkedRole": "CreateKey needs it only for multi-Region keys and custom key stores; the modules' "
    "keys are single-Region in KMS's own store (the other service-linked roles are granted by name, requirements.py)",
    "lambda:PassCapacityProvider": "only for functions on a Lambda capacity provider (none here)",
    "wafv2:GetPermissionPolicy": "only for sharing a rule group with another account",
    "wafv2:PutPermissionPolicy": "only for sharing a rule group with another account",
    **dict.fromkeys(
        (
            "cognito-idp:AssociateWebACL",
            "cognito-idp:DisassociateWebACL",
            "cognito-idp:GetWebACLForResource",
            "ec2:AssociateVerifiedAccessInstanceWebAcl",
            "ec2:DisassociateVerifiedAccessInstanceWebAcl",
            "ec2:GetVerifiedAccessInstanceWebAcl",
            "elasticloadbalancing:CreateWebACLAssociation",
            "elasticloadbalancing:DeleteWebACLAssociation",
            "elasticloadbalancing:GetLoadBalancerWebACL",
            "elasticloadbalancing:SetWebAcl",
        ),
        _WAF_OTHER_TARGETS,
    ),
}


class PermissionsError(ValueError):
    """The requirements name an action policy_sentry does not know, or a non-read action as a read."""


@cache
def action_data(action: str) -> list[dict[str, Any]]:
    service, name = action.split(":", 1)
    rows = (get_action_data(service, name) or {}).get(service) or []
    # get_action_data matches case-insensitively and by prefix: keep the rows of exactly this action
    return [row for row in rows if row["action"].lower() == action.lower()]


def unscoped(action: str) -> bool:
    return {row["resource_arn_format"] for row in action_data(action)} == {"*"}


def compute() -> dict[str, dict[str, list[str]]]:
    """{group: {"deploy": actions, "plan": actions}} with actions sorted, groups sorted."""
    groups: dict[str, dict[str, set[str]]] = {}
    problems: list[str] = []
    for type_name, type_needs in TYPES.items():
        for need in type_needs.needs:
            for action, is_read in [(a, True) for a in need.read] + [(a, False) for a in need.write + need.step]:
                rows = action_data(action)
                if not rows:
                    problems.append(f"{type_name}: {action} is not an IAM action in policy_sentry's database")
                    continue
                if is_read and rows[0]["access_level"] not in READ_LEVELS and action not in READS_ABOVE_READ_LEVEL:
                    problems.append(f"{type_name}: {action} is {rows[0]['access_level']!r}, not a read")
                group = UNSCOPED if unscoped(action) else need.group
                entry = groups.setdefault(group, {"deploy": set(), "plan": set()})
                entry["deploy"].add(action)
                if is_read:
                    entry["plan"].add(action)
    granted = {action.lower() for entry in groups.values() for action in entry["deploy"]}
    services = {action.split(":")[0] for action in granted}
    for action in sorted(granted):
        for row in action_data(action):
            for dependent in row["dependent_actions"]:
                needed = dependent.split(":")[0] in services and dependent.lower() not in granted
                if needed and dependent not in WAIVED_DEPENDENTS:
                    problems.append(f"{action} depends on {dependent}: grant it (requirements.py) or waive it")
    if problems:
        raise PermissionsError("; ".join(sorted(set(problems))))
    return {group: {k: sorted(v) for k, v in sorted(entry.items())} for group, entry in sorted(groups.items())}


def constant_conditions() -> dict[str, dict[str, list[str]]]:
    """{group: {condition key: values}} for the condition values the requirements fix (not templates): the services
    a role may be passed to, the service-linked roles that may be created."""
    found: dict[str, dict[str, set[str]]] = {}
    for type_needs in TYPES.values():
        for need in type_needs.needs:
            for key, value in need.context.items():
                if "{" not in value:
                    found.setdefault(need.group, {}).setdefault(key, set()).add(value)
    return {group: {key: sorted(values) for key, values in keys.items()} for group, keys in sorted(found.items())}


def document() -> str:
    content = {
        "_about": "Generated by `python -m apigwkit.iam --write` from apigwkit/iam/requirements.py with "
        f"policy_sentry {version('policy_sentry')}: do not edit. The deploy role gets `deploy`, the plan role `plan`.",
        "groups": compute(),
        "conditions": constant_conditions(),
    }
    return json.dumps(content, indent=2) + "\n"
