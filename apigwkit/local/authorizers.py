"""What the three gateways' authorizers share: JWT verification against an issuer's JWKS, and Lambda authorizers
invoked and cached on the gateway's clock.

Each gateway keeps its own flow (what the authorizer is sent, what its answer means, which status a refusal
gets: those differ between HTTP, REST and WebSocket APIs); the mechanics are here, once:

- ``IssuerMap``: a configured issuer -> the issuer its tokens carry and the JWKS URL to fetch keys from. Locally a
  Cognito issuer of the provider double maps to the moto user pool that really signs the tokens
  (``LocalAws.issuer_map``); ``default_issuers`` is the issuer's own ``/.well-known/jwks.json``.
- ``JwksKeys``: a token verified with PyJWT against the issuer's published keys (fetched once per URL).
- ``LambdaAuthorizers``: invoking an authorizer function (its latency measured on the injected clock) and the result
  cache keyed by authorizer and identity values, expired by the authorizer's TTL on that same clock, so tests move
  time instead of sleeping.
- ``stringify`` / ``cognito_claim``: how a verified token's claims (and an authorizer's context) reach the
  integration as text.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable, Sequence
from typing import Any

import jwt

IssuerMap = Callable[[str], tuple[str, str]]


def default_issuers(issuer: str) -> tuple[str, str]:
    return issuer, issuer.rstrip("/") + "/.well-known/jwks.json"


def stringify(value: Any) -> str:
    """A JSON value as API Gateway hands authorizer claims and context on: strings as they are, booleans ``true`` /
    ``false``, numbers as their JSON text, arrays in brackets separated by spaces, objects as JSON.

    This is how HTTP API JWT authorizers write ``requestContext.authorizer.jwt.claims`` (payload 2.0 and
    ``$context.authorizer.claims.*``). Sources: every claim arrives as a string, numbers too (``"exp":
    "1612061676"``, awsdocs/amazon-api-gateway-developer-guide#113); an array claim arrives as ``"[a b c]"``
    (aws-solutions-library-samples/guidance-for-claude-code-with-amazon-bedrock#802, #803). AWS documents no example
    of a boolean or an object claim; booleans are written as JSON's ``true`` / ``false`` (as REST passes Lambda
    authorizer context and Cognito claims, e.g. ``phone_number_verified: 'true'`` in
    https://repost.aws/questions/QUFJRBaEJRSmmqarNrvCWoQA), never Python's ``True``.
    """
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "[" + " ".join(stringify(v) for v in value) + "]"
    return json.dumps(value)


# A Cognito user pool authorizer (REST) writes these time claims as Java's Date.toString() does.
_COGNITO_DATE_CLAIMS = frozenset({"exp", "iat"})


def cognito_claim(name: str, value: Any) -> str:
    """A claim as a REST API's Cognito user pool authorizer passes it (``requestContext.authorizer.claims``): all
    strings, but unlike HTTP APIs ``exp`` and ``iat`` as dates (``'Tue Apr 04 18:39:39 UTC 2023'``) and an array as
    its items joined by commas (one group: ``'team_manager'``): a captured event in
    https://repost.aws/questions/QUFJRBaEJRSmmqarNrvCWoQA; ``"group-a,group-b"`` in
    https://openillumi.com/en/en-api-gateway-cognito-jwt-claim-conversion-zero-trust; all values strings in
    awsdocs/amazon-api-gateway-developer-guide#158."""
    if name in _COGNITO_DATE_CLAIMS and isinstance(value, int) and not isinstance(value, bool):
        return time.strftime("%a %b %d %H:%M:%S UTC %Y", time.gmtime(value))
    if isinstance(value, list):
        return ",".join(stringify(v) for v in value)
    return stringify(value)


def bearer_token(value: str) -> str:
    """A token as sent in an Authorization header, without its ``Bearer`` scheme."""
    return value.removeprefix("Bearer ").removeprefix("bearer ").strip()


class JwksKeys:
    """JWT verification with the signing keys an issuer publishes: one PyJWKClient (and key cache) per JWKS URL."""

    def __init__(self) -> None:
        self._clients: dict[str, jwt.PyJWKClient] = {}

    async def decode(self, token: str, jwks_url: str, issuer: str, algorithms: Sequence[str]) -> dict[str, Any]:
        """The token's claims once its signature, ``exp`` and ``iss`` verify; raises ``jwt.PyJWTError`` otherwise.

        The audience is the caller's to check (HTTP APIs accept ``aud`` or ``client_id``). Runs in a thread: fetching
        keys is blocking I/O.
        """
        return await asyncio.get_running_loop().run_in_executor(
            None, self._decode, token, jwks_url, issuer, list(algorithms)
        )

    def _decode(self, token: str, jwks_url: str, issuer: str, algorithms: list[str]) -> dict[str, Any]:
        client = self._clients.get(jwks_url)
        if client is None:
            client = self._clients[jwks_url] = jwt.PyJWKClient(jwks_url, cache_keys=True)
        key = client.get_signing_key_from_jwt(token)
        return jwt.decode(
            token,
            key.key,
            algorithms=algorithms,
            issuer=issuer,
            options={"verify_aud": False, "require": ["exp", "iss"]},
        )


class LambdaAuthorizers:
    """Lambda authorizers of one API: invoked through the runtime, their answers cached per identity.

    ``clock``: monotonic seconds, the gateway's (tests pass one they advance).
    """

    def __init__(self, runtime: Any, clock: Callable[[], float] = time.monotonic) -> None:
        self.runtime, self.clock = runtime, clock
        self._cache: dict[tuple[str, tuple[str, ...]], tuple[float, dict[str, Any]]] = {}

    def cached(self, authorizer_id: str, identity: Sequence[str | None], ttl: float | None) -> dict[str, Any] | None:
        """The answer cached for these identity values, while younger than ``ttl`` seconds (None or 0: no caching)."""
        entry = self._cache.get(_key(authorizer_id, identity)) if ttl else None
        if entry is None or self.clock() - entry[0] >= ttl:
            return None
        return entry[1]

    def remember(
        self, authorizer_id: str, identity: Sequence[str | None], ttl: float | None, answer: dict[str, Any]
    ) -> None:
        if ttl:
            self._cache[_key(authorizer_id, identity)] = (self.clock(), answer)

    async def invoke(self, uri: str, event: dict[str, Any]) -> tuple[Any, int]:
        """The runtime's Invocation of the authorizer function, and its latency in ms on the clock."""
        started = self.clock()
        invocation = await self.runtime.invoke(uri, event)
        return invocation, int((self.clock() - started) * 1000)


def _key(authorizer_id: str, identity: Sequence[str | None]) -> tuple[str, tuple[str, ...]]:
    return str(authorizer_id), tuple(value or "" for value in identity)
