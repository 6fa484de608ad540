"""CKV_APIGWKIT_2 (stages): JSON access logs on every stage, throttling on every HTTP/WebSocket stage.

* ``aws_apigatewayv2_stage`` (HTTP and WebSocket) and ``aws_api_gateway_stage`` (REST): an
  ``access_log_settings`` block whose ``format`` is a JSON object. Terraform requires its
  ``destination_arn`` whenever the block is present, so only a literal empty or null one fails.
  ``format`` may be ``jsonencode(...)``, a JSON string or a plan's string; a literal that does not
  parse as a JSON object (CLF, XML, CSV) fails; an unresolved expression (``local.access_log_format``
  in a module scanned as HCL) or a format computed at apply is UNKNOWN.
* ``aws_apigatewayv2_stage`` also needs ``default_route_settings`` with ``throttling_burst_limit``
  and ``throttling_rate_limit`` both above 0 (missing, null or 0 fails; unresolved is UNKNOWN).
* REST stages cannot carry throttling: their limits live on ``aws_api_gateway_method_settings``,
  judged by the companion class in ``apigwkit_method_throttling.py`` under the same id.

A failure proven by one part wins over an unknown part; PASS needs every part proven.
"""

from __future__ import annotations

from typing import Any

from apigwkit_support.values import MISSING, blocks, combine, get, is_expression, is_plan, json_object, positive_limit
from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck


class StageAccessLogsAndThrottling(BaseResourceCheck):
    def __init__(self) -> None:
        super().__init__(
            name="API Gateway stages write JSON access logs; HTTP and WebSocket stages set throttling limits",
            id="CKV_APIGWKIT_2",
            categories=[CheckCategories.LOGGING],
            supported_resources=["aws_apigatewayv2_stage", "aws_api_gateway_stage"],
        )

    def scan_resource_conf(self, conf: dict[str, list[Any]]) -> CheckResult:
        self.evaluated_keys = ["access_log_settings"]
        results = [self._access_logs(conf)]
        if self.entity_type == "aws_apigatewayv2_stage":
            self.evaluated_keys.append("default_route_settings")
            settings = blocks(conf, "default_route_settings")
            if not settings:
                plan_unknown = is_plan(conf) and "default_route_settings" not in conf
                results.append(CheckResult.UNKNOWN if plan_unknown else CheckResult.FAILED)
            else:
                limits = ("throttling_burst_limit", "throttling_rate_limit")
                results += [positive_limit(settings[0], key, is_plan(conf)) for key in limits]
        return combine(results)

    @staticmethod
    def _access_logs(conf: dict[str, list[Any]]) -> CheckResult:
        settings = blocks(conf, "access_log_settings")
        if not settings:
            return CheckResult.UNKNOWN if is_plan(conf) and "access_log_settings" not in conf else CheckResult.FAILED
        destination = get(settings[0], "destination_arn")
        if destination is None or destination == "":
            return CheckResult.FAILED
        log_format = get(settings[0], "format")
        if json_object(log_format) is not None:
            return CheckResult.PASSED
        if log_format is MISSING or is_expression(log_format) or _rendered(log_format):
            return CheckResult.UNKNOWN
        return CheckResult.FAILED


def _rendered(value: Any) -> bool:
    """A collection checkov rendered from an unresolved jsonencode (Python repr, not JSON)."""
    if not isinstance(value, str):
        return not isinstance(value, (int, float, bool))
    stripped = value.strip()
    return stripped.startswith("{") and stripped.endswith("}") and "'" in stripped


check = StageAccessLogsAndThrottling()
