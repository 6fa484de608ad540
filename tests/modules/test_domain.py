"""modules/domain: one custom domain in front of several APIs (mappings, routing rules, routing mode, TLS, private
domains), and the inputs it refuses."""

from __future__ import annotations

import json

import pytest

from tests.modules.conftest import _use, module_call

SOURCE = "../../../modules/domain"
M = "module.under_test"
CERT = "arn:aws:acm:ap-northeast-2:123456789012:certificate/abc"
V1, V2, HTTP = "a1b2c3d4e5", "f6g7h8i9j0", "k1l2m3n4o5"
VPCE = "vpce-0123456789abcdef0"


def base(**inputs):
    return {"domain_name": "api.example.com", "certificate_arn": CERT, **inputs}


ROUTED = base(
    ip_address_type="dualstack",
    route53_zone_id="Z0123456789ABC",
    mappings={"v1": {"api_id": V1, "stage": "prod"}, "orders/v2": {"api_id": V2, "stage": "prod"}},
    routing_rules={
        "v2-by-header": {
            "priority": 10,
            "headers": {"x-api-version": "2*", "x-cell": "*blue*"},
            "api_id": V2,
            "stage": "prod",
        },
        "latest": {
            "priority": 20,
            "base_paths": ["latest", "newest"],
            "strip_base_path": True,
            "api_id": V2,
            "stage": "prod",
        },
    },
)


@pytest.fixture(scope="module")
def routed(module_root):
    _use(module_root, SOURCE, module_call(SOURCE, ROUTED, ["security_policy", "routing_mode"]))
    return module_root.plan()


def test_a_routed_domain_takes_tls_13_strict_and_both_routing_kinds(routed):
    domain = routed[f"{M}.aws_api_gateway_domain_name.this"]
    assert (domain.value("regional_certificate_arn"), domain.value("certificate_arn")) == (CERT, None)
    assert (domain.value("security_policy"), domain.value("endpoint_access_mode")) == (
        "SecurityPolicy_TLS13_1_3_2025_09",
        "STRICT",
    )
    assert domain.value("routing_mode") == "ROUTING_RULE_THEN_BASE_PATH_MAPPING" == routed.outputs["routing_mode"]
    assert domain.value("endpoint_configuration.0") == {"types": ["REGIONAL"], "ip_address_type": "dualstack"}
    assert domain.value("policy") is None and not routed.of_type("aws_api_gateway_domain_name_access_association")
    mappings = {
        rc.value("base_path"): (rc.value("api_id"), rc.value("stage_name"))
        for rc in routed.of_type("aws_api_gateway_base_path_mapping")
    }
    assert mappings == {"v1": (V1, "prod"), "orders/v2": (V2, "prod")}
    # dual-stack: an A and an AAAA alias
    assert sorted(rc.value("type") for rc in routed.of_type("aws_route53_record")) == ["A", "AAAA"]


def test_each_header_is_a_condition_of_its_own_and_base_paths_one_together(routed):
    header_rule = routed[f'{M}.aws_apigatewayv2_routing_rule.this["v2-by-header"]']
    assert header_rule.value("priority") == 10
    assert header_rule.value("condition") == [
        {"match_base_paths": [], "match_headers": [{"any_of": [{"header": "x-api-version", "value_glob": "2*"}]}]},
        {"match_base_paths": [], "match_headers": [{"any_of": [{"header": "x-cell", "value_glob": "*blue*"}]}]},
    ]
    assert header_rule.value("action") == [{"invoke_api": [{"api_id": V2, "stage": "prod", "strip_base_path": False}]}]
    path_rule = routed[f'{M}.aws_apigatewayv2_routing_rule.this["latest"]']
    assert path_rule.value("condition") == [
        {"match_base_paths": [{"any_of": ["latest", "newest"]}], "match_headers": []}
    ]
    assert path_rule.value("action.0.invoke_api.0.strip_base_path") is True


def test_routing_mode_follows_the_inputs_and_http_apis_or_mutual_tls_get_tls_1_2(plan_module):
    rules_only = plan_module(
        SOURCE, base(routing_rules={"r": {"priority": 1, "base_paths": ["x"], "api_id": V1, "stage": "prod"}})
    )
    assert rules_only[f"{M}.aws_api_gateway_domain_name.this"].value("routing_mode") == "ROUTING_RULE_ONLY"
    http = plan_module(
        SOURCE,
        base(
            mappings={"": {"api_id": HTTP, "stage": "$default", "api_type": "HTTP"}},
            mutual_tls={"truststore_uri": "s3://bucket/ca.pem"},
        ),
    )
    domain = http[f"{M}.aws_api_gateway_domain_name.this"]
    assert (domain.value("security_policy"), domain.value("endpoint_access_mode")) == ("TLS_1_2", None)
    assert domain.value("routing_mode") == "BASE_PATH_MAPPING_ONLY"
    assert domain.value("mutual_tls_authentication.0.truststore_uri") == "s3://bucket/ca.pem"
    (mapping,) = http.of_type("aws_apigatewayv2_api_mapping")
    assert (mapping.value("api_id"), mapping.value("stage"), mapping.value("api_mapping_key")) == (
        HTTP,
        "$default",
        None,
    )


def test_a_private_domain_is_dualstack_with_a_policy_and_an_association_per_endpoint(plan_module):
    p = plan_module(
        SOURCE,
        base(endpoint_type="PRIVATE", vpc_endpoint_ids=[VPCE], mappings={"": {"api_id": V1, "stage": "prod"}}),
    )
    domain = p[f"{M}.aws_api_gateway_domain_name.this"]
    assert (domain.value("certificate_arn"), domain.value("regional_certificate_arn")) == (CERT, None)
    assert domain.value("endpoint_configuration.0") == {"types": ["PRIVATE"], "ip_address_type": "dualstack"}
    assert json.loads(domain.value("policy"))["Statement"][0]["Condition"] == {"StringEquals": {"aws:SourceVpce": VPCE}}
    assert (
        p[f'{M}.aws_api_gateway_domain_name_access_association.this["{VPCE}"]'].value("access_association_source")
        == VPCE
    )
    assert p[f'{M}.aws_api_gateway_base_path_mapping.this[""]'].is_unknown("domain_name_id")


def test_an_edge_domain_takes_the_edge_policy_and_its_certificate_as_certificate_arn(plan_module):
    p = plan_module(SOURCE, base(endpoint_type="EDGE", mappings={"v1": {"api_id": V1, "stage": "prod"}}))
    domain = p[f"{M}.aws_api_gateway_domain_name.this"]
    assert (domain.value("certificate_arn"), domain.value("security_policy")) == (
        CERT,
        "SecurityPolicy_TLS13_2025_EDGE",
    )


# --------------------------------------------------------------------------- refusals

ONE_MAPPING = {"v1": {"api_id": V1, "stage": "prod"}}
RULE = {"priority": 10, "base_paths": ["v2"], "api_id": V2, "stage": "prod"}
BAD_INPUTS = {
    "domain name upper case": (
        {"domain_name": "API.example.com", "mappings": ONE_MAPPING},
        r"domain_name must be a lower-case DNS name",
    ),
    "certificate not from acm": (
        {"certificate_arn": "arn:aws:iam::123456789012:server-certificate/x", "mappings": ONE_MAPPING},
        r"certificate_arn must be an ACM certificate ARN",
    ),
    "tls 1.0": (
        {"security_policy": "TLS_1_0", "mappings": ONE_MAPPING},
        r"security_policy must be TLS_1_2 or an enhanced",
    ),
    "edge policy on a regional domain": (
        {"security_policy": "SecurityPolicy_TLS12_2018_EDGE", "mappings": ONE_MAPPING},
        r"security_policy SecurityPolicy_TLS12_2018_EDGE is not one a REGIONAL custom domain takes",
    ),
    "mutual tls with an enhanced policy": (
        {
            "security_policy": "SecurityPolicy_TLS13_1_3_2025_09",
            "mutual_tls": {"truststore_uri": "s3://b/ca.pem"},
            "mappings": ONE_MAPPING,
        },
        r"mutual_tls needs a legacy security policy \(TLS_1_2\)",
    ),
    "http api on an enhanced policy": (
        {
            "security_policy": "SecurityPolicy_TLS13_1_3_2025_09",
            "mappings": {"": {"api_id": HTTP, "stage": "$default", "api_type": "HTTP"}},
        },
        r"You can't map an HTTP API to a domain name that uses an enhanced security policy",
    ),
    "http api on an edge domain": (
        {"endpoint_type": "EDGE", "mappings": {"": {"api_id": HTTP, "stage": "$default", "api_type": "HTTP"}}},
        r"mappings with api_type HTTP need a REGIONAL domain",
    ),
    "mappings on a rules-only domain": (
        {"routing_mode": "ROUTING_RULE_ONLY", "mappings": ONE_MAPPING},
        r"routing_mode ROUTING_RULE_ONLY takes no mappings",
    ),
    "rules on a mappings-only domain": (
        {"routing_mode": "BASE_PATH_MAPPING_ONLY", "routing_rules": {"r": RULE}},
        r"routing_mode BASE_PATH_MAPPING_ONLY takes no routing rules",
    ),
    "routes nowhere": ({}, r"The domain routes nowhere"),
    "rules on a private domain": (
        {"endpoint_type": "PRIVATE", "vpc_endpoint_ids": [VPCE], "routing_rules": {"r": RULE}},
        r"routing_rules on a PRIVATE domain cannot be managed with hashicorp/aws 6.x",
    ),
    "private domain without endpoints": (
        {"endpoint_type": "PRIVATE", "mappings": ONE_MAPPING},
        r"vpc_endpoint_ids go with endpoint_type PRIVATE",
    ),
    "private domain on ipv4": (
        {"endpoint_type": "PRIVATE", "vpc_endpoint_ids": [VPCE], "ip_address_type": "ipv4", "mappings": ONE_MAPPING},
        r"A private custom domain is dualstack only",
    ),
    "rule priority out of range": (
        {"routing_rules": {"r": {**RULE, "priority": 0}}},
        r"priority must be a whole number from 1 to 1000000",
    ),
    "two rules of one priority": (
        {"routing_rules": {"a": RULE, "b": {**RULE, "base_paths": ["v3"]}}},
        r"two rules have the same priority",
    ),
    "rule without conditions": (
        {"routing_rules": {"r": {"priority": 1, "api_id": V1, "stage": "prod"}}},
        r"a rule needs at least one condition",
    ),
    "three header conditions": (
        {"routing_rules": {"r": {**RULE, "headers": {"a": "1", "b": "2", "c": "3"}}}},
        r"a rule takes at most two header conditions",
    ),
    "glob with a star inside": (
        {"routing_rules": {"r": {**RULE, "headers": {"x-version": "v*2"}}}},
        r"with \* only at its start, end or both",
    ),
    "header name too long": (
        {"routing_rules": {"r": {**RULE, "headers": {"x" * 41: "1"}}}},
        r"a header name is 1 to 40 token characters",
    ),
    "strip without base paths": (
        {
            "routing_rules": {
                "r": {"priority": 1, "headers": {"a": "1"}, "strip_base_path": True, "api_id": V1, "stage": "prod"}
            }
        },
        r"strip_base_path needs base_paths to strip",
    ),
    "base path with a leading slash": (
        {"mappings": {"/v1": {"api_id": V1, "stage": "prod"}}},
        r"mappings: a base path is",
    ),
    "multi-level base path for an http api": (
        {"security_policy": "TLS_1_2", "mappings": {"a/b": {"api_id": HTTP, "stage": "$default", "api_type": "HTTP"}}},
        r"a multi-level base path \(with /\) maps REST APIs only",
    ),
    "routing mode unknown": (
        {"routing_mode": "API_MAPPING_ONLY", "mappings": ONE_MAPPING},
        r"routing_mode must be BASE_PATH_MAPPING_ONLY",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_fails_at_plan_with_a_message_naming_the_rule(bad_input_report, case):
    inputs = {name: base(**given) for name, (given, _) in BAD_INPUTS.items()}
    bad_input_report.assert_refused(SOURCE, inputs, case, BAD_INPUTS[case][1])
