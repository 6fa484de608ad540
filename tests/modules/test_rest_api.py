"""modules/rest_api: what a plan of the module creates, with which values, and which inputs it refuses."""

from __future__ import annotations

import json
import re

import pytest

from apigwkit.testing.rest_api import ImportedApi
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
ALB = "arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:loadbalancer/app/orders/50dc6c495c0c9188"


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
        "mappings": {"prod": "", "dev": "dev"},
        "route53_zone_id": "Z123",
        "mutual_tls": {"truststore_uri": "s3://bucket/truststore.pem", "truststore_version": "v2"},
    },
)


@pytest.fixture(scope="module")
def full(module_root):
    _use(module_root, SOURCE, module_call(SOURCE, FULL, ["method_keys"]))
    return module_root.plan()


@pytest.fixture(scope="module")
def api(full) -> ImportedApi:
    return ImportedApi.from_plan(full, f"{M}.aws_api_gateway_rest_api.this")


@pytest.fixture
def plan(plan_module):
    return lambda **inputs: plan_module(SOURCE, base(**inputs))


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
        outputs=["rest_api_id", "execution_arn", "root_resource_id", "stage_invoke_urls", "document"],
    )
    account = res.account
    api_id = outputs["rest_api_id"]
    resources = {r["path"]: r for r in account.objects("aws_api_gateway_resource") if r["rest_api_id"] == api_id}
    ids = {path: r["id"] for path, r in resources.items()} | {"/": outputs["root_resource_id"]}
    # the import builds every path and every intermediate segment as chained resources
    assert {path: r["path_part"] for path, r in resources.items()} == {
        "/a": "a",
        "/a/b": "b",
        "/a/b/{id}": "{id}",
        "/files": "files",  # not a key: created because "/files/{proxy+}" needs it
        "/files/{proxy+}": "{proxy+}",
    }
    assert {path: r["parent_id"] for path, r in resources.items()} == {
        "/a": ids["/"],
        "/a/b": ids["/a"],
        "/a/b/{id}": ids["/a/b"],
        "/files": ids["/"],
        "/files/{proxy+}": ids["/files"],
    }
    methods = {
        (m["http_method"], m["resource_id"]): m
        for m in account.objects("aws_api_gateway_method")
        if m["rest_api_id"] == api_id
    }
    (token,) = account.objects("aws_api_gateway_authorizer")
    assert methods[("POST", ids["/a/b"])]["authorizer_id"] == token["id"]
    assert methods[("POST", ids["/a/b"])]["authorization"] == "CUSTOM"
    assert methods[("GET", ids["/"])]["authorization"] == "NONE"

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
    assert authz["source_arn"] == f"{arn}/authorizers/*"  # the document's authorizers, any of this API's
    assert authz["function_name"] == AUTHZ

    rest = res[f"{M}.aws_api_gateway_rest_api.this"]
    assert rest["endpoint_configuration"][0]["types"] == ["PRIVATE"]
    assert rest["endpoint_configuration"][0]["vpc_endpoint_ids"] == [VPCE]
    # the document carries the policy with execute-api:/ resources; API Gateway stores them expanded
    document_policy = json.loads(outputs["document"])["x-amazon-apigateway-policy"]
    assert {s["Resource"] for s in document_policy["Statement"]} == {"execute-api:/*"}
    statements = {s["Sid"]: s for s in json.loads(rest["policy"])["Statement"]}
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
    assert outputs["stage_invoke_urls"] == {"prod": f"https://{api_id}.execute-api.ap-northeast-2.amazonaws.com/prod"}


# --------------------------------------------------------------------------- methods and integrations


def test_one_document_holds_the_api_and_no_method_is_a_resource_of_its_own(full, api):
    # removing a method is an update of this one document, so it is gone before the next deployment
    rest = full[f"{M}.aws_api_gateway_rest_api.this"]
    assert rest.value("put_rest_api_mode") == "overwrite"
    for kind in ("aws_api_gateway_resource", "aws_api_gateway_method", "aws_api_gateway_integration"):
        assert not full.of_type(kind), kind
    assert api.document["openapi"] == "3.0.1" and api.document["info"]["title"] == "orders"
    assert sorted(api.document["paths"]) == ["/", "/files/{proxy+}", "/queue", "/sum", "/users/{id}"]


def test_the_document_is_valid_openapi_and_imports_as_moto_imports_it(api):
    """An independent reading of the same document: moto's PutRestApi builds the same tree, methods,
    integrations and responses as the account model's import."""
    import boto3
    from moto import mock_aws
    from openapi_spec_validator import validate

    validate(api.document)
    # moto 5.2.5 cannot import a MOCK integration (its put_integration wants a uri): those stay out of it
    document = json.loads(json.dumps(api.document))
    mocks = set()
    for path, item in document["paths"].items():
        for verb, operation in item.items():
            if operation["x-amazon-apigateway-integration"]["type"] == "mock":
                del operation["x-amazon-apigateway-integration"]
                mocks.add(f"{'ANY' if verb.startswith('x-') else verb.upper()} {path}")
    assert mocks == {"GET /", "OPTIONS /sum"}
    with mock_aws():
        client = boto3.client("apigateway", region_name="ap-northeast-2")
        rest_id = client.create_rest_api(name="orders")["id"]
        client.put_rest_api(restApiId=rest_id, mode="overwrite", body=json.dumps(document).encode())
        moto_methods = {}
        for r in client.get_resources(restApiId=rest_id, embed=["methods"])["items"]:
            for verb, m in (r.get("resourceMethods") or {}).items():
                integration = m.get("methodIntegration") or {}
                verb = "ANY" if verb == "X-AMAZON-APIGATEWAY-ANY-METHOD" else verb  # moto upper-cases the key
                if f"{verb} {r['path']}" in mocks:
                    continue
                moto_methods[f"{verb} {r['path']}"] = {
                    "type": str(integration.get("type")).upper(),  # moto keeps the document's lower case
                    "uri": integration.get("uri"),
                    "responses": sorted((integration.get("integrationResponses") or {}).keys()),
                    "method_responses": sorted((m.get("methodResponses") or {}).keys()),
                }
    ours = {}
    for key, integration in api.by_key("aws_api_gateway_integration").items():
        if key in mocks:
            continue
        ours[key] = {
            "type": integration["type"],
            "uri": integration["uri"],
            "responses": sorted(api.responses("aws_api_gateway_integration_response", key)),
            "method_responses": sorted(api.responses("aws_api_gateway_method_response", key)),
        }
    assert ours == moto_methods


def test_lambda_proxy_and_non_proxy_lambda_integrations(full, api):
    proxy = api.integration("GET /sum")
    assert (proxy["type"], proxy["integration_http_method"]) == ("AWS_PROXY", "POST")
    assert proxy["uri"] == invoke_uri(SUM)
    aws = api.integration("POST /sum")
    assert (aws["type"], aws["integration_http_method"]) == ("AWS", "POST")
    assert aws["uri"] == invoke_uri(SUM)
    assert aws["request_templates"] == {"application/json": REQUEST_TEMPLATE}
    assert aws["passthrough_behavior"] == "WHEN_NO_TEMPLATES"
    assert proxy["request_templates"] is None and proxy["passthrough_behavior"] == "WHEN_NO_MATCH"
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


def test_service_http_vpc_link_and_mock_integrations(api):
    sqs = api.integration("POST /queue")
    assert sqs["uri"] == "arn:aws:apigateway:ap-northeast-2:sqs:path/123456789012/orders"
    assert sqs["credentials"] == "arn:aws:iam::123456789012:role/apigw-sqs"
    assert sqs["integration_http_method"] == "POST"
    assert sqs["request_parameters"] == {
        "integration.request.header.Content-Type": "'application/x-www-form-urlencoded'"
    }
    private = api.integration("DELETE /users/{id}")
    assert (private["type"], private["connection_type"], private["connection_id"]) == (
        "HTTP_PROXY",
        "VPC_LINK",
        "vl1234",
    )
    assert private["integration_http_method"] == "DELETE"  # the method's own verb by default
    assert private["timeout_milliseconds"] == 5000
    files = api.integration("ANY /files/{proxy+}")
    assert (files["integration_http_method"], files["connection_type"]) == ("ANY", "INTERNET")
    mock = api.integration("GET /")
    assert mock["type"] == "MOCK" and mock["uri"] is None
    assert mock["integration_http_method"] is None
    assert json.loads(mock["request_templates"]["application/json"]) == {"statusCode": 200}


def test_method_authorization_parameters_models_and_validators(api):
    authorizers = api.named("aws_api_gateway_authorizer")
    validators = api.named("aws_api_gateway_request_validator")
    post = api.method("POST /sum")
    assert (post["authorization"], post["authorization_scopes"]) == ("COGNITO_USER_POOLS", ["sum/write"])
    assert post["authorizer_id"] == authorizers["cognito"]["id"]
    assert post["api_key_required"] is True
    assert post["request_models"] == {"application/json": "SumRequest"}
    assert post["request_parameters"] == {"method.request.querystring.debug": False}
    assert post["request_validator_id"] == validators["body"]["id"]
    # one security requirement naming both schemes the method needs (its authorizer and the API key)
    assert api.operation("POST /sum")["security"] == [{"cognito": ["sum/write"], "api_key": []}]
    assert api.method("GET /sum")["authorization"] == "CUSTOM"
    assert api.method("GET /sum")["authorizer_id"] == authorizers["token"]["id"]
    assert api.method("DELETE /users/{id}")["authorization"] == "AWS_IAM"
    assert api.method("DELETE /users/{id}")["authorizer_id"] is None
    assert api.method("ANY /files/{proxy+}")["authorization"] == "NONE"
    assert api.operation("ANY /files/{proxy+}")["security"] == []  # public = true: no requirement at all
    model = api.named("aws_api_gateway_model")["SumRequest"]
    assert (model["content_type"], json.loads(model["schema"])["required"]) == ("application/json", ["a", "b"])
    assert "$schema" not in json.loads(model["schema"])  # an OpenAPI 3.0 schema object
    assert (validators["body"]["validate_request_body"], validators["body"]["validate_request_parameters"]) == (
        True,
        False,
    )
    assert (validators["params"]["validate_request_body"], validators["params"]["validate_request_parameters"]) == (
        False,
        True,
    )


def test_cognito_token_and_request_authorizers(full, api):
    authorizers = api.named("aws_api_gateway_authorizer")
    cognito = authorizers["cognito"]
    assert (cognito["type"], cognito["provider_arns"]) == ("COGNITO_USER_POOLS", [POOL])
    assert cognito["identity_source"] == "method.request.header.Authorization"
    assert cognito["authorizer_uri"] is None
    token = authorizers["token"]
    assert token["authorizer_uri"] == invoke_uri(AUTHZ)
    assert token["authorizer_result_ttl_in_seconds"] == 60
    assert token["identity_validation_expression"] == "^Bearer [-0-9a-zA-Z._]+$"
    tenant = authorizers["tenant"]
    assert tenant["type"] == "REQUEST"
    assert tenant["identity_source"] == "method.request.header.X-Tenant, method.request.querystring.key"
    permissions = sorted(rc.address for rc in full.of_type("aws_lambda_permission") if ".authorizer[" in rc.address)
    assert permissions == [
        f'{M}.aws_lambda_permission.authorizer["tenant"]',
        f'{M}.aws_lambda_permission.authorizer["token"]',
    ]


def test_method_and_integration_responses_with_selection_patterns(api):
    integration = api.responses("aws_api_gateway_integration_response", "POST /sum")
    assert integration["200"]["selection_pattern"] is None
    assert integration["200"]["response_templates"] == {"application/json": RESPONSE_TEMPLATE}
    assert (integration["400"]["status_code"], integration["400"]["selection_pattern"]) == ("400", "BadRequest: .+")
    assert integration["400"]["response_templates"] == {"application/json": ERROR_TEMPLATE}
    assert api.responses("aws_api_gateway_method_response", "POST /sum")["400"]["response_models"] == {
        "application/json": "Error"
    }
    assert "Error" in api.document["components"]["schemas"]  # a built-in model the document names, defined in it
    # proxy integrations pass the backend's answer through: a method response, no integration response
    assert "200" in api.responses("aws_api_gateway_method_response", "GET /sum")
    assert api.responses("aws_api_gateway_integration_response", "GET /sum") == {}
    assert "200" in api.responses("aws_api_gateway_integration_response", "GET /")


# --------------------------------------------------------------------------- CORS and gateway responses


def test_cors_preflight_is_a_mock_answering_the_configured_headers(api):
    options = api.method("OPTIONS /sum")
    assert options["authorization"] == "NONE"
    assert api.integration("OPTIONS /sum")["type"] == "MOCK"
    answer = api.responses("aws_api_gateway_integration_response", "OPTIONS /sum")["200"]["response_parameters"]
    assert answer == {
        "method.response.header.Access-Control-Allow-Origin": f"'{ORIGIN}'",
        "method.response.header.Access-Control-Allow-Credentials": "'true'",
        "method.response.header.Access-Control-Allow-Methods": "'GET,OPTIONS,POST'",
        "method.response.header.Access-Control-Allow-Headers": (
            "'Content-Type,Authorization,X-Api-Key,X-Amz-Date,X-Amz-Security-Token'"
        ),
        "method.response.header.Access-Control-Max-Age": "'300'",
    }
    declared = api.responses("aws_api_gateway_method_response", "OPTIONS /sum")["200"]["response_parameters"]
    assert declared == {key: False for key in answer}
    assert (
        "options" not in api.document["paths"]["/users/{id}"]
        and "options" not in api.document["paths"]["/files/{proxy+}"]
    )


def test_cors_headers_on_non_proxy_responses_of_cors_paths(api):
    headers = api.responses("aws_api_gateway_integration_response", "POST /sum")["200"]["response_parameters"]
    assert headers == {
        "method.response.header.Access-Control-Allow-Origin": f"'{ORIGIN}'",
        "method.response.header.Access-Control-Allow-Credentials": "'true'",
        "method.response.header.Access-Control-Expose-Headers": "'X-Request-Id'",
        "method.response.header.X-Request-Id": "context.requestId",
    }
    assert api.responses("aws_api_gateway_method_response", "POST /sum")["200"]["response_parameters"] == {
        key: False for key in headers
    }
    # a proxy method's function returns its own CORS headers; a path without cors gets none
    assert api.responses("aws_api_gateway_method_response", "GET /sum")["200"]["response_parameters"] is None
    assert api.responses("aws_api_gateway_integration_response", "GET /")["200"]["response_parameters"] is None


def test_gateway_responses_carry_cors_and_custom_bodies(api):
    responses = {o["response_type"]: o for o in api.objects["aws_api_gateway_gateway_response"]}
    assert sorted(responses) == ["DEFAULT_4XX", "DEFAULT_5XX", "UNAUTHORIZED"]
    for response in responses.values():
        assert response["response_parameters"]["gatewayresponse.header.Access-Control-Allow-Origin"] == f"'{ORIGIN}'"
    unauthorized = responses["UNAUTHORIZED"]
    assert unauthorized["status_code"] == "401"
    assert unauthorized["response_templates"] == {"application/json": '{"message": $context.error.messageString}'}


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
    # a new stage with a canary: nothing to try yet, so no canary until the API changes
    assert prod.value("canary_settings") == []
    assert f'{M}.aws_api_gateway_deployment.stable["prod"]' in full
    waf = full[f'{M}.aws_wafv2_web_acl_association.this["prod"]']
    assert waf.value("web_acl_arn") == WEB_ACL and waf.is_unknown("resource_arn")
    assert f'{M}.aws_wafv2_web_acl_association.this["dev"]' not in full


def test_stage_wide_and_per_method_settings(full, api):
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
    assert api.integration("GET /users/{id}")["cache_key_parameters"] == ["method.request.path.id"]


def test_no_account_role_waf_domain_usage_plan_or_cors_unless_asked(plan):
    p = plan()
    for kind in (
        "aws_api_gateway_account",
        "aws_iam_role",
        "aws_wafv2_web_acl_association",
        "aws_api_gateway_domain_name",
        "aws_api_gateway_usage_plan",
        "terraform_data",
    ):
        assert not p.of_type(kind), kind
    api = p[f"{M}.aws_api_gateway_rest_api.this"]
    assert api.value("endpoint_configuration.0.types") == ["REGIONAL"]
    assert api.value("api_key_source") == "HEADER"
    document = json.loads(api.value("body"))
    assert "x-amazon-apigateway-policy" not in document and document["x-amazon-apigateway-gateway-responses"] == {}
    assert p.summary()["add"] == 7  # api, permission, deployment, stage, access and execution log groups,
    # stage method settings


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


def test_custom_domain_tls12_regional_with_base_path_mappings_and_mutual_tls(full):
    domain = full[f"{M}.aws_api_gateway_domain_name.this[0]"]
    assert (domain.value("security_policy"), domain.value("regional_certificate_arn")) == ("TLS_1_2", CERT)
    assert domain.value("endpoint_configuration.0.types") == ["REGIONAL"]
    assert domain.value("mutual_tls_authentication.0") == {
        "truststore_uri": "s3://bucket/truststore.pem",
        "truststore_version": "v2",
    }
    mappings = {
        rc.value("stage_name"): rc.value("base_path") for rc in full.of_type("aws_api_gateway_base_path_mapping")
    }
    assert mappings == {"prod": None, "dev": "dev"}
    assert full[f"{M}.aws_route53_record.this[0]"].value("type") == "A"


# --------------------------------------------------------------------------- issue 21: TLS, dual-stack, private


@pytest.fixture(scope="module")
def private_alb(module_root):
    """A PRIVATE API with a private custom domain, a VPC link v2 integration to an ALB, a streamed Lambda and
    compression: one plan, many assertions."""
    inputs = base(
        endpoint_type="PRIVATE",
        vpc_endpoint_ids=[VPCE],
        minimum_compression_size=1024,
        resources={
            "/hello": {
                "methods": {
                    "GET": hello_method(integration={"function_arn": HELLO, "response_transfer_mode": "STREAM"})
                }
            },
            "/lb": {
                "methods": {
                    "GET": {
                        "integration": {
                            "type": "HTTP_PROXY",
                            "uri": "http://internal.example/lb",
                            "vpc_link_id": "a1b2c3",
                            "integration_target": ALB,
                        },
                        "public": True,
                    }
                }
            },
        },
        domain={"domain_name": "private.example.com", "certificate_arn": CERT},
    )
    _use(module_root, SOURCE, module_call(SOURCE, inputs, ["security_policy"]))
    return module_root.plan()


def test_a_private_api_is_dualstack_with_the_strictest_tls_and_compresses(private_alb):
    api = private_alb[f"{M}.aws_api_gateway_rest_api.this"]
    assert api.value("security_policy") == "SecurityPolicy_TLS13_1_3_2025_09" == private_alb.outputs["security_policy"]
    assert api.value("endpoint_access_mode") == "STRICT"
    assert api.value("endpoint_configuration.0.ip_address_type") == "dualstack"
    assert api.value("minimum_compression_size") == "1024"


def test_a_private_api_gets_a_private_domain_answering_its_vpc_endpoints(private_alb):
    domain = private_alb[f"{M}.aws_api_gateway_domain_name.this[0]"]
    assert (domain.value("certificate_arn"), domain.value("regional_certificate_arn")) == (CERT, None)
    assert domain.value("endpoint_configuration.0") == {"types": ["PRIVATE"], "ip_address_type": "dualstack"}
    assert (domain.value("security_policy"), domain.value("endpoint_access_mode")) == (
        "SecurityPolicy_TLS13_1_3_2025_09",
        "STRICT",
    )
    (statement,) = json.loads(domain.value("policy"))["Statement"]
    assert statement["Condition"] == {"StringEquals": {"aws:SourceVpce": VPCE}}
    association = private_alb[f'{M}.aws_api_gateway_domain_name_access_association.this["{VPCE}"]']
    assert (association.value("access_association_source_type"), association.value("access_association_source")) == (
        "VPCE",
        VPCE,
    )
    mapping = private_alb[f'{M}.aws_api_gateway_base_path_mapping.this["prod"]']
    assert mapping.is_unknown("domain_name_id")  # a private domain's mappings name it by id


def test_integrations_reach_an_alb_through_a_vpc_link_v2_and_stream_a_lambda(private_alb):
    api = ImportedApi.from_plan(private_alb, f"{M}.aws_api_gateway_rest_api.this")
    lb = api.integration("GET /lb")
    assert (lb["connection_type"], lb["connection_id"], lb["integration_target"]) == ("VPC_LINK", "a1b2c3", ALB)
    assert lb["response_transfer_mode"] == "BUFFERED"  # API Gateway's default: left out of the document
    hello = api.integration("GET /hello")
    assert hello["response_transfer_mode"] == "STREAM"
    assert hello["uri"] == invoke_uri(HELLO).replace("2015-03-31", "2021-11-15").replace(
        "/invocations", "/response-streaming-invocations"
    )


def test_an_edge_api_takes_the_strictest_edge_policy_and_tls_can_be_relaxed(plan):
    edge = plan(endpoint_type="EDGE")[f"{M}.aws_api_gateway_rest_api.this"]
    assert (edge.value("security_policy"), edge.value("endpoint_access_mode")) == (
        "SecurityPolicy_TLS13_2025_EDGE",
        "STRICT",
    )
    assert edge.value("endpoint_configuration.0.ip_address_type") is None  # AWS's default (ipv4)
    relaxed = plan(security_policy="TLS_1_2", ip_address_type="dualstack")[f"{M}.aws_api_gateway_rest_api.this"]
    assert (relaxed.value("security_policy"), relaxed.value("endpoint_access_mode")) == ("TLS_1_2", None)
    assert relaxed.value("endpoint_configuration.0.ip_address_type") == "dualstack"


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
    # the caller's document, imported as given (re-encoded as JSON; a YAML body is read the same way)
    assert json.loads(p[f"{M}.aws_api_gateway_rest_api.this"].value("body")) == json.loads(body)
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
    assert deployment.value("triggers.release") != applied["deployment_trigger"]
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
        r"COGNITO_USER_POOLS and CUSTOM authorization need authorization.authorizer \(a key of var.authorizers\)",
    ),
    "an authorizer created outside the document": (
        only(
            "/x",
            "GET",
            {"integration": {"function_arn": HELLO}, "authorization": {"type": "CUSTOM", "authorizer_id": "abc123"}},
        ),
        # Terraform drops an attribute the variable's type does not declare; the method then has no authorizer
        r"COGNITO_USER_POOLS and CUSTOM authorization need authorization.authorizer \(a key of var.authorizers\)",
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
    # --- TLS, IP addresses, compression, private integrations, streaming (issue 21)
    "tls 1.0 on the api": ({"security_policy": "TLS_1_0"}, r"security_policy must be TLS_1_2 or an enhanced"),
    "edge policy on a regional api": (
        {"endpoint_type": "REGIONAL", "security_policy": "SecurityPolicy_TLS13_2025_EDGE"},
        r"security_policy SecurityPolicy_TLS13_2025_EDGE is not one a REGIONAL endpoint takes",
    ),
    "endpoint access mode unknown": ({"endpoint_access_mode": "LAX"}, r"endpoint_access_mode must be STRICT or BASIC"),
    "private api on ipv4": (
        {"endpoint_type": "PRIVATE", "vpc_endpoint_ids": [VPCE], "ip_address_type": "ipv4"},
        r"A PRIVATE API is reachable over dualstack only",
    ),
    "ip address type unknown": ({"ip_address_type": "ipv6"}, r"ip_address_type must be ipv4 or dualstack"),
    "compression over 10 MB": ({"minimum_compression_size": 10485761}, r"minimum_compression_size must be a whole"),
    "integration target without a vpc link": (
        only(
            "/x",
            "GET",
            {"integration": {"type": "HTTP_PROXY", "uri": "http://lb", "integration_target": ALB}, "public": True},
        ),
        r"integration_target must be the ARN of an Application or Network Load Balancer .* needs vpc_link_id",
    ),
    "integration target is a listener": (
        only(
            "/x",
            "GET",
            {
                "integration": {
                    "type": "HTTP_PROXY",
                    "uri": "http://lb",
                    "vpc_link_id": "a1b2c3",
                    "integration_target": ALB.replace(":loadbalancer/", ":listener/") + "/f00dfeed",
                },
                "public": True,
            },
        ),
        r"integration_target must be the ARN of an Application or Network Load Balancer",
    ),
    "streaming a non-proxy integration": (
        only("/x", "POST", aws_method(function_arn=SUM, response_transfer_mode="STREAM")),
        r"STREAM takes a proxy integration \(AWS_PROXY or HTTP_PROXY\)",
    ),
    "transfer mode unknown": (
        only(
            "/x", "GET", {"integration": {"function_arn": HELLO, "response_transfer_mode": "CHUNKED"}, "public": True}
        ),
        r"response_transfer_mode must be BUFFERED or STREAM",
    ),
    "domain on tls 1.0": (
        {"domain": {"domain_name": "api.example.com", "certificate_arn": CERT, "security_policy": "TLS_1_0"}},
        r"domain.security_policy must be TLS_1_2 or an enhanced",
    ),
    "domain with mutual tls and an enhanced policy": (
        {
            "domain": {
                "domain_name": "api.example.com",
                "certificate_arn": CERT,
                "security_policy": "SecurityPolicy_TLS13_1_3_2025_09",
                "mutual_tls": {"truststore_uri": "s3://bucket/ca.pem"},
            }
        },
        r"domain.mutual_tls needs a legacy security policy \(TLS_1_2\)",
    ),
    "private domain with a route 53 alias": (
        {
            "endpoint_type": "PRIVATE",
            "vpc_endpoint_ids": [VPCE],
            "domain": {"domain_name": "api.example.com", "certificate_arn": CERT, "route53_zone_id": "Z123"},
        },
        r"a private custom domain is resolved in your VPC",
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
        {"domain": {"domain_name": "api.example.com", "certificate_arn": CERT, "mappings": {"prod": "/v1"}}},
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
    bad_input_report.assert_refused(SOURCE, inputs, case, BAD_INPUTS[case][1])
