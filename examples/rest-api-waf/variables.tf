variable "region" {
  description = "AWS region to deploy to (the web ACL is REGIONAL, in the API's region)."
  type        = string
  default     = "ap-northeast-2"
}

variable "name" {
  description = "Name of the API and the web ACL; prefixes the other resources."
  type        = string
  default     = "hello-waf"
}

variable "stage_name" {
  description = "The REST API stage the web ACL protects."
  type        = string
  default     = "prod"
}

variable "allow_listed_cidrs" {
  description = "IPv4 ranges exempt from the strict /hello rate limit (an office or a partner's egress)."
  type        = list(string)
  default     = ["203.0.113.0/24"]
}

variable "blocked_cidrs" {
  description = "IPv4 ranges whose requests are always blocked."
  type        = list(string)
  default     = ["198.51.100.0/24"]
}

variable "blocked_countries" {
  description = "ISO 3166 alpha-2 codes of countries to block (empty: no geo rule)."
  type        = list(string)
  default     = []
}

variable "create_account_cloudwatch_role" {
  description = "Set API Gateway's account-level CloudWatch role (needed for REST API logs). Account-wide: enable it only if the account and region have none yet."
  type        = bool
  default     = false
}
