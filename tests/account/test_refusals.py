"""The account model refuses at apply what AWS refuses, with AWS's error code and message, and accepts
the look-alikes AWS accepts. Each pair below is one rule of apigwkit/provider_double/account/rules.py:
the second object of a pair is applied after the first (depends_on) and must be refused; the
"accepted" objects differ in exactly what makes AWS accept them.

One configuration holds every case, applied once (Terraform reports every failed object of an apply,
each with its address), so each rule is still its own test."""

from __future__ import annotations

import re

import pytest

from apigwkit.engine.workspace import Workspace

CONFIG = r"""
terraform {
  required_providers {
    aws = { source = "hashicorp/aws" }
  }
}
provider "aws" { region = "ap-northeast-2" }

locals {
  fn = "arn:aws:lambda:ap-northeast-2:123456789012:function:accepted"
}

# ---------------------------------------------------------------- a REST API to build on
resource "aws_api_gateway_rest_api" "api" { name = "rules" }
resource "aws_api_gateway_resource" "a" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  parent_id   = aws_api_gateway_rest_api.api.root_resource_id
  path_part   = "a"
}
resource "aws_api_gateway_method" "a_get" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  resource_id   = aws_api_gateway_resource.a.id
  http_method   = "GET"
  authorization = "NONE"
  request_parameters = { "method.request.querystring.q" = false }
}
resource "aws_api_gateway_integration" "a_get" {
  rest_api_id          = aws_api_gateway_rest_api.api.id
  resource_id          = aws_api_gateway_resource.a.id
  http_method          = aws_api_gateway_method.a_get.http_method
  type                 = "MOCK"
  cache_key_parameters = ["method.request.querystring.q"]
}
resource "aws_api_gateway_deployment" "d1" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  depends_on  = [aws_api_gateway_integration.a_get]
}
resource "aws_api_gateway_stage" "prod" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  stage_name    = "prod"
  deployment_id = aws_api_gateway_deployment.d1.id
}

# objects a refusal leaves incomplete live in an API of their own (a deployment of "api" would otherwise
# meet a method without integration, as it would in AWS)
resource "aws_api_gateway_rest_api" "other" { name = "rules-other" }
resource "aws_api_gateway_resource" "b" {
  rest_api_id = aws_api_gateway_rest_api.other.id
  parent_id   = aws_api_gateway_rest_api.other.root_resource_id
  path_part   = "b"
}
resource "aws_api_gateway_method" "b_get" {
  rest_api_id   = aws_api_gateway_rest_api.other.id
  resource_id   = aws_api_gateway_resource.b.id
  http_method   = "GET"
  authorization = "NONE"
}

# REST method: (api, resource, verb) -> ConflictException
resource "aws_api_gateway_method" "duplicate_method" {
  rest_api_id   = aws_api_gateway_rest_api.other.id
  resource_id   = aws_api_gateway_resource.b.id
  http_method   = "GET"
  authorization = "NONE"
  depends_on    = [aws_api_gateway_method.b_get]
}
resource "aws_api_gateway_method" "accepted_other_verb" {
  rest_api_id   = aws_api_gateway_rest_api.other.id
  resource_id   = aws_api_gateway_resource.b.id
  http_method   = "POST"
  authorization = "NONE"
}

# REST resource: (parent, path part) -> ConflictException
resource "aws_api_gateway_resource" "duplicate_resource" {
  rest_api_id = aws_api_gateway_rest_api.other.id
  parent_id   = aws_api_gateway_rest_api.other.root_resource_id
  path_part   = "b"
  depends_on  = [aws_api_gateway_resource.b]
}
resource "aws_api_gateway_resource" "accepted_same_part_other_parent" {
  rest_api_id = aws_api_gateway_rest_api.other.id
  parent_id   = aws_api_gateway_resource.b.id
  path_part   = "b"
}
resource "aws_api_gateway_resource" "missing_parent" {
  rest_api_id = aws_api_gateway_rest_api.other.id
  parent_id   = "nosuchres"
  path_part   = "orphan"
}

# REST stage name per API -> ConflictException
resource "aws_api_gateway_stage" "duplicate_stage" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  stage_name    = "prod"
  deployment_id = aws_api_gateway_deployment.d1.id
  depends_on    = [aws_api_gateway_stage.prod]
}
resource "aws_api_gateway_stage" "missing_deployment" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  stage_name    = "orphan"
  deployment_id = "nosuch"
}
# REST stage access logs on a new account (no CloudWatch Logs role) -> BadRequestException
resource "aws_api_gateway_stage" "logs_without_role" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  stage_name    = "logged"
  deployment_id = aws_api_gateway_deployment.d1.id
  access_log_settings {
    destination_arn = "arn:aws:logs:ap-northeast-2:123456789012:log-group:access"
    format          = "{\"requestId\":\"$context.requestId\"}"
  }
}
resource "aws_api_gateway_method_settings" "logging_without_role" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  stage_name  = aws_api_gateway_stage.prod.stage_name
  method_path = "*/*"
  settings {
    logging_level = "ERROR"
  }
}
resource "aws_api_gateway_method_settings" "accepted_metrics_only" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  stage_name  = aws_api_gateway_stage.prod.stage_name
  method_path = "a/GET"
  settings {
    metrics_enabled = true
  }
}

# integrations, responses and methods naming what does not exist
resource "aws_api_gateway_integration" "without_method" {
  rest_api_id = aws_api_gateway_rest_api.other.id
  resource_id = aws_api_gateway_resource.b.id
  http_method = "DELETE"
  type        = "MOCK"
}
resource "aws_api_gateway_integration" "timeout_over_29s" {
  rest_api_id          = aws_api_gateway_rest_api.other.id
  resource_id          = aws_api_gateway_resource.b.id
  http_method          = aws_api_gateway_method.accepted_other_verb.http_method
  type                 = "MOCK"
  timeout_milliseconds = 60000
}
resource "aws_api_gateway_method" "undeclared_cache_key" {
  rest_api_id   = aws_api_gateway_rest_api.other.id
  resource_id   = aws_api_gateway_resource.accepted_same_part_other_parent.id
  http_method   = "GET"
  authorization = "NONE"
}
resource "aws_api_gateway_integration" "undeclared_cache_key" {
  rest_api_id          = aws_api_gateway_rest_api.other.id
  resource_id          = aws_api_gateway_resource.accepted_same_part_other_parent.id
  http_method          = aws_api_gateway_method.undeclared_cache_key.http_method
  type                 = "MOCK"
  cache_key_parameters = ["method.request.querystring.q"]
}
resource "aws_api_gateway_integration_response" "without_method_response" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  resource_id = aws_api_gateway_resource.a.id
  http_method = aws_api_gateway_integration.a_get.http_method
  status_code = "418"
}
resource "aws_api_gateway_method" "missing_authorizer" {
  rest_api_id   = aws_api_gateway_rest_api.other.id
  resource_id   = aws_api_gateway_resource.b.id
  http_method   = "PUT"
  authorization = "CUSTOM"
  authorizer_id = "nosuch"
}

# usage plans name stages that exist
resource "aws_api_gateway_usage_plan" "missing_stage" {
  name = "rules"
  api_stages {
    api_id = aws_api_gateway_rest_api.api.id
    stage  = "nosuch"
  }
}
resource "aws_api_gateway_usage_plan" "accepted" {
  name = "accepted"
  api_stages {
    api_id = aws_api_gateway_rest_api.api.id
    stage  = aws_api_gateway_stage.prod.stage_name
  }
}
resource "aws_api_gateway_api_key" "k" { name = "k" }
resource "aws_api_gateway_usage_plan_key" "k" {
  key_id        = aws_api_gateway_api_key.k.id
  key_type      = "API_KEY"
  usage_plan_id = aws_api_gateway_usage_plan.accepted.id
}
resource "aws_api_gateway_usage_plan_key" "duplicate_plan_key" {
  key_id        = aws_api_gateway_api_key.k.id
  key_type      = "API_KEY"
  usage_plan_id = aws_api_gateway_usage_plan.accepted.id
  depends_on    = [aws_api_gateway_usage_plan_key.k]
}

# a deployment of an API with a method and no integration
resource "aws_api_gateway_rest_api" "bare" { name = "bare" }
resource "aws_api_gateway_method" "bare" {
  rest_api_id   = aws_api_gateway_rest_api.bare.id
  resource_id   = aws_api_gateway_rest_api.bare.root_resource_id
  http_method   = "GET"
  authorization = "NONE"
}
resource "aws_api_gateway_deployment" "method_without_integration" {
  rest_api_id = aws_api_gateway_rest_api.bare.id
  depends_on  = [aws_api_gateway_method.bare]
}
resource "aws_api_gateway_rest_api" "empty" { name = "empty" }
resource "aws_api_gateway_deployment" "no_methods" {
  rest_api_id = aws_api_gateway_rest_api.empty.id
}

# custom domains and base path mappings
resource "aws_api_gateway_domain_name" "d" {
  domain_name              = "api.example.com"
  regional_certificate_arn = "arn:aws:acm:ap-northeast-2:123456789012:certificate/abc"
  endpoint_configuration { types = ["REGIONAL"] }
}
resource "aws_api_gateway_base_path_mapping" "v1" {
  api_id      = aws_api_gateway_rest_api.api.id
  domain_name = aws_api_gateway_domain_name.d.domain_name
  stage_name  = aws_api_gateway_stage.prod.stage_name
  base_path   = "v1"
}
resource "aws_api_gateway_base_path_mapping" "duplicate_base_path" {
  api_id      = aws_api_gateway_rest_api.api.id
  domain_name = aws_api_gateway_domain_name.d.domain_name
  stage_name  = aws_api_gateway_stage.prod.stage_name
  base_path   = "v1"
  depends_on  = [aws_api_gateway_base_path_mapping.v1]
}
resource "aws_api_gateway_base_path_mapping" "empty_base_path_beside_another" {
  api_id      = aws_api_gateway_rest_api.api.id
  domain_name = aws_api_gateway_domain_name.d.domain_name
  stage_name  = aws_api_gateway_stage.prod.stage_name
  depends_on  = [aws_api_gateway_base_path_mapping.v1]
}
resource "aws_api_gateway_base_path_mapping" "mapping_to_a_missing_stage" {
  api_id      = aws_api_gateway_rest_api.api.id
  domain_name = aws_api_gateway_domain_name.d.domain_name
  stage_name  = "nosuch"
  base_path   = "v2"
}

# TLS policies, routing modes and routing rules
resource "aws_api_gateway_domain_name" "enhanced_without_access_mode" {
  domain_name              = "tls.example.com"
  regional_certificate_arn = "arn:aws:acm:ap-northeast-2:123456789012:certificate/abc"
  security_policy          = "SecurityPolicy_TLS13_1_3_2025_09"
  endpoint_configuration { types = ["REGIONAL"] }
}
resource "aws_api_gateway_domain_name" "access_mode_with_legacy_policy" {
  domain_name              = "legacy.example.com"
  regional_certificate_arn = "arn:aws:acm:ap-northeast-2:123456789012:certificate/abc"
  security_policy          = "TLS_1_2"
  endpoint_access_mode     = "STRICT"
  endpoint_configuration { types = ["REGIONAL"] }
}
resource "aws_api_gateway_domain_name" "mutual_tls_with_enhanced_policy" {
  domain_name              = "mtls.example.com"
  regional_certificate_arn = "arn:aws:acm:ap-northeast-2:123456789012:certificate/abc"
  security_policy          = "SecurityPolicy_TLS13_1_3_2025_09"
  endpoint_access_mode     = "STRICT"
  endpoint_configuration { types = ["REGIONAL"] }
  mutual_tls_authentication { truststore_uri = "s3://truststores/ca.pem" }
}
resource "aws_api_gateway_domain_name" "private_ipv4" {
  domain_name     = "private.example.com"
  certificate_arn = "arn:aws:acm:ap-northeast-2:123456789012:certificate/abc"
  endpoint_configuration {
    types           = ["PRIVATE"]
    ip_address_type = "ipv4"
  }
}
resource "aws_api_gateway_domain_name" "edge_policy_on_a_regional_domain" {
  domain_name              = "edge.example.com"
  regional_certificate_arn = "arn:aws:acm:ap-northeast-2:123456789012:certificate/abc"
  security_policy          = "SecurityPolicy_TLS13_2025_EDGE"
  endpoint_access_mode     = "STRICT"
  endpoint_configuration { types = ["REGIONAL"] }
}
resource "aws_api_gateway_rest_api" "enhanced_api_without_access_mode" {
  name            = "rules-tls"
  security_policy = "SecurityPolicy_TLS13_1_3_2025_09"
}
resource "aws_api_gateway_rest_api" "accepted_enhanced_api" {
  name                 = "rules-tls13"
  security_policy      = "SecurityPolicy_TLS13_1_3_2025_09"
  endpoint_access_mode = "STRICT"
  endpoint_configuration { types = ["REGIONAL"] }
}
resource "aws_api_gateway_domain_name" "rules" {
  domain_name              = "rules.example.com"
  regional_certificate_arn = "arn:aws:acm:ap-northeast-2:123456789012:certificate/abc"
  security_policy          = "SecurityPolicy_TLS13_1_3_2025_09"
  endpoint_access_mode     = "STRICT"
  routing_mode             = "ROUTING_RULE_ONLY"
  endpoint_configuration { types = ["REGIONAL"] }
}
resource "aws_apigatewayv2_routing_rule" "by_header" {
  domain_name = aws_api_gateway_domain_name.rules.domain_name
  priority    = 10
  condition {
    match_headers {
      any_of {
        header     = "x-version"
        value_glob = "2*"
      }
    }
  }
  action {
    invoke_api {
      api_id = aws_api_gateway_rest_api.api.id
      stage  = aws_api_gateway_stage.prod.stage_name
    }
  }
}
resource "aws_apigatewayv2_routing_rule" "priority_taken" {
  domain_name = aws_api_gateway_domain_name.rules.domain_name
  priority    = 10
  condition {
    match_base_paths { any_of = ["v2"] }
  }
  action {
    invoke_api {
      api_id = aws_api_gateway_rest_api.api.id
      stage  = aws_api_gateway_stage.prod.stage_name
    }
  }
  depends_on = [aws_apigatewayv2_routing_rule.by_header]
}
resource "aws_apigatewayv2_routing_rule" "invokes_an_http_api" {
  domain_name = aws_api_gateway_domain_name.rules.domain_name
  priority    = 20
  condition {
    match_base_paths { any_of = ["http"] }
  }
  action {
    invoke_api {
      api_id = aws_apigatewayv2_api.http.id
      stage  = "$default"
    }
  }
}
resource "aws_apigatewayv2_routing_rule" "invokes_a_missing_stage" {
  domain_name = aws_api_gateway_domain_name.rules.domain_name
  priority    = 30
  condition {
    match_base_paths { any_of = ["nosuch"] }
  }
  action {
    invoke_api {
      api_id = aws_api_gateway_rest_api.api.id
      stage  = "nosuch"
    }
  }
  depends_on = [aws_api_gateway_stage.prod]
}
resource "aws_api_gateway_base_path_mapping" "mapping_on_a_rules_only_domain" {
  api_id      = aws_api_gateway_rest_api.api.id
  domain_name = aws_api_gateway_domain_name.rules.domain_name
  stage_name  = aws_api_gateway_stage.prod.stage_name
  base_path   = "v1"
}
resource "aws_apigatewayv2_routing_rule" "rule_on_a_mappings_only_domain" {
  domain_name = aws_api_gateway_domain_name.d.domain_name
  priority    = 10
  condition {
    match_base_paths { any_of = ["v9"] }
  }
  action {
    invoke_api {
      api_id = aws_api_gateway_rest_api.api.id
      stage  = aws_api_gateway_stage.prod.stage_name
    }
  }
}
resource "aws_apigatewayv2_api_mapping" "http_api_on_an_enhanced_domain" {
  api_id      = aws_apigatewayv2_api.http.id
  domain_name = aws_api_gateway_domain_name.rules_then_mappings.domain_name
  stage       = aws_apigatewayv2_stage.http.id
  api_mapping_key = "http"
}
resource "aws_api_gateway_domain_name" "rules_then_mappings" {
  domain_name              = "both.example.com"
  regional_certificate_arn = "arn:aws:acm:ap-northeast-2:123456789012:certificate/abc"
  security_policy          = "SecurityPolicy_TLS13_1_2_PQ_2025_09"
  endpoint_access_mode     = "BASIC"
  routing_mode             = "ROUTING_RULE_THEN_BASE_PATH_MAPPING"
  endpoint_configuration { types = ["REGIONAL"] }
}
resource "aws_api_gateway_base_path_mapping" "accepted_mapping_beside_rules" {
  api_id      = aws_api_gateway_rest_api.api.id
  domain_name = aws_api_gateway_domain_name.rules_then_mappings.domain_name
  stage_name  = aws_api_gateway_stage.prod.stage_name
  base_path   = "v1"
}

# a REST API whose document streams a MOCK answer: the import refuses it
resource "aws_api_gateway_rest_api" "stream_on_a_mock" {
  name = "rules-stream"
  body = jsonencode({
    openapi = "3.0.1"
    info    = { title = "stream", version = "1" }
    paths = { "/s" = { get = { "x-amazon-apigateway-integration" = {
      type                 = "mock"
      responseTransferMode = "STREAM"
      requestTemplates     = { "application/json" = "{\"statusCode\": 200}" }
    } } } }
  })
}

# ---------------------------------------------------------------- HTTP and WebSocket APIs
resource "aws_apigatewayv2_api" "http" {
  name          = "rules-http"
  protocol_type = "HTTP"
}
resource "aws_apigatewayv2_integration" "http" {
  api_id                 = aws_apigatewayv2_api.http.id
  integration_type       = "AWS_PROXY"
  integration_uri        = local.fn
  payload_format_version = "2.0"
}
resource "aws_apigatewayv2_route" "get" {
  api_id    = aws_apigatewayv2_api.http.id
  route_key = "GET /x"
  target    = "integrations/${aws_apigatewayv2_integration.http.id}"
}
resource "aws_apigatewayv2_route" "duplicate_route" {
  api_id     = aws_apigatewayv2_api.http.id
  route_key  = "GET /x"
  target     = "integrations/${aws_apigatewayv2_integration.http.id}"
  depends_on = [aws_apigatewayv2_route.get]
}
resource "aws_apigatewayv2_route" "missing_integration" {
  api_id    = aws_apigatewayv2_api.http.id
  route_key = "GET /y"
  target    = "integrations/nosuch"
}
resource "aws_apigatewayv2_integration" "http_not_a_proxy" {
  api_id             = aws_apigatewayv2_api.http.id
  integration_type   = "HTTP"
  integration_uri    = "https://example.com"
  integration_method = "GET"
}
resource "aws_apigatewayv2_integration" "http_timeout_over_30s" {
  api_id                 = aws_apigatewayv2_api.http.id
  integration_type       = "AWS_PROXY"
  integration_uri        = local.fn
  payload_format_version = "2.0"
  timeout_milliseconds   = 30001
}
resource "aws_apigatewayv2_authorizer" "request_without_payload_version" {
  api_id           = aws_apigatewayv2_api.http.id
  name             = "request"
  authorizer_type  = "REQUEST"
  authorizer_uri   = "arn:aws:apigateway:ap-northeast-2:lambda:path/2015-03-31/functions/${local.fn}/invocations"
  identity_sources = ["$request.header.Authorization"]
}
resource "aws_apigatewayv2_stage" "http" {
  api_id      = aws_apigatewayv2_api.http.id
  name        = "$default"
  auto_deploy = true
  depends_on  = [aws_apigatewayv2_route.get]
  route_settings {
    route_key              = "GET /x"
    throttling_burst_limit = 10
    throttling_rate_limit  = 5
  }
}
resource "aws_apigatewayv2_stage" "duplicate_v2_stage" {
  api_id      = aws_apigatewayv2_api.http.id
  name        = "$default"
  auto_deploy = true
  depends_on  = [aws_apigatewayv2_stage.http]
}
resource "aws_apigatewayv2_stage" "route_settings_for_a_missing_route" {
  api_id      = aws_apigatewayv2_api.http.id
  name        = "other"
  auto_deploy = true
  route_settings {
    route_key              = "GET /nosuch"
    throttling_burst_limit = 10
    throttling_rate_limit  = 5
  }
}
resource "aws_apigatewayv2_stage" "http_execution_logs" {
  api_id      = aws_apigatewayv2_api.http.id
  name        = "logged"
  auto_deploy = true
  default_route_settings {
    logging_level = "INFO"
  }
}
resource "aws_apigatewayv2_stage" "accepted_http_access_logs_without_role" {
  api_id      = aws_apigatewayv2_api.http.id
  name        = "access-logged"
  auto_deploy = true
  access_log_settings {
    destination_arn = "arn:aws:logs:ap-northeast-2:123456789012:log-group:http-access"
    format          = "{\"requestId\":\"$context.requestId\"}"
  }
}
resource "aws_apigatewayv2_api" "ws" {
  name                       = "rules-ws"
  protocol_type              = "WEBSOCKET"
  route_selection_expression = "$request.body.action"
}
resource "aws_apigatewayv2_authorizer" "jwt_on_websocket" {
  api_id           = aws_apigatewayv2_api.ws.id
  name             = "jwt"
  authorizer_type  = "JWT"
  identity_sources = ["route.request.header.Authorization"]
  jwt_configuration {
    issuer   = "https://cognito-idp.ap-northeast-2.amazonaws.com/pool"
    audience = ["client"]
  }
}
resource "aws_apigatewayv2_stage" "websocket_logs_without_role" {
  api_id      = aws_apigatewayv2_api.ws.id
  name        = "prod"
  auto_deploy = true
  default_route_settings {
    logging_level = "ERROR"
  }
}
resource "aws_apigatewayv2_domain_name" "d" {
  domain_name = "ws.example.com"
  domain_name_configuration {
    certificate_arn = "arn:aws:acm:ap-northeast-2:123456789012:certificate/abc"
    endpoint_type   = "REGIONAL"
    security_policy = "TLS_1_2"
  }
}
resource "aws_apigatewayv2_domain_name" "duplicate_domain_name" {
  domain_name = "ws.example.com"
  domain_name_configuration {
    certificate_arn = "arn:aws:acm:ap-northeast-2:123456789012:certificate/abc"
    endpoint_type   = "REGIONAL"
    security_policy = "TLS_1_2"
  }
  depends_on = [aws_apigatewayv2_domain_name.d]
}
resource "aws_apigatewayv2_api_mapping" "root" {
  api_id      = aws_apigatewayv2_api.http.id
  domain_name = aws_apigatewayv2_domain_name.d.id
  stage       = aws_apigatewayv2_stage.http.id
}
resource "aws_apigatewayv2_api_mapping" "duplicate_mapping_key" {
  api_id      = aws_apigatewayv2_api.http.id
  domain_name = aws_apigatewayv2_domain_name.d.id
  stage       = aws_apigatewayv2_stage.http.id
  depends_on  = [aws_apigatewayv2_api_mapping.root]
}

# ---------------------------------------------------------------- Lambda, IAM, Logs, DynamoDB, WAF
resource "aws_iam_role" "r" {
  name               = "rules"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }]
  })
}
resource "aws_iam_role" "duplicate_role" {
  name               = "rules"
  assume_role_policy = aws_iam_role.r.assume_role_policy
  depends_on         = [aws_iam_role.r]
}
resource "aws_lambda_function" "f" {
  function_name = "rules"
  role          = aws_iam_role.r.arn
  handler       = "app.handler"
  runtime       = "python3.12"
  filename      = "app.zip"
  publish       = true
}
resource "aws_lambda_alias" "live" {
  name             = "live"
  function_name    = aws_lambda_function.f.function_name
  function_version = aws_lambda_function.f.version
}
# Lambda alias: a version that was never published -> ResourceNotFoundException
resource "aws_lambda_alias" "unpublished_version" {
  name             = "next"
  function_name    = aws_lambda_function.f.function_name
  function_version = "7"
}
# Lambda alias: weights to the version it already serves -> InvalidParameterValueException
resource "aws_lambda_alias" "weight_to_its_own_version" {
  name             = "canary"
  function_name    = aws_lambda_function.f.function_name
  function_version = aws_lambda_function.f.version
  routing_config {
    additional_version_weights = { (aws_lambda_function.f.version) = 0.1 }
  }
}
# provisioned concurrency: on $LATEST -> InvalidParameterValueException; on an alias that does not exist -> 404
resource "aws_lambda_provisioned_concurrency_config" "on_latest" {
  function_name                     = aws_lambda_function.f.function_name
  qualifier                         = "$LATEST"
  provisioned_concurrent_executions = 1
}
resource "aws_lambda_provisioned_concurrency_config" "on_a_missing_alias" {
  function_name                     = aws_lambda_function.f.function_name
  qualifier                         = "nosuch"
  provisioned_concurrent_executions = 1
}
resource "aws_lambda_provisioned_concurrency_config" "accepted_on_the_alias" {
  function_name                     = aws_lambda_function.f.function_name
  qualifier                         = aws_lambda_alias.live.name
  provisioned_concurrent_executions = 1
}
resource "aws_lambda_permission" "missing_qualifier" {
  statement_id  = "apigw-alias"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.f.function_name
  qualifier     = "nosuch"
  principal     = "apigateway.amazonaws.com"
}

# CodeDeploy: a deployment group of a missing application, or naming a missing configuration
resource "aws_codedeploy_app" "app" {
  name             = "rules"
  compute_platform = "Lambda"
}
resource "aws_codedeploy_deployment_group" "missing_application" {
  app_name              = "nosuch"
  deployment_group_name = "g1"
  service_role_arn      = aws_iam_role.r.arn
  deployment_style {
    deployment_option = "WITH_TRAFFIC_CONTROL"
    deployment_type   = "BLUE_GREEN"
  }
}
resource "aws_codedeploy_deployment_group" "missing_configuration" {
  app_name               = aws_codedeploy_app.app.name
  deployment_group_name  = "g2"
  service_role_arn       = aws_iam_role.r.arn
  deployment_config_name = "rules-canary"
  deployment_style {
    deployment_option = "WITH_TRAFFIC_CONTROL"
    deployment_type   = "BLUE_GREEN"
  }
}
resource "aws_codedeploy_deployment_group" "accepted_predefined_configuration" {
  app_name               = aws_codedeploy_app.app.name
  deployment_group_name  = "g3"
  service_role_arn       = aws_iam_role.r.arn
  deployment_config_name = "CodeDeployDefault.LambdaCanary10Percent5Minutes"
  deployment_style {
    deployment_option = "WITH_TRAFFIC_CONTROL"
    deployment_type   = "BLUE_GREEN"
  }
}

# CloudTrail: a trail created before its bucket's policy lets CloudTrail write -> InsufficientS3BucketPolicyException
resource "aws_s3_bucket" "early" { bucket = "rules-early" }
resource "aws_cloudtrail" "bucket_without_policy" {
  name           = "rules-early"
  s3_bucket_name = aws_s3_bucket.early.bucket
}
resource "aws_s3_bucket" "trail" { bucket = "rules-trail" }
resource "aws_s3_bucket_policy" "trail" {
  bucket = aws_s3_bucket.trail.bucket
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "cloudtrail.amazonaws.com" }
      Action    = "s3:PutObject"
      Resource  = "${aws_s3_bucket.trail.arn}/AWSLogs/123456789012/*"
    }]
  })
}
resource "aws_cloudtrail" "accepted_after_the_policy" {
  name           = "rules-trail"
  s3_bucket_name = aws_s3_bucket.trail.bucket
  depends_on     = [aws_s3_bucket_policy.trail]
}
resource "aws_lambda_function" "duplicate_function" {
  function_name = "rules"
  role          = aws_iam_role.r.arn
  handler       = "app.handler"
  runtime       = "python3.12"
  filename      = "app.zip"
  depends_on    = [aws_lambda_function.f]
}
resource "aws_lambda_permission" "p" {
  statement_id  = "apigw"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.f.function_name
  principal     = "apigateway.amazonaws.com"
}
resource "aws_lambda_permission" "duplicate_statement_id" {
  statement_id  = "apigw"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.f.arn
  principal     = "apigateway.amazonaws.com"
  depends_on    = [aws_lambda_permission.p]
}
resource "aws_lambda_permission" "accepted_same_id_other_qualifier" {
  statement_id  = "apigw"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.f.function_name
  qualifier     = aws_lambda_alias.live.name
  principal     = "apigateway.amazonaws.com"
  depends_on    = [aws_lambda_permission.p]
}
resource "aws_lambda_permission" "missing_function" {
  statement_id  = "apigw"
  action        = "lambda:InvokeFunction"
  function_name = "arn:aws:lambda:ap-northeast-2:123456789012:function:nosuch"
  principal     = "apigateway.amazonaws.com"
}
resource "aws_lambda_permission" "accepted_other_accounts_function" {
  statement_id  = "apigw"
  action        = "lambda:InvokeFunction"
  function_name = "arn:aws:lambda:ap-northeast-2:210987654321:function:theirs"
  principal     = "apigateway.amazonaws.com"
}
resource "aws_cloudwatch_log_group" "g" { name = "rules" }
resource "aws_cloudwatch_log_group" "duplicate_log_group" {
  name       = "rules"
  depends_on = [aws_cloudwatch_log_group.g]
}
resource "aws_dynamodb_table" "t" {
  name         = "rules"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"
  attribute {
    name = "id"
    type = "S"
  }
}
resource "aws_dynamodb_table" "duplicate_table" {
  name         = "rules"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"
  attribute {
    name = "id"
    type = "S"
  }
  depends_on = [aws_dynamodb_table.t]
}
resource "aws_wafv2_ip_set" "s" {
  name               = "rules"
  scope              = "REGIONAL"
  ip_address_version = "IPV4"
  addresses          = []
}
resource "aws_wafv2_ip_set" "duplicate_ip_set" {
  name               = "rules"
  scope              = "REGIONAL"
  ip_address_version = "IPV4"
  addresses          = []
  depends_on         = [aws_wafv2_ip_set.s]
}
resource "aws_wafv2_web_acl" "acl" {
  name  = "rules"
  scope = "REGIONAL"
  default_action {
    allow {}
  }
  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "rules"
    sampled_requests_enabled   = true
  }
}
resource "aws_wafv2_web_acl_association" "accepted_rest_stage" {
  resource_arn = aws_api_gateway_stage.prod.arn
  web_acl_arn  = aws_wafv2_web_acl.acl.arn
}
resource "aws_wafv2_web_acl_association" "http_api_stage" {
  resource_arn = aws_apigatewayv2_stage.http.arn
  web_acl_arn  = aws_wafv2_web_acl.acl.arn
}
resource "aws_wafv2_web_acl_association" "missing_rest_stage" {
  resource_arn = "arn:aws:apigateway:ap-northeast-2::/restapis/${aws_api_gateway_rest_api.api.id}/stages/nosuch"
  web_acl_arn  = aws_wafv2_web_acl.acl.arn
}
"""

REFUSED = {
    "duplicate_method": (
        "aws_api_gateway_method",
        r"PutMethod, .*StatusCode: 409, .*ConflictException: Method already exists for this resource",
    ),
    "duplicate_resource": (
        "aws_api_gateway_resource",
        r"CreateResource, .*409.*ConflictException: Another resource with the same parent already has this name: b",
    ),
    "missing_parent": (
        "aws_api_gateway_resource",
        r"CreateResource, .*404.*NotFoundException: Invalid Resource identifier specified",
    ),
    "duplicate_stage": ("aws_api_gateway_stage", r"CreateStage, .*409.*ConflictException: Stage already exists"),
    "missing_deployment": (
        "aws_api_gateway_stage",
        r"CreateStage, .*400.*BadRequestException: Deployment id does not exist",
    ),
    "logs_without_role": (
        "aws_api_gateway_stage",
        r"UpdateStage, .*400.*BadRequestException: CloudWatch Logs role ARN"
        r" must be set in account settings to enable logging",
    ),
    "logging_without_role": (
        "aws_api_gateway_method_settings",
        r"UpdateStage, .*BadRequestException: CloudWatch Logs role ARN"
        r" must be set in account settings to enable logging",
    ),
    "without_method": (
        "aws_api_gateway_integration",
        r"PutIntegration, .*404.*NotFoundException: Invalid Method identifier specified",
    ),
    "timeout_over_29s": (
        "aws_api_gateway_integration",
        r"PutIntegration, .*BadRequestException: Timeout should be between 50 ms and 29000 ms",
    ),
    "undeclared_cache_key": (
        "aws_api_gateway_integration",
        r"PutIntegration, .*BadRequestException: Invalid cache key parameter specified",
    ),
    "without_method_response": (
        "aws_api_gateway_integration_response",
        r"PutIntegrationResponse, .*NotFoundException: Invalid Response status code specified",
    ),
    "missing_authorizer": (
        "aws_api_gateway_method",
        r"PutMethod, .*BadRequestException: Invalid authorizer ID specified\. Setting the authorization type to CUSTOM",
    ),
    "missing_stage": (
        "aws_api_gateway_usage_plan",
        r"CreateUsagePlan, .*BadRequestException: Invalid API Stage \{api:"
        r" [a-z0-9]{10}, stage: nosuch\} specified for usageplan",
    ),
    "duplicate_plan_key": ("aws_api_gateway_usage_plan_key", r"CreateUsagePlanKey, .*409.*ConflictException"),
    "method_without_integration": (
        "aws_api_gateway_deployment",
        r"CreateDeployment, .*BadRequestException: No integration defined for method",
    ),
    "no_methods": (
        "aws_api_gateway_deployment",
        r"CreateDeployment, .*BadRequestException: The REST API doesn't contain any methods",
    ),
    "duplicate_base_path": (
        "aws_api_gateway_base_path_mapping",
        r"CreateBasePathMapping, .*409.*ConflictException: Base path already exists for this domain name",
    ),
    "mapping_to_a_missing_stage": (
        "aws_api_gateway_base_path_mapping",
        r"CreateBasePathMapping, .*BadRequestException: Invalid stage identifier specified",
    ),
    "empty_base_path_beside_another": (
        "aws_api_gateway_base_path_mapping",
        r"ConflictException: Only one base path mapping is allowed if the base path is empty\.",
    ),
    "enhanced_without_access_mode": (
        "aws_api_gateway_domain_name",
        r"CreateDomainName, .*400.*BadRequestException: Endpoint access mode is required for the specified"
        r" security policy",
    ),
    "access_mode_with_legacy_policy": (
        "aws_api_gateway_domain_name",
        r"BadRequestException: Endpoint access mode is only supported for security policies that start with"
        r" SecurityPolicy_",
    ),
    "mutual_tls_with_enhanced_policy": (
        "aws_api_gateway_domain_name",
        r"BadRequestException: Mutual TLS is not supported for domain names that use an enhanced security policy",
    ),
    "edge_policy_on_a_regional_domain": (
        "aws_api_gateway_domain_name",
        r"BadRequestException: The security policy SecurityPolicy_TLS13_2025_EDGE is not supported for the REGIONAL"
        r" endpoint type",
    ),
    "private_ipv4": (
        "aws_api_gateway_domain_name",
        r"BadRequestException: Private custom domain names support only the dualstack IP address type",
    ),
    "enhanced_api_without_access_mode": (
        "aws_api_gateway_rest_api",
        r"CreateRestApi, .*BadRequestException: Endpoint access mode is required for the specified security policy",
    ),
    "priority_taken": (
        "aws_apigatewayv2_routing_rule",
        r"CreateRoutingRule, .*409.*ConflictException: A routing rule with priority 10 already exists",
    ),
    "invokes_an_http_api": (
        "aws_apigatewayv2_routing_rule",
        r"CreateRoutingRule, .*404.*NotFoundException: Invalid API identifier specified [a-z0-9]{10}",
    ),
    "invokes_a_missing_stage": (
        "aws_apigatewayv2_routing_rule",
        r"CreateRoutingRule, .*404.*NotFoundException: Invalid stage identifier specified",
    ),
    "mapping_on_a_rules_only_domain": (
        "aws_api_gateway_base_path_mapping",
        r"CreateBasePathMapping, .*BadRequestException: Base path mappings cannot be created for a domain name with"
        r" routing mode ROUTING_RULE_ONLY",
    ),
    "rule_on_a_mappings_only_domain": (
        "aws_apigatewayv2_routing_rule",
        r"BadRequestException: Routing rules cannot be created for a domain name with routing mode"
        r" BASE_PATH_MAPPING_ONLY",
    ),
    "http_api_on_an_enhanced_domain": (
        "aws_apigatewayv2_api_mapping",
        r"CreateApiMapping, .*BadRequestException: HTTP APIs cannot be mapped to a domain name that uses an enhanced"
        r" security policy",
    ),
    "stream_on_a_mock": (
        "aws_api_gateway_rest_api",
        r"PutRestApi, .*BadRequestException: Errors found during import: Response transfer mode STREAM is only"
        r" supported for HTTP_PROXY and AWS_PROXY, not MOCK",
    ),
    "duplicate_route": (
        "aws_apigatewayv2_route",
        r"CreateRoute, .*409.*ConflictException: Route with key GET /x already exists for this API",
    ),
    "missing_integration": (
        "aws_apigatewayv2_route",
        r"CreateRoute, .*404.*NotFoundException: Invalid Integration identifier specified nosuch",
    ),
    "http_not_a_proxy": (
        "aws_apigatewayv2_integration",
        r"BadRequestException: Currently, an API with a protocol type of"
        r" HTTP may only be associated with proxy integrations",
    ),
    "http_timeout_over_30s": (
        "aws_apigatewayv2_integration",
        r"BadRequestException: Timeout should be between 50 ms and 30000 ms",
    ),
    "request_without_payload_version": (
        "aws_apigatewayv2_authorizer",
        r"BadRequestException: AuthorizerPayloadFormatVersion is a required parameter for REQUEST authorizer",
    ),
    "duplicate_v2_stage": ("aws_apigatewayv2_stage", r"CreateStage, .*409.*ConflictException: Stage already exists"),
    "route_settings_for_a_missing_route": (
        "aws_apigatewayv2_stage",
        r"NotFoundException: Unable to find Route by key GET /nosuch within the provided RouteSettings",
    ),
    "http_execution_logs": (
        "aws_apigatewayv2_stage",
        r"BadRequestException: Execution logs are not supported on protocolType HTTP",
    ),
    "jwt_on_websocket": (
        "aws_apigatewayv2_authorizer",
        r"BadRequestException: Invalid authorizer type\. Only REQUEST authorizer type is supported on WEBSOCKET",
    ),
    "websocket_logs_without_role": (
        "aws_apigatewayv2_stage",
        r"CreateStage, .*BadRequestException: CloudWatch Logs role ARN"
        r" must be set in account settings to enable logging",
    ),
    "duplicate_domain_name": (
        "aws_apigatewayv2_domain_name",
        r"ConflictException: The domain name you provided already exists",
    ),
    "duplicate_mapping_key": (
        "aws_apigatewayv2_api_mapping",
        r"CreateApiMapping, .*409.*ConflictException: ApiMapping key already exists for this domain name",
    ),
    "duplicate_role": (
        "aws_iam_role",
        r"CreateRole, .*409.*EntityAlreadyExists: Role with name rules already exists\.",
    ),
    "duplicate_function": (
        "aws_lambda_function",
        r"CreateFunction, .*409.*ResourceConflictException: Function already exist: rules",
    ),
    "duplicate_statement_id": (
        "aws_lambda_permission",
        r"AddPermission, .*409.*ResourceConflictException: The statement id \(apigw\) provided already exists\. Please "
        r"provide a new statement id, or remove the existing statement\.",
    ),
    "missing_function": (
        "aws_lambda_permission",
        r"AddPermission, .*404.*ResourceNotFoundException: Function not found:"
        r" arn:aws:lambda:ap-northeast-2:123456789012:function:nosuch",
    ),
    "unpublished_version": (
        "aws_lambda_alias",
        r"CreateAlias, .*404.*ResourceNotFoundException: Function not found:"
        r" arn:aws:lambda:ap-northeast-2:123456789012:function:rules:7",
    ),
    "weight_to_its_own_version": (
        "aws_lambda_alias",
        r"CreateAlias, .*400.*InvalidParameterValueException: Invalid function version 1\. Function version 1 is"
        r" already included in routing configuration\.",
    ),
    "on_latest": (
        "aws_lambda_provisioned_concurrency_config",
        r"PutProvisionedConcurrencyConfig, .*400.*InvalidParameterValueException: Provisioned Concurrency Configs"
        r" cannot be applied to unpublished function versions\.",
    ),
    "on_a_missing_alias": (
        "aws_lambda_provisioned_concurrency_config",
        r"PutProvisionedConcurrencyConfig, .*404.*ResourceNotFoundException: Function not found:"
        r" arn:aws:lambda:ap-northeast-2:123456789012:function:rules:nosuch",
    ),
    "missing_qualifier": (
        "aws_lambda_permission",
        r"AddPermission, .*404.*ResourceNotFoundException: Function not found:"
        r" arn:aws:lambda:ap-northeast-2:123456789012:function:rules:nosuch",
    ),
    "missing_application": (
        "aws_codedeploy_deployment_group",
        r"CreateDeploymentGroup, .*ApplicationDoesNotExistException: No application found for name: nosuch",
    ),
    "missing_configuration": (
        "aws_codedeploy_deployment_group",
        r"CreateDeploymentGroup, .*DeploymentConfigDoesNotExistException: No deployment configuration found for"
        r" name: rules-canary",
    ),
    "bucket_without_policy": (
        "aws_cloudtrail",
        r"CreateTrail, .*InsufficientS3BucketPolicyException: Incorrect S3 bucket policy is detected for bucket:"
        r" rules-early",
    ),
    "duplicate_log_group": (
        "aws_cloudwatch_log_group",
        r"CreateLogGroup, .*400.*ResourceAlreadyExistsException: The specified log group already exists",
    ),
    "duplicate_table": (
        "aws_dynamodb_table",
        r"CreateTable, .*400.*ResourceInUseException: Table already exists: rules",
    ),
    "duplicate_ip_set": ("aws_wafv2_ip_set", r"CreateIPSet, .*WAFDuplicateItemException"),
    "http_api_stage": (
        "aws_wafv2_web_acl_association",
        r"AssociateWebACL, .*WAFInvalidParameterException: .*field: RESOURCE_ARN,"
        r" parameter: arn:aws:apigateway:ap-northeast-2::/apis/",
    ),
    "missing_rest_stage": (
        "aws_wafv2_web_acl_association",
        r"AssociateWebACL, .*WAFNonexistentItemException: AWS WAF couldn’t"
        r" perform the operation because your resource doesn’t exist\.",
    ),
}

ACCEPTED = [
    "aws_api_gateway_method.accepted_other_verb",
    "aws_api_gateway_resource.accepted_same_part_other_parent",
    "aws_api_gateway_method_settings.accepted_metrics_only",
    "aws_api_gateway_usage_plan.accepted",
    "aws_apigatewayv2_stage.accepted_http_access_logs_without_role",
    "aws_lambda_permission.accepted_same_id_other_qualifier",
    "aws_lambda_permission.accepted_other_accounts_function",
    "aws_lambda_alias.live",
    "aws_lambda_provisioned_concurrency_config.accepted_on_the_alias",
    "aws_codedeploy_deployment_group.accepted_predefined_configuration",
    "aws_cloudtrail.accepted_after_the_policy",
    "aws_wafv2_web_acl_association.accepted_rest_stage",
    "aws_api_gateway_rest_api.accepted_enhanced_api",
    "aws_api_gateway_base_path_mapping.accepted_mapping_beside_rules",
    "aws_apigatewayv2_routing_rule.by_header",
    # the first object of every refused pair
    "aws_api_gateway_method.a_get",
    "aws_api_gateway_method.b_get",
    "aws_api_gateway_resource.b",
    "aws_api_gateway_deployment.d1",
    "aws_api_gateway_stage.prod",
    "aws_apigatewayv2_route.get",
    "aws_lambda_permission.p",
    "aws_api_gateway_base_path_mapping.v1",
    "aws_apigatewayv2_api_mapping.root",
]


class Applied:
    def __init__(self, ws: Workspace) -> None:
        result = ws.run("apply", "-input=false", "-no-color", "-auto-approve", check=False)
        self.returncode = result.returncode
        text = " ".join((result.stdout + result.stderr).split())
        self.errors: dict[str, str] = {}
        for block in text.split("Error: ")[1:]:
            found = re.search(r"with ([a-z0-9_]+\.[a-z0-9_]+),", block)
            if found:
                self.errors[found.group(1)] = block
        self.state = {r["address"] for r in ws.state()["values"]["root_module"].get("resources", [])}


@pytest.fixture(scope="module")
def applied(tmp_path_factory) -> Applied:
    source = tmp_path_factory.mktemp("refusals")
    (source / "main.tf").write_text(CONFIG)
    ws = Workspace(source, base=tmp_path_factory.mktemp("ws"))
    try:
        ws.init()
        yield Applied(ws)
    finally:
        ws.cleanup()


def test_the_apply_fails_for_every_refused_object_and_only_those(applied):
    assert applied.returncode == 1
    refused = {f"{type_name}.{name}" for name, (type_name, _) in REFUSED.items()}
    assert set(applied.errors) == refused


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_aws_refuses_with_its_code_and_message(applied, name):
    type_name, message = REFUSED[name]
    address = f"{type_name}.{name}"
    assert re.search(message, applied.errors.get(address, "")), applied.errors.get(
        address, f"{address} was not refused"
    )
    assert address not in applied.state  # nothing half-created


@pytest.mark.parametrize("address", ACCEPTED)
def test_what_aws_accepts_is_created(applied, address):
    assert address not in applied.errors
    assert address in applied.state
