################################################################################
# API
################################################################################

variable "name" {
  description = "Name of the HTTP API."
  type        = string

  validation {
    condition     = length(var.name) >= 1 && length(var.name) <= 128
    error_message = "name must be 1 to 128 characters long."
  }
}

variable "description" {
  description = "Description of the HTTP API."
  type        = string
  default     = null
}

variable "body" {
  description = "An OpenAPI 3 document (JSON or YAML) with x-amazon-apigateway-integration extensions, imported as the API definition. An alternative to `routes`: set one or the other."
  type        = string
  default     = null
}

variable "body_lambda_permissions" {
  description = "With `body`: Lambda functions the imported integrations call, keyed by a name of your choice. `source` is the part of the execute-api ARN after the API id that may invoke (default any stage, method and path of this API)."
  type = map(object({
    function_arn = string
    source       = optional(string, "*/*")
  }))
  default = {}

  validation {
    condition     = alltrue([for p in values(var.body_lambda_permissions) : can(regex("^arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:[0-9]{12}:function:", p.function_arn))])
    error_message = "body_lambda_permissions: every function_arn must be a Lambda function ARN, optionally with an alias (arn:aws:lambda:REGION:ACCOUNT:function:NAME[:ALIAS])."
  }
}

variable "disable_execute_api_endpoint" {
  description = "Turn off the default https://{api-id}.execute-api.{region}.amazonaws.com endpoint (use it with a custom domain so clients cannot bypass the domain)."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags for every resource that takes them."
  type        = map(string)
  default     = {}
}

################################################################################
# Routes and integrations
################################################################################

variable "routes" {
  description = <<-EOT
    Routes keyed by route key ("GET /hello", "ANY /items/{proxy+}", "$default"). Each entry creates
    the route, its integration and, for Lambda integrations, an invoke permission scoped to this API
    and this route.

    integration.type: "lambda" (AWS_PROXY; set function_arn, payload_format_version 2.0 or 1.0;
    an alias ARN, module.fn.alias_arn, scopes the invoke permission to that alias),
    "http_proxy" (set uri, optional method), "aws_service" (set subtype, credentials_arn and
    request_parameters), "private" (set uri to an ALB/NLB listener or Cloud Map service ARN and
    vpc_link_id).

    authorization.type: "JWT" or "CUSTOM" (set authorizer to a key of `authorizers`, or
    authorizer_id for one created elsewhere), "AWS_IAM", or "NONE", which requires public = true
    so that an unauthenticated route is always a decision, never an omission.

    throttling: per-route limits overriding the stage defaults.
  EOT
  type = map(object({
    integration = object({
      type                   = optional(string, "lambda")
      function_arn           = optional(string)
      payload_format_version = optional(string, "2.0")
      uri                    = optional(string)
      method                 = optional(string)
      subtype                = optional(string)
      credentials_arn        = optional(string)
      request_parameters     = optional(map(string))
      vpc_link_id            = optional(string)
      tls_server_name        = optional(string)
      timeout_milliseconds   = optional(number)
    })
    authorization = optional(object({
      type          = optional(string, "NONE")
      authorizer    = optional(string)
      authorizer_id = optional(string)
      scopes        = optional(list(string))
    }), {})
    public         = optional(bool, false)
    operation_name = optional(string)
    throttling = optional(object({
      burst_limit = number
      rate_limit  = number
    }))
  }))
  default = {}

  validation {
    condition = alltrue([
      for key in keys(var.routes) :
      key == "$default" || can(regex("^(ANY|GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) /([^ ]*)$", key))
    ])
    error_message = "routes: every key must be \"$default\" or \"METHOD /path\" with METHOD one of ANY, GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS and a path starting with / (e.g. \"GET /hello\")."
  }

  validation {
    condition = alltrue([
      for key in keys(var.routes) :
      key == "$default" || !can(regex("\\{[^}]+\\+\\}.", split(" ", key)[1]))
    ])
    error_message = "routes: a greedy path variable such as {proxy+} must be the last segment of the path."
  }

  validation {
    condition     = alltrue([for r in values(var.routes) : contains(["lambda", "http_proxy", "aws_service", "private"], r.integration.type)])
    error_message = "routes: integration.type must be one of lambda, http_proxy, aws_service, private."
  }

  validation {
    condition     = alltrue([for r in values(var.routes) : contains(["1.0", "2.0"], r.integration.payload_format_version)])
    error_message = "routes: integration.payload_format_version must be \"1.0\" or \"2.0\"."
  }

  validation {
    condition = alltrue([
      for r in values(var.routes) :
      r.integration.type != "lambda" || can(regex("^arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:[0-9]{12}:function:", r.integration.function_arn))
    ])
    error_message = "routes: a lambda integration needs integration.function_arn, a Lambda function ARN (arn:aws:lambda:REGION:ACCOUNT:function:NAME)."
  }

  validation {
    condition = alltrue([
      for r in values(var.routes) :
      r.integration.type != "http_proxy" || can(regex("^https?://", r.integration.uri))
    ])
    error_message = "routes: an http_proxy integration needs integration.uri, an http:// or https:// URL."
  }

  validation {
    condition = alltrue([
      for r in values(var.routes) :
      r.integration.type != "private" || (r.integration.vpc_link_id != null && can(regex("^arn:", r.integration.uri)))
    ])
    error_message = "routes: a private integration needs integration.vpc_link_id and integration.uri set to the ARN of an ALB/NLB listener or a Cloud Map service."
  }

  validation {
    condition = alltrue([
      for r in values(var.routes) :
      r.integration.type != "aws_service" || (r.integration.subtype != null && r.integration.credentials_arn != null && r.integration.request_parameters != null)
    ])
    error_message = "routes: an aws_service integration needs integration.subtype (e.g. SQS-SendMessage), credentials_arn and request_parameters."
  }

  validation {
    condition = alltrue([
      for r in values(var.routes) :
      r.integration.timeout_milliseconds == null || (coalesce(r.integration.timeout_milliseconds, 0) >= 50 && coalesce(r.integration.timeout_milliseconds, 0) <= 30000)
    ])
    error_message = "routes: integration.timeout_milliseconds must be between 50 and 30000 (HTTP API limit)."
  }

  validation {
    condition     = alltrue([for r in values(var.routes) : contains(["NONE", "JWT", "CUSTOM", "AWS_IAM"], r.authorization.type)])
    error_message = "routes: authorization.type must be one of NONE, JWT, CUSTOM, AWS_IAM."
  }

  validation {
    condition     = alltrue([for r in values(var.routes) : r.authorization.type != "NONE" || r.public])
    error_message = "routes: a route with authorization.type NONE must say public = true; set authorization (JWT, CUSTOM or AWS_IAM) to protect it."
  }

  validation {
    condition = alltrue([
      for r in values(var.routes) :
      !contains(["JWT", "CUSTOM"], r.authorization.type) || (r.authorization.authorizer != null) != (r.authorization.authorizer_id != null)
    ])
    error_message = "routes: JWT and CUSTOM authorization need exactly one of authorization.authorizer (a key of var.authorizers) or authorization.authorizer_id."
  }

  validation {
    condition     = alltrue([for r in values(var.routes) : r.authorization.scopes == null || r.authorization.type == "JWT"])
    error_message = "routes: authorization.scopes apply to JWT authorization only."
  }

  validation {
    condition = alltrue([
      for r in values(var.routes) :
      r.throttling == null || try(r.throttling.rate_limit >= 0 && r.throttling.burst_limit >= 0 && r.throttling.burst_limit <= 5000 && r.throttling.rate_limit <= 10000 && r.throttling.burst_limit >= r.throttling.rate_limit, false)
    ])
    error_message = "routes: throttling needs 0 <= rate_limit <= 10000 and rate_limit <= burst_limit <= 5000 (a burst below the rate can never be reached)."
  }
}

variable "authorizers" {
  description = <<-EOT
    Authorizers keyed by a name that routes refer to.
    type "JWT": jwt = { issuer, audience } (e.g. a Cognito user pool:
    issuer = "https://cognito-idp.REGION.amazonaws.com/POOL_ID", audience = [APP_CLIENT_ID]).
    type "REQUEST": a Lambda authorizer; function_arn, identity_sources, payload_format_version,
    enable_simple_responses (true: {isAuthorized}, false: an IAM policy) and result_ttl_seconds
    (0 turns caching off). The module grants API Gateway permission to invoke the function, scoped
    to this API's authorizer.
  EOT
  type = map(object({
    type             = string
    identity_sources = optional(list(string), ["$request.header.Authorization"])
    jwt = optional(object({
      issuer   = string
      audience = list(string)
    }))
    function_arn            = optional(string)
    payload_format_version  = optional(string, "2.0")
    enable_simple_responses = optional(bool, true)
    result_ttl_seconds      = optional(number, 300)
    credentials_arn         = optional(string)
  }))
  default = {}

  validation {
    condition     = alltrue([for a in values(var.authorizers) : contains(["JWT", "REQUEST"], a.type)])
    error_message = "authorizers: type must be JWT or REQUEST."
  }

  validation {
    condition     = alltrue([for a in values(var.authorizers) : a.type != "JWT" || (a.jwt != null && can(regex("^https://", a.jwt.issuer)) && length(try(a.jwt.audience, [])) > 0)])
    error_message = "authorizers: a JWT authorizer needs jwt.issuer (an https:// URL) and at least one jwt.audience."
  }

  validation {
    condition     = alltrue([for a in values(var.authorizers) : a.type != "REQUEST" || can(regex("^arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:[0-9]{12}:function:", a.function_arn))])
    error_message = "authorizers: a REQUEST authorizer needs function_arn, a Lambda function ARN."
  }

  validation {
    condition     = alltrue([for a in values(var.authorizers) : a.result_ttl_seconds >= 0 && a.result_ttl_seconds <= 3600])
    error_message = "authorizers: result_ttl_seconds must be between 0 and 3600."
  }

  validation {
    condition     = alltrue([for a in values(var.authorizers) : contains(["1.0", "2.0"], a.payload_format_version)])
    error_message = "authorizers: payload_format_version must be \"1.0\" or \"2.0\"."
  }

  validation {
    condition     = alltrue([for a in values(var.authorizers) : !a.enable_simple_responses || a.payload_format_version == "2.0"])
    error_message = "authorizers: enable_simple_responses needs payload_format_version \"2.0\"."
  }

  validation {
    condition     = alltrue([for a in values(var.authorizers) : length(a.identity_sources) > 0 || a.result_ttl_seconds == 0])
    error_message = "authorizers: caching (result_ttl_seconds > 0) needs at least one identity source to key the cache."
  }
}

variable "cors" {
  description = "CORS configuration of the API (null: no CORS). Browsers reject a wildcard origin together with credentials, so that combination is refused."
  type = object({
    allow_origins     = list(string)
    allow_methods     = optional(list(string), ["GET", "POST", "OPTIONS"])
    allow_headers     = optional(list(string), ["content-type", "authorization"])
    expose_headers    = optional(list(string), [])
    max_age           = optional(number, 300)
    allow_credentials = optional(bool, false)
  })
  default = null

  validation {
    condition     = var.cors == null || length(try(var.cors.allow_origins, [])) > 0
    error_message = "cors: allow_origins must name at least one origin."
  }

  validation {
    condition     = var.cors == null || !(try(var.cors.allow_credentials, false) && contains(try(var.cors.allow_origins, []), "*"))
    error_message = "cors: allow_credentials = true cannot be combined with the wildcard origin \"*\" (browsers reject it); list the allowed origins."
  }

  validation {
    condition     = var.cors == null || (try(var.cors.max_age, 0) >= 0 && try(var.cors.max_age, 0) <= 86400)
    error_message = "cors: max_age must be between 0 and 86400 seconds."
  }

  validation {
    condition     = var.cors == null || alltrue([for m in try(var.cors.allow_methods, []) : contains(["*", "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"], m)])
    error_message = "cors: allow_methods entries must be HTTP methods (GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS) or \"*\"."
  }
}

################################################################################
# Stages, throttling, logs
################################################################################
# throttling, access_logs and domain: stage_inputs.tf, generated by `make docs` from modules/_shared/stage_inputs.tf.tmpl

variable "stages" {
  description = "Stages keyed by name: \"$default\" (served at the root of the endpoint) or names such as dev and prod (served under /NAME). Every stage auto-deploys: API Gateway deploys each change of the API, a removed route included, the moment it is made (auto_deploy = false is refused: a deployment Terraform takes is made before Terraform deletes a removed route, so the route would stay served)."
  type = map(object({
    auto_deploy      = optional(bool, true)
    description      = optional(string)
    variables        = optional(map(string), {})
    detailed_metrics = optional(bool, false)
    throttling = optional(object({
      burst_limit = number
      rate_limit  = number
    }))
  }))
  default = { "$default" = {} }

  validation {
    condition     = length(var.stages) > 0
    error_message = "stages: define at least one stage (the default is { \"$default\" = {} })."
  }

  validation {
    condition     = alltrue([for s in values(var.stages) : s.auto_deploy])
    error_message = "stages: auto_deploy = false is not offered. A deployment Terraform makes is taken before Terraform deletes a route removed from var.routes, so the removed route would stay served; with auto_deploy API Gateway deploys every change, removals included, as it is made."
  }

  validation {
    condition     = alltrue([for name in keys(var.stages) : name == "$default" || can(regex("^[A-Za-z0-9_-]{1,128}$", name))])
    error_message = "stages: a stage name must be \"$default\" or 1-128 letters, digits, hyphens and underscores."
  }

  validation {
    condition     = alltrue([for s in values(var.stages) : alltrue([for k, v in s.variables : can(regex("^[A-Za-z0-9_]+$", k)) && can(regex("^[A-Za-z0-9-._~:/?#&=,]*$", v))])])
    error_message = "stages: stage variable names must be alphanumeric or underscore, and values may contain only letters, digits and - . _ ~ : / ? # & = , (API Gateway's rule)."
  }

  validation {
    condition = alltrue([
      for s in values(var.stages) :
      s.throttling == null || try(s.throttling.rate_limit >= 0 && s.throttling.burst_limit >= 0 && s.throttling.burst_limit <= 5000 && s.throttling.rate_limit <= 10000 && s.throttling.burst_limit >= s.throttling.rate_limit, false)
    ])
    error_message = "stages: throttling needs 0 <= rate_limit <= 10000 and rate_limit <= burst_limit <= 5000."
  }
}
