# An HTTP API that reaches a service with no public address:
#   client -> HTTP API ($default stage) -> VPC link v2 (ENIs in two private subnets)
#          -> internal Application Load Balancer listener -> target group (IP targets)
# The VPC, its private subnets in two Availability Zones, the security groups, the load balancer,
# its listener and target group are created here; GET /healthz is answered by the load balancer
# itself, so the whole private path can be checked before any service is registered.

data "aws_availability_zones" "available" {
  # checkov:skip=CKV_AWS_394: the subnets take the first two zone names; names sort, so a zone AWS adds later does not move them
  state = "available"
}

locals {
  # every name of the example starts with name_prefix: the deploy pipeline's namespace, which its role may manage
  name = "${var.name_prefix}${var.name}"
  # two AZs, one private subnet in each
  subnets = {
    for i, az in slice(data.aws_availability_zones.available.names, 0, 2) :
    az => cidrsubnet(var.vpc_cidr, 24 - tonumber(split("/", var.vpc_cidr)[1]), i)
  }

  https         = var.listener_certificate_arn != null
  listener_port = local.https ? 443 : 80
}

################################################################################
# Network: VPC, private subnets, flow logs
################################################################################

resource "aws_vpc" "this" {
  cidr_block           = var.vpc_cidr
  enable_dns_support   = true
  enable_dns_hostnames = true

  tags = {
    Name = local.name
  }
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

  tags = {
    Name = "${local.name}-private-${each.key}"
  }
}

resource "aws_cloudwatch_log_group" "flow" {
  # checkov:skip=CKV_AWS_158: a KMS key is optional (log_kms_key_arn); without one CloudWatch Logs encrypts the group with its own keys
  name              = "/aws/vpc/${local.name}/flow-logs"
  retention_in_days = var.log_retention_in_days
  kms_key_id        = var.log_kms_key_arn
}

data "aws_iam_policy_document" "flow_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["vpc-flow-logs.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "flow" {
  name                 = "${local.name}-flow-logs"
  assume_role_policy   = data.aws_iam_policy_document.flow_assume.json
  permissions_boundary = var.permissions_boundary
}

data "aws_iam_policy_document" "flow" {
  statement {
    sid       = "OwnLogGroup"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"]
    resources = ["${aws_cloudwatch_log_group.flow.arn}:*"]
  }
}

resource "aws_iam_role_policy" "flow" {
  name   = "${local.name}-flow-logs"
  role   = aws_iam_role.flow.id
  policy = data.aws_iam_policy_document.flow.json
}

resource "aws_flow_log" "this" {
  vpc_id               = aws_vpc.this.id
  traffic_type         = "ALL"
  log_destination_type = "cloud-watch-logs"
  log_destination      = aws_cloudwatch_log_group.flow.arn
  iam_role_arn         = aws_iam_role.flow.arn
}

################################################################################
# Security groups: VPC link ENIs -> load balancer -> targets, nothing else
################################################################################

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
  from_port                    = local.listener_port
  to_port                      = local.listener_port
  referenced_security_group_id = aws_security_group.lb.id
}

resource "aws_vpc_security_group_ingress_rule" "lb_from_vpc_link" {
  security_group_id            = aws_security_group.lb.id
  description                  = "from the API Gateway VPC link"
  ip_protocol                  = "tcp"
  from_port                    = local.listener_port
  to_port                      = local.listener_port
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
# Internal load balancer, target group, listener
################################################################################

resource "aws_lb" "this" {
  # checkov:skip=CKV_AWS_150: deletion protection is the deletion_protection variable, off so that the example can be destroyed
  # checkov:skip=CKV2_AWS_20:the internal load balancer has a single listener, reached only through the VPC link; it speaks HTTPS when listener_certificate_arn is set, so there is no HTTP listener to redirect
  # checkov:skip=CKV_AWS_91: every request reaching the load balancer comes through the API, whose JSON access logs (modules/http_api) record it; add an S3 access-log bucket for the load balancer's own view
  name                       = "${local.name}-alb"
  internal                   = true
  load_balancer_type         = "application"
  subnets                    = [for s in aws_subnet.private : s.id]
  security_groups            = [aws_security_group.lb.id]
  drop_invalid_header_fields = true
  enable_deletion_protection = var.deletion_protection
}

resource "aws_lb_target_group" "this" {
  # checkov:skip=CKV_AWS_378:the targets are the service's own addresses inside the VPC, reachable only from the load balancer's security group; TLS to them is the service's choice
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
  # checkov:skip=CKV_AWS_2:HTTPS (TLS 1.2+ policy) when listener_certificate_arn is set; by default the internal listener speaks HTTP inside the VPC, where only the VPC link's interfaces may reach it (aws_vpc_security_group_ingress_rule.lb_from_vpc_link)
  # checkov:skip=CKV_AWS_103:HTTPS (TLS 1.2+ policy) when listener_certificate_arn is set; by default the internal listener speaks HTTP inside the VPC, where only the VPC link's interfaces may reach it (aws_vpc_security_group_ingress_rule.lb_from_vpc_link)
  load_balancer_arn = aws_lb.this.arn
  port              = local.listener_port
  protocol          = local.https ? "HTTPS" : "HTTP"
  certificate_arn   = var.listener_certificate_arn
  ssl_policy        = local.https ? "ELBSecurityPolicy-TLS13-1-2-2021-06" : null

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.this.arn
  }

  lifecycle {
    precondition {
      condition     = var.listener_certificate_arn == null || var.backend_server_name != null
      error_message = "With listener_certificate_arn (HTTPS), set backend_server_name to the host name in the certificate, which API Gateway verifies."
    }
  }
}

# Answered by the load balancer itself: proves client -> API -> VPC link -> listener works.
resource "aws_lb_listener_rule" "healthz" {
  listener_arn = aws_lb_listener.this.arn
  priority     = 1

  action {
    type = "fixed-response"
    fixed_response {
      content_type = "application/json"
      message_body = jsonencode({ status = "ok", via = "vpc-link" })
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
# VPC link v2 and the HTTP API
################################################################################

module "vpc_link" {
  source = "../../modules/vpc_link"

  name               = local.name
  api_type           = "HTTP"
  subnet_ids         = [for s in aws_subnet.private : s.id]
  security_group_ids = [aws_security_group.vpc_link.id]
}

module "api" {
  source = "../../modules/http_api"

  name        = local.name
  description = "HTTP API in front of a private service (VPC link v2 -> internal ALB)"

  routes = {
    "GET /healthz" = {
      integration = {
        type            = "private"
        uri             = aws_lb_listener.this.arn
        vpc_link_id     = module.vpc_link.id
        method          = "GET"
        tls_server_name = var.backend_server_name
      }
      # a liveness probe carries no data
      public = true
    }
    "ANY /{proxy+}" = {
      integration = {
        type            = "private"
        uri             = aws_lb_listener.this.arn
        vpc_link_id     = module.vpc_link.id
        tls_server_name = var.backend_server_name
      }
      # the service itself: SigV4-signed callers with execute-api:Invoke only
      authorization = { type = "AWS_IAM" }
    }
  }
}
