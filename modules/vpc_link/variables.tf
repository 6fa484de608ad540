variable "name" {
  description = "Name of the VPC link."
  type        = string

  validation {
    condition     = length(var.name) >= 1 && length(var.name) <= 128
    error_message = "name must be 1 to 128 characters long."
  }
}

variable "api_type" {
  description = <<-EOT
    Which kind of API uses the link. "REST" with nlb_arns: a VPC link v1 (aws_api_gateway_vpc_link)
    to one or more Network Load Balancers (legacy); "REST" with subnet_ids, or "HTTP": a VPC link
    v2 (aws_apigatewayv2_vpc_link) with ENIs in subnet_ids guarded by security_group_ids. REST
    integrations (modules/rest_api) take the id as vpc_link_id, naming the load balancer of a v2
    link in integration_target, so an Application Load Balancer needs no NLB in front; HTTP API
    private integrations take it as vpc_link_id and reach an ALB or NLB listener, or a Cloud Map
    service.
  EOT
  type        = string

  validation {
    condition     = contains(["REST", "HTTP"], var.api_type)
    error_message = "api_type must be \"REST\" (VPC link v1 to NLBs) or \"HTTP\" (VPC link v2 with subnets and security groups)."
  }
}

variable "description" {
  description = "Description of the link (VPC link v1 only; v2 links have no description)."
  type        = string
  default     = null
}

variable "nlb_arns" {
  description = "REST, VPC link v1: ARNs of the Network Load Balancers the link targets. v1 links reach NLBs only; to reach an ALB give subnet_ids instead (a v2 link)."
  type        = list(string)
  default     = []

  validation {
    condition = alltrue([
      for arn in var.nlb_arns :
      can(regex("^arn:aws[a-zA-Z-]*:elasticloadbalancing:[a-z0-9-]+:[0-9]{12}:loadbalancer/net/[A-Za-z0-9-]{1,32}/[0-9a-f]+$", arn))
    ])
    error_message = "nlb_arns: every entry must be a Network Load Balancer ARN (arn:aws:elasticloadbalancing:REGION:ACCOUNT:loadbalancer/net/NAME/ID); VPC links v1 cannot target an ALB (give subnet_ids for a v2 link instead)."
  }
}

variable "subnet_ids" {
  description = "VPC link v2 (HTTP, or REST to an ALB or NLB): subnets the link places its ENIs in, normally private subnets in at least two Availability Zones of the VPC that holds the load balancer."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for id in var.subnet_ids : can(regex("^subnet-[0-9a-f]{8,17}$", id))])
    error_message = "subnet_ids: every entry must be a subnet ID (subnet-0123456789abcdef0)."
  }
}

variable "security_group_ids" {
  description = "VPC link v2: security groups of the link's ENIs; the load balancer's security group must allow traffic from them."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for id in var.security_group_ids : can(regex("^sg-[0-9a-f]{8,17}$", id))])
    error_message = "security_group_ids: every entry must be a security group ID (sg-0123456789abcdef0)."
  }
}

variable "tags" {
  description = "Tags for the link."
  type        = map(string)
  default     = {}
}
