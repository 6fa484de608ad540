"""The authorizer against tokens these tests sign themselves, with the JWKS served by a local HTTP server."""

from __future__ import annotations

import io
import os
import time
from collections.abc import Callable
from typing import Any

import authorizer
import authorizer_jwks
import authorizer_token
import jwt
import pytest
from authorizer_config import ConfigError
from authorizer_testkit import (
    AUDIENCE,
    METHOD_ARN,
    OTHER_AUDIENCE,
    ROUTE_ARN,
    JwksServer,
    RsaSigner,
    access_claims,
    hmac_with_public_key,
    http_api_v1_event,
    http_api_v2_event,
    id_claims,
    rest_request_event,
    rest_token_event,
    unsigned_token,
    with_payload,
)

from apigwkit.testing.lambda_logs import log_records

pytestmark = pytest.mark.usefixtures("local_issuer")

EXPECTED_ACCESS_CONTEXT = {
    "sub": "7d8ca528-4931-4254-9273-ea5ee853f271",
    "username": "kim",
    "email": "",
    "scope": "orders/read orders/write",
    "client_id": AUDIENCE,
    "token_use": "access",
    "groups": "admins,readers",
}


def denied_simple(response: dict[str, Any]) -> bool:
    return response == {"isAuthorized": False}


def denied_iam(response: dict[str, Any], resource: str = METHOD_ARN) -> bool:
    return response == {
        "principalId": "anonymous",
        "policyDocument": {
            "Version": "2012-10-17",
            "Statement": [{"Action": "execute-api:Invoke", "Effect": "Deny", "Resource": resource}],
        },
    }


# --- allowed ----------------------------------------------------------------------------------------------------------


def test_http_api_v2_valid_access_token_gets_a_simple_allow_with_the_callers_claims(
    signer: RsaSigner, lambda_context: Any
) -> None:
    token = signer.sign(access_claims())

    response = authorizer.lambda_handler(http_api_v2_event(f"Bearer {token}"), lambda_context)

    assert response == {"isAuthorized": True, "context": EXPECTED_ACCESS_CONTEXT}


def test_rest_request_valid_token_gets_an_iam_allow_for_the_method_arn(signer: RsaSigner, lambda_context: Any) -> None:
    token = signer.sign(access_claims())

    response = authorizer.lambda_handler(rest_request_event(f"Bearer {token}"), lambda_context)

    assert response == {
        "principalId": "7d8ca528-4931-4254-9273-ea5ee853f271",
        "policyDocument": {
            "Version": "2012-10-17",
            "Statement": [{"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": METHOD_ARN}],
        },
        "context": EXPECTED_ACCESS_CONTEXT,
    }


def test_rest_token_authorizer_event_gets_an_iam_allow(signer: RsaSigner, lambda_context: Any) -> None:
    token = signer.sign(access_claims())

    response = authorizer.lambda_handler(rest_token_event(f"Bearer {token}"), lambda_context)

    assert response["policyDocument"]["Statement"][0]["Effect"] == "Allow"
    assert response["policyDocument"]["Statement"][0]["Resource"] == METHOD_ARN
    assert response["context"] == EXPECTED_ACCESS_CONTEXT


def test_http_api_v1_event_gets_an_iam_policy_for_its_method_arn(signer: RsaSigner, lambda_context: Any) -> None:
    token = signer.sign(access_claims())

    response = authorizer.lambda_handler(http_api_v1_event(f"Bearer {token}"), lambda_context)

    assert response["principalId"] == "7d8ca528-4931-4254-9273-ea5ee853f271"
    assert response["policyDocument"]["Statement"] == [
        {"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": ROUTE_ARN}
    ]


def test_http_api_v2_in_iam_mode_gets_an_iam_policy_for_the_route_arn(
    signer: RsaSigner, lambda_context: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RESPONSE_MODE", "iam")
    token = signer.sign(access_claims())

    response = authorizer.lambda_handler(http_api_v2_event(f"Bearer {token}"), lambda_context)

    assert "isAuthorized" not in response
    assert response["policyDocument"]["Statement"] == [
        {"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": ROUTE_ARN}
    ]
    assert response["context"] == EXPECTED_ACCESS_CONTEXT


def test_simple_mode_is_not_used_for_a_rest_event(
    signer: RsaSigner, lambda_context: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RESPONSE_MODE", "simple")
    token = signer.sign(access_claims())

    response = authorizer.lambda_handler(rest_request_event(f"Bearer {token}"), lambda_context)

    assert response["policyDocument"]["Statement"][0]["Effect"] == "Allow"


@pytest.mark.parametrize("header_name", ["Authorization", "authorization", "AUTHORIZATION"])
def test_rest_request_finds_the_header_whatever_its_case(
    header_name: str, signer: RsaSigner, lambda_context: Any
) -> None:
    token = signer.sign(access_claims())

    response = authorizer.lambda_handler(rest_request_event(f"Bearer {token}", header_name), lambda_context)

    assert response["policyDocument"]["Statement"][0]["Effect"] == "Allow"


def test_the_bearer_scheme_is_case_insensitive(signer: RsaSigner, lambda_context: Any) -> None:
    token = signer.sign(access_claims())

    response = authorizer.lambda_handler(http_api_v2_event(f"bearer {token}"), lambda_context)

    assert response["isAuthorized"] is True


def test_id_token_is_accepted_through_its_aud_claim(signer: RsaSigner, lambda_context: Any) -> None:
    token = signer.sign(id_claims())

    response = authorizer.lambda_handler(http_api_v2_event(f"Bearer {token}"), lambda_context)

    assert response == {
        "isAuthorized": True,
        "context": {
            "sub": "7d8ca528-4931-4254-9273-ea5ee853f271",
            "username": "kim",
            "email": "kim@example.com",
            "scope": "",
            "client_id": AUDIENCE,
            "token_use": "id",
            "groups": "",
        },
    }


def test_a_token_expired_within_the_leeway_is_accepted(signer: RsaSigner, lambda_context: Any) -> None:
    now = int(time.time())
    token = signer.sign(access_claims(iat=now - 3600, exp=now - 3))

    response = authorizer.lambda_handler(http_api_v2_event(f"Bearer {token}"), lambda_context)

    assert response["isAuthorized"] is True


def test_required_scopes_present_in_the_token_are_accepted(
    signer: RsaSigner, lambda_context: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REQUIRED_SCOPES", "orders/read orders/write")
    token = signer.sign(access_claims())

    response = authorizer.lambda_handler(http_api_v2_event(f"Bearer {token}"), lambda_context)

    assert response["isAuthorized"] is True


# --- denied -----------------------------------------------------------------------------------------------------------


def _now() -> int:
    return int(time.time())


TokenFactory = Callable[[RsaSigner, RsaSigner], str]

# name -> (how the token is made from the published key and an attacker's key, what the log says about it)
BAD_TOKENS: dict[str, tuple[TokenFactory, str]] = {
    "expired": (
        lambda good, bad: good.sign(access_claims(iat=_now() - 7200, exp=_now() - 3600)),
        "ExpiredSignatureError",
    ),
    "not-yet-valid-nbf": (lambda good, bad: good.sign(access_claims(nbf=_now() + 3600)), "not yet valid (nbf)"),
    "issued-in-the-future": (
        lambda good, bad: good.sign(access_claims(iat=_now() + 3600, exp=_now() + 7200)),
        "not yet valid (iat)",
    ),
    "wrong-audience-client-id": (
        lambda good, bad: good.sign(access_claims(client_id=OTHER_AUDIENCE)),
        "client_id '9otherclient0example00000z' is not an accepted audience",
    ),
    "wrong-audience-aud": (
        lambda good, bad: good.sign(id_claims(aud=OTHER_AUDIENCE)),
        "audience '9otherclient0example00000z' not accepted",
    ),
    # API Gateway's rule: when `aud` is present it decides, a matching client_id does not rescue it.
    "wrong-aud-with-right-client-id": (
        lambda good, bad: good.sign(id_claims(aud=OTHER_AUDIENCE, client_id=AUDIENCE)),
        "audience '9otherclient0example00000z' not accepted",
    ),
    "no-audience-at-all": (
        lambda good, bad: good.sign(access_claims(client_id=None)),
        "client_id None is not an accepted audience",
    ),
    "wrong-issuer": (
        lambda good, bad: good.sign(
            access_claims(iss="https://cognito-idp.ap-northeast-2.amazonaws.com/ap-northeast-2_OtherPool")
        ),
        "InvalidIssuerError",
    ),
    "tampered-payload": (
        lambda good, bad: with_payload(
            good.sign(access_claims()), access_claims(**{"cognito:groups": ["superadmins"]})
        ),
        "InvalidSignatureError",
    ),
    "unknown-kid": (lambda good, bad: bad.sign(access_claims()), "unknown signing key"),
    "attacker-key-claiming-the-real-kid": (
        lambda good, bad: bad.sign(access_claims(), kid=good.kid),
        "InvalidSignatureError",
    ),
    "alg-none": (lambda good, bad: unsigned_token(access_claims()), "algorithm 'none' not accepted"),
    "hs256-keyed-with-the-public-key": (
        lambda good, bad: hmac_with_public_key(access_claims(), good.kid, good.public_pem()),
        "algorithm 'HS256' not accepted",
    ),
    "refresh-token-use": (
        lambda good, bad: good.sign(access_claims(token_use="refresh")),
        "token_use 'refresh' not accepted",
    ),
    "missing-exp": (lambda good, bad: good.sign(access_claims(exp=None)), 'missing the "exp" claim'),
    "missing-sub": (lambda good, bad: good.sign(access_claims(sub=None)), 'missing the "sub" claim'),
    "empty-sub": (lambda good, bad: good.sign(access_claims(sub="")), "'sub' is not a non-empty string"),
}


@pytest.mark.parametrize(("make_token", "reason"), BAD_TOKENS.values(), ids=BAD_TOKENS.keys())
def test_bad_token_is_denied_on_http_api_for_its_reason(
    make_token: TokenFactory,
    reason: str,
    signer: RsaSigner,
    attacker: RsaSigner,
    lambda_context: Any,
    log_output: io.StringIO,
) -> None:
    token = make_token(signer, attacker)

    response = authorizer.lambda_handler(http_api_v2_event(f"Bearer {token}"), lambda_context)

    assert denied_simple(response), response
    [denial] = [record for record in log_records(log_output) if record["message"] == "denied"]
    assert reason in denial["reason"]


@pytest.mark.parametrize(("make_token", "reason"), BAD_TOKENS.values(), ids=BAD_TOKENS.keys())
def test_bad_token_is_denied_on_rest_api(
    make_token: TokenFactory, reason: str, signer: RsaSigner, attacker: RsaSigner, lambda_context: Any
) -> None:
    token = make_token(signer, attacker)

    response = authorizer.lambda_handler(rest_request_event(f"Bearer {token}"), lambda_context)

    assert denied_iam(response), response


@pytest.mark.parametrize(
    "authorization",
    [
        pytest.param(None, id="no-header"),
        pytest.param("", id="empty"),
        pytest.param("{token}", id="no-scheme"),
        pytest.param("Basic a2ltOnB3", id="basic-scheme"),
        pytest.param("Bearer", id="scheme-only"),
        pytest.param("Bearer {token} extra", id="trailing-garbage"),
        pytest.param("Bearer {token},Bearer {token}", id="header-sent-twice"),
        pytest.param("Bearer not-a-jwt", id="not-a-jwt"),
        pytest.param("Bearer a.b", id="two-segments"),
        pytest.param("Bearer " + "A" * 11_000 + ".e30.sig", id="oversized"),
    ],
)
def test_missing_or_malformed_authorization_is_denied(
    authorization: str | None, signer: RsaSigner, lambda_context: Any
) -> None:
    token = signer.sign(access_claims())
    header = None if authorization is None else authorization.replace("{token}", token)

    assert denied_simple(authorizer.lambda_handler(http_api_v2_event(header), lambda_context))
    assert denied_iam(authorizer.lambda_handler(rest_request_event(header), lambda_context))


def test_rest_event_without_headers_is_denied(lambda_context: Any) -> None:
    event = rest_request_event(None)
    event["headers"] = None

    assert denied_iam(authorizer.lambda_handler(event, lambda_context))


def test_expired_beyond_a_zero_leeway_is_denied(
    signer: RsaSigner, lambda_context: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JWT_LEEWAY_SECONDS", "0")
    now = int(time.time())
    token = signer.sign(access_claims(iat=now - 3600, exp=now - 3))

    assert denied_simple(authorizer.lambda_handler(http_api_v2_event(f"Bearer {token}"), lambda_context))


def test_missing_required_scope_is_denied(
    signer: RsaSigner, lambda_context: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REQUIRED_SCOPES", "orders/read,orders/admin")
    token = signer.sign(access_claims())

    assert denied_simple(authorizer.lambda_handler(http_api_v2_event(f"Bearer {token}"), lambda_context))


def test_token_use_outside_the_allowed_list_is_denied(
    signer: RsaSigner, lambda_context: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ALLOWED_TOKEN_USES", "access")
    token = signer.sign(id_claims())

    assert denied_simple(authorizer.lambda_handler(http_api_v2_event(f"Bearer {token}"), lambda_context))


def test_http_api_v2_in_iam_mode_denies_with_the_route_arn(
    signer: RsaSigner, lambda_context: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RESPONSE_MODE", "iam")
    token = unsigned_token(access_claims())

    response = authorizer.lambda_handler(http_api_v2_event(f"Bearer {token}"), lambda_context)

    assert denied_iam(response, resource=ROUTE_ARN)


# --- algorithm confusion is refused before any key is looked at -------------------------------------------------------


@pytest.mark.parametrize("alg", ["alg-none", "hs256-keyed-with-the-public-key"])
def test_none_and_hmac_tokens_never_reach_the_key_set(
    alg: str, signer: RsaSigner, attacker: RsaSigner, local_issuer: JwksServer, lambda_context: Any
) -> None:
    token = BAD_TOKENS[alg][0](signer, attacker)

    response = authorizer.lambda_handler(http_api_v2_event(f"Bearer {token}"), lambda_context)

    assert denied_simple(response)
    assert local_issuer.fetches == 0


@pytest.mark.parametrize("algorithms", ["HS256", "RS256,HS256", "hs512", "none", "RS256, none", "XX999"])
def test_configuring_none_hmac_or_unknown_algorithms_fails_loudly(
    algorithms: str, signer: RsaSigner, lambda_context: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JWT_ALGORITHMS", algorithms)
    token = signer.sign(access_claims())

    with pytest.raises(ConfigError, match="JWT_ALGORITHMS"):
        authorizer.lambda_handler(http_api_v2_event(f"Bearer {token}"), lambda_context)


def test_a_token_whose_alg_differs_from_its_jwk_is_denied(
    signer: RsaSigner, lambda_context: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Even with PS256 allowed, an RS256-published key never verifies a PS256 token."""
    monkeypatch.setenv("JWT_ALGORITHMS", "RS256,PS256")
    token = jwt.encode(access_claims(), signer.private_key, algorithm="PS256", headers={"kid": signer.kid})

    assert denied_simple(authorizer.lambda_handler(http_api_v2_event(f"Bearer {token}"), lambda_context))


# --- the key set is fetched once per container ------------------------------------------------------------------------


def test_the_jwks_is_fetched_once_for_many_verifications(
    signer: RsaSigner, local_issuer: JwksServer, lambda_context: Any
) -> None:
    for _ in range(10):
        token = signer.sign(access_claims())
        assert authorizer.lambda_handler(http_api_v2_event(f"Bearer {token}"), lambda_context)["isAuthorized"]
        response = authorizer.lambda_handler(rest_request_event(f"Bearer {token}"), lambda_context)
        assert response["policyDocument"]["Statement"][0]["Effect"] == "Allow"

    assert local_issuer.fetches == 1


def test_unknown_kids_do_not_refetch_the_jwks_during_the_cooldown(
    signer: RsaSigner, attacker: RsaSigner, local_issuer: JwksServer, lambda_context: Any
) -> None:
    good = signer.sign(access_claims())
    assert authorizer.lambda_handler(http_api_v2_event(f"Bearer {good}"), lambda_context)["isAuthorized"]

    for n in range(10):
        forged = attacker.sign(access_claims(), kid=f"made-up-{n}")
        assert denied_simple(authorizer.lambda_handler(http_api_v2_event(f"Bearer {forged}"), lambda_context))

    assert local_issuer.fetches == 1


def test_a_rotated_key_is_picked_up_by_refetching_on_its_unknown_kid(
    signer: RsaSigner, local_issuer: JwksServer, lambda_context: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(authorizer_jwks, "REFRESH_COOLDOWN_SECONDS", 0.0)
    first = signer.sign(access_claims())
    assert authorizer.lambda_handler(http_api_v2_event(f"Bearer {first}"), lambda_context)["isAuthorized"]
    assert local_issuer.fetches == 1

    rotated = RsaSigner(kid="test-key-2")
    local_issuer.keys = [signer.public_jwk(), rotated.public_jwk()]
    second = rotated.sign(access_claims())

    assert authorizer.lambda_handler(http_api_v2_event(f"Bearer {second}"), lambda_context)["isAuthorized"]
    assert authorizer.lambda_handler(http_api_v2_event(f"Bearer {second}"), lambda_context)["isAuthorized"]
    assert local_issuer.fetches == 2


def test_an_unreachable_jwks_is_an_error_not_a_cacheable_denial(
    signer: RsaSigner, local_issuer: JwksServer, lambda_context: Any
) -> None:
    local_issuer.status = 503
    token = signer.sign(access_claims())

    with pytest.raises(authorizer_token.KeySetUnavailableError):
        authorizer.lambda_handler(http_api_v2_event(f"Bearer {token}"), lambda_context)


# --- what is said, and to whom ----------------------------------------------------------------------------------------


def test_a_denial_logs_its_reason_but_never_the_token(
    signer: RsaSigner, lambda_context: Any, log_output: io.StringIO
) -> None:
    token = signer.sign(access_claims(client_id=OTHER_AUDIENCE))

    response = authorizer.lambda_handler(http_api_v2_event(f"Bearer {token}"), lambda_context)

    assert response == {"isAuthorized": False}  # nothing about why
    denial = next(record for record in log_records(log_output) if record["message"] == "denied")
    assert "client_id" in denial["reason"] and OTHER_AUDIENCE in denial["reason"]
    assert denial["correlation_id"] == "Bq1WzjTwoE0EMhA="
    assert token.split(".")[2] not in log_output.getvalue()
    assert token not in log_output.getvalue()


def test_an_allow_logs_the_subject_but_never_the_token(
    signer: RsaSigner, lambda_context: Any, log_output: io.StringIO
) -> None:
    token = signer.sign(access_claims())

    authorizer.lambda_handler(rest_request_event(f"Bearer {token}"), lambda_context)

    allowed = next(record for record in log_records(log_output) if record["message"] == "allowed")
    assert allowed["sub"] == "7d8ca528-4931-4254-9273-ea5ee853f271"
    assert allowed["resource_arn"] == METHOD_ARN
    assert token.split(".")[2] not in log_output.getvalue()


def test_an_event_that_is_not_an_authorizer_event_is_an_error(lambda_context: Any) -> None:
    with pytest.raises(ValueError, match="not an API Gateway authorizer event"):
        authorizer.lambda_handler({"headers": {"authorization": "Bearer x.y.z"}}, lambda_context)


def websocket_connect_event(token: str | None) -> dict[str, Any]:
    """A WebSocket $connect REQUEST authorizer event: browsers put the token in the query string."""
    event = rest_request_event(None)
    event["queryStringParameters"] = {} if token is None else {"token": token}
    return event


def test_websocket_token_in_the_query_string_is_verified_when_configured(
    signer: RsaSigner, lambda_context: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = signer.sign(access_claims())
    monkeypatch.setenv("TOKEN_QUERY_PARAMETER", "token")
    allowed = authorizer.lambda_handler(websocket_connect_event(token), lambda_context)
    assert allowed["policyDocument"]["Statement"][0]["Effect"] == "Allow"
    assert allowed["context"]["sub"] == EXPECTED_ACCESS_CONTEXT["sub"]
    tampered = with_payload(token, access_claims(sub="someone-else"))
    assert denied_iam(authorizer.lambda_handler(websocket_connect_event(tampered), lambda_context))


def test_query_string_token_is_ignored_unless_configured(signer: RsaSigner, lambda_context: Any) -> None:
    token = signer.sign(access_claims())
    assert denied_iam(authorizer.lambda_handler(websocket_connect_event(token), lambda_context))


def test_bad_token_query_parameter_setting_is_a_config_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TOKEN_QUERY_PARAMETER", "to ken")
    with pytest.raises(ConfigError, match="TOKEN_QUERY_PARAMETER must be a query parameter name"):
        authorizer.AuthorizerConfig.from_env(dict(os.environ), authorizer.PARAMETERS.parameter)
