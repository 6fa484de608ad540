locals {
  use_resources = var.body == null
  resources     = local.use_resources ? var.resources : {}
  private       = var.endpoint_type == "PRIVATE"
  partition     = data.aws_partition.current.partition

  # ---- resource tree: every key and every ancestor of it ("/a/b/{id}" needs "/a" and "/a/b"),
  # with its depth, its last segment and its parent's path ("/" for the first level).
  tree = {
    for path in distinct(flatten([
      for key in keys(local.resources) : [
        for i in range(1, length(split("/", key))) : join("/", slice(split("/", key), 0, i + 1))
      ] if key != "/"
    ])) :
    path => {
      depth     = length(split("/", path)) - 1
      path_part = element(split("/", path), length(split("/", path)) - 1)
      parent    = length(split("/", path)) == 2 ? "/" : join("/", slice(split("/", path), 0, length(split("/", path)) - 1))
    }
  }

  resource_ids = merge(
    { "/" = aws_api_gateway_rest_api.this.root_resource_id },
    { for path, r in aws_api_gateway_resource.depth_1 : path => r.id },
    { for path, r in aws_api_gateway_resource.depth_2 : path => r.id },
    { for path, r in aws_api_gateway_resource.depth_3 : path => r.id },
    { for path, r in aws_api_gateway_resource.depth_4 : path => r.id },
    { for path, r in aws_api_gateway_resource.depth_5 : path => r.id },
    { for path, r in aws_api_gateway_resource.depth_6 : path => r.id },
    { for path, r in aws_api_gateway_resource.depth_7 : path => r.id },
    { for path, r in aws_api_gateway_resource.depth_8 : path => r.id },
  )

  # ---- methods keyed "METHOD /path", as route keys are in modules/http_api
  methods = {
    for item in flatten([
      for path, r in local.resources : [
        for verb, m in r.methods : { key = "${verb} ${path}", path = path, verb = verb, cors = r.cors, m = m }
      ]
    ]) : item.key => item
  }

  method_resources = aws_api_gateway_method.this

  proxy_types = ["AWS_PROXY", "HTTP_PROXY"]

  # Lambda integrations: AWS_PROXY, and AWS without a service uri. Decided from the type and the
  # absence of uri (both known at plan) so that for_each never depends on an ARN known only later.
  lambda_methods = {
    for key, x in local.methods : key => x
    if x.m.integration.type == "AWS_PROXY" || (x.m.integration.type == "AWS" && x.m.integration.uri == null)
  }

  # The execute-api ARN suffix a method is invoked through: STAGE/METHOD/PATH with path variables
  # as wildcards ("GET /users/{id}" -> "*/GET/users/*", "ANY /files/{proxy+}" -> "*/*/files/*").
  method_source = {
    for key, x in local.lambda_methods :
    key => format("*/%s%s", x.verb == "ANY" ? "*" : x.verb, replace(x.path, "/\\{[^}]+\\}/", "*"))
  }

  # ---- responses: one method response per status code, and an integration response for
  # non-proxy integrations (proxy integrations pass the backend's response through).
  responses = {
    for item in flatten([
      for key, x in local.methods : [
        for code, resp in x.m.responses : {
          key    = "${key} ${code}"
          method = key
          code   = code
          proxy  = contains(local.proxy_types, x.m.integration.type)
          resp   = resp
          headers = merge(
            x.cors && !contains(local.proxy_types, x.m.integration.type) ? local.cors_actual_headers : {},
            resp.headers,
          )
        }
      ]
    ]) : item.key => item
  }

  # ---- CORS
  cors_paths = var.cors == null ? {} : { for path, r in local.resources : path => r if r.cors }

  cors_origin_headers = var.cors == null ? {} : merge(
    { "Access-Control-Allow-Origin" = "'${var.cors.allow_origin}'" },
    var.cors.allow_credentials ? { "Access-Control-Allow-Credentials" = "'true'" } : {},
  )

  cors_actual_headers = var.cors == null ? {} : merge(
    local.cors_origin_headers,
    length(var.cors.expose_headers) > 0 ? { "Access-Control-Expose-Headers" = "'${join(",", var.cors.expose_headers)}'" } : {},
  )

  cors_preflight_headers = {
    for path, r in local.cors_paths : path => merge(local.cors_origin_headers, {
      "Access-Control-Allow-Methods" = "'${join(",", var.cors.allow_methods != null ? var.cors.allow_methods : sort(distinct(concat(["OPTIONS"], flatten([
        for verb in keys(r.methods) : verb == "ANY" ? ["DELETE", "GET", "HEAD", "PATCH", "POST", "PUT"] : [verb]
      ])))))}'"
      "Access-Control-Allow-Headers" = "'${join(",", var.cors.allow_headers)}'"
      "Access-Control-Max-Age"       = "'${var.cors.max_age}'"
    })
  }

  # With CORS on, API Gateway's own 4XX/5XX answers carry the origin too, or browsers hide them.
  gateway_responses = merge(
    var.cors != null && local.use_resources ? {
      DEFAULT_4XX = { status_code = null, headers = {}, templates = {} }
      DEFAULT_5XX = { status_code = null, headers = {}, templates = {} }
    } : {},
    var.gateway_responses,
  )

  # ---- stages
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
      local.partition, data.aws_region.current.region, data.aws_caller_identity.current.account_id, var.name, name
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
  }))

  method_settings = {
    for item in flatten([
      for stage, s in var.stages : [
        for key, ms in s.method_settings : { key = "${stage} ${key}", stage = stage, method = key, ms = ms, s = s }
      ]
    ]) : item.key => item
  }

  # ---- usage plans and keys
  usage_plan_keys = {
    for item in flatten([
      for plan, p in var.usage_plans : [for k in p.api_keys : { key = "${plan} ${k}", plan = plan, api_key = k }]
    ]) : item.key => item
  }

  usage_plan_method_keys = flatten([for p in values(var.usage_plans) : [for s in values(p.stages) : keys(s.method_throttling)]])

  # ---- custom domain: by default the only stage at the root
  base_path_mappings = var.domain == null ? {} : (
    var.domain.base_path_mappings != null ? var.domain.base_path_mappings : { for name in keys(var.stages) : name => "" if length(var.stages) == 1 }
  )

  # ---- everything a deployment serves: a change to any of it, and only that, replaces it
  deployment_hash = sha1(jsonencode({
    resources          = local.resources
    cors               = var.cors
    authorizers        = var.authorizers
    models             = var.models
    request_validators = var.request_validators
    gateway_responses  = local.gateway_responses
    body               = var.body
    policy             = var.policy
    vpc_endpoint_ids   = local.private ? sort(var.vpc_endpoint_ids) : []
  }))
}

data "aws_partition" "current" {}

data "aws_caller_identity" "current" {}

data "aws_region" "current" {}

################################################################################
# API
################################################################################

resource "aws_api_gateway_rest_api" "this" {
  name                         = var.name
  description                  = var.description
  body                         = var.body
  api_key_source               = "HEADER"
  binary_media_types           = length(var.binary_media_types) > 0 ? var.binary_media_types : null
  disable_execute_api_endpoint = var.disable_execute_api_endpoint
  tags                         = var.tags

  endpoint_configuration {
    types            = [var.endpoint_type]
    vpc_endpoint_ids = local.private ? var.vpc_endpoint_ids : null
  }

  lifecycle {
    create_before_destroy = true

    precondition {
      condition     = var.body == null || length(var.resources) == 0
      error_message = "Set either body (an OpenAPI definition) or resources, not both: with body, API Gateway builds the resource tree from the document."
    }
    precondition {
      condition     = var.body == null || length(var.authorizers) + length(var.models) + length(var.request_validators) + length(var.gateway_responses) == 0
      error_message = "With body, define authorizers, models, request validators and gateway responses in the OpenAPI document (x-amazon-apigateway-* extensions): importing the body overwrites anything the module created beside it."
    }
    precondition {
      condition     = var.body != null || length(var.resources) > 0
      error_message = "The API has nothing to serve: set resources (a map keyed by path) or body (an OpenAPI definition)."
    }
    precondition {
      condition     = !local.private || length(var.vpc_endpoint_ids) > 0
      error_message = "endpoint_type PRIVATE needs vpc_endpoint_ids: the interface VPC endpoints for execute-api that may call the API (without them no one can)."
    }
    precondition {
      condition     = local.private || length(var.vpc_endpoint_ids) == 0
      error_message = "vpc_endpoint_ids apply to endpoint_type PRIVATE only."
    }
    precondition {
      condition     = !(local.private && var.domain != null)
      error_message = "The module's custom domain is REGIONAL; a PRIVATE API cannot be mapped to it."
    }
    precondition {
      condition = alltrue([
        for x in values(local.methods) : x.m.authorization.authorizer == null || contains(keys(var.authorizers), coalesce(x.m.authorization.authorizer, "-"))
      ])
      error_message = "A method names an authorizer that var.authorizers does not define. Defined: ${jsonencode(keys(var.authorizers))}."
    }
    precondition {
      condition = alltrue([
        for x in values(local.methods) :
        x.m.authorization.authorizer == null || (
          x.m.authorization.type == "COGNITO_USER_POOLS" ?
          try(var.authorizers[x.m.authorization.authorizer].type, "") == "COGNITO_USER_POOLS" :
          contains(["TOKEN", "REQUEST"], try(var.authorizers[x.m.authorization.authorizer].type, ""))
        )
      ])
      error_message = "A method's authorization.type must match its authorizer: COGNITO_USER_POOLS methods use a COGNITO_USER_POOLS authorizer, CUSTOM methods a TOKEN or REQUEST (Lambda) authorizer."
    }
    precondition {
      condition = alltrue(flatten([
        for x in values(local.methods) : [
          for name in concat(values(x.m.request_models), flatten([for r in values(x.m.responses) : values(r.models)])) :
          contains(concat(keys(var.models), ["Empty", "Error"]), name)
        ]
      ]))
      error_message = "A method names a model that var.models does not define (built-ins: Empty, Error). Defined: ${jsonencode(keys(var.models))}."
    }
    precondition {
      condition = alltrue([
        for x in values(local.methods) : x.m.request_validator == null || contains(keys(var.request_validators), coalesce(x.m.request_validator, "-"))
      ])
      error_message = "A method names a request validator that var.request_validators does not define. Defined: ${jsonencode(keys(var.request_validators))}."
    }
    precondition {
      condition     = var.cors != null || alltrue([for r in values(var.resources) : !r.cors])
      error_message = "A path sets cors = true but var.cors is null: set cors = { allow_origin = \"https://...\" }."
    }
    precondition {
      condition = alltrue(flatten([
        for s in values(var.stages) : [for key in keys(s.method_settings) : !local.use_resources || contains(keys(local.methods), key)]
      ]))
      error_message = "stages.method_settings names a method that var.resources does not define. Defined: ${jsonencode(keys(local.methods))}."
    }
    precondition {
      condition = alltrue(flatten([
        for p in values(var.usage_plans) : concat(
          [for s in keys(p.stages) : contains(keys(var.stages), s)],
          [for k in p.api_keys : contains(keys(var.api_keys), k)],
        )
      ]))
      error_message = "A usage plan names a stage that var.stages does not define, or an API key that var.api_keys does not define. Stages: ${jsonencode(keys(var.stages))}; keys: ${jsonencode(keys(var.api_keys))}."
    }
    precondition {
      condition     = alltrue([for key in local.usage_plan_method_keys : !local.use_resources || contains(keys(local.methods), key)])
      error_message = "usage_plans.stages.method_throttling names a method that var.resources does not define. Defined: ${jsonencode(keys(local.methods))}."
    }
    precondition {
      condition     = alltrue([for k in nonsensitive(keys(var.api_key_values)) : contains(keys(var.api_keys), k)])
      error_message = "api_key_values has a value for a key that var.api_keys does not define."
    }
  }
}

################################################################################
# Resource tree: one block per depth, each resource chained to its parent
################################################################################

resource "aws_api_gateway_resource" "depth_1" {
  for_each = { for path, n in local.tree : path => n if n.depth == 1 }

  rest_api_id = aws_api_gateway_rest_api.this.id
  parent_id   = aws_api_gateway_rest_api.this.root_resource_id
  path_part   = each.value.path_part
}

resource "aws_api_gateway_resource" "depth_2" {
  for_each = { for path, n in local.tree : path => n if n.depth == 2 }

  rest_api_id = aws_api_gateway_rest_api.this.id
  parent_id   = aws_api_gateway_resource.depth_1[each.value.parent].id
  path_part   = each.value.path_part
}

resource "aws_api_gateway_resource" "depth_3" {
  for_each = { for path, n in local.tree : path => n if n.depth == 3 }

  rest_api_id = aws_api_gateway_rest_api.this.id
  parent_id   = aws_api_gateway_resource.depth_2[each.value.parent].id
  path_part   = each.value.path_part
}

resource "aws_api_gateway_resource" "depth_4" {
  for_each = { for path, n in local.tree : path => n if n.depth == 4 }

  rest_api_id = aws_api_gateway_rest_api.this.id
  parent_id   = aws_api_gateway_resource.depth_3[each.value.parent].id
  path_part   = each.value.path_part
}

resource "aws_api_gateway_resource" "depth_5" {
  for_each = { for path, n in local.tree : path => n if n.depth == 5 }

  rest_api_id = aws_api_gateway_rest_api.this.id
  parent_id   = aws_api_gateway_resource.depth_4[each.value.parent].id
  path_part   = each.value.path_part
}

resource "aws_api_gateway_resource" "depth_6" {
  for_each = { for path, n in local.tree : path => n if n.depth == 6 }

  rest_api_id = aws_api_gateway_rest_api.this.id
  parent_id   = aws_api_gateway_resource.depth_5[each.value.parent].id
  path_part   = each.value.path_part
}

resource "aws_api_gateway_resource" "depth_7" {
  for_each = { for path, n in local.tree : path => n if n.depth == 7 }

  rest_api_id = aws_api_gateway_rest_api.this.id
  parent_id   = aws_api_gateway_resource.depth_6[each.value.parent].id
  path_part   = each.value.path_part
}

resource "aws_api_gateway_resource" "depth_8" {
  for_each = { for path, n in local.tree : path => n if n.depth == 8 }

  rest_api_id = aws_api_gateway_rest_api.this.id
  parent_id   = aws_api_gateway_resource.depth_7[each.value.parent].id
  path_part   = each.value.path_part
}

################################################################################
# Authorizers, models, request validators
################################################################################

resource "aws_api_gateway_authorizer" "this" {
  for_each = local.use_resources ? var.authorizers : {}

  rest_api_id = aws_api_gateway_rest_api.this.id
  name        = each.key
  type        = each.value.type

  provider_arns = each.value.type == "COGNITO_USER_POOLS" ? each.value.provider_arns : null
  authorizer_uri = each.value.type == "COGNITO_USER_POOLS" ? null : format(
    "arn:%s:apigateway:%s:lambda:path/2015-03-31/functions/%s/invocations",
    local.partition, split(":", each.value.function_arn)[3], each.value.function_arn
  )
  identity_source                  = length(each.value.identity_sources) > 0 ? join(",", each.value.identity_sources) : null
  identity_validation_expression   = each.value.type == "TOKEN" ? each.value.identity_validation_expression : null
  authorizer_result_ttl_in_seconds = each.value.type == "COGNITO_USER_POOLS" ? null : each.value.result_ttl_seconds
  authorizer_credentials           = each.value.type == "COGNITO_USER_POOLS" ? null : each.value.credentials_arn
}

resource "aws_lambda_permission" "authorizer" {
  for_each = { for key, a in var.authorizers : key => a if local.use_resources && a.type != "COGNITO_USER_POOLS" }

  statement_id  = "apigw-${aws_api_gateway_rest_api.this.id}-authorizer-${substr(sha1(each.key), 0, 12)}"
  action        = "lambda:InvokeFunction"
  function_name = each.value.function_arn
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_api_gateway_rest_api.this.execution_arn}/authorizers/${aws_api_gateway_authorizer.this[each.key].id}"

  # The statement id names this API: two APIs (or environments) may share one function. A new id
  # (another API, or an upgrade) is added before the old one is removed, so invocations never lose it.
  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_api_gateway_model" "this" {
  for_each = local.use_resources ? var.models : {}

  rest_api_id  = aws_api_gateway_rest_api.this.id
  name         = each.key
  description  = each.value.description
  content_type = each.value.content_type
  schema       = each.value.schema
}

resource "aws_api_gateway_request_validator" "this" {
  for_each = local.use_resources ? var.request_validators : {}

  rest_api_id                 = aws_api_gateway_rest_api.this.id
  name                        = each.key
  validate_request_body       = each.value.validate_body
  validate_request_parameters = each.value.validate_parameters
}

################################################################################
# Methods, integrations and responses: one set per entry of resources[path].methods
################################################################################

resource "aws_api_gateway_method" "this" {
  # checkov:skip=CKV_AWS_59:authorization NONE reaches this block only for methods the caller marks public = true (var.resources refuses NONE without it); every other method carries AWS_IAM, a Cognito or a Lambda authorizer
  # checkov:skip=CKV_APIGWKIT_1:authorization NONE reaches this block only for methods the caller marks public = true (var.resources refuses NONE without it); every other method carries AWS_IAM, a Cognito or a Lambda authorizer
  # One block for public and authorized methods alike: flipping public is an in-place update of the
  # method, never a second object at another address (AWS has one method per resource and verb).
  for_each = local.methods

  rest_api_id      = aws_api_gateway_rest_api.this.id
  resource_id      = local.resource_ids[each.value.path]
  http_method      = each.value.verb
  operation_name   = each.value.m.operation_name
  api_key_required = each.value.m.api_key_required

  # each.value's own: read through the local so that checkov's HCL scan knows it cannot evaluate it
  # (it would judge the literal text); the plan scan judges the planned value.
  authorization = local.methods[each.key].m.authorization.type
  authorizer_id = (
    each.value.m.authorization.authorizer != null ? try(aws_api_gateway_authorizer.this[each.value.m.authorization.authorizer].id, null) :
    each.value.m.authorization.authorizer_id
  )
  authorization_scopes = each.value.m.authorization.type == "COGNITO_USER_POOLS" ? each.value.m.authorization.scopes : null

  request_parameters   = length(each.value.m.request_parameters) > 0 ? each.value.m.request_parameters : null
  request_models       = length(each.value.m.request_models) > 0 ? { for type, name in each.value.m.request_models : type => try(aws_api_gateway_model.this[name].name, name) } : null
  request_validator_id = each.value.m.request_validator == null ? null : try(aws_api_gateway_request_validator.this[each.value.m.request_validator].id, null)
}

resource "aws_api_gateway_integration" "this" {
  for_each = local.methods

  rest_api_id = aws_api_gateway_rest_api.this.id
  resource_id = local.method_resources[each.key].resource_id
  http_method = local.method_resources[each.key].http_method
  type        = each.value.m.integration.type

  uri = contains(keys(local.lambda_methods), each.key) ? format(
    "arn:%s:apigateway:%s:lambda:path/2015-03-31/functions/%s/invocations",
    local.partition, split(":", each.value.m.integration.function_arn)[3], each.value.m.integration.function_arn
  ) : each.value.m.integration.uri
  # Lambda is always invoked with POST; other backends default to the method's own verb.
  integration_http_method = (
    each.value.m.integration.type == "MOCK" ? null :
    contains(keys(local.lambda_methods), each.key) ? "POST" :
    coalesce(each.value.m.integration.http_method, each.value.m.integration.type == "AWS" ? "POST" : each.value.verb)
  )
  credentials          = each.value.m.integration.credentials_arn
  connection_type      = each.value.m.integration.vpc_link_id != null ? "VPC_LINK" : null
  connection_id        = each.value.m.integration.vpc_link_id
  request_parameters   = length(each.value.m.integration.request_parameters) > 0 ? each.value.m.integration.request_parameters : null
  content_handling     = each.value.m.integration.content_handling
  timeout_milliseconds = each.value.m.integration.timeout_milliseconds
  cache_key_parameters = length(each.value.m.integration.cache_key_parameters) > 0 ? each.value.m.integration.cache_key_parameters : null
  cache_namespace      = each.value.m.integration.cache_namespace

  # A MOCK integration answers what its request template selects; by default 200.
  request_templates = (
    length(each.value.m.integration.request_templates) > 0 ? each.value.m.integration.request_templates :
    each.value.m.integration.type == "MOCK" ? { "application/json" = jsonencode({ statusCode = 200 }) } : null
  )
  # With templates, a body of another content type is refused (415) instead of passed through raw.
  passthrough_behavior = (
    each.value.m.integration.passthrough_behavior != null ? each.value.m.integration.passthrough_behavior :
    !contains(local.proxy_types, each.value.m.integration.type) && length(each.value.m.integration.request_templates) > 0 ? "WHEN_NO_TEMPLATES" : null
  )
}

resource "aws_lambda_permission" "method" {
  for_each = local.lambda_methods

  statement_id  = "apigw-${aws_api_gateway_rest_api.this.id}-${substr(sha1(each.key), 0, 12)}"
  action        = "lambda:InvokeFunction"
  function_name = each.value.m.integration.function_arn
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_api_gateway_rest_api.this.execution_arn}/${local.method_source[each.key]}"

  # The statement id names this API: two APIs (or environments) may share one function. A new id
  # (another API, or an upgrade) is added before the old one is removed, so invocations never lose it.
  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_api_gateway_method_response" "this" {
  for_each = local.responses

  rest_api_id = aws_api_gateway_rest_api.this.id
  resource_id = local.method_resources[each.value.method].resource_id
  http_method = local.method_resources[each.value.method].http_method
  status_code = each.value.code

  response_parameters = length(each.value.headers) > 0 ? { for h in keys(each.value.headers) : "method.response.header.${h}" => false } : null
  response_models     = length(each.value.resp.models) > 0 ? { for type, name in each.value.resp.models : type => try(aws_api_gateway_model.this[name].name, name) } : null
}

resource "aws_api_gateway_integration_response" "this" {
  for_each = { for key, r in local.responses : key => r if !r.proxy }

  rest_api_id       = aws_api_gateway_rest_api.this.id
  resource_id       = local.method_resources[each.value.method].resource_id
  http_method       = local.method_resources[each.value.method].http_method
  status_code       = aws_api_gateway_method_response.this[each.key].status_code
  selection_pattern = each.value.resp.selection_pattern
  content_handling  = each.value.resp.content_handling

  response_parameters = length(each.value.headers) > 0 ? { for h, v in each.value.headers : "method.response.header.${h}" => v } : null
  response_templates  = length(each.value.resp.templates) > 0 ? each.value.resp.templates : null

  # an integration response can only be added once the method has its integration
  depends_on = [aws_api_gateway_integration.this]
}

################################################################################
# CORS: an OPTIONS method per path marked cors = true, answered by a MOCK integration
################################################################################

resource "aws_api_gateway_method" "cors" {
  # checkov:skip=CKV2_AWS_53: a CORS preflight has no body or parameters to validate; it is answered by a MOCK
  for_each = local.cors_paths

  rest_api_id   = aws_api_gateway_rest_api.this.id
  resource_id   = local.resource_ids[each.key]
  http_method   = "OPTIONS"
  authorization = "NONE" # browsers send preflight requests without credentials
}

resource "aws_api_gateway_integration" "cors" {
  for_each = local.cors_paths

  rest_api_id       = aws_api_gateway_rest_api.this.id
  resource_id       = aws_api_gateway_method.cors[each.key].resource_id
  http_method       = aws_api_gateway_method.cors[each.key].http_method
  type              = "MOCK"
  request_templates = { "application/json" = jsonencode({ statusCode = 200 }) }
}

resource "aws_api_gateway_method_response" "cors" {
  for_each = local.cors_paths

  rest_api_id         = aws_api_gateway_rest_api.this.id
  resource_id         = aws_api_gateway_method.cors[each.key].resource_id
  http_method         = aws_api_gateway_method.cors[each.key].http_method
  status_code         = "200"
  response_parameters = { for h in keys(local.cors_preflight_headers[each.key]) : "method.response.header.${h}" => false }
}

resource "aws_api_gateway_integration_response" "cors" {
  for_each = local.cors_paths

  rest_api_id         = aws_api_gateway_rest_api.this.id
  resource_id         = aws_api_gateway_method.cors[each.key].resource_id
  http_method         = aws_api_gateway_method.cors[each.key].http_method
  status_code         = aws_api_gateway_method_response.cors[each.key].status_code
  response_parameters = { for h, v in local.cors_preflight_headers[each.key] : "method.response.header.${h}" => v }

  depends_on = [aws_api_gateway_integration.cors]
}

################################################################################
# Gateway responses
################################################################################

resource "aws_api_gateway_gateway_response" "this" {
  for_each = local.gateway_responses

  rest_api_id   = aws_api_gateway_rest_api.this.id
  response_type = each.key
  status_code   = each.value.status_code
  response_parameters = (
    length(merge(local.cors_origin_headers, each.value.headers)) == 0 ? null :
    { for h, v in merge(local.cors_origin_headers, each.value.headers) : "gatewayresponse.header.${h}" => v }
  )
  response_templates = length(each.value.templates) > 0 ? each.value.templates : null
}

################################################################################
# Resource policy: PRIVATE APIs answer only their VPC endpoints; plus var.policy
################################################################################

data "aws_iam_policy_document" "resource_policy" {
  count = local.private || var.policy != null ? 1 : 0

  source_policy_documents = var.policy == null ? [] : [var.policy]

  dynamic "statement" {
    for_each = local.private ? [1] : []
    content {
      sid       = "AllowInvokeFromVpcEndpoints"
      effect    = "Allow"
      actions   = ["execute-api:Invoke"]
      resources = ["${aws_api_gateway_rest_api.this.execution_arn}/*"]
      principals {
        type        = "*"
        identifiers = ["*"]
      }
      condition {
        test     = "StringEquals"
        variable = "aws:SourceVpce"
        values   = var.vpc_endpoint_ids
      }
    }
  }

  dynamic "statement" {
    for_each = local.private ? [1] : []
    content {
      sid       = "DenyInvokeFromElsewhere"
      effect    = "Deny"
      actions   = ["execute-api:Invoke"]
      resources = ["${aws_api_gateway_rest_api.this.execution_arn}/*"]
      principals {
        type        = "*"
        identifiers = ["*"]
      }
      condition {
        test     = "StringNotEquals"
        variable = "aws:SourceVpce"
        values   = var.vpc_endpoint_ids
      }
    }
  }
}

resource "aws_api_gateway_rest_api_policy" "this" {
  count = local.private || var.policy != null ? 1 : 0

  rest_api_id = aws_api_gateway_rest_api.this.id
  policy      = one(data.aws_iam_policy_document.resource_policy[*].json)
}

################################################################################
# Deployment: replaced exactly when something it serves changes
################################################################################

resource "aws_api_gateway_deployment" "this" {
  rest_api_id = aws_api_gateway_rest_api.this.id
  description = "Deployment ${local.deployment_hash}"

  triggers = {
    redeployment = local.deployment_hash
  }

  lifecycle {
    create_before_destroy = true
  }

  depends_on = [
    aws_api_gateway_method.this,
    aws_api_gateway_integration.this,
    aws_api_gateway_method_response.this,
    aws_api_gateway_integration_response.this,
    aws_api_gateway_method.cors,
    aws_api_gateway_integration.cors,
    aws_api_gateway_method_response.cors,
    aws_api_gateway_integration_response.cors,
    aws_api_gateway_gateway_response.this,
    aws_api_gateway_rest_api_policy.this,
  ]
}

################################################################################
# Stages, logs, method settings, WAF
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

  rest_api_id           = aws_api_gateway_rest_api.this.id
  stage_name            = each.key
  description           = each.value.description
  deployment_id         = each.value.deployment_id != null ? each.value.deployment_id : aws_api_gateway_deployment.this.id
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

  dynamic "canary_settings" {
    for_each = each.value.canary == null ? [] : [each.value.canary]
    content {
      deployment_id            = canary_settings.value.deployment_id != null ? canary_settings.value.deployment_id : aws_api_gateway_deployment.this.id
      percent_traffic          = canary_settings.value.percent_traffic
      stage_variable_overrides = length(canary_settings.value.stage_variable_overrides) > 0 ? canary_settings.value.stage_variable_overrides : null
      use_stage_cache          = canary_settings.value.use_stage_cache
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

################################################################################
# Usage plans and API keys
################################################################################

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

################################################################################
# Custom domain
################################################################################

resource "aws_api_gateway_domain_name" "this" {
  count = var.domain == null ? 0 : 1

  domain_name              = var.domain.domain_name
  regional_certificate_arn = var.domain.certificate_arn
  security_policy          = "TLS_1_2"
  tags                     = var.tags

  endpoint_configuration {
    types = ["REGIONAL"]
  }

  lifecycle {
    precondition {
      condition     = length(local.base_path_mappings) > 0
      error_message = "domain.base_path_mappings is required when the API has several stages: map each stage to serve on the domain to a base path (\"\" for the root)."
    }
    precondition {
      condition     = alltrue([for name in keys(local.base_path_mappings) : contains(keys(var.stages), name)])
      error_message = "domain.base_path_mappings names a stage that var.stages does not define. Stages: ${jsonencode(keys(var.stages))}."
    }
    precondition {
      condition     = length(distinct(values(local.base_path_mappings))) == length(local.base_path_mappings)
      error_message = "domain.base_path_mappings maps two stages to the same base path."
    }
  }
}

resource "aws_api_gateway_base_path_mapping" "this" {
  for_each = local.base_path_mappings

  api_id      = aws_api_gateway_rest_api.this.id
  domain_name = aws_api_gateway_domain_name.this[0].domain_name
  stage_name  = try(aws_api_gateway_stage.this[each.key].stage_name, each.key)
  base_path   = each.value == "" ? null : each.value
}

resource "aws_route53_record" "this" {
  count = try(var.domain.route53_zone_id, null) == null ? 0 : 1

  zone_id = var.domain.route53_zone_id
  name    = aws_api_gateway_domain_name.this[0].domain_name
  type    = "A"

  alias {
    name                   = aws_api_gateway_domain_name.this[0].regional_domain_name
    zone_id                = aws_api_gateway_domain_name.this[0].regional_zone_id
    evaluate_target_health = false
  }
}

################################################################################
# Imported (OpenAPI body) integrations
################################################################################

resource "aws_lambda_permission" "body" {
  for_each = local.use_resources ? {} : var.body_lambda_permissions

  statement_id  = "apigw-${aws_api_gateway_rest_api.this.id}-body-${substr(sha1(each.key), 0, 12)}"
  action        = "lambda:InvokeFunction"
  function_name = each.value.function_arn
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_api_gateway_rest_api.this.execution_arn}/${each.value.source}"

  # The statement id names this API: two APIs (or environments) may share one function. A new id
  # (another API, or an upgrade) is added before the old one is removed, so invocations never lose it.
  lifecycle {
    create_before_destroy = true
  }
}
