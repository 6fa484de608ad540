"""REST APIs as API Gateway builds them from their OpenAPI document, for assertions on plans and states.

``modules/rest_api`` describes the whole API in one document that API Gateway imports; what the import
creates (resources, methods, integrations, responses, authorizers, models, validators) is what the
account model's importer makes of it, shaped as the state of the equivalent resources.
"""

from __future__ import annotations

import json
from typing import Any

from apigwkit.provider_double.account import openapi

API_ID, ROOT_ID = "apiid00000", "rootid0000"


class ImportedApi:
    """What importing ``document`` creates, looked up by "METHOD /path" keys and names."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        self.objects = openapi.import_document(
            document, {"id": API_ID, "root_resource_id": ROOT_ID, "region": "ap-northeast-2"}
        )
        self._paths = {r["id"]: r["path"] for r in self.objects["aws_api_gateway_resource"]} | {ROOT_ID: "/"}

    @classmethod
    def from_plan(cls, plan: Any, address: str) -> ImportedApi:
        """The API a planned ``aws_api_gateway_rest_api`` (its ``body``) makes."""
        return cls(json.loads(plan[address].value("body")))

    def by_key(self, type_name: str) -> dict[str, dict[str, Any]]:
        return {f"{o['http_method']} {self._paths[o['resource_id']]}": o for o in self.objects[type_name]}

    def method(self, key: str) -> dict[str, Any]:
        return self.by_key("aws_api_gateway_method")[key]

    def integration(self, key: str) -> dict[str, Any]:
        return self.by_key("aws_api_gateway_integration")[key]

    def responses(self, type_name: str, key: str) -> dict[str, dict[str, Any]]:
        """The method or integration responses of a method, by status code."""
        verb = key.split(" ", 1)[0]
        resource = self.method(key)["resource_id"]
        return {
            o["status_code"]: o
            for o in self.objects[type_name]
            if o["http_method"] == verb and o["resource_id"] == resource
        }

    def named(self, type_name: str) -> dict[str, dict[str, Any]]:
        return {o["name"]: o for o in self.objects[type_name]}

    def operation(self, key: str) -> dict[str, Any]:
        verb, path = key.split(" ", 1)
        return self.document["paths"][path]["x-amazon-apigateway-any-method" if verb == "ANY" else verb.lower()]
