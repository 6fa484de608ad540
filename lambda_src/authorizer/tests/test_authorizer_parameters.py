"""The issuer and audiences from SSM Parameter Store, the HMAC secret from Secrets Manager (moto, in process),
through Powertools' parameters utility: read once per max age, a rotated secret picked up once the cached value
expires (Powertools' cache clock injected, no sleeping), and HMAC tokens verified with that secret only."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from typing import Any

import authorizer
import boto3
import jwt
import pytest
from authorizer_jwks import KeySetUnavailableError
from authorizer_parameters import ConfigUnavailableError, ParameterStore
from authorizer_testkit import (
    AUDIENCE,
    AUDIENCE_PARAMETER,
    HMAC_SECRET,
    ISSUER,
    ISSUER_PARAMETER,
    PARAMETER_ENVIRONMENT,
    JwksServer,
    RsaSigner,
    access_claims,
    hmac_with_public_key,
    http_api_v2_event,
)
from aws_lambda_powertools.utilities.parameters import SecretsProvider, SSMProvider
from aws_lambda_powertools.utilities.parameters import base as powertools_parameters
from cryptography.hazmat.primitives import serialization
from moto import mock_aws

from apigwkit.testing.lambda_logs import log_records

REGION = "ap-northeast-2"
KEY_ID = "arn:aws:kms:ap-northeast-2:123456789012:key/11111111-2222-3333-4444-555555555555"
SECRET_V1 = "partner-shared-secret-v1-" + "a" * 40  # 65 bytes: long enough for HS512 too
SECRET_V2 = "partner-shared-secret-v2-" + "b" * 40
MAX_AGE = 300


class Clock:
    """What Powertools' parameter cache reads as ``datetime.now()`` (its expiry is computed and checked with it)."""

    def __init__(self) -> None:
        self.now = dt.datetime(2026, 11, 24, 12, 0, 0)

    def advance(self, seconds: float) -> None:
        self.now += dt.timedelta(seconds=seconds)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    clock = Clock()

    class ClockedDatetime(dt.datetime):
        @classmethod
        def now(cls, tz: Any = None) -> dt.datetime:  # noqa: ARG003 (datetime.now's signature)
            return clock.now

    monkeypatch.setattr(powertools_parameters, "datetime", ClockedDatetime)
    return clock


@pytest.fixture(scope="module")
def aws() -> Iterator[dict[str, Any]]:
    """moto's SSM and Secrets Manager, with a call counter per operation."""
    saved = {k: os.environ.get(k) for k in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_DEFAULT_REGION")}
    os.environ.update(AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing", AWS_DEFAULT_REGION=REGION)
    calls: dict[str, int] = {}
    with mock_aws():
        clients = {"ssm": boto3.client("ssm"), "secretsmanager": boto3.client("secretsmanager")}
        for client in clients.values():
            client.meta.events.register(
                "before-call.*.*", lambda model, **_: calls.__setitem__(model.name, calls.get(model.name, 0) + 1)
            )
        yield {**clients, "calls": calls}
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture
def deployed(
    aws: dict[str, Any], jwks_server: JwksServer, monkeypatch: pytest.MonkeyPatch, clock: Clock
) -> dict[str, Any]:
    """The authorizer as modules/lambda_function deploys it: its parameters as SecureStrings, its secret with a
    value, their names in its environment; Powertools' providers on moto's clients, nothing cached yet."""
    ssm, secrets = aws["ssm"], aws["secretsmanager"]
    for name, value in ((ISSUER_PARAMETER, ISSUER), (AUDIENCE_PARAMETER, AUDIENCE)):
        ssm.put_parameter(Name=name, Value=value, Type="SecureString", KeyId=KEY_ID, Overwrite=True)
    try:
        secrets.create_secret(Name=HMAC_SECRET, KmsKeyId=KEY_ID, SecretString=SECRET_V1)
    except secrets.exceptions.ResourceExistsException:
        secrets.put_secret_value(SecretId=HMAC_SECRET, SecretString=SECRET_V1)
    environment = PARAMETER_ENVIRONMENT | {
        "JWT_HMAC_SECRET_NAME": HMAC_SECRET,
        "JWT_ALGORITHMS": "RS256,HS256",
        "CONFIG_MAX_AGE_SECONDS": str(MAX_AGE),
        "JWKS_URL": jwks_server.url,
    }
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    store = ParameterStore(ssm=SSMProvider(boto3_client=ssm), secrets=SecretsProvider(boto3_client=secrets))
    monkeypatch.setattr(authorizer, "PARAMETERS", store)
    aws["calls"].clear()
    return aws


def hs256(secret: str | bytes, **claims: Any) -> str:
    return jwt.encode(access_claims(**claims), secret, algorithm="HS256")


def allowed(token: str, lambda_context: Any) -> bool:
    response = authorizer.lambda_handler(http_api_v2_event(f"Bearer {token}"), lambda_context)
    assert set(response) <= {"isAuthorized", "context"}
    return response["isAuthorized"]


def test_the_parameters_are_read_once_per_max_age_and_a_changed_one_is_used_after_it(
    deployed: dict[str, Any], signer: RsaSigner, clock: Clock, lambda_context: Any
) -> None:
    token = signer.sign(access_claims())
    assert [allowed(token, lambda_context) for _ in range(5)] == [True] * 5
    assert deployed["calls"] == {"GetParameter": 2}  # issuer and audience, once: RS256 tokens need no secret

    deployed["ssm"].put_parameter(Name=AUDIENCE_PARAMETER, Value="another-client", Type="SecureString", Overwrite=True)
    clock.advance(MAX_AGE - 1)
    assert allowed(token, lambda_context)  # the cached audience, until its max age
    clock.advance(2)
    assert not allowed(token, lambda_context)  # the token's client is no longer an accepted audience
    assert deployed["calls"]["GetParameter"] == 4


def test_a_rotated_secret_is_picked_up_once_the_cached_one_expires(
    deployed: dict[str, Any], clock: Clock, lambda_context: Any, log_output: Any
) -> None:
    v1, v2 = hs256(SECRET_V1), hs256(SECRET_V2)
    assert (allowed(v1, lambda_context), allowed(v2, lambda_context)) == (True, False)

    deployed["secretsmanager"].put_secret_value(SecretId=HMAC_SECRET, SecretString=SECRET_V2)  # the rotation
    clock.advance(MAX_AGE - 1)
    assert (allowed(v1, lambda_context), allowed(v2, lambda_context)) == (True, False)  # still the cached value
    clock.advance(2)
    assert (allowed(v1, lambda_context), allowed(v2, lambda_context)) == (False, True)
    assert deployed["calls"]["GetSecretValue"] == 2  # once before the rotation, once after the max age
    reasons = [r["reason"] for r in log_records(log_output) if r["message"] == "denied"]
    assert reasons[-1] == "InvalidSignatureError: Signature verification failed"


def test_hmac_tokens_are_verified_with_the_secret_only(
    deployed: dict[str, Any], signer: RsaSigner, lambda_context: Any
) -> None:
    public_pem = signer.private_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    # the RS/HS confusion: HS256 keyed with the issuer's public key (what an attacker knows) is not the secret
    assert not allowed(hmac_with_public_key(access_claims(), signer.kid, public_pem), lambda_context)
    assert not allowed(hs256(SECRET_V1, iss="https://someone-else.example.com"), lambda_context)
    assert not allowed(jwt.encode(access_claims(), SECRET_V1, algorithm="HS512"), lambda_context)  # not accepted
    assert allowed(hs256(SECRET_V1), lambda_context)
    assert allowed(signer.sign(access_claims()), lambda_context)  # the JWKS keys still verify RS256 tokens


def test_an_unreadable_parameter_or_secret_is_an_error_never_a_denial(
    deployed: dict[str, Any], signer: RsaSigner, lambda_context: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    deployed["secretsmanager"].put_secret_value(SecretId=HMAC_SECRET, SecretString="too-short")
    with pytest.raises(KeySetUnavailableError, match=f"the shared secret {HMAC_SECRET} is 9 bytes; HS256 needs"):
        allowed(hs256("too-short" * 4), lambda_context)
    monkeypatch.setenv("JWT_HMAC_SECRET_NAME", "authorizer/never-created")
    with pytest.raises(KeySetUnavailableError, match="secret authorizer/never-created could not be read"):
        allowed(hs256(SECRET_V1), lambda_context)
    assert allowed(signer.sign(access_claims()), lambda_context)  # RS256 tokens do not need the secret

    monkeypatch.setenv("JWT_ISSUER_PARAMETER_NAME", "/authorizer/missing")
    with pytest.raises(ConfigUnavailableError, match="SSM parameter /authorizer/missing could not be read"):
        allowed(signer.sign(access_claims()), lambda_context)
