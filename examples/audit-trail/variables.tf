variable "region" {
  description = "AWS region to deploy to."
  type        = string
  default     = "ap-northeast-2"
}

variable "name" {
  description = "Name of the API and the trail, prefix of everything else."
  type        = string
  default     = "audit-demo"
}

variable "object_lock" {
  description = "Object Lock of the audit bucket: GOVERNANCE or COMPLIANCE, and the days each object version is kept."
  type = object({
    mode = optional(string, "GOVERNANCE")
    days = optional(number, 365)
  })
  default = {}
}

variable "access_log_bucket" {
  description = "The account's S3 access-log bucket (null: s3-access-logs-ACCOUNT-REGION, the name this example assumes an account keeps; it must exist and let logging.s3.amazonaws.com write)."
  type        = string
  default     = null
}

variable "replica" {
  description = "Where the audit bucket replicates to: a bucket in another region (versioned, Object Lock) and its KMS key. null: the bucket audit-replica-ACCOUNT-ap-northeast-1 with a placeholder key ARN, enough to plan and to apply offline; set both for a real apply."
  type = object({
    bucket_arn  = string
    kms_key_arn = string
  })
  default = null
}

variable "permissions_boundary" {
  description = "ARN of the IAM policy set as the permissions boundary of the trail's roles (null: none), for an account whose administrators may create roles only with one. The deploy pipeline never applies this example."
  type        = string
  default     = null

  validation {
    condition     = var.permissions_boundary == null || can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:policy/.+$", var.permissions_boundary))
    error_message = "permissions_boundary must be an IAM policy ARN: arn:aws:iam::<account id>:policy/<name>."
  }
}
