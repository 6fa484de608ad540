# Authorizers: security schemes of the OpenAPI document (with the API key and SigV4), and the permissions of
# the Lambda authorizers' functions.

locals {
  authorizer_invoke_uri = {
    for key, a in var.authorizers : key => format("arn:%s:apigateway:%s:lambda:path/2015-03-31/functions/%s/invocations",
    split(":", a.function_arn)[1], split(":", a.function_arn)[3], a.function_arn) if a.type != "COGNITO_USER_POOLS"
  }

  security_schemes = merge(
    {
      for name, a in var.authorizers : name => {
        type                           = "apiKey"
        in                             = "header"
        name                           = a.type == "REQUEST" ? "Unused" : replace(a.identity_sources[0], "method.request.header.", "")
        "x-amazon-apigateway-authtype" = a.type == "COGNITO_USER_POOLS" ? "cognito_user_pools" : "custom"
        "x-amazon-apigateway-authorizer" = { for k, v in {
          type                         = lower(a.type)
          providerARNs                 = a.type == "COGNITO_USER_POOLS" ? a.provider_arns : null
          authorizerUri                = a.type == "COGNITO_USER_POOLS" ? null : local.authorizer_invoke_uri[name]
          authorizerCredentials        = a.type == "COGNITO_USER_POOLS" ? null : a.credentials_arn
          identitySource               = join(", ", a.identity_sources)
          identityValidationExpression = a.type == "TOKEN" ? a.identity_validation_expression : null
          authorizerResultTtlInSeconds = a.type == "COGNITO_USER_POOLS" ? null : a.result_ttl_seconds
        } : k => v if v != null }
      }
    },
    { sigv4 = { type = "apiKey", name = "Authorization", in = "header", "x-amazon-apigateway-authtype" = "awsSigv4" } },
    { api_key = { type = "apiKey", name = "x-api-key", in = "header" } },
  )
}

resource "aws_lambda_permission" "authorizer" {
  for_each = { for key, a in var.authorizers : key => a if local.use_resources && a.type != "COGNITO_USER_POOLS" }

  statement_id  = "apigw-${aws_api_gateway_rest_api.this.id}-authorizer-${substr(sha1(each.key), 0, 12)}"
  action        = "lambda:InvokeFunction"
  function_name = join(":", slice(split(":", each.value.function_arn), 0, 7))
  qualifier     = try(split(":", each.value.function_arn)[7], null) # an alias ARN (module.fn.alias_arn): that alias only
  principal     = "apigateway.amazonaws.com"
  # The document creates the authorizers, so their ids are API Gateway's: any authorizer of this API.
  source_arn = "${aws_api_gateway_rest_api.this.execution_arn}/authorizers/*"

  lifecycle {
    create_before_destroy = true
  }
}
