variable "region" {
  description = "AWS region to deploy to."
  type        = string
  default     = "ap-northeast-2"
}

variable "name" {
  description = "Name of the API and prefix of the function."
  type        = string
  default     = "hello-http"
}

variable "allowed_origins" {
  description = "Origins allowed by CORS."
  type        = list(string)
  default     = ["https://www.example.com"]
}

variable "throttling" {
  description = "Requests per second (rate_limit) and burst (burst_limit) every route of the stage is allowed."
  type = object({
    rate_limit  = number
    burst_limit = number
  })
  default = {
    rate_limit  = 100
    burst_limit = 200
  }

  validation {
    condition     = var.throttling.rate_limit > 0 && var.throttling.burst_limit >= var.throttling.rate_limit
    error_message = "throttling needs rate_limit > 0 and burst_limit >= rate_limit."
  }
}
