output "role_arns" {
  description = "Per environment, the role of its GitHub environments: set `deploy` as the AWS_ROLE_ARN variable of environment ENV, `plan` as that of ENV-plan."
  value = {
    for env in var.environments : env => {
      deploy = aws_iam_role.deploy[env].arn
      plan   = aws_iam_role.plan[env].arn
    }
  }
}

output "deploy_variables" {
  description = "Per environment, the variables every deployed example gets (its namespace and the permissions boundary its roles must carry): write each as deploy/env/ENV.tfvars.json."
  value = {
    for env, e in local.environments : env => {
      name_prefix          = e.namespace
      permissions_boundary = e.boundary_arn
    }
  }
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
