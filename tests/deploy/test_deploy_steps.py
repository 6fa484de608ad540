"""The deploy workflow's steps run locally: saved plan -> apply of exactly that plan -> outputs ->
smoke test; against the provider double when there is no backend for the environment."""

from __future__ import annotations

import http.server
import re
import threading
from collections.abc import Iterator

import pytest

from apigwkit import deploy


def test_saved_plan_is_applied_and_outputs_are_read(fresh_workspace, tmp_path, capsys):
    ws = fresh_workspace("examples/http-api-lambda")
    plan_file = tmp_path / "tfplan"
    assert deploy.plan_out(ws.dir, "dev", str(plan_file)) == 0
    assert plan_file.stat().st_size > 0
    assert deploy.apply(ws.dir, "dev", str(plan_file)) == 0
    capsys.readouterr()
    assert deploy.output(ws.dir, "hello_url") == 0
    url = capsys.readouterr().out.strip()
    assert re.fullmatch(r"https://[a-z0-9]{10}\.execute-api\.ap-northeast-2\.amazonaws\.com/hello", url)
    # a saved plan is spent once applied: applying it again must fail, not re-apply
    with pytest.raises(deploy.TerraformError, match="Saved plan is stale"):
        deploy.apply(ws.dir, "dev", str(plan_file))


def test_canary_step_is_a_no_op_without_a_canary(fresh_workspace, tmp_path, capsys):
    ws = fresh_workspace("examples/http-api-lambda")
    deploy.plan_out(ws.dir, "dev", str(tmp_path / "p"))
    deploy.apply(ws.dir, "dev", str(tmp_path / "p"))
    capsys.readouterr()
    assert deploy.canary(ws.dir, "success") == 0
    assert "no canary stage" in capsys.readouterr().out


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
