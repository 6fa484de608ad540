"""A real Lambda past its own timeout, behind the HTTP API gateway, called over TCP: a function error (500), not the
gateway's 504 (apigwkit/local/integration.py says why)."""

from __future__ import annotations

import asyncio
import io
import json
import zipfile
from pathlib import Path

from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from apigwkit.local.access_log import AccessLog
from apigwkit.local.http_api import HttpApi
from apigwkit.local.lambdas import FunctionSpec, LambdaRuntime
from apigwkit.local.state import Deployment

ARN = "arn:aws:lambda:ap-northeast-2:123456789012:function:sleepy"
# A handler that never returns (blocked, not busy): the worker is killed at the function's timeout.
SLEEPY = "import threading\n\ndef handler(event, context):\n    threading.Event().wait()\n"


def test_a_lambda_over_its_own_timeout_is_a_500_function_error_with_the_timeout_in_the_access_log(tmp_path: Path):
    with zipfile.ZipFile(tmp_path / "sleepy.zip", "w") as archive:
        archive.writestr("app.py", SLEEPY)
    spec = FunctionSpec.from_state(
        {"function_name": "sleepy", "arn": ARN, "handler": "app.handler", "filename": "sleepy.zip", "timeout": 1},
        tmp_path,
    )  # Lambda's shortest timeout: 1 s, well under the integration's 30 s

    def resource(type_name: str, **values: object) -> dict[str, object]:
        return {"address": f"{type_name}.this", "mode": "managed", "type": type_name, "name": "this", "values": values}

    log_format = json.dumps({"status": "$context.status", "error": "$context.integrationErrorMessage"})
    resources = [
        resource("aws_apigatewayv2_api", id="api1", protocol_type="HTTP", region="ap-northeast-2"),
        resource("aws_apigatewayv2_integration", id="i1", api_id="api1", integration_type="AWS_PROXY",
                 integration_uri=ARN, payload_format_version="2.0"),
        resource("aws_apigatewayv2_route", id="r1", api_id="api1", route_key="GET /nap", target="integrations/i1"),
        resource("aws_apigatewayv2_stage", api_id="api1", name="$default",
                 access_log_settings=[{"format": log_format}]),
    ]  # fmt: skip
    deployment = Deployment({"values": {"root_module": {"resources": resources}}}, tmp_path)
    log = io.StringIO()

    async def scenario() -> tuple[int, str]:
        async with LambdaRuntime([spec], tmp_path / "work", log=lambda line: None) as runtime:
            api = HttpApi(
                deployment, deployment.resources_of("aws_apigatewayv2_api")[0], runtime, access_log=AccessLog(log)
            )
            app = web.Application()
            app.router.add_route("*", "/{tail:.*}", api.handle)
            async with TestClient(TestServer(app)) as client, client.get("/nap") as response:
                return response.status, await response.text()

    status, body = asyncio.run(scenario())
    assert (status, json.loads(body)) == (500, {"message": "Internal Server Error"})
    line = json.loads(log.getvalue())
    assert line["status"] == "500"
    assert line["error"].startswith("The Lambda function returned the following error: RequestId: ")
    assert line["error"].endswith(
        "Error: Task timed out after 1.00 seconds. Check your Lambda function code and try again."
    )
