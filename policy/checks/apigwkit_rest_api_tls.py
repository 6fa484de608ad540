"""CKV_APIGWKIT_8: a REST API's default endpoint accepts TLS 1.2 or newer only (``aws_api_gateway_rest_api``).

Since 2025 a REST API takes its own ``security_policy`` (and ``endpoint_access_mode``), which checkov's built-in
checks do not read. PASS for ``TLS_1_2`` and the enhanced policies, FAIL for ``TLS_1_0`` or any other literal
(``apigwkit_support/tls.py``). Without ``security_policy`` AWS applies its default: ``TLS_1_2`` for a PRIVATE API,
``TLS_1_0`` for EDGE and REGIONAL ones ("Supported security policies", default security policies table,
https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-security-policies-list.html): so an unset
policy passes on a PRIVATE API and fails on the others (also in a plan, where it is computed: absent). UNKNOWN for
an unresolved expression, or an unset policy on an API whose endpoint type is unresolved.
"""

from __future__ import annotations

from typing import Any

from apigwkit_support.tls import verdict
from apigwkit_support.values import MISSING, blocks, get, is_expression
from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck


class RestApiTlsPolicy(BaseResourceCheck):
    def __init__(self) -> None:
        super().__init__(
            name="API Gateway REST APIs' default endpoints use a TLS 1.2 or newer security policy",
            id="CKV_APIGWKIT_8",
            categories=[CheckCategories.ENCRYPTION],
            supported_resources=["aws_api_gateway_rest_api"],
        )

    def scan_resource_conf(self, conf: dict[str, list[Any]]) -> CheckResult:
        self.evaluated_keys = ["security_policy", "endpoint_configuration/[0]/types"]
        policy = get(conf, "security_policy")
        if policy is not MISSING and policy is not None:
            return verdict(policy)
        endpoint = blocks(conf, "endpoint_configuration")
        types = get(endpoint[0], "types") if endpoint else ["EDGE"]  # AWS's default endpoint type
        if isinstance(types, str) and not is_expression(types):
            types = [types]
        if not isinstance(types, list) or any(not isinstance(t, str) or is_expression(t) for t in types):
            return CheckResult.UNKNOWN
        return CheckResult.PASSED if types == ["PRIVATE"] else CheckResult.FAILED


check = RestApiTlsPolicy()
