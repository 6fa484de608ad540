"""Hot reload (apigwkit/local/reload.py): an edit under lambda_src/ is rebuilt and the next request through the
gateway runs it, with no restart; an edit of the example or a module says to re-run make run.

The repository is a small one in a temporary directory (one function, one example, one module), built with the real
build script and served by the real Lambda runtime behind the HTTP API gateway; the test calls ``check()`` after each
edit instead of waiting for the watch loop's next look.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from apigwkit.lambda_build.builder import Builder
from apigwkit.local.http_api import HttpApi
from apigwkit.local.lambdas import FunctionSpec, LambdaRuntime
from apigwkit.local.reload import Reloader
from apigwkit.local.state import Deployment

ARN = "arn:aws:lambda:ap-northeast-2:123456789012:function:greeter"
HANDLER = 'def handler(event, context):\n    return {"statusCode": 200, "body": "%s"}\n'


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def http_api(zip_path: Path) -> tuple[Deployment, FunctionSpec]:
    def resource(type_name: str, **values: object) -> dict[str, object]:
        return {"address": f"{type_name}.this", "mode": "managed", "type": type_name, "name": "this", "values": values}

    resources = [
        resource("aws_apigatewayv2_api", id="api1", protocol_type="HTTP", region="ap-northeast-2"),
        resource("aws_apigatewayv2_integration", id="i1", api_id="api1", integration_type="AWS_PROXY",
                 integration_uri=ARN, payload_format_version="2.0"),
        resource("aws_apigatewayv2_route", id="r1", api_id="api1", route_key="GET /hi", target="integrations/i1"),
        resource("aws_apigatewayv2_stage", api_id="api1", name="$default"),
    ]  # fmt: skip
    function = {"function_name": "greeter", "arn": ARN, "handler": "app.handler", "filename": str(zip_path),
                "runtime": "python3.12", "timeout": 3}  # fmt: skip
    return Deployment({"values": {"root_module": {"resources": resources}}}, zip_path.parent), FunctionSpec.from_state(
        function, zip_path.parent
    )


def test_an_edit_under_lambda_src_is_served_at_the_next_request_and_a_config_edit_says_rerun(tmp_path: Path):
    root = tmp_path / "repo"
    write(root / "lambda_src/greeter/function.json", json.dumps({"handler": "app.handler", "runtime": "python3.12"}))
    write(root / "lambda_src/greeter/app.py", HANDLER % "v1")
    write(root / "examples/demo/main.tf", "# demo\n")
    write(root / "modules/thing/main.tf", "# thing\n")
    Builder(root).build()
    deployment, spec = http_api(root / "build/lambda/greeter.zip")
    said: list[str] = []

    async def scenario() -> list[str]:
        async with LambdaRuntime([spec], tmp_path / "work") as runtime:
            api = HttpApi(deployment, deployment.resources_of("aws_apigatewayv2_api")[0], runtime)
            reloader = Reloader(runtime, root, root / "examples/demo", said.append)
            app = web.Application()
            app.router.add_route("*", "/{tail:.*}", api.handle)
            async with TestClient(TestServer(app)) as client:

                async def hi() -> str:
                    async with client.get("/hi") as response:
                        return await response.text()

                bodies = [await hi()]
                assert await reloader.check() == []  # nothing changed yet
                write(root / "lambda_src/greeter/app.py", HANDLER % "v2, edited")
                await reloader.check()
                bodies.append(await hi())
                write(root / "modules/thing/main.tf", "# thing, edited\n")
                await reloader.check()
                return bodies

    assert asyncio.run(scenario()) == ["v1", "v2, edited"]
    assert said == [
        "lambda_src/greeter changed: rebuilt build/lambda/greeter.zip; the next request runs it (greeter)",
        "modules/thing/main.tf changed: re-run make run to apply it (this one serves the state it applied at start)",
    ]
