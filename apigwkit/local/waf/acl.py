"""One web ACL: its rules in priority order, their actions, labels and rate-based counters, and the verdict.

How AWS WAF processes a web ACL (https://docs.aws.amazon.com/waf/latest/developerguide/web-acl-processing-order.html,
``waf-rule-action.html``, ``waf-rule-statement-type-rate-based.html``): rules run by ascending priority; a matching
rule whose action is Allow or Block (or CAPTCHA/Challenge without a token) ends the evaluation, Count records the match
and goes on; a rule's labels are added when it matches, for later rules' label match statements; with no terminating
match the default action applies. A rate-based rule counts the requests its scope-down statement matches (all, without
one) per aggregation key over its evaluation window, and matches while the count is above its limit. Locally the
window slides exactly, on the gateway's clock (AWS checks every few seconds, so it blocks a little later).

Allow and Count insert ``custom_request_handling`` headers, prefixed ``x-amzn-waf-``; a Block with a
``custom_response`` answers with its status, headers and ``custom_response_body``; a plain Block is API Gateway's
``WAF_FILTERED`` gateway response (403 Forbidden). No local client holds a CAPTCHA or challenge token, so those actions
answer as AWS does for a request without one: 405 and 202, with ``x-amzn-waf-action``.
"""

from __future__ import annotations

import time
import uuid
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from apigwkit.local.waf import statements
from apigwkit.local.waf.log import WafLog
from apigwkit.local.waf.statements import BODY_LIMITS, Inspection, NotEvaluable, WafRequest, forwarded_ips, one

ACTIONS = ("allow", "block", "count", "captcha", "challenge")
# AWS WAF's answers to a request without a token: the CAPTCHA puzzle (405) and the silent challenge (202).
TOKEN_ACTION_STATUS = {"CAPTCHA": 405, "CHALLENGE": 202}


@dataclass
class Verdict:
    """What the web ACL decided: ``action`` ALLOW, BLOCK, CAPTCHA or CHALLENGE, and what the log records."""

    action: str
    rule: str  # the terminating rule's name, or Default_Action
    rule_type: str  # REGULAR, RATE_BASED, MANAGED_RULE_GROUP, GROUP
    status: int | None = None  # a custom response's (or a token action's) status; None: WAF_FILTERED's 403 or pass
    body: str = ""
    content_type: str | None = None
    response_headers: list[tuple[str, str]] = field(default_factory=list)
    inserted_headers: list[tuple[str, str]] = field(default_factory=list)  # x-amzn-waf-* into the request
    record: dict[str, Any] = field(default_factory=dict)  # the WAF log record

    @property
    def blocked(self) -> bool:
        return self.action != "ALLOW"


@dataclass
class _Rule:
    name: str
    priority: int
    values: Mapping[str, Any]

    @property
    def statement(self) -> Mapping[str, Any]:
        return one(self.values.get("statement")) or {}


class WebAcl:
    """An ``aws_wafv2_web_acl`` of the state, ready to evaluate requests.

    ``ip_sets`` and ``regex_sets``: the state's ``aws_wafv2_ip_set`` / ``aws_wafv2_regex_pattern_set`` values by ARN;
    ``logging``: its ``aws_wafv2_web_acl_logging_configuration`` (None: the ACL does not log); ``clock``: monotonic
    seconds for the rate-based windows; ``wall_clock``: epoch seconds for the log's timestamp; ``sink``: where log
    records go, one line each.
    """

    def __init__(
        self,
        values: Mapping[str, Any],
        *,
        ip_sets: Mapping[str, Mapping[str, Any]] | None = None,
        regex_sets: Mapping[str, Mapping[str, Any]] | None = None,
        logging: Mapping[str, Any] | None = None,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
        sink: Callable[[str], None] = print,
    ) -> None:
        self.values, self.clock = values, clock
        self.arn = str(values.get("arn") or "")
        self.name = str(values.get("name") or "")
        self.account = self.arn.split(":")[4] if self.arn.count(":") >= 5 else "123456789012"
        self.label_namespace = f"awswaf:{self.account}:webacl:{self.name}:"
        self.ip_sets, self.regex_sets = dict(ip_sets or {}), dict(regex_sets or {})
        self.rules = sorted(
            (_Rule(str(r.get("name")), int(r.get("priority") or 0), r) for r in values.get("rule") or []),
            key=lambda r: r.priority,
        )
        limit = one((one((one(values.get("association_config")) or {}).get("request_body")) or {}).get("api_gateway"))
        self.body_limit = BODY_LIMITS.get(str((limit or {}).get("default_size_inspection_limit") or "KB_16"), 16384)
        self.bodies = {str(b.get("key")): b for b in values.get("custom_response_body") or []}
        self.log = WafLog(self, logging, wall_clock, sink) if logging is not None else None
        self._windows: dict[tuple[str, Any], deque[float]] = {}

    # ------------------------------------------------------------------ what is not evaluated

    def not_evaluated(self) -> list[tuple[str, str]]:
        """(rule, reason) of every rule a local run does not evaluate, for the banner and the log."""
        found = []
        for rule in self.rules:
            reason = self._unevaluable(rule)
            if reason:
                found.append((rule.name, reason))
        return found

    @staticmethod
    def _unevaluable(rule: _Rule) -> str | None:
        kind, body = _kind(rule.statement)
        if kind == "managed_rule_group_statement":
            return (
                f"AWS managed rule group {body.get('vendor_name', 'AWS')}:{body.get('name')}: its rules are "
                "AWS's and not published, so it is not evaluated locally"
            )
        if kind == "rule_group_reference_statement":
            return f"rule group {body.get('arn')}: rule groups are not evaluated locally"
        return statements.unevaluable(rule.statement)

    # ------------------------------------------------------------------ evaluation

    def evaluate(self, request: WafRequest, source: str = "-") -> Verdict:
        """The verdict on ``request``, logged when the ACL logs (``source``: ``ACCOUNT:API_ID:STAGE``)."""
        inspection = Inspection(request, self.ip_sets, self.regex_sets, self.label_namespace, self.body_limit)
        counted: list[dict[str, Any]] = []
        rate_based: list[dict[str, Any]] = []
        inserted: list[tuple[str, str]] = []
        skipped: list[dict[str, str]] = []
        verdict: Verdict | None = None
        for rule in self.rules:
            reason = self._unevaluable(rule)
            if reason is not None:
                skipped.append({"ruleId": rule.name, "reason": reason})
                continue
            inspection.details = []
            try:
                matched, rate = self._matches(rule, inspection)
            except NotEvaluable as why:
                skipped.append({"ruleId": rule.name, "reason": str(why)})
                continue
            if not matched:
                continue
            if rate is not None:
                rate_based.append(rate)
            request.labels.extend(self._labels(rule))
            action, settings = _action(rule.values.get("action"))
            if action == "COUNT":
                inserted.extend(_insertions(settings))
                counted.append({"ruleId": rule.name, "action": "COUNT", "ruleMatchDetails": inspection.details})
                continue
            rule_type = "RATE_BASED" if rate is not None else "REGULAR"
            verdict = self._terminate(action, settings, rule.name, rule_type, inserted)
            verdict.record["terminatingRuleMatchDetails"] = inspection.details
            break
        if verdict is None:
            action, settings = _action(self.values.get("default_action"))
            verdict = self._terminate(action, settings, "Default_Action", "REGULAR", inserted)
            verdict.record["terminatingRuleMatchDetails"] = []
        verdict.record.update(
            rateBasedRuleList=rate_based,
            nonTerminatingMatchingRules=counted,
            notEvaluatedLocally=skipped,
        )
        if self.log is not None:
            self.log.write(request, verdict, source)
        return verdict

    def _matches(self, rule: _Rule, inspection: Inspection) -> tuple[bool, dict[str, Any] | None]:
        kind, body = _kind(rule.statement)
        if kind != "rate_based_statement":
            return statements.matches(rule.statement, inspection), None
        scope_down = one(body.get("scope_down_statement"))
        if scope_down and not statements.matches(scope_down, inspection):
            return False, None
        key = self._aggregation_key(body, inspection)
        if key is None:  # the request lacks a component of the key: AWS does not rate-limit it
            return False, None
        if key is _FALLBACK_MATCH:
            return True, None
        window = self._windows.setdefault((rule.name, key), deque())
        now, span = self.clock(), float(body.get("evaluation_window_sec") or 300)
        window.append(now)
        while window and window[0] <= now - span:
            window.popleft()
        limit = int(body.get("limit") or 0)
        if len(window) <= limit:
            return False, None
        return True, self._rate_record(rule, body, key, limit, span)

    def _aggregation_key(self, body: Mapping[str, Any], inspection: Inspection) -> Any:
        request = inspection.request
        kind = str(body.get("aggregate_key_type") or "IP")
        if kind == "CONSTANT":
            return "CONSTANT"
        if kind == "IP":
            return request.client_ip
        if kind == "FORWARDED_IP":
            config = one(body.get("forwarded_ip_config")) or {}
            found = forwarded_ips(request, config)
            if found is None:
                return _FALLBACK_MATCH if str(config.get("fallback_behavior")) == "MATCH" else None
            return found[0]
        values = []
        for custom in body.get("custom_key") or []:
            value = _custom_key(custom, request, body)
            if value is None:
                return None
            values.append(value)
        return tuple(values)

    def _rate_record(self, rule: _Rule, body: Mapping[str, Any], key: Any, limit: int, span: float) -> dict[str, Any]:
        kind = str(body.get("aggregate_key_type") or "IP")
        record: dict[str, Any] = {
            "rateBasedRuleId": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{self.arn}/{rule.name}")),
            "rateBasedRuleName": rule.name,
            "limitKey": {"FORWARDED_IP": "FORWARDEDIP", "CUSTOM_KEYS": "CUSTOMKEYS"}.get(kind, kind),
            "maxRateAllowed": limit,
            "evaluationWindowSec": str(int(span)),
        }
        if kind in ("IP", "FORWARDED_IP"):
            record["limitValue"] = key
        elif kind == "CUSTOM_KEYS":
            record["customValues"] = [
                {"key": k.upper(), "name": n, "value": v}
                for (k, n), v in zip(_custom_key_names(body), key, strict=True)
            ]
        return record

    def _labels(self, rule: _Rule) -> list[str]:
        return [self.label_namespace + str(label.get("name")) for label in rule.values.get("rule_label") or []]

    def _terminate(
        self, action: str, settings: Mapping[str, Any], rule: str, rule_type: str, inserted: list[tuple[str, str]]
    ) -> Verdict:
        verdict = Verdict(action, rule, rule_type)
        if action == "ALLOW":
            verdict.inserted_headers = [*inserted, *_insertions(settings)]
        elif action == "BLOCK":
            custom = one(settings.get("custom_response"))
            if custom:
                verdict.status = int(custom.get("response_code") or 403)
                body = self.bodies.get(str(custom.get("custom_response_body_key") or ""))
                if body is not None:
                    verdict.body = str(body.get("content") or "")
                    verdict.content_type = _CONTENT_TYPES.get(str(body.get("content_type")), "text/plain")
                verdict.response_headers = [
                    (str(h.get("name")), str(h.get("value"))) for h in custom.get("response_header") or []
                ]
        else:
            verdict.status = TOKEN_ACTION_STATUS[action]
            verdict.response_headers = [("x-amzn-waf-action", action.lower())]
        verdict.record = {
            "terminatingRuleId": rule,
            "terminatingRuleType": rule_type,
            "action": action,
            "requestHeadersInserted": [{"name": n, "value": v} for n, v in verdict.inserted_headers] or None,
            "responseCodeSent": verdict.status if action == "BLOCK" else None,
        }
        return verdict

    def describe(self) -> list[str]:
        """The banner's lines: what is evaluated and what is not."""
        skipped = self.not_evaluated()
        lines = [f"web ACL {self.name}: {len(self.rules) - len(skipped)} of {len(self.rules)} rules evaluated locally"]
        lines.extend(f"    not evaluated: {name} ({reason})" for name, reason in skipped)
        return lines


_FALLBACK_MATCH = object()  # a forwarded-IP key missing, with fallback MATCH: the rule applies
_CONTENT_TYPES = {"APPLICATION_JSON": "application/json", "TEXT_PLAIN": "text/plain", "TEXT_HTML": "text/html"}


def _kind(statement: Mapping[str, Any]) -> tuple[str, Mapping[str, Any]]:
    try:
        return statements.kind_of(statement)
    except NotEvaluable:
        return "", {}


def _action(blocks: Any) -> tuple[str, Mapping[str, Any]]:
    """A rule's (or the default) action block: (ALLOW | BLOCK | COUNT | CAPTCHA | CHALLENGE, its settings)."""
    action = one(blocks) or {}
    for name in ACTIONS:
        settings = action.get(name)
        if isinstance(settings, list) and settings:
            return name.upper(), settings[0] if isinstance(settings[0], Mapping) else {}
    return "ALLOW", {}


def _insertions(settings: Mapping[str, Any]) -> list[tuple[str, str]]:
    handling = one(settings.get("custom_request_handling")) or {}
    return [(f"x-amzn-waf-{h.get('name')}", str(h.get("value"))) for h in handling.get("insert_header") or []]


_CUSTOM_KEYS = ("header", "cookie", "query_argument", "query_string", "http_method", "uri_path", "ip", "forwarded_ip")


def _custom_key_names(body: Mapping[str, Any]) -> list[tuple[str, str | None]]:
    names = []
    for custom in body.get("custom_key") or []:
        kind = next((k for k in (*_CUSTOM_KEYS, "label_namespace") if one(custom.get(k)) is not None), "")
        names.append(
            (kind, (one(custom.get(kind)) or {}).get("name") or (one(custom.get(kind)) or {}).get("namespace"))
        )
    return names


def _custom_key(custom: Mapping[str, Any], request: WafRequest, body: Mapping[str, Any]) -> str | None:
    """One custom aggregation key's value; None when the request does not have the component."""
    for kind in _CUSTOM_KEYS:
        settings = one(custom.get(kind))
        if settings is None:
            continue
        transformations = settings.get("text_transformation")
        if kind == "header":
            value = request.header(str(settings.get("name")))
        elif kind == "cookie":
            value = next((v for k, v in request.cookies if k == settings.get("name")), None)
        elif kind == "query_argument":
            pairs = statements.parse_qsl(request.query, keep_blank_values=True)
            value = next((v for k, v in pairs if k.lower() == str(settings.get("name")).lower()), None)
        elif kind == "query_string":
            value = request.query or None
        elif kind == "http_method":
            return request.method
        elif kind == "uri_path":
            value = request.uri
        elif kind == "ip":
            return request.client_ip
        else:
            found = forwarded_ips(request, one(body.get("forwarded_ip_config")) or {})
            return None if found is None else found[0]
        return None if value is None else statements.apply_transformations(value, transformations)
    label = one(custom.get("label_namespace"))
    if label is not None:
        namespace = str(label.get("namespace") or "")
        found = [lb for lb in request.labels if lb.startswith(namespace)]
        return ",".join(found) or None
    raise NotEvaluable("a custom aggregation key of an unknown kind")


def web_acls_by_resource(
    deployment: Any,
    *,
    clock: Callable[[], float] = time.monotonic,
    wall_clock: Callable[[], float] = time.time,
    sink: Callable[[str], None] = print,
) -> dict[str, WebAcl]:
    """Resource ARN (a REST API stage's) -> the web ACL associated with it, from the state's associations."""
    ip_sets = {str(r.values.get("arn")): r.values for r in deployment.resources_of("aws_wafv2_ip_set")}
    regex_sets = {str(r.values.get("arn")): r.values for r in deployment.resources_of("aws_wafv2_regex_pattern_set")}
    logging = {
        str(r.values.get("resource_arn")): r.values
        for r in deployment.resources_of("aws_wafv2_web_acl_logging_configuration")
    }
    acls: dict[str, WebAcl] = {}
    for acl in deployment.resources_of("aws_wafv2_web_acl"):
        arn = str(acl.values.get("arn"))
        acls[arn] = WebAcl(
            acl.values,
            ip_sets=ip_sets,
            regex_sets=regex_sets,
            logging=logging.get(arn),
            clock=clock,
            wall_clock=wall_clock,
            sink=sink,
        )
    return {
        str(a.values.get("resource_arn")): acls[str(a.values.get("web_acl_arn"))]
        for a in deployment.resources_of("aws_wafv2_web_acl_association")
        if str(a.values.get("web_acl_arn")) in acls
    }
