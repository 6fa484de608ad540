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
