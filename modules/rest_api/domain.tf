# The custom domain (var.domain): REGIONAL for a public API, private for a PRIVATE one; its base path mappings
# (local.domain_mappings, stage_inputs.tf) and an optional Route 53 alias. A custom domain shared by several APIs,
# or routed by header, is modules/domain.

locals {
  domain_endpoint_type = local.private ? "PRIVATE" : "REGIONAL"
  # The strictest policy the domain takes (local.tls_policies, stage_inputs.tf); mutual TLS excludes the enhanced ones.
  domain_security_policy = var.domain == null ? null : coalesce(
    var.domain.security_policy,
    var.domain.mutual_tls != null ? "TLS_1_2" : local.tls_policies[local.domain_endpoint_type][0],
  )
  domain_enhanced_policy = startswith(coalesce(local.domain_security_policy, "-"), "SecurityPolicy_")
  # the private domain's policy and VPC endpoint associations: stage_inputs.tf (private_domain)
  private_domain     = var.domain != null && local.private
  private_domain_arn = try(aws_api_gateway_domain_name.this[0].arn, null)
}

resource "aws_api_gateway_domain_name" "this" {
  count = var.domain == null ? 0 : 1

  domain_name = var.domain.domain_name
  # a REGIONAL domain names its certificate regional_certificate_arn; a private one certificate_arn
  regional_certificate_arn = local.private ? null : var.domain.certificate_arn
  certificate_arn          = local.private ? var.domain.certificate_arn : null
  security_policy          = local.domain_security_policy
  endpoint_access_mode     = local.domain_enhanced_policy ? var.domain.endpoint_access_mode : null
  # a private domain answers only the VPC endpoints the API answers (and those associated below)
  policy = local.private ? data.aws_iam_policy_document.private_domain[0].json : null
  tags   = var.tags

  endpoint_configuration {
    types = [local.domain_endpoint_type]
    # "Private custom domain names can only have a dualstack IP address type"
    # (https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-custom-domain-ip-address-type.html)
    ip_address_type = local.private ? "dualstack" : var.domain.ip_address_type
  }

  dynamic "mutual_tls_authentication" {
    for_each = var.domain.mutual_tls == null ? [] : [var.domain.mutual_tls]
    content {
      truststore_uri     = mutual_tls_authentication.value.truststore_uri
      truststore_version = mutual_tls_authentication.value.truststore_version
    }
  }

  lifecycle {
    precondition {
      condition     = length(local.domain_mappings) > 0
      error_message = "domain.mappings is required when the API has several stages: map each stage to serve on the domain to a base path (\"\" for the root)."
    }
    precondition {
      condition     = alltrue([for name in keys(local.domain_mappings) : contains(keys(var.stages), name)])
      error_message = "domain.mappings names a stage that var.stages does not define. Stages: ${jsonencode(keys(var.stages))}."
    }
    precondition {
      condition     = length(distinct(values(local.domain_mappings))) == length(local.domain_mappings)
      error_message = "domain.mappings maps two stages to the same base path."
    }
    precondition {
      condition     = contains(local.tls_policies[local.domain_endpoint_type], local.domain_security_policy)
      error_message = "domain.security_policy ${local.domain_security_policy} is not one a ${local.domain_endpoint_type} custom domain takes: ${join(", ", local.tls_policies[local.domain_endpoint_type])}."
    }
    precondition {
      condition     = !(local.domain_enhanced_policy && var.domain.mutual_tls != null)
      error_message = "domain.mutual_tls needs a legacy security policy (TLS_1_2): \"You can't enable mutual TLS on a domain name that uses an enhanced security policy\" (https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-custom-domain-tls-version.html)."
    }
    precondition {
      condition     = !(local.private && var.domain.ip_address_type == "ipv4")
      error_message = "A private custom domain is dualstack only (https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-custom-domain-ip-address-type.html): leave domain.ip_address_type null or set it to dualstack."
    }
    precondition {
      condition     = !(local.private && try(var.domain.route53_zone_id, null) != null)
      error_message = "domain.route53_zone_id: a private custom domain is resolved in your VPC, to the execute-api VPC endpoint; create that record in a private hosted zone (an alias to the endpoint's DNS name), not an alias to a regional domain."
    }
  }
}

resource "aws_api_gateway_base_path_mapping" "this" {
  for_each = local.domain_mappings

  api_id      = aws_api_gateway_rest_api.this.id
  domain_name = aws_api_gateway_domain_name.this[0].domain_name
  # a private domain name is shared by accounts: its mappings name it by id too
  domain_name_id = local.private ? aws_api_gateway_domain_name.this[0].domain_name_id : null
  stage_name     = try(aws_api_gateway_stage.this[each.key].stage_name, each.key)
  base_path      = each.value == "" ? null : each.value
}

resource "aws_route53_record" "this" {
  count = try(var.domain.route53_zone_id, null) == null ? 0 : 1

  zone_id = var.domain.route53_zone_id
  name    = aws_api_gateway_domain_name.this[0].domain_name
  type    = "A"

  alias {
    name                   = aws_api_gateway_domain_name.this[0].regional_domain_name
    zone_id                = aws_api_gateway_domain_name.this[0].regional_zone_id
    evaluate_target_health = false
  }
}
