"""modules/rest_api: what a plan of the module creates, with which values, and which inputs it refuses."""

from __future__ import annotations

import json
import re

import pytest

from tests.modules.conftest import CLOUDWATCH_ROLE, FUNCTION_ARN, _use, module_call, seed_named_functions

SOURCE = "../../../modules/rest_api"
M = "module.under_test"
HELLO = FUNCTION_ARN.format("hello")
SUM = FUNCTION_ARN.format("sum")
AUTHZ = FUNCTION_ARN.format("authorizer")
POOL = "arn:aws:cognito-idp:ap-northeast-2:123456789012:userpool/ap-northeast-2_AbCdEf123"
WEB_ACL = "arn:aws:wafv2:ap-northeast-2:123456789012:regional/webacl/api/0123-abcd"
CERT = "arn:aws:acm:ap-northeast-2:123456789012:certificate/abc"
VPCE = "vpce-0123456789abcdef0"
ORIGIN = "https://www.example.com"


def invoke_uri(function_arn: str) -> str:
    return f"arn:aws:apigateway:ap-northeast-2:lambda:path/2015-03-31/functions/{function_arn}/invocations"


def hello_method(**extra):
    return {"integration": {"function_arn": HELLO}, "public": True, **extra}


def base(**inputs):
    return {
        "name": "orders",
        "resources": {"/hello": {"methods": {"GET": hello_method()}}},
        "stages": {"prod": {}},
        "cloudwatch_role_arn": CLOUDWATCH_ROLE,
        **inputs,
    }


# --------------------------------------------------------------------------- one plan of (almost) everything

SUM_REQUEST_SCHEMA = json.dumps(
    {
        "$schema": "http://json-schema.org/draft-04/schema#",
        "type": "object",
        "required": ["a", "b"],
        "properties": {"a": {"type": "integer"}, "b": {"type": "integer"}},
    }
)
REQUEST_TEMPLATE = "{\"a\": $input.json('$.a'), \"b\": $input.json('$.b')}"
RESPONSE_TEMPLATE = "{\"result\": $input.json('$.sum')}"
ERROR_TEMPLATE = "{\"message\": $input.json('$.errorMessage')}"

FULL = base(
    authorizers={
        "cognito": {"type": "COGNITO_USER_POOLS", "provider_arns": [POOL]},
        "token": {
            "type": "TOKEN",
            "function_arn": AUTHZ,
            "result_ttl_seconds": 60,
            "identity_validation_expression": "^Bearer [-0-9a-zA-Z._]+$",
        },
        "tenant": {
            "type": "REQUEST",
            "function_arn": AUTHZ,
            "identity_sources": ["method.request.header.X-Tenant", "method.request.querystring.key"],
        },
    },
    models={"SumRequest": {"schema": SUM_REQUEST_SCHEMA, "description": "a and b"}},
    request_validators={"body": {"validate_body": True}, "params": {"validate_parameters": True}},
    cors={"allow_origin": ORIGIN, "allow_credentials": True, "expose_headers": ["X-Request-Id"]},
    resources={
        "/": {"methods": {"GET": {"integration": {"type": "MOCK"}, "public": True}}},
        "/sum": {
            "cors": True,
            "methods": {
                "POST": {
                    "authorization": {"type": "COGNITO_USER_POOLS", "authorizer": "cognito", "scopes": ["sum/write"]},
                    "api_key_required": True,
                    "request_models": {"application/json": "SumRequest"},
                    "request_validator": "body",
                    "request_parameters": {"method.request.querystring.debug": False},
                    "integration": {
                        "type": "AWS",
                        "function_arn": SUM,
                        "request_templates": {"application/json": REQUEST_TEMPLATE},
                    },
                    "responses": {
                        "200": {
                            "templates": {"application/json": RESPONSE_TEMPLATE},
                            "headers": {"X-Request-Id": "context.requestId"},
                        },
                        "400": {
                            "selection_pattern": "BadRequest: .+",
                            "templates": {"application/json": ERROR_TEMPLATE},
                            "models": {"application/json": "Error"},
                        },
                    },
                },
                "GET": {
                    "authorization": {"type": "CUSTOM", "authorizer": "token"},
                    "integration": {"function_arn": SUM},
                },
            },
        },
        "/users/{id}": {
            "methods": {
                "GET": {
                    "authorization": {"type": "CUSTOM", "authorizer": "tenant"},
                    "request_parameters": {"method.request.path.id": True},
                    "request_validator": "params",
                    "integration": {"function_arn": HELLO, "cache_key_parameters": ["method.request.path.id"]},
                },
                "DELETE": {
                    "authorization": {"type": "AWS_IAM"},
                    "request_parameters": {"method.request.path.id": True},
                    "integration": {
                        "type": "HTTP_PROXY",
                        "uri": "http://users.internal.example.com/users/{id}",
                        "vpc_link_id": "vl1234",
                        "request_parameters": {"integration.request.path.id": "method.request.path.id"},
                        "timeout_milliseconds": 5000,
                    },
                },
            }
        },
        "/queue": {
            "methods": {
                "POST": {
                    "authorization": {"type": "AWS_IAM"},
                    "integration": {
                        "type": "AWS",
                        "uri": "arn:aws:apigateway:ap-northeast-2:sqs:path/123456789012/orders",
                        "credentials_arn": "arn:aws:iam::123456789012:role/apigw-sqs",
                        "request_parameters": {
                            "integration.request.header.Content-Type": "'application/x-www-form-urlencoded'"
                        },
                        "request_templates": {"application/json": "Action=SendMessage&MessageBody=$input.body"},
                    },
                }
            }
        },
        "/files/{proxy+}": {
            "methods": {
                "ANY": {
                    "integration": {"type": "HTTP_PROXY", "uri": "https://files.example.com/{proxy}"},
                    "public": True,
                }
            }
        },
    },
    gateway_responses={
        "UNAUTHORIZED": {
            "status_code": "401",
            "templates": {"application/json": '{"message": $context.error.messageString}'},
        }
    },
    stages={
        "dev": {"variables": {"backend": "dev"}, "logging_level": "INFO"},
        "prod": {
            "metrics": True,
            "throttling": {"burst_limit": 1000, "rate_limit": 500},
            "cache": {"size": "1.6", "ttl_seconds": 600},
            "method_settings": {
                "GET /users/{id}": {"cache_ttl_seconds": 60, "throttling": {"burst_limit": 20, "rate_limit": 10}},
                "POST /sum": {"caching_enabled": False},
            },
            "canary": {"percent_traffic": 10, "stage_variable_overrides": {"backend": "next"}, "use_stage_cache": True},
            "web_acl_arn": WEB_ACL,
        },
    },
    api_keys={"alice": {}, "bob": {"description": "Bob's key", "customer_id": "cust-42"}},
    api_key_values={"alice": "a" * 24},
    usage_plans={
        "basic": {
            "stages": {"prod": {"method_throttling": {"POST /sum": {"burst_limit": 5, "rate_limit": 2}}}, "dev": {}},
            "throttling": {"burst_limit": 20, "rate_limit": 10},
            "quota": {"limit": 1000, "period": "WEEK", "offset": 1},
            "api_keys": ["alice", "bob"],
        }
    },
    domain={
        "domain_name": "api.example.com",
        "certificate_arn": CERT,
        "base_path_mappings": {"prod": "", "dev": "dev"},
        "route53_zone_id": "Z123",
    },
)


@pytest.fixture(scope="module")
def full(module_root):
    _use(module_root, SOURCE, module_call(SOURCE, FULL, ["method_keys"]))
    return module_root.plan()


@pytest.fixture
def plan(plan_module):
    return lambda **inputs: plan_module(SOURCE, base(**inputs))


def method(p, key):
    return p[f'{M}.aws_api_gateway_method.this["{key}"]']


def integration(p, key):
    return p[f'{M}.aws_api_gateway_integration.this["{key}"]']


# --------------------------------------------------------------------------- resource tree


def test_applied_tree_permissions_and_private_policy_are_wired_to_the_right_ids(apply_module):
    outputs, res = apply_module(
        SOURCE,
        base(
            name="tree",
            endpoint_type="PRIVATE",
            vpc_endpoint_ids=[VPCE],
            authorizers={"token": {"type": "TOKEN", "function_arn": AUTHZ}},
            resources={
                "/": {"methods": {"GET": hello_method()}},
                "/a": {"methods": {"GET": hello_method()}},
                "/a/b": {
                    "methods": {
                        "POST": {
                            "integration": {"type": "AWS", "function_arn": SUM},
                            "authorization": {"type": "CUSTOM", "authorizer": "token"},
                        }
                    }
                },
                "/a/b/{id}": {"methods": {"GET": hello_method()}},
                "/files/{proxy+}": {"methods": {"ANY": hello_method()}},
            },
        ),
        outputs=["execution_arn", "root_resource_id", "resource_ids", "authorizer_ids", "stage_invoke_urls"],
    )
    ids = outputs["resource_ids"]
    resource = {
        path: res[f'{M}.aws_api_gateway_resource.depth_{path.count("/")}["{path}"]'] for path in ids if path != "/"
    }
    assert ids["/"] == outputs["root_resource_id"]
    assert {path: r["id"] for path, r in resource.items()} == {path: i for path, i in ids.items() if path != "/"}
    assert {path: r["path_part"] for path, r in resource.items()} == {
        "/a": "a",
        "/a/b": "b",
        "/a/b/{id}": "{id}",
        "/files": "files",  # not a key: created because "/files/{proxy+}" needs it
        "/files/{proxy+}": "{proxy+}",
    }
    assert {path: r["parent_id"] for path, r in resource.items()} == {
        "/a": ids["/"],
        "/a/b": ids["/a"],
        "/a/b/{id}": ids["/a/b"],
        "/files": ids["/"],
        "/files/{proxy+}": ids["/files"],
    }
    methods = {key: res[f'{M}.aws_api_gateway_method.this["{key}"]']["resource_id"] for key in ("GET /", "POST /a/b")}
    assert methods == {"GET /": ids["/"], "POST /a/b": ids["/a/b"]}

    arn = outputs["execution_arn"]
    assert re.fullmatch(r"arn:aws:execute-api:ap-northeast-2:123456789012:[a-z0-9]{10}", arn)
    sources = {
        key: res[f'{M}.aws_lambda_permission.method["{key}"]']["source_arn"]
        for key in ("GET /", "GET /a", "POST /a/b", "GET /a/b/{id}", "ANY /files/{proxy+}")
    }
    assert sources == {
        "GET /": f"{arn}/*/GET/",
        "GET /a": f"{arn}/*/GET/a",
        "POST /a/b": f"{arn}/*/POST/a/b",
        "GET /a/b/{id}": f"{arn}/*/GET/a/b/*",
        "ANY /files/{proxy+}": f"{arn}/*/*/files/*",
    }
    authz = res[f'{M}.aws_lambda_permission.authorizer["token"]']
    assert authz["source_arn"] == f"{arn}/authorizers/{outputs['authorizer_ids']['token']}"
    assert authz["function_name"] == AUTHZ
    assert res[f'{M}.aws_api_gateway_method.this["POST /a/b"]']["authorizer_id"] == outputs["authorizer_ids"]["token"]

    api = res[f"{M}.aws_api_gateway_rest_api.this"]
    assert api["endpoint_configuration"][0]["types"] == ["PRIVATE"]
    assert api["endpoint_configuration"][0]["vpc_endpoint_ids"] == [VPCE]
    policy = json.loads(res[f"{M}.aws_api_gateway_rest_api_policy.this[0]"]["policy"])
    statements = {s["Sid"]: s for s in policy["Statement"]}
    assert statements["AllowInvokeFromVpcEndpoints"] == {
        "Sid": "AllowInvokeFromVpcEndpoints",
        "Effect": "Allow",
        "Principal": "*",
        "Action": "execute-api:Invoke",
        "Resource": f"{arn}/*",
        "Condition": {"StringEquals": {"aws:SourceVpce": VPCE}},
    }
    deny = statements["DenyInvokeFromElsewhere"]
    assert (deny["Effect"], deny["Resource"]) == ("Deny", f"{arn}/*")
    assert deny["Condition"] == {"StringNotEquals": {"aws:SourceVpce": VPCE}}
    api_id = arn.rsplit(":", 1)[1]
    assert outputs["stage_invoke_urls"] == {"prod": f"https://{api_id}.execute-api.ap-northeast-2.amazonaws.com/prod"}


# --------------------------------------------------------------------------- methods and integrations


def test_lambda_proxy_and_non_proxy_lambda_integrations(full):
    proxy = integration(full, "GET /sum")
    assert (proxy.value("type"), proxy.value("integration_http_method")) == ("AWS_PROXY", "POST")
    assert proxy.value("uri") == invoke_uri(SUM)
    aws = integration(full, "POST /sum")
    assert (aws.value("type"), aws.value("integration_http_method")) == ("AWS", "POST")
    assert aws.value("uri") == invoke_uri(SUM)
    assert aws.value("request_templates") == {"application/json": REQUEST_TEMPLATE}
    assert aws.value("passthrough_behavior") == "WHEN_NO_TEMPLATES"
    assert proxy.value("request_templates") is None and proxy.value("passthrough_behavior") is None
    assert full.outputs["method_keys"] == [
        "ANY /files/{proxy+}",
        "DELETE /users/{id}",
        "GET /",
        "GET /sum",
        "GET /users/{id}",
        "POST /queue",
        "POST /sum",
    ]
    assert sorted(rc.address for rc in full.of_type("aws_lambda_permission") if ".method[" in rc.address) == [
        f'{M}.aws_lambda_permission.method["GET /sum"]',
        f'{M}.aws_lambda_permission.method["GET /users/{{id}}"]',
        f'{M}.aws_lambda_permission.method["POST /sum"]',
    ]


def test_service_http_vpc_link_and_mock_integrations(full):
    sqs = integration(full, "POST /queue")
    assert sqs.value("uri") == "arn:aws:apigateway:ap-northeast-2:sqs:path/123456789012/orders"
    assert sqs.value("credentials") == "arn:aws:iam::123456789012:role/apigw-sqs"
    assert sqs.value("integration_http_method") == "POST"
    assert sqs.value("request_parameters") == {
        "integration.request.header.Content-Type": "'application/x-www-form-urlencoded'"
    }
    private = integration(full, "DELETE /users/{id}")
    assert (private.value("type"), private.value("connection_type"), private.value("connection_id")) == (
        "HTTP_PROXY",
        "VPC_LINK",
        "vl1234",
    )
    assert private.value("integration_http_method") == "DELETE"  # the method's own verb by default
    assert private.value("timeout_milliseconds") == 5000
    files = integration(full, "ANY /files/{proxy+}")
    assert (files.value("integration_http_method"), files.value("connection_type")) == ("ANY", None)
    mock = integration(full, "GET /")
    assert mock.value("type") == "MOCK" and mock.value("uri") is None
    assert mock.value("integration_http_method") is None
    assert json.loads(mock.value("request_templates")["application/json"]) == {"statusCode": 200}


def test_method_authorization_parameters_models_and_validators(full):
    post = method(full, "POST /sum")
    assert (post.value("authorization"), post.value("authorization_scopes")) == ("COGNITO_USER_POOLS", ["sum/write"])
    assert post.value("api_key_required") is True
    assert post.value("request_models") == {"application/json": "SumRequest"}
    assert post.value("request_parameters") == {"method.request.querystring.debug": False}
    assert post.is_unknown("authorizer_id") and post.is_unknown("request_validator_id")
    assert method(full, "GET /sum").value("authorization") == "CUSTOM"
    assert method(full, "DELETE /users/{id}").value("authorization") == "AWS_IAM"
    assert method(full, "DELETE /users/{id}").value("authorizer_id") is None
    assert method(full, "ANY /files/{proxy+}").value("authorization") == "NONE"
    # public and authorized methods share one block: flipping public never moves a method to another address
    methods = [rc for rc in full.of_type("aws_api_gateway_method") if rc.name == "this"]
    unauthorized = {rc.address for rc in methods if rc.after["authorization"] == "NONE"}
    assert unauthorized == {f'{M}.aws_api_gateway_method.this["{key}"]' for key in ("GET /", "ANY /files/{proxy+}")}
    assert {rc.name for rc in full.of_type("aws_api_gateway_method")} == {"this", "cors"}
    model = full[f'{M}.aws_api_gateway_model.this["SumRequest"]']
    assert (model.value("content_type"), json.loads(model.value("schema"))["required"]) == (
        "application/json",
        ["a", "b"],
    )
    body = full[f'{M}.aws_api_gateway_request_validator.this["body"]']
    assert (body.value("validate_request_body"), body.value("validate_request_parameters")) == (True, False)
    params = full[f'{M}.aws_api_gateway_request_validator.this["params"]']
    assert (params.value("validate_request_body"), params.value("validate_request_parameters")) == (False, True)


def test_cognito_token_and_request_authorizers(full):
    cognito = full[f'{M}.aws_api_gateway_authorizer.this["cognito"]']
    assert (cognito.value("type"), cognito.value("provider_arns")) == ("COGNITO_USER_POOLS", [POOL])
    assert cognito.value("identity_source") == "method.request.header.Authorization"
    assert cognito.value("authorizer_uri") is None
    token = full[f'{M}.aws_api_gateway_authorizer.this["token"]']
    assert token.value("authorizer_uri") == invoke_uri(AUTHZ)
    assert token.value("authorizer_result_ttl_in_seconds") == 60
    assert token.value("identity_validation_expression") == "^Bearer [-0-9a-zA-Z._]+$"
    tenant = full[f'{M}.aws_api_gateway_authorizer.this["tenant"]']
    assert tenant.value("type") == "REQUEST"
    assert tenant.value("identity_source") == "method.request.header.X-Tenant,method.request.querystring.key"
    permissions = sorted(rc.address for rc in full.of_type("aws_lambda_permission") if ".authorizer[" in rc.address)
    assert permissions == [
        f'{M}.aws_lambda_permission.authorizer["tenant"]',
        f'{M}.aws_lambda_permission.authorizer["token"]',
    ]


def test_method_and_integration_responses_with_selection_patterns(full):
    ok = full[f'{M}.aws_api_gateway_integration_response.this["POST /sum 200"]']
    assert ok.value("selection_pattern") is None
    assert ok.value("response_templates") == {"application/json": RESPONSE_TEMPLATE}
    bad = full[f'{M}.aws_api_gateway_integration_response.this["POST /sum 400"]']
    assert (bad.value("status_code"), bad.value("selection_pattern")) == ("400", "BadRequest: .+")
    assert bad.value("response_templates") == {"application/json": ERROR_TEMPLATE}
    assert full[f'{M}.aws_api_gateway_method_response.this["POST /sum 400"]'].value("response_models") == {
        "application/json": "Error"
    }
    # proxy integrations pass the backend's answer through: a method response, no integration response
    assert f'{M}.aws_api_gateway_method_response.this["GET /sum 200"]' in full
    assert f'{M}.aws_api_gateway_integration_response.this["GET /sum 200"]' not in full
    assert f'{M}.aws_api_gateway_integration_response.this["GET / 200"]' in full


# --------------------------------------------------------------------------- CORS and gateway responses


def test_cors_preflight_is_a_mock_answering_the_configured_headers(full):
    options = full[f'{M}.aws_api_gateway_method.cors["/sum"]']
    assert (options.value("http_method"), options.value("authorization")) == ("OPTIONS", "NONE")
    assert full[f'{M}.aws_api_gateway_integration.cors["/sum"]'].value("type") == "MOCK"
    answer = full[f'{M}.aws_api_gateway_integration_response.cors["/sum"]'].value("response_parameters")
    assert answer == {
        "method.response.header.Access-Control-Allow-Origin": f"'{ORIGIN}'",
        "method.response.header.Access-Control-Allow-Credentials": "'true'",
        "method.response.header.Access-Control-Allow-Methods": "'GET,OPTIONS,POST'",
        "method.response.header.Access-Control-Allow-Headers": (
            "'Content-Type,Authorization,X-Api-Key,X-Amz-Date,X-Amz-Security-Token'"
        ),
        "method.response.header.Access-Control-Max-Age": "'300'",
    }
    declared = full[f'{M}.aws_api_gateway_method_response.cors["/sum"]'].value("response_parameters")
    assert declared == {key: False for key in answer}
    assert not [a for a in full.addresses() if '.cors["/users' in a or '.cors["/files' in a]


def test_cors_headers_on_non_proxy_responses_of_cors_paths(full):
    headers = full[f'{M}.aws_api_gateway_integration_response.this["POST /sum 200"]'].value("response_parameters")
    assert headers == {
        "method.response.header.Access-Control-Allow-Origin": f"'{ORIGIN}'",
        "method.response.header.Access-Control-Allow-Credentials": "'true'",
        "method.response.header.Access-Control-Expose-Headers": "'X-Request-Id'",
        "method.response.header.X-Request-Id": "context.requestId",
    }
    assert full[f'{M}.aws_api_gateway_method_response.this["POST /sum 200"]'].value("response_parameters") == {
        key: False for key in headers
    }
    # a proxy method's function returns its own CORS headers; a path without cors gets none
    assert full[f'{M}.aws_api_gateway_method_response.this["GET /sum 200"]'].value("response_parameters") is None
    assert full[f'{M}.aws_api_gateway_integration_response.this["GET / 200"]'].value("response_parameters") is None


def test_gateway_responses_carry_cors_and_custom_bodies(full):
    responses = {rc.value("response_type"): rc for rc in full.of_type("aws_api_gateway_gateway_response")}
    assert sorted(responses) == ["DEFAULT_4XX", "DEFAULT_5XX", "UNAUTHORIZED"]
    for rc in responses.values():
        assert rc.value("response_parameters")["gatewayresponse.header.Access-Control-Allow-Origin"] == f"'{ORIGIN}'"
    unauthorized = responses["UNAUTHORIZED"]
    assert unauthorized.value("status_code") == "401"
    assert unauthorized.value("response_templates") == {"application/json": '{"message": $context.error.messageString}'}


# --------------------------------------------------------------------------- stages


def test_stages_with_variables_tracing_access_logs_cache_and_canary(full):
    dev = full[f'{M}.aws_api_gateway_stage.this["dev"]']
    assert dev.value("variables") == {"backend": "dev"}
    assert dev.value("xray_tracing_enabled") is True
    assert dev.value("cache_cluster_enabled") is False and dev.value("canary_settings") == []
    assert dev.is_unknown("deployment_id")
    fmt = json.loads(dev.value("access_log_settings.0.format"))
    assert {fmt[k] for k in ("requestId", "resourcePath", "status", "integrationError", "apiKeyId")} == {
        "$context.requestId",
        "$context.resourcePath",
        "$context.status",
        "$context.integration.error",
        "$context.identity.apiKeyId",
    }
    group = full[f'{M}.aws_cloudwatch_log_group.access["dev"]']
    assert (group.value("name"), group.value("retention_in_days")) == ("/aws/apigateway/orders/dev", 365)
    # the group's ARN, written out so that the plan (and checkov's plan scan) shows the destination
    assert dev.value("access_log_settings.0.destination_arn") == (
        "arn:aws:logs:ap-northeast-2:123456789012:log-group:/aws/apigateway/orders/dev"
    )
    execution = full[f'{M}.aws_cloudwatch_log_group.execution["prod"]']
    assert execution.is_unknown("name") and execution.value("retention_in_days") == 365
    prod = full[f'{M}.aws_api_gateway_stage.this["prod"]']
    assert (prod.value("cache_cluster_enabled"), prod.value("cache_cluster_size")) == (True, "1.6")
    canary = prod.value("canary_settings.0")
    assert (canary["percent_traffic"], canary["stage_variable_overrides"], canary["use_stage_cache"]) == (
        10,
        {"backend": "next"},
        True,
    )
    assert prod.is_unknown("canary_settings.0.deployment_id")
    waf = full[f'{M}.aws_wafv2_web_acl_association.this["prod"]']
    assert waf.value("web_acl_arn") == WEB_ACL and waf.is_unknown("resource_arn")
    assert f'{M}.aws_wafv2_web_acl_association.this["dev"]' not in full


def test_stage_wide_and_per_method_settings(full):
    dev = full[f'{M}.aws_api_gateway_method_settings.stage["dev"]']
    assert dev.value("method_path") == "*/*"
    assert dev.value("settings.0") == {
        "logging_level": "INFO",
        "data_trace_enabled": False,
        "metrics_enabled": False,
        "throttling_burst_limit": 200,
        "throttling_rate_limit": 100,
        "caching_enabled": False,
    }
    # without a cache the cache settings are left to API Gateway (unset, so unknown until apply)
    assert dev.is_unknown("settings.0.cache_ttl_in_seconds") and dev.is_unknown("settings.0.cache_data_encrypted")
    prod = full[f'{M}.aws_api_gateway_method_settings.stage["prod"]'].value("settings.0")
    assert (prod["logging_level"], prod["metrics_enabled"]) == ("ERROR", True)
    assert (prod["throttling_burst_limit"], prod["throttling_rate_limit"]) == (1000, 500)
    assert (prod["caching_enabled"], prod["cache_ttl_in_seconds"], prod["cache_data_encrypted"]) == (True, 600, True)
    assert prod["require_authorization_for_cache_control"] is True
    user = full[f'{M}.aws_api_gateway_method_settings.method["prod GET /users/{{id}}"]']
    assert user.value("method_path") == "~1users~1{id}/GET"
    settings = user.value("settings.0")
    assert (settings["caching_enabled"], settings["cache_ttl_in_seconds"]) == (True, 60)
    assert (settings["throttling_burst_limit"], settings["throttling_rate_limit"]) == (20, 10)
    assert (settings["logging_level"], settings["metrics_enabled"]) == ("ERROR", True)  # inherited from the stage
    post = full[f'{M}.aws_api_gateway_method_settings.method["prod POST /sum"]']
    assert post.value("method_path") == "~1sum/POST"
    assert post.value("settings.0.caching_enabled") is False
    assert integration(full, "GET /users/{id}").value("cache_key_parameters") == ["method.request.path.id"]


def test_no_account_role_waf_domain_usage_plan_or_cors_unless_asked(plan):
    p = plan()
    for kind in (
        "aws_api_gateway_account",
        "aws_iam_role",
        "aws_wafv2_web_acl_association",
        "aws_api_gateway_domain_name",
        "aws_api_gateway_usage_plan",
        "aws_api_gateway_gateway_response",
        "aws_api_gateway_rest_api_policy",
    ):
        assert not p.of_type(kind), kind
    api = p[f"{M}.aws_api_gateway_rest_api.this"]
    assert api.value("endpoint_configuration.0.types") == ["REGIONAL"]
    assert api.value("api_key_source") == "HEADER"
    assert p.summary()["add"] == 11  # api, resource, method, integration, method response, permission,
    # deployment, stage, access and execution log groups, stage method settings


# --------------------------------------------------------------------------- usage plans, keys, domain


def test_usage_plan_with_quota_throttles_and_keys(full):
    plan = full[f'{M}.aws_api_gateway_usage_plan.this["basic"]']
    assert plan.value("name") == "orders-basic"
    assert plan.value("quota_settings") == [{"limit": 1000, "period": "WEEK", "offset": 1}]
    assert plan.value("throttle_settings") == [{"burst_limit": 20, "rate_limit": 10}]
    assert {s["stage"]: s["throttle"] for s in plan.value("api_stages")} == {
        "dev": [],
        "prod": [{"path": "/sum/POST", "burst_limit": 5, "rate_limit": 2}],
    }
    alice = full[f'{M}.aws_api_gateway_api_key.this["alice"]']
    assert (alice.value("name"), alice.value("value"), alice.value("enabled")) == ("orders-alice", "a" * 24, True)
    bob = full[f'{M}.aws_api_gateway_api_key.this["bob"]']
    assert bob.is_unknown("value")  # generated by API Gateway
    assert bob.value("customer_id") == "cust-42"
    keys = sorted(rc.address for rc in full.of_type("aws_api_gateway_usage_plan_key"))
    assert keys == [
        f'{M}.aws_api_gateway_usage_plan_key.this["basic alice"]',
        f'{M}.aws_api_gateway_usage_plan_key.this["basic bob"]',
    ]
    assert full[keys[0]].value("key_type") == "API_KEY"


def test_custom_domain_tls12_regional_with_base_path_mappings(full):
    domain = full[f"{M}.aws_api_gateway_domain_name.this[0]"]
    assert (domain.value("security_policy"), domain.value("regional_certificate_arn")) == ("TLS_1_2", CERT)
    assert domain.value("endpoint_configuration.0.types") == ["REGIONAL"]
    mappings = {
        rc.value("stage_name"): rc.value("base_path") for rc in full.of_type("aws_api_gateway_base_path_mapping")
    }
    assert mappings == {"prod": None, "dev": "dev"}
    assert full[f"{M}.aws_route53_record.this[0]"].value("type") == "A"


def test_openapi_body_replaces_the_resource_tree(plan_module):
    body = json.dumps({"openapi": "3.0.1", "info": {"title": "x", "version": "1"}, "paths": {}})
    p = plan_module(
        SOURCE,
        {
            "name": "imported",
            "body": body,
            "stages": {"prod": {}},
            "cloudwatch_role_arn": CLOUDWATCH_ROLE,
            "body_lambda_permissions": {"sum": {"function_arn": SUM, "source": "*/POST/sum"}},
        },
    )
    assert p[f"{M}.aws_api_gateway_rest_api.this"].value("body") == body
    for kind in ("aws_api_gateway_resource", "aws_api_gateway_method", "aws_api_gateway_integration"):
        assert not p.of_type(kind), kind
    assert p[f'{M}.aws_lambda_permission.body["sum"]'].value("function_name") == SUM
    assert f"{M}.aws_api_gateway_deployment.this" in p


# --------------------------------------------------------------------------- deployments


def test_deployment_is_replaced_exactly_when_what_it_serves_changes(fresh_workspace):
    ws = fresh_workspace("tests/fixtures/module_root", account_preset="configured")
    first = base(stages={"dev": {}, "prod": {}})
    ws.write("main.tf.json", module_call(SOURCE, first, ["deployment_trigger"]))
    seed_named_functions(ws, first)
    applied = ws.apply()
    assert re.fullmatch(r"[0-9a-f]{40}", applied["deployment_trigger"])

    # the same inputs planned again: the same trigger, nothing to do (no redeploy on every apply)
    again = ws.plan()
    assert again.outputs["deployment_trigger"] == applied["deployment_trigger"]
    assert again.summary() == {"add": 0, "change": 0, "destroy": 0}

    # a stage setting is not part of the deployment: the stage changes, the deployment stays
    ws.write("main.tf.json", module_call(SOURCE, {**first, "throttling": {"burst_limit": 50, "rate_limit": 25}}))
    settings_only = ws.plan()
    assert f"{M}.aws_api_gateway_deployment.this" not in settings_only.addresses("create")
    assert settings_only.addresses("update") == [
        f'{M}.aws_api_gateway_method_settings.stage["dev"]',
        f'{M}.aws_api_gateway_method_settings.stage["prod"]',
    ]

    # a changed method: a new deployment, created before the old one is destroyed; stages move to it
    changed = base(
        stages={"dev": {}, "prod": {}},
        resources={"/hello": {"methods": {"GET": hello_method(api_key_required=True)}}},
    )
    ws.write("main.tf.json", module_call(SOURCE, changed, ["deployment_trigger"]))
    redeploy = ws.plan()
    deployment = redeploy[f"{M}.aws_api_gateway_deployment.this"]
    assert deployment.actions == ("create", "delete")
    assert deployment.value("triggers.redeployment") != applied["deployment_trigger"]
    assert redeploy[f'{M}.aws_api_gateway_stage.this["prod"]'].actions == ("update",)
    assert redeploy[f'{M}.aws_api_gateway_stage.this["prod"]'].is_unknown("deployment_id")


# --------------------------------------------------------------------------- refusals


def only(path, verb, method):
    return {"resources": {path: {"methods": {verb: method}}}}


def aws_method(**integration):
    return {"integration": {"type": "AWS", **integration}, "authorization": {"type": "AWS_IAM"}}


COGNITO = {"type": "COGNITO_USER_POOLS", "provider_arns": [POOL]}
BAD_INPUTS = {
    # --- stages
    "stage named $default": ({"stages": {"$default": {}}}, r"REST APIs have no \"\$default\" stage"),
    "stage name with a space": ({"stages": {"my stage": {}}}, r"a stage name must be 1-128 letters"),
    "no stages": ({"stages": {}}, r"stages: define at least one stage"),
    "stage cache ttl over 3600": (
        {"stages": {"prod": {"cache": {"ttl_seconds": 3601}}}},
        r"cache TTLs .* must be between 0 and 3600 seconds",
    ),
    "method cache ttl over 3600": (
        {"stages": {"prod": {"cache": {}, "method_settings": {"GET /hello": {"cache_ttl_seconds": 7200}}}}},
        r"cache TTLs .* must be between 0 and 3600 seconds",
    ),
    "cache size not offered": ({"stages": {"prod": {"cache": {"size": "2"}}}}, r"cache.size must be one of 0.5, 1.6"),
    "method caching without a stage cache": (
        {"stages": {"prod": {"method_settings": {"GET /hello": {"caching_enabled": True}}}}},
        r"caching_enabled = true needs the stage's cache",
    ),
    "method settings key without method": (
        {"stages": {"prod": {"method_settings": {"/hello": {}}}}},
        r"method_settings must be keyed by \"METHOD /path\"",
    ),
    "logging level unknown": (
        {"stages": {"prod": {"logging_level": "DEBUG"}}},
        r"logging_level must be OFF, ERROR or INFO",
    ),
    "canary percent over 100": (
        {"stages": {"prod": {"canary": {"percent_traffic": 150}}}},
        r"canary.percent_traffic must be between 0 and 100",
    ),
    "canary percent negative": (
        {"stages": {"prod": {"canary": {"percent_traffic": -1}}}},
        r"canary.percent_traffic must be between 0 and 100",
    ),
    "stage throttling burst below rate": (
        {"stages": {"prod": {"throttling": {"burst_limit": 5, "rate_limit": 10}}}},
        r"a burst below the rate can never be reached",
    ),
    "stage variable value with a space": (
        {"stages": {"prod": {"variables": {"backend": "a b"}}}},
        r"stage variable names \(and canary overrides\) must be alphanumeric",
    ),
    "waf acl of cloudfront scope": (
        {"stages": {"prod": {"web_acl_arn": "arn:aws:wafv2:us-east-1:123456789012:global/webacl/x/1"}}},
        r"web_acl_arn must be a WAFv2 web ACL ARN of REGIONAL scope",
    ),
    "log retention not allowed by cloudwatch": (
        {"access_logs": {"retention_in_days": 42}},
        r"retention_in_days must be one of CloudWatch Logs' values",
    ),
    "access log format not json": ({"access_logs": {"format": "$context.requestId"}}, r"format must be a JSON object"),
    "default throttling burst below rate": (
        {"throttling": {"burst_limit": 1, "rate_limit": 10}},
        r"throttling needs 0 <= rate_limit <= 10000",
    ),
    # --- paths and methods
    "path without leading slash": (
        {"resources": {"sum": {"methods": {"GET": hello_method()}}}},
        r"every key must be a path",
    ),
    "path with a space": ({"resources": {"/a b": {"methods": {"GET": hello_method()}}}}, r"every key must be a path"),
    "greedy variable not last": (
        {"resources": {"/{proxy+}/x": {"methods": {"GET": hello_method()}}}},
        r"\{proxy\+\} must be the last segment",
    ),
    "path deeper than 8": (
        {"resources": {"/1/2/3/4/5/6/7/8/9": {"methods": {"GET": hello_method()}}}},
        r"a path may have at most 8 segments",
    ),
    "unknown http method": (only("/x", "FETCH", hello_method()), r"methods must be keyed by an HTTP method"),
    "lower-case http method": (only("/x", "get", hello_method()), r"methods must be keyed by an HTTP method"),
    "method without authorization not marked public": (
        only("/x", "GET", {"integration": {"function_arn": HELLO}}),
        r"authorization.type NONE must say public = true",
    ),
    "unknown authorization type": (
        only("/x", "GET", {"integration": {"function_arn": HELLO}, "authorization": {"type": "JWT"}}),
        r"authorization.type must be one of NONE, AWS_IAM, COGNITO_USER_POOLS, CUSTOM",
    ),
    "cognito scopes on a non-cognito method": (
        only(
            "/x", "GET", {"integration": {"function_arn": HELLO}, "authorization": {"type": "AWS_IAM", "scopes": ["a"]}}
        ),
        r"authorization.scopes .* apply to COGNITO_USER_POOLS authorization only",
    ),
    "custom method without authorizer": (
        only("/x", "GET", {"integration": {"function_arn": HELLO}, "authorization": {"type": "CUSTOM"}}),
        r"COGNITO_USER_POOLS and CUSTOM authorization need exactly one of authorization.authorizer",
    ),
    "unknown integration type": (
        only("/x", "GET", {"integration": {"type": "LAMBDA"}, "public": True}),
        r"integration.type must be one of AWS_PROXY, AWS, HTTP, HTTP_PROXY, MOCK",
    ),
    "lambda proxy without function": (
        only("/x", "GET", {"integration": {}, "public": True}),
        r"an AWS_PROXY integration needs integration.function_arn",
    ),
    "function arn not a lambda": (
        only("/x", "GET", {"integration": {"function_arn": "arn:aws:s3:::bucket"}, "public": True}),
        r"integration.function_arn must be a Lambda function ARN",
    ),
    "aws service without credentials": (
        only("/x", "POST", aws_method(uri="arn:aws:apigateway:ap-northeast-2:sqs:path/1/q")),
        r"an AWS integration needs either integration.function_arn .* with credentials_arn",
    ),
    "http integration without url": (
        only("/x", "GET", {"integration": {"type": "HTTP", "uri": "legacy"}, "public": True}),
        r"HTTP and HTTP_PROXY integrations need integration.uri",
    ),
    "vpc link on a lambda integration": (
        only("/x", "GET", {"integration": {"function_arn": HELLO, "vpc_link_id": "vl1"}, "public": True}),
        r"vpc_link_id .* applies to HTTP and HTTP_PROXY integrations only",
    ),
    "integration timeout too long": (
        only("/x", "GET", {"integration": {"function_arn": HELLO, "timeout_milliseconds": 400000}, "public": True}),
        r"timeout_milliseconds must be between 50 and 300000",
    ),
    "passthrough behavior unknown": (
        only("/x", "POST", aws_method(function_arn=SUM, passthrough_behavior="ALWAYS")),
        r"passthrough_behavior must be WHEN_NO_MATCH, WHEN_NO_TEMPLATES or NEVER",
    ),
    "request parameter name": (
        only("/x", "GET", hello_method(request_parameters={"querystring.debug": False})),
        r"request_parameters keys must look like method.request.querystring.NAME",
    ),
    "cache key parameter not declared": (
        only(
            "/x",
            "GET",
            {
                "integration": {"function_arn": HELLO, "cache_key_parameters": ["method.request.querystring.q"]},
                "public": True,
            },
        ),
        r"every integration.cache_key_parameters entry must also be declared",
    ),
    "response key not a status code": (
        only("/x", "POST", {**aws_method(function_arn=SUM), "responses": {"OK": {}}}),
        r"responses must be keyed by an HTTP status code",
    ),
    "non-proxy responses with two defaults": (
        only("/x", "POST", {**aws_method(function_arn=SUM), "responses": {"200": {}, "500": {}}}),
        r"a non-proxy integration needs exactly one response without selection_pattern",
    ),
    "proxy response with a template": (
        only("/x", "GET", hello_method(responses={"200": {"templates": {"application/json": "{}"}}})),
        r"proxy integrations .* take no selection_pattern or templates",
    ),
    # --- authorizers, models, validators, CORS, gateway responses
    "authorizer of unknown type": (
        {"authorizers": {"a": {"type": "JWT"}}},
        r"type must be COGNITO_USER_POOLS, TOKEN or REQUEST",
    ),
    "cognito authorizer without pools": (
        {"authorizers": {"a": {"type": "COGNITO_USER_POOLS"}}},
        r"a COGNITO_USER_POOLS authorizer needs provider_arns",
    ),
    "lambda authorizer without function": (
        {"authorizers": {"a": {"type": "TOKEN"}}},
        r"TOKEN and REQUEST authorizers need function_arn",
    ),
    "authorizer cache ttl over an hour": (
        {"authorizers": {"a": {"type": "TOKEN", "function_arn": AUTHZ, "result_ttl_seconds": 7200}}},
        r"result_ttl_seconds must be between 0 and 3600",
    ),
    "token authorizer reading two sources": (
        {
            "authorizers": {
                "a": {
                    "type": "TOKEN",
                    "function_arn": AUTHZ,
                    "identity_sources": ["method.request.header.A", "method.request.header.B"],
                }
            }
        },
        r"a TOKEN authorizer reads exactly one header",
    ),
    "cached request authorizer without sources": (
        {"authorizers": {"a": {"type": "REQUEST", "function_arn": AUTHZ, "identity_sources": []}}},
        r"a cached REQUEST authorizer .* needs identity_sources",
    ),
    "model name with a hyphen": (
        {"models": {"sum-request": {"schema": "{}"}}},
        r"a model name must be letters and digits",
    ),
    "model schema not json": (
        {"models": {"Sum": {"schema": "type: object"}}},
        r"schema must be a JSON Schema document",
    ),
    "validator checking nothing": (
        {"request_validators": {"none": {}}},
        r"a validator must check the body, the parameters",
    ),
    "cors wildcard with credentials": (
        {"cors": {"allow_origin": "*", "allow_credentials": True}},
        r"allow_credentials = true cannot be combined with the wildcard origin",
    ),
    "cors with two origins": (
        {"cors": {"allow_origin": "https://a.example,https://b.example"}},
        r"allow_origin must be one origin",
    ),
    "gateway response type unknown": ({"gateway_responses": {"NOT_FOUND": {}}}, r"keys must be gateway response types"),
    # --- endpoint, keys, plans, domain, name
    "endpoint type unknown": ({"endpoint_type": "GLOBAL"}, r"endpoint_type must be EDGE, REGIONAL or PRIVATE"),
    "vpc endpoint id malformed": (
        {"endpoint_type": "PRIVATE", "vpc_endpoint_ids": ["vpc-123"]},
        r"must be a VPC endpoint ID such as vpce-",
    ),
    "api key value too short": (
        {"api_keys": {"a": {}}, "api_key_values": {"a": "short"}},
        r"must be 20 to 128 characters",
    ),
    "usage plan quota period not an enum": (
        {"usage_plans": {"p": {"stages": {"prod": {}}, "quota": {"limit": 10, "period": "YEAR"}}}},
        r"quota.period must be DAY, WEEK or MONTH",
    ),
    "usage plan quota offset beyond the week": (
        {"usage_plans": {"p": {"stages": {"prod": {}}, "quota": {"limit": 10, "period": "WEEK", "offset": 7}}}},
        r"quota.offset 0 for DAY, 0-6 for WEEK, 0-27 for MONTH",
    ),
    "usage plan without stages": (
        {"usage_plans": {"p": {"stages": {}}}},
        r"a usage plan must cover at least one stage",
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
    "name with a slash": ({"name": "a/b"}, r"name must be 1 to 128 letters"),
    "policy not json": ({"policy": "allow all"}, r"policy must be a JSON IAM policy document"),
    "body neither json nor yaml": (
        {"resources": {}, "body": "{[: nope"},
        r"body must be an OpenAPI document in JSON or YAML",
    ),
    "body permission not a lambda": (
        {"body_lambda_permissions": {"x": {"function_arn": "arn:aws:sqs:ap-northeast-2:123456789012:q"}}},
        r"body_lambda_permissions: every function_arn must be a Lambda function ARN",
    ),
    "content handling unknown": (
        only("/x", "POST", aws_method(function_arn=SUM, content_handling="BINARY")),
        r"content_handling must be CONVERT_TO_BINARY or CONVERT_TO_TEXT",
    ),
    "identity validation on a request authorizer": (
        {"authorizers": {"a": {"type": "REQUEST", "function_arn": AUTHZ, "identity_validation_expression": ".*"}}},
        r"identity_validation_expression applies to TOKEN authorizers only",
    ),
    "cors max age over a day": (
        {"cors": {"allow_origin": ORIGIN, "max_age": 90000}},
        r"max_age must be between 0 and 86400",
    ),
    "cors unknown method": (
        {"cors": {"allow_origin": ORIGIN, "allow_methods": ["FETCH"]}},
        r"allow_methods entries must be HTTP methods",
    ),
    "gateway response status not a code": (
        {"gateway_responses": {"UNAUTHORIZED": {"status_code": "4xx"}}},
        r"status_code must be an HTTP status code",
    ),
    "access log destination not a log group": (
        {"access_logs": {"destination_arn": "arn:aws:s3:::bucket"}},
        r"destination_arn must be a CloudWatch Logs log group ARN",
    ),
    "usage plan throttle burst below rate": (
        {"usage_plans": {"p": {"stages": {"prod": {}}, "throttling": {"burst_limit": 1, "rate_limit": 5}}}},
        r"usage_plans: throttling needs rate_limit >= 0 and burst_limit >= rate_limit",
    ),
    "usage plan method throttle key without method": (
        {
            "usage_plans": {
                "p": {"stages": {"prod": {"method_throttling": {"/hello": {"burst_limit": 1, "rate_limit": 1}}}}}
            }
        },
        r"method_throttling must be keyed by \"METHOD /path\"",
    ),
    "domain name upper case": (
        {"domain": {"domain_name": "API.example.com", "certificate_arn": CERT}},
        r"domain_name must be a lower-case DNS name",
    ),
    "base path with a leading slash": (
        {"domain": {"domain_name": "api.example.com", "certificate_arn": CERT, "base_path_mappings": {"prod": "/v1"}}},
        r"a base path is \"\" \(the root\) or segments",
    ),
    "sibling path variables": (
        {
            "resources": {
                "/users/{id}": {"methods": {"GET": hello_method()}},
                "/users/{name}/orders": {"methods": {"GET": hello_method()}},
            }
        },
        r"API Gateway allows one variable segment among the children of a path",
    ),
    "cors path with its own options method": (
        {"cors": {"allow_origin": ORIGIN}, "resources": {"/x": {"cors": True, "methods": {"OPTIONS": hello_method()}}}},
        r"a path with cors = true gets its OPTIONS \(preflight\) method from the module",
    ),
    # --- cross-field rules (preconditions)
    "private endpoint without vpc endpoints": (
        {"endpoint_type": "PRIVATE"},
        r"endpoint_type PRIVATE needs vpc_endpoint_ids",
    ),
    "body and resources together": (
        {"body": "{}"},
        r"Set either body \(an OpenAPI definition\) or resources, not both",
    ),
    "method naming an undefined authorizer": (
        only(
            "/x",
            "GET",
            {"integration": {"function_arn": HELLO}, "authorization": {"type": "CUSTOM", "authorizer": "nope"}},
        ),
        r"A method names an authorizer that var.authorizers does not define",
    ),
    "custom method on a cognito authorizer": (
        {
            "authorizers": {"cognito": COGNITO},
            **only(
                "/x",
                "GET",
                {"integration": {"function_arn": HELLO}, "authorization": {"type": "CUSTOM", "authorizer": "cognito"}},
            ),
        },
        r"authorization.type must match its authorizer",
    ),
    "method naming an undefined model": (
        only("/x", "POST", {**aws_method(function_arn=SUM), "request_models": {"application/json": "Nope"}}),
        r"A method names a model that var.models does not define",
    ),
    "cors path without cors settings": (
        {"resources": {"/hello": {"cors": True, "methods": {"GET": hello_method()}}}},
        r"A path sets cors = true but var.cors is null",
    ),
    "method settings for an undefined method": (
        {"stages": {"prod": {"method_settings": {"POST /hello": {"metrics": True}}}}},
        r"stages.method_settings names a method that var.resources does not define",
    ),
    "usage plan naming an undefined stage": (
        {"usage_plans": {"p": {"stages": {"staging": {}}}}},
        r"A usage plan names a stage that var.stages does not define",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_fails_at_plan_with_a_message_naming_the_rule(bad_input_report, case):
    inputs = {name: base(**given) for name, (given, _) in BAD_INPUTS.items()}
    errors = bad_input_report.errors(SOURCE, inputs, case)
    message = BAD_INPUTS[case][1]
    assert errors, f"{case}: the plan reported no error for this input"
    assert any(re.search(message, e) for e in errors), f"{case}: {message!r} not in:\n" + "\n".join(errors)
