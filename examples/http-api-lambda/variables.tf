variable "region" {
  description = "AWS region to deploy to."
  type        = string
  default     = "ap-northeast-2"
}

variable "name" {
  description = "Name of the API and prefix of the function."
  type        = string
  default     = "hello-http"
}

variable "allowed_origins" {
  description = "Origins allowed by CORS."
  type        = list(string)
  default     = ["https://www.example.com"]
}

variable "throttling" {
  description = "Requests per second (rate_limit) and burst (burst_limit) every route of the stage is allowed."
  type = object({
    rate_limit  = number
    burst_limit = number
  })
  default = {
    rate_limit  = 100
    burst_limit = 200
  }

  validation {
    condition     = var.throttling.rate_limit > 0 && var.throttling.burst_limit >= var.throttling.rate_limit
    error_message = "throttling needs rate_limit > 0 and burst_limit >= rate_limit."
  }
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
