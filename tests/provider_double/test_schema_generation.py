"""The generated hashicorp/aws schema carries the facts of the real provider (6.69.1).

The schema under test is ``$APIGWKIT_SCHEMA`` when set; else the one `make setup` generated with the CLI
(``build/provider/schema.json``, with what the CLI printed in ``schema.summary``) when it is newer than the
generator's code and the wheel; otherwise it is generated once per test session by the CLI from the wheel at
``$APIGWKIT_PROVIDER_WHEEL`` or ``build/downloads/cdktn_provider_aws-*.whl``.
"""

from __future__ import annotations

import glob
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from apigwkit.provider_double.schema import extract, generate, wafv2

ROOT = Path(__file__).resolve().parents[2]
ADDRESS = "registry.terraform.io/hashicorp/aws"
NESTING_MODES = {"single", "list", "set", "map", "group"}
PRIMITIVES = {"string", "number", "bool", "dynamic"}


def _wheel() -> str | None:
    env = os.environ.get("APIGWKIT_PROVIDER_WHEEL")
    if env:
        return env
    found = sorted(glob.glob(str(ROOT / "build" / "downloads" / "cdktn_provider_aws-*.whl")))
    return found[-1] if found else None


@dataclass
class Generated:
    doc: dict[str, Any]
    summary: str | None  # the CLI's stdout when this session generated the file


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    given = os.environ.get("APIGWKIT_SCHEMA")
    if given:
        return Generated(json.loads(Path(given).read_text()), None)
    wheel = _wheel()
    if wheel is None:
        pytest.fail("no schema to test: set APIGWKIT_SCHEMA, or APIGWKIT_PROVIDER_WHEEL, or run `make setup`")

    built, printed = ROOT / "build" / "provider" / "schema.json", ROOT / "build" / "provider" / "schema.summary"
    generator = [*Path(generate.__file__).parent.glob("*.py"), Path(wheel)]
    if built.is_file() and printed.is_file():
        if built.stat().st_mtime >= max(p.stat().st_mtime for p in generator):
            return Generated(json.loads(built.read_text()), printed.read_text())

    out = tmp_path_factory.mktemp("provider") / "schema.json"
    cmd = [sys.executable, "-m", "apigwkit.provider_double.schema.generate", "--wheel", wheel, "--out", str(out)]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, check=False)
    assert proc.returncode == 0, proc.stderr
    return Generated(json.loads(out.read_text()), proc.stdout)


@pytest.fixture(scope="session")
def doc(generated: Generated) -> dict[str, Any]:
    return generated.doc


@pytest.fixture(scope="session")
def aws(doc: dict[str, Any]) -> dict[str, Any]:
    return doc["provider_schemas"][ADDRESS]


def resource(aws: dict[str, Any], name: str) -> dict[str, Any]:
    return aws["resource_schemas"][name]["block"]


def attr(block: dict[str, Any], name: str) -> dict[str, Any]:
    return block["attributes"][name]


def flags(a: dict[str, Any]) -> set[str]:
    return {f for f in ("required", "optional", "computed") if a.get(f)}


def nested(block: dict[str, Any], *path: str) -> dict[str, Any]:
    """The nested-block entry at ``path`` (each step a block type name)."""
    entry: dict[str, Any] = {"block": block}
    for step in path:
        entry = entry["block"]["block_types"][step]
    return entry


def walk_blocks(block: dict[str, Any], path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    yield path, block
    for name, bt in block.get("block_types", {}).items():
        yield from walk_blocks(bt["block"], f"{path}.{name}" if path else name)


# --------------------------------------------------------------------------- shape


def test_document_has_the_shape_of_providers_schema_json(doc: dict[str, Any]) -> None:
    assert doc["format_version"] == "1.0"
    assert doc["provider_version"] == "6.69.1"
    assert list(doc["provider_schemas"]) == [ADDRESS]
    assert set(doc["provider_schemas"][ADDRESS]) == {
        "provider",
        "resource_schemas",
        "data_source_schemas",
        "ephemeral_resource_schemas",
    }


def test_cli_prints_one_summary_line_with_counts_and_seconds(generated: Generated) -> None:
    if generated.summary is None:
        pytest.skip("schema read from $APIGWKIT_SCHEMA, not generated in this session")
    lines = generated.summary.strip().splitlines()
    assert len(lines) == 1
    assert re.search(r"1735 resources, 685 data sources, 11 ephemeral resources", lines[0]), lines[0]
    assert re.search(r"in \d+\.\d s$", lines[0]), lines[0]


def test_counts_are_those_of_the_whole_provider(aws: dict[str, Any], doc: dict[str, Any]) -> None:
    counts = {k: len(aws[k]) for k in ("resource_schemas", "data_source_schemas", "ephemeral_resource_schemas")}
    assert 1700 <= counts["resource_schemas"] <= 1800
    assert 650 <= counts["data_source_schemas"] <= 720
    assert 8 <= counts["ephemeral_resource_schemas"] <= 20
    assert doc["x-apigwkit"]["counts"] == counts


def test_every_schema_is_well_formed(aws: dict[str, Any]) -> None:
    """Each attribute has a valid type and a coherent flag set; each nested block a valid mode."""
    problems: list[str] = []

    def valid_type(t: Any) -> bool:
        if isinstance(t, str):
            return t in PRIMITIVES
        if t[0] in ("list", "set", "map"):
            return len(t) == 2 and valid_type(t[1])
        if t[0] == "object":
            return all(valid_type(v) for v in t[1].values())
        return False

    entries = [("provider", aws["provider"])]
    for bucket in ("resource_schemas", "data_source_schemas", "ephemeral_resource_schemas"):
        entries += [(name, s) for name, s in aws[bucket].items()]
    for name, schema in entries:
        for path, block in walk_blocks(schema["block"]):
            assert block["description_kind"] == "plain"
            for an, a in block.get("attributes", {}).items():
                f = flags(a)
                incoherent = not f or ("required" in f and len(f) > 1)
                if incoherent or not valid_type(a["type"]):
                    problems.append(f"{name} {path}.{an}: {a}")
            for bn, bt in block.get("block_types", {}).items():
                lo, hi = bt.get("min_items", 0), bt.get("max_items", 0)
                if bt["nesting_mode"] not in NESTING_MODES or (hi and lo > hi):
                    problems.append(f"{name} {path}.{bn}: {bt['nesting_mode']} {lo}..{hi}")
    assert problems == []


def test_output_is_deterministic_for_the_same_input() -> None:
    wheel = _wheel()
    if wheel is None:
        pytest.fail("no wheel: set APIGWKIT_PROVIDER_WHEEL or run `make setup`")
    dirs = ["apigatewayv2-api", "data-aws-region", "wafv2-rule-group"]
    # read once (reading a member of the wheel's archive is deterministic, and costs ~1.4 s): what could vary is
    # the extraction, the WAFv2 rebuild and the writing, each done twice below from the same sources
    src = extract.load_package(wheel, wanted_dirs=dirs)

    def once() -> str:
        got = {d: extract.extract_dir(src, d) for d in dirs}
        schemas = {d: g.schema for d, g in got.items() if g is not None}
        wafv2.rebuild_rule_statement(schemas["wafv2-rule-group"], "aws_wafv2_rule_group")
        return generate.dumps(schemas)

    first = once()
    assert first == once()
    assert '"protocol_type"' in first


# --------------------------------------------------------------------------- resources


def test_apigatewayv2_api_protocol_type_is_a_required_string(aws: dict[str, Any]) -> None:
    a = attr(resource(aws, "aws_apigatewayv2_api"), "protocol_type")
    assert a["type"] == "string"
    assert flags(a) == {"required"}


def test_apigatewayv2_api_outputs_are_computed_only(aws: dict[str, Any]) -> None:
    api = resource(aws, "aws_apigatewayv2_api")
    for name in ("execution_arn", "api_endpoint", "arn"):
        assert attr(api, name) == {"type": "string", "computed": True, "description_kind": "plain"}, name
    # SDKv2 resources declare `id` as optional+computed in the real schema too
    assert flags(attr(api, "id")) == {"optional", "computed"}
    assert nested(api, "cors_configuration")["max_items"] == 1
    assert attr(nested(api, "cors_configuration")["block"], "allow_origins")["type"] == ["set", "string"]


def test_rest_api_endpoint_configuration_is_a_single_item_list_block(aws: dict[str, Any]) -> None:
    ec = nested(resource(aws, "aws_api_gateway_rest_api"), "endpoint_configuration")
    assert ec["nesting_mode"] == "list"
    assert ec["max_items"] == 1
    assert "min_items" not in ec
    types = attr(ec["block"], "types")
    assert types["type"] == ["list", "string"]
    assert flags(types) == {"required"}


def test_lambda_function_arguments_and_outputs(aws: dict[str, Any]) -> None:
    fn = resource(aws, "aws_lambda_function")
    expected = {
        "function_name": ("string", {"required"}),
        "role": ("string", {"required"}),
        "runtime": ("string", {"optional"}),
        "handler": ("string", {"optional"}),
        "filename": ("string", {"optional"}),
        "source_code_hash": ("string", {"optional", "computed"}),
        "timeout": ("number", {"optional"}),
        "memory_size": ("number", {"optional"}),
        "layers": (["list", "string"], {"optional"}),
        "architectures": (["list", "string"], {"optional", "computed"}),
        "tags": (["map", "string"], {"optional"}),
        "tags_all": (["map", "string"], {"optional", "computed"}),
        "arn": ("string", {"computed"}),
        "invoke_arn": ("string", {"computed"}),
        "qualified_arn": ("string", {"computed"}),
        "version": ("string", {"computed"}),
    }
    got = {n: (attr(fn, n)["type"], flags(attr(fn, n))) for n in expected}
    assert got == expected
    env = nested(fn, "environment")
    assert (env["nesting_mode"], env.get("max_items")) == ("list", 1)
    assert attr(env["block"], "variables")["type"] == ["map", "string"]
    vpc = nested(fn, "vpc_config")["block"]
    assert attr(vpc, "subnet_ids")["type"] == ["set", "string"]
    assert flags(attr(vpc, "subnet_ids")) == {"required"}
    assert nested(fn, "timeouts")["nesting_mode"] == "single"


def test_iam_policy_document_statements_have_principal_blocks(aws: dict[str, Any]) -> None:
    doc = aws["data_source_schemas"]["aws_iam_policy_document"]["block"]
    assert attr(doc, "json") == {"type": "string", "computed": True, "description_kind": "plain"}
    statement = nested(doc, "statement")
    assert statement["nesting_mode"] == "list"
    assert attr(statement["block"], "actions")["type"] == ["set", "string"]
    for name in ("principals", "not_principals"):
        p = nested(statement["block"], name)
        assert p["nesting_mode"] == "set"
        assert attr(p["block"], "type") == {"type": "string", "required": True, "description_kind": "plain"}
        assert attr(p["block"], "identifiers")["type"] == ["set", "string"]
    condition = nested(statement["block"], "condition")["block"]
    assert {n: flags(a) for n, a in condition["attributes"].items()} == {
        "test": {"required"},
        "values": {"required"},
        "variable": {"required"},
    }


# --------------------------------------------------------------------------- provider block


def test_provider_block_has_the_configuration_arguments(aws: dict[str, Any]) -> None:
    p = aws["provider"]["block"]
    for name in ("region", "access_key", "secret_key", "token", "profile", "sts_region"):
        assert attr(p, name)["type"] == "string", name
        assert flags(attr(p, name)) == {"optional"}, name
    for name in ("skip_credentials_validation", "skip_requesting_account_id", "skip_region_validation"):
        assert attr(p, name)["type"] == "bool", name
    # a nullable bool in the real provider: a string attribute
    assert attr(p, "skip_metadata_api_check")["type"] == "string"
    assert attr(p, "allowed_account_ids")["type"] == ["set", "string"]
    assert attr(p, "shared_config_files")["type"] == ["list", "string"]
    assert "alias" not in p["attributes"]  # a meta-argument, not part of the schema
    assert "region where AWS operations will take place" in attr(p, "region")["description"]


def test_provider_blocks_have_their_real_nesting(aws: dict[str, Any]) -> None:
    p = aws["provider"]["block"]
    modes = {n: (bt["nesting_mode"], bt.get("max_items")) for n, bt in p["block_types"].items()}
    assert modes == {
        "assume_role": ("list", None),
        "assume_role_with_web_identity": ("list", 1),
        "default_tags": ("list", 1),
        "endpoints": ("set", None),
        "ignore_tags": ("list", 1),
    }
    assert attr(nested(p, "default_tags")["block"], "tags")["type"] == ["map", "string"]
    assert attr(nested(p, "assume_role")["block"], "role_arn")["type"] == "string"
    endpoints = nested(p, "endpoints")["block"]["attributes"]
    assert {"apigateway", "apigatewayv2", "lambda", "sts", "wafv2"} <= set(endpoints)


# --------------------------------------------------------------------------- WAFv2


def rule_statement(aws: dict[str, Any], tf_type: str) -> dict[str, Any]:
    return nested(resource(aws, tf_type), "rule", "statement")


@pytest.mark.parametrize("tf_type", ["aws_wafv2_web_acl", "aws_wafv2_rule_group"])
def test_wafv2_rule_statement_is_a_required_single_block(aws: dict[str, Any], tf_type: str) -> None:
    rule = nested(resource(aws, tf_type), "rule")["block"]
    assert "statement" not in rule.get("attributes", {})
    st = rule_statement(aws, tf_type)
    assert (st["nesting_mode"], st["min_items"], st["max_items"]) == ("list", 1, 1)
    assert wafv2.logical_depth(st["block"]) == 3


def test_wafv2_web_acl_root_statement_kinds(aws: dict[str, Any]) -> None:
    kinds = set(rule_statement(aws, "aws_wafv2_web_acl")["block"]["block_types"])
    assert kinds == set(wafv2.LEAF_STATEMENTS) | set(wafv2.LOGICAL_STATEMENTS) | {
        "rate_based_statement",
        "managed_rule_group_statement",
        "rule_group_reference_statement",
    }
    assert len(wafv2.LEAF_STATEMENTS) == 10


def test_wafv2_rule_group_cannot_reference_rule_groups(aws: dict[str, Any]) -> None:
    kinds = set(rule_statement(aws, "aws_wafv2_rule_group")["block"]["block_types"])
    assert "managed_rule_group_statement" not in kinds
    assert "rule_group_reference_statement" not in kinds
    assert "rate_based_statement" in kinds


def test_wafv2_nested_statements_follow_the_level_counter(aws: dict[str, Any]) -> None:
    root = rule_statement(aws, "aws_wafv2_web_acl")["block"]
    level = root
    for depth in (3, 2, 1):
        for op in wafv2.LOGICAL_STATEMENTS:
            wrapper = nested(level, op)
            assert (wrapper["nesting_mode"], wrapper.get("max_items")) == ("list", 1)
            inner = nested(wrapper["block"], "statement")
            # required list without MaxItems: min 1 for AND, OR and NOT alike
            assert (inner.get("min_items"), inner.get("max_items")) == (1, None), (depth, op)
        level = nested(level, "and_statement", "statement")["block"]
        kinds = set(level["block_types"])
        # rate-based, managed and rule-group statements cannot be nested
        assert not kinds & {"rate_based_statement", "managed_rule_group_statement", "rule_group_reference_statement"}
        if depth > 1:
            assert set(wafv2.LOGICAL_STATEMENTS) <= kinds
    assert set(level["block_types"]) == set(wafv2.LEAF_STATEMENTS)  # the deepest level: leaves only


def test_wafv2_scope_down_statements_nest_two_levels(aws: dict[str, Any]) -> None:
    root = rule_statement(aws, "aws_wafv2_web_acl")["block"]
    for owner in ("rate_based_statement", "managed_rule_group_statement"):
        sd = nested(root, owner, "scope_down_statement")
        assert sd.get("max_items") == 1 and "min_items" not in sd
        assert wafv2.logical_depth(sd["block"]) == 2
        assert "rate_based_statement" not in sd["block"]["block_types"]


def test_wafv2_leaf_statement_details(aws: dict[str, Any]) -> None:
    root = rule_statement(aws, "aws_wafv2_web_acl")["block"]
    byte = nested(root, "byte_match_statement")["block"]
    assert {n: flags(a) for n, a in byte["attributes"].items()} == {
        "positional_constraint": {"required"},
        "search_string": {"required"},
    }
    tt = nested(byte, "text_transformation")
    assert (tt["nesting_mode"], tt["min_items"]) == ("set", 1)
    ftm = nested(byte, "field_to_match")
    assert ftm["max_items"] == 1
    headers_pattern = nested(ftm["block"], "headers", "match_pattern")
    assert (headers_pattern["min_items"], headers_pattern["max_items"]) == (1, 1)
    assert nested(ftm["block"], "single_header")["block"]["attributes"]["name"]["required"] is True
    assert nested(ftm["block"], "uri_path")["block"] == {"description_kind": "plain"}
    geo = nested(root, "geo_match_statement")["block"]
    assert attr(geo, "country_codes")["type"] == ["list", "string"]
    rate = nested(root, "rate_based_statement")["block"]
    assert flags(attr(rate, "limit")) == {"required"}
    assert flags(attr(rate, "aggregate_key_type")) == {"optional"}
    assert nested(rate, "custom_key").get("max_items") == 5
    ip = nested(root, "ip_set_reference_statement", "ip_set_forwarded_ip_config")["block"]
    assert set(ip["attributes"]) == {"fallback_behavior", "header_name", "position"}


def test_wafv2_rule_action_override_reuses_the_rule_action_blocks(aws: dict[str, Any]) -> None:
    acl = resource(aws, "aws_wafv2_web_acl")
    action = nested(acl, "rule", "action")["block"]["block_types"]
    mrg = nested(acl, "rule", "statement", "managed_rule_group_statement")
    override = nested(mrg["block"], "rule_action_override")
    assert override["max_items"] == 100
    to_use = nested(override["block"], "action_to_use")
    assert (to_use["min_items"], to_use["max_items"]) == (1, 1)
    assert to_use["block"]["block_types"] == {k: action[k] for k in wafv2.ACTION_BLOCKS}
    insert_header = nested(to_use["block"], "count", "custom_request_handling", "insert_header")
    assert (insert_header["nesting_mode"], insert_header["min_items"]) == ("set", 1)


def test_wafv2_web_acl_rule_statement_is_unfolded(aws: dict[str, Any]) -> None:
    top = nested(resource(aws, "aws_wafv2_web_acl_rule"), "statement")["block"]
    assert wafv2.logical_depth(top) == 3
    nested_stmt = nested(top, "not_statement", "statement")["block"]
    # the plugin-framework resource allows every statement kind at every level
    assert "managed_rule_group_statement" in nested_stmt["block_types"]
    assert "custom_keys" in nested(nested_stmt, "rate_based_statement")["block"]["block_types"]


def test_no_wafv2_resource_keeps_an_untyped_attribute(aws: dict[str, Any]) -> None:
    for tf_type in ("aws_wafv2_web_acl", "aws_wafv2_rule_group", "aws_wafv2_web_acl_rule"):
        dynamic = [
            f"{path}.{n}"
            for path, block in walk_blocks(resource(aws, tf_type))
            for n, a in block.get("attributes", {}).items()
            if a["type"] == "dynamic"
        ]
        assert dynamic == [], tf_type


# --------------------------------------------------------------------------- provenance


def test_provenance_and_known_losses_are_recorded(doc: dict[str, Any]) -> None:
    meta = doc["x-apigwkit"]
    assert (meta["source"]["package"], meta["source"]["version"]) == ("cdktn-provider-aws", "25.8.1")
    assert re.fullmatch(r"[0-9a-f]{64}", meta["source"]["sha256"])
    assert sorted(meta["rebuilt"]) == ["aws_wafv2_rule_group", "aws_wafv2_web_acl", "aws_wafv2_web_acl_rule"]
    assert any("max_items" in loss for loss in meta["known_losses"])
    assert any("sensitive" in loss for loss in meta["known_losses"])
    assert sorted(meta["remaining_untyped"]) == [
        "aws_quicksight_analysis",
        "aws_quicksight_dashboard",
        "aws_quicksight_template",
        "data.aws_quicksight_analysis",
    ]


# --------------------------------------------------------------------------- units (no wheel)


def test_sdkv2_rendering_of_min_and_max_items() -> None:
    body = {"description_kind": "plain"}
    assert wafv2._nested(body, required=True) == {"nesting_mode": "list", "block": body, "min_items": 1}
    assert wafv2._nested(body, min_items=1, max_items=5) == {"nesting_mode": "list", "block": body, "max_items": 5}
    assert wafv2._nested(body, nesting="set", required=True, min_items=2)["min_items"] == 2


def test_statement_levels_match_the_provider_constants() -> None:
    actions = {k: {"nesting_mode": "list", "block": {"description_kind": "plain"}} for k in wafv2.ACTION_BLOCKS}
    assert wafv2.logical_depth(wafv2.root_statement("web_acl", actions)["block"]) == wafv2.ROOT_STATEMENT_LEVEL == 3
    assert wafv2.logical_depth(wafv2.logical_statement(1)["block"]["block_types"]["statement"]["block"]) == 0
    with pytest.raises(ValueError):
        wafv2.root_statement("firewall", actions)


def test_rebuild_refuses_a_statement_that_is_not_flattened() -> None:
    schema = {"block": {"block_types": {"rule": {"block": {"attributes": {"statement": {"type": "string"}}}}}}}
    with pytest.raises(extract.ExtractionError, match="flattened"):
        wafv2.rebuild_rule_statement(schema, "aws_wafv2_web_acl")


def test_cli_fails_without_writing_when_the_wheel_is_unreadable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "schema.json"
    assert generate.main(["--wheel", str(tmp_path / "missing.whl"), "--out", str(out)]) == 1
    assert not out.exists()
    assert "missing.whl" in capsys.readouterr().err
