output "cloudwatch_role_arn" {
  description = "The account's API Gateway CloudWatch Logs role, once it is set: pass it to modules/rest_api and modules/websocket_api (cloudwatch_role_arn) so their stages log, and are created after the setting."
  value       = aws_api_gateway_account.this.cloudwatch_role_arn
}

output "role_name" {
  description = "Name of the role."
  value       = aws_iam_role.cloudwatch.name
}
