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

output "method_keys" {
  description = "The methods the module created, as \"METHOD /path\" (CORS preflight OPTIONS methods not included)."
  value       = sort(keys(local.methods))
}

output "deployment_trigger" {
  description = "The release: the hash of everything a deployment serves (the imported document, binary media types); a new value means a new deployment."
  value       = local.deployment_hash
}

output "document" {
  description = "The OpenAPI document API Gateway imports (var.body, or the one compiled from var.resources), with the resource policy."
  value       = local.document
}

output "deployment_ids" {
  description = "The deployment each stage serves, by stage name."
  value       = { for name, s in aws_api_gateway_stage.this : name => s.deployment_id }
}

output "canary_releases" {
  description = "For each stage with a canary: the release (deployment_trigger value) the stage serves, and the one its canary serves (null when there is no canary now). `make canary` promotes the canary or rolls it back."
  value = { for name in keys(local.canary_stages) : name => {
    stable = terraform_data.canary_stable[name].input
    canary = local.canary_active[name] ? local.deployment_hash : null
  } }
}

output "stage_names" {
  description = "Stage names by stage key (the same strings, read from the stages): a mapping or routing rule elsewhere (modules/domain) that names a stage through this output is created after the stage, as AWS requires."
  value       = { for name, s in aws_api_gateway_stage.this : name => s.stage_name }
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

output "domain_name_id" {
  description = "Identifier of the private custom domain (PRIVATE APIs with a domain; null otherwise)."
  value       = try(aws_api_gateway_domain_name.this[0].domain_name_id, null)
}

output "security_policy" {
  description = "The TLS security policy of the API's default endpoint."
  value       = local.security_policy
}

output "domain_name_target" {
  description = "The regional endpoint a DNS alias for the custom domain points to (null without a domain)."
  value       = try(aws_api_gateway_domain_name.this[0].regional_domain_name, null)
}

output "domain_name_hosted_zone_id" {
  description = "Hosted zone ID of the custom domain's regional endpoint, for alias records (null without a domain)."
  value       = try(aws_api_gateway_domain_name.this[0].regional_zone_id, null)
}
