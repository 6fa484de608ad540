"""CKV_APIGWKIT_7 (documents): ``aws_iam_policy_document`` grants no ``*`` action, no ``execute-api:*`` on every API.

The data source's own ``statement`` blocks are judged (``effect`` defaults to Allow; ``actions`` and
``resources`` as lists; ``not_actions`` statements are not judged). Documents merged in through
``source_policy_documents`` / ``override_policy_documents`` are judged when they are JSON, and make
the result UNKNOWN when they are expressions. In a plan, when the data source was read at plan time
its rendered ``json`` holds everything, merged documents included, and is judged instead. (A data
source read at plan time appears only in the plan's prior state, which checkov does not read; its
JSON is then judged on the resources that use it, as a known ``policy``.) A list checkov cannot
resolve (``actions = var.actions``) renders as ``[]``: UNKNOWN.

Same verdicts as the resource check in ``apigwkit_iam_policy.py``, under the same id.
"""

from __future__ import annotations

from typing import Any

from apigwkit_support.iam import judge_document, judge_statement
from apigwkit_support.values import MISSING, as_list, blocks, combine, get, json_object
from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.data.base_check import BaseDataCheck
from checkov.terraform.parser_functions import handle_dynamic_values


class IamPolicyDocumentWildcards(BaseDataCheck):
    def __init__(self) -> None:
        super().__init__(
            name='IAM policy documents grant no "*" action and no "execute-api:*" on every API',
            id="CKV_APIGWKIT_7",
            categories=[CheckCategories.IAM],
            supported_data=["aws_iam_policy_document"],
        )

    def scan_data_conf(self, conf: dict[str, list[Any]]) -> CheckResult:
        self.evaluated_keys = ["statement", "source_policy_documents", "override_policy_documents"]
        rendered = get(conf, "json")
        if json_object(rendered) is not None:
            return judge_document(rendered)
        handle_dynamic_values(conf)  # dynamic "statement" blocks become statement blocks
        results = []
        for statement in blocks(conf, "statement"):
            if statement.get("actions") == []:  # how checkov renders a list variable it cannot resolve
                results.append(CheckResult.UNKNOWN)
            elif get(statement, "actions") not in (MISSING, None):  # else a not_actions statement
                actions, resources = as_list(get(statement, "actions")), as_list(get(statement, "resources"))
                results.append(judge_statement(get(statement, "effect"), actions, resources))
        if "dynamic" in conf and not blocks(conf, "statement"):
            results.append(CheckResult.UNKNOWN)
        for key in ("source_policy_documents", "override_policy_documents"):
            results += [judge_document(document) for document in as_list(get(conf, key))]
        return combine(results)


check = IamPolicyDocumentWildcards()
