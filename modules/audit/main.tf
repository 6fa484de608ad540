locals {
  account   = data.aws_caller_identity.current.account_id
  partition = data.aws_partition.current.partition
  region    = data.aws_region.current.region

  # Known at plan: the bucket's and the trail's names are ours, and conditions below name them.
  bucket    = substr("${var.name}-audit-${local.account}-${local.region}", 0, 63)
  trail_arn = "arn:${local.partition}:cloudtrail:${local.region}:${local.account}:trail/${var.name}"

  archive = length(var.archive_log_groups) > 0
}

data "aws_partition" "current" {}

data "aws_region" "current" {}

data "aws_caller_identity" "current" {}

################################################################################
# The key: the bucket, the trail's log group and topic, the archive stream
################################################################################

resource "aws_kms_key" "this" {
  description             = "Audit trail ${var.name}: its bucket, log group, topic and archive"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  tags                    = var.tags

  # The account's IAM policies decide who uses the key; the services that encrypt for the trail may, only for it
  # (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html,
  # https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html).
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AccountIamPolicies"
        Effect    = "Allow"
        Principal = { AWS = "arn:${local.partition}:iam::${local.account}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "CloudTrailEncryptsItsLogs"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = ["kms:GenerateDataKey*", "kms:Decrypt"]
        Resource  = "*"
        Condition = {
          StringEquals = { "aws:SourceArn" = local.trail_arn }
        }
      },
      {
        Sid       = "CloudTrailDescribesTheKey"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = "kms:DescribeKey"
        Resource  = "*"
      },
      {
        Sid       = "CloudWatchLogsEncryptsTheTrailsGroup"
        Effect    = "Allow"
        Principal = { Service = "logs.${local.region}.amazonaws.com" }
        Action    = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]
        Resource  = "*"
        Condition = {
          ArnEquals = { "kms:EncryptionContext:aws:logs:arn" = "arn:${local.partition}:logs:${local.region}:${local.account}:log-group:/aws/cloudtrail/${var.name}" }
        }
      },
    ]
  })
}

################################################################################
# The bucket: versioned, Object Lock, KMS, private, logged, replicated, CloudTrail may write
################################################################################

resource "aws_s3_bucket" "this" {
  bucket              = local.bucket
  object_lock_enabled = true
  tags                = var.tags
}

resource "aws_s3_bucket_ownership_controls" "this" {
  bucket = aws_s3_bucket.this.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "this" {
  bucket                  = aws_s3_bucket.this.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_versioning" "this" {
  bucket = aws_s3_bucket.this.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_object_lock_configuration" "this" {
  bucket = aws_s3_bucket.this.id

  rule {
    default_retention {
      mode = var.object_lock.mode
      days = var.object_lock.days
    }
  }

  depends_on = [aws_s3_bucket_versioning.this]
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  bucket = aws_s3_bucket.this.id

  rule {
    bucket_key_enabled = true
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.this.arn
    }
  }
}

resource "aws_s3_bucket_logging" "this" {
  bucket        = aws_s3_bucket.this.id
  target_bucket = var.access_log_bucket
  target_prefix = "${local.bucket}/"
}

resource "aws_s3_bucket_lifecycle_configuration" "this" {
  bucket = aws_s3_bucket.this.id

  rule {
    id     = "archive"
    status = "Enabled"

    filter {}

    transition {
      days          = var.glacier_after_days
      storage_class = "GLACIER"
    }

    # a version replaced or deleted is kept as long as Object Lock keeps it, then expires
    noncurrent_version_expiration {
      noncurrent_days = var.object_lock.days
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }

  depends_on = [aws_s3_bucket_versioning.this]
}

# Object-level events go to EventBridge (free): rules there can watch for deletes of audit records.
resource "aws_s3_bucket_notification" "this" {
  bucket      = aws_s3_bucket.this.id
  eventbridge = true
}

data "aws_iam_policy_document" "bucket" {
  statement {
    sid     = "CloudTrailChecksTheAcl"
    actions = ["s3:GetBucketAcl"]
    principals {
      type        = "Service"
      identifiers = ["cloudtrail.amazonaws.com"]
    }
    resources = [aws_s3_bucket.this.arn]
    condition {
      test     = "StringEquals"
      variable = "aws:SourceArn"
      values   = [local.trail_arn]
    }
  }

  statement {
    sid     = "CloudTrailWritesItsLogs"
    actions = ["s3:PutObject"]
    principals {
      type        = "Service"
      identifiers = ["cloudtrail.amazonaws.com"]
    }
    resources = ["${aws_s3_bucket.this.arn}/cloudtrail/AWSLogs/${local.account}/*"]
    condition {
      test     = "StringEquals"
      variable = "s3:x-amz-acl"
      values   = ["bucket-owner-full-control"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceArn"
      values   = [local.trail_arn]
    }
  }

  statement {
    sid     = "HttpsOnly"
    effect  = "Deny"
    actions = ["s3:*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    resources = [aws_s3_bucket.this.arn, "${aws_s3_bucket.this.arn}/*"]
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "this" {
  bucket = aws_s3_bucket.this.id
  policy = data.aws_iam_policy_document.bucket.json

  # a public access block set in the same apply is in place first
  depends_on = [aws_s3_bucket_public_access_block.this]
}

################################################################################
# The roles services assume for the trail: one service each, held to this account or this trail
################################################################################

locals {
  roles = merge(
    {
      replication = { name = "${var.name}-audit-replication", service = "s3.amazonaws.com", condition = null }
      trail_logs = {
        name      = "${var.name}-cloudtrail-logs"
        service   = "cloudtrail.amazonaws.com"
        condition = { test = "StringEquals", variable = "aws:SourceArn", values = [local.trail_arn] }
      }
    },
    local.archive ? {
      archive = {
        name      = "${var.name}-audit-archive"
        service   = "firehose.amazonaws.com"
        condition = { test = "StringEquals", variable = "sts:ExternalId", values = [local.account] }
      }
      subscription = {
        name      = "${var.name}-audit-subscription"
        service   = "logs.${local.region}.amazonaws.com"
        condition = { test = "StringLike", variable = "aws:SourceArn", values = ["arn:${local.partition}:logs:${local.region}:${local.account}:*"] }
      }
    } : {},
  )
}

data "aws_iam_policy_document" "assume" {
  for_each = local.roles

  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = [each.value.service]
    }
    dynamic "condition" {
      for_each = each.value.condition == null ? [] : [each.value.condition]
      content {
        test     = condition.value.test
        variable = condition.value.variable
        values   = condition.value.values
      }
    }
  }
}

resource "aws_iam_role" "this" {
  for_each = local.roles

  name                 = each.value.name
  assume_role_policy   = data.aws_iam_policy_document.assume[each.key].json
  permissions_boundary = var.permissions_boundary
  tags                 = var.tags
}

################################################################################
# Cross-region replication of every object (with its Object Lock retention)
################################################################################

data "aws_iam_policy_document" "replication" {
  statement {
    sid       = "ReadTheSourceConfiguration"
    actions   = ["s3:GetReplicationConfiguration", "s3:ListBucket", "s3:GetObjectRetention", "s3:GetObjectLegalHold"]
    resources = [aws_s3_bucket.this.arn]
  }

  statement {
    sid       = "ReadTheSourceVersions"
    actions   = ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging", "s3:GetObjectRetention", "s3:GetObjectLegalHold"]
    resources = ["${aws_s3_bucket.this.arn}/*"]
  }

  statement {
    sid       = "WriteTheReplicas"
    actions   = ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags", "s3:ObjectOwnerOverrideToBucketOwner"]
    resources = ["${var.replication.destination_bucket_arn}/*"]
  }

  statement {
    sid       = "DecryptTheSource"
    actions   = ["kms:Decrypt"]
    resources = [aws_kms_key.this.arn]
    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["s3.${local.region}.amazonaws.com"]
    }
  }

  statement {
    sid       = "EncryptTheReplicas"
    actions   = ["kms:Encrypt", "kms:GenerateDataKey"]
    resources = [var.replication.destination_kms_key_arn]
  }
}

resource "aws_iam_role_policy" "replication" {
  name   = "${var.name}-audit-replication"
  role   = aws_iam_role.this["replication"].id
  policy = data.aws_iam_policy_document.replication.json
}

resource "aws_s3_bucket_replication_configuration" "this" {
  bucket = aws_s3_bucket.this.id
  role   = aws_iam_role.this["replication"].arn

  rule {
    id     = "everything"
    status = "Enabled"

    filter {}

    delete_marker_replication {
      status = "Enabled"
    }

    source_selection_criteria {
      sse_kms_encrypted_objects {
        status = "Enabled"
      }
    }

    destination {
      bucket        = var.replication.destination_bucket_arn
      storage_class = "STANDARD"
      encryption_configuration {
        replica_kms_key_id = var.replication.destination_kms_key_arn
      }
    }
  }

  # replication needs a versioned bucket and a role that may act
  depends_on = [aws_s3_bucket_versioning.this, aws_iam_role_policy.replication]
}

################################################################################
# The trail: management events (and Lambda invokes), to the bucket, CloudWatch Logs and a topic
################################################################################

resource "aws_cloudwatch_log_group" "trail" {
  name              = "/aws/cloudtrail/${var.name}"
  retention_in_days = var.log_retention_in_days
  kms_key_id        = aws_kms_key.this.arn
  tags              = var.tags
}

data "aws_iam_policy_document" "trail_logs" {
  statement {
    sid       = "WriteTheTrailsGroup"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.trail.arn}:log-stream:*"]
  }
}

resource "aws_iam_role_policy" "trail_logs" {
  name   = "${var.name}-cloudtrail-logs"
  role   = aws_iam_role.this["trail_logs"].id
  policy = data.aws_iam_policy_document.trail_logs.json
}

resource "aws_sns_topic" "trail" {
  name              = "${var.name}-cloudtrail"
  kms_master_key_id = aws_kms_key.this.arn
  tags              = var.tags
}

data "aws_iam_policy_document" "topic" {
  statement {
    sid     = "CloudTrailPublishes"
    actions = ["sns:Publish"]
    principals {
      type        = "Service"
      identifiers = ["cloudtrail.amazonaws.com"]
    }
    resources = [aws_sns_topic.trail.arn]
    condition {
      test     = "StringEquals"
      variable = "aws:SourceArn"
      values   = [local.trail_arn]
    }
  }
}

resource "aws_sns_topic_policy" "trail" {
  arn    = aws_sns_topic.trail.arn
  policy = data.aws_iam_policy_document.topic.json
}

resource "aws_cloudtrail" "this" {
  name                          = var.name
  s3_bucket_name                = aws_s3_bucket.this.id
  s3_key_prefix                 = "cloudtrail"
  kms_key_id                    = aws_kms_key.this.arn
  is_multi_region_trail         = true
  include_global_service_events = true
  enable_log_file_validation    = true
  enable_logging                = true
  cloud_watch_logs_group_arn    = "${aws_cloudwatch_log_group.trail.arn}:*"
  cloud_watch_logs_role_arn     = aws_iam_role.this["trail_logs"].arn
  sns_topic_name                = aws_sns_topic.trail.name
  tags                          = var.tags

  advanced_event_selector {
    name = "Management events"
    field_selector {
      field  = "eventCategory"
      equals = ["Management"]
    }
  }

  dynamic "advanced_event_selector" {
    for_each = var.lambda_data_events == null ? [] : [var.lambda_data_events]
    content {
      name = "Lambda invokes"
      field_selector {
        field  = "eventCategory"
        equals = ["Data"]
      }
      field_selector {
        field  = "resources.type"
        equals = ["AWS::Lambda::Function"]
      }
      dynamic "field_selector" {
        for_each = length(advanced_event_selector.value.function_arns) > 0 ? [advanced_event_selector.value.function_arns] : []
        content {
          field  = "resources.ARN"
          equals = field_selector.value
        }
      }
    }
  }

  # CreateTrail checks that the bucket's policy lets CloudTrail write, that it may use the key, publish to the
  # topic and write to the log group (InsufficientS3BucketPolicyException otherwise)
  depends_on = [aws_s3_bucket_policy.this, aws_sns_topic_policy.trail, aws_iam_role_policy.trail_logs]
}

################################################################################
# Archive: log groups -> subscription filters -> Firehose -> the bucket (access-logs/)
################################################################################

data "aws_iam_policy_document" "firehose" {
  count = local.archive ? 1 : 0

  statement {
    sid       = "FindTheBucket"
    actions   = ["s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"]
    resources = [aws_s3_bucket.this.arn]
  }

  statement {
    sid       = "WriteTheArchive"
    actions   = ["s3:PutObject", "s3:AbortMultipartUpload"]
    resources = ["${aws_s3_bucket.this.arn}/access-logs/*"]
  }

  statement {
    sid       = "EncryptTheArchive"
    actions   = ["kms:GenerateDataKey", "kms:Decrypt"]
    resources = [aws_kms_key.this.arn]
    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["s3.${local.region}.amazonaws.com"]
    }
  }
}

resource "aws_iam_role_policy" "firehose" {
  count = local.archive ? 1 : 0

  name   = "${var.name}-audit-archive"
  role   = aws_iam_role.this["archive"].id
  policy = data.aws_iam_policy_document.firehose[0].json
}

resource "aws_kinesis_firehose_delivery_stream" "archive" {
  count = local.archive ? 1 : 0

  name        = "${var.name}-audit-archive"
  destination = "extended_s3"
  tags        = var.tags

  server_side_encryption {
    enabled  = true
    key_type = "CUSTOMER_MANAGED_CMK"
    key_arn  = aws_kms_key.this.arn
  }

  extended_s3_configuration {
    role_arn            = aws_iam_role.this["archive"].arn
    bucket_arn          = aws_s3_bucket.this.arn
    prefix              = "access-logs/!{timestamp:yyyy/MM/dd}/"
    error_output_prefix = "access-logs-errors/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd}/"
    # CloudWatch Logs delivers gzip-compressed batches already
    compression_format = "UNCOMPRESSED"
    kms_key_arn        = aws_kms_key.this.arn
    buffering_size     = 5
    buffering_interval = 300
  }

  depends_on = [aws_iam_role_policy.firehose]
}

data "aws_iam_policy_document" "subscription" {
  count = local.archive ? 1 : 0

  statement {
    sid       = "SendToTheArchive"
    actions   = ["firehose:PutRecord", "firehose:PutRecordBatch"]
    resources = [aws_kinesis_firehose_delivery_stream.archive[0].arn]
  }
}

resource "aws_iam_role_policy" "subscription" {
  count = local.archive ? 1 : 0

  name   = "${var.name}-audit-subscription"
  role   = aws_iam_role.this["subscription"].id
  policy = data.aws_iam_policy_document.subscription[0].json
}

resource "aws_cloudwatch_log_subscription_filter" "archive" {
  for_each = var.archive_log_groups

  name            = "${var.name}-audit-archive"
  log_group_name  = each.value
  filter_pattern  = ""
  destination_arn = aws_kinesis_firehose_delivery_stream.archive[0].arn
  role_arn        = aws_iam_role.this["subscription"].arn

  # CloudWatch Logs sends a test record when the filter is created: the role may write first
  depends_on = [aws_iam_role_policy.subscription]
}
