output "hello_url" {
  description = "Try: curl \"<this>?name=Kim\"."
  value       = "${module.api.stage_invoke_urls["$default"]}hello"
}

output "api_id" {
  description = "ID of the HTTP API."
  value       = module.api.api_id
}

output "smoke_url" {
  description = "What the deploy workflow's smoke test GETs (must answer 2xx)."
  value       = "${module.api.stage_invoke_urls["$default"]}hello?name=smoke"
}

output "lambda_deployments" {
  description = "What `make lambda-canary` deploys, by function: CodeDeploy application and group, alias, the version it serves and the latest published one."
  value = {
    hello = module.hello.deployment
  }
}

output "smoke_events" {
  description = "The event each function's new version must answer (statusCode below 400) before it takes more traffic."
  value = {
    hello = local.smoke_event
  }
}

output "alarm_names" {
  description = "The $default stage's alarms by kind; the 5xx and latency ones roll a deployment back."
  value       = module.alarms.alarm_names
}
