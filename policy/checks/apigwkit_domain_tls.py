"""CKV_APIGWKIT_4: custom domains accept TLS 1.2 or newer only.

* ``aws_apigatewayv2_domain_name``: ``domain_name_configuration.security_policy``;
* ``aws_api_gateway_domain_name``: ``security_policy``.

PASS for ``TLS_1_2`` and API Gateway's enhanced policies, FAIL for ``TLS_1_0`` or any other literal
(``apigwkit_support/tls.py``), and for a REST domain without ``security_policy``: the provider leaves it to AWS,
whose default has been ``TLS_1_0`` (only a configured policy proves the minimum). In a plan an unset
policy is likewise absent (computed), so it fails there too. UNKNOWN for an unresolved expression.
"""

from __future__ import annotations

from typing import Any

from apigwkit_support.tls import verdict
from apigwkit_support.values import MISSING, blocks, get
from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck


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
        return verdict(policy)


check = DomainTlsPolicy()
