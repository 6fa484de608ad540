output "hello_url" {
  description = "Try: curl \"<this>?name=Kim\"."
  value       = "${module.api.stage_invoke_urls["$default"]}hello"
}

output "api_id" {
  description = "ID of the HTTP API."
  value       = module.api.api_id
}

output "function_name" {
  description = "The hello function."
  value       = module.hello.function_name
}

output "smoke_url" {
  description = "What the deploy workflow's smoke test GETs (must answer 2xx)."
  value       = "${module.api.stage_invoke_urls["$default"]}hello?name=smoke"
}

output "alarm_topic_arn" {
  description = "SNS topic the API's alarms notify: subscribe to it."
  value       = aws_sns_topic.alerts.arn
}
