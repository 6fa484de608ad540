output "api_endpoint" {
  description = "Default endpoint of the API (disabled when a custom domain is set)."
  value       = module.api.api_endpoint
}

output "issuer" {
  description = "The JWT issuer (the user pool)."
  value       = local.issuer
}

output "user_pool_id" {
  description = "Cognito user pool ID."
  value       = aws_cognito_user_pool.this.id
}

output "app_client_id" {
  description = "App client ID: the audience of the JWT authorizer."
  value       = aws_cognito_user_pool_client.web.id
}

output "hosted_login_domain" {
  description = "Cognito hosted login domain prefix."
  value       = aws_cognito_user_pool_domain.this.domain
}

output "route_ids" {
  description = "Route IDs by route key."
  value       = module.api.route_ids
}

output "smoke_url" {
  description = "None: every route needs a Cognito token, and the deploy workflow has no user to sign in with; try the routes with a token (README)."
  value       = null
}
