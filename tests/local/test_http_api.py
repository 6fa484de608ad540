"""The local HTTP API gateway against hand-written state and a scripted Lambda runtime.

Each test builds the few resources it needs (as ``terraform show -json`` holds them), serves them with
aiohttp's test server and asserts what a client sees and what the integration received.
"""

from __future__ import annotations

import asyncio
import io
import json
import logging
import time
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import gateway_testkit
import jwt
import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from cryptography.hazmat.primitives.asymmetric import rsa
from gateway_testkit import fetch, never_answers

from apigwkit.local.access_log import AccessLog
from apigwkit.local.http_api import HttpApi, PathTemplate, Route, select_route
from apigwkit.local.state import Deployment

API_ID = "a1b2c3d4e5"
FUNCTION = "arn:aws:lambda:ap-northeast-2:123456789012:function:handler"
AUTHORIZER_FUNCTION = "arn:aws:lambda:ap-northeast-2:123456789012:function:authorizer"
AUTHORIZER_URI = f"arn:aws:apigateway:ap-northeast-2:lambda:path/2015-03-31/functions/{AUTHORIZER_FUNCTION}/invocations"
ACCESS_FORMAT = json.dumps(
    {"requestId": "$context.requestId", "routeKey": "$context.routeKey", "status": "$context.status",
     "ip": "$context.identity.sourceIp", "error": "$context.authorizer.error"}
)  # fmt: skip


# --------------------------------------------------------------------------- state and runtime doubles


def resource(type_name: str, values: dict[str, Any], name: str = "this") -> dict[str, Any]:
    return {"address": f"{type_name}.{name}", "mode": "managed", "type": type_name, "name": name, "values": values}


def http_state(
    routes: dict[str, dict[str, Any]],
    *,
    stages: dict[str, dict[str, Any]] | None = None,
    cors: dict[str, Any] | None = None,
    authorizers: list[dict[str, Any]] = (),
) -> Deployment:
    """An HTTP API with one Lambda integration per route (``routes``: route key -> route/integration extras)."""
    resources = [
        resource(
            "aws_apigatewayv2_api",
            {
                "id": API_ID,
                "protocol_type": "HTTP",
                "name": "test",
                "region": "ap-northeast-2",
                "execution_arn": f"arn:aws:execute-api:ap-northeast-2:123456789012:{API_ID}",
                "cors_configuration": [cors] if cors else [],
            },
        )
    ]
    for index, (key, extra) in enumerate(routes.items()):
        integration = {
            "id": f"int{index}",
            "api_id": API_ID,
            "integration_type": "AWS_PROXY",
            "integration_uri": FUNCTION,
            "payload_format_version": "2.0",
            "timeout_milliseconds": 0,
            **extra.pop("integration", {}),
        }
        resources.append(resource("aws_apigatewayv2_integration", integration, f"i{index}"))
        route = {"id": f"r{index}", "api_id": API_ID, "route_key": key, "target": f"integrations/int{index}"}
        resources.append(
            resource("aws_apigatewayv2_route", {"authorization_type": "NONE", **route, **extra}, f"r{index}")
        )
    for authorizer in authorizers:
        resources.append(resource("aws_apigatewayv2_authorizer", {"api_id": API_ID, **authorizer}, authorizer["id"]))
    for name, stage in (stages or {"$default": {}}).items():
        values = {
            "api_id": API_ID,
            "name": name,
            "access_log_settings": [{"destination_arn": "arn:aws:logs:::log-group:x", "format": ACCESS_FORMAT}],
            "default_route_settings": [{"throttling_burst_limit": 200, "throttling_rate_limit": 100}],
            **stage,
        }
        resources.append(resource("aws_apigatewayv2_stage", values, name))
    return Deployment({"values": {"root_module": {"resources": resources}}}, Path("."))


class ScriptedRuntime(gateway_testkit.ScriptedRuntime):
    """The integration's function (``handler``) and the Lambda authorizer (``authorizer``), scripted."""

    def __init__(self, **scripts: Callable[[dict[str, Any]], Any]) -> None:
        super().__init__({FUNCTION: scripts.get("handler"), AUTHORIZER_URI: scripts.get("authorizer")})

    def handler_events(self) -> list[dict[str, Any]]:
        return self.events_of(FUNCTION)


def echo(event: dict[str, Any]) -> dict[str, Any]:
    return {"statusCode": 200, "body": json.dumps({"path": event.get("rawPath")})}


def serve(deployment: Deployment, runtime: ScriptedRuntime, requests: Callable, **options: Any) -> Any:
    """Serve the API, run ``requests(client)`` (a coroutine function) and return what it returns."""
    api = HttpApi(deployment, deployment.resources_of("aws_apigatewayv2_api")[0], runtime, **options)

    async def main() -> Any:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", api.handle)
        async with TestClient(TestServer(app)) as client:
            return await requests(client)

    return asyncio.run(main())


# --------------------------------------------------------------------------- route selection


def routes_of(*keys: str) -> list[Route]:
    return [HttpApi._route({"route_key": key}, {}, {}) for key in keys]


@pytest.mark.parametrize(
    ("method", "path", "expected", "params"),
    [
        ("GET", "/pets/dog", "GET /pets/dog", {}),
        ("GET", "/pets/7", "GET /pets/{id}", {"id": "7"}),
        ("POST", "/pets/7", "ANY /pets/{id}", {"id": "7"}),
        ("GET", "/pets/7/toys/ball", "GET /pets/{proxy+}", {"proxy": "7/toys/ball"}),
        ("GET", "/other", "$default", {}),
        ("GET", "/pets", "$default", {}),  # a greedy variable needs at least one segment
    ],
)
def test_route_selection_prefers_literals_then_variables_then_greedy_then_methods(method, path, expected, params):
    routes = routes_of("GET /pets/dog", "GET /pets/{id}", "ANY /pets/{id}", "GET /pets/{proxy+}", "$default")
    for ordering in (routes, routes[::-1]):  # the order routes were declared in must not matter
        route, found = select_route(ordering, method, path)
        assert (route.key, found) == (expected, params)


def test_no_route_and_no_default_selects_nothing():
    assert select_route(routes_of("GET /a"), "GET", "/b") is None
    assert PathTemplate.parse("/a/{b}").match("/a/x/y") is None


# --------------------------------------------------------------------------- Lambda proxy integration


def test_payload_2_event_and_response_mapping():
    runtime = ScriptedRuntime(
        handler=lambda event: {
            "statusCode": 201,
            "headers": {"x-answer": "42"},
            "cookies": ["a=1", "b=2"],
            "body": "created",
        }
    )
    deployment = http_state({"POST /items/{id}": {}}, stages={"$default": {"stage_variables": {"table": "items"}}})

    async def requests(client):
        return await fetch(
            client, "POST", "/items/9?tag=a&tag=b", data=b'{"n": 1}',
            headers={"content-type": "application/json", "cookie": "session=s1; theme=dark"},
        )  # fmt: skip

    status, headers, body = serve(deployment, runtime, requests)
    assert (status, body, headers["x-answer"]) == (201, "created", "42")
    event = runtime.handler_events()[0]
    assert event["version"] == "2.0" and event["routeKey"] == "POST /items/{id}"
    assert event["rawPath"] == "/items/9" and event["rawQueryString"] == "tag=a&tag=b"
    assert event["queryStringParameters"] == {"tag": "a,b"}
    assert event["pathParameters"] == {"id": "9"}
    assert event["stageVariables"] == {"table": "items"}
    assert event["cookies"] == ["session=s1", "theme=dark"] and "cookie" not in event["headers"]
    assert (event["body"], event["isBase64Encoded"]) == ('{"n": 1}', False)
    assert event["requestContext"]["http"]["method"] == "POST"
    assert event["requestContext"]["stage"] == "$default"


def test_set_cookie_headers_are_one_per_cookie():
    runtime = ScriptedRuntime(handler=lambda event: {"statusCode": 200, "cookies": ["a=1", "b=2"], "body": ""})

    async def requests(client):
        async with client.get("/c") as response:
            return response.headers.getall("set-cookie")

    assert serve(http_state({"GET /c": {}}), runtime, requests) == ["a=1", "b=2"]


def test_payload_2_bare_value_is_a_200_json_body():
    runtime = ScriptedRuntime(handler=lambda event: {"hello": "world"})
    status, headers, body = serve(http_state({"GET /x": {}}), runtime, lambda c: fetch(c, "GET", "/x"))
    assert (status, json.loads(body), headers["content-type"]) == (200, {"hello": "world"}, "application/json")


def test_payload_1_event_and_missing_status_code_is_502():
    runtime = ScriptedRuntime(handler=lambda event: {"body": "no status"})
    deployment = http_state({"GET /v1/{id}": {"integration": {"payload_format_version": "1.0"}}})
    status, _, body = serve(deployment, runtime, lambda c: fetch(c, "GET", "/v1/3?a=1&a=2"))
    assert (status, json.loads(body)) == (502, {"message": "Internal Server Error"})
    event = runtime.handler_events()[0]
    assert (event["version"], event["resource"], event["httpMethod"]) == ("1.0", "/v1/{id}", "GET")
    assert event["multiValueQueryStringParameters"] == {"a": ["1", "2"]}
    assert event["queryStringParameters"] == {"a": "2"}
    assert event["pathParameters"] == {"id": "3"}


def test_binary_body_is_base64():
    runtime = ScriptedRuntime(handler=lambda event: {"statusCode": 200, "body": event["body"]})
    status, _, body = serve(
        http_state({"PUT /blob": {}}),
        runtime,
        lambda c: fetch(c, "PUT", "/blob", data=b"\x00\xff", headers={"content-type": "application/octet-stream"}),
    )
    assert (status, body) == (200, "AP8=")
    assert runtime.handler_events()[0]["isBase64Encoded"] is True


TASK_TIMED_OUT = "RequestId: 0f1e Error: Task timed out after 3.00 seconds"  # what the runtime reports


@pytest.mark.parametrize(
    ("outcome", "error_message"),
    [
        (SimpleNamespace(status="error", payload=None, error={"errorMessage": "boom"}), "boom"),
        # the function's own timeout is a function error, not the gateway's 504
        (SimpleNamespace(status="timeout", payload=None, error={"errorMessage": TASK_TIMED_OUT}), TASK_TIMED_OUT),
    ],
)
def test_function_errors_and_the_functions_own_timeout_are_500_with_the_error_in_the_access_log(outcome, error_message):
    log = io.StringIO()
    runtime = ScriptedRuntime(handler=lambda event: outcome)
    fmt = json.dumps({"status": "$context.status", "error": "$context.integrationErrorMessage"})
    deployment = http_state({"GET /x": {}}, stages={"$default": {"access_log_settings": [{"format": fmt}]}})
    got_status, _, body = serve(deployment, runtime, lambda c: fetch(c, "GET", "/x"), access_log=AccessLog(log))
    assert (got_status, json.loads(body)) == (500, {"message": "Internal Server Error"})
    assert json.loads(log.getvalue()) == {
        "status": "500",
        "error": f"The Lambda function returned the following error: {error_message}. "
        "Check your Lambda function code and try again.",
    }


def test_integration_timeout_shorter_than_the_function_is_504():
    class Slow(ScriptedRuntime):
        async def invoke(self, ref, event):
            await never_answers()  # the 100 ms integration timeout cancels it

    deployment = http_state({"GET /slow": {"integration": {"timeout_milliseconds": 100}}})
    started = time.monotonic()
    status, _, _ = serve(deployment, Slow(), lambda c: fetch(c, "GET", "/slow"))
    assert status == 504 and time.monotonic() - started < 1.5


# --------------------------------------------------------------------------- stages, 404, throttling, logs


def test_named_stages_are_path_prefixes_and_unknown_paths_are_404():
    deployment = http_state({"GET /hello": {}}, stages={"dev": {}})

    async def requests(client):
        return [await fetch(client, "GET", path) for path in ("/dev/hello", "/hello", "/dev/nope")]

    (ok, _, body), (no_stage, _, _), (no_route, _, missing) = serve(deployment, ScriptedRuntime(handler=echo), requests)
    assert (ok, json.loads(body)) == (200, {"path": "/dev/hello"})
    assert (no_stage, no_route, json.loads(missing)) == (404, 404, {"message": "Not Found"})


def test_throttling_refuses_past_the_burst_with_429():
    deployment = http_state(
        {"GET /t": {}, "GET /free": {}},
        stages={
            "$default": {
                "default_route_settings": [{"throttling_burst_limit": 100, "throttling_rate_limit": 100}],
                "route_settings": [{"route_key": "GET /t", "throttling_burst_limit": 2, "throttling_rate_limit": 1}],
            }
        },
    )

    async def requests(client):
        limited = [(await fetch(client, "GET", "/t"))[0] for _ in range(4)]
        other = [(await fetch(client, "GET", "/free"))[0] for _ in range(4)]
        return limited, other

    limited, other = serve(deployment, ScriptedRuntime(handler=echo), requests)
    assert limited[:2] == [200, 200] and limited[2:] == [429, 429]
    assert other == [200] * 4


def test_access_log_line_in_the_stage_format():
    stream = io.StringIO()
    serve(
        http_state({"GET /x": {}}),
        ScriptedRuntime(handler=echo),
        lambda c: fetch(c, "GET", "/x"),
        access_log=AccessLog(stream),
    )
    line = json.loads(stream.getvalue())
    assert (line["routeKey"], line["status"], line["ip"], line["error"]) == ("GET /x", "200", "127.0.0.1", "-")
    assert len(line["requestId"]) == 36


# --------------------------------------------------------------------------- CORS


CORS = {
    "allow_origins": ["https://app.example.com"],
    "allow_methods": ["GET", "POST"],
    "allow_headers": ["authorization"],
    "expose_headers": ["x-request-id"],
    "max_age": 600,
    "allow_credentials": True,
}


def test_cors_preflight_and_response_headers():
    runtime = ScriptedRuntime(handler=echo)
    preflight = {"origin": "https://app.example.com", "access-control-request-method": "POST"}

    async def requests(client):
        allowed = await fetch(client, "OPTIONS", "/x", headers=preflight)
        refused = await fetch(client, "OPTIONS", "/x", headers={**preflight, "origin": "https://evil.example"})
        actual = await fetch(client, "GET", "/x", headers={"origin": "https://app.example.com"})
        return allowed, refused, actual

    allowed, refused, actual = serve(http_state({"GET /x": {}}, cors=CORS), runtime, requests)
    assert allowed[0] == 204
    assert allowed[1]["Access-Control-Allow-Origin"] == "https://app.example.com"
    assert allowed[1]["Access-Control-Allow-Methods"] == "GET,POST"
    assert allowed[1]["Access-Control-Max-Age"] == "600"
    assert "Access-Control-Allow-Origin" not in refused[1]
    assert actual[1]["Access-Control-Allow-Origin"] == "https://app.example.com"
    assert actual[1]["Access-Control-Allow-Credentials"] == "true"
    assert actual[1]["Access-Control-Expose-Headers"] == "x-request-id"
    assert len(runtime.handler_events()) == 1  # the preflights never reached the integration


def test_with_a_cors_configuration_the_backends_cors_headers_are_replaced_by_the_apis():
    def permissive(event):  # a backend that allows every origin itself
        headers = {"Access-Control-Allow-Origin": "*", "Access-Control-Allow-Methods": "DELETE", "x-kept": "yes"}
        return {"statusCode": 200, "headers": headers, "body": "{}"}

    async def requests(client):
        evil = await fetch(client, "GET", "/x", headers={"origin": "https://evil.example"})
        app = await fetch(client, "GET", "/x", headers={"origin": "https://app.example.com"})
        return evil, app

    evil, app = serve(http_state({"GET /x": {}}, cors=CORS), ScriptedRuntime(handler=permissive), requests)
    assert not [name for name in evil[1] if name.lower().startswith("access-control-")]  # the browser refuses it
    assert evil[1]["x-kept"] == "yes"
    assert app[1]["Access-Control-Allow-Origin"] == "https://app.example.com"
    assert "Access-Control-Allow-Methods" not in app[1]  # the backend's, dropped (the API's come with preflights)
    # without a CORS configuration the backend's headers are the answer's
    (plain,) = serve(
        http_state({"GET /x": {}}),
        ScriptedRuntime(handler=permissive),
        lambda c: asyncio.gather(fetch(c, "GET", "/x", headers={"origin": "https://evil.example"})),
    )
    assert plain[1]["Access-Control-Allow-Origin"] == "*"


def test_troubleshooting_row_cors_failure_says_why_the_browser_will_refuse(caplog: pytest.LogCaptureFixture):
    runtime = ScriptedRuntime(handler=echo)
    asked = {"origin": "https://evil.example", "access-control-request-method": "DELETE",
             "access-control-request-headers": "authorization, x-custom"}  # fmt: skip
    with caplog.at_level(logging.WARNING, logger="apigwkit.local.http_api"):
        status, headers, _ = serve(
            http_state({"GET /x": {}}, cors=CORS), runtime, lambda c: fetch(c, "OPTIONS", "/x", headers=asked)
        )
    assert status == 204 and "Access-Control-Allow-Origin" not in headers  # what AWS answers
    (record,) = caplog.records
    assert record.getMessage() == (
        "CORS preflight DELETE /x from https://evil.example: the browser will refuse the call: origin "
        "https://evil.example is not in allow_origins ['https://app.example.com']; method DELETE is not in "
        "allow_methods ['GET', 'POST']; headers ['x-custom'] are not in allow_headers ['authorization'] (the API's "
        "cors_configuration decides; the integration's CORS headers are ignored)"
    )


def test_access_log_error_and_integration_values_and_a_413_line():
    log = io.StringIO()
    fmt = json.dumps(
        {"status": "$context.status", "error": "$context.error.message", "errorString": "$context.error.messageString",
         "integrationStatus": "$context.integration.status", "lambdaStatus": "$context.integrationStatus",
         "requestId": "$context.integration.requestId"}
    )  # fmt: skip
    deployment = http_state({"GET /x": {}}, stages={"$default": {"access_log_settings": [{"format": fmt}]}})
    runtime = ScriptedRuntime(handler=lambda event: {"statusCode": 418, "body": "teapot"})

    async def requests(client):
        return [
            (await fetch(client, "GET", "/x"))[0],
            (await fetch(client, "GET", "/nowhere"))[0],
            (await fetch(client, "POST", "/x", data=b"x" * (10 * 1024 * 1024 + 1)))[0],
        ]

    api = HttpApi(deployment, deployment.resources_of("aws_apigatewayv2_api")[0], runtime, access_log=AccessLog(log))

    async def main():
        app = web.Application(client_max_size=10 * 1024 * 1024)  # as server.py serves it
        app.router.add_route("*", "/{tail:.*}", api.handle)
        async with TestClient(TestServer(app)) as client:
            return await requests(client)

    assert asyncio.run(main()) == [418, 404, 413]
    lines = [json.loads(line) for line in log.getvalue().splitlines()]
    assert lines == [
        {"status": "418", "error": "-", "errorString": "-", "integrationStatus": "418", "lambdaStatus": "200",
         "requestId": "lambda-request-id"},
        {"status": "404", "error": "Not Found", "errorString": '"Not Found"', "integrationStatus": "-",
         "lambdaStatus": "-", "requestId": "-"},
        {"status": "413", "error": "Request Entity Too Large", "errorString": '"Request Entity Too Large"',
         "integrationStatus": "-", "lambdaStatus": "-", "requestId": "-"},
    ]  # fmt: skip


# --------------------------------------------------------------------------- JWT authorizer


ISSUER = "https://issuer.example/pool"


@pytest.fixture(scope="module")
def signing_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def jwt_state() -> Deployment:
    authorizer = {
        "id": "jwt1",
        "authorizer_type": "JWT",
        "identity_sources": ["$request.header.Authorization"],
        "jwt_configuration": [{"issuer": ISSUER, "audience": ["client-1"]}],
    }
    return http_state(
        {
            "GET /me": {"authorization_type": "JWT", "authorizer_id": "jwt1"},
            "GET /reports": {"authorization_type": "JWT", "authorizer_id": "jwt1", "authorization_scopes": ["r/read"]},
        },
        authorizers=[authorizer],
    )


def token(key, **claims: Any) -> str:
    body = {"iss": ISSUER, "client_id": "client-1", "sub": "user-1", "exp": int(time.time()) + 300, **claims}
    return jwt.encode(body, key, algorithm="RS256", headers={"kid": "k1"})


def serve_with_jwks(signing_key, runtime, requests):
    """Serve the JWT API with a JWKS endpoint of ``signing_key`` on a second local server."""
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(signing_key.public_key()))
    jwks_app = web.Application()

    async def jwks(request: web.Request) -> web.Response:
        return web.json_response({"keys": [{**jwk, "kid": "k1"}]})

    jwks_app.router.add_get("/jwks.json", jwks)

    async def main():
        async with TestServer(jwks_app) as jwks_server:
            jwks_url = str(jwks_server.make_url("/jwks.json"))
            deployment = jwt_state()
            api = HttpApi(
                deployment, deployment.resources_of("aws_apigatewayv2_api")[0], runtime, issuers=lambda i: (i, jwks_url)
            )
            app = web.Application()
            app.router.add_route("*", "/{tail:.*}", api.handle)
            async with TestClient(TestServer(app)) as client:
                return await requests(client)

    return asyncio.run(main())


def test_jwt_authorizer_accepts_a_valid_token_and_passes_claims(signing_key):
    runtime = ScriptedRuntime(handler=echo)
    typed = {"email_verified": True, "banned": False, "auth_time": 1612053076, "groups": ["admin", "ops"]}
    good = token(signing_key, scope="openid r/read", **typed)

    async def requests(client):
        return [
            (await fetch(client, "GET", path, headers={"authorization": f"Bearer {good}"}))[0]
            for path in ("/me", "/reports")
        ]

    assert serve_with_jwks(signing_key, runtime, requests) == [200, 200]
    jwt_context = runtime.handler_events()[0]["requestContext"]["authorizer"]["jwt"]
    assert jwt_context["claims"]["sub"] == "user-1" and jwt_context["scopes"] == ["openid", "r/read"]
    # every claim a string: JSON's booleans, numbers as text, an array bracketed with spaces (authorizers.stringify)
    assert {k: jwt_context["claims"][k] for k in typed} == {
        "email_verified": "true", "banned": "false", "auth_time": "1612053076", "groups": "[admin ops]"
    }  # fmt: skip


def test_jwt_authorizer_refusals(signing_key):
    runtime = ScriptedRuntime(handler=echo)
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cases = {
        "no token": ("/me", {}),
        "forged": ("/me", {"authorization": token(other_key)}),
        "expired": ("/me", {"authorization": token(signing_key, exp=int(time.time()) - 60)}),
        "other issuer": ("/me", {"authorization": token(signing_key, iss="https://else")}),
        "other audience": ("/me", {"authorization": token(signing_key, client_id="client-2")}),
        "no scope": ("/reports", {"authorization": token(signing_key, scope="openid")}),
    }

    async def requests(client):
        return {name: await fetch(client, "GET", path, headers=headers) for name, (path, headers) in cases.items()}

    answers = serve_with_jwks(signing_key, runtime, requests)
    results = {name: answer[::2] for name, answer in answers.items()}
    # a refused token's reason, in the www-authenticate header (http-api-troubleshooting-jwt.html)
    challenges = {name: answer[1].get("www-authenticate") for name, answer in answers.items()}
    assert challenges == {
        "no token": None,
        "forged": 'Bearer scope="" error="invalid_token" error_description="the token signature is invalid"',
        "expired": 'Bearer scope="" error="invalid_token" error_description="the token has expired"',
        "other issuer": 'Bearer scope="" error="invalid_token" error_description="the token does not have a valid '
        'issuer"',
        "other audience": 'Bearer scope="" error="invalid_token" error_description="the token does not have a valid '
        'audience"',
        "no scope": None,
    }
    unauthorized = (401, json.dumps({"message": "Unauthorized"}))
    assert results == {
        "no token": unauthorized,
        "forged": unauthorized,
        "expired": unauthorized,
        "other issuer": unauthorized,
        "other audience": unauthorized,
        "no scope": (403, json.dumps({"message": "Forbidden"})),
    }
    assert runtime.handler_events() == []


# --------------------------------------------------------------------------- Lambda REQUEST authorizer


def lambda_authorizer_state(**authorizer: Any) -> Deployment:
    values = {
        "id": "lam1",
        "authorizer_type": "REQUEST",
        "authorizer_uri": AUTHORIZER_URI,
        "identity_sources": ["$request.header.Authorization"],
        "authorizer_payload_format_version": "2.0",
        **authorizer,
    }
    return http_state({"GET /p/{id}": {"authorization_type": "CUSTOM", "authorizer_id": "lam1"}}, authorizers=[values])


def test_lambda_authorizer_simple_responses_and_cache():
    decisions = []

    def authorizer(event):
        decisions.append(event["identitySource"])
        allowed = event["identitySource"] == ["let-me-in"]
        return {"isAuthorized": allowed, "context": {"tenant": "t1"}}

    runtime = ScriptedRuntime(handler=echo, authorizer=authorizer)
    deployment = lambda_authorizer_state(enable_simple_responses=True, authorizer_result_ttl_in_seconds=300)

    async def requests(client):
        statuses = []
        for value in ("let-me-in", "let-me-in", "nope", None):
            headers = {"authorization": value} if value else {}
            statuses.append((await fetch(client, "GET", "/p/1", headers=headers))[0])
        return statuses

    assert serve(deployment, runtime, requests) == [200, 200, 403, 401]
    assert decisions == [["let-me-in"], ["nope"]]  # cached once; a missing identity never invokes it
    event = runtime.handler_events()[0]
    assert event["requestContext"]["authorizer"] == {"lambda": {"tenant": "t1"}}
    auth_event = runtime.events[0][1]
    assert auth_event["type"] == "REQUEST" and auth_event["routeArn"].endswith(f"{API_ID}/$default/GET/p/1")


def test_lambda_authorizer_iam_policy_response():
    def authorizer(event):
        effect = "Allow" if event["headers"]["authorization"] == "good" else "Deny"
        statement = {
            "Effect": effect,
            "Action": "execute-api:Invoke",
            "Resource": event["routeArn"].rsplit("/", 1)[0] + "/*",
        }
        return {"principalId": "u", "policyDocument": {"Version": "2012-10-17", "Statement": [statement]}}

    runtime = ScriptedRuntime(handler=echo, authorizer=authorizer)

    async def requests(client):
        return [(await fetch(client, "GET", "/p/1", headers={"authorization": v}))[0] for v in ("good", "bad")]

    assert serve(lambda_authorizer_state(), runtime, requests) == [200, 403]


def test_authorizer_failure_is_500():
    runtime = ScriptedRuntime(
        handler=echo,
        authorizer=lambda event: SimpleNamespace(status="error", payload=None, error={"errorMessage": "x"}),
    )
    status, _, body = serve(
        lambda_authorizer_state(), runtime, lambda c: fetch(c, "GET", "/p/1", headers={"authorization": "t"})
    )
    assert (status, json.loads(body)) == (500, {"message": "Internal Server Error"})
