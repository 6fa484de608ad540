"""The WAF-protected REST API and the HTTP API private integration examples plan (and apply to the
provider double) with the wiring their READMEs promise. The WAF example's applied association is checked where
it is served (tests/local/test_e2e_rest.py), so the slow web ACL is applied once."""

from __future__ import annotations

import ipaddress

import pytest

from apigwkit.engine.workspace import Plan

WAF = "module.waf"
ACL = f"{WAF}.aws_wafv2_web_acl.this"
API = "module.api"


def state_resources(ws) -> dict[str, dict]:
    """Applied resources' values by address, every module included."""
    found: dict[str, dict] = {}

    def collect(module: dict) -> None:
        for r in module.get("resources", []):
            found[r["address"]] = r["values"]
        for child in module.get("child_modules", []):
            collect(child)

    collect(ws.state()["values"]["root_module"])
    return found


# --------------------------------------------------------------------------- rest-api-waf


@pytest.fixture(scope="module")
def waf_plan(workspace) -> Plan:
    return workspace("examples/rest-api-waf").plan()


def test_rest_api_waf_plans_the_acl_its_sets_logging_and_one_association(waf_plan):
    waf_part = sorted(a for a in waf_plan.addresses("create") if a.startswith(WAF))
    assert waf_part == [
        f"{WAF}.aws_cloudwatch_log_group.this[0]",
        f'{WAF}.aws_wafv2_ip_set.this["allow-list"]',
        f'{WAF}.aws_wafv2_ip_set.this["block-list"]',
        ACL,
        f'{WAF}.aws_wafv2_web_acl_association.this["prod"]',
        f"{WAF}.aws_wafv2_web_acl_logging_configuration.this[0]",
    ]
    assert waf_plan.summary()["change"] == waf_plan.summary()["destroy"] == 0
    assert f'{API}.aws_api_gateway_stage.this["prod"]' in waf_plan
    assert "module.hello.aws_lambda_function.this" in waf_plan


def test_rest_api_waf_rules_in_priority_order_with_the_managed_groups(waf_plan):
    rules = sorted(waf_plan[ACL].value("rule"), key=lambda r: r["priority"])
    assert [(r["priority"], r["name"]) for r in rules] == [
        (0, "block-list"),
        (2, "per-ip"),
        (3, "hello-per-ip"),
        (10, "AWSManagedRulesAmazonIpReputationList"),
        (20, "AWSManagedRulesCommonRuleSet"),
        (30, "AWSManagedRulesKnownBadInputsRuleSet"),
        (40, "AWSManagedRulesSQLiRuleSet"),
    ]
    managed = [r["statement"][0]["managed_rule_group_statement"][0] for r in rules[3:]]
    assert {(m["vendor_name"], m["name"]) for m in managed} == {("AWS", r["name"]) for r in rules[3:]}


def test_rest_api_waf_hello_limit_is_scoped_to_the_stage_path_minus_the_allow_list(waf_plan):
    hello = next(r for r in waf_plan[ACL].value("rule") if r["name"] == "hello-per-ip")
    rate = hello["statement"][0]["rate_based_statement"][0]
    assert (rate["limit"], rate["evaluation_window_sec"], rate["aggregate_key_type"]) == (100, 60, "IP")
    byte_match, exempt = rate["scope_down_statement"][0]["and_statement"][0]["statement"]
    match = byte_match["byte_match_statement"][0]
    assert (match["search_string"], match["positional_constraint"]) == ("/prod/hello", "STARTS_WITH")
    assert match["field_to_match"][0]["uri_path"] == [{}]
    assert len(exempt["not_statement"][0]["statement"][0]["ip_set_reference_statement"]) == 1
    response = hello["action"][0]["block"][0]["custom_response"][0]
    assert (response["response_code"], response["custom_response_body_key"]) == (429, "too-many-requests")


def test_rest_api_waf_logs_without_credentials_and_associates_the_stage_known_after_apply(waf_plan):
    logging = waf_plan[f"{WAF}.aws_wafv2_web_acl_logging_configuration.this[0]"]
    headers = [f["single_header"][0]["name"] for f in logging.value("redacted_fields") if f["single_header"]]
    assert headers == ["authorization", "cookie"]
    assert waf_plan[f"{WAF}.aws_cloudwatch_log_group.this[0]"].value("name") == "aws-waf-logs-hello-waf"
    association = waf_plan[f'{WAF}.aws_wafv2_web_acl_association.this["prod"]']
    assert association.is_unknown("resource_arn")  # the stage is created in the same apply


# --------------------------------------------------------------------------- http-api-private-integration

PRIVATE = "examples/http-api-private-integration"


@pytest.fixture(scope="module")
def private_plan(workspace) -> Plan:
    return workspace(PRIVATE).plan()


def test_private_integration_plans_the_network_load_balancer_link_and_api(private_plan):
    assert private_plan.summary() == {"add": 25, "change": 0, "destroy": 0}
    subnets = private_plan.of_type("aws_subnet")
    assert sorted(s.value("availability_zone") for s in subnets) == ["ap-northeast-2a", "ap-northeast-2b"]
    vpc = ipaddress.ip_network(private_plan["aws_vpc.this"].value("cidr_block"))
    blocks = [ipaddress.ip_network(s.value("cidr_block")) for s in subnets]
    assert all(b.subnet_of(vpc) and b.prefixlen == 24 for b in blocks) and not blocks[0].overlaps(blocks[1])
    assert all(s.value("map_public_ip_on_launch") is False for s in subnets)
    lb = private_plan["aws_lb.this"]
    assert (lb.value("internal"), lb.value("load_balancer_type")) == (True, "application")
    assert lb.value("drop_invalid_header_fields") is True
    listener = private_plan["aws_lb_listener.this"]
    assert (listener.value("port"), listener.value("protocol")) == (80, "HTTP")
    assert private_plan["aws_lb_target_group.this"].value("target_type") == "ip"
    link = private_plan["module.vpc_link.aws_apigatewayv2_vpc_link.this[0]"]
    assert link.is_unknown("subnet_ids.0") and link.is_unknown("subnet_ids.1")
    assert not private_plan.of_type("aws_api_gateway_vpc_link")
    assert private_plan["aws_flow_log.this"].value("traffic_type") == "ALL"


def test_private_integration_routes_reach_the_listener_through_the_link(private_plan):
    routes = {
        key: private_plan[f'{API}.aws_apigatewayv2_route.this["{key}"]'] for key in ("GET /healthz", "ANY /{proxy+}")
    }
    assert {k: r.value("authorization_type") for k, r in routes.items()} == {
        "GET /healthz": "NONE",
        "ANY /{proxy+}": "AWS_IAM",
    }
    for key, method in (("GET /healthz", "GET"), ("ANY /{proxy+}", "ANY")):
        integration = private_plan[f'{API}.aws_apigatewayv2_integration.this["{key}"]']
        assert (integration.value("integration_type"), integration.value("connection_type")) == (
            "HTTP_PROXY",
            "VPC_LINK",
        )
        assert integration.value("integration_method") == method
        assert integration.is_unknown("connection_id") and integration.is_unknown("integration_uri")
        assert integration.value("tls_config") == []
    healthz = private_plan["aws_lb_listener_rule.healthz"]
    assert healthz.value("condition.0.path_pattern.0.values") == ["/healthz"]
    assert healthz.value("action.0.fixed_response.0.status_code") == "200"


def test_private_integration_security_groups_admit_only_the_link(private_plan):
    ingress = private_plan["aws_vpc_security_group_ingress_rule.lb_from_vpc_link"]
    egress = private_plan["aws_vpc_security_group_egress_rule.vpc_link_to_lb"]
    for rule in (ingress, egress):
        assert (rule.value("ip_protocol"), rule.value("from_port"), rule.value("to_port")) == ("tcp", 80, 80)
        assert rule.value("cidr_ipv4") is None and rule.is_unknown("referenced_security_group_id")
    to_targets = private_plan["aws_vpc_security_group_egress_rule.lb_to_targets"]
    assert (to_targets.value("from_port"), to_targets.value("to_port")) == (8080, 8080)
    assert private_plan.of_type("aws_default_security_group")


def test_private_integration_applied_wiring(fresh_workspace):
    ws = fresh_workspace(PRIVATE)
    outputs = ws.apply({"target_ips": ["10.20.0.15"]})
    res = state_resources(ws)
    link = res["module.vpc_link.aws_apigatewayv2_vpc_link.this[0]"]
    assert sorted(link["subnet_ids"]) == sorted(outputs["private_subnet_ids"].values())
    assert link["security_group_ids"] == [res["aws_security_group.vpc_link"]["id"]]
    for key in ("GET /healthz", "ANY /{proxy+}"):
        integration = res[f'{API}.aws_apigatewayv2_integration.this["{key}"]']
        assert integration["connection_id"] == link["id"] == outputs["vpc_link_id"]
        assert integration["integration_uri"] == res["aws_lb_listener.this"]["arn"] == outputs["listener_arn"]
    assert (
        res["aws_vpc_security_group_ingress_rule.lb_from_vpc_link"]["referenced_security_group_id"]
        == (res["aws_security_group.vpc_link"]["id"])
    )
    attachment = res['aws_lb_target_group_attachment.this["10.20.0.15"]']
    assert (attachment["target_id"], attachment["port"]) == ("10.20.0.15", 8080)
    assert outputs["healthz_url"].endswith(".amazonaws.com/healthz")


def test_private_integration_over_https_verifies_the_backend_name(workspace):
    plan = workspace(PRIVATE).plan(
        {
            "listener_certificate_arn": "arn:aws:acm:ap-northeast-2:123456789012:certificate/abc",
            "backend_server_name": "orders.internal.example.com",
        }
    )
    listener = plan["aws_lb_listener.this"]
    assert (listener.value("port"), listener.value("protocol")) == (443, "HTTPS")
    assert listener.value("ssl_policy") == "ELBSecurityPolicy-TLS13-1-2-2021-06"
    assert plan["aws_vpc_security_group_ingress_rule.lb_from_vpc_link"].value("from_port") == 443
    integration = plan[f'{API}.aws_apigatewayv2_integration.this["ANY /{{proxy+}}"]']
    assert integration.value("tls_config") == [{"server_name_to_verify": "orders.internal.example.com"}]


def test_private_integration_refuses_https_without_the_name_to_verify(workspace):
    error = " ".join(
        workspace(PRIVATE)
        .plan_error({"listener_certificate_arn": "arn:aws:acm:ap-northeast-2:123456789012:certificate/abc"})
        .split()
    )
    assert "With listener_certificate_arn (HTTPS), set backend_server_name" in error


def test_private_integration_refuses_a_vpc_too_small_and_targets_given_as_ranges(workspace):
    error = " ".join(
        workspace(PRIVATE).plan_error({"vpc_cidr": "10.20.0.0/25", "target_ips": ["10.20.0.0/24"]}).split()
    )
    assert "vpc_cidr must be an IPv4 CIDR block from /16 to /23" in error
    assert "target_ips must be IPv4 addresses" in error
