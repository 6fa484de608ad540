# A chat over an API Gateway WebSocket API:
#   $connect     Lambda REQUEST authorizer (lambda_src/authorizer verifies a Cognito JWT from ?token=…),
#                then the chat function stores the connection (connection id, user, expiry) in DynamoDB
#   $disconnect  the chat function deletes the row
#   sendmessage  {"action":"sendmessage","message":"hi"}: the chat function posts the message to every live
#                connection through @connections and deletes the ones that answer 410 Gone
#   $default     anything else: a help frame, or an error frame for a malformed message
# One function (lambda_src/chat) serves the four routes; the module's policy lets it push to this stage's
# @connections and use the connection table, and nothing more.

locals {
  # every name of the example starts with name_prefix: the deploy pipeline's namespace, which its role may manage
  name       = "${var.name_prefix}${var.name}"
  manifest   = jsondecode(file("${path.module}/../../build/lambda/manifest.json"))
  chat       = local.manifest.functions.chat
  authorizer = local.manifest.functions.authorizer
  issuer     = "https://${aws_cognito_user_pool.this.endpoint}"
}

################################################################################
# Identity: the user pool whose tokens open a connection
################################################################################

resource "aws_cognito_user_pool" "this" {
  name                     = local.name
  auto_verified_attributes = ["email"]
  username_attributes      = ["email"]
  mfa_configuration        = "OPTIONAL"

  software_token_mfa_configuration {
    enabled = true
  }

  password_policy {
    minimum_length    = 12
    require_lowercase = true
    require_uppercase = true
    require_numbers   = true
    require_symbols   = true
  }
}

resource "aws_cognito_user_pool_client" "cli" {
  name         = "${local.name}-cli"
  user_pool_id = aws_cognito_user_pool.this.id
  # admin-initiate-auth (an operator with IAM credentials fetches a token for the README's wscat session)
  explicit_auth_flows           = ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
  generate_secret               = false
  prevent_user_existence_errors = "ENABLED"
}

################################################################################
# Functions
################################################################################

module "authorizer" {
  source = "../../modules/lambda_function"

  permissions_boundary = var.permissions_boundary

  name         = "${local.name}-authorizer"
  description  = "Verifies the Cognito JWT of a WebSocket connection request"
  handler      = local.authorizer.handler
  runtime      = local.authorizer.runtime
  architecture = local.authorizer.architecture
  package = {
    filename         = "${path.module}/../../${local.authorizer.filename}"
    source_code_hash = local.authorizer.source_code_hash
  }
  environment = {
    TOKEN_QUERY_PARAMETER = "token" # browsers' WebSockets cannot send headers: the JWT comes as ?token=
  }
  # the issuer and audience the authorizer accepts, in Parameter Store (named in JWT_ISSUER_PARAMETER_NAME and
  # JWT_AUDIENCE_PARAMETER_NAME)
  parameters = {
    jwt_issuer   = local.issuer
    jwt_audience = aws_cognito_user_pool_client.cli.id
  }
}

module "chat" {
  source = "../../modules/lambda_function"

  permissions_boundary = var.permissions_boundary

  name         = "${local.name}-handler"
  description  = "WebSocket chat: $connect, $disconnect, $default, sendmessage"
  handler      = local.chat.handler
  runtime      = local.chat.runtime
  architecture = local.chat.architecture
  package = {
    filename         = "${path.module}/../../${local.chat.filename}"
    source_code_hash = local.chat.source_code_hash
  }
  # A broadcast may outlast API Gateway's 29 s integration timeout; the client is not kept waiting for it.
  timeout = 60
  environment = {
    CONNECTIONS_TABLE        = module.websocket.connection_table_name
    CONNECTION_TTL_ATTRIBUTE = module.websocket.connection_ttl_attribute
    # MANAGEMENT_ENDPOINT is left unset: the function posts to the stage each event came through.
  }
}

################################################################################
# WebSocket API, connection table, and the chat function's @connections policy
################################################################################

module "websocket" {
  source = "../../modules/websocket_api"

  name        = local.name
  description = "Chat over WebSocket"

  authorizers = {
    token = {
      function_arn     = module.authorizer.alias_arn
      identity_sources = ["route.request.querystring.token"]
    }
  }

  routes = {
    "$connect" = {
      integration   = { function_arn = module.chat.alias_arn }
      authorization = { type = "CUSTOM", authorizer = "token" }
    }
    "$disconnect" = {
      integration = { function_arn = module.chat.alias_arn }
    }
    "$default" = {
      integration = { function_arn = module.chat.alias_arn }
    }
    sendmessage = {
      integration = { function_arn = module.chat.alias_arn }
      # each message fans out to every connection: keep the rate of broadcasts modest
      throttling = { burst_limit = 50, rate_limit = 20 }
    }
  }

  stage = {
    name          = var.stage_name
    logging_level = var.cloudwatch_role_arn != null ? var.execution_logging_level : "OFF"
  }

  # WebSocket stages log only through the region's API Gateway CloudWatch role (examples/account-settings)
  cloudwatch_role_arn = var.cloudwatch_role_arn
  access_logs         = { enabled = var.cloudwatch_role_arn != null }

  policy_role_names = {
    chat = module.chat.role_name
  }
}
