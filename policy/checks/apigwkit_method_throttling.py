"""CKV_APIGWKIT_2 (REST throttling): ``aws_api_gateway_method_settings`` set throttling limits above 0.

A REST stage cannot carry throttling itself; its limits are method settings: ``method_path = "*/*"``
for the whole stage, ``"resource~1path/VERB"`` for one method (modules/rest_api writes both, each
with ``throttling_burst_limit`` and ``throttling_rate_limit`` from its ``throttling`` inputs). So every
method settings resource must set both limits above 0: the provider's default ``-1`` means "not
throttled", and ``0`` blocks every request. Usage plans do not replace this: they throttle only
requests that carry an API key.

Limit: a Python check sees one resource, so a REST stage with no method settings at all is not
reported by this check (checkov's CKV2_AWS_4 requires method settings on every REST stage).
Unresolved limits (module HCL) are UNKNOWN; a failure of either limit wins.
"""

from __future__ import annotations

from typing import Any

from apigwkit_support.values import blocks, combine, is_plan, positive_limit
from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck


class MethodSettingsThrottling(BaseResourceCheck):
    def __init__(self) -> None:
        super().__init__(
            name="API Gateway REST method settings set throttling limits above 0",
            id="CKV_APIGWKIT_2",
            categories=[CheckCategories.GENERAL_SECURITY],
            supported_resources=["aws_api_gateway_method_settings"],
        )

    def scan_resource_conf(self, conf: dict[str, list[Any]]) -> CheckResult:
        self.evaluated_keys = ["settings/[0]/throttling_burst_limit", "settings/[0]/throttling_rate_limit"]
        settings = blocks(conf, "settings")
        if not settings:
            return CheckResult.UNKNOWN if is_plan(conf) and "settings" not in conf else CheckResult.FAILED
        limits = ("throttling_burst_limit", "throttling_rate_limit")
        return combine([positive_limit(settings[0], key, is_plan(conf)) for key in limits])


check = MethodSettingsThrottling()
