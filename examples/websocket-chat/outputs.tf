output "websocket_url" {
  description = "What clients connect to (append ?token=JWT): wss://{api-id}.execute-api.{region}.amazonaws.com/{stage}."
  value       = module.websocket.stage_invoke_url
}

output "management_endpoint" {
  description = "The stage's @connections API (to push to a connection from elsewhere, e.g. aws apigatewaymanagementapi --endpoint-url)."
  value       = module.websocket.management_endpoint
}

output "connection_table_name" {
  description = "DynamoDB table of the open connections."
  value       = module.websocket.connection_table_name
}

output "user_pool_id" {
  description = "Cognito user pool whose tokens open a connection."
  value       = aws_cognito_user_pool.this.id
}

output "app_client_id" {
  description = "App client ID: the audience the authorizer accepts."
  value       = aws_cognito_user_pool_client.cli.id
}

output "access_log_group_name" {
  description = "The stage's access log group."
  value       = module.websocket.access_log_group_name
}

output "smoke_url" {
  description = "None: the API is a WebSocket API whose $connect needs a Cognito token; connect with a token (README)."
  value       = null
}
