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
  description = "GitHub environments that deploy; each gets a deploy role (trusted by the protected ENV environment), a plan role (trusted by ENV-plan), a permissions boundary and the namespace <name_prefix><env>- for everything it deploys."
  type        = list(string)
  default     = ["dev", "prod"]

  validation {
    # no hyphen: one environment's namespace ("apigw-dev-") is then never the start of another's ("apigw-dev-eu-")
    condition     = length(var.environments) > 0 && alltrue([for e in var.environments : can(regex("^[a-z][a-z0-9]{0,11}$", e))])
    error_message = "environments must be a non-empty list of names of a lower-case letter then up to 11 letters or digits (no hyphens)."
  }
}

variable "name_prefix" {
  description = "Start of every name the pipeline manages: environment ENV deploys names starting with <name_prefix><ENV>- (set as each example's name_prefix, see the deploy_variables output); the pipeline's own roles and boundaries live under the IAM path /<name_prefix>pipeline/."
  type        = string
  default     = "apigw-"

  validation {
    condition     = can(regex("^[a-z][a-z0-9]{0,9}-$", var.name_prefix))
    error_message = "name_prefix must be a lower-case letter, up to 9 more letters or digits, then \"-\" (e.g. \"apigw-\")."
  }
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
