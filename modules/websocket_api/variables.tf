################################################################################
# API
################################################################################

variable "name" {
  description = "Name of the WebSocket API; prefixes the log group, the connection table and the IAM policy."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,128}$", var.name))
    error_message = "name must be 1 to 128 letters, digits, hyphens or underscores (it also names the connection table and the log group)."
  }
}

variable "description" {
  description = "Description of the WebSocket API."
  type        = string
  default     = null
}

variable "route_selection_expression" {
  description = "Where API Gateway reads the route key of an incoming message: a JSON field of the message body, e.g. $request.body.action (a message {\"action\":\"sendmessage\"} goes to the sendmessage route; anything else goes to $default)."
  type        = string
  default     = "$request.body.action"

  validation {
    condition     = can(regex("^\\$request\\.body\\.[A-Za-z0-9_.]+$", var.route_selection_expression)) || can(regex("^(\\$\\{request\\.body\\.[A-Za-z0-9_.]+\\}[A-Za-z0-9_.:-]*)+$", var.route_selection_expression))
    error_message = "route_selection_expression must select a field of the message body: $request.body.FIELD (e.g. $request.body.action) or a combination such as $${request.body.service}:$${request.body.action}."
  }
}

variable "api_key_selection_expression" {
  description = "Where API Gateway reads the API key of routes with api_key_required: the x-api-key header of the connection request, or the usageIdentifierKey a Lambda authorizer returns. API keys also need a usage plan naming this API and stage (not created by this module)."
  type        = string
  default     = "$request.header.x-api-key"

  validation {
    condition     = contains(["$request.header.x-api-key", "$context.authorizer.usageIdentifierKey"], var.api_key_selection_expression)
    error_message = "api_key_selection_expression must be $request.header.x-api-key or $context.authorizer.usageIdentifierKey (API Gateway's only two choices)."
  }
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
    Routes keyed by route key: "$connect", "$disconnect", "$default", or a custom key, the value the
    route selection expression yields (e.g. "sendmessage" for {"action":"sendmessage"}). Each entry
    creates the route, a Lambda integration and an invoke permission scoped to this API and this
    route (execution_arn/*/ROUTE_KEY), and to the alias of an alias ARN (module.fn.alias_arn).

    integration.type: "AWS_PROXY" (default: the function receives the whole event and its return
    value is the reply) or "AWS" (Lambda non-proxy: request_templates / template_selection_expression
    shape the input, and integration.response shapes the reply of a two-way route).

    two_way = true adds the $default route response: API Gateway then sends what the integration
    returns back to the client (one-way routes send nothing back; handlers can still push through
    the @connections API).

    authorization: only $connect can be protected (the connection's identity applies to every later
    message): type "CUSTOM" with authorizer (a key of var.authorizers) or authorizer_id, "AWS_IAM",
    or "NONE", which requires public = true so that an open $connect is always a decision.

    throttling: per-route limits overriding var.throttling.
  EOT
  type = map(object({
    integration = object({
      function_arn                  = string
      type                          = optional(string, "AWS_PROXY")
      timeout_milliseconds          = optional(number)
      content_handling_strategy     = optional(string)
      credentials_arn               = optional(string)
      request_templates             = optional(map(string))
      template_selection_expression = optional(string)
      passthrough_behavior          = optional(string)
      response = optional(object({
        key                           = optional(string, "$default")
        response_templates            = optional(map(string))
        template_selection_expression = optional(string)
        content_handling_strategy     = optional(string)
      }))
    })
    two_way = optional(bool, false)
    authorization = optional(object({
      type          = optional(string, "NONE")
      authorizer    = optional(string)
      authorizer_id = optional(string)
    }), {})
    public           = optional(bool, false)
    api_key_required = optional(bool, false)
    operation_name   = optional(string)
    throttling = optional(object({
      burst_limit = number
      rate_limit  = number
    }))
  }))

  validation {
    condition     = length(var.routes) > 0
    error_message = "routes: define at least one route (typically $connect, $disconnect, $default and your custom actions)."
  }

  validation {
    condition = alltrue([
      for key in keys(var.routes) :
      contains(["$connect", "$disconnect", "$default"], key) || can(regex("^[^$\\s][^\\s]{0,127}$", key))
    ])
    error_message = "routes: every key must be $connect, $disconnect, $default or a custom route key of 1-128 characters without spaces that does not start with $ (the value the route selection expression yields, e.g. sendmessage). \"METHOD /path\" keys belong to HTTP APIs."
  }

  validation {
    condition     = alltrue([for r in values(var.routes) : contains(["AWS_PROXY", "AWS"], r.integration.type)])
    error_message = "routes: integration.type must be AWS_PROXY (Lambda proxy) or AWS (Lambda non-proxy with mapping templates)."
  }

  validation {
    condition = alltrue([
      for r in values(var.routes) : can(regex("^arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:[0-9]{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9_$-]+)?$", r.integration.function_arn))
    ])
    error_message = "routes: integration.function_arn must be a Lambda function ARN (arn:aws:lambda:REGION:ACCOUNT:function:NAME[:ALIAS])."
  }

  validation {
    condition = alltrue([
      for r in values(var.routes) :
      r.integration.timeout_milliseconds == null || (coalesce(r.integration.timeout_milliseconds, 0) >= 50 && coalesce(r.integration.timeout_milliseconds, 0) <= 29000)
    ])
    error_message = "routes: integration.timeout_milliseconds must be between 50 and 29000 (the WebSocket API limit)."
  }

  validation {
    condition = alltrue([
      for r in values(var.routes) :
      r.integration.credentials_arn == null || can(regex("^arn:aws[a-zA-Z-]*:iam::[0-9]{12}:role/", coalesce(r.integration.credentials_arn, "-")))
    ])
    error_message = "routes: integration.credentials_arn must be an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME) that API Gateway assumes to invoke the function."
  }

  validation {
    condition = alltrue([
      for r in values(var.routes) :
      r.integration.content_handling_strategy == null || contains(["CONVERT_TO_BINARY", "CONVERT_TO_TEXT"], coalesce(r.integration.content_handling_strategy, "-"))
    ])
    error_message = "routes: integration.content_handling_strategy must be CONVERT_TO_BINARY or CONVERT_TO_TEXT."
  }

  validation {
    condition = alltrue([
      for r in values(var.routes) :
      r.integration.passthrough_behavior == null || contains(["WHEN_NO_MATCH", "WHEN_NO_TEMPLATES", "NEVER"], coalesce(r.integration.passthrough_behavior, "-"))
    ])
    error_message = "routes: integration.passthrough_behavior must be WHEN_NO_MATCH, WHEN_NO_TEMPLATES or NEVER."
  }

  validation {
    condition = alltrue([
      for r in values(var.routes) :
      r.integration.type == "AWS" || (r.integration.request_templates == null && r.integration.template_selection_expression == null && r.integration.passthrough_behavior == null && r.integration.response == null)
    ])
    error_message = "routes: request_templates, template_selection_expression, passthrough_behavior and integration.response apply to integration.type AWS only; with AWS_PROXY API Gateway passes the event and the function's reply through unchanged (there is no integration response)."
  }

  validation {
    condition     = alltrue([for r in values(var.routes) : r.integration.response == null || r.two_way])
    error_message = "routes: integration.response needs two_way = true; a one-way route sends nothing back to the client, so the response would never be used."
  }

  validation {
    condition     = alltrue([for key, r in var.routes : !(key == "$disconnect" && r.two_way)])
    error_message = "routes: $disconnect cannot be two_way: the connection is already closed when it runs."
  }

  validation {
    condition     = alltrue([for r in values(var.routes) : contains(["NONE", "AWS_IAM", "CUSTOM"], r.authorization.type)])
    error_message = "routes: authorization.type must be NONE, AWS_IAM or CUSTOM (a Lambda REQUEST authorizer). WebSocket APIs support no JWT authorizer: verify JWTs in a Lambda authorizer (lambda_src/authorizer) with type CUSTOM."
  }

  validation {
    condition     = alltrue([for key, r in var.routes : key == "$connect" || r.authorization.type == "NONE"])
    error_message = "routes: only $connect can have authorization (CUSTOM or AWS_IAM); API Gateway authorizes a WebSocket connection once, when it opens, and every later message inherits that identity."
  }

  validation {
    condition     = alltrue([for key, r in var.routes : key != "$connect" || r.authorization.type != "NONE" || r.public])
    error_message = "routes: $connect with authorization.type NONE must say public = true; set authorization (CUSTOM with a Lambda authorizer, or AWS_IAM) to protect it."
  }

  validation {
    condition = alltrue([
      for r in values(var.routes) :
      r.authorization.type != "CUSTOM" || (r.authorization.authorizer != null) != (r.authorization.authorizer_id != null)
    ])
    error_message = "routes: CUSTOM authorization needs exactly one of authorization.authorizer (a key of var.authorizers) or authorization.authorizer_id."
  }

  validation {
    condition = alltrue([
      for r in values(var.routes) :
      r.authorization.type == "CUSTOM" || (r.authorization.authorizer == null && r.authorization.authorizer_id == null)
    ])
    error_message = "routes: authorization.authorizer and authorizer_id apply to type CUSTOM only."
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
    Lambda REQUEST authorizers keyed by a name that the $connect route refers to. WebSocket APIs have
    no JWT authorizer: a Lambda authorizer verifies the token (lambda_src/authorizer does) and answers
    with an IAM policy. identity_sources name where the token is, as route.request.querystring.NAME
    (browsers cannot set headers on a WebSocket handshake) or route.request.header.NAME; a
    connection request that lacks one is refused with 401 before the function runs. The module
    grants API Gateway permission to invoke the function, scoped to this API's authorizer.
  EOT
  type = map(object({
    type             = optional(string, "REQUEST")
    function_arn     = optional(string)
    identity_sources = list(string)
    credentials_arn  = optional(string)
  }))
  default = {}

  validation {
    condition     = alltrue([for a in values(var.authorizers) : a.type != "JWT"])
    error_message = "authorizers: WebSocket APIs support no JWT authorizer (API Gateway offers JWT authorizers for HTTP APIs only). Use type REQUEST with a Lambda function that verifies the JWT, e.g. lambda_src/authorizer with identity source route.request.querystring.token."
  }

  validation {
    condition     = alltrue([for a in values(var.authorizers) : contains(["REQUEST", "JWT"], a.type)])
    error_message = "authorizers: type must be REQUEST (a Lambda authorizer), the only kind a WebSocket API supports."
  }

  validation {
    condition     = alltrue([for a in values(var.authorizers) : can(regex("^arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:[0-9]{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9_$-]+)?$", a.function_arn))])
    error_message = "authorizers: every authorizer needs function_arn, a Lambda function ARN (arn:aws:lambda:REGION:ACCOUNT:function:NAME)."
  }

  validation {
    condition     = alltrue([for a in values(var.authorizers) : length(a.identity_sources) > 0])
    error_message = "authorizers: identity_sources must name at least one source, e.g. route.request.querystring.token."
  }

  validation {
    condition = alltrue(flatten([
      for a in values(var.authorizers) : [
        for s in a.identity_sources :
        can(regex("^route\\.request\\.(header|querystring)\\.[A-Za-z0-9._~-]+$", s)) || can(regex("^(stageVariables|context)\\.[A-Za-z0-9_.]+$", s))
      ]
    ]))
    error_message = "authorizers: identity_sources must be route.request.querystring.NAME, route.request.header.NAME, stageVariables.NAME or context.NAME (the $request.header.NAME form belongs to HTTP APIs)."
  }

  validation {
    condition     = alltrue([for a in values(var.authorizers) : a.credentials_arn == null || can(regex("^arn:aws[a-zA-Z-]*:iam::[0-9]{12}:role/", coalesce(a.credentials_arn, "-")))])
    error_message = "authorizers: credentials_arn must be an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME) that API Gateway assumes to invoke the function."
  }
}

################################################################################
# Stage, throttling, logs
################################################################################
# throttling, access_logs and cloudwatch_role_arn: stage_inputs.tf, generated by `make docs` from modules/_shared/stage_inputs.tf.tmpl

variable "stage" {
  description = <<-EOT
    The stage clients connect to: wss://API_ID.execute-api.REGION.amazonaws.com/NAME.
    The stage auto-deploys: API Gateway deploys every change, a removed route included, as it is made
    (auto_deploy = false is refused: a deployment Terraform takes is made before Terraform deletes a
    removed route, so the route would stay served). logging_level is API Gateway's execution logging
    (OFF, ERROR, INFO); anything but OFF, and access logs, need the region's API Gateway CloudWatch Logs
    role (see cloudwatch_role_arn). data_trace logs whole messages: never for production data.
  EOT
  type = object({
    name             = optional(string, "prod")
    description      = optional(string)
    auto_deploy      = optional(bool, true)
    variables        = optional(map(string), {})
    detailed_metrics = optional(bool, false)
    logging_level    = optional(string, "ERROR")
    data_trace       = optional(bool, false)
  })
  default = {}

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,128}$", var.stage.name))
    error_message = "stage.name must be 1-128 letters, digits, hyphens and underscores ($default is an HTTP API stage)."
  }

  validation {
    condition     = var.stage.auto_deploy
    error_message = "stage.auto_deploy = false is not offered. A deployment Terraform makes is taken before Terraform deletes a route removed from var.routes, so the removed route would stay served; with auto_deploy API Gateway deploys every change, removals included, as it is made."
  }

  validation {
    condition     = contains(["OFF", "ERROR", "INFO"], var.stage.logging_level)
    error_message = "stage.logging_level must be OFF, ERROR or INFO."
  }

  validation {
    condition     = !var.stage.data_trace || var.stage.logging_level != "OFF"
    error_message = "stage.data_trace needs stage.logging_level ERROR or INFO: message data is written to the execution log."
  }

  validation {
    condition     = alltrue([for k, v in var.stage.variables : can(regex("^[A-Za-z0-9_]+$", k)) && can(regex("^[A-Za-z0-9-._~:/?#&=,]*$", v))])
    error_message = "stage.variables: names must be alphanumeric or underscore, and values may contain only letters, digits and - . _ ~ : / ? # & = , (API Gateway's rule)."
  }
}

################################################################################
# Connection table and the handlers' permissions
################################################################################

variable "connection_table" {
  description = <<-EOT
    The DynamoDB table where handlers keep the open connections (null: none, and the policy grants no
    table access). By default the module creates NAME-connections: on demand, key connectionId (S),
    TTL on ttl_attribute (epoch seconds), point-in-time recovery and server-side encryption on (the
    AWS managed key, or kms_key_arn). With create = false, arn names an existing table that the
    policy grants access to (its kms_key_arn, if a customer managed key encrypts it).
  EOT
  type = object({
    create              = optional(bool, true)
    name                = optional(string)
    arn                 = optional(string)
    ttl_attribute       = optional(string, "expiresAt")
    kms_key_arn         = optional(string)
    deletion_protection = optional(bool, false)
  })
  default = {}

  validation {
    condition     = var.connection_table == null || try(var.connection_table.create ? var.connection_table.arn == null : var.connection_table.arn != null, false)
    error_message = "connection_table: with create = true leave arn unset (the module creates the table); with create = false set arn to the existing table's ARN."
  }

  validation {
    condition     = var.connection_table == null || try(var.connection_table.arn == null || can(regex("^arn:aws[a-zA-Z-]*:dynamodb:[a-z0-9-]+:[0-9]{12}:table/[A-Za-z0-9_.-]{3,255}$", var.connection_table.arn)), false)
    error_message = "connection_table.arn must be a DynamoDB table ARN (arn:aws:dynamodb:REGION:ACCOUNT:table/NAME)."
  }

  validation {
    condition     = var.connection_table == null || try(var.connection_table.name == null || can(regex("^[A-Za-z0-9_.-]{3,255}$", var.connection_table.name)), false)
    error_message = "connection_table.name must be 3-255 letters, digits, underscores, hyphens or dots (DynamoDB's rule)."
  }

  validation {
    condition     = var.connection_table == null || try(can(regex("^[A-Za-z_][A-Za-z0-9_]{0,254}$", var.connection_table.ttl_attribute)) && var.connection_table.ttl_attribute != "connectionId", false)
    error_message = "connection_table.ttl_attribute must be an attribute name (letters, digits, underscores) other than the key connectionId."
  }

  validation {
    condition     = var.connection_table == null || try(var.connection_table.kms_key_arn == null || can(regex("^arn:aws[a-zA-Z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/", var.connection_table.kms_key_arn)), false)
    error_message = "connection_table.kms_key_arn must be a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID)."
  }
}

variable "policy_role_names" {
  description = "IAM roles (by name, keyed by a label of your choice, e.g. { chat = module.chat.role_name }) that get the handler policy: execute-api:ManageConnections on this stage's @connections and access to the connection table. The policy is also an output (handler_policy_json) to attach elsewhere."
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for n in values(var.policy_role_names) : can(regex("^[A-Za-z0-9+=,.@_-]{1,64}$", n))])
    error_message = "policy_role_names: values must be IAM role names (1-64 characters of letters, digits and +=,.@_-), not ARNs."
  }
}
