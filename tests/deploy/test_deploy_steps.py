"""The deploy workflow's steps run locally: saved plan -> apply of exactly that plan -> outputs ->
smoke test; against the provider double when there is no backend for the environment."""

from __future__ import annotations

import http.server
import re
import threading
from collections.abc import Iterator

import boto3
import pytest
from moto import mock_aws

from apigwkit import deploy


def test_saved_plan_is_applied_and_outputs_are_read(fresh_workspace, tmp_path, capsys):
    ws = fresh_workspace("examples/http-api-lambda")
    plan_file = tmp_path / "tfplan"
    assert deploy.plan_out(ws.dir, "dev", str(plan_file)) == 0
    assert plan_file.stat().st_size > 0
    summary = (tmp_path / "tfplan.md").read_text()  # what the workflow posts to the pull request
    assert summary.startswith(f"### Plan: `{ws.dir.name}` → `dev`")
    assert "| create | `module.api.aws_apigatewayv2_api.this` |" in summary
    assert deploy.apply(ws.dir, "dev", str(plan_file)) == 0
    capsys.readouterr()
    assert deploy.output(ws.dir, "hello_url") == 0
    url = capsys.readouterr().out.strip()
    assert re.fullmatch(r"https://[a-z0-9]{10}\.execute-api\.ap-northeast-2\.amazonaws\.com/hello", url)
    # a saved plan is spent once applied: applying it again must fail, not re-apply
    with pytest.raises(deploy.TerraformError, match="Saved plan is stale"):
        deploy.apply(ws.dir, "dev", str(plan_file))


def test_canary_step_is_a_no_op_without_a_canary(fresh_workspace, attached, tmp_path, capsys):
    ws = attached(fresh_workspace("examples/http-api-lambda"))
    deploy.plan_out(ws.dir, "dev", str(tmp_path / "p"))
    deploy.apply(ws.dir, "dev", str(tmp_path / "p"))
    capsys.readouterr()
    assert deploy.canary(ws.dir, "success") == 0
    assert "no canary stage" in capsys.readouterr().out


def deployed_release(ws) -> dict:
    """What the prod stage and its canary serve: each deployment's answer template for GET /health."""
    (stage,) = [s for s in ws.account.objects("aws_api_gateway_stage") if s["stage_name"] == "prod"]
    served = {}
    canary = (stage["canary_settings"] or [{}])[0].get("deployment_id")
    for role, deployment_id in (("stage", stage["deployment_id"]), ("canary", canary)):
        if deployment_id:
            snapshot = ws.account.snapshot("ap-northeast-2", stage["rest_api_id"], deployment_id)
            served[role] = sorted(r["path"] for r in snapshot["aws_api_gateway_resource"])
    return served


def test_deploy_canary_then_promote_or_roll_back_and_refuse_a_plan_that_changes_more(
    fresh_workspace, attached, tmp_path, capsys, monkeypatch
):
    """The deploy workflow's steps on examples/rest-api-mapping-cache: a change goes to prod's canary; a passing
    smoke test with a quiet 5XX alarm promotes it, a failing one (or an alarm) rolls it back; either way the
    next plan is empty. A configuration changed elsewhere since the deploy makes the canary step refuse to apply.
    (One scenario, one deployed API: each further deploy of the example costs the engine more than its check.)"""
    ws = attached(fresh_workspace("examples/rest-api-mapping-cache"))
    plan_file = str(tmp_path / "tfplan")

    def deploy_now() -> None:
        assert deploy.plan_out(ws.dir, "prod", plan_file) == 0
        assert deploy.apply(ws.dir, "prod", plan_file) == 0

    def add_path(name: str) -> None:  # a change to the API: one more MOCK path
        main = ws.dir / "main.tf"
        main.write_text(
            main.read_text().replace(
                '    "/health" = {',
                f'    "/{name}" = {{ methods = {{ GET = {{ public = true, integration = {{ type = "MOCK" }} }} }} }}\n'
                '    "/health" = {',
                1,
            )
        )

    def empty_plan() -> bool:
        return ws.plan().summary() == {"add": 0, "change": 0, "destroy": 0}

    deploy_now()
    assert deployed_release(ws) == {"stage": ["/health", "/sum"]}
    capsys.readouterr()
    assert deploy.canary(ws.dir, "success", "prod", alarm_ok=lambda name: True) == 0
    assert "has no canary now" in capsys.readouterr().out

    add_path("v2")
    deploy_now()
    assert deployed_release(ws) == {"stage": ["/health", "/sum"], "canary": ["/health", "/sum", "/v2"]}
    assert deploy.canary(ws.dir, "success", "prod", alarm_ok=lambda name: name == "sum-rest-prod-5xx") == 0
    assert "canary: promoted" in capsys.readouterr().out
    assert deployed_release(ws) == {"stage": ["/health", "/sum", "/v2"]}
    assert empty_plan()

    add_path("v3")
    deploy_now()
    assert deploy.canary(ws.dir, "failure", "prod", alarm_ok=lambda name: True) == 1
    assert "canary: rolled back (smoke: failure" in capsys.readouterr().out
    assert deployed_release(ws) == {"stage": ["/health", "/sum", "/v2"]}
    assert empty_plan()

    # a change while the 5XX alarm is in ALARM (CloudWatch answered by moto) is rolled back despite the smoke test
    add_path("v4")
    deploy_now()
    with mock_aws():
        cloudwatch = boto3.client("cloudwatch", region_name="ap-northeast-2")
        cloudwatch.put_metric_alarm(
            AlarmName="sum-rest-prod-5xx", MetricName="5XXError", Namespace="AWS/ApiGateway", Statistic="Sum",
            Period=60, EvaluationPeriods=1, Threshold=1, ComparisonOperator="GreaterThanOrEqualToThreshold",
        )  # fmt: skip
        cloudwatch.set_alarm_state(AlarmName="sum-rest-prod-5xx", StateValue="ALARM", StateReason="5XX seen")
        monkeypatch.setenv("AWS_DEFAULT_REGION", "ap-northeast-2")
        assert deploy.canary(ws.dir, "success", "prod") == 1  # the default check: CloudWatch's DescribeAlarms
    assert "5XX alarm quiet: False" in capsys.readouterr().out
    assert deployed_release(ws) == {"stage": ["/health", "/sum", "/v2"]}
    assert empty_plan()

    # a canary deployed, then the configuration changed in something else: the step refuses, and applies nothing
    add_path("v5")
    deploy_now()
    main = ws.dir / "main.tf"
    main.write_text(main.read_text().replace('"Demo plan: 1,000 requests a day per key"', '"changed since the deploy"'))
    with pytest.raises(SystemExit, match=r"refusing to apply: the plan changes more than the canary \(.*usage_plan"):
        deploy.canary(ws.dir, "success", "prod", alarm_ok=lambda name: True)
    # (the configuration still holds the rolled-back /v3 and /v4: a rollback leaves the code as it is)
    canary = ["/health", "/sum", "/v2", "/v3", "/v4", "/v5"]
    assert deployed_release(ws) == {"stage": ["/health", "/sum", "/v2"], "canary": canary}


@pytest.fixture
def server() -> Iterator[callable]:
    servers = []

    def serve(status: int) -> str:
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                self.send_response(status)
                self.end_headers()
                self.wfile.write(b'{"message": "Hello, world!"}')

            def log_message(self, *args) -> None:
                pass

        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        servers.append(httpd)
        return f"http://127.0.0.1:{httpd.server_address[1]}/hello"

    yield serve
    for httpd in servers:
        httpd.shutdown()


def test_smoke_passes_on_2xx(server):
    assert deploy.smoke(server(200), attempts=1, delay=0) == 0


def test_smoke_fails_on_non_2xx_after_its_attempts(server, capsys):
    assert deploy.smoke(server(502), attempts=2, delay=0) == 1
    err = capsys.readouterr().err
    assert "attempt 2/2 failed: HTTP 502" in err


def test_every_deployable_example_names_its_smoke_url_or_says_why_it_has_none(capsys):
    for name in deploy.deployable_examples():
        text = "\n".join(p.read_text() for p in (deploy.EXAMPLES / name).glob("*.tf"))
        block = re.search(r'output "smoke_url" \{\n  description = "([^"]+)"\n  value\s+= (.+)\n\}', text)
        assert block, f"examples/{name} has no smoke_url output: the deploy workflow's smoke step reads it"
        description, value = block.groups()
        assert value != "null" or description.startswith("None: "), f"examples/{name}: say why there is no URL"
    assert deploy.smoke("") == 0
    assert "smoke_url is null" in capsys.readouterr().out
