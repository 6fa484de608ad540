output "alarm_arns" {
  description = "Alarm ARNs keyed by \"STAGE/KIND\" (KIND: 5xx, 4xx, latency, integration_latency)."
  value       = { for key, alarm in aws_cloudwatch_metric_alarm.this : key => alarm.arn }
}

output "alarm_names" {
  description = "Alarm names keyed by \"STAGE/KIND\" (the deploy workflow's canary step watches the 5xx one)."
  value       = { for key, alarm in aws_cloudwatch_metric_alarm.this : key => alarm.alarm_name }
}
