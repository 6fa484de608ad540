"""The websocket-chat example plans offline with the resources and values its README promises."""

from __future__ import annotations

import json

import pytest

from apigwkit.engine.workspace import REPO_ROOT
from apigwkit.provider_double.account import CONFIGURED_ROLE

WS = "module.websocket"
ROUTES = ("$connect", "$disconnect", "$default", "sendmessage")


def manifest() -> dict:
    return json.loads((REPO_ROOT / "build" / "lambda" / "manifest.json").read_text())["functions"]


@pytest.fixture(scope="module")
def plan(workspace):
    return workspace("examples/websocket-chat").plan({"cloudwatch_role_arn": CONFIGURED_ROLE})  # a stage that logs


def test_websocket_chat_plans_the_api_functions_table_and_user_pool(plan):
    assert plan.summary() == {"add": 34, "change": 0, "destroy": 0}  # 3 of them: the authorizer's parameters and key
    api = plan[f"{WS}.aws_apigatewayv2_api.this"]
    assert api.value("protocol_type") == "WEBSOCKET"
    assert api.value("route_selection_expression") == "$request.body.action"
    assert sorted(rc.value("route_key") for rc in plan.of_type("aws_apigatewayv2_route")) == sorted(ROUTES)
    for key in ROUTES:
        integration = plan[f'{WS}.aws_apigatewayv2_integration.this["{key}"]']
        assert integration.value("integration_type") == "AWS_PROXY"
        # the invoke URI of the chat function's alias: known at plan (Lambda forms it from region, account, name)
        assert integration.value("integration_uri").endswith(":function:chat-handler:live/invocations")
        permission = plan[f'{WS}.aws_lambda_permission.route["{key}"]']
        assert permission.value("function_name").endswith(":function:chat-handler")
        assert permission.value("qualifier") == "live"  # API Gateway may invoke the alias only
    stage = plan[f"{WS}.aws_apigatewayv2_stage.this"]
    assert (stage.value("name"), stage.value("auto_deploy")) == ("prod", True)
    assert stage.value("default_route_settings.0.logging_level") == "ERROR"
    (sendmessage,) = stage.value("route_settings")
    assert (sendmessage["route_key"], sendmessage["throttling_burst_limit"], sendmessage["throttling_rate_limit"]) == (
        "sendmessage",
        50,
        20,
    )
    assert json.loads(stage.value("access_log_settings.0.format"))["connectionId"] == "$context.connectionId"


def test_connect_is_protected_by_the_jwt_verifying_lambda_authorizer(plan):
    authorizer = plan[f'{WS}.aws_apigatewayv2_authorizer.this["token"]']
    assert authorizer.value("authorizer_type") == "REQUEST"
    assert authorizer.value("identity_sources") == ["route.request.querystring.token"]
    assert plan[f'{WS}.aws_apigatewayv2_route.this["$connect"]'].value("authorization_type") == "CUSTOM"
    for key in ("$disconnect", "$default", "sendmessage"):
        assert plan[f'{WS}.aws_apigatewayv2_route.this["{key}"]'].value("authorization_type") == "NONE"
    fn = plan["module.authorizer.aws_lambda_function.this"]
    assert fn.value("handler") == manifest()["authorizer"]["handler"]
    assert fn.value("source_code_hash") == manifest()["authorizer"]["source_code_hash"]
    assert fn.value("environment.0.variables") == {
        "TOKEN_QUERY_PARAMETER": "token",
        "JWT_ISSUER_PARAMETER_NAME": "/chat-authorizer/jwt_issuer",
        "JWT_AUDIENCE_PARAMETER_NAME": "/chat-authorizer/jwt_audience",
    }
    # their values are the user pool's endpoint and the app client's id, known after apply
    issuer = plan['module.authorizer.aws_ssm_parameter.this["jwt_issuer"]']
    assert (issuer.value("name"), issuer.value("type"), issuer.is_unknown("value")) == (
        "/chat-authorizer/jwt_issuer",
        "SecureString",
        True,
    )
    assert plan['module.authorizer.aws_ssm_parameter.this["jwt_audience"]'].is_unknown("value")
    assert f'{WS}.aws_lambda_permission.authorizer["token"]' in plan


def test_chat_function_gets_the_table_and_the_manage_connections_policy(plan):
    fn = plan["module.chat.aws_lambda_function.this"]
    assert fn.value("function_name") == "chat-handler"
    assert fn.value("handler") == manifest()["chat"]["handler"] == "chat.lambda_handler"
    assert fn.value("source_code_hash") == manifest()["chat"]["source_code_hash"]
    variables = fn.value("environment.0.variables")
    assert variables["CONNECTIONS_TABLE"] == "chat-connections"
    assert variables["CONNECTION_TTL_ATTRIBUTE"] == "expiresAt"
    assert "MANAGEMENT_ENDPOINT" not in variables  # taken from each event's domain and stage
    attached = plan[f'{WS}.aws_iam_role_policy.this["chat"]']
    assert attached.value("role") == "chat-handler-lambda"
    assert attached.value("name") == "chat-websocket"
    assert attached.is_unknown("policy")  # scoped to the API's execution ARN, known after apply
    table = plan[f"{WS}.aws_dynamodb_table.this[0]"]
    assert (table.value("name"), table.value("billing_mode"), table.value("hash_key")) == (
        "chat-connections",
        "PAY_PER_REQUEST",
        "connectionId",
    )
    assert table.value("ttl") == [{"attribute_name": "expiresAt", "enabled": True}]
    assert table.value("point_in_time_recovery.0.enabled") is True
    assert table.value("server_side_encryption.0.enabled") is True
