# Seed 실습 A: GET /hello -> hello Lambda, behind an HTTP API on the $default stage (auto-deploy),
# with the seed's CORS settings. The Lambda package comes from `make build` (build/lambda).

locals {
  # every name of the example starts with name_prefix: the deploy pipeline's namespace, which its role may manage
  name     = "${var.name_prefix}${var.name}"
  manifest = jsondecode(file("${path.module}/../../build/lambda/manifest.json"))
  hello    = local.manifest.functions.hello
}

module "hello" {
  source = "../../modules/lambda_function"

  permissions_boundary = var.permissions_boundary

  name         = "${local.name}-hello"
  description  = "Seed 실습 A: says hello to ?name="
  handler      = local.hello.handler
  runtime      = local.hello.runtime
  architecture = local.hello.architecture
  package = {
    filename         = "${path.module}/../../${local.hello.filename}"
    source_code_hash = local.hello.source_code_hash
  }
}

module "api" {
  source = "../../modules/http_api"

  name        = local.name
  description = "Seed 실습 A"

  routes = {
    "GET /hello" = {
      integration = {
        function_arn = module.hello.alias_arn
      }
      # a public greeting: no caller identity is needed
      public = true
    }
  }

  throttling = var.throttling

  cors = {
    allow_origins = var.allowed_origins
    allow_methods = ["GET", "OPTIONS"]
    allow_headers = ["authorization", "content-type"]
  }
}

################################################################################
# Alarms: 5xx/4xx rates and p99 latencies of the $default stage, to an SNS topic
################################################################################

resource "aws_sns_topic" "alerts" {
  name              = "${local.name}-alerts"
  kms_master_key_id = "alias/aws/sns"
}

module "alarms" {
  source = "../../modules/alarms"

  name_prefix   = local.name
  api_type      = "HTTP"
  api_id        = module.api.api_id
  stages        = ["$default"]
  alarm_actions = [aws_sns_topic.alerts.arn]
}
