"""AWS WAF match statements, the request components they inspect and the text transformations applied first.

The statements and their fields are those of the WAFv2 API reference (``Statement``, ``FieldToMatch``,
``TextTransformation``, https://docs.aws.amazon.com/waf/latest/APIReference/API_Statement.html), read in the shape
Terraform records them (``byte_match_statement``, ``field_to_match``, ...: one-element lists of blocks).

SQL injection and cross-site scripting matches use libinjection (the ``libinjection-python`` bindings), the detection
library that ModSecurity's CRS also calls; AWS does not publish its own detector, so a borderline string may be judged
differently, and ``sensitivity_level`` (LOW or HIGH) has no counterpart in libinjection: both levels use it as is.

What needs information a local run does not have raises ``NotEvaluable`` (the rule is then reported as not
evaluated): ASN matches, TLS fingerprints (JA3/JA4), the header order and the URI fragment (neither reaches a server).
A request's country comes from the ``x-apigwkit-country`` header (ISO 3166 alpha-2, e.g. ``KR``): there is no
geolocation database offline, and every local request comes from 127.0.0.1.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import html
import ipaddress
import json
import posixpath
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qsl, unquote, unquote_to_bytes

import libinjection  # libinjection-python: SQLi and XSS detection (see the module docstring)

COUNTRY_HEADER = "x-apigwkit-country"
# association_config.request_body.api_gateway.default_size_inspection_limit: what WAF reads of a body
BODY_LIMITS = {"KB_16": 16 * 1024, "KB_32": 32 * 1024, "KB_48": 48 * 1024, "KB_64": 64 * 1024}


class NotEvaluable(Exception):
    """A statement this local run cannot evaluate; the message says why."""


@dataclass
class WafRequest:
    """What AWS WAF sees of a request: the URI as the client sent it (with the stage), the raw query string."""

    method: str
    uri: str
    query: str
    headers: list[tuple[str, str]]
    body: bytes
    client_ip: str
    request_id: str = ""
    http_version: str = "HTTP/1.1"
    labels: list[str] = field(default_factory=list)  # added by the rules that matched so far, in order

    def header(self, name: str) -> str | None:
        wanted = name.lower()
        values = [v for k, v in self.headers if k.lower() == wanted]
        return values[0] if values else None

    @property
    def country(self) -> str:
        return (self.header(COUNTRY_HEADER) or "-").strip().upper() or "-"

    @property
    def cookies(self) -> list[tuple[str, str]]:
        pairs = []
        for header in (v for k, v in self.headers if k.lower() == "cookie"):
            for part in header.split(";"):
                name, _, value = part.strip().partition("=")
                if name:
                    pairs.append((name, value))
        return pairs


@dataclass
class Inspection:
    """One evaluation of a rule's statement: the request, the body limit, and SQLi/XSS match details found."""

    request: WafRequest
    ip_sets: Mapping[str, Mapping[str, Any]]  # ARN -> aws_wafv2_ip_set values
    regex_sets: Mapping[str, Mapping[str, Any]]  # ARN -> aws_wafv2_regex_pattern_set values
    label_namespace: str  # awswaf:ACCOUNT:webacl:NAME:
    body_limit: int = BODY_LIMITS["KB_16"]
    details: list[dict[str, Any]] = field(default_factory=list)


def one(blocks: Any) -> Mapping[str, Any] | None:
    """The single nested block Terraform stores as a one-element list (None when absent or empty)."""
    if isinstance(blocks, list):
        return blocks[0] if blocks and isinstance(blocks[0], Mapping) else ({} if blocks else None)
    return blocks if isinstance(blocks, Mapping) else None


def kind_of(statement: Mapping[str, Any]) -> tuple[str, Mapping[str, Any]]:
    """The statement's one set block: (``byte_match_statement``, its values)."""
    for key, value in statement.items():
        if key.endswith("_statement") and isinstance(value, list) and value:
            return key, value[0] if isinstance(value[0], Mapping) else {}
    raise NotEvaluable("an empty statement")


_FIELDS = {"uri_path", "query_string", "method", "single_header", "single_query_argument", "all_query_arguments",
           "body", "json_body", "headers", "cookies"}  # fmt: skip


# evaluated by the web ACL itself (acl.py), or a block holding a statement rather than one
_CONTAINERS = {"rate_based_statement", "scope_down_statement"}


def unevaluable(statement: Mapping[str, Any]) -> str | None:
    """Why ``statement`` (or a statement, field or transformation inside it) cannot be evaluated here, else None."""
    for key, value in statement.items():
        blocks = value if isinstance(value, list) else []
        if key.endswith("_statement") and blocks and key not in _STATEMENTS and key not in _CONTAINERS:
            return f"{key} is not evaluated locally"
        if key == "asn_match_statement" and blocks:
            return _ASN
        if key == "field_to_match" and blocks:
            kinds = _set_keys(one(blocks) or {})
            if kinds and kinds[0] not in _FIELDS:
                return f"field_to_match {kinds[0]} is not evaluated locally"
        if key == "text_transformation":
            unknown = [str(t.get("type")) for t in blocks if str(t.get("type")) not in TRANSFORMATIONS]
            if unknown:
                return f"text transformation {unknown[0]} is not evaluated locally"
        for block in blocks:
            if isinstance(block, Mapping):
                found = unevaluable(block)
                if found:
                    return found
    return None


def matches(statement: Mapping[str, Any], inspection: Inspection) -> bool:
    kind, body = kind_of(statement)
    evaluate = _STATEMENTS.get(kind)
    if evaluate is None:
        raise NotEvaluable(f"{kind} is not evaluated locally")
    try:
        return evaluate(body, inspection)
    except _ForcedMatch:  # an oversize body handled as MATCH: this statement matches without being read
        return True


# --------------------------------------------------------------------------- logical statements


def _and(body: Mapping[str, Any], inspection: Inspection) -> bool:
    return all(matches(s, inspection) for s in body.get("statement") or [])


def _or(body: Mapping[str, Any], inspection: Inspection) -> bool:
    return any(matches(s, inspection) for s in body.get("statement") or [])


def _not(body: Mapping[str, Any], inspection: Inspection) -> bool:
    (statement,) = body.get("statement") or [{}]
    return not matches(statement, inspection)


# --------------------------------------------------------------------------- string, regex, size, SQLi, XSS


def _byte_match(body: Mapping[str, Any], inspection: Inspection) -> bool:
    wanted = str(body.get("search_string") or "")
    test = _POSITIONS[str(body.get("positional_constraint") or "EXACTLY")]
    return any(test(value, wanted) for _, value in transformed(body, inspection))


_POSITIONS: dict[str, Callable[[str, str], bool]] = {
    "EXACTLY": lambda value, wanted: value == wanted,
    "STARTS_WITH": lambda value, wanted: value.startswith(wanted),
    "ENDS_WITH": lambda value, wanted: value.endswith(wanted),
    "CONTAINS": lambda value, wanted: wanted in value,
    # "preceded and followed by a character that's not alphanumeric or underscore", or the value's ends
    "CONTAINS_WORD": lambda value, wanted: (
        re.search(rf"(?<![A-Za-z0-9_]){re.escape(wanted)}(?![A-Za-z0-9_])", value) is not None
    ),
}


def _regex_match(body: Mapping[str, Any], inspection: Inspection) -> bool:
    pattern = _regex(str(body.get("regex_string") or ""))
    return any(pattern.search(value) for _, value in transformed(body, inspection))


def _regex_set(body: Mapping[str, Any], inspection: Inspection) -> bool:
    arn = str(body.get("arn") or "")
    pattern_set = inspection.regex_sets.get(arn)
    if pattern_set is None:
        raise NotEvaluable(f"regex pattern set {arn} is not in the state")
    patterns = [_regex(str(r.get("regex_string") or "")) for r in pattern_set.get("regular_expression") or []]
    return any(p.search(value) for _, value in transformed(body, inspection) for p in patterns)


@lru_cache(maxsize=256)
def _regex(source: str) -> re.Pattern[str]:
    return re.compile(source)


_COMPARISONS: dict[str, Callable[[int, int], bool]] = {
    "EQ": lambda a, b: a == b,
    "NE": lambda a, b: a != b,
    "LE": lambda a, b: a <= b,
    "LT": lambda a, b: a < b,
    "GE": lambda a, b: a >= b,
    "GT": lambda a, b: a > b,
}


def _size(body: Mapping[str, Any], inspection: Inspection) -> bool:
    compare = _COMPARISONS[str(body.get("comparison_operator") or "EQ")]
    size = int(body.get("size") or 0)
    fields = one(body.get("field_to_match")) or {}
    if "body" in _set_keys(fields):  # the body's size is its whole length, not the inspected part's
        request = inspection.request
        value = apply_transformations(request.body.decode("utf-8", "replace"), body.get("text_transformation"))
        return compare(len(value.encode()), size)
    return any(compare(len(value.encode()), size) for _, value in transformed(body, inspection))


def _sqli(body: Mapping[str, Any], inspection: Inspection) -> bool:
    for location, value in transformed(body, inspection):
        found = libinjection.is_sql_injection(value)
        if found["is_sqli"]:
            tokens = [t["val"].decode("utf-8", "replace") for t in found["token_vector"] if t["val"]]
            inspection.details.append(
                _detail("SQL_INJECTION", location, tokens, str(body.get("sensitivity_level") or "LOW"))
            )
            return True
    return False


def _xss(body: Mapping[str, Any], inspection: Inspection) -> bool:
    for location, value in transformed(body, inspection):
        if libinjection.is_xss(value)["is_xss"]:
            inspection.details.append(_detail("XSS", location, _xss_tokens(value), None))
            return True
    return False


def _detail(condition: str, location: tuple[str, str | None], data: list[str], level: str | None) -> dict[str, Any]:
    """One entry of the log's ``terminatingRuleMatchDetails`` (filled for SQLi and XSS matches only, as in AWS)."""
    place, name = location
    detail: dict[str, Any] = {"conditionType": condition, "location": place, "matchedData": data}
    if level is not None:
        detail["sensitivityLevel"] = level
    if name is not None:
        detail["matchedFieldName"] = name
    return detail


def _xss_tokens(value: str) -> list[str]:
    return re.findall(r"<|>|[A-Za-z_][A-Za-z0-9_-]*|=", value)[:4]


# --------------------------------------------------------------------------- addresses, countries, labels


def _ip_set(body: Mapping[str, Any], inspection: Inspection) -> bool:
    arn = str(body.get("arn") or "")
    ip_set = inspection.ip_sets.get(arn)
    if ip_set is None:
        raise NotEvaluable(f"IP set {arn} is not in the state")
    networks = _networks(tuple(str(a) for a in ip_set.get("addresses") or []))
    forwarded = one(body.get("ip_set_forwarded_ip_config"))
    if forwarded:
        candidates = forwarded_ips(inspection.request, forwarded)
        if candidates is None:
            return str(forwarded.get("fallback_behavior") or "NO_MATCH") == "MATCH"
        position = str(forwarded.get("position") or "FIRST")
        chosen = candidates if position == "ANY" else [candidates[0] if position == "FIRST" else candidates[-1]]
        return any(_in(ip, networks) for ip in chosen)
    return _in(inspection.request.client_ip, networks)


@lru_cache(maxsize=64)
def _networks(addresses: tuple[str, ...]) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [ipaddress.ip_network(a, strict=False) for a in addresses]


def _in(ip: str, networks: Iterable[ipaddress.IPv4Network | ipaddress.IPv6Network]) -> bool:
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return False
    return any(address.version == n.version and address in n for n in networks)


def forwarded_ips(request: WafRequest, config: Mapping[str, Any]) -> list[str] | None:
    """The addresses of a forwarded-IP header (X-Forwarded-For by default); None when it is missing or malformed."""
    value = request.header(str(config.get("header_name") or "X-Forwarded-For"))
    if not value:
        return None
    addresses = [part.strip() for part in value.split(",") if part.strip()]
    try:
        for address in addresses:
            ipaddress.ip_address(address)
    except ValueError:
        return None
    return addresses or None


def _geo(body: Mapping[str, Any], inspection: Inspection) -> bool:
    forwarded = one(body.get("forwarded_ip_config"))
    if forwarded and forwarded_ips(inspection.request, forwarded) is None:
        return str(forwarded.get("fallback_behavior") or "NO_MATCH") == "MATCH"
    return inspection.request.country in {str(c) for c in body.get("country_codes") or []}


def _label(body: Mapping[str, Any], inspection: Inspection) -> bool:
    key = str(body.get("key") or "")
    if not key.startswith("awswaf:"):  # a key without its namespace means this web ACL's own labels
        key = inspection.label_namespace + key
    if str(body.get("scope") or "LABEL") == "NAMESPACE":
        prefix = key if key.endswith(":") else key + ":"
        return any(label.startswith(prefix) for label in inspection.request.labels)
    return key in inspection.request.labels


_ASN = "ASN match statements need AWS's IP-to-ASN data"


def _asn(body: Mapping[str, Any], inspection: Inspection) -> bool:
    raise NotEvaluable(_ASN)


_STATEMENTS: dict[str, Callable[[Mapping[str, Any], Inspection], bool]] = {
    "and_statement": _and,
    "or_statement": _or,
    "not_statement": _not,
    "byte_match_statement": _byte_match,
    "regex_match_statement": _regex_match,
    "regex_pattern_set_reference_statement": _regex_set,
    "size_constraint_statement": _size,
    "sqli_match_statement": _sqli,
    "xss_match_statement": _xss,
    "ip_set_reference_statement": _ip_set,
    "geo_match_statement": _geo,
    "label_match_statement": _label,
    "asn_match_statement": _asn,
}


# --------------------------------------------------------------------------- the request component


def _set_keys(block: Mapping[str, Any]) -> list[str]:
    return [k for k, v in block.items() if isinstance(v, list) and v]


def transformed(statement: Mapping[str, Any], inspection: Inspection) -> list[tuple[tuple[str, str | None], str]]:
    """The component a statement inspects, as (location for the log, value) pairs, each value transformed."""
    transformations = statement.get("text_transformation")
    return [
        (location, apply_transformations(value, transformations))
        for location, value in component(one(statement.get("field_to_match")) or {}, inspection)
    ]


def component(field_to_match: Mapping[str, Any], inspection: Inspection) -> list[tuple[tuple[str, str | None], str]]:
    request = inspection.request
    keys = _set_keys(field_to_match)
    if not keys:
        raise NotEvaluable("a field_to_match without a component")
    kind, options = keys[0], one(field_to_match[keys[0]]) or {}
    if kind == "uri_path":
        return [(("URI", None), request.uri)]
    if kind == "query_string":
        return [(("QUERY_STRING", None), request.query)]
    if kind == "method":
        return [(("METHOD", None), request.method)]
    if kind == "single_header":
        name = str(options.get("name") or "").lower()
        value = request.header(name)
        return [] if value is None else [(("HEADER", name), value)]
    if kind == "single_query_argument":
        name = str(options.get("name") or "").lower()
        return [
            (("SINGLE_QUERY_ARG", k), v)
            for k, v in parse_qsl(request.query, keep_blank_values=True)
            if k.lower() == name
        ]
    if kind == "all_query_arguments":
        return [(("ALL_QUERY_ARGS", None), v) for _, v in parse_qsl(request.query, keep_blank_values=True)]
    if kind in ("body", "json_body"):
        return _body(kind, options, inspection)
    if kind in ("headers", "cookies"):
        pairs = request.headers if kind == "headers" else request.cookies
        return _pattern(pairs, options, "HEADER" if kind == "headers" else "COOKIE")
    raise NotEvaluable(f"field_to_match {kind} is not evaluated locally")


def _body(kind: str, options: Mapping[str, Any], inspection: Inspection) -> list[tuple[tuple[str, str | None], str]]:
    body = inspection.request.body
    if len(body) > inspection.body_limit:
        handling = str(options.get("oversize_handling") or "CONTINUE")
        if handling == "MATCH":
            raise _ForcedMatch()
        if handling == "NO_MATCH":
            return []
        body = body[: inspection.body_limit]
    text = body.decode("utf-8", "replace")
    if kind == "body":
        return [(("BODY", None), text)]
    try:
        document = json.loads(text) if text else None
    except ValueError:
        fallback = str(options.get("invalid_fallback_behavior") or "EVALUATE_AS_STRING")
        if fallback == "MATCH":
            raise _ForcedMatch() from None
        return [] if fallback == "NO_MATCH" else [(("BODY", None), text)]
    pattern = one(options.get("match_pattern")) or {}
    scope = str(options.get("match_scope") or "ALL")
    return [(("BODY", pointer), value) for pointer, value in _json_items(document, "", pattern, scope)]


class _ForcedMatch(Exception):
    """An oversize (or invalid JSON) body whose handling is MATCH: the statement matches without inspection."""


def _json_items(document: Any, pointer: str, pattern: Mapping[str, Any], scope: str) -> list[tuple[str, str]]:
    included = [str(p) for p in pattern.get("included_paths") or []]
    items: list[tuple[str, str]] = []

    def walk(node: Any, path: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                child = f"{path}/{key}"
                if (not included or any(child.startswith(p) for p in included)) and scope in ("KEY", "ALL"):
                    items.append((child, str(key)))
                walk(value, child)
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{path}/{index}")
        elif (not included or any(path.startswith(p) for p in included)) and scope in ("VALUE", "ALL"):
            items.append((path or "/", node if isinstance(node, str) else json.dumps(node)))

    walk(document, pointer)
    return items


def _pattern(
    pairs: list[tuple[str, str]], options: Mapping[str, Any], place: str
) -> list[tuple[tuple[str, str | None], str]]:
    pattern = one(options.get("match_pattern")) or {}
    plural = "headers" if place == "HEADER" else "cookies"
    included = {str(n).lower() for n in pattern.get(f"included_{plural}") or []}
    excluded = {str(n).lower() for n in pattern.get(f"excluded_{plural}") or []}
    scope = str(options.get("match_scope") or "ALL")
    out: list[tuple[tuple[str, str | None], str]] = []
    for name, value in pairs:
        lowered = name.lower()
        if (included and lowered not in included) or lowered in excluded:
            continue
        if scope in ("KEY", "ALL"):
            out.append(((place, name), name))
        if scope in ("VALUE", "ALL"):
            out.append(((place, name), value))
    return out


# --------------------------------------------------------------------------- text transformations


def apply_transformations(value: str, transformations: Any) -> str:
    for step in sorted(transformations or [], key=lambda t: int(t.get("priority") or 0)):
        kind = str(step.get("type") or "NONE")
        transform = TRANSFORMATIONS.get(kind)
        if transform is None:
            raise NotEvaluable(f"text transformation {kind} is not evaluated locally")
        value = transform(value)
    return value


def _base64(value: str, extended: bool = False) -> str:
    text = re.sub(r"[^A-Za-z0-9+/=]", "", value) if extended else value
    try:
        return base64.b64decode(text + "=" * (-len(text) % 4)).decode("utf-8", "replace")
    except (binascii.Error, ValueError):
        return value


def _hex(value: str) -> str:
    try:
        return bytes.fromhex(value).decode("utf-8", "replace")
    except ValueError:
        return value


def _cmd_line(value: str) -> str:
    """CMD_LINE as AWS describes it: drop \\ " ' ^, drop spaces before / and (, commas and semicolons to spaces,
    runs of whitespace to one space, lower case."""
    value = re.sub(r"[\\\"'^]", "", value)
    value = re.sub(r"\s+(?=[/(])", "", value)
    value = re.sub(r"[,;]", " ", value)
    return re.sub(r"\s+", " ", value).lower()


def _normalize_path(value: str) -> str:
    if not value:
        return value
    normal = posixpath.normpath(re.sub(r"/{2,}", "/", value))
    return normal + "/" if value.endswith("/") and normal != "/" else normal


def _sql_hex(value: str) -> str:
    return re.sub(r"0x([0-9a-fA-F]+)", lambda m: _hex(m.group(1)), value)


def _escape_sequences(value: str) -> str:
    try:
        return value.encode("latin-1", "backslashreplace").decode("unicode_escape")
    except UnicodeDecodeError:
        return value


def _js_decode(value: str) -> str:
    value = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), value)
    return _escape_sequences(value)


def _css_decode(value: str) -> str:
    return re.sub(r"\\([0-9a-fA-F]{1,6})\s?", lambda m: chr(int(m.group(1), 16)), value)


def _url_decode_uni(value: str) -> str:
    return unquote(re.sub(r"%u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), value))


TRANSFORMATIONS: dict[str, Callable[[str], str]] = {
    "NONE": lambda v: v,
    "LOWERCASE": str.lower,
    "UPPERCASE": str.upper,
    "COMPRESS_WHITE_SPACE": lambda v: re.sub(r"[\t\n\r\f\v ]+", " ", v),
    "HTML_ENTITY_DECODE": html.unescape,
    "URL_DECODE": lambda v: unquote_to_bytes(v.replace("+", " ")).decode("utf-8", "replace"),
    "URL_DECODE_UNI": _url_decode_uni,
    "BASE64_DECODE": _base64,
    "BASE64_DECODE_EXT": lambda v: _base64(v, extended=True),
    "HEX_DECODE": _hex,
    "MD5": lambda v: hashlib.md5(v.encode(), usedforsecurity=False).digest().decode("latin-1"),
    "CMD_LINE": _cmd_line,
    "NORMALIZE_PATH": _normalize_path,
    "NORMALIZE_PATH_WIN": lambda v: _normalize_path(v.replace("\\", "/")),
    "REMOVE_NULLS": lambda v: v.replace("\x00", ""),
    "REPLACE_NULLS": lambda v: v.replace("\x00", " "),
    "REPLACE_COMMENTS": lambda v: re.sub(r"/\*.*?(\*/|$)", " ", v, flags=re.S),
    "SQL_HEX_DECODE": _sql_hex,
    "ESCAPE_SEQ_DECODE": _escape_sequences,
    "JS_DECODE": _js_decode,
    "CSS_DECODE": _css_decode,
    "UTF8_TO_UNICODE": lambda v: v,  # the values are Unicode text already
}
