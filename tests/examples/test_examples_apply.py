"""Every example applies to the account model, plans empty afterwards and destroys: on a new AWS account with
its defaults, and on an account whose API Gateway CloudWatch role is set (with that role passed, so that REST
and WebSocket stages log). Destroying an example leaves the account settings as they were."""

from __future__ import annotations

import pytest

from apigwkit.provider_double.account import CONFIGURED_ROLE
from apigwkit.testing.terraform import REPO_ROOT, Workspace

EXAMPLES = sorted(p.parent.name for p in (REPO_ROOT / "examples").glob("*/main.tf"))
LOGGING_EXAMPLES = sorted(
    name
    for name in EXAMPLES
    if 'variable "cloudwatch_role_arn"' in (REPO_ROOT / "examples" / name / "variables.tf").read_text()
)


def applied_then_destroyed(ws: Workspace, variables: dict) -> list[str]:
    """Apply, check the plan after it is empty (terraform plan -detailed-exitcode returns 0), destroy; returns
    the types of the objects the account still holds."""
    ws.apply(variables)
    code, text = ws.plan_detailed_exit_code(variables)
    assert code == 0, f"the plan after apply is not empty:\n{text}"
    ws.destroy(variables)
    return sorted({t for t in ws.account.types() if ws.account.objects(t)})


@pytest.mark.parametrize("example", EXAMPLES)
def test_the_example_applies_on_a_new_account_with_its_defaults(fresh_workspace, example):
    ws = fresh_workspace(f"examples/{example}", account_preset="fresh")
    assert applied_then_destroyed(ws, {}) == []
    role = ws.account.settings("ap-northeast-2")["cloudwatch_role_arn"]
    # only the account settings example sets the role, and its destroy resets it (hashicorp/aws 6.x)
    assert role is None


@pytest.mark.parametrize("example", LOGGING_EXAMPLES)
def test_the_example_logs_on_an_account_with_the_cloudwatch_role_and_leaves_the_role_set(fresh_workspace, example):
    ws = fresh_workspace(f"examples/{example}", account_preset="configured")
    assert applied_then_destroyed(ws, {"cloudwatch_role_arn": CONFIGURED_ROLE}) == []
    assert ws.account.settings("ap-northeast-2") == {"cloudwatch_role_arn": CONFIGURED_ROLE}


def test_the_logging_examples_are_the_rest_and_websocket_ones():
    assert LOGGING_EXAMPLES == ["rest-api-mapping-cache", "rest-api-private", "rest-api-waf", "websocket-chat"]
