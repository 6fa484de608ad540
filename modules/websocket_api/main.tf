locals {
  # WebSocket integrations take the Lambda invoke URI, not the function ARN.
  invoke_uri = {
    for arn in distinct(concat(
      [for r in values(var.routes) : r.integration.function_arn],
      [for a in values(var.authorizers) : a.function_arn],
    )) :
    arn => format("arn:%s:apigateway:%s:lambda:path/2015-03-31/functions/%s/invocations", split(":", arn)[1], split(":", arn)[3], arn)
  }

  two_way_routes = { for key, r in var.routes : key => r if r.two_way }

  route_ids             = { for key, r in aws_apigatewayv2_route.this : key => r.id }
  integration_responses = { for key, r in var.routes : key => r.integration.response if r.integration.response != null }

  create_log_group = var.access_logs.enabled && var.access_logs.destination_arn == null

  # The ARN of the log group the module creates, known at plan time (the resource's arn is not).
  access_log_group_name = "/aws/apigateway/${var.name}/${var.stage.name}"
  access_log_group_arn = format("arn:%s:logs:%s:%s:log-group:%s",
    data.aws_partition.current.partition, data.aws_region.current.region, data.aws_caller_identity.current.account_id,
    local.access_log_group_name
  )

  access_log_format = coalesce(var.access_logs.format, jsonencode({
    requestId          = "$context.requestId"
    extendedRequestId  = "$context.extendedRequestId"
    connectionId       = "$context.connectionId"
    eventType          = "$context.eventType"
    routeKey           = "$context.routeKey"
    messageDirection   = "$context.messageDirection"
    status             = "$context.status"
    requestTime        = "$context.requestTime"
    ip                 = "$context.identity.sourceIp"
    userAgent          = "$context.identity.userAgent"
    integrationStatus  = "$context.integration.status"
    integrationLatency = "$context.integration.latency"
    integrationError   = "$context.integration.error"
    authorizerError    = "$context.authorizer.error"
    principal          = "$context.authorizer.principalId"
    error              = "$context.error.message"
  }))

  table_enabled = var.connection_table != null
  table_create  = local.table_enabled && try(var.connection_table.create, false)
  table_name = !local.table_enabled ? null : (
    local.table_create ? coalesce(var.connection_table.name, "${var.name}-connections") : split("/", var.connection_table.arn)[1]
  )
  table_arn = !local.table_enabled ? null : (
    local.table_create ? aws_dynamodb_table.this[0].arn : var.connection_table.arn
  )
  table_kms_key_arn = try(var.connection_table.kms_key_arn, null)

  # The @connections API of exactly this stage: POST (send), GET (connection info), DELETE (disconnect).
  manage_connections_resources = [
    for method in ["POST", "GET", "DELETE"] :
    "${aws_apigatewayv2_api.this.execution_arn}/${var.stage.name}/${method}/@connections/*"
  ]
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
  protocol_type                = "WEBSOCKET"
  route_selection_expression   = var.route_selection_expression
  api_key_selection_expression = var.api_key_selection_expression
  ip_address_type              = var.ip_address_type
  tags                         = var.tags

  lifecycle {
    precondition {
      condition = alltrue([
        for r in values(var.routes) : r.authorization.authorizer == null || contains(keys(var.authorizers), coalesce(r.authorization.authorizer, "-"))
      ])
      error_message = "The $connect route names an authorizer that var.authorizers does not define. Defined: ${jsonencode(keys(var.authorizers))}."
    }
  }
}

################################################################################
# Integrations, routes, two-way responses: one of each per entry of var.routes
################################################################################

resource "aws_apigatewayv2_integration" "this" {
  for_each = var.routes

  api_id                        = aws_apigatewayv2_api.this.id
  integration_type              = each.value.integration.type
  integration_method            = "POST"
  integration_uri               = local.invoke_uri[each.value.integration.function_arn]
  credentials_arn               = each.value.integration.credentials_arn
  timeout_milliseconds          = each.value.integration.timeout_milliseconds
  content_handling_strategy     = each.value.integration.content_handling_strategy
  request_templates             = each.value.integration.request_templates
  template_selection_expression = each.value.integration.template_selection_expression
  passthrough_behavior          = each.value.integration.passthrough_behavior
}

resource "aws_apigatewayv2_integration_response" "this" {
  for_each = local.integration_responses

  api_id                        = aws_apigatewayv2_api.this.id
  integration_id                = aws_apigatewayv2_integration.this[each.key].id
  integration_response_key      = each.value.key
  response_templates            = each.value.response_templates
  template_selection_expression = each.value.template_selection_expression
  content_handling_strategy     = each.value.content_handling_strategy
}

resource "aws_apigatewayv2_route" "this" {
  # checkov:skip=CKV_AWS_309:API Gateway authorizes a WebSocket connection once, on $connect: $disconnect, $default and custom routes run on that connection and cannot take authorization, and $connect has none only when the caller marks it public = true (var.routes refuses it otherwise)
  # checkov:skip=CKV_APIGWKIT_1:$connect has no authorization only when the caller marks it public = true (var.routes refuses it otherwise); the other routes cannot take authorization
  # One block for every route: making $connect public or not is an in-place update of the route,
  # never a second route with the same key at another address (AWS refuses duplicate keys).
  for_each = var.routes

  api_id           = aws_apigatewayv2_api.this.id
  route_key        = each.key
  target           = "integrations/${aws_apigatewayv2_integration.this[each.key].id}"
  operation_name   = each.value.operation_name
  api_key_required = each.value.api_key_required

  # each.value's own: read through the variable so that checkov's HCL scan knows it cannot evaluate it
  # (it would judge the literal text); the plan scan judges the planned value.
  authorization_type = var.routes[each.key].authorization.type
  authorizer_id = (
    each.value.authorization.authorizer != null ? aws_apigatewayv2_authorizer.this[each.value.authorization.authorizer].id :
    each.value.authorization.authorizer_id
  )

  route_response_selection_expression = each.value.two_way ? "$default" : null
}

resource "aws_apigatewayv2_route_response" "this" {
  for_each = local.two_way_routes

  api_id             = aws_apigatewayv2_api.this.id
  route_id           = local.route_ids[each.key]
  route_response_key = "$default" # the only route response a WebSocket API can define
}

resource "aws_lambda_permission" "route" {
  for_each = var.routes

  statement_id  = "apigw-${aws_apigatewayv2_api.this.id}-${substr(sha1(each.key), 0, 12)}"
  action        = "lambda:InvokeFunction"
  function_name = join(":", slice(split(":", each.value.integration.function_arn), 0, 7))
  qualifier     = try(split(":", each.value.integration.function_arn)[7], null) # an alias ARN (module.fn.alias_arn): that alias only
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_apigatewayv2_api.this.execution_arn}/*/${each.key}"

  # The statement id names this API: two APIs (or environments) may share one function. A new id
  # (another API, or an upgrade) is added before the old one is removed, so invocations never lose it.
  lifecycle {
    create_before_destroy = true
  }
}

################################################################################
# Authorizers (Lambda REQUEST, for $connect)
################################################################################

resource "aws_apigatewayv2_authorizer" "this" {
  for_each = var.authorizers

  api_id                     = aws_apigatewayv2_api.this.id
  name                       = each.key
  authorizer_type            = "REQUEST"
  authorizer_uri             = local.invoke_uri[each.value.function_arn]
  identity_sources           = each.value.identity_sources
  authorizer_credentials_arn = each.value.credentials_arn
  # No payload format version, simple responses or result caching: those are HTTP API settings. A
  # WebSocket authorizer answers with an IAM policy, once per connection.
}

resource "aws_lambda_permission" "authorizer" {
  for_each = var.authorizers

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
# Stage
################################################################################

resource "aws_cloudwatch_log_group" "access" {
  # checkov:skip=CKV_AWS_158:a customer managed key is optional (access_logs.kms_key_arn); without one CloudWatch Logs encrypts the group with its own keys
  count = local.create_log_group ? 1 : 0

  name              = local.access_log_group_name
  retention_in_days = var.access_logs.retention_in_days
  kms_key_id        = var.access_logs.kms_key_arn
  tags              = var.tags
}

resource "aws_apigatewayv2_stage" "this" {
  # checkov:skip=CKV2_AWS_51:a client certificate lets an HTTP backend verify that calls come from API Gateway; every integration of this module is a Lambda function, which API Gateway invokes with IAM
  api_id      = aws_apigatewayv2_api.this.id
  name        = var.stage.name
  description = var.stage.description
  # API Gateway deploys every change of the API to the stage itself, removals included (a deployment
  # Terraform made would be taken before Terraform deletes a removed route, and keep serving it)
  auto_deploy     = true
  stage_variables = length(var.stage.variables) > 0 ? var.stage.variables : null
  tags            = var.tags

  dynamic "access_log_settings" {
    for_each = var.access_logs.enabled ? [1] : []
    content {
      destination_arn = local.create_log_group ? local.access_log_group_arn : var.access_logs.destination_arn
      format          = local.access_log_format
    }
  }

  default_route_settings {
    detailed_metrics_enabled = var.stage.detailed_metrics
    logging_level            = var.stage.logging_level
    data_trace_enabled       = var.stage.data_trace
    throttling_burst_limit   = try(var.throttling.burst_limit, null)
    throttling_rate_limit    = try(var.throttling.rate_limit, null)
  }

  dynamic "route_settings" {
    for_each = { for key, r in var.routes : key => r if r.throttling != null }
    content {
      route_key                = route_settings.key
      detailed_metrics_enabled = var.stage.detailed_metrics
      logging_level            = var.stage.logging_level
      data_trace_enabled       = var.stage.data_trace
      throttling_burst_limit   = route_settings.value.throttling.burst_limit
      throttling_rate_limit    = route_settings.value.throttling.rate_limit
    }
  }

  lifecycle {
    # Naming the role here also orders the stage after the account setting when both are in one configuration.
    precondition {
      condition     = var.cloudwatch_role_arn != null || !(var.access_logs.enabled || var.stage.logging_level != "OFF")
      error_message = "WebSocket API stages log (access logs; execution logs at ERROR by default) only through the region's API Gateway CloudWatch Logs role, which a new AWS account does not have, and AWS refuses a logging stage without it. Apply modules/account_settings once per region and pass its cloudwatch_role_arn output (or your account's existing role: aws apigateway get-account) as cloudwatch_role_arn; or turn logging off: access_logs = { enabled = false } and stage = { logging_level = \"OFF\" }."
    }
  }

  # route_settings may only name routes that exist already; the access log group exists before
  # the stage logs to it (its ARN is written out, so that the plan shows the destination)
  depends_on = [aws_apigatewayv2_route.this, aws_cloudwatch_log_group.access]
}

################################################################################
# Connection table
################################################################################

resource "aws_dynamodb_table" "this" {
  # checkov:skip=CKV_AWS_119:a customer managed key is optional (connection_table.kms_key_arn); without one DynamoDB encrypts the table with the AWS managed key (server_side_encryption enabled)
  count = local.table_create ? 1 : 0

  name                        = local.table_name
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "connectionId"
  deletion_protection_enabled = var.connection_table.deletion_protection
  tags                        = var.tags

  attribute {
    name = "connectionId"
    type = "S"
  }

  # Rows of connections whose $disconnect never ran (API Gateway does not guarantee it) expire.
  ttl {
    attribute_name = var.connection_table.ttl_attribute
    enabled        = true
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = var.connection_table.kms_key_arn
  }
}

################################################################################
# Handler policy: push to this stage's connections, use the connection table
################################################################################

data "aws_iam_policy_document" "this" {
  statement {
    sid       = "ManageConnections"
    actions   = ["execute-api:ManageConnections"]
    resources = local.manage_connections_resources
  }

  dynamic "statement" {
    for_each = local.table_enabled ? [1] : []
    content {
      sid       = "ConnectionTable"
      actions   = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem", "dynamodb:Scan"]
      resources = [local.table_arn]
    }
  }

  dynamic "statement" {
    for_each = local.table_kms_key_arn == null ? [] : [local.table_kms_key_arn]
    content {
      sid       = "ConnectionTableKey"
      actions   = ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey"]
      resources = [statement.value]
      condition {
        test     = "StringEquals"
        variable = "kms:ViaService"
        values   = ["dynamodb.${split(":", statement.value)[3]}.amazonaws.com"]
      }
    }
  }
}

resource "aws_iam_role_policy" "this" {
  for_each = var.policy_role_names

  name   = "${var.name}-websocket"
  role   = each.value
  policy = data.aws_iam_policy_document.this.json
}
