"""End to end: `make run` serving custom domains by Host header (examples/custom-domain-routing), over TLS with the
local CA's certificate picked by SNI, with mutual TLS (tests/fixtures/mtls_domain), and a REST API whose private
integration reaches an ALB through a VPC link v2 (examples/rest-api-alb-private), answered as AWS answers a load
balancer it cannot reach. Both examples run on an account with the API Gateway CloudWatch role, so their stages log
(tests/examples/test_examples_apply.py applies them on a new account)."""

from __future__ import annotations

import asyncio
import io
import json
import socket
import ssl
from collections.abc import Iterator
from typing import Any

import aiohttp
import pytest
import requests
import trustme
from aiohttp.abc import AbstractResolver

from apigwkit.engine.workspace import REPO_ROOT
from apigwkit.local.rest.integrations.http import VPC_LINK_UNREACHABLE
from apigwkit.local.server import LocalGateway, serving
from apigwkit.provider_double.account import ACCOUNT_PRESET_ENV, CONFIGURED_ROLE

DOMAIN = "api.example.com"


class Loopback(AbstractResolver):
    """Resolves every name to 127.0.0.1, as a hosts-file entry would: the client still sends the name as SNI."""

    async def resolve(self, host: str, port: int = 0, family: int = socket.AF_INET) -> list[dict[str, Any]]:
        return [{"hostname": host, "host": "127.0.0.1", "port": port, "family": socket.AF_INET, "proto": 0, "flags": 0}]

    async def close(self) -> None:
        pass


def https_get(url: str, context: ssl.SSLContext) -> tuple[int | str, str]:
    """GET over TLS with ``context``; a failed handshake gives the exception's name instead of a status."""

    async def get() -> tuple[int | str, str]:
        connector = aiohttp.TCPConnector(ssl=context, resolver=Loopback())
        try:
            async with aiohttp.ClientSession(connector=connector) as session, session.get(url) as response:
                return response.status, await response.text()
        except aiohttp.ClientError as error:
            return type(error).__name__, str(error)

    return asyncio.run(get())


def domain_ports(gateway: LocalGateway) -> tuple[str, int]:
    plain, tls = (e.url for e in gateway.endpoints if e.kind == "DOMAINS")
    return plain, int(tls.rsplit(":", 1)[1])


@pytest.fixture(scope="module")
def routed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LocalGateway, io.StringIO]]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(ACCOUNT_PRESET_ENV, "configured")
        log = io.StringIO()
        gateway = LocalGateway(
            REPO_ROOT / "examples/custom-domain-routing",
            port=0,
            variables={"cloudwatch_role_arn": CONFIGURED_ROLE},
            workdir=tmp_path_factory.mktemp("local"),
            log_stream=log,
        )
        with serving(gateway):
            yield gateway, log


def via_domain(gateway: LocalGateway, path: str, **headers: str) -> requests.Response:
    plain, _ = domain_ports(gateway)
    return requests.get(plain + path, headers={"Host": DOMAIN, **headers}, timeout=30)


def test_base_path_mappings_route_by_path_and_strip_the_base_path(routed):
    gateway, _ = routed
    v1, v2 = via_domain(gateway, "/v1/orders"), via_domain(gateway, "/v2/orders")
    assert (v1.status_code, v1.json()["version"], v1.json()["path"]) == (200, "v1", "/orders")
    assert (v2.status_code, v2.json()["version"]) == (200, "v2")
    assert v2.json()["orders"][0]["total"] == {"amount": 10, "currency": "EUR"}


def test_routing_rules_route_by_header_before_the_mappings(routed):
    gateway, log = routed
    assert via_domain(gateway, "/orders", **{"x-api-version": "2.1"}).json()["version"] == "v2"
    assert via_domain(gateway, "/orders", **{"X-Api-Version": "1"}).json()["version"] == "v1"
    # the rule for version 2 wins over the /v1 mapping (rules are tried first), and v2 has no /v1/orders
    assert via_domain(gateway, "/v1/orders", **{"x-api-version": "2"}).json() == {
        "message": "Missing Authentication Token"
    }
    assert via_domain(gateway, "/latest/orders").json() | {"orders": None} == {
        "version": "v2",
        "path": "/orders",
        "orders": None,
    }
    routed_lines = [json.loads(line) for line in log.getvalue().splitlines() if '"routedBy"' in line]
    assert {line["routedBy"].split(" (")[0].split(" ")[0] for line in routed_lines} >= {"routing", "API"}
    assert any(line["routedBy"].endswith("(priority 300)") and line["stagePath"] == "/orders" for line in routed_lines)


def test_a_request_nothing_routes_is_forbidden_with_the_reason_in_the_log(routed):
    gateway, log = routed
    for response in (via_domain(gateway, "/orders"), via_domain(gateway, "/v3/orders", **{"x-api-version": "3"})):
        assert (response.status_code, response.json()) == (403, {"message": "Forbidden"})
    assert '"reason": "no routing rule or API mapping matches the request"' in log.getvalue()
    unknown = requests.get(domain_ports(gateway)[0] + "/v1/orders", headers={"Host": "other.example"}, timeout=30)
    assert unknown.status_code == 403 and "no custom domain 'other.example' here" in log.getvalue()


def test_the_stages_behind_the_domain_write_their_access_logs(routed):
    gateway, log = routed
    via_domain(gateway, "/v2/health")
    lines = [json.loads(line) for line in log.getvalue().splitlines() if '"resourcePath"' in line]
    assert any(line["resourcePath"] == "/health" and line["status"] == "200" for line in lines)


def test_the_tls_port_serves_the_domain_with_a_certificate_for_its_name(routed):
    gateway, _ = routed
    _, port = domain_ports(gateway)
    trusting = ssl.create_default_context(cafile=str(gateway.domains_ca))  # verifies the name against the SNI
    assert https_get(f"https://{DOMAIN}:{port}/v2/health", trusting) == (200, '{"status": "ok", "version": "v2"}')
    status, _ = https_get(f"https://{DOMAIN}:{port}/v2/health", ssl.create_default_context())
    assert status == "ClientConnectorCertificateError"  # a client that does not trust the local CA refuses it


# --------------------------------------------------------------------------- mutual TLS


def test_mutual_tls_admits_certificates_of_the_truststore_only(tmp_path_factory: pytest.TempPathFactory):
    client_ca, other_ca = trustme.CA(), trustme.CA()
    log = io.StringIO()
    gateway = LocalGateway(
        REPO_ROOT / "tests/fixtures/mtls_domain",
        port=0,
        variables={"truststore_pem": client_ca.cert_pem.bytes().decode()},
        workdir=tmp_path_factory.mktemp("local"),
        log_stream=log,
    )
    with serving(gateway):
        plain, port = domain_ports(gateway)
        url = f"https://mtls.example.com:{port}/whoami"

        def client(certificate: trustme.LeafCert | None) -> ssl.SSLContext:
            context = ssl.create_default_context(cafile=str(gateway.domains_ca))
            if certificate is not None:
                certificate.configure_cert(context)
            return context

        trusted = https_get(url, client(client_ca.issue_cert("alice@example.com")))
        without = https_get(url, client(None))
        stranger = https_get(url, client(other_ca.issue_cert("mallory@example.com")))
        over_http = requests.get(f"{plain}/whoami", headers={"Host": "mtls.example.com"}, timeout=30)
    assert trusted == (200, '{"stage": "prod"}')
    assert without == (403, '{"message":"Forbidden"}')
    assert "Access denied. Reason: the client presented no certificate" in log.getvalue()
    assert stranger[0] in ("ServerDisconnectedError", "ClientOSError", "ClientConnectorError")  # ends at the handshake
    assert over_http.status_code == 403 and "served over TLS only" in log.getvalue()


# --------------------------------------------------------------------------- REST -> VPC link v2 -> ALB


def test_the_private_alb_is_answered_as_aws_answers_a_load_balancer_it_cannot_reach(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv(ACCOUNT_PRESET_ENV, "configured")
    log = io.StringIO()
    gateway = LocalGateway(
        REPO_ROOT / "examples/rest-api-alb-private",
        port=0,
        variables={"cloudwatch_role_arn": CONFIGURED_ROLE},
        workdir=tmp_path_factory.mktemp("local"),
        log_stream=log,
    )
    with serving(gateway):
        (endpoint,) = gateway.endpoints
        response = requests.get(f"{endpoint.url}/prod/healthz", timeout=30)
        lb_arn = gateway.deployment.outputs["load_balancer_arn"]
        (api,) = gateway.deployment.resources_of("aws_api_gateway_rest_api")
    assert (response.status_code, response.json()) == (500, {"message": "Internal server error"})
    assert response.headers["x-amzn-ErrorType"] == "InternalServerErrorException"
    (line,) = [json.loads(line) for line in log.getvalue().splitlines() if '"resourcePath":"/healthz"' in line]
    assert line["status"] == "500"
    assert line["integrationError"].startswith(VPC_LINK_UNREACHABLE) and lb_arn in line["integrationError"]
    # what the example asked for: a dual-stack REGIONAL endpoint with TLS 1.3 only
    assert api.values["endpoint_configuration"][0]["ip_address_type"] == "dualstack"
    assert (api.values["security_policy"], api.values["endpoint_access_mode"]) == (
        "SecurityPolicy_TLS13_1_3_2025_09",
        "STRICT",
    )
