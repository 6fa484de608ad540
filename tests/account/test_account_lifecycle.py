"""The account outlives one Terraform command and one configuration: what an apply created is there for
the next command (a plan, a destroy) and for another configuration applied to the same account, which
is how AWS's refusals that depend on history (a deployment still in use, account settings) are met."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from apigwkit.engine.workspace import TerraformError, Workspace
from apigwkit.provider_double.account import CONFIGURED_ROLE, Account

PROVIDER = """
terraform {
  required_providers {
    aws = { source = "hashicorp/aws" }
  }
}
provider "aws" { region = "ap-northeast-2" }
"""

API = """
resource "aws_api_gateway_rest_api" "api" { name = "shared" }
resource "aws_api_gateway_method" "get" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  resource_id   = aws_api_gateway_rest_api.api.root_resource_id
  http_method   = "GET"
  authorization = "NONE"
}
resource "aws_api_gateway_integration" "get" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  resource_id = aws_api_gateway_rest_api.api.root_resource_id
  http_method = aws_api_gateway_method.get.http_method
  type        = "MOCK"
}
resource "aws_api_gateway_deployment" "v1" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  description = "v1"
  depends_on  = [aws_api_gateway_integration.get]
}
resource "aws_api_gateway_deployment" "v2" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  description = "v2"
  depends_on  = [aws_api_gateway_integration.get]
}
output "api_id" { value = aws_api_gateway_rest_api.api.id }
output "v1" { value = aws_api_gateway_deployment.v1.id }
output "v2" { value = aws_api_gateway_deployment.v2.id }
"""

STAGE = """
variable "api_id" { type = string }
variable "deployment_id" { type = string }
variable "canary_deployment_id" {
  type    = string
  default = null
}
variable "access_logs" {
  type    = bool
  default = false
}
resource "aws_api_gateway_stage" "prod" {
  rest_api_id   = var.api_id
  stage_name    = "prod"
  deployment_id = var.deployment_id
  dynamic "canary_settings" {
    for_each = var.canary_deployment_id == null ? [] : [var.canary_deployment_id]
    content {
      deployment_id   = canary_settings.value
      percent_traffic = 10
    }
  }
  dynamic "access_log_settings" {
    for_each = var.access_logs ? [1] : []
    content {
      destination_arn = "arn:aws:logs:ap-northeast-2:123456789012:log-group:access"
      format          = "{\\"requestId\\":\\"$context.requestId\\"}"
    }
  }
}
"""

ACCOUNT_SETTINGS = """
module "settings" {
  source = "%s"
}
output "role" { value = module.settings.cloudwatch_role_arn }
"""


@pytest.fixture
def root(tmp_path: Path):
    """``root(name, text, account)``: a configuration applying to the shared ``account`` file."""
    made: list[Workspace] = []

    def make(name: str, text: str, account: Path, preset: str | None = None) -> Workspace:
        source = tmp_path / name
        source.mkdir()
        (source / "main.tf").write_text(PROVIDER + text)
        ws = Workspace(source, base=tmp_path, account_file=account, account_preset=preset)
        made.append(ws)
        return ws

    yield make
    for ws in made:
        ws.cleanup()


def squash(text: str) -> str:
    return " ".join(text.split())


def test_a_deployment_another_configurations_stage_uses_cannot_be_destroyed(root, tmp_path):
    account = tmp_path / "account.json"
    api = root("api", API, account)
    ids = api.apply()
    stage = root("stage", STAGE, account)
    pointing = {"api_id": ids["api_id"], "deployment_id": ids["v1"], "canary_deployment_id": ids["v2"]}
    stage.apply(pointing)

    with pytest.raises(TerraformError) as refused:
        api.destroy()
    output = squash(refused.value.output)
    assert re.search(
        r"deleting API Gateway Deployment: operation error API Gateway: DeleteDeployment, https response error "
        r"StatusCode: 400, RequestID: [0-9a-f-]+, BadRequestException: Active stages pointing to this deployment "
        r"must be moved or deleted",
        output,
    )
    assert "Active stages with canary settings pointing to this deployment must be moved or deleted" in output
    # what could be deleted was: the refused deployments and their API are still in the account
    remaining = {d["id"] for d in Account(account).objects("aws_api_gateway_deployment")}
    assert remaining == {ids["v1"], ids["v2"]}

    stage.destroy(pointing)  # once the stage is gone, its deployments can go
    api.destroy()
    assert Account(account).objects("aws_api_gateway_deployment") == []


def test_account_settings_set_the_logging_role_and_their_destroy_resets_it_for_every_api(root, tmp_path):
    account = tmp_path / "account.json"
    modules = Path(__file__).resolve().parents[2] / "modules" / "account_settings"
    settings = root("settings", ACCOUNT_SETTINGS % modules, account)
    api = root("api", API, account)
    ids = api.apply()
    stage = root("stage", STAGE, account)
    logged = {"api_id": ids["api_id"], "deployment_id": ids["v1"], "access_logs": True}

    # a new account: no role, so a logging stage is refused
    with pytest.raises(TerraformError) as refused:
        stage.apply(logged)
    assert "CloudWatch Logs role ARN must be set in account settings to enable logging" in squash(refused.value.output)

    role = settings.apply()["role"]
    assert role == "arn:aws:iam::123456789012:role/apigateway-cloudwatch-logs"
    assert Account(account).settings("ap-northeast-2") == {"cloudwatch_role_arn": role}
    stage.apply(logged)

    # hashicorp/aws 6.x resets the account's setting on destroy: every API of the region loses it
    settings.destroy()
    assert Account(account).settings("ap-northeast-2") == {"cloudwatch_role_arn": None}
    with pytest.raises(TerraformError) as refused:
        stage.apply({**logged, "deployment_id": ids["v2"]})  # any update of a logging stage
    assert "CloudWatch Logs role ARN must be set in account settings to enable logging" in squash(refused.value.output)


def test_the_account_role_must_let_api_gateway_assume_it(root, tmp_path):
    wrong = """
resource "aws_iam_role" "lambda" {
  name               = "not-for-apigateway"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }]
  })
}
resource "aws_api_gateway_account" "this" {
  cloudwatch_role_arn = aws_iam_role.lambda.arn
}
"""
    ws = root("wrong", wrong, tmp_path / "account.json")
    with pytest.raises(TerraformError) as refused:
        ws.apply()
    assert re.search(
        r"UpdateAccount, .*BadRequestException: The role ARN does not have required permissions configured\. Please "
        r"grant trust permission for API Gateway and add the required role policy\.",
        squash(refused.value.output),
    )


def test_a_configured_account_already_has_the_logging_role(root, tmp_path):
    account = tmp_path / "account.json"
    ids = root("api", API, account, preset="configured").apply()
    stage = root("stage", STAGE, account)
    stage.apply({"api_id": ids["api_id"], "deployment_id": ids["v1"], "access_logs": True})
    assert Account(account).settings("ap-northeast-2") == {"cloudwatch_role_arn": CONFIGURED_ROLE}


def test_a_plan_after_apply_reads_the_account_and_sees_what_was_deleted_outside_terraform(root, tmp_path):
    account = tmp_path / "account.json"
    api = root("api", API, account)
    ids = api.apply()
    assert api.plan().summary() == {"add": 0, "change": 0, "destroy": 0}
    Account(account).forget("aws_api_gateway_deployment", {"id": ids["v2"], "region": "ap-northeast-2"})
    again = api.plan()
    assert again.addresses("create") == ["aws_api_gateway_deployment.v2"]
