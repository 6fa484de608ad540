"""apigwkit/local/domains.py without a server: value globs, routing rules, and the order a domain tries them in."""

from __future__ import annotations

import pytest
from multidict import CIMultiDict, CIMultiDictProxy

from apigwkit.local.domains import (
    MAPPINGS_ONLY,
    RULES_ONLY,
    RULES_THEN_MAPPINGS,
    CustomDomain,
    RoutingRule,
    glob_matches,
)


def headers(**values: str) -> CIMultiDictProxy[str]:
    return CIMultiDictProxy(CIMultiDict({k.replace("_", "-"): v for k, v in values.items()}))


@pytest.mark.parametrize(
    ("glob", "value", "matches"),
    [
        ("a*", "alpha", True),  # prefix: the docs' x-version: a* matches alpha and account
        ("a*", "beta", False),
        ("*a", "beta", True),  # suffix
        ("*a", "alpha2", False),
        ("*eta*", "betamax", True),  # contains
        ("*eta*", "alpha", False),
        ("World", "World", True),  # a literal
        ("World", "world", False),  # values match case-sensitively
    ],
)
def test_value_globs_match_as_the_routing_rules_docs_say(glob, value, matches):
    assert glob_matches(glob, value) is matches


def rule(priority: int, *, headers=(), base_paths=(), strip=False, api="v2") -> RoutingRule:
    return RoutingRule(f"r{priority}", priority, tuple(headers), tuple(base_paths), api, "prod", strip)


def test_a_rule_needs_every_header_and_one_of_its_base_paths_and_strips_only_when_told():
    both = rule(1, headers=[("x-api-version", "2*"), ("x-cell", "*blue*")], base_paths=["orders", "latest/orders"])
    assert both.route("/orders/7", headers(x_api_version="2.1", x_cell="cell-blue-1")).path == "/orders/7"
    assert both.route("/orders/7", headers(X_API_VERSION="2.1", x_cell="blue")) is not None  # names in any case
    assert both.route("/orders/7", headers(x_api_version="2.1")) is None  # one header missing
    assert both.route("/users", headers(x_api_version="2", x_cell="blue")) is None  # no base path matches
    assert both.route("/ordersx", headers(x_api_version="2", x_cell="blue")) is None  # whole segments only
    stripped = rule(2, base_paths=["orders", "latest/orders"], strip=True)
    assert stripped.route("/latest/orders/7", headers()).path == "/7"
    assert stripped.route("/orders", headers()).path == "/"


def domain(mode: str) -> CustomDomain:
    return CustomDomain(
        "api.example.com",
        mode,
        rules=[rule(10, headers=[("x-api-version", "2*")]), rule(20, base_paths=["latest"], strip=True)],
        mappings={"v1": ("v1", "prod"), "v1/admin": ("admin", "prod"), "": ("root", "prod")},
    )


def test_rules_go_first_in_priority_order_then_the_longest_mapping():
    d = domain(RULES_THEN_MAPPINGS)
    first = d.route("/v1/orders", headers(x_api_version="2"))
    assert (first.api_id, first.path, first.via) == ("v2", "/v1/orders", "routing rule r10 (priority 10)")
    admin = d.route("/v1/admin/users", headers())
    assert (admin.api_id, admin.path) == ("admin", "/users")
    assert d.route("/v1/orders", headers()).api_id == "v1"
    assert (d.route("/other", headers()).api_id, d.route("/other", headers()).path) == ("root", "/other")


def test_the_routing_mode_says_which_kind_may_route():
    assert domain(MAPPINGS_ONLY).route("/latest/x", headers(x_api_version="2")).api_id == "root"
    only_rules = domain(RULES_ONLY)
    assert only_rules.route("/latest/x", headers()).path == "/x"
    assert only_rules.route("/v1/orders", headers()) is None  # mappings never route: the caller gets 403
