output "web_acl_id" {
  description = "ID of the web ACL."
  value       = local.web_acl.id
}

output "web_acl_arn" {
  description = "ARN of the web ACL (web_acl_arn of associations made elsewhere)."
  value       = local.web_acl.arn
}

output "web_acl_name" {
  description = "Name of the web ACL."
  value       = local.web_acl.name
}

output "web_acl_capacity" {
  description = "Web ACL capacity units (WCU) the rules use; above 1500 AWS charges more per request."
  value       = local.web_acl.capacity
}

output "rule_names" {
  description = "Rule names by priority, in evaluation order."
  value       = [for r in sort([for r in local.rule_priorities : format("%010d %s", r.priority, r.name)]) : split(" ", r)[1]]
}

output "ip_set_arns" {
  description = "IP set ARNs by key of var.ip_sets."
  value       = local.ip_set_arns
}

output "ip_set_ids" {
  description = "IP set IDs by key of var.ip_sets."
  value       = { for name, s in aws_wafv2_ip_set.this : name => s.id }
}

output "log_group_name" {
  description = "Name of the log group WAF logs to (null with logging off or an existing destination_arn)."
  value       = try(aws_cloudwatch_log_group.this[0].name, null)
}

output "log_group_arn" {
  description = "ARN of the log destination (the created log group or destination_arn; null with logging off)."
  value       = var.logging.enabled ? (local.create_log_group ? aws_cloudwatch_log_group.this[0].arn : var.logging.destination_arn) : null
}

output "association_ids" {
  description = "Association IDs by key of var.associations."
  value       = { for name, a in aws_wafv2_web_acl_association.this : name => a.id }
}
