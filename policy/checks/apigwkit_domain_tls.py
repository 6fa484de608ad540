"""CKV_APIGWKIT_4: custom domains accept TLS 1.2 or newer only.

* ``aws_apigatewayv2_domain_name``: ``domain_name_configuration.security_policy``;
* ``aws_api_gateway_domain_name``: ``security_policy``.

PASS for ``TLS_1_2`` and for API Gateway's enhanced policies ``SecurityPolicy_TLS12_*`` and
``SecurityPolicy_TLS13_*`` (e.g. ``SecurityPolicy_TLS13_1_3_2025_09``, ``SecurityPolicy_TLS13_1_2_PQ_2025_09``,
``SecurityPolicy_TLS12_PFS_2025_EDGE``: every one has TLS 1.2 or 1.3 as its minimum; AWS requires
``endpoint_access_mode`` with them, which Terraform validates). FAIL for ``TLS_1_0`` or any other
literal, and for a REST domain without ``security_policy``: the provider leaves it to AWS, whose
default has been ``TLS_1_0`` (only a configured policy proves the minimum). In a plan an unset
policy is likewise absent (computed), so it fails there too. UNKNOWN for an unresolved expression.
"""

from __future__ import annotations

from typing import Any

from apigwkit_support.values import MISSING, blocks, get, is_expression
from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck

ENHANCED_PREFIXES = ("SecurityPolicy_TLS12_", "SecurityPolicy_TLS13_")


class DomainTlsPolicy(BaseResourceCheck):
    def __init__(self) -> None:
        super().__init__(
            name="API Gateway custom domains use a TLS 1.2 or newer security policy",
            id="CKV_APIGWKIT_4",
            categories=[CheckCategories.ENCRYPTION],
            supported_resources=["aws_apigatewayv2_domain_name", "aws_api_gateway_domain_name"],
        )

    def scan_resource_conf(self, conf: dict[str, list[Any]]) -> CheckResult:
        if self.entity_type == "aws_apigatewayv2_domain_name":
            self.evaluated_keys = ["domain_name_configuration/[0]/security_policy"]
            configuration = blocks(conf, "domain_name_configuration")
            policy = get(configuration[0], "security_policy") if configuration else MISSING
        else:
            self.evaluated_keys = ["security_policy"]
            policy = get(conf, "security_policy")
        if policy is MISSING or policy is None:
            return CheckResult.FAILED
        if not isinstance(policy, str) or is_expression(policy):
            return CheckResult.UNKNOWN
        return CheckResult.PASSED if policy == "TLS_1_2" or policy.startswith(ENHANCED_PREFIXES) else CheckResult.FAILED


check = DomainTlsPolicy()
