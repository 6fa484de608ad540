variable "region" {
  description = "AWS region to deploy to."
  type        = string
  default     = "ap-northeast-2"
}

variable "name" {
  description = "Name of the API and prefix of the function, the alarms and the CodeDeploy application."
  type        = string
  default     = "hello-canary"
}

variable "canary" {
  description = "How CodeDeploy shifts traffic to a new version: a predefined Lambda configuration (config), or, when percentage and interval_minutes are set, a custom TimeBasedCanary with them."
  type = object({
    config           = optional(string, "CodeDeployDefault.LambdaCanary10Percent5Minutes")
    percentage       = optional(number)
    interval_minutes = optional(number)
  })
  default = {}

  validation {
    condition     = (var.canary.percentage == null) == (var.canary.interval_minutes == null)
    error_message = "canary: set both percentage and interval_minutes (a custom canary), or neither (the predefined config)."
  }
}

variable "thresholds" {
  description = "Alarm thresholds of the $default stage (modules/alarms); the 5xx rate and p99 latency alarms roll a deployment back."
  type = object({
    error_5xx_rate = optional(number, 0.05)
    latency_p99_ms = optional(number, 3000)
  })
  default = {}
}
