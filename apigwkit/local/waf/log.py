"""The record AWS WAF logs for each request a logging web ACL evaluates.

Its fields are those of "Log fields for web ACL traffic" and the API Gateway record of "Log examples for web ACL
traffic" (https://docs.aws.amazon.com/waf/latest/developerguide/logging-fields.html, ``logging-examples.html``):
``timestamp``, ``formatVersion``, ``webaclId``, ``terminatingRuleId``/``Type``, ``action``,
``terminatingRuleMatchDetails`` (SQLi and XSS matches), ``httpSourceName`` ``APIGW`` with ``httpSourceId``
``ACCOUNT:API_ID:STAGE``, ``ruleGroupList``, ``rateBasedRuleList``, ``nonTerminatingMatchingRules``,
``requestHeadersInserted``, ``responseCodeSent``, ``httpRequest`` (client IP, country, headers as name/value pairs,
URI, query string, HTTP version and method, request id) and ``labels``. The logging configuration's
``redacted_fields`` print as ``REDACTED`` and its ``logging_filter`` keeps or drops records, as AWS WAF does.

One key is the local run's own: ``notEvaluatedLocally`` lists the rules this run did not evaluate (AWS managed rule
groups above all) and why, so that an ALLOW is never read as "every rule passed". A record is printed on one line
after the log group's name (``aws-waf-logs-NAME {...}``), as the execution logs are.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from apigwkit.local.waf.statements import WafRequest, one

if TYPE_CHECKING:
    from apigwkit.local.waf.acl import Verdict, WebAcl

REDACTED = "REDACTED"


class WafLog:
    """A web ACL's logging configuration: where records go, what is redacted, which records are kept."""

    def __init__(
        self,
        acl: WebAcl,
        configuration: Mapping[str, Any],
        wall_clock: Callable[[], float],
        sink: Callable[[str], None],
    ) -> None:
        self.acl, self.wall_clock, self.sink = acl, wall_clock, sink
        destinations = [str(d) for d in configuration.get("log_destination_configs") or []]
        # arn:aws:logs:REGION:ACCOUNT:log-group:aws-waf-logs-NAME (an S3 bucket or Firehose stream: its name)
        self.group = destinations[0].split("log-group:")[-1].split(":")[0].rsplit("/", 1)[-1] if destinations else "-"
        self.redacted_headers: set[str] = set()
        self.redacted_parts: set[str] = set()
        for field in configuration.get("redacted_fields") or []:
            header = one(field.get("single_header"))
            if header:
                self.redacted_headers.add(str(header.get("name")).lower())
            for part in ("query_string", "uri_path", "method"):
                if one(field.get(part)) is not None:
                    self.redacted_parts.add(part)
        self.filter = one(configuration.get("logging_filter"))

    def write(self, request: WafRequest, verdict: Verdict, source: str) -> None:
        """Log ``verdict`` on ``request``; ``source`` is ``ACCOUNT:API_ID:STAGE``."""
        record = self.record(request, verdict, source)
        if self.keeps(verdict.action, request.labels):
            self.sink(f"{self.group} {json.dumps(record, separators=(',', ':'), ensure_ascii=False)}")

    def record(self, request: WafRequest, verdict: Verdict, source: str) -> dict[str, Any]:
        def part(name: str, value: str) -> str:
            return REDACTED if name in self.redacted_parts else value

        headers = [
            {"name": name, "value": REDACTED if name.lower() in self.redacted_headers else value}
            for name, value in request.headers
        ]
        record: dict[str, Any] = {
            "timestamp": int(self.wall_clock() * 1000),
            "formatVersion": 1,
            "webaclId": self.acl.arn,
            "terminatingRuleId": verdict.record["terminatingRuleId"],
            "terminatingRuleType": verdict.record["terminatingRuleType"],
            "action": verdict.action,
            "terminatingRuleMatchDetails": verdict.record.get("terminatingRuleMatchDetails", []),
            "httpSourceName": "APIGW",
            "httpSourceId": source,
            "ruleGroupList": [],
            "rateBasedRuleList": verdict.record.get("rateBasedRuleList", []),
            "nonTerminatingMatchingRules": verdict.record.get("nonTerminatingMatchingRules", []),
            "requestHeadersInserted": verdict.record.get("requestHeadersInserted"),
            "responseCodeSent": verdict.record.get("responseCodeSent"),
            "httpRequest": {
                "clientIp": request.client_ip,
                "country": request.country,
                "headers": headers,
                "uri": part("uri_path", request.uri),
                "args": part("query_string", request.query),
                "httpVersion": request.http_version,
                "httpMethod": part("method", request.method),
                "requestId": request.request_id,
            },
        }
        if request.labels:
            record["labels"] = [{"name": label} for label in request.labels]
        record["notEvaluatedLocally"] = verdict.record.get("notEvaluatedLocally", [])
        return record

    def keeps(self, action: str, labels: list[str]) -> bool:
        """The logging filter: the first filter whose conditions hold decides; else its default behavior."""
        if not self.filter:
            return True
        for rule in self.filter.get("filter") or []:
            results = []
            for condition in rule.get("condition") or []:
                on_action = one(condition.get("action_condition"))
                on_label = one(condition.get("label_name_condition"))
                if on_action:
                    results.append(str(on_action.get("action")) == action)
                elif on_label:
                    results.append(str(on_label.get("label_name")) in labels)
            holds = all(results) if str(rule.get("requirement")) == "MEETS_ALL" else any(results)
            if results and holds:
                return str(rule.get("behavior")) == "KEEP"
        return str(self.filter.get("default_behavior") or "KEEP") == "KEEP"
