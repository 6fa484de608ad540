variable "name" {
  description = "Function name."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,64}$", var.name))
    error_message = "name must be 1-64 letters, digits, hyphens or underscores (Lambda's rule)."
  }
}

variable "description" {
  description = "Function description."
  type        = string
  default     = null
}

variable "package" {
  description = "The deployment package: the zip's path and the base64 SHA-256 of its bytes (the `make build` manifest has both: filename, source_code_hash), so a plan shows an update exactly when the code changed."
  type = object({
    filename         = string
    source_code_hash = string
  })

  validation {
    condition     = endswith(var.package.filename, ".zip")
    error_message = "package.filename must be the path of a .zip file."
  }

  validation {
    condition     = can(regex("^[A-Za-z0-9+/]{43}=$", var.package.source_code_hash))
    error_message = "package.source_code_hash must be a base64-encoded SHA-256 (44 characters), as filebase64sha256() returns."
  }
}

variable "handler" {
  description = "Handler, module.function (e.g. hello.lambda_handler)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z_][A-Za-z0-9_.]*\\.[A-Za-z_][A-Za-z0-9_]*$", var.handler))
    error_message = "handler must look like module.function, e.g. hello.lambda_handler."
  }
}

variable "runtime" {
  description = "Lambda runtime."
  type        = string
  default     = "python3.12"

  validation {
    condition     = contains(["python3.12", "python3.13"], var.runtime)
    error_message = "runtime must be python3.12 or python3.13 (the runtimes this library builds for)."
  }
}

variable "architecture" {
  description = "Instruction set: arm64 or x86_64 (must match what the package was built for)."
  type        = string
  default     = "arm64"

  validation {
    condition     = contains(["arm64", "x86_64"], var.architecture)
    error_message = "architecture must be arm64 or x86_64."
  }
}

variable "memory_size" {
  description = "Memory in MB (128-10240)."
  type        = number
  default     = 256

  validation {
    condition     = var.memory_size >= 128 && var.memory_size <= 10240
    error_message = "memory_size must be between 128 and 10240 MB."
  }
}

variable "timeout" {
  description = "Timeout in seconds. Behind API Gateway keep it at or below the integration timeout (29 s for REST, 30 s for HTTP APIs)."
  type        = number
  default     = 10

  validation {
    condition     = var.timeout >= 1 && var.timeout <= 900
    error_message = "timeout must be between 1 and 900 seconds."
  }
}

variable "environment" {
  description = "Environment variables."
  type        = map(string)
  default     = {}
}

variable "policy_statements" {
  description = "Extra IAM statements for the execution role (least privilege: name the actions and resources). The role always gets writing to its own log group, and X-Ray when tracing is on."
  type = list(object({
    sid       = optional(string)
    effect    = optional(string, "Allow")
    actions   = list(string)
    resources = list(string)
    conditions = optional(list(object({
      test     = string
      variable = string
      values   = list(string)
    })), [])
  }))
  default = []

  validation {
    condition     = alltrue([for s in var.policy_statements : !contains(s.actions, "*") && length(s.resources) > 0])
    error_message = "policy_statements: an action of \"*\" is refused; name the actions the function needs, with at least one resource."
  }

  validation {
    condition     = alltrue([for s in var.policy_statements : contains(["Allow", "Deny"], s.effect)])
    error_message = "policy_statements: effect must be Allow or Deny."
  }
}

variable "tracing" {
  description = "X-Ray tracing mode: Active or PassThrough."
  type        = string
  default     = "Active"

  validation {
    condition     = contains(["Active", "PassThrough"], var.tracing)
    error_message = "tracing must be Active or PassThrough."
  }
}

variable "log_retention_in_days" {
  description = "Retention of the function's log group."
  type        = number
  default     = 365

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_in_days)
    error_message = "log_retention_in_days must be one of CloudWatch Logs' values: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653."
  }
}

variable "log_kms_key_arn" {
  description = "KMS key ARN to encrypt the log group (null: CloudWatch Logs' default encryption)."
  type        = string
  default     = null
}

variable "kms_key_arn" {
  description = "KMS key ARN that encrypts the environment variables at rest (null: Lambda's AWS managed key, aws/lambda)."
  type        = string
  default     = null

  validation {
    condition     = var.kms_key_arn == null || can(regex("^arn:aws[a-zA-Z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/", coalesce(var.kms_key_arn, "-")))
    error_message = "kms_key_arn must be a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID)."
  }
}

variable "dead_letter_target_arn" {
  description = "SQS queue or SNS topic ARN that receives asynchronous invocations which failed every retry (the role may send to it). API Gateway invokes synchronously and needs none."
  type        = string
  default     = null

  validation {
    condition     = var.dead_letter_target_arn == null || can(regex("^arn:aws[a-zA-Z-]*:(sqs|sns):[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_.-]+$", coalesce(var.dead_letter_target_arn, "-")))
    error_message = "dead_letter_target_arn must be an SQS queue or SNS topic ARN (arn:aws:sqs:REGION:ACCOUNT:NAME or arn:aws:sns:REGION:ACCOUNT:NAME)."
  }
}

variable "vpc_config" {
  description = "Run the function in a VPC: subnet and security group IDs (the role gets the network-interface permissions Lambda needs). The function then reaches AWS APIs through the VPC's NAT or endpoints."
  type = object({
    subnet_ids         = list(string)
    security_group_ids = list(string)
  })
  default = null

  validation {
    condition     = var.vpc_config == null || try(length(var.vpc_config.subnet_ids) > 0 && length(var.vpc_config.security_group_ids) > 0, false)
    error_message = "vpc_config needs at least one subnet_id and one security_group_id."
  }
}

variable "code_signing_config_arn" {
  description = "Code signing configuration ARN (aws_lambda_code_signing_config): Lambda then deploys only packages signed by its AWS Signer profiles."
  type        = string
  default     = null

  validation {
    condition     = var.code_signing_config_arn == null || can(regex("^arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:[0-9]{12}:code-signing-config:csc-[a-z0-9]{17}$", coalesce(var.code_signing_config_arn, "-")))
    error_message = "code_signing_config_arn must be a Lambda code signing config ARN (arn:aws:lambda:REGION:ACCOUNT:code-signing-config:csc-...)."
  }
}

variable "reserved_concurrent_executions" {
  description = "Concurrency reserved for (and capped at) this function; -1 leaves it unreserved."
  type        = number
  default     = -1
}

variable "tags" {
  description = "Tags for every resource that takes them."
  type        = map(string)
  default     = {}
}

variable "permissions_boundary" {
  description = "ARN of the IAM policy set as the execution role's permissions boundary (null: none). A deploy role that may create roles only with a boundary (examples/github-oidc-deploy-role) needs it."
  type        = string
  default     = null

  validation {
    condition     = var.permissions_boundary == null || can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:policy/.+$", var.permissions_boundary))
    error_message = "permissions_boundary must be an IAM policy ARN: arn:aws:iam::<account id>:policy/<name>."
  }
}
