"""CKV_APIGWKIT_6: WAF web ACL associations target REST API stages only.

AWS WAF protects REST API stages (``arn:<partition>:apigateway:<region>::/restapis/<id>/stages/<name>``);
it cannot be associated with an HTTP or WebSocket API (``/apis/...``), and in this library a
web ACL exists to protect a REST stage, so any other target (load balancer, Cognito, AppSync) is
a mistake too.

``aws_wafv2_web_acl_association.resource_arn``:

* PASS: a REST stage ARN (literal, or a template whose region, API id and stage name are
  interpolated), or in HCL a reference to ``aws_api_gateway_stage.<name>.arn``;
* FAIL: an ``/apis/`` stage ARN, any other ARN, a reference to another resource type's ``arn``
  (``aws_apigatewayv2_stage``, ``aws_lb``...), or no value;
* UNKNOWN: an unresolved variable, local, module output or ``each.value`` (``modules/waf`` takes
  its targets as an input), and in a plan any ARN computed at apply.
"""

from __future__ import annotations

import re
from typing import Any

from apigwkit_support.values import HOLE, MISSING, get, has_wildcard, is_plan, template, unwrap_rendered_list
from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck

REST_STAGE = "aws_api_gateway_stage"
# "aws_x.name.arn" or "data.aws_x.name.arn", optionally indexed and wrapped in "${...}"
ARN_REFERENCE = re.compile(
    r"^(\$\{)?(data\.)?(?P<type>[a-z][a-z0-9]*_[a-z0-9_]*)\.[A-Za-z_][\w-]*(\[[^\]]*\])?\.arn(?(1)\})$"
)
REST_STAGE_PATH = re.compile(r"^/restapis/(?P<api>[^/]+)/stages/(?P<stage>[^/]+)$")


class WafAssociationTarget(BaseResourceCheck):
    def __init__(self) -> None:
        super().__init__(
            name="WAF web ACL associations target REST API stages only",
            id="CKV_APIGWKIT_6",
            categories=[CheckCategories.NETWORKING],
            supported_resources=["aws_wafv2_web_acl_association"],
        )

    def scan_resource_conf(self, conf: dict[str, list[Any]]) -> CheckResult:
        self.evaluated_keys = ["resource_arn"]
        target = get(conf, "resource_arn")
        if target is MISSING:
            return CheckResult.UNKNOWN if is_plan(conf) else CheckResult.FAILED
        if target is None or target == "":
            return CheckResult.FAILED
        if not isinstance(target, str):
            return CheckResult.UNKNOWN
        value = unwrap_rendered_list(target)
        if value.startswith("arn:"):
            return judge_stage_arn(value)
        reference = ARN_REFERENCE.match(value)
        if reference and not is_plan(conf):
            return CheckResult.PASSED if reference["type"] == REST_STAGE else CheckResult.FAILED
        return CheckResult.UNKNOWN


def judge_stage_arn(value: str) -> CheckResult:
    text, holes = template(value)
    parts = text.split(":", 5)
    if len(parts) < 6:
        return CheckResult.UNKNOWN if holes else CheckResult.FAILED
    service, resource = parts[2], parts[5]
    if HOLE in service:
        return CheckResult.UNKNOWN
    if service != "apigateway" or resource.startswith("/apis/"):
        return CheckResult.FAILED
    path = REST_STAGE_PATH.match(resource)
    if path:
        return CheckResult.FAILED if has_wildcard(path["api"]) or has_wildcard(path["stage"]) else CheckResult.PASSED
    return CheckResult.UNKNOWN if HOLE in resource else CheckResult.FAILED


check = WafAssociationTarget()
