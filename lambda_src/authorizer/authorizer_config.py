"""The authorizer's configuration, read from the environment and checked before any token is looked at."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass

# Signature algorithms whose verification key is a public key published in a JWKS.
ASYMMETRIC_ALGORITHMS = frozenset(
    {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"}
)
DEFAULT_ALGORITHMS = ("RS256",)
DEFAULT_TOKEN_USES = frozenset({"id", "access"})
DEFAULT_LEEWAY_SECONDS = 10
MAX_LEEWAY_SECONDS = 300


class ConfigError(ValueError):
    """The environment does not describe a usable authorizer; the message names the variable and the fix."""


class ResponseMode(enum.StrEnum):
    """Which response format API Gateway expects from this authorizer."""

    AUTO = "auto"  # simple for HTTP API payload 2.0 events, IAM policy for everything else
    SIMPLE = "simple"  # HTTP API with enable_simple_responses = true
    IAM = "iam"  # REST API, or HTTP API with enable_simple_responses = false


@dataclass(frozen=True)
class AuthorizerConfig:
    issuer: str
    audiences: frozenset[str]
    jwks_url: str
    algorithms: tuple[str, ...]
    required_scopes: frozenset[str]
    allowed_token_uses: frozenset[str]
    leeway_seconds: int
    response_mode: ResponseMode
    token_query_parameter: str | None = None

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> AuthorizerConfig:
        issuer = environ.get("JWT_ISSUER", "").strip()
        if not issuer.startswith(("https://", "http://")):
            raise ConfigError(
                "JWT_ISSUER must be the issuer URL the tokens carry in `iss`, e.g. "
                f"https://cognito-idp.<region>.amazonaws.com/<user pool id>; found {issuer!r}"
            )
        audiences = _csv(environ.get("JWT_AUDIENCE", ""))
        if not audiences:
            raise ConfigError(
                "JWT_AUDIENCE must list at least one accepted audience (comma-separated; for Cognito, the app "
                "client ids); found none"
            )
        jwks_url = environ.get("JWKS_URL", "").strip() or f"{issuer.rstrip('/')}/.well-known/jwks.json"
        if not jwks_url.startswith(("https://", "http://")):
            raise ConfigError(f"JWKS_URL must be an http(s) URL; found {jwks_url!r}")
        return cls(
            issuer=issuer,
            audiences=frozenset(audiences),
            jwks_url=jwks_url,
            algorithms=parse_algorithms(environ.get("JWT_ALGORITHMS", "")),
            required_scopes=frozenset(_csv(environ.get("REQUIRED_SCOPES", "").replace(" ", ","))),
            allowed_token_uses=_parse_token_uses(environ.get("ALLOWED_TOKEN_USES", "")),
            leeway_seconds=_parse_leeway(environ.get("JWT_LEEWAY_SECONDS", "")),
            response_mode=_parse_response_mode(environ.get("RESPONSE_MODE", "")),
            token_query_parameter=_parse_query_parameter(environ.get("TOKEN_QUERY_PARAMETER", "")),
        )


def parse_algorithms(value: str) -> tuple[str, ...]:
    """The accepted `alg` values; `none` and HMAC algorithms are refused outright.

    Keys come from a JWKS, i.e. they are public. Accepting HS256 would let anyone sign a token with the public key as
    the HMAC secret (the RS/HS algorithm-confusion attack); `none` means no signature at all.
    """
    algorithms = tuple(_csv(value)) or DEFAULT_ALGORITHMS
    for algorithm in algorithms:
        if algorithm.lower() == "none":
            raise ConfigError("JWT_ALGORITHMS must not contain 'none': unsigned tokens are never accepted")
        if algorithm.upper().startswith("HS"):
            raise ConfigError(
                f"JWT_ALGORITHMS must not contain {algorithm!r}: HMAC algorithms cannot be verified with a JWKS "
                "public key, and accepting them enables the RS/HS algorithm-confusion attack"
            )
        if algorithm not in ASYMMETRIC_ALGORITHMS:
            raise ConfigError(
                f"JWT_ALGORITHMS contains {algorithm!r}; expected some of {', '.join(sorted(ASYMMETRIC_ALGORITHMS))}"
            )
    return algorithms


def _parse_token_uses(value: str) -> frozenset[str]:
    uses = frozenset(_csv(value)) or DEFAULT_TOKEN_USES
    unknown = uses - DEFAULT_TOKEN_USES
    if unknown:
        raise ConfigError(f"ALLOWED_TOKEN_USES accepts 'id' and 'access'; found {', '.join(sorted(unknown))}")
    return uses


def _parse_leeway(value: str) -> int:
    if not value.strip():
        return DEFAULT_LEEWAY_SECONDS
    try:
        leeway = int(value)
    except ValueError:
        raise ConfigError(f"JWT_LEEWAY_SECONDS must be a whole number of seconds; found {value!r}") from None
    if not 0 <= leeway <= MAX_LEEWAY_SECONDS:
        raise ConfigError(f"JWT_LEEWAY_SECONDS must be between 0 and {MAX_LEEWAY_SECONDS}; found {leeway}")
    return leeway


def _parse_response_mode(value: str) -> ResponseMode:
    try:
        return ResponseMode(value.strip().lower() or ResponseMode.AUTO)
    except ValueError:
        raise ConfigError(f"RESPONSE_MODE must be 'simple', 'iam' or unset; found {value!r}") from None


def _parse_query_parameter(value: str) -> str | None:
    name = value.strip()
    if name and not name.replace("_", "").replace("-", "").isalnum():
        raise ConfigError(
            f"TOKEN_QUERY_PARAMETER must be a query parameter name (letters, digits, - or _); found {name!r}"
        )
    return name or None


def _csv(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]
