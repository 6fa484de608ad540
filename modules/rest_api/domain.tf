# A REGIONAL custom domain with TLS 1.2, its base path mappings and an optional Route 53 alias.

locals {
  # by default the only stage at the root
  base_path_mappings = var.domain == null ? {} : (
    var.domain.base_path_mappings != null ? var.domain.base_path_mappings : { for name in keys(var.stages) : name => "" if length(var.stages) == 1 }
  )
}

resource "aws_api_gateway_domain_name" "this" {
  count = var.domain == null ? 0 : 1

  domain_name              = var.domain.domain_name
  regional_certificate_arn = var.domain.certificate_arn
  security_policy          = "TLS_1_2"
  tags                     = var.tags

  endpoint_configuration {
    types = ["REGIONAL"]
  }

  lifecycle {
    precondition {
      condition     = length(local.base_path_mappings) > 0
      error_message = "domain.base_path_mappings is required when the API has several stages: map each stage to serve on the domain to a base path (\"\" for the root)."
    }
    precondition {
      condition     = alltrue([for name in keys(local.base_path_mappings) : contains(keys(var.stages), name)])
      error_message = "domain.base_path_mappings names a stage that var.stages does not define. Stages: ${jsonencode(keys(var.stages))}."
    }
    precondition {
      condition     = length(distinct(values(local.base_path_mappings))) == length(local.base_path_mappings)
      error_message = "domain.base_path_mappings maps two stages to the same base path."
    }
  }
}

resource "aws_api_gateway_base_path_mapping" "this" {
  for_each = local.base_path_mappings

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
