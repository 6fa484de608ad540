variable "region" {
  description = "AWS region to deploy to."
  type        = string
  default     = "ap-northeast-2"
}

variable "name" {
  description = "Prefix of the two APIs' names (NAME-v1, NAME-v2; after name_prefix)."
  type        = string
  default     = "orders"

  validation {
    condition     = can(regex("^[A-Za-z0-9-]{1,60}$", var.name))
    error_message = "name must be 1 to 60 letters, digits or hyphens."
  }
}

variable "domain_name" {
  description = "The custom domain both versions are served on; name_prefix is put before it (apigw-dev-api.example.com), so a certificate for *.example.com serves every environment."
  type        = string
  default     = "api.example.com"
}

variable "certificate_arn" {
  description = "ACM certificate for domain_name in the API's region, ISSUED. The default names a certificate of the offline test account only: pass yours to apply for real."
  type        = string
  default     = "arn:aws:acm:ap-northeast-2:123456789012:certificate/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
}

variable "route53_zone_id" {
  description = "Public hosted zone of domain_name in which to create the alias records (A and AAAA); null: create the DNS records yourself (outputs target_domain_name, hosted_zone_id)."
  type        = string
  default     = null
}

variable "cloudwatch_role_arn" {
  description = "The region's API Gateway CloudWatch Logs role (output of examples/account-settings, or your account's). Null: the stages do not log, which a new account requires."
  type        = string
  default     = null
}
