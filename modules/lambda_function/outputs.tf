output "function_name" {
  description = "Function name."
  value       = aws_lambda_function.this.function_name
}

output "arn" {
  description = "Function ARN, unqualified (for IAM policies; API integrations take alias_arn). Known at plan: Lambda forms it from the region, account and name; what uses it still waits for the function."
  value       = local.function_arn
  depends_on  = [aws_lambda_function.this]
}

output "alias_arn" {
  description = "ARN of the alias \"live\" (FUNCTION_ARN:live): what API integrations take, so that they invoke a published version and their permissions are scoped to the alias. Known at plan; what uses it waits for the alias."
  value       = local.alias_arn
  depends_on  = [aws_lambda_alias.this]
}

output "alias_name" {
  description = "Name of the alias integrations invoke (\"live\")."
  value       = aws_lambda_alias.this.name
}

output "alias_invoke_arn" {
  description = "The alias's ARN for API Gateway integration URIs."
  value       = aws_lambda_alias.this.invoke_arn
}

output "invoke_arn" {
  description = "The unqualified function's ARN for API Gateway integration URIs ($LATEST; prefer alias_invoke_arn)."
  value       = aws_lambda_function.this.invoke_arn
}

output "version" {
  description = "The latest published version (each change of code or configuration publishes one)."
  value       = aws_lambda_function.this.version
}

output "live_version" {
  description = "The version the alias serves as Terraform last set it (with a deployment: the release CodeDeploy last completed)."
  value       = aws_lambda_alias.this.function_version
}

output "qualified_arn" {
  description = "ARN of the latest published version."
  value       = aws_lambda_function.this.qualified_arn
}

output "deployment" {
  description = "What the deploy step needs to shift the alias with CodeDeploy (null without var.deployment): application, deployment_group, function_name, alias, current_version (what the alias serves), target_version (the latest published version) and alarm_names."
  value = var.deployment == null ? null : {
    application      = aws_codedeploy_app.this[0].name
    deployment_group = aws_codedeploy_deployment_group.this[0].deployment_group_name
    function_name    = aws_lambda_function.this.function_name
    alias            = aws_lambda_alias.this.name
    current_version  = terraform_data.live_version[0].output
    target_version   = aws_lambda_function.this.version
    alarm_names      = var.rollback_alarm_names
  }
}

output "parameter_names" {
  description = "SSM parameter names by key (also in the function's environment as <KEY>_PARAMETER_NAME)."
  value       = { for key, p in aws_ssm_parameter.this : key => p.name }
}

output "secret_arns" {
  description = "Secrets Manager secret ARNs by key (the function finds each by name in <KEY>_SECRET_NAME); put their values outside Terraform."
  value       = { for key, s in aws_secretsmanager_secret.this : key => s.arn }
}

output "config_kms_key_arn" {
  description = "The KMS key of the parameters and secrets (null without any)."
  value       = local.has_config ? local.config_key_arn : null
}

output "source_code_hash" {
  description = "The package hash the function was deployed from."
  value       = aws_lambda_function.this.source_code_hash
}

output "role_arn" {
  description = "Execution role ARN."
  value       = aws_iam_role.this.arn
}

output "role_name" {
  description = "Execution role name (attach further policies to it)."
  value       = aws_iam_role.this.name
}

output "log_group_name" {
  description = "The function's log group."
  value       = aws_cloudwatch_log_group.this.name
}
