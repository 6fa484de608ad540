"""Lambda canaries end to end, offline: examples/http-api-canary served by the local gateway while CodeDeploy (on the
account model) shifts the hello function's alias, driven by the deploy step (`make lambda-canary`).

The example is applied (version 1, the alias live on it). Release 2 names a handler that does not exist, and is shifted
without a smoke test: 10% of the gateway's invocations of the alias run version 2 and answer 500; the API's 5xx alarm
(its rate over each minute, evaluated as CloudWatch does) fires after three such minutes and CodeDeploy rolls back.
Release 3 is good: the deploy step's smoke test of version 3 passes, after the canary's five minutes the alias serves
it, the deploy step promotes it in Terraform and the next plan is empty. Time is an injected clock; the alias's draws
are a fixed cycle in which one in ten goes to the new version. (A failed smoke test, and CodeDeploy's other shapes,
are tests/account/test_codedeploy.py's, without Terraform.)
"""

from __future__ import annotations

import asyncio
import io
import itertools
from collections import defaultdict

import requests

from apigwkit import deploy
from apigwkit.engine.workspace import REPO_ROOT
from apigwkit.local.server import LocalGateway, serving
from apigwkit.provider_double.account.cloudwatch import alarm_state
from apigwkit.provider_double.account.codedeploy import CodeDeploy

REGION = "ap-northeast-2"
FUNCTION = "hello-canary-hello"
ARN = f"arn:aws:lambda:{REGION}:123456789012:function:{FUNCTION}"
BROKEN = 'module "hello" {\n  handler = "hello.no_such_handler"\n}\n'  # a release that cannot start
REQUESTS_PER_MINUTE = 10


class Minutes:
    """The clock CodeDeploy runs on, and the 5xx rate of each minute of traffic the test sends (API Gateway's 5xx
    metric: the Average of 1 per 5xx answer, 0 per other answer)."""

    def __init__(self) -> None:
        self.now = 0.0
        self.rates: dict[int, float] = {}

    def record(self, statuses: list[int]) -> None:
        self.rates[int(self.now // 60)] = sum(s >= 500 for s in statuses) / len(statuses)

    def datapoints(self) -> list[float | None]:
        return [self.rates.get(m) for m in range(int(self.now // 60))]  # the minutes that have passed


def alias(ws) -> tuple[str, list]:
    (found,) = [a for a in ws.account.objects("aws_lambda_alias") if a["function_name"] == FUNCTION]
    return found["function_version"], found["routing_config"]


def test_a_bad_release_is_rolled_back_when_the_error_alarm_fires_and_a_good_one_is_promoted(tmp_path, attached, capsys):
    draws = itertools.cycle([0.05, *(0.15 + i / 10 for i in range(9))])  # one in ten below the canary's 0.1
    gateway = LocalGateway(
        REPO_ROOT / "examples/http-api-canary",
        port=0,
        workdir=tmp_path / "local",
        log_stream=io.StringIO(),
        draw=lambda: next(draws),
    )
    minutes = Minutes()
    with serving(gateway):
        ws = attached(gateway.deployment.workspace)
        url = f"{gateway.endpoints[0].url}/hello"
        assert alias(ws) == ("1", [])

        answered: dict[str, list[int]] = defaultdict(list)

        def a_minute_of_traffic(_seconds: float) -> None:
            statuses = []
            for _ in range(REQUESTS_PER_MINUTE):
                response = requests.get(url, params={"name": "Kim"}, timeout=30)
                statuses.append(response.status_code)
                answered[response.text].append(response.status_code)
            minutes.record(statuses)
            minutes.now += 60

        def alarm(name: str) -> str:
            (found,) = [a for a in ws.account.objects("aws_cloudwatch_metric_alarm") if a["alarm_name"] == name]
            # only the 5xx metric is measured; the latency alarm has no datapoints (notBreaching: OK)
            return alarm_state(found, minutes.datapoints() if found["metric_name"] == "5xx" else [])

        def invoke(function_name: str, version: str, event: dict) -> tuple[bool, str]:
            """The new version invoked directly, as lambda:Invoke with a Qualifier does."""
            call = gateway.runtime.invoke(
                f"arn:aws:lambda:{REGION}:123456789012:function:{function_name}:{version}", event
            )
            result = asyncio.run_coroutine_threadsafe(call, gateway.loop).result(timeout=60)
            ok = result.status == "ok" and int((result.payload or {}).get("statusCode", 200)) < 400
            return ok, result.status if result.error is None else result.error.get("errorType", "")

        codedeploy = CodeDeploy(ws.account, REGION, clock=lambda: minutes.now, alarm_state=alarm)

        def lambda_canary() -> int:
            return deploy.lambda_canary(ws.dir, codedeploy=codedeploy, invoke=invoke, sleep=a_minute_of_traffic)

        # release 2 is published; the alias keeps serving version 1 until CodeDeploy shifts it
        ws.write("release_override.tf", BROKEN)
        ws.apply()
        assert alias(ws) == ("1", [])
        target = ws.outputs()["lambda_deployments"]["hello"]
        assert (target["current_version"], target["target_version"]) == ("1", "2")

        # shifted without a smoke test: the canary's share of the traffic fails, the 5xx alarm rolls it back
        info = deploy.shift_alias(codedeploy, target, sleep=a_minute_of_traffic)
        assert (info["status"], info["errorInformation"]["code"]) == ("Stopped", "ALARM_ACTIVE")
        assert "hello-canary-default-5xx" in info["errorInformation"]["message"]
        assert "rollbackInfo" in info
        assert minutes.datapoints() == [0.1, 0.1, 0.1]  # three breaching minutes of five: ALARM
        assert alias(ws) == ("1", [])
        failed = [s for statuses in answered.values() for s in statuses if s >= 500]
        assert len(failed) == 3 and set(answered['{"message": "Hello, Kim!"}']) == {200}

        # release 3 is good: ten percent for five minutes, then all; promoted in Terraform, the next plan empty
        assert alarm("hello-canary-default-5xx") == "ALARM"
        minutes.now += 5 * 60  # five quiet minutes: no datapoints, not breaching; the alarm is OK again
        assert alarm("hello-canary-default-5xx") == "OK"
        (ws.dir / "release_override.tf").unlink()
        ws.apply()
        assert alias(ws) == ("1", [])
        answered.clear()
        capsys.readouterr()
        assert lambda_canary() == 0
        out = capsys.readouterr().out
        assert "smoke test of version 3: passed" in out and "promoted hello-canary-hello" in out
        assert alias(ws) == ("3", [])
        assert set(answered) == {'{"message": "Hello, Kim!"}'}
        assert ws.plan_detailed_exit_code()[0] == 0
        assert ws.outputs()["lambda_deployments"]["hello"]["current_version"] == "3"
