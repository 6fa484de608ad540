"""Hostile key sets, tokens, claims and events: an error (never a denial) when the keys are unusable, a denial (never
an exception, never an Allow) for everything a client controls."""

from __future__ import annotations

import json
import time
from typing import Any

import authorizer
import authorizer_jwks
import authorizer_token
import pytest
from authorizer_testkit import (
    JwksServer,
    RsaSigner,
    access_claims,
    http_api_v2_event,
    rest_request_event,
    rest_token_event,
)
from hypothesis import given
from hypothesis import strategies as st

from apigwkit.testing.hostile import FUZZ, hostile_text, json_objects_with, json_values, nested_json_text

pytestmark = pytest.mark.usefixtures("local_issuer")


def allowed(response: dict[str, Any]) -> bool:
    if "isAuthorized" in response:
        return response["isAuthorized"] is True
    return response["policyDocument"]["Statement"][0]["Effect"] == "Allow"


# --- the key set: unusable is an error, not a denial ------------------------------------------------------------------

UNUSABLE_KEY_SETS = {
    "an array": b"[]",
    "a string": b'"keys"',
    "not JSON": b"<html>Service Unavailable</html>",
    "empty": b"",
    "nested beyond the parser": nested_json_text(30_001).encode(),
    "keys not an array": b'{"keys": "abc"}',
    "keys of other types": b'{"keys": [1, null, "x", []]}',
    "no keys": b'{"keys": []}',
}


@pytest.mark.parametrize("body", UNUSABLE_KEY_SETS.values(), ids=UNUSABLE_KEY_SETS.keys())
def test_an_unusable_key_set_is_an_error_not_a_cacheable_denial(
    body: bytes, signer: RsaSigner, local_issuer: JwksServer, lambda_context: Any
) -> None:
    local_issuer.raw = body
    token = signer.sign(access_claims())
    with pytest.raises(authorizer_token.KeySetUnavailableError):
        authorizer.lambda_handler(http_api_v2_event(f"Bearer {token}"), lambda_context)


@pytest.mark.parametrize(
    "mangle",
    [
        lambda jwk: {k: v for k, v in jwk.items() if k != "kid"},
        lambda jwk: {**jwk, "use": "enc"},
        lambda jwk: {**jwk, "kty": "XYZ"},
        lambda jwk: {**jwk, "n": 12345},
    ],
    ids=["without kid", "for encryption", "unknown key type", "modulus not base64url"],
)
def test_a_key_set_without_a_usable_signing_key_is_an_error(
    mangle: Any, signer: RsaSigner, local_issuer: JwksServer, lambda_context: Any
) -> None:
    local_issuer.keys = [mangle(signer.public_jwk())]
    with pytest.raises(authorizer_token.KeySetUnavailableError, match="no usable signing key"):
        authorizer.lambda_handler(rest_request_event(f"Bearer {signer.sign(access_claims())}"), lambda_context)


def test_a_server_dribbling_its_key_set_is_cut_at_the_total_deadline(
    signer: RsaSigner, local_issuer: JwksServer, lambda_context: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(authorizer_jwks, "FETCH_DEADLINE_SECONDS", 0.4)
    local_issuer.pause = 0.05  # each byte within any per-read timeout; the whole set would take seconds
    started = time.monotonic()
    with pytest.raises(authorizer_token.KeySetUnavailableError, match="not received within 0.4 s"):
        authorizer.lambda_handler(http_api_v2_event(f"Bearer {signer.sign(access_claims())}"), lambda_context)
    assert time.monotonic() - started < 1.5


@pytest.mark.parametrize("declare_length", [True, False], ids=["declared", "until close"])
def test_a_key_set_over_the_size_cap_is_refused_unread(
    declare_length: bool, signer: RsaSigner, local_issuer: JwksServer, lambda_context: Any
) -> None:
    padding = "x" * authorizer_jwks.MAX_JWKS_BYTES
    local_issuer.raw = json.dumps({"keys": [signer.public_jwk()], "padding": padding}).encode()
    local_issuer.declare_length = declare_length
    with pytest.raises(authorizer_token.KeySetUnavailableError, match="bytes"):
        authorizer.lambda_handler(http_api_v2_event(f"Bearer {signer.sign(access_claims())}"), lambda_context)


class FakeIdentityProvider:
    """A JWKS fetch that succeeds or fails on demand, against a clock the test moves."""

    def __init__(self, signer: RsaSigner) -> None:
        self.body = json.dumps({"keys": [signer.public_jwk()]}).encode()
        self.down = False
        self.fetches = 0
        self.now = 1000.0

    def fetch(self, url: str) -> bytes:
        self.fetches += 1
        if self.down:
            raise authorizer_jwks.KeySetUnavailableError(f"{url} answered HTTP 503")
        return self.body


def test_the_last_good_keys_serve_while_the_endpoint_fails_for_a_bounded_time(signer: RsaSigner) -> None:
    idp = FakeIdentityProvider(signer)
    client = authorizer_jwks.JwksClient("https://idp.example/jwks", fetch=idp.fetch, clock=lambda: idp.now)
    assert client.signing_key(signer.kid).key_id == signer.kid
    idp.down = True
    idp.now += authorizer_jwks.FRESH_SECONDS + 1  # expired: a refetch is due, and fails
    assert client.signing_key(signer.kid).key_id == signer.kid
    assert "503" in client.last_error
    assert idp.fetches == 2
    for _ in range(20):  # a failing endpoint is asked again at most once per cooldown, not on every request
        client.signing_key(signer.kid)
    assert idp.fetches == 2
    idp.now += authorizer_jwks.REFRESH_COOLDOWN_SECONDS
    client.signing_key(signer.kid)
    assert idp.fetches == 3
    idp.now = 1000.0 + authorizer_jwks.MAX_STALE_SECONDS + 1  # the kept keys are too old now
    with pytest.raises(authorizer_jwks.KeySetUnavailableError, match="longer than"):
        client.signing_key(signer.kid)
    idp.down = False
    idp.now += authorizer_jwks.REFRESH_COOLDOWN_SECONDS
    assert client.signing_key(signer.kid).key_id == signer.kid  # back: fresh keys again


def test_a_cold_start_without_keys_is_an_error_and_retries_on_the_next_request(signer: RsaSigner) -> None:
    idp = FakeIdentityProvider(signer)
    idp.down = True
    client = authorizer_jwks.JwksClient("https://idp.example/jwks", fetch=idp.fetch, clock=lambda: idp.now)
    with pytest.raises(authorizer_jwks.KeySetUnavailableError):
        client.signing_key(signer.kid)
    idp.down = False
    assert client.signing_key(signer.kid).key_id == signer.kid


def test_an_unknown_kid_is_a_denial_reason_not_an_error(signer: RsaSigner) -> None:
    idp = FakeIdentityProvider(signer)
    client = authorizer_jwks.JwksClient("https://idp.example/jwks", fetch=idp.fetch, clock=lambda: idp.now)
    with pytest.raises(authorizer_jwks.UnknownKeyError):
        client.signing_key("made-up")


# --- claims of odd types from the trusted issuer ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "claims",
    [
        {"token_use": ["access"]},
        {"token_use": {"access": True}},
        {"exp": {"not": "a number"}},
        {"iat": "yesterday"},
        {"sub": ["a", "b"]},
        {"sub": 42},
        {"aud": {"x": 1}, "client_id": None},
    ],
    ids=lambda claims: ",".join(f"{k}={type(v).__name__}" for k, v in claims.items()),
)
def test_claims_of_unexpected_types_are_denied(claims: dict, signer: RsaSigner, lambda_context: Any) -> None:
    token = signer.sign(access_claims(**claims))  # access_claims drops a claim set to None
    assert not allowed(authorizer.lambda_handler(http_api_v2_event(f"Bearer {token}"), lambda_context))
    assert not allowed(authorizer.lambda_handler(rest_request_event(f"Bearer {token}"), lambda_context))


def test_context_keeps_only_the_string_parts_of_odd_scope_and_group_claims(
    signer: RsaSigner, lambda_context: Any
) -> None:
    token = signer.sign(access_claims(scope=["orders/read", 7, None, {"x": 1}], **{"cognito:groups": 5}))
    response = authorizer.lambda_handler(http_api_v2_event(f"Bearer {token}"), lambda_context)
    assert response["isAuthorized"] is True
    assert response["context"]["scope"] == "orders/read"
    assert response["context"]["groups"] == ""
    assert all(isinstance(value, str) for value in response["context"].values())


# --- where the token comes from ---------------------------------------------------------------------------------------


def test_a_query_string_token_is_held_to_the_header_limits(
    signer: RsaSigner, lambda_context: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TOKEN_QUERY_PARAMETER", "token")
    event = rest_request_event(None)
    event["queryStringParameters"] = {"token": signer.sign(access_claims(padding="x" * 20_000))}
    assert len(event["queryStringParameters"]["token"]) > authorizer_token.MAX_TOKEN_LENGTH
    assert not allowed(authorizer.lambda_handler(event, lambda_context))


def test_two_different_authorization_headers_are_denied_whichever_is_valid(
    signer: RsaSigner, attacker: RsaSigner, lambda_context: Any
) -> None:
    good, forged = signer.sign(access_claims()), attacker.sign(access_claims())
    for first, second in ((good, forged), (forged, good)):
        event = rest_request_event(f"Bearer {first}", header_name="Authorization")
        event["headers"]["authorization"] = f"Bearer {second}"
        assert not allowed(authorizer.lambda_handler(event, lambda_context))
    event = rest_request_event(f"Bearer {good}")
    event["multiValueHeaders"]["Authorization"] = [f"Bearer {good}", f"Bearer {forged}"]
    assert not allowed(authorizer.lambda_handler(event, lambda_context))
    same = rest_request_event(f"Bearer {good}", header_name="Authorization")
    same["headers"]["AUTHORIZATION"] = f"Bearer {good}"  # the same value twice is still one token
    assert allowed(authorizer.lambda_handler(same, lambda_context))


# --- fuzz: no exception, no Allow -------------------------------------------------------------------------------------


def _with_authorization(kind: str, value: Any, query: Any) -> dict[str, Any]:
    if kind == "v2":
        event = http_api_v2_event(None)
        event["headers"]["authorization"] = value
    elif kind == "token":
        event = rest_token_event("")
        event["authorizationToken"] = value
    else:
        event = rest_request_event(None)
        event["headers"]["Authorization"] = value
        event["multiValueHeaders"]["Authorization"] = [value]
        event["queryStringParameters"] = query
    return event


@FUZZ
@given(
    kind=st.sampled_from(["v2", "rest", "token"]),
    value=st.one_of(hostile_text(), st.builds("Bearer {}".format, hostile_text()), json_values()),
    query=st.one_of(st.dictionaries(st.just("token"), st.one_of(hostile_text(), json_values())), json_values()),
)
def test_fuzz_hostile_authorization_values_are_denied(
    kind: str, value: Any, query: Any, lambda_context: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TOKEN_QUERY_PARAMETER", "token")
    response = authorizer.lambda_handler(_with_authorization(kind, value, query), lambda_context)
    assert not allowed(response)


@FUZZ
@given(claims=json_objects_with(("sub", "token_use", "scope", "scp", "cognito:groups", "aud", "client_id", "username")))
def test_fuzz_signed_tokens_with_hostile_claims_are_answered_with_string_context(
    claims: dict[str, Any], signer: RsaSigner, lambda_context: Any
) -> None:
    try:
        token = signer.sign({**access_claims(), **claims})
    except (TypeError, ValueError, RecursionError, UnicodeError):
        return  # PyJWT cannot encode it, so no issuer could have signed it
    response = authorizer.lambda_handler(http_api_v2_event(f"Bearer {token}"), lambda_context)
    if allowed(response):
        assert all(isinstance(v, str) for v in response["context"].values())
        assert response["context"]["sub"] == claims.get("sub", access_claims()["sub"])


@FUZZ
@given(event=st.one_of(json_values(), json_objects_with(("version", "routeArn", "methodArn", "type", "headers"))))
def test_fuzz_events_that_are_not_authorizer_events_are_the_documented_error(event: Any, lambda_context: Any) -> None:
    try:
        response = authorizer.lambda_handler(event, lambda_context)
    except authorizer.InvalidEventError:
        return
    assert not allowed(response)
