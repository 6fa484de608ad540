output "trail_arn" {
  description = "ARN of the trail."
  value       = aws_cloudtrail.this.arn
}

output "bucket_name" {
  description = "The audit bucket (cloudtrail/ holds the trail, access-logs/ the archived log groups)."
  value       = aws_s3_bucket.this.id
}

output "bucket_arn" {
  description = "ARN of the audit bucket."
  value       = aws_s3_bucket.this.arn
}

output "kms_key_arn" {
  description = "The key that encrypts the bucket, the trail's log group and topic, and the archive stream."
  value       = aws_kms_key.this.arn
}

output "log_group_name" {
  description = "The trail's CloudWatch Logs group (metric filters and alarms on API calls go here)."
  value       = aws_cloudwatch_log_group.trail.name
}

output "topic_arn" {
  description = "SNS topic the trail notifies of each log file it delivers."
  value       = aws_sns_topic.trail.arn
}

output "replication_role_arn" {
  description = "The role S3 replicates with: the destination bucket's policy must let it replicate, and the destination key let it encrypt."
  value       = aws_iam_role.this["replication"].arn
}

output "archive_stream_arn" {
  description = "The Firehose stream that archives the log groups (null without archive_log_groups)."
  value       = try(aws_kinesis_firehose_delivery_stream.archive[0].arn, null)
}
