################################################################################
# CodeDeploy: canary or linear shifting of the alias, rolled back on alarms or on request
################################################################################

locals {
  deploy = var.deployment != null
  custom = try(var.deployment.custom, null)

  alarm_arns = [
    for name in var.rollback_alarm_names :
    format("arn:%s:cloudwatch:%s:%s:alarm:%s", data.aws_partition.current.partition, data.aws_region.current.region, data.aws_caller_identity.current.account_id, name)
  ]
}

resource "aws_codedeploy_app" "this" {
  count = local.deploy ? 1 : 0

  name             = coalesce(var.deployment.application_name, var.name)
  compute_platform = "Lambda"
  tags             = var.tags
}

resource "aws_codedeploy_deployment_config" "this" {
  count = local.custom == null ? 0 : 1

  # the name says what it does; a changed shape is a new configuration, made before the old one goes
  deployment_config_name = "${var.name}-${lower(replace(local.custom.type, "TimeBased", ""))}-${local.custom.percentage}pct-${local.custom.interval_minutes}min"
  compute_platform       = "Lambda"

  traffic_routing_config {
    type = local.custom.type

    dynamic "time_based_canary" {
      for_each = local.custom.type == "TimeBasedCanary" ? [1] : []
      content {
        percentage = local.custom.percentage
        interval   = local.custom.interval_minutes
      }
    }

    dynamic "time_based_linear" {
      for_each = local.custom.type == "TimeBasedLinear" ? [1] : []
      content {
        percentage = local.custom.percentage
        interval   = local.custom.interval_minutes
      }
    }
  }

  lifecycle {
    create_before_destroy = true
  }
}

data "aws_iam_policy_document" "codedeploy_assume" {
  count = local.deploy ? 1 : 0

  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["codedeploy.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "codedeploy" {
  count = local.deploy ? 1 : 0

  name                 = "${var.name}-codedeploy"
  assume_role_policy   = data.aws_iam_policy_document.codedeploy_assume[0].json
  permissions_boundary = var.permissions_boundary
  tags                 = var.tags
}

# What CodeDeploy does for a Lambda deployment, on this function only (the managed
# AWSCodeDeployRoleForLambdaLimited allows it on every function and alarm of the account).
data "aws_iam_policy_document" "codedeploy" {
  count = local.deploy ? 1 : 0

  statement {
    sid       = "ShiftTheAlias"
    actions   = ["lambda:GetAlias", "lambda:UpdateAlias"]
    resources = [local.function_arn, local.alias_arn]
  }

  dynamic "statement" {
    for_each = var.provisioned_concurrency == null ? [] : [1]
    content {
      sid       = "WaitForProvisionedConcurrency"
      actions   = ["lambda:GetProvisionedConcurrencyConfig"]
      resources = [local.alias_arn]
    }
  }

  dynamic "statement" {
    for_each = length(local.alarm_arns) > 0 ? [1] : []
    content {
      sid       = "WatchTheAlarms"
      actions   = ["cloudwatch:DescribeAlarms"]
      resources = local.alarm_arns
    }
  }
}

resource "aws_iam_role_policy" "codedeploy" {
  count = local.deploy ? 1 : 0

  name   = "${var.name}-codedeploy"
  role   = aws_iam_role.codedeploy[0].id
  policy = data.aws_iam_policy_document.codedeploy[0].json
}

resource "aws_codedeploy_deployment_group" "this" {
  count = local.deploy ? 1 : 0

  app_name               = aws_codedeploy_app.this[0].name
  deployment_group_name  = "${var.name}-${local.alias}"
  service_role_arn       = aws_iam_role.codedeploy[0].arn
  deployment_config_name = local.custom == null ? var.deployment.config : aws_codedeploy_deployment_config.this[0].id
  tags                   = var.tags

  # Lambda deployments are blue/green with traffic control: the alias moves, the versions stay.
  deployment_style {
    deployment_option = "WITH_TRAFFIC_CONTROL"
    deployment_type   = "BLUE_GREEN"
  }

  auto_rollback_configuration {
    enabled = true
    # a failed deployment, an alarm that fires while traffic shifts, and a deployment stopped by the deploy
    # step (its smoke test failed) all move the alias back to the version it served
    events = ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM", "DEPLOYMENT_STOP_ON_REQUEST"]
  }

  dynamic "alarm_configuration" {
    for_each = length(var.rollback_alarm_names) > 0 ? [1] : []
    content {
      enabled = true
      alarms  = var.rollback_alarm_names
    }
  }

  # the role may act before CodeDeploy first assumes it
  depends_on = [aws_iam_role_policy.codedeploy]
}
