"""The local WAF (apigwkit/local/waf) on web ACLs written as Terraform records them, and in front of a REST stage.

The statements are built in the state's shape (one-element lists of blocks). SQL injection and XSS are judged by
libinjection; the other statements, the actions, labels, rate-based counters and the log record by the local code.
"""

from __future__ import annotations

import asyncio
import io
import json
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from gateway_testkit import FakeClock, ScriptedRuntime

from apigwkit.local.access_log import AccessLog
from apigwkit.local.rest import RestApi
from apigwkit.local.state import Deployment
from apigwkit.local.waf import WafRequest, WebAcl

REST_FUNCTION = "arn:aws:apigateway:ap-northeast-2:lambda:path/2015-03-31/functions/arn:aws:lambda:ap-northeast-2:123456789012:function:handler/invocations"  # noqa: E501

ACL_ARN = "arn:aws:wafv2:ap-northeast-2:123456789012:regional/webacl/shop/0a1b2c3d"
IP_SET_ARN = "arn:aws:wafv2:ap-northeast-2:123456789012:regional/ipset/partners/9f8e7d6c"
NAMESPACE = "awswaf:123456789012:webacl:shop:"


def field(kind: str, **options: Any) -> list[dict[str, Any]]:
    return [{kind: [options]}]


def transform(*kinds: str) -> list[dict[str, Any]]:
    return [{"priority": n, "type": kind} for n, kind in enumerate(kinds)]


def statement(kind: str, **body: Any) -> dict[str, Any]:
    return {f"{kind}_statement": [body]}


def rule(name: str, priority: int, match: dict[str, Any], action: str = "block", **extra: Any) -> dict[str, Any]:
    settings = extra.pop("settings", {})
    return {"name": name, "priority": priority, "statement": [match], "action": [{action: [settings]}], **extra}


def acl(*rules: dict[str, Any], default: str = "allow", logging: dict[str, Any] | None = None, **options: Any):
    lines: list[str] = []
    values = {
        "arn": ACL_ARN,
        "name": "shop",
        "default_action": [{default: [{}]}],
        "rule": list(rules),
        "custom_response_body": [{"key": "nope", "content": '{"error":"nope"}', "content_type": "APPLICATION_JSON"}],
    }
    ip_sets = {IP_SET_ARN: {"arn": IP_SET_ARN, "addresses": ["203.0.113.0/24"]}}
    web_acl = WebAcl(values, ip_sets=ip_sets, logging=logging, sink=lines.append, wall_clock=lambda: 1.5, **options)
    return web_acl, lines


def request(uri: str = "/prod/items", query: str = "", body: bytes = b"", method: str = "GET", **headers: str):
    pairs = [("Host", "api.local"), *((k.replace("_", "-"), v) for k, v in headers.items())]
    return WafRequest(method, uri, query, pairs, body, "127.0.0.1", request_id="req-1")


SQLI = rule(
    "sqli-args",
    1,
    statement("sqli_match", field_to_match=field("all_query_arguments"), text_transformation=transform("URL_DECODE"),
              sensitivity_level="HIGH"),
)  # fmt: skip
XSS = rule(
    "xss-body",
    2,
    statement("xss_match", field_to_match=field("body", oversize_handling="CONTINUE"),
              text_transformation=transform("HTML_ENTITY_DECODE")),
)  # fmt: skip


def test_sql_injection_and_xss_are_detected_by_libinjection_and_benign_input_passes():
    web_acl, _ = acl(SQLI, XSS)
    blocked = web_acl.evaluate(request(query="id=1%27%20OR%20%271%27%3D%271"))
    assert (blocked.action, blocked.rule, blocked.status) == ("BLOCK", "sqli-args", None)  # None: WAF_FILTERED 403
    (detail,) = blocked.record["terminatingRuleMatchDetails"]
    assert (detail["conditionType"], detail["location"], detail["sensitivityLevel"]) == (
        "SQL_INJECTION", "ALL_QUERY_ARGS", "HIGH"
    )  # fmt: skip
    assert "OR" in detail["matchedData"]
    xss = web_acl.evaluate(request(method="POST", body=b"comment=&lt;script&gt;alert(1)&lt;/script&gt;"))
    assert (xss.action, xss.rule, xss.record["terminatingRuleMatchDetails"][0]["conditionType"]) == (
        "BLOCK", "xss-body", "XSS"
    )  # fmt: skip
    for benign in (request(query="q=O%27Reilly%20books&page=2"), request(method="POST", body=b"comment=5 < 6")):
        assert web_acl.evaluate(benign).action == "ALLOW"


@pytest.mark.parametrize(
    ("constraint", "search", "uri", "matched"),
    [
        ("EXACTLY", "/prod/admin", "/prod/admin", True),
        ("EXACTLY", "/prod/admin", "/prod/admin/x", False),
        ("STARTS_WITH", "/prod/admin", "/prod/admin/x", True),
        ("ENDS_WITH", ".php", "/prod/index.php", True),
        ("CONTAINS", "admin", "/prod/sysadmin", True),
        ("CONTAINS_WORD", "admin", "/prod/sysadmin", False),
        ("CONTAINS_WORD", "admin", "/prod/admin/x", True),
    ],
)
def test_byte_match_positional_constraints(constraint, search, uri, matched):
    match = statement("byte_match", field_to_match=field("uri_path"), positional_constraint=constraint,
                      search_string=search, text_transformation=transform("NONE"))  # fmt: skip
    web_acl, _ = acl(rule("paths", 0, match))
    assert (web_acl.evaluate(request(uri)).action == "BLOCK") is matched


def test_regex_size_and_header_statements_with_transformations_and_the_custom_response():
    agent = statement("byte_match", field_to_match=field("single_header", name="user-agent"),
                      positional_constraint="CONTAINS", search_string="sqlmap",
                      text_transformation=transform("LOWERCASE"))  # fmt: skip
    traversal = statement("regex_match", field_to_match=field("uri_path"), regex_string=r"\.\./|/etc/passwd",
                          text_transformation=transform("URL_DECODE"))  # fmt: skip
    big = statement("size_constraint", field_to_match=field("body", oversize_handling="CONTINUE"),
                    comparison_operator="GT", size=1024, text_transformation=transform("NONE"))  # fmt: skip
    custom = {"custom_response": [{"response_code": 418, "custom_response_body_key": "nope",
                                   "response_header": [{"name": "x-reason", "value": "size"}]}]}  # fmt: skip
    web_acl, _ = acl(rule("agents", 0, agent), rule("traversal", 1, traversal), rule("big", 2, big, settings=custom))
    assert web_acl.evaluate(request(User_Agent="SQLMap/1.7")).rule == "agents"
    assert web_acl.evaluate(request("/prod/files/%2e%2e%2fsecret")).rule == "traversal"  # seen after URL_DECODE
    assert web_acl.evaluate(request("/prod/files/secret")).action == "ALLOW"
    verdict = web_acl.evaluate(request(method="POST", body=b"x" * 2000))
    assert (verdict.rule, verdict.status, verdict.body, verdict.content_type) == (
        "big", 418, '{"error":"nope"}', "application/json"
    )  # fmt: skip
    assert verdict.response_headers == [("x-reason", "size")]
    assert web_acl.evaluate(request(method="POST", body=b"x" * 1000)).action == "ALLOW"


def test_count_inserts_headers_and_adds_labels_that_a_later_rule_matches():
    partners = statement("ip_set_reference", arn=IP_SET_ARN,
                         ip_set_forwarded_ip_config=[{"header_name": "X-Forwarded-For", "fallback_behavior": "NO_MATCH",
                                                      "position": "FIRST"}])  # fmt: skip
    insert = {"custom_request_handling": [{"insert_header": [{"name": "partner", "value": "yes"}]}]}
    counted = rule("partners", 0, partners, "count", settings=insert, rule_label=[{"name": "partner"}])
    admin = statement("and", statement=[
        statement("byte_match", field_to_match=field("uri_path"), positional_constraint="STARTS_WITH",
                  search_string="/prod/admin", text_transformation=transform("NONE")),
        {"not_statement": [{"statement": [statement("label_match", scope="LABEL", key="partner")]}]},
    ])  # fmt: skip
    web_acl, _ = acl(counted, rule("admin-partners-only", 1, admin))
    partner = web_acl.evaluate(request("/prod/admin", X_Forwarded_For="203.0.113.9, 10.0.0.1"))
    assert (partner.action, partner.inserted_headers) == ("ALLOW", [("x-amzn-waf-partner", "yes")])
    assert partner.record["nonTerminatingMatchingRules"][0]["ruleId"] == "partners"
    outsider = web_acl.evaluate(request("/prod/admin", X_Forwarded_For="198.51.100.1"))
    assert (outsider.action, outsider.rule) == ("BLOCK", "admin-partners-only")
    assert f"{NAMESPACE}partner" not in (outsider.record.get("labels") or [])


def test_rate_based_custom_keys_count_per_key_in_a_sliding_window_and_skip_requests_without_the_key():
    clock = FakeClock()
    tenant = {"header": [{"name": "x-tenant", "text_transformation": transform("LOWERCASE")}]}
    limited = statement("rate_based", limit=10, evaluation_window_sec=60, aggregate_key_type="CUSTOM_KEYS",
                        custom_key=[tenant])  # fmt: skip
    web_acl, _ = acl(rule("per-tenant", 0, limited), clock=clock)
    assert [web_acl.evaluate(request(X_Tenant="Acme")).action for _ in range(10)] == ["ALLOW"] * 10
    blocked = web_acl.evaluate(request(X_Tenant="ACME"))  # the transformation makes it the same key
    assert (blocked.action, blocked.rule_type) == ("BLOCK", "RATE_BASED")
    assert blocked.record["rateBasedRuleList"][0]["customValues"] == [{"key": "HEADER", "name": "x-tenant",
                                                                       "value": "acme"}]  # fmt: skip
    assert web_acl.evaluate(request(X_Tenant="other")).action == "ALLOW"
    assert all(web_acl.evaluate(request()).action == "ALLOW" for _ in range(20))  # no key: not rate-limited
    clock.advance(61)
    assert web_acl.evaluate(request(X_Tenant="acme")).action == "ALLOW"


def test_managed_groups_and_asn_matches_are_reported_not_evaluated_and_the_log_filter_and_redaction_apply():
    group = statement("managed_rule_group", vendor_name="AWS", name="AWSManagedRulesCommonRuleSet")
    managed = {"name": "AWSManagedRulesCommonRuleSet", "priority": 0, "override_action": [{"none": [{}]}],
               "statement": [group]}  # fmt: skip
    asn = rule("asn", 1, statement("asn_match", asn_list=[64496]))
    logging = {
        "log_destination_configs": ["arn:aws:logs:ap-northeast-2:123456789012:log-group:aws-waf-logs-shop"],
        "redacted_fields": [{"single_header": [{"name": "authorization"}]}, {"query_string": [{}]}],
        "logging_filter": [{"default_behavior": "DROP", "filter": [
            {"behavior": "KEEP", "requirement": "MEETS_ANY",
             "condition": [{"action_condition": [{"action": "BLOCK"}]}]},
        ]}],
    }  # fmt: skip
    web_acl, lines = acl(managed, asn, SQLI, logging=logging)
    assert web_acl.describe() == [
        "web ACL shop: 1 of 3 rules evaluated locally",
        "    not evaluated: AWSManagedRulesCommonRuleSet (AWS managed rule group AWS:AWSManagedRulesCommonRuleSet: "
        "its rules are AWS's and not published, so it is not evaluated locally)",
        "    not evaluated: asn (ASN match statements need AWS's IP-to-ASN data)",
    ]
    assert web_acl.evaluate(request(query="q=shoes", Authorization="Bearer t")).action == "ALLOW"
    assert lines == []  # the filter drops ALLOW records
    web_acl.evaluate(request(query="id=1%27%20OR%20%271%27%3D%271", Authorization="Bearer t"))
    (line,) = lines
    group, record = line.split(" ", 1)
    record = json.loads(record)
    assert group == "aws-waf-logs-shop"
    assert (record["timestamp"], record["formatVersion"], record["action"], record["terminatingRuleId"]) == (
        1500, 1, "BLOCK", "sqli-args"
    )  # fmt: skip
    assert record["httpRequest"]["args"] == "REDACTED"
    assert {"name": "Authorization", "value": "REDACTED"} in record["httpRequest"]["headers"]
    assert [r["ruleId"] for r in record["notEvaluatedLocally"]] == ["AWSManagedRulesCommonRuleSet", "asn"]


# --------------------------------------------------------------------------- in front of a REST stage


def rest_state(acl_values: dict[str, Any], gateway_responses: list[dict[str, Any]] = ()) -> Deployment:
    api_id, root = "w4fr3st4p1", "root000000"
    stage_arn = f"arn:aws:apigateway:ap-northeast-2::/restapis/{api_id}/stages/prod"
    log_format = '{"status":"$context.status","waf":"$context.wafResponseCode","acl":"$context.webaclArn"}'
    access = [{"destination_arn": "arn:aws:logs:::log-group:x", "format": log_format}]
    resources = [
        ("aws_api_gateway_rest_api", {"id": api_id, "root_resource_id": root, "region": "ap-northeast-2",
                                      "execution_arn": f"arn:aws:execute-api:ap-northeast-2:123456789012:{api_id}"}),
        ("aws_api_gateway_stage", {"rest_api_id": api_id, "stage_name": "prod", "arn": stage_arn,
                                   "access_log_settings": access}),
        ("aws_api_gateway_method", {"rest_api_id": api_id, "resource_id": root, "http_method": "GET",
                                    "authorization": "NONE"}),
        ("aws_api_gateway_integration", {"rest_api_id": api_id, "resource_id": root, "http_method": "GET",
                                         "type": "AWS_PROXY", "uri": REST_FUNCTION}),
        ("aws_wafv2_web_acl", acl_values),
        ("aws_wafv2_web_acl_association", {"resource_arn": stage_arn, "web_acl_arn": acl_values["arn"]}),
        *(("aws_api_gateway_gateway_response", {"rest_api_id": api_id, **g}) for g in gateway_responses),
    ]  # fmt: skip
    items = [{"address": f"{t}.r{n}", "mode": "managed", "type": t, "name": f"r{n}", "values": v}
             for n, (t, v) in enumerate(resources)]  # fmt: skip
    return Deployment({"values": {"root_module": {"resources": items}}}, Path("."))


def test_a_rest_stage_answers_waf_filtered_or_the_token_actions_and_logs_the_waf_response_code():
    values = {"arn": ACL_ARN, "name": "shop", "default_action": [{"allow": [{}]}],
              "rule": [SQLI, rule("captcha", 5, statement("byte_match", field_to_match=field("uri_path"),
                       positional_constraint="EXACTLY", search_string="/prod/", text_transformation=transform("NONE")),
                       "captcha")]}  # fmt: skip
    gateway_response = {"response_type": "WAF_FILTERED", "status_code": "403",
                        "response_templates": {"application/json": '{"blocked":"$context.error.message"}'}}  # fmt: skip
    log = io.StringIO()
    runtime = ScriptedRuntime({REST_FUNCTION: lambda event: {"statusCode": 200, "body": "hi"}})
    deployment = rest_state(values, [gateway_response])
    api = RestApi(deployment, deployment.resources_of("aws_api_gateway_rest_api")[0], runtime,
                  access_log=AccessLog(log))  # fmt: skip

    async def scenario() -> list[tuple[int, str, str | None]]:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", api.handle)
        async with TestClient(TestServer(app)) as client:
            answers = []
            for path in ("/prod?id=1", "/prod?id=1%27%20OR%20%271%27%3D%271", "/prod/"):
                async with client.get(path) as response:
                    answers.append((response.status, await response.text(), response.headers.get("x-amzn-waf-action")))
            return answers

    assert asyncio.run(scenario()) == [
        (200, "hi", None),
        (403, '{"blocked":"Forbidden"}', None),  # WAF_FILTERED, customised as any gateway response
        (405, "", "captcha"),  # no local client holds a CAPTCHA token
    ]
    access = [json.loads(line) for line in log.getvalue().splitlines()]
    assert [(a["status"], a["waf"]) for a in access] == [
        ("200", "WAF_ALLOW"),
        ("403", "WAF_BLOCK"),
        ("405", "WAF_BLOCK"),
    ]
    assert access[0]["acl"] == ACL_ARN
