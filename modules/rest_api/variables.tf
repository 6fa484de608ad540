################################################################################
# API
################################################################################

variable "name" {
  description = "Name of the REST API; also names its log groups, usage plans and API keys."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9._-]{1,128}$", var.name))
    error_message = "name must be 1 to 128 letters, digits, dots, hyphens or underscores (it also names log groups)."
  }
}

variable "description" {
  description = "Description of the REST API."
  type        = string
  default     = null
}

variable "endpoint_type" {
  description = "REGIONAL (clients in or near the region, or behind your own CDN), EDGE (AWS-managed CloudFront in front) or PRIVATE (reachable only through interface VPC endpoints for execute-api; set vpc_endpoint_ids)."
  type        = string
  default     = "REGIONAL"

  validation {
    condition     = contains(["EDGE", "REGIONAL", "PRIVATE"], var.endpoint_type)
    error_message = "endpoint_type must be EDGE, REGIONAL or PRIVATE."
  }
}

variable "vpc_endpoint_ids" {
  description = "With endpoint_type PRIVATE: the interface VPC endpoints (com.amazonaws.REGION.execute-api) that may invoke the API. The module attaches a resource policy that allows execute-api:Invoke from these endpoints (aws:SourceVpce) and denies everything else."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for id in var.vpc_endpoint_ids : can(regex("^vpce-[0-9a-f]{8,17}$", id))])
    error_message = "vpc_endpoint_ids: every entry must be a VPC endpoint ID such as vpce-0123456789abcdef0."
  }
}

variable "policy" {
  description = "An extra resource policy (JSON) for the API, e.g. an IP allow list. For PRIVATE APIs it is merged with the module's VPC-endpoint policy. Use the API's execution ARN as resource, or \"execute-api:/*\"."
  type        = string
  default     = null

  validation {
    condition     = var.policy == null || can(jsondecode(var.policy))
    error_message = "policy must be a JSON IAM policy document."
  }
}

variable "body" {
  description = "An OpenAPI document (JSON or YAML) with x-amazon-apigateway-* extensions, imported as the whole API. An alternative to `resources`: with body, the document also defines the authorizers, models, validators and gateway responses."
  type        = string
  default     = null

  validation {
    condition     = var.body == null || can(jsondecode(var.body)) || can(yamldecode(var.body))
    error_message = "body must be an OpenAPI document in JSON or YAML."
  }
}

variable "body_lambda_permissions" {
  description = "With `body`: Lambda functions the imported integrations and authorizers call, keyed by a name of your choice. `source` is the part of the execute-api ARN after the API id that may invoke (e.g. \"*/POST/sum\", \"authorizers/*\"); default any stage, method and path of this API."
  type = map(object({
    function_arn = string
    source       = optional(string, "*/*/*")
  }))
  default = {}

  validation {
    condition     = alltrue([for p in values(var.body_lambda_permissions) : can(regex("^arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:[0-9]{12}:function:", p.function_arn))])
    error_message = "body_lambda_permissions: every function_arn must be a Lambda function ARN, optionally with an alias (arn:aws:lambda:REGION:ACCOUNT:function:NAME[:ALIAS])."
  }
}

variable "binary_media_types" {
  description = "Content types API Gateway treats as binary (e.g. image/png, or */* for everything)."
  type        = list(string)
  default     = []
}

variable "disable_execute_api_endpoint" {
  description = "Turn off the default https://{api-id}.execute-api.{region}.amazonaws.com endpoint (use it with a custom domain so clients cannot bypass the domain)."
  type        = bool
  default     = false
}

variable "minimum_compression_size" {
  description = "Compress responses of at least this many bytes when the client sends Accept-Encoding (0 compresses everything; null: no compression). Cuts egress of large JSON answers (the seed's cost row: cache, compression, quotas). Streamed responses are never compressed."
  type        = number
  default     = null

  validation {
    condition     = var.minimum_compression_size == null || try(var.minimum_compression_size >= 0 && var.minimum_compression_size <= 10485760 && floor(var.minimum_compression_size) == var.minimum_compression_size, false)
    error_message = "minimum_compression_size must be a whole number of bytes from 0 to 10485760 (10 MB), or null to turn compression off."
  }
}

variable "tags" {
  description = "Tags for every resource that takes them."
  type        = map(string)
  default     = {}
}

################################################################################
# Resources, methods, integrations, responses
################################################################################

variable "resources" {
  description = <<-EOT
    The resource tree, keyed by path ("/", "/sum", "/users/{id}", "/files/{proxy+}"). The module
    creates every path and every intermediate segment ("/a/b" also creates "/a") as chained
    resources; you never wire parent ids. At most 8 segments deep.

    cors = true adds an OPTIONS method (MOCK) answering the preflight with var.cors, and adds
    Access-Control-Allow-Origin to the responses of the path's non-proxy methods. Proxy
    integrations (AWS_PROXY, HTTP_PROXY) pass the backend's response through: the function must
    return the CORS headers itself.

    methods: keyed by HTTP method (ANY, GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS).
      authorization.type: NONE (requires public = true, so an open method is always a decision),
        AWS_IAM, COGNITO_USER_POOLS (authorizer = a key of var.authorizers of that type, optional
        OAuth scopes) or CUSTOM (a TOKEN or REQUEST Lambda authorizer). The authorizer is defined
        here: the API is imported from one document in overwrite mode, which removes an authorizer
        created outside it.
      api_key_required: callers must send x-api-key with a key of a usage plan of the stage.
      request_parameters: "method.request.{path|querystring|header}.NAME" => required.
      request_models: content type => a key of var.models (or the built-ins Empty, Error).
      request_validator: a key of var.request_validators.
      integration.type:
        AWS_PROXY   Lambda proxy; set function_arn (an alias ARN, module.fn.alias_arn, scopes
                    the invoke permission to that alias).
        AWS         Lambda (function_arn) or another AWS service (uri arn:aws:apigateway:...,
                    credentials_arn), with request_templates (VTL) and response templates.
        HTTP        an HTTP backend (uri) with mapping templates; HTTP_PROXY passes through.
        MOCK        answered by API Gateway itself (request template selects the status code).
        vpc_link_id on HTTP/HTTP_PROXY connects through a VPC link instead of the internet
        (connection type VPC_LINK): a VPC link v1 to its NLB, or, with integration_target (the
        ARN of an internal ALB or NLB), a VPC link v2 (modules/vpc_link with subnet_ids), which
        reaches an Application Load Balancer without an NLB in front. uri sets the Host header
        (and, with https://, the name API Gateway verifies in the load balancer's certificate).
      integration.response_transfer_mode: BUFFERED (default) or STREAM, which sends the response
        as the backend produces it (AWS_PROXY and HTTP_PROXY only; past 10 MB and 29 s, no stage
        cache, compression or response templates; a streamed Lambda is invoked with
        InvokeWithResponseStream and must write API Gateway's streaming format).
      integration.cache_key_parameters: method request parameters that key the stage cache.
      responses: keyed by status code; each creates a method response and, for non-proxy
        integrations, an integration response. selection_pattern (regex on the Lambda
        errorMessage or the HTTP status) picks it; the one without a pattern is the default.
        headers: header name => mapping value ("'static'" or integration.response.header.X).
        templates: content type => VTL response template. models: content type => model.
  EOT
  type = map(object({
    cors = optional(bool, false)
    methods = map(object({
      public = optional(bool, false)
      authorization = optional(object({
        type       = optional(string, "NONE")
        authorizer = optional(string)
        scopes     = optional(list(string))
      }), {})
      api_key_required   = optional(bool, false)
      operation_name     = optional(string)
      request_parameters = optional(map(bool), {})
      request_models     = optional(map(string), {})
      request_validator  = optional(string)
      integration = object({
        type                   = optional(string, "AWS_PROXY")
        function_arn           = optional(string)
        uri                    = optional(string)
        http_method            = optional(string)
        credentials_arn        = optional(string)
        request_parameters     = optional(map(string), {})
        request_templates      = optional(map(string), {})
        passthrough_behavior   = optional(string)
        content_handling       = optional(string)
        timeout_milliseconds   = optional(number)
        vpc_link_id            = optional(string)
        integration_target     = optional(string)
        response_transfer_mode = optional(string, "BUFFERED")
        cache_key_parameters   = optional(list(string), [])
        cache_namespace        = optional(string)
      })
      responses = optional(map(object({
        selection_pattern = optional(string)
        headers           = optional(map(string), {})
        templates         = optional(map(string), {})
        models            = optional(map(string), {})
        content_handling  = optional(string)
      })), { "200" = {} })
    }))
  }))
  default = {}

  validation {
    condition = alltrue([
      for path in keys(var.resources) :
      path == "/" || can(regex("^(/([A-Za-z0-9._:-]+|\\{[A-Za-z_][A-Za-z0-9_]*\\+?\\}))+$", path))
    ])
    error_message = "resources: every key must be a path: \"/\" or /segment/segment..., each segment made of letters, digits and . _ - : or a path variable such as {id} or {proxy+} (e.g. \"/users/{id}\")."
  }

  validation {
    condition     = alltrue([for path in keys(var.resources) : !can(regex("\\{[^}]+\\+\\}.", path))])
    error_message = "resources: a greedy path variable such as {proxy+} must be the last segment of the path."
  }

  validation {
    condition     = alltrue([for path in keys(var.resources) : length(split("/", path)) - 1 <= 8])
    error_message = "resources: a path may have at most 8 segments."
  }

  validation {
    condition = alltrue([
      for parts in values({
        for path in distinct(flatten([
          for key in keys(var.resources) : [for i in range(1, length(split("/", key))) : join("/", slice(split("/", key), 0, i + 1))] if key != "/"
        ])) :
        join("/", slice(split("/", path), 0, length(split("/", path)) - 1)) => element(split("/", path), length(split("/", path)) - 1)...
      }) : length(distinct([for part in parts : part if startswith(part, "{")])) <= 1
    ])
    error_message = "resources: API Gateway allows one variable segment among the children of a path; siblings must share it (/users/{id} and /users/{id}/orders, not /users/{id} and /users/{name}/orders)."
  }

  validation {
    condition     = alltrue([for r in values(var.resources) : !(r.cors && contains(keys(r.methods), "OPTIONS"))])
    error_message = "resources: a path with cors = true gets its OPTIONS (preflight) method from the module; remove the path's own OPTIONS method or set cors = false."
  }

  validation {
    condition = alltrue(flatten([
      for r in values(var.resources) : [for verb in keys(r.methods) : contains(["ANY", "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"], verb)]
    ]))
    error_message = "resources: methods must be keyed by an HTTP method: ANY, GET, POST, PUT, PATCH, DELETE, HEAD or OPTIONS (upper case)."
  }

  validation {
    condition = alltrue(flatten([
      for r in values(var.resources) : [for m in values(r.methods) : contains(["AWS_PROXY", "AWS", "HTTP", "HTTP_PROXY", "MOCK"], m.integration.type)]
    ]))
    error_message = "resources: integration.type must be one of AWS_PROXY, AWS, HTTP, HTTP_PROXY, MOCK."
  }

  validation {
    condition = alltrue(flatten([
      for r in values(var.resources) : [
        for m in values(r.methods) :
        m.integration.function_arn == null || can(regex("^arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:[0-9]{12}:function:", m.integration.function_arn))
      ]
    ]))
    error_message = "resources: integration.function_arn must be a Lambda function ARN (arn:aws:lambda:REGION:ACCOUNT:function:NAME)."
  }

  validation {
    condition = alltrue(flatten([
      for r in values(var.resources) : [
        for m in values(r.methods) :
        m.integration.type != "AWS_PROXY" || (m.integration.function_arn != null && m.integration.uri == null)
      ]
    ]))
    error_message = "resources: an AWS_PROXY integration needs integration.function_arn (the Lambda function) and no uri."
  }

  validation {
    condition = alltrue(flatten([
      for r in values(var.resources) : [
        for m in values(r.methods) :
        m.integration.type != "AWS" || (
          m.integration.function_arn != null ? m.integration.uri == null :
          (can(regex("^arn:aws[a-zA-Z-]*:apigateway:[a-z0-9-]+:[a-z0-9.-]+:(action|path)/", m.integration.uri)) && m.integration.credentials_arn != null)
        )
      ]
    ]))
    error_message = "resources: an AWS integration needs either integration.function_arn (a Lambda function) or integration.uri (arn:aws:apigateway:REGION:SERVICE:action/... or path/...) with credentials_arn, the role API Gateway assumes to call the service."
  }

  validation {
    condition = alltrue(flatten([
      for r in values(var.resources) : [
        for m in values(r.methods) :
        !contains(["HTTP", "HTTP_PROXY"], m.integration.type) || can(regex("^https?://", m.integration.uri))
      ]
    ]))
    error_message = "resources: HTTP and HTTP_PROXY integrations need integration.uri, an http:// or https:// URL."
  }

  validation {
    condition = alltrue(flatten([
      for r in values(var.resources) : [
        for m in values(r.methods) :
        m.integration.vpc_link_id == null || contains(["HTTP", "HTTP_PROXY"], m.integration.type)
      ]
    ]))
    error_message = "resources: integration.vpc_link_id (a VPC link to a load balancer) applies to HTTP and HTTP_PROXY integrations only."
  }

  # Private integrations through a VPC link v2 name the load balancer: "provide the ARN of an Network Load
  # Balancer or an Application Load Balancer" (https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-private-integration.html);
  # Cloud Map services are not supported for REST APIs (private-integration.html, Considerations).
  validation {
    condition = alltrue(flatten([
      for r in values(var.resources) : [
        for m in values(r.methods) :
        m.integration.integration_target == null || (
          m.integration.vpc_link_id != null &&
          can(regex("^arn:aws[a-zA-Z-]*:elasticloadbalancing:[a-z0-9-]+:[0-9]{12}:loadbalancer/(app|net)/[A-Za-z0-9-]{1,32}/[0-9a-f]+$", m.integration.integration_target))
        )
      ]
    ]))
    error_message = "resources: integration.integration_target must be the ARN of an Application or Network Load Balancer (arn:aws:elasticloadbalancing:REGION:ACCOUNT:loadbalancer/app/NAME/ID; not a listener or a Cloud Map service, which REST APIs cannot reach) and needs vpc_link_id, the VPC link v2 that reaches it."
  }

  # "You can only use response payload streaming for HTTP_PROXY or AWS_PROXY integration types"
  # (https://docs.aws.amazon.com/apigateway/latest/developerguide/response-transfer-mode.html); the values are the
  # API's ResponseTransferMode enum.
  validation {
    condition = alltrue(flatten([
      for r in values(var.resources) : [
        for m in values(r.methods) :
        contains(["BUFFERED", "STREAM"], m.integration.response_transfer_mode) && (m.integration.response_transfer_mode == "BUFFERED" || contains(["AWS_PROXY", "HTTP_PROXY"], m.integration.type))
      ]
    ]))
    error_message = "resources: integration.response_transfer_mode must be BUFFERED or STREAM, and STREAM takes a proxy integration (AWS_PROXY or HTTP_PROXY): API Gateway streams only responses it passes through unchanged."
  }

  validation {
    condition = alltrue(flatten([
      for r in values(var.resources) : [
        for m in values(r.methods) :
        m.integration.timeout_milliseconds == null || try(m.integration.timeout_milliseconds >= 50 && m.integration.timeout_milliseconds <= 300000, false)
      ]
    ]))
    error_message = "resources: integration.timeout_milliseconds must be between 50 and 300000 (above 29000 only after AWS raised your account's integration timeout quota)."
  }

  validation {
    condition = alltrue(flatten([
      for r in values(var.resources) : [
        for m in values(r.methods) :
        m.integration.passthrough_behavior == null || contains(["WHEN_NO_MATCH", "WHEN_NO_TEMPLATES", "NEVER"], coalesce(m.integration.passthrough_behavior, "-"))
      ]
    ]))
    error_message = "resources: integration.passthrough_behavior must be WHEN_NO_MATCH, WHEN_NO_TEMPLATES or NEVER."
  }

  validation {
    condition = alltrue(flatten([
      for r in values(var.resources) : [
        for m in values(r.methods) : concat(
          [m.integration.content_handling == null || contains(["CONVERT_TO_BINARY", "CONVERT_TO_TEXT"], coalesce(m.integration.content_handling, "-"))],
          [for resp in values(m.responses) : resp.content_handling == null || contains(["CONVERT_TO_BINARY", "CONVERT_TO_TEXT"], coalesce(resp.content_handling, "-"))]
        )
      ]
    ]))
    error_message = "resources: content_handling must be CONVERT_TO_BINARY or CONVERT_TO_TEXT."
  }

  validation {
    condition = alltrue(flatten([
      for r in values(var.resources) : [
        for m in values(r.methods) : contains(["NONE", "AWS_IAM", "COGNITO_USER_POOLS", "CUSTOM"], m.authorization.type)
      ]
    ]))
    error_message = "resources: authorization.type must be one of NONE, AWS_IAM, COGNITO_USER_POOLS, CUSTOM."
  }

  validation {
    condition = alltrue(flatten([
      for r in values(var.resources) : [for m in values(r.methods) : m.authorization.type != "NONE" || m.public]
    ]))
    error_message = "resources: a method with authorization.type NONE must say public = true; set authorization (AWS_IAM, COGNITO_USER_POOLS or CUSTOM) to protect it. An API key is not authentication."
  }

  validation {
    condition = alltrue(flatten([
      for r in values(var.resources) : [
        for m in values(r.methods) :
        (m.authorization.authorizer != null) == contains(["COGNITO_USER_POOLS", "CUSTOM"], m.authorization.type)
      ]
    ]))
    error_message = "resources: COGNITO_USER_POOLS and CUSTOM authorization need authorization.authorizer (a key of var.authorizers); NONE and AWS_IAM take none."
  }

  validation {
    condition = alltrue(flatten([
      for r in values(var.resources) : [for m in values(r.methods) : m.authorization.scopes == null || m.authorization.type == "COGNITO_USER_POOLS"]
    ]))
    error_message = "resources: authorization.scopes (OAuth scopes of access tokens) apply to COGNITO_USER_POOLS authorization only."
  }

  validation {
    condition = alltrue(flatten([
      for r in values(var.resources) : [
        for m in values(r.methods) : [
          for p in keys(m.request_parameters) : can(regex("^method\\.request\\.(path|querystring|multivaluequerystring|header|multivalueheader)\\.[A-Za-z0-9._-]+$", p))
        ]
      ]
    ]))
    error_message = "resources: request_parameters keys must look like method.request.querystring.NAME, method.request.header.NAME or method.request.path.NAME."
  }

  validation {
    condition = alltrue(flatten([
      for r in values(var.resources) : [
        for m in values(r.methods) : [for p in m.integration.cache_key_parameters : contains(keys(m.request_parameters), p)]
      ]
    ]))
    error_message = "resources: every integration.cache_key_parameters entry must also be declared in the method's request_parameters (e.g. \"method.request.querystring.debug\" = false)."
  }

  validation {
    condition = alltrue(flatten([
      for r in values(var.resources) : [for m in values(r.methods) : [for code in keys(m.responses) : can(regex("^[1-5][0-9][0-9]$", code))]]
    ]))
    error_message = "resources: responses must be keyed by an HTTP status code (100-599)."
  }

  validation {
    condition = alltrue(flatten([
      for r in values(var.resources) : [
        for m in values(r.methods) :
        contains(["AWS_PROXY", "HTTP_PROXY"], m.integration.type) ?
        alltrue([for resp in values(m.responses) : resp.selection_pattern == null && length(resp.templates) == 0]) :
        length([for resp in values(m.responses) : resp if resp.selection_pattern == null]) == 1
      ]
    ]))
    error_message = "resources: a non-proxy integration needs exactly one response without selection_pattern (the default); proxy integrations (AWS_PROXY, HTTP_PROXY) pass the backend's response through, so their responses take no selection_pattern or templates."
  }
}

variable "authorizers" {
  description = <<-EOT
    Authorizers keyed by a name that methods refer to.
    type "COGNITO_USER_POOLS": provider_arns = [user pool ARNs]; methods use authorization.type
      COGNITO_USER_POOLS and may require OAuth scopes.
    type "TOKEN": a Lambda authorizer that receives one header (identity_sources, default the
      Authorization header), optionally pre-checked with identity_validation_expression.
    type "REQUEST": a Lambda authorizer that receives the headers, query string, stage variables and
      context named in identity_sources (they also key its cache).
    result_ttl_seconds caches Lambda decisions (0 turns caching off, at most 3600). The module lets
    API Gateway invoke each Lambda authorizer, scoped to this API's authorizer
    (execution_arn/authorizers/ID), unless credentials_arn names a role for it to assume.
  EOT
  type = map(object({
    type                           = string
    provider_arns                  = optional(list(string), [])
    function_arn                   = optional(string)
    identity_sources               = optional(list(string), ["method.request.header.Authorization"])
    identity_validation_expression = optional(string)
    result_ttl_seconds             = optional(number, 300)
    credentials_arn                = optional(string)
  }))
  default = {}

  validation {
    condition     = alltrue([for a in values(var.authorizers) : contains(["COGNITO_USER_POOLS", "TOKEN", "REQUEST"], a.type)])
    error_message = "authorizers: type must be COGNITO_USER_POOLS, TOKEN or REQUEST."
  }

  validation {
    condition = alltrue([
      for a in values(var.authorizers) :
      a.type != "COGNITO_USER_POOLS" || (length(a.provider_arns) > 0 && alltrue([for arn in a.provider_arns : can(regex("^arn:aws[a-zA-Z-]*:cognito-idp:[a-z0-9-]+:[0-9]{12}:userpool/", arn))]))
    ])
    error_message = "authorizers: a COGNITO_USER_POOLS authorizer needs provider_arns, one or more Cognito user pool ARNs (arn:aws:cognito-idp:REGION:ACCOUNT:userpool/ID)."
  }

  validation {
    condition = alltrue([
      for a in values(var.authorizers) :
      a.type == "COGNITO_USER_POOLS" || can(regex("^arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:[0-9]{12}:function:", a.function_arn))
    ])
    error_message = "authorizers: TOKEN and REQUEST authorizers need function_arn, a Lambda function ARN."
  }

  validation {
    condition     = alltrue([for a in values(var.authorizers) : a.result_ttl_seconds >= 0 && a.result_ttl_seconds <= 3600])
    error_message = "authorizers: result_ttl_seconds must be between 0 and 3600."
  }

  validation {
    condition = alltrue([
      for a in values(var.authorizers) :
      a.type != "TOKEN" || (length(a.identity_sources) == 1 && can(regex("^method\\.request\\.header\\.[A-Za-z0-9_-]+$", a.identity_sources[0])))
    ])
    error_message = "authorizers: a TOKEN authorizer reads exactly one header: identity_sources = [\"method.request.header.NAME\"]."
  }

  validation {
    condition     = alltrue([for a in values(var.authorizers) : a.type != "REQUEST" || length(a.identity_sources) > 0 || a.result_ttl_seconds == 0])
    error_message = "authorizers: a cached REQUEST authorizer (result_ttl_seconds > 0) needs identity_sources to key its cache."
  }

  validation {
    condition     = alltrue([for a in values(var.authorizers) : a.identity_validation_expression == null || a.type == "TOKEN"])
    error_message = "authorizers: identity_validation_expression applies to TOKEN authorizers only."
  }
}

variable "models" {
  description = "Models keyed by name (letters and digits): JSON Schema (draft 4) documents that request_models validate bodies against and responses may declare. The built-in models Empty and Error need no entry."
  type = map(object({
    schema       = string
    content_type = optional(string, "application/json")
    description  = optional(string)
  }))
  default = {}

  validation {
    condition     = alltrue([for name in keys(var.models) : can(regex("^[A-Za-z0-9]{1,255}$", name)) && !contains(["Empty", "Error"], name)])
    error_message = "models: a model name must be letters and digits only, and not Empty or Error (API Gateway's built-ins)."
  }

  validation {
    condition     = alltrue([for m in values(var.models) : can(jsondecode(m.schema))])
    error_message = "models: schema must be a JSON Schema document (JSON); jsonencode() an HCL object to write one."
  }
}

variable "request_validators" {
  description = "Request validators keyed by name: validate_body checks the body against the method's request model, validate_parameters checks that required request parameters are present. A failed check answers 400 before the backend is called."
  type = map(object({
    validate_body       = optional(bool, false)
    validate_parameters = optional(bool, false)
  }))
  default = {}

  validation {
    condition     = alltrue([for v in values(var.request_validators) : v.validate_body || v.validate_parameters])
    error_message = "request_validators: a validator must check the body, the parameters, or both."
  }
}

variable "cors" {
  description = "CORS answers for the paths marked cors = true (null: no CORS). allow_origin is the one origin returned (REST returns a single Access-Control-Allow-Origin value); allow_methods defaults to the path's methods plus OPTIONS. With CORS on, the DEFAULT_4XX and DEFAULT_5XX gateway responses carry the origin header too, so browsers can read errors."
  type = object({
    allow_origin      = string
    allow_methods     = optional(list(string))
    allow_headers     = optional(list(string), ["Content-Type", "Authorization", "X-Api-Key", "X-Amz-Date", "X-Amz-Security-Token"])
    expose_headers    = optional(list(string), [])
    max_age           = optional(number, 300)
    allow_credentials = optional(bool, false)
  })
  default = null

  validation {
    condition     = var.cors == null || can(regex("^(\\*|https?://[^/\\s,]+)$", var.cors.allow_origin))
    error_message = "cors: allow_origin must be one origin (https://www.example.com) or \"*\"."
  }

  validation {
    condition     = var.cors == null || !(try(var.cors.allow_credentials, false) && try(var.cors.allow_origin, "") == "*")
    error_message = "cors: allow_credentials = true cannot be combined with the wildcard origin \"*\" (browsers reject it); name the origin."
  }

  validation {
    condition     = var.cors == null || (try(var.cors.max_age, 0) >= 0 && try(var.cors.max_age, 0) <= 86400)
    error_message = "cors: max_age must be between 0 and 86400 seconds."
  }

  validation {
    condition     = var.cors == null || alltrue([for m in coalesce(try(var.cors.allow_methods, null), []) : contains(["*", "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"], m)])
    error_message = "cors: allow_methods entries must be HTTP methods (GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS) or \"*\"."
  }
}

variable "gateway_responses" {
  description = "Gateway responses (errors API Gateway answers itself) keyed by response type, e.g. DEFAULT_4XX, DEFAULT_5XX, UNAUTHORIZED, ACCESS_DENIED, THROTTLED, QUOTA_EXCEEDED, BAD_REQUEST_BODY. headers: header name => value (\"'static'\" or a $context mapping); templates: content type => body template."
  type = map(object({
    status_code = optional(string)
    headers     = optional(map(string), {})
    templates   = optional(map(string), {})
  }))
  default = {}

  validation {
    condition = alltrue([
      for type in keys(var.gateway_responses) : contains([
        "ACCESS_DENIED", "API_CONFIGURATION_ERROR", "AUTHORIZER_CONFIGURATION_ERROR", "AUTHORIZER_FAILURE",
        "BAD_REQUEST_PARAMETERS", "BAD_REQUEST_BODY", "DEFAULT_4XX", "DEFAULT_5XX", "EXPIRED_TOKEN",
        "INVALID_SIGNATURE", "INTEGRATION_FAILURE", "INTEGRATION_TIMEOUT", "INVALID_API_KEY",
        "MISSING_AUTHENTICATION_TOKEN", "QUOTA_EXCEEDED", "REQUEST_TOO_LARGE", "RESOURCE_NOT_FOUND",
        "THROTTLED", "UNAUTHORIZED", "UNSUPPORTED_MEDIA_TYPE", "WAF_FILTERED"
      ], type)
    ])
    error_message = "gateway_responses: keys must be gateway response types such as DEFAULT_4XX, DEFAULT_5XX, UNAUTHORIZED, ACCESS_DENIED, THROTTLED, QUOTA_EXCEEDED, BAD_REQUEST_BODY, INVALID_API_KEY, WAF_FILTERED."
  }

  validation {
    condition     = alltrue([for r in values(var.gateway_responses) : r.status_code == null || can(regex("^[1-5][0-9][0-9]$", r.status_code))])
    error_message = "gateway_responses: status_code must be an HTTP status code such as \"401\"."
  }
}

################################################################################
# Stages, throttling, logs
################################################################################
# throttling, access_logs, cloudwatch_role_arn and domain: stage_inputs.tf, generated by `make docs` from modules/_shared/stage_inputs.tf.tmpl

variable "stages" {
  description = <<-EOT
    Stages keyed by name (dev, prod, ...; REST APIs have no $default stage). Each serves the
    module's deployment, which is replaced exactly when something it serves changes (or the
    deployment named by deployment_id).

    variables: stage variables. xray_tracing: X-Ray traces (default on).
    logging_level: execution logs OFF, ERROR (default) or INFO; data_trace logs full requests and
      responses (off: it can log secrets). metrics: per-method CloudWatch metrics.
    throttling: this stage's default per-method limit (overrides var.throttling).
    cache: a stage cache cluster (size in GB: 0.5, 1.6, 6.1, 13.5, 28.4, 58.2, 118, 237), its TTL
      (0-3600 s), encryption, and whether clients need execute-api:InvalidateCache to bypass it
      with Cache-Control: max-age=0. API Gateway caches GET methods by default; turn caching on
      for others per method, and remember a request body is never part of the cache key.
    method_settings: per-method overrides keyed by "METHOD /path" (throttling, caching on/off,
      cache TTL and encryption, logging level, data trace, metrics).
    canary: percent_traffic (0-100) of requests served by the canary with its own
      stage_variable_overrides and, if use_stage_cache, the stage cache. The canary serves
      canary.deployment_id, by default the module's deployment.
    web_acl_arn: a WAFv2 web ACL (REGIONAL scope) to associate with the stage.
  EOT
  type = map(object({
    description           = optional(string)
    deployment_id         = optional(string)
    variables             = optional(map(string), {})
    xray_tracing          = optional(bool, true)
    logging_level         = optional(string, "ERROR")
    data_trace            = optional(bool, false)
    metrics               = optional(bool, false)
    client_certificate_id = optional(string)
    web_acl_arn           = optional(string)
    throttling = optional(object({
      burst_limit = number
      rate_limit  = number
    }))
    cache = optional(object({
      size                                    = optional(string, "0.5")
      ttl_seconds                             = optional(number, 300)
      encrypted                               = optional(bool, true)
      require_authorization_for_cache_control = optional(bool, true)
    }))
    method_settings = optional(map(object({
      throttling = optional(object({
        burst_limit = number
        rate_limit  = number
      }))
      caching_enabled   = optional(bool)
      cache_ttl_seconds = optional(number)
      cache_encrypted   = optional(bool)
      logging_level     = optional(string)
      data_trace        = optional(bool)
      metrics           = optional(bool)
    })), {})
    canary = optional(object({
      percent_traffic          = number
      deployment_id            = optional(string)
      stage_variable_overrides = optional(map(string), {})
      use_stage_cache          = optional(bool, false)
    }))
  }))

  validation {
    condition     = length(var.stages) > 0
    error_message = "stages: define at least one stage, e.g. { prod = {} }."
  }

  validation {
    condition     = !contains(keys(var.stages), "$default")
    error_message = "stages: REST APIs have no \"$default\" stage (that is an HTTP/WebSocket API feature); name the stage, e.g. dev or prod."
  }

  validation {
    condition     = alltrue([for name in keys(var.stages) : name == "$default" || can(regex("^[A-Za-z0-9_-]{1,128}$", name))])
    error_message = "stages: a stage name must be 1-128 letters, digits, hyphens and underscores."
  }

  validation {
    condition = alltrue([
      for s in values(var.stages) : alltrue([
        for k, v in merge(s.variables, try(s.canary.stage_variable_overrides, {})) : can(regex("^[A-Za-z0-9_]+$", k)) && can(regex("^[A-Za-z0-9-._~:/?#&=,]*$", v))
      ])
    ])
    error_message = "stages: stage variable names (and canary overrides) must be alphanumeric or underscore, and values may contain only letters, digits and - . _ ~ : / ? # & = , (API Gateway's rule)."
  }

  validation {
    condition = alltrue(flatten([
      for s in values(var.stages) : concat(
        [contains(["OFF", "ERROR", "INFO"], s.logging_level)],
        [for ms in values(s.method_settings) : ms.logging_level == null || contains(["OFF", "ERROR", "INFO"], coalesce(ms.logging_level, "-"))]
      )
    ]))
    error_message = "stages: logging_level must be OFF, ERROR or INFO."
  }

  validation {
    condition = alltrue(flatten([
      for s in values(var.stages) : [
        for t in concat([s.throttling], [for ms in values(s.method_settings) : ms.throttling]) :
        t == null || try(t.rate_limit >= 0 && t.burst_limit >= 0 && t.burst_limit <= 5000 && t.rate_limit <= 10000 && t.burst_limit >= t.rate_limit, false)
      ]
    ]))
    error_message = "stages: throttling needs 0 <= rate_limit <= 10000 and rate_limit <= burst_limit <= 5000 (a burst below the rate can never be reached)."
  }

  validation {
    condition     = alltrue([for s in values(var.stages) : s.cache == null || contains(["0.5", "1.6", "6.1", "13.5", "28.4", "58.2", "118", "237"], try(s.cache.size, ""))])
    error_message = "stages: cache.size must be one of 0.5, 1.6, 6.1, 13.5, 28.4, 58.2, 118, 237 (GB)."
  }

  validation {
    condition = alltrue(flatten([
      for s in values(var.stages) : concat(
        [s.cache == null || try(s.cache.ttl_seconds >= 0 && s.cache.ttl_seconds <= 3600, false)],
        [for ms in values(s.method_settings) : ms.cache_ttl_seconds == null || try(ms.cache_ttl_seconds >= 0 && ms.cache_ttl_seconds <= 3600, false)]
      )
    ]))
    error_message = "stages: cache TTLs (cache.ttl_seconds, method_settings.cache_ttl_seconds) must be between 0 and 3600 seconds."
  }

  validation {
    condition = alltrue(flatten([
      for s in values(var.stages) : [for ms in values(s.method_settings) : ms.caching_enabled != true || s.cache != null]
    ]))
    error_message = "stages: method_settings.caching_enabled = true needs the stage's cache (set cache = { ... } on the stage)."
  }

  validation {
    condition = alltrue(flatten([
      for s in values(var.stages) : [for key in keys(s.method_settings) : can(regex("^(ANY|GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) /", key))]
    ]))
    error_message = "stages: method_settings must be keyed by \"METHOD /path\" of a method in var.resources (e.g. \"GET /sum\")."
  }

  validation {
    condition     = alltrue([for s in values(var.stages) : s.canary == null || try(s.canary.percent_traffic >= 0 && s.canary.percent_traffic <= 100, false)])
    error_message = "stages: canary.percent_traffic must be between 0 and 100."
  }

  validation {
    condition     = alltrue([for s in values(var.stages) : s.web_acl_arn == null || can(regex("^arn:aws[a-zA-Z-]*:wafv2:[a-z0-9-]+:[0-9]{12}:regional/webacl/", s.web_acl_arn))])
    error_message = "stages: web_acl_arn must be a WAFv2 web ACL ARN of REGIONAL scope (arn:aws:wafv2:REGION:ACCOUNT:regional/webacl/NAME/ID)."
  }
}

################################################################################
# Usage plans and API keys
################################################################################

variable "api_keys" {
  description = "API keys keyed by name. The value is generated by API Gateway unless api_key_values gives one; usage plans attach keys by name."
  type = map(object({
    description = optional(string)
    enabled     = optional(bool, true)
    customer_id = optional(string)
  }))
  default = {}
}

variable "api_key_values" {
  description = "Values for some of var.api_keys, keyed by key name (20-128 characters). Leave a key out to let API Gateway generate its value."
  type        = map(string)
  default     = {}
  sensitive   = true

  validation {
    condition     = alltrue([for v in values(var.api_key_values) : length(v) >= 20 && length(v) <= 128])
    error_message = "api_key_values: an API key value must be 20 to 128 characters long."
  }
}

variable "usage_plans" {
  description = <<-EOT
    Usage plans keyed by name. stages: the stages the plan covers, each with optional per-method
    throttles keyed by "METHOD /path". throttling: the plan's per-key rate and burst. quota: requests
    per DAY, WEEK or MONTH per key (offset: the first day of the period, 0-based). api_keys: keys of
    var.api_keys that belong to the plan. Usage plans meter and throttle keys; they are not
    authentication.
  EOT
  type = map(object({
    description = optional(string)
    stages = map(object({
      method_throttling = optional(map(object({
        burst_limit = number
        rate_limit  = number
      })), {})
    }))
    throttling = optional(object({
      burst_limit = number
      rate_limit  = number
    }))
    quota = optional(object({
      limit  = number
      period = string
      offset = optional(number, 0)
    }))
    api_keys = optional(list(string), [])
  }))
  default = {}

  validation {
    condition     = alltrue([for p in values(var.usage_plans) : length(p.stages) > 0])
    error_message = "usage_plans: a usage plan must cover at least one stage."
  }

  validation {
    condition     = alltrue([for p in values(var.usage_plans) : p.quota == null || contains(["DAY", "WEEK", "MONTH"], try(p.quota.period, ""))])
    error_message = "usage_plans: quota.period must be DAY, WEEK or MONTH."
  }

  validation {
    condition = alltrue([
      for p in values(var.usage_plans) :
      p.quota == null || try(p.quota.limit > 0 && p.quota.offset >= 0 && p.quota.offset < lookup({ DAY = 1, WEEK = 7, MONTH = 28 }, p.quota.period, 1), false)
    ])
    error_message = "usage_plans: quota.limit must be positive, and quota.offset 0 for DAY, 0-6 for WEEK, 0-27 for MONTH."
  }

  validation {
    condition = alltrue(flatten([
      for p in values(var.usage_plans) : [
        for t in concat([p.throttling], flatten([for s in values(p.stages) : values(s.method_throttling)])) :
        t == null || try(t.rate_limit >= 0 && t.burst_limit >= 0 && t.burst_limit >= t.rate_limit, false)
      ]
    ]))
    error_message = "usage_plans: throttling needs rate_limit >= 0 and burst_limit >= rate_limit."
  }

  validation {
    condition = alltrue(flatten([
      for p in values(var.usage_plans) : [for s in values(p.stages) : [for key in keys(s.method_throttling) : can(regex("^(ANY|GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) /", key))]]
    ]))
    error_message = "usage_plans: method_throttling must be keyed by \"METHOD /path\" (e.g. \"POST /sum\")."
  }
}
