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

  dynamic "environment" {
    for_each = length(var.environment) > 0 ? [var.environment] : []
    content {
      variables = environment.value
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
}
