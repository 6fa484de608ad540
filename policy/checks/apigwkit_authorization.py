"""CKV_APIGWKIT_1: every HTTP route, REST method and WebSocket ``$connect`` route requires authorization.

A route meant to be public is written in its own resource block carrying
``# checkov:skip=CKV_APIGWKIT_1:<why it is public>``; this check itself only looks at the value.

* ``aws_apigatewayv2_route``: ``authorization_type`` (not set = ``NONE``) must be ``AWS_IAM``,
  ``CUSTOM`` or ``JWT`` on HTTP routes (``"GET /x"``, the ``$default`` catch-all) and on the WebSocket
  ``$connect`` route. Other WebSocket routes (``$disconnect``, ``sendmessage``...) cannot carry
  authorization: not applicable (no result). A ``$default`` route is WebSocket when it sets an
  argument only WebSocket routes have (``api_key_required``, ``route_response_selection_expression``,
  ``model_selection_expression``, ``request_models``, ``request_parameter``); otherwise it is judged
  as the HTTP catch-all.
* ``aws_api_gateway_method``: ``authorization`` must be ``AWS_IAM``, ``CUSTOM`` or
  ``COGNITO_USER_POOLS``, except on ``OPTIONS``: a CORS preflight never carries credentials, so
  an ``OPTIONS`` method passes whatever its authorization.
* ``aws_api_gateway_rest_api`` with an OpenAPI ``body`` (how ``modules/rest_api`` builds every API):
  each operation but ``options`` must name a security scheme whose ``x-amazon-apigateway-authtype`` is
  ``custom``, ``cognito_user_pools`` or ``awsSigv4``, or carry ``x-apigwkit-public: true``, the library's
  mark for a method declared public. No body: no result (the methods are resources of their own).

UNKNOWN (no result) when the route key, method or authorization type is an unresolved expression
(e.g. ``each.value.authorization.type`` inside a module scanned as HCL).
"""

from __future__ import annotations

from typing import Any

from apigwkit_support import openapi
from apigwkit_support.values import MISSING, get, is_expression, is_plan
from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck

AUTHORIZED = {
    "aws_apigatewayv2_route": {"AWS_IAM", "CUSTOM", "JWT"},
    "aws_api_gateway_method": {"AWS_IAM", "CUSTOM", "COGNITO_USER_POOLS"},
}
SUPPORTED = [*AUTHORIZED, "aws_api_gateway_rest_api"]
WEBSOCKET_ONLY = (
    "api_key_required",
    "route_response_selection_expression",
    "model_selection_expression",
    "request_models",
    "request_parameter",
)


class RouteAuthorization(BaseResourceCheck):
    def __init__(self) -> None:
        super().__init__(
            name="API Gateway routes and methods require authorization (HTTP routes, REST methods, WebSocket $connect)",
            id="CKV_APIGWKIT_1",
            categories=[CheckCategories.IAM],
            supported_resources=SUPPORTED,
        )

    def scan_resource_conf(self, conf: dict[str, list[Any]]) -> CheckResult:
        if self.entity_type == "aws_api_gateway_rest_api":
            self.evaluated_keys = ["body"]
            doc = openapi.document(conf)
            if doc is None:
                return CheckResult.UNKNOWN
            for verb, _, operation in openapi.operations(doc):
                if (
                    verb != "options"
                    and not operation.get(openapi.PUBLIC_MARK)
                    and not openapi.authorized(doc, operation)
                ):
                    return CheckResult.FAILED
            return CheckResult.PASSED
        if self.entity_type == "aws_api_gateway_method":
            self.evaluated_keys = ["http_method", "authorization"]
            method = get(conf, "http_method")
            if method == "OPTIONS":
                return CheckResult.PASSED
            result = self._judge(conf, "authorization")
            method_unknown = not isinstance(method, str) or is_expression(method)  # it could be OPTIONS
            return CheckResult.UNKNOWN if result == CheckResult.FAILED and method_unknown else result

        self.evaluated_keys = ["route_key", "authorization_type"]
        route_key = get(conf, "route_key")
        if not isinstance(route_key, str) or is_expression(route_key):
            return CheckResult.UNKNOWN
        if route_key == "$default":
            result = self._judge(conf, "authorization_type")
            return CheckResult.UNKNOWN if result == CheckResult.FAILED and _websocket_route(conf) else result
        if route_key == "$connect" or " " in route_key:  # "$connect", or an HTTP route key "GET /x"
            return self._judge(conf, "authorization_type")
        return CheckResult.UNKNOWN  # "$disconnect" and custom WebSocket routes cannot be authorized

    def _judge(self, conf: dict[str, list[Any]], key: str) -> CheckResult:
        value = get(conf, key)
        if value is MISSING and is_plan(conf):
            return CheckResult.UNKNOWN
        if value in (MISSING, None, "NONE"):
            return CheckResult.FAILED
        return CheckResult.PASSED if value in AUTHORIZED[self.entity_type] else CheckResult.UNKNOWN


def _websocket_route(conf: dict[str, list[Any]]) -> bool:
    for key in WEBSOCKET_ONLY:
        value = get(conf, key)
        if value is MISSING or value is None or (isinstance(value, (list, dict, str)) and not value):
            continue
        return True
    return False


check = RouteAuthorization()
