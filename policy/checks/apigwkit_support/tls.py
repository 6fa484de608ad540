"""What makes an API Gateway TLS security policy TLS 1.2 or newer (CKV_APIGWKIT_4 and CKV_APIGWKIT_8).

``TLS_1_2`` and the enhanced policies ``SecurityPolicy_TLS12_*`` and ``SecurityPolicy_TLS13_*`` (e.g.
``SecurityPolicy_TLS13_1_3_2025_09``, ``SecurityPolicy_TLS13_1_2_PQ_2025_09``, ``SecurityPolicy_TLS12_PFS_2025_EDGE``:
every one has TLS 1.2 or 1.3 as its minimum; AWS requires ``endpoint_access_mode`` with them, which the account model
checks) pass; ``TLS_1_0`` (TLS 1.0 and 1.1 accepted) and any other literal fail. A prefix rather than a list, so that
a policy AWS adds under the same naming passes without a change here; checkov's own CKV_AWS_206 lists names and misses
the FIPS_PQ and Ext2 ones. https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-security-policies-list.html
"""

from __future__ import annotations

from typing import Any

from apigwkit_support.values import is_expression
from checkov.common.models.enums import CheckResult

ENHANCED_PREFIXES = ("SecurityPolicy_TLS12_", "SecurityPolicy_TLS13_")


def verdict(policy: Any) -> CheckResult:
    """The result for a configured policy (a literal, or an expression checkov could not resolve)."""
    if not isinstance(policy, str) or is_expression(policy):
        return CheckResult.UNKNOWN
    return CheckResult.PASSED if policy == "TLS_1_2" or policy.startswith(ENHANCED_PREFIXES) else CheckResult.FAILED
