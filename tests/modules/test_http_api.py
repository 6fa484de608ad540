"""modules/http_api: what a plan of the module creates, with which values, and which inputs it refuses."""

from __future__ import annotations

import json
import re

import pytest

from tests.modules.conftest import FUNCTION_ARN

SOURCE = "../../../modules/http_api"
M = "module.under_test"
HELLO = FUNCTION_ARN.format("hello")
AUTHZ = FUNCTION_ARN.format("authorizer")


def hello_route(**extra):
    return {"integration": {"function_arn": HELLO}, "public": True, **extra}


def base(**inputs):
    return {"name": "orders", "routes": {"GET /hello": hello_route()}, **inputs}


@pytest.fixture
def plan(plan_module):
    return lambda **inputs: plan_module(SOURCE, base(**inputs))


# --------------------------------------------------------------------------- routes


def test_one_route_entry_plans_one_route_one_integration_one_permission(plan):
    one = plan()
    two = plan(routes={"GET /hello": hello_route(), "POST /orders": hello_route()})
    added = sorted(set(two.addresses()) - set(one.addresses()))
    assert added == [
        f'{M}.aws_apigatewayv2_integration.this["POST /orders"]',
        f'{M}.aws_apigatewayv2_route.this["POST /orders"]',
        f'{M}.aws_lambda_permission.route["POST /orders"]',
    ]
    assert set(one.addresses()) <= set(two.addresses())


def test_lambda_route_is_a_proxy_integration_with_the_chosen_payload_version(plan):
    p = plan(
        routes={
            "GET /hello": hello_route(),
            "GET /legacy": {"integration": {"function_arn": HELLO, "payload_format_version": "1.0"}, "public": True},
            "GET /live": {"integration": {"function_arn": f"{HELLO}:live"}, "public": True},
        }
    )
    hello = p[f'{M}.aws_apigatewayv2_integration.this["GET /hello"]']
    assert hello.value("integration_type") == "AWS_PROXY"
    assert hello.value("integration_uri") == HELLO
    assert hello.value("integration_method") == "POST"
    assert hello.value("payload_format_version") == "2.0"
    assert p[f'{M}.aws_apigatewayv2_integration.this["GET /legacy"]'].value("payload_format_version") == "1.0"
    # an alias ARN (module.fn.alias_arn) is the integration's target, and the permission's qualifier
    assert p[f'{M}.aws_apigatewayv2_integration.this["GET /live"]'].value("integration_uri") == f"{HELLO}:live"
    permissions = {key: p[f'{M}.aws_lambda_permission.route["{key}"]'] for key in ("GET /hello", "GET /live")}
    assert {k: (v.value("function_name"), v.value("qualifier")) for k, v in permissions.items()} == {
        "GET /hello": (HELLO, None),
        "GET /live": (HELLO, "live"),
    }
    route = p[f'{M}.aws_apigatewayv2_route.this["GET /hello"]']  # public = true: the same block as every route
    assert route.value("route_key") == "GET /hello"
    assert route.value("authorization_type") == "NONE"


def test_http_proxy_and_private_integrations(plan):
    p = plan(
        routes={
            "ANY /legacy/{proxy+}": {
                "integration": {"type": "http_proxy", "uri": "https://legacy.example.com/{proxy}"},
                "public": True,
            },
            "GET /internal": {
                "integration": {
                    "type": "private",
                    "uri": "arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:listener/app/int/abc/def",
                    "vpc_link_id": "abc123",
                    "tls_server_name": "internal.example.com",
                },
                "authorization": {"type": "AWS_IAM"},
            },
        }
    )
    proxy = p[f'{M}.aws_apigatewayv2_integration.this["ANY /legacy/{{proxy+}}"]']
    assert (proxy.value("integration_type"), proxy.value("integration_method")) == ("HTTP_PROXY", "ANY")
    assert proxy.value("connection_type") == "INTERNET"
    private = p[f'{M}.aws_apigatewayv2_integration.this["GET /internal"]']
    assert private.value("connection_type") == "VPC_LINK"
    assert private.value("connection_id") == "abc123"
    assert private.value("tls_config") == [{"server_name_to_verify": "internal.example.com"}]
    assert not [a for a in p.addresses() if "aws_lambda_permission" in a]


def test_aws_service_integration_carries_subtype_and_parameters(plan):
    p = plan(
        routes={
            "POST /queue": {
                "integration": {
                    "type": "aws_service",
                    "subtype": "SQS-SendMessage",
                    "credentials_arn": "arn:aws:iam::123456789012:role/apigw-sqs",
                    "request_parameters": {"QueueUrl": "https://sqs.example/q", "MessageBody": "$request.body"},
                },
                "authorization": {"type": "AWS_IAM"},
            }
        }
    )
    i = p[f'{M}.aws_apigatewayv2_integration.this["POST /queue"]']
    assert i.value("integration_subtype") == "SQS-SendMessage"
    assert i.value("request_parameters") == {"QueueUrl": "https://sqs.example/q", "MessageBody": "$request.body"}
    assert i.value("payload_format_version") == "1.0"


# --------------------------------------------------------------------------- authorizers


def test_jwt_and_lambda_authorizers(plan):
    p = plan(
        authorizers={
            "cognito": {
                "type": "JWT",
                "jwt": {"issuer": "https://cognito-idp.ap-northeast-2.amazonaws.com/pool", "audience": ["client"]},
            },
            "partner": {"type": "REQUEST", "function_arn": AUTHZ, "result_ttl_seconds": 60},
        },
        routes={
            "GET /me": {
                "integration": {"function_arn": HELLO},
                "authorization": {"type": "JWT", "authorizer": "cognito", "scopes": ["orders/read"]},
            },
            "GET /partner": {
                "integration": {"function_arn": HELLO},
                "authorization": {"type": "CUSTOM", "authorizer": "partner"},
            },
        },
    )
    jwt = p[f'{M}.aws_apigatewayv2_authorizer.this["cognito"]']
    assert jwt.value("authorizer_type") == "JWT"
    assert jwt.value("jwt_configuration") == [
        {"issuer": "https://cognito-idp.ap-northeast-2.amazonaws.com/pool", "audience": ["client"]}
    ]
    assert jwt.value("identity_sources") == ["$request.header.Authorization"]
    lam = p[f'{M}.aws_apigatewayv2_authorizer.this["partner"]']
    assert lam.value("authorizer_uri") == (
        f"arn:aws:apigateway:ap-northeast-2:lambda:path/2015-03-31/functions/{AUTHZ}/invocations"
    )
    assert lam.value("authorizer_payload_format_version") == "2.0"
    assert lam.value("enable_simple_responses") is True
    assert lam.value("authorizer_result_ttl_in_seconds") == 60
    # every route, authorized or public = true, is in aws_apigatewayv2_route.this
    assert {r.address for r in p.of_type("aws_apigatewayv2_route")} == {
        f'{M}.aws_apigatewayv2_route.this["GET /me"]',
        f'{M}.aws_apigatewayv2_route.this["GET /partner"]',
    }
    me = p[f'{M}.aws_apigatewayv2_route.this["GET /me"]']
    assert me.value("authorization_type") == "JWT"
    assert me.value("authorization_scopes") == ["orders/read"]
    assert me.is_unknown("authorizer_id")
    assert p[f'{M}.aws_lambda_permission.authorizer["partner"]'].value("function_name") == AUTHZ


def test_applied_permissions_are_scoped_to_this_api_route_and_authorizer(apply_module):
    outputs, res = apply_module(
        SOURCE,
        base(
            authorizers={"partner": {"type": "REQUEST", "function_arn": AUTHZ}},
            routes={
                "GET /hello": hello_route(),
                "ANY /items/{proxy+}": hello_route(),
                "DELETE /users/{id}": {
                    "integration": {"function_arn": HELLO},
                    "authorization": {"type": "CUSTOM", "authorizer": "partner"},
                },
                "$default": hello_route(),
            },
        ),
        outputs=["execution_arn", "authorizer_ids", "route_ids", "stage_invoke_urls", "access_log_group_arns"],
    )
    arn = outputs["execution_arn"]
    assert re.fullmatch(r"arn:aws:execute-api:ap-northeast-2:123456789012:[a-z0-9]{10}", arn)
    sources = {
        key: res[f'{M}.aws_lambda_permission.route["{key}"]']["source_arn"]
        for key in ("GET /hello", "ANY /items/{proxy+}", "DELETE /users/{id}", "$default")
    }
    assert sources == {
        "GET /hello": f"{arn}/*/GET/hello",
        "ANY /items/{proxy+}": f"{arn}/*/*/items/*",
        "DELETE /users/{id}": f"{arn}/*/DELETE/users/*",
        "$default": f"{arn}/*/$default",
    }
    authz = res[f'{M}.aws_lambda_permission.authorizer["partner"]']
    assert authz["source_arn"] == f"{arn}/authorizers/{outputs['authorizer_ids']['partner']}"
    assert authz["principal"] == "apigateway.amazonaws.com"
    route = res[f'{M}.aws_apigatewayv2_route.this["DELETE /users/{{id}}"]']
    assert route["authorizer_id"] == outputs["authorizer_ids"]["partner"]
    assert (
        route["target"] == f"integrations/{res[M + '.aws_apigatewayv2_integration.this["DELETE /users/{id}"]']['id']}"
    )
    api_id = arn.rsplit(":", 1)[1]
    stage = res[f'{M}.aws_apigatewayv2_stage.this["$default"]']
    assert stage["access_log_settings"][0]["destination_arn"] == outputs["access_log_group_arns"]["$default"]
    assert set(outputs["route_ids"]) == {"GET /hello", "ANY /items/{proxy+}", "DELETE /users/{id}", "$default"}
    assert outputs["stage_invoke_urls"] == {"$default": f"https://{api_id}.execute-api.ap-northeast-2.amazonaws.com/"}


# --------------------------------------------------------------------------- stages, throttling, logs


def test_default_stage_auto_deploys_with_throttling_and_json_access_logs(plan):
    p = plan()
    stage = p[f'{M}.aws_apigatewayv2_stage.this["$default"]']
    assert stage.value("auto_deploy") is True
    settings = stage.value("default_route_settings.0")
    assert (settings["throttling_burst_limit"], settings["throttling_rate_limit"]) == (200, 100)
    fmt = json.loads(stage.value("access_log_settings.0.format"))
    assert fmt["requestId"] == "$context.requestId"
    assert fmt["status"] == "$context.status"
    assert fmt["routeKey"] == "$context.routeKey"
    assert fmt["integrationError"] == "$context.integrationErrorMessage"
    group = p[f'{M}.aws_cloudwatch_log_group.access["$default"]']
    assert group.value("name") == "/aws/apigateway/orders/default"
    assert group.value("retention_in_days") == 365
    # the group's ARN, written out so that the plan (and checkov's plan scan) shows the destination
    assert stage.value("access_log_settings.0.destination_arn") == (
        "arn:aws:logs:ap-northeast-2:123456789012:log-group:/aws/apigateway/orders/default"
    )
    assert not [a for a in p.addresses() if "aws_apigatewayv2_deployment" in a]


def test_per_route_and_per_stage_throttling_override_the_default(plan):
    p = plan(
        routes={"GET /hello": hello_route(throttling={"burst_limit": 20, "rate_limit": 10})},
        stages={"prod": {"throttling": {"burst_limit": 1000, "rate_limit": 500}}, "dev": {}},
    )
    prod = p[f'{M}.aws_apigatewayv2_stage.this["prod"]']
    assert prod.value("default_route_settings.0.throttling_burst_limit") == 1000
    assert prod.value("default_route_settings.0.throttling_rate_limit") == 500
    (route_setting,) = prod.value("route_settings")
    assert route_setting["route_key"] == "GET /hello"
    assert (route_setting["throttling_burst_limit"], route_setting["throttling_rate_limit"]) == (20, 10)
    assert p[f'{M}.aws_apigatewayv2_stage.this["dev"]'].value("default_route_settings.0.throttling_rate_limit") == 100


def test_throttling_can_be_turned_off_explicitly(plan):
    settings = plan(throttling=None)[f'{M}.aws_apigatewayv2_stage.this["$default"]'].value("default_route_settings.0")
    assert settings["throttling_burst_limit"] is None and settings["throttling_rate_limit"] is None


def test_access_logs_to_a_given_group_create_none(plan):
    dest = "arn:aws:logs:ap-northeast-2:123456789012:log-group:central"
    p = plan(access_logs={"destination_arn": dest})
    assert p[f'{M}.aws_apigatewayv2_stage.this["$default"]'].value("access_log_settings.0.destination_arn") == dest
    assert not p.of_type("aws_cloudwatch_log_group")


def test_named_stages_with_variables_auto_deploy(plan):
    """Every change reaches the stages as API Gateway makes it, removed routes included."""
    p = plan(stages={"dev": {"variables": {"backend": "dev"}}, "prod": {}})
    dev = p[f'{M}.aws_apigatewayv2_stage.this["dev"]']
    assert dev.value("stage_variables") == {"backend": "dev"}
    assert (dev.value("auto_deploy"), p[f'{M}.aws_apigatewayv2_stage.this["prod"]'].value("auto_deploy")) == (
        True,
        True,
    )
    assert not p.of_type("aws_apigatewayv2_deployment")


# --------------------------------------------------------------------------- CORS, body, domain


def test_cors_configuration(plan):
    p = plan(cors={"allow_origins": ["https://www.example.com"], "allow_methods": ["GET", "OPTIONS"], "max_age": 600})
    assert p[f"{M}.aws_apigatewayv2_api.this"].value("cors_configuration") == [
        {
            "allow_origins": ["https://www.example.com"],
            "allow_methods": ["GET", "OPTIONS"],
            "allow_headers": ["authorization", "content-type"],
            "expose_headers": [],
            "max_age": 600,
            "allow_credentials": False,
        }
    ]


def test_openapi_body_replaces_routes(plan_module):
    body = json.dumps({"openapi": "3.0.1", "info": {"title": "x", "version": "1"}, "paths": {}})
    p = plan_module(
        SOURCE,
        {"name": "imported", "body": body, "body_lambda_permissions": {"hello": {"function_arn": HELLO}}},
    )
    assert p[f"{M}.aws_apigatewayv2_api.this"].value("body") == body
    assert not p.of_type("aws_apigatewayv2_route") and not p.of_type("aws_apigatewayv2_integration")
    assert p[f'{M}.aws_lambda_permission.body["hello"]'].value("function_name") == HELLO


def test_custom_domain_with_tls12_mapping_and_alias(plan):
    p = plan(
        domain={
            "domain_name": "api.example.com",
            "certificate_arn": "arn:aws:acm:ap-northeast-2:123456789012:certificate/abc",
            "route53_zone_id": "Z123",
            "mutual_tls": {"truststore_uri": "s3://bucket/truststore.pem"},
            "ip_address_type": "dualstack",
        },
        ip_address_type="dualstack",
    )
    assert p[f"{M}.aws_apigatewayv2_api.this"].value("ip_address_type") == "dualstack"
    domain = p[f"{M}.aws_apigatewayv2_domain_name.this[0]"]
    cfg = domain.value("domain_name_configuration.0")
    assert (cfg["security_policy"], cfg["endpoint_type"], cfg["ip_address_type"]) == (
        "TLS_1_2",
        "REGIONAL",
        "dualstack",
    )
    assert domain.value("mutual_tls_authentication.0.truststore_uri") == "s3://bucket/truststore.pem"
    mapping = p[f'{M}.aws_apigatewayv2_api_mapping.this["$default"]']
    assert mapping.value("api_mapping_key") is None
    assert p[f"{M}.aws_route53_record.this[0]"].value("type") == "A"


def test_no_domain_resources_unless_asked(plan):
    p = plan()
    assert not p.of_type("aws_apigatewayv2_domain_name") and not p.of_type("aws_route53_record")


# --------------------------------------------------------------------------- refusals

CORS = {"allow_origins": ["https://a.example"]}
JWT = {"type": "JWT", "jwt": {"issuer": "https://issuer.example", "audience": ["a"]}}
BAD_INPUTS = {
    "route key without method": (
        {"routes": {"/hello": hello_route()}},
        r"every key must be \"\$default\" or \"METHOD /path\"",
    ),
    "route key with unknown method": ({"routes": {"FETCH /x": hello_route()}}, r"METHOD one of ANY, GET"),
    "greedy variable not last": (
        {"routes": {"GET /{proxy+}/x": hello_route()}},
        r"\{proxy\+\} must be the last segment",
    ),
    "unknown integration type": (
        {"routes": {"GET /x": {"integration": {"type": "grpc"}, "public": True}}},
        r"integration.type must be one of lambda, http_proxy, aws_service, private",
    ),
    "bad payload version": (
        {
            "routes": {
                "GET /x": {"integration": {"function_arn": HELLO, "payload_format_version": "3.0"}, "public": True}
            }
        },
        r"payload_format_version must be \"1.0\" or \"2.0\"",
    ),
    "lambda route without function arn": (
        {"routes": {"GET /x": {"integration": {}, "public": True}}},
        r"a lambda integration needs integration.function_arn",
    ),
    "http proxy without url": (
        {"routes": {"GET /x": {"integration": {"type": "http_proxy", "uri": "legacy"}, "public": True}}},
        r"an http_proxy integration needs integration.uri",
    ),
    "private integration without vpc link": (
        {"routes": {"GET /x": {"integration": {"type": "private", "uri": "arn:aws:x"}, "public": True}}},
        r"a private integration needs integration.vpc_link_id",
    ),
    "aws service without subtype": (
        {"routes": {"GET /x": {"integration": {"type": "aws_service"}, "public": True}}},
        r"an aws_service integration needs integration.subtype",
    ),
    "integration timeout over 30s": (
        {"routes": {"GET /x": {"integration": {"function_arn": HELLO, "timeout_milliseconds": 31000}, "public": True}}},
        r"timeout_milliseconds must be between 50 and 30000",
    ),
    "unauthenticated route not marked public": (
        {"routes": {"GET /x": {"integration": {"function_arn": HELLO}}}},
        r"authorization.type NONE must say public = true",
    ),
    "jwt route without authorizer": (
        {"routes": {"GET /x": {"integration": {"function_arn": HELLO}, "authorization": {"type": "JWT"}}}},
        r"JWT and CUSTOM authorization need exactly one of authorization.authorizer",
    ),
    "scopes on a non-jwt route": (
        {
            "routes": {
                "GET /x": {
                    "integration": {"function_arn": HELLO},
                    "authorization": {"type": "AWS_IAM", "scopes": ["a"]},
                }
            }
        },
        r"authorization.scopes apply to JWT authorization only",
    ),
    "route naming an undefined authorizer": (
        {
            "routes": {
                "GET /x": {
                    "integration": {"function_arn": HELLO},
                    "authorization": {"type": "JWT", "authorizer": "nope"},
                }
            }
        },
        r"A route names an authorizer that var.authorizers does not define",
    ),
    "custom route on a jwt authorizer": (
        {
            "authorizers": {"cognito": JWT},
            "routes": {
                "GET /x": {
                    "integration": {"function_arn": HELLO},
                    "authorization": {"type": "CUSTOM", "authorizer": "cognito"},
                }
            },
        },
        r"authorization.type must match its authorizer",
    ),
    "route throttling burst below rate": (
        {"routes": {"GET /x": hello_route(throttling={"burst_limit": 5, "rate_limit": 10})}},
        r"a burst below the rate can never be reached",
    ),
    "jwt authorizer without issuer": (
        {"authorizers": {"a": {"type": "JWT"}}},
        r"a JWT authorizer needs jwt.issuer \(an https:// URL\) and at least one jwt.audience",
    ),
    "authorizer of unknown type": ({"authorizers": {"a": {"type": "TOKEN"}}}, r"type must be JWT or REQUEST"),
    "lambda authorizer without function": (
        {"authorizers": {"a": {"type": "REQUEST"}}},
        r"a REQUEST authorizer needs function_arn",
    ),
    "authorizer cache ttl over an hour": (
        {"authorizers": {"a": {"type": "REQUEST", "function_arn": AUTHZ, "result_ttl_seconds": 7200}}},
        r"result_ttl_seconds must be between 0 and 3600",
    ),
    "simple responses with payload 1.0": (
        {"authorizers": {"a": {"type": "REQUEST", "function_arn": AUTHZ, "payload_format_version": "1.0"}}},
        r"enable_simple_responses needs payload_format_version \"2.0\"",
    ),
    "cors wildcard with credentials": (
        {"cors": {"allow_origins": ["*"], "allow_credentials": True}},
        r"allow_credentials = true cannot be combined with the wildcard origin",
    ),
    "cors max age over a day": ({"cors": {**CORS, "max_age": 90000}}, r"max_age must be between 0 and 86400"),
    "cors unknown method": (
        {"cors": {**CORS, "allow_methods": ["FETCH"]}},
        r"allow_methods entries must be HTTP methods",
    ),
    "body and routes together": ({"body": "{}"}, r"Set either body \(an OpenAPI definition\) or routes, not both"),
    "no routes and no body": ({"routes": {}}, r"The API has nothing to serve"),
    "stage name with a space": ({"stages": {"my stage": {}}}, r"a stage name must be \"\$default\" or 1-128 letters"),
    "manual deployment": (
        {"stages": {"prod": {"auto_deploy": False}}},
        r"stages: auto_deploy = false is not offered\. A deployment Terraform makes is taken before Terraform deletes",
    ),
    "stage variable value with a space": (
        {"stages": {"dev": {"variables": {"backend": "a b"}}}},
        r"stage variable names must be alphanumeric",
    ),
    "default throttling burst below rate": (
        {"throttling": {"burst_limit": 1, "rate_limit": 10}},
        r"throttling needs 0 <= rate_limit <= 10000 and rate_limit <= burst_limit <= 5000",
    ),
    "log retention not allowed by cloudwatch": (
        {"access_logs": {"retention_in_days": 42}},
        r"retention_in_days must be one of CloudWatch Logs' values",
    ),
    "access log destination not a log group": (
        {"access_logs": {"destination_arn": "arn:aws:s3:::bucket"}},
        r"destination_arn must be a CloudWatch Logs log group ARN",
    ),
    "access log format not json": ({"access_logs": {"format": "$context.requestId"}}, r"format must be a JSON object"),
    # the stage inputs come from modules/_shared/stage_inputs.tf.tmpl: the checks websocket_api had hold here too
    "access log format a json array": ({"access_logs": {"format": "[1]"}}, r"format must be a JSON object"),
    "access log key not a kms key": (
        {"access_logs": {"kms_key_arn": "alias/logs"}},
        r"access_logs.kms_key_arn must be a KMS key ARN",
    ),
    "domain base path with a leading slash": (
        {
            "domain": {
                "domain_name": "api.example.com",
                "certificate_arn": "arn:aws:acm:ap-northeast-2:123456789012:certificate/x",
                "mappings": {"$default": "/v1"},
            }
        },
        r"a base path is \"\" \(the root\) or segments",
    ),
    "domain certificate not from acm": (
        {
            "domain": {
                "domain_name": "api.example.com",
                "certificate_arn": "arn:aws:iam::123456789012:server-certificate/x",
            }
        },
        r"certificate_arn must be an ACM certificate ARN",
    ),
    "domain with an enhanced policy": (
        {
            "domain": {
                "domain_name": "api.example.com",
                "certificate_arn": "arn:aws:acm:ap-northeast-2:123456789012:certificate/abc",
                "security_policy": "SecurityPolicy_TLS13_1_3_2025_09",
            }
        },
        r"an HTTP API custom domain takes TLS_1_2 only",
    ),
    "ip address type unknown": ({"ip_address_type": "ipv6only"}, r"ip_address_type must be ipv4 or dualstack"),
    "domain with several stages and no mappings": (
        {
            "stages": {"dev": {}, "prod": {}},
            "domain": {
                "domain_name": "api.example.com",
                "certificate_arn": "arn:aws:acm:ap-northeast-2:123456789012:certificate/x",
            },
        },
        r"domain.mappings is required when the API has several stages",
    ),
    "name too long": ({"name": "x" * 129}, r"name must be 1 to 128 characters long"),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_fails_at_plan_with_a_message_naming_the_rule(bad_input_report, case):
    inputs = {name: base(**given) for name, (given, _) in BAD_INPUTS.items()}
    bad_input_report.assert_refused(SOURCE, inputs, case, BAD_INPUTS[case][1])
