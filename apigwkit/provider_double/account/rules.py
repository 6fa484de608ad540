"""What AWS refuses at apply time, as data: one row per rule, each with the error AWS answers and its source.

The engine (``model.py``) reads these tables; a reader asking "why does the double refuse this?" finds
the row here. Rule kinds:

- ``Unique``: no two objects of a type share a natural key (checked at create, and at update when a
  key attribute changes in place), within a region or account-wide for IAM;
- ``Exists``: an attribute names an object that must exist when the call is made;
- ``InUse``: a delete AWS refuses while another object still points at the one being deleted;
- ``Refuse``: any other rule, as a small named predicate over the object and the account.

Message texts come from quoted AWS errors (issues, logs) or the provider's own source; where only an
emulator's wording or the API reference was found, the row says "wording inferred" and the README lists it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from apigwkit.provider_double.account.errors import AwsError

APIGW = "API Gateway"
APIGWV2 = "ApiGatewayV2"
LAMBDA = "Lambda"


def _apigw(operation: str, status: int, code: str, message: str) -> AwsError:
    return AwsError(APIGW, operation, status, code, message)


def _v2(operation: str, status: int, code: str, message: str) -> AwsError:
    return AwsError(APIGWV2, operation, status, code, message)


# --------------------------------------------------------------------------- rule kinds


@dataclass(frozen=True)
class Unique:
    type: str
    key: tuple[str, ...]  # attribute names, or "view:NAME" for a value computed by VIEWS[NAME]
    error: AwsError
    source: str
    # only objects for which this predicate holds take part (e.g. "an empty base path")
    when: str | None = None


@dataclass(frozen=True)
class Exists:
    type: str
    path: str  # "a.b" or "a.*.b" (every element of list a)
    target: str
    match: tuple[tuple[str, str], ...]  # (target attribute, source attribute or "@value" for the path's value)
    error: AwsError
    source: str
    view: str | None = None  # VIEWS[view] turns the path's value into the target's id
    when: str | None = None


@dataclass(frozen=True)
class InUse:
    type: str  # the type being deleted
    user: str  # the type that may still point at it
    path: str  # the user's attribute naming it
    match: tuple[tuple[str, str], ...]  # (user attribute, deleted object's attribute)
    error: AwsError
    source: str


@dataclass(frozen=True)
class Refuse:
    type: str
    check: str  # CHECKS[check](new, prior, account) -> dict of message values when AWS refuses, else None
    error: AwsError
    source: str
    ops: tuple[str, ...] = ("create", "update")


# --------------------------------------------------------------------------- views and predicates


def _lambda_function(value: Any) -> str | None:
    """A function named by name, partial ARN or ARN (with or without a qualifier) -> its name."""
    if not isinstance(value, str) or not value:
        return None
    if value.startswith("arn:"):
        parts = value.split(":")
        return parts[6] if len(parts) > 6 else value
    return value.split(":")[0]


def _lambda_qualifier(values: dict[str, Any]) -> str:
    name = values.get("function_name") or ""
    if isinstance(name, str) and name.startswith("arn:") and len(name.split(":")) > 7:
        return name.split(":")[7]
    return values.get("qualifier") or ""


VIEWS: dict[str, Callable[..., Any]] = {
    "function": lambda values: _lambda_function(values.get("function_name")),
    "qualifier": _lambda_qualifier,
    "base_path": lambda values: values.get("base_path") or "",
    "mapping_key": lambda values: values.get("api_mapping_key") or "",
    "integration_id": lambda value: value.removeprefix("integrations/") if isinstance(value, str) else None,
    "function_arn": _lambda_function,
}

PREDICATES: dict[str, Callable[[dict[str, Any]], bool]] = {
    "empty_base_path": lambda values: not values.get("base_path"),
    "authorizer_required": lambda values: values.get("authorization") in ("CUSTOM", "COGNITO_USER_POOLS"),
    "v2_authorizer_set": lambda values: bool(values.get("authorizer_id")),
    "has_request_validator": lambda values: bool(values.get("request_validator_id")),
    "manual_deploy": lambda values: not values.get("auto_deploy") and bool(values.get("deployment_id")),
    "function_in_this_account": lambda values: _in_this_account(values.get("function_name")),
}


def _in_this_account(function: Any) -> bool:
    """A function given by name, or by an ARN of the double's account (others' functions are not modelled)."""
    from apigwkit.provider_double.values import TEST_ACCOUNT_ID

    if not isinstance(function, str):
        return False
    return not function.startswith("arn:") or function.split(":")[4] == TEST_ACCOUNT_ID


# --------------------------------------------------------------------------- named checks


def _first(values: dict[str, Any], block: str) -> dict[str, Any]:
    items = values.get(block) or []
    return items[0] if items and isinstance(items[0], dict) else {}


def _rest_stage_logs(new: dict, prior: dict | None, account: Any) -> dict | None:
    if account.cloudwatch_role_arn(new) is None and new.get("access_log_settings"):
        return {}
    return None


def _rest_method_settings_log(new: dict, prior: dict | None, account: Any) -> dict | None:
    settings = _first(new, "settings")
    logging = settings.get("logging_level") in ("ERROR", "INFO") or settings.get("data_trace_enabled") is True
    return {} if logging and account.cloudwatch_role_arn(new) is None else None


def _v2_route_settings(new: dict) -> list[dict]:
    return [s for s in [_first(new, "default_route_settings"), *(new.get("route_settings") or [])] if s]


def _v2_stage_logs(new: dict, prior: dict | None, account: Any) -> dict | None:
    if account.protocol_of(new.get("api_id")) != "WEBSOCKET" or account.cloudwatch_role_arn(new) is not None:
        return None
    execution = any(
        s.get("logging_level") in ("ERROR", "INFO") or s.get("data_trace_enabled") is True
        for s in _v2_route_settings(new)
    )
    return {} if execution or new.get("access_log_settings") else None


def _http_stage_execution_logs(new: dict, prior: dict | None, account: Any) -> dict | None:
    if account.protocol_of(new.get("api_id")) != "HTTP":
        return None
    execution = any(
        s.get("logging_level") not in (None, "", "OFF") or s.get("data_trace_enabled") is True
        for s in _v2_route_settings(new)
    )
    return {} if execution else None


def _jwt_on_websocket(new: dict, prior: dict | None, account: Any) -> dict | None:
    websocket = account.protocol_of(new.get("api_id")) == "WEBSOCKET"
    return {} if websocket and new.get("authorizer_type") != "REQUEST" else None


def _request_authorizer_payload(new: dict, prior: dict | None, account: Any) -> dict | None:
    http = account.protocol_of(new.get("api_id")) == "HTTP"
    missing = new.get("authorizer_type") == "REQUEST" and not new.get("authorizer_payload_format_version")
    return {} if http and missing else None


def _http_non_proxy_integration(new: dict, prior: dict | None, account: Any) -> dict | None:
    http = account.protocol_of(new.get("api_id")) == "HTTP"
    return {} if http and new.get("integration_type") not in ("AWS_PROXY", "HTTP_PROXY") else None


def _timeout_bounds(low: int, high: int, protocol: str | None) -> Callable[[dict, dict | None, Any], dict | None]:
    def check(new: dict, prior: dict | None, account: Any) -> dict | None:
        timeout = new.get("timeout_milliseconds")
        if protocol is not None and account.protocol_of(new.get("api_id")) != protocol:
            return None
        if isinstance(timeout, int | float) and not low <= timeout <= high:
            return {"timeout": int(timeout)}
        return None

    return check


def _cache_key_not_a_request_parameter(new: dict, prior: dict | None, account: Any) -> dict | None:
    keys = new.get("cache_key_parameters") or []
    method = account.find_one(
        "aws_api_gateway_method",
        rest_api_id=new.get("rest_api_id"),
        resource_id=new.get("resource_id"),
        http_method=new.get("http_method"),
    )
    declared = set((method or {}).get("request_parameters") or {})
    # an integration request parameter mapped from a method request parameter may also be a cache key
    declared |= set((new.get("request_parameters") or {}).keys())
    undeclared = [k for k in keys if k not in declared]
    return {"parameter": undeclared[0]} if undeclared else None


_STAGE_ARN = re.compile(r"^arn:aws[a-z-]*:apigateway:[a-z0-9-]+::/(restapis|apis)/([a-z0-9]+)/stages/(.+)$")


def _waf_target(new: dict, prior: dict | None, account: Any) -> dict | None:
    """AWS WAF protects REST API stages (and ALBs, AppSync, Cognito...), not HTTP or WebSocket APIs."""
    found = _STAGE_ARN.match(new.get("resource_arn") or "")
    if found and found.group(1) == "apis":
        return {"arn": new["resource_arn"]}
    return None


def _waf_target_missing(new: dict, prior: dict | None, account: Any) -> dict | None:
    found = _STAGE_ARN.match(new.get("resource_arn") or "")
    if found and found.group(1) == "restapis":
        stage = account.find_one("aws_api_gateway_stage", rest_api_id=found.group(2), stage_name=found.group(3))
        return None if stage is not None else {"arn": new["resource_arn"]}
    return None


def _deployment_without_methods(new: dict, prior: dict | None, account: Any) -> dict | None:
    methods = account.find("aws_api_gateway_method", rest_api_id=new.get("rest_api_id"))
    return {} if not methods and account.rest_api_exists(new.get("rest_api_id")) else None


def _deployment_method_without_integration(new: dict, prior: dict | None, account: Any) -> dict | None:
    api = new.get("rest_api_id")
    for method in account.find("aws_api_gateway_method", rest_api_id=api):
        match = {"rest_api_id": api, "resource_id": method.get("resource_id"), "http_method": method.get("http_method")}
        if account.find_one("aws_api_gateway_integration", **match) is None:
            return {}
    return None


def _account_role_trust(new: dict, prior: dict | None, account: Any) -> dict | None:
    """UpdateAccount verifies that API Gateway may assume the role (it is retried while IAM propagates, then fails)."""
    arn = new.get("cloudwatch_role_arn")
    if not arn or not account.owns_arn(arn):
        return None
    role = account.find_one("aws_iam_role", arn=arn)
    policy = (role or {}).get("assume_role_policy") or ""
    return None if role is not None and "apigateway.amazonaws.com" in policy else {"arn": arn}


def _function_name(values: dict) -> str:
    return _lambda_function(values.get("function_name")) or ""


def _qualified(values: dict, qualifier: str) -> str:
    """The function's ARN with ``qualifier``, as Lambda names a version or alias in its errors."""
    from apigwkit.provider_double.values import TEST_ACCOUNT_ID

    name = values.get("function_name") or ""
    if isinstance(name, str) and name.startswith("arn:"):
        return ":".join(name.split(":")[:7] + [qualifier])
    region = values.get("region") or "us-east-1"
    return f"arn:aws:lambda:{region}:{TEST_ACCOUNT_ID}:function:{name}:{qualifier}"


def _alias_versions_missing(new: dict, prior: dict | None, account: Any) -> dict | None:
    """CreateAlias/UpdateAlias: the alias's version, and every version it routes a weight to, must be published."""
    name = _function_name(new)
    if not _in_this_account(new.get("function_name")) or not account.find("aws_lambda_function", function_name=name):
        return None  # another account's function is not modelled; a missing one is refused by its Exists row
    routing = _first(new, "routing_config").get("additional_version_weights") or {}
    for version in [str(new.get("function_version") or ""), *sorted(routing)]:
        if version != "$LATEST" and account.lambda_version(name, version) is None:
            return {"arn": _qualified(new, version)}
    return None


def _alias_routes_to_its_own_version(new: dict, prior: dict | None, account: Any) -> dict | None:
    version = str(new.get("function_version") or "")
    routing = _first(new, "routing_config").get("additional_version_weights") or {}
    return {"version": version} if version in routing else None


def _provisioned_concurrency_unpublished(new: dict, prior: dict | None, account: Any) -> dict | None:
    """PutProvisionedConcurrencyConfig takes a published version or an alias of one, never $LATEST."""
    target = account.lambda_qualifier_target(_function_name(new), str(new.get("qualifier") or ""))
    return {} if target == "$LATEST" else None


def _qualifier_missing(new: dict, prior: dict | None, account: Any) -> dict | None:
    """A qualified call (AddPermission, PutProvisionedConcurrencyConfig) naming no version or alias of the function."""
    qualifier = new.get("qualifier")
    name = _function_name(new)
    if not qualifier or not _in_this_account(new.get("function_name")):
        return None
    if account.find_one("aws_lambda_function", function_name=name) is None:
        return None  # the function itself is missing: the function's own rule answers
    return None if account.lambda_qualifier_target(name, str(qualifier)) else {"arn": _qualified(new, str(qualifier))}


# CodeDeploy's predefined configurations for Lambda (CodeDeployDefault.LambdaCanary10Percent5Minutes, ...):
# https://docs.aws.amazon.com/codedeploy/latest/userguide/deployment-configurations.html#deployment-configuration-lambda
LAMBDA_DEPLOYMENT_CONFIGS = frozenset(
    {"CodeDeployDefault.LambdaAllAtOnce"}
    | {f"CodeDeployDefault.LambdaCanary10Percent{m}Minutes" for m in (5, 10, 15, 30)}
    | {f"CodeDeployDefault.LambdaLinear10PercentEvery{m}Minute{'s' if m > 1 else ''}" for m in (1, 2, 3, 10)}
)


def _deployment_config_missing(new: dict, prior: dict | None, account: Any) -> dict | None:
    name = new.get("deployment_config_name")
    if not name or name.startswith("CodeDeployDefault."):
        return None
    return None if account.find_one("aws_codedeploy_deployment_config", deployment_config_name=name) else {"name": name}


def _trail_bucket_policy(new: dict, prior: dict | None, account: Any) -> dict | None:
    """CreateTrail checks that the bucket's policy lets CloudTrail write to it (a bucket of this account)."""
    bucket = new.get("s3_bucket_name")
    if not bucket or account.find_one("aws_s3_bucket", bucket=bucket) is None:
        return None
    policy = (account.find_one("aws_s3_bucket_policy", bucket=bucket) or {}).get("policy") or ""
    return None if "cloudtrail.amazonaws.com" in policy else {"bucket": bucket}


# --------------------------------------------------------------------------- custom domains and TLS


def _enhanced(policy: Any) -> bool:
    """An enhanced policy: "Any policy that starts with SecurityPolicy_" (apigateway-security-policies.html)."""
    return isinstance(policy, str) and policy.startswith("SecurityPolicy_")


def _access_mode_missing(new: dict, prior: dict | None, account: Any) -> dict | None:
    return {} if _enhanced(new.get("security_policy")) and not new.get("endpoint_access_mode") else None


def _access_mode_without_enhanced(new: dict, prior: dict | None, account: Any) -> dict | None:
    return {} if new.get("endpoint_access_mode") and not _enhanced(new.get("security_policy")) else None


def _mutual_tls_with_enhanced(new: dict, prior: dict | None, account: Any) -> dict | None:
    return {} if _enhanced(new.get("security_policy")) and new.get("mutual_tls_authentication") else None


def _private_domain_ipv4(new: dict, prior: dict | None, account: Any) -> dict | None:
    endpoint = _first(new, "endpoint_configuration")
    return {} if endpoint.get("types") == ["PRIVATE"] and endpoint.get("ip_address_type") == "ipv4" else None


def _policy_for_another_endpoint_type(new: dict, prior: dict | None, account: Any) -> dict | None:
    """Edge-optimized endpoints take the *_EDGE enhanced policies, regional and private ones the others
    (apigateway-security-policies-list.html: one table per endpoint type)."""
    policy, types = new.get("security_policy"), _first(new, "endpoint_configuration").get("types") or ["EDGE"]
    if not _enhanced(policy) or not types:
        return None
    return {"type": types[0]} if policy.endswith("_EDGE") != (types[0] == "EDGE") else None


def _domain(account: Any, name: Any) -> dict | None:
    """A custom domain name, whichever API (v1 or v2) created it: the two share domain names."""
    return account.find_one("aws_api_gateway_domain_name", domain_name=name) or account.find_one(
        "aws_apigatewayv2_domain_name", domain_name=name
    )


def _routing_mode(domain: dict | None) -> str:
    return str((domain or {}).get("routing_mode") or "API_MAPPING_ONLY")


def _mapping_on_rules_only_domain(new: dict, prior: dict | None, account: Any) -> dict | None:
    return {} if _routing_mode(_domain(account, new.get("domain_name"))) == "ROUTING_RULE_ONLY" else None


def _rule_on_mappings_only_domain(new: dict, prior: dict | None, account: Any) -> dict | None:
    mode = _routing_mode(_domain(account, new.get("domain_name")))
    return {"mode": mode} if mode in ("API_MAPPING_ONLY", "BASE_PATH_MAPPING_ONLY") else None


def _http_api_on_enhanced_domain(new: dict, prior: dict | None, account: Any) -> dict | None:
    domain = _domain(account, new.get("domain_name"))
    http = account.protocol_of(new.get("api_id")) is not None
    return {} if http and _enhanced((domain or {}).get("security_policy")) else None


def _rule_targets(new: dict) -> list[dict]:
    return [i for a in new.get("action") or [] for i in (a or {}).get("invoke_api") or [] if isinstance(i, dict)]


def _rule_target_not_rest(new: dict, prior: dict | None, account: Any) -> dict | None:
    for target in _rule_targets(new):
        if not account.rest_api_exists(target.get("api_id")):
            return {"api_id": target.get("api_id")}
    return None


def _rule_target_stage_missing(new: dict, prior: dict | None, account: Any) -> dict | None:
    for target in _rule_targets(new):
        api, stage = target.get("api_id"), target.get("stage")
        if (
            account.rest_api_exists(api)
            and account.find_one("aws_api_gateway_stage", rest_api_id=api, stage_name=stage) is None
        ):
            return {"api_id": api, "stage": stage}
    return None


CHECKS: dict[str, Callable[[dict, dict | None, Any], dict | None]] = {
    "rest_stage_access_logs_need_role": _rest_stage_logs,
    "rest_method_settings_logging_need_role": _rest_method_settings_log,
    "websocket_stage_logging_needs_role": _v2_stage_logs,
    "http_stage_has_no_execution_logs": _http_stage_execution_logs,
    "websocket_authorizers_are_request": _jwt_on_websocket,
    "http_request_authorizer_payload_version": _request_authorizer_payload,
    "http_integrations_are_proxies": _http_non_proxy_integration,
    "rest_integration_timeout": _timeout_bounds(50, 29000, None),
    "http_integration_timeout": _timeout_bounds(50, 30000, "HTTP"),
    "websocket_integration_timeout": _timeout_bounds(50, 29000, "WEBSOCKET"),
    "cache_key_parameters_declared": _cache_key_not_a_request_parameter,
    "waf_protects_rest_stages_only": _waf_target,
    "waf_target_exists": _waf_target_missing,
    "deployment_needs_methods": _deployment_without_methods,
    "deployment_needs_integrations": _deployment_method_without_integration,
    "account_role_trusts_apigateway": _account_role_trust,
    "lambda_alias_versions_published": _alias_versions_missing,
    "lambda_alias_routes_to_another_version": _alias_routes_to_its_own_version,
    "provisioned_concurrency_on_a_published_version": _provisioned_concurrency_unpublished,
    "lambda_qualifier_exists": _qualifier_missing,
    "codedeploy_deployment_config_exists": _deployment_config_missing,
    "cloudtrail_bucket_policy_allows_cloudtrail": _trail_bucket_policy,
    "enhanced_policy_needs_access_mode": _access_mode_missing,
    "access_mode_needs_enhanced_policy": _access_mode_without_enhanced,
    "mutual_tls_needs_legacy_policy": _mutual_tls_with_enhanced,
    "policy_of_the_endpoint_type": _policy_for_another_endpoint_type,
    "private_domain_is_dualstack": _private_domain_ipv4,
    "no_mappings_on_rules_only_domain": _mapping_on_rules_only_domain,
    "no_rules_on_mappings_only_domain": _rule_on_mappings_only_domain,
    "no_http_api_on_enhanced_domain": _http_api_on_enhanced_domain,
    "routing_rule_invokes_rest_api": _rule_target_not_rest,
    "routing_rule_stage_exists": _rule_target_stage_missing,
}

LAMBDA_NOT_FOUND_SOURCE = (
    "aws-cloudformation/rain#175 (quoted CreateAlias error for a version that does not exist); "
    "ResourceNotFoundException per the operation's API reference"
)


def _lambda_not_found(operation: str) -> AwsError:
    return AwsError(LAMBDA, operation, 404, "ResourceNotFoundException", "Function not found: {arn}")


ENHANCED_POLICIES = "https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-security-policies.html"
CUSTOM_DOMAIN_POLICIES = (
    "https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-custom-domain-tls-version.html"
)
ROUTING_MODES = "https://docs.aws.amazon.com/apigateway/latest/developerguide/set-routing-mode.html"
ROUTING_RULES = "https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-routing-rules.html"

LOGGING_ROLE = "CloudWatch Logs role ARN must be set in account settings to enable logging"
LOGGING_SOURCE = (
    "https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html; the message as quoted in "
    "Zappa#1946 (UpdateStage), aws-samples/serverless-patterns#620 (access logs only), sst#1556 and aws-cdk#33977 "
    "(WebSocket access logs)"
)

# --------------------------------------------------------------------------- the tables

UNIQUE: list[Unique] = [
    Unique(
        "aws_api_gateway_method",
        ("rest_api_id", "resource_id", "http_method"),
        _apigw("PutMethod", 409, "ConflictException", "Method already exists for this resource"),
        "aws/aws-cli#3992, serverless/serverless#7231 (quoted PutMethod errors)",
    ),
    Unique(
        "aws_api_gateway_resource",
        ("rest_api_id", "parent_id", "path_part"),
        _apigw(
            "CreateResource",
            409,
            "ConflictException",
            "Another resource with the same parent already has this name: {path_part}",
        ),
        "serverless/serverless#2730, sst#5031 (quoted CreateResource errors)",
    ),
    Unique(
        "aws_apigatewayv2_route",
        ("api_id", "route_key"),
        _v2("CreateRoute", 409, "ConflictException", "Route with key {route_key} already exists for this API"),
        "sst#5031 (quoted CreateRoute error)",
    ),
    Unique(
        "aws_api_gateway_stage",
        ("rest_api_id", "stage_name"),
        _apigw("CreateStage", 409, "ConflictException", "Stage already exists"),
        "terraform-provider-aws#1153, #14424, #30256 (quoted CreateStage errors)",
    ),
    Unique(
        "aws_apigatewayv2_stage",
        ("api_id", "name"),
        _v2("CreateStage", 409, "ConflictException", "Stage already exists"),
        "wording inferred from the REST API's (no quoted v2 error found); ConflictException per the API reference",
    ),
    Unique(
        "aws_lambda_permission",
        ("view:function", "view:qualifier", "statement_id"),
        AwsError(
            LAMBDA,
            "AddPermission",
            409,
            "ResourceConflictException",
            "The statement id ({statement_id}) provided already exists. Please provide a new statement id, or remove "
            "the existing statement.",
        ),
        "terraform-provider-aws#3312, #1524 (quoted AddPermission errors); the provider retries it, then fails",
    ),
    Unique(
        "aws_lambda_function",
        ("function_name",),
        AwsError(LAMBDA, "CreateFunction", 409, "ResourceConflictException", "Function already exist: {function_name}"),
        "https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html (ResourceConflictException)",
    ),
    Unique(
        "aws_api_gateway_base_path_mapping",
        ("domain_name", "view:base_path"),
        _apigw("CreateBasePathMapping", 409, "ConflictException", "Base path already exists for this domain name"),
        "aws/aws-cdk#5794 (quoted CreateBasePathMapping error)",
    ),
    Unique(
        "aws_api_gateway_base_path_mapping",
        ("domain_name",),
        _apigw(
            "CreateBasePathMapping",
            409,
            "ConflictException",
            "Only one base path mapping is allowed if the base path is empty.",
        ),
        "serverless-domain-manager#179, aws/aws-cdk#11095 (quoted errors)",
        when="empty_base_path",
    ),
    Unique(
        "aws_apigatewayv2_api_mapping",
        ("domain_name", "view:mapping_key"),
        _v2("CreateApiMapping", 409, "ConflictException", "ApiMapping key already exists for this domain name"),
        "aws/aws-cdk#22660 (quoted CreateApiMapping error)",
    ),
    Unique(
        "aws_apigatewayv2_domain_name",
        ("domain_name",),
        _v2("CreateDomainName", 409, "ConflictException", "The domain name you provided already exists"),
        "aws-cloudformation/cloudformation-coverage-roadmap#1151 (quoted)",
    ),
    Unique(
        "aws_api_gateway_domain_name",
        ("domain_name",),
        _apigw("CreateDomainName", 409, "ConflictException", "The domain name you provided already exists."),
        "the v2 wording (cloudformation-coverage-roadmap#1151); v1 and v2 share custom domain names",
    ),
    Unique(
        "aws_apigatewayv2_routing_rule",
        ("domain_name", "priority"),
        _v2("CreateRoutingRule", 409, "ConflictException", "A routing rule with priority {priority} already exists"),
        ROUTING_RULES + ' ("Rules can\'t have the same priority"); wording inferred',
    ),
    Unique(
        "aws_api_gateway_usage_plan_key",
        ("usage_plan_id", "key_id"),
        _apigw(
            "CreateUsagePlanKey",
            409,
            "ConflictException",
            "Usage Plan {usage_plan_id} cannot be added because API Key {key_id} is already added to it",
        ),
        "wording inferred (no quoted error found); ConflictException per the CreateUsagePlanKey API reference",
    ),
    Unique(
        "aws_iam_role",
        ("name",),
        AwsError("IAM", "CreateRole", 409, "EntityAlreadyExists", "Role with name {name} already exists."),
        "aws-ia/terraform-aws-control_tower_account_factory#465, hashicorp/terraform#20394 (quoted CreateRole errors)",
    ),
    Unique(
        "aws_iam_policy",
        ("path", "name"),
        AwsError(
            "IAM",
            "CreatePolicy",
            409,
            "EntityAlreadyExists",
            "A policy called {name} already exists. Duplicate names are not allowed.",
        ),
        "https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicy.html (EntityAlreadyExists)",
    ),
    Unique(
        "aws_cloudwatch_log_group",
        ("name",),
        AwsError(
            "CloudWatch Logs",
            "CreateLogGroup",
            400,
            "ResourceAlreadyExistsException",
            "The specified log group already exists",
        ),
        "terraform-provider-aws#8413, #9783 (quoted CreateLogGroup errors)",
    ),
    Unique(
        "aws_dynamodb_table",
        ("name",),
        AwsError("DynamoDB", "CreateTable", 400, "ResourceInUseException", "Table already exists: {name}"),
        "jbelyeu/SV-plaudit#4 (quoted CreateTable error)",
    ),
    Unique(
        "aws_wafv2_web_acl",
        ("scope", "name"),
        AwsError(
            "WAFV2",
            "CreateWebACL",
            400,
            "WAFDuplicateItemException",
            "AWS WAF couldn’t perform the operation because some resource in your request is a duplicate of an "
            "existing one.",
        ),
        "wording inferred from the WAFV2 API model's WAFDuplicateItemException description",
    ),
    Unique(
        "aws_wafv2_ip_set",
        ("scope", "name"),
        AwsError(
            "WAFV2",
            "CreateIPSet",
            400,
            "WAFDuplicateItemException",
            "AWS WAF couldn’t perform the operation because some resource in your request is a duplicate of an "
            "existing one.",
        ),
        "wording inferred from the WAFV2 API model's WAFDuplicateItemException description",
    ),
]

EXISTS: list[Exists] = [
    Exists(
        "aws_api_gateway_resource",
        "parent_id",
        "rest_api_resource",
        (("rest_api_id", "rest_api_id"), ("id", "@value")),
        _apigw("CreateResource", 404, "NotFoundException", "Invalid Resource identifier specified"),
        "https://docs.aws.amazon.com/apigateway/latest/api/API_CreateResource.html (NotFoundException)",
    ),
    Exists(
        "aws_api_gateway_method",
        "resource_id",
        "rest_api_resource",
        (("rest_api_id", "rest_api_id"), ("id", "@value")),
        _apigw("PutMethod", 404, "NotFoundException", "Invalid Resource identifier specified"),
        "https://docs.aws.amazon.com/apigateway/latest/api/API_PutMethod.html (NotFoundException)",
    ),
    Exists(
        "aws_api_gateway_method",
        "authorizer_id",
        "aws_api_gateway_authorizer",
        (("rest_api_id", "rest_api_id"), ("id", "@value")),
        _apigw(
            "PutMethod",
            400,
            "BadRequestException",
            "Invalid authorizer ID specified. Setting the authorization type to CUSTOM or COGNITO_USER_POOLS requires "
            "a valid authorizer.",
        ),
        "wording inferred (LocalStack's parity-tested PutMethod)",
        when="authorizer_required",
    ),
    Exists(
        "aws_api_gateway_method",
        "request_validator_id",
        "aws_api_gateway_request_validator",
        (("rest_api_id", "rest_api_id"), ("id", "@value")),
        _apigw("PutMethod", 400, "BadRequestException", "Invalid Request Validator identifier specified"),
        "RafPe/serverless-reqvalidator-plugin#13 (quoted)",
        when="has_request_validator",
    ),
    *[
        Exists(
            type_name,
            "http_method",
            "aws_api_gateway_method",
            (("rest_api_id", "rest_api_id"), ("resource_id", "resource_id"), ("http_method", "http_method")),
            _apigw(operation, 404, "NotFoundException", "Invalid Method identifier specified"),
            "terraform-provider-aws#815 (quoted PutIntegration error)",
        )
        for type_name, operation in (
            ("aws_api_gateway_integration", "PutIntegration"),
            ("aws_api_gateway_method_response", "PutMethodResponse"),
        )
    ],
    Exists(
        "aws_api_gateway_integration_response",
        "http_method",
        "aws_api_gateway_integration",
        (("rest_api_id", "rest_api_id"), ("resource_id", "resource_id"), ("http_method", "http_method")),
        _apigw("PutIntegrationResponse", 404, "NotFoundException", "Invalid Integration identifier specified"),
        "hashicorp/terraform#23353 (quoted PutIntegrationResponse error)",
    ),
    Exists(
        "aws_api_gateway_integration_response",
        "status_code",
        "aws_api_gateway_method_response",
        (
            ("rest_api_id", "rest_api_id"),
            ("resource_id", "resource_id"),
            ("http_method", "http_method"),
            ("status_code", "status_code"),
        ),
        _apigw("PutIntegrationResponse", 404, "NotFoundException", "Invalid Response status code specified"),
        "https://docs.aws.amazon.com/apigateway/latest/api/API_PutIntegrationResponse.html (NotFoundException)",
    ),
    *[
        Exists(
            "aws_api_gateway_stage",
            path,
            "aws_api_gateway_deployment",
            (("rest_api_id", "rest_api_id"), ("id", "@value")),
            _apigw("CreateStage", 400, "BadRequestException", "Deployment id does not exist"),
            "aws/chalice#1839 (quoted CreateStage error)",
        )
        for path in ("deployment_id", "canary_settings.*.deployment_id")
    ],
    Exists(
        "aws_apigatewayv2_stage",
        "deployment_id",
        "aws_apigatewayv2_deployment",
        (("api_id", "api_id"), ("id", "@value")),
        _v2("CreateStage", 404, "NotFoundException", "Invalid Deployment identifier specified"),
        "wording inferred (no quoted v2 error found); NotFoundException per the CreateStage API reference",
        when="manual_deploy",
    ),
    Exists(
        "aws_apigatewayv2_stage",
        "route_settings.*.route_key",
        "aws_apigatewayv2_route",
        (("api_id", "api_id"), ("route_key", "@value")),
        _v2(
            "CreateStage",
            404,
            "NotFoundException",
            "Unable to find Route by key {value} within the provided RouteSettings",
        ),
        "quoted in deployment post-mortems of route_settings before their routes (NotFoundException 404)",
    ),
    Exists(
        "aws_apigatewayv2_route",
        "target",
        "aws_apigatewayv2_integration",
        (("api_id", "api_id"), ("id", "@value")),
        _v2("CreateRoute", 404, "NotFoundException", "Invalid Integration identifier specified {resolved}"),
        "wording inferred (moto's CreateRoute); NotFoundException per the API reference",
        view="integration_id",
    ),
    Exists(
        "aws_apigatewayv2_route",
        "authorizer_id",
        "aws_apigatewayv2_authorizer",
        (("api_id", "api_id"), ("id", "@value")),
        _v2("CreateRoute", 404, "NotFoundException", "Invalid Authorizer identifier specified {value}"),
        "wording inferred (moto's CreateRoute); NotFoundException per the API reference",
        when="v2_authorizer_set",
    ),
    Exists(
        "aws_api_gateway_usage_plan",
        "api_stages.*",
        "aws_api_gateway_stage",
        (("rest_api_id", "@api_id"), ("stage_name", "@stage")),
        _apigw(
            "CreateUsagePlan",
            400,
            "BadRequestException",
            "Invalid API Stage {{api: {api_id}, stage: {stage}}} specified for usageplan {id}",
        ),
        "aws/aws-cdk#6169 (quoted)",
    ),
    Exists(
        "aws_api_gateway_base_path_mapping",
        "stage_name",
        "aws_api_gateway_stage",
        (("rest_api_id", "api_id"), ("stage_name", "@value")),
        _apigw("CreateBasePathMapping", 400, "BadRequestException", "Invalid stage identifier specified"),
        "serverless-components/domain#8 (quoted)",
    ),
    Exists(
        "aws_apigatewayv2_api_mapping",
        "stage",
        "aws_apigatewayv2_stage",
        (("api_id", "api_id"), ("name", "@value")),
        _v2("CreateApiMapping", 404, "NotFoundException", "Invalid stage identifier specified"),
        "wording inferred from the REST API's; NotFoundException per the CreateApiMapping API reference",
    ),
    Exists(
        "aws_lambda_permission",
        "function_name",
        "aws_lambda_function",
        (("function_name", "@value"),),
        AwsError(LAMBDA, "AddPermission", 404, "ResourceNotFoundException", "Function not found: {value}"),
        "https://docs.aws.amazon.com/lambda/latest/api/API_AddPermission.html (ResourceNotFoundException)",
        view="function_arn",
        when="function_in_this_account",
    ),
    *[
        Exists(
            type_name,
            "function_name",
            "aws_lambda_function",
            (("function_name", "@value"),),
            AwsError(LAMBDA, operation, 404, "ResourceNotFoundException", "Function not found: {value}"),
            f"https://docs.aws.amazon.com/lambda/latest/api/API_{operation}.html (ResourceNotFoundException)",
            view="function_arn",
            when="function_in_this_account",
        )
        for type_name, operation in (
            ("aws_lambda_alias", "CreateAlias"),
            ("aws_lambda_provisioned_concurrency_config", "PutProvisionedConcurrencyConfig"),
        )
    ],
    Exists(
        "aws_codedeploy_deployment_group",
        "app_name",
        "aws_codedeploy_app",
        (("name", "@value"),),
        AwsError(
            "CodeDeploy",
            "CreateDeploymentGroup",
            400,
            "ApplicationDoesNotExistException",
            "No application found for name: {value}",
        ),
        "aws/aws-cli#2270 (quoted ApplicationDoesNotExistException); "
        "https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_CreateDeploymentGroup.html",
    ),
]

IN_USE: list[InUse] = [
    InUse(
        "aws_api_gateway_deployment",
        "aws_api_gateway_stage",
        "deployment_id",
        (("rest_api_id", "rest_api_id"),),
        _apigw(
            "DeleteDeployment",
            400,
            "BadRequestException",
            "Active stages pointing to this deployment must be moved or deleted",
        ),
        "terraform-provider-aws#19805, hashicorp/terraform#25495 (quoted DeleteDeployment errors)",
    ),
    InUse(
        "aws_api_gateway_deployment",
        "aws_api_gateway_stage",
        "canary_settings.*.deployment_id",
        (("rest_api_id", "rest_api_id"),),
        _apigw(
            "DeleteDeployment",
            400,
            "BadRequestException",
            "Active stages with canary settings pointing to this deployment must be moved or deleted",
        ),
        "internal/service/apigateway/deployment.go (resourceDeploymentDelete retries this once, then fails)",
    ),
    InUse(
        "aws_apigatewayv2_deployment",
        "aws_apigatewayv2_stage",
        "deployment_id",
        (("api_id", "api_id"),),
        _v2("DeleteDeployment", 400, "BadRequestException", "Deployment is currently in use by one or more stages"),
        "wording inferred (no quoted v2 error found); the REST rule of terraform-provider-aws#19805",
    ),
]

REFUSE: list[Refuse] = [
    *[
        Refuse(
            type_name,
            "enhanced_policy_needs_access_mode",
            _apigw(
                operation,
                400,
                "BadRequestException",
                "Endpoint access mode is required for the specified security policy",
            ),
            ENHANCED_POLICIES + ' ("When you use an enhanced security policy, you must also set the endpoint access '
            "mode\"); the message as quoted from the API in a public module's variable description",
        )
        for type_name, operation in (
            ("aws_api_gateway_domain_name", "CreateDomainName"),
            ("aws_api_gateway_rest_api", "CreateRestApi"),
        )
    ],
    *[
        Refuse(
            type_name,
            "access_mode_needs_enhanced_policy",
            _apigw(
                operation,
                400,
                "BadRequestException",
                "Endpoint access mode is only supported for security policies that start with SecurityPolicy_",
            ),
            'the API reference (endpointAccessMode: "Only available for ... security policies that start with '
            'SecurityPolicy_"); wording inferred',
        )
        for type_name, operation in (
            ("aws_api_gateway_domain_name", "CreateDomainName"),
            ("aws_api_gateway_rest_api", "CreateRestApi"),
        )
    ],
    *[
        Refuse(
            type_name,
            "policy_of_the_endpoint_type",
            _apigw(
                operation,
                400,
                "BadRequestException",
                "The security policy {security_policy} is not supported for the {type} endpoint type",
            ),
            "https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-security-policies-list.html "
            "(the policies of each endpoint type); wording inferred",
        )
        for type_name, operation in (
            ("aws_api_gateway_domain_name", "CreateDomainName"),
            ("aws_api_gateway_rest_api", "CreateRestApi"),
        )
    ],
    Refuse(
        "aws_api_gateway_domain_name",
        "mutual_tls_needs_legacy_policy",
        _apigw(
            "CreateDomainName",
            400,
            "BadRequestException",
            "Mutual TLS is not supported for domain names that use an enhanced security policy",
        ),
        CUSTOM_DOMAIN_POLICIES + " (\"You can't enable mutual TLS on a domain name that uses an enhanced security "
        'policy"); wording inferred',
    ),
    Refuse(
        "aws_api_gateway_domain_name",
        "private_domain_is_dualstack",
        _apigw(
            "CreateDomainName",
            400,
            "BadRequestException",
            "Private custom domain names support only the dualstack IP address type",
        ),
        "https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-custom-domain-ip-address-type.html "
        '("Private custom domain names can only have a dualstack IP address type"); wording inferred',
    ),
    *[
        Refuse(
            type_name,
            "no_mappings_on_rules_only_domain",
            error,
            ROUTING_MODES + ' (ROUTING_RULE_ONLY: "you can\'t create an API mapping"); wording inferred',
        )
        for type_name, error in (
            (
                "aws_api_gateway_base_path_mapping",
                _apigw(
                    "CreateBasePathMapping",
                    400,
                    "BadRequestException",
                    "Base path mappings cannot be created for a domain name with routing mode ROUTING_RULE_ONLY",
                ),
            ),
            (
                "aws_apigatewayv2_api_mapping",
                _v2(
                    "CreateApiMapping",
                    400,
                    "BadRequestException",
                    "API mappings cannot be created for a domain name with routing mode ROUTING_RULE_ONLY",
                ),
            ),
        )
    ],
    Refuse(
        "aws_apigatewayv2_routing_rule",
        "no_rules_on_mappings_only_domain",
        _v2(
            "CreateRoutingRule",
            400,
            "BadRequestException",
            "Routing rules cannot be created for a domain name with routing mode {mode}",
        ),
        ROUTING_MODES + ' (API_MAPPING_ONLY, the default: "you can\'t create a routing rule"); wording inferred',
    ),
    Refuse(
        "aws_apigatewayv2_api_mapping",
        "no_http_api_on_enhanced_domain",
        _v2(
            "CreateApiMapping",
            400,
            "BadRequestException",
            "HTTP APIs cannot be mapped to a domain name that uses an enhanced security policy",
        ),
        CUSTOM_DOMAIN_POLICIES + " (\"You can't map an HTTP API to a domain name that uses an enhanced security "
        'policy"); wording inferred',
    ),
    Refuse(
        "aws_apigatewayv2_routing_rule",
        "routing_rule_invokes_rest_api",
        _v2("CreateRoutingRule", 404, "NotFoundException", "Invalid API identifier specified {api_id}"),
        ROUTING_RULES + ' ("the only supported action is to invoke a stage of a REST API"); wording inferred from '
        "CreateApiMapping's",
    ),
    Refuse(
        "aws_apigatewayv2_routing_rule",
        "routing_rule_stage_exists",
        _v2("CreateRoutingRule", 404, "NotFoundException", "Invalid stage identifier specified"),
        ROUTING_RULES + "; wording inferred from CreateApiMapping's",
    ),
    Refuse(
        "aws_api_gateway_stage",
        "rest_stage_access_logs_need_role",
        _apigw("UpdateStage", 400, "BadRequestException", LOGGING_ROLE),
        LOGGING_SOURCE,
    ),
    Refuse(
        "aws_api_gateway_method_settings",
        "rest_method_settings_logging_need_role",
        _apigw("UpdateStage", 400, "BadRequestException", LOGGING_ROLE),
        LOGGING_SOURCE + "; VirtusLab/besom#347 (method settings)",
    ),
    Refuse(
        "aws_apigatewayv2_stage",
        "websocket_stage_logging_needs_role",
        _v2("CreateStage", 400, "BadRequestException", LOGGING_ROLE),
        LOGGING_SOURCE,
    ),
    Refuse(
        "aws_apigatewayv2_stage",
        "http_stage_has_no_execution_logs",
        _v2("CreateStage", 400, "BadRequestException", "Execution logs are not supported on protocolType HTTP"),
        "terraform-provider-aws#14010, #13801 (quoted)",
    ),
    Refuse(
        "aws_apigatewayv2_authorizer",
        "websocket_authorizers_are_request",
        _v2(
            "CreateAuthorizer",
            400,
            "BadRequestException",
            "Invalid authorizer type. Only REQUEST authorizer type is supported on WEBSOCKET protocol Apis.",
        ),
        "https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-lambda-auth.html "
        "(REQUEST only); wording inferred (emulator)",
    ),
    Refuse(
        "aws_apigatewayv2_authorizer",
        "http_request_authorizer_payload_version",
        _v2(
            "CreateAuthorizer",
            400,
            "BadRequestException",
            "AuthorizerPayloadFormatVersion is a required parameter for REQUEST authorizer",
        ),
        "terraform-provider-aws#15181 (quoted)",
    ),
    Refuse(
        "aws_apigatewayv2_integration",
        "http_integrations_are_proxies",
        _v2(
            "CreateIntegration",
            400,
            "BadRequestException",
            "Currently, an API with a protocol type of HTTP may only be associated with proxy integrations "
            "(AWS_PROXY, HTTP_PROXY)",
        ),
        "aws/aws-cli#6363 (quoted)",
    ),
    Refuse(
        "aws_api_gateway_integration",
        "rest_integration_timeout",
        _apigw("PutIntegration", 400, "BadRequestException", "Timeout should be between 50 ms and 29000 ms"),
        "aws/aws-cdk#31063 (quoted); the provider allows up to 300000 at plan (PR #38010), AWS refuses above 29000 "
        "unless the account's quota was raised",
    ),
    Refuse(
        "aws_apigatewayv2_integration",
        "http_integration_timeout",
        _v2("CreateIntegration", 400, "BadRequestException", "Timeout should be between 50 ms and 30000 ms"),
        "https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-integrations.html (TimeoutInMillis: "
        "50-30,000 ms for HTTP APIs); wording inferred from the REST API's",
    ),
    Refuse(
        "aws_apigatewayv2_integration",
        "websocket_integration_timeout",
        _v2("CreateIntegration", 400, "BadRequestException", "Timeout should be between 50 ms and 29000 ms"),
        "https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-execution-service-websocket-limits-table.html"
        " (50-29,000 ms); wording inferred from the REST API's",
    ),
    Refuse(
        "aws_api_gateway_integration",
        "cache_key_parameters_declared",
        _apigw("PutIntegration", 400, "BadRequestException", "Invalid cache key parameter specified"),
        "DianaIonita/serverless-api-gateway-caching#65 (quoted); awsdocs/aws-cloudformation-user-guide#177",
    ),
    Refuse(
        "aws_wafv2_web_acl_association",
        "waf_protects_rest_stages_only",
        AwsError(
            "WAFV2",
            "AssociateWebACL",
            400,
            "WAFInvalidParameterException",
            "Error reason: The ARN isn't valid. A valid ARN begins with arn: and includes other information separated "
            "by colons or slashes., field: RESOURCE_ARN, parameter: {arn}",
        ),
        "https://docs.aws.amazon.com/waf/latest/APIReference/API_AssociateWebACL.html (REST API stages only); the "
        "exception's format as quoted in terraform-provider-aws#28753",
    ),
    Refuse(
        "aws_wafv2_web_acl_association",
        "waf_target_exists",
        AwsError(
            "WAFV2",
            "AssociateWebACL",
            400,
            "WAFNonexistentItemException",
            "AWS WAF couldn’t perform the operation because your resource doesn’t exist.",
        ),
        "aws-samples/serverless-patterns#2173 (quoted)",
    ),
    Refuse(
        "aws_api_gateway_deployment",
        "deployment_needs_methods",
        _apigw("CreateDeployment", 400, "BadRequestException", "The REST API doesn't contain any methods"),
        "Clarifai/lambdafai#57, sst#3976 (quoted)",
        ops=("create",),
    ),
    Refuse(
        "aws_api_gateway_deployment",
        "deployment_needs_integrations",
        _apigw("CreateDeployment", 400, "BadRequestException", "No integration defined for method"),
        "terraform-provider-aws#21210, #27271 (quoted)",
        ops=("create",),
    ),
    Refuse(
        "aws_lambda_alias",
        "lambda_alias_versions_published",
        _lambda_not_found("CreateAlias"),
        LAMBDA_NOT_FOUND_SOURCE,
    ),
    Refuse(
        "aws_lambda_alias",
        "lambda_alias_routes_to_another_version",
        AwsError(
            LAMBDA,
            "CreateAlias",
            400,
            "InvalidParameterValueException",
            "Invalid function version {version}. Function version {version} is already included in routing "
            "configuration.",
        ),
        "serverless/serverless#7250 (quoted)",
    ),
    Refuse(
        "aws_lambda_provisioned_concurrency_config",
        "provisioned_concurrency_on_a_published_version",
        AwsError(
            LAMBDA,
            "PutProvisionedConcurrencyConfig",
            400,
            "InvalidParameterValueException",
            "Provisioned Concurrency Configs cannot be applied to unpublished function versions.",
        ),
        "terraform-provider-aws#12120 (quoted); "
        "https://docs.aws.amazon.com/lambda/latest/dg/provisioned-concurrency.html (a version or alias, not $LATEST)",
    ),
    Refuse(
        "aws_lambda_provisioned_concurrency_config",
        "lambda_qualifier_exists",
        _lambda_not_found("PutProvisionedConcurrencyConfig"),
        LAMBDA_NOT_FOUND_SOURCE + "; wording inferred from CreateAlias's",
    ),
    Refuse(
        "aws_lambda_permission",
        "lambda_qualifier_exists",
        _lambda_not_found("AddPermission"),
        LAMBDA_NOT_FOUND_SOURCE + "; wording inferred from CreateAlias's",
    ),
    Refuse(
        "aws_codedeploy_deployment_group",
        "codedeploy_deployment_config_exists",
        AwsError(
            "CodeDeploy",
            "CreateDeploymentGroup",
            400,
            "DeploymentConfigDoesNotExistException",
            "No deployment configuration found for name: {name}",
        ),
        "https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_CreateDeploymentGroup.html "
        "(DeploymentConfigDoesNotExistException); wording inferred from ApplicationDoesNotExistException's",
    ),
    Refuse(
        "aws_cloudtrail",
        "cloudtrail_bucket_policy_allows_cloudtrail",
        AwsError(
            "CloudTrail",
            "CreateTrail",
            400,
            "InsufficientS3BucketPolicyException",
            "Incorrect S3 bucket policy is detected for bucket: {bucket}",
        ),
        "hashicorp/terraform#29991, cloudposse/terraform-aws-cloudtrail-s3-bucket#90 (quoted: the trail created "
        "before its bucket policy); https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html",
        ops=("create",),
    ),
    Refuse(
        "aws_api_gateway_account",
        "account_role_trusts_apigateway",
        _apigw(
            "UpdateAccount",
            400,
            "BadRequestException",
            "The role ARN does not have required permissions configured. Please grant trust permission for API "
            "Gateway and add the required role policy.",
        ),
        "aws-cloudformation/rain#163 (quoted); internal/service/apigateway/account.go retries it while IAM propagates",
    ),
]

# What the provider calls the object in its error lines ("creating API Gateway Method: ...").
LABELS: dict[str, str] = {
    "aws_api_gateway_account": "API Gateway Account",
    "aws_api_gateway_base_path_mapping": "API Gateway Base Path Mapping",
    "aws_api_gateway_deployment": "API Gateway Deployment",
    "aws_api_gateway_domain_name": "API Gateway Domain Name",
    "aws_api_gateway_integration": "API Gateway Integration",
    "aws_api_gateway_integration_response": "API Gateway Integration Response",
    "aws_api_gateway_method": "API Gateway Method",
    "aws_api_gateway_method_response": "API Gateway Method Response",
    "aws_api_gateway_method_settings": "API Gateway Stage",
    "aws_api_gateway_resource": "API Gateway Resource",
    "aws_api_gateway_stage": "API Gateway Stage",
    "aws_api_gateway_usage_plan": "API Gateway Usage Plan",
    "aws_api_gateway_usage_plan_key": "API Gateway Usage Plan Key",
    "aws_apigatewayv2_api_mapping": "API Gateway v2 API mapping",
    "aws_apigatewayv2_authorizer": "API Gateway v2 Authorizer",
    "aws_apigatewayv2_deployment": "API Gateway v2 Deployment",
    "aws_apigatewayv2_domain_name": "API Gateway v2 Domain Name",
    "aws_apigatewayv2_integration": "API Gateway v2 Integration",
    "aws_apigatewayv2_route": "API Gateway v2 Route",
    "aws_apigatewayv2_routing_rule": "API Gateway v2 Routing Rule",
    "aws_api_gateway_domain_name_access_association": "API Gateway Domain Name Access Association",
    "aws_api_gateway_rest_api": "API Gateway REST API",
    "aws_apigatewayv2_stage": "API Gateway v2 Stage",
    "aws_cloudwatch_log_group": "CloudWatch Logs Log Group",
    "aws_dynamodb_table": "DynamoDB Table",
    "aws_iam_policy": "IAM Policy",
    "aws_iam_role": "IAM Role",
    "aws_lambda_function": "Lambda Function",
    "aws_lambda_permission": "Lambda Permission",
    "aws_lambda_alias": "Lambda Alias",
    "aws_lambda_provisioned_concurrency_config": "Lambda Provisioned Concurrency Config",
    "aws_codedeploy_deployment_group": "CodeDeploy Deployment Group",
    "aws_cloudtrail": "CloudTrail Trail",
    "aws_wafv2_ip_set": "WAFv2 IPSet",
    "aws_wafv2_web_acl": "WAFv2 WebACL",
    "aws_wafv2_web_acl_association": "WAFv2 WebACL Association",
}

# Objects whose Terraform id is not unique in a region: the account keys them by these attributes too.
SCOPED_IDS: dict[str, tuple[str, ...]] = {
    "aws_apigatewayv2_stage": ("api_id",),
    "aws_api_gateway_usage_plan_key": ("usage_plan_id",),
    "aws_lambda_permission": ("view:function", "view:qualifier"),
    # a Framework resource with no id attribute: a rule is known by its domain and routing_rule_id
    "aws_apigatewayv2_routing_rule": ("domain_name", "routing_rule_id"),
}

# Account-wide services (IAM): one namespace per account, not per region.
GLOBAL_TYPES = frozenset(
    {
        "aws_iam_role",
        "aws_iam_policy",
        "aws_iam_role_policy",
        "aws_iam_role_policy_attachment",
        "aws_iam_openid_connect_provider",
        "aws_iam_user",
        "aws_iam_group",
    }
)
