"""A REST stage's canary in the local gateway (apigwkit/local/rest/canary.py), with the random source injected.

The stage serves deployment ``stable1``; its canary, deployment ``canary2``, takes ``percent_traffic`` percent of the
requests. A MOCK method answers with what the request saw: ``$context.isCanaryRequest``, ``$context.deploymentId`` and
a stage variable the canary overrides.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from pathlib import Path
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from gateway_testkit import ScriptedRuntime

from apigwkit.local.rest import RestApi
from apigwkit.local.state import Deployment

API_ID, ROOT = "c4n4ryap1d", "root000000"
ECHO = '{"canary": "$context.isCanaryRequest", "deployment": "$context.deploymentId", "release": "$stageVariables.release"}'  # noqa: E501


def state(stage: dict[str, Any]) -> Deployment:
    integration = {"type": "MOCK", "request_templates": {"application/json": '{"statusCode": 200}'}}
    resources = [
        ("aws_api_gateway_rest_api", {"id": API_ID, "root_resource_id": ROOT, "region": "ap-northeast-2",
                                      "execution_arn": f"arn:aws:execute-api:ap-northeast-2:123456789012:{API_ID}"}),
        ("aws_api_gateway_stage", {"stage_name": "prod", "deployment_id": "stable1",
                                   "variables": {"release": "stable"}, **stage}),
        ("aws_api_gateway_method", {"resource_id": ROOT, "http_method": "GET", "authorization": "NONE"}),
        ("aws_api_gateway_integration", {"resource_id": ROOT, "http_method": "GET", **integration}),
        ("aws_api_gateway_integration_response", {"resource_id": ROOT, "http_method": "GET", "status_code": "200",
                                                  "response_templates": {"application/json": ECHO}}),
    ]  # fmt: skip
    items = [
        {"address": f"{t}.r{n}", "mode": "managed", "type": t, "name": f"r{n}", "values": {"rest_api_id": API_ID, **v}}
        for n, (t, v) in enumerate(resources)
    ]
    return Deployment({"values": {"root_module": {"resources": items}}}, Path("."))


def answers(deployment: Deployment, count: int, chance: Any) -> list[dict[str, str]]:
    api = RestApi(
        deployment, deployment.resources_of("aws_api_gateway_rest_api")[0], ScriptedRuntime({}), chance=chance
    )

    async def run() -> list[dict[str, str]]:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", api.handle)
        async with TestClient(TestServer(app)) as client:
            bodies = []
            for _ in range(count):
                async with client.get("/prod") as response:
                    assert response.status == 200, await response.text()
                    bodies.append(json.loads(await response.text()))
            return bodies

    return asyncio.run(run())


CANARY = {
    "canary_settings": [
        {"deployment_id": "canary2", "percent_traffic": 25.0, "stage_variable_overrides": {"release": "canary"}}
    ]
}


def test_the_canary_takes_its_share_and_its_requests_see_its_deployment_and_variables():
    uniform = itertools.cycle(n / 100 for n in range(100))  # every draw in [0, 1) once per 100 requests
    seen = answers(state(CANARY), 100, lambda: next(uniform))
    canary = [a for a in seen if a["canary"] == "true"]
    stable = [a for a in seen if a["canary"] == "false"]
    assert (len(canary), len(stable)) == (25, 75)  # percent_traffic 25
    assert {(a["deployment"], a["release"]) for a in canary} == {("canary2", "canary")}
    assert {(a["deployment"], a["release"]) for a in stable} == {("stable1", "stable")}
    assert seen[:26:25] == [canary[0], stable[0]]  # draws below 0.25 went to the canary, the others did not


def test_a_stage_without_a_canary_has_no_is_canary_request_and_draws_nothing():
    def never() -> float:
        raise AssertionError("a stage without a canary must not draw")

    (seen,) = answers(state({}), 1, never)
    assert seen == {"canary": "", "deployment": "stable1", "release": "stable"}


def test_a_zero_share_never_goes_to_the_canary():
    zero = {"canary_settings": [{**CANARY["canary_settings"][0], "percent_traffic": 0.0}]}
    assert {a["canary"] for a in answers(state(zero), 5, lambda: 0.0)} == {"false"}
