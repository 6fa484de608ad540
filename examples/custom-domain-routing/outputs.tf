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

output "smoke_url" {
  description = "What the deploy pipeline's smoke test GETs: v2's /health through the domain when this example writes its DNS records (route53_zone_id), else on v2's own stage."
  value       = var.route53_zone_id == null ? "${module.api["v2"].stage_invoke_urls["prod"]}/health" : "https://${module.domain.domain_name}/v2/health"
}
