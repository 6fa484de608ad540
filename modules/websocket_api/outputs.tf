output "api_id" {
  description = "ID of the WebSocket API."
  value       = aws_apigatewayv2_api.this.id
}

output "api_arn" {
  description = "ARN of the WebSocket API (for IAM and tagging)."
  value       = aws_apigatewayv2_api.this.arn
}

output "api_endpoint" {
  description = "The API's WebSocket endpoint, wss://{api-id}.execute-api.{region}.amazonaws.com (without the stage)."
  value       = aws_apigatewayv2_api.this.api_endpoint
}

output "execution_arn" {
  description = "Execution ARN: the prefix of Lambda permissions' source_arn and of execute-api IAM resources."
  value       = aws_apigatewayv2_api.this.execution_arn
}

output "stage_name" {
  description = "Name of the stage."
  value       = aws_apigatewayv2_stage.this.name
}

output "stage_invoke_url" {
  description = "The URL clients connect to: wss://{api-id}.execute-api.{region}.amazonaws.com/{stage}."
  value       = aws_apigatewayv2_stage.this.invoke_url
}

output "stage_execution_arn" {
  description = "Execution ARN of the stage ({execution_arn}/{stage})."
  value       = aws_apigatewayv2_stage.this.execution_arn
}

output "management_endpoint" {
  description = "The @connections management API of the stage, https://{api-id}.execute-api.{region}.amazonaws.com/{stage}: the endpoint_url of boto3's apigatewaymanagementapi client."
  value       = format("%s/%s", replace(aws_apigatewayv2_api.this.api_endpoint, "/^wss:/", "https:"), aws_apigatewayv2_stage.this.name)
}

output "route_ids" {
  description = "Route IDs by route key."
  value       = local.route_ids
}

output "integration_ids" {
  description = "Integration IDs by route key."
  value       = { for key, i in aws_apigatewayv2_integration.this : key => i.id }
}

output "authorizer_ids" {
  description = "Authorizer IDs by authorizer key."
  value       = { for key, a in aws_apigatewayv2_authorizer.this : key => a.id }
}

output "access_log_group_name" {
  description = "The access log group the module created (null when logging to a given destination or off)."
  value       = try(aws_cloudwatch_log_group.access[0].name, null)
}

output "access_log_group_arn" {
  description = "ARN of the access log group the module created (null when logging to a given destination or off)."
  value       = try(aws_cloudwatch_log_group.access[0].arn, null)
}

output "connection_table_name" {
  description = "Name of the connection table (created or given; null without one): the handlers' CONNECTIONS_TABLE."
  value       = local.table_create ? aws_dynamodb_table.this[0].name : local.table_name
}

output "connection_table_arn" {
  description = "ARN of the connection table (null without one)."
  value       = local.table_arn
}

output "connection_ttl_attribute" {
  description = "The table's TTL attribute (epoch seconds) handlers set on each connection row (null without a table)."
  value       = try(var.connection_table.ttl_attribute, null)
}

output "handler_policy_json" {
  description = "The handler policy as JSON: execute-api:ManageConnections on this stage's @connections (POST, GET, DELETE) and GetItem/PutItem/DeleteItem/Scan on the connection table."
  value       = data.aws_iam_policy_document.this.json
}
