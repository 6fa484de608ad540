variable "role_name" {
  description = "Name of the IAM role API Gateway writes logs with (one per account: IAM names are account-wide)."
  type        = string
  default     = "apigateway-cloudwatch-logs"

  validation {
    condition     = can(regex("^[A-Za-z0-9+=,.@_-]{1,64}$", var.role_name))
    error_message = "role_name must be 1-64 characters of letters, digits and + = , . @ _ - (IAM's rule for role names)."
  }
}

variable "role_path" {
  description = "IAM path of the role."
  type        = string
  default     = "/"

  validation {
    condition     = can(regex("^/([\\x21-\\x7E]{0,510}/)?$", var.role_path))
    error_message = "role_path must begin and end with / (e.g. / or /apigateway/) and be at most 512 printable ASCII characters."
  }
}

variable "permissions_boundary_arn" {
  description = "Permissions boundary for the role (an IAM policy ARN), where the account requires one on every role."
  type        = string
  default     = null

  validation {
    condition     = var.permissions_boundary_arn == null || can(regex("^arn:aws[a-zA-Z-]*:iam::([0-9]{12}|aws):policy/", var.permissions_boundary_arn))
    error_message = "permissions_boundary_arn must be an IAM policy ARN (arn:aws:iam::ACCOUNT:policy/NAME)."
  }
}

variable "tags" {
  description = "Tags for the role."
  type        = map(string)
  default     = {}
}
