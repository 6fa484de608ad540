# Methods keyed "METHOD /path" (as route keys are in modules/http_api): their operations and integrations in
# the OpenAPI document (document.tf), and the Lambda permissions of the functions they integrate.

locals {
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

  # Lambda invoke URIs by method key (keys known at plan even when an ARN is not). A streamed response comes from
  # Lambda's InvokeWithResponseStream, a path of its own: ".../2021-11-15/functions/ARN/response-streaming-invocations"
  # (https://docs.aws.amazon.com/apigateway/latest/developerguide/response-transfer-mode-lambda.html).
  method_invoke_uri = {
    for key, x in local.lambda_methods : key => (
      x.m.integration.response_transfer_mode == "STREAM" ?
      format("arn:%s:apigateway:%s:lambda:path/2021-11-15/functions/%s/response-streaming-invocations",
      split(":", x.m.integration.function_arn)[1], split(":", x.m.integration.function_arn)[3], x.m.integration.function_arn) :
      format("arn:%s:apigateway:%s:lambda:path/2015-03-31/functions/%s/invocations",
      split(":", x.m.integration.function_arn)[1], split(":", x.m.integration.function_arn)[3], x.m.integration.function_arn)
    )
  }

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
      credentials    = x.m.integration.credentials_arn
      connectionType = x.m.integration.vpc_link_id != null ? "VPC_LINK" : null
      connectionId   = x.m.integration.vpc_link_id
      # the load balancer a VPC link v2 reaches (a v1 link knows its NLB): a property of this extension in AWS's
      # reference (api-gateway-swagger-extensions-integration)
      integrationTarget = x.m.integration.integration_target
      # BUFFERED, API Gateway's default, is left out of the document; STREAM is imported from OpenAPI as AWS's own
      # example does (developerguide/response-streaming-http.html)
      responseTransferMode = x.m.integration.response_transfer_mode == "STREAM" ? "STREAM" : null
      requestParameters    = length(x.m.integration.request_parameters) > 0 ? x.m.integration.request_parameters : null
      contentHandling      = x.m.integration.content_handling
      timeoutInMillis      = x.m.integration.timeout_milliseconds
      cacheKeyParameters   = length(x.m.integration.cache_key_parameters) > 0 ? x.m.integration.cache_key_parameters : null
      cacheNamespace       = x.m.integration.cache_namespace
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

  models_named = distinct(flatten([
    for x in values(local.methods) : concat(values(x.m.request_models), flatten([for r in values(x.m.responses) : values(r.models)]))
  ]))
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
