"""modules/websocket_api: what a plan (and an apply to the provider double) creates, with which values, and which
inputs it refuses."""

from __future__ import annotations

import json

import pytest

from tests.modules.conftest import CLOUDWATCH_ROLE, FUNCTION_ARN, _use, module_call

SOURCE = "../../../modules/websocket_api"
M = "module.under_test"
CHAT = FUNCTION_ARN.format("chat")
AUTHZ = FUNCTION_ARN.format("authorizer")
CHAT_URI = f"arn:aws:apigateway:ap-northeast-2:lambda:path/2015-03-31/functions/{CHAT}/invocations"
AUTHZ_URI = f"arn:aws:apigateway:ap-northeast-2:lambda:path/2015-03-31/functions/{AUTHZ}/invocations"
TOKEN_AUTHORIZER = {"token": {"function_arn": AUTHZ, "identity_sources": ["route.request.querystring.token"]}}
CMK = "arn:aws:kms:ap-northeast-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"


def chat_route(**extra):
    return {"integration": {"function_arn": CHAT}, **extra}


def chat_routes(**overrides):
    """The four routes of the chat: $connect behind the token authorizer."""
    routes = {
        "$connect": chat_route(authorization={"type": "CUSTOM", "authorizer": "token"}),
        "$disconnect": chat_route(),
        "$default": chat_route(),
        "sendmessage": chat_route(),
    }
    return {**routes, **overrides}


def base(**inputs):
    return {
        "name": "chat",
        "authorizers": TOKEN_AUTHORIZER,
        "routes": chat_routes(),
        "cloudwatch_role_arn": CLOUDWATCH_ROLE,
        **inputs,
    }


@pytest.fixture
def plan(plan_module):
    return lambda outputs=None, **inputs: plan_module(SOURCE, base(**inputs), outputs)


def shared_plan(module_root, inputs, outputs=None):
    """One plan that several tests read (a plan costs seconds; the tests only look at it)."""
    _use(module_root, SOURCE, module_call(SOURCE, inputs, outputs))
    return module_root.plan()


@pytest.fixture(scope="module")
def defaults(module_root):
    """The chat's four routes with every other input at its default."""
    return shared_plan(module_root, base(), outputs=["connection_table_name", "connection_ttl_attribute"])


@pytest.fixture(scope="module")
def options(module_root):
    """Every optional feature at once: IAM on $connect, a custom selection expression, API keys, two-way routes
    with a non-proxy integration response, per-route throttling, INFO logs elsewhere, a CMK-encrypted table."""
    return shared_plan(
        module_root,
        base(
            authorizers={},
            route_selection_expression="$${request.body.service}:$${request.body.action}",  # $$: JSON config escape
            api_key_selection_expression="$context.authorizer.usageIdentifierKey",
            routes=chat_routes(
                **{
                    "$connect": chat_route(authorization={"type": "AWS_IAM"}),
                    "$default": chat_route(two_way=True),
                    "chat:send": chat_route(
                        api_key_required=True,
                        operation_name="SendChat",
                        throttling={"burst_limit": 20, "rate_limit": 10},
                    ),
                    "echo": {
                        "integration": {
                            "function_arn": CHAT,
                            "type": "AWS",
                            "request_templates": {"$default": "{\"text\": $input.json('$.message')}"},
                            "template_selection_expression": "\\$default",
                            "passthrough_behavior": "NEVER",
                            "timeout_milliseconds": 5000,
                            "response": {"response_templates": {"$default": "{\"echo\": $input.json('$')}"}},
                        },
                        "two_way": True,
                    },
                }
            ),
            stage={"name": "live", "logging_level": "INFO", "detailed_metrics": True},
            access_logs={"destination_arn": CENTRAL_LOGS},
            connection_table={
                "name": "ws-conns",
                "kms_key_arn": CMK,
                "ttl_attribute": "ttl",
                "deletion_protection": True,
            },
        ),
    )


@pytest.fixture(scope="module")
def switched_off(module_root):
    """A public $connect, no throttling, no access or execution logs, no connection table."""
    return shared_plan(
        module_root,
        base(
            authorizers={},
            routes=chat_routes(**{"$connect": chat_route(public=True)}),
            throttling=None,
            access_logs={"enabled": False},
            stage={"logging_level": "OFF"},
            connection_table=None,
        ),
        outputs=["connection_table_name", "connection_table_arn", "access_log_group_name"],
    )


CENTRAL_LOGS = "arn:aws:logs:ap-northeast-2:123456789012:log-group:central"


def policy_statements(policy_json: str) -> dict[str, dict]:
    return {s["Sid"]: s for s in json.loads(policy_json)["Statement"]}


def as_list(value):
    return value if isinstance(value, list) else [value]


# --------------------------------------------------------------------------- API, routes, integrations


def test_chat_routes_plan_a_websocket_api_with_one_route_integration_and_permission_each(defaults):
    p = defaults
    api = p[f"{M}.aws_apigatewayv2_api.this"]
    assert api.value("protocol_type") == "WEBSOCKET"
    assert api.value("route_selection_expression") == "$request.body.action"
    assert api.value("api_key_selection_expression") == "$request.header.x-api-key"
    keys = ["$connect", "$default", "$disconnect", "sendmessage"]
    # one block for every route, with or without authorization: none ever moves to another address
    assert sorted(rc.address for rc in p.of_type("aws_apigatewayv2_route")) == sorted(
        f'{M}.aws_apigatewayv2_route.this["{k}"]' for k in keys
    )
    assert sorted(rc.address for rc in p.of_type("aws_apigatewayv2_integration")) == [
        f'{M}.aws_apigatewayv2_integration.this["{k}"]' for k in keys
    ]
    assert sorted(rc.address for rc in p.of_type("aws_lambda_permission") if rc.name == "route") == [
        f'{M}.aws_lambda_permission.route["{k}"]' for k in keys
    ]
    for key in keys:
        route = p[f'{M}.aws_apigatewayv2_route.this["{key}"]']
        assert route.value("route_key") == key
        assert route.value("route_response_selection_expression") is None  # one-way unless two_way
        assert route.value("api_key_required") is False
        integration = p[f'{M}.aws_apigatewayv2_integration.this["{key}"]']
        assert integration.value("integration_type") == "AWS_PROXY"
        assert integration.value("integration_method") == "POST"
        assert integration.value("integration_uri") == CHAT_URI  # WebSocket integrations take the invoke URI
        assert integration.value("payload_format_version") in (None, "1.0")
        permission = p[f'{M}.aws_lambda_permission.route["{key}"]']
        assert (permission.value("function_name"), permission.value("principal")) == (CHAT, "apigateway.amazonaws.com")
    # statement ids name the API (known once it exists): two APIs may share the function
    assert all(p[f'{M}.aws_lambda_permission.route["{k}"]'].is_unknown("statement_id") for k in keys)
    assert not p.of_type("aws_apigatewayv2_route_response") and not p.of_type("aws_apigatewayv2_integration_response")


def test_authorizer_is_a_lambda_request_authorizer_on_connect_only(defaults):
    p = defaults
    authorizer = p[f'{M}.aws_apigatewayv2_authorizer.this["token"]']
    assert authorizer.value("authorizer_type") == "REQUEST"
    assert authorizer.value("authorizer_uri") == AUTHZ_URI
    assert authorizer.value("identity_sources") == ["route.request.querystring.token"]
    # HTTP-API-only settings stay unset on a WebSocket authorizer
    assert authorizer.value("authorizer_payload_format_version") is None
    assert authorizer.value("enable_simple_responses") is None
    assert authorizer.value("jwt_configuration") == []
    connect = p[f'{M}.aws_apigatewayv2_route.this["$connect"]']
    assert connect.value("authorization_type") == "CUSTOM"
    assert connect.is_unknown("authorizer_id")
    for key in ("$disconnect", "$default", "sendmessage"):
        route = p[f'{M}.aws_apigatewayv2_route.this["{key}"]']
        assert (route.value("authorization_type"), route.value("authorizer_id")) == ("NONE", None)
    assert p[f'{M}.aws_lambda_permission.authorizer["token"]'].value("function_name") == AUTHZ


def test_iam_or_public_connect_needs_no_authorizer(options, switched_off):
    assert options[f'{M}.aws_apigatewayv2_route.this["$connect"]'].value("authorization_type") == "AWS_IAM"
    # a $connect marked public = true stays at its address with authorization NONE
    assert switched_off[f'{M}.aws_apigatewayv2_route.this["$connect"]'].value("authorization_type") == "NONE"
    for p in (options, switched_off):
        assert not p.of_type("aws_apigatewayv2_authorizer")
        assert not [rc for rc in p.of_type("aws_lambda_permission") if rc.name == "authorizer"]


def test_custom_route_selection_expression_and_api_keys(options):
    api = options[f"{M}.aws_apigatewayv2_api.this"]
    assert api.value("route_selection_expression") == "${request.body.service}:${request.body.action}"
    assert api.value("api_key_selection_expression") == "$context.authorizer.usageIdentifierKey"
    route = options[f'{M}.aws_apigatewayv2_route.this["chat:send"]']
    assert route.value("api_key_required") is True
    assert route.value("operation_name") == "SendChat"
    assert options[f'{M}.aws_apigatewayv2_route.this["sendmessage"]'].value("api_key_required") is False


def test_two_way_routes_get_the_default_route_response_and_non_proxy_integration_responses(options):
    p = options
    for key in ("$default", "echo"):
        route = p[f'{M}.aws_apigatewayv2_route.this["{key}"]']
        assert route.value("route_response_selection_expression") == "$default"
        assert p[f'{M}.aws_apigatewayv2_route_response.this["{key}"]'].value("route_response_key") == "$default"
    assert sorted(rc.address for rc in p.of_type("aws_apigatewayv2_route_response")) == [
        f'{M}.aws_apigatewayv2_route_response.this["$default"]',
        f'{M}.aws_apigatewayv2_route_response.this["echo"]',
    ]
    echo = p[f'{M}.aws_apigatewayv2_integration.this["echo"]']
    assert echo.value("integration_type") == "AWS"
    assert echo.value("request_templates") == {"$default": "{\"text\": $input.json('$.message')}"}
    assert echo.value("passthrough_behavior") == "NEVER"
    assert echo.value("timeout_milliseconds") == 5000
    (response,) = p.of_type("aws_apigatewayv2_integration_response")
    assert response.address == f'{M}.aws_apigatewayv2_integration_response.this["echo"]'
    assert response.value("integration_response_key") == "$default"
    assert response.value("response_templates") == {"$default": "{\"echo\": $input.json('$')}"}


# --------------------------------------------------------------------------- stage, throttling, logs


def test_stage_auto_deploys_with_throttling_execution_logs_and_json_access_logs(defaults):
    p = defaults
    stage = p[f"{M}.aws_apigatewayv2_stage.this"]
    assert (stage.value("name"), stage.value("auto_deploy")) == ("prod", True)
    settings = stage.value("default_route_settings.0")
    assert (settings["throttling_burst_limit"], settings["throttling_rate_limit"]) == (200, 100)
    assert (settings["logging_level"], settings["data_trace_enabled"]) == ("ERROR", False)
    assert stage.value("route_settings") == []
    fmt = json.loads(stage.value("access_log_settings.0.format"))
    assert {k: fmt[k] for k in ("connectionId", "eventType", "routeKey", "status", "requestId")} == {
        "connectionId": "$context.connectionId",
        "eventType": "$context.eventType",
        "routeKey": "$context.routeKey",
        "status": "$context.status",
        "requestId": "$context.requestId",
    }
    assert fmt["integrationError"] == "$context.integration.error"
    group = p[f"{M}.aws_cloudwatch_log_group.access[0]"]
    assert (group.value("name"), group.value("retention_in_days")) == ("/aws/apigateway/chat/prod", 365)
    # the group's ARN, written out so that the plan (and checkov's plan scan) shows the destination
    assert stage.value("access_log_settings.0.destination_arn") == (
        "arn:aws:logs:ap-northeast-2:123456789012:log-group:/aws/apigateway/chat/prod"
    )
    assert not p.of_type("aws_apigatewayv2_deployment")


def test_route_throttling_overrides_and_logs_can_go_elsewhere(options):
    stage = options[f"{M}.aws_apigatewayv2_stage.this"]
    assert stage.value("name") == "live"
    (route_setting,) = stage.value("route_settings")
    assert route_setting["route_key"] == "chat:send"
    assert (route_setting["throttling_burst_limit"], route_setting["throttling_rate_limit"]) == (20, 10)
    assert (route_setting["logging_level"], route_setting["detailed_metrics_enabled"]) == ("INFO", True)
    assert stage.value("default_route_settings.0.throttling_rate_limit") == 100
    assert stage.value("access_log_settings.0.destination_arn") == CENTRAL_LOGS
    assert not options.of_type("aws_cloudwatch_log_group")


def test_throttling_and_logs_can_be_turned_off_explicitly(switched_off):
    stage = switched_off[f"{M}.aws_apigatewayv2_stage.this"]
    settings = stage.value("default_route_settings.0")
    assert settings["throttling_burst_limit"] is None and settings["throttling_rate_limit"] is None
    assert settings["logging_level"] == "OFF"
    assert stage.value("access_log_settings") == []
    assert not switched_off.of_type("aws_cloudwatch_log_group")
    assert switched_off.outputs["access_log_group_name"] is None


# --------------------------------------------------------------------------- connection table


def test_connection_table_is_on_demand_keyed_by_connection_id_with_ttl_pitr_and_encryption(defaults):
    table = defaults[f"{M}.aws_dynamodb_table.this[0]"]
    assert table.value("name") == "chat-connections"
    assert table.value("billing_mode") == "PAY_PER_REQUEST"
    assert table.value("hash_key") == "connectionId"
    assert table.value("range_key") is None
    assert table.value("attribute") == [{"name": "connectionId", "type": "S"}]
    assert table.value("ttl") == [{"attribute_name": "expiresAt", "enabled": True}]
    assert table.value("point_in_time_recovery.0.enabled") is True
    assert table.value("server_side_encryption.0.enabled") is True
    assert table.value("server_side_encryption.0.kms_key_arn") is None  # the AWS managed key
    assert table.value("deletion_protection_enabled") is False
    assert defaults.outputs == {"connection_table_name": "chat-connections", "connection_ttl_attribute": "expiresAt"}


def test_connection_table_with_a_customer_key_and_its_own_name(options):
    table = options[f"{M}.aws_dynamodb_table.this[0]"]
    assert table.value("name") == "ws-conns"
    assert table.value("server_side_encryption.0.kms_key_arn") == CMK
    assert table.value("ttl.0.attribute_name") == "ttl"
    assert table.value("deletion_protection_enabled") is True
    assert table.value("point_in_time_recovery.0.enabled") is True


def test_no_connection_table_when_asked(switched_off):
    assert not switched_off.of_type("aws_dynamodb_table")
    assert switched_off.outputs["connection_table_name"] is None
    assert switched_off.outputs["connection_table_arn"] is None


# --------------------------------------------------------------------------- applied: ARNs, permissions, policy


def test_applied_permissions_policy_and_endpoints_are_scoped_to_this_api_and_stage(apply_module):
    outputs, res = apply_module(
        SOURCE,
        base(policy_role_names={"chat": "chat-handler-lambda"}),
        outputs=[
            "api_id",
            "api_endpoint",
            "execution_arn",
            "stage_invoke_url",
            "stage_execution_arn",
            "management_endpoint",
            "authorizer_ids",
            "connection_table_arn",
            "handler_policy_json",
        ],
    )
    api_id, arn = outputs["api_id"], outputs["execution_arn"]
    assert arn == f"arn:aws:execute-api:ap-northeast-2:123456789012:{api_id}"
    host = f"{api_id}.execute-api.ap-northeast-2.amazonaws.com"
    assert outputs["api_endpoint"] == f"wss://{host}"
    assert outputs["stage_invoke_url"] == f"wss://{host}/prod"
    assert outputs["management_endpoint"] == f"https://{host}/prod"
    assert outputs["stage_execution_arn"] == f"{arn}/prod"

    sources = {key: res[f'{M}.aws_lambda_permission.route["{key}"]']["source_arn"] for key in chat_routes()}
    assert sources == {key: f"{arn}/*/{key}" for key in chat_routes()}
    authorizer_permission = res[f'{M}.aws_lambda_permission.authorizer["token"]']
    assert authorizer_permission["source_arn"] == f"{arn}/authorizers/{outputs['authorizer_ids']['token']}"
    connect = res[f'{M}.aws_apigatewayv2_route.this["$connect"]']
    assert connect["authorizer_id"] == outputs["authorizer_ids"]["token"]

    table_arn = "arn:aws:dynamodb:ap-northeast-2:123456789012:table/chat-connections"
    assert outputs["connection_table_arn"] == table_arn
    statements = policy_statements(outputs["handler_policy_json"])
    assert set(statements) == {"ManageConnections", "ConnectionTable"}
    manage = statements["ManageConnections"]
    assert as_list(manage["Action"]) == ["execute-api:ManageConnections"]
    assert sorted(as_list(manage["Resource"])) == sorted(
        f"{arn}/prod/{method}/@connections/*" for method in ("POST", "GET", "DELETE")
    )
    table = statements["ConnectionTable"]
    assert sorted(as_list(table["Action"])) == [
        "dynamodb:DeleteItem",
        "dynamodb:GetItem",
        "dynamodb:PutItem",
        "dynamodb:Scan",
    ]
    assert as_list(table["Resource"]) == [table_arn]
    all_actions = [a for s in statements.values() for a in as_list(s["Action"])]
    assert not [a for a in all_actions if "*" in a]
    attached = res[f'{M}.aws_iam_role_policy.this["chat"]']
    assert (attached["role"], attached["name"]) == ("chat-handler-lambda", "chat-websocket")
    assert json.loads(attached["policy"]) == json.loads(outputs["handler_policy_json"])


def test_applied_policy_for_an_existing_table_encrypted_with_a_customer_key(apply_module):
    existing = "arn:aws:dynamodb:ap-northeast-2:123456789012:table/shared-connections"
    outputs, res = apply_module(
        SOURCE,
        base(
            stage={"name": "dev"},
            connection_table={"create": False, "arn": existing, "kms_key_arn": CMK},
        ),
        outputs=["execution_arn", "connection_table_name", "handler_policy_json"],
    )
    assert not [address for address in res if ".aws_dynamodb_table." in address]
    assert outputs["connection_table_name"] == "shared-connections"
    statements = policy_statements(outputs["handler_policy_json"])
    assert as_list(statements["ConnectionTable"]["Resource"]) == [existing]
    assert f"{outputs['execution_arn']}/dev/POST/@connections/*" in as_list(statements["ManageConnections"]["Resource"])
    key = statements["ConnectionTableKey"]
    assert as_list(key["Resource"]) == [CMK]
    assert key["Condition"] == {"StringEquals": {"kms:ViaService": "dynamodb.ap-northeast-2.amazonaws.com"}}


# --------------------------------------------------------------------------- refusals

NOT_LAMBDA = "arn:aws:states:ap-northeast-2:123456789012:stateMachine:chat"
BAD_INPUTS = {
    "jwt authorizer": (
        {"authorizers": {"cognito": {"type": "JWT", "identity_sources": ["route.request.header.Authorization"]}}},
        r"WebSocket APIs support no JWT authorizer \(API Gateway offers JWT authorizers for HTTP APIs only\)",
    ),
    "jwt authorization on connect": (
        {"routes": chat_routes(**{"$connect": chat_route(authorization={"type": "JWT", "authorizer": "token"})})},
        r"authorization.type must be NONE, AWS_IAM or CUSTOM .* WebSocket APIs support no JWT authorizer",
    ),
    "authorizer on a message route": (
        {"routes": chat_routes(sendmessage=chat_route(authorization={"type": "CUSTOM", "authorizer": "token"}))},
        r"only \$connect can have authorization",
    ),
    "iam authorization on disconnect": (
        {"routes": chat_routes(**{"$disconnect": chat_route(authorization={"type": "AWS_IAM"})})},
        r"only \$connect can have authorization",
    ),
    "open connect not marked public": (
        {"routes": chat_routes(**{"$connect": chat_route()})},
        r"\$connect with authorization.type NONE must say public = true",
    ),
    "custom authorization without authorizer": (
        {"routes": chat_routes(**{"$connect": chat_route(authorization={"type": "CUSTOM"})})},
        r"CUSTOM authorization needs exactly one of authorization.authorizer",
    ),
    "authorizer named on an iam route": (
        {"routes": chat_routes(**{"$connect": chat_route(authorization={"type": "AWS_IAM", "authorizer": "token"})})},
        r"authorization.authorizer and authorizer_id apply to type CUSTOM only",
    ),
    "rest api token authorizer": (
        {"authorizers": {"token": {**TOKEN_AUTHORIZER["token"], "type": "TOKEN"}}},
        r"authorizers: type must be REQUEST \(a Lambda authorizer\), the only kind a WebSocket API supports",
    ),
    "connect naming an undefined authorizer": (
        {"routes": chat_routes(**{"$connect": chat_route(authorization={"type": "CUSTOM", "authorizer": "nope"})})},
        r"names an authorizer that var.authorizers does not define",
    ),
    "http style route key": (
        {"routes": chat_routes(**{"POST /messages": chat_route()})},
        r"every key must be \$connect, \$disconnect, \$default or a custom route key",
    ),
    "unknown predefined route key": (
        {"routes": chat_routes(**{"$message": chat_route()})},
        r"does not start with \$",
    ),
    "no routes": ({"routes": {}}, r"routes: define at least one route"),
    "integration not a lambda function": (
        {"routes": chat_routes(sendmessage={"integration": {"function_arn": NOT_LAMBDA}})},
        r"integration.function_arn must be a Lambda function ARN",
    ),
    "unknown integration type": (
        {"routes": chat_routes(sendmessage={"integration": {"function_arn": CHAT, "type": "HTTP_PROXY"}})},
        r"integration.type must be AWS_PROXY \(Lambda proxy\) or AWS",
    ),
    "integration timeout over 29s": (
        {"routes": chat_routes(sendmessage={"integration": {"function_arn": CHAT, "timeout_milliseconds": 30000}})},
        r"timeout_milliseconds must be between 50 and 29000",
    ),
    "integration credentials not a role": (
        {
            "routes": chat_routes(
                sendmessage={
                    "integration": {"function_arn": CHAT, "credentials_arn": "arn:aws:iam::123456789012:user/x"}
                }
            )
        },
        r"integration.credentials_arn must be an IAM role ARN",
    ),
    "bad content handling": (
        {
            "routes": chat_routes(
                sendmessage={"integration": {"function_arn": CHAT, "content_handling_strategy": "GZIP"}}
            )
        },
        r"content_handling_strategy must be CONVERT_TO_BINARY or CONVERT_TO_TEXT",
    ),
    "bad passthrough behavior": (
        {
            "routes": chat_routes(
                sendmessage={"integration": {"function_arn": CHAT, "type": "AWS", "passthrough_behavior": "ALWAYS"}}
            )
        },
        r"passthrough_behavior must be WHEN_NO_MATCH, WHEN_NO_TEMPLATES or NEVER",
    ),
    "templates on a proxy integration": (
        {
            "routes": chat_routes(
                sendmessage={"integration": {"function_arn": CHAT, "request_templates": {"$default": "{}"}}}
            )
        },
        r"apply to integration.type AWS only; with AWS_PROXY .*there is no integration response",
    ),
    "integration response on a one-way route": (
        {"routes": chat_routes(echo={"integration": {"function_arn": CHAT, "type": "AWS", "response": {}}})},
        r"integration.response needs two_way = true",
    ),
    "two-way disconnect": (
        {"routes": chat_routes(**{"$disconnect": chat_route(two_way=True)})},
        r"\$disconnect cannot be two_way",
    ),
    "route throttling burst below rate": (
        {"routes": chat_routes(sendmessage=chat_route(throttling={"burst_limit": 5, "rate_limit": 10}))},
        r"routes: throttling needs .* \(a burst below the rate can never be reached\)",
    ),
    "default throttling burst below rate": (
        {"throttling": {"burst_limit": 1, "rate_limit": 10}},
        r"throttling needs 0 <= rate_limit <= 10000 and rate_limit <= burst_limit <= 5000",
    ),
    "default throttling rate over the account limit": (
        {"throttling": {"burst_limit": 5000, "rate_limit": 20000}},
        r"throttling needs 0 <= rate_limit <= 10000",
    ),
    "http api identity source": (
        {"authorizers": {"token": {"function_arn": AUTHZ, "identity_sources": ["$request.header.Authorization"]}}},
        r"the \$request.header.NAME form belongs to HTTP APIs",
    ),
    "authorizer without identity source": (
        {"authorizers": {"token": {"function_arn": AUTHZ, "identity_sources": []}}},
        r"identity_sources must name at least one source",
    ),
    "authorizer without function": (
        {"authorizers": {"token": {"identity_sources": ["route.request.querystring.token"]}}},
        r"every authorizer needs function_arn, a Lambda function ARN",
    ),
    "authorizer credentials not a role": (
        {
            "authorizers": {
                "token": {**TOKEN_AUTHORIZER["token"], "credentials_arn": "arn:aws:iam::123456789012:user/x"}
            }
        },
        r"credentials_arn must be an IAM role ARN",
    ),
    "route selection from a header": (
        {"route_selection_expression": "$request.header.action"},
        r"route_selection_expression must select a field of the message body",
    ),
    "unknown api key selection": (
        {"api_key_selection_expression": "$request.querystring.key"},
        r"api_key_selection_expression must be \$request.header.x-api-key or",
    ),
    "http default stage name": ({"stage": {"name": "$default"}}, r"stage.name must be 1-128 letters"),
    "unknown logging level": ({"stage": {"logging_level": "DEBUG"}}, r"stage.logging_level must be OFF, ERROR or INFO"),
    "manual deployment": (
        {"stage": {"auto_deploy": False}},
        r"stage.auto_deploy = false is not offered\. A deployment Terraform makes is taken before Terraform deletes",
    ),
    "data trace without execution logs": (
        {"stage": {"logging_level": "OFF", "data_trace": True}},
        r"stage.data_trace needs stage.logging_level ERROR or INFO",
    ),
    "stage variable value with a space": (
        {"stage": {"variables": {"backend": "a b"}}},
        r"stage.variables: names must be alphanumeric",
    ),
    "log retention not allowed by cloudwatch": (
        {"access_logs": {"retention_in_days": 42}},
        r"access_logs.retention_in_days must be one of CloudWatch Logs' values",
    ),
    "access log destination not a log group": (
        {"access_logs": {"destination_arn": "arn:aws:s3:::bucket"}},
        r"destination_arn must be a CloudWatch Logs log group ARN",
    ),
    "access log key not kms": (
        {"access_logs": {"kms_key_arn": "alias/logs"}},
        r"access_logs.kms_key_arn must be a KMS key ARN",
    ),
    "access log format not json": (
        {"access_logs": {"format": "$context.requestId"}},
        r"access_logs.format must be a JSON object",
    ),
    "existing table without arn": (
        {"connection_table": {"create": False}},
        r"with create = false set arn to the existing table's ARN",
    ),
    "created table with an arn": (
        {"connection_table": {"arn": "arn:aws:dynamodb:ap-northeast-2:123456789012:table/x1x"}},
        r"with create = true leave arn unset",
    ),
    "table arn of another service": (
        {"connection_table": {"create": False, "arn": "arn:aws:s3:::connections"}},
        r"connection_table.arn must be a DynamoDB table ARN",
    ),
    "table name with a space": ({"connection_table": {"name": "my table"}}, r"connection_table.name must be 3-255"),
    "ttl on the key attribute": (
        {"connection_table": {"ttl_attribute": "connectionId"}},
        r"ttl_attribute must be an attribute name .* other than the key connectionId",
    ),
    "table key not kms": (
        {"connection_table": {"kms_key_arn": "aws/dynamodb"}},
        r"connection_table.kms_key_arn must be a KMS key ARN",
    ),
    "policy role given as arn": (
        {"policy_role_names": {"chat": "arn:aws:iam::123456789012:role/chat"}},
        r"policy_role_names: values must be IAM role names",
    ),
    "name with a space": ({"name": "my chat"}, r"name must be 1 to 128 letters, digits, hyphens or underscores"),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_fails_at_plan_with_a_message_naming_the_rule(bad_input_report, case):
    inputs = {name: base(**given) for name, (given, _) in BAD_INPUTS.items()}
    bad_input_report.assert_refused(SOURCE, inputs, case, BAD_INPUTS[case][1])
