variable "region" {
  description = "AWS region the deployments and the state bucket live in."
  type        = string
  default     = "ap-northeast-2"
}

variable "github_repository" {
  description = "The repository allowed to deploy, as OWNER/NAME."
  type        = string
  default     = "example-org/apigw-library"

  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$", var.github_repository))
    error_message = "github_repository must be OWNER/NAME."
  }
}

variable "environments" {
  description = "GitHub environments that may deploy; each gets its own role. The plan job of the deploy workflow runs in ENV-plan, the apply job in the protected ENV."
  type        = list(string)
  default     = ["dev", "prod"]

  validation {
    condition     = length(var.environments) > 0 && alltrue([for e in var.environments : can(regex("^[a-z0-9-]+$", e))])
    error_message = "environments must be a non-empty list of lower-case names."
  }
}

variable "name_prefix" {
  description = "Prefix of every resource the deploy role may manage (functions, roles, log groups)."
  type        = string
  default     = "apigw-"
}

variable "state_bucket_name" {
  description = "Name of the S3 bucket holding Terraform state (created here)."
  type        = string
  default     = "example-org-apigw-terraform-state"
}

variable "create_oidc_provider" {
  description = "Create the account's GitHub OIDC provider (false when the account already has one)."
  type        = bool
  default     = true
}
