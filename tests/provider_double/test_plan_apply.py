"""Planning and applying against the double behave like the real provider: configured values
exact, computed values unknown until apply, AWS-shaped identifiers after apply, deterministic
across runs, replacement where AWS cannot update in place."""

from __future__ import annotations

import re

import pytest

from apigwkit.engine.workspace import Plan

STACK = """
variable "protocol" {
  type    = string
  default = "HTTP"
}
variable "api_name" {
  type    = string
  default = "orders"
}
resource "aws_apigatewayv2_api" "this" {
  name          = var.api_name
  protocol_type = var.protocol
  route_selection_expression = var.protocol == "WEBSOCKET" ? "$request.body.action" : null
  tags          = { team = "payments" }
}
resource "aws_apigatewayv2_stage" "default" {
  api_id      = aws_apigatewayv2_api.this.id
  name        = "$default"
  auto_deploy = true
}
resource "aws_lambda_function" "hello" {
  function_name = "hello"
  role          = "arn:aws:iam::123456789012:role/hello"
  handler       = "app.lambda_handler"
  runtime       = "python3.12"
  filename      = "hello.zip"
}
output "api_id" { value = aws_apigatewayv2_api.this.id }
output "api_endpoint" { value = aws_apigatewayv2_api.this.api_endpoint }
output "execution_arn" { value = aws_apigatewayv2_api.this.execution_arn }
output "stage_invoke_url" { value = aws_apigatewayv2_stage.default.invoke_url }
output "lambda_invoke_arn" { value = aws_lambda_function.hello.invoke_arn }
output "lambda_arn" { value = aws_lambda_function.hello.arn }
"""

REGION = "ap-northeast-2"


@pytest.fixture
def plan_of(hcl):
    def make(text: str, variables: dict | None = None) -> Plan:
        return hcl(text).plan(variables)

    return make


def test_create_plans_configured_values_exactly_and_computed_ones_unknown(plan_of):
    api = plan_of(STACK)["aws_apigatewayv2_api.this"]
    assert api.actions == ("create",)
    assert api.value("name") == "orders"
    assert api.value("protocol_type") == "HTTP"
    for computed in ("id", "arn", "execution_arn", "api_endpoint"):
        assert api.is_unknown(computed), computed
        assert api.value(computed) is None
    assert not api.is_unknown("name")


def test_region_and_tags_all_are_known_at_plan_as_the_real_provider_plans_them(plan_of):
    api = plan_of(STACK)["aws_apigatewayv2_api.this"]
    assert api.value("region") == REGION
    assert api.value("tags_all") == {"team": "payments"}


def test_references_to_computed_values_are_unknown_downstream(plan_of):
    plan = plan_of(STACK)
    assert plan["aws_apigatewayv2_stage.default"].is_unknown("api_id")
    assert plan.output_unknown("execution_arn")


def test_apply_returns_aws_shaped_identifiers(fresh_workspace, tmp_path):
    (tmp_path / "src").mkdir()
    from tests.provider_double.conftest import PROVIDER

    (tmp_path / "src" / "main.tf").write_text(PROVIDER + STACK)
    ws = fresh_workspace(tmp_path / "src")
    out = ws.apply()
    api_id = out["api_id"]
    assert re.fullmatch(r"[a-z0-9]{10}", api_id)
    assert out["api_endpoint"] == f"https://{api_id}.execute-api.{REGION}.amazonaws.com"
    assert out["execution_arn"] == f"arn:aws:execute-api:{REGION}:123456789012:{api_id}"
    assert out["stage_invoke_url"] == f"https://{api_id}.execute-api.{REGION}.amazonaws.com/"
    assert out["lambda_arn"] == f"arn:aws:lambda:{REGION}:123456789012:function:hello"
    assert out["lambda_invoke_arn"] == (
        f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/{out['lambda_arn']}/invocations"
    )

    # a second plan finds nothing to do: read returns what apply stored
    again = ws.plan()
    assert again.summary() == {"add": 0, "change": 0, "destroy": 0}

    # an in-place update keeps the id; a ForceNew change replaces the API
    renamed = ws.plan({"api_name": "orders-v2"})
    assert renamed["aws_apigatewayv2_api.this"].actions == ("update",)
    assert renamed["aws_apigatewayv2_api.this"].value("id") == api_id
    replaced = ws.plan({"protocol": "WEBSOCKET"})
    assert replaced["aws_apigatewayv2_api.this"].replaced
    assert replaced["aws_apigatewayv2_api.this"].is_unknown("id")

    ws.destroy()
    assert ws.state().get("values") is None


def test_websocket_api_endpoint_uses_wss(fresh_workspace, tmp_path):
    from tests.provider_double.conftest import PROVIDER

    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "main.tf").write_text(PROVIDER + STACK)
    out = fresh_workspace(tmp_path / "src").apply({"protocol": "WEBSOCKET"})
    assert out["api_endpoint"] == f"wss://{out['api_id']}.execute-api.{REGION}.amazonaws.com"
    assert out["stage_invoke_url"].startswith("wss://")


def test_identifiers_are_deterministic_across_runs(fresh_workspace, tmp_path):
    from tests.provider_double.conftest import PROVIDER

    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "main.tf").write_text(PROVIDER + STACK)
    first = fresh_workspace(tmp_path / "src").apply()
    second = fresh_workspace(tmp_path / "src").apply()
    assert first == second


POLICY = """
data "aws_caller_identity" "me" {}
data "aws_partition" "this" {}
data "aws_iam_policy_document" "invoke" {
  statement {
    sid       = "Invoke"
    actions   = ["execute-api:Invoke", "execute-api:ManageConnections"]
    resources = ["arn:${data.aws_partition.this.partition}:execute-api:*:${data.aws_caller_identity.me.account_id}:*"]
  }
}
output "policy" { value = data.aws_iam_policy_document.invoke.json }
output "account" { value = data.aws_caller_identity.me.account_id }
"""


def test_local_data_sources_are_known_at_plan_with_the_real_providers_rendering(plan_of):
    plan = plan_of(POLICY)
    assert plan.outputs["account"] == "123456789012"
    # multi-value lists come out reverse-sorted, single values as strings, 2-space indentation
    assert plan.outputs["policy"] == (
        "{\n"
        '  "Version": "2012-10-17",\n'
        '  "Statement": [\n'
        "    {\n"
        '      "Sid": "Invoke",\n'
        '      "Effect": "Allow",\n'
        '      "Action": [\n'
        '        "execute-api:ManageConnections",\n'
        '        "execute-api:Invoke"\n'
        "      ],\n"
        '      "Resource": "arn:aws:execute-api:*:123456789012:*"\n'
        "    }\n"
        "  ]\n"
        "}"
    )


def test_value_the_real_provider_rejects_at_validate_time_is_rejected(hcl):
    ws = hcl('resource "aws_apigatewayv2_api" "x" {\n  name = "a"\n  protocol_type = "GRPC"\n}\n')
    ws.init()
    result = ws.run("validate", "-no-color", check=False)
    output = " ".join((result.stdout + result.stderr).split())
    assert result.returncode == 1
    assert 'expected protocol_type to be one of ["WEBSOCKET" "HTTP"], got GRPC' in output
