locals {
  rest = var.api_type == "REST"
  http = var.api_type == "HTTP"
}

################################################################################
# VPC link v1 (REST APIs): Network Load Balancers
################################################################################

resource "aws_api_gateway_vpc_link" "this" {
  count = local.rest ? 1 : 0

  name        = var.name
  description = var.description
  target_arns = var.nlb_arns
  tags        = var.tags

  lifecycle {
    precondition {
      condition     = length(var.nlb_arns) > 0
      error_message = "A REST VPC link (v1) needs at least one Network Load Balancer: set nlb_arns."
    }
    precondition {
      condition     = length(var.subnet_ids) == 0 && length(var.security_group_ids) == 0
      error_message = "subnet_ids and security_group_ids belong to HTTP VPC links (v2); a REST VPC link (v1) reaches its VPC through the NLBs in nlb_arns."
    }
  }
}

################################################################################
# VPC link v2 (HTTP APIs): ENIs in subnets, behind security groups
################################################################################

resource "aws_apigatewayv2_vpc_link" "this" {
  count = local.http ? 1 : 0

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
      error_message = "nlb_arns belong to REST VPC links (v1); an HTTP VPC link (v2) reaches the load balancer through subnet_ids, and each integration names the listener ARN."
    }
  }
}
