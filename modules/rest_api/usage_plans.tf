# Usage plans meter and throttle API keys per stage (and per method); keys are not authentication.

locals {
  usage_plan_keys = {
    for item in flatten([
      for plan, p in var.usage_plans : [for k in p.api_keys : { key = "${plan} ${k}", plan = plan, api_key = k }]
    ]) : item.key => item
  }

  usage_plan_method_keys = flatten([for p in values(var.usage_plans) : [for s in values(p.stages) : keys(s.method_throttling)]])
}

resource "aws_api_gateway_api_key" "this" {
  for_each = var.api_keys

  name        = "${var.name}-${each.key}"
  description = each.value.description
  enabled     = each.value.enabled
  customer_id = each.value.customer_id
  value       = lookup(var.api_key_values, each.key, null) # null: API Gateway generates the value
  tags        = var.tags
}

resource "aws_api_gateway_usage_plan" "this" {
  for_each = var.usage_plans

  name        = "${var.name}-${each.key}"
  description = each.value.description
  tags        = var.tags

  dynamic "api_stages" {
    for_each = each.value.stages
    content {
      api_id = aws_api_gateway_rest_api.this.id
      stage  = try(aws_api_gateway_stage.this[api_stages.key].stage_name, api_stages.key)

      # throttle paths are "/resource/path/VERB" ("POST /sum" -> "/sum/POST")
      dynamic "throttle" {
        for_each = api_stages.value.method_throttling
        content {
          path        = "${split(" ", throttle.key)[1]}/${split(" ", throttle.key)[0]}"
          burst_limit = throttle.value.burst_limit
          rate_limit  = throttle.value.rate_limit
        }
      }
    }
  }

  dynamic "throttle_settings" {
    for_each = each.value.throttling == null ? [] : [each.value.throttling]
    content {
      burst_limit = throttle_settings.value.burst_limit
      rate_limit  = throttle_settings.value.rate_limit
    }
  }

  dynamic "quota_settings" {
    for_each = each.value.quota == null ? [] : [each.value.quota]
    content {
      limit  = quota_settings.value.limit
      period = quota_settings.value.period
      offset = quota_settings.value.offset
    }
  }
}

resource "aws_api_gateway_usage_plan_key" "this" {
  for_each = local.usage_plan_keys

  usage_plan_id = aws_api_gateway_usage_plan.this[each.value.plan].id
  key_id        = try(aws_api_gateway_api_key.this[each.value.api_key].id, each.value.api_key)
  key_type      = "API_KEY"
}
