################################################################################
# Configuration and secrets: SSM SecureString parameters and Secrets Manager secrets under one KMS key
################################################################################

locals {
  has_config        = length(var.parameters) + length(var.secrets) > 0
  create_config_key = local.has_config && var.config_kms_key_arn == null
  config_key_arn    = local.create_config_key ? aws_kms_key.config[0].arn : var.config_kms_key_arn
}

resource "aws_kms_key" "config" {
  count = local.create_config_key ? 1 : 0

  description             = "Parameters and secrets of the Lambda function ${var.name}"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  tags                    = var.tags
  # The account's default key policy: the account's IAM policies decide who uses the key (the function's
  # role may decrypt through Parameter Store and Secrets Manager only, main.tf).
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "AccountIamPolicies"
      Effect    = "Allow"
      Principal = { AWS = "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root" }
      Action    = "kms:*"
      Resource  = "*"
    }]
  })
}

resource "aws_ssm_parameter" "this" {
  for_each = var.parameters

  name = "/${var.name}/${each.key}"
  type = "SecureString"
  # the key named here, not through local.config_key_arn: checkov's plan scan follows a reference to a resource,
  # not to a local, to see that an unknown key_id is a customer managed key (CKV_AWS_337, CKV_AWS_149 below)
  key_id = local.create_config_key ? aws_kms_key.config[0].arn : var.config_kms_key_arn
  value  = each.value
  tags   = var.tags
}

resource "aws_secretsmanager_secret" "this" {
  # checkov:skip=CKV2_AWS_57:rotation needs a rotation function that knows what the secret is for; set secrets[*].rotation_lambda_arn for it. Without one the value is put and rotated by its owner outside Terraform
  for_each = var.secrets

  name                    = "${var.name}/${each.key}"
  description             = each.value.description
  kms_key_id              = local.create_config_key ? aws_kms_key.config[0].arn : var.config_kms_key_arn
  recovery_window_in_days = each.value.recovery_window_in_days
  tags                    = var.tags
}

resource "aws_secretsmanager_secret_rotation" "this" {
  for_each = { for key, s in var.secrets : key => s if s.rotation_lambda_arn != null }

  secret_id           = aws_secretsmanager_secret.this[each.key].id
  rotation_lambda_arn = each.value.rotation_lambda_arn

  rotation_rules {
    automatically_after_days = 30
  }
}
