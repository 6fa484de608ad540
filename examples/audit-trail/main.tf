# An audit trail for an account running APIs (seed: 감사 - CloudTrail for configuration changes and invocations,
# access logs kept with S3 Object Lock): a multi-region CloudTrail trail of management events and Lambda invokes,
# into a versioned, Object-Lock bucket under a KMS key, replicated to another region; the HTTP API's access-log
# group is archived there too (subscription filter -> Firehose -> S3).
#
# The access-log bucket and the replica live outside this configuration, as an organisation keeps them: by default
# the names below, in the account the example is applied to.

data "aws_caller_identity" "current" {}

locals {
  account           = data.aws_caller_identity.current.account_id
  access_log_bucket = coalesce(var.access_log_bucket, "s3-access-logs-${local.account}-${var.region}")
  replica = coalesce(var.replica, {
    bucket_arn  = "arn:aws:s3:::audit-replica-${local.account}-ap-northeast-1"
    kms_key_arn = "arn:aws:kms:ap-northeast-1:${local.account}:key/00000000-0000-4000-8000-000000000000"
  })
}

module "api" {
  source = "../../modules/http_api"

  name        = var.name
  description = "An API whose access logs are archived with the audit trail"

  routes = {
    "GET /status" = {
      integration = { type = "http_proxy", uri = "https://status.example.com/status" }
      public      = true
    }
  }
}

module "audit" {
  source = "../../modules/audit"

  name                 = var.name
  object_lock          = var.object_lock
  permissions_boundary = var.permissions_boundary

  # every Lambda invoke of the account, beside the management events
  lambda_data_events = {}

  archive_log_groups = module.api.access_log_group_names
  access_log_bucket  = local.access_log_bucket
  replication = {
    destination_bucket_arn  = local.replica.bucket_arn
    destination_kms_key_arn = local.replica.kms_key_arn
  }
}
