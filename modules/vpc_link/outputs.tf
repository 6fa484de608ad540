output "id" {
  description = "ID of the VPC link: vpc_link_id of a modules/rest_api integration (with integration_target for a v2 link) or of a modules/http_api private integration."
  value       = local.v1 ? aws_api_gateway_vpc_link.this[0].id : aws_apigatewayv2_vpc_link.this[0].id
}

output "arn" {
  description = "ARN of the VPC link."
  value       = local.v1 ? aws_api_gateway_vpc_link.this[0].arn : aws_apigatewayv2_vpc_link.this[0].arn
}

output "api_type" {
  description = "\"REST\" (v1 link) or \"HTTP\" (v2 link), as given."
  value       = var.api_type
}

output "version" {
  description = "\"v1\" for a REST link to NLBs (nlb_arns), \"v2\" for a link in subnets (HTTP APIs, and REST APIs with subnet_ids)."
  value       = local.v1 ? "v1" : "v2"
}
