# Seed 실습 B: a REST API whose POST /sum validates the body against a JSON Schema model, turns it
# into the sum Lambda's event with a VTL request template, calls the function through a non-proxy
# (AWS) integration and turns its answer into the client's JSON with a response template.
# GET /sum?a=1&b=2 is the cacheable twin: the stage cache keys on query parameters (a request body
# is never part of a cache key). Both need an API key of the usage plan. Stages dev and prod; prod
# has a cache cluster and a canary. GET /health is a MOCK answered by API Gateway itself.

locals {
  # every name of the example starts with name_prefix: the deploy pipeline's namespace, which its role may manage
  name    = "${var.name_prefix}${var.name}"
  logging = var.cloudwatch_role_arn != null

  manifest = jsondecode(file("${path.module}/../../build/lambda/manifest.json"))
  sum      = local.manifest.functions.sum

  # Integration responses of both /sum methods. The function raises "BadRequest: ..." for operands
  # it cannot add (400); any other error is ours (500). A selection pattern must match the whole
  # errorMessage, and the two are disjoint; a success has no errorMessage and takes the default (200).
  sum_responses = {
    "200" = {
      templates = { "application/json" = file("${path.module}/templates/sum-response.vtl") }
      models    = { "application/json" = "SumResponse" }
    }
    "400" = {
      selection_pattern = "BadRequest: .+"
      templates         = { "application/json" = "{\"message\": $input.json('$.errorMessage')}" }
      models            = { "application/json" = "Error" }
    }
    "500" = {
      selection_pattern = "(?!BadRequest: )[\\s\\S]+"
      templates         = { "application/json" = jsonencode({ message = "Internal server error" }) }
      models            = { "application/json" = "Error" }
    }
  }
}

module "sum" {
  source = "../../modules/lambda_function"

  permissions_boundary = var.permissions_boundary

  name         = "${local.name}-sum"
  description  = "Seed 실습 B: adds a and b (event = the request mapping template's output)"
  handler      = local.sum.handler
  runtime      = local.sum.runtime
  architecture = local.sum.architecture
  package = {
    filename         = "${path.module}/../../${local.sum.filename}"
    source_code_hash = local.sum.source_code_hash
  }
}

module "api" {
  source = "../../modules/rest_api"

  name        = local.name
  description = "Seed 실습 B: mapping templates, model validation, stage cache, usage plan"

  models = {
    SumRequest = {
      description = "The body of POST /sum (seed: a and b integers, both required)"
      schema = jsonencode({
        "$schema"  = "http://json-schema.org/draft-04/schema#"
        title      = "SumRequest"
        type       = "object"
        required   = ["a", "b"]
        properties = { a = { type = "integer" }, b = { type = "integer" } }
      })
    }
    SumResponse = {
      description = "What the response template answers"
      schema = jsonencode({
        "$schema"  = "http://json-schema.org/draft-04/schema#"
        title      = "SumResponse"
        type       = "object"
        properties = { result = { type = "integer", nullable = true }, timestamp = { type = "string" } }
      })
    }
  }

  request_validators = {
    body   = { validate_body = true }
    params = { validate_parameters = true }
  }

  resources = {
    "/sum" = {
      cors = true
      methods = {
        POST = {
          # no caller identity: callers are identified and metered by their API key (usage plan)
          public             = true
          api_key_required   = true
          request_models     = { "application/json" = "SumRequest" }
          request_validator  = "body"
          request_parameters = { "method.request.querystring.debug" = false }
          integration = {
            type              = "AWS"
            function_arn      = module.sum.alias_arn
            request_templates = { "application/json" = file("${path.module}/templates/sum-request.vtl") }
          }
          responses = local.sum_responses
        }
        GET = {
          public            = true
          api_key_required  = true
          request_validator = "params"
          request_parameters = {
            "method.request.querystring.a"     = true
            "method.request.querystring.b"     = true
            "method.request.querystring.debug" = false
          }
          integration = {
            type              = "AWS"
            function_arn      = module.sum.alias_arn
            request_templates = { "application/json" = file("${path.module}/templates/sum-query-request.vtl") }
            cache_key_parameters = [
              "method.request.querystring.a",
              "method.request.querystring.b",
              "method.request.querystring.debug",
            ]
          }
          responses = local.sum_responses
        }
      }
    }
    "/health" = {
      methods = {
        GET = {
          public      = true # a liveness probe for smoke tests; says which release (stable/canary) answered
          integration = { type = "MOCK" }
          responses = {
            "200" = {
              templates = { "application/json" = "{\"status\": \"ok\", \"stage\": \"$context.stage\", \"release\": \"$stageVariables.release\"}" }
            }
          }
        }
      }
    }
  }

  cors = {
    allow_origin = var.allowed_origin
  }

  gateway_responses = {
    BAD_REQUEST_BODY = {
      templates = { "application/json" = "{\"message\": $context.error.messageString, \"requestId\": \"$context.requestId\"}" }
    }
  }

  stages = {
    dev = {
      variables     = { release = "dev" }
      logging_level = local.logging ? "INFO" : "OFF"
      throttling    = { burst_limit = 20, rate_limit = 10 }
    }
    prod = {
      variables     = { release = "stable" }
      logging_level = local.logging ? "ERROR" : "OFF"
      metrics       = true
      cache         = { size = "0.5", ttl_seconds = 300 }
      method_settings = {
        "GET /sum"  = { caching_enabled = true, cache_ttl_seconds = 300 }
        "POST /sum" = { caching_enabled = false } # a body is never part of the cache key
      }
      canary = {
        percent_traffic          = var.canary_percent
        stage_variable_overrides = { release = "canary" }
        use_stage_cache          = false
      }
    }
  }

  api_keys = {
    demo = { description = "Key for trying the sum API" }
  }

  usage_plans = {
    basic = {
      description = "Demo plan: 1,000 requests a day per key"
      stages = {
        dev  = {}
        prod = { method_throttling = { "POST /sum" = { burst_limit = 10, rate_limit = 5 } } }
      }
      throttling = { burst_limit = 20, rate_limit = 10 }
      quota      = { limit = 1000, period = "DAY" }
      api_keys   = ["demo"]
    }
  }

  # REST stages log only through the region's API Gateway CloudWatch role (examples/account-settings)
  cloudwatch_role_arn = var.cloudwatch_role_arn
  access_logs         = { enabled = local.logging }
}

# The deploy workflow promotes the prod canary only while this alarm is quiet.
resource "aws_cloudwatch_metric_alarm" "prod_5xx" {
  alarm_name          = "${local.name}-prod-5xx"
  alarm_description   = "5XX answers of ${local.name} prod (stable and canary)"
  namespace           = "AWS/ApiGateway"
  metric_name         = "5XXError"
  dimensions          = { ApiName = local.name, Stage = "prod" }
  statistic           = "Sum"
  period              = 60
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
}
