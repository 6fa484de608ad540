output "trail_arn" {
  description = "The trail."
  value       = module.audit.trail_arn
}

output "bucket_name" {
  description = "The audit bucket: cloudtrail/ and access-logs/."
  value       = module.audit.bucket_name
}

output "status_url" {
  description = "GET it to make an access-log line that ends up in the archive."
  value       = "${module.api.stage_invoke_urls["$default"]}status"
}

output "replication_role_arn" {
  description = "Let this role replicate into the replica bucket (its bucket policy) and encrypt with the replica's key."
  value       = module.audit.replication_role_arn
}
