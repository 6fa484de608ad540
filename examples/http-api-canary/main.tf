# GET /hello behind an HTTP API, invoking the alias "live" of the hello function. A change of the function publishes
# a new version; CodeDeploy then shifts the alias to it (10% for 5 minutes, then all), watching the API's 5xx rate
# and p99 latency alarms, and rolls it back when one fires or the deploy step's smoke test of the new version fails
# (`make lambda-canary`, apigwkit/deploy.py). Each step is on the account model offline (tests/deploy).

locals {
  # every name of the example starts with name_prefix: the deploy pipeline's namespace, which its role may manage
  name     = "${var.name_prefix}${var.name}"
  manifest = jsondecode(file("${path.module}/../../build/lambda/manifest.json"))
  hello    = local.manifest.functions.hello

  # What the deploy step invokes the new version with before it takes more traffic: GET /hello?name=smoke as an
  # HTTP API (payload 2.0) event.
  smoke_event = {
    version               = "2.0"
    routeKey              = "GET /hello"
    rawPath               = "/hello"
    rawQueryString        = "name=smoke"
    queryStringParameters = { name = "smoke" }
    headers               = { host = "smoke.invalid", "user-agent" = "apigwkit-lambda-canary" }
    isBase64Encoded       = false
    requestContext = {
      accountId  = "smoke"
      apiId      = "smoke"
      domainName = "smoke.invalid"
      requestId  = "smoke"
      routeKey   = "GET /hello"
      stage      = "$default"
      time       = "01/Jan/2026:00:00:00 +0000"
      timeEpoch  = 1767225600000
      http       = { method = "GET", path = "/hello", protocol = "HTTP/1.1", sourceIp = "127.0.0.1", userAgent = "apigwkit-lambda-canary" }
    }
  }
}

module "hello" {
  source = "../../modules/lambda_function"

  permissions_boundary = var.permissions_boundary

  name         = "${local.name}-hello"
  description  = "Seed 실습 A, released by CodeDeploy canaries"
  handler      = local.hello.handler
  runtime      = local.hello.runtime
  architecture = local.hello.architecture
  package = {
    filename         = "${path.module}/../../${local.hello.filename}"
    source_code_hash = local.hello.source_code_hash
  }

  deployment = {
    config = var.canary.config
    custom = var.canary.percentage == null ? null : {
      type             = "TimeBasedCanary"
      percentage       = var.canary.percentage
      interval_minutes = var.canary.interval_minutes
    }
  }
  rollback_alarm_names = [module.alarms.alarm_names["$default/5xx"], module.alarms.alarm_names["$default/latency"]]
}

module "api" {
  source = "../../modules/http_api"

  name        = local.name
  description = "Seed 실습 A, with canary releases of its function"

  routes = {
    "GET /hello" = {
      integration = {
        function_arn = module.hello.alias_arn
      }
      # a public greeting: no caller identity is needed
      public = true
    }
  }
}

################################################################################
# Alarms: CodeDeploy watches the 5xx rate and p99 latency of the $default stage while it shifts traffic
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
  thresholds    = var.thresholds
}
