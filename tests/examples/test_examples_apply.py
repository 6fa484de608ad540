"""Every example applies to the account model of a new AWS account with its defaults, plans empty afterwards and
destroys, leaving nothing behind. The REST and WebSocket examples then go on as a user would: the account gets its
API Gateway CloudWatch role (examples/account-settings, another configuration), the example is applied again with
that role and its stages log, it plans empty again, and destroying it leaves the account settings as they were
(the WAF example does this part where it is served)."""

from __future__ import annotations

import pytest

from apigwkit.engine.workspace import REPO_ROOT, Workspace

REGION = "ap-northeast-2"
EXAMPLES = sorted(p.parent.name for p in (REPO_ROOT / "examples").glob("*/main.tf"))
LOGGING_EXAMPLES = sorted(
    name
    for name in EXAMPLES
    if 'variable "cloudwatch_role_arn"' in (REPO_ROOT / "examples" / name / "variables.tf").read_text()
)
STAGE_TYPES = ("aws_api_gateway_stage", "aws_apigatewayv2_stage")
# These are applied on a configured account, logging, where they are served (tests/local/test_e2e_rest.py,
# test_e2e_domains.py): the WAF example's web ACL costs the engine ~4 s per plan, and the account's role changes
# nothing in any of them.
CONFIGURED_ELSEWHERE = {"rest-api-waf", "custom-domain-routing", "rest-api-alb-private"}


def apply_and_replan(ws: Workspace, variables: dict) -> None:
    """Apply, then check the plan after it is empty (terraform plan -detailed-exitcode returns 0)."""
    ws.apply(variables)
    code, text = ws.plan_detailed_exit_code(variables)
    assert code == 0, f"the plan after apply is not empty:\n{text}"


def remaining(ws: Workspace) -> list[str]:
    return sorted(t for t in ws.account.types() if ws.account.objects(t))


def stages_logging(ws: Workspace) -> dict[str, bool]:
    """Each stage of the state: whether it writes access logs."""
    found = {}
    for stage_type in STAGE_TYPES:
        for stage in ws.account.objects(stage_type):
            name = stage.get("stage_name") or stage.get("name")
            found[f"{stage_type} {name}"] = bool(stage.get("access_log_settings"))
    return found


@pytest.mark.parametrize("example", EXAMPLES)
def test_the_example_applies_on_a_new_account_plans_empty_and_destroys(fresh_workspace, example):
    ws = fresh_workspace(f"examples/{example}", account_preset="fresh")
    apply_and_replan(ws, {})
    variables: dict = {}
    logging_round = example in LOGGING_EXAMPLES and example not in CONFIGURED_ELSEWHERE
    if example in LOGGING_EXAMPLES:
        assert set(stages_logging(ws).values()) == {False}  # no role in a new account: the defaults do not log
    if logging_round:  # the account gets its role from the account settings example; the stages then log
        settings = fresh_workspace("examples/account-settings", account_file=ws.account.path)
        settings.apply()
        variables = {"cloudwatch_role_arn": settings.outputs()["cloudwatch_role_arn"]}
        apply_and_replan(ws, variables)
        assert stages_logging(ws) and set(stages_logging(ws).values()) == {True}
    settings_left = remaining(ws) if example == "account-settings" else []
    ws.destroy(variables)
    if logging_round:
        # what is left is the account settings configuration's: the role is still set
        assert ws.account.settings(REGION) == {"cloudwatch_role_arn": variables["cloudwatch_role_arn"]}
        settings.destroy()
    assert remaining(ws) == []
    # only the account settings example sets the role, and its destroy resets it (hashicorp/aws 6.x)
    assert ws.account.settings(REGION)["cloudwatch_role_arn"] is None
    assert example != "account-settings" or "aws_api_gateway_account" in settings_left


def test_the_logging_examples_are_the_rest_and_websocket_ones():
    assert LOGGING_EXAMPLES == [
        "custom-domain-routing",
        "rest-api-alb-private",
        "rest-api-mapping-cache",
        "rest-api-private",
        "rest-api-waf",
        "websocket-chat",
    ]
