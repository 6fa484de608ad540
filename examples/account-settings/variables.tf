variable "region" {
  description = "AWS region whose API Gateway account settings to manage."
  type        = string
  default     = "ap-northeast-2"
}

variable "role_name" {
  description = "Name of the CloudWatch Logs role API Gateway assumes."
  type        = string
  default     = "apigateway-cloudwatch-logs"
}
