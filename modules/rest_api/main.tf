# The REST API is one OpenAPI document that API Gateway imports (PutRestApi, overwrite mode): var.body as
# given, or the document document.tf compiles from var.resources (methods.tf), authorizers (authorizers.tf),
# models, request validators, gateway responses and CORS (cors.tf). One document, not one Terraform resource
# per method, because a deployment is a snapshot of the API when it is created: only when removing a method
# is part of the same update as adding one is a removed method gone before the next deployment takes its
# snapshot. (With separate method resources Terraform deletes a removed method after creating the deployment
# that replaces the old one, so the snapshot keeps it, and the next plan is empty: it stays served.)
# Stages: stages.tf; usage plans and keys: usage_plans.tf; custom domain: domain.tf; inputs shared with the
# other API modules: stage_inputs.tf (generated); renamed addresses: migrations.tf.

locals {
  use_resources = var.body == null
  resources     = local.use_resources ? var.resources : {}
  private       = var.endpoint_type == "PRIVATE"
  partition     = data.aws_partition.current.partition
  region        = data.aws_region.current.region

  # The default endpoint's TLS: the strictest policy its type takes unless the caller names one (local.tls_policies,
  # stage_inputs.tf). "For the PRIVATE endpoint type, only dualstack is supported" (the API's EndpointConfiguration
  # reference), so a private API is dual-stack whatever the caller leaves unset.
  security_policy = coalesce(var.security_policy, local.tls_policies[var.endpoint_type][0])
  enhanced_policy = startswith(local.security_policy, "SecurityPolicy_")
  ip_address_type = local.private ? coalesce(var.ip_address_type, "dualstack") : var.ip_address_type
}

data "aws_partition" "current" {}

data "aws_caller_identity" "current" {}

data "aws_region" "current" {}

################################################################################
# API
################################################################################

resource "aws_api_gateway_rest_api" "this" {
  name                         = var.name
  description                  = var.description
  body                         = local.document
  put_rest_api_mode            = "overwrite"
  api_key_source               = "HEADER"
  binary_media_types           = length(var.binary_media_types) > 0 ? var.binary_media_types : null
  disable_execute_api_endpoint = var.disable_execute_api_endpoint
  minimum_compression_size     = var.minimum_compression_size == null ? null : tostring(var.minimum_compression_size)
  security_policy              = local.security_policy
  # "Endpoint access mode is required for the specified security policy" (an enhanced one), and taken by no other
  endpoint_access_mode = local.enhanced_policy ? var.endpoint_access_mode : null
  tags                 = var.tags

  endpoint_configuration {
    types            = [var.endpoint_type]
    vpc_endpoint_ids = local.private ? var.vpc_endpoint_ids : null
    ip_address_type  = local.ip_address_type
  }

  lifecycle {
    create_before_destroy = true

    precondition {
      condition     = var.body == null || length(var.resources) == 0
      error_message = "Set either body (an OpenAPI definition) or resources, not both: with body, API Gateway builds the resource tree from the document."
    }
    precondition {
      condition     = var.body == null || length(var.authorizers) + length(var.models) + length(var.request_validators) + length(var.gateway_responses) == 0
      error_message = "With body, define authorizers, models, request validators and gateway responses in the OpenAPI document (x-amazon-apigateway-* extensions): importing the body overwrites anything the module created beside it."
    }
    precondition {
      condition     = var.body != null || length(var.resources) > 0
      error_message = "The API has nothing to serve: set resources (a map keyed by path) or body (an OpenAPI definition)."
    }
    precondition {
      condition     = !local.private || length(var.vpc_endpoint_ids) > 0
      error_message = "endpoint_type PRIVATE needs vpc_endpoint_ids: the interface VPC endpoints for execute-api that may call the API (without them no one can)."
    }
    precondition {
      condition     = local.private || length(var.vpc_endpoint_ids) == 0
      error_message = "vpc_endpoint_ids apply to endpoint_type PRIVATE only."
    }
    precondition {
      condition     = contains(local.tls_policies[var.endpoint_type], local.security_policy)
      error_message = "security_policy ${local.security_policy} is not one a ${var.endpoint_type} endpoint takes: ${join(", ", local.tls_policies[var.endpoint_type])} (https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-security-policies-list.html)."
    }
    precondition {
      condition     = local.ip_address_type != "ipv4" || !local.private
      error_message = "A PRIVATE API is reachable over dualstack only (IPv4 and IPv6 through its VPC endpoints): leave ip_address_type null or set it to dualstack."
    }
    precondition {
      condition = alltrue([
        for x in values(local.methods) : x.m.authorization.authorizer == null || contains(keys(var.authorizers), coalesce(x.m.authorization.authorizer, "-"))
      ])
      error_message = "A method names an authorizer that var.authorizers does not define. Defined: ${jsonencode(keys(var.authorizers))}."
    }
    precondition {
      condition = alltrue([
        for x in values(local.methods) :
        x.m.authorization.authorizer == null || (
          x.m.authorization.type == "COGNITO_USER_POOLS" ?
          try(var.authorizers[x.m.authorization.authorizer].type, "") == "COGNITO_USER_POOLS" :
          contains(["TOKEN", "REQUEST"], try(var.authorizers[x.m.authorization.authorizer].type, ""))
        )
      ])
      error_message = "A method's authorization.type must match its authorizer: COGNITO_USER_POOLS methods use a COGNITO_USER_POOLS authorizer, CUSTOM methods a TOKEN or REQUEST (Lambda) authorizer."
    }
    precondition {
      condition = alltrue(flatten([
        for x in values(local.methods) : [
          for name in concat(values(x.m.request_models), flatten([for r in values(x.m.responses) : values(r.models)])) :
          contains(concat(keys(var.models), ["Empty", "Error"]), name)
        ]
      ]))
      error_message = "A method names a model that var.models does not define (built-ins: Empty, Error). Defined: ${jsonencode(keys(var.models))}."
    }
    precondition {
      condition = alltrue([
        for x in values(local.methods) : x.m.request_validator == null || contains(keys(var.request_validators), coalesce(x.m.request_validator, "-"))
      ])
      error_message = "A method names a request validator that var.request_validators does not define. Defined: ${jsonencode(keys(var.request_validators))}."
    }
    precondition {
      condition     = var.cors != null || alltrue([for r in values(var.resources) : !r.cors])
      error_message = "A path sets cors = true but var.cors is null: set cors = { allow_origin = \"https://...\" }."
    }
    precondition {
      condition = alltrue(flatten([
        for s in values(var.stages) : [for key in keys(s.method_settings) : !local.use_resources || contains(keys(local.methods), key)]
      ]))
      error_message = "stages.method_settings names a method that var.resources does not define. Defined: ${jsonencode(keys(local.methods))}."
    }
    precondition {
      condition = alltrue(flatten([
        for p in values(var.usage_plans) : concat(
          [for s in keys(p.stages) : contains(keys(var.stages), s)],
          [for k in p.api_keys : contains(keys(var.api_keys), k)],
        )
      ]))
      error_message = "A usage plan names a stage that var.stages does not define, or an API key that var.api_keys does not define. Stages: ${jsonencode(keys(var.stages))}; keys: ${jsonencode(keys(var.api_keys))}."
    }
    precondition {
      condition     = alltrue([for key in local.usage_plan_method_keys : !local.use_resources || contains(keys(local.methods), key)])
      error_message = "usage_plans.stages.method_throttling names a method that var.resources does not define. Defined: ${jsonencode(keys(local.methods))}."
    }
    precondition {
      condition     = alltrue([for k in nonsensitive(keys(var.api_key_values)) : contains(keys(var.api_keys), k)])
      error_message = "api_key_values has a value for a key that var.api_keys does not define."
    }
  }
}

################################################################################
# Resource policy: PRIVATE APIs answer only their VPC endpoints; plus var.policy
################################################################################

# Resources are written execute-api:/..., which API Gateway expands to this API's ARN: the policy is
# part of the document, so it needs no API id and is applied by every import.
data "aws_iam_policy_document" "resource_policy" {
  count = local.private || var.policy != null ? 1 : 0

  source_policy_documents = var.policy == null ? [] : [var.policy]

  dynamic "statement" {
    for_each = local.private ? [1] : []
    content {
      sid       = "AllowInvokeFromVpcEndpoints"
      effect    = "Allow"
      actions   = ["execute-api:Invoke"]
      resources = ["execute-api:/*"]
      principals {
        type        = "*"
        identifiers = ["*"]
      }
      condition {
        test     = "StringEquals"
        variable = "aws:SourceVpce"
        values   = var.vpc_endpoint_ids
      }
    }
  }

  dynamic "statement" {
    for_each = local.private ? [1] : []
    content {
      sid       = "DenyInvokeFromElsewhere"
      effect    = "Deny"
      actions   = ["execute-api:Invoke"]
      resources = ["execute-api:/*"]
      principals {
        type        = "*"
        identifiers = ["*"]
      }
      condition {
        test     = "StringNotEquals"
        variable = "aws:SourceVpce"
        values   = var.vpc_endpoint_ids
      }
    }
  }
}
