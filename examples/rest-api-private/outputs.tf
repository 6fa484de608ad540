output "hello_url" {
  description = "Invoke URL of GET /hello; resolves only inside the VPC (the endpoint's private DNS). Try from an instance there: curl \"<this>?name=Kim\"."
  value       = "${module.api.stage_invoke_urls["prod"]}/hello"
}

output "hello_url_via_endpoint" {
  description = "The same method through the endpoint-specific host name (https://{api-id}-{vpce-id}.execute-api.{region}.amazonaws.com), which works from the VPC and from networks connected to it without private DNS."
  value       = "https://${module.api.rest_api_id}-${local.endpoint_ids[0]}.execute-api.${var.region}.amazonaws.com/prod/hello"
}

output "rest_api_id" {
  description = "ID of the REST API."
  value       = module.api.rest_api_id
}

output "vpc_endpoint_ids" {
  description = "The VPC endpoints allowed to call the API."
  value       = local.endpoint_ids
}

output "vpc_id" {
  description = "The VPC the example created (null when vpc_endpoint_ids was given)."
  value       = try(aws_vpc.this[0].id, null)
}

output "smoke_url" {
  description = "None: a PRIVATE API answers only through its VPC endpoints, which the workflow's runner is outside of; smoke-test hello_url_via_endpoint from inside the VPC."
  value       = null
}
