"""Every example applies to the account model of a new AWS account, plans empty afterwards and destroys, leaving
nothing behind. The REST and WebSocket examples then go on as a user would: the account gets its API Gateway
CloudWatch role (examples/account-settings, another configuration), the example is applied again with that role and
its stages log, it plans empty again, and destroying it leaves the account settings as they were (the WAF example
does this part where it is served).

The examples the deploy pipeline deploys are applied as it deploys them (the prod environment's namespace and
permissions boundary, from examples/github-oidc-deploy-role's plan), and that plan's rendered policies must allow
every call the provider makes for what the apply created: the deploy role all of them, the plan role the reads."""

from __future__ import annotations

import itertools

import pytest

from apigwkit.deploy import BOOTSTRAP_EXAMPLES
from apigwkit.engine.workspace import REPO_ROOT, Workspace
from apigwkit.iam.coverage import calls, refused, state_resources
from apigwkit.iam.evaluate import Request, allowed, listed, statements

REGION = "ap-northeast-2"
ACCOUNT = "123456789012"
EXAMPLES = sorted(p.parent.name for p in (REPO_ROOT / "examples").glob("*/main.tf"))
PIPELINE_ENV = "prod"  # the longer namespace: names are checked against the services' length limits with it
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
# What an environment's deploy/env/ENV.tfvars adds for an example (beyond deploy_variables): the domain example writes
# its DNS records there, so the pipeline's Route 53 permissions are judged on records it really made
ENVIRONMENT_VARIABLES = {"custom-domain-routing": {"route53_zone_id": "Z0123456789ABCDEFGHIJ"}}


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


@pytest.fixture(scope="module")
def pipeline(workspace) -> dict:
    """The prod environment's example variables and its roles' policies, as examples/github-oidc-deploy-role plans
    them (the policies are rendered at plan time)."""
    plan = workspace("examples/github-oidc-deploy-role").plan()
    return {
        "variables": plan.outputs["deploy_variables"][PIPELINE_ENV],
        "deploy": [plan[f'aws_iam_role_policy.deploy["{PIPELINE_ENV}"]'].value("policy")],
        "plan": [plan[f'aws_iam_role_policy.plan["{PIPELINE_ENV}"]'].value("policy")],
        "boundary": [plan[f'aws_iam_policy.boundary["{PIPELINE_ENV}"]'].value("policy")],
    }


def assert_the_pipeline_may_do_it(ws: Workspace, pipeline: dict) -> None:
    state = ws.state()
    wanted, unknown = calls(state, partition="aws", region=REGION, account=ACCOUNT)
    assert unknown == [], "no IAM requirements for these types: add them to apigwkit/iam/requirements.py"
    assert refused(pipeline["deploy"], wanted) == []
    assert refused(pipeline["plan"], [call for call in wanted if call.kind == "read"]) == []
    # and the boundary leaves the example's roles everything their own policies grant, under their own conditions
    # (some examples create no role: custom-domain-routing, rest-api-alb-private)
    role_policies = [r for r in state_resources(state) if r["type"] == "aws_iam_role_policy"]
    granted = [
        Request(action, arn, context)
        for role_policy in role_policies
        for statement in statements([role_policy["values"]["policy"]])
        if statement["Effect"] == "Allow"
        for action in listed(statement["Action"])
        for arn in listed(statement["Resource"])
        for context in contexts(statement)
    ]
    assert bool(granted) == bool(role_policies)
    refused_by_boundary = [r for r in granted if not allowed(pipeline["boundary"], r)]
    assert [f"{r.action} on {r.resource} with {dict(r.context)}" for r in refused_by_boundary] == []


def contexts(statement: dict) -> list[dict[str, str]]:
    """Each request context a statement's conditions allow: one value per condition key (e.g. kms:ViaService)."""
    pairs = [
        (key, listed(values)) for keys in (statement.get("Condition") or {}).values() for key, values in keys.items()
    ]
    return [
        dict(zip([k for k, _ in pairs], chosen, strict=True)) for chosen in itertools.product(*(v for _, v in pairs))
    ]


@pytest.mark.parametrize("example", EXAMPLES)
def test_the_example_applies_on_a_new_account_plans_empty_and_destroys(fresh_workspace, pipeline, example):
    ws = fresh_workspace(f"examples/{example}", account_preset="fresh")
    deployed = {} if example in BOOTSTRAP_EXAMPLES else pipeline["variables"] | ENVIRONMENT_VARIABLES.get(example, {})
    apply_and_replan(ws, deployed)
    if deployed:
        assert_the_pipeline_may_do_it(ws, pipeline)
    variables: dict = dict(deployed)
    logging_round = example in LOGGING_EXAMPLES and example not in CONFIGURED_ELSEWHERE
    if example in LOGGING_EXAMPLES:
        assert set(stages_logging(ws).values()) == {False}  # no role in a new account: the defaults do not log
    if logging_round:  # the account gets its role from the account settings example; the stages then log
        settings = fresh_workspace("examples/account-settings", account_file=ws.account.path)
        settings.apply()
        variables = {**deployed, "cloudwatch_role_arn": settings.outputs()["cloudwatch_role_arn"]}
        apply_and_replan(ws, variables)
        assert stages_logging(ws) and set(stages_logging(ws).values()) == {True}
    settings_left = remaining(ws) if example == "account-settings" else []
    ws.destroy(variables, refresh=False)  # the plan above has just read every object
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
