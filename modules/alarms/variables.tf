variable "name_prefix" {
  description = "Prefix of every alarm name (e.g. the API's name)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]{1,200}$", var.name_prefix))
    error_message = "name_prefix must be 1-200 letters, digits, dots, hyphens or underscores."
  }
}

variable "api_type" {
  description = "HTTP, REST or WEBSOCKET: it decides the metric names and dimensions (REST: ApiName + Stage; HTTP and WebSocket: ApiId + Stage)."
  type        = string

  validation {
    condition     = contains(["HTTP", "REST", "WEBSOCKET"], var.api_type)
    error_message = "api_type must be HTTP, REST or WEBSOCKET."
  }
}

variable "api_id" {
  description = "API ID (HTTP and WebSocket APIs)."
  type        = string
  default     = null
}

variable "api_name" {
  description = "API name (REST APIs: their metrics are dimensioned by name, not ID)."
  type        = string
  default     = null
}

variable "stages" {
  description = "Stage names to watch; one set of alarms per stage."
  type        = list(string)

  validation {
    condition     = length(var.stages) > 0
    error_message = "stages must name at least one stage."
  }
}

variable "thresholds" {
  description = "Alarm thresholds. Error rates are fractions of requests (HTTP and REST: Average of 5xx/4xx); WebSocket errors are counts per period; latencies are p99 in milliseconds."
  type = object({
    error_5xx_rate             = optional(number, 0.05)
    error_4xx_rate             = optional(number, 0.25)
    websocket_5xx_count        = optional(number, 1)
    websocket_4xx_count        = optional(number, 50)
    latency_p99_ms             = optional(number, 3000)
    integration_latency_p99_ms = optional(number, 2500)
  })
  default = {}

  validation {
    condition     = var.thresholds.error_5xx_rate > 0 && var.thresholds.error_5xx_rate <= 1 && var.thresholds.error_4xx_rate > 0 && var.thresholds.error_4xx_rate <= 1
    error_message = "thresholds: error_5xx_rate and error_4xx_rate are fractions of requests, greater than 0 and at most 1 (0.05 = 5%)."
  }

  validation {
    condition     = var.thresholds.latency_p99_ms > 0 && var.thresholds.integration_latency_p99_ms > 0 && var.thresholds.websocket_5xx_count >= 0 && var.thresholds.websocket_4xx_count >= 0
    error_message = "thresholds: latencies must be positive milliseconds and WebSocket error counts non-negative."
  }
}

variable "period" {
  description = "Evaluation period in seconds (a multiple of 60)."
  type        = number
  default     = 60

  validation {
    condition     = var.period >= 60 && var.period % 60 == 0
    error_message = "period must be a multiple of 60 seconds."
  }
}

variable "evaluation_periods" {
  description = "Periods evaluated; the alarm fires when datapoints_to_alarm of them breach."
  type        = number
  default     = 5
}

variable "datapoints_to_alarm" {
  description = "Breaching periods (of evaluation_periods) that fire the alarm."
  type        = number
  default     = 3

  validation {
    condition     = var.datapoints_to_alarm >= 1
    error_message = "datapoints_to_alarm must be at least 1."
  }
}

variable "alarm_actions" {
  description = "SNS topic ARNs notified when an alarm fires (and, with notify_ok, when it clears)."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for a in var.alarm_actions : can(regex("^arn:aws[a-zA-Z-]*:sns:[a-z0-9-]+:[0-9]{12}:", a))])
    error_message = "alarm_actions must be SNS topic ARNs (arn:aws:sns:REGION:ACCOUNT:NAME)."
  }
}

variable "notify_ok" {
  description = "Also notify alarm_actions when an alarm returns to OK."
  type        = bool
  default     = true
}

variable "tags" {
  description = "Tags for the alarms."
  type        = map(string)
  default     = {}
}
