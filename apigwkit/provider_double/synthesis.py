"""Values the real AWS API would return at apply time, synthesised deterministically.

Identifiers are derived from a hash of the resource type and its configured values, so the
same configuration gets the same ids on every run, in the formats AWS uses (API ids of ten
lowercase characters, execution ARNs, invoke URLs, Lambda invoke ARNs, …).
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
import string
import uuid
from typing import Any

from apigwkit.provider_double.codec import Dynamic
from apigwkit.provider_double.values import UNKNOWN

_APIGW_HOST = "{api}.execute-api.{region}.amazonaws.com"
_EXEC_ARN = "arn:aws:execute-api:{region}:{account}:"
_LAMBDA_ARN = "arn:aws:lambda:{region}:{account}:function:{function_name}"

# Per resource type: how each computed attribute is formed. Entries are resolved in order, so a
# later template may use an earlier one ({id}, {arn}). Tokens: planned values by attribute name,
# {region}, {account}, and generated ids: {rid6}, {rid7}, {rid10} (lowercase alphanumeric),
# {hex8}, {hex17}, {uuid}, {digits26}, {unique26} (id.PrefixedUniqueId's suffix).
TEMPLATES: dict[str, dict[str, str]] = {
    "aws_apigatewayv2_api": {
        "id": "{rid10}",
        "api_endpoint": "{scheme}://" + _APIGW_HOST.replace("{api}", "{id}"),
        "arn": "arn:aws:apigateway:{region}::/apis/{id}",
        "execution_arn": _EXEC_ARN + "{id}",
    },
    "aws_apigatewayv2_stage": {
        "id": "{name}",
        "arn": "arn:aws:apigateway:{region}::/apis/{api_id}/stages/{name}",
        "execution_arn": _EXEC_ARN + "{api_id}/{name}",
        "invoke_url": "{api_scheme}://" + _APIGW_HOST.replace("{api}", "{api_id}") + "{stage_path}",
    },
    "aws_apigatewayv2_integration": {"id": "{rid7}", "integration_response_selection_expression": ""},
    "aws_apigatewayv2_route": {"id": "{rid7}"},
    "aws_apigatewayv2_authorizer": {"id": "{rid6}"},
    "aws_apigatewayv2_deployment": {"id": "{rid6}"},
    "aws_apigatewayv2_vpc_link": {"id": "{rid6}", "arn": "arn:aws:apigateway:{region}::/vpclinks/{id}"},
    "aws_apigatewayv2_domain_name": {
        "id": "{domain_name}",
        "arn": "arn:aws:apigateway:{region}::/domainnames/{domain_name}",
        "api_mapping_selection_expression": "$request.basepath",
    },
    "aws_apigatewayv2_api_mapping": {"id": "{rid6}"},
    "aws_apigatewayv2_route_response": {"id": "{rid6}"},
    "aws_apigatewayv2_integration_response": {"id": "{rid6}"},
    "aws_api_gateway_rest_api": {
        "id": "{rid10}",
        "root_resource_id": "{rid10}",
        "arn": "arn:aws:apigateway:{region}::/restapis/{id}",
        "execution_arn": _EXEC_ARN + "{id}",
    },
    "aws_api_gateway_resource": {"id": "{rid6}", "path": "/{path_part}"},
    "aws_api_gateway_method": {"id": "agm-{rest_api_id}-{resource_id}-{http_method}"},
    "aws_api_gateway_integration": {"id": "agi-{rest_api_id}-{resource_id}-{http_method}"},
    "aws_api_gateway_method_response": {"id": "agmr-{rest_api_id}-{resource_id}-{http_method}-{status_code}"},
    "aws_api_gateway_integration_response": {"id": "agir-{rest_api_id}-{resource_id}-{http_method}-{status_code}"},
    "aws_api_gateway_deployment": {
        "id": "{rid6}",
        "invoke_url": "https://" + _APIGW_HOST.replace("{api}", "{rest_api_id}") + "/",
        "execution_arn": _EXEC_ARN + "{rest_api_id}/",
    },
    "aws_api_gateway_stage": {
        "id": "ags-{rest_api_id}-{stage_name}",
        "arn": "arn:aws:apigateway:{region}::/restapis/{rest_api_id}/stages/{stage_name}",
        "invoke_url": "https://" + _APIGW_HOST.replace("{api}", "{rest_api_id}") + "/{stage_name}",
        "execution_arn": _EXEC_ARN + "{rest_api_id}/{stage_name}",
    },
    "aws_api_gateway_authorizer": {
        "id": "{rid6}",
        "arn": "arn:aws:apigateway:{region}::/restapis/{rest_api_id}/authorizers/{id}",
    },
    "aws_api_gateway_model": {"id": "{rid6}"},
    "aws_api_gateway_request_validator": {"id": "{rid6}"},
    "aws_api_gateway_gateway_response": {"id": "aggr-{rest_api_id}-{response_type}"},
    "aws_api_gateway_usage_plan": {"id": "{rid6}", "arn": "arn:aws:apigateway:{region}::/usageplans/{id}"},
    "aws_api_gateway_api_key": {
        "id": "{rid10}",
        "value": "{rid10}{rid10}{rid10}{rid10}",
        "arn": "arn:aws:apigateway:{region}::/apikeys/{id}",
    },
    "aws_api_gateway_usage_plan_key": {"id": "{key_id}"},
    "aws_api_gateway_vpc_link": {"id": "{rid6}", "arn": "arn:aws:apigateway:{region}::/vpclinks/{id}"},
    # A private domain name has an id of its own: the Terraform id is NAME/ID and its ARN names NAME+ID with the
    # account (internal/service/apigateway/domain_name.go; the API's DomainName.domainNameId); a public one has none.
    "aws_api_gateway_domain_name": {
        "domain_name_id": "{private_id}",
        "id": "{domain_name}{private_id_suffix}",
        "arn": "arn:aws:apigateway:{region}:{private_account}:/domainnames/{domain_name}{private_arn_suffix}",
        "regional_domain_name": "d-{rid10}.execute-api.{region}.amazonaws.com",
        "cloudfront_domain_name": "d{rid10}.cloudfront.net",
        "cloudfront_zone_id": "Z2FDTNDATAQYW2",  # CloudFront's hosted zone, the provider's constant
    },
    "aws_api_gateway_domain_name_access_association": {
        "arn": "arn:aws:apigateway:{region}:{account}:/domainnameaccessassociations/domainname/"
        "{association_domain}/vpcesource/{access_association_source}",
        "id": "{arn}",
    },
    "aws_apigatewayv2_routing_rule": {
        "routing_rule_id": "{rid6}",
        "routing_rule_arn": "arn:aws:apigateway:{region}:{account}:/domainnames/{domain_name}/routingrules/"
        "{routing_rule_id}",
    },
    "aws_api_gateway_base_path_mapping": {"id": "{domain_name}/{base_path}"},
    "aws_api_gateway_method_settings": {"id": "{rest_api_id}-{stage_name}-{method_path}"},
    "aws_api_gateway_account": {"id": "{account}"},  # 6.x: the framework resource's id is the account id
    "aws_lambda_function": {
        "id": "{function_name}",
        "arn": _LAMBDA_ARN,
        "invoke_arn": "arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/" + _LAMBDA_ARN + "/invocations",
        "qualified_arn": _LAMBDA_ARN + ":$LATEST",
        "qualified_invoke_arn": "arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/"
        + _LAMBDA_ARN
        + ":$LATEST/invocations",
        "version": "$LATEST",
        "last_modified": "2026-01-01T00:00:00.000+0000",
        "code_sha256": "{source_code_hash}",
    },
    "aws_lambda_permission": {"id": "{statement_id}"},
    "aws_lambda_alias": {
        "id": _LAMBDA_ARN + ":{name}",
        "arn": _LAMBDA_ARN + ":{name}",
        "invoke_arn": "arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/"
        + _LAMBDA_ARN
        + ":{name}/invocations",
    },
    "aws_lambda_provisioned_concurrency_config": {"id": "{function_name},{qualifier}"},
    "aws_appautoscaling_target": {
        "id": "{resource_id}",
        "arn": "arn:aws:application-autoscaling:{region}:{account}:scalable-target/{hex17}",
    },
    "aws_appautoscaling_policy": {
        "id": "{name}",
        "arn": "arn:aws:autoscaling:{region}:{account}:scalingPolicy:{uuid}:resource/{service_namespace}/{resource_id}"
        ":policyName/{name}",
    },
    "aws_codedeploy_app": {
        "application_id": "{uuid}",
        "id": "{application_id}:{name}",
        "arn": "arn:aws:codedeploy:{region}:{account}:application:{name}",
    },
    "aws_codedeploy_deployment_group": {
        "deployment_group_id": "{uuid}",
        "id": "{deployment_group_id}",
        "arn": "arn:aws:codedeploy:{region}:{account}:deploymentgroup:{app_name}/{deployment_group_name}",
    },
    "aws_codedeploy_deployment_config": {
        "deployment_config_id": "{uuid}",
        "id": "{deployment_config_name}",
        "arn": "arn:aws:codedeploy:{region}:{account}:deploymentconfig:{deployment_config_name}",
    },
    "aws_ssm_parameter": {"id": "{name}", "arn": "arn:aws:ssm:{region}:{account}:parameter{parameter_path}"},
    "aws_secretsmanager_secret": {
        "arn": "arn:aws:secretsmanager:{region}:{account}:secret:{name}-{RID6}",
        "id": "{arn}",
    },
    "aws_cloudtrail": {
        "arn": "arn:aws:cloudtrail:{region}:{account}:trail/{name}",
        "id": "{arn}",
        "home_region": "{region}",
    },
    "aws_kinesis_firehose_delivery_stream": {
        "arn": "arn:aws:firehose:{region}:{account}:deliverystream/{name}",
        "id": "{arn}",
    },
    "aws_cloudwatch_log_subscription_filter": {"id": "cwlsf-{digits26}"},
    **{
        f"aws_s3_bucket_{part}": {"id": "{bucket}"}
        for part in (
            "policy",
            "versioning",
            "public_access_block",
            "server_side_encryption_configuration",
            "object_lock_configuration",
            "lifecycle_configuration",
            "ownership_controls",
            "logging",
        )
    },
    "aws_iam_role": {"id": "{name}", "arn": "arn:aws:iam::{account}:role{path}{name}", "unique_id": "AROA{HEX17}"},
    "aws_iam_policy": {"id": "{arn}", "arn": "arn:aws:iam::{account}:policy{path}{name}", "policy_id": "ANPA{HEX17}"},
    "aws_iam_role_policy": {"id": "{role}:{name}"},
    # 6.x: @IdAttrFormat("{role}/{policy_arn}") (iam/role_policy_attachment.go)
    "aws_iam_role_policy_attachment": {"id": "{role}/{policy_arn}"},
    "aws_iam_openid_connect_provider": {"arn": "arn:aws:iam::{account}:oidc-provider/{url_host}", "id": "{arn}"},
    "aws_cloudwatch_log_group": {"id": "{name}", "arn": "arn:aws:logs:{region}:{account}:log-group:{name}"},
    "aws_cloudwatch_metric_alarm": {
        "id": "{alarm_name}",
        "arn": "arn:aws:cloudwatch:{region}:{account}:alarm:{alarm_name}",
    },
    "aws_dynamodb_table": {"id": "{name}", "arn": "arn:aws:dynamodb:{region}:{account}:table/{name}"},
    "aws_sns_topic": {"id": "{arn}", "arn": "arn:aws:sns:{region}:{account}:{name}"},
    "aws_s3_bucket": {
        "id": "{bucket}",
        "arn": "arn:aws:s3:::{bucket}",
        "bucket_domain_name": "{bucket}.s3.amazonaws.com",
        "bucket_regional_domain_name": "{bucket}.s3.{region}.amazonaws.com",
    },
    "aws_wafv2_web_acl": {"id": "{uuid}", "arn": "arn:aws:wafv2:{region}:{account}:regional/webacl/{name}/{id}"},
    "aws_wafv2_ip_set": {"id": "{uuid}", "arn": "arn:aws:wafv2:{region}:{account}:regional/ipset/{name}/{id}"},
    "aws_wafv2_web_acl_association": {"id": "{web_acl_arn},{resource_arn}"},
    "aws_wafv2_web_acl_logging_configuration": {"id": "{resource_arn}"},
    "aws_cognito_user_pool": {
        "id": "{region}_{RID9}",
        "arn": "arn:aws:cognito-idp:{region}:{account}:userpool/{id}",
        "endpoint": "cognito-idp.{region}.amazonaws.com/{id}",
    },
    "aws_cognito_user_pool_client": {"id": "{rid10}{rid10}{rid6}"},
    "aws_acm_certificate": {"id": "{arn}", "arn": "arn:aws:acm:{region}:{account}:certificate/{uuid}"},
    "aws_kms_key": {"id": "{uuid}", "key_id": "{id}", "arn": "arn:aws:kms:{region}:{account}:key/{id}"},
    "aws_vpc": {"id": "vpc-{hex17}", "arn": "arn:aws:ec2:{region}:{account}:vpc/{id}"},
    "aws_subnet": {"id": "subnet-{hex17}", "arn": "arn:aws:ec2:{region}:{account}:subnet/{id}"},
    "aws_vpc_endpoint": {"id": "vpce-{hex17}", "arn": "arn:aws:ec2:{region}:{account}:vpc-endpoint/{id}"},
    "aws_security_group": {"id": "sg-{hex17}", "arn": "arn:aws:ec2:{region}:{account}:security-group/{id}"},
    "aws_lb_listener": {"arn": "{listener_prefix}/{hex17}", "id": "{arn}"},
    "aws_lb_listener_rule": {"arn": "{rule_prefix}/{hex17}", "id": "{arn}"},
    "aws_lb_target_group": {
        "arn": "arn:aws:elasticloadbalancing:{region}:{account}:targetgroup/{name}/{hex17}",
        "id": "{arn}",
    },
    "aws_lb": {
        "arn": "arn:aws:elasticloadbalancing:{region}:{account}:loadbalancer/{lbkind}/{name}/{hex17}",
        "id": "{arn}",
        "dns_name": "{name}-{hex8}.elb.{region}.amazonaws.com",
    },
}


def _v2_logging_off(protocol: str | None) -> str:
    return "OFF" if protocol == "WEBSOCKET" else ""


# Computed values AWS fills in when the configuration leaves them unset (attribute, or BLOCK.ATTRIBUTE for
# every element of a nested block); a callable receives the protocol of the v2 API the object belongs to.
# Sources: the provider's Read of each type (internal/service/apigateway*/...) and the AWS API references.
AWS_DEFAULTS: dict[str, dict[str, Any]] = {
    # TimeoutInMillis: 30,000 ms for HTTP APIs, 29,000 ms for WebSocket APIs (apis-apiid-integrations.html)
    "aws_apigatewayv2_integration": {"timeout_milliseconds": lambda p: 29000 if p == "WEBSOCKET" else 30000},
    # DefaultRouteSettings always comes back; WebSocket stages report execution logging OFF
    "aws_apigatewayv2_stage": {
        "default_route_settings.logging_level": _v2_logging_off,
        "route_settings.logging_level": _v2_logging_off,
    },
    # GetStage's MethodSettings for a path: throttling -1 (the provider always sends -1 unless configured),
    # logging OFF, cache TTL 300, authorization required for cache control (provider issue #1550)
    "aws_api_gateway_method_settings": {
        "settings.logging_level": "OFF",
        "settings.metrics_enabled": False,
        "settings.data_trace_enabled": False,
        "settings.caching_enabled": False,
        "settings.cache_ttl_in_seconds": 300,
        "settings.cache_data_encrypted": False,
        "settings.require_authorization_for_cache_control": True,
        "settings.unauthorized_cache_control_header_strategy": "SUCCEED_WITH_RESPONSE_HEADER",
        "settings.throttling_burst_limit": -1,
        "settings.throttling_rate_limit": -1.0,
    },
    # GetAccount: the region's default account throttle, API key version 4, the UsagePlans feature
    "aws_api_gateway_account": {
        "throttle_settings": [{"burst_limit": 5000, "rate_limit": 10000}],
        "api_key_version": "4",
        "features": ["UsagePlans"],
        "cloudwatch_role_arn": "",
    },
    "aws_api_gateway_integration": {"passthrough_behavior": "WHEN_NO_MATCH", "connection_type": "INTERNET"},
    # GetFunction's SnapStart: OptimizationStatus On once ApplyOn is PublishedVersions (flattenSnapStart)
    "aws_lambda_function": {"snap_start.optimization_status": "On"},
    # GetParameter: the first version is 1; the Standard tier and the text data type unless set
    "aws_ssm_parameter": {"version": 1, "tier": "Standard", "data_type": "text"},
    # GetDomainName: a domain routes by its mappings until told otherwise, takes TLS_1_2 and answers IPv4
    # (set-routing-mode.html: "This is the default routing mode"; apigateway-security-policies-list.html, default
    # security policies; rest-custom-domain-ip-address-type.html)
    "aws_api_gateway_domain_name": {
        "routing_mode": "BASE_PATH_MAPPING_ONLY",
        "security_policy": "TLS_1_2",
        "endpoint_configuration.ip_address_type": "ipv4",
    },
    "aws_apigatewayv2_domain_name": {
        "routing_mode": "API_MAPPING_ONLY",
        "domain_name_configuration.ip_address_type": "ipv4",
    },
    "aws_apigatewayv2_api": {"ip_address_type": "ipv4"},
}


def _aws_default(type_name: str, path: str, protocol: str | None) -> Any:
    value = AWS_DEFAULTS.get(type_name, {}).get(path, UNKNOWN)
    return value(protocol) if callable(value) else value


def _alnum(digest: bytes, n: int, alphabet: str) -> str:
    number = int.from_bytes(digest, "big")
    out = []
    for _ in range(n):
        number, r = divmod(number, len(alphabet))
        out.append(alphabet[r])
    return "".join(out)


def _canonical(value: Any) -> Any:
    if value is UNKNOWN:
        return "<unknown>"
    if isinstance(value, Dynamic):
        return {"type": value.type, "value": _canonical(value.value)}
    if isinstance(value, dict):
        return {k: _canonical(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_canonical(v) for v in value]
    return value


class _Tokens(dict):
    """str.format_map mapping that mints ids on demand, each token a fresh slice of the seed."""

    def __init__(self, seed: bytes, known: dict[str, Any]) -> None:
        super().__init__(known)
        self.seed = seed
        self.counter = 0

    def _digest(self) -> bytes:
        self.counter += 1
        return hashlib.sha256(self.seed + self.counter.to_bytes(4, "big")).digest()

    def __missing__(self, key: str) -> str:
        lower = string.ascii_lowercase + string.digits
        generators = {
            "rid6": lambda: _alnum(self._digest(), 6, lower),
            "rid7": lambda: _alnum(self._digest(), 7, lower),
            "rid10": lambda: _alnum(self._digest(), 10, lower),
            "RID6": lambda: _alnum(self._digest(), 6, string.ascii_letters + string.digits),
            "RID9": lambda: _alnum(self._digest(), 9, string.ascii_letters + string.digits),
            "hex8": lambda: self._digest().hex()[:8],
            "hex17": lambda: self._digest().hex()[:17],
            "HEX17": lambda: _alnum(self._digest(), 17, string.ascii_uppercase + string.digits),
            "uuid": lambda: str(uuid.UUID(bytes=self._digest()[:16], version=4)),
            "digits26": lambda: str(int.from_bytes(self._digest(), "big"))[:26],
            "unique26": lambda: _unique_id_suffix(self._digest()),
        }
        if key in generators:
            return generators[key]()
        raise KeyError(key)


_UNIQUE_ID_EPOCH = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)


def _unique_id_suffix(digest: bytes) -> str:
    """The shape of terraform-plugin-sdk ``id.PrefixedUniqueId``'s suffix (``helper/id/id.go``,
    ``UniqueIDSuffixLength`` 26): the UTC time as ``20060102150405`` plus four fractional-second digits, then an
    8-hex-digit counter. Derived from the seed (not the clock) so that a re-plan synthesizes the same name."""
    ticks = int.from_bytes(digest[:8], "big") % (366 * 86400 * 10_000)  # 1/10000 s within a year
    moment = _UNIQUE_ID_EPOCH + datetime.timedelta(microseconds=ticks * 100)
    return moment.strftime("%Y%m%d%H%M%S") + f"{moment.microsecond // 100:04d}" + digest[8:12].hex()


# The name a resource with a prefix attribute gets when the configuration names it not: create.Name's
# id.UniqueId() is "terraform-" + the 26-character suffix (internal/create/naming.go); a few types pass their own
# default prefix to create.NewNameGenerator (elbv2/load_balancer.go "tf-lb-", elbv2/target_group.go "tf-").
_NAME_ATTRIBUTES = {"aws_s3_bucket": ("bucket", "bucket_prefix")}  # s3/bucket.go: create.Name(bucket, bucket_prefix)
_DEFAULT_PREFIXES = {"aws_lb": "tf-lb-", "aws_lb_target_group": "tf-"}
_GENERATED_SUFFIX = re.compile(r"(.+)[0-9A-Fa-f]{26}")  # create.NamePrefixFromName: [[:xdigit:]]{26}$


def _generate_name(type_name: str, block: dict, result: dict, tokens: _Tokens) -> None:
    name, prefix = _NAME_ATTRIBUTES.get(type_name, ("name", "name_prefix"))
    if prefix not in block.get("attributes", {}):
        return
    if result.get(name) is UNKNOWN:
        given = result.get(prefix)
        start = given if isinstance(given, str) else _DEFAULT_PREFIXES.get(type_name, "terraform-")
        result[name] = start + tokens["unique26"]  # id.PrefixedUniqueId(prefix)
    if result.get(prefix) is UNKNOWN and isinstance(result.get(name), str):
        # Read sets create.NamePrefixFromName(name): what precedes a 26-hex-digit suffix
        # (null for any other name: not reproduced, as the planner would re-plan a null computed value unknown and
        # replace the resource; such a name keeps the generic fallback below)
        generated = _GENERATED_SUFFIX.fullmatch(result[name])
        if generated:
            result[prefix] = generated.group(1)
    for attr in (name, prefix):
        if isinstance(result.get(attr), str):
            tokens[attr] = result[attr]


def seed_for(type_name: str, values: dict[str, Any]) -> bytes:
    text = json.dumps([type_name, _canonical(values)], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).digest()


def _service_of(type_name: str) -> str:
    parts = type_name.split("_")
    return parts[1] if len(parts) > 1 else "unknown"


def _fallback(name: str, type_: Any, tokens: _Tokens, type_name: str) -> Any:
    """A plausible value for a computed attribute no template covers."""
    if type_ == "string":
        if name == "id":
            return tokens["rid10"]
        if name == "arn" or name.endswith("_arn"):
            resource = tokens.get("name") or tokens.get("id") or _alnum(tokens._digest(), 10, string.ascii_lowercase)
            kind = type_name.split("_", 2)[-1].replace("_", "-")
            return f"arn:aws:{_service_of(type_name)}:{tokens['region']}:{tokens['account']}:{kind}/{resource}"
        if name in ("created_date", "creation_date", "last_modified", "create_date", "last_updated_date"):
            return "2026-01-01T00:00:00Z"
        return f"{name}-{tokens._digest().hex()[:8]}"
    if type_ == "number":
        return 0
    if type_ == "bool":
        return False
    if type_ == "dynamic":
        return None
    kind = type_[0]
    if kind in ("list", "set", "tuple"):
        return []
    if kind == "map":
        return {}
    return None


def fill_unknowns(
    type_name: str,
    block: dict,
    planned: dict,
    *,
    region: str,
    account: str,
    prior_id: str | None = None,
    api_protocol: str | None = None,
    attempt: int = 0,
) -> dict:
    """Replace every unknown value of a planned object with what AWS would have returned.

    ``api_protocol`` is the protocol of the API a v2 stage belongs to (its invoke URL is wss:// for a
    WebSocket API); ``attempt`` > 0 mints other identifiers (the account already holds the first ones).
    """
    result = dict(planned)
    known = {k: v for k, v in planned.items() if v is not UNKNOWN and isinstance(v, str | int | float)}
    if type_name == "aws_apigatewayv2_api":
        known["scheme"] = "wss" if planned.get("protocol_type") == "WEBSOCKET" else "https"
    if type_name == "aws_apigatewayv2_stage":
        known["api_scheme"] = "wss" if api_protocol == "WEBSOCKET" else "https"
        known["stage_path"] = "/" if planned.get("name") == "$default" else f"/{planned.get('name')}"
    if type_name == "aws_iam_openid_connect_provider" and isinstance(planned.get("url"), str):
        known["url_host"] = planned["url"].split("://", 1)[-1]  # IAM drops the scheme from the provider's ARN
    if type_name == "aws_lb_listener" and isinstance(planned.get("load_balancer_arn"), str):
        # a listener's ARN extends its load balancer's: ...:listener/app/NAME/LB-ID/LISTENER-ID
        known["listener_prefix"] = planned["load_balancer_arn"].replace(":loadbalancer/", ":listener/", 1)
    if type_name == "aws_lb_listener_rule" and isinstance(planned.get("listener_arn"), str):
        # a rule's ARN extends its listener's: ...:listener-rule/app/NAME/LB-ID/LISTENER-ID/RULE-ID
        # (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awselasticloadbalancingv2.html)
        known["rule_prefix"] = planned["listener_arn"].replace(":listener/", ":listener-rule/", 1)
    if type_name == "aws_api_gateway_domain_name":
        private = (planned.get("endpoint_configuration") or [{}])[0].get("types") == ["PRIVATE"]
        domain_id = _alnum(seed_for(type_name, planned), 8, string.ascii_lowercase + string.digits) if private else ""
        known.update(
            private_id=domain_id,
            private_id_suffix=f"/{domain_id}" if private else "",
            private_arn_suffix=f"+{domain_id}" if private else "",
            private_account=account if private else "",
        )
    if type_name == "aws_api_gateway_domain_name_access_association" and isinstance(
        planned.get("domain_name_arn"), str
    ):
        known["association_domain"] = planned["domain_name_arn"].rsplit("/domainnames/", 1)[-1]
    if type_name == "aws_lb":
        known["lbkind"] = {"network": "net", "gateway": "gwy"}.get(planned.get("load_balancer_type") or "", "app")
    if type_name == "aws_ssm_parameter" and isinstance(planned.get("name"), str):
        # a parameter's ARN has one slash before its name: parameter/a/b for "/a/b" and for "a/b"
        known["parameter_path"] = "/" + planned["name"].lstrip("/")
    if type_name == "aws_lambda_alias":
        function = planned.get("function_name")
        if isinstance(function, str) and function.startswith("arn:"):
            known["function_name"] = function.split(":")[6]  # a name or an ARN; the alias's ARN names the function
    if planned.get("path") in (None, UNKNOWN):
        known.setdefault("path", "/")
    seed = seed_for(type_name, planned) + (attempt.to_bytes(4, "big") if attempt else b"")
    tokens = _Tokens(seed, known | {"region": region, "account": account})
    if prior_id is not None:
        tokens["id"] = prior_id
    _generate_name(type_name, block, result, tokens)
    # Two passes: a template may use one listed after it ("id": "{arn}").
    for _ in range(2):
        for attr, template in TEMPLATES.get(type_name, {}).items():
            if result.get(attr) is UNKNOWN:
                try:
                    result[attr] = template.format_map(tokens)
                except KeyError:
                    continue  # a value the template needs is not known (yet); the fallback below fills it
                tokens[attr] = result[attr]
    if type_name == "aws_cognito_resource_server" and result.get("scope_identifiers") is UNKNOWN:
        # Cognito names each scope IDENTIFIER/SCOPE_NAME; clients list these in allowed_oauth_scopes.
        scopes = [s.get("scope_name") for s in planned.get("scope") or [] if isinstance(s, dict)]
        if isinstance(planned.get("identifier"), str) and all(isinstance(n, str) for n in scopes):
            result["scope_identifiers"] = [f"{planned['identifier']}/{n}" for n in scopes]
    attrs = block.get("attributes", {})
    if type_name == "aws_api_gateway_rest_api" and isinstance(planned.get("body"), str):
        _from_openapi_body(result, planned["body"])
    if type_name == "aws_api_gateway_integration" and result.get("cache_namespace") is UNKNOWN:
        result["cache_namespace"] = planned.get("resource_id")  # AWS names the cache namespace after the resource
    for name, spec in attrs.items():
        if result.get(name) is UNKNOWN:
            default = _aws_default(type_name, name, api_protocol)
            result[name] = _fallback(name, spec["type"], tokens, type_name) if default is UNKNOWN else default
            if isinstance(result[name], str):
                tokens[name] = result[name]
    for name, nested in block.get("block_types", {}).items():
        result[name] = _fill_block(nested, result.get(name), tokens, type_name, name, api_protocol)
    return result


def _from_openapi_body(result: dict, body: str) -> None:
    """The REST API settings an imported OpenAPI document gives where the configuration sets none (the
    provider re-applies configured values after PutRestApi, so only unset ones take the document's)."""
    from apigwkit.provider_double.account import openapi

    try:
        attributes = openapi.api_attributes(openapi.parse(body))
    except openapi.ImportError_:
        return  # the account refuses the import itself
    for name in ("description", "api_key_source", "binary_media_types"):
        if result.get(name) is UNKNOWN:
            result[name] = attributes[name] if attributes[name] is not None else ""
    if result.get("policy") is UNKNOWN:
        policy = attributes["policy"]
        result["policy"] = openapi.expand_policy(policy, result["execution_arn"]) if policy else ""


def _fill_block(
    nested: dict, value: Any, tokens: _Tokens, type_name: str, path: str, protocol: str | None = None
) -> Any:
    if value is None or value is UNKNOWN:
        return [] if value is UNKNOWN and nested["nesting_mode"] in ("list", "set") else value
    block = nested["block"]

    def one(obj: dict) -> dict:
        out = dict(obj)
        for name, spec in block.get("attributes", {}).items():
            if out.get(name) is UNKNOWN:
                default = _aws_default(type_name, f"{path}.{name}", protocol)
                out[name] = _fallback(name, spec["type"], tokens, type_name) if default is UNKNOWN else default
        for name, inner in block.get("block_types", {}).items():
            out[name] = _fill_block(inner, out.get(name), tokens, type_name, f"{path}.{name}", protocol)
        return out

    mode = nested["nesting_mode"]
    if mode in ("list", "set"):
        return [one(item) for item in value]
    if mode == "map":
        return {k: one(v) for k, v in value.items()}
    return one(value)
