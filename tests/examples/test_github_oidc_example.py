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
DOMAINS = f"arn:aws:apigateway:{REGION}::/domainnames"  # public custom domains (private ones: with the account)
PROD_DOMAIN = "apigw-prod-api.example.com"
ZONE = "arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ"
RECORD_NAMES = "route53:ChangeResourceRecordSetsNormalizedRecordNames"
RECORD_TYPES = "route53:ChangeResourceRecordSetsRecordTypes"


@pytest.fixture(scope="module")
def plan(workspace):
    return workspace("examples/github-oidc-deploy-role").plan({"github_repository": "acme/apis"})


def policy(plan, address: str) -> list[str]:
    return [plan[address].value("policy")]


@pytest.fixture(scope="module")
def deploy_dev(plan) -> list[str]:
    return policy(plan, 'aws_iam_role_policy.deploy["dev"]')


def can(policies: list[str], action: str, resource: str, **context: str | list[str]) -> bool:
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
        # the other environment's custom domain, its mappings, rules, policy, truststore and VPC endpoint associations
        ("apigateway:DELETE", f"{DOMAINS}/{PROD_DOMAIN}"),
        ("apigateway:PATCH", f"{DOMAINS}/{PROD_DOMAIN}/basepathmappings/v1"),
        ("apigateway:POST", f"{DOMAINS}/{PROD_DOMAIN}/apimappings"),
        ("apigateway:AddCertificateToDomain", f"{DOMAINS}/{PROD_DOMAIN}"),
        (
            "apigateway:UpdateRoutingRule",
            f"arn:aws:apigateway:{REGION}:{ACCOUNT}:/domainnames/{PROD_DOMAIN}/routingrules/a1",
        ),
        (
            "apigateway:UpdateDomainNamePolicy",
            f"arn:aws:apigateway:{REGION}:{ACCOUNT}:/domainnames/{PROD_DOMAIN}+ab12cd34",
        ),
        (
            "apigateway:CreateAccessAssociation",
            f"arn:aws:apigateway:{REGION}:{ACCOUNT}:/domainnames/{PROD_DOMAIN}+ab12cd34",
        ),
        ("s3:GetObject", "arn:aws:s3:::apigw-prod-truststores/truststore.pem"),
        # a DNS change that names no record, and CloudFront (what an edge-optimized domain would need)
        ("route53:ChangeResourceRecordSets", ZONE),
        ("cloudfront:UpdateDistribution", f"arn:aws:cloudfront::{ACCOUNT}:distribution/E2QWRUHAPOMQZL"),
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


def test_dns_changes_are_the_namespaces_alias_records_only(deploy_dev):
    def change(names: list[str], types: list[str]) -> bool:
        return can(deploy_dev, "route53:ChangeResourceRecordSets", ZONE, **{RECORD_NAMES: names, RECORD_TYPES: types})

    assert change(["apigw-dev-api.example.com"], ["A"]) and change(["apigw-dev-api.example.com"], ["AAAA"])
    assert not change(["www.example.com"], ["A"])
    assert not change([PROD_DOMAIN], ["A"])
    assert not change(["apigw-dev-api.example.com", "www.example.com"], ["A"])  # every record of the change
    for kind in ("CNAME", "NS", "TXT", "MX"):  # the namespace's names, but records no module writes
        assert not change(["apigw-dev-api.example.com"], [kind])


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


def judged(plan, deploy_dev, resources: list[tuple[str, dict]]) -> set[tuple[str, str]]:
    """The requirement rows of resources no example applies, judged on a state shaped as the modules make them: the
    deploy role must allow every call, the plan role every read and none of the changes. Returns (action, resource)."""
    state = {
        "values": {
            "root_module": {
                "resources": [
                    {"address": f"{type_name}.r{i}", "mode": "managed", "type": type_name, "values": values}
                    for i, (type_name, values) in enumerate(resources)
                ]
            }
        }
    }
    wanted, unknown = calls(state, partition="aws", region=REGION, account=ACCOUNT)
    assert unknown == []
    assert refused(deploy_dev, wanted) == []
    plan_dev = policy(plan, 'aws_iam_role_policy.plan["dev"]')
    assert refused(plan_dev, [call for call in wanted if call.kind == "read"]) == []
    changes = [call for call in wanted if action_data(call.request.action)[0]["access_level"] not in READ_LEVELS]
    assert changes and [str(call) for call in changes if allowed(plan_dev, call.request)] == []
    return {(call.request.action, call.request.resource) for call in wanted}


def test_the_deploy_role_allows_what_the_lambda_delivery_features_no_example_enables_need(plan, deploy_dev):
    """Provisioned concurrency, fixed or auto-scaled, and a custom CodeDeploy configuration (lambda_function)."""
    function, alias = "apigw-dev-hello", f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:apigw-dev-hello:live"
    wanted = judged(
        plan,
        deploy_dev,
        [
            ("aws_lambda_provisioned_concurrency_config", {"function_name": function, "qualifier": "live"}),
            (
                "aws_appautoscaling_target",
                {
                    "arn": f"arn:aws:application-autoscaling:{REGION}:{ACCOUNT}:scalable-target/0a1b2c3d4e5f",
                    "resource_id": f"function:{function}:live",
                },
            ),
            ("aws_appautoscaling_policy", {"name": f"{function}-pc", "resource_id": f"function:{function}:live"}),
            ("aws_codedeploy_deployment_config", {"deployment_config_name": f"{function}-canary-20pct-3min"}),
            (
                "aws_codedeploy_deployment_group",
                {
                    "arn": f"arn:aws:codedeploy:{REGION}:{ACCOUNT}:deploymentgroup:{function}/{function}-live",
                    "app_name": function,
                    "deployment_config_name": f"{function}-canary-20pct-3min",
                    "service_role_arn": f"{IAM}:role/{function}-codedeploy",
                },
            ),
            ("aws_lambda_alias", {"arn": alias, "function_name": function, "function_version": "7"}),
        ],
    )
    assert {action for action, _ in wanted} >= {
        "application-autoscaling:RegisterScalableTarget",
        "iam:CreateServiceLinkedRole",
        "codedeploy:CreateDeploymentConfig",
        "codedeploy:StopDeployment",
        "lambda:InvokeFunction",
    }


def test_the_deploy_role_allows_what_the_custom_domain_features_no_example_enables_need(plan, deploy_dev):
    """A private REST domain with its VPC endpoint association and root mapping (modules/domain, modules/rest_api),
    an HTTP API's own domain with mutual TLS and its mapping (modules/http_api)."""
    private, http = "apigw-dev-internal.example.com", "apigw-dev-http.example.com"
    private_arn = f"arn:aws:apigateway:{REGION}:{ACCOUNT}:/domainnames/{private}+ab12cd34"
    vpce = "vpce-0a1b2c3d4e5f67890"
    wanted = judged(
        plan,
        deploy_dev,
        [
            (
                "aws_api_gateway_domain_name",
                {
                    "domain_name": private,
                    "domain_name_id": "ab12cd34",
                    "arn": private_arn,
                    "endpoint_configuration": [{"types": ["PRIVATE"], "ip_address_type": "dualstack"}],
                },
            ),
            (
                "aws_api_gateway_domain_name_access_association",
                {
                    "arn": f"arn:aws:apigateway:{REGION}:{ACCOUNT}:/domainnameaccessassociations/domainname/"
                    f"{private}+ab12cd34/vpcesource/{vpce}",
                    "domain_name_arn": private_arn,
                },
            ),
            (
                "aws_api_gateway_base_path_mapping",
                {"domain_name": private, "domain_name_id": "ab12cd34", "base_path": ""},
            ),
            (
                "aws_apigatewayv2_domain_name",
                {
                    "domain_name": http,
                    "arn": f"{DOMAINS}/{http}",
                    "mutual_tls_authentication": [
                        {"truststore_uri": "s3://apigw-dev-truststores/clients.pem", "truststore_version": "3"}
                    ],
                },
            ),
            ("aws_apigatewayv2_api_mapping", {"domain_name": http, "id": "a1b2c3"}),
        ],
    )
    assert {
        ("apigateway:UpdateDomainNamePolicy", private_arn),
        ("apigateway:CreateAccessAssociation", private_arn),
        ("apigateway:GET", f"{DOMAINS}/{private}+ab12cd34/basepathmappings/(none)"),
        ("apigateway:AddCertificateToDomain", f"{DOMAINS}/{http}"),
        ("s3:GetObjectVersion", "arn:aws:s3:::apigw-dev-truststores/clients.pem"),
    } <= wanted
    # what only a private domain or a truststore needs is not asked of the other
    assert ("apigateway:UpdateDomainNamePolicy", f"{DOMAINS}/{http}") not in wanted
    assert ("apigateway:AddCertificateToDomain", private_arn) not in wanted


def test_the_deploy_role_allows_what_websocket_responses_and_rest_vpc_links_need(plan, deploy_dev):
    """WebSocket two-way routes' integration and route responses (modules/websocket_api) and REST's VPC link to an NLB
    (modules/vpc_link), whose endpoint service API Gateway creates with the caller's permissions."""
    apis = f"arn:aws:apigateway:{REGION}::/apis/a1b2c3"
    wanted = judged(
        plan,
        deploy_dev,
        [
            ("aws_apigatewayv2_integration_response", {"api_id": "a1b2c3", "integration_id": "i1", "id": "r1"}),
            ("aws_apigatewayv2_route_response", {"api_id": "a1b2c3", "route_id": "t1", "id": "r2"}),
            ("aws_api_gateway_vpc_link", {"id": "v1", "arn": f"arn:aws:apigateway:{REGION}::/vpclinks/v1"}),
        ],
    )
    assert {
        ("apigateway:POST", f"{apis}/integrations/i1/integrationresponses/r1"),
        ("apigateway:PATCH", f"{apis}/routes/t1/routeresponses/r2"),
        ("elasticloadbalancing:DescribeLoadBalancers", "*"),
        ("ec2:CreateVpcEndpointServiceConfiguration", f"arn:aws:ec2:{REGION}:{ACCOUNT}:vpc-endpoint-service/*"),
    } <= wanted
