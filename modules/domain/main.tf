# One custom domain in front of several APIs: its TLS policy, API mappings (REST base path mappings and HTTP API
# mappings), routing rules (by header and base path, to REST API stages), the routing mode between the two, and for a
# PRIVATE domain its policy and VPC endpoint associations. The TLS inputs, the policy table (local.tls_policies) and
# the private domain's policy and associations are in stage_inputs.tf, generated from
# modules/_shared/stage_inputs.tf.tmpl and shared with rest_api (the table with http_api too).

locals {
  private = var.endpoint_type == "PRIVATE"
  # its policy and VPC endpoint associations: stage_inputs.tf (private_domain)
  private_domain     = local.private
  private_domain_arn = aws_api_gateway_domain_name.this.arn
  rest_maps          = { for path, m in var.mappings : path => m if m.api_type == "REST" }
  http_maps          = { for path, m in var.mappings : path => m if m.api_type == "HTTP" }
  legacy_only        = var.mutual_tls != null || length(local.http_maps) > 0
  policy             = coalesce(var.security_policy, local.legacy_only ? "TLS_1_2" : local.tls_policies[var.endpoint_type][0])
  enhanced           = startswith(local.policy, "SecurityPolicy_")
  ip_addresses       = local.private ? "dualstack" : var.ip_address_type

  # "You must set a routing mode for your custom domain name to route traffic to your APIs"; with the inputs deciding:
  # https://docs.aws.amazon.com/apigateway/latest/developerguide/set-routing-mode.html
  routing_mode = coalesce(var.routing_mode, (
    length(var.routing_rules) == 0 ? "BASE_PATH_MAPPING_ONLY" :
    length(var.mappings) == 0 ? "ROUTING_RULE_ONLY" : "ROUTING_RULE_THEN_BASE_PATH_MAPPING"
  ))

  target_domain_name = var.endpoint_type == "EDGE" ? aws_api_gateway_domain_name.this.cloudfront_domain_name : aws_api_gateway_domain_name.this.regional_domain_name
  target_zone_id     = var.endpoint_type == "EDGE" ? aws_api_gateway_domain_name.this.cloudfront_zone_id : aws_api_gateway_domain_name.this.regional_zone_id
}

resource "aws_api_gateway_domain_name" "this" {
  domain_name = var.domain_name
  # EDGE and PRIVATE domains name their certificate certificate_arn, REGIONAL ones regional_certificate_arn
  certificate_arn          = var.endpoint_type == "REGIONAL" ? null : var.certificate_arn
  regional_certificate_arn = var.endpoint_type == "REGIONAL" ? var.certificate_arn : null
  security_policy          = local.policy
  # "When you use an enhanced security policy, you must also set the endpoint access mode"
  # (https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-security-policies.html)
  endpoint_access_mode = local.enhanced ? var.endpoint_access_mode : null
  routing_mode         = local.routing_mode
  policy               = local.private ? data.aws_iam_policy_document.private_domain[0].json : null
  tags                 = var.tags

  endpoint_configuration {
    types           = [var.endpoint_type]
    ip_address_type = local.ip_addresses
  }

  dynamic "mutual_tls_authentication" {
    for_each = var.mutual_tls == null ? [] : [var.mutual_tls]
    content {
      truststore_uri     = mutual_tls_authentication.value.truststore_uri
      truststore_version = mutual_tls_authentication.value.truststore_version
    }
  }

  lifecycle {
    precondition {
      condition     = contains(local.tls_policies[var.endpoint_type], local.policy)
      error_message = "security_policy ${local.policy} is not one a ${var.endpoint_type} custom domain takes: ${join(", ", local.tls_policies[var.endpoint_type])} (https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-security-policies-list.html)."
    }
    precondition {
      condition     = !(local.enhanced && var.mutual_tls != null)
      error_message = "mutual_tls needs a legacy security policy (TLS_1_2): \"You can't enable mutual TLS on a domain name that uses an enhanced security policy\" (https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-custom-domain-tls-version.html)."
    }
    precondition {
      condition     = !(local.enhanced && length(local.http_maps) > 0)
      error_message = "mappings with api_type HTTP need the TLS_1_2 policy: \"You can't map an HTTP API to a domain name that uses an enhanced security policy\" (https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-custom-domain-tls-version.html)."
    }
    precondition {
      condition     = length(local.http_maps) == 0 || var.endpoint_type == "REGIONAL"
      error_message = "mappings with api_type HTTP need a REGIONAL domain: HTTP APIs have no edge-optimized or private custom domains."
    }
    precondition {
      condition     = !(local.routing_mode == "ROUTING_RULE_ONLY" && length(var.mappings) > 0)
      error_message = "routing_mode ROUTING_RULE_ONLY takes no mappings: \"When your custom domain name uses this mode, you can't create an API mapping\" (https://docs.aws.amazon.com/apigateway/latest/developerguide/set-routing-mode.html). Use ROUTING_RULE_THEN_BASE_PATH_MAPPING to keep both."
    }
    precondition {
      condition     = !(local.routing_mode == "BASE_PATH_MAPPING_ONLY" && length(var.routing_rules) > 0)
      error_message = "routing_mode BASE_PATH_MAPPING_ONLY takes no routing rules: \"When your custom domain name uses this mode, you can't create a routing rule\" (https://docs.aws.amazon.com/apigateway/latest/developerguide/set-routing-mode.html)."
    }
    precondition {
      condition     = length(var.mappings) + length(var.routing_rules) > 0
      error_message = "The domain routes nowhere: set mappings (base path => API stage) or routing_rules."
    }
    precondition {
      condition     = !(local.private && length(var.routing_rules) > 0)
      error_message = "routing_rules on a PRIVATE domain cannot be managed with hashicorp/aws 6.x: aws_apigatewayv2_routing_rule has no domain_name_id, which private domain names need (internal/service/apigatewayv2/routing_rule.go). Use mappings."
    }
    precondition {
      condition     = local.private == (length(var.vpc_endpoint_ids) > 0)
      error_message = "vpc_endpoint_ids go with endpoint_type PRIVATE, and a PRIVATE domain needs them: the interface VPC endpoints for execute-api that may call it."
    }
    precondition {
      condition     = !(local.private && var.ip_address_type == "ipv4")
      error_message = "A private custom domain is dualstack only (https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-custom-domain-ip-address-type.html): leave ip_address_type null or set it to dualstack."
    }
    precondition {
      condition     = !(local.private && var.route53_zone_id != null)
      error_message = "route53_zone_id: a private custom domain is resolved in your VPC, to the execute-api VPC endpoint; create that record in a private hosted zone, not an alias to a public endpoint."
    }
  }
}

################################################################################
# API mappings, keyed by base path (AWS's own key: no two mappings share one)
################################################################################

resource "aws_api_gateway_base_path_mapping" "this" {
  for_each = local.rest_maps

  api_id         = each.value.api_id
  domain_name    = aws_api_gateway_domain_name.this.domain_name
  domain_name_id = local.private ? aws_api_gateway_domain_name.this.domain_name_id : null
  stage_name     = each.value.stage
  base_path      = each.key == "" ? null : each.key
}

resource "aws_apigatewayv2_api_mapping" "this" {
  for_each = local.http_maps

  api_id          = each.value.api_id
  domain_name     = aws_api_gateway_domain_name.this.domain_name
  stage           = each.value.stage
  api_mapping_key = each.key == "" ? null : each.key
}

################################################################################
# Routing rules
################################################################################

resource "aws_apigatewayv2_routing_rule" "this" {
  for_each = var.routing_rules

  domain_name = aws_api_gateway_domain_name.this.domain_name
  priority    = each.value.priority

  # One condition per header (the provider takes one header per match_headers block) and one for the base paths;
  # all must hold.
  dynamic "condition" {
    for_each = each.value.headers
    content {
      match_headers {
        any_of {
          header     = condition.key
          value_glob = condition.value
        }
      }
    }
  }

  dynamic "condition" {
    for_each = length(each.value.base_paths) > 0 ? [each.value.base_paths] : []
    content {
      match_base_paths {
        any_of = condition.value
      }
    }
  }

  action {
    invoke_api {
      api_id          = each.value.api_id
      stage           = each.value.stage
      strip_base_path = each.value.strip_base_path
    }
  }
}

################################################################################
# DNS
################################################################################

resource "aws_route53_record" "this" {
  for_each = var.route53_zone_id == null ? toset([]) : toset(local.ip_addresses == "dualstack" ? ["A", "AAAA"] : ["A"])

  zone_id = var.route53_zone_id
  name    = aws_api_gateway_domain_name.this.domain_name
  type    = each.value

  alias {
    name                   = local.target_domain_name
    zone_id                = local.target_zone_id
    evaluate_target_health = false
  }
}
