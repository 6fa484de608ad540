variable "region" {
  description = "AWS region to deploy to."
  type        = string
  default     = "ap-northeast-2"
}

variable "name" {
  description = "Name of the WebSocket API; prefixes the other resources."
  type        = string
  default     = "chat"
}

variable "stage_name" {
  description = "Stage clients connect to (wss://…/STAGE)."
  type        = string
  default     = "prod"
}

variable "execution_logging_level" {
  description = "API Gateway execution logging (OFF, ERROR, INFO) when cloudwatch_role_arn is given."
  type        = string
  default     = "ERROR"
}

variable "cloudwatch_role_arn" {
  description = "The region's API Gateway CloudWatch Logs role: the output of examples/account-settings (applied once per region), or the role your account already has (aws apigateway get-account). With it the stage writes access and execution logs; without it (a new account has none, and AWS refuses a logging stage) it does not log."
  type        = string
  default     = null
}

variable "name_prefix" {
  description = "Prepended to every name this example gives (functions, roles, log groups, tables, buckets, ...). The deploy pipeline sets its environment's namespace (e.g. \"apigw-dev-\"), the only names its role may manage (examples/github-oidc-deploy-role)."
  type        = string
  default     = ""

  validation {
    condition     = can(regex("^([a-z][a-z0-9-]{0,18}-)?$", var.name_prefix))
    error_message = "name_prefix must be empty, or lower-case letters, digits and hyphens ending in \"-\" (at most 20 characters), e.g. \"apigw-dev-\"."
  }
}

variable "permissions_boundary" {
  description = "ARN of the IAM policy set as the permissions boundary of every role this example creates (null: none). The deploy pipeline's role may create roles only with its environment's boundary."
  type        = string
  default     = null

  validation {
    condition     = var.permissions_boundary == null || can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:policy/.+$", var.permissions_boundary))
    error_message = "permissions_boundary must be an IAM policy ARN: arn:aws:iam::<account id>:policy/<name>."
  }
}
