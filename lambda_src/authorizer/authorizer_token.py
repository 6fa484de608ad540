"""Bearer JWT verification against a JWKS, checking the claims API Gateway's own JWT authorizer checks."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import jwt
from authorizer_config import AuthorizerConfig

# How long the fetched key set is trusted before it is fetched again (unknown `kid`s refetch sooner, see below).
JWKS_CACHE_SECONDS = 3600
# After any fetch, an unknown `kid` does not trigger another fetch for this long: a flood of made-up `kid`s must not
# turn into a flood of requests to the identity provider. A rotated key is picked up after at most this delay.
JWKS_REFRESH_COOLDOWN_SECONDS = 30.0
JWKS_FETCH_TIMEOUT_SECONDS = 5.0
# API Gateway refuses request headers beyond 10 KB, so a longer token cannot be a real one.
MAX_TOKEN_LENGTH = 10_240
_BEARER = re.compile(r"\A[Bb][Ee][Aa][Rr][Ee][Rr] +([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)\Z")
_REQUIRED_CLAIMS = ["exp", "iat", "iss", "sub"]

# One client per JWKS URL for the life of the container: the key set is fetched once, then served from memory.
_jwks_clients: dict[str, jwt.PyJWKClient] = {}


class TokenRejectedError(Exception):
    """The request carries no acceptable token. The message is for the logs only, never for the caller."""


class KeySetUnavailableError(Exception):
    """The JWKS could not be fetched or holds no usable key: not the caller's fault, so not a (cacheable) denial."""


@dataclass(frozen=True)
class Caller:
    """The verified identity, in the terms the API's integrations see in the authorizer context."""

    sub: str
    username: str
    email: str
    scope: str
    client_id: str
    token_use: str
    groups: tuple[str, ...]

    def as_context(self) -> dict[str, str]:
        """API Gateway context values must be strings, numbers or booleans: lists become comma-joined strings."""
        return {
            "sub": self.sub,
            "username": self.username,
            "email": self.email,
            "scope": self.scope,
            "client_id": self.client_id,
            "token_use": self.token_use,
            "groups": ",".join(self.groups),
        }


def jwks_client_for(url: str) -> jwt.PyJWKClient:
    client = _jwks_clients.get(url)
    if client is None:
        client = jwt.PyJWKClient(
            url,
            cache_jwk_set=True,
            lifespan=JWKS_CACHE_SECONDS,
            timeout=JWKS_FETCH_TIMEOUT_SECONDS,
            cooldown_duration=JWKS_REFRESH_COOLDOWN_SECONDS,
        )
        _jwks_clients[url] = client
    return client


def bearer_token(authorization: str | None) -> str:
    """The token of an `Authorization: Bearer <jwt>` header value."""
    if not authorization:
        raise TokenRejectedError("no Authorization header")
    if len(authorization) > MAX_TOKEN_LENGTH:
        raise TokenRejectedError(f"Authorization header longer than {MAX_TOKEN_LENGTH} characters")
    match = _BEARER.match(authorization.strip())
    if match is None:
        raise TokenRejectedError("Authorization header is not 'Bearer <JWT>'")
    return match.group(1)


def verify_token(token: str, config: AuthorizerConfig, jwks_client: jwt.PyJWKClient) -> Caller:
    """The caller a signed, current token issued for this API describes, or TokenRejectedError saying why not."""
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError as err:
        raise TokenRejectedError(f"malformed token: {err}") from None
    algorithm = header.get("alg")
    # Checked before any key is looked up: `none` and HS* never get near a key, whatever the JWKS holds.
    if algorithm not in config.algorithms:
        raise TokenRejectedError(f"algorithm {algorithm!r} not accepted; accepted: {', '.join(config.algorithms)}")
    kid = header.get("kid")
    if not isinstance(kid, str) or not kid:
        raise TokenRejectedError("token header has no 'kid'")

    try:
        signing_key = jwks_client.get_signing_key(kid)
    except jwt.PyJWKClientConnectionError as err:
        raise KeySetUnavailableError(f"JWKS {jwks_client.uri} unreachable: {err}") from None
    except jwt.PyJWKSetError as err:
        raise KeySetUnavailableError(f"JWKS {jwks_client.uri} holds no usable key: {err}") from None
    except jwt.PyJWKClientError as err:
        raise TokenRejectedError(f"unknown signing key: {err}") from None

    try:
        # A PyJWK is bound to its own algorithm: the token's `alg` must also equal it, so an RSA key is only ever
        # used for RSA verification.
        claims: dict[str, Any] = jwt.decode(
            token,
            signing_key,
            algorithms=list(config.algorithms),
            issuer=config.issuer,
            leeway=config.leeway_seconds,
            options={
                "require": _REQUIRED_CLAIMS,
                "verify_aud": False,  # checked below, the way API Gateway does (aud, else client_id)
                "enforce_minimum_key_length": True,
            },
        )
    except jwt.PyJWTError as err:
        raise TokenRejectedError(f"{type(err).__name__}: {err}") from None

    check_audience(claims, config.audiences)
    check_token_use(claims, config.allowed_token_uses)
    check_scopes(claims, config.required_scopes)
    return caller_from_claims(claims)


# --- claim checks (pure) ----------------------------------------------------------------------------------------------


def check_audience(claims: Mapping[str, Any], audiences: frozenset[str]) -> None:
    """`aud` must name an accepted audience; without `aud`, `client_id` must (Cognito access tokens carry no `aud`).

    This is API Gateway's JWT authorizer rule: client_id is only looked at when aud is absent.
    """
    if "aud" in claims:
        aud = claims["aud"]
        values = [aud] if isinstance(aud, str) else aud if isinstance(aud, list) else []
        if not any(isinstance(value, str) and value in audiences for value in values):
            raise TokenRejectedError(f"audience {aud!r} not accepted")
        return
    client_id = claims.get("client_id")
    if not isinstance(client_id, str) or client_id not in audiences:
        raise TokenRejectedError(f"token has no 'aud' and its client_id {client_id!r} is not an accepted audience")


def check_token_use(claims: Mapping[str, Any], allowed: frozenset[str]) -> None:
    if "token_use" in claims and claims["token_use"] not in allowed:
        raise TokenRejectedError(f"token_use {claims['token_use']!r} not accepted; accepted: {sorted(allowed)}")


def token_scopes(claims: Mapping[str, Any]) -> frozenset[str]:
    """Scopes from `scope` (space-separated, RFC 8693) or `scp` (a list or a string, as some providers send)."""
    raw = claims.get("scope", claims.get("scp", ""))
    if isinstance(raw, list):
        return frozenset(item for item in raw if isinstance(item, str))
    return frozenset(raw.split()) if isinstance(raw, str) else frozenset()


def check_scopes(claims: Mapping[str, Any], required: frozenset[str]) -> None:
    missing = required - token_scopes(claims)
    if missing:
        raise TokenRejectedError(f"token lacks required scopes {sorted(missing)}")


def caller_from_claims(claims: Mapping[str, Any]) -> Caller:
    sub = claims.get("sub")
    if not isinstance(sub, str) or not sub:
        raise TokenRejectedError("token 'sub' is not a non-empty string")
    aud = claims.get("aud")
    # ID tokens name their app client in `aud`; access tokens in `client_id`.
    client_id = claims.get("client_id") or (aud if isinstance(aud, str) else "")
    groups = claims.get("cognito:groups") or claims.get("groups") or []
    if isinstance(groups, str):
        groups = [groups]
    scope = claims.get("scope", claims.get("scp", ""))
    return Caller(
        sub=sub,
        username=_text(claims.get("username") or claims.get("cognito:username")),
        email=_text(claims.get("email")),
        scope=" ".join(scope) if isinstance(scope, list) else _text(scope),
        client_id=_text(client_id),
        token_use=_text(claims.get("token_use")),
        groups=tuple(str(group) for group in groups),
    )


def _text(value: Any) -> str:
    return "" if value is None else str(value)
