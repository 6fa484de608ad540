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

variable "cloudwatch_role_arn" {
  description = "The region's API Gateway CloudWatch Logs role: the output of examples/account-settings (applied once per region), or the role your account already has (aws apigateway get-account). With it the stages write access and execution logs; without it (a new account has none, and AWS refuses a logging stage) they do not log."
  type        = string
  default     = null
}
