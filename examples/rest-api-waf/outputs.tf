output "hello_url" {
  description = "Try: curl \"<this>?name=Kim\"; then more than 100 requests a minute for a 429 from WAF."
  value       = "${module.api.stage_invoke_urls[var.stage_name]}/hello"
}

output "rest_api_id" {
  description = "ID of the REST API."
  value       = module.api.rest_api_id
}

output "stage_arn" {
  description = "ARN of the protected stage."
  value       = module.api.stage_arns[var.stage_name]
}

output "web_acl_arn" {
  description = "ARN of the web ACL."
  value       = module.waf.web_acl_arn
}

output "waf_log_group_name" {
  description = "Log group of the WAF logs (Authorization and Cookie redacted)."
  value       = module.waf.log_group_name
}

output "smoke_url" {
  description = "What the deploy workflow's smoke test GETs (must answer 2xx): the public greeting, through the web ACL."
  value       = "${module.api.stage_invoke_urls[var.stage_name]}/hello?name=smoke"
}
