variable "name" {
  description = "Name of the trail, and prefix of the bucket, key, log group, topic, stream and roles."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{1,30}[a-z0-9]$", var.name))
    error_message = "name must be 3-32 lower-case letters, digits or hyphens, starting and ending with a letter or digit (it prefixes an S3 bucket name)."
  }
}

variable "object_lock" {
  description = "S3 Object Lock default retention of the bucket: mode GOVERNANCE (users with s3:BypassGovernanceRetention may delete early) or COMPLIANCE (nobody can, not even the account's root, until it expires), for `days`. Each object version is kept that long."
  type = object({
    mode = optional(string, "GOVERNANCE")
    days = optional(number, 365)
  })
  default = {}

  validation {
    condition     = contains(["GOVERNANCE", "COMPLIANCE"], var.object_lock.mode)
    error_message = "object_lock.mode must be GOVERNANCE or COMPLIANCE."
  }

  validation {
    condition     = var.object_lock.days >= 1 && var.object_lock.days <= 36500 && floor(var.object_lock.days) == var.object_lock.days
    error_message = "object_lock.days must be a whole number of days from 1 to 36500."
  }
}

variable "lambda_data_events" {
  description = "Also record Lambda Invoke data events (billed per event): for the functions listed (ARNs), or for every function of the account when the list is empty. null: management events only."
  type = object({
    function_arns = optional(list(string), [])
  })
  default = null

  validation {
    condition     = alltrue([for arn in try(var.lambda_data_events.function_arns, []) : can(regex("^arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:[0-9]{12}:function:[A-Za-z0-9_-]+$", arn))])
    error_message = "lambda_data_events.function_arns must be unqualified Lambda function ARNs (arn:aws:lambda:REGION:ACCOUNT:function:NAME)."
  }
}

variable "archive_log_groups" {
  description = "CloudWatch Logs groups to archive in the bucket, keyed by a name of your choice (e.g. an API's access-log groups: modules/http_api's access_log_group_names): a subscription filter sends every event to a Firehose stream that writes them, compressed, under access-logs/."
  type        = map(string)
  default     = {}
}

variable "access_log_bucket" {
  description = "Bucket that receives the S3 server access logs of the audit bucket (the account's access-log bucket; its policy must let logging.s3.amazonaws.com write). A bucket never logs to itself."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.access_log_bucket))
    error_message = "access_log_bucket must be an S3 bucket name."
  }
}

variable "replication" {
  description = "Cross-region replication of the audit bucket: the destination bucket's ARN (versioned, with Object Lock, in another region, its policy letting this module's replication role replicate) and the KMS key that encrypts the replicas there."
  type = object({
    destination_bucket_arn  = string
    destination_kms_key_arn = string
  })

  validation {
    condition     = can(regex("^arn:aws[a-zA-Z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.replication.destination_bucket_arn)) && can(regex("^arn:aws[a-zA-Z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/", var.replication.destination_kms_key_arn))
    error_message = "replication needs destination_bucket_arn (arn:aws:s3:::BUCKET) and destination_kms_key_arn (arn:aws:kms:REGION:ACCOUNT:key/ID)."
  }
}

variable "log_retention_in_days" {
  description = "Retention of the trail's CloudWatch Logs group (the bucket keeps the trail as long as Object Lock and the lifecycle say)."
  type        = number
  default     = 365

  validation {
    condition     = contains([365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_in_days)
    error_message = "log_retention_in_days must be at least a year, one of CloudWatch Logs' values: 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653."
  }
}

variable "glacier_after_days" {
  description = "Days after which objects move to S3 Glacier Flexible Retrieval (audit records are rarely read)."
  type        = number
  default     = 90

  validation {
    condition     = var.glacier_after_days >= 1
    error_message = "glacier_after_days must be at least 1."
  }
}

variable "tags" {
  description = "Tags for every resource that takes them."
  type        = map(string)
  default     = {}
}

variable "permissions_boundary" {
  description = "ARN of the IAM policy set as the permissions boundary of the roles this module creates, for CloudTrail's logs, replication, and the archive's Firehose and subscription (null: none). A deployer that may create roles only with a boundary needs it."
  type        = string
  default     = null

  validation {
    condition     = var.permissions_boundary == null || can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:policy/.+$", var.permissions_boundary))
    error_message = "permissions_boundary must be an IAM policy ARN: arn:aws:iam::<account id>:policy/<name>."
  }
}
