# A PRIVATE REST API: reachable only through an interface VPC endpoint for execute-api. A resource
# policy allows execute-api:Invoke from that endpoint (aws:SourceVpce) and denies everything else.
# GET /hello is a Lambda proxy integration to the hello function (seed 실습 A's code).
#
# By default the example creates the network too: a VPC, two private subnets in two availability
# zones, a security group admitting HTTPS from the VPC, and the endpoint. Pass vpc_endpoint_ids to
# use endpoints you already have instead (see README: one execute-api endpoint usually serves every
# private API of a VPC).

locals {
  # every name of the example starts with name_prefix: the deploy pipeline's namespace, which its role may manage
  name    = "${var.name_prefix}${var.name}"
  logging = var.cloudwatch_role_arn != null

  manifest      = jsondecode(file("${path.module}/../../build/lambda/manifest.json"))
  hello         = local.manifest.functions.hello
  create_vpc    = length(var.vpc_endpoint_ids) == 0
  endpoint_ids  = local.create_vpc ? [aws_vpc_endpoint.execute_api[0].id] : var.vpc_endpoint_ids
  subnet_blocks = [cidrsubnet(var.vpc_cidr, 8, 1), cidrsubnet(var.vpc_cidr, 8, 2)]
}

data "aws_availability_zones" "available" {
  # checkov:skip=CKV_AWS_394: the subnets take names[0] and names[1]; zone names sort, so a zone AWS adds later does not move them
  state = "available"
}

################################################################################
# Network: VPC, two private subnets, the execute-api interface endpoint
################################################################################

resource "aws_vpc" "this" {
  # checkov:skip=CKV2_AWS_11: the VPC holds only the execute-api endpoint; API Gateway access logs record every call. Turn flow logs on where your account's network-logging policy asks for them
  count = local.create_vpc ? 1 : 0

  cidr_block           = var.vpc_cidr
  enable_dns_support   = true # both are needed for the endpoint's private DNS names
  enable_dns_hostnames = true

  tags = { Name = local.name }
}

resource "aws_subnet" "private" {
  count = local.create_vpc ? 2 : 0

  vpc_id            = aws_vpc.this[0].id
  cidr_block        = local.subnet_blocks[count.index]
  availability_zone = data.aws_availability_zones.available.names[count.index]

  tags = { Name = "${local.name}-private-${count.index + 1}" }
}

# The VPC's default security group, emptied: nothing here should use it.
resource "aws_default_security_group" "this" {
  count = local.create_vpc ? 1 : 0

  vpc_id  = aws_vpc.this[0].id
  ingress = []
  egress  = []

  tags = { Name = "${local.name}-default-unused" }
}

resource "aws_security_group" "endpoint" {
  count = local.create_vpc ? 1 : 0

  name        = "${local.name}-execute-api-endpoint"
  description = "HTTPS from inside the VPC to the execute-api endpoint"
  vpc_id      = aws_vpc.this[0].id

  tags = { Name = "${local.name}-execute-api-endpoint" }
}

resource "aws_vpc_security_group_ingress_rule" "https" {
  count = local.create_vpc ? 1 : 0

  security_group_id = aws_security_group.endpoint[0].id
  description       = "HTTPS from the VPC"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = var.vpc_cidr
}

resource "aws_vpc_endpoint" "execute_api" {
  count = local.create_vpc ? 1 : 0

  vpc_id              = aws_vpc.this[0].id
  service_name        = "com.amazonaws.${var.region}.execute-api"
  vpc_endpoint_type   = "Interface"
  subnet_ids          = aws_subnet.private[*].id
  security_group_ids  = [aws_security_group.endpoint[0].id]
  private_dns_enabled = true

  tags = { Name = "${local.name}-execute-api" }
}

################################################################################
# Function and API
################################################################################

module "hello" {
  source = "../../modules/lambda_function"

  permissions_boundary = var.permissions_boundary

  name         = "${local.name}-hello"
  description  = "Says hello behind a private REST API"
  handler      = local.hello.handler
  runtime      = local.hello.runtime
  architecture = local.hello.architecture
  package = {
    filename         = "${path.module}/../../${local.hello.filename}"
    source_code_hash = local.hello.source_code_hash
  }
}

module "api" {
  source = "../../modules/rest_api"

  name             = local.name
  description      = "Private REST API: only the listed VPC endpoints may call it"
  endpoint_type    = "PRIVATE"
  vpc_endpoint_ids = local.endpoint_ids

  resources = {
    "/hello" = {
      methods = {
        GET = {
          integration = { type = "AWS_PROXY", function_arn = module.hello.alias_arn }
          # no caller identity: the resource policy admits only callers inside the VPC endpoint
          public = true
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
