variable "region" {
  description = "AWS region to deploy to."
  type        = string
  default     = "ap-northeast-2"
}

variable "name" {
  description = "Name of the API and prefix of the function."
  type        = string
  default     = "sum-rest"
}

variable "allowed_origin" {
  description = "The origin browsers may call the API from (CORS)."
  type        = string
  default     = "https://www.example.com"
}

variable "canary_percent" {
  description = "Share of prod requests (0-100) served by the canary."
  type        = number
  default     = 10
}

variable "create_account_cloudwatch_role" {
  description = "Set API Gateway's account-level CloudWatch role (needed for REST API logs). Account-wide: enable it only if the account and region have none yet."
  type        = bool
  default     = false
}
