"""Rebuild the WAFv2 rule ``statement`` subtrees that the cdktn bindings lose.

The bindings of ``aws_wafv2_web_acl`` and ``aws_wafv2_rule_group`` replace ``rule.statement``
by one untyped ``any`` attribute, and the loop detection of the generator folds the nested
``statement`` of ``aws_wafv2_web_acl_rule`` into a recursive reference.  A schema without the
real nested blocks would let ``terraform validate`` accept what the real provider rejects (and
reject what it accepts), so the subtrees are rebuilt here.

Facts used (from ``hashicorp/terraform-provider-aws``; no code copied):

* ``internal/service/wafv2/web_acl.go`` / ``rule_group.go``: ``rule.statement`` is
  ``webACLRootStatementSchema(webACLRootStatementSchemaLevel)`` /
  ``ruleGroupRootStatementSchema(ruleGroupRootStatementSchemaLevel)``, a required list with
  ``MaxItems: 1`` (so ``min_items = max_items = 1``).
* ``internal/service/wafv2/consts.go``: both levels are ``3``; the registry docs say "Although
  the `statement` block is recursive, currently only 3 levels are supported".
* ``internal/service/wafv2/schemas.go``:

  - ``statementSchema(level)`` (``and_statement`` / ``or_statement`` / ``not_statement``) is an
    optional ``MaxItems: 1`` list holding one required ``statement`` list without ``MaxItems``
    (so ``min_items = 1`` for AND, OR *and* NOT alike; AWS itself enforces two or more for
    AND/OR and exactly one for NOT).  At level 1 that nested ``statement`` holds only the ten
    leaf statements; at level ``n > 1`` it also holds AND/OR/NOT of level ``n - 1``.
  - The root statement (level 3) holds AND/OR/NOT of level 3, the ten leaves,
    ``rate_based_statement`` and, for web ACLs only, ``managed_rule_group_statement`` and
    ``rule_group_reference_statement``.  Those three never appear in nested statements.
  - ``managed_rule_group_statement`` and ``rate_based_statement`` carry
    ``scope_down_statement = scopeDownStatementSchema(level - 1)``: the ten leaves plus
    AND/OR/NOT of level 2.
  - The ten leaves: asn_match, byte_match, geo_match, ip_set_reference, label_match,
    regex_match, regex_pattern_set_reference, size_constraint, sqli_match, xss_match.

* ``internal/service/wafv2/generate_statement_models.go`` (``maxLevel = 3``) for the
  plugin-framework resource ``aws_wafv2_web_acl_rule``: the top statement is level 3; each
  level ``n > 0`` offers AND/OR/NOT whose ``statement`` is a level ``n - 1`` statement with
  the same statement kinds as the top; level 0 has no AND/OR/NOT.

SDKv2 renders a nested block in ``providers schema -json`` with ``min_items`` = its MinItems,
raised to 1 when the block is Required and dropped when it is Optional, and ``max_items`` =
its MaxItems; :func:`_nested` follows those rules.  Attributes with a ``Default`` are plain
optional (not computed) in SDKv2.

The blocks shared with ``rule.action`` (``allow``/``block``/``captcha``/``challenge``/
``count``, used by ``rule_action_override.action_to_use``) are taken from the extracted
bindings of the same resource, so they follow the package version exactly.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from apigwkit.provider_double.schema.extract import ExtractionError, JsonObj, TypeExpr

#: ``webACLRootStatementSchemaLevel`` / ``ruleGroupRootStatementSchemaLevel`` (consts.go).
ROOT_STATEMENT_LEVEL = 3
#: ``maxLevel`` of generate_statement_models.go (``aws_wafv2_web_acl_rule``).
FRAMEWORK_STATEMENT_MAX_LEVEL = 3

LOGICAL_STATEMENTS = ("and_statement", "not_statement", "or_statement")
LEAF_STATEMENTS = (
    "asn_match_statement",
    "byte_match_statement",
    "geo_match_statement",
    "ip_set_reference_statement",
    "label_match_statement",
    "regex_match_statement",
    "regex_pattern_set_reference_statement",
    "size_constraint_statement",
    "sqli_match_statement",
    "xss_match_statement",
)
ACTION_BLOCKS = ("allow", "block", "captcha", "challenge", "count")

#: Resource types whose ``rule.statement`` the bindings flatten to ``any`` (SDKv2 resources).
FLATTENED_RULE_STATEMENT = {"aws_wafv2_web_acl": "web_acl", "aws_wafv2_rule_group": "rule_group"}
#: Plugin-framework resource whose nested ``statement`` the generator folded into a recursion.
FOLDED_STATEMENT = "aws_wafv2_web_acl_rule"
#: Extractor-note path of each subtree :func:`rebuild_all` replaces (notes under it are void).
REBUILT_PATHS = {
    "aws_wafv2_web_acl": "rule.statement",
    "aws_wafv2_rule_group": "rule.statement",
    FOLDED_STATEMENT: "statement",
}

# ----------------------------------------------------------------- SDKv2 rendering


def _attr(t: TypeExpr, *, required: bool = False, optional: bool = False, computed: bool = False) -> JsonObj:
    a: JsonObj = {"type": copy.deepcopy(t), "description_kind": "plain"}
    if required:
        a["required"] = True
    if optional:
        a["optional"] = True
    if computed:
        a["computed"] = True
    return a


def _req(t: TypeExpr) -> JsonObj:
    return _attr(t, required=True)


def _opt(t: TypeExpr) -> JsonObj:
    return _attr(t, optional=True)


def _opt_computed(t: TypeExpr) -> JsonObj:
    return _attr(t, optional=True, computed=True)


def _body(attributes: Mapping[str, JsonObj] | None = None, blocks: Mapping[str, JsonObj] | None = None) -> JsonObj:
    out: JsonObj = {}
    if attributes:
        out["attributes"] = dict(attributes)
    if blocks:
        out["block_types"] = dict(blocks)
    out["description_kind"] = "plain"
    return out


def _nested(
    body: JsonObj,
    *,
    nesting: str = "list",
    required: bool = False,
    min_items: int = 0,
    max_items: int = 0,
) -> JsonObj:
    """A nested block as SDKv2 renders a ``TypeList``/``TypeSet`` of ``*schema.Resource``."""
    if required and min_items == 0:
        min_items = 1
    if not required:
        min_items = 0  # helper/schema ignores MinItems of an Optional block
    b: JsonObj = {"nesting_mode": nesting, "block": body}
    if min_items:
        b["min_items"] = min_items
    if max_items:
        b["max_items"] = max_items
    return b


def _one(
    attributes: Mapping[str, JsonObj] | None = None,
    blocks: Mapping[str, JsonObj] | None = None,
    *,
    required: bool = False,
) -> JsonObj:
    """``TypeList, MaxItems: 1`` (optional unless ``required``)."""
    return _nested(_body(attributes, blocks), required=required, max_items=1)


def _empty() -> JsonObj:
    """``emptySchema()``: an optional single-item block with no arguments, e.g. ``count {}``."""
    return _one()


# ----------------------------------------------------------------- shared sub-blocks


def _text_transformation() -> JsonObj:
    return _nested(
        _body({"priority": _req("number"), "type": _req("string")}),
        nesting="set",
        required=True,
        min_items=1,
    )


def _forwarded_ip_config() -> JsonObj:
    return _one({"fallback_behavior": _req("string"), "header_name": _req("string")})


def _ja_fingerprint() -> JsonObj:
    return _one({"fallback_behavior": _req("string")})


def _name_only(required: bool = False) -> JsonObj:
    return _one({"name": _req("string")}, required=required)


def _field_to_match() -> JsonObj:
    return _one(
        blocks={
            "all_query_arguments": _empty(),
            "body": _one({"oversize_handling": _opt("string")}),
            "cookies": _one(
                {"match_scope": _req("string"), "oversize_handling": _req("string")},
                {
                    "match_pattern": _nested(
                        _body(
                            {
                                "excluded_cookies": _opt(["list", "string"]),
                                "included_cookies": _opt(["list", "string"]),
                            },
                            {"all": _empty()},
                        ),
                        required=True,
                    )
                },
            ),
            "header_order": _nested(_body({"oversize_handling": _req("string")})),
            "headers": _nested(
                _body(
                    {"match_scope": _req("string"), "oversize_handling": _req("string")},
                    {
                        "match_pattern": _nested(
                            _body(
                                {
                                    "excluded_headers": _opt(["list", "string"]),
                                    "included_headers": _opt(["list", "string"]),
                                },
                                {"all": _empty()},
                            ),
                            required=True,
                            min_items=1,
                            max_items=1,
                        )
                    },
                )
            ),
            "ja3_fingerprint": _ja_fingerprint(),
            "ja4_fingerprint": _ja_fingerprint(),
            "json_body": _one(
                {
                    "invalid_fallback_behavior": _opt("string"),
                    "match_scope": _req("string"),
                    "oversize_handling": _opt("string"),
                },
                {
                    "match_pattern": _one(
                        {"included_paths": _opt(["list", "string"])},
                        {"all": _empty()},
                        required=True,
                    )
                },
            ),
            "method": _empty(),
            "query_string": _empty(),
            "single_header": _name_only(),
            "single_query_argument": _name_only(),
            "uri_fragment": _one({"fallback_behavior": _opt_computed("string")}),
            "uri_path": _empty(),
        }
    )


def _match_blocks() -> dict[str, JsonObj]:
    return {"field_to_match": _field_to_match(), "text_transformation": _text_transformation()}


# ----------------------------------------------------------------- statements


def leaf_statements() -> dict[str, JsonObj]:
    """The ten statements allowed at every level (schemas.go ``*StatementSchema()``)."""
    return {
        "asn_match_statement": _one(
            {"asn_list": _req(["list", "number"])}, {"forwarded_ip_config": _forwarded_ip_config()}
        ),
        "byte_match_statement": _one(
            {"positional_constraint": _req("string"), "search_string": _req("string")}, _match_blocks()
        ),
        "geo_match_statement": _one(
            {"country_codes": _req(["list", "string"])}, {"forwarded_ip_config": _forwarded_ip_config()}
        ),
        "ip_set_reference_statement": _one(
            {"arn": _req("string")},
            {
                "ip_set_forwarded_ip_config": _one(
                    {
                        "fallback_behavior": _req("string"),
                        "header_name": _req("string"),
                        "position": _req("string"),
                    }
                )
            },
        ),
        "label_match_statement": _one({"key": _req("string"), "scope": _req("string")}),
        "regex_match_statement": _one({"regex_string": _req("string")}, _match_blocks()),
        "regex_pattern_set_reference_statement": _one({"arn": _req("string")}, _match_blocks()),
        "size_constraint_statement": _one(
            {"comparison_operator": _req("string"), "size": _req("number")}, _match_blocks()
        ),
        "sqli_match_statement": _one({"sensitivity_level": _opt("string")}, _match_blocks()),
        "xss_match_statement": _one(None, _match_blocks()),
    }


def logical_statement(level: int) -> JsonObj:
    """``statementSchema(level)``: the body of one AND/OR/NOT statement block."""
    if level < 1:
        raise ValueError(f"statement levels start at 1, got {level}")
    inner = leaf_statements()
    if level > 1:
        for op in LOGICAL_STATEMENTS:
            inner[op] = logical_statement(level - 1)
    return _one(blocks={"statement": _nested(_body(blocks=inner), required=True)})


def scope_down_statement(level: int) -> JsonObj:
    """``scopeDownStatementSchema(level)``."""
    blocks = leaf_statements()
    for op in LOGICAL_STATEMENTS:
        blocks[op] = logical_statement(level)
    return _one(blocks=blocks)


def _rule_action_override(actions: Mapping[str, JsonObj]) -> JsonObj:
    return _nested(
        _body(
            {"name": _req("string")},
            {"action_to_use": _one(blocks={k: copy.deepcopy(actions[k]) for k in ACTION_BLOCKS}, required=True)},
        ),
        max_items=100,
    )


def _rate_based_statement(level: int) -> JsonObj:
    with_transformation = {"text_transformation": _text_transformation()}
    custom_key = _nested(
        _body(
            blocks={
                "asn": _empty(),
                "cookie": _one({"name": _req("string")}, with_transformation),
                "forwarded_ip": _empty(),
                "header": _one({"name": _req("string")}, with_transformation),
                "http_method": _empty(),
                "ip": _empty(),
                "ja3_fingerprint": _ja_fingerprint(),
                "ja4_fingerprint": _ja_fingerprint(),
                "label_namespace": _one({"namespace": _req("string")}),
                "query_argument": _one({"name": _req("string")}, with_transformation),
                "query_string": _one(blocks=with_transformation),
                "uri_path": _one(blocks=with_transformation),
            }
        ),
        min_items=1,  # Optional: dropped, as SDKv2 does
        max_items=5,
    )
    return _one(
        {
            "aggregate_key_type": _opt("string"),
            "evaluation_window_sec": _opt("number"),
            "limit": _req("number"),
        },
        {
            "custom_key": custom_key,
            "forwarded_ip_config": _forwarded_ip_config(),
            "scope_down_statement": scope_down_statement(level - 1),
        },
    )


def _identifier_field(required: bool = False) -> JsonObj:
    return _one({"identifier": _req("string")}, required=required)


def _identifiers_field() -> JsonObj:
    return _one({"identifiers": _req(["list", "string"])})


def _response_inspection() -> JsonObj:
    return _one(
        blocks={
            "body_contains": _one(
                {"failure_strings": _req(["set", "string"]), "success_strings": _req(["set", "string"])}
            ),
            "header": _one(
                {
                    "failure_values": _req(["set", "string"]),
                    "name": _req("string"),
                    "success_values": _req(["set", "string"]),
                }
            ),
            "json": _one(
                {
                    "failure_values": _req(["set", "string"]),
                    "identifier": _req("string"),
                    "success_values": _req(["set", "string"]),
                }
            ),
            "status_code": _one({"failure_codes": _req(["set", "number"]), "success_codes": _req(["set", "number"])}),
        }
    )


def _managed_rule_group_configs() -> JsonObj:
    return _nested(
        _body(
            {"login_path": _opt("string"), "payload_type": _opt("string")},
            {
                "aws_managed_rules_acfp_rule_set": _one(
                    {
                        "creation_path": _req("string"),
                        "enable_regex_in_path": _opt_computed("bool"),
                        "registration_page_path": _req("string"),
                    },
                    {
                        "request_inspection": _one(
                            {"payload_type": _req("string")},
                            {
                                "address_fields": _identifiers_field(),
                                "email_field": _identifier_field(),
                                "password_field": _identifier_field(),
                                "phone_number_fields": _identifiers_field(),
                                "username_field": _identifier_field(),
                            },
                            required=True,
                        ),
                        "response_inspection": _response_inspection(),
                    },
                ),
                "aws_managed_rules_anti_ddos_rule_set": _one(
                    {"sensitivity_to_block": _opt("string")},
                    {
                        "client_side_action_config": _one(
                            blocks={
                                "challenge": _one(
                                    {"sensitivity": _opt("string"), "usage_of_action": _req("string")},
                                    {
                                        "exempt_uri_regular_expression": _nested(
                                            _body({"regex_string": _opt("string")}), max_items=5
                                        )
                                    },
                                    required=True,
                                )
                            },
                            required=True,
                        )
                    },
                ),
                "aws_managed_rules_atp_rule_set": _one(
                    {"enable_regex_in_path": _opt_computed("bool"), "login_path": _req("string")},
                    {
                        "request_inspection": _one(
                            {"payload_type": _req("string")},
                            {
                                "password_field": _identifier_field(required=True),
                                "username_field": _identifier_field(required=True),
                            },
                        ),
                        "response_inspection": _response_inspection(),
                    },
                ),
                "aws_managed_rules_bot_control_rule_set": _one(
                    {"enable_machine_learning": _opt_computed("bool"), "inspection_level": _req("string")}
                ),
                "password_field": _identifier_field(),
                "username_field": _identifier_field(),
            },
        )
    )


def _managed_rule_group_statement(level: int, actions: Mapping[str, JsonObj]) -> JsonObj:
    return _one(
        {"name": _req("string"), "vendor_name": _req("string"), "version": _opt_computed("string")},
        {
            "managed_rule_group_configs": _managed_rule_group_configs(),
            "rule_action_override": _rule_action_override(actions),
            "scope_down_statement": scope_down_statement(level - 1),
        },
    )


def root_statement(owner: str, actions: Mapping[str, JsonObj], level: int = ROOT_STATEMENT_LEVEL) -> JsonObj:
    """``rule.statement`` of a web ACL (``owner="web_acl"``) or a rule group (``"rule_group"``)."""
    if owner not in ("web_acl", "rule_group"):
        raise ValueError(f"owner must be 'web_acl' or 'rule_group', got {owner!r}")
    blocks = leaf_statements()
    for op in LOGICAL_STATEMENTS:
        blocks[op] = logical_statement(level)
    blocks["rate_based_statement"] = _rate_based_statement(level)
    if owner == "web_acl":
        blocks["managed_rule_group_statement"] = _managed_rule_group_statement(level, actions)
        blocks["rule_group_reference_statement"] = _one(
            {"arn": _req("string")}, {"rule_action_override": _rule_action_override(actions)}
        )
    return _one(blocks=blocks, required=True)


# ----------------------------------------------------------------- depth (for checks)


def logical_depth(statement_body: JsonObj) -> int:
    """How many AND/OR/NOT levels can be nested below a statement block body."""
    depths = [0]
    for op in LOGICAL_STATEMENTS:
        bt = statement_body.get("block_types", {}).get(op)
        if bt is None:
            continue
        inner = bt["block"].get("block_types", {}).get("statement")
        depths.append(1 + (logical_depth(inner["block"]) if inner else 0))
    return max(depths)


# ----------------------------------------------------------------- patching


def _rule_body(schema: JsonObj, tf_type: str) -> JsonObj:
    try:
        return schema["block"]["block_types"]["rule"]["block"]
    except KeyError as e:
        raise ExtractionError(f"{tf_type}: no `rule` block in the extracted schema") from e


def rebuild_rule_statement(schema: JsonObj, tf_type: str) -> None:
    """Replace the ``rule.statement`` ``any`` attribute of ``aws_wafv2_web_acl`` /
    ``aws_wafv2_rule_group`` by the real nested blocks (in place)."""
    owner = FLATTENED_RULE_STATEMENT[tf_type]
    rule = _rule_body(schema, tf_type)
    flat = rule.get("attributes", {}).get("statement")
    if flat is None or flat.get("type") != "dynamic":
        raise ExtractionError(f"{tf_type}: expected rule.statement as a flattened `dynamic` attribute, found {flat!r}")
    try:
        action = rule["block_types"]["action"]["block"]["block_types"]
        actions = {k: action[k] for k in ACTION_BLOCKS}
    except KeyError as e:
        raise ExtractionError(f"{tf_type}: rule.action lacks the block {e}") from e
    del rule["attributes"]["statement"]
    rule.setdefault("block_types", {})["statement"] = root_statement(owner, actions)


def rebuild_framework_statement(schema: JsonObj, tf_type: str = FOLDED_STATEMENT) -> None:
    """Unfold the recursive ``statement`` of ``aws_wafv2_web_acl_rule`` to its real depth
    (in place), reusing the statement kinds the bindings give for the top level."""
    try:
        top = schema["block"]["block_types"]["statement"]
    except KeyError as e:
        raise ExtractionError(f"{tf_type}: no top-level `statement` block") from e
    top_blocks: dict[str, Any] = top["block"].get("block_types", {})
    missing = [op for op in LOGICAL_STATEMENTS if op not in top_blocks]
    if missing:
        raise ExtractionError(f"{tf_type}: statement lacks {missing}")
    for op in LOGICAL_STATEMENTS:
        inner = top_blocks[op]["block"].get("block_types", {}).get("statement")
        if inner is None or inner["block"].get("block_types"):
            raise ExtractionError(f"{tf_type}: statement.{op}.statement is not a folded (empty) recursion")
    kinds = {k: v for k, v in top_blocks.items() if k not in LOGICAL_STATEMENTS}
    wrappers = {op: top_blocks[op] for op in LOGICAL_STATEMENTS}

    def level(n: int) -> JsonObj:
        blocks = copy.deepcopy(kinds)
        if n > 0:
            for op, wrapper in wrappers.items():
                w = copy.deepcopy(wrapper)
                w["block"]["block_types"]["statement"]["block"] = level(n - 1)
                blocks[op] = w
        body = {k: v for k, v in top["block"].items() if k != "block_types"}
        body["block_types"] = blocks
        return body

    top["block"] = level(FRAMEWORK_STATEMENT_MAX_LEVEL)


def rebuild_all(resource_schemas: dict[str, JsonObj]) -> list[str]:
    """Rebuild every known WAFv2 statement subtree present in ``resource_schemas`` (in place).
    Returns the rebuilt resource types."""
    done = []
    for tf_type in sorted(FLATTENED_RULE_STATEMENT):
        if tf_type in resource_schemas:
            rebuild_rule_statement(resource_schemas[tf_type], tf_type)
            done.append(tf_type)
    if FOLDED_STATEMENT in resource_schemas:
        rebuild_framework_statement(resource_schemas[FOLDED_STATEMENT])
        done.append(FOLDED_STATEMENT)
    return sorted(done)
