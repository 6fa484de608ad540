output "id" {
  description = "ID of the VPC link: connection_id of a REST VPC_LINK integration (v1), or vpc_link_id of an HTTP API private integration (v2)."
  value       = local.rest ? aws_api_gateway_vpc_link.this[0].id : aws_apigatewayv2_vpc_link.this[0].id
}

output "arn" {
  description = "ARN of the VPC link."
  value       = local.rest ? aws_api_gateway_vpc_link.this[0].arn : aws_apigatewayv2_vpc_link.this[0].arn
}

output "api_type" {
  description = "\"REST\" (v1 link) or \"HTTP\" (v2 link), as given."
  value       = var.api_type
}

output "version" {
  description = "\"v1\" for a REST link, \"v2\" for an HTTP link."
  value       = local.rest ? "v1" : "v2"
}
