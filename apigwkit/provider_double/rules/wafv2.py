"""WAFv2: ``internal/service/wafv2/``.

Read for issue 17e: ``schemas.go`` whole (the newest stored form, aws-sdk-go-v2, 45 780 characters), the schema of
``web_acl.go`` (aws-sdk-go-v2, with ``rule_json``) and of ``rule_group.go`` (an aws-sdk-go v1 form). Every number
attribute of the web ACL and the rule group is a ``TypeInt`` there (``floats=()``): ``capacity``, ``rule{}.priority``,
``text_transformation{}.priority``, ``size_constraint_statement[].size``, ``rate_based_statement[].limit`` and
``evaluation_window_sec``, ``immunity_time``, ``custom_response[].response_code``, the ACFP/ATP ``status_code[]``
``failure_codes``/``success_codes`` (sets of TypeInt). One exception is newer than every stored file:
``asn_match_statement[].asn_list`` (6.x), typed from botocore (``AsnList``: a list of ``long``, 0–4294967295) — the
only attribute not read from the provider source. ``rate_based_statement[].limit``'s lower bound is 10 since provider
PR #39107 (2024-09, "rate_based_statement limit now manage values from 10"); the stored ``schemas.go`` predates it
(100). Not reproduced: nested ``Default``s inside the ``rule`` set (``evaluation_window_sec`` 300,
``aggregate_key_type`` "IP", ``oversize_handling`` "CONTINUE"), the string validators of statements and
``field_to_match``. ``ip_set``, ``regex_pattern_set``, ``web_acl_association`` and ``web_acl_logging_configuration``
have no number attribute in the served schema."""

from __future__ import annotations

from collections.abc import Iterator

from apigwkit.provider_double.checks import Enum, IntAtLeast, IntBetween, IntInSlice
from apigwkit.provider_double.rules.kinds import Diag, Row, Type, Value

_DIR = "internal/service/wafv2/"
_ROOT_LEVEL = 3  # webACLRootStatementSchemaLevel / ruleGroupRootStatementSchemaLevel


def _statements(prefix: str, level: int) -> Iterator[str]:
    """Every statement block under ``prefix`` (``statementSchema(level)``: and/not/or nest ``level`` deep)."""
    yield prefix
    if level:
        for kind in ("and", "not", "or"):
            yield from _statements(f"{prefix}{kind}_statement[].statement[].", level - 1)


def _statement_rows(root: str, scope_downs: tuple[str, ...]) -> tuple[Row, ...]:
    """The number validators of every statement: the root's tree and each scope-down statement's (level - 1)."""
    nodes = [*_statements(root, _ROOT_LEVEL)]
    for statement in scope_downs:
        nodes += _statements(f"{root}{statement}[].scope_down_statement[].", _ROOT_LEVEL - 1)
    return (
        # sizeConstraintSchema: validation.IntBetween(0, math.MaxInt32)
        *(Value(f"{node}size_constraint_statement[].size", IntBetween(0, 2147483647)) for node in nodes),
        Value(f"{root}rate_based_statement[].evaluation_window_sec", IntInSlice((60, 120, 300, 600))),
        Value(f"{root}rate_based_statement[].limit", IntBetween(10, 2000000000)),
    )


def _response_codes(*blocks: str) -> tuple[Row, ...]:
    """customResponseSchema: ``response_code`` is validation.IntBetween(200, 600)."""
    return tuple(Value(f"{block}block[].custom_response[].response_code", IntBetween(200, 600)) for block in blocks)


RESOURCES: dict[str, Type] = {
    "aws_wafv2_web_acl": Type(
        _DIR + "web_acl.go",
        (
            Diag("scope", Enum("wafv2", "Scope")),
            *_statement_rows("rule{}.statement[].", ("managed_rule_group_statement", "rate_based_statement")),
            *_response_codes(
                "default_action[].",
                "rule{}.action[].",
                "rule{}.statement[].managed_rule_group_statement[].rule_action_override[].action_to_use[].",
                "rule{}.statement[].rule_group_reference_statement[].rule_action_override[].action_to_use[].",
            ),
        ),
        floats=(),
    ),
    "aws_wafv2_rule_group": Type(
        _DIR + "rule_group.go",
        (
            Value("capacity", IntAtLeast(1)),
            Diag("scope", Enum("wafv2", "Scope")),
            *_statement_rows("rule{}.statement[].", ("rate_based_statement",)),
            *_response_codes("rule{}.action[]."),
        ),
        floats=(),
    ),
    "aws_wafv2_ip_set": Type(
        _DIR + "ip_set.go",
        (
            Diag("ip_address_version", Enum("wafv2", "IPAddressVersion")),
            Diag("scope", Enum("wafv2", "Scope")),
        ),
    ),
    "aws_wafv2_web_acl_association": Type(_DIR + "web_acl_association.go"),
    "aws_wafv2_web_acl_logging_configuration": Type(_DIR + "web_acl_logging_configuration.go"),
}
