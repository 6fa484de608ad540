locals {
  # A REST API reaches NLBs through a VPC link v1, or (since 2025) ALBs and NLBs through a VPC link v2 in its subnets:
  # https://docs.aws.amazon.com/apigateway/latest/developerguide/private-integration.html
  v1 = var.api_type == "REST" && length(var.subnet_ids) == 0
  v2 = !local.v1
}

################################################################################
# VPC link v1 (REST APIs, legacy): Network Load Balancers
################################################################################

resource "aws_api_gateway_vpc_link" "this" {
  count = local.v1 ? 1 : 0

  name        = var.name
  description = var.description
  target_arns = var.nlb_arns
  tags        = var.tags

  lifecycle {
    precondition {
      condition     = length(var.nlb_arns) > 0
      error_message = "A REST VPC link needs either nlb_arns (a VPC link v1 to Network Load Balancers) or subnet_ids (a VPC link v2, which reaches Application and Network Load Balancers)."
    }
    precondition {
      condition     = length(var.security_group_ids) == 0
      error_message = "security_group_ids belong to VPC links v2 (with subnet_ids); a VPC link v1 reaches its VPC through the NLBs in nlb_arns."
    }
  }
}

################################################################################
# VPC link v2 (HTTP APIs, and REST APIs to ALBs or NLBs): ENIs in subnets, behind security groups
################################################################################

resource "aws_apigatewayv2_vpc_link" "this" {
  count = local.v2 ? 1 : 0

  name               = var.name
  subnet_ids         = var.subnet_ids
  security_group_ids = var.security_group_ids
  tags               = var.tags

  lifecycle {
    precondition {
      condition     = length(var.subnet_ids) > 0
      error_message = "An HTTP VPC link (v2) needs subnets for its network interfaces: set subnet_ids (private subnets in at least two Availability Zones)."
    }
    precondition {
      condition     = length(var.nlb_arns) == 0
      error_message = "nlb_arns belong to REST VPC links v1; a VPC link v2 (subnet_ids) reaches the load balancer through its subnets, and each integration names the load balancer (REST: integration_target) or listener (HTTP: uri)."
    }
  }
}
