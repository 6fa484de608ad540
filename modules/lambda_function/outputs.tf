output "function_name" {
  description = "Function name."
  value       = aws_lambda_function.this.function_name
}

output "arn" {
  description = "Function ARN (what API integrations and permissions take). Known at plan: Lambda forms it from the region, account and name, so plans of the APIs calling the function show their integrations; what uses it still waits for the function."
  value       = format("arn:%s:lambda:%s:%s:function:%s", data.aws_partition.current.partition, data.aws_region.current.region, data.aws_caller_identity.current.account_id, var.name)
  depends_on  = [aws_lambda_function.this]
}

output "invoke_arn" {
  description = "ARN for API Gateway integrations' URIs."
  value       = aws_lambda_function.this.invoke_arn
}

output "qualified_arn" {
  description = "ARN of the latest published version."
  value       = aws_lambda_function.this.qualified_arn
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
