"""End to end: `make run`'s gateway serving examples/http-api-lambda, driven over real HTTP.

The example is applied to the provider double, the hello Lambda runs from build/lambda/hello.zip in a
worker process, and the requests go through a TCP socket on 127.0.0.1, as `curl` would send them.
"""

from __future__ import annotations

import io
import json
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from apigwkit.local.server import LocalGateway, serving
from apigwkit.testing.terraform import REPO_ROOT

# A low limit so a burst of requests proves the stage throttle (the example's default is 100/s, burst 200).
THROTTLING = {"rate_limit": 1, "burst_limit": 5}


@pytest.fixture(scope="module")
def hello(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, io.StringIO]]:
    log = io.StringIO()
    gateway = LocalGateway(
        REPO_ROOT / "examples/http-api-lambda",
        port=0,
        variables={"throttling": THROTTLING},
        workdir=tmp_path_factory.mktemp("local"),
        log_stream=log,
    )
    with serving(gateway):
        (endpoint,) = gateway.endpoints
        assert (endpoint.kind, endpoint.name) == ("HTTP", "hello-http")
        yield endpoint.url, log


def wait_for_tokens() -> None:
    """Let the stage's token bucket refill so the next test starts with a full burst."""
    time.sleep(THROTTLING["burst_limit"] / THROTTLING["rate_limit"])


def test_hello_kim_answers_as_the_readme_says(hello):
    url, log = hello
    response = requests.get(f"{url}/hello", params={"name": "Kim"}, timeout=30)
    assert response.status_code == 200
    assert response.json() == {"message": "Hello, Kim!"}
    assert response.headers["content-type"].startswith("application/json")
    line = json.loads([entry for entry in log.getvalue().splitlines() if '"GET /hello"' in entry][-1])
    assert (line["routeKey"], line["status"], line["path"]) == ("GET /hello", "200", "/hello")
    assert line["requestId"] == response.headers["apigw-requestid"]
    wait_for_tokens()


def test_the_handler_refuses_a_bad_name_with_400(hello):
    url, _ = hello
    response = requests.get(f"{url}/hello", params=[("name", "a"), ("name", "b")], timeout=30)
    assert response.status_code == 400
    assert "at most once" in response.json()["message"]
    wait_for_tokens()


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


def test_unknown_route_is_404(hello):
    url, _ = hello
    response = requests.get(f"{url}/nope", timeout=30)
    assert (response.status_code, response.json()) == (404, {"message": "Not Found"})


def test_a_burst_past_the_stage_limit_is_throttled_with_429(hello):
    url, log = hello
    with ThreadPoolExecutor(max_workers=4) as pool:
        responses = list(pool.map(lambda _: requests.get(f"{url}/hello", timeout=30), range(12)))
    statuses = [r.status_code for r in responses]
    assert statuses.count(429) >= 12 - THROTTLING["burst_limit"] - 1, statuses
    assert set(statuses) <= {200, 429} and 200 in statuses
    throttled = next(r for r in responses if r.status_code == 429)
    assert throttled.json() == {"message": "Too Many Requests"}
    assert '"status":"429"' in log.getvalue().replace(" ", "")
    wait_for_tokens()
