# Deployments, stages, their logs and method settings, canaries and WAF.
#
# aws_api_gateway_deployment.this is the API as it is now: replaced, by one created first, whenever the
# document or binary media types change (the stages move to the new one before the old one is deleted:
# AWS refuses to delete a deployment a stage still uses).
#
# A stage with a canary keeps serving its stable release, aws_api_gateway_deployment.stable[stage], while
# its canary serves the current one at canary.percent_traffic. The stable release is the deployment hash
# held by terraform_data.canary_stable, and terraform_data.canary_rejected holds the last release rolled
# back; both are frozen between decisions (ignore_changes). `make canary` promotes by replacing
# canary_stable (it takes the current hash: the stable deployment is taken anew, the stage moves to it,
# the canary goes) and rolls back by replacing canary_rejected (the canary goes, the stage stays). Either
# way the next plan is empty, and the next change to the API starts a new canary.

locals {
  deployment_hash = sha1(jsonencode({ document = local.document, binary_media_types = var.binary_media_types }))

  canary_stages = { for name, s in var.stages : name => s if s.canary != null && try(s.canary.deployment_id, null) == null }

  # whether each canary stage has a canary now: the API changed since its stable release, and the change
  # was not rolled back
  canary_active = {
    for name in keys(local.canary_stages) : name => (
      local.deployment_hash != terraform_data.canary_stable[name].input && local.deployment_hash != terraform_data.canary_rejected[name].input
    )
  }

  create_access_log_groups = var.access_logs.enabled && var.access_logs.destination_arn == null

  # REST stages log (access logs, execution logs) through the region's account-level CloudWatch role;
  # AWS refuses a logging stage while the account has none ("CloudWatch Logs role ARN must be set in
  # account settings to enable logging"), so a stage that would log needs var.cloudwatch_role_arn.
  logging_role_arn = var.cloudwatch_role_arn
  stage_logs = {
    for name, s in var.stages : name => var.access_logs.enabled || s.logging_level != "OFF" || s.data_trace || anytrue([
      for ms in values(s.method_settings) : coalesce(ms.logging_level, "OFF") != "OFF" || coalesce(ms.data_trace, false)
    ])
  }
  logging_role_message = "REST API stages log (access logs; execution logs at ERROR by default) only through the region's API Gateway CloudWatch Logs role, which a new AWS account does not have, and AWS refuses a logging stage without it. Apply modules/account_settings once per region and pass its cloudwatch_role_arn output (or your account's existing role: aws apigateway get-account) as cloudwatch_role_arn; or turn logging off: access_logs = { enabled = false } and logging_level = \"OFF\" on every stage."

  # The ARNs of the access log groups the module creates, known at plan time (the resource's arn is not).
  access_log_group_arns = {
    for name in keys(var.stages) : name => format("arn:%s:logs:%s:%s:log-group:/aws/apigateway/%s/%s",
      local.partition, local.region, data.aws_caller_identity.current.account_id, var.name, name
    )
  }

  access_log_format = coalesce(var.access_logs.format, jsonencode({
    requestId          = "$context.requestId"
    extendedRequestId  = "$context.extendedRequestId"
    ip                 = "$context.identity.sourceIp"
    userAgent          = "$context.identity.userAgent"
    caller             = "$context.identity.caller"
    apiKeyId           = "$context.identity.apiKeyId"
    requestTime        = "$context.requestTime"
    httpMethod         = "$context.httpMethod"
    resourcePath       = "$context.resourcePath"
    status             = "$context.status"
    protocol           = "$context.protocol"
    responseLength     = "$context.responseLength"
    responseLatency    = "$context.responseLatency"
    integrationLatency = "$context.integrationLatency"
    integrationStatus  = "$context.integration.status"
    integrationError   = "$context.integration.error"
    error              = "$context.error.message"
    authorizerError    = "$context.authorizer.error"
    principal          = "$context.authorizer.principalId"
    wafResponseCode    = "$context.wafResponseCode"
    isCanaryRequest    = "$context.isCanaryRequest"
  }))

  method_settings = {
    for item in flatten([
      for stage, s in var.stages : [
        for key, ms in s.method_settings : { key = "${stage} ${key}", stage = stage, method = key, ms = ms, s = s }
      ]
    ]) : item.key => item
  }
}

################################################################################
# Deployments and canary releases
################################################################################

resource "aws_api_gateway_deployment" "this" {
  rest_api_id = aws_api_gateway_rest_api.this.id
  description = "Release ${local.deployment_hash}"

  triggers = {
    release = local.deployment_hash
  }

  lifecycle {
    create_before_destroy = true
  }
}

# The stable release of each canary stage: taken anew exactly when the stage is promoted.
resource "aws_api_gateway_deployment" "stable" {
  for_each = local.canary_stages

  rest_api_id = aws_api_gateway_rest_api.this.id
  description = "Release ${terraform_data.canary_stable[each.key].input} (stable on ${each.key})"

  triggers = {
    release = terraform_data.canary_stable[each.key].input
  }

  lifecycle {
    create_before_destroy = true
  }
}

# The release a canary stage serves outside its canary: frozen until `make canary` promotes (replaces it).
resource "terraform_data" "canary_stable" {
  for_each = local.canary_stages

  input = local.deployment_hash

  lifecycle {
    ignore_changes = [input]
  }
}

# The release last rolled back on a canary stage: frozen until `make canary` rolls back (replaces it).
resource "terraform_data" "canary_rejected" {
  for_each = local.canary_stages

  input = local.deployment_hash

  lifecycle {
    ignore_changes = [input]
  }
}

################################################################################
# Stages and logs
################################################################################

resource "aws_cloudwatch_log_group" "access" {
  # checkov:skip=CKV_AWS_158:a customer managed key is optional (access_logs.kms_key_arn); without one CloudWatch Logs encrypts the group with its own keys
  for_each = local.create_access_log_groups ? var.stages : {}

  name              = "/aws/apigateway/${var.name}/${each.key}"
  retention_in_days = var.access_logs.retention_in_days
  kms_key_id        = var.access_logs.kms_key_arn
  tags              = var.tags
}

# API Gateway writes execution logs to this group; created here first so that it has a retention
# (the group API Gateway would create itself never expires).
resource "aws_cloudwatch_log_group" "execution" {
  # checkov:skip=CKV_AWS_158:a customer managed key is optional (access_logs.kms_key_arn, which applies to the execution log groups too); without one CloudWatch Logs encrypts the group with its own keys
  for_each = var.stages

  name              = "API-Gateway-Execution-Logs_${aws_api_gateway_rest_api.this.id}/${each.key}"
  retention_in_days = var.access_logs.retention_in_days
  kms_key_id        = var.access_logs.kms_key_arn
  tags              = var.tags
}

resource "aws_api_gateway_stage" "this" {
  # checkov:skip=CKV_AWS_73: X-Ray is on by default (stages.*.xray_tracing); checkov cannot read the variable
  # checkov:skip=CKV_AWS_120: caching is a per-stage choice (stages.*.cache), off by default: a cache cluster is billed hourly and wrong for uncacheable APIs
  # checkov:skip=CKV2_AWS_4: execution logging is ERROR by default, set per stage in aws_api_gateway_method_settings.stage
  # checkov:skip=CKV2_AWS_77: WAF is optional per stage (stages.*.web_acl_arn); its rules belong to modules/waf
  # checkov:skip=CKV2_AWS_29:WAF is optional per stage (stages.*.web_acl_arn, attached by aws_wafv2_web_acl_association.this); a plan cannot show the association's stage ARN, known only after apply, so checkov never sees it
  for_each = var.stages

  rest_api_id = aws_api_gateway_rest_api.this.id
  stage_name  = each.key
  description = each.value.description
  deployment_id = (
    each.value.deployment_id != null ? each.value.deployment_id :
    contains(keys(local.canary_stages), each.key) ? aws_api_gateway_deployment.stable[each.key].id : aws_api_gateway_deployment.this.id
  )
  variables             = length(each.value.variables) > 0 ? each.value.variables : null
  xray_tracing_enabled  = each.value.xray_tracing
  client_certificate_id = each.value.client_certificate_id
  cache_cluster_enabled = each.value.cache != null
  cache_cluster_size    = each.value.cache != null ? each.value.cache.size : null
  tags                  = var.tags

  dynamic "access_log_settings" {
    for_each = var.access_logs.enabled ? [1] : []
    content {
      destination_arn = local.create_access_log_groups ? local.access_log_group_arns[each.key] : var.access_logs.destination_arn
      format          = local.access_log_format
    }
  }

  # the canary of a stage that is on its stable release while a new one is tried
  dynamic "canary_settings" {
    for_each = (
      each.value.canary == null ? [] :
      try(each.value.canary.deployment_id, null) != null ? [each.value.canary.deployment_id] :
      local.canary_active[each.key] ? [aws_api_gateway_deployment.this.id] : []
    )
    content {
      deployment_id            = canary_settings.value
      percent_traffic          = each.value.canary.percent_traffic
      stage_variable_overrides = length(each.value.canary.stage_variable_overrides) > 0 ? each.value.canary.stage_variable_overrides : null
      use_stage_cache          = each.value.canary.use_stage_cache
    }
  }

  lifecycle {
    # Naming the role here also orders the stage after the account setting when both are in one configuration.
    precondition {
      condition     = local.logging_role_arn != null || !local.stage_logs[each.key]
      error_message = local.logging_role_message
    }
  }

  # the access log group exists before the stage logs to it (its ARN is written out, so that the plan
  # shows the destination)
  depends_on = [aws_cloudwatch_log_group.execution, aws_cloudwatch_log_group.access]
}

# Stage-wide defaults for every method: logging, metrics, throttling, caching.
resource "aws_api_gateway_method_settings" "stage" {
  # checkov:skip=CKV_AWS_225:caching is a per-stage choice (stages.*.cache), off by default: a cache cluster is billed hourly and wrong for uncacheable APIs
  for_each = var.stages

  rest_api_id = aws_api_gateway_rest_api.this.id
  stage_name  = aws_api_gateway_stage.this[each.key].stage_name
  method_path = "*/*"

  settings {
    logging_level          = each.value.logging_level
    data_trace_enabled     = each.value.data_trace
    metrics_enabled        = each.value.metrics
    throttling_burst_limit = try(coalesce(each.value.throttling, var.throttling).burst_limit, null)
    throttling_rate_limit  = try(coalesce(each.value.throttling, var.throttling).rate_limit, null)

    caching_enabled                            = each.value.cache != null
    cache_ttl_in_seconds                       = try(each.value.cache.ttl_seconds, null)
    cache_data_encrypted                       = try(each.value.cache.encrypted, null)
    require_authorization_for_cache_control    = try(each.value.cache.require_authorization_for_cache_control, null)
    unauthorized_cache_control_header_strategy = each.value.cache != null ? "SUCCEED_WITH_RESPONSE_HEADER" : null
  }

  lifecycle {
    precondition {
      condition     = local.logging_role_arn != null || !local.stage_logs[each.key]
      error_message = local.logging_role_message
    }
  }
}

# Per-method overrides; anything a method does not set keeps the stage's value. The method path
# is the resource path with each "/" written "~1", then the verb: "POST /a/b" -> "~1a~1b/POST".
resource "aws_api_gateway_method_settings" "method" {
  # checkov:skip=CKV_AWS_225:caching follows the stage (stages.*.cache, off by default) unless a method sets caching_enabled
  for_each = local.method_settings

  rest_api_id = aws_api_gateway_rest_api.this.id
  stage_name  = aws_api_gateway_stage.this[each.value.stage].stage_name
  method_path = "${replace(split(" ", each.value.method)[1], "/", "~1")}/${split(" ", each.value.method)[0]}"

  settings {
    logging_level          = coalesce(each.value.ms.logging_level, each.value.s.logging_level)
    data_trace_enabled     = coalesce(each.value.ms.data_trace, each.value.s.data_trace)
    metrics_enabled        = coalesce(each.value.ms.metrics, each.value.s.metrics)
    throttling_burst_limit = try(coalesce(each.value.ms.throttling, each.value.s.throttling, var.throttling).burst_limit, null)
    throttling_rate_limit  = try(coalesce(each.value.ms.throttling, each.value.s.throttling, var.throttling).rate_limit, null)

    caching_enabled      = coalesce(each.value.ms.caching_enabled, each.value.s.cache != null)
    cache_ttl_in_seconds = each.value.s.cache == null ? null : coalesce(each.value.ms.cache_ttl_seconds, each.value.s.cache.ttl_seconds)
    cache_data_encrypted = each.value.s.cache == null ? null : coalesce(each.value.ms.cache_encrypted, each.value.s.cache.encrypted)
  }

  depends_on = [aws_api_gateway_method_settings.stage]
}

resource "aws_wafv2_web_acl_association" "this" {
  for_each = { for name, s in var.stages : name => s if s.web_acl_arn != null }

  resource_arn = aws_api_gateway_stage.this[each.key].arn
  web_acl_arn  = each.value.web_acl_arn
}
