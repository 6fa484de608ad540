"""examples/github-oidc-deploy-role: per environment a deploy role and a read-only plan role that only one repository's
environment can assume, a boundary every role they create carries, and no way for the pipeline to raise itself.

The policies are judged as IAM would judge them (apigwkit.iam.evaluate) straight from the plan, where they are fully
rendered. That the deploy role can apply every example is proven in tests/examples/test_examples_apply.py.
"""

from __future__ import annotations

import json

import pytest

from apigwkit.iam.coverage import calls, refused
from apigwkit.iam.evaluate import Request, allowed, listed, statements
from apigwkit.iam.permissions import READ_LEVELS, action_data

ACCOUNT, REGION = "123456789012", "ap-northeast-2"
IAM = f"arn:aws:iam::{ACCOUNT}"
PIPELINE = f"{IAM}:role/apigw-pipeline"
BOUNDARY = {env: f"{IAM}:policy/apigw-pipeline/apigw-boundary-{env}" for env in ("dev", "prod")}
OIDC = "token.actions.githubusercontent.com"
SECRET = f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret"
KEY = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/00000000-0000-4000-8000-000000000000"


@pytest.fixture(scope="module")
def plan(workspace):
    return workspace("examples/github-oidc-deploy-role").plan({"github_repository": "acme/apis"})


def policy(plan, address: str) -> list[str]:
    return [plan[address].value("policy")]


@pytest.fixture(scope="module")
def deploy_dev(plan) -> list[str]:
    return policy(plan, 'aws_iam_role_policy.deploy["dev"]')


def can(policies: list[str], action: str, resource: str, **context: str) -> bool:
    return allowed(policies, Request(action, resource, context))


def test_each_role_is_trusted_by_exactly_one_github_environment_of_one_repository(plan):
    for role, subject in [
        ('aws_iam_role.deploy["prod"]', "repo:acme/apis:environment:prod"),
        ('aws_iam_role.plan["prod"]', "repo:acme/apis:environment:prod-plan"),
        ('aws_iam_role.deploy["dev"]', "repo:acme/apis:environment:dev"),
    ]:
        (statement,) = json.loads(plan[role].value("assume_role_policy"))["Statement"]
        assert statement["Action"] == "sts:AssumeRoleWithWebIdentity"
        assert statement["Principal"]["Federated"].endswith(f":oidc-provider/{OIDC}")
        assert statement["Condition"]["StringEquals"] == {f"{OIDC}:aud": "sts.amazonaws.com", f"{OIDC}:sub": subject}
        assert plan[role].value("path") == "/apigw-pipeline/"


@pytest.mark.parametrize(
    ("action", "resource"),
    [
        # itself, its trust, its sibling plan role and the other environment's roles
        ("iam:PutRolePolicy", f"{PIPELINE}/apigw-deploy-dev"),
        ("iam:AttachRolePolicy", f"{PIPELINE}/apigw-deploy-dev"),
        ("iam:UpdateAssumeRolePolicy", f"{PIPELINE}/apigw-deploy-dev"),
        ("iam:DeleteRolePolicy", f"{PIPELINE}/apigw-deploy-dev"),
        ("iam:PutRolePermissionsBoundary", f"{PIPELINE}/apigw-deploy-dev"),
        ("iam:TagRole", f"{PIPELINE}/apigw-deploy-dev"),
        ("iam:PassRole", f"{PIPELINE}/apigw-deploy-dev"),
        ("iam:PutRolePolicy", f"{PIPELINE}/apigw-plan-dev"),
        ("iam:PutRolePolicy", f"{PIPELINE}/apigw-deploy-prod"),
        ("iam:UpdateAssumeRolePolicy", f"{PIPELINE}/apigw-deploy-prod"),
        ("iam:DeleteRole", f"{PIPELINE}/apigw-deploy-prod"),
        # its boundary, and any boundary
        ("iam:CreatePolicyVersion", BOUNDARY["dev"]),
        ("iam:SetDefaultPolicyVersion", BOUNDARY["dev"]),
        ("iam:DeletePolicy", BOUNDARY["prod"]),
        ("iam:DeleteRolePermissionsBoundary", f"{IAM}:role/apigw-dev-hello"),
        # the other environment's namespace
        ("lambda:UpdateFunctionCode", f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:apigw-prod-hello"),
        ("dynamodb:DeleteTable", f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/apigw-prod-orders"),
        ("s3:GetObject", "arn:aws:s3:::example-org-apigw-terraform-state/prod/http-api-lambda.tfstate"),
        ("s3:PutObject", "arn:aws:s3:::example-org-apigw-terraform-state/prod/http-api-lambda.tfstate"),
        ("logs:DeleteLogGroup", f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:/aws/lambda/apigw-prod-hello"),
        # anything outside what deploying an example takes
        ("iam:CreateUser", f"{IAM}:user/attacker"),
        ("iam:CreateAccessKey", f"{IAM}:user/admin"),
        ("iam:CreatePolicy", f"{IAM}:policy/admin"),
        ("sts:AssumeRole", f"{IAM}:role/OrganizationAccountAccessRole"),
        ("apigateway:PATCH", f"arn:aws:apigateway:{REGION}::/account"),
        ("s3:PutBucketPolicy", "arn:aws:s3:::example-org-apigw-terraform-state"),
        ("lambda:InvokeFunction", f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:apigw-dev-hello"),
        # the Lambda canary's calls, and configuration and secrets, stay in the namespace too
        ("lambda:InvokeFunction", f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:apigw-prod-hello:3"),
        ("lambda:UpdateAlias", f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:apigw-prod-hello"),
        ("codedeploy:CreateDeployment", f"arn:aws:codedeploy:{REGION}:{ACCOUNT}:deploymentgroup:apigw-prod-hello/live"),
        ("codedeploy:DeleteApplication", f"arn:aws:codedeploy:{REGION}:{ACCOUNT}:application:apigw-prod-hello"),
        ("ssm:PutParameter", f"arn:aws:ssm:{REGION}:{ACCOUNT}:parameter/apigw-prod-auth/jwt_issuer"),
        ("secretsmanager:DeleteSecret", f"{SECRET}:apigw-prod-auth/partner-AbCdEf"),
        ("secretsmanager:GetSecretValue", f"{SECRET}:apigw-dev-auth/partner-AbCdEf"),
        ("kms:Decrypt", KEY),  # directly, not through Parameter Store or Secrets Manager
    ],
)
def test_the_dev_deploy_role_cannot_reach_beyond_its_namespace(deploy_dev, action, resource):
    assert not can(deploy_dev, action, resource, **{"iam:PermissionsBoundary": BOUNDARY["dev"]})
    assert not can(deploy_dev, action, resource)


def test_roles_in_the_namespace_are_created_only_with_the_environments_boundary(deploy_dev):
    role = f"{IAM}:role/apigw-dev-orders-lambda"
    for action in ("iam:CreateRole", "iam:PutRolePolicy", "iam:PutRolePermissionsBoundary"):
        assert can(deploy_dev, action, role, **{"iam:PermissionsBoundary": BOUNDARY["dev"]})
        assert not can(deploy_dev, action, role)  # no boundary
        assert not can(deploy_dev, action, role, **{"iam:PermissionsBoundary": BOUNDARY["prod"]})
        assert not can(deploy_dev, action, role, **{"iam:PermissionsBoundary": f"{IAM}:policy/AdministratorAccess"})
    assert not can(deploy_dev, "iam:AttachRolePolicy", role, **{"iam:PermissionsBoundary": BOUNDARY["dev"]})


def test_namespace_roles_are_passed_only_to_the_services_that_run_them(deploy_dev):
    role = f"{IAM}:role/apigw-dev-orders-lambda"
    assert can(deploy_dev, "iam:PassRole", role, **{"iam:PassedToService": "lambda.amazonaws.com"})
    assert can(deploy_dev, "iam:PassRole", role, **{"iam:PassedToService": "codedeploy.amazonaws.com"})
    for service in ("ec2.amazonaws.com", "cloudformation.amazonaws.com", "codebuild.amazonaws.com"):
        assert not can(deploy_dev, "iam:PassRole", role, **{"iam:PassedToService": service})
    assert not can(deploy_dev, "iam:PassRole", role)


def test_the_plan_roles_write_nothing_but_their_state_lock(plan):
    plan_dev = policy(plan, 'aws_iam_role_policy.plan["dev"]')
    writes = sorted(
        (action, resource)
        for statement in statements(plan_dev)
        for action in listed(statement["Action"])
        if action_data(action)[0]["access_level"] not in READ_LEVELS
        for resource in listed(statement["Resource"])
    )
    lock = "arn:aws:s3:::example-org-apigw-terraform-state/dev/*.tflock"
    # kms:Decrypt is filed as a write, but only reads: refreshing a SecureString parameter decrypts it
    assert writes == [
        ("kms:Decrypt", f"arn:aws:kms:{REGION}:{ACCOUNT}:key/*"),
        ("s3:DeleteObject", lock),
        ("s3:PutObject", lock),
    ]
    assert can(plan_dev, "kms:Decrypt", KEY, **{"kms:ViaService": f"ssm.{REGION}.amazonaws.com"})
    assert not can(plan_dev, "kms:Decrypt", KEY)
    assert not can(plan_dev, "kms:Decrypt", KEY, **{"kms:ViaService": f"s3.{REGION}.amazonaws.com"})
    assert can(plan_dev, "s3:PutObject", "arn:aws:s3:::example-org-apigw-terraform-state/dev/x.tfstate.tflock")
    assert not can(plan_dev, "s3:PutObject", "arn:aws:s3:::example-org-apigw-terraform-state/dev/x.tfstate")
    assert not can(plan_dev, "lambda:GetFunction", f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:apigw-prod-hello")
    assert can(plan_dev, "lambda:GetFunction", f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:apigw-dev-hello")


def test_the_boundary_grants_no_iam_no_role_assumption_and_no_wildcard_action(plan):
    boundary = policy(plan, 'aws_iam_policy.boundary["dev"]')
    actions = [action for statement in statements(boundary) for action in listed(statement["Action"])]
    assert not [a for a in actions if a.startswith(("iam:", "sts:")) or "*" in a]
    assert not can(boundary, "dynamodb:DeleteTable", f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/apigw-dev-orders")
    assert not can(boundary, "dynamodb:PutItem", f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/apigw-prod-orders")


def test_the_examples_get_their_namespace_and_boundary_from_an_output(plan):
    assert plan.outputs["deploy_variables"]["dev"] == {
        "name_prefix": "apigw-dev-",
        "permissions_boundary": BOUNDARY["dev"],
    }
    assert plan['aws_iam_policy.boundary["dev"]'].value("path") == "/apigw-pipeline/"


def test_the_state_bucket_is_private_versioned_and_scoped_per_environment(plan, deploy_dev):
    assert plan["aws_s3_bucket_public_access_block.state"].value("restrict_public_buckets") is True
    assert plan["aws_s3_bucket_versioning.state"].value("versioning_configuration.0.status") == "Enabled"
    assert can(deploy_dev, "s3:PutObject", "arn:aws:s3:::example-org-apigw-terraform-state/dev/http-api-lambda.tfstate")


@pytest.mark.parametrize("environments", [["dev-eu"], ["Dev"], [], ["a" * 13]])
def test_environment_names_that_could_overlap_a_namespace_are_refused(workspace, environments):
    error = workspace("examples/github-oidc-deploy-role").plan_error({"environments": environments})
    assert "environments must be a non-empty list" in error


def test_the_deploy_role_allows_what_the_lambda_delivery_features_no_example_enables_need(plan, deploy_dev):
    """Provisioned concurrency, fixed or auto-scaled, and a custom CodeDeploy configuration (modules/lambda_function):
    no example applies them, so their requirement rows are judged here on a state shaped as the module makes it."""
    function, alias = "apigw-dev-hello", f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:apigw-dev-hello:live"
    resources = {
        "aws_lambda_provisioned_concurrency_config": {"function_name": function, "qualifier": "live"},
        "aws_appautoscaling_target": {
            "arn": f"arn:aws:application-autoscaling:{REGION}:{ACCOUNT}:scalable-target/0a1b2c3d4e5f",
            "resource_id": f"function:{function}:live",
        },
        "aws_appautoscaling_policy": {"name": f"{function}-pc", "resource_id": f"function:{function}:live"},
        "aws_codedeploy_deployment_config": {"deployment_config_name": f"{function}-canary-20pct-3min"},
        "aws_codedeploy_deployment_group": {
            "arn": f"arn:aws:codedeploy:{REGION}:{ACCOUNT}:deploymentgroup:{function}/{function}-live",
            "app_name": function,
            "deployment_config_name": f"{function}-canary-20pct-3min",
            "service_role_arn": f"{IAM}:role/{function}-codedeploy",
        },
        "aws_lambda_alias": {"arn": alias, "function_name": function, "function_version": "7"},
    }
    state = {
        "values": {
            "root_module": {
                "resources": [
                    {"address": f"{type_name}.this", "mode": "managed", "type": type_name, "values": values}
                    for type_name, values in resources.items()
                ]
            }
        }
    }
    wanted, unknown = calls(state, partition="aws", region=REGION, account=ACCOUNT)
    assert unknown == []
    assert {call.request.action for call in wanted} >= {
        "application-autoscaling:RegisterScalableTarget",
        "iam:CreateServiceLinkedRole",
        "codedeploy:CreateDeploymentConfig",
        "codedeploy:StopDeployment",
        "lambda:InvokeFunction",
    }
    assert refused(deploy_dev, wanted) == []
    plan_dev = policy(plan, 'aws_iam_role_policy.plan["dev"]')
    assert refused(plan_dev, [call for call in wanted if call.kind == "read"]) == []
    changes = [call for call in wanted if action_data(call.request.action)[0]["access_level"] not in READ_LEVELS]
    assert changes and [str(call) for call in changes if allowed(plan_dev, call.request)] == []
