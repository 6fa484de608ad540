"""Wire codec and planner, without Terraform: the rules that make plans look like the real provider's."""

from __future__ import annotations

import msgpack
import pytest

from apigwkit.provider_double import codec, planning
from apigwkit.provider_double.values import UNKNOWN

BLOCK = {
    "attributes": {
        "id": {"type": "string", "optional": True, "computed": True},
        "name": {"type": "string", "required": True},
        "arn": {"type": "string", "computed": True},
        "region": {"type": "string", "optional": True, "computed": True},
        "tags": {"type": ["map", "string"], "optional": True},
        "tags_all": {"type": ["map", "string"], "optional": True, "computed": True},
        "protocol_type": {"type": "string", "required": True},
    },
    "block_types": {
        "cors": {
            "nesting_mode": "list",
            "max_items": 1,
            "block": {"attributes": {"origins": {"type": ["set", "string"], "optional": True}}},
        }
    },
}
TYPE = codec.implied_type(BLOCK)


def test_unknown_round_trips_as_cty_extension_zero():
    value = {
        "id": UNKNOWN,
        "name": "a",
        "arn": None,
        "region": None,
        "tags": None,
        "tags_all": None,
        "protocol_type": "HTTP",
        "cors": [],
    }
    wire = codec.encode_msgpack(value, TYPE)
    raw = msgpack.unpackb(wire, raw=False)
    assert raw["id"] == msgpack.ExtType(0, b"\x00")
    assert codec.decode_msgpack(wire, TYPE) == value


def test_dynamic_values_carry_their_type():
    wire = codec.encode_msgpack(codec.Dynamic(["list", "string"], ["a"]), "dynamic")
    assert msgpack.unpackb(wire, raw=False) == [b'["list","string"]', ["a"]]
    assert codec.decode_msgpack(wire, "dynamic") == codec.Dynamic(["list", "string"], ["a"])


def test_encoding_rejects_a_value_of_the_wrong_type():
    with pytest.raises(TypeError, match="expected a string"):
        codec.encode_msgpack(3, "string")


def _config(**kw):
    base = dict.fromkeys(["id", "arn", "region", "tags", "tags_all"], None)
    return base | {"name": "a", "protocol_type": "HTTP", "cors": []} | kw


def test_create_marks_unset_computed_attributes_unknown_and_keeps_configured_ones():
    config = _config(tags={"team": "x"})
    planned, replace = planning.plan_resource(
        "aws_apigatewayv2_api", BLOCK, None, dict(config), config, region="eu-west-1", default_tags={"env": "dev"}
    )
    assert replace == []
    assert planned["id"] is UNKNOWN and planned["arn"] is UNKNOWN
    assert planned["name"] == "a"
    assert planned["region"] == "eu-west-1"
    assert planned["tags_all"] == {"env": "dev", "team": "x"}


def test_update_keeps_prior_computed_values_and_force_new_change_replaces():
    prior = _config(id="abc", arn="arn:x", region="eu-west-1", tags_all={})
    proposed = prior | {"name": "b"}
    config = _config(name="b")
    planned, replace = planning.plan_resource(
        "aws_apigatewayv2_api", BLOCK, prior, proposed, config, region="eu-west-1", default_tags={}
    )
    assert replace == [] and planned["id"] == "abc" and planned["arn"] == "arn:x"

    proposed = prior | {"protocol_type": "WEBSOCKET"}
    planned, replace = planning.plan_resource(
        "aws_apigatewayv2_api",
        BLOCK,
        prior,
        proposed,
        _config(protocol_type="WEBSOCKET"),
        region="eu-west-1",
        default_tags={},
    )
    assert replace == ["protocol_type"]
    assert planned["id"] is UNKNOWN


def test_tags_all_is_unknown_while_tags_are_unknown():
    config = _config(tags={"team": UNKNOWN})
    planned, _ = planning.plan_resource(
        "aws_apigatewayv2_api", BLOCK, None, dict(config), config, region="eu-west-1", default_tags={}
    )
    assert planned["tags_all"] is UNKNOWN


def test_a_cognito_resource_server_names_its_scopes_identifier_slash_scope():
    from apigwkit.provider_double.synthesis import fill_unknowns

    planned = {
        "identifier": "reports-api",
        "scope": [{"scope_name": "read", "scope_description": "r"}, {"scope_name": "write", "scope_description": "w"}],
        "scope_identifiers": UNKNOWN,
        "id": UNKNOWN,
    }
    block = {"attributes": {"scope_identifiers": {"type": ["list", "string"]}, "id": {"type": "string"}}}
    result = fill_unknowns("aws_cognito_resource_server", block, planned, region="ap-northeast-2", account="1")
    assert result["scope_identifiers"] == ["reports-api/read", "reports-api/write"]


def test_a_name_prefix_gets_the_sdks_unique_id_suffix_and_attachments_their_6x_id():
    import re

    from apigwkit.provider_double.synthesis import fill_unknowns

    # create.Name -> id.PrefixedUniqueId (terraform-plugin-sdk helper/id/id.go): prefix + 26 characters, a
    # "20060102150405" UTC time, 4 fractional-second digits and an 8-hex-digit counter. The provider's
    # name_prefix bounds (a name limit minus 26) rely on that length.
    block = {"attributes": {"name": {"type": "string"}, "name_prefix": {"type": "string"}}}
    prefix = "p" * 38  # aws_iam_role: 64 - 26
    result = fill_unknowns("aws_iam_role", block, {"name": UNKNOWN, "name_prefix": prefix}, region="r", account="1")
    assert len(result["name"]) == 64
    assert re.fullmatch(
        prefix + r"20[0-9]{2}(0[1-9]|1[0-2])[0-3][0-9]([0-5][0-9]){3}[0-9]{4}[0-9a-f]{8}", result["name"]
    )
    # iam/role_policy_attachment.go: @IdAttrFormat("{role}/{policy_arn}")
    arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
    attachment = fill_unknowns(
        "aws_iam_role_policy_attachment",
        {"attributes": {"id": {"type": "string"}}},
        {"id": UNKNOWN, "role": "r", "policy_arn": arn},
        region="r",
        account="1",
    )
    assert attachment["id"] == f"r/{arn}"


def test_an_unnamed_resource_gets_the_providers_generated_name():
    import re

    from apigwkit.provider_double.synthesis import fill_unknowns

    # create.Name with neither name nor prefix: id.UniqueId() = "terraform-" + 26 characters; S3's bucket_prefix is
    # its prefix attribute; elbv2 passes its own default prefix. Read sets the prefix from
    # create.NamePrefixFromName (what precedes a 26-hex-digit suffix).
    suffix = r"20[0-9]{2}(0[1-9]|1[0-2])[0-3][0-9]([0-5][0-9]){3}[0-9]{4}[0-9a-f]{8}"
    named = {"attributes": {"name": {"type": "string"}, "name_prefix": {"type": "string"}, "arn": {"type": "string"}}}
    role = fill_unknowns(
        "aws_iam_role", named, {"name": UNKNOWN, "name_prefix": UNKNOWN, "arn": UNKNOWN}, region="r", account="1"
    )
    assert re.fullmatch("terraform-" + suffix, role["name"]) and role["name_prefix"] == "terraform-"
    assert role["arn"] == f"arn:aws:iam::1:role/{role['name']}"  # the ARN template sees the generated name
    group = fill_unknowns(
        "aws_lb_target_group", named, {"name": UNKNOWN, "name_prefix": UNKNOWN}, region="r", account="1"
    )
    assert re.fullmatch("tf-" + suffix, group["name"])  # elbv2/target_group.go: WithDefaultPrefix("tf-")
    bucket = {"attributes": {"bucket": {"type": "string"}, "bucket_prefix": {"type": "string"}}}
    logs = fill_unknowns(
        "aws_s3_bucket", bucket, {"bucket": UNKNOWN, "bucket_prefix": "logs-"}, region="r", account="1"
    )
    assert re.fullmatch("logs-" + suffix, logs["bucket"]) and logs["bucket_prefix"] == "logs-"
    unnamed = fill_unknowns(
        "aws_s3_bucket", bucket, {"bucket": UNKNOWN, "bucket_prefix": UNKNOWN}, region="r", account="1"
    )
    assert re.fullmatch("terraform-" + suffix, unnamed["bucket"]) and unnamed["bucket_prefix"] == "terraform-"


def test_a_vpc_endpoint_gets_a_vpce_id():
    from apigwkit.provider_double.synthesis import fill_unknowns

    block = {"attributes": {"id": {"type": "string"}, "arn": {"type": "string"}}}
    result = fill_unknowns(
        "aws_vpc_endpoint", block, {"id": UNKNOWN, "arn": UNKNOWN}, region="ap-northeast-2", account="123456789012"
    )
    assert result["id"].startswith("vpce-") and len(result["id"]) == 22
    assert result["arn"] == f"arn:aws:ec2:ap-northeast-2:123456789012:vpc-endpoint/{result['id']}"


LAMBDA = {
    "attributes": {
        name: {"type": "string", "computed": True}
        for name in ("version", "qualified_arn", "qualified_invoke_arn", "last_modified", "code_sha256")
    }
    | {
        "function_name": {"type": "string", "required": True},
        "handler": {"type": "string", "optional": True},
        "publish": {"type": "bool", "optional": True},
        "tags": {"type": ["map", "string"], "optional": True},
    },
}


@pytest.mark.parametrize(
    ("change", "publishes"),
    [
        ({"handler": "app.other"}, True),  # configuration: a new version
        ({"tags": {"team": "y"}}, False),  # tags alone publish nothing
        ({"publish": True, "handler": "app.handler"}, True),  # publish itself turned on
    ],
)
def test_a_published_function_gets_a_new_version_only_for_code_or_configuration(change, publishes):
    """updateComputedAttributesOnPublish (internal/service/lambda/function.go)."""
    prior = {
        "function_name": "f",
        "handler": "app.handler",
        "publish": "publish" not in change,
        "tags": {"team": "x"},
        "version": "3",
        "qualified_arn": "arn:f:3",
        "qualified_invoke_arn": "arn:i:3",
        "last_modified": "t",
        "code_sha256": "h",
    }
    proposed = prior | change | {"publish": True}
    config = {k: v for k, v in proposed.items() if k in ("function_name", "handler", "publish", "tags")}
    planned, _ = planning.plan_resource(
        "aws_lambda_function", LAMBDA, prior, proposed, config, region="eu-west-1", default_tags={}
    )
    assert (planned["version"] is UNKNOWN) is publishes
    assert (planned["qualified_arn"] is UNKNOWN) is publishes
