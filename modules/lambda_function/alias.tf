################################################################################
# The alias "live": what API integrations invoke, a published version of the function
################################################################################

# With a CodeDeploy deployment, the version the alias serves is the release CodeDeploy last completed: an apply
# publishes a version but leaves the alias where it is, and the deploy step (apigwkit/deploy.py) shifts traffic,
# then replaces this frozen value with the version it promoted, so the next plan is empty. A rolled-back release
# leaves it as it was. Without a deployment the alias follows every new version at once.
resource "terraform_data" "live_version" {
  count = var.deployment == null ? 0 : 1

  input = aws_lambda_function.this.version

  lifecycle {
    ignore_changes = [input]
  }
}

resource "aws_lambda_alias" "this" {
  name             = local.alias
  description      = "What API Gateway invokes; ${var.deployment == null ? "follows every published version" : "shifted by CodeDeploy"}."
  function_name    = aws_lambda_function.this.function_name
  function_version = var.deployment == null ? aws_lambda_function.this.version : terraform_data.live_version[0].output

  # CodeDeploy owns the weights while it shifts traffic (and clears them when it is done or rolls back).
  lifecycle {
    ignore_changes = [routing_config]
  }
}

################################################################################
# Provisioned concurrency on the alias: a fixed number, or Application Auto Scaling
################################################################################

resource "aws_lambda_provisioned_concurrency_config" "this" {
  count = try(var.provisioned_concurrency.executions, null) == null ? 0 : 1

  function_name                     = aws_lambda_alias.this.function_name
  qualifier                         = aws_lambda_alias.this.name
  provisioned_concurrent_executions = var.provisioned_concurrency.executions
}

# Application Auto Scaling sets the alias's provisioned concurrency itself, starting from min; a fixed
# configuration beside it would be overwritten
# (https://docs.aws.amazon.com/autoscaling/application/userguide/services-that-can-integrate-lambda.html).
resource "aws_appautoscaling_target" "this" {
  count = try(var.provisioned_concurrency.autoscaling, null) == null ? 0 : 1

  service_namespace  = "lambda"
  resource_id        = "function:${aws_lambda_alias.this.function_name}:${aws_lambda_alias.this.name}"
  scalable_dimension = "lambda:function:ProvisionedConcurrency"
  min_capacity       = var.provisioned_concurrency.autoscaling.min
  max_capacity       = var.provisioned_concurrency.autoscaling.max
  tags               = var.tags
}

resource "aws_appautoscaling_policy" "this" {
  count = length(aws_appautoscaling_target.this)

  name               = "${var.name}-provisioned-concurrency"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.this[0].service_namespace
  resource_id        = aws_appautoscaling_target.this[0].resource_id
  scalable_dimension = aws_appautoscaling_target.this[0].scalable_dimension

  target_tracking_scaling_policy_configuration {
    target_value = var.provisioned_concurrency.autoscaling.target_utilization

    predefined_metric_specification {
      predefined_metric_type = "LambdaProvisionedConcurrencyUtilization"
    }
  }
}
