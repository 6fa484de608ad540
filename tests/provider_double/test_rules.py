"""The rules data (``rules/``) and the engines reading it, without Terraform: every row names an attribute
of the 6.69.1 schema the double serves, and each rule class judges as terraform-plugin-sdk/v2 (or the
Plugin Framework) does. ``test_fidelity.py`` runs the same rules through the real engine."""

from __future__ import annotations

from typing import Any

import pytest
from tf.gen import tfplugin_pb2 as pb

from apigwkit.engine.attach import schema_dir
from apigwkit.provider_double import checks, codec, functions, plan_checks, planning, rules
from apigwkit.provider_double.rules.kinds import Combination, Default, Items, PlanCheck, Value
from apigwkit.provider_double.schema_store import SchemaStore
from apigwkit.provider_double.validation import Diagnostic, validate
from apigwkit.provider_double.values import UNKNOWN


@pytest.fixture(scope="module")
def store() -> SchemaStore:
    return SchemaStore(schema_dir())


def _names(block: dict, steps: tuple[str, ...]) -> dict | None:
    """The schema entry (attribute or nested block) a row's steps name, else None."""
    names = [s for s in steps if s not in ("[]", "{}")]
    current = block
    for index, name in enumerate(names):
        last = index == len(names) - 1
        if name in current.get("attributes", {}) and last:
            return current["attributes"][name]
        if name in current.get("attributes", {}):  # an attribute holding objects (SDK ConfigModeAttr)
            kind = current["attributes"][name]["type"]
            while isinstance(kind, list) and kind[0] in ("list", "set"):
                kind = kind[1]
            if not (isinstance(kind, list) and kind[0] == "object"):
                return None
            fields = {field: {"type": inner} for field, inner in kind[1].items()}
            current = {"attributes": fields}
            continue
        nested = current.get("block_types", {}).get(name)
        if nested is None:
            return None
        if last:
            return nested
        current = nested["block"]
    return None


@pytest.mark.parametrize("kind", ["resource", "data"])
def test_every_row_names_an_attribute_of_the_served_schema(store: SchemaStore, kind: str) -> None:
    table = rules.RESOURCES if kind == "resource" else rules.DATA_SOURCES
    missing = []
    for type_name, spec in table.items():
        assert store.has(kind, type_name), f"{type_name} is not a {kind} type of 6.69.1"
        block = store.block(kind, type_name)
        for row in spec.rows:
            paths = row.paths if isinstance(row, Combination) else () if isinstance(row, PlanCheck) else (row.path,)
            for path in paths:
                if _names(block, Value(path, None).steps) is None:  # type: ignore[arg-type]
                    missing.append(f"{type_name}.{path}")
            for key in getattr(row, "keys", ()):
                if _names(block, tuple(part for part in key.split(".") if not part.isdigit())) is None:
                    missing.append(f"{type_name}: {key}")
    assert missing == []


def test_every_plan_check_names_a_predicate_and_every_enum_resolves() -> None:
    for spec in rules.RESOURCES.values():
        for row in spec.rows:
            if isinstance(row, PlanCheck):
                assert row.check in plan_checks.CHECKS
            if isinstance(row, Value) and hasattr(row.check, "service"):
                assert row.check.values  # the botocore shape exists


def test_item_limits_of_blocks_are_served_in_the_schema(store: SchemaStore) -> None:
    # The bindings lose MaxItems above 1: the rules put them back (SDK: MinItems only on required blocks).
    pool = store.block("resource", "aws_cognito_user_pool")
    recovery = pool["block_types"]["account_recovery_setting"]["block"]["block_types"]["recovery_mechanism"]
    # cognitoidp/user_pool.go: recovery_mechanism is Optional+Computed (MinItems 1, MaxItems 2), not Required
    assert (recovery.get("min_items"), recovery["max_items"]) == (None, 2)
    assert pool["block_types"]["schema"].get("max_items") == 50
    assert not pool["block_types"]["schema"].get("min_items")  # optional: the SDK checks it at validate
    assert isinstance(rules.block_item_limits()["aws_cognito_user_pool"][("schema",)], Items)


# ---- SDKv2 cross-attribute rules: wording and order ------------------------------------------------


def sdk(type_name: str, config: dict[str, Any]) -> list[Diagnostic]:
    return validate("resource", type_name, None, config)


LAMBDA = {"function_name": "f", "role": "arn:aws:iam::123456789012:role/r"}


def test_exactly_one_of_reports_on_every_declaring_attribute() -> None:
    found = sdk("aws_lambda_function", LAMBDA)
    assert {d.path for d in found} == {("filename",), ("image_uri",), ("s3_bucket",)}
    assert {d.summary for d in found} == {"Invalid combination of arguments"}
    assert (
        Diagnostic(
            "Invalid combination of arguments",
            '"image_uri": one of `filename,image_uri,s3_bucket` must be specified',
            ("image_uri",),
        )
        in found
    )
    two = sdk("aws_lambda_function", {**LAMBDA, "filename": "a.zip", "image_uri": "i"})
    assert two[0].detail.endswith("can be specified, but `filename,image_uri` were specified.")
    assert sdk("aws_lambda_function", {**LAMBDA, "filename": "a.zip"}) == []
    # an unknown member might be the one: no error yet
    assert sdk("aws_lambda_function", {**LAMBDA, "image_uri": UNKNOWN}) == []


def test_required_with_and_conflicts_with() -> None:
    config = {**LAMBDA, "s3_bucket": "b"}
    assert sdk("aws_lambda_function", config) == [
        Diagnostic(
            "Missing required argument", '"s3_bucket": all of `s3_bucket,s3_key` must be specified', ("s3_bucket",)
        )
    ]
    found = sdk("aws_lambda_function", {**LAMBDA, "filename": "a.zip", "s3_object_version": "1"})
    assert found == [
        Diagnostic(
            "Conflicting configuration arguments",
            '"s3_object_version": conflicts with filename',
            ("s3_object_version",),
        )
    ]
    # an unknown conflicting value might be null once known
    assert (
        sdk("aws_lambda_function", {**LAMBDA, "filename": UNKNOWN, "s3_object_version": "1"})
        == [d for d in sdk("aws_lambda_function", {**LAMBDA, "filename": UNKNOWN, "s3_object_version": "1"})]
        == []
    )


def test_at_least_one_of_inside_a_block_uses_flatmap_keys() -> None:
    found = sdk("aws_api_gateway_usage_plan", {"throttle_settings": [{}]})
    assert set(found) == {
        Diagnostic(
            "Missing required argument",
            f'"throttle_settings.0.{name}": one of `throttle_settings.0.burst_limit,throttle_settings.0.rate_limit` '
            "must be specified",
            ("throttle_settings", 0, name),
        )
        for name in ("burst_limit", "rate_limit")
    }
    assert sdk("aws_api_gateway_usage_plan", {"throttle_settings": [{"rate_limit": 5}]}) == []


def test_a_conflict_ends_the_attributes_checks() -> None:
    # name is invalid and conflicts with name_prefix: the SDK stops at the conflict.
    found = sdk("aws_iam_role", {"assume_role_policy": "{}", "name": "a b", "name_prefix": "x"})
    assert Diagnostic("Conflicting configuration arguments", '"name": conflicts with name_prefix', ("name",)) in found
    assert not any("must match" in d.summary and d.path == ("name",) for d in found)


def test_list_attribute_item_counts() -> None:
    layers = [f"arn:aws:lambda:us-east-1:123456789012:layer:l:{n}" for n in range(6)]
    assert sdk("aws_lambda_function", {**LAMBDA, "filename": "a.zip", "layers": layers}) == [
        Diagnostic(
            "Too many list items", "Attribute layers supports 5 item maximum, but config has 6 declared.", ("layers",)
        )
    ]
    endpoint = {"endpoint_configuration": [{"types": [], "vpc_endpoint_ids": []}]}
    assert set(sdk("aws_api_gateway_rest_api", endpoint)) == {
        Diagnostic(
            "Not enough list items",
            f"Attribute endpoint_configuration.0.{name} requires 1 item minimum, but config has only 0 declared.",
            ("endpoint_configuration", 0, name),
        )
        for name in ("types", "vpc_endpoint_ids")
    }


def test_framework_config_validators() -> None:
    rule = {"security_group_id": "sg-1", "ip_protocol": "tcp"}
    assert validate("resource", "aws_vpc_security_group_ingress_rule", None, rule) == [
        Diagnostic(
            "Missing Attribute Configuration",
            "Exactly one of these attributes must be configured: "
            "[cidr_ipv4,cidr_ipv6,prefix_list_id,referenced_security_group_id]",
            (),
        )
    ]
    two = {**rule, "cidr_ipv4": "10.0.0.0/8", "prefix_list_id": "pl-1"}
    assert [d.summary for d in validate("resource", "aws_vpc_security_group_ingress_rule", None, two)] == [
        "Invalid Attribute Combination"
    ]
    assert validate("resource", "aws_vpc_security_group_ingress_rule", None, {**rule, "cidr_ipv4": UNKNOWN}) == []


# ---- plan time: defaults and CustomizeDiff ------------------------------------------------------------


def test_defaults_are_planned_known_including_inside_blocks(store: SchemaStore) -> None:
    block = store.block("resource", "aws_apigatewayv2_stage")
    config = {"api_id": "a", "name": "$default", "route_settings": [{"route_key": "GET /"}]}
    proposed = codec.from_json_value(config, store.type_of("resource", "aws_apigatewayv2_stage"))
    planned, _ = planning.plan_resource(
        "aws_apigatewayv2_stage", block, None, proposed, proposed, region="eu-west-1", default_tags={}
    )
    assert planned["auto_deploy"] is False
    element = planned["route_settings"][0]
    assert (element["data_trace_enabled"], element["detailed_metrics_enabled"]) == (False, False)
    assert element["logging_level"] is UNKNOWN  # Optional+Computed without a default
    assert rules.defaults("aws_lambda_function")["blocks"]["vpc_config"]["attributes"] == {
        "ipv6_allowed_for_dual_stack": False
    }
    assert all(isinstance(row, Default) for row in rules.RESOURCES["aws_api_gateway_api_key"].rows[:2])


@pytest.mark.parametrize(
    ("type_name", "config", "planned", "message"),
    [
        (
            "aws_lambda_function",
            {"filename": "f.zip"},
            {"package_type": "Zip", "handler": "h"},
            "handler and runtime must be set when PackageType is Zip",
        ),
        (
            "aws_api_gateway_authorizer",
            {"type": "COGNITO_USER_POOLS", "provider_arns": []},
            {},
            "provider_arns must be set non-empty when authorizer type is COGNITO_USER_POOLS",
        ),
        ("aws_api_gateway_authorizer", {}, {}, "authorizer_uri must be set non-empty when authorizer type is TOKEN"),
        (
            "aws_api_gateway_rest_api",
            {},
            {"endpoint_configuration": [{"types": ["PRIVATE"], "ip_address_type": "ipv4"}]},
            'endpoint_configuration type "PRIVATE" requires ip_address_type "dualstack"',
        ),
        (
            "aws_dynamodb_table",
            {},
            {"billing_mode": "PAY_PER_REQUEST", "hash_key": "pk", "attribute": [{"name": "pk"}, {"name": "sk"}]},
            'all attributes must be indexed. Unused attributes: ["sk"]',
        ),
        (
            "aws_dynamodb_table",
            {},
            {"billing_mode": "PROVISIONED", "hash_key": "pk", "attribute": [{"name": "pk"}], "read_capacity": UNKNOWN},
            'read_capacity must be at least 1 when billing_mode is "PROVISIONED"\n'
            'write_capacity must be at least 1 when billing_mode is "PROVISIONED"',
        ),
        (
            "aws_cloudwatch_metric_alarm",
            {"metric_name": "Errors", "comparison_operator": "GreaterThanThreshold", "evaluation_periods": 1},
            {},
            "One of `statistic` or `extended_statistic` must be set for a cloudwatch metric alarm",
        ),
        (
            "aws_sns_topic",
            {},
            {"fifo_topic": False, "content_based_deduplication": True, "name": "t"},
            "content-based deduplication can only be set for FIFO topics",
        ),
    ],
)
def test_plan_time_refusals(type_name: str, config: dict, planned: dict, message: str) -> None:
    assert plan_checks.refusals(type_name, config, {**config, **planned}, None) == [message]


def test_plan_time_checks_pass_good_changes_and_skip_destroys() -> None:
    good = {"package_type": "Zip", "handler": "h", "runtime": "python3.12"}
    assert plan_checks.refusals("aws_lambda_function", good, good, None) == []
    assert plan_checks.refusals("aws_lambda_function", {"filename": "f"}, None, good) == []
    table = {"billing_mode": "PAY_PER_REQUEST", "hash_key": "pk", "attribute": [{"name": "pk"}]}
    assert plan_checks.refusals("aws_dynamodb_table", table, table, None) == []
    # the authorizer check reads the configuration: an unknown URI is not judged
    assert plan_checks.refusals("aws_api_gateway_authorizer", {"authorizer_uri": UNKNOWN}, {}, None) == []


# ---- provider functions --------------------------------------------------------------------------------


def call(name: str, *args: str) -> pb.CallFunction.Response:
    request = pb.CallFunction.Request(
        name=name, arguments=[pb.DynamicValue(msgpack=codec.encode_msgpack(a, "string")) for a in args]
    )
    return functions.call(request)


def test_provider_functions_results_and_errors() -> None:
    parsed = call("arn_parse", "arn:aws:iam::123456789012:role/a/b:c")
    assert codec.decode_msgpack(parsed.result.msgpack, functions.FUNCTIONS["arn_parse"].returns) == {
        "account_id": "123456789012",
        "partition": "aws",
        "region": "",
        "resource": "role/a/b:c",
        "service": "iam",
    }
    built = call("arn_build", "aws", "lambda", "eu-west-1", "123456789012", "function:f")
    assert codec.decode_msgpack(built.result.msgpack, "string") == "arn:aws:lambda:eu-west-1:123456789012:function:f"
    trimmed = call("trim_iam_role_path", "arn:aws:iam::123456789012:role/service-role/x/r")
    assert codec.decode_msgpack(trimmed.result.msgpack, "string") == "arn:aws:iam::123456789012:role/r"
    agent = call("user_agent", "mod", "1.0", "ci")
    assert codec.decode_msgpack(agent.result.msgpack, "string") == "mod/1.0 (ci)"
    errors = {
        ("arn_parse", "iam:role"): "arn: invalid prefix",
        ("arn_parse", "arn:aws:iam"): "arn: not enough sections",
        ("trim_iam_role_path", "arn:aws:s3:::b"): 'service must be "iam"',
        ("trim_iam_role_path", "arn:aws:iam:us-east-1:123456789012:role/r"): "region must be empty",
        ("trim_iam_role_path", "arn:aws:iam::123456789012:user/u"): 'resource must begin with "role/"',
    }
    for (name, arg), text in errors.items():
        assert call(name, arg).error.text == text
    assert call("user_agent", "", "1", "").error.text == "product_name must be set"
    assert sorted(functions.get_functions().functions) == ["arn_build", "arn_parse", "trim_iam_role_path", "user_agent"]


# ---- issue 17b: rules re-read from the provider source ---------------------------------------------------


def test_whole_numbers_are_refused_on_int_attributes_only() -> None:
    # terraform-plugin-sdk/v2 schema.go validatePrimitive: a TypeInt given a fraction; a TypeFloat takes it.
    from apigwkit.provider_double.rules.kinds import Type
    from apigwkit.provider_double.validation import _sdk_validate

    block = {
        "attributes": {"count": {"type": "number"}, "ratio": {"type": "number"}, "ports": {"type": ["set", "number"]}},
        "block_types": {"item": {"nesting_mode": "list", "block": {"attributes": {"size": {"type": "number"}}}}},
    }
    config = {"count": 1.5, "ratio": 0.5, "ports": [80, 80.5], "item": [{"size": 2.25}]}
    found = _sdk_validate(Type("x.go", floats=("ratio",)), block, config)
    assert set(found) == {
        Diagnostic("Attribute must be a whole number, got 1.5", "", ("count",)),
        Diagnostic("Attribute must be a whole number, got 80.5", "", ("ports",)),  # cut back to the set
        Diagnostic("Attribute must be a whole number, got 2.25", "", ("item", 0, "size")),
    }
    assert _sdk_validate(Type("x.go"), block, config) == []  # number types not read: nothing judged
    assert _sdk_validate(Type("x.go", floats=()), block, {"count": 2.0, "ratio": UNKNOWN}) == []


@pytest.mark.parametrize(
    ("check", "value", "errors"),
    [
        (checks.CIDRBlock(4), "10.0.0.0/16", []),
        (checks.CIDRBlock(4), "10.0.0/16", ['"10.0.0/16" is not a valid CIDR block: invalid CIDR address: 10.0.0/16']),
        (checks.CIDRBlock(6), "10.0.0.0/16", ['"10.0.0.0/16" is not a valid IPv6 CIDR block']),
        (checks.CIDRNetwork(16, 28), "10.1.0.0/16", []),
        (
            checks.CIDRNetwork(16, 28),
            "10.1.2.0/16",
            ["expected k to contain a valid network Value, expected 10.1.0.0/16, got 10.1.2.0/16"],
        ),
        (checks.IPAddress(4), "::1", ["expected k to contain a valid IPv4 address, got: ::1"]),
        (checks.IPAddress(6), "10.0.0.1", []),  # net.ParseIP(...).To16() accepts IPv4 too
        (checks.NoZeroValues(), "", ["k must not be empty, got "]),
        (checks.NotEmpty(), "", ['expected "k" to not be an empty string, got ']),
        (checks.IntOrOff(percentage=True), "0", ["\"k\" must be an integer between 0 and 100 or 'off'"]),
        (checks.IntOrOff(), "off", []),
    ],
)
def test_provider_validators_of_issue_17b(check: checks.Check, value: str, errors: list[str]) -> None:
    assert check.errors(value, "k") == errors


@pytest.mark.parametrize(
    ("type_name", "config", "planned", "prior", "message"),
    [
        (
            "aws_lb_target_group",
            {"port": 80, "protocol": "TCP", "vpc_id": "v"},
            {"target_type": "instance", "health_check": [{"protocol": "TCP", "path": "/"}]},
            None,
            'Invalid Attribute Combination\n\nAttribute "health_check[0].path" cannot be specified when '
            '"health_check[0].protocol" is "TCP".\n\nPath: health_check[0].path',
        ),
        (
            "aws_s3_bucket_versioning",
            {},
            {"versioning_configuration": [{"status": "Disabled"}]},
            {"versioning_configuration": [{"status": "Enabled"}]},
            "versioning_configuration.status cannot be updated from 'Enabled' to 'Disabled'",
        ),
    ],
)
def test_plan_time_refusals_of_issue_17b(type_name, config, planned, prior, message) -> None:
    assert plan_checks.refusals(type_name, config, {**config, **planned}, prior) == [message]


def test_plan_time_checks_of_issue_17b_pass_good_changes() -> None:
    group = {"port": 80, "protocol": "TCP", "vpc_id": "v", "target_type": "instance"}
    assert (
        plan_checks.refusals("aws_lb_target_group", group, {**group, "health_check": [{"protocol": "TCP"}]}, None) == []
    )
    assert plan_checks.refusals("aws_lb_target_group", {}, {"target_type": "lambda"}, None) == []
    disabled = {"versioning_configuration": [{"status": "Disabled"}]}
    assert plan_checks.refusals("aws_s3_bucket_versioning", disabled, disabled, None) == []  # on create: allowed
