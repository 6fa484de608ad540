"""Configurations in the style of the most used terraform-aws-modules releases (``tests/fixtures/peers``:
``provider_meta``, provider functions, local copies of registry modules) validate and plan offline."""

from __future__ import annotations

import pytest

from apigwkit.engine.workspace import Plan

PEERS = "tests/fixtures/peers/examples/"
EXAMPLES = ["alb", "apigateway-v2", "dynamodb-table", "lambda", "s3-bucket", "vpc"]


@pytest.fixture(scope="module")
def plans(workspace) -> dict[str, Plan]:
    out = {}
    for name in EXAMPLES:
        ws = workspace(PEERS + name)
        ws.validate()
        out[name] = ws.plan()
    return out


@pytest.mark.parametrize("name", EXAMPLES)
def test_peer_example_validates_and_plans(plans: dict[str, Plan], name: str) -> None:
    plan = plans[name]
    expected = {
        "alb": {"aws_lb": 1, "aws_lb_listener": 1, "aws_vpc_security_group_ingress_rule": 1},
        "apigateway-v2": {"aws_apigatewayv2_route": 2, "aws_lambda_permission": 2},
        "dynamodb-table": {"aws_dynamodb_table": 1},
        "lambda": {"aws_lambda_function": 1, "aws_lambda_permission": 1},
        "s3-bucket": {"aws_s3_bucket": 2, "aws_s3_bucket_policy": 2, "aws_kms_key": 1},
        "vpc": {"aws_subnet": 3, "aws_flow_log": 1},
    }[name]
    assert {type_name: len(plan.of_type(type_name)) for type_name in expected} == expected
    assert all(change.actions == ("create",) for change in plan.changes.values())


def test_provider_functions_are_known_at_plan(plans: dict[str, Plan]) -> None:
    permission = plans["apigateway-v2"]['module.api_gateway.aws_lambda_permission.this["GET /items"]']
    assert permission.value("source_account") == "123456789012"
    assert permission.value("function_name") == "arn:aws:lambda:eu-west-1:123456789012:function:ex-http-api"
    assert plans["apigateway-v2"].outputs["lambda_function_arn"] == permission.value("function_name")
