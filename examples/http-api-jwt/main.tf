# A Cognito user pool issues JWTs; the HTTP API checks them three ways:
#   GET /me       JWT authorizer (any valid token of the app client)
#   GET /reports  JWT authorizer + the OAuth scope reports-api/read
#   GET /partner  Lambda REQUEST authorizer (lambda_src/authorizer: verifies the JWT itself)
#   GET /internal IAM (SigV4-signed callers with execute-api:Invoke)
#   POST /orders  JWT authorizer; idempotent by the Idempotency-Key header (lambda_src/orders)
# All routes answer with the hello function; an optional custom domain fronts the API.

locals {
  # every name of the example starts with name_prefix: the deploy pipeline's namespace, which its role may manage
  name       = "${var.name_prefix}${var.name}"
  manifest   = jsondecode(file("${path.module}/../../build/lambda/manifest.json"))
  hello      = local.manifest.functions.hello
  authorizer = local.manifest.functions.authorizer
  orders     = local.manifest.functions.orders
  issuer     = "https://${aws_cognito_user_pool.this.endpoint}"
}

################################################################################
# Identity: user pool, resource server with a scope, app client
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

resource "aws_cognito_user_pool_domain" "this" {
  domain       = local.name
  user_pool_id = aws_cognito_user_pool.this.id
}

resource "aws_cognito_resource_server" "reports" {
  identifier   = "reports-api"
  name         = "reports-api"
  user_pool_id = aws_cognito_user_pool.this.id

  scope {
    scope_name        = "read"
    scope_description = "Read reports"
  }
}

resource "aws_cognito_user_pool_client" "web" {
  name                                 = "${local.name}-web"
  user_pool_id                         = aws_cognito_user_pool.this.id
  generate_secret                      = false
  explicit_auth_flows                  = ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
  allowed_oauth_flows_user_pool_client = true
  allowed_oauth_flows                  = ["code"]
  allowed_oauth_scopes                 = concat(["openid", "email"], aws_cognito_resource_server.reports.scope_identifiers)
  callback_urls                        = var.callback_urls
  supported_identity_providers         = ["COGNITO"]
  prevent_user_existence_errors        = "ENABLED"
}

################################################################################
# Functions
################################################################################

module "hello" {
  source = "../../modules/lambda_function"

  permissions_boundary = var.permissions_boundary

  name         = "${local.name}-hello"
  handler      = local.hello.handler
  runtime      = local.hello.runtime
  architecture = local.hello.architecture
  package = {
    filename         = "${path.module}/../../${local.hello.filename}"
    source_code_hash = local.hello.source_code_hash
  }
}

module "authorizer" {
  source = "../../modules/lambda_function"

  permissions_boundary = var.permissions_boundary

  name         = "${local.name}-authorizer"
  description  = "Verifies bearer JWTs for GET /partner"
  handler      = local.authorizer.handler
  runtime      = local.authorizer.runtime
  architecture = local.authorizer.architecture
  package = {
    filename         = "${path.module}/../../${local.authorizer.filename}"
    source_code_hash = local.authorizer.source_code_hash
  }
  # The issuer and audience in Parameter Store (SecureString, the module's KMS key) and the partner's shared secret
  # for HS256 tokens in Secrets Manager, readable by this function only; their names reach it as
  # JWT_ISSUER_PARAMETER_NAME, JWT_AUDIENCE_PARAMETER_NAME and JWT_HMAC_SECRET_NAME. The secret's value is put
  # outside Terraform (aws secretsmanager put-secret-value); until it has one, HS256 tokens get a 500 and RS256
  # tokens of the issuer are verified as always.
  environment = {
    JWT_ALGORITHMS = "RS256,HS256"
  }
  parameters = {
    jwt_issuer   = coalesce(var.partner_issuer, local.issuer)
    jwt_audience = aws_cognito_user_pool_client.web.id
  }
  secrets = {
    jwt_hmac = { description = "Shared secret of the partner integration behind GET /partner: the HS256 key of its tokens" }
  }
}

################################################################################
# POST /orders: idempotent by the Idempotency-Key header (lambda_src/orders, Powertools idempotency)
################################################################################

resource "aws_dynamodb_table" "idempotency" {
  # checkov:skip=CKV_AWS_119:server_side_encryption enabled without a key ARN encrypts the table with the AWS managed key (aws/dynamodb); a customer managed key is an account's choice and would need KMS permissions on the function's role
  name         = "${local.name}-idempotency"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  attribute {
    name = "id"
    type = "S"
  }

  ttl {
    attribute_name = "expiration"
    enabled        = true
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled = true
  }
}

resource "aws_dynamodb_table" "orders" {
  # checkov:skip=CKV_AWS_119:server_side_encryption enabled without a key ARN encrypts the table with the AWS managed key (aws/dynamodb); a customer managed key is an account's choice and would need KMS permissions on the function's role
  name         = "${local.name}-orders"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "orderId"

  attribute {
    name = "orderId"
    type = "S"
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled = true
  }
}

module "orders" {
  source = "../../modules/lambda_function"

  permissions_boundary = var.permissions_boundary

  name         = "${local.name}-orders"
  description  = "Idempotent POST /orders (Idempotency-Key header)"
  handler      = local.orders.handler
  runtime      = local.orders.runtime
  architecture = local.orders.architecture
  package = {
    filename         = "${path.module}/../../${local.orders.filename}"
    source_code_hash = local.orders.source_code_hash
  }
  environment = {
    IDEMPOTENCY_TABLE = aws_dynamodb_table.idempotency.name
    ORDERS_TABLE      = aws_dynamodb_table.orders.name
  }
  policy_statements = [
    {
      sid       = "IdempotencyRecords"
      actions   = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"]
      resources = [aws_dynamodb_table.idempotency.arn]
    },
    {
      sid       = "WriteOrders"
      actions   = ["dynamodb:PutItem"]
      resources = [aws_dynamodb_table.orders.arn]
    },
  ]
}

################################################################################
# API
################################################################################

module "api" {
  source = "../../modules/http_api"

  name = local.name

  authorizers = {
    cognito = {
      type = "JWT"
      jwt = {
        issuer   = local.issuer
        audience = [aws_cognito_user_pool_client.web.id]
      }
    }
    partner = {
      type               = "REQUEST"
      function_arn       = module.authorizer.alias_arn
      result_ttl_seconds = 300
    }
  }

  routes = {
    "GET /me" = {
      integration   = { function_arn = module.hello.alias_arn }
      authorization = { type = "JWT", authorizer = "cognito" }
    }
    "GET /reports" = {
      integration   = { function_arn = module.hello.alias_arn }
      authorization = { type = "JWT", authorizer = "cognito", scopes = ["reports-api/read"] }
    }
    "GET /partner" = {
      integration   = { function_arn = module.hello.alias_arn }
      authorization = { type = "CUSTOM", authorizer = "partner" }
    }
    "POST /orders" = {
      integration   = { function_arn = module.orders.alias_arn }
      authorization = { type = "JWT", authorizer = "cognito" }
    }
    "GET /internal" = {
      integration   = { function_arn = module.hello.alias_arn }
      authorization = { type = "AWS_IAM" }
      throttling    = { burst_limit = 20, rate_limit = 10 }
    }
  }

  cors = {
    allow_origins = ["https://www.example.com"]
    allow_methods = ["GET", "OPTIONS"]
    allow_headers = ["authorization", "content-type"]
  }

  domain = var.domain == null ? null : {
    domain_name     = var.domain.domain_name
    certificate_arn = var.domain.certificate_arn
    route53_zone_id = var.domain.route53_zone_id
  }
  disable_execute_api_endpoint = var.domain != null
}
