"""An HTTP API defined by an OpenAPI body, served by the local gateway: the routes, integrations, authorizers and CORS
configuration come from the document's ``x-amazon-apigateway-*`` extensions as API Gateway imports them
(``apigwkit.provider_double.account.openapi.import_http_document``); the state holds only the body, as Terraform's
does for ``aws_apigatewayv2_api`` with ``body`` (modules/http_api's ``body`` input)."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from gateway_testkit import ScriptedRuntime, sigv4_headers

from apigwkit.local.http_api import HttpApi
from apigwkit.local.state import Deployment

API_ID = "0p3nap1d00"
FUNCTION = "arn:aws:lambda:ap-northeast-2:123456789012:function:hello"
URI = f"arn:aws:apigateway:ap-northeast-2:lambda:path/2015-03-31/functions/{FUNCTION}/invocations"
ISSUER = "https://cognito-idp.ap-northeast-2.amazonaws.com/ap-northeast-2_pool"


def integration(version: str) -> dict[str, Any]:
    return {"type": "aws_proxy", "httpMethod": "POST", "uri": URI, "payloadFormatVersion": version}


DOCUMENT = {
    "openapi": "3.0.1",
    "info": {"title": "openapi-hello", "version": "1"},
    "x-amazon-apigateway-cors": {"allowOrigins": ["https://app.example.com"], "allowMethods": ["GET", "OPTIONS"]},
    "paths": {
        "/hello": {"get": {"x-amazon-apigateway-integration": integration("2.0")}},
        "/private/{name}": {
            "get": {"security": [{"sigv4": []}], "x-amazon-apigateway-integration": integration("1.0")}
        },
        "/me": {"get": {"security": [{"cognito": ["profile"]}], "x-amazon-apigateway-integration": integration("2.0")}},
        "$default": {"x-amazon-apigateway-any-method": {"x-amazon-apigateway-integration": integration("2.0")}},
    },
    "components": {
        "securitySchemes": {
            "sigv4": {"type": "apiKey", "name": "Authorization", "in": "header",
                      "x-amazon-apigateway-authtype": "awsSigv4"},
            "cognito": {"type": "oauth2", "x-amazon-apigateway-authorizer": {
                "type": "jwt", "identitySource": "$request.header.Authorization",
                "jwtConfiguration": {"issuer": ISSUER, "audience": ["client"]}}},
        }
    },
}  # fmt: skip


def state(body: str) -> Deployment:
    resources = [
        ("aws_apigatewayv2_api", {"id": API_ID, "protocol_type": "HTTP", "body": body, "region": "ap-northeast-2",
                                  "execution_arn": f"arn:aws:execute-api:ap-northeast-2:123456789012:{API_ID}",
                                  "cors_configuration": []}),
        ("aws_apigatewayv2_stage", {"api_id": API_ID, "name": "$default", "auto_deploy": True}),
    ]  # fmt: skip
    items = [{"address": f"{t}.this", "mode": "managed", "type": t, "name": "this", "values": v} for t, v in resources]
    return Deployment({"values": {"root_module": {"resources": items}}}, Path("."))


def hello(event: dict[str, Any]) -> dict[str, Any]:
    name = (event.get("queryStringParameters") or {}).get("name") or (event.get("pathParameters") or {}).get("name")
    return {"statusCode": 200, "body": json.dumps({"version": event["version"], "route": event.get("routeKey"),
                                                   "message": f"Hello, {name}!"})}  # fmt: skip


def test_the_documents_routes_integrations_authorization_and_cors_are_served():
    deployment = state(json.dumps(DOCUMENT))
    api = HttpApi(deployment, deployment.resources_of("aws_apigatewayv2_api")[0], ScriptedRuntime({URI: hello}))
    assert sorted(api.describe()[1:]) == [
        "$default  [public]", "GET /hello  [public]", "GET /me  [JWT]", "GET /private/{name}  [AWS_IAM]"
    ]  # fmt: skip

    async def scenario(client: TestClient) -> list[tuple[int, Any, Any]]:
        url = str(client.make_url("/private/Kim"))
        calls = [
            ("GET", "/hello?name=Kim", {}),
            ("GET", "/private/Kim", {}),
            ("GET", "/private/Kim", {"headers": sigv4_headers("GET", url)}),
            ("GET", "/me", {}),
            ("DELETE", "/anything", {}),
            ("OPTIONS", "/hello", {"headers": {"Origin": "https://app.example.com",
                                               "Access-Control-Request-Method": "GET"}}),
        ]  # fmt: skip
        answers = []
        for method, path, options in calls:
            async with client.request(method, path, **options) as response:
                text = await response.text()
                answers.append((response.status, json.loads(text) if text else None, response.headers))
        return answers

    async def main() -> list[tuple[int, Any, Any]]:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", api.handle)
        async with TestClient(TestServer(app)) as client:
            return await scenario(client)

    public, unsigned, signed, no_token, default, preflight = asyncio.run(main())
    assert (public[0], public[1]) == (200, {"version": "2.0", "route": "GET /hello", "message": "Hello, Kim!"})
    assert unsigned[0] == 403  # AWS_IAM from the document's awsSigv4 scheme
    assert (signed[0], signed[1]["version"], signed[1]["message"]) == (200, "1.0", "Hello, Kim!")
    assert (no_token[0], no_token[1]) == (401, {"message": "Unauthorized"})  # the document's JWT authorizer
    assert (default[0], default[1]["route"]) == (200, "$default")
    assert preflight[0] == 204
    assert preflight[2]["access-control-allow-origin"] == "https://app.example.com"


def test_a_body_api_gateway_cannot_import_is_refused_at_start_with_the_apis_address():
    deployment = state("this is not OpenAPI")
    with pytest.raises(ValueError, match=r"aws_apigatewayv2_api.this: API Gateway could not import its OpenAPI body"):
        HttpApi(deployment, deployment.resources_of("aws_apigatewayv2_api")[0], ScriptedRuntime({}))
