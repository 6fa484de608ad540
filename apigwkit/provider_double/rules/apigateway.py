"""API Gateway REST APIs: ``internal/service/apigateway/``.

Issue 17b re-read ``api_key.go`` (``value`` length, ``description`` default) and ``request_validator.go`` (its
two defaults); issue 17c read ``api_key.go``'s whole schema (``enabled`` Default true).

``Type.floats`` (issue 17d): set where the whole schema of the newest stored file was read (aws-sdk-go-v2 forms;
``authorizer.go`` 2026, ``integration.go`` before ``integration_target``/``response_transfer_mode``, both string
attributes): ``stage.go`` (``canary_settings.percent_traffic`` TypeFloat, its only number; the stored form
predates the 6.x ``canary_settings.deployment_id``, a string), ``method_settings.go``
(``settings.throttling_rate_limit`` TypeFloat; ``throttling_burst_limit`` and ``cache_ttl_in_seconds`` TypeInt),
``usage_plan.go`` (both ``rate_limit``s TypeFloat; ``burst_limit``s, ``quota_settings`` ``limit``/``offset`` TypeInt),
``integration.go`` and ``authorizer.go`` (their one number, TypeInt). ``account.go`` was only found in its SDKv1 form
(its numbers are Computed-only): not set."""

from __future__ import annotations

from apigwkit.provider_double.checks import ARN, Enum, InSlice, IntBetween, IsJSON, LenBetween, NullableIntBetween
from apigwkit.provider_double.rules.apigatewayv2 import HTTP_METHODS
from apigwkit.provider_double.rules.kinds import (
    AtLeastOneOf,
    ConflictsWith,
    Default,
    Diag,
    Items,
    PlanCheck,
    Type,
    Value,
)

_DIR = "internal/service/apigateway/"
_THROTTLE = ("throttle_settings.0.burst_limit", "throttle_settings.0.rate_limit")

RESOURCES: dict[str, Type] = {
    "aws_api_gateway_rest_api": Type(
        _DIR + "rest_api.go",
        (
            Diag("api_key_source", Enum("apigateway", "ApiKeySourceType")),
            Diag("endpoint_configuration[].ip_address_type", Enum("apigateway", "IpAddressType")),
            Items("endpoint_configuration[].types", max=1, min=1),
            Diag("endpoint_configuration[].types[]", Enum("apigateway", "EndpointType")),
            Items("endpoint_configuration[].vpc_endpoint_ids", min=1),
            Value("minimum_compression_size", NullableIntBetween(-1, 10485760)),
            Value("policy", IsJSON()),
            Default("put_rest_api_mode", "overwrite"),
            Diag("put_rest_api_mode", Enum("apigateway", "PutMode")),
            PlanCheck(
                "",
                check="rest_api_private_needs_dualstack",
                message='endpoint_configuration type "PRIVATE" requires ip_address_type "dualstack"',
            ),
        ),
    ),
    "aws_api_gateway_method": Type(
        _DIR + "method.go",
        (Default("api_key_required", False), Value("http_method", HTTP_METHODS)),  # `authorization`: no validation
    ),
    "aws_api_gateway_method_response": Type(_DIR + "method_response.go", (Value("http_method", HTTP_METHODS),)),
    "aws_api_gateway_integration": Type(
        _DIR + "integration.go",
        (
            Default("connection_type", "INTERNET"),
            Diag("connection_type", Enum("apigateway", "ConnectionType")),
            Diag("content_handling", Enum("apigateway", "ContentHandlingStrategy")),  # validIntegrationContentHandling
            Value("http_method", HTTP_METHODS),
            Value("integration_http_method", HTTP_METHODS),
            Value("passthrough_behavior", InSlice(("WHEN_NO_MATCH", "WHEN_NO_TEMPLATES", "NEVER"))),
            Default("timeout_milliseconds", 29000),
            Value("timeout_milliseconds", IntBetween(50, 300000)),
            Diag("type", Enum("apigateway", "IntegrationType")),
        ),
        floats=(),
    ),
    "aws_api_gateway_integration_response": Type(
        _DIR + "integration_response.go",
        (
            Diag("content_handling", Enum("apigateway", "ContentHandlingStrategy")),
            Value("http_method", HTTP_METHODS),
        ),
    ),
    "aws_api_gateway_stage": Type(
        _DIR + "stage.go",
        (
            Value("access_log_settings[].destination_arn", ARN()),
            Diag("cache_cluster_size", Enum("apigateway", "CacheClusterSize")),
            Default("canary_settings[].percent_traffic", 0.0),
        ),
        floats=("canary_settings[].percent_traffic",),
    ),
    "aws_api_gateway_method_settings": Type(
        _DIR + "method_settings.go",
        (
            Value("settings[].logging_level", InSlice(("OFF", "ERROR", "INFO"))),
            Default("settings[].throttling_burst_limit", -1),
            Default("settings[].throttling_rate_limit", -1),
            Diag(
                "settings[].unauthorized_cache_control_header_strategy",
                Enum("apigateway", "UnauthorizedCacheControlHeaderStrategy"),
            ),
        ),
        floats=("settings[].throttling_rate_limit",),
    ),
    "aws_api_gateway_authorizer": Type(
        _DIR + "authorizer.go",
        (
            Value("authorizer_credentials", ARN()),
            Default("authorizer_result_ttl_in_seconds", 300),  # defaultAuthorizerTTL
            Value("authorizer_result_ttl_in_seconds", IntBetween(0, 3600)),
            Default("identity_source", "method.request.header.Authorization"),
            Value("provider_arns{}", ARN()),
            Default("type", "TOKEN"),
            Diag("type", Enum("apigateway", "AuthorizerType")),
            PlanCheck(
                "",
                check="authorizer_needs_uri",
                message="authorizer_uri must be set non-empty when authorizer type is {type}",
            ),
            PlanCheck(
                "",
                check="authorizer_needs_provider_arns",
                message="provider_arns must be set non-empty when authorizer type is {type}",
            ),
        ),
        floats=(),
    ),
    "aws_api_gateway_usage_plan": Type(
        _DIR + "usage_plan.go",
        (
            Default("api_stages{}.throttle{}.burst_limit", 0),
            Default("api_stages{}.throttle{}.rate_limit", 0),
            Default("quota_settings[].offset", 0),
            Diag("quota_settings[].period", Enum("apigateway", "QuotaPeriodType")),
            Default("throttle_settings[].burst_limit", 0),
            AtLeastOneOf("throttle_settings[].burst_limit", _THROTTLE),
            Default("throttle_settings[].rate_limit", 0),
            AtLeastOneOf("throttle_settings[].rate_limit", _THROTTLE),
        ),
        floats=("api_stages{}.throttle{}.rate_limit", "throttle_settings[].rate_limit"),
    ),
    "aws_api_gateway_api_key": Type(
        _DIR + "api_key.go",
        (
            Default("description", "Managed by Terraform"),
            Default("enabled", True),
            Value("value", LenBetween(20, 128)),
        ),
    ),
    "aws_api_gateway_request_validator": Type(
        _DIR + "request_validator.go",
        (Default("validate_request_body", False), Default("validate_request_parameters", False)),
    ),
    "aws_api_gateway_vpc_link": Type(_DIR + "vpc_link.go", (Items("target_arns", max=1),)),
    "aws_api_gateway_rest_api_policy": Type(_DIR + "rest_api_policy.go", (Value("policy", IsJSON()),)),
    "aws_api_gateway_resource": Type(_DIR + "resource.go"),
    "aws_api_gateway_deployment": Type(_DIR + "deployment.go"),
    "aws_api_gateway_model": Type(_DIR + "model.go"),
    "aws_api_gateway_gateway_response": Type(_DIR + "gateway_response.go"),
    "aws_api_gateway_usage_plan_key": Type(_DIR + "usage_plan_key.go"),
    "aws_api_gateway_base_path_mapping": Type(_DIR + "base_path_mapping.go"),
    # Read from a version of domain_name.go before private domains, routing modes and enhanced policies; the later
    # attributes' validators (endpoint_access_mode, routing_mode, endpoint_configuration.types with PRIVATE) are not
    # recorded.
    "aws_api_gateway_domain_name": Type(
        _DIR + "domain_name.go",
        (
            ConflictsWith(
                "certificate_arn",
                (
                    "certificate_body",
                    "certificate_chain",
                    "certificate_name",
                    "certificate_private_key",
                    "regional_certificate_arn",
                    "regional_certificate_name",
                ),
            ),
            ConflictsWith("certificate_body", ("certificate_arn", "regional_certificate_arn")),
            ConflictsWith("certificate_chain", ("certificate_arn", "regional_certificate_arn")),
            ConflictsWith(
                "certificate_name", ("certificate_arn", "regional_certificate_arn", "regional_certificate_name")
            ),
            ConflictsWith("certificate_private_key", ("certificate_arn", "regional_certificate_arn")),
            ConflictsWith(
                "regional_certificate_arn",
                (
                    "certificate_arn",
                    "certificate_body",
                    "certificate_chain",
                    "certificate_name",
                    "certificate_private_key",
                    "regional_certificate_name",
                ),
            ),
            ConflictsWith(
                "regional_certificate_name", ("certificate_arn", "certificate_name", "regional_certificate_arn")
            ),
            Items("endpoint_configuration", max=1, min=1),
            Items(
                "endpoint_configuration[].types", max=1, min=1
            ),  # "Cannot create an api with multiple Endpoint Types"
            Items("mutual_tls_authentication", max=1),
            Value("ownership_verification_certificate_arn", ARN()),
            Diag("security_policy", Enum("apigateway", "SecurityPolicy")),
        ),
    ),
    # A Framework resource whose attributes carry custom types (StringEnum, ARN) and no validators of their own.
    "aws_api_gateway_domain_name_access_association": Type(_DIR + "domain_name_access_association.go", framework=True),
    "aws_api_gateway_account": Type(_DIR + "account.go"),
}
