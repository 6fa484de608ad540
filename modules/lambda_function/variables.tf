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
  description = "Environment variables. The names of the function's parameters and secrets are added as <KEY>_PARAMETER_NAME and <KEY>_SECRET_NAME."
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for k in keys(var.environment) : !endswith(k, "_PARAMETER_NAME") && !endswith(k, "_SECRET_NAME")])
    error_message = "environment: names ending in _PARAMETER_NAME or _SECRET_NAME are the module's own (they name var.parameters and var.secrets)."
  }
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

variable "ephemeral_storage_mb" {
  description = "Size of /tmp in MB (512-10240)."
  type        = number
  default     = 512

  validation {
    condition     = var.ephemeral_storage_mb >= 512 && var.ephemeral_storage_mb <= 10240
    error_message = "ephemeral_storage_mb must be between 512 and 10240 MB."
  }
}

variable "file_system" {
  description = "An EFS access point mounted under /mnt (needs vpc_config): its ARN and the local mount path."
  type = object({
    arn              = string
    local_mount_path = string
  })
  default = null

  validation {
    condition     = var.file_system == null || can(regex("^/mnt/[0-9A-Za-z_.-]+$", try(var.file_system.local_mount_path, "")))
    error_message = "file_system.local_mount_path must be /mnt/NAME (Lambda mounts file systems under /mnt)."
  }
}

variable "snap_start" {
  description = <<-EOT
    Lambda SnapStart on published versions: Lambda initialises the function when it publishes a version and
    resumes new execution environments from that snapshot (Python 3.12 and later). It cannot be combined
    with provisioned_concurrency, file_system (EFS) or ephemeral_storage_mb above 512; the plan says so.
    Code that must be unique per environment (random seeds, connections) belongs in the handler or a
    runtime hook (https://docs.aws.amazon.com/lambda/latest/dg/snapstart.html).
  EOT
  type        = bool
  default     = false
}

variable "provisioned_concurrency" {
  description = <<-EOT
    Provisioned concurrency on the alias "live": either a fixed number of execution environments
    (executions), or Application Auto Scaling between autoscaling.min and autoscaling.max, tracking the
    alias's LambdaProvisionedConcurrencyUtilization at target_utilization (a fraction, default 0.7).
    null: none (on-demand, the default).
  EOT
  type = object({
    executions = optional(number)
    autoscaling = optional(object({
      min                = number
      max                = number
      target_utilization = optional(number, 0.7)
    }))
  })
  default = null

  validation {
    condition     = var.provisioned_concurrency == null || (try(var.provisioned_concurrency.executions, null) == null) != (try(var.provisioned_concurrency.autoscaling, null) == null)
    error_message = "provisioned_concurrency takes either executions (a fixed number) or autoscaling (min, max, target_utilization), not both and not neither."
  }

  validation {
    condition     = try(var.provisioned_concurrency.executions, null) == null || try(var.provisioned_concurrency.executions >= 1, false)
    error_message = "provisioned_concurrency.executions must be at least 1."
  }

  validation {
    condition = try(var.provisioned_concurrency.autoscaling, null) == null || try(
      var.provisioned_concurrency.autoscaling.min >= 1 &&
      var.provisioned_concurrency.autoscaling.max >= var.provisioned_concurrency.autoscaling.min &&
      var.provisioned_concurrency.autoscaling.target_utilization >= 0.1 &&
      var.provisioned_concurrency.autoscaling.target_utilization <= 0.9,
      false
    )
    error_message = "provisioned_concurrency.autoscaling needs min >= 1, max >= min and a target_utilization between 0.1 and 0.9."
  }
}

variable "deployment" {
  description = <<-EOT
    Traffic shifting with CodeDeploy (null: none; every apply moves the alias "live" to the new version at once).
    With it, an apply publishes the new version but the alias keeps serving the one it has; a CodeDeploy
    deployment (`make lambda-canary`, apigwkit/deploy.py) then shifts the alias by `config`, one of
    CodeDeployDefault.LambdaCanary10Percent{5,10,15,30}Minutes, CodeDeployDefault.LambdaLinear10PercentEvery
    {1,2,3,10}Minute(s), CodeDeployDefault.LambdaAllAtOnce, or `custom` (TimeBasedCanary or TimeBasedLinear
    with percentage and interval_minutes), and rolls back when one of `rollback_alarm_names` fires or the
    deploy step stops it (a failed smoke test). `application_name` defaults to the function's name.
  EOT
  type = object({
    config = optional(string, "CodeDeployDefault.LambdaCanary10Percent5Minutes")
    custom = optional(object({
      type             = string
      percentage       = number
      interval_minutes = number
    }))
    application_name = optional(string)
  })
  default = null

  validation {
    condition = var.deployment == null || try(var.deployment.custom != null, false) || contains(concat(
      ["CodeDeployDefault.LambdaAllAtOnce"],
      [for m in [5, 10, 15, 30] : "CodeDeployDefault.LambdaCanary10Percent${m}Minutes"],
      ["CodeDeployDefault.LambdaLinear10PercentEvery1Minute"],
      [for m in [2, 3, 10] : "CodeDeployDefault.LambdaLinear10PercentEvery${m}Minutes"],
    ), try(var.deployment.config, ""))
    error_message = "deployment.config must be one of CodeDeploy's Lambda configurations (CodeDeployDefault.LambdaCanary10Percent5Minutes, ...LambdaLinear10PercentEvery1Minute, ...LambdaAllAtOnce, ...), or set deployment.custom."
  }

  validation {
    condition = try(var.deployment.custom, null) == null || try(
      contains(["TimeBasedCanary", "TimeBasedLinear"], var.deployment.custom.type) &&
      var.deployment.custom.percentage >= 1 && var.deployment.custom.percentage <= 99 &&
      var.deployment.custom.interval_minutes >= 1 && var.deployment.custom.interval_minutes <= 2880 &&
      floor(var.deployment.custom.percentage) == var.deployment.custom.percentage &&
      floor(var.deployment.custom.interval_minutes) == var.deployment.custom.interval_minutes,
      false
    )
    error_message = "deployment.custom needs type TimeBasedCanary or TimeBasedLinear, a whole percentage from 1 to 99 and a whole interval_minutes from 1 to 2880."
  }

}

# Apart from var.deployment: alarms are usually those of the API that invokes this function's alias, so they
# depend on it, while the alias depends on var.deployment (one variable would make a dependency cycle).
variable "rollback_alarm_names" {
  description = "With `deployment`: CloudWatch alarms (e.g. modules/alarms' 5xx and p99 latency alarms of the API) whose ALARM state stops a deployment and rolls the alias back."
  type        = list(string)
  default     = []

  validation {
    condition     = length(var.rollback_alarm_names) <= 10
    error_message = "rollback_alarm_names: a CodeDeploy deployment group watches at most 10 alarms."
  }
}

variable "parameters" {
  description = "Configuration in SSM Parameter Store, keyed by a lower-case name: each value becomes a SecureString parameter /<name>/<key> encrypted with the configuration key, readable by this function only (ssm:GetParameter on exactly these ARNs); its name reaches the function as <KEY>_PARAMETER_NAME."
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for k in keys(var.parameters) : can(regex("^[a-z][a-z0-9_]{0,62}$", k))])
    error_message = "parameters: keys must be lower-case letters, digits and underscores, starting with a letter (they become /<name>/<key> and <KEY>_PARAMETER_NAME)."
  }
}

variable "secrets" {
  description = "Secrets Manager secrets <name>/<key>, keyed by a lower-case name, encrypted with the configuration key and readable by this function only (secretsmanager:GetSecretValue on exactly these ARNs); the name reaches the function as <KEY>_SECRET_NAME. Terraform creates each secret without a value, so no secret is ever in the state: put one with `aws secretsmanager put-secret-value`. rotation_lambda_arn turns on rotation every 30 days; recovery_window_in_days (0 or 7-30) is how long a deleted secret can be restored and its name stays taken."
  type = map(object({
    description             = optional(string)
    rotation_lambda_arn     = optional(string)
    recovery_window_in_days = optional(number, 30)
  }))
  default = {}

  validation {
    condition     = alltrue([for k in keys(var.secrets) : can(regex("^[a-z][a-z0-9_]{0,62}$", k))])
    error_message = "secrets: keys must be lower-case letters, digits and underscores, starting with a letter (they become <name>/<key> and <KEY>_SECRET_NAME)."
  }

  validation {
    condition     = alltrue([for s in values(var.secrets) : s.recovery_window_in_days == 0 || (s.recovery_window_in_days >= 7 && s.recovery_window_in_days <= 30)])
    error_message = "secrets: recovery_window_in_days must be 0 (delete at once) or between 7 and 30."
  }
}

variable "config_kms_key_arn" {
  description = "Customer managed KMS key for the parameters and secrets (null: the module creates one, with rotation, when there are any)."
  type        = string
  default     = null

  validation {
    condition     = var.config_kms_key_arn == null || can(regex("^arn:aws[a-zA-Z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/", coalesce(var.config_kms_key_arn, "-")))
    error_message = "config_kms_key_arn must be a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID)."
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
  description = "ARN of the IAM policy set as the permissions boundary of the roles this module creates, the execution role and CodeDeploy's (null: none). A deploy role that may create roles only with a boundary (examples/github-oidc-deploy-role) needs it."
  type        = string
  default     = null

  validation {
    condition     = var.permissions_boundary == null || can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:policy/.+$", var.permissions_boundary))
    error_message = "permissions_boundary must be an IAM policy ARN: arn:aws:iam::<account id>:policy/<name>."
  }
}
