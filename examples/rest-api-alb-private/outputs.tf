output "healthz_url" {
  description = "GET /healthz, answered by the internal load balancer through the VPC link v2."
  value       = local.healthz_url
}

output "smoke_url" {
  description = "What the deploy pipeline's smoke test GETs: /healthz, answered by the load balancer through the VPC link."
  value       = local.healthz_url
}

output "invoke_url" {
  description = "The prod stage; any other path reaches the service (SigV4-signed requests only)."
  value       = module.api.stage_invoke_urls["prod"]
}

output "rest_api_id" {
  description = "ID of the REST API."
  value       = module.api.rest_api_id
}

output "security_policy" {
  description = "TLS policy of the API's endpoint."
  value       = module.api.security_policy
}

output "vpc_link_id" {
  description = "ID of the VPC link v2."
  value       = module.vpc_link.id
}

output "load_balancer_arn" {
  description = "The internal Application Load Balancer the integrations target."
  value       = aws_lb.this.arn
}
