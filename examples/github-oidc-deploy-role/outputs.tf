output "role_arns" {
  description = "Deploy role ARN per environment: set it as the DEPLOY_ROLE_ARN variable of that GitHub environment (and of ENV-plan)."
  value       = { for env, role in aws_iam_role.deploy : env => role.arn }
}

output "state_bucket" {
  description = "The state bucket."
  value       = aws_s3_bucket.state.bucket
}

output "backend_config" {
  description = "Contents of deploy/backend/ENV.s3.tfbackend per environment (the deploy tool adds key = ENV/EXAMPLE.tfstate)."
  value = {
    for env in var.environments : env => join("\n", [
      "bucket       = \"${aws_s3_bucket.state.bucket}\"",
      "region       = \"${var.region}\"",
      "encrypt      = true",
      "use_lockfile = true",
    ])
  }
}
