output "uploads_url" {
  description = "POST {\"filename\", \"contentType\"} here with a user pool ID token as the Bearer token."
  value       = "${module.api.stage_invoke_urls["$default"]}uploads"
}

output "api_id" {
  description = "ID of the HTTP API."
  value       = module.api.api_id
}

output "bucket_name" {
  description = "The upload bucket."
  value       = aws_s3_bucket.uploads.id
}

output "user_pool_id" {
  description = "The user pool whose tokens POST /uploads accepts."
  value       = aws_cognito_user_pool.this.id
}

output "user_pool_client_id" {
  description = "The app client (the JWT audience)."
  value       = aws_cognito_user_pool_client.web.id
}

output "function_name" {
  description = "The presign function."
  value       = module.presign.function_name
}

output "smoke_url" {
  description = "None: POST /uploads needs a Cognito token, and the deploy workflow has no user to sign in with; try it with a token (README)."
  value       = null
}
