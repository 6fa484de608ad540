# The OpenAPI document API Gateway imports: the one generated from var.resources (methods.tf, authorizers.tf,
# cors.tf, models, request validators, gateway responses), or var.body, with the resource policy added.

locals {
  # API Gateway's extensions: https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions.html
  operation_key = {
    ANY    = "x-amazon-apigateway-any-method", GET = "get", POST = "post", PUT = "put", PATCH = "patch",
    DELETE = "delete", HEAD = "head", OPTIONS = "options",
  }
  parameter_place = { path = "path", querystring = "query", header = "header" }

  # API Gateway creates the models Empty and Error in every REST API; a document that names them defines them.
  builtin_models = {
    Empty = { type = "object", title = "Empty Schema" }
    Error = { type = "object", title = "Error Schema", properties = { message = { type = "string" } } }
  }

  generated_document = {
    openapi = "3.0.1"
    info    = { for k, v in { title = var.name, description = var.description, version = "1.0" } : k => v if v != null }
    paths = {
      for path in distinct(concat(keys(local.resources), keys(local.cors_paths))) : path => merge(
        { for verb, m in try(local.resources[path].methods, {}) : local.operation_key[verb] => local.operations["${verb} ${path}"] },
        contains(keys(local.cors_paths), path) ? { options = local.preflight[path] } : {},
      )
    }
    components = {
      schemas = merge(
        { for name in local.models_named : name => local.builtin_models[name] if contains(keys(local.builtin_models), name) },
        # OpenAPI 3.0 schema objects: API Gateway stores each as a draft 4 model with its own $schema
        { for name, m in var.models : name => merge(
          { for k, v in jsondecode(m.schema) : k => v if k != "$schema" },
          m.description == null ? {} : { description = m.description },
        ) },
      )
      securitySchemes = local.security_schemes
    }
    "x-amazon-apigateway-api-key-source" = "HEADER"
    "x-amazon-apigateway-request-validators" = {
      for name, v in var.request_validators : name => { validateRequestBody = v.validate_body, validateRequestParameters = v.validate_parameters }
    }
    "x-amazon-apigateway-gateway-responses" = {
      for type, r in local.gateway_responses : type => { for k, v in {
        statusCode = r.status_code
        responseParameters = length(merge(local.cors_origin_headers, r.headers)) == 0 ? null : {
          for h, value in merge(local.cors_origin_headers, r.headers) : "gatewayresponse.header.${h}" => value
        }
        responseTemplates = length(r.templates) > 0 ? r.templates : null
      } : k => v if v != null }
    }
  }

  # The document API Gateway imports: the caller's body, or the generated one, with the resource
  # policy as the x-amazon-apigateway-policy extension (so that every import applies it too).
  # (encoded on both sides of the choice: the two documents are objects of different types)
  document = jsonencode(merge(
    jsondecode(local.use_resources ? jsonencode(local.generated_document) : jsonencode(try(jsondecode(var.body), yamldecode(var.body)))),
    local.private || var.policy != null ? { "x-amazon-apigateway-policy" = jsondecode(data.aws_iam_policy_document.resource_policy[0].json) } : {},
  ))
}

resource "aws_lambda_permission" "body" {
  for_each = local.use_resources ? {} : var.body_lambda_permissions

  statement_id  = "apigw-${aws_api_gateway_rest_api.this.id}-body-${substr(sha1(each.key), 0, 12)}"
  action        = "lambda:InvokeFunction"
  function_name = join(":", slice(split(":", each.value.function_arn), 0, 7))
  qualifier     = try(split(":", each.value.function_arn)[7], null) # an alias ARN (module.fn.alias_arn): that alias only
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_api_gateway_rest_api.this.execution_arn}/${each.value.source}"

  lifecycle {
    create_before_destroy = true
  }
}
