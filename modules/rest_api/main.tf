# The REST API is one OpenAPI document that API Gateway imports (PutRestApi, overwrite mode): var.body as
# given, or the document this file compiles from var.resources, authorizers, models, request validators,
# gateway responses and CORS. One document, not one Terraform resource per method, because a deployment
# is a snapshot of the API when it is created: only when removing a method is part of the same update
# as adding one is a removed method gone before the next deployment takes its snapshot. (With separate
# method resources Terraform deletes a removed method after creating the deployment that replaces the
# old one, so the snapshot keeps it, and the next plan is empty: it stays served.)

locals {
  use_resources = var.body == null
  resources     = local.use_resources ? var.resources : {}
  private       = var.endpoint_type == "PRIVATE"
  partition     = data.aws_partition.current.partition
  region        = data.aws_region.current.region

  # ---- methods keyed "METHOD /path", as route keys are in modules/http_api
  methods = {
    for item in flatten([
      for path, r in local.resources : [
        for verb, m in r.methods : { key = "${verb} ${path}", path = path, verb = verb, cors = r.cors, m = m }
      ]
    ]) : item.key => item
  }

  proxy_types = ["AWS_PROXY", "HTTP_PROXY"]

  # Lambda integrations: AWS_PROXY, and AWS without a service uri (decided from inputs known at plan).
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

  # Lambda invoke URIs by method key and by authorizer key (keys known at plan even when an ARN is not).
  method_invoke_uri = {
    for key, x in local.lambda_methods : key => format("arn:%s:apigateway:%s:lambda:path/2015-03-31/functions/%s/invocations",
    split(":", x.m.integration.function_arn)[1], split(":", x.m.integration.function_arn)[3], x.m.integration.function_arn)
  }
  authorizer_invoke_uri = {
    for key, a in var.authorizers : key => format("arn:%s:apigateway:%s:lambda:path/2015-03-31/functions/%s/invocations",
    split(":", a.function_arn)[1], split(":", a.function_arn)[3], a.function_arn) if a.type != "COGNITO_USER_POOLS"
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

  # ---- the OpenAPI document (API Gateway's extensions: https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions.html)
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

  operations = {
    for key, x in local.methods : key => { for k, v in {
      operationId = x.m.operation_name
      parameters = length(x.m.request_parameters) == 0 ? null : [
        for p, required in x.m.request_parameters : {
          name     = split(".", p)[3]
          in       = local.parameter_place[split(".", p)[2]]
          required = split(".", p)[2] == "path" ? true : required
          schema   = { type = "string" }
        }
      ]
      requestBody = length(x.m.request_models) == 0 ? null : {
        content = { for type, model in x.m.request_models : type => { schema = { "$ref" = "#/components/schemas/${model}" } } }
      }
      # one requirement naming every scheme the method needs: its authorization and the API key
      security = x.m.authorization.type == "NONE" && !x.m.api_key_required ? [] : [merge(
        x.m.authorization.type == "NONE" ? {} : {
          (x.m.authorization.type == "AWS_IAM" ? "sigv4" : x.m.authorization.authorizer) = x.m.authorization.type == "COGNITO_USER_POOLS" && x.m.authorization.scopes != null ? x.m.authorization.scopes : []
        },
        x.m.api_key_required ? { api_key = [] } : {},
      )]
      "x-amazon-apigateway-request-validator" = x.m.request_validator
      # the caller declared this open method public = true (policy/checks CKV_APIGWKIT_1 reads the mark;
      # API Gateway ignores x- keys it does not know)
      "x-apigwkit-public" = x.m.public && x.m.authorization.type == "NONE" ? true : null
      responses = {
        for code, resp in x.m.responses : code => { for k, v in {
          description = "${code} response"
          headers = length(local.method_headers[key][code]) == 0 ? null : {
            for h in local.method_headers[key][code] : h => { schema = { type = "string" } }
          }
          content = length(resp.models) == 0 ? null : {
            for type, model in resp.models : type => { schema = { "$ref" = "#/components/schemas/${model}" } }
          }
        } : k => v if v != null }
      }
      "x-amazon-apigateway-integration" = local.integrations[key]
    } : k => v if v != null }
  }

  # The headers each method response declares: the response's own, and on CORS paths the origin headers
  # API Gateway adds to non-proxy responses (proxy integrations return theirs from the backend).
  method_headers = {
    for key, x in local.methods : key => {
      for code, resp in x.m.responses : code => keys(merge(
        x.cors && !contains(local.proxy_types, x.m.integration.type) ? local.cors_actual_headers : {},
        resp.headers,
      ))
    }
  }

  integrations = {
    for key, x in local.methods : key => { for k, v in {
      type = lower(x.m.integration.type)
      uri  = contains(keys(local.lambda_methods), key) ? local.method_invoke_uri[key] : x.m.integration.uri
      # Lambda is always invoked with POST; other backends default to the method's own verb.
      httpMethod = (
        x.m.integration.type == "MOCK" ? null :
        contains(keys(local.lambda_methods), key) ? "POST" :
        coalesce(x.m.integration.http_method, x.m.integration.type == "AWS" ? "POST" : (x.verb == "ANY" ? "ANY" : x.verb))
      )
      credentials        = x.m.integration.credentials_arn
      connectionType     = x.m.integration.vpc_link_id != null ? "VPC_LINK" : null
      connectionId       = x.m.integration.vpc_link_id
      requestParameters  = length(x.m.integration.request_parameters) > 0 ? x.m.integration.request_parameters : null
      contentHandling    = x.m.integration.content_handling
      timeoutInMillis    = x.m.integration.timeout_milliseconds
      cacheKeyParameters = length(x.m.integration.cache_key_parameters) > 0 ? x.m.integration.cache_key_parameters : null
      cacheNamespace     = x.m.integration.cache_namespace
      # A MOCK integration answers what its request template selects; by default 200.
      requestTemplates = (
        length(x.m.integration.request_templates) > 0 ? x.m.integration.request_templates :
        x.m.integration.type == "MOCK" ? { "application/json" = jsonencode({ statusCode = 200 }) } : null
      )
      # With templates, a body of another content type is refused (415) instead of passed through raw.
      passthroughBehavior = lower(
        x.m.integration.passthrough_behavior != null ? x.m.integration.passthrough_behavior :
        !contains(local.proxy_types, x.m.integration.type) && length(x.m.integration.request_templates) > 0 ? "WHEN_NO_TEMPLATES" : "WHEN_NO_MATCH"
      )
      # proxy integrations pass the backend's response through; others map it to a method response
      responses = contains(local.proxy_types, x.m.integration.type) ? null : {
        for code, resp in x.m.responses : coalesce(resp.selection_pattern, "default") => { for k, v in {
          statusCode = code
          responseParameters = length(local.method_headers[key][code]) == 0 ? null : {
            for h, value in merge(x.cors ? local.cors_actual_headers : {}, resp.headers) : "method.response.header.${h}" => value
          }
          responseTemplates = length(resp.templates) > 0 ? resp.templates : null
          contentHandling   = resp.content_handling
        } : k => v if v != null }
      }
    } : k => v if v != null }
  }

  preflight = {
    for path in keys(local.cors_paths) : path => {
      summary = "CORS preflight"
      responses = {
        "200" = {
          description = "200 response"
          headers     = { for h in keys(local.cors_preflight_headers[path]) : h => { schema = { type = "string" } } }
        }
      }
      "x-amazon-apigateway-integration" = {
        type                = "mock"
        requestTemplates    = { "application/json" = jsonencode({ statusCode = 200 }) }
        passthroughBehavior = "when_no_match"
        responses = {
          default = {
            statusCode         = "200"
            responseParameters = { for h, v in local.cors_preflight_headers[path] : "method.response.header.${h}" => v }
          }
        }
      }
    }
  }

  models_named = distinct(flatten([
    for x in values(local.methods) : concat(values(x.m.request_models), flatten([for r in values(x.m.responses) : values(r.models)]))
  ]))

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

data "aws_partition" "current" {}

data "aws_caller_identity" "current" {}

data "aws_region" "current" {}

################################################################################
# API
################################################################################

resource "aws_api_gateway_rest_api" "this" {
  name                         = var.name
  description                  = var.description
  body                         = local.document
  put_rest_api_mode            = "overwrite"
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
# Lambda permissions: each function may be invoked by this API only, and only where the API calls it
################################################################################

resource "aws_lambda_permission" "method" {
  for_each = local.lambda_methods

  statement_id  = "apigw-${aws_api_gateway_rest_api.this.id}-${substr(sha1(each.key), 0, 12)}"
  action        = "lambda:InvokeFunction"
  function_name = join(":", slice(split(":", each.value.m.integration.function_arn), 0, 7))
  qualifier     = try(split(":", each.value.m.integration.function_arn)[7], null) # an alias ARN (module.fn.alias_arn): that alias only
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_api_gateway_rest_api.this.execution_arn}/${local.method_source[each.key]}"

  # The statement id names this API: two APIs (or environments) may share one function. A new id is
  # added before the old one is removed, so invocations never lose their permission.
  lifecycle {
    create_before_destroy = true
  }
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

################################################################################
# Resource policy: PRIVATE APIs answer only their VPC endpoints; plus var.policy
################################################################################

# Resources are written execute-api:/..., which API Gateway expands to this API's ARN: the policy is
# part of the document, so it needs no API id and is applied by every import.
data "aws_iam_policy_document" "resource_policy" {
  count = local.private || var.policy != null ? 1 : 0

  source_policy_documents = var.policy == null ? [] : [var.policy]

  dynamic "statement" {
    for_each = local.private ? [1] : []
    content {
      sid       = "AllowInvokeFromVpcEndpoints"
      effect    = "Allow"
      actions   = ["execute-api:Invoke"]
      resources = ["execute-api:/*"]
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
      resources = ["execute-api:/*"]
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
