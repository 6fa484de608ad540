"""The REST API examples plan offline with the resources and values their READMEs promise."""

from __future__ import annotations

import json

import pytest

from apigwkit.engine.workspace import REPO_ROOT
from apigwkit.provider_double.account import CONFIGURED_ROLE
from apigwkit.testing.rest_api import ImportedApi
from apigwkit.vtl import render, select_integration_response

API = "module.api"
CACHE_EXAMPLE = REPO_ROOT / "examples" / "rest-api-mapping-cache"
TEMPLATES = CACHE_EXAMPLE / "templates"
CONTEXT = {"identity": {"sourceIp": "203.0.113.10"}, "resourcePath": "/sum", "stage": "prod"}
# planned as in an account whose API Gateway CloudWatch role is set: the stages log
LOGGING = {"cloudwatch_role_arn": CONFIGURED_ROLE}


def manifest() -> dict:
    return json.loads((REPO_ROOT / "build" / "lambda" / "manifest.json").read_text())["functions"]


@pytest.fixture(scope="module")
def cache_plan(workspace):
    return workspace("examples/rest-api-mapping-cache").plan(LOGGING)


@pytest.fixture(scope="module")
def cache_api(cache_plan) -> ImportedApi:
    """The REST API its document makes (the function's ARN is known at plan, so the document is too)."""
    return ImportedApi.from_plan(cache_plan, f"{API}.aws_api_gateway_rest_api.this")


# --------------------------------------------------------------------------- rest-api-mapping-cache (seed 실습 B)


def test_mapping_cache_example_plans_the_seed_b_api(cache_plan):
    assert cache_plan.summary() == {"add": 26, "change": 0, "destroy": 0}
    fn = cache_plan["module.sum.aws_lambda_function.this"]
    assert fn.value("handler") == manifest()["sum"]["handler"] == "sum.lambda_handler"
    assert fn.value("source_code_hash") == manifest()["sum"]["source_code_hash"]
    permissions = sorted(rc.address for rc in cache_plan.of_type("aws_lambda_permission"))
    assert permissions == [
        f'{API}.aws_lambda_permission.method["GET /sum"]',
        f'{API}.aws_lambda_permission.method["POST /sum"]',
    ]
    assert {rc.value("qualifier") for rc in cache_plan.of_type("aws_lambda_permission")} == {"live"}
    canary = cache_plan.raw["output_changes"]["canary"]  # partly known: the API id comes with apply
    assert (canary["after"]["stage"], canary["after"]["alarm_name"]) == ("prod", "sum-rest-prod-5xx")
    assert canary["after_unknown"]["rest_api_id"] is True
    alarm = cache_plan["aws_cloudwatch_metric_alarm.prod_5xx"]
    assert (alarm.value("metric_name"), alarm.value("dimensions")) == (
        "5XXError",
        {"ApiName": "sum-rest", "Stage": "prod"},
    )


def test_post_sum_validates_the_seed_model_and_maps_both_ways(cache_api):
    post = cache_api.method("POST /sum")
    assert post["request_models"] == {"application/json": "SumRequest"}
    assert post["api_key_required"] is True
    assert post["authorization"] == "NONE"
    model = json.loads(cache_api.named("aws_api_gateway_model")["SumRequest"]["schema"])
    assert (model["type"], model["required"], model["properties"]) == (
        "object",
        ["a", "b"],
        {"a": {"type": "integer"}, "b": {"type": "integer"}},
    )
    validator = cache_api.named("aws_api_gateway_request_validator")["body"]
    assert validator["validate_request_body"] is True and post["request_validator_id"] == validator["id"]
    integration = cache_api.integration("POST /sum")
    assert (integration["type"], integration["integration_http_method"]) == ("AWS", "POST")
    sum_arn = "arn:aws:lambda:ap-northeast-2:123456789012:function:sum-rest-sum:live"  # the function's alias
    assert (
        integration["uri"]
        == f"arn:aws:apigateway:ap-northeast-2:lambda:path/2015-03-31/functions/{sum_arn}/invocations"
    )
    assert integration["request_templates"] == {"application/json": (TEMPLATES / "sum-request.vtl").read_text()}
    assert integration["passthrough_behavior"] == "WHEN_NO_TEMPLATES"
    ok = cache_api.responses("aws_api_gateway_integration_response", "POST /sum")["200"]
    assert ok["response_templates"] == {"application/json": (TEMPLATES / "sum-response.vtl").read_text()}
    assert ok["response_parameters"] == {
        "method.response.header.Access-Control-Allow-Origin": "'https://www.example.com'"
    }


def test_lambda_errors_select_disjoint_responses_with_valid_json_bodies(cache_api):
    responses = cache_api.responses("aws_api_gateway_integration_response", "POST /sum")
    patterns = {code: r["selection_pattern"] for code, r in responses.items()}
    assert select_integration_response(patterns, None) == "200"
    bad = "BadRequest: a must be an integer, found string 'x'"
    assert select_integration_response(patterns, bad) == "400"
    assert select_integration_response(patterns, "Task timed out after 10.00 seconds") == "500"
    assert select_integration_response(patterns, "event must be the JSON object\nthe template produces") == "500"
    error = json.dumps({"errorMessage": bad, "errorType": "BadRequestError", "stackTrace": []})
    rendered = render(responses["400"]["response_templates"]["application/json"], body=error, context=CONTEXT)
    assert json.loads(rendered) == {"message": bad}
    rendered = render(responses["500"]["response_templates"]["application/json"], body=error, context=CONTEXT)
    assert json.loads(rendered) == {"message": "Internal server error"}  # internals stay in the logs


def test_get_sum_is_the_cacheable_twin_keyed_on_query_parameters(cache_plan, cache_api):
    get = cache_api.method("GET /sum")
    assert get["request_parameters"] == {
        "method.request.querystring.a": True,
        "method.request.querystring.b": True,
        "method.request.querystring.debug": False,
    }
    assert sorted(cache_api.integration("GET /sum")["cache_key_parameters"]) == [
        "method.request.querystring.a",
        "method.request.querystring.b",
        "method.request.querystring.debug",
    ]
    prod = cache_plan[f'{API}.aws_api_gateway_stage.this["prod"]']
    assert (prod.value("cache_cluster_enabled"), prod.value("cache_cluster_size")) == (True, "0.5")
    stage_wide = cache_plan[f'{API}.aws_api_gateway_method_settings.stage["prod"]'].value("settings.0")
    assert (stage_wide["caching_enabled"], stage_wide["cache_ttl_in_seconds"]) == (True, 300)
    get_settings = cache_plan[f'{API}.aws_api_gateway_method_settings.method["prod GET /sum"]']
    assert get_settings.value("method_path") == "~1sum/GET"
    assert get_settings.value("settings.0.caching_enabled") is True
    post_settings = cache_plan[f'{API}.aws_api_gateway_method_settings.method["prod POST /sum"]']
    assert post_settings.value("settings.0.caching_enabled") is False
    dev = cache_plan[f'{API}.aws_api_gateway_stage.this["dev"]']
    assert dev.value("cache_cluster_enabled") is False


@pytest.mark.parametrize(
    ("query", "a", "b"),
    [
        pytest.param({"a": "1", "b": "2"}, 1, 2, id="integers"),
        pytest.param({"a": "-7", "b": "0"}, -7, 0, id="negative-and-zero"),
        pytest.param({"a": "007", "b": "1.5"}, "007", "1.5", id="not-integers-stay-strings"),
        pytest.param({"a": 'say "hi"', "b": "it's"}, 'say "hi"', "it's", id="quotes"),
        pytest.param({}, None, None, id="absent"),
    ],
)
def test_the_query_template_renders_valid_json_for_every_query(query, a, b):
    template = (TEMPLATES / "sum-query-request.vtl").read_text()
    params = {"path": {}, "querystring": query, "header": {}}
    event = json.loads(render(template, body=None, params=params, context=CONTEXT))
    assert (event["a"], event["b"], event["path"], event["qs"]) == (a, b, "/sum", {"debug": ""})


def test_usage_plan_api_key_canary_and_stages(cache_plan):
    plan = cache_plan[f'{API}.aws_api_gateway_usage_plan.this["basic"]']
    assert plan.value("quota_settings") == [{"limit": 1000, "period": "DAY", "offset": 0}]
    assert plan.value("throttle_settings") == [{"burst_limit": 20, "rate_limit": 10}]
    throttles = [t for s in plan.value("api_stages") for t in s["throttle"]]
    assert throttles == [{"path": "/sum/POST", "burst_limit": 10, "rate_limit": 5}]
    assert cache_plan[f'{API}.aws_api_gateway_api_key.this["demo"]'].is_unknown("value")  # generated
    assert f'{API}.aws_api_gateway_usage_plan_key.this["basic demo"]' in cache_plan
    prod = cache_plan[f'{API}.aws_api_gateway_stage.this["prod"]']
    assert prod.value("variables") == {"release": "stable"}
    # prod has a canary; its first release has nothing beside it to try, so the canary starts with a change
    assert prod.value("canary_settings") == []
    assert f'{API}.aws_api_gateway_deployment.stable["prod"]' in cache_plan
    assert f'{API}.terraform_data.canary_stable["prod"]' in cache_plan
    dev_settings = cache_plan[f'{API}.aws_api_gateway_method_settings.stage["dev"]'].value("settings.0")
    assert (dev_settings["logging_level"], dev_settings["throttling_rate_limit"]) == ("INFO", 10)
    assert not cache_plan.of_type("aws_api_gateway_account")  # account-wide: examples/account-settings


def test_health_mock_tells_which_release_answered_and_cors_preflight(cache_plan, cache_api):
    assert cache_api.integration("GET /health")["type"] == "MOCK"
    template = cache_api.responses("aws_api_gateway_integration_response", "GET /health")["200"]["response_templates"][
        "application/json"
    ]
    rendered = render(template, context=CONTEXT, stage_variables={"release": "canary"})
    assert json.loads(rendered) == {"status": "ok", "stage": "prod", "release": "canary"}
    assert cache_api.method("GET /health")["api_key_required"] is False
    preflight = cache_api.responses("aws_api_gateway_integration_response", "OPTIONS /sum")["200"][
        "response_parameters"
    ]
    assert preflight["method.response.header.Access-Control-Allow-Methods"] == "'GET,OPTIONS,POST'"
    gateway = {o["response_type"] for o in cache_api.objects["aws_api_gateway_gateway_response"]}
    assert gateway == {"BAD_REQUEST_BODY", "DEFAULT_4XX", "DEFAULT_5XX"}


# --------------------------------------------------------------------------- rest-api-private


def test_private_example_creates_the_network_and_admits_only_its_endpoint(workspace):
    plan = workspace("examples/rest-api-private").plan(LOGGING)
    assert plan.summary() == {"add": 19, "change": 0, "destroy": 0}
    api = plan[f"{API}.aws_api_gateway_rest_api.this"]
    assert api.value("endpoint_configuration.0.types") == ["PRIVATE"]
    assert api.is_unknown("endpoint_configuration.0.vpc_endpoint_ids.0")  # the one endpoint created here
    assert api.is_unknown("body")  # its resource policy names that endpoint
    endpoint = plan["aws_vpc_endpoint.execute_api[0]"]
    assert endpoint.value("service_name") == "com.amazonaws.ap-northeast-2.execute-api"
    assert (endpoint.value("vpc_endpoint_type"), endpoint.value("private_dns_enabled")) == ("Interface", True)
    subnets = [plan[f"aws_subnet.private[{i}]"] for i in range(2)]
    assert [s.value("cidr_block") for s in subnets] == ["10.20.1.0/24", "10.20.2.0/24"]
    assert subnets[0].value("availability_zone") != subnets[1].value("availability_zone")
    default_group = plan["aws_default_security_group.this[0]"]
    assert (default_group.value("ingress"), default_group.value("egress")) == ([], [])  # unused, emptied
    ingress = plan["aws_vpc_security_group_ingress_rule.https[0]"]
    assert (ingress.value("from_port"), ingress.value("to_port"), ingress.value("cidr_ipv4")) == (
        443,
        443,
        "10.20.0.0/16",
    )
    assert plan["module.hello.aws_lambda_function.this"].value("handler") == manifest()["hello"]["handler"]


def test_private_example_with_given_endpoints_creates_no_network(workspace):
    given = ["vpce-0123456789abcdef0", "vpce-0fedcba9876543210"]
    plan = workspace("examples/rest-api-private").plan({"vpc_endpoint_ids": given})
    assert not [a for a in plan.addresses() if a.startswith(("aws_vpc", "aws_subnet", "aws_security_group"))]
    api = plan[f"{API}.aws_api_gateway_rest_api.this"]
    assert api.value("endpoint_configuration.0.vpc_endpoint_ids") == given
    assert plan.outputs["vpc_endpoint_ids"] == given
    imported = ImportedApi.from_plan(plan, f"{API}.aws_api_gateway_rest_api.this")
    hello = imported.integration("GET /hello")
    assert (hello["type"], hello["integration_http_method"]) == ("AWS_PROXY", "POST")
    assert imported.method("GET /hello")["authorization"] == "NONE"
    # the resource policy travels in the document: only the given endpoints may invoke
    statements = {s["Sid"]: s for s in imported.document["x-amazon-apigateway-policy"]["Statement"]}
    assert statements["AllowInvokeFromVpcEndpoints"]["Condition"] == {"StringEquals": {"aws:SourceVpce": given}}
    assert statements["DenyInvokeFromElsewhere"]["Effect"] == "Deny"
