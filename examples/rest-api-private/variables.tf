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

variable "cloudwatch_role_arn" {
  description = "The region's API Gateway CloudWatch Logs role: the output of examples/account-settings (applied once per region), or the role your account already has (aws apigateway get-account). With it the stages write access and execution logs; without it (a new account has none, and AWS refuses a logging stage) they do not log."
  type        = string
  default     = null
}
