variable "region" {
  description = "AWS region to deploy to."
  type        = string
  default     = "ap-northeast-2"
}

variable "name" {
  description = "Name of the API; prefixes the other resources."
  type        = string
  default     = "orders-jwt"
}

variable "callback_urls" {
  description = "Where Cognito's hosted login may send users back to (authorization code flow)."
  type        = list(string)
  default     = ["https://www.example.com/callback"]
}

variable "partner_issuer" {
  description = "Issuer the Lambda authorizer on GET /partner trusts (null: this example's user pool)."
  type        = string
  default     = null
}

variable "domain" {
  description = "Optional custom domain: { domain_name, certificate_arn, route53_zone_id } (the certificate is an ACM certificate in var.region)."
  type = object({
    domain_name     = string
    certificate_arn = string
    route53_zone_id = optional(string)
  })
  default = null
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
