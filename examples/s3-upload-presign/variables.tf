variable "region" {
  description = "AWS region to deploy to."
  type        = string
  default     = "ap-northeast-2"
}

variable "name" {
  description = "Name of the API; prefixes the function and the user pool."
  type        = string
  default     = "uploads"
}

variable "bucket_name" {
  description = "Name of the upload bucket (globally unique)."
  type        = string
  default     = "apigwkit-example-uploads"

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$", var.bucket_name)) && !strcontains(var.bucket_name, "--")
    error_message = "bucket_name must be 3-63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit."
  }
}

variable "allowed_origins" {
  description = "Web origins allowed to call POST /uploads and to POST the file to the bucket (CORS)."
  type        = list(string)
  default     = ["https://www.example.com"]

  validation {
    condition     = length(var.allowed_origins) > 0 && alltrue([for o in var.allowed_origins : can(regex("^https://[^/*]+$", o))])
    error_message = "allowed_origins must list at least one https:// origin without a path or wildcard."
  }
}

variable "allowed_content_types" {
  description = "Content types a client may upload; the presigned POST policy pins the one requested."
  type        = list(string)
  default     = ["image/png", "image/jpeg", "application/pdf"]

  validation {
    condition     = length(var.allowed_content_types) > 0 && alltrue([for t in var.allowed_content_types : can(regex("^[a-z0-9][a-z0-9.+-]*/[a-z0-9][a-z0-9.+-]*$", t))])
    error_message = "allowed_content_types must list at least one lowercase type/subtype such as image/png."
  }
}

variable "max_upload_bytes" {
  description = "Largest upload the presigned POST accepts (content-length-range), in bytes."
  type        = number
  default     = 10485760

  validation {
    condition     = var.max_upload_bytes >= 1 && var.max_upload_bytes <= 5368709120 && floor(var.max_upload_bytes) == var.max_upload_bytes
    error_message = "max_upload_bytes must be a whole number between 1 and 5368709120 (5 GiB, S3's limit for a POST upload)."
  }
}

variable "url_expires_seconds" {
  description = "Lifetime of a presigned POST, in seconds."
  type        = number
  default     = 300

  validation {
    condition     = var.url_expires_seconds >= 1 && var.url_expires_seconds <= 300 && floor(var.url_expires_seconds) == var.url_expires_seconds
    error_message = "url_expires_seconds must be a whole number between 1 and 300."
  }
}
