output "domain_name" {
  description = "The custom domain: https://DOMAIN/v1/orders, https://DOMAIN/v2/orders, or https://DOMAIN/orders with x-api-version."
  value       = module.domain.domain_name
}

output "target_domain_name" {
  description = "Where the domain's DNS records point (the regional endpoint of the custom domain)."
  value       = module.domain.target_domain_name
}

output "hosted_zone_id" {
  description = "Hosted zone of that endpoint, for alias records."
  value       = module.domain.hosted_zone_id
}

output "security_policy" {
  description = "The domain's TLS policy."
  value       = module.domain.security_policy
}

output "routing_mode" {
  description = "ROUTING_RULE_THEN_BASE_PATH_MAPPING: the rules first, then the base path mappings."
  value       = module.domain.routing_mode
}

output "rest_api_ids" {
  description = "ID of each version's REST API."
  value       = { for version, api in module.api : version => api.rest_api_id }
}
