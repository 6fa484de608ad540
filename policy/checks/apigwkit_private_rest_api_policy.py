"""CKV_APIGWKIT_5: a PRIVATE REST API has a resource policy.

A private API answers only through interface VPC endpoints, and only what its resource policy allows:
without one every call is refused (and with a careless one any VPC endpoint of any account may call
it). The policy is the API's inline ``policy``, or the ``x-amazon-apigateway-policy`` of its OpenAPI
``body``, where ``modules/rest_api`` puts it (every import of the document applies it).

PASSED when the API is not PRIVATE or has either policy; FAILED for a PRIVATE API with neither;
UNKNOWN when the endpoint type or the document cannot be known (an unresolved expression, a body known
only after apply). A policy attached by a separate ``aws_api_gateway_rest_api_policy`` is a resource of
its own, which a per-resource check cannot see: such an API fails, and takes a skip naming the resource.
"""

from __future__ import annotations

from typing import Any

from apigwkit_support import openapi
from apigwkit_support.values import MISSING, as_list, blocks, get, is_expression, is_plan, json_object
from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck


class PrivateRestApiPolicy(BaseResourceCheck):
    def __init__(self) -> None:
        super().__init__(
            name="PRIVATE REST APIs have a resource policy (inline or in their OpenAPI document)",
            id="CKV_APIGWKIT_5",
            categories=[CheckCategories.IAM],
            supported_resources=["aws_api_gateway_rest_api"],
        )

    def scan_resource_conf(self, conf: dict[str, list[Any]]) -> CheckResult:
        self.evaluated_keys = ["endpoint_configuration/[0]/types", "policy", "body"]
        configuration = blocks(conf, "endpoint_configuration")
        types = as_list(get(configuration[0], "types")) if configuration else []
        if any(isinstance(t, str) and is_expression(t) for t in types) or (types and not isinstance(types[0], str)):
            return CheckResult.UNKNOWN
        if "PRIVATE" not in types:
            return CheckResult.PASSED
        if json_object(get(conf, "policy")):
            return CheckResult.PASSED
        doc = openapi.document(conf)
        if doc is not None:
            return CheckResult.PASSED if doc.get("x-amazon-apigateway-policy") else CheckResult.FAILED
        body = get(conf, "body")
        if (body is MISSING and is_plan(conf)) or (isinstance(body, str) and is_expression(body)):
            return CheckResult.UNKNOWN  # the document is known only after apply, or checkov cannot render it
        return CheckResult.FAILED


check = PrivateRestApiPolicy()
