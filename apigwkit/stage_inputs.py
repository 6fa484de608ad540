"""The stage inputs the API modules share, written once: ``modules/_shared/stage_inputs.tf.tmpl``.

``http_api``, ``rest_api`` and ``websocket_api`` take the same throttling, access-log, logging-role, IP address type
and custom-domain inputs; ``http_api``, ``rest_api`` and ``domain`` the same table of TLS security policies, and
``rest_api`` and ``domain`` the same TLS inputs and private-domain policy and VPC endpoint associations.
Written by hand in each module they drifted; now ``make docs`` writes each module's ``stage_inputs.tf`` from the one
template, with the few words that differ per module (below), and a test fails when a generated file is stale. Edit
the template (or the words here), then run ``make docs``.

The template is HCL cut into sections by ``#@ name`` lines; ``{{word}}`` is replaced by the module's word (a word
the module does not define is an error, so a typo cannot reach a module).
"""

from __future__ import annotations

import re
from pathlib import Path

from apigwkit.engine.workspace import REPO_ROOT

TEMPLATE = Path("modules/_shared/stage_inputs.tf.tmpl")
GENERATED = "stage_inputs.tf"

_WORDS_LOG_GROUPS_PER_STAGE = "one log group per stage (/aws/apigateway/NAME/STAGE)"
_WORDS_IPV4_DEFAULT = "ipv4, AWS's default"
_WORDS_API_ENDPOINT = "the API's default endpoint"

# Each module: the sections it takes, in order, and its words.
MODULES: dict[str, tuple[tuple[str, ...], dict[str, str]]] = {
    "http_api": (
        ("throttling", "access_logs", "ip_address_type", "domain", "tls_policies"),
        {
            "domain_kind": "a REGIONAL domain (aws_apigatewayv2_domain_name)",
            "domain_policy_default": "TLS_1_2, the only policy HTTP API domains take",
            "domain_ip_default": _WORDS_IPV4_DEFAULT,
            "ip_endpoint": _WORDS_API_ENDPOINT,
            "ip_default": _WORDS_IPV4_DEFAULT,
            "throttled": "every stage's routes (a stage's or route's own throttling overrides it)",
            "logged": "every stage",
            "log_groups": _WORDS_LOG_GROUPS_PER_STAGE,
            "log_groups_also": "",
            "access_logs_note": "",
            "default_log_fields": "requestId, ip, routeKey, status, latency, errors",
        },
    ),
    "rest_api": (
        (
            "throttling",
            "access_logs",
            "cloudwatch_role_arn",
            "ip_address_type",
            "tls_inputs",
            "domain",
            "private_domain",
            "tls_policies",
        ),
        {
            "ip_endpoint": _WORDS_API_ENDPOINT,
            "tls_endpoint": _WORDS_API_ENDPOINT,
            "tls_default": "the strictest its endpoint type takes, SecurityPolicy_TLS13_1_3_2025_09 for REGIONAL and "
            "PRIVATE, SecurityPolicy_TLS13_2025_EDGE for EDGE: TLS 1.3 only; TLS_1_2 or another SecurityPolicy_* "
            "policy to accept TLS 1.2 clients",
            "domain_kind": "a REGIONAL domain, or for a PRIVATE API a private one that only its VPC endpoints reach "
            "(the module writes its policy and access associations)",
            "domain_policy_default": "the strictest the domain takes, SecurityPolicy_TLS13_1_3_2025_09 (TLS 1.3 only); "
            "TLS_1_2 with mutual_tls, which enhanced policies exclude",
            "domain_ip_default": "ipv4 for a REGIONAL domain; a private domain is always dualstack",
            "ip_default": "ipv4 for EDGE and REGIONAL APIs, dualstack for PRIVATE ones (the only type AWS gives them)",
            "throttled": "every method of every stage (a stage's or method's own throttling overrides it)",
            "logged": "every stage",
            "log_groups": _WORDS_LOG_GROUPS_PER_STAGE,
            "log_groups_also": " (the same retention and key apply to the execution log groups)",
            "access_logs_note": " REST API logging needs the region's account-level CloudWatch role: see "
            "cloudwatch_role_arn.",
            "default_log_fields": "requestId, ip, resourcePath, status, latency, errors",
            "api": "REST API",
            "logging_off": 'logging_level = \\"OFF\\" on every stage',
        },
    ),
    "websocket_api": (
        ("throttling", "cloudwatch_role_arn", "access_logs", "ip_address_type"),
        {
            "ip_endpoint": _WORDS_API_ENDPOINT,
            "ip_default": _WORDS_IPV4_DEFAULT,
            "throttled": "every route of the stage (a route's own throttling overrides it)",
            "logged": "the stage (one line per connect, message and disconnect: connectionId, eventType, routeKey, "
            "status, requestId, ...)",
            "log_groups": "the log group /aws/apigateway/NAME/STAGE",
            "log_groups_also": "",
            "access_logs_note": " WebSocket API logging needs the region's account-level CloudWatch role: see "
            "cloudwatch_role_arn.",
            "default_log_fields": "requestId, connectionId, eventType, routeKey, status, ...",
            "api": "WebSocket API",
            "logging_off": 'stage.logging_level = \\"OFF\\"',
        },
    ),
    "domain": (
        ("ip_address_type", "tls_inputs", "private_domain", "tls_policies"),
        {
            "ip_endpoint": "the domain",
            "ip_default": "ipv4 for public domains; a PRIVATE domain is always dualstack",
            "tls_endpoint": "the domain",
            "tls_default": "the strictest the domain takes: SecurityPolicy_TLS13_1_3_2025_09 for REGIONAL and "
            "PRIVATE, SecurityPolicy_TLS13_2025_EDGE for EDGE, both TLS 1.3 only; TLS_1_2 when the domain has "
            "mutual_tls or maps an HTTP API, which enhanced policies exclude",
        },
    ),
}

_SECTION = re.compile(r"^#@ (\w+)\n", re.M)
_WORD = re.compile(r"\{\{(\w+)\}\}")


def sections(template: str) -> dict[str, str]:
    """The template's sections by name (each one's HCL, without its ``#@`` line)."""
    parts = _SECTION.split(template)
    return {name: body.strip() + "\n" for name, body in zip(parts[1::2], parts[2::2], strict=True)}


def render(module: str, template: str) -> str:
    names, words = MODULES[module]
    available = sections(template)

    def word(match: re.Match[str]) -> str:
        if match.group(1) not in words:
            raise KeyError(f"{TEMPLATE}: {{{{{match.group(1)}}}}} has no word for module {module}")
        return words[match.group(1)]

    header = (
        f"# Generated by `make docs` from {TEMPLATE} (apigwkit/stage_inputs.py): do not edit here.\n"
        "# The inputs the API modules and modules/domain share, written once.\n"
    )
    return header + "\n" + "\n".join(_WORD.sub(word, available[name]) for name in names)


def stale(root: Path = REPO_ROOT, *, write: bool) -> list[Path]:
    """The generated files that differ from the template (rewritten when ``write``)."""
    template = (root / TEMPLATE).read_text()
    changed = []
    for module in MODULES:
        path = root / "modules" / module / GENERATED
        text = render(module, template)
        if not path.is_file() or path.read_text() != text:
            changed.append(path)
            if write:
                path.write_text(text)
    return changed
