# CORS: the OPTIONS preflight of each path with cors = true (a MOCK integration), the origin headers of
# non-proxy responses, and API Gateway's own 4XX/5XX answers carrying the origin too.

locals {
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
}
