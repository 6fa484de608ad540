# Browser uploads straight to S3: POST /uploads (JWT) -> presign Lambda -> a presigned POST for one key
# under uploads/<caller's sub>/, which the browser then POSTs the file to. The function may only
# s3:PutObject under uploads/*; the bucket is private, versioned, encrypted and TLS-only.

locals {
  # every name of the example starts with name_prefix: the deploy pipeline's namespace, which its role may manage
  name          = "${var.name_prefix}${var.name}"
  bucket_name   = "${var.name_prefix}${var.bucket_name}"
  manifest      = jsondecode(file("${path.module}/../../build/lambda/manifest.json"))
  presign       = local.manifest.functions.presign
  upload_prefix = "uploads"
  issuer        = "https://${aws_cognito_user_pool.this.endpoint}"
}

################################################################################
# Identity: the user pool whose tokens the API accepts
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

resource "aws_cognito_user_pool_client" "web" {
  name                          = "${local.name}-web"
  user_pool_id                  = aws_cognito_user_pool.this.id
  generate_secret               = false
  explicit_auth_flows           = ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
  prevent_user_existence_errors = "ENABLED"
}

################################################################################
# Upload bucket: private, versioned, encrypted, TLS only, CORS for browser POSTs
################################################################################

resource "aws_s3_bucket" "uploads" {
  #checkov:skip=CKV_AWS_18:upload access is audited by CloudTrail data events; an access-log bucket would be one more bucket to secure
  #checkov:skip=CKV_AWS_144:cross-region replication of user uploads is an organisation's DR choice
  #checkov:skip=CKV2_AWS_62:nothing consumes upload events in this example
  #checkov:skip=CKV_AWS_145:SSE-S3 keeps presigned POSTs free of KMS permissions; use a KMS key if policy requires one
  bucket = local.bucket_name
}

resource "aws_s3_bucket_public_access_block" "uploads" {
  bucket                  = aws_s3_bucket.uploads.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "uploads" {
  bucket = aws_s3_bucket.uploads.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_versioning" "uploads" {
  bucket = aws_s3_bucket.uploads.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "uploads" {
  bucket = aws_s3_bucket.uploads.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "uploads" {
  bucket = aws_s3_bucket.uploads.id

  rule {
    id     = "expire-old-versions"
    status = "Enabled"
    filter {}
    noncurrent_version_expiration {
      noncurrent_days = 30
    }
    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }
}

resource "aws_s3_bucket_cors_configuration" "uploads" {
  bucket = aws_s3_bucket.uploads.id

  cors_rule {
    allowed_methods = ["POST"]
    allowed_origins = var.allowed_origins
    allowed_headers = ["content-type"]
    expose_headers  = ["ETag", "Location"]
    max_age_seconds = 3000
  }
}

data "aws_iam_policy_document" "uploads_tls_only" {
  statement {
    sid     = "DenyInsecureTransport"
    effect  = "Deny"
    actions = ["s3:*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    resources = [aws_s3_bucket.uploads.arn, "${aws_s3_bucket.uploads.arn}/*"]
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "uploads" {
  bucket = aws_s3_bucket.uploads.id
  policy = data.aws_iam_policy_document.uploads_tls_only.json

  # a bucket policy is refused while the public access block is being created
  depends_on = [aws_s3_bucket_public_access_block.uploads]
}

################################################################################
# Function: signs the POST with its own role, so the role bounds what a client can upload
################################################################################

module "presign" {
  source = "../../modules/lambda_function"

  permissions_boundary = var.permissions_boundary

  name         = "${local.name}-presign"
  description  = "Presigned S3 POST for one upload under ${local.upload_prefix}/"
  handler      = local.presign.handler
  runtime      = local.presign.runtime
  architecture = local.presign.architecture
  package = {
    filename         = "${path.module}/../../${local.presign.filename}"
    source_code_hash = local.presign.source_code_hash
  }
  environment = {
    UPLOAD_BUCKET         = local.bucket_name
    UPLOAD_PREFIX         = local.upload_prefix
    MAX_UPLOAD_BYTES      = tostring(var.max_upload_bytes)
    ALLOWED_CONTENT_TYPES = join(",", var.allowed_content_types)
    URL_EXPIRES_SECONDS   = tostring(var.url_expires_seconds)
  }
  policy_statements = [
    {
      sid       = "PutUploadsOnly"
      actions   = ["s3:PutObject"]
      resources = ["arn:aws:s3:::${local.bucket_name}/${local.upload_prefix}/*"]
    }
  ]
}

################################################################################
# API
################################################################################

module "api" {
  source = "../../modules/http_api"

  name        = local.name
  description = "Presigned browser uploads to S3"

  authorizers = {
    cognito = {
      type = "JWT"
      jwt = {
        issuer   = local.issuer
        audience = [aws_cognito_user_pool_client.web.id]
      }
    }
  }

  routes = {
    "POST /uploads" = {
      integration   = { function_arn = module.presign.alias_arn }
      authorization = { type = "JWT", authorizer = "cognito" }
      # a signed POST is cheap to ask for and each one lets a client write up to max_upload_bytes
      throttling = { burst_limit = 20, rate_limit = 10 }
    }
  }

  cors = {
    allow_origins = var.allowed_origins
    allow_methods = ["POST", "OPTIONS"]
    allow_headers = ["authorization", "content-type"]
  }
}
