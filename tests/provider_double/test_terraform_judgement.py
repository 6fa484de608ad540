"""The real Terraform engine judges configurations against the double's schema as it would
against the real hashicorp/aws provider: good ones pass, schema errors fail with Terraform's
own message."""

from __future__ import annotations

import re

import pytest

from tests.provider_double.conftest import validate_output

HTTP_API = """
resource "aws_apigatewayv2_api" "this" {
  name          = "orders"
  protocol_type = "HTTP"
  cors_configuration {
    allow_origins = ["https://www.example.com"]
    allow_methods = ["GET", "OPTIONS"]
  }
}
"""

REST_API = """
resource "aws_api_gateway_rest_api" "this" {
  name = "sum"
  endpoint_configuration { types = ["REGIONAL"] }
}
resource "aws_api_gateway_resource" "sum" {
  rest_api_id = aws_api_gateway_rest_api.this.id
  parent_id   = aws_api_gateway_rest_api.this.root_resource_id
  path_part   = "sum"
}
resource "aws_api_gateway_method" "post" {
  rest_api_id   = aws_api_gateway_rest_api.this.id
  resource_id   = aws_api_gateway_resource.sum.id
  http_method   = "POST"
  authorization = "NONE"
}
resource "aws_api_gateway_integration" "post" {
  rest_api_id             = aws_api_gateway_rest_api.this.id
  resource_id             = aws_api_gateway_resource.sum.id
  http_method             = aws_api_gateway_method.post.http_method
  type                    = "MOCK"
  request_templates       = { "application/json" = "{\\"statusCode\\": 200}" }
}
"""

WEBSOCKET_API = """
resource "aws_apigatewayv2_api" "chat" {
  name                       = "chat"
  protocol_type              = "WEBSOCKET"
  route_selection_expression = "$request.body.action"
}
resource "aws_apigatewayv2_route" "connect" {
  api_id    = aws_apigatewayv2_api.chat.id
  route_key = "$connect"
}
"""

LAMBDA_IAM_DYNAMODB = """
data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}
resource "aws_iam_role" "fn" {
  name               = "hello"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}
resource "aws_lambda_function" "hello" {
  function_name = "hello"
  role          = aws_iam_role.fn.arn
  handler       = "app.lambda_handler"
  runtime       = "python3.12"
  filename      = "hello.zip"
  tracing_config { mode = "Active" }
}
resource "aws_dynamodb_table" "connections" {
  name         = "connections"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "connectionId"
  attribute {
    name = "connectionId"
    type = "S"
  }
  ttl {
    attribute_name = "expiresAt"
    enabled        = true
  }
  point_in_time_recovery { enabled = true }
}
"""

WAF_ACL = """
resource "aws_wafv2_web_acl" "this" {
  name  = "api"
  scope = "REGIONAL"
  default_action {
    allow {}
  }
  rule {
    name     = "rate-login"
    priority = 1
    action {
      block {}
    }
    statement {
      rate_based_statement {
        limit              = 100
        aggregate_key_type = "IP"
        scope_down_statement {
          byte_match_statement {
            search_string         = "/login"
            positional_constraint = "STARTS_WITH"
            field_to_match {
              uri_path {}
            }
            text_transformation {
              priority = 0
              type     = "NONE"
            }
          }
        }
      }
    }
    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "rate-login"
      sampled_requests_enabled   = true
    }
  }
  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "api"
    sampled_requests_enabled   = true
  }
}
"""


@pytest.mark.parametrize(
    "text",
    [HTTP_API, REST_API, WEBSOCKET_API, LAMBDA_IAM_DYNAMODB, WAF_ACL],
    ids=["http-api", "rest-api", "websocket-api", "lambda-iam-dynamodb", "wafv2-web-acl"],
)
def test_valid_configuration_is_accepted(hcl, text):
    code, output = validate_output(hcl(text))
    assert code == 0, output
    assert "Success! The configuration is valid" in output


BAD = {
    "unknown-argument": (
        'resource "aws_apigatewayv2_api" "x" {\n  name = "a"\n  protocol_type = "HTTP"\n  colour = "red"\n}\n',
        [r"Error: Unsupported argument", r'An argument named "colour" is not expected here'],
    ),
    "missing-required-argument": (
        'resource "aws_apigatewayv2_api" "x" {\n  name = "a"\n}\n',
        [r"Error: Missing required argument", r'The argument "protocol_type" is required'],
    ),
    "block-written-as-attribute": (
        'resource "aws_apigatewayv2_api" "x" {\n  name = "a"\n  protocol_type = "HTTP"\n'
        '  cors_configuration = { allow_origins = ["*"] }\n}\n',
        [r"Error: Unsupported argument", r'Did you mean to define a block of type "cors_configuration"\?'],
    ),
    "attribute-written-as-block": (
        'resource "aws_apigatewayv2_api" "x" {\n  name = "a"\n  protocol_type = "HTTP"\n'
        '  tags {\n    team = "x"\n  }\n}\n',
        [r"Error: Unsupported block type", r'Did you mean to define argument "tags"\?'],
    ),
    "computed-only-attribute-set": (
        'resource "aws_apigatewayv2_api" "x" {\n  name = "a"\n  protocol_type = "HTTP"\n'
        '  execution_arn = "arn:aws:execute-api:us-east-1:123456789012:abc"\n}\n',
        [r"Error: Computed attributes cannot be set", r'a value was set for "execution_arn"'],
    ),
    "wrong-type": (
        'resource "aws_apigatewayv2_api" "x" {\n  name = "a"\n  protocol_type = "HTTP"\n'
        '  disable_execute_api_endpoint = ["yes"]\n}\n',
        [r"Error: Incorrect attribute value type", r"bool required"],
    ),
    "two-blocks-where-one-is-allowed": (
        'resource "aws_apigatewayv2_api" "x" {\n  name = "a"\n  protocol_type = "HTTP"\n'
        '  cors_configuration {\n    allow_origins = ["https://a.example"]\n  }\n'
        '  cors_configuration {\n    allow_origins = ["https://b.example"]\n  }\n}\n',
        [r"Error: Too many cors_configuration blocks", r"No more than 1"],
    ),
    "missing-required-block": (
        'resource "aws_wafv2_web_acl" "x" {\n  name = "a"\n  scope = "REGIONAL"\n'
        '  visibility_config {\n    cloudwatch_metrics_enabled = true\n    metric_name = "a"\n'
        "    sampled_requests_enabled = true\n  }\n}\n",
        [r"Error: Insufficient default_action blocks", r"At least 1"],
    ),
    "waf-scope-down-nested-past-its-depth": (
        WAF_ACL.replace(
            """        scope_down_statement {
          byte_match_statement {""",
            """        scope_down_statement {
          and_statement {
            statement {
              and_statement {
                statement {
                  and_statement {
                  statement {
                  byte_match_statement {
                    search_string         = "/a"
                    positional_constraint = "EXACTLY"
                    field_to_match {
                      uri_path {}
                    }
                    text_transformation {
                      priority = 0
                      type     = "NONE"
                    }
                  }
                  }
                  }
                }
              }
            }
          }
          byte_match_statement {""",
        ),
        [r"Error: Unsupported block type", r'Blocks of type "and_statement" are not expected here'],
    ),
    "bad-waf-statement": (
        WAF_ACL.replace("rate_based_statement {", "rate_limit_statement {"),
        [r"Error: Unsupported block type", r'Blocks of type "rate_limit_statement" are not expected here'],
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_schema_error_fails_with_terraforms_message(hcl, case):
    text, expected = BAD[case]
    code, output = validate_output(hcl(text))
    assert code != 0, f"{case}: validate passed but must fail:\n{output}"
    for pattern in expected:
        assert re.search(pattern, output), f"{case}: {pattern!r} not in:\n{output}"


def test_waf_logical_statements_nest_to_the_real_providers_depth(hcl):
    """A rule statement nests logical statements two levels deep (root, then one more); the
    innermost statements hold leaf statements only, as in the real provider."""
    leaf = """byte_match_statement {
                search_string         = "/a"
                positional_constraint = "EXACTLY"
                field_to_match {
                  uri_path {}
                }
                text_transformation {
                  priority = 0
                  type     = "NONE"
                }
              }"""
    statement = f"""statement {{
      and_statement {{
        statement {{
          or_statement {{
            statement {{
              {leaf}
            }}
            statement {{
              {leaf}
            }}
          }}
        }}
        statement {{
          not_statement {{
            statement {{
              {leaf}
            }}
          }}
        }}
      }}
    }}"""
    start = WAF_ACL.index("    statement {\n      rate_based_statement")
    end = WAF_ACL.index("    visibility_config {", start)
    code, output = validate_output(hcl(WAF_ACL[:start] + "    " + statement + "\n" + WAF_ACL[end:]))
    assert code == 0, output
