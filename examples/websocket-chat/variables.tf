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
  description = "API Gateway execution logging: ERROR or INFO need the account's API Gateway CloudWatch Logs role (set once per region); OFF does not."
  type        = string
  default     = "ERROR"
}
