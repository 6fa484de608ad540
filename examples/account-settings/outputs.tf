output "cloudwatch_role_arn" {
  description = "The region's API Gateway CloudWatch Logs role: pass it to the REST and WebSocket examples as cloudwatch_role_arn."
  value       = module.account_settings.cloudwatch_role_arn
}
