# Two versions of an API behind one custom domain (modules/domain):
#   https://DOMAIN/v1/orders, https://DOMAIN/v2/orders          by base path (API mappings)
#   https://DOMAIN/orders with "x-api-version: 2..." or "1..."   by header (routing rules, tried first)
#   https://DOMAIN/latest/orders                                 the newest version (a rule on a base path it strips)
# Each version is its own REST API (modules/rest_api) with one stage, prod; its methods are MOCK integrations that
# say which version answered, so the routing can be seen without a backend. The domain takes the strictest TLS policy
# (TLS 1.3 only, STRICT endpoint access) and answers IPv4 and IPv6 clients.

locals {
  # every name of the example starts with name_prefix, the deploy pipeline's namespace, which its role may manage: the
  # APIs' names and the domain's first label (apigw-dev-api.example.com), and so the DNS records named after it
  name        = "${var.name_prefix}${var.name}"
  domain_name = "${var.name_prefix}${var.domain_name}"
  logging     = var.cloudwatch_role_arn != null

  # the methods of one version: GET /orders and GET /health, answered by API Gateway itself
  versions = {
    v1 = { description = "Orders API, version 1", orders = "[{\"id\": 1, \"total\": 10}]" }
    v2 = { description = "Orders API, version 2 (totals carry a currency)", orders = "[{\"id\": 1, \"total\": {\"amount\": 10, \"currency\": \"EUR\"}}]" }
  }
}

module "api" {
  source   = "../../modules/rest_api"
  for_each = local.versions

  name        = "${local.name}-${each.key}"
  description = each.value.description

  resources = {
    "/orders" = {
      methods = {
        GET = {
          public      = true # sample data; a real API puts an authorizer here
          integration = { type = "MOCK" }
          responses = {
            "200" = {
              templates = { "application/json" = "{\"version\": \"${each.key}\", \"path\": \"$context.resourcePath\", \"orders\": ${each.value.orders}}" }
            }
          }
        }
      }
    }
    "/health" = {
      methods = {
        GET = {
          public      = true # a liveness probe for smoke tests
          integration = { type = "MOCK" }
          responses = {
            "200" = { templates = { "application/json" = "{\"status\": \"ok\", \"version\": \"${each.key}\"}" } }
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

module "domain" {
  source = "../../modules/domain"

  domain_name     = local.domain_name
  certificate_arn = var.certificate_arn
  ip_address_type = "dualstack"
  route53_zone_id = var.route53_zone_id

  # by base path: /v1/... and /v2/... (a stage named through stage_names: the mapping is made after the stage)
  mappings = {
    "v1" = { api_id = module.api["v1"].rest_api_id, stage = module.api["v1"].stage_names["prod"] }
    "v2" = { api_id = module.api["v2"].rest_api_id, stage = module.api["v2"].stage_names["prod"] }
  }

  # tried before the mappings, lowest priority first
  routing_rules = {
    v2-by-header = {
      priority = 100
      headers  = { "x-api-version" = "2*" }
      api_id   = module.api["v2"].rest_api_id
      stage    = module.api["v2"].stage_names["prod"]
    }
    v1-by-header = {
      priority = 200
      headers  = { "x-api-version" = "1*" }
      api_id   = module.api["v1"].rest_api_id
      stage    = module.api["v1"].stage_names["prod"]
    }
    latest = {
      priority        = 300
      base_paths      = ["latest"]
      strip_base_path = true
      api_id          = module.api["v2"].rest_api_id
      stage           = module.api["v2"].stage_names["prod"]
    }
  }
}
