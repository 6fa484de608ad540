locals {
  # Metric names per API type: REST reports 5XXError/4XXError, HTTP 5xx/4xx, WebSocket has
  # ExecutionError/ClientError (counts) and no end-to-end Latency metric.
  kinds = {
    REST = {
      "5xx"               = { metric = "5XXError", statistic = "Average", threshold = var.thresholds.error_5xx_rate }
      "4xx"               = { metric = "4XXError", statistic = "Average", threshold = var.thresholds.error_4xx_rate }
      latency             = { metric = "Latency", extended = "p99", threshold = var.thresholds.latency_p99_ms }
      integration_latency = { metric = "IntegrationLatency", extended = "p99", threshold = var.thresholds.integration_latency_p99_ms }
    }
    HTTP = {
      "5xx"               = { metric = "5xx", statistic = "Average", threshold = var.thresholds.error_5xx_rate }
      "4xx"               = { metric = "4xx", statistic = "Average", threshold = var.thresholds.error_4xx_rate }
      latency             = { metric = "Latency", extended = "p99", threshold = var.thresholds.latency_p99_ms }
      integration_latency = { metric = "IntegrationLatency", extended = "p99", threshold = var.thresholds.integration_latency_p99_ms }
    }
    WEBSOCKET = {
      "5xx"               = { metric = "ExecutionError", statistic = "Sum", threshold = var.thresholds.websocket_5xx_count }
      "4xx"               = { metric = "ClientError", statistic = "Sum", threshold = var.thresholds.websocket_4xx_count }
      integration_latency = { metric = "IntegrationLatency", extended = "p99", threshold = var.thresholds.integration_latency_p99_ms }
    }
  }[var.api_type]

  alarms = {
    for pair in setproduct(var.stages, keys(local.kinds)) : "${pair[0]}/${pair[1]}" => merge(local.kinds[pair[1]], {
      stage = pair[0]
      kind  = pair[1]
    })
  }

  api_dimension = var.api_type == "REST" ? { ApiName = var.api_name } : { ApiId = var.api_id }
}

resource "aws_cloudwatch_metric_alarm" "this" {
  for_each = local.alarms

  alarm_name          = "${var.name_prefix}-${replace(each.value.stage, "$", "")}-${each.value.kind}"
  alarm_description   = "API Gateway ${var.api_type} API ${coalesce(var.api_name, var.api_id, "?")}, stage ${each.value.stage}: ${each.value.metric} ${try(each.value.extended, each.value.statistic)} above ${each.value.threshold}."
  namespace           = "AWS/ApiGateway"
  metric_name         = each.value.metric
  dimensions          = merge(local.api_dimension, { Stage = each.value.stage })
  statistic           = try(each.value.statistic, null)
  extended_statistic  = try(each.value.extended, null)
  comparison_operator = "GreaterThanThreshold"
  threshold           = each.value.threshold
  period              = var.period
  evaluation_periods  = var.evaluation_periods
  datapoints_to_alarm = var.datapoints_to_alarm
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions
  ok_actions          = var.notify_ok ? var.alarm_actions : []
  tags                = var.tags

  lifecycle {
    precondition {
      condition     = var.api_type == "REST" ? var.api_name != null : var.api_id != null
      error_message = "REST API alarms need api_name (REST metrics are dimensioned by ApiName); HTTP and WebSocket alarms need api_id."
    }
    precondition {
      condition     = var.datapoints_to_alarm <= var.evaluation_periods
      error_message = "datapoints_to_alarm cannot exceed evaluation_periods."
    }
  }
}
