output "rest_api_id" {
  description = "ID of the REST API."
  value       = aws_api_gateway_rest_api.this.id
}

output "rest_api_arn" {
  description = "ARN of the REST API (for tagging and WAF scoping)."
  value       = aws_api_gateway_rest_api.this.arn
}

output "root_resource_id" {
  description = "ID of the root resource (\"/\")."
  value       = aws_api_gateway_rest_api.this.root_resource_id
}

output "execution_arn" {
  description = "Execution ARN: the prefix of the source_arn of Lambda permissions and of IAM execute-api:Invoke resources (EXECUTION_ARN/STAGE/METHOD/PATH)."
  value       = aws_api_gateway_rest_api.this.execution_arn
}

output "resource_ids" {
  description = "Resource IDs by path, including \"/\" and the intermediate paths the module created."
  value       = local.resource_ids
}

output "method_keys" {
  description = "The methods the module created, as \"METHOD /path\" (CORS preflight OPTIONS methods not included)."
  value       = sort(keys(local.method_resources))
}

output "authorizer_ids" {
  description = "Authorizer IDs by authorizer key."
  value       = { for key, a in aws_api_gateway_authorizer.this : key => a.id }
}

output "model_names" {
  description = "Model names by model key."
  value       = { for key, m in aws_api_gateway_model.this : key => m.name }
}

output "request_validator_ids" {
  description = "Request validator IDs by validator key."
  value       = { for key, v in aws_api_gateway_request_validator.this : key => v.id }
}

output "deployment_id" {
  description = "ID of the current deployment (replaced when anything it serves changes)."
  value       = aws_api_gateway_deployment.this.id
}

output "deployment_trigger" {
  description = "The hash of everything the deployment serves; a new value means a new deployment."
  value       = local.deployment_hash
}

output "stage_invoke_urls" {
  description = "Invoke URL of each stage by stage name (https://{api-id}.execute-api.{region}.amazonaws.com/{stage})."
  value       = { for name, s in aws_api_gateway_stage.this : name => s.invoke_url }
}

output "stage_arns" {
  description = "Stage ARNs by stage name (what WAF associates with)."
  value       = { for name, s in aws_api_gateway_stage.this : name => s.arn }
}

output "stage_execution_arns" {
  description = "Execution ARN of each stage by stage name."
  value       = { for name, s in aws_api_gateway_stage.this : name => s.execution_arn }
}

output "access_log_group_names" {
  description = "Access log group names by stage name (empty when logging to a given destination or off)."
  value       = { for name, g in aws_cloudwatch_log_group.access : name => g.name }
}

output "execution_log_group_names" {
  description = "Execution log group names by stage name (API-Gateway-Execution-Logs_{api-id}/{stage})."
  value       = { for name, g in aws_cloudwatch_log_group.execution : name => g.name }
}

output "api_key_ids" {
  description = "API key IDs by key name."
  value       = { for name, k in aws_api_gateway_api_key.this : name => k.id }
}

output "api_key_values" {
  description = "API key values by key name (sensitive: `terraform output -json api_key_values`)."
  value       = { for name, k in aws_api_gateway_api_key.this : name => k.value }
  sensitive   = true
}

output "usage_plan_ids" {
  description = "Usage plan IDs by plan name."
  value       = { for name, p in aws_api_gateway_usage_plan.this : name => p.id }
}

output "domain_name_target" {
  description = "The regional endpoint a DNS alias for the custom domain points to (null without a domain)."
  value       = try(aws_api_gateway_domain_name.this[0].regional_domain_name, null)
}

output "domain_name_hosted_zone_id" {
  description = "Hosted zone ID of the custom domain's regional endpoint, for alias records (null without a domain)."
  value       = try(aws_api_gateway_domain_name.this[0].regional_zone_id, null)
}
