# A REGIONAL custom domain with TLS 1.2 (and optional mutual TLS), its base path mappings (local.domain_mappings,
# stage_inputs.tf) and an optional Route 53 alias.

resource "aws_api_gateway_domain_name" "this" {
  count = var.domain == null ? 0 : 1

  domain_name              = var.domain.domain_name
  regional_certificate_arn = var.domain.certificate_arn
  security_policy          = "TLS_1_2"
  tags                     = var.tags

  endpoint_configuration {
    types = ["REGIONAL"]
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
  }
}

resource "aws_api_gateway_base_path_mapping" "this" {
  for_each = local.domain_mappings

  api_id      = aws_api_gateway_rest_api.this.id
  domain_name = aws_api_gateway_domain_name.this[0].domain_name
  stage_name  = try(aws_api_gateway_stage.this[each.key].stage_name, each.key)
  base_path   = each.value == "" ? null : each.value
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
