"""Value validation of the provider double against the messages hashicorp/aws 6.x produces.

Message formats are those of terraform-plugin-sdk/v2 ``helper/validation`` (StringInSlice prints
the slice with ``%q``, IntInSlice with ``%v``), ``helper/schema`` (ValidateFunc keys are flatmap
keys; ``ToDiagFunc`` keys are the last attribute name; set elements report the set's path),
terraform-plugin-framework-validators ``validatordiag`` and the provider's ``internal/verify``.
"""

from __future__ import annotations

from typing import Any

import pytest

from apigwkit.provider_double import golang
from apigwkit.provider_double.botocore_models import botocore_enum
from apigwkit.provider_double.checks import FwInt64Between, FwLengthBetween, FwOneOf, FwRegexMatches
from apigwkit.provider_double.rules.kinds import Type, Value
from apigwkit.provider_double.rules.logs import LOG_RETENTION_DAYS
from apigwkit.provider_double.validation import Diagnostic, framework_path, framework_validate, validate
from apigwkit.provider_double.values import UNKNOWN

# Cross-attribute rules (``ExactlyOneOf`` …) judge the whole configuration; the value checks below are
# tested on partial configurations, so their diagnostics are left out here (test_rules.py covers them).
_COMBINATION_SUMMARIES = {
    "Invalid combination of arguments",
    "Missing required argument",
    "Conflicting configuration arguments",
}


def validate_resource(type_name: str, config: dict[str, Any]) -> list[Diagnostic]:
    found = validate("resource", type_name, None, config)
    return [d for d in found if d.summary not in _COMBINATION_SUMMARIES]


def validate_data_source(type_name: str, config: dict[str, Any]) -> list[Diagnostic]:
    return validate("data", type_name, None, config)


def summaries(type_name: str, config: dict[str, Any]) -> list[str]:
    return [d.summary for d in validate_resource(type_name, config)]


def one(type_name: str, config: dict[str, Any]) -> Diagnostic:
    found = validate_resource(type_name, config)
    assert len(found) == 1, found
    return found[0]


# ---- enumerations (ValidateDiagFunc via enum.Validate -> ToDiagFunc) -----------------------------


@pytest.mark.parametrize(
    ("type_name", "attribute", "good", "listing"),
    [
        ("aws_apigatewayv2_api", "protocol_type", "HTTP", '["WEBSOCKET" "HTTP"]'),
        ("aws_apigatewayv2_api", "ip_address_type", "dualstack", '["ipv4" "dualstack"]'),
        ("aws_apigatewayv2_route", "authorization_type", "JWT", '["NONE" "AWS_IAM" "CUSTOM" "JWT"]'),
        ("aws_apigatewayv2_integration", "connection_type", "VPC_LINK", '["INTERNET" "VPC_LINK"]'),
        (
            "aws_apigatewayv2_integration",
            "integration_type",
            "AWS_PROXY",
            '["AWS" "HTTP" "MOCK" "HTTP_PROXY" "AWS_PROXY"]',
        ),
        (
            "aws_apigatewayv2_integration",
            "passthrough_behavior",
            "NEVER",
            '["WHEN_NO_MATCH" "NEVER" "WHEN_NO_TEMPLATES"]',
        ),
        ("aws_apigatewayv2_authorizer", "authorizer_type", "JWT", '["REQUEST" "JWT"]'),
        ("aws_api_gateway_integration", "type", "MOCK", '["HTTP" "AWS" "MOCK" "HTTP_PROXY" "AWS_PROXY"]'),
        (
            "aws_api_gateway_integration",
            "content_handling",
            "CONVERT_TO_TEXT",
            '["CONVERT_TO_BINARY" "CONVERT_TO_TEXT"]',
        ),
        ("aws_api_gateway_rest_api", "api_key_source", "HEADER", '["HEADER" "AUTHORIZER"]'),
        ("aws_lambda_function", "package_type", "Zip", '["Zip" "Image"]'),
        ("aws_dynamodb_table", "billing_mode", "PAY_PER_REQUEST", '["PROVISIONED" "PAY_PER_REQUEST"]'),
        ("aws_wafv2_web_acl", "scope", "REGIONAL", '["CLOUDFRONT" "REGIONAL"]'),
        ("aws_wafv2_ip_set", "ip_address_version", "IPV6", '["IPV4" "IPV6"]'),
        ("aws_cloudwatch_metric_alarm", "statistic", "Average", '["SampleCount" "Average" "Sum" "Minimum" "Maximum"]'),
    ],
)
def test_enum_accepts_a_member_and_rejects_others(type_name: str, attribute: str, good: str, listing: str) -> None:
    assert validate_resource(type_name, {attribute: good}) == []
    assert validate_resource(type_name, {attribute: "FOO"}) == [
        Diagnostic(f"expected {attribute} to be one of {listing}, got FOO", "", (attribute,))
    ]


def test_enum_values_come_from_botocore() -> None:
    runtimes = botocore_enum("lambda", "Runtime")
    assert "python3.12" in runtimes
    assert validate_resource("aws_lambda_function", {"runtime": "python3.12"}) == []
    listing = "[" + " ".join(f'"{r}"' for r in runtimes) + "]"
    assert summaries("aws_lambda_function", {"runtime": "python9"}) == [
        f"expected runtime to be one of {listing}, got python9"
    ]


def test_enum_is_case_sensitive_unless_declared_otherwise() -> None:
    assert summaries("aws_apigatewayv2_api", {"protocol_type": "http"}) == [
        'expected protocol_type to be one of ["WEBSOCKET" "HTTP"], got http'
    ]
    assert validate_resource("aws_apigatewayv2_domain_name", {"routing_mode": "api_mapping_only"}) == []


# ---- StringInSlice ValidateFunc ----------------------------------------------------------------


def test_string_in_slice_payload_format_version() -> None:
    assert validate_resource("aws_apigatewayv2_integration", {"payload_format_version": "2.0"}) == []
    assert summaries("aws_apigatewayv2_integration", {"payload_format_version": "3.0"}) == [
        'expected payload_format_version to be one of ["1.0" "2.0"], got 3.0'
    ]


def test_http_method_is_validated_but_rest_authorization_is_not() -> None:
    # internal/service/apigateway/method.go: "authorization" is a plain Required string.
    assert validate_resource("aws_api_gateway_method", {"authorization": "ANYTHING", "http_method": "GET"}) == []
    assert summaries("aws_api_gateway_method", {"http_method": "FETCH"}) == [
        'expected http_method to be one of ["ANY" "DELETE" "GET" "HEAD" "OPTIONS" "PATCH" "POST" "PUT"], got FETCH'
    ]


def test_ignore_case_slice_accepts_other_case() -> None:
    config = {"domain_name_configuration": [{"endpoint_type": "regional", "security_policy": "tls_1_2"}]}
    assert validate_resource("aws_apigatewayv2_domain_name", config) == []
    bad = {"domain_name_configuration": [{"endpoint_type": "EDGE", "security_policy": "TLS_1_0"}]}
    assert validate_resource("aws_apigatewayv2_domain_name", bad) == [
        Diagnostic(
            'expected domain_name_configuration.0.endpoint_type to be one of ["REGIONAL"], got EDGE',
            "",
            ("domain_name_configuration", 0, "endpoint_type"),
        ),
        Diagnostic(
            'expected domain_name_configuration.0.security_policy to be one of ["TLS_1_2"], got TLS_1_0',
            "",
            ("domain_name_configuration", 0, "security_policy"),
        ),
    ]


# ---- integer ranges ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("type_name", "attribute", "lo", "hi"),
    [
        ("aws_lambda_function", "timeout", 1, 900),
        ("aws_lambda_function", "memory_size", 128, 10240),
        ("aws_apigatewayv2_authorizer", "authorizer_result_ttl_in_seconds", 0, 3600),
        ("aws_api_gateway_authorizer", "authorizer_result_ttl_in_seconds", 0, 3600),
        ("aws_api_gateway_integration", "timeout_milliseconds", 50, 300000),
        ("aws_iam_role", "max_session_duration", 3600, 43200),
    ],
)
def test_int_between(type_name: str, attribute: str, lo: int, hi: int) -> None:
    assert validate_resource(type_name, {attribute: lo}) == []
    assert validate_resource(type_name, {attribute: hi}) == []
    for bad in (lo - 1, hi + 1):
        assert summaries(type_name, {attribute: bad}) == [
            f"expected {attribute} to be in the range ({lo} - {hi}), got {bad}"
        ]


def test_integral_floats_count_as_ints_and_fractions_are_rejected() -> None:
    assert validate_resource("aws_lambda_function", {"timeout": 30.0}) == []
    assert summaries("aws_lambda_function", {"timeout": 1.5}) == ["Attribute must be a whole number, got 1.5"]


def test_log_retention_days_is_the_provider_list() -> None:
    assert 1096 in LOG_RETENTION_DAYS and 3653 in LOG_RETENTION_DAYS
    assert validate_resource("aws_cloudwatch_log_group", {"retention_in_days": 14}) == []
    listing = "[" + " ".join(str(v) for v in LOG_RETENTION_DAYS) + "]"
    assert summaries("aws_cloudwatch_log_group", {"retention_in_days": 2}) == [
        f"expected retention_in_days to be one of {listing}, got 2"
    ]


def test_int_at_least_and_any_of_two_checks() -> None:
    assert summaries("aws_cloudwatch_metric_alarm", {"evaluation_periods": 0}) == [
        "expected evaluation_periods to be at least (1), got 0"
    ]
    assert validate_resource("aws_cloudwatch_metric_alarm", {"period": 60}) == []
    assert validate_resource("aws_cloudwatch_metric_alarm", {"period": 10}) == []
    assert summaries("aws_cloudwatch_metric_alarm", {"period": 45}) == [
        "expected period to be one of [10 20 30], got 45",
        "expected period to be divisible by 60, got: 45",
    ]


def test_nullable_int_between() -> None:
    assert validate_resource("aws_api_gateway_rest_api", {"minimum_compression_size": ""}) == []
    assert validate_resource("aws_api_gateway_rest_api", {"minimum_compression_size": "1024"}) == []
    assert summaries("aws_api_gateway_rest_api", {"minimum_compression_size": "-2"}) == [
        "expected minimum_compression_size to be at between (-1) and (10485760), got -2"
    ]
    assert summaries("aws_api_gateway_rest_api", {"minimum_compression_size": "big"}) == [
        "minimum_compression_size: cannot parse 'big' as int: strconv.ParseInt: parsing \"big\": invalid syntax"
    ]


# ---- lengths and patterns -----------------------------------------------------------------------


def test_string_length_counts_characters() -> None:
    assert validate_resource("aws_apigatewayv2_api", {"name": "é" * 128}) == []
    assert summaries("aws_apigatewayv2_api", {"name": ""}) == [
        "expected length of name to be in the range (1 - 128), got "
    ]


def test_lambda_permission_action_pattern() -> None:
    assert validate_resource("aws_lambda_permission", {"action": "lambda:InvokeFunction"}) == []
    assert validate_resource("aws_lambda_permission", {"action": "*"}) == []
    assert summaries("aws_lambda_permission", {"action": "invoke"}) == [
        "invalid value for action (must be a valid action (usually starts with lambda:))"
    ]


def test_lambda_function_name_checks() -> None:
    ok = "arn:aws:lambda:us-east-1:123456789012:function:hello:$LATEST"
    assert validate_resource("aws_lambda_function", {"function_name": "hello-world_1"}) == []
    assert validate_resource("aws_lambda_permission", {"function_name": ok}) == []
    assert summaries("aws_lambda_function", {"function_name": "hello world"}) == [
        "invalid value for function_name (must be valid function name or function ARN)"
    ]
    long = "f" * 65
    assert summaries("aws_lambda_function", {"function_name": long}) == [
        f"expected length of the Lambda function name to be less than or equal to 64, got {long} (65 characters)"
    ]


def test_iam_names_and_description() -> None:
    assert validate_resource("aws_iam_role", {"name": "api-gw+cloudwatch@example.com"}) == []
    assert summaries("aws_iam_role", {"name": "bad name"}) == ["invalid value for name (must match [\\w+=,.@-])"]
    assert summaries("aws_iam_role", {"name_prefix": "p" * 39}) == [
        f"expected length of name_prefix to be in the range (1 - 38), got {'p' * 39}"
    ]
    assert summaries("aws_iam_role", {"description": "the “role”"}) == [
        "invalid value for description (cannot contain specially formatted single or double quotes: [“‘])"
    ]


def test_log_group_name_messages() -> None:
    assert validate_resource("aws_cloudwatch_log_group", {"name": "/aws/apigateway/access-logs"}) == []
    assert summaries("aws_cloudwatch_log_group", {"name": "bad name"}) == [
        '"name" isn\'t a valid log group name (alphanumeric characters, underscores, hyphens, slashes, hash signs '
        'and dots are allowed): "bad name"'
    ]
    assert summaries("aws_cloudwatch_log_group", {"name": "a" * 513}) == [
        f'"name" cannot be longer than 512 characters: "{"a" * 513}"'
    ]


def test_extended_statistic_pattern() -> None:
    assert validate_resource("aws_cloudwatch_metric_alarm", {"extended_statistic": "p99"}) == []
    assert summaries("aws_cloudwatch_metric_alarm", {"extended_statistic": "p101"}) == [
        "invalid value for extended_statistic (invalid statistic, see: "
        "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Statistics-definitions.html)"
    ]


def test_treat_missing_data_ignores_case() -> None:
    assert validate_resource("aws_cloudwatch_metric_alarm", {"treat_missing_data": "NotBreaching"}) == []
    assert summaries("aws_cloudwatch_metric_alarm", {"treat_missing_data": "sometimes"}) == [
        'expected treat_missing_data to be one of ["breaching" "ignore" "missing" "notBreaching"], got sometimes'
    ]


# ---- ARNs, account ids, JSON ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("not-an-arn", '"role" (not-an-arn) is an invalid ARN: arn: invalid prefix'),
        ("arn:aws:iam", '"role" (arn:aws:iam) is an invalid ARN: arn: not enough sections'),
        (
            "arn:aws:iam::12345:role/x",
            '"role" (arn:aws:iam::12345:role/x) is an invalid ARN: invalid account ID value (expecting to match '
            "regular expression: ^(aws|aws-managed|third-party|\\d{12}|cw.{10})$)",
        ),
        ("arn:aws:iam::123456789012:", '"role" (arn:aws:iam::123456789012:) is an invalid ARN: missing resource value'),
    ],
)
def test_arn_validation(value: str, message: str) -> None:
    assert validate_resource("aws_lambda_function", {"role": "arn:aws:iam::123456789012:role/lambda"}) == []
    assert summaries("aws_lambda_function", {"role": value}) == [message]


def test_source_account_must_be_twelve_digits() -> None:
    assert validate_resource("aws_lambda_permission", {"source_account": "123456789012"}) == []
    assert summaries("aws_lambda_permission", {"source_account": "1234"}) == [
        '"source_account" doesn\'t look like AWS Account ID (exactly 12 digits): "1234"'
    ]


@pytest.mark.parametrize("type_name", ["aws_api_gateway_rest_api", "aws_api_gateway_rest_api_policy"])
def test_string_is_json(type_name: str) -> None:
    assert validate_resource(type_name, {"policy": '{"Version": "2012-10-17"}'}) == []
    assert summaries(type_name, {"policy": "{"}) == ['"policy" contains an invalid JSON: unexpected end of JSON input']


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", '"policy" is an empty string, which is not a valid JSON value'),
        (" {}", '"policy" contains an invalid JSON policy: leading space characters are not allowed'),
        ("[]", '"policy" contains an invalid JSON policy: contains a JSON array, not a JSON object'),
        (
            '"policy.json"',
            '"policy" contains an invalid JSON policy: contains a JSON-encoded string, not a JSON-encoded object '
            "(have you passed a JSON-encoded filename instead of the content of that file?)",
        ),
        (
            '"{\\"Version\\": \\"2012-10-17\\"}"',
            '"policy" contains an invalid JSON policy: contains a JSON-encoded string, not a JSON-encoded object '
            "(have you double-encoded your JSON data?)",
        ),
        ("x", '"policy" contains an invalid JSON policy: not a JSON object'),
        (
            '{"X": "foo", "Y"}',
            "\"policy\" contains an invalid JSON policy: invalid character '}' after object key, at byte offset 17",
        ),
        (
            '{"Version": "1", "Version": "2"}',
            '"policy" contains duplicate JSON keys: duplicate key "Version"',
        ),
    ],
)
def test_iam_policy_json(value: str, message: str) -> None:
    assert validate_resource("aws_iam_policy", {"policy": '{"Version": "2012-10-17", "Statement": []}'}) == []
    assert summaries("aws_iam_policy", {"policy": value}) == [message]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # Cases from Go's encoding/json decode and scanner tests.
        ('{"X": "foo", "Y"}', "invalid character '}' after object key"),
        ("[1, 2, 3+]", "invalid character '+' after array element"),
        ('{"X":12x}', "invalid character 'x' after object key:value pair"),
        ("[2, 3", "unexpected end of JSON input"),
        ('{"F3": -}', "invalid character '}' in numeric literal"),
        ("\x01", "invalid character '\\x01' looking for beginning of value"),
        ("{'a': 1}", "invalid character '\\'' looking for beginning of object key string"),
        ("1 2", "invalid character '2' after top-level value"),
        ("nul", "invalid character ' ' in literal null (expecting 'l')"),
        ('"\\x"', "invalid character 'x' in string escape code"),
        ("1.e3", "invalid character 'e' after decimal point in numeric literal"),
        ("", "unexpected end of JSON input"),
        ('  {"a": [1, 2.5e-3, true, null, "\\u00e9"]}  ', None),
    ],
)
def test_go_json_syntax_errors(text: str, message: str | None) -> None:
    assert golang.json_syntax_message(text) == message


def test_go_quote_matches_strconv_quote() -> None:
    assert golang.quote('a"b\\c\n\x01é') == '"a\\"b\\\\c\\n\\x01é"'


# ---- paths: flatmap keys, ToDiagFunc keys, sets ----------------------------------------------------


def test_nested_validate_func_uses_flatmap_key_and_diag_func_uses_attribute_name() -> None:
    config = {"ephemeral_storage": [{"size": 100}], "tracing_config": [{"mode": "Sometimes"}]}
    assert validate_resource("aws_lambda_function", config) == [
        Diagnostic(
            "expected ephemeral_storage.0.size to be in the range (512 - 10240), got 100",
            "",
            ("ephemeral_storage", 0, "size"),
        ),
        Diagnostic(
            'expected mode to be one of ["Active" "PassThrough"], got Sometimes',
            "",
            ("tracing_config", 0, "mode"),
        ),
    ]


def test_list_of_primitives_element_paths() -> None:
    assert validate_resource("aws_api_gateway_rest_api", {"endpoint_configuration": [{"types": ["REGIONAL"]}]}) == []
    assert validate_resource("aws_api_gateway_rest_api", {"endpoint_configuration": [{"types": ["LOCAL"]}]}) == [
        Diagnostic(
            'expected types to be one of ["REGIONAL" "EDGE" "PRIVATE"], got LOCAL',
            "",
            ("endpoint_configuration", 0, "types", 0),
        )
    ]


def test_set_elements_report_the_path_of_the_set() -> None:
    stage = {
        "route_settings": [
            {"route_key": "GET /", "logging_level": "INFO"},
            {"route_key": "$default", "logging_level": "LOUD"},
        ]
    }
    assert validate_resource("aws_apigatewayv2_stage", stage) == [
        Diagnostic('expected logging_level to be one of ["ERROR" "INFO" "OFF"], got LOUD', "", ("route_settings",))
    ]
    alarm = {"metric_query": [{"id": "", "metric": [{"metric_name": "Latency", "period": 7}]}]}
    assert validate_resource("aws_cloudwatch_metric_alarm", alarm) == [
        Diagnostic("expected length of metric_query.0.id to be in the range (1 - 255), got ", "", ("metric_query",)),
        Diagnostic("expected metric_query.0.metric.0.period to be one of [1 5 10 20 30], got 7", "", ("metric_query",)),
        Diagnostic("expected metric_query.0.metric.0.period to be divisible by 60, got: 7", "", ("metric_query",)),
    ]
    table = {"attribute": [{"name": "pk", "type": "S"}, {"name": "ttl", "type": "T"}]}
    assert validate_resource("aws_dynamodb_table", table) == [
        Diagnostic('expected type to be one of ["S" "N" "B"], got T', "", ("attribute",))
    ]


def test_set_of_strings_uses_index_in_key() -> None:
    assert validate_resource("aws_api_gateway_authorizer", {"provider_arns": ["x"]}) == [
        Diagnostic('"provider_arns.0" (x) is an invalid ARN: arn: invalid prefix', "", ("provider_arns",))
    ]


# ---- unknown and null --------------------------------------------------------------------------------


def test_unknown_and_null_values_are_skipped() -> None:
    assert validate_resource("aws_apigatewayv2_api", {"protocol_type": UNKNOWN, "name": None}) == []
    assert validate_resource("aws_lambda_function", {"timeout": UNKNOWN, "memory_size": None}) == []


def test_a_block_list_holding_an_unknown_is_not_validated() -> None:
    stage = {
        "route_settings": [{"route_key": "a", "logging_level": "BAD"}, {"route_key": UNKNOWN, "logging_level": "INFO"}]
    }
    assert validate_resource("aws_apigatewayv2_stage", stage) == []
    assert validate_resource("aws_lambda_function", {"tracing_config": [{"mode": UNKNOWN}]}) == []
    assert validate_resource("aws_lambda_function", {"tracing_config": UNKNOWN}) == []


def test_unknown_types_validate_nothing() -> None:
    assert validate_resource("aws_instance", {"cpu_core_count": 1.5, "instance_type": ""}) == []


# ---- data sources ------------------------------------------------------------------------------------


def test_policy_document_data_source_validation() -> None:
    good = {"version": "2012-10-17", "statement": [{"effect": "Deny"}], "source_policy_documents": ["", "{}"]}
    assert validate_data_source("aws_iam_policy_document", good) == []
    bad = {
        "version": "2020-01-01",
        "statement": [{"effect": "Allow"}, {"effect": "Maybe"}],
        "source_policy_documents": ["{"],
        "override_json": "{}",
    }
    # The provider reports attributes in Go map order (random); compare as sets.
    assert set(validate_data_source("aws_iam_policy_document", bad)) == {
        Diagnostic('expected "override_json" to be an empty string: got {}', "", ("override_json",)),
        # The acceptance test expects `"source_policy_documents.0" contains an invalid JSON: unexpected end of
        # JSON input` (TestAccIAMPolicyDocumentDataSource_sourcePolicyValidJSON).
        Diagnostic(
            '"source_policy_documents.0" contains an invalid JSON: unexpected end of JSON input',
            "",
            ("source_policy_documents", 0),
        ),
        Diagnostic(
            'expected statement.1.effect to be one of ["Allow" "Deny"], got Maybe', "", ("statement", 1, "effect")
        ),
        Diagnostic('expected version to be one of ["2008-10-17" "2012-10-17"], got 2020-01-01', "", ("version",)),
    }


def test_availability_zones_state_and_region_conflict() -> None:
    assert validate_data_source("aws_availability_zones", {"state": "available"}) == []
    assert [d.summary for d in validate_data_source("aws_availability_zones", {"state": "up"})] == [
        'expected state to be one of ["available" "information" "impaired" "unavailable" "constrained"], got up'
    ]
    assert validate_data_source("aws_region", {"region": "us-east-1"}) == []
    assert validate_data_source("aws_region", {"name": "us-east-1", "region": "us-east-1"}) == [
        Diagnostic(
            "Invalid Attribute Combination", "These attributes cannot be configured together: [name,region]", ("name",)
        )
    ]


# ---- Plugin Framework validator wording ---------------------------------------------------------------


def test_framework_validator_messages() -> None:
    config = {"settings": [{"protocol": "FOO", "name": "", "code": "x1", "count": 0}]}
    spec = Type(
        "",
        (
            Value("settings[].protocol", FwOneOf(("HTTP", "WEBSOCKET"))),
            Value("settings[].name", FwLengthBetween(1, 64)),
            Value("settings[].code", FwRegexMatches(r"^[a-z]+$", "must be lowercase letters")),
            Value("settings[].count", FwInt64Between(1, 10)),
        ),
        framework=True,
    )
    found = framework_validate(spec, config)
    assert found == [
        Diagnostic(
            "Invalid Attribute Value Match",
            'Attribute settings[0].protocol value must be one of: ["HTTP" "WEBSOCKET"], got: "FOO"',
            ("settings", 0, "protocol"),
        ),
        Diagnostic(
            "Invalid Attribute Value Length",
            "Attribute settings[0].name string length must be between 1 and 64, got: 0",
            ("settings", 0, "name"),
        ),
        Diagnostic(
            "Invalid Attribute Value Match",
            'Attribute settings[0].code must be lowercase letters, got: "x1"',
            ("settings", 0, "code"),
        ),
        Diagnostic(
            "Invalid Attribute Value",
            "Attribute settings[0].count value must be between 1 and 10, got: 0",
            ("settings", 0, "count"),
        ),
    ]
    assert framework_path(("a", 0, "b")) == "a[0].b"
    good = {"settings": [{"protocol": "HTTP", "name": "n", "code": "abc", "count": 5}]}
    assert framework_validate(spec, good) == []
