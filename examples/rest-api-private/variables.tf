variable "region" {
  description = "AWS region to deploy to."
  type        = string
  default     = "ap-northeast-2"
}

variable "name" {
  description = "Name of the API; prefixes the other resources."
  type        = string
  default     = "hello-private"
}

variable "vpc_endpoint_ids" {
  description = "Existing interface VPC endpoints for execute-api that may call the API. Empty (the default): the example creates a VPC, two private subnets, a security group and the endpoint itself."
  type        = list(string)
  default     = []
}

variable "vpc_cidr" {
  description = "CIDR block of the VPC the example creates (when vpc_endpoint_ids is empty)."
  type        = string
  default     = "10.20.0.0/16"

  validation {
    condition     = can(cidrsubnet(var.vpc_cidr, 8, 1))
    error_message = "vpc_cidr must be an IPv4 CIDR block of /16 to /24, e.g. 10.20.0.0/16."
  }
}

variable "create_account_cloudwatch_role" {
  description = "Set API Gateway's account-level CloudWatch role (needed for REST API logs). Account-wide: enable it only if the account and region have none yet."
  type        = bool
  default     = false
}
