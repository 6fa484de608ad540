# A REST API (GET /hello -> the hello Lambda, stage prod) protected by a WAFv2 web ACL:
#   - IP block list, optional geo block
#   - rate limits: 2000 requests per 5 minutes per client IP overall, and 100 per minute on
#     /hello except from the allow-listed ranges (scope-down: URI path AND NOT allow list),
#     answered with 429 and a JSON body
#   - AWS managed rule groups: IP reputation, common rule set, known bad inputs, SQL injection
#   - logs in aws-waf-logs-<name> with the Authorization and Cookie headers redacted
# The web ACL is associated with the REST API stage's ARN (unknown until the stage exists).

locals {
  # every name of the example starts with name_prefix: the deploy pipeline's namespace, which its role may manage
  name    = "${var.name_prefix}${var.name}"
  logging = var.cloudwatch_role_arn != null

  manifest = jsondecode(file("${path.module}/../../build/lambda/manifest.json"))
  hello    = local.manifest.functions.hello
}

################################################################################
# Function and REST API
################################################################################

module "hello" {
  source = "../../modules/lambda_function"

  permissions_boundary = var.permissions_boundary

  name         = "${local.name}-hello"
  description  = "Seed 실습 A behind a REST API protected by WAF"
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

  name        = local.name
  description = "REST API protected by a WAFv2 web ACL"

  resources = {
    "/hello" = {
      methods = {
        GET = {
          integration = { type = "AWS_PROXY", function_arn = module.hello.alias_arn }
          # a public greeting: WAF and throttling guard it, no caller identity is needed
          public = true
        }
      }
    }
  }

  stages = {
    (var.stage_name) = { logging_level = local.logging ? "ERROR" : "OFF" }
  }

  # REST stages log only through the region's API Gateway CloudWatch role (examples/account-settings)
  cloudwatch_role_arn = var.cloudwatch_role_arn
  access_logs         = { enabled = local.logging }
}

################################################################################
# Web ACL, associated with the stage
################################################################################

module "waf" {
  source = "../../modules/waf"

  name        = local.name
  description = "Protects the ${local.name} REST API"

  custom_response_bodies = {
    too-many-requests = { content = jsonencode({ message = "Too many requests, slow down" }) }
    forbidden         = { content = jsonencode({ message = "Forbidden" }) }
  }

  ip_sets = {
    allow-list = { addresses = var.allow_listed_cidrs, description = "Exempt from the /hello rate limit" }
    block-list = {
      addresses = var.blocked_cidrs
      action    = "block"
      priority  = 0
      response  = { response_code = 403, body_key = "forbidden" }
    }
  }

  geo_rules = length(var.blocked_countries) == 0 ? {} : {
    blocked-countries = {
      priority      = 1
      country_codes = var.blocked_countries
      response      = { response_code = 403, body_key = "forbidden" }
    }
  }

  rate_based_rules = {
    per-ip = {
      priority = 2
      limit    = 2000
      response = { response_code = 429, body_key = "too-many-requests" }
    }
    hello-per-ip = {
      priority              = 3
      limit                 = 100
      evaluation_window_sec = 60
      response              = { response_code = 429, body_key = "too-many-requests", headers = { retry-after = "60" } }
      scope_down = {
        # WAF sees the path the client sent: on the execute-api endpoint it starts with the stage
        byte_matches = [{ search_string = "/${var.stage_name}/hello" }]
        not_ip_sets  = ["allow-list"]
      }
    }
  }

  # the default four groups (IP reputation 10, common 20, known bad inputs 30, SQLi 40)

  associations = {
    (var.stage_name) = module.api.stage_arns[var.stage_name]
  }
}
