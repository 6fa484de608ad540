output "domain_name" {
  description = "The custom domain name."
  value       = aws_api_gateway_domain_name.this.domain_name
}

output "arn" {
  description = "ARN of the domain name."
  value       = aws_api_gateway_domain_name.this.arn
}

output "domain_name_id" {
  description = "Identifier of a PRIVATE domain name (null for public ones), which its base path mappings name."
  value       = aws_api_gateway_domain_name.this.domain_name_id
}

output "target_domain_name" {
  description = "The endpoint a DNS alias for the domain points to: the regional domain name, or the CloudFront one for EDGE (null for PRIVATE)."
  value       = local.target_domain_name
}

output "hosted_zone_id" {
  description = "Hosted zone ID of that endpoint, for alias records (null for PRIVATE)."
  value       = local.target_zone_id
}

output "security_policy" {
  description = "The TLS security policy the domain uses."
  value       = local.policy
}

output "routing_mode" {
  description = "How the domain routes requests: BASE_PATH_MAPPING_ONLY, ROUTING_RULE_ONLY or ROUTING_RULE_THEN_BASE_PATH_MAPPING."
  value       = local.routing_mode
}

output "routing_rule_arns" {
  description = "ARN of each routing rule, by its key in var.routing_rules."
  value       = { for name, r in aws_apigatewayv2_routing_rule.this : name => r.routing_rule_arn }
}
