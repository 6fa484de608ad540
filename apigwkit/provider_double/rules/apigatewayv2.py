"""API Gateway v2 (HTTP and WebSocket APIs): ``internal/service/apigatewayv2/``.

``Type.floats`` (issue 17d; whole schema of the newest stored aws-sdk-go-v2 form read): ``api.go``
(``cors_configuration.max_age`` TypeInt; the file predates ``ip_address_type``, a string), ``authorizer.go``
(``authorizer_result_ttl_in_seconds`` TypeInt), ``integration.go`` (``timeout_milliseconds`` TypeInt): no TypeFloat.
``route.go`` has no number attribute (the route throttling settings live in the stage's ``route_settings``); the
stage was done in 17c."""

from __future__ import annotations

from apigwkit.provider_double.checks import (
    ARN,
    All,
    Enum,
    FwInt64Between,
    FwLengthAtMost,
    FwSizeAtMost,
    InSlice,
    IntBetween,
    IsJSON,
    JSONIfObject,
    LenBetween,
    Match,
)
from apigwkit.provider_double.rules.kinds import Default, Diag, Type, Value

HTTP_METHODS = InSlice(("ANY", "DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"))  # validHTTPMethod()
_PAYLOAD_VERSIONS = InSlice(("1.0", "2.0"))
_DIR = "internal/service/apigatewayv2/"

RESOURCES: dict[str, Type] = {
    "aws_apigatewayv2_api": Type(
        _DIR + "api.go",
        (
            Default("api_key_selection_expression", "$request.header.x-api-key"),
            Value(
                "api_key_selection_expression",
                InSlice(("$context.authorizer.usageIdentifierKey", "$request.header.x-api-key")),
            ),
            Value("body", JSONIfObject()),
            Value("credentials_arn", ARN()),
            Value("description", LenBetween(0, 1024)),
            Diag("ip_address_type", Enum("apigatewayv2", "IpAddressType")),
            Value("name", LenBetween(1, 128)),
            Diag("protocol_type", Enum("apigatewayv2", "ProtocolType")),
            Default("route_selection_expression", "$request.method $request.path"),
            Value("version", LenBetween(1, 64)),
        ),
        floats=(),
    ),
    "aws_apigatewayv2_route": Type(
        _DIR + "route.go",
        (
            Default("api_key_required", False),
            Default("authorization_type", "NONE"),
            Diag("authorization_type", Enum("apigatewayv2", "AuthorizationType")),
            Value("operation_name", LenBetween(1, 64)),
            Value("target", LenBetween(1, 128)),
        ),
    ),
    "aws_apigatewayv2_integration": Type(
        _DIR + "integration.go",
        (
            Value("connection_id", LenBetween(1, 1024)),
            Default("connection_type", "INTERNET"),
            Diag("connection_type", Enum("apigatewayv2", "ConnectionType")),
            Diag("content_handling_strategy", Enum("apigatewayv2", "ContentHandlingStrategy")),
            Value("credentials_arn", ARN()),
            Value("integration_method", HTTP_METHODS),
            Value("integration_subtype", LenBetween(1, 128)),
            Diag("integration_type", Enum("apigatewayv2", "IntegrationType")),
            Default("passthrough_behavior", "WHEN_NO_MATCH"),
            Diag("passthrough_behavior", Enum("apigatewayv2", "PassthroughBehavior")),
            Default("payload_format_version", "1.0"),
            Value("payload_format_version", _PAYLOAD_VERSIONS),
        ),
        floats=(),
    ),
    "aws_apigatewayv2_authorizer": Type(
        _DIR + "authorizer.go",
        (
            Value("authorizer_credentials_arn", ARN()),
            Value("authorizer_payload_format_version", _PAYLOAD_VERSIONS),
            Value("authorizer_result_ttl_in_seconds", IntBetween(0, 3600)),
            Diag("authorizer_type", Enum("apigatewayv2", "AuthorizerType")),
            Value("authorizer_uri", LenBetween(1, 2048)),
            Value("name", LenBetween(1, 128)),
        ),
        floats=(),
    ),
    "aws_apigatewayv2_stage": Type(
        _DIR + "stage.go",
        (
            Value("access_log_settings[].destination_arn", ARN()),
            Default("auto_deploy", False),
            Default("default_route_settings[].data_trace_enabled", False),
            Default("default_route_settings[].detailed_metrics_enabled", False),
            Diag("default_route_settings[].logging_level", Enum("apigatewayv2", "LoggingLevel")),
            Value("description", LenBetween(0, 1024)),
            Value("name", LenBetween(1, 128)),
            Default("route_settings{}.data_trace_enabled", False),
            Default("route_settings{}.detailed_metrics_enabled", False),
            Diag("route_settings{}.logging_level", Enum("apigatewayv2", "LoggingLevel")),
        ),
        # stage.go (issue 17c): throttling_burst_limit is a TypeInt, throttling_rate_limit a TypeFloat
        floats=("default_route_settings[].throttling_rate_limit", "route_settings{}.throttling_rate_limit"),
    ),
    "aws_apigatewayv2_domain_name": Type(
        _DIR + "domain_name.go",
        (
            Value("domain_name", LenBetween(1, 512)),
            Value("domain_name_configuration[].certificate_arn", ARN()),
            Value("domain_name_configuration[].endpoint_type", InSlice(("REGIONAL",), ignore_case=True)),
            Diag("domain_name_configuration[].ip_address_type", Enum("apigatewayv2", "IpAddressType")),
            Value("domain_name_configuration[].ownership_verification_certificate_arn", ARN()),
            Value("domain_name_configuration[].security_policy", InSlice(("TLS_1_2",), ignore_case=True)),
            Diag("routing_mode", Enum("apigatewayv2", "RoutingMode", ignore_case=True)),
        ),
    ),
    "aws_apigatewayv2_api_mapping": Type(_DIR + "api_mapping.go"),
    # Schema validators of routing_rule.go (a Framework resource). Not recorded: listvalidator.IsRequired on action,
    # condition and match_headers.any_of, and tfobjectvalidator.ExactlyOneOfChildren(match_base_paths,
    # match_headers) on each condition, whose wording was not checked.
    "aws_apigatewayv2_routing_rule": Type(
        _DIR + "routing_rule.go",
        (
            Value("priority", FwInt64Between(1, 1000000)),  # int32validator.Between: the int64 wording
            Value("action[].invoke_api", FwSizeAtMost(1, kind="list")),
            Value("condition[].match_base_paths", FwSizeAtMost(1, kind="list")),
            Value("condition[].match_headers", FwSizeAtMost(1, kind="list")),
            Value("condition[].match_headers[].any_of", FwSizeAtMost(1, kind="list")),
            Value("condition[].match_headers[].any_of[].header", FwLengthAtMost(40)),
            Value("condition[].match_headers[].any_of[].value_glob", FwLengthAtMost(128)),
        ),
        framework=True,
    ),
    "aws_apigatewayv2_vpc_link": Type(_DIR + "vpc_link.go", (Value("name", LenBetween(1, 128)),)),
    "aws_apigatewayv2_deployment": Type(_DIR + "deployment.go", (Value("description", LenBetween(0, 1024)),)),
    "aws_apigatewayv2_route_response": Type(_DIR + "route_response.go"),
    "aws_apigatewayv2_integration_response": Type(
        _DIR + "integration_response.go",
        (Diag("content_handling_strategy", Enum("apigatewayv2", "ContentHandlingStrategy")),),
    ),
    "aws_apigatewayv2_model": Type(
        _DIR + "model.go",
        (
            Value("content_type", LenBetween(1, 256)),
            Value("description", LenBetween(1, 128)),
            Value("name", All((LenBetween(1, 128), Match(r"^[0-9A-Za-z]+$", "must be alphanumeric")))),
            Value("schema", All((LenBetween(0, 32768), IsJSON()))),
        ),
    ),
}
