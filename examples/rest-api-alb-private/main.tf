# A REST API in front of a service with no public address, without a Network Load Balancer:
#   client (IPv4 or IPv6, TLS 1.3) -> REST API (REGIONAL, dual-stack, stage prod)
#          -> VPC link v2 (modules/vpc_link: ENIs in two private subnets, own security group)
#          -> internal Application Load Balancer (integration_target) -> target group (IP targets)
# GET /healthz is answered by the load balancer itself, so the private path can be checked before any service is
# registered; ANY /{proxy+} (SigV4 callers) reaches the service, its response streamed as the service writes it;
# responses of 1 KB and more are compressed for clients that accept it.

data "aws_availability_zones" "available" {
  # checkov:skip=CKV_AWS_394: the subnets take the first two zone names; names sort, so a zone AWS adds later does not move them
  state = "available"
}

locals {
  # every name of the example starts with name_prefix: the deploy pipeline's namespace, which its role may manage
  name    = "${var.name_prefix}${var.name}"
  logging = var.cloudwatch_role_arn != null

  subnets = {
    for i, az in slice(data.aws_availability_zones.available.names, 0, 2) :
    az => cidrsubnet(var.vpc_cidr, 24 - tonumber(split("/", var.vpc_cidr)[1]), i)
  }

  # The Host header (and, with https://, the certificate name) API Gateway sends to the load balancer
  backend = "http://${aws_lb.this.dns_name}"

  healthz_url = "${module.api.stage_invoke_urls["prod"]}/healthz"
}

################################################################################
# Network: VPC, private subnets, security groups (VPC link ENIs -> load balancer -> targets)
################################################################################

resource "aws_vpc" "this" {
  # checkov:skip=CKV2_AWS_11: the VPC holds the load balancer and the VPC link's ENIs, reached only through the API, whose JSON access logs record every call; turn flow logs on where your account's network-logging policy asks for them
  cidr_block           = var.vpc_cidr
  enable_dns_support   = true
  enable_dns_hostnames = true

  tags = { Name = local.name }
}

# The VPC's default security group allows nothing: every ENI here uses its own group.
resource "aws_default_security_group" "this" {
  vpc_id = aws_vpc.this.id
}

resource "aws_subnet" "private" {
  for_each = local.subnets

  vpc_id                  = aws_vpc.this.id
  availability_zone       = each.key
  cidr_block              = each.value
  map_public_ip_on_launch = false

  tags = { Name = "${local.name}-private-${each.key}" }
}

resource "aws_security_group" "vpc_link" {
  # checkov:skip=CKV2_AWS_5:attached to the VPC link (module.vpc_link, security_group_ids); in a plan checkov follows no reference into a module
  name        = "${local.name}-vpc-link"
  description = "API Gateway VPC link ENIs: may reach the load balancer listener only"
  vpc_id      = aws_vpc.this.id
}

resource "aws_security_group" "lb" {
  name        = "${local.name}-lb"
  description = "Internal load balancer: reachable from the VPC link only"
  vpc_id      = aws_vpc.this.id
}

resource "aws_vpc_security_group_egress_rule" "vpc_link_to_lb" {
  security_group_id            = aws_security_group.vpc_link.id
  description                  = "to the load balancer listener"
  ip_protocol                  = "tcp"
  from_port                    = 80
  to_port                      = 80
  referenced_security_group_id = aws_security_group.lb.id
}

resource "aws_vpc_security_group_ingress_rule" "lb_from_vpc_link" {
  # checkov:skip=CKV_AWS_260:the source is the VPC link's security group (referenced_security_group_id), not 0.0.0.0/0; checkov's HCL scan sees port 80 and no CIDR and takes it for any address (the plan scan passes it)
  security_group_id            = aws_security_group.lb.id
  description                  = "from the API Gateway VPC link"
  ip_protocol                  = "tcp"
  from_port                    = 80
  to_port                      = 80
  referenced_security_group_id = aws_security_group.vpc_link.id
}

resource "aws_vpc_security_group_egress_rule" "lb_to_targets" {
  security_group_id = aws_security_group.lb.id
  description       = "to the service's targets in the VPC"
  ip_protocol       = "tcp"
  from_port         = var.backend_port
  to_port           = var.backend_port
  cidr_ipv4         = aws_vpc.this.cidr_block
}

################################################################################
# Internal Application Load Balancer
################################################################################

resource "aws_lb" "this" {
  # checkov:skip=CKV_AWS_150: deletion protection is the deletion_protection variable, off so that the example can be destroyed
  # checkov:skip=CKV2_AWS_20:the internal load balancer has a single listener, reached only through the VPC link inside the VPC; API Gateway terminates the clients' TLS 1.3
  # checkov:skip=CKV_AWS_91: every request reaching the load balancer comes through the API, whose JSON access logs (modules/rest_api) record it
  name                       = "${local.name}-alb"
  internal                   = true
  load_balancer_type         = "application"
  subnets                    = [for s in aws_subnet.private : s.id]
  security_groups            = [aws_security_group.lb.id]
  drop_invalid_header_fields = true
  enable_deletion_protection = var.deletion_protection
}

resource "aws_lb_target_group" "this" {
  # checkov:skip=CKV_AWS_378:the targets are the service's own addresses inside the VPC, reachable only from the load balancer's security group
  name        = "${local.name}-tg"
  vpc_id      = aws_vpc.this.id
  target_type = "ip"
  protocol    = "HTTP"
  port        = var.backend_port

  health_check {
    path    = "/health"
    matcher = "200"
  }
}

resource "aws_lb_target_group_attachment" "this" {
  for_each = toset(var.target_ips)

  target_group_arn = aws_lb_target_group.this.arn
  target_id        = each.value
  port             = var.backend_port
}

resource "aws_lb_listener" "this" {
  # checkov:skip=CKV_AWS_2:the internal listener speaks HTTP inside the VPC, where only the VPC link's interfaces may reach it (aws_vpc_security_group_ingress_rule.lb_from_vpc_link)
  # checkov:skip=CKV_AWS_103:no TLS on the internal listener (see CKV_AWS_2); the clients' TLS 1.3 ends at API Gateway
  load_balancer_arn = aws_lb.this.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.this.arn
  }
}

# Answered by the load balancer itself: proves client -> API -> VPC link -> load balancer works.
resource "aws_lb_listener_rule" "healthz" {
  listener_arn = aws_lb_listener.this.arn
  priority     = 1

  action {
    type = "fixed-response"
    fixed_response {
      content_type = "application/json"
      message_body = jsonencode({ status = "ok", via = "vpc-link-v2" })
      status_code  = "200"
    }
  }

  condition {
    path_pattern {
      values = ["/healthz"]
    }
  }
}

################################################################################
# VPC link v2 and the REST API
################################################################################

module "vpc_link" {
  source = "../../modules/vpc_link"

  name               = local.name
  api_type           = "REST"
  subnet_ids         = [for s in aws_subnet.private : s.id]
  security_group_ids = [aws_security_group.vpc_link.id]
}

module "api" {
  source = "../../modules/rest_api"

  name            = local.name
  description     = "REST API in front of a private service (VPC link v2 -> internal ALB, no NLB)"
  ip_address_type = "dualstack"
  # security_policy: the default, SecurityPolicy_TLS13_1_3_2025_09 (TLS 1.3 only), endpoint access STRICT
  minimum_compression_size = 1024

  resources = {
    "/healthz" = {
      methods = {
        GET = {
          public = true # a liveness probe carries no data
          integration = {
            type               = "HTTP_PROXY"
            uri                = "${local.backend}/healthz"
            vpc_link_id        = module.vpc_link.id
            integration_target = aws_lb.this.arn
          }
        }
      }
    }
    "/{proxy+}" = {
      methods = {
        ANY = {
          authorization      = { type = "AWS_IAM" } # SigV4-signed callers with execute-api:Invoke
          request_parameters = { "method.request.path.proxy" = true }
          integration = {
            type                   = "HTTP_PROXY"
            uri                    = "${local.backend}/{proxy}"
            request_parameters     = { "integration.request.path.proxy" = "method.request.path.proxy" }
            vpc_link_id            = module.vpc_link.id
            integration_target     = aws_lb.this.arn
            response_transfer_mode = "STREAM" # server-sent events, large downloads: past 10 MB and 29 s
          }
        }
      }
    }
  }

  stages = {
    prod = { logging_level = local.logging ? "ERROR" : "OFF" }
  }

  # REST stages log only through the region's API Gateway CloudWatch role (examples/account-settings)
  cloudwatch_role_arn = var.cloudwatch_role_arn
  access_logs         = { enabled = local.logging }
}
