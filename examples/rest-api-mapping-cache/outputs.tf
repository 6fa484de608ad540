output "sum_url" {
  description = "Try: curl -X POST -H \"x-api-key: $(terraform output -raw api_key_value)\" -H 'Content-Type: application/json' -d '{\"a\": 1, \"b\": 2}' <this>"
  value       = "${module.api.stage_invoke_urls["prod"]}/sum"
}

output "stage_invoke_urls" {
  description = "Invoke URL of each stage."
  value       = module.api.stage_invoke_urls
}

output "rest_api_id" {
  description = "ID of the REST API."
  value       = module.api.rest_api_id
}

output "api_key_id" {
  description = "ID of the demo API key."
  value       = module.api.api_key_ids["demo"]
}

output "api_key_value" {
  description = "Value of the demo API key (sensitive: terraform output -raw api_key_value)."
  value       = module.api.api_key_values["demo"]
  sensitive   = true
}

output "smoke_url" {
  description = "A URL that answers 200 without an API key (GET /health on prod), for the deploy workflow's smoke test."
  value       = "${module.api.stage_invoke_urls["prod"]}/health"
}

output "canary" {
  description = "What the deploy workflow's canary step promotes or rolls back: the API, the stage, the 5XX alarm that gates promotion, and the releases (the one the stage serves; the canary's, null when there is none now)."
  value = {
    rest_api_id = module.api.rest_api_id
    stage       = "prod"
    alarm_name  = aws_cloudwatch_metric_alarm.prod_5xx.alarm_name
    releases    = module.api.canary_releases["prod"]
  }
}

output "function_name" {
  description = "The sum function."
  value       = module.sum.function_name
}
