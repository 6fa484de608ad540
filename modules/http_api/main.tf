locals {
  use_routes = var.body == null

  routes = local.use_routes ? var.routes : {}

  lambda_routes = { for key, r in local.routes : key => r if r.integration.type == "lambda" }

  route_ids = { for key, r in aws_apigatewayv2_route.this : key => r.id }

  request_authorizers = { for key, a in var.authorizers : key => a if a.type == "REQUEST" }

  # The execute-api ARN suffix a route is invoked through: STAGE/METHOD/PATH, with path
  # variables as wildcards ("GET /users/{id}" -> "*/GET/users/*", "ANY /x" -> "*/*/x").
  route_source = {
    for key in keys(local.lambda_routes) : key => (
      key == "$default" ? "*/$default" :
      format("*/%s%s",
        split(" ", key)[0] == "ANY" ? "*" : split(" ", key)[0],
        replace(split(" ", key)[1], "/\\{[^}]+\\}/", "*")
      )
    )
  }

  # Log group names cannot hold "$": the $default stage logs to .../default.
  stage_log_names = { for name in keys(var.stages) : name => replace(name, "$", "") }

  create_log_groups = var.access_logs.enabled && var.access_logs.destination_arn == null

  # The ARNs of the log groups the module creates, known at plan time (the resource's arn is not).
  access_log_group_arns = {
    for name in keys(var.stages) : name => format("arn:%s:logs:%s:%s:log-group:/aws/apigateway/%s/%s",
      data.aws_partition.current.partition, data.aws_region.current.region, data.aws_caller_identity.current.account_id,
      var.name, local.stage_log_names[name]
    )
  }

  access_log_format = coalesce(var.access_logs.format, jsonencode({
    requestId          = "$context.requestId"
    extendedRequestId  = "$context.extendedRequestId"
    ip                 = "$context.identity.sourceIp"
    userAgent          = "$context.identity.userAgent"
    requestTime        = "$context.requestTime"
    httpMethod         = "$context.httpMethod"
    path               = "$context.path"
    routeKey           = "$context.routeKey"
    status             = "$context.status"
    protocol           = "$context.protocol"
    responseLength     = "$context.responseLength"
    responseLatency    = "$context.responseLatency"
    integrationLatency = "$context.integrationLatency"
    integrationStatus  = "$context.integrationStatus"
    integrationError   = "$context.integrationErrorMessage"
    authorizerError    = "$context.authorizer.error"
    principal          = "$context.authorizer.principalId"
  }))
}

data "aws_partition" "current" {}

data "aws_region" "current" {}

data "aws_caller_identity" "current" {}

################################################################################
# API
################################################################################

resource "aws_apigatewayv2_api" "this" {
  name                         = var.name
  description                  = var.description
  protocol_type                = "HTTP"
  body                         = var.body
  disable_execute_api_endpoint = var.disable_execute_api_endpoint
  ip_address_type              = var.ip_address_type
  tags                         = var.tags

  dynamic "cors_configuration" {
    for_each = var.cors == null ? [] : [var.cors]
    content {
      allow_origins     = cors_configuration.value.allow_origins
      allow_methods     = cors_configuration.value.allow_methods
      allow_headers     = cors_configuration.value.allow_headers
      expose_headers    = cors_configuration.value.expose_headers
      max_age           = cors_configuration.value.max_age
      allow_credentials = cors_configuration.value.allow_credentials
    }
  }

  lifecycle {
    precondition {
      condition     = var.body == null || length(var.routes) == 0
      error_message = "Set either body (an OpenAPI definition) or routes, not both: with body, API Gateway builds the routes from the document."
    }
    precondition {
      condition     = var.body != null || length(var.routes) > 0
      error_message = "The API has nothing to serve: set routes (a map keyed by route key) or body (an OpenAPI definition)."
    }
    precondition {
      condition = alltrue([
        for r in values(var.routes) : r.authorization.authorizer == null || contains(keys(var.authorizers), coalesce(r.authorization.authorizer, "-"))
      ])
      error_message = "A route names an authorizer that var.authorizers does not define. Defined: ${jsonencode(keys(var.authorizers))}."
    }
    precondition {
      condition = alltrue([
        for r in values(var.routes) :
        r.authorization.authorizer == null || try(var.authorizers[r.authorization.authorizer].type, "") == (r.authorization.type == "JWT" ? "JWT" : "REQUEST")
      ])
      error_message = "A route's authorization.type must match its authorizer: JWT routes use a JWT authorizer, CUSTOM routes a REQUEST (Lambda) authorizer."
    }
  }
}

################################################################################
# Integrations and routes: one of each per entry of var.routes
################################################################################

resource "aws_apigatewayv2_integration" "this" {
  for_each = local.routes

  api_id = aws_apigatewayv2_api.this.id

  integration_type = each.value.integration.type == "lambda" ? "AWS_PROXY" : (
    each.value.integration.type == "aws_service" ? "AWS_PROXY" : "HTTP_PROXY"
  )
  integration_subtype = each.value.integration.type == "aws_service" ? each.value.integration.subtype : null
  integration_uri     = each.value.integration.type == "lambda" ? each.value.integration.function_arn : each.value.integration.uri
  integration_method = (
    contains(["http_proxy", "private"], each.value.integration.type) ? coalesce(each.value.integration.method, "ANY") :
    each.value.integration.type == "lambda" ? "POST" : null
  )
  payload_format_version = each.value.integration.type == "lambda" ? each.value.integration.payload_format_version : (
    each.value.integration.type == "aws_service" ? "1.0" : null
  )
  connection_type      = each.value.integration.type == "private" ? "VPC_LINK" : "INTERNET"
  connection_id        = each.value.integration.type == "private" ? each.value.integration.vpc_link_id : null
  credentials_arn      = each.value.integration.credentials_arn
  request_parameters   = each.value.integration.request_parameters
  timeout_milliseconds = each.value.integration.timeout_milliseconds

  dynamic "tls_config" {
    for_each = each.value.integration.tls_server_name == null ? [] : [each.value.integration.tls_server_name]
    content {
      server_name_to_verify = tls_config.value
    }
  }
}

resource "aws_apigatewayv2_route" "this" {
  # checkov:skip=CKV_AWS_309:authorization NONE reaches this block only for routes the caller marks public = true (var.routes refuses NONE without it); every other route carries JWT, a Lambda authorizer or AWS_IAM
  # checkov:skip=CKV_APIGWKIT_1:authorization NONE reaches this block only for routes the caller marks public = true (var.routes refuses NONE without it); every other route carries JWT, a Lambda authorizer or AWS_IAM
  # One block for public and authorized routes alike: flipping public is an in-place update of the
  # route, never a second route with the same key at another address (AWS refuses duplicate keys).
  for_each = local.routes

  api_id         = aws_apigatewayv2_api.this.id
  route_key      = each.key
  target         = "integrations/${aws_apigatewayv2_integration.this[each.key].id}"
  operation_name = each.value.operation_name

  # each.value's own: read through the local so that checkov's HCL scan knows it cannot evaluate it
  # (it would judge the literal text); the plan scan judges the planned value.
  authorization_type = local.routes[each.key].authorization.type
  authorizer_id = (
    each.value.authorization.authorizer != null ? aws_apigatewayv2_authorizer.this[each.value.authorization.authorizer].id :
    each.value.authorization.authorizer_id
  )
  authorization_scopes = each.value.authorization.type == "JWT" ? each.value.authorization.scopes : null
}

resource "aws_lambda_permission" "route" {
  for_each = local.lambda_routes

  statement_id  = "apigw-${aws_apigatewayv2_api.this.id}-${substr(sha1(each.key), 0, 12)}"
  action        = "lambda:InvokeFunction"
  function_name = join(":", slice(split(":", each.value.integration.function_arn), 0, 7))
  qualifier     = try(split(":", each.value.integration.function_arn)[7], null) # an alias ARN (module.fn.alias_arn): that alias only
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_apigatewayv2_api.this.execution_arn}/${local.route_source[each.key]}"

  # The statement id names this API: two APIs (or environments) may share one function. A new id
  # (another API, or an upgrade) is added before the old one is removed, so invocations never lose it.
  lifecycle {
    create_before_destroy = true
  }
}

################################################################################
# Authorizers
################################################################################

resource "aws_apigatewayv2_authorizer" "this" {
  for_each = var.authorizers

  api_id           = aws_apigatewayv2_api.this.id
  name             = each.key
  authorizer_type  = each.value.type
  identity_sources = each.value.identity_sources

  dynamic "jwt_configuration" {
    for_each = each.value.type == "JWT" ? [each.value.jwt] : []
    content {
      issuer   = jwt_configuration.value.issuer
      audience = jwt_configuration.value.audience
    }
  }

  authorizer_uri = each.value.type == "REQUEST" ? format(
    "arn:%s:apigateway:%s:lambda:path/2015-03-31/functions/%s/invocations",
    data.aws_partition.current.partition, split(":", each.value.function_arn)[3], each.value.function_arn
  ) : null
  authorizer_payload_format_version = each.value.type == "REQUEST" ? each.value.payload_format_version : null
  enable_simple_responses           = each.value.type == "REQUEST" ? each.value.enable_simple_responses : null
  authorizer_result_ttl_in_seconds  = each.value.type == "REQUEST" ? each.value.result_ttl_seconds : null
  authorizer_credentials_arn        = each.value.type == "REQUEST" ? each.value.credentials_arn : null
}

resource "aws_lambda_permission" "authorizer" {
  for_each = local.request_authorizers

  statement_id  = "apigw-${aws_apigatewayv2_api.this.id}-authorizer-${substr(sha1(each.key), 0, 12)}"
  action        = "lambda:InvokeFunction"
  function_name = join(":", slice(split(":", each.value.function_arn), 0, 7))
  qualifier     = try(split(":", each.value.function_arn)[7], null) # an alias ARN (module.fn.alias_arn): that alias only
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_apigatewayv2_api.this.execution_arn}/authorizers/${aws_apigatewayv2_authorizer.this[each.key].id}"

  # The statement id names this API: two APIs (or environments) may share one function. A new id
  # (another API, or an upgrade) is added before the old one is removed, so invocations never lose it.
  lifecycle {
    create_before_destroy = true
  }
}

################################################################################
# Stages
################################################################################

resource "aws_cloudwatch_log_group" "access" {
  # checkov:skip=CKV_AWS_158:a customer managed key is optional (access_logs.kms_key_arn); without one CloudWatch Logs encrypts the group with its own keys
  for_each = local.create_log_groups ? var.stages : {}

  name              = "/aws/apigateway/${var.name}/${local.stage_log_names[each.key]}"
  retention_in_days = var.access_logs.retention_in_days
  kms_key_id        = var.access_logs.kms_key_arn
  tags              = var.tags
}

resource "aws_apigatewayv2_stage" "this" {
  for_each = var.stages

  api_id      = aws_apigatewayv2_api.this.id
  name        = each.key
  description = each.value.description
  # API Gateway deploys every change of the API to the stage itself, removals included (a deployment
  # Terraform made would be taken before Terraform deletes a removed route, and keep serving it)
  auto_deploy     = true
  stage_variables = length(each.value.variables) > 0 ? each.value.variables : null
  tags            = var.tags

  dynamic "access_log_settings" {
    for_each = var.access_logs.enabled ? [1] : []
    content {
      destination_arn = local.create_log_groups ? local.access_log_group_arns[each.key] : var.access_logs.destination_arn
      format          = local.access_log_format
    }
  }

  default_route_settings {
    detailed_metrics_enabled = each.value.detailed_metrics
    throttling_burst_limit   = try(coalesce(each.value.throttling, var.throttling).burst_limit, null)
    throttling_rate_limit    = try(coalesce(each.value.throttling, var.throttling).rate_limit, null)
  }

  dynamic "route_settings" {
    for_each = { for key, r in local.routes : key => r if r.throttling != null }
    content {
      route_key                = route_settings.key
      detailed_metrics_enabled = each.value.detailed_metrics
      throttling_burst_limit   = route_settings.value.throttling.burst_limit
      throttling_rate_limit    = route_settings.value.throttling.rate_limit
    }
  }

  # route_settings may only name routes that exist already; the access log group exists before
  # the stage logs to it (its ARN is written out, so that the plan shows the destination)
  depends_on = [aws_apigatewayv2_route.this, aws_cloudwatch_log_group.access]
}

################################################################################
# Custom domain
################################################################################

resource "aws_apigatewayv2_domain_name" "this" {
  count = var.domain == null ? 0 : 1

  domain_name = var.domain.domain_name
  tags        = var.tags

  domain_name_configuration {
    certificate_arn = var.domain.certificate_arn
    endpoint_type   = "REGIONAL"
    security_policy = coalesce(var.domain.security_policy, local.tls_policies.V2[0])
    ip_address_type = var.domain.ip_address_type
  }

  lifecycle {
    precondition {
      condition     = var.domain.mappings != null || length(var.stages) == 1
      error_message = "domain.mappings is required when the API has several stages: map each stage to serve on the domain to a base path (\"\" for the root)."
    }
    precondition {
      condition     = contains(local.tls_policies.V2, coalesce(var.domain.security_policy, local.tls_policies.V2[0]))
      error_message = "domain.security_policy: an HTTP API custom domain takes TLS_1_2 only (enhanced SecurityPolicy_* policies are for REST APIs: modules/domain or modules/rest_api)."
    }
  }

  dynamic "mutual_tls_authentication" {
    for_each = var.domain.mutual_tls == null ? [] : [var.domain.mutual_tls]
    content {
      truststore_uri     = mutual_tls_authentication.value.truststore_uri
      truststore_version = mutual_tls_authentication.value.truststore_version
    }
  }
}

resource "aws_apigatewayv2_api_mapping" "this" {
  for_each = local.domain_mappings

  api_id          = aws_apigatewayv2_api.this.id
  domain_name     = aws_apigatewayv2_domain_name.this[0].id
  stage           = aws_apigatewayv2_stage.this[each.key].id
  api_mapping_key = each.value == "" ? null : each.value

  lifecycle {
    precondition {
      condition     = contains(keys(var.stages), each.key)
      error_message = "domain.mappings names stage \"${each.key}\", which var.stages does not define."
    }
  }
}

resource "aws_route53_record" "this" {
  count = try(var.domain.route53_zone_id, null) == null ? 0 : 1

  zone_id = var.domain.route53_zone_id
  name    = aws_apigatewayv2_domain_name.this[0].domain_name
  type    = "A"

  alias {
    name                   = aws_apigatewayv2_domain_name.this[0].domain_name_configuration[0].target_domain_name
    zone_id                = aws_apigatewayv2_domain_name.this[0].domain_name_configuration[0].hosted_zone_id
    evaluate_target_health = false
  }
}

################################################################################
# Imported (OpenAPI body) integrations
################################################################################

resource "aws_lambda_permission" "body" {
  for_each = local.use_routes ? {} : var.body_lambda_permissions

  statement_id  = "apigw-${aws_apigatewayv2_api.this.id}-body-${substr(sha1(each.key), 0, 12)}"
  action        = "lambda:InvokeFunction"
  function_name = join(":", slice(split(":", each.value.function_arn), 0, 7))
  qualifier     = try(split(":", each.value.function_arn)[7], null) # an alias ARN (module.fn.alias_arn): that alias only
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_apigatewayv2_api.this.execution_arn}/${each.value.source}"

  # The statement id names this API: two APIs (or environments) may share one function. A new id
  # (another API, or an upgrade) is added before the old one is removed, so invocations never lose it.
  lifecycle {
    create_before_destroy = true
  }
}
