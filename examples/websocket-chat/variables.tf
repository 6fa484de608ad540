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
