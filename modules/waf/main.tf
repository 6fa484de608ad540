locals {
  # Every rule of the ACL, by name, with its priority: names and priorities must be unique.
  rule_priorities = concat(
    [for name, g in var.managed_rule_groups : { name = name, priority = g.priority }],
    [for name, r in var.rate_based_rules : { name = name, priority = r.priority }],
    [for name, s in var.ip_sets : { name = name, priority = s.priority } if s.action != null],
    [for name, g in var.geo_rules : { name = name, priority = g.priority }],
  )
  rules_by_priority    = { for r in local.rule_priorities : tostring(r.priority) => r.name... }
  duplicate_priorities = { for p, names in local.rules_by_priority : p => names if length(names) > 1 }
  rule_names           = [for r in local.rule_priorities : r.name]
  duplicate_rule_names = distinct([for n in local.rule_names : n if length([for m in local.rule_names : m if m == n]) > 1])

  ip_set_rules = { for name, s in var.ip_sets : name => s if s.action != null }

  # Custom responses that name a body: each key must exist in var.custom_response_bodies.
  response_body_keys = compact(concat(
    [try(var.default_block_response.body_key, null)],
    [for r in values(var.rate_based_rules) : try(r.response.body_key, null)],
    [for s in values(var.ip_sets) : try(s.response.body_key, null)],
    [for g in values(var.geo_rules) : try(g.response.body_key, null)],
  ))
  unknown_body_keys = [for k in local.response_body_keys : k if !contains(keys(var.custom_response_bodies), k)]

  # Scope-down conditions of each rate-based rule, in one shape: kind byte | ip | not_ip | geo.
  # One condition is the scope-down statement itself; several are ANDed.
  scope_down_conditions = {
    for name, r in var.rate_based_rules : name => r.scope_down == null ? [] : concat(
      [for m in r.scope_down.byte_matches : merge(m, { kind = "byte", ip_set = null, country_codes = null })],
      [for s in r.scope_down.ip_sets : { kind = "ip", ip_set = s, country_codes = null, field = null, header_name = null, positional_constraint = null, search_string = null, text_transformation = null }],
      [for s in r.scope_down.not_ip_sets : { kind = "not_ip", ip_set = s, country_codes = null, field = null, header_name = null, positional_constraint = null, search_string = null, text_transformation = null }],
      length(r.scope_down.country_codes) == 0 ? [] : [{ kind = "geo", ip_set = null, country_codes = r.scope_down.country_codes, field = null, header_name = null, positional_constraint = null, search_string = null, text_transformation = null }],
    )
  }

  # IP sets named in scope-down statements: a key of var.ip_sets, or the ARN of a set made elsewhere.
  scope_down_ip_sets = distinct(flatten([for conditions in values(local.scope_down_conditions) : [for c in conditions : c.ip_set if c.ip_set != null]]))
  unknown_ip_sets    = [for s in local.scope_down_ip_sets : s if !startswith(s, "arn:") && !contains(keys(var.ip_sets), s)]
  ip_set_arns        = { for name, s in aws_wafv2_ip_set.this : name => s.arn }

  metric_prefix = var.name

  # Headers never written to the logs: credentials and session cookies.
  redacted_headers = distinct(concat(["authorization", "cookie"], var.logging.redacted_headers))

  create_log_group = var.logging.enabled && var.logging.destination_arn == null
  log_group_name   = coalesce(var.logging.log_group_name, "aws-waf-logs-${var.name}")

  rest_stage_arn_pattern = "^arn:aws[a-zA-Z-]*:apigateway:[a-z0-9-]+::/restapis/[A-Za-z0-9]+/stages/[A-Za-z0-9_-]+$"
  http_stage_arn_pattern = "^arn:aws[a-zA-Z-]*:apigateway:[a-z0-9-]+::/apis/"
}

################################################################################
# IP sets
################################################################################

resource "aws_wafv2_ip_set" "this" {
  for_each = var.ip_sets

  name               = "${var.name}-${each.key}"
  description        = each.value.description
  scope              = "REGIONAL"
  ip_address_version = each.value.ip_address_version
  addresses          = each.value.addresses
  tags               = var.tags
}

################################################################################
# Web ACL
################################################################################

resource "aws_wafv2_web_acl" "this" {
  # checkov:skip=CKV_AWS_192: Log4j (Log4JRCE) protection is AWSManagedRulesKnownBadInputsRuleSet, in var.managed_rule_groups by default (tests/modules/test_waf.py asserts it); checkov cannot expand the dynamic rule blocks
  name        = var.name
  description = var.description
  scope       = "REGIONAL"
  tags        = var.tags

  default_action {
    dynamic "allow" {
      for_each = var.default_action == "allow" ? [1] : []
      content {}
    }
    dynamic "block" {
      for_each = var.default_action == "block" ? [1] : []
      content {
        dynamic "custom_response" {
          for_each = var.default_block_response == null ? [] : [var.default_block_response]
          content {
            response_code            = custom_response.value.response_code
            custom_response_body_key = custom_response.value.body_key
            dynamic "response_header" {
              for_each = custom_response.value.headers
              content {
                name  = response_header.key
                value = response_header.value
              }
            }
          }
        }
      }
    }
  }

  dynamic "custom_response_body" {
    for_each = var.custom_response_bodies
    content {
      key          = custom_response_body.key
      content      = custom_response_body.value.content
      content_type = custom_response_body.value.content_type
    }
  }

  association_config {
    request_body {
      api_gateway {
        default_size_inspection_limit = var.request_body_inspection_limit
      }
    }
  }

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = local.metric_prefix
    sampled_requests_enabled   = true
  }

  # ---------------------------------------------------------------- IP allow and block lists

  dynamic "rule" {
    for_each = local.ip_set_rules
    content {
      name     = rule.key
      priority = rule.value.priority

      action {
        dynamic "allow" {
          for_each = rule.value.action == "allow" ? [1] : []
          content {}
        }
        dynamic "count" {
          for_each = rule.value.action == "count" ? [1] : []
          content {}
        }
        dynamic "block" {
          for_each = rule.value.action == "block" ? [1] : []
          content {
            dynamic "custom_response" {
              for_each = rule.value.response == null ? [] : [rule.value.response]
              content {
                response_code            = custom_response.value.response_code
                custom_response_body_key = custom_response.value.body_key
                dynamic "response_header" {
                  for_each = custom_response.value.headers
                  content {
                    name  = response_header.key
                    value = response_header.value
                  }
                }
              }
            }
          }
        }
      }

      statement {
        ip_set_reference_statement {
          arn = aws_wafv2_ip_set.this[rule.key].arn
        }
      }

      visibility_config {
        cloudwatch_metrics_enabled = true
        metric_name                = substr("${local.metric_prefix}-${rule.key}", 0, 255)
        sampled_requests_enabled   = true
      }
    }
  }

  # ---------------------------------------------------------------- geographic rules

  dynamic "rule" {
    for_each = var.geo_rules
    content {
      name     = rule.key
      priority = rule.value.priority

      action {
        dynamic "allow" {
          for_each = rule.value.action == "allow" ? [1] : []
          content {}
        }
        dynamic "count" {
          for_each = rule.value.action == "count" ? [1] : []
          content {}
        }
        dynamic "block" {
          for_each = rule.value.action == "block" ? [1] : []
          content {
            dynamic "custom_response" {
              for_each = rule.value.response == null ? [] : [rule.value.response]
              content {
                response_code            = custom_response.value.response_code
                custom_response_body_key = custom_response.value.body_key
                dynamic "response_header" {
                  for_each = custom_response.value.headers
                  content {
                    name  = response_header.key
                    value = response_header.value
                  }
                }
              }
            }
          }
        }
      }

      statement {
        dynamic "geo_match_statement" {
          for_each = rule.value.negate ? [] : [rule.value.country_codes]
          content {
            country_codes = geo_match_statement.value
          }
        }
        dynamic "not_statement" {
          for_each = rule.value.negate ? [rule.value.country_codes] : []
          content {
            statement {
              geo_match_statement {
                country_codes = not_statement.value
              }
            }
          }
        }
      }

      visibility_config {
        cloudwatch_metrics_enabled = true
        metric_name                = substr("${local.metric_prefix}-${rule.key}", 0, 255)
        sampled_requests_enabled   = true
      }
    }
  }

  # ---------------------------------------------------------------- rate-based rules

  dynamic "rule" {
    for_each = var.rate_based_rules
    content {
      name     = rule.key
      priority = rule.value.priority

      action {
        dynamic "count" {
          for_each = rule.value.action == "count" ? [1] : []
          content {}
        }
        dynamic "captcha" {
          for_each = rule.value.action == "captcha" ? [1] : []
          content {}
        }
        dynamic "challenge" {
          for_each = rule.value.action == "challenge" ? [1] : []
          content {}
        }
        dynamic "block" {
          for_each = rule.value.action == "block" ? [1] : []
          content {
            dynamic "custom_response" {
              for_each = rule.value.response == null ? [] : [rule.value.response]
              content {
                response_code            = custom_response.value.response_code
                custom_response_body_key = custom_response.value.body_key
                dynamic "response_header" {
                  for_each = custom_response.value.headers
                  content {
                    name  = response_header.key
                    value = response_header.value
                  }
                }
              }
            }
          }
        }
      }

      statement {
        rate_based_statement {
          limit                 = rule.value.limit
          evaluation_window_sec = rule.value.evaluation_window_sec
          aggregate_key_type    = rule.value.aggregate_key_type

          dynamic "forwarded_ip_config" {
            for_each = rule.value.forwarded_ip_config == null ? [] : [rule.value.forwarded_ip_config]
            content {
              header_name       = forwarded_ip_config.value.header_name
              fallback_behavior = forwarded_ip_config.value.fallback_behavior
            }
          }

          dynamic "custom_key" {
            for_each = rule.value.custom_keys
            content {
              dynamic "ip" {
                for_each = custom_key.value.type == "ip" ? [1] : []
                content {}
              }
              dynamic "forwarded_ip" {
                for_each = custom_key.value.type == "forwarded_ip" ? [1] : []
                content {}
              }
              dynamic "http_method" {
                for_each = custom_key.value.type == "http_method" ? [1] : []
                content {}
              }
              dynamic "label_namespace" {
                for_each = custom_key.value.type == "label_namespace" ? [custom_key.value] : []
                content {
                  namespace = label_namespace.value.name
                }
              }
              dynamic "header" {
                for_each = custom_key.value.type == "header" ? [custom_key.value] : []
                content {
                  name = header.value.name
                  text_transformation {
                    priority = 0
                    type     = header.value.text_transformation
                  }
                }
              }
              dynamic "cookie" {
                for_each = custom_key.value.type == "cookie" ? [custom_key.value] : []
                content {
                  name = cookie.value.name
                  text_transformation {
                    priority = 0
                    type     = cookie.value.text_transformation
                  }
                }
              }
              dynamic "query_argument" {
                for_each = custom_key.value.type == "query_argument" ? [custom_key.value] : []
                content {
                  name = query_argument.value.name
                  text_transformation {
                    priority = 0
                    type     = query_argument.value.text_transformation
                  }
                }
              }
              dynamic "query_string" {
                for_each = custom_key.value.type == "query_string" ? [custom_key.value] : []
                content {
                  text_transformation {
                    priority = 0
                    type     = query_string.value.text_transformation
                  }
                }
              }
              dynamic "uri_path" {
                for_each = custom_key.value.type == "uri_path" ? [custom_key.value] : []
                content {
                  text_transformation {
                    priority = 0
                    type     = uri_path.value.text_transformation
                  }
                }
              }
            }
          }

          # One condition: the statement itself (a not_statement for not_ip).
          # Several: an and_statement holding one statement per condition.
          dynamic "scope_down_statement" {
            for_each = length(local.scope_down_conditions[rule.key]) == 0 ? [] : [local.scope_down_conditions[rule.key]]
            content {
              dynamic "byte_match_statement" {
                for_each = length(scope_down_statement.value) == 1 && scope_down_statement.value[0].kind == "byte" ? scope_down_statement.value : []
                content {
                  search_string         = byte_match_statement.value.search_string
                  positional_constraint = byte_match_statement.value.positional_constraint
                  field_to_match {
                    dynamic "uri_path" {
                      for_each = byte_match_statement.value.field == "uri_path" ? [1] : []
                      content {}
                    }
                    dynamic "query_string" {
                      for_each = byte_match_statement.value.field == "query_string" ? [1] : []
                      content {}
                    }
                    dynamic "method" {
                      for_each = byte_match_statement.value.field == "method" ? [1] : []
                      content {}
                    }
                    dynamic "single_header" {
                      for_each = byte_match_statement.value.field == "single_header" ? [lower(byte_match_statement.value.header_name)] : []
                      content {
                        name = single_header.value
                      }
                    }
                  }
                  text_transformation {
                    priority = 0
                    type     = byte_match_statement.value.text_transformation
                  }
                }
              }
              dynamic "ip_set_reference_statement" {
                for_each = length(scope_down_statement.value) == 1 && scope_down_statement.value[0].kind == "ip" ? scope_down_statement.value : []
                content {
                  arn = lookup(local.ip_set_arns, ip_set_reference_statement.value.ip_set, ip_set_reference_statement.value.ip_set)
                }
              }
              dynamic "geo_match_statement" {
                for_each = length(scope_down_statement.value) == 1 && scope_down_statement.value[0].kind == "geo" ? scope_down_statement.value : []
                content {
                  country_codes = geo_match_statement.value.country_codes
                }
              }
              dynamic "not_statement" {
                for_each = length(scope_down_statement.value) == 1 && scope_down_statement.value[0].kind == "not_ip" ? scope_down_statement.value : []
                content {
                  statement {
                    ip_set_reference_statement {
                      arn = lookup(local.ip_set_arns, not_statement.value.ip_set, not_statement.value.ip_set)
                    }
                  }
                }
              }

              dynamic "and_statement" {
                for_each = length(scope_down_statement.value) > 1 ? [scope_down_statement.value] : []
                content {
                  dynamic "statement" {
                    for_each = and_statement.value
                    content {
                      dynamic "byte_match_statement" {
                        for_each = statement.value.kind == "byte" ? [statement.value] : []
                        content {
                          search_string         = byte_match_statement.value.search_string
                          positional_constraint = byte_match_statement.value.positional_constraint
                          field_to_match {
                            dynamic "uri_path" {
                              for_each = byte_match_statement.value.field == "uri_path" ? [1] : []
                              content {}
                            }
                            dynamic "query_string" {
                              for_each = byte_match_statement.value.field == "query_string" ? [1] : []
                              content {}
                            }
                            dynamic "method" {
                              for_each = byte_match_statement.value.field == "method" ? [1] : []
                              content {}
                            }
                            dynamic "single_header" {
                              for_each = byte_match_statement.value.field == "single_header" ? [lower(byte_match_statement.value.header_name)] : []
                              content {
                                name = single_header.value
                              }
                            }
                          }
                          text_transformation {
                            priority = 0
                            type     = byte_match_statement.value.text_transformation
                          }
                        }
                      }
                      dynamic "ip_set_reference_statement" {
                        for_each = statement.value.kind == "ip" ? [statement.value] : []
                        content {
                          arn = lookup(local.ip_set_arns, ip_set_reference_statement.value.ip_set, ip_set_reference_statement.value.ip_set)
                        }
                      }
                      dynamic "geo_match_statement" {
                        for_each = statement.value.kind == "geo" ? [statement.value] : []
                        content {
                          country_codes = geo_match_statement.value.country_codes
                        }
                      }
                      dynamic "not_statement" {
                        for_each = statement.value.kind == "not_ip" ? [statement.value] : []
                        content {
                          statement {
                            ip_set_reference_statement {
                              arn = lookup(local.ip_set_arns, not_statement.value.ip_set, not_statement.value.ip_set)
                            }
                          }
                        }
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }

      visibility_config {
        cloudwatch_metrics_enabled = true
        metric_name                = substr("${local.metric_prefix}-${rule.key}", 0, 255)
        sampled_requests_enabled   = true
      }
    }
  }

  # ---------------------------------------------------------------- AWS managed rule groups

  dynamic "rule" {
    for_each = var.managed_rule_groups
    content {
      name     = rule.key
      priority = rule.value.priority

      override_action {
        dynamic "none" {
          for_each = rule.value.override_action == "none" ? [1] : []
          content {}
        }
        dynamic "count" {
          for_each = rule.value.override_action == "count" ? [1] : []
          content {}
        }
      }

      statement {
        managed_rule_group_statement {
          vendor_name = "AWS"
          name        = rule.key
          version     = rule.value.version

          dynamic "rule_action_override" {
            for_each = rule.value.rule_action_overrides
            content {
              name = rule_action_override.key
              action_to_use {
                dynamic "allow" {
                  for_each = rule_action_override.value == "allow" ? [1] : []
                  content {}
                }
                dynamic "block" {
                  for_each = rule_action_override.value == "block" ? [1] : []
                  content {}
                }
                dynamic "count" {
                  for_each = rule_action_override.value == "count" ? [1] : []
                  content {}
                }
                dynamic "captcha" {
                  for_each = rule_action_override.value == "captcha" ? [1] : []
                  content {}
                }
                dynamic "challenge" {
                  for_each = rule_action_override.value == "challenge" ? [1] : []
                  content {}
                }
              }
            }
          }
        }
      }

      visibility_config {
        cloudwatch_metrics_enabled = true
        metric_name                = substr("${local.metric_prefix}-${rule.key}", 0, 255)
        sampled_requests_enabled   = true
      }
    }
  }

  lifecycle {
    precondition {
      condition     = length(local.duplicate_priorities) == 0
      error_message = "Rule priorities must be unique across managed_rule_groups, rate_based_rules, ip_sets and geo_rules; used more than once (priority => rules): ${jsonencode(local.duplicate_priorities)}."
    }
    precondition {
      condition     = length(local.duplicate_rule_names) == 0
      error_message = "Rule names must be unique across managed_rule_groups, rate_based_rules, ip_sets and geo_rules (the keys name the rules); used more than once: ${jsonencode(local.duplicate_rule_names)}."
    }
    precondition {
      condition     = length(local.unknown_body_keys) == 0
      error_message = "A custom response names a body_key that custom_response_bodies does not define: ${jsonencode(local.unknown_body_keys)}. Defined: ${jsonencode(keys(var.custom_response_bodies))}."
    }
    precondition {
      condition     = length(local.unknown_ip_sets) == 0
      error_message = "A rate-based rule's scope_down names IP sets that are neither keys of var.ip_sets nor IP set ARNs: ${jsonencode(local.unknown_ip_sets)}. Defined: ${jsonencode(keys(var.ip_sets))}."
    }
    precondition {
      condition     = var.default_block_response == null || var.default_action == "block"
      error_message = "default_block_response applies only with default_action = \"block\"."
    }
  }
}

locals {
  # What the outputs and associations read of the web ACL, read through one reference: Terraform decodes the
  # ACL's whole value at every reference to it, and its rule statements nest three levels deep as the provider
  # declares them (~19,500 schema nodes), so each reference costs several percent of the plan.
  web_acl = {
    id       = aws_wafv2_web_acl.this.id
    arn      = aws_wafv2_web_acl.this.arn
    name     = aws_wafv2_web_acl.this.name
    capacity = aws_wafv2_web_acl.this.capacity
  }
}

################################################################################
# Logging: CloudWatch Logs, credentials redacted
################################################################################

resource "aws_cloudwatch_log_group" "this" {
  # checkov:skip=CKV_AWS_158:a customer managed key is optional (logging.kms_key_arn); without one CloudWatch Logs encrypts the group with its own keys
  count = local.create_log_group ? 1 : 0

  # AWS WAF delivers only to log groups named aws-waf-logs-*; it adds the log delivery resource
  # policy to the account when logging is enabled.
  name              = local.log_group_name
  retention_in_days = var.logging.retention_in_days
  kms_key_id        = var.logging.kms_key_arn
  tags              = var.tags
}

resource "aws_wafv2_web_acl_logging_configuration" "this" {
  count = var.logging.enabled ? 1 : 0

  resource_arn            = aws_wafv2_web_acl.this.arn # direct: checkov's CKV2_AWS_31 follows this edge
  log_destination_configs = [local.create_log_group ? aws_cloudwatch_log_group.this[0].arn : var.logging.destination_arn]

  dynamic "redacted_fields" {
    for_each = local.redacted_headers
    content {
      single_header {
        name = redacted_fields.value
      }
    }
  }

  dynamic "redacted_fields" {
    for_each = var.logging.redact_query_string ? [1] : []
    content {
      query_string {}
    }
  }

  dynamic "logging_filter" {
    for_each = var.logging.filter == null ? [] : [var.logging.filter]
    content {
      default_behavior = logging_filter.value.default_behavior

      dynamic "filter" {
        for_each = logging_filter.value.filters
        content {
          behavior    = filter.value.behavior
          requirement = filter.value.requirement

          dynamic "condition" {
            for_each = filter.value.actions
            content {
              action_condition {
                action = condition.value
              }
            }
          }
          dynamic "condition" {
            for_each = filter.value.labels
            content {
              label_name_condition {
                label_name = condition.value
              }
            }
          }
        }
      }
    }
  }
}

################################################################################
# Associations: REST API stages only
################################################################################

resource "aws_wafv2_web_acl_association" "this" {
  for_each = var.associations

  resource_arn = each.value
  web_acl_arn  = local.web_acl.arn

  lifecycle {
    # An ARN known at plan is checked at plan; one created in the same apply (unknown at plan)
    # makes can() unknown, and the check runs when the value is known, before the association.
    precondition {
      condition     = !can(regex(local.http_stage_arn_pattern, each.value))
      error_message = "associations[\"${each.key}\"] is an HTTP API or WebSocket API stage (arn:aws:apigateway:REGION::/apis/ID/stages/NAME). AWS WAF cannot be associated with HTTP APIs or WebSocket APIs; only REST API stages (arn:aws:apigateway:REGION::/restapis/ID/stages/NAME) can be protected. Use a REST API, or put CloudFront with a CLOUDFRONT-scope web ACL in front of the HTTP API."
    }
    precondition {
      condition     = can(regex(local.rest_stage_arn_pattern, each.value)) || can(regex(local.http_stage_arn_pattern, each.value))
      error_message = "associations[\"${each.key}\"] must be a REST API stage ARN, arn:aws:apigateway:REGION::/restapis/API_ID/stages/STAGE (the arn attribute of aws_api_gateway_stage)."
    }
  }
}
