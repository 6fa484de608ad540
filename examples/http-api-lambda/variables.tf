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
