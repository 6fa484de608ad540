"""End to end: `make run`'s gateway serving examples/rest-api-mapping-cache over real HTTP.

POST /sum is a non-proxy Lambda integration: the request and response VTL templates are rendered around the
real sum Lambda (build/lambda/sum.zip), the body is validated against the example's model, and the method
needs the demo API key of a usage plan whose prod method throttle is 5 rps with a burst of 10.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from apigwkit.engine.workspace import REPO_ROOT
from apigwkit.local.server import LocalGateway, serving
from apigwkit.provider_double.account import ACCOUNT_PRESET_ENV, CONFIGURED_ROLE

SUM_LOG = io.StringIO()


@pytest.fixture(scope="module")
def sum_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """The example on an account with the API Gateway CloudWatch role: its dev stage logs at INFO, prod at ERROR."""
    gateway = LocalGateway(
        REPO_ROOT / "examples/rest-api-mapping-cache",
        port=0,
        variables={"cloudwatch_role_arn": CONFIGURED_ROLE},
        workdir=tmp_path_factory.mktemp("local"),
        log_stream=SUM_LOG,
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(ACCOUNT_PRESET_ENV, "configured")
        with serving(gateway):
            (endpoint,) = gateway.endpoints
            assert endpoint.kind == "REST"
            yield endpoint.url, gateway.deployment.outputs["api_key_value"]


def test_post_sum_through_the_vtl_templates_and_the_real_lambda(sum_api):
    url, key = sum_api
    response = requests.post(f"{url}/dev/sum", json={"a": 1, "b": 2}, headers={"x-api-key": key}, timeout=60)
    assert response.status_code == 200, response.text
    request_id = response.headers["x-amzn-RequestId"]
    executed = [line.split(" ", 2)[2] for line in SUM_LOG.getvalue().splitlines() if f" ({request_id}) " in line]
    assert f"Usage Plan check succeeded for API Key {'*' * (len(key) - 6)}{key[-6:]} and API Stage" in executed[2]
    assert [line for line in executed if line.startswith(("Endpoint request body", "Method completed"))] == [
        "Method completed with status: 200"  # INFO without data trace: no bodies
    ]
    assert response.json()["result"] == 3  # {"sum": 3} from the Lambda, reshaped by sum-response.vtl
    assert response.json()["timestamp"].endswith("+0000")
    assert response.headers["access-control-allow-origin"] == "https://www.example.com"


def test_a_body_the_model_refuses_is_400_and_the_execution_log_says_why(sum_api):
    url, key = sum_api
    response = requests.post(f"{url}/dev/sum", json={"a": "one"}, headers={"x-api-key": key}, timeout=60)
    assert response.status_code == 400
    assert response.json()["message"] == "Invalid request body"
    request_id = response.headers["x-amzn-RequestId"]
    (line,) = [line for line in SUM_LOG.getvalue().splitlines() if f"({request_id}) Request body does not" in line]
    assert line.startswith("API-Gateway-Execution-Logs_")
    assert line.endswith(
        "Request body does not match model schema for content type application/json: [object has missing required "
        'properties (["b"]), instance at /a: instance type (string) does not match any allowed primitive type '
        '(allowed: ["integer"])]'
    )


def test_no_api_key_is_403_and_an_unknown_path_is_missing_authentication_token(sum_api):
    url, _ = sum_api
    no_key = requests.post(f"{url}/dev/sum", json={"a": 1, "b": 2}, timeout=60)
    assert (no_key.status_code, no_key.json()["message"]) == (403, "Forbidden")
    nowhere = requests.get(f"{url}/dev/nowhere", timeout=60)
    assert (nowhere.status_code, nowhere.json()["message"]) == (403, "Missing Authentication Token")


def test_the_health_mock_answers_without_a_lambda(sum_api):
    url, _ = sum_api
    response = requests.get(f"{url}/prod/health", timeout=60)
    assert response.status_code == 200


def test_a_burst_past_the_usage_plans_method_throttle_is_429(sum_api):
    url, key = sum_api

    def post(_: int) -> requests.Response:
        return requests.post(f"{url}/prod/sum", json={"a": 2, "b": 2}, headers={"x-api-key": key}, timeout=60)

    with ThreadPoolExecutor(max_workers=4) as pool:
        responses = list(pool.map(post, range(25)))
    statuses = [r.status_code for r in responses]
    assert set(statuses) <= {200, 429}, statuses
    assert statuses.count(429) >= 10, statuses  # burst 10 at 5 rps: most of 25 quick requests are refused
    assert next(r for r in responses if r.status_code == 429).json()["message"] == "Too Many Requests"


# --------------------------------------------------------------------------- examples/rest-api-private and rest-api-waf


@pytest.fixture(scope="module")
def private_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    gateway = LocalGateway(
        REPO_ROOT / "examples/rest-api-private",
        port=0,
        workdir=tmp_path_factory.mktemp("local"),
        log_stream=io.StringIO(),
    )
    with serving(gateway):
        (endpoint,) = gateway.endpoints
        (vpce,) = gateway.deployment.outputs["vpc_endpoint_ids"]
        yield endpoint.url, vpce


def test_the_private_apis_resource_policy_admits_only_its_vpc_endpoint(private_api):
    url, vpce = private_api
    # Locally, x-amzn-vpce-id names the interface endpoint a request came through.
    through_endpoint = requests.get(
        f"{url}/prod/hello", params={"name": "Kim"}, headers={"x-amzn-vpce-id": vpce}, timeout=60
    )
    assert (through_endpoint.status_code, through_endpoint.json()) == (200, {"message": "Hello, Kim!"})
    elsewhere = requests.get(f"{url}/prod/hello", headers={"x-amzn-vpce-id": "vpce-0123456789abcdef0"}, timeout=60)
    direct = requests.get(f"{url}/prod/hello", timeout=60)
    for refused in (elsewhere, direct):
        assert refused.status_code == 403
        assert refused.headers["x-amzn-ErrorType"] == "AccessDeniedException"
        assert refused.json()["Message"].startswith("User: anonymous is not authorized to perform: execute-api:Invoke")
        assert refused.json()["Message"].endswith("/prod/GET/hello with an explicit deny")


def test_the_waf_example_on_a_configured_account_serves_its_logging_stage_behind_the_acl(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
):
    """The WAF example's apply on an account that has its API Gateway CloudWatch role (the other examples do this
    in tests/examples/test_examples_apply.py; this one's web ACL is the slowest thing the engine plans)."""
    monkeypatch.setenv(ACCOUNT_PRESET_ENV, "configured")
    gateway = LocalGateway(
        REPO_ROOT / "examples/rest-api-waf",
        port=0,
        variables={"cloudwatch_role_arn": CONFIGURED_ROLE},
        workdir=tmp_path_factory.mktemp("local"),
        log_stream=io.StringIO(),
    )
    with serving(gateway):
        (endpoint,) = gateway.endpoints
        response = requests.get(f"{endpoint.url}/prod/hello", params={"name": "Kim"}, timeout=60)
        deployment = gateway.deployment
        (stage,) = deployment.where("aws_api_gateway_stage", stage_name="prod")
        (association,) = deployment.resources_of("aws_wafv2_web_acl_association")
        (acl,) = deployment.resources_of("aws_wafv2_web_acl")
    assert (response.status_code, response.json()) == (200, {"message": "Hello, Kim!"})
    assert stage.values["access_log_settings"], "with the account's role the stage logs"
    stage_arn = stage.values["arn"]
    assert re.fullmatch(r"arn:aws:apigateway:ap-northeast-2::/restapis/[a-z0-9]{10}/stages/prod", stage_arn)
    assert association.values["resource_arn"] == stage_arn == deployment.outputs["stage_arn"]
    assert association.values["web_acl_arn"] == acl.values["arn"] == deployment.outputs["web_acl_arn"]
