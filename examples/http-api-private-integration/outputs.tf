output "healthz_url" {
  description = "Try: curl <this> (answered by the internal load balancer through the VPC link)."
  value       = "${module.api.stage_invoke_urls["$default"]}healthz"
}

output "api_id" {
  description = "ID of the HTTP API."
  value       = module.api.api_id
}

output "vpc_link_id" {
  description = "ID of the VPC link v2."
  value       = module.vpc_link.id
}

output "vpc_id" {
  description = "ID of the VPC."
  value       = aws_vpc.this.id
}

output "private_subnet_ids" {
  description = "Private subnet IDs by Availability Zone."
  value       = { for az, s in aws_subnet.private : az => s.id }
}

output "load_balancer_dns_name" {
  description = "Internal DNS name of the load balancer (resolvable inside the VPC only)."
  value       = aws_lb.this.dns_name
}

output "listener_arn" {
  description = "ARN of the listener the API's private integrations target."
  value       = aws_lb_listener.this.arn
}

output "target_group_arn" {
  description = "Target group to register the service's tasks or instances in."
  value       = aws_lb_target_group.this.arn
}

output "smoke_url" {
  description = "What the deploy workflow's smoke test GETs (must answer 2xx): the load balancer's health answer through the VPC link."
  value       = "${module.api.stage_invoke_urls["$default"]}healthz"
}
