"""CKV_APIGWKIT_3: a Lambda permission for API Gateway names one API in its ``source_arn``.

Applies to ``aws_lambda_permission`` with ``principal = "apigateway.amazonaws.com"`` (other
principals: not applicable, no result). Without ``source_arn`` any API Gateway API of any account
may invoke the function; with ``arn:aws:execute-api:*:*:*`` any API of ours may.

PASS when ``source_arn`` is proven to lie inside one API's execution ARN:

* an ARN ``arn:<partition>:execute-api:<region>:<account>:<api-id>[/...]`` whose partition,
  region, account and API id hold no wildcard, the API id being a literal (``a1b2c3d4e5``) or, in
  HCL, ``${aws_apigatewayv2_api.<name>.id}`` / ``${aws_api_gateway_rest_api.<name>.id}``;
* in HCL, a value that starts with an API's ``execution_arn`` (``aws_apigatewayv2_api``,
  ``aws_api_gateway_rest_api`` or their data sources), followed by nothing or by ``/...``
  (``"${aws_apigatewayv2_api.this.execution_arn}/*/*"``).

FAIL when ``source_arn`` is missing, null or empty, is not an ``execute-api`` ARN, or has a wildcard
in the partition, region, account or API id; in HCL also an execution ARN followed directly by a
wildcard (``"${aws_apigatewayv2_api.this.execution_arn}*"`` matches every API whose id starts alike).

UNKNOWN otherwise: an unresolved expression in HCL (``var.source_arn``, ``module.api.execution_arn``),
and in a plan any value computed at apply; there checkov shows only the first resource the
expression references, not how the value is built from it.
"""

from __future__ import annotations

import re
from typing import Any

from apigwkit_support.values import HOLE, MISSING, get, has_wildcard, is_plan, template, unwrap_rendered_list
from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck

PRINCIPAL = "apigateway.amazonaws.com"
_API = r"(data\.)?aws_(apigatewayv2_api|api_gateway_rest_api)\.[A-Za-z_][\w-]*(\[[^\]]*\])?"
# The value starts with an API's execution ARN: "${aws_x.name.execution_arn}/..." (checkov sometimes
# drops the leading "${" of a partly rendered template, so it is optional).
EXECUTION_ARN_PREFIX = re.compile(rf"^(\$\{{)?{_API}\.execution_arn(?(1)\}}|\}}?)(/|$)")
# ... followed directly by a wildcard: "${aws_x.name.execution_arn}*" also matches APIs whose id starts alike
EXECUTION_ARN_WIDENED = re.compile(rf"^(\$\{{)?{_API}\.execution_arn\}}?[*?]")
API_ID = re.compile(rf"^{_API}\.id$")
LITERAL_API_ID = re.compile(r"^[a-z0-9]+$")


class LambdaPermissionSourceArn(BaseResourceCheck):
    def __init__(self) -> None:
        super().__init__(
            name="Lambda permissions for API Gateway are scoped by source_arn to one API",
            id="CKV_APIGWKIT_3",
            categories=[CheckCategories.IAM],
            supported_resources=["aws_lambda_permission"],
        )

    def scan_resource_conf(self, conf: dict[str, list[Any]]) -> CheckResult:
        self.evaluated_keys = ["principal", "source_arn"]
        if get(conf, "principal") != PRINCIPAL:
            return CheckResult.UNKNOWN  # another principal, or one not known: not this check's concern
        source_arn = get(conf, "source_arn")
        if source_arn is MISSING:
            return CheckResult.UNKNOWN if is_plan(conf) else CheckResult.FAILED
        if not isinstance(source_arn, str) or not source_arn.strip():
            return CheckResult.FAILED if source_arn in (None, "") else CheckResult.UNKNOWN
        value = unwrap_rendered_list(source_arn)
        if value.startswith("arn:"):
            return judge_execute_api_arn(value)
        if not is_plan(conf) and EXECUTION_ARN_PREFIX.match(value):
            return CheckResult.PASSED
        if not is_plan(conf) and EXECUTION_ARN_WIDENED.match(value):
            return CheckResult.FAILED
        return CheckResult.UNKNOWN


def judge_execute_api_arn(value: str) -> CheckResult:
    text, holes = template(value)
    parts = text.split(":", 5)
    if len(parts) < 6:
        return CheckResult.UNKNOWN if holes else CheckResult.FAILED
    _, partition, service, region, account, resource = parts
    if service != "execute-api":
        return CheckResult.UNKNOWN if HOLE in service else CheckResult.FAILED
    api_id = resource.split("/", 1)[0]
    if any(has_wildcard(segment) for segment in (partition, region, account, api_id)):
        return CheckResult.FAILED
    if api_id == HOLE:
        expression = holes[":".join(parts[:5]).count(HOLE)]  # the interpolations before it are in the prefix
        return CheckResult.PASSED if API_ID.match(expression.strip()) else CheckResult.UNKNOWN
    if HOLE in api_id:
        return CheckResult.UNKNOWN
    return CheckResult.PASSED if LITERAL_API_ID.match(api_id) else CheckResult.FAILED


check = LambdaPermissionSourceArn()
