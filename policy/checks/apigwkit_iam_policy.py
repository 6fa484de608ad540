"""CKV_APIGWKIT_7 (policies): IAM policies grant no ``*`` action and no ``execute-api:*`` on every API.

Judges the policy documents of ``aws_iam_policy``, ``aws_iam_role_policy``, ``aws_iam_user_policy``,
``aws_iam_group_policy`` (``policy``) and ``aws_iam_role`` (each ``inline_policy.policy``; the trust
policy is not a grant and is not judged). A document may be ``jsonencode(...)`` (checkov renders
it as a dict), a JSON string (heredoc, or a plan's value) or an expression.

FAIL when an Allow statement has action ``*`` (``*:*``), or ``execute-api:*`` on resource ``*`` or on an
``execute-api`` ARN whose API id is ``*``. UNKNOWN when the document is an unresolved expression
(``data.aws_iam_policy_document.x.json``: that data source is judged by the companion check in
``apigwkit_iam_policy_document.py``) or a statement depends on one. A role without inline
policies is not applicable (no result).
"""

from __future__ import annotations

from typing import Any

from apigwkit_support.iam import judge_document
from apigwkit_support.values import MISSING, blocks, combine, get, is_plan
from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck

POLICY_RESOURCES = ["aws_iam_policy", "aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy"]


class IamPolicyWildcards(BaseResourceCheck):
    def __init__(self) -> None:
        super().__init__(
            name='IAM policies grant no "*" action and no "execute-api:*" on every API',
            id="CKV_APIGWKIT_7",
            categories=[CheckCategories.IAM],
            supported_resources=[*POLICY_RESOURCES, "aws_iam_role"],
        )

    def scan_resource_conf(self, conf: dict[str, list[Any]]) -> CheckResult:
        if self.entity_type == "aws_iam_role":
            self.evaluated_keys = ["inline_policy"]
            documents = [get(block, "policy") for block in blocks(conf, "inline_policy")]
            if not documents:
                return CheckResult.UNKNOWN  # no inline policy: nothing this role grants by itself
        else:
            self.evaluated_keys = ["policy"]
            documents = [get(conf, "policy")]
        if any(document is MISSING or document is None for document in documents) and not is_plan(conf):
            return CheckResult.UNKNOWN
        return combine([judge_document(document) for document in documents])


check = IamPolicyWildcards()
