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

variable "cloudwatch_role_arn" {
  description = "The region's API Gateway CloudWatch Logs role: the output of examples/account-settings (applied once per region), or the role your account already has (aws apigateway get-account). With it the stages write access and execution logs; without it (a new account has none, and AWS refuses a logging stage) they do not log."
  type        = string
  default     = null
}
