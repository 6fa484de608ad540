output "api_id" {
  description = "ID of the HTTP API."
  value       = aws_apigatewayv2_api.this.id
}

output "api_arn" {
  description = "ARN of the HTTP API (for IAM and tagging)."
  value       = aws_apigatewayv2_api.this.arn
}

output "api_endpoint" {
  description = "Default endpoint, https://{api-id}.execute-api.{region}.amazonaws.com."
  value       = aws_apigatewayv2_api.this.api_endpoint
}

output "execution_arn" {
  description = "Execution ARN: the prefix of the source_arn of Lambda permissions and of IAM execute-api:Invoke resources."
  value       = aws_apigatewayv2_api.this.execution_arn
}

output "stage_ids" {
  description = "Stage IDs by stage name."
  value       = { for name, s in aws_apigatewayv2_stage.this : name => s.id }
}

output "stage_arns" {
  description = "Stage ARNs by stage name."
  value       = { for name, s in aws_apigatewayv2_stage.this : name => s.arn }
}

output "stage_invoke_urls" {
  description = "Invoke URL of each stage by stage name."
  value       = { for name, s in aws_apigatewayv2_stage.this : name => s.invoke_url }
}

output "stage_execution_arns" {
  description = "Execution ARN of each stage by stage name."
  value       = { for name, s in aws_apigatewayv2_stage.this : name => s.execution_arn }
}

output "route_ids" {
  description = "Route IDs by route key."
  value       = local.route_ids
}

output "integration_ids" {
  description = "Integration IDs by route key."
  value       = { for key, i in aws_apigatewayv2_integration.this : key => i.id }
}

output "authorizer_ids" {
  description = "Authorizer IDs by authorizer key."
  value       = { for key, a in aws_apigatewayv2_authorizer.this : key => a.id }
}

output "access_log_group_names" {
  description = "Access log group names by stage name (empty when logging to a given destination or off)."
  value       = { for name, g in aws_cloudwatch_log_group.access : name => g.name }
}

output "access_log_group_arns" {
  description = "Access log group ARNs by stage name."
  value       = { for name, g in aws_cloudwatch_log_group.access : name => g.arn }
}

output "domain_name_target" {
  description = "The regional endpoint a DNS alias for the custom domain points to (null without a domain)."
  value       = try(aws_apigatewayv2_domain_name.this[0].domain_name_configuration[0].target_domain_name, null)
}

output "domain_name_hosted_zone_id" {
  description = "Hosted zone ID of the custom domain's regional endpoint, for alias records (null without a domain)."
  value       = try(aws_apigatewayv2_domain_name.this[0].domain_name_configuration[0].hosted_zone_id, null)
}
