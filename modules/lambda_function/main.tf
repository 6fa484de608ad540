locals {
  # The alias API integrations invoke (alias.tf); CodeDeploy shifts it between versions (deployment.tf).
  alias = "live"

  function_arn = format("arn:%s:lambda:%s:%s:function:%s", data.aws_partition.current.partition, data.aws_region.current.region, data.aws_caller_identity.current.account_id, var.name)
  alias_arn    = "${local.function_arn}:${local.alias}"

  # Parameter and secret names reach the function as <KEY>_PARAMETER_NAME and <KEY>_SECRET_NAME.
  environment = merge(
    var.environment,
    { for key in keys(var.parameters) : "${upper(key)}_PARAMETER_NAME" => "/${var.name}/${key}" },
    { for key in keys(var.secrets) : "${upper(key)}_SECRET_NAME" => "${var.name}/${key}" },
  )
}

data "aws_partition" "current" {}

data "aws_region" "current" {}

data "aws_caller_identity" "current" {}

################################################################################
# Execution role: its own log group, X-Ray when traced, and the caller's statements
################################################################################

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "this" {
  name                 = "${var.name}-lambda"
  assume_role_policy   = data.aws_iam_policy_document.assume.json
  permissions_boundary = var.permissions_boundary
  tags                 = var.tags
}

data "aws_iam_policy_document" "this" {
  statement {
    sid       = "OwnLogGroup"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.this.arn}:*"]
  }

  dynamic "statement" {
    for_each = var.tracing == "Active" ? [1] : []
    content {
      sid = "XRay"
      # X-Ray's write actions support no resource-level permissions.
      actions   = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"]
      resources = ["*"]
    }
  }

  dynamic "statement" {
    for_each = var.dead_letter_target_arn == null ? [] : [var.dead_letter_target_arn]
    content {
      sid       = "DeadLetterQueue"
      actions   = [split(":", statement.value)[2] == "sqs" ? "sqs:SendMessage" : "sns:Publish"]
      resources = [statement.value]
    }
  }

  dynamic "statement" {
    for_each = var.vpc_config == null ? [] : [1]
    content {
      sid = "VpcNetworkInterfaces"
      # What Lambda does with the role to attach the function to the subnets (the actions of
      # AWSLambdaVPCAccessExecutionRole); EC2's Describe actions take no resource-level permissions.
      actions = [
        "ec2:AssignPrivateIpAddresses",
        "ec2:CreateNetworkInterface",
        "ec2:DeleteNetworkInterface",
        "ec2:DescribeNetworkInterfaces",
        "ec2:DescribeSubnets",
        "ec2:UnassignPrivateIpAddresses",
      ]
      resources = ["*"]
    }
  }

  dynamic "statement" {
    for_each = length(var.parameters) > 0 ? [1] : []
    content {
      sid       = "ReadOwnParameters"
      actions   = ["ssm:GetParameter"]
      resources = [for p in aws_ssm_parameter.this : p.arn]
    }
  }

  dynamic "statement" {
    for_each = length(var.secrets) > 0 ? [1] : []
    content {
      sid       = "ReadOwnSecrets"
      actions   = ["secretsmanager:GetSecretValue"]
      resources = [for s in aws_secretsmanager_secret.this : s.arn]
    }
  }

  dynamic "statement" {
    for_each = local.create_config_key || (local.has_config && var.config_kms_key_arn != null) ? [1] : []
    content {
      sid = "DecryptOwnConfiguration"
      # SecureString parameters and secrets under a customer managed key need kms:Decrypt on that key;
      # only through Parameter Store and Secrets Manager, never directly.
      actions   = ["kms:Decrypt"]
      resources = [local.config_key_arn]
      condition {
        test     = "StringEquals"
        variable = "kms:ViaService"
        values   = ["ssm.${data.aws_region.current.region}.amazonaws.com", "secretsmanager.${data.aws_region.current.region}.amazonaws.com"]
      }
    }
  }

  dynamic "statement" {
    for_each = var.policy_statements
    content {
      sid       = statement.value.sid
      effect    = statement.value.effect
      actions   = statement.value.actions
      resources = statement.value.resources
      dynamic "condition" {
        for_each = statement.value.conditions
        content {
          test     = condition.value.test
          variable = condition.value.variable
          values   = condition.value.values
        }
      }
    }
  }
}

resource "aws_iam_role_policy" "this" {
  name   = "${var.name}-lambda"
  role   = aws_iam_role.this.id
  policy = data.aws_iam_policy_document.this.json
}

################################################################################
# Function
################################################################################

resource "aws_cloudwatch_log_group" "this" {
  # checkov:skip=CKV_AWS_158:a customer managed key is optional (log_kms_key_arn); without one CloudWatch Logs encrypts the group with its own keys
  name              = "/aws/lambda/${var.name}"
  retention_in_days = var.log_retention_in_days
  kms_key_id        = var.log_kms_key_arn
  tags              = var.tags
}

resource "aws_lambda_function" "this" {
  # checkov:skip=CKV_AWS_116:API Gateway invokes synchronously and gets the error back; a dead-letter queue only receives failed asynchronous invocations. Set dead_letter_target_arn for a function also invoked asynchronously
  # checkov:skip=CKV_AWS_117:running in a VPC needs subnets and security groups only the caller has (vpc_config); without them the function reaches AWS APIs over HTTPS with its role's credentials
  # checkov:skip=CKV_AWS_272:code signing needs an AWS Signer profile and a code signing config only the caller has (code_signing_config_arn); without one the package is pinned by source_code_hash, the SHA-256 of the reproducible `make build` zip
  function_name                  = var.name
  description                    = var.description
  role                           = aws_iam_role.this.arn
  filename                       = var.package.filename
  source_code_hash               = var.package.source_code_hash
  handler                        = var.handler
  runtime                        = var.runtime
  architectures                  = [var.architecture]
  memory_size                    = var.memory_size
  timeout                        = var.timeout
  reserved_concurrent_executions = var.reserved_concurrent_executions
  code_signing_config_arn        = var.code_signing_config_arn
  kms_key_arn                    = var.kms_key_arn
  tags                           = var.tags
  # Every change of code or configuration publishes a version: the alias "live" (alias.tf) serves one.
  publish = true

  dynamic "environment" {
    for_each = length(local.environment) > 0 ? [local.environment] : []
    content {
      variables = environment.value
    }
  }

  ephemeral_storage {
    size = var.ephemeral_storage_mb
  }

  dynamic "snap_start" {
    for_each = var.snap_start ? [1] : []
    content {
      apply_on = "PublishedVersions"
    }
  }

  dynamic "file_system_config" {
    for_each = var.file_system == null ? [] : [var.file_system]
    content {
      arn              = file_system_config.value.arn
      local_mount_path = file_system_config.value.local_mount_path
    }
  }

  tracing_config {
    mode = var.tracing
  }

  dynamic "dead_letter_config" {
    for_each = var.dead_letter_target_arn == null ? [] : [var.dead_letter_target_arn]
    content {
      target_arn = dead_letter_config.value
    }
  }

  dynamic "vpc_config" {
    for_each = var.vpc_config == null ? [] : [var.vpc_config]
    content {
      subnet_ids         = vpc_config.value.subnet_ids
      security_group_ids = vpc_config.value.security_group_ids
    }
  }

  logging_config {
    log_format = "JSON"
    log_group  = aws_cloudwatch_log_group.this.name
  }

  # the log group and the permission to write to it exist before the first invocation
  depends_on = [aws_iam_role_policy.this]

  # What SnapStart cannot be combined with, and what a file system needs
  # (https://docs.aws.amazon.com/lambda/latest/dg/snapstart.html, "Supported features and limitations").
  lifecycle {
    precondition {
      condition     = !var.snap_start || var.provisioned_concurrency == null
      error_message = "snap_start and provisioned_concurrency cannot be combined: Lambda SnapStart does not support provisioned concurrency. Choose one (SnapStart for spiky traffic, provisioned concurrency for a steady floor)."
    }
    precondition {
      condition     = !var.snap_start || var.file_system == null
      error_message = "snap_start and file_system cannot be combined: Lambda SnapStart does not support Amazon EFS."
    }
    precondition {
      condition     = !var.snap_start || var.ephemeral_storage_mb <= 512
      error_message = "snap_start needs ephemeral_storage_mb of at most 512: Lambda SnapStart does not support ephemeral storage above 512 MB."
    }
    precondition {
      condition     = var.file_system == null || var.vpc_config != null
      error_message = "file_system needs vpc_config: Lambda mounts an EFS access point through the VPC's mount targets."
    }
    precondition {
      condition     = var.reserved_concurrent_executions == -1 || coalesce(try(var.provisioned_concurrency.executions, null), try(var.provisioned_concurrency.autoscaling.max, null), 0) <= var.reserved_concurrent_executions
      error_message = "provisioned_concurrency cannot exceed reserved_concurrent_executions: Lambda allocates provisioned concurrency out of the function's reserved concurrency."
    }
  }
}
