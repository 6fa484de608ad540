"""The local REST API gateway against hand-written state, the applied rest-api-mapping-cache example and a scripted
Lambda runtime (plus one round trip through the real sum Lambda).

Each test builds the resources it needs (as ``terraform show -json`` holds them), serves them with aiohttp's test
server and asserts what a client sees and what the integration received.
"""

from __future__ import annotations

import asyncio
import io
import json
import logging
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import gateway_testkit
import jwt
import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from cryptography.hazmat.primitives.asymmetric import rsa
from gateway_testkit import FakeClock, fetch, never_answers, sigv4_headers
from multidict import CIMultiDict

from apigwkit.engine.workspace import REPO_ROOT
from apigwkit.local.access_log import AccessLog
from apigwkit.local.rest import RestApi
from apigwkit.local.state import Deployment

REGION, ACCOUNT = "ap-northeast-2", "123456789012"
API_ID, ROOT = "r3st4p1id", "rootid0000"
FUNCTION = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:handler"
AUTHORIZER_FUNCTION = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:authorizer"


def invoke_uri(function_arn: str) -> str:
    return f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/{function_arn}/invocations"


FUNCTION_URI, AUTHORIZER_URI = invoke_uri(FUNCTION), invoke_uri(AUTHORIZER_FUNCTION)
ACCESS_FORMAT = json.dumps(
    {"requestId": "$context.requestId", "ip": "$context.identity.sourceIp", "apiKeyId": "$context.identity.apiKeyId",
     "httpMethod": "$context.httpMethod", "resourcePath": "$context.resourcePath", "path": "$context.path",
     "status": "$context.status", "responseLength": "$context.responseLength", "requestTime": "$context.requestTime",
     "integrationLatency": "$context.integrationLatency", "error": "$context.error.message",
     "responseType": "$context.error.responseType", "principal": "$context.authorizer.principalId"}
)  # fmt: skip


# --------------------------------------------------------------------------- state and runtime doubles


class State:
    """A hand-written REST API state, grown one resource at a time."""

    def __init__(self, stages: dict[str, dict[str, Any]] | None = None, **api: Any) -> None:
        self.items: list[dict[str, Any]] = []
        self.resource_ids = {"/": ROOT}
        self.add(
            "aws_api_gateway_rest_api",
            {
                "id": API_ID,
                "name": "test",
                "region": REGION,
                "root_resource_id": ROOT,
                "execution_arn": f"arn:aws:execute-api:{REGION}:{ACCOUNT}:{API_ID}",
                "api_key_source": "HEADER",
                "binary_media_types": [],
                **api,
            },
        )
        for name, extra in (stages or {"prod": {}}).items():
            access = [{"destination_arn": "arn:aws:logs:::log-group:x", "format": ACCESS_FORMAT}]
            values = {"stage_name": name, "variables": None, "access_log_settings": access, **extra}
            self.add("aws_api_gateway_stage", values)

    def add(self, type_name: str, values: dict[str, Any]) -> dict[str, Any]:
        values = {"rest_api_id": API_ID, **values}
        name = f"r{len(self.items)}"
        self.items.append(
            {"address": f"{type_name}.{name}", "mode": "managed", "type": type_name, "name": name, "values": values}
        )
        return values

    def resource(self, path: str) -> str:
        """The id of ``path``, creating it and its ancestors."""
        if path not in self.resource_ids:
            parent, _, part = path.rpartition("/")
            parent_id = self.resource(parent or "/")
            rid = f"res{len(self.resource_ids)}"
            self.add("aws_api_gateway_resource", {"id": rid, "parent_id": parent_id, "path_part": part, "path": path})
            self.resource_ids[path] = rid
        return self.resource_ids[path]

    def method(
        self,
        verb: str,
        path: str,
        *,
        integration: dict[str, Any] | None = None,
        responses: list[dict[str, Any]] = (),
        **method: Any,
    ) -> State:
        rid = self.resource(path)
        common = {"resource_id": rid, "http_method": verb}
        self.add("aws_api_gateway_method", {"authorization": "NONE", "api_key_required": False, **common, **method})
        self.add(
            "aws_api_gateway_integration",
            {"type": "AWS_PROXY", "uri": FUNCTION_URI, "timeout_milliseconds": 0, **common, **(integration or {})},
        )
        for response in responses:
            self.add("aws_api_gateway_integration_response", {**common, "selection_pattern": None, **response})
        return self

    def method_settings(self, stage: str, method_path: str, **settings: Any) -> State:
        self.add(
            "aws_api_gateway_method_settings",
            {"stage_name": stage, "method_path": method_path, "settings": [settings]},
        )
        return self

    def api_key(self, key_id: str, value: str, *, enabled: bool = True, plan: dict[str, Any] | None = None) -> State:
        """An API key; with ``plan``, in a usage plan (``plan``: extra plan values) for every stage of the API."""
        self.items.append(
            {"address": f"aws_api_gateway_api_key.{key_id}", "mode": "managed", "type": "aws_api_gateway_api_key",
             "name": key_id, "values": {"id": key_id, "value": value, "enabled": enabled}}
        )  # fmt: skip
        if plan is not None:
            stages = [i["values"]["stage_name"] for i in self.items if i["type"] == "aws_api_gateway_stage"]
            plan_id = f"plan-{key_id}"
            self.add(
                "aws_api_gateway_usage_plan",
                {"id": plan_id, "api_stages": [{"api_id": API_ID, "stage": s, "throttle": []} for s in stages],
                 "throttle_settings": [], "quota_settings": [], **plan},
            )  # fmt: skip
            self.add("aws_api_gateway_usage_plan_key", {"key_id": key_id, "usage_plan_id": plan_id})
        return self

    def deployment(self) -> Deployment:
        return Deployment({"values": {"root_module": {"resources": self.items}}}, Path("."))


class ScriptedRuntime(gateway_testkit.ScriptedRuntime):
    """The integration's function (``handler``, also any other function) and the authorizer, scripted."""

    def __init__(self, **scripts: Callable[[dict[str, Any]], Any]) -> None:
        super().__init__(
            {FUNCTION_URI: scripts.get("handler"), AUTHORIZER_URI: scripts.get("authorizer")}, FUNCTION_URI
        )


def failure(message: str, kind: str = "Exception") -> SimpleNamespace:
    return SimpleNamespace(status="error", payload=None, error={"errorMessage": message, "errorType": kind})


def ok(event: dict[str, Any]) -> dict[str, Any]:
    return {"statusCode": 200, "body": json.dumps({"resource": event["resource"], "params": event["pathParameters"]})}


def serve(api: RestApi, requests: Callable) -> Any:
    """Serve ``api``, run ``requests(client)`` (a coroutine function) and return what it returns."""

    async def main() -> Any:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", api.handle)
        async with TestClient(TestServer(app)) as client:
            return await requests(client)

    return asyncio.run(main())


def rest_api(deployment: Deployment, runtime: Any, **options: Any) -> RestApi:
    return RestApi(deployment, deployment.resources_of("aws_api_gateway_rest_api")[0], runtime, **options)


def call(api: RestApi, method: str, path: str, **kwargs: Any) -> tuple[int, CIMultiDict[str], str]:
    return serve(api, lambda client: fetch(client, method, path, **kwargs))


def calls(api: RestApi, *requests: tuple[Any, ...]) -> list[tuple[int, CIMultiDict[str], str]]:
    """Several requests through one server: each ``(method, path)`` or ``(method, path, kwargs)``."""

    async def run(client: TestClient) -> list[tuple[int, CIMultiDict[str], str]]:
        return [await fetch(client, r[0], r[1], **(r[2] if len(r) > 2 else {})) for r in requests]

    return serve(api, run)


# --------------------------------------------------------------------------- stages and the resource tree


def tree_api(runtime: ScriptedRuntime) -> RestApi:
    state = State()
    for verb, path in [
        ("GET", "/"),
        ("GET", "/pets"),
        ("GET", "/pets/dog"),
        ("GET", "/pets/{id}"),
        ("ANY", "/pets/{id}/toys/{proxy+}"),
        ("ANY", "/{proxy+}"),
        ("GET", "/a/b/c"),
        ("GET", "/a/{x}/d"),
    ]:
        state.method(verb, path)
    return rest_api(state.deployment(), runtime)


@pytest.mark.parametrize(
    ("method", "path", "resource", "params"),
    [
        ("GET", "/prod", "/", None),
        ("GET", "/prod/pets", "/pets", None),
        ("GET", "/prod/pets/dog", "/pets/dog", None),  # a literal part wins over {id}
        ("GET", "/prod/pets/7", "/pets/{id}", {"id": "7"}),
        ("DELETE", "/prod/pets/7/toys/ball/red", "/pets/{id}/toys/{proxy+}", {"id": "7", "proxy": "ball/red"}),
        ("GET", "/prod/pets/7/bowls", "/{proxy+}", {"proxy": "pets/7/bowls"}),  # the greedy root takes the rest
        ("POST", "/prod/anything/at/all", "/{proxy+}", {"proxy": "anything/at/all"}),
        ("GET", "/prod/a/b/d", "/a/{x}/d", {"x": "b"}),  # /a/b leads nowhere for d: back to {x}
        ("GET", "/prod/pets/caf%C3%A9", "/pets/{id}", {"id": "café"}),  # path parameters arrive decoded
    ],
)
def test_resource_tree_prefers_literals_then_parameters_then_greedy(method, path, resource, params):
    runtime = ScriptedRuntime(handler=ok)
    status, _, body = call(tree_api(runtime), method, path)
    assert (status, json.loads(body)) == (200, {"resource": resource, "params": params})


def test_no_resource_or_method_is_missing_authentication_token_and_unknown_stage_is_forbidden():
    runtime = ScriptedRuntime(handler=ok)
    state = State().method("GET", "/pets").method("GET", "/files/{proxy+}")
    answers = calls(
        rest_api(state.deployment(), runtime),
        ("POST", "/prod/pets"),  # the resource exists, the method does not
        ("GET", "/prod/nothing"),
        ("GET", "/prod/files"),  # a greedy part needs at least one segment
        ("GET", "/prod"),  # the root has no method
        ("GET", "/dev/pets"),  # no such stage
        ("GET", "/"),
    )
    missing = {"message": "Missing Authentication Token"}
    assert [(s, json.loads(b)) for s, _, b in answers] == [(403, missing)] * 4 + [(403, {"message": "Forbidden"})] * 2
    assert answers[0][1]["x-amzn-ErrorType"] == "MissingAuthenticationTokenException"
    assert runtime.events == []


def test_describe_lists_stages_and_methods():
    state = State(stages={"dev": {}, "prod": {"cache_cluster_enabled": True}})
    state.method("GET", "/pets", api_key_required=True).method("POST", "/pets", integration={"type": "MOCK"})
    lines = rest_api(state.deployment(), ScriptedRuntime()).describe()
    methods = ["    GET /pets  [public, api key] -> AWS_PROXY", "    POST /pets  [public] -> MOCK"]
    assert lines == ["stage dev: /dev/", *methods, "stage prod: /prod/  [cache]", *methods]


# --------------------------------------------------------------------------- Lambda proxy integration


def test_proxy_event_carries_the_rest_payload_fields():
    runtime = ScriptedRuntime(handler=lambda event: {"statusCode": 200, "body": "ok"})
    state = State(stages={"prod": {"variables": {"table": "items"}}})
    state.method("POST", "/items/{id}", api_key_required=True).api_key("key1", "secret-value", plan={})
    status, headers, _ = call(
        rest_api(state.deployment(), runtime, domain="127.0.0.1:9999"),
        "POST",
        "/prod/items/9?tag=a&tag=b&one=1",
        data=b'{"n": 1}',
        headers=[("content-type", "application/json"), ("x-api-key", "secret-value"), ("X-Multi", "1"),
                 ("X-Multi", "2")],
    )  # fmt: skip
    assert status == 200
    event = runtime.events_of(FUNCTION_URI)[0]
    assert (event["resource"], event["path"], event["httpMethod"]) == ("/items/{id}", "/items/9", "POST")
    assert event["queryStringParameters"] == {"tag": "b", "one": "1"}
    assert event["multiValueQueryStringParameters"] == {"tag": ["a", "b"], "one": ["1"]}
    assert event["headers"]["X-Multi"] == "2" and event["multiValueHeaders"]["X-Multi"] == ["1", "2"]
    assert event["pathParameters"] == {"id": "9"} and event["stageVariables"] == {"table": "items"}
    assert (event["body"], event["isBase64Encoded"]) == ('{"n": 1}', False)
    context = event["requestContext"]
    assert (context["resourcePath"], context["stage"], context["path"]) == ("/items/{id}", "prod", "/prod/items/9")
    assert (context["httpMethod"], context["apiId"], context["accountId"]) == ("POST", API_ID, ACCOUNT)
    assert context["domainName"] == "127.0.0.1:9999" and context["resourceId"] == state.resource_ids["/items/{id}"]
    assert context["identity"]["sourceIp"] == "127.0.0.1"
    assert (context["identity"]["apiKey"], context["identity"]["apiKeyId"]) == ("secret-value", "key1")
    assert context["requestId"] == headers["x-amzn-RequestId"]
    assert context["extendedRequestId"] == headers["x-amz-apigw-id"]


def test_proxy_response_maps_status_headers_and_binary_body():
    runtime = ScriptedRuntime(
        handler=lambda event: {
            "statusCode": 201,
            "headers": {"x-one": "1", "content-type": "image/png"},
            "multiValueHeaders": {"set-cookie": ["a=1", "b=2"]},
            "body": "AP8=",
            "isBase64Encoded": True,
        }
    )
    deployment = State(binary_media_types=["image/png"]).method("GET", "/img").deployment()

    async def requests(client):
        async with client.get("/prod/img", headers={"accept": "image/png"}) as response:
            return response.status, response.headers, await response.read()

    status, headers, body = serve(rest_api(deployment, runtime), requests)
    assert (status, body, headers["x-one"], headers.getall("set-cookie")) == (201, b"\x00\xff", "1", ["a=1", "b=2"])


def test_binary_request_body_is_base64_for_binary_media_types_only():
    runtime = ScriptedRuntime(handler=lambda event: {"statusCode": 200, "body": event["body"]})
    api = rest_api(State(binary_media_types=["application/octet-stream"]).method("PUT", "/blob").deployment(), runtime)
    answers = calls(
        api,
        ("PUT", "/prod/blob", {"data": b"\x00\xff", "headers": {"content-type": "application/octet-stream"}}),
        ("PUT", "/prod/blob", {"data": b"text", "headers": {"content-type": "text/plain"}}),
    )
    assert [body for _, _, body in answers] == ["AP8=", "text"]
    assert [e["isBase64Encoded"] for e in runtime.events_of(FUNCTION_URI)] == [True, False]


@pytest.mark.parametrize(
    "answer",
    [
        {"body": "no status"},
        {"statusCode": 200, "body": {"not": "a string"}},
        {"statusCode": 200, "body": "x", "unexpected": True},
        "just a string",
        failure("boom"),
    ],
    ids=["no-status", "body-not-string", "extra-key", "not-an-object", "function-error"],
)
def test_malformed_proxy_answer_or_function_error_is_502(answer):
    runtime = ScriptedRuntime(handler=lambda event: answer)
    status, _, body = call(rest_api(State().method("GET", "/x").deployment(), runtime), "GET", "/prod/x")
    assert (status, json.loads(body)) == (502, {"message": "Internal server error"})


def test_the_functions_own_timeout_is_a_502_function_error_and_the_integrations_timeout_a_504():
    async def slow(event):
        await never_answers()  # the 100 ms integration timeout cancels it

    timed_out = SimpleNamespace(
        status="timeout",
        payload=None,
        error={"errorMessage": "RequestId: 0f1e Error: Task timed out after 3.00 seconds"},
    )
    state = State().method("GET", "/reported", integration={"timeout_milliseconds": 0})
    state.method("GET", "/slow", integration={"timeout_milliseconds": 100, "uri": invoke_uri(FUNCTION + "-slow")})
    runtime = ScriptedRuntime(handler=lambda event: timed_out)
    runtime.scripts[invoke_uri(FUNCTION + "-slow")] = slow
    started = time.monotonic()
    answers = calls(rest_api(state.deployment(), runtime), ("GET", "/prod/reported"), ("GET", "/prod/slow"))
    assert time.monotonic() - started < 1.5  # the 100 ms integration timeout, not the function's 10 s
    assert [(s, json.loads(b)) for s, _, b in answers] == [
        (502, {"message": "Internal server error"}),
        (504, {"message": "Endpoint request timed out"}),
    ]


# --------------------------------------------------------------------------- the applied example: VTL, validation, keys


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployment]:
    deployment = Deployment.apply(REPO_ROOT / "examples/rest-api-mapping-cache", base=tmp_path_factory.mktemp("rest"))
    yield deployment
    deployment.close()


def example_api(example: Deployment, runtime: Any, **options: Any) -> tuple[RestApi, str]:
    """The example's API and its demo API key value."""
    (key,) = example.resources_of("aws_api_gateway_api_key")
    return rest_api(example, runtime, **options), key.values["value"]


def test_example_post_sum_renders_the_request_and_response_templates(example):
    runtime = ScriptedRuntime(handler=lambda event: {"sum": event["a"] + event["b"]})
    api, key = example_api(example, runtime)
    status, headers, body = call(api, "POST", "/dev/sum?debug=it's", json={"a": 1, "b": 2}, headers={"x-api-key": key})
    assert status == 200, body
    answer = json.loads(body)
    assert answer["result"] == 3 and answer["timestamp"].endswith("+0000")
    assert headers["content-type"] == "application/json"
    assert headers["access-control-allow-origin"] == "https://www.example.com"  # the integration response's mapping
    (event,) = runtime.events_of(runtime.events[0][0])
    assert event == {"a": 1, "b": 2, "callerIp": "127.0.0.1", "path": "/sum", "qs": {"debug": "it's"}}


@pytest.mark.parametrize(
    ("error", "status", "expected"),
    [
        ("BadRequest: a must be an integer, found string 'x'", 400,
         {"message": "BadRequest: a must be an integer, found string 'x'"}),
        ("KeyError: something else broke", 500, {"message": "Internal server error"}),
    ],
)  # fmt: skip
def test_example_selection_pattern_maps_lambda_errors(example, error, status, expected):
    runtime = ScriptedRuntime(handler=lambda event: failure(error))
    api, key = example_api(example, runtime)
    got, _, body = call(api, "POST", "/dev/sum", json={"a": 1, "b": 2}, headers={"x-api-key": key})
    assert (got, json.loads(body)) == (status, expected)


def test_example_mocks_answer_health_and_cors_preflight(example):
    runtime = ScriptedRuntime(handler=ok)
    api, _ = example_api(example, runtime)
    answers = calls(api, ("GET", "/dev/health"), ("GET", "/prod/health"), ("OPTIONS", "/dev/sum"))
    assert [(s, json.loads(b)) for s, _, b in answers[:2]] == [
        (200, {"status": "ok", "stage": "dev", "release": "dev"}),
        (200, {"status": "ok", "stage": "prod", "release": "stable"}),
    ]
    status, headers, _ = answers[2]  # the module's OPTIONS MOCK: headers from its integration response
    assert status == 200
    assert headers["Access-Control-Allow-Origin"] == "https://www.example.com"
    assert headers["Access-Control-Allow-Methods"] == "GET,OPTIONS,POST"
    assert headers["Access-Control-Max-Age"] == "300"
    assert runtime.events == []


def test_example_validation_refuses_a_bad_body_and_missing_parameters_with_400(example):
    runtime = ScriptedRuntime(handler=lambda event: {"sum": 0})
    api, key = example_api(example, runtime)
    answers = calls(
        api,
        ("POST", "/dev/sum", {"json": {"a": 1}, "headers": {"x-api-key": key}}),
        ("POST", "/dev/sum", {"json": {"a": "1", "b": 2}, "headers": {"x-api-key": key}}),
        ("POST", "/dev/sum", {"data": b"{not json", "headers": {"x-api-key": key, "content-type": "application/json"}}),
        ("GET", "/dev/sum?b=2&a=", {"headers": {"x-api-key": key}}),
        ("GET", "/dev/sum", {"headers": {"x-api-key": key}}),
    )
    bodies = [json.loads(body) for _, _, body in answers]
    assert [status for status, _, _ in answers] == [400] * 5
    # BAD_REQUEST_BODY is customised by the example: its template adds the request id, its CORS header applies.
    for (_, headers, _), body in zip(answers[:3], bodies[:3], strict=True):
        assert body == {"message": "Invalid request body", "requestId": headers["x-amzn-RequestId"]}
        assert headers["access-control-allow-origin"] == "https://www.example.com"
    assert bodies[3] == {"message": "Missing required request parameters: [a]"}  # blank counts as missing
    assert bodies[4] == {"message": "Missing required request parameters: [a, b]"}
    assert runtime.events == []


@pytest.mark.parametrize(
    "headers",
    [{}, {"x-api-key": "not-a-key"}],
    ids=["no-key", "unknown-key"],
)
def test_example_method_needing_a_key_refuses_without_a_valid_one(example, headers):
    runtime = ScriptedRuntime(handler=lambda event: {"sum": 0})
    api, _ = example_api(example, runtime)
    status, got_headers, body = call(api, "POST", "/dev/sum", json={"a": 1, "b": 2}, headers=headers)
    assert (status, json.loads(body)) == (403, {"message": "Forbidden"})
    assert got_headers["x-amzn-ErrorType"] == "ForbiddenException"
    assert got_headers["access-control-allow-origin"] == "https://www.example.com"  # DEFAULT_4XX's CORS header
    assert runtime.events == []


def test_example_stage_cache_honours_ttl_and_cache_keys(example):
    counter = {"calls": 0}

    def count(event: dict[str, Any]) -> dict[str, int]:
        counter["calls"] += 1
        return {"sum": event["a"] + event["b"]}

    clock = FakeClock()
    api, key = example_api(example, ScriptedRuntime(handler=count), clock=clock)

    def get(path: str, **headers: str) -> int:
        status, _, body = call(api, "GET", path, headers={"x-api-key": key, **headers})
        assert status == 200, body
        return json.loads(body)["result"]

    assert get("/prod/sum?a=1&b=2") == 3 and counter["calls"] == 1
    assert get("/prod/sum?a=1&b=2", **{"Cache-Control": "max-age=0"}) == 3 and counter["calls"] == 1  # cached
    assert get("/prod/sum?a=1&b=5") == 6 and counter["calls"] == 2  # another value of a cache key parameter
    assert get("/prod/sum?b=2&a=1") == 3 and counter["calls"] == 2  # same key, whatever the order
    clock.advance(299)
    assert get("/prod/sum?a=1&b=2") == 3 and counter["calls"] == 2
    clock.advance(2)  # past the example's 300 s TTL
    assert get("/prod/sum?a=1&b=2") == 3 and counter["calls"] == 3
    assert get("/dev/sum?a=1&b=2") == 3 and get("/dev/sum?a=1&b=2") == 3 and counter["calls"] == 5  # dev: no cache


def test_example_with_the_real_sum_lambda(example, tmp_path):
    from apigwkit.local.lambdas import FunctionSpec, LambdaRuntime

    functions = [
        FunctionSpec.from_state(r.values, example.workdir) for r in example.resources_of("aws_lambda_function")
    ]
    api_resource = example.resources_of("aws_api_gateway_rest_api")[0]
    (key,) = example.resources_of("aws_api_gateway_api_key")

    async def main() -> list[tuple[int, str]]:
        async with LambdaRuntime(functions, tmp_path, log=lambda line: None) as runtime:
            api = RestApi(example, api_resource, runtime)
            app = web.Application()
            app.router.add_route("*", "/{tail:.*}", api.handle)
            async with TestClient(TestServer(app)) as client:
                headers = {"x-api-key": key.values["value"]}
                good = await fetch(client, "POST", "/dev/sum", json={"a": 20, "b": 22}, headers=headers)
                bad = await fetch(client, "GET", "/dev/sum?a=x&b=1", headers=headers)
                return [(good[0], good[2]), (bad[0], bad[2])]

    (good_status, good), (bad_status, bad) = asyncio.run(main())
    assert (good_status, json.loads(good)["result"]) == (200, 42)
    assert (bad_status, json.loads(bad)) == (400, {"message": "BadRequest: a must be an integer, found string 'x'"})


# --------------------------------------------------------------------------- mapping templates on hand-written state


def test_mock_status_code_selects_the_integration_response():
    template = '{"statusCode": #if($input.params("missing") == "yes")404#{else}200#end}'
    state = State().method(
        "GET",
        "/mock",
        integration={"type": "MOCK", "uri": None, "request_templates": {"application/json": template}},
        responses=[
            {"status_code": "200", "response_templates": {"application/json": '{"found": true}'}},
            {"status_code": "404", "selection_pattern": "4\\d{2}",
             "response_templates": {"application/json": '{"found": false, "id": "$context.requestId"}'},
             "response_parameters": {"method.response.header.X-Why": "'not here'"}},
        ],
    )  # fmt: skip
    answers = calls(
        rest_api(state.deployment(), ScriptedRuntime()), ("GET", "/prod/mock"), ("GET", "/prod/mock?missing=yes")
    )
    assert (answers[0][0], json.loads(answers[0][2])) == (200, {"found": True})
    status, headers, body = answers[1]
    assert (status, json.loads(body), headers["X-Why"]) == (
        404,
        {"found": False, "id": headers["x-amzn-RequestId"]},
        "not here",
    )


def lambda_errors_api(runtime: ScriptedRuntime, patterns: dict[str, str | None]) -> RestApi:
    """POST /calc: a non-proxy Lambda whose integration responses answer with their own status code."""
    state = State().method(
        "POST",
        "/calc",
        integration={"type": "AWS", "uri": FUNCTION_URI},
        responses=[
            {"status_code": code, "selection_pattern": pattern,
             "response_templates": {"application/json": json.dumps({"picked": code})}}
            for code, pattern in patterns.items()
        ],
    )  # fmt: skip
    return rest_api(state.deployment(), runtime)


def test_the_gateway_selects_lambda_responses_by_the_documented_rule():
    # The gateway runs apigwkit.vtl.select_integration_response: "." stops at a newline (no DOTALL), the pattern
    # covers the whole errorMessage, and a success is matched as the empty string.
    messages = iter(["BadRequest: one line", "BadRequest: two\nlines", "Not a BadRequest: x", None])

    def handler(event: dict[str, Any]) -> Any:
        message = next(messages)
        return {"ok": True} if message is None else failure(message)

    api = lambda_errors_api(ScriptedRuntime(handler=handler), {"200": None, "400": "BadRequest.*", "202": ".{0}"})
    answers = calls(api, *[("POST", "/prod/calc", {"json": {}})] * 4)
    assert [(status, json.loads(body)["picked"]) for status, _, body in answers] == [
        (400, "400"),
        (200, "200"),
        (200, "200"),
        (202, "202"),
    ]


def test_patterns_that_both_match_answer_500_and_say_why(caplog):
    api = lambda_errors_api(
        ScriptedRuntime(handler=lambda event: failure("BadRequest: x")), {"200": None, "400": "Bad.*", "401": ".+"}
    )
    with caplog.at_level(logging.WARNING, logger="apigwkit.local"):
        status, _, body = call(api, "POST", "/prod/calc", json={})
    assert (status, json.loads(body)) == (500, {"message": "Internal server error"})
    assert "selection patterns of ['400', '401'] all match 'BadRequest: x'" in caplog.text


def test_non_proxy_lambda_response_parameters_and_accept_selected_template():
    runtime = ScriptedRuntime(handler=lambda event: {"name": "Kim", "event": event})
    state = State(stages={"prod": {"variables": {"greeting": "Hello"}}}).method(
        "POST",
        "/greet",
        integration={"type": "AWS", "request_templates": {"application/json": '{"who": $input.json("$.who")}'}},
        responses=[
            {"status_code": "200",
             "response_templates": {"application/json": '{"msg": "$stageVariables.greeting, $input.path("$.name")"}',
                                    "text/plain": "$stageVariables.greeting, $input.path('$.name')!"},
             "response_parameters": {"method.response.header.X-Name": "integration.response.body.name",
                                     "method.response.header.X-Stage": "stageVariables.greeting"}},
        ],
    )  # fmt: skip
    answers = calls(
        rest_api(state.deployment(), runtime),
        ("POST", "/prod/greet", {"json": {"who": "me"}}),
        ("POST", "/prod/greet", {"json": {"who": "me"}, "headers": {"accept": "text/plain"}}),
    )
    (s1, h1, b1), (s2, h2, b2) = answers
    assert (s1, json.loads(b1), h1["X-Name"], h1["X-Stage"]) == (200, {"msg": "Hello, Kim"}, "Kim", "Hello")
    assert (s2, b2, h2["content-type"]) == (200, "Hello, Kim!", "text/plain")
    assert runtime.events_of(FUNCTION_URI)[0] == {"who": "me"}


def test_passthrough_behaviour_refuses_unknown_content_types_with_415():
    templates = {"application/json": '{"ok": true}'}
    state = State()
    for path, behaviour in (("/no-templates", "WHEN_NO_TEMPLATES"), ("/never", "NEVER"), ("/match", "WHEN_NO_MATCH")):
        state.method(
            "POST",
            path,
            integration={"type": "AWS", "request_templates": templates, "passthrough_behavior": behaviour},
            responses=[{"status_code": "200"}],
        )
    runtime = ScriptedRuntime(handler=lambda event: {"got": event})
    xml = {"data": b'{"raw": 1}', "headers": {"content-type": "application/xml"}}
    answers = calls(
        rest_api(state.deployment(), runtime),
        ("POST", "/prod/no-templates", xml),
        ("POST", "/prod/never", xml),
        ("POST", "/prod/match", xml),  # passed through as is
        ("POST", "/prod/never", {"json": {}}),  # a template matches
    )
    assert [(s, json.loads(b)) for s, _, b in answers] == [
        (415, {"message": "Unsupported Media Type"}),
        (415, {"message": "Unsupported Media Type"}),
        (200, {"got": {"raw": 1}}),
        (200, {"got": {"ok": True}}),
    ]


# --------------------------------------------------------------------------- HTTP integrations


def test_http_proxy_to_localhost_relays_and_other_hosts_are_refused(caplog):
    async def backend(request: web.Request) -> web.Response:
        payload = {"path": request.path, "query": request.query_string, "via": request.headers.get("x-via")}
        return web.json_response(payload, status=207, headers={"x-backend": "yes"})

    async def requests() -> list[Any]:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", backend)
        async with TestServer(app, host="127.0.0.1") as server:
            state = State().method(
                "ANY",
                "/svc/{proxy+}",
                integration={"type": "HTTP_PROXY", "uri": f"http://127.0.0.1:{server.port}/v1/{{proxy}}",
                             "integration_http_method": "ANY",
                             "request_parameters": {"integration.request.path.proxy": "method.request.path.proxy",
                                                    "integration.request.header.x-via": "'gateway'"}},
            )  # fmt: skip
            state.method("GET", "/away", integration={"type": "HTTP_PROXY", "uri": "https://example.com/"})
            api = rest_api(state.deployment(), ScriptedRuntime())
            inner = web.Application()
            inner.router.add_route("*", "/{tail:.*}", api.handle)
            async with TestClient(TestServer(inner)) as gateway:
                return [await fetch(gateway, "PUT", "/prod/svc/a/b?x=1"), await fetch(gateway, "GET", "/prod/away")]

    with caplog.at_level(logging.WARNING, logger="apigwkit.local.rest"):
        (status, headers, body), (away_status, _, away_body) = asyncio.run(requests())
    assert (status, json.loads(body), headers["x-backend"]) == (
        207,
        {"path": "/v1/a/b", "query": "x=1", "via": "gateway"},
        "yes",
    )
    assert (away_status, json.loads(away_body)) == (502, {"message": "Internal server error"})
    assert "the local gateway does not leave the machine" in caplog.text and "example.com" in caplog.text


def test_http_non_proxy_selects_the_response_by_the_backend_status():
    async def backend(request: web.Request) -> web.Response:
        sent = await request.json()
        return web.json_response({"echo": sent, "id": request.query.get("id")}, status=int(sent["status"]))

    async def requests() -> list[Any]:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", backend)
        async with TestServer(app, host="127.0.0.1") as server:
            state = State().method(
                "POST",
                "/items/{id}",
                integration={"type": "HTTP", "uri": f"http://localhost:{server.port}/backend",
                             "integration_http_method": "POST",
                             "request_templates": {"application/json": '{"status": $input.json("$.want")}'},
                             "request_parameters": {"integration.request.querystring.id": "method.request.path.id"}},
                responses=[
                    {"status_code": "200",
                     "response_templates": {"application/json": '{"id": "$input.path(\'$.id\')"}'}},
                    {"status_code": "502", "selection_pattern": "5\\d{2}",
                     "response_templates": {"application/json": '{"message": "backend failed"}'}},
                ],
            )  # fmt: skip
            api = rest_api(state.deployment(), ScriptedRuntime())
            inner = web.Application()
            inner.router.add_route("*", "/{tail:.*}", api.handle)
            async with TestClient(TestServer(inner)) as gateway:
                return [
                    await fetch(gateway, "POST", "/prod/items/7", json={"want": 201}),
                    await fetch(gateway, "POST", "/prod/items/7", json={"want": 503}),
                ]

    (s1, _, b1), (s2, _, b2) = asyncio.run(requests())
    assert (s1, json.loads(b1)) == (200, {"id": "7"})  # 201 matches no pattern: the default response
    assert (s2, json.loads(b2)) == (502, {"message": "backend failed"})


# --------------------------------------------------------------------------- API keys, usage plans, throttling


def test_api_key_must_be_enabled_and_in_a_usage_plan_of_the_stage():
    state = State().method("GET", "/data", api_key_required=True)
    state.api_key("good", "good-key", plan={}).api_key("off", "off-key", enabled=False, plan={})
    state.api_key("loose", "loose-key")  # in no usage plan
    runtime = ScriptedRuntime(
        handler=lambda event: {"statusCode": 200, "body": event["requestContext"]["identity"]["apiKeyId"]}
    )
    answers = calls(
        rest_api(state.deployment(), runtime),
        *[("GET", "/prod/data", {"headers": {"x-api-key": k}}) for k in ("good-key", "off-key", "loose-key")],
    )
    assert [(s, b) for s, _, b in answers] == [
        (200, "good"),
        (403, '{"message":"Forbidden"}'),
        (403, '{"message":"Forbidden"}'),
    ]


def test_usage_plan_throttle_and_quota_answer_429():
    state = State().method("GET", "/t", api_key_required=True).method("GET", "/q", api_key_required=True)
    state.api_key("fast", "fast-key", plan={"throttle_settings": [{"rate_limit": 0.001, "burst_limit": 1}]})
    state.api_key("few", "few-key", plan={"quota_settings": [{"limit": 2, "period": "DAY", "offset": 0}]})
    runtime = ScriptedRuntime(handler=lambda event: {"statusCode": 200, "body": "ok"})
    answers = calls(
        rest_api(state.deployment(), runtime),
        *[("GET", "/prod/t", {"headers": {"x-api-key": "fast-key"}})] * 2,
        *[("GET", "/prod/q", {"headers": {"x-api-key": "few-key"}})] * 3,
    )
    assert [(s, b) for s, _, b in answers] == [
        (200, "ok"),
        (429, '{"message":"Too Many Requests"}'),
        (200, "ok"),
        (200, "ok"),
        (429, '{"message":"Limit Exceeded"}'),
    ]


def test_usage_plan_quota_window_moves_with_the_gateway_clock():
    state = State().method("GET", "/q", api_key_required=True)
    state.api_key("few", "few-key", plan={"quota_settings": [{"limit": 1, "period": "DAY", "offset": 0}]})
    clock = FakeClock()
    api = rest_api(state.deployment(), ScriptedRuntime(handler=lambda event: {"statusCode": 200}), clock=clock)

    async def run(client: TestClient) -> list[int]:
        statuses = []
        for advance in (0, 0, 86_400):  # a day later is another UTC day, whatever the hour now
            clock.advance(advance)
            statuses.append((await fetch(client, "GET", "/prod/q", headers={"x-api-key": "few-key"}))[0])
        return statuses

    assert serve(api, run) == [200, 429, 200]


def test_usage_plan_method_throttle_overrides_the_plan_for_that_method():
    state = State().method("POST", "/sum", api_key_required=True).method("GET", "/sum", api_key_required=True)
    state.api_key(
        "k",
        "key",
        plan={"api_stages": [{"api_id": API_ID, "stage": "prod",
                              "throttle": [{"path": "/sum/POST", "rate_limit": 0.001, "burst_limit": 1}]}],
              "throttle_settings": [{"rate_limit": 100, "burst_limit": 100}]},
    )  # fmt: skip
    runtime = ScriptedRuntime(handler=lambda event: {"statusCode": 200, "body": "ok"})
    answers = calls(
        rest_api(state.deployment(), runtime),
        *[("POST", "/prod/sum", {"headers": {"x-api-key": "key"}})] * 2,
        *[("GET", "/prod/sum", {"headers": {"x-api-key": "key"}})] * 2,
    )
    assert [s for s, _, _ in answers] == [200, 429, 200, 200]


def test_stage_and_method_throttles_from_method_settings():
    state = State().method("GET", "/a").method("GET", "/b").method("GET", "/c")
    state.method_settings("prod", "*/*", throttling_rate_limit=0.001, throttling_burst_limit=1)
    state.method_settings("prod", "~1b/GET", throttling_rate_limit=100, throttling_burst_limit=100)
    state.method_settings("prod", "c/GET", throttling_rate_limit=-1, throttling_burst_limit=-1)  # unset: stage's
    runtime = ScriptedRuntime(handler=lambda event: {"statusCode": 200, "body": "ok"})
    answers = calls(rest_api(state.deployment(), runtime), *[("GET", f"/prod/{p}") for p in "aabbcc"])
    assert [s for s, _, _ in answers] == [200, 429, 200, 200, 200, 429]
    assert json.loads(answers[1][2]) == {"message": "Too Many Requests"}
    assert answers[1][1]["x-amzn-ErrorType"] == "TooManyRequestsException"


# --------------------------------------------------------------------------- authorizers


def policy(effect: str, resource: str, **extra: Any) -> dict[str, Any]:
    return {
        "principalId": "user-1",
        "policyDocument": {
            "Version": "2012-10-17",
            "Statement": [{"Action": "execute-api:Invoke", "Effect": effect, "Resource": resource}],
        },
        **extra,
    }


def token_api(
    runtime: ScriptedRuntime, *, ttl: int | None = 300, clock: FakeClock | None = None, **authorizer: Any
) -> RestApi:
    state = State()
    state.add(
        "aws_api_gateway_authorizer",
        {"id": "auth1", "type": "TOKEN", "authorizer_uri": AUTHORIZER_URI,
         "identity_source": "method.request.header.Authorization", "authorizer_result_ttl_in_seconds": ttl,
         **authorizer},
    )  # fmt: skip
    state.method("GET", "/pets/{id}", authorization="CUSTOM", authorizer_id="auth1")
    return rest_api(state.deployment(), runtime, clock=clock or FakeClock())


def authorized_handler(event: dict[str, Any]) -> dict[str, Any]:
    return {"statusCode": 200, "body": json.dumps(event["requestContext"]["authorizer"])}


def test_token_authorizer_allows_and_passes_its_context():
    arn = f"arn:aws:execute-api:{REGION}:{ACCOUNT}:{API_ID}/prod/GET/pets/7"
    runtime = ScriptedRuntime(
        handler=authorized_handler,
        authorizer=lambda event: policy("Allow", arn, context={"tier": "gold", "n": 1, "admin": True}),
    )
    status, _, body = call(token_api(runtime), "GET", "/prod/pets/7", headers={"Authorization": "Bearer t1"})
    assert status == 200, body
    context = json.loads(body)
    assert (context["principalId"], context["tier"], context["n"], context["admin"]) == ("user-1", "gold", "1", "true")
    assert runtime.events_of(AUTHORIZER_URI) == [{"type": "TOKEN", "authorizationToken": "Bearer t1", "methodArn": arn}]


@pytest.mark.parametrize(
    ("answer", "status", "body"),
    [
        (policy("Deny", "*"), 403, {"Message": "User is not authorized to access this resource with an explicit deny"}),
        (policy("Allow", f"arn:aws:execute-api:{REGION}:{ACCOUNT}:{API_ID}/prod/POST/*"), 403,
         {"Message": "User is not authorized to access this resource"}),
        (failure("Unauthorized"), 401, {"message": "Unauthorized"}),
        (failure("KeyError: boom"), 500, {"message": None}),
        ({"principalId": "no policy"}, 500, {"message": None}),
    ],
    ids=["explicit-deny", "no-allow-for-this-method", "raised-unauthorized", "authorizer-error", "malformed"],
)  # fmt: skip
def test_token_authorizer_refusals(answer, status, body):
    runtime = ScriptedRuntime(handler=authorized_handler, authorizer=lambda event: answer)
    got, _, got_body = call(token_api(runtime), "GET", "/prod/pets/7", headers={"Authorization": "t"})
    assert (got, json.loads(got_body)) == (status, body)
    assert runtime.events_of(FUNCTION_URI) == []


def test_token_authorizer_missing_or_malformed_token_is_401_without_calling_it():
    runtime = ScriptedRuntime(handler=authorized_handler, authorizer=lambda event: policy("Allow", "*"))
    api = token_api(runtime, identity_validation_expression="^Bearer [a-z0-9]+$")
    answers = calls(api, ("GET", "/prod/pets/7"), ("GET", "/prod/pets/7", {"headers": {"Authorization": "Basic x"}}))
    assert [(s, json.loads(b)) for s, _, b in answers] == [(401, {"message": "Unauthorized"})] * 2
    assert answers[0][1]["x-amzn-ErrorType"] == "UnauthorizedException"
    assert runtime.events == []


def test_authorizer_results_are_cached_per_token_for_the_ttl():
    clock = FakeClock()
    runtime = ScriptedRuntime(handler=authorized_handler, authorizer=lambda event: policy("Allow", "*"))
    api = token_api(runtime, ttl=60, clock=clock)

    def get(token: str) -> int:
        return call(api, "GET", "/prod/pets/7", headers={"Authorization": token})[0]

    assert [get("a"), get("a"), get("b")] == [200, 200, 200]
    assert len(runtime.events_of(AUTHORIZER_URI)) == 2  # a once, b once
    clock.advance(61)
    assert get("a") == 200 and len(runtime.events_of(AUTHORIZER_URI)) == 3
    uncached = ScriptedRuntime(handler=authorized_handler, authorizer=lambda event: policy("Allow", "*"))
    api = token_api(uncached, ttl=0)
    assert [call(api, "GET", "/prod/pets/7", headers={"Authorization": "a"})[0] for _ in range(2)] == [200, 200]
    assert len(uncached.events_of(AUTHORIZER_URI)) == 2


def test_request_authorizer_reads_its_identity_sources():
    runtime = ScriptedRuntime(handler=authorized_handler, authorizer=lambda event: policy("Allow", "*"))
    state = State(stages={"prod": {"variables": {"env": "test"}}})
    state.add(
        "aws_api_gateway_authorizer",
        {"id": "req", "type": "REQUEST", "authorizer_uri": AUTHORIZER_URI, "authorizer_result_ttl_in_seconds": 0,
         "identity_source": "method.request.header.X-Token, method.request.querystring.tenant, stageVariables.env"},
    )  # fmt: skip
    state.method("GET", "/r/{id}", authorization="CUSTOM", authorizer_id="req")
    api = rest_api(state.deployment(), runtime)
    answers = calls(
        api,
        ("GET", "/prod/r/1?tenant=t1", {"headers": {"X-Token": "abc"}}),
        ("GET", "/prod/r/1", {"headers": {"X-Token": "abc"}}),  # no tenant
    )
    assert [s for s, _, _ in answers] == [200, 401]
    (event,) = runtime.events_of(AUTHORIZER_URI)
    assert (event["type"], event["methodArn"]) == (
        "REQUEST",
        f"arn:aws:execute-api:{REGION}:{ACCOUNT}:{API_ID}/prod/GET/r/1",
    )
    assert event["headers"]["X-Token"] == "abc" and event["queryStringParameters"] == {"tenant": "t1"}
    assert (event["pathParameters"], event["stageVariables"]) == ({"id": "1"}, {"env": "test"})
    assert event["requestContext"]["resourcePath"] == "/r/{id}" and "body" not in event


@pytest.fixture(scope="module")
def cognito() -> Iterator[SimpleNamespace]:
    """A signing key, its JWKS served on 127.0.0.1, and the issuer map that points the pool's issuer at it."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
    jwks = json.dumps({"keys": [{**jwk, "kid": "k1", "alg": "RS256", "use": "sig"}]}).encode()

    class Jwks(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.end_headers()
            self.wfile.write(jwks)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Jwks)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    issuer = f"https://cognito-idp.{REGION}.amazonaws.com/{REGION}_Pool1"
    jwks_url = f"http://127.0.0.1:{server.server_address[1]}/.well-known/jwks.json"

    def token(**claims: Any) -> str:
        body = {"iss": issuer, "sub": "u-1", "exp": int(time.time()) + 300, "token_use": "id", **claims}
        return jwt.encode(body, key, algorithm="RS256", headers={"kid": "k1"})

    yield SimpleNamespace(issuer=issuer, token=token, issuers=lambda iss: (iss, jwks_url))
    server.shutdown()


def test_cognito_user_pool_authorizer_verifies_the_token(cognito):
    state = State()
    state.add(
        "aws_api_gateway_authorizer",
        {"id": "pool", "type": "COGNITO_USER_POOLS", "identity_source": "method.request.header.Authorization",
         "provider_arns": [f"arn:aws:cognito-idp:{REGION}:{ACCOUNT}:userpool/{REGION}_Pool1"]},
    )  # fmt: skip
    state.method("GET", "/me", authorization="COGNITO_USER_POOLS", authorizer_id="pool")
    state.method(
        "GET", "/admin", authorization="COGNITO_USER_POOLS", authorizer_id="pool", authorization_scopes=["admin"]
    )
    runtime = ScriptedRuntime(handler=authorized_handler)
    api = rest_api(state.deployment(), runtime, issuers=cognito.issuers)
    other_issuer = cognito.token(iss="https://cognito-idp.us-east-1.amazonaws.com/other")
    typed = {"email_verified": True, "auth_time": 1680629979, "iat": 1680629979, "cognito:groups": ["a", "b"]}
    expired = cognito.token(exp=int(time.time()) - 10)
    answers = calls(
        api,
        ("GET", "/prod/me", {"headers": {"Authorization": cognito.token(email="kim@example.com", **typed)}}),
        ("GET", "/prod/me"),
        ("GET", "/prod/me", {"headers": {"Authorization": other_issuer}}),
        ("GET", "/prod/me", {"headers": {"Authorization": expired}}),
        ("GET", "/prod/me", {"headers": {"Authorization": "not.a.jwt"}}),
        ("GET", "/prod/admin", {"headers": {"Authorization": cognito.token(token_use="access", scope="read")}}),
        ("GET", "/prod/admin", {"headers": {"Authorization": cognito.token(token_use="access", scope="read admin")}}),
    )
    assert [s for s, _, _ in answers] == [200, 401, 401, 401, 401, 401, 200]
    claims = json.loads(answers[0][2])["claims"]
    assert (claims["sub"], claims["email"], claims["iss"]) == ("u-1", "kim@example.com", cognito.issuer)
    # a Cognito authorizer's forms (authorizers.cognito_claim): iat as a date, groups joined by commas
    assert {k: claims[k] for k in typed} == {
        "email_verified": "true", "auth_time": "1680629979", "iat": "Tue Apr 04 17:39:39 UTC 2023",
        "cognito:groups": "a,b",
    }  # fmt: skip


# --------------------------------------------------------------------------- gateway responses


def test_gateway_responses_override_status_templates_and_headers():
    state = State(stages={"prod": {"variables": {"team": "api"}}}).method("GET", "/k", api_key_required=True)
    state.method(
        "POST",
        "/v",
        request_validator_id="v1",
        request_models={"application/json": "Thing"},
    )
    state.add("aws_api_gateway_request_validator", {"id": "v1", "validate_request_body": True})
    state.add(
        "aws_api_gateway_model",
        {"name": "Thing", "content_type": "application/json",
         "schema": json.dumps({"type": "object", "required": ["name"], "properties": {"n": {"type": "integer"}}})},
    )  # fmt: skip
    state.add(
        "aws_api_gateway_gateway_response",
        {"response_type": "MISSING_AUTHENTICATION_TOKEN", "status_code": "404",
         "response_templates": {"application/json": '{"error": "$context.error.message", '
                                                    '"type": "$context.error.responseType", '
                                                    '"team": "$stageVariables.team"}'},
         "response_parameters": {"gatewayresponse.header.X-Echo": "method.request.header.X-Trace",
                                 "gatewayresponse.header.X-Static": "'static'"}},
    )  # fmt: skip
    state.add(
        "aws_api_gateway_gateway_response",
        {"response_type": "DEFAULT_4XX", "status_code": None, "response_templates": None,
         "response_parameters": {"gatewayresponse.header.Access-Control-Allow-Origin": "'*'"}},
    )  # fmt: skip
    state.add(
        "aws_api_gateway_gateway_response",
        {"response_type": "BAD_REQUEST_BODY", "status_code": "422",
         "response_templates": {"application/json": '{"message": $context.error.messageString, '
                                                    '"why": "$context.error.validationErrorString"}'}},
    )  # fmt: skip
    answers = calls(
        rest_api(state.deployment(), ScriptedRuntime(handler=ok)),
        ("GET", "/prod/nowhere", {"headers": {"X-Trace": "t-1"}}),
        ("GET", "/prod/k"),
        ("POST", "/prod/v", {"json": {"n": "x"}}),
    )
    (s1, h1, b1), (s2, h2, b2), (s3, h3, b3) = answers
    assert (s1, json.loads(b1)) == (
        404,
        {"error": "Missing Authentication Token", "type": "MISSING_AUTHENTICATION_TOKEN", "team": "api"},
    )
    assert (h1["X-Echo"], h1["X-Static"]) == ("t-1", "static") and "Access-Control-Allow-Origin" not in h1
    assert (s2, json.loads(b2), h2["Access-Control-Allow-Origin"]) == (
        403,
        {"message": "Forbidden"},
        "*",
    )  # DEFAULT_4XX
    assert s3 == 422
    assert json.loads(b3) == {
        "message": "Invalid request body",
        "why": '[object has missing required properties (["name"]), instance at /n: '
        'instance type (string) does not match any allowed primitive type (allowed: ["integer"])]',
    }


def test_default_5xx_gateway_response_applies_to_integration_failures():
    state = State().method("GET", "/x")
    state.add(
        "aws_api_gateway_gateway_response",
        {"response_type": "DEFAULT_5XX", "status_code": None,
         "response_templates": {"application/json": '{"oops": $context.error.messageString}'},
         "response_parameters": {"gatewayresponse.header.Access-Control-Allow-Origin": "'https://app'"}},
    )  # fmt: skip
    runtime = ScriptedRuntime(handler=lambda event: SimpleNamespace(status="error", payload=None, error=None))
    status, headers, body = call(rest_api(state.deployment(), runtime), "GET", "/prod/x")
    assert (status, json.loads(body), headers["Access-Control-Allow-Origin"]) == (
        502,
        {"oops": "Internal server error"},
        "https://app",
    )


# --------------------------------------------------------------------------- stage cache on hand-written state


def test_stage_cache_needs_the_cluster_defaults_to_300s_and_caches_get_only():
    counter = {"calls": 0}

    def count(event: dict[str, Any]) -> dict[str, Any]:
        counter["calls"] += 1
        return {"statusCode": 200, "body": str(counter["calls"])}

    def api_for(cluster: bool, clock: FakeClock) -> RestApi:
        state = State(stages={"prod": {"cache_cluster_enabled": cluster}})
        state.method("GET", "/c/{id}", integration={"cache_key_parameters": ["method.request.path.id"]})
        state.method("POST", "/c/{id}")
        state.method_settings("prod", "*/*", caching_enabled=True, cache_ttl_in_seconds=0)  # 0: the default 300 s
        return rest_api(state.deployment(), ScriptedRuntime(handler=count), clock=clock)

    clock = FakeClock()
    api = api_for(True, clock)
    bodies = [b for _, _, b in calls(api, ("GET", "/prod/c/1"), ("GET", "/prod/c/1"), ("GET", "/prod/c/2"),
                                     ("POST", "/prod/c/1"), ("POST", "/prod/c/1"))]  # fmt: skip
    assert bodies == ["1", "1", "2", "3", "4"]
    clock.advance(299)
    assert call(api, "GET", "/prod/c/1")[2] == "1"
    clock.advance(2)
    assert call(api, "GET", "/prod/c/1")[2] == "5"
    no_cluster = api_for(False, FakeClock())
    assert [b for _, _, b in calls(no_cluster, ("GET", "/prod/c/1"), ("GET", "/prod/c/1"))] == ["6", "7"]


# --------------------------------------------------------------------------- access log


def test_access_log_line_in_the_stage_format():
    stream = io.StringIO()
    state = State().method("GET", "/items/{id}", api_key_required=True).api_key("kid", "kv", plan={})
    runtime = ScriptedRuntime(handler=lambda event: {"statusCode": 200, "body": "hello"})
    answers = calls(
        rest_api(state.deployment(), runtime, access_log=AccessLog(stream)),
        ("GET", "/prod/items/3", {"headers": {"x-api-key": "kv"}}),
        ("GET", "/prod/items/3"),
        ("GET", "/dev/items/3"),  # no stage: nothing to log in
    )
    first, second = (json.loads(line) for line in stream.getvalue().splitlines())
    assert first["requestId"] == answers[0][1]["x-amzn-RequestId"]
    assert (first["httpMethod"], first["resourcePath"], first["path"]) == ("GET", "/items/{id}", "/prod/items/3")
    assert (first["status"], first["responseLength"], first["apiKeyId"], first["ip"]) == (
        "200",
        "5",
        "kid",
        "127.0.0.1",
    )
    assert first["integrationLatency"].isdigit() and first["requestTime"].endswith("+0000")
    assert (first["error"], first["responseType"]) == ("-", "-")
    assert (second["status"], second["error"], second["responseType"]) == ("403", "Forbidden", "INVALID_API_KEY")
    assert (second["apiKeyId"], second["integrationLatency"]) == ("-", "-")


def test_aws_iam_methods_verify_sigv4_signatures():
    runtime = ScriptedRuntime(
        handler=lambda event: {"statusCode": 200, "body": json.dumps(event["requestContext"]["identity"])}
    )
    state = State()
    state.method("GET", "/admin", authorization="AWS_IAM")

    def signed(url: str, secret: str) -> dict[str, str]:
        return sigv4_headers("GET", url, secret=secret, region=REGION)

    async def requests(client: TestClient):
        url = str(client.make_url("/prod/admin"))
        return [
            await fetch(client, "GET", "/prod/admin", headers=signed(url, "testing")),
            await fetch(client, "GET", "/prod/admin", headers=signed(url, "wrong")),
            await fetch(client, "GET", "/prod/admin"),
        ]

    (ok_status, _, body), (forged, forged_headers, forged_body), (unsigned, _, unsigned_body) = serve(
        rest_api(state.deployment(), runtime), requests
    )
    assert ok_status == 200
    identity = json.loads(body)
    assert (identity["accessKey"], identity["accountId"]) == ("testing", ACCOUNT)
    assert identity["userArn"] == f"arn:aws:iam::{ACCOUNT}:root"
    assert forged == 403 and "signature we calculated does not match" in json.loads(forged_body)["message"]
    assert (unsigned, json.loads(unsigned_body)["message"]) == (403, "Missing Authentication Token")


# --------------------------------------------------------------------------- execution logs, troubleshooting rows


def execution_lines(log: io.StringIO, request_id: str | None = None) -> list[str]:
    """The execution-log messages (without the log group and request id) of one request, in order."""
    lines = [line for line in log.getvalue().splitlines() if line.startswith("API-Gateway-Execution-Logs_")]
    ids = [line.split(" ", 2)[1] for line in lines]
    wanted = f"({request_id})" if request_id else ids[0] if ids else None
    return [line.split(" ", 2)[2] for line, rid in zip(lines, ids, strict=True) if rid == wanted]


def logged_api(state: State, runtime: Any, level: str = "INFO", data_trace: bool = True) -> tuple[RestApi, io.StringIO]:
    state.method_settings("prod", "*/*", logging_level=level, data_trace_enabled=data_trace)
    log = io.StringIO()
    return rest_api(state.deployment(), runtime, access_log=AccessLog(log)), log


def test_an_info_stage_writes_the_execution_log_in_api_gateways_order_with_bodies_when_data_traced():
    state = State().method("POST", "/pets/{id}")
    api, log = logged_api(state, ScriptedRuntime(handler=ok))
    status, headers, _ = call(
        api, "POST", "/prod/pets/7?q=1", data=b'{"name":"Rex"}', headers={"Authorization": "Bearer secret-token-xyz"}
    )
    assert status == 200
    lines = execution_lines(log, headers["x-amzn-RequestId"])
    group = f"API-Gateway-Execution-Logs_{API_ID}/prod ({headers['x-amzn-RequestId']})"
    assert log.getvalue().count(group) == len(lines)
    prefixes = [line.split(":")[0] for line in lines]
    assert prefixes == [
        "Extended Request Id",
        "Verifying Usage Plan for request",
        "API Key  authorized because method 'POST /pets/{id}' does not require API Key. Request will not contribute "
        "to throttle or quota limits",
        f"Usage Plan check succeeded for API Key  and API Stage {API_ID}/prod",
        "Starting execution for request",
        "HTTP Method",
        "Method request path",
        "Method request query string",
        "Method request headers",
        "Method request body before transformations",
        "Endpoint request URI",
        "Endpoint request headers",
        "Endpoint request body after transformations",
        "Sending request to https",
        "Received response. Status",
        "Endpoint response headers",
        "Endpoint response body before transformations",
        "Method response body after transformations",
        "Method response headers",
        "Successfully completed execution",
        "Method completed with status",
        "AWS Integration Endpoint RequestId ",
    ]
    assert "Method request path: {id=7}" in lines and "Method request query string: {q=1}" in lines
    assert 'Method request body before transformations: {"name":"Rex"}' in lines
    headers_line = next(line for line in lines if line.startswith("Method request headers"))
    assert "Authorization=************** en-xyz" not in headers_line and "secret-token" not in headers_line
    assert "Authorization=*****************en-xyz" in headers_line  # masked as AWS masks it: the last 6 characters
    assert (
        f"Endpoint request URI: https://lambda.{REGION}.amazonaws.com/2015-03-31/functions/{FUNCTION}/invocations"
        in lines
    )
    assert "Method completed with status: 200" in lines


def test_without_data_trace_no_bodies_and_at_error_only_the_failure():
    state = State().method("POST", "/x")
    runtime = ScriptedRuntime(handler=lambda event: failure("boom"))
    info, info_log = logged_api(state, runtime, "INFO", data_trace=False)
    call(info, "POST", "/prod/x", data=b'{"secret": 1}')
    assert not [line for line in execution_lines(info_log) if "body" in line]
    errors, error_log = logged_api(State().method("POST", "/x"), runtime, "ERROR")
    _, headers, _ = call(errors, "POST", "/prod/x", data=b"{}")
    lines = execution_lines(error_log, headers["x-amzn-RequestId"])
    assert len(lines) == 2 and lines[1] == "Method completed with status: 502"
    assert lines[0].startswith("Lambda execution failed with status 200 due to customer function error: boom. Lambda")


TIMED_OUT = SimpleNamespace(
    status="timeout",
    payload=None,
    request_id="lambda-request-id",
    error={"errorMessage": "RequestId: 0f1e Error: Task timed out after 3.00 seconds"},
)


@pytest.mark.parametrize(
    ("answer", "cause"),
    [
        # a Lambda past its own timeout (troubleshooting row "timeout": raise the function's timeout)
        (
            TIMED_OUT,
            "Lambda execution failed with status 200 due to customer function error: RequestId: 0f1e Error: Task "
            "timed out after 3.00 seconds. Lambda request id: lambda-request-id",
        ),
        # a malformed proxy answer (row "502 (REST)")
        (
            {"statusCode": 200, "body": {"not": "a string"}},
            "Execution failed due to configuration error: Malformed Lambda proxy response",
        ),
    ],
)
def test_troubleshooting_rows_timeout_and_502_name_their_cause_in_the_execution_log(answer, cause):
    api, log = logged_api(State().method("GET", "/x"), ScriptedRuntime(handler=lambda event: answer), "ERROR")
    status, headers, body = call(api, "GET", "/prod/x")
    assert (status, json.loads(body)) == (502, {"message": "Internal server error"})
    assert execution_lines(log, headers["x-amzn-RequestId"]) == [cause, "Method completed with status: 502"]


def test_troubleshooting_row_415_and_mapping_template_errors_say_which_template(caplog):
    state = State()
    state.method(
        "POST",
        "/strict",
        integration={
            "type": "AWS",
            "passthrough_behavior": "NEVER",
            "request_templates": {"application/json": '{"a": $input.json("$.a")}'},
        },
    )
    state.method("POST", "/broken", integration={"type": "AWS",
                 "request_templates": {"application/json": '#if($input.path("$.a") {"a": 1}'}})  # fmt: skip
    api, log = logged_api(state, ScriptedRuntime(handler=lambda event: {"ok": True}), "ERROR")
    with caplog.at_level(logging.INFO, logger="apigwkit.local"):
        (unsupported, h1, _), (broken, h2, _) = calls(
            api,
            ("POST", "/prod/strict", {"data": "a=1", "headers": {"content-type": "text/plain"}}),
            ("POST", "/prod/broken", {"json": {"a": 1}}),
        )
    assert "request template" not in caplog.text  # said once: in the execution log, which is on
    assert (unsupported, broken) == (415, 500)
    (cause_415, _) = execution_lines(log, h1["x-amzn-RequestId"])
    assert "no request template for content type text/plain (templates: application/json)" in cause_415
    assert "passthrough behavior NEVER" in cause_415
    (cause_500, completed) = execution_lines(log, h2["x-amzn-RequestId"])
    assert cause_500.startswith("Execution failed due to configuration error: request template:")
    assert completed == "Method completed with status: 500"


def test_troubleshooting_row_403_missing_and_wrong_api_keys_are_logged_apart():
    state = State().method("GET", "/k", api_key_required=True).api_key("key1", "a" * 30, plan={})
    state.api_key("key2", "b" * 30)  # in no usage plan
    api, log = logged_api(state, ScriptedRuntime(handler=ok), "ERROR")
    answers = calls(
        api,
        ("GET", "/prod/k"),
        ("GET", "/prod/k", {"headers": {"x-api-key": "z" * 30}}),
        ("GET", "/prod/k", {"headers": {"x-api-key": "b" * 30}}),
        ("GET", "/prod/k", {"headers": {"x-api-key": "a" * 30}}),
    )
    assert [status for status, _, _ in answers] == [403, 403, 403, 200]
    causes = [execution_lines(log, h["x-amzn-RequestId"])[0] for _, h, _ in answers[:3]]
    stage = f"API Stage {API_ID}/prod"
    assert causes == [
        f"API Key  not authorized because method 'GET /k' requires API Key and API Key is not associated with a Usage "
        f"Plan for {stage}: API Key was not provided (no x-api-key header)",
        f"API Key {'*' * 24}zzzzzz not authorized because method 'GET /k' requires API Key and API Key is not "
        f"associated with a Usage Plan for {stage}: Invalid API Key identifier specified",
        f"API Key {'*' * 24}bbbbbb not authorized because method 'GET /k' requires API Key and API Key is not "
        f"associated with a Usage Plan for {stage}: No Usage Plan found for key and API Stage",
    ]


def test_troubleshooting_row_403_an_authorizer_denial_is_logged_with_the_method_arn():
    state = State().method("GET", "/secret", authorization="CUSTOM", authorizer_id="auth1")
    authorizer = {
        "id": "auth1",
        "type": "TOKEN",
        "authorizer_uri": AUTHORIZER_URI,
        "identity_source": "method.request.header.Authorization",
        "authorizer_result_ttl_in_seconds": 0,
    }
    state.add("aws_api_gateway_authorizer", authorizer)
    deny = {"principalId": "kim", "policyDocument": {"Statement": [
        {"Action": "execute-api:Invoke", "Effect": "Deny", "Resource": "*"}]}}  # fmt: skip
    api, log = logged_api(state, ScriptedRuntime(handler=ok, authorizer=lambda event: deny), "INFO", data_trace=False)
    status, headers, _ = call(api, "GET", "/prod/secret", headers={"Authorization": "token-of-kim"})
    assert status == 403
    lines = execution_lines(log, headers["x-amzn-RequestId"])
    assert lines[1:4] == [f"Starting authorizer: auth1 for request: {headers['x-amzn-RequestId']}",
                          "Incoming identity: ******of-kim", f"Endpoint request URI: https://lambda.{REGION}.amazonaws"
                          f".com/2015-03-31/functions/{AUTHORIZER_FUNCTION}/invocations"]  # fmt: skip
    assert "Using valid authorizer policy for principal: kim" not in lines  # masked: fewer than 7 characters
    assert "Using valid authorizer policy for principal: ***" in lines
    assert (
        "The client is not authorized to perform this operation. (User is not authorized to access this resource "
        f"with an explicit deny: arn:aws:execute-api:{REGION}:{ACCOUNT}:{API_ID}/prod/GET/secret)"
    ) in lines


def test_a_body_over_10_mb_is_413_with_an_access_log_line():
    api, log = logged_api(State().method("POST", "/x"), ScriptedRuntime(handler=ok), "ERROR")

    async def oversized(client: TestClient) -> tuple[int, str]:
        async with client.post("/prod/x", data=b"x" * (10 * 1024 * 1024 + 1)) as response:
            return response.status, await response.text()

    async def main() -> tuple[int, str]:
        app = web.Application(client_max_size=10 * 1024 * 1024)  # as server.py serves it
        app.router.add_route("*", "/{tail:.*}", api.handle)
        async with TestClient(TestServer(app)) as client:
            return await oversized(client)

    status, body = asyncio.run(main())
    assert (status, json.loads(body)) == (413, {"message": "Request Too Long"})
    (access,) = [json.loads(line) for line in log.getvalue().splitlines() if line.startswith("{")]
    assert (access["status"], access["responseType"]) == ("413", "REQUEST_TOO_LARGE")
