"""PlanResourceChange as the real provider plans: configured values exact, computed values
unknown until apply (kept from the prior state on update), replacement where AWS needs it."""

from __future__ import annotations

from typing import Any

from apigwkit.provider_double import rules
from apigwkit.provider_double.values import UNKNOWN

# Attributes whose change AWS cannot apply in place (ForceNew in the real provider), for the
# resource types this library manages; a change to one of these plans a replacement.
FORCE_NEW: dict[str, tuple[str, ...]] = {
    "aws_apigatewayv2_api": ("protocol_type",),
    "aws_apigatewayv2_stage": ("api_id", "name"),
    "aws_apigatewayv2_route": ("api_id",),
    "aws_apigatewayv2_integration": ("api_id", "integration_type"),
    "aws_apigatewayv2_authorizer": ("api_id",),
    "aws_apigatewayv2_deployment": ("api_id", "triggers"),
    "aws_apigatewayv2_domain_name": ("domain_name",),
    "aws_apigatewayv2_api_mapping": ("domain_name",),
    "aws_apigatewayv2_vpc_link": ("security_group_ids", "subnet_ids"),
    "aws_api_gateway_resource": ("rest_api_id",),
    "aws_api_gateway_method": ("rest_api_id", "resource_id", "http_method"),
    "aws_api_gateway_integration": ("rest_api_id", "resource_id", "http_method"),
    "aws_api_gateway_method_response": ("rest_api_id", "resource_id", "http_method", "status_code"),
    "aws_api_gateway_integration_response": ("rest_api_id", "resource_id", "http_method", "status_code"),
    "aws_api_gateway_deployment": ("rest_api_id", "triggers", "variables"),
    "aws_api_gateway_stage": ("rest_api_id", "stage_name"),
    "aws_api_gateway_model": ("rest_api_id", "name", "content_type", "schema"),
    "aws_api_gateway_authorizer": ("rest_api_id",),
    "aws_api_gateway_request_validator": ("rest_api_id",),
    "aws_api_gateway_gateway_response": ("rest_api_id", "response_type"),
    "aws_api_gateway_usage_plan_key": ("key_id", "key_type", "usage_plan_id"),
    "aws_api_gateway_method_settings": ("rest_api_id", "stage_name", "method_path"),
    "aws_lambda_function": ("function_name",),
    "aws_lambda_permission": (
        "action",
        "event_source_token",
        "function_name",
        "function_url_auth_type",
        "principal",
        "principal_org_id",
        "qualifier",
        "source_account",
        "source_arn",
        "statement_id",
        "statement_id_prefix",
    ),
    "aws_iam_role": ("name", "name_prefix", "path"),
    "aws_iam_policy": ("name", "name_prefix", "path"),
    "aws_iam_role_policy": ("name", "name_prefix", "role"),
    "aws_iam_role_policy_attachment": ("role", "policy_arn"),
    "aws_cloudwatch_log_group": ("name", "name_prefix", "log_group_class"),
    "aws_dynamodb_table": ("name",),
    "aws_s3_bucket": ("bucket", "bucket_prefix"),
    "aws_sns_topic": ("name", "name_prefix", "fifo_topic"),
    "aws_wafv2_web_acl": ("name", "scope"),
    "aws_wafv2_ip_set": ("name", "scope"),
    "aws_wafv2_web_acl_association": ("resource_arn", "web_acl_arn"),
    "aws_cloudwatch_metric_alarm": ("alarm_name",),
}

# Computed attributes the real provider marks unknown whenever the resource is updated.
RECOMPUTED_ON_UPDATE: dict[str, tuple[str, ...]] = {
    "aws_lambda_function": ("last_modified", "code_sha256"),
}

# aws_lambda_function with publish = true publishes a version when its code, its configuration or publish itself
# changes, so the plan leaves version and the qualified ARNs unknown then and only then (CustomizeDiff
# updateComputedAttributesOnPublish, needsFunctionCodeUpdate and needsFunctionConfigUpdate in
# internal/service/lambda/function.go); a change of tags alone publishes nothing.
LAMBDA_PUBLISHED = ("version", "qualified_arn", "qualified_invoke_arn")
LAMBDA_PUBLISH_TRIGGERS = (
    "publish",
    # code
    "filename",
    "source_code_hash",
    "s3_bucket",
    "s3_key",
    "s3_object_version",
    "image_uri",
    "architectures",
    # configuration
    "description",
    "handler",
    "file_system_config",
    "image_config",
    "logging_config",
    "memory_size",
    "role",
    "timeout",
    "kms_key_arn",
    "layers",
    "dead_letter_config",
    "snap_start",
    "tracing_config",
    "vpc_config",
    "runtime",
    "environment",
    "ephemeral_storage",
)


def _deep_known(value: Any) -> bool:
    if value is UNKNOWN:
        return False
    if isinstance(value, dict):
        return all(_deep_known(v) for v in value.values())
    if isinstance(value, list):
        return all(_deep_known(v) for v in value)
    return True


def _get(obj: Any, key: str) -> Any:
    return obj.get(key) if isinstance(obj, dict) else None


_NO_DEFAULTS: dict = {"attributes": {}, "blocks": {}}


def plan_block(block: dict, prior: Any, proposed: Any, config: Any, defaults: dict = _NO_DEFAULTS) -> Any:
    """The planned value of one object of ``block`` (a resource, or one nested block).

    ``defaults`` (``rules.defaults``) are planned, known, wherever the configuration leaves the
    attribute null, as the provider's SDKv2 ``Default:`` and framework defaults are."""
    if proposed is None or proposed is UNKNOWN:
        return proposed
    creating = prior is None
    planned = dict(proposed)
    for name, attr in block.get("attributes", {}).items():
        if _get(config, name) is not None:
            continue
        if name in defaults["attributes"]:
            planned[name] = defaults["attributes"][name]
        elif attr.get("computed"):
            # kept from the prior object (for a set element, the prior element matched to it)
            planned[name] = UNKNOWN if creating or _get(prior, name) is None else _get(prior, name)
    for name, nested in block.get("block_types", {}).items():
        inner = defaults["blocks"].get(name, _NO_DEFAULTS)
        planned[name] = _plan_nested(nested, _get(prior, name), proposed.get(name), _get(config, name), inner)
    return planned


def _plan_nested(nested: dict, prior: Any, proposed: Any, config: Any, defaults: dict) -> Any:
    block, mode = nested["block"], nested["nesting_mode"]
    if proposed is None or proposed is UNKNOWN:
        return proposed
    if mode in ("single", "group"):
        return plan_block(block, prior, proposed, config, defaults)
    if mode == "map":
        return {k: plan_block(block, _get(prior, k), v, _get(config, k), defaults) for k, v in proposed.items()}
    configs = config if isinstance(config, list) else []
    priors = prior if isinstance(prior, list) else []
    if mode == "list":
        return [
            plan_block(
                block,
                priors[i] if i < len(priors) else None,
                item,
                configs[i] if i < len(configs) else None,
                defaults,
            )
            for i, item in enumerate(proposed)
        ]
    # set: an element keeps its prior computed values only if a prior element has the same
    # configured values, defaults included (set elements have no stable position to match by).
    attributes = block.get("attributes", {})
    configured = {k for k, a in attributes.items() if not a.get("computed")}
    optional_computed = {k for k, a in attributes.items() if a.get("computed") and a.get("optional")}

    def same(candidate: Any, item: dict) -> bool:
        filled = {**item, **{k: v for k, v in defaults["attributes"].items() if item.get(k) is None}}
        return all(candidate.get(k) == filled.get(k) for k in configured) and all(
            candidate.get(k) == item.get(k) for k in optional_computed if item.get(k) is not None
        )

    out = []
    for item in proposed:
        match_config = next((c for c in configs if all(c.get(k) == item.get(k) for k in configured)), item)
        match_prior = next((p for p in priors if isinstance(p, dict) and same(p, item)), None)
        out.append(plan_block(block, match_prior, item, match_config, defaults))
    return out


def plan_resource(
    type_name: str,
    block: dict,
    prior: dict | None,
    proposed: dict | None,
    config: dict | None,
    *,
    region: str,
    default_tags: dict[str, str],
) -> tuple[dict | None, list[str]]:
    """Returns the planned state and the top-level attributes whose change forces replacement."""
    if proposed is None:
        return None, []
    attributes = block.get("attributes", {})

    type_defaults = rules.defaults(type_name)

    def planned_from(prior_state: dict | None) -> dict:
        planned = plan_block(block, prior_state, proposed, config, type_defaults)
        for row in rules.conditional_defaults(type_name):
            attribute, values = row.when  # type: ignore[misc]
            if _get(config, row.path) is None and planned.get(attribute) not in values:
                planned[row.path] = _get(prior_state, row.path)  # the suppressed diff leaves the prior value
        if "region" in attributes and _get(config, "region") is None:
            planned["region"] = region  # the real provider plans the provider's region, known at plan time
        if "tags_all" in attributes:
            tags = planned.get("tags")
            planned["tags_all"] = {**default_tags, **(tags or {})} if _deep_known(tags) else UNKNOWN
        return planned

    planned = planned_from(prior)
    if prior is None:
        return planned, []
    replace = [a for a in FORCE_NEW.get(type_name, ()) if a in planned and planned.get(a) != prior.get(a)]
    if replace:
        return planned_from(None), replace  # a replacement is a new object: computed values unknown again
    if any(planned.get(k) != prior.get(k) for k in planned if k != "tags_all"):
        for name in RECOMPUTED_ON_UPDATE.get(type_name, ()):
            if name in planned and _get(config, name) is None:
                planned[name] = UNKNOWN
    if type_name == "aws_lambda_function" and planned.get("publish") is True:
        if any(planned.get(k) != prior.get(k) for k in LAMBDA_PUBLISH_TRIGGERS):
            for name in LAMBDA_PUBLISHED:
                planned[name] = UNKNOWN
    return planned, []
