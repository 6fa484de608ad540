"""Puts the function folder (and this folder's helpers) on sys.path and builds the authorizer's test world."""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from apigwkit.testing.lambda_context import LambdaContext

TESTS_DIR = Path(__file__).resolve().parent
# the function's folder, its shared package lambda_log (lambda_src/_shared, vendored into the zip) and these helpers
for folder in (TESTS_DIR.parent, TESTS_DIR.parent.parent / "_shared", TESTS_DIR):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

import authorizer  # noqa: E402  (needs the sys.path entries above)
import authorizer_token  # noqa: E402
from authorizer_parameters import ParameterStore  # noqa: E402
from authorizer_testkit import (  # noqa: E402
    AUDIENCE,
    AUDIENCE_PARAMETER,
    ISSUER,
    ISSUER_PARAMETER,
    PARAMETER_ENVIRONMENT,
    JwksServer,
    RsaSigner,
    StaticProvider,
)

from apigwkit.testing.lambda_logs import captured_logs  # noqa: E402

CONFIG_VARIABLES = (
    "JWT_ISSUER_PARAMETER_NAME",
    "JWT_AUDIENCE_PARAMETER_NAME",
    "JWT_HMAC_SECRET_NAME",
    "CONFIG_MAX_AGE_SECONDS",
    "JWKS_URL",
    "JWT_ALGORITHMS",
    "REQUIRED_SCOPES",
    "ALLOWED_TOKEN_USES",
    "JWT_LEEWAY_SECONDS",
    "RESPONSE_MODE",
    "TOKEN_QUERY_PARAMETER",
)


@pytest.fixture
def lambda_context() -> LambdaContext:
    return LambdaContext("authorizer", memory_limit_in_mb=256, aws_request_id="9f3c1d2e-4b5a-4c6d-8e7f-0a1b2c3d4e5f")


@pytest.fixture
def parameter_values() -> dict[str, str | bytes]:
    """What Parameter Store holds for the test (by parameter name); empty until a fixture or the test fills it."""
    return {}


@pytest.fixture
def secret_values() -> dict[str, str | bytes]:
    """What Secrets Manager holds for the test (by secret name)."""
    return {}


@pytest.fixture(autouse=True)
def cold_container(
    monkeypatch: pytest.MonkeyPatch, parameter_values: dict[str, str | bytes], secret_values: dict[str, str | bytes]
) -> None:
    """Every test starts like a fresh container: no JWKS client, no cached key set, no cached parameter or secret,
    no configuration; parameters and secrets are served from the two dicts above."""
    monkeypatch.setattr(authorizer_token, "_jwks_clients", {})
    stores = ParameterStore(ssm=StaticProvider(parameter_values), secrets=StaticProvider(secret_values))
    monkeypatch.setattr(authorizer, "PARAMETERS", stores)
    for name in CONFIG_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    # Local servers only: never send 127.0.0.1 traffic to a proxy configured on the machine.
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")


@pytest.fixture
def log_output() -> Iterator[io.StringIO]:
    """What the authorizer logs, one JSON document per line as Lambda's JSON log format writes it."""
    with captured_logs() as buffer:
        yield buffer


# --- the self-signed identity provider --------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def signer() -> RsaSigner:
    """The key the identity provider publishes in its JWKS."""
    return RsaSigner(kid="test-key-1")


@pytest.fixture(scope="session")
def attacker() -> RsaSigner:
    """A key the identity provider never published."""
    return RsaSigner(kid="attacker-key")


@pytest.fixture(scope="session")
def _jwks_server() -> Iterator[JwksServer]:
    server = JwksServer().start()
    yield server
    server.stop()


@pytest.fixture
def jwks_server(_jwks_server: JwksServer, signer: RsaSigner) -> JwksServer:
    """The identity provider's JWKS endpoint, publishing `signer`'s key, fetch counter at zero."""
    _jwks_server.reset([signer.public_jwk()])
    return _jwks_server


@pytest.fixture
def configured(monkeypatch: pytest.MonkeyPatch, parameter_values: dict[str, str | bytes]) -> dict[str, str | bytes]:
    """The authorizer's environment naming its issuer and audience parameters (whose values the test sets)."""
    for name, value in PARAMETER_ENVIRONMENT.items():
        monkeypatch.setenv(name, value)
    return parameter_values


@pytest.fixture
def local_issuer(
    jwks_server: JwksServer, monkeypatch: pytest.MonkeyPatch, configured: dict[str, str | bytes]
) -> JwksServer:
    """The authorizer configured for the self-signed issuer."""
    configured.update({ISSUER_PARAMETER: ISSUER, AUDIENCE_PARAMETER: f"{AUDIENCE}, some-other-client"})
    monkeypatch.setenv("JWKS_URL", jwks_server.url)
    return jwks_server
