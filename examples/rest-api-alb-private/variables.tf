variable "region" {
  description = "AWS region to deploy to."
  type        = string
  default     = "ap-northeast-2"
}

variable "name" {
  description = "Name of the API, prefix of every other resource's name (after name_prefix)."
  type        = string
  default     = "private-rest"

  validation {
    condition     = can(regex("^[a-z0-9-]{1,20}$", var.name))
    error_message = "name must be 1 to 20 lower-case letters, digits or hyphens (with name_prefix it prefixes the load balancer and target group names, which allow 32 characters)."
  }
}

variable "vpc_cidr" {
  description = "CIDR block of the VPC; the two private subnets are its first two /24s."
  type        = string
  default     = "10.30.0.0/16"

  validation {
    condition     = can(cidrhost(var.vpc_cidr, 0)) && !strcontains(var.vpc_cidr, ":") && try(tonumber(split("/", var.vpc_cidr)[1]) >= 16 && tonumber(split("/", var.vpc_cidr)[1]) <= 23, false)
    error_message = "vpc_cidr must be an IPv4 CIDR block from /16 to /23 (e.g. 10.30.0.0/16): the two private subnets are /24s inside it."
  }
}

variable "backend_port" {
  description = "Port the service behind the load balancer listens on (targets are registered on it)."
  type        = number
  default     = 8080
}

variable "target_ips" {
  description = "Private IPv4 addresses of the service's tasks or instances to register in the target group (empty: GET /healthz still answers from the load balancer)."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for ip in var.target_ips : can(regex("^[0-9.]+$", ip)) && can(cidrhost("${ip}/32", 0))])
    error_message = "target_ips must be IPv4 addresses (10.30.0.15) of the service inside the VPC."
  }
}

variable "deletion_protection" {
  description = "Deletion protection of the load balancer (turn it on for anything beyond a trial)."
  type        = bool
  default     = false
}

variable "cloudwatch_role_arn" {
  description = "The region's API Gateway CloudWatch Logs role (output of examples/account-settings, or your account's). Null: the stage does not log, which a new account requires."
  type        = string
  default     = null
}
