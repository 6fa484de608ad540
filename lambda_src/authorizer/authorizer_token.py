"""Bearer JWT verification against a JWKS, checking the claims API Gateway's own JWT authorizer checks."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import jwt
from authorizer_config import HMAC_KEY_BYTES, AuthorizerConfig
from authorizer_jwks import JwksClient, KeySetUnavailableError, UnknownKeyError

__all__ = ["KeySetUnavailableError", "TokenRejectedError", "Caller", "bare_token", "bearer_token", "verify_token"]

# API Gateway refuses request headers beyond 10 KB, so a longer token cannot be a real one.
MAX_TOKEN_LENGTH = 10_240
_JWS = re.compile(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*")
_BEARER = re.compile(r"[Bb][Ee][Aa][Rr][Ee][Rr] +(\S+)")
_REQUIRED_CLAIMS = ["exp", "iat", "iss", "sub"]

# One client per JWKS URL for the life of the container: the key set is fetched once, then served from memory.
_jwks_clients: dict[str, JwksClient] = {}


class TokenRejectedError(Exception):
    """The request carries no acceptable token. The message is for the logs only, never for the caller."""


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


def jwks_client_for(url: str) -> JwksClient:
    client = _jwks_clients.get(url)
    if client is None:
        client = _jwks_clients[url] = JwksClient(url)
    return client


def bare_token(value: object) -> str:
    """A compact JWS (three base64url segments, at most MAX_TOKEN_LENGTH characters), wherever it came from."""
    if not isinstance(value, str) or not value:
        raise TokenRejectedError("no token")
    if len(value) > MAX_TOKEN_LENGTH:
        raise TokenRejectedError(f"token longer than {MAX_TOKEN_LENGTH} characters")
    if not _JWS.fullmatch(value):
        raise TokenRejectedError("token is not a compact JWS (three base64url segments)")
    return value


def bearer_token(authorization: object) -> str:
    """The token of an `Authorization: Bearer <jwt>` header value."""
    if not isinstance(authorization, str) or not authorization:
        raise TokenRejectedError("no Authorization header")
    if len(authorization) > MAX_TOKEN_LENGTH:
        raise TokenRejectedError(f"Authorization header longer than {MAX_TOKEN_LENGTH} characters")
    match = _BEARER.fullmatch(authorization.strip())
    if match is None:
        raise TokenRejectedError("Authorization header is not 'Bearer <JWT>'")
    return bare_token(match.group(1))


def verify_token(
    token: str, config: AuthorizerConfig, jwks_client: JwksClient, hmac_key: Callable[[], bytes] | None = None
) -> Caller:
    """The caller a signed, current token issued for this API describes, or TokenRejectedError saying why not.

    An HS* token (accepted only with a shared secret configured) is verified with ``hmac_key()`` and nothing else;
    any other with the JWKS key its ``kid`` names. Either key source raises KeySetUnavailableError when it fails.
    """
    try:
        header = jwt.get_unverified_header(token)
    except (jwt.PyJWTError, RecursionError) as err:
        raise TokenRejectedError(f"malformed token: {type(err).__name__}") from None
    algorithm = header.get("alg")
    # Checked before any key is looked up: `none` and HS* never get near a key, whatever the JWKS holds.
    if not isinstance(algorithm, str) or algorithm not in config.algorithms:
        raise TokenRejectedError(f"algorithm {algorithm!r:.64} not accepted; accepted: {', '.join(config.algorithms)}")
    key: Any
    if algorithm in HMAC_KEY_BYTES:
        if hmac_key is None:  # HS* is in config.algorithms only with a secret: a caller forgot to pass it
            raise KeySetUnavailableError(f"{algorithm} accepted but no shared secret to verify it with")
        key = hmac_key()
        if len(key) < HMAC_KEY_BYTES[algorithm]:
            raise KeySetUnavailableError(
                f"the shared secret {config.hmac_secret_name} is {len(key)} bytes; {algorithm} needs at least "
                f"{HMAC_KEY_BYTES[algorithm]} (RFC 7518, section 3.2)"
            )
    else:
        kid = header.get("kid")
        if not isinstance(kid, str) or not kid:
            raise TokenRejectedError("token header has no 'kid'")
        try:
            key = jwks_client.signing_key(kid)  # KeySetUnavailableError propagates: an error, not a denial
        except UnknownKeyError as err:
            raise TokenRejectedError(f"unknown signing key: {err}") from None

    try:
        # Only the token's own (accepted) algorithm: an HMAC key is never used for anything but HMAC, and a PyJWK is
        # bound to its own algorithm, so an RSA key is only ever used for RSA verification.
        claims: dict[str, Any] = jwt.decode(
            token,
            key,
            algorithms=[algorithm],
            issuer=config.issuer,
            leeway=config.leeway_seconds,
            options={
                "require": _REQUIRED_CLAIMS,
                "verify_aud": False,  # checked below, the way API Gateway does (aud, else client_id)
                "enforce_minimum_key_length": True,
            },
        )
    except (jwt.PyJWTError, ValueError, TypeError, RecursionError) as err:
        # PyJWT raises PyJWTError for what it checks; a payload nested deeper than the JSON parser's stack, or a
        # claim of a type it does not expect (`exp` as an object), is just as much a token that is not acceptable.
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
    if "token_use" in claims and not (isinstance(claims["token_use"], str) and claims["token_use"] in allowed):
        raise TokenRejectedError(f"token_use {claims['token_use']!r:.64} not accepted; accepted: {sorted(allowed)}")


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
    """The context values: strings only (a claim of another type than the one named is left out, as empty)."""
    sub = claims.get("sub")
    if not isinstance(sub, str) or not sub:
        raise TokenRejectedError("token 'sub' is not a non-empty string")
    aud = claims.get("aud")
    # ID tokens name their app client in `aud`; access tokens in `client_id`.
    client_id = _text(claims.get("client_id")) or _text(aud)
    groups = claims.get("cognito:groups") or claims.get("groups") or []
    if isinstance(groups, str):
        groups = [groups]
    return Caller(
        sub=sub,
        username=_text(claims.get("username")) or _text(claims.get("cognito:username")),
        email=_text(claims.get("email")),
        scope=_scope_text(claims.get("scope", claims.get("scp", ""))),
        client_id=client_id,
        token_use=_text(claims.get("token_use")),
        groups=tuple(group for group in groups if isinstance(group, str)) if isinstance(groups, list) else (),
    )


def _scope_text(raw: Any) -> str:
    if isinstance(raw, list):
        return " ".join(item for item in raw if isinstance(item, str))
    return _text(raw)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""
