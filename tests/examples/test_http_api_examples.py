"""The HTTP API examples plan offline with the resources and values their READMEs promise."""

from __future__ import annotations

import json

from apigwkit.engine.workspace import REPO_ROOT

API = "module.api"


def manifest() -> dict:
    return json.loads((REPO_ROOT / "build" / "lambda" / "manifest.json").read_text())["functions"]


def test_http_api_lambda_is_the_seed_hello_route(workspace):
    plan = workspace("examples/http-api-lambda").plan()
    assert plan.summary() == {"add": 16, "change": 0, "destroy": 0}
    assert len(plan.of_type("aws_cloudwatch_metric_alarm")) == 4
    route = plan[f'{API}.aws_apigatewayv2_route.this["GET /hello"]']
    assert route.value("authorization_type") == "NONE"
    integration = plan[f'{API}.aws_apigatewayv2_integration.this["GET /hello"]']
    assert (integration.value("integration_type"), integration.value("payload_format_version")) == ("AWS_PROXY", "2.0")
    assert plan[f"{API}.aws_apigatewayv2_api.this"].value("cors_configuration.0.allow_origins") == [
        "https://www.example.com"
    ]
    assert plan[f"{API}.aws_apigatewayv2_api.this"].value("cors_configuration.0.allow_methods") == ["GET", "OPTIONS"]
    stage = plan[f'{API}.aws_apigatewayv2_stage.this["$default"]']
    assert stage.value("auto_deploy") is True
    fn = plan["module.hello.aws_lambda_function.this"]
    assert fn.value("source_code_hash") == manifest()["hello"]["source_code_hash"]
    assert fn.value("handler") == manifest()["hello"]["handler"]
    assert fn.value("tracing_config.0.mode") == "Active"


def test_http_api_jwt_protects_each_route_its_own_way(workspace):
    plan = workspace("examples/http-api-jwt").plan()
    routes = {
        key: plan[f'{API}.aws_apigatewayv2_route.this["{key}"]']
        for key in ("GET /me", "GET /reports", "GET /partner", "GET /internal")
    }
    assert {k: r.value("authorization_type") for k, r in routes.items()} == {
        "GET /me": "JWT",
        "GET /reports": "JWT",
        "GET /partner": "CUSTOM",
        "GET /internal": "AWS_IAM",
    }
    assert routes["GET /reports"].value("authorization_scopes") == ["reports-api/read"]
    assert routes["GET /me"].value("authorization_scopes") is None
    jwt = plan[f'{API}.aws_apigatewayv2_authorizer.this["cognito"]']
    assert jwt.value("authorizer_type") == "JWT"
    assert jwt.is_unknown("jwt_configuration.0.issuer")  # the user pool's endpoint, known after apply
    partner = plan[f'{API}.aws_apigatewayv2_authorizer.this["partner"]']
    assert partner.value("authorizer_type") == "REQUEST"
    assert partner.value("enable_simple_responses") is True
    assert f'{API}.aws_lambda_permission.authorizer["partner"]' in plan
    # the authorizer's configuration in Parameter Store and its shared secret in Secrets Manager, named in its
    # environment (the values of the parameters are the user pool's, known after apply)
    parameters = {rc.value("name"): rc.value("type") for rc in plan.of_type("aws_ssm_parameter")}
    assert parameters == {
        "/orders-jwt-authorizer/jwt_issuer": "SecureString",
        "/orders-jwt-authorizer/jwt_audience": "SecureString",
    }
    assert [rc.value("name") for rc in plan.of_type("aws_secretsmanager_secret")] == ["orders-jwt-authorizer/jwt_hmac"]
    variables = plan["module.authorizer.aws_lambda_function.this"].value("environment.0.variables")
    assert variables == {  # no issuer or audience in the environment any more: the function reads the parameters
        "JWT_ALGORITHMS": "RS256,HS256",
        "JWT_ISSUER_PARAMETER_NAME": "/orders-jwt-authorizer/jwt_issuer",
        "JWT_AUDIENCE_PARAMETER_NAME": "/orders-jwt-authorizer/jwt_audience",
        "JWT_HMAC_SECRET_NAME": "orders-jwt-authorizer/jwt_hmac",
    }
    assert not plan.of_type("aws_apigatewayv2_domain_name")
    stage = plan[f'{API}.aws_apigatewayv2_stage.this["$default"]']
    (internal,) = stage.value("route_settings")
    assert (internal["route_key"], internal["throttling_rate_limit"]) == ("GET /internal", 10)


def test_http_api_jwt_idempotent_orders_route(workspace):
    plan = workspace("examples/http-api-jwt").plan()
    route = plan[f'{API}.aws_apigatewayv2_route.this["POST /orders"]']
    assert route.value("authorization_type") == "JWT"
    fn = plan["module.orders.aws_lambda_function.this"]
    assert fn.value("source_code_hash") == manifest()["orders"]["source_code_hash"]
    assert fn.value("handler") == "orders.lambda_handler"
    assert fn.is_unknown("environment.0.variables") is False
    assert set(fn.value("environment.0.variables")) == {"IDEMPOTENCY_TABLE", "ORDERS_TABLE"}
    idempotency = plan["aws_dynamodb_table.idempotency"]
    assert idempotency.value("hash_key") == "id"
    assert idempotency.value("ttl") == [{"attribute_name": "expiration", "enabled": True}]
    assert plan["aws_dynamodb_table.orders"].value("hash_key") == "orderId"


def test_http_api_jwt_with_a_custom_domain(workspace):
    plan = workspace("examples/http-api-jwt").plan(
        {
            "domain": {
                "domain_name": "api.example.com",
                "certificate_arn": "arn:aws:acm:ap-northeast-2:123456789012:certificate/abc",
                "route53_zone_id": "Z0123456789",
            }
        }
    )
    assert plan[f"{API}.aws_apigatewayv2_domain_name.this[0]"].value("domain_name") == "api.example.com"
    assert plan[f"{API}.aws_apigatewayv2_api.this"].value("disable_execute_api_endpoint") is True
    assert f"{API}.aws_route53_record.this[0]" in plan
