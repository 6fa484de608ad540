"""modules/waf: the web ACL's rules, IP sets, logging and associations a plan creates, and the inputs it refuses."""

from __future__ import annotations

import re

import pytest

from apigwkit.engine.workspace import TerraformError
from tests.modules.conftest import _use, module_call

SOURCE = "../../../modules/waf"
M = "module.under_test"
ACL = f"{M}.aws_wafv2_web_acl.this"
REST_STAGE = "arn:aws:apigateway:ap-northeast-2::/restapis/a1b2c3d4e5/stages/prod"
HTTP_STAGE = "arn:aws:apigateway:ap-northeast-2::/apis/a1b2c3d4e5/stages/prod"
WEBSOCKET_STAGE = "arn:aws:apigateway:ap-northeast-2::/apis/w1s2o3c4k5/stages/production"
DEFAULT_GROUPS = {
    "AWSManagedRulesAmazonIpReputationList": 10,
    "AWSManagedRulesCommonRuleSet": 20,
    "AWSManagedRulesKnownBadInputsRuleSet": 30,
    "AWSManagedRulesSQLiRuleSet": 40,
}

# One ACL with every kind of rule: most assertions read this one plan.
FULL = {
    "name": "orders-api",
    "custom_response_bodies": {"too-many": {"content": '{"message":"Too many requests"}'}},
    "ip_sets": {
        "office": {"addresses": ["203.0.113.0/24"]},
        "office_v6": {"ip_address_version": "IPV6", "addresses": ["2001:db8::/32"]},
        "blocked": {
            "addresses": ["198.51.100.7/32"],
            "action": "block",
            "priority": 1,
            "response": {"response_code": 403, "headers": {"x-reason": "blocked-ip"}},
        },
    },
    "geo_rules": {"outside-kr": {"priority": 2, "country_codes": ["KR"], "negate": True}},
    "rate_based_rules": {
        "login": {
            "priority": 5,
            "limit": 10,
            "evaluation_window_sec": 60,
            "response": {"response_code": 429, "body_key": "too-many", "headers": {"retry-after": "60"}},
            "scope_down": {"byte_matches": [{"search_string": "/login"}], "not_ip_sets": ["office", "office_v6"]},
        },
        "per-ip": {"priority": 6, "limit": 2000},
        "via-cdn": {
            "priority": 7,
            "limit": 500,
            "aggregate_key_type": "FORWARDED_IP",
            "forwarded_ip_config": {},
            "scope_down": {"not_ip_sets": ["office"]},
        },
        "per-key": {
            "priority": 8,
            "limit": 300,
            "aggregate_key_type": "CUSTOM_KEYS",
            "custom_keys": [{"type": "ip"}, {"type": "header", "name": "x-api-key"}],
            "action": "count",
        },
        "admin": {
            "priority": 9,
            "limit": 100,
            "scope_down": {
                "byte_matches": [
                    {
                        "field": "single_header",
                        "header_name": "X-Tenant",
                        "positional_constraint": "EXACTLY",
                        "search_string": "admin",
                        "text_transformation": "LOWERCASE",
                    }
                ]
            },
        },
    },
    "managed_rule_groups": {
        "AWSManagedRulesAmazonIpReputationList": {"priority": 10, "override_action": "count"},
        "AWSManagedRulesCommonRuleSet": {"priority": 20, "rule_action_overrides": {"SizeRestrictions_BODY": "count"}},
        "AWSManagedRulesKnownBadInputsRuleSet": {"priority": 30},
        "AWSManagedRulesSQLiRuleSet": {"priority": 40, "version": "Version_2.0"},
    },
    "request_body_inspection_limit": "KB_64",
    "associations": {"prod": REST_STAGE},
    "logging": {
        "redacted_headers": ["x-api-key"],
        "redact_query_string": True,
        "filter": {"default_behavior": "DROP", "filters": [{"behavior": "KEEP", "actions": ["BLOCK", "COUNT"]}]},
    },
}


def rules_by_name(plan) -> dict[str, dict]:
    return {r["name"]: r for r in plan[ACL].value("rule")}


def compact(value):
    """A block value without its empty lists and nulls: the shape a reader writes in HCL."""
    if isinstance(value, dict):
        return {k: compact(v) for k, v in value.items() if v not in ([], None)}
    if isinstance(value, list):
        return [compact(v) for v in value]
    return value


@pytest.fixture(scope="module")
def full_plan(module_root):
    _use(module_root, SOURCE, module_call(SOURCE, FULL))
    return module_root.plan()


@pytest.fixture(scope="module")
def default_plan(module_root):
    _use(module_root, SOURCE, module_call(SOURCE, {"name": "orders-api"}))
    return module_root.plan()


# --------------------------------------------------------------------------- defaults


def test_default_acl_runs_the_four_aws_managed_groups_and_allows_the_rest(default_plan):
    acl = default_plan[ACL]
    assert acl.value("scope") == "REGIONAL"
    assert acl.value("default_action") == [{"allow": [{"custom_request_handling": []}], "block": []}]
    rules = rules_by_name(default_plan)
    assert {name: r["priority"] for name, r in rules.items()} == DEFAULT_GROUPS
    for name, rule in rules.items():
        statement = compact(rule["statement"][0]["managed_rule_group_statement"][0])
        assert statement == {"name": name, "vendor_name": "AWS"}
        assert compact(rule["override_action"]) == [{"none": [{}]}]
        assert rule["action"] == []


def test_every_rule_and_the_acl_publish_metrics_and_sampled_requests(full_plan):
    acl = full_plan[ACL]
    assert acl.value("visibility_config") == [
        {"cloudwatch_metrics_enabled": True, "metric_name": "orders-api", "sampled_requests_enabled": True}
    ]
    rules = rules_by_name(full_plan)
    assert len(rules) == 11
    for name, rule in rules.items():
        assert rule["visibility_config"] == [
            {"cloudwatch_metrics_enabled": True, "metric_name": f"orders-api-{name}", "sampled_requests_enabled": True}
        ]


def test_default_logging_goes_to_an_aws_waf_logs_group_without_credentials(default_plan):
    group = default_plan[f"{M}.aws_cloudwatch_log_group.this[0]"]
    assert group.value("name") == "aws-waf-logs-orders-api"
    assert group.value("retention_in_days") == 365
    logging = default_plan[f"{M}.aws_wafv2_web_acl_logging_configuration.this[0]"]
    redacted = [compact(f) for f in logging.value("redacted_fields")]
    assert redacted == [{"single_header": [{"name": "authorization"}]}, {"single_header": [{"name": "cookie"}]}]
    assert logging.value("logging_filter") == []
    assert logging.is_unknown("log_destination_configs.0")  # the group's ARN, known after apply
    assert not default_plan.of_type("aws_wafv2_web_acl_association")
    assert not default_plan.of_type("aws_wafv2_ip_set")


def test_api_gateway_request_body_inspection_size(default_plan, full_plan):
    def limit(plan):
        return plan[ACL].value("association_config.0.request_body.0.api_gateway.0.default_size_inspection_limit")

    assert limit(default_plan) == "KB_16"
    assert limit(full_plan) == "KB_64"


# --------------------------------------------------------------------------- managed groups


def test_managed_groups_with_overrides_count_mode_and_pinned_version(full_plan):
    rules = rules_by_name(full_plan)
    common = rules["AWSManagedRulesCommonRuleSet"]["statement"][0]["managed_rule_group_statement"][0]
    assert compact(common["rule_action_override"]) == [
        {"name": "SizeRestrictions_BODY", "action_to_use": [{"count": [{}]}]}
    ]
    reputation = rules["AWSManagedRulesAmazonIpReputationList"]
    assert compact(reputation["override_action"]) == [{"count": [{}]}]
    sqli = rules["AWSManagedRulesSQLiRuleSet"]["statement"][0]["managed_rule_group_statement"][0]
    assert sqli["version"] == "Version_2.0"


# --------------------------------------------------------------------------- rate-based rules


def test_login_rate_rule_is_scoped_down_to_login_and_exempts_the_allow_lists(full_plan):
    login = compact(rules_by_name(full_plan)["login"])
    rate = login["statement"][0]["rate_based_statement"][0]
    assert (rate["limit"], rate["evaluation_window_sec"], rate["aggregate_key_type"]) == (10, 60, "IP")
    statements = rate["scope_down_statement"][0]["and_statement"][0]["statement"]
    assert statements[0] == {
        "byte_match_statement": [
            {
                "search_string": "/login",
                "positional_constraint": "STARTS_WITH",
                "field_to_match": [{"uri_path": [{}]}],
                "text_transformation": [{"priority": 0, "type": "NONE"}],
            }
        ]
    }
    # not from "office" and not from "office_v6": each a not_statement around an IP set reference
    assert statements[1:] == [{"not_statement": [{"statement": [{"ip_set_reference_statement": [{}]}]}]}] * 2
    assert login["action"] == [
        {
            "block": [
                {
                    "custom_response": [
                        {
                            "response_code": 429,
                            "custom_response_body_key": "too-many",
                            "response_header": [{"name": "retry-after", "value": "60"}],
                        }
                    ]
                }
            ]
        }
    ]


def test_a_single_scope_down_condition_is_the_statement_itself(full_plan):
    rules = {name: compact(r) for name, r in rules_by_name(full_plan).items()}
    via_cdn = rules["via-cdn"]["statement"][0]["rate_based_statement"][0]
    assert list(via_cdn["scope_down_statement"][0]) == ["not_statement"]
    admin = rules["admin"]["statement"][0]["rate_based_statement"][0]["scope_down_statement"][0]
    assert admin == {
        "byte_match_statement": [
            {
                "search_string": "admin",
                "positional_constraint": "EXACTLY",
                "field_to_match": [{"single_header": [{"name": "x-tenant"}]}],
                "text_transformation": [{"priority": 0, "type": "LOWERCASE"}],
            }
        ]
    }
    assert "scope_down_statement" not in rules["per-ip"]["statement"][0]["rate_based_statement"][0]


def test_rate_rules_aggregate_on_forwarded_ip_or_custom_keys(full_plan):
    rules = {name: compact(r) for name, r in rules_by_name(full_plan).items()}
    via_cdn = rules["via-cdn"]["statement"][0]["rate_based_statement"][0]
    assert via_cdn["aggregate_key_type"] == "FORWARDED_IP"
    assert via_cdn["forwarded_ip_config"] == [{"header_name": "X-Forwarded-For", "fallback_behavior": "NO_MATCH"}]
    per_key = rules["per-key"]["statement"][0]["rate_based_statement"][0]
    assert per_key["aggregate_key_type"] == "CUSTOM_KEYS"
    assert per_key["custom_key"] == [
        {"ip": [{}]},
        {"header": [{"name": "x-api-key", "text_transformation": [{"priority": 0, "type": "NONE"}]}]},
    ]
    assert rules["per-key"]["action"] == [{"count": [{}]}]
    assert rules["per-ip"]["statement"][0]["rate_based_statement"][0]["evaluation_window_sec"] == 300


# --------------------------------------------------------------------------- IP sets, geo, responses


def test_ip_sets_per_address_family_and_a_block_rule_with_custom_response(full_plan):
    sets = {rc.address: rc for rc in full_plan.of_type("aws_wafv2_ip_set")}
    assert sorted(sets) == [f'{M}.aws_wafv2_ip_set.this["{k}"]' for k in ("blocked", "office", "office_v6")]
    v6 = sets[f'{M}.aws_wafv2_ip_set.this["office_v6"]']
    assert (v6.value("ip_address_version"), v6.value("addresses"), v6.value("scope")) == (
        "IPV6",
        ["2001:db8::/32"],
        "REGIONAL",
    )
    assert sets[f'{M}.aws_wafv2_ip_set.this["office"]'].value("name") == "orders-api-office"
    rules = rules_by_name(full_plan)
    assert "office" not in rules and "office_v6" not in rules  # sets without an action feed scope-downs only
    blocked = compact(rules["blocked"])
    assert blocked["priority"] == 1
    assert blocked["statement"] == [{"ip_set_reference_statement": [{}]}]
    assert blocked["action"][0]["block"][0]["custom_response"] == [
        {"response_code": 403, "response_header": [{"name": "x-reason", "value": "blocked-ip"}]}
    ]


def test_geo_rule_blocks_requests_from_outside_the_listed_countries(full_plan):
    geo = compact(rules_by_name(full_plan)["outside-kr"])
    assert geo["statement"] == [
        {"not_statement": [{"statement": [{"geo_match_statement": [{"country_codes": ["KR"]}]}]}]}
    ]
    assert geo["action"] == [{"block": [{}]}]


def test_custom_response_bodies_and_a_blocking_default_action(plan_module):
    p = plan_module(
        SOURCE,
        {
            "name": "partners",
            "managed_rule_groups": {},
            "default_action": "block",
            "default_block_response": {"response_code": 403, "body_key": "denied"},
            "custom_response_bodies": {"denied": {"content": "Forbidden", "content_type": "TEXT_PLAIN"}},
            "ip_sets": {"partners": {"addresses": ["192.0.2.0/24"], "action": "allow", "priority": 0}},
        },
    )
    acl = p[ACL]
    assert compact(acl.value("default_action")) == [
        {"block": [{"custom_response": [{"response_code": 403, "custom_response_body_key": "denied"}]}]}
    ]
    assert acl.value("custom_response_body") == [
        {"key": "denied", "content": "Forbidden", "content_type": "TEXT_PLAIN"}
    ]
    assert compact(rules_by_name(p)["partners"]["action"]) == [{"allow": [{}]}]


# --------------------------------------------------------------------------- logging, associations


def test_logging_redacts_extra_fields_and_filters_records(full_plan):
    logging = full_plan[f"{M}.aws_wafv2_web_acl_logging_configuration.this[0]"]
    assert [compact(f) for f in logging.value("redacted_fields")] == [
        {"single_header": [{"name": "authorization"}]},
        {"single_header": [{"name": "cookie"}]},
        {"single_header": [{"name": "x-api-key"}]},
        {"query_string": [{}]},
    ]
    assert compact(logging.value("logging_filter")) == [
        {
            "default_behavior": "DROP",
            "filter": [
                {
                    "behavior": "KEEP",
                    "requirement": "MEETS_ANY",
                    "condition": [
                        {"action_condition": [{"action": "BLOCK"}]},
                        {"action_condition": [{"action": "COUNT"}]},
                    ],
                }
            ],
        }
    ]


def test_logging_to_an_existing_group_or_off(plan_module):
    dest = "arn:aws:logs:ap-northeast-2:123456789012:log-group:aws-waf-logs-central"
    existing = plan_module(
        SOURCE, {"name": "orders-api", "managed_rule_groups": {}, "logging": {"destination_arn": dest}}
    )
    assert existing[f"{M}.aws_wafv2_web_acl_logging_configuration.this[0]"].value("log_destination_configs") == [dest]
    assert not existing.of_type("aws_cloudwatch_log_group")
    off = plan_module(SOURCE, {"name": "orders-api", "managed_rule_groups": {}, "logging": {"enabled": False}})
    assert not off.of_type("aws_cloudwatch_log_group")
    assert not off.of_type("aws_wafv2_web_acl_logging_configuration")


def test_association_targets_the_rest_stage(full_plan):
    association = full_plan[f'{M}.aws_wafv2_web_acl_association.this["prod"]']
    assert association.value("resource_arn") == REST_STAGE
    assert association.is_unknown("web_acl_arn")


def test_stage_arn_unknown_at_plan_passes_plan(module_root):
    """The usual case: the stage is created in the same apply, so its ARN is unknown at plan."""
    doc = module_call(
        SOURCE,
        {"name": "orders-api", "managed_rule_groups": {}, "associations": {"prod": "${terraform_data.stage.id}"}},
    )
    doc["resource"] = {"terraform_data": {"stage": {"input": "prod"}}}
    _use(module_root, SOURCE, doc)
    association = module_root.plan()[f'{M}.aws_wafv2_web_acl_association.this["prod"]']
    assert association.is_unknown("resource_arn")


def test_http_api_stage_unknown_at_plan_is_refused_before_it_is_associated(fresh_workspace):
    """An HTTP API stage ARN known only at apply fails the precondition there, and nothing is associated."""
    ws = fresh_workspace("tests/fixtures/module_root")
    doc = module_call(
        SOURCE,
        {
            "name": "orders-api",
            "logging": {"enabled": False},
            "managed_rule_groups": {},
            "associations": {"http": "arn:aws:apigateway:ap-northeast-2::/apis/${terraform_data.api.id}/stages/x"},
        },
    )
    doc["resource"] = {"terraform_data": {"api": {"input": "http-api"}}}
    ws.write("main.tf.json", doc)
    ws.plan()  # unknown at plan: the plan succeeds
    with pytest.raises(TerraformError) as failure:
        ws.apply()
    message = " ".join(failure.value.output.split())
    assert "AWS WAF cannot be associated with HTTP APIs or WebSocket APIs" in message
    assert "aws_wafv2_web_acl_association" not in ws.run("state", "list").stdout


def test_applied_acl_references_its_ip_sets_and_reports_outputs(apply_module):
    inputs = {k: v for k, v in FULL.items() if k in ("name", "ip_sets", "rate_based_rules", "custom_response_bodies")}
    inputs["managed_rule_groups"] = {}
    outputs, res = apply_module(
        SOURCE, inputs, outputs=["web_acl_arn", "ip_set_arns", "rule_names", "log_group_name", "web_acl_capacity"]
    )
    arns = outputs["ip_set_arns"]
    assert re.fullmatch(
        r"arn:aws:wafv2:ap-northeast-2:123456789012:regional/ipset/orders-api-office/[0-9a-f-]{36}", arns["office"]
    )
    assert re.fullmatch(
        r"arn:aws:wafv2:ap-northeast-2:123456789012:regional/webacl/orders-api/[0-9a-f-]{36}", outputs["web_acl_arn"]
    )
    rules = {r["name"]: r for r in res[f"{M}.aws_wafv2_web_acl.this"]["rule"]}
    login_and = rules["login"]["statement"][0]["rate_based_statement"][0]["scope_down_statement"][0]["and_statement"][0]
    referenced = [
        s["not_statement"][0]["statement"][0]["ip_set_reference_statement"][0]["arn"]
        for s in login_and["statement"][1:]
    ]
    assert referenced == [arns["office"], arns["office_v6"]]
    assert rules["blocked"]["statement"][0]["ip_set_reference_statement"][0]["arn"] == arns["blocked"]
    assert outputs["rule_names"] == ["blocked", "login", "per-ip", "via-cdn", "per-key", "admin"]
    assert outputs["log_group_name"] == "aws-waf-logs-orders-api"
    logging = res[f"{M}.aws_wafv2_web_acl_logging_configuration.this[0]"]
    assert logging["resource_arn"] == outputs["web_acl_arn"]
    assert logging["log_destination_configs"] == [res[f"{M}.aws_cloudwatch_log_group.this[0]"]["arn"]]


# --------------------------------------------------------------------------- refusals

RESPONSE_429 = {"response_code": 429}
BAD_INPUTS = {
    "http api stage association": (
        {"associations": {"orders": HTTP_STAGE}},
        r"associations\[\"orders\"\] is an HTTP API or WebSocket API stage .* "
        r"AWS WAF cannot be associated with HTTP APIs or WebSocket APIs",
    ),
    "websocket api stage association": (
        {"associations": {"chat": WEBSOCKET_STAGE}},
        r"associations\[\"chat\"\] is an HTTP API or WebSocket API stage",
    ),
    "association that is not a stage": (
        {"associations": {"alb": "arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:loadbalancer/app/x/1"}},
        r"associations\[\"alb\"\] must be a REST API stage ARN",
    ),
    "log group without the aws-waf-logs- prefix": (
        {"logging": {"log_group_name": "/aws/waf/orders"}},
        r"logging.log_group_name must start with \"aws-waf-logs-\"",
    ),
    "log destination without the aws-waf-logs- prefix": (
        {"logging": {"destination_arn": "arn:aws:logs:ap-northeast-2:123456789012:log-group:waf"}},
        r"logging.destination_arn must be the ARN of a log group whose name starts with aws-waf-logs-",
    ),
    "log group name and destination together": (
        {
            "logging": {
                "log_group_name": "aws-waf-logs-a",
                "destination_arn": "arn:aws:logs:ap-northeast-2:123456789012:log-group:aws-waf-logs-b",
            }
        },
        r"set log_group_name \(the module creates the group\) or destination_arn",
    ),
    "log retention not allowed by cloudwatch": (
        {"logging": {"retention_in_days": 42}},
        r"logging.retention_in_days must be one of CloudWatch Logs' values",
    ),
    "redacted header in upper case": (
        {"logging": {"redacted_headers": ["X-Api-Key"]}},
        r"redacted_headers must be header names in lower case",
    ),
    "logging filter without conditions": (
        {"logging": {"filter": {"default_behavior": "KEEP", "filters": [{"behavior": "DROP"}]}}},
        r"logging.filter needs default_behavior KEEP or DROP and at least one filter",
    ),
    "logging filter on an unknown action": (
        {"logging": {"filter": {"default_behavior": "KEEP", "filters": [{"behavior": "DROP", "actions": ["DENY"]}]}}},
        r"logging.filter: actions must be ALLOW, BLOCK, COUNT",
    ),
    "duplicate priorities": (
        {
            "rate_based_rules": {"per-ip": {"priority": 20, "limit": 1000}},
            "managed_rule_groups": {"AWSManagedRulesCommonRuleSet": {"priority": 20}},
        },
        r"Rule priorities must be unique .* \{\"20\":\[\"AWSManagedRulesCommonRuleSet\",\"per-ip\"\]\}",
    ),
    "duplicate rule names": (
        {
            "ip_sets": {"partners": {"addresses": ["192.0.2.0/24"], "action": "allow", "priority": 1}},
            "geo_rules": {"partners": {"priority": 2, "country_codes": ["KR"]}},
        },
        r"Rule names must be unique .* \[\"partners\"\]",
    ),
    "rate limit below the aws minimum of 10": (
        {"rate_based_rules": {"r": {"priority": 1, "limit": 9}}},
        r"limit must be a whole number between 10 \(AWS WAF's minimum\) and 2000000000",
    ),
    "rate limit evaluation window not offered": (
        {"rate_based_rules": {"r": {"priority": 1, "limit": 100, "evaluation_window_sec": 30}}},
        r"evaluation_window_sec must be 60, 120, 300 or 600",
    ),
    "rate limit aggregate key unknown": (
        {"rate_based_rules": {"r": {"priority": 1, "limit": 100, "aggregate_key_type": "USER"}}},
        r"aggregate_key_type must be IP, FORWARDED_IP, CUSTOM_KEYS or CONSTANT",
    ),
    "custom keys aggregation without keys": (
        {"rate_based_rules": {"r": {"priority": 1, "limit": 100, "aggregate_key_type": "CUSTOM_KEYS"}}},
        r"CUSTOM_KEYS needs 1 to 5 custom_keys",
    ),
    "header custom key without a name": (
        {
            "rate_based_rules": {
                "r": {
                    "priority": 1,
                    "limit": 100,
                    "aggregate_key_type": "CUSTOM_KEYS",
                    "custom_keys": [{"type": "header"}],
                }
            }
        },
        r"header, cookie, query_argument and label_namespace custom_keys need a name",
    ),
    "forwarded ip aggregation without its header": (
        {"rate_based_rules": {"r": {"priority": 1, "limit": 100, "aggregate_key_type": "FORWARDED_IP"}}},
        r"forwarded_ip_config is needed exactly when the rule aggregates on a forwarded IP",
    ),
    "rate rule that allows": (
        {"rate_based_rules": {"r": {"priority": 1, "limit": 100, "action": "allow"}}},
        r"action must be block, count, captcha or challenge \(a rate-based rule cannot allow\)",
    ),
    "rate rule response without block": (
        {"rate_based_rules": {"r": {"priority": 1, "limit": 100, "action": "count", "response": RESPONSE_429}}},
        r"response customises a block",
    ),
    "constant aggregation without scope-down": (
        {"rate_based_rules": {"r": {"priority": 1, "limit": 100, "aggregate_key_type": "CONSTANT"}}},
        r"aggregate_key_type CONSTANT counts every request a scope-down statement matches",
    ),
    "empty scope-down": (
        {"rate_based_rules": {"r": {"priority": 1, "limit": 100, "scope_down": {}}}},
        r"scope_down needs at least one condition",
    ),
    "scope-down header match without header name": (
        {
            "rate_based_rules": {
                "r": {
                    "priority": 1,
                    "limit": 100,
                    "scope_down": {"byte_matches": [{"field": "single_header", "search_string": "x"}]},
                }
            }
        },
        r"header_name is set exactly for single_header",
    ),
    "scope-down on an undefined ip set": (
        {"rate_based_rules": {"r": {"priority": 1, "limit": 100, "scope_down": {"not_ip_sets": ["office"]}}}},
        r"scope_down names IP sets that are neither keys of var.ip_sets nor IP set ARNs: \[\"office\"\]",
    ),
    "ip address without prefix length": (
        {"ip_sets": {"office": {"addresses": ["203.0.113.7"]}}},
        r"every address must be a CIDR range",
    ),
    "ip cidr with an impossible prefix": (
        {"ip_sets": {"office": {"addresses": ["203.0.113.0/33"]}}},
        r"every address must be a CIDR range",
    ),
    "ip cidr of the whole internet": (
        {"ip_sets": {"office": {"addresses": ["0.0.0.0/0"]}}},
        r"every address must be a CIDR range .* /0 is refused",
    ),
    "ipv6 range in an ipv4 set": (
        {"ip_sets": {"office": {"addresses": ["2001:db8::/32"]}}},
        r"an IPV4 set holds only IPv4 ranges and an IPV6 set only IPv6 ranges",
    ),
    "ip set action without priority": (
        {"ip_sets": {"office": {"addresses": ["203.0.113.0/24"], "action": "allow"}}},
        r"a set with an action needs a priority",
    ),
    "ip set with an unknown action": (
        {"ip_sets": {"office": {"addresses": ["203.0.113.0/24"], "action": "deny", "priority": 1}}},
        r"ip_sets: action must be allow, block or count",
    ),
    "geo rule with a lower-case country": (
        {"geo_rules": {"kr": {"priority": 1, "country_codes": ["kr"]}}},
        r"country_codes must list at least one two-letter ISO 3166 code in upper case",
    ),
    "managed group not from aws": (
        {"managed_rule_groups": {"F5BotProtection": {"priority": 1}}},
        r"keys must be AWS managed rule group names",
    ),
    "managed group override action unknown": (
        {"managed_rule_groups": {"AWSManagedRulesCommonRuleSet": {"priority": 1, "override_action": "block"}}},
        r"override_action must be \"none\" or \"count\"",
    ),
    "managed rule override action unknown": (
        {
            "managed_rule_groups": {
                "AWSManagedRulesCommonRuleSet": {"priority": 1, "rule_action_overrides": {"X": "drop"}}
            }
        },
        r"rule_action_overrides values must be allow, block, count, captcha or challenge",
    ),
    "negative priority": (
        {"managed_rule_groups": {"AWSManagedRulesCommonRuleSet": {"priority": -1}}},
        r"managed_rule_groups: priority must be a whole number >= 0",
    ),
    "json response body that is not json": (
        {"custom_response_bodies": {"denied": {"content": "Forbidden"}}},
        r"an APPLICATION_JSON body must be valid JSON",
    ),
    "response naming an undefined body": (
        {
            "rate_based_rules": {
                "r": {"priority": 1, "limit": 100, "response": {"response_code": 429, "body_key": "nope"}}
            }
        },
        r"A custom response names a body_key that custom_response_bodies does not define: \[\"nope\"\]",
    ),
    "response status code out of range": (
        {"rate_based_rules": {"r": {"priority": 1, "limit": 100, "response": {"response_code": 600}}}},
        r"response.response_code must be an HTTP status code between 200 and 599",
    ),
    "default block response with an allowing acl": (
        {"default_block_response": {"response_code": 403}},
        r"default_block_response applies only with default_action = \"block\"",
    ),
    "body inspection size not offered": (
        {"request_body_inspection_limit": "KB_8"},
        r"request_body_inspection_limit must be one of KB_16, KB_32, KB_48, KB_64",
    ),
    "acl name with a space": ({"name": "orders api"}, r"name must be 1 to 128 letters, digits, hyphens or underscores"),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_fails_at_plan_with_a_message_naming_the_rule(bad_input_report, case):
    # No managed groups unless a case names them: the engine spends ~0.3 s per rule on every plan of the web ACL
    # (its statement schema nests three levels deep), and a case's rule is all it needs.
    inputs = {
        name: {"name": "orders-api", "managed_rule_groups": {}, **given} for name, (given, _) in BAD_INPUTS.items()
    }
    bad_input_report.assert_refused(SOURCE, inputs, case, BAD_INPUTS[case][1])
