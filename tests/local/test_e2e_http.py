"""End to end: `make run`'s gateway serving examples/http-api-lambda, driven over real HTTP.

The example is applied to the provider double, the hello Lambda runs from build/lambda/hello.zip in a
worker process, and the requests go through a TCP socket on 127.0.0.1, as `curl` would send them.
"""

from __future__ import annotations

import importlib.metadata
import io
import json
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import jwt
import pytest
import requests
from browser_testkit import SCREENSHOTS, TIMEOUT_MS, open_demo
from gateway_testkit import FakeClock, sigv4_headers

from apigwkit.engine.workspace import REPO_ROOT
from apigwkit.local.packages import host_machine
from apigwkit.local.server import LocalGateway, serving
from apigwkit.local.token import main as token_main

EM_AARCH64 = 183  # ELF e_machine of arm64, what the zips are built for
HOST_SITE_PACKAGES = Path(str(importlib.metadata.distribution("cryptography").locate_file(""))).resolve()
# A low limit so a burst of requests proves the stage throttle (the example's default is 100/s, burst 200).
THROTTLING = {"rate_limit": 1, "burst_limit": 5}


# The gateway's throttle runs on this clock: time passes only when a test advances it.
CLOCK = FakeClock()
# The demo client's port: its origin is one of the example's CORS origins (the browser tests load it). The socket is
# held bound until the gateway serves the demo on it, so nothing else takes the port in between.
DEMO_SOCKET = socket.create_server(("127.0.0.1", 0))
DEMO_PORT = DEMO_SOCKET.getsockname()[1]


@pytest.fixture(scope="module")
def hello(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, io.StringIO]]:
    log = io.StringIO()
    gateway = LocalGateway(
        REPO_ROOT / "examples/http-api-lambda",
        port=0,
        variables={
            "throttling": THROTTLING,
            "allowed_origins": ["https://www.example.com", f"http://127.0.0.1:{DEMO_PORT}"],
        },
        workdir=tmp_path_factory.mktemp("local"),
        log_stream=log,
        clock=CLOCK,
        demo_port=DEMO_SOCKET,
    )
    with serving(gateway):
        (endpoint,) = gateway.endpoints
        assert (endpoint.kind, endpoint.name) == ("HTTP", "hello-http")
        assert gateway.demo_url == f"http://127.0.0.1:{DEMO_PORT}/"
        yield endpoint.url, log


@pytest.fixture(autouse=True)
def full_burst() -> None:
    """Each test starts with the stage's token bucket full (as long after the last test as a refill takes)."""
    CLOCK.advance(THROTTLING["burst_limit"] / THROTTLING["rate_limit"])


def test_hello_kim_answers_as_the_readme_says(hello):
    url, log = hello
    response = requests.get(f"{url}/hello", params={"name": "Kim"}, timeout=30)
    assert response.status_code == 200
    assert response.json() == {"message": "Hello, Kim!"}
    assert response.headers["content-type"].startswith("application/json")
    line = json.loads([entry for entry in log.getvalue().splitlines() if '"GET /hello"' in entry][-1])
    assert (line["routeKey"], line["status"], line["path"]) == ("GET /hello", "200", "/hello")
    assert line["requestId"] == response.headers["apigw-requestid"]


def test_the_handler_refuses_a_bad_name_with_400(hello):
    url, _ = hello
    response = requests.get(f"{url}/hello", params=[("name", "a"), ("name", "b")], timeout=30)
    assert response.status_code == 400
    assert "at most once" in response.json()["message"]


def test_cors_preflight_from_the_allowed_origin(hello):
    url, _ = hello
    response = requests.options(
        f"{url}/hello",
        headers={"Origin": "https://www.example.com", "Access-Control-Request-Method": "GET"},
        timeout=30,
    )
    assert response.status_code == 204
    assert response.headers["access-control-allow-origin"] == "https://www.example.com"
    assert response.headers["access-control-allow-methods"] == "GET,OPTIONS"


def test_a_browser_on_an_allowed_origin_runs_the_preflight_and_shows_the_answer(hello, browser):
    """Headless Chromium loads the demo client from its own origin and calls GET /hello with ``fetch`` and an
    Authorization header: the browser asks with a preflight first, then shows the Lambda's answer."""
    _, log = hello
    page = open_demo(browser, f"http://127.0.0.1:{DEMO_PORT}/")
    page.fill("#http-auth", "Bearer demo")  # not a CORS-safelisted header: the browser sends a preflight first
    page.click("#http-send")
    page.wait_for_selector("#http-result[data-status]", timeout=TIMEOUT_MS)
    page.screenshot(path=str(SCREENSHOTS / "fetch-allowed-origin.png"))
    assert page.text_content("#http-result") == '200 {"message": "Hello, Kim!"}'
    lines = [json.loads(line) for line in log.getvalue().splitlines() if line.startswith("{")]
    assert [(line["httpMethod"], line["status"]) for line in lines[-2:]] == [("OPTIONS", "204"), ("GET", "200")]
    page.close()


def test_the_browser_refuses_the_answer_to_an_origin_the_apis_cors_does_not_allow(hello, browser):
    """The same page from http://localhost:PORT, another origin: the preflight's answer names no allowed origin, so
    the browser refuses (and never sends the GET), and the page says what to change."""
    _, log = hello
    other_origin = f"http://localhost:{DEMO_PORT}"
    page = open_demo(browser, other_origin + "/")
    page.fill("#http-auth", "Bearer demo")
    page.click("#http-send")
    page.wait_for_selector("#http-result[data-status]", timeout=TIMEOUT_MS)
    page.screenshot(path=str(SCREENSHOTS / "fetch-refused-origin.png"))
    result = page.text_content("#http-result")
    assert page.get_attribute("#http-result", "data-status") == "refused"
    assert result.startswith("The browser refused the answer") and f'allowed_origins=["{other_origin}"]' in result
    last = json.loads([line for line in log.getvalue().splitlines() if line.startswith("{")][-1])
    assert (last["httpMethod"], last["status"]) == ("OPTIONS", "204")
    page.close()


def test_unknown_route_is_404(hello):
    url, _ = hello
    response = requests.get(f"{url}/nope", timeout=30)
    assert (response.status_code, response.json()) == (404, {"message": "Not Found"})


def test_a_burst_past_the_stage_limit_is_throttled_with_429(hello):
    url, log = hello
    with ThreadPoolExecutor(max_workers=4) as pool:
        responses = list(pool.map(lambda _: requests.get(f"{url}/hello", timeout=30), range(12)))
    statuses = sorted(r.status_code for r in responses)
    # no time passes during the burst: exactly the burst is served
    assert statuses == [200] * THROTTLING["burst_limit"] + [429] * (12 - THROTTLING["burst_limit"]), statuses
    throttled = next(r for r in responses if r.status_code == 429)
    assert throttled.json() == {"message": "Too Many Requests"}
    assert '"status":"429"' in log.getvalue().replace(" ", "")
    # one second at 1 request per second refills one token
    CLOCK.advance(1 / THROTTLING["rate_limit"])
    assert [requests.get(f"{url}/hello", timeout=30).status_code for _ in range(2)] == [200, 429]


# --------------------------------------------------------------------------- examples/http-api-jwt


@pytest.fixture(scope="module")
def jwt_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, LocalGateway]]:
    gateway = LocalGateway(
        REPO_ROOT / "examples/http-api-jwt", port=0, workdir=tmp_path_factory.mktemp("local"), log_stream=io.StringIO()
    )
    with serving(gateway):
        (endpoint,) = gateway.endpoints
        yield endpoint.url, gateway


def tokens_for(gateway: LocalGateway, username: str, scopes: tuple[str, ...] = ()) -> str:
    """An access token moto's Cognito issues for the example's user pool and app client."""
    outputs = gateway.deployment.outputs
    issued = gateway.aws.issue_token(outputs["user_pool_id"], outputs["app_client_id"], username, scopes=scopes)
    return issued.access_token


def test_jwt_routes_refuse_missing_and_forged_tokens_with_401(jwt_api):
    url, _ = jwt_api
    missing = requests.get(f"{url}/me", timeout=30)
    forged = requests.get(f"{url}/me", headers={"Authorization": "Bearer e30.e30.c2ln"}, timeout=30)
    assert (missing.status_code, missing.json()) == (401, {"message": "Unauthorized"})
    assert (forged.status_code, forged.json()) == (401, {"message": "Unauthorized"})


def test_a_cognito_access_token_opens_me_and_the_scope_guards_reports(jwt_api):
    url, gateway = jwt_api
    plain = tokens_for(gateway, "kim@example.com")
    scoped = tokens_for(gateway, "lee@example.com", scopes=("reports-api/read",))
    me = requests.get(f"{url}/me", params={"name": "Kim"}, headers={"Authorization": f"Bearer {plain}"}, timeout=30)
    assert (me.status_code, me.json()) == (200, {"message": "Hello, Kim!"})
    refused = requests.get(f"{url}/reports", headers={"Authorization": f"Bearer {plain}"}, timeout=30)
    assert (refused.status_code, refused.json()) == (403, {"message": "Forbidden"})
    allowed = requests.get(f"{url}/reports", headers={"Authorization": f"Bearer {scoped}"}, timeout=30)
    assert allowed.status_code == 200


def test_the_lambda_authorizer_verifies_tokens_itself(jwt_api):
    url, gateway = jwt_api
    token = tokens_for(gateway, "partner@example.com")
    allowed = requests.get(f"{url}/partner", headers={"Authorization": f"Bearer {token}"}, timeout=60)
    assert (allowed.status_code, allowed.json()) == (200, {"message": "Hello, world!"})
    # RS256 needs cryptography's compiled core: the zip's (arm64) code, or on another CPU the host's build of it
    packages = (gateway.workdir / "lambda").glob("orders-jwt-authorizer-*")
    (task_root,) = [p for p in packages if p.is_dir() and not p.name.endswith(".runtime")]
    runtime_dir = task_root.with_name(task_root.name + ".runtime")
    assert (task_root / "jwt").is_dir()  # pure Python: from the zip
    if host_machine() != EM_AARCH64:
        assert not (task_root / "cryptography").exists()
        assert (runtime_dir / "cryptography").resolve() == HOST_SITE_PACKAGES / "cryptography"
    denied = requests.get(f"{url}/partner", headers={"Authorization": "Bearer not-a-jwt"}, timeout=60)
    assert denied.status_code in (401, 403), denied.text
    missing = requests.get(f"{url}/partner", timeout=30)
    assert (missing.status_code, missing.json()) == (401, {"message": "Unauthorized"})


def test_the_partners_hs256_token_verifies_with_the_secret_moto_holds(jwt_api):
    url, gateway = jwt_api
    # what the authorizer reads: its issuer and audience parameters, its secret (a random value, as the module
    # creates the secret without one), all in moto
    ssm = gateway.aws.client("ssm")
    issuer, audience = (
        ssm.get_parameter(Name=f"/orders-jwt-authorizer/{key}", WithDecryption=True)["Parameter"]["Value"]
        for key in ("jwt_issuer", "jwt_audience")
    )
    secret = gateway.aws.generated_secrets["orders-jwt-authorizer/jwt_hmac"]
    now = int(time.time())
    claims = {"iss": issuer, "client_id": audience, "sub": "partner-1", "iat": now, "exp": now + 300}
    token = jwt.encode(claims, secret, algorithm="HS256")
    allowed = requests.get(f"{url}/partner", headers={"Authorization": f"Bearer {token}"}, timeout=60)
    assert (allowed.status_code, allowed.json()) == (200, {"message": "Hello, world!"})
    forged = jwt.encode(claims | {"sub": "partner-2"}, "not-the-secret-" * 4, algorithm="HS256")
    denied = requests.get(f"{url}/partner", headers={"Authorization": f"Bearer {forged}"}, timeout=60)
    assert denied.status_code == 403, denied.text


def test_iam_routes_verify_sigv4_signatures(jwt_api):
    url, _ = jwt_api
    target = f"{url}/internal?name=Kim"
    good = requests.get(target, headers=sigv4_headers("GET", target), timeout=30)
    assert (good.status_code, good.json()) == (200, {"message": "Hello, Kim!"})
    unsigned = requests.get(target, timeout=30)
    assert (unsigned.status_code, unsigned.json()) == (403, {"message": "Forbidden"})
    forged = requests.get(target, headers=sigv4_headers("GET", target, secret="not-the-key"), timeout=30)
    assert forged.status_code == 403
    assert forged.json()["message"].startswith("The request signature we calculated does not match")
    replayed = requests.get(f"{url}/internal?name=Lee", headers=sigv4_headers("GET", target), timeout=30)
    assert replayed.status_code == 403  # the signature covers the query string


def test_orders_are_idempotent_through_the_gateway_and_moto(jwt_api):
    url, gateway = jwt_api
    headers = {"Authorization": f"Bearer {tokens_for(gateway, 'buyer@example.com')}", "Idempotency-Key": "order-0001"}
    body = {"productId": "sku-1", "quantity": 2}
    first = requests.post(f"{url}/orders", json=body, headers=headers, timeout=60)
    replay = requests.post(f"{url}/orders", json=body, headers=headers, timeout=60)
    assert first.status_code == 201, first.text
    assert first.json()["customer"] != "anonymous"  # the JWT's sub, from the authorizer's claims
    assert (replay.status_code, replay.json()) == (201, first.json())
    assert replay.headers["idempotent-replayed"] == "true"
    table = next(r.values["name"] for r in gateway.deployment.resources_of("aws_dynamodb_table") if "orders" in r.name)
    items = gateway.aws.client("dynamodb").scan(TableName=table)["Items"]
    assert len(items) == 1


def test_the_terminal_banner_lists_routes_with_their_authorization_and_the_outputs(jwt_api):
    url, gateway = jwt_api
    banner = gateway.describe()
    assert "HTTP API 'orders-jwt' (" in banner and url in banner
    for line in ("GET /me  [JWT]", "GET /partner  [CUSTOM]", "GET /internal  [AWS_IAM]"):
        assert line in banner
    # the ids printed are the ones the local Cognito (moto) knows, not the double's
    local_pool = gateway.aws.localise(gateway.deployment.outputs["user_pool_id"])
    assert local_pool != gateway.deployment.outputs["user_pool_id"]
    assert f"user_pool_id = {local_pool}" in banner
    assert gateway.aws.client("cognito-idp").describe_user_pool(UserPoolId=local_pool)["UserPool"]["Id"] == local_pool
    assert f"local AWS (moto): {gateway.aws.endpoint}" in banner
    assert "make -s token EXAMPLE=http-api-jwt USER=you@example.com" in banner


def test_a_token_from_another_process_opens_the_running_apis_jwt_routes(jwt_api, capsys):
    """`make token` (python -m apigwkit.local.token) in its own process, as a developer runs it next to make run."""
    url, gateway = jwt_api
    options = ["examples/http-api-jwt", "--workdir", str(gateway.workdir), "--user", "cli@example.com"]
    plain = subprocess.run(
        [sys.executable, "-m", "apigwkit.local.token", *options], cwd=REPO_ROOT, capture_output=True, text=True
    )
    assert plain.returncode == 0, plain.stderr
    (access,) = plain.stdout.split()
    me = requests.get(f"{url}/me", params={"name": "Cli"}, headers={"Authorization": f"Bearer {access}"}, timeout=30)
    assert (me.status_code, me.json()) == (200, {"message": "Hello, Cli!"})
    capsys.readouterr()
    assert token_main([*options, "--scope", "reports-api/read"]) == 0
    scoped = capsys.readouterr().out.strip()
    reports = requests.get(f"{url}/reports", headers={"Authorization": f"Bearer {scoped}"}, timeout=30)
    assert reports.status_code == 200
    assert token_main([*options, "--scope", "not-a-scope"]) == 2
    out, err = capsys.readouterr()
    last = err.splitlines()[-1]  # the gateway's Lambda logs share this stderr
    assert out == "" and last.startswith("make token: app client") and "may not be granted scopes" in last


def test_make_token_without_a_running_make_run_says_how_to_start_it(tmp_path, capsys):
    assert token_main(["examples/http-api-jwt", "--user", "kim@example.com", "--workdir", str(tmp_path)]) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"make token: no make run of examples/http-api-jwt is running here (no live session in "
        f"{tmp_path}/sessions/http-api-jwt.json); start it first: make run EXAMPLE=http-api-jwt"
    ]


# --------------------------------------------------------------------------- examples/http-api-private-integration


def test_a_private_integration_answers_503_and_the_access_log_says_why(tmp_path_factory: pytest.TempPathFactory):
    log = io.StringIO()
    gateway = LocalGateway(
        REPO_ROOT / "examples/http-api-private-integration",
        port=0,
        workdir=tmp_path_factory.mktemp("local"),
        log_stream=log,
    )
    with serving(gateway):
        (endpoint,) = gateway.endpoints
        response = requests.get(f"{endpoint.url}/healthz", timeout=60)
    assert (response.status_code, response.json()) == (503, {"message": "Service Unavailable"})
    (line,) = [json.loads(entry) for entry in log.getvalue().splitlines() if '"GET /healthz"' in entry]
    assert line["status"] == "503"
    assert "VPC link" in json.dumps(line)


def test_make_run_on_an_example_without_an_api_says_so_and_exits_2():
    result = subprocess.run(
        [sys.executable, "-m", "apigwkit.local", "examples/account-settings", "--port", "0"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 2
    assert "has no API Gateway API to serve" in result.stdout
