"""Configuration from the environment and the parameters it names, and the pure pieces: bearer parsing and claim
checks."""

from __future__ import annotations

import pytest
from authorizer_config import AuthorizerConfig, ConfigError, ResponseMode
from authorizer_testkit import AUDIENCE_PARAMETER, ISSUER_PARAMETER, PARAMETER_ENVIRONMENT
from authorizer_token import (
    TokenRejectedError,
    bearer_token,
    caller_from_claims,
    check_audience,
    check_scopes,
    token_scopes,
)

POOL_ISSUER = "https://cognito-idp.ap-northeast-2.amazonaws.com/ap-northeast-2_AbCdEf123"


def config_with(environ: dict[str, str], issuer: str = POOL_ISSUER, audience: str = "client-a") -> AuthorizerConfig:
    """The configuration of ``environ`` (plus the parameter names) with these parameter values."""
    values = {ISSUER_PARAMETER: issuer, AUDIENCE_PARAMETER: audience}
    reads: list[tuple[str, int]] = []

    def read_parameter(name: str, max_age: int) -> str:
        reads.append((name, max_age))
        return values[name]

    config = AuthorizerConfig.from_env(PARAMETER_ENVIRONMENT | environ, read_parameter)
    assert reads == [(ISSUER_PARAMETER, config.max_age_seconds), (AUDIENCE_PARAMETER, config.max_age_seconds)]
    return config


def test_defaults_follow_cognito_conventions() -> None:
    config = config_with({}, audience="client-a, client-b")

    assert config.jwks_url == f"{POOL_ISSUER}/.well-known/jwks.json"
    assert config.audiences == frozenset({"client-a", "client-b"})
    assert config.algorithms == ("RS256",)
    assert config.required_scopes == frozenset()
    assert config.allowed_token_uses == frozenset({"id", "access"})
    assert config.leeway_seconds == 10
    assert config.response_mode is ResponseMode.AUTO
    assert (config.hmac_secret_name, config.max_age_seconds) == (None, 300)


def test_every_setting_can_be_overridden() -> None:
    config = config_with(
        {
            "JWKS_URL": "https://keys.example.com/jwks.json",
            "JWT_ALGORITHMS": "RS256, ES256, HS512",
            "JWT_HMAC_SECRET_NAME": "authorizer/jwt_hmac",
            "CONFIG_MAX_AGE_SECONDS": "60",
            "REQUIRED_SCOPES": "orders/read orders/write,admin",
            "ALLOWED_TOKEN_USES": "access",
            "JWT_LEEWAY_SECONDS": "0",
            "RESPONSE_MODE": "IAM",
        },
        issuer=POOL_ISSUER + "/",
    )

    assert config.issuer == POOL_ISSUER + "/"  # compared exactly with `iss`
    assert config.jwks_url == "https://keys.example.com/jwks.json"
    assert config.algorithms == ("RS256", "ES256", "HS512")
    assert (config.hmac_secret_name, config.max_age_seconds) == ("authorizer/jwt_hmac", 60)
    assert config.required_scopes == frozenset({"orders/read", "orders/write", "admin"})
    assert config.allowed_token_uses == frozenset({"access"})
    assert config.leeway_seconds == 0
    assert config.response_mode is ResponseMode.IAM


@pytest.mark.parametrize(
    ("environ", "parameters", "message"),
    [
        pytest.param(
            {"JWT_ISSUER_PARAMETER_NAME": ""},
            {},
            "JWT_ISSUER_PARAMETER_NAME must name the SSM parameter",
            id="no-issuer",
        ),
        pytest.param(
            {"JWT_AUDIENCE_PARAMETER_NAME": " "},
            {},
            "JWT_AUDIENCE_PARAMETER_NAME must name the SSM parameter holding the accepted audiences",
            id="no-audience-parameter",
        ),
        pytest.param(
            {},
            {"issuer": "cognito"},
            f"parameter {ISSUER_PARAMETER} (JWT_ISSUER_PARAMETER_NAME) must be the issuer",
            id="issuer-not-a-url",
        ),
        pytest.param(
            {},
            {"audience": " , "},
            f"parameter {AUDIENCE_PARAMETER} (JWT_AUDIENCE_PARAMETER_NAME) must list",
            id="blank-audience",
        ),
        pytest.param({"JWKS_URL": "file:///etc/passwd"}, {}, "JWKS_URL must be an http(s) URL", id="jwks-file-url"),
        pytest.param({"JWT_ALGORITHMS": "HS256"}, {}, "without JWT_HMAC_SECRET_NAME", id="hs256-without-secret"),
        pytest.param(
            {"JWT_ALGORITHMS": "HS1024", "JWT_HMAC_SECRET_NAME": "s"}, {}, "must not contain 'HS1024'", id="hs-unknown"
        ),
        pytest.param(
            {"JWT_HMAC_SECRET_NAME": "authorizer/jwt_hmac"},
            {},
            "JWT_ALGORITHMS accepts no HMAC algorithm (HS256, HS384, HS512): the secret would never be used",
            id="secret-without-hs",
        ),
        pytest.param({"JWT_ALGORITHMS": "RS256,None"}, {}, "unsigned tokens are never accepted", id="none"),
        pytest.param(
            {"ALLOWED_TOKEN_USES": "refresh"},
            {},
            "ALLOWED_TOKEN_USES accepts 'id' and 'access'; found refresh",
            id="token-use",
        ),
        pytest.param({"JWT_LEEWAY_SECONDS": "1h"}, {}, "whole number of seconds; found '1h'", id="leeway-not-a-number"),
        pytest.param({"JWT_LEEWAY_SECONDS": "3600"}, {}, "between 0 and 300; found 3600", id="leeway-too-large"),
        pytest.param(
            {"CONFIG_MAX_AGE_SECONDS": "0"},
            {},
            "CONFIG_MAX_AGE_SECONDS must be between 1 and 3600; found 0",
            id="max-age-zero",
        ),
        pytest.param(
            {"RESPONSE_MODE": "policy"},
            {},
            "RESPONSE_MODE must be 'simple', 'iam' or unset; found 'policy'",
            id="response-mode",
        ),
    ],
)
def test_unusable_configuration_is_refused_with_a_message_naming_the_variable(
    environ: dict[str, str], parameters: dict[str, str], message: str
) -> None:
    with pytest.raises(ConfigError) as raised:
        config_with(environ, **parameters)

    assert message in str(raised.value)


@pytest.mark.parametrize(
    ("header", "token"),
    [
        ("Bearer aaa.bbb.ccc", "aaa.bbb.ccc"),
        ("bearer aaa.bbb.ccc", "aaa.bbb.ccc"),
        ("BEARER   aaa.bbb.ccc  ", "aaa.bbb.ccc"),
        ("Bearer a-_1.b-_2.", "a-_1.b-_2."),
    ],
)
def test_bearer_token_is_taken_from_a_well_formed_header(header: str, token: str) -> None:
    assert bearer_token(header) == token


@pytest.mark.parametrize(
    "header", [None, "", "aaa.bbb.ccc", "Token aaa.bbb.ccc", "Bearer", "Bearer aaa.bbb", "Bearer aaa.bbb.ccc.ddd"]
)
def test_bearer_token_refuses_anything_else(header: str | None) -> None:
    with pytest.raises(TokenRejectedError):
        bearer_token(header)


def test_audience_uses_aud_when_present_and_client_id_only_otherwise() -> None:
    accepted = frozenset({"client-a"})

    check_audience({"aud": "client-a"}, accepted)
    check_audience({"aud": ["other", "client-a"]}, accepted)
    check_audience({"client_id": "client-a"}, accepted)
    with pytest.raises(TokenRejectedError):
        check_audience({"aud": "other", "client_id": "client-a"}, accepted)
    with pytest.raises(TokenRejectedError):
        check_audience({"aud": [], "client_id": "client-a"}, accepted)
    with pytest.raises(TokenRejectedError):
        check_audience({}, accepted)


def test_scopes_come_from_scope_or_scp() -> None:
    assert token_scopes({"scope": "a b  c"}) == frozenset({"a", "b", "c"})
    assert token_scopes({"scp": ["a", "b"]}) == frozenset({"a", "b"})
    assert token_scopes({"scp": "a b"}) == frozenset({"a", "b"})
    assert token_scopes({}) == frozenset()


def test_every_required_scope_must_be_present() -> None:
    check_scopes({"scope": "a b c"}, frozenset({"a", "c"}))
    with pytest.raises(TokenRejectedError, match=r"\['d'\]"):
        check_scopes({"scope": "a b c"}, frozenset({"a", "d"}))


def test_caller_context_holds_only_strings() -> None:
    caller = caller_from_claims(
        {
            "sub": "user-1",
            "cognito:username": "kim",
            "aud": "client-a",
            "token_use": "id",
            "cognito:groups": ["admins", "readers"],
            "email": "kim@example.com",
        }
    )

    context = caller.as_context()

    assert context == {
        "sub": "user-1",
        "username": "kim",
        "email": "kim@example.com",
        "scope": "",
        "client_id": "client-a",
        "token_use": "id",
        "groups": "admins,readers",
    }
    assert all(isinstance(value, str) for value in context.values())
