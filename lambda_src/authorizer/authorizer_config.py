"""The authorizer's configuration, checked before any token is looked at.

The issuer and the audiences are SSM parameters (SecureString; ``modules/lambda_function`` creates them from its
``parameters`` input and names them in ``JWT_ISSUER_PARAMETER_NAME`` and ``JWT_AUDIENCE_PARAMETER_NAME``), read through
``read_parameter`` (``authorizer_parameters``: Powertools, cached for ``CONFIG_MAX_AGE_SECONDS``); everything else is
an environment variable. An optional shared secret for HMAC-signed tokens is named in ``JWT_HMAC_SECRET_NAME`` (a
Secrets Manager secret, read only when such a token arrives).
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass

# Signature algorithms whose verification key is a public key published in a JWKS.
ASYMMETRIC_ALGORITHMS = frozenset(
    {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"}
)
# HMAC algorithms, verified with the shared secret only, and the key size each needs: "A key of the same size as the
# hash output (for instance, 256 bits for "HS256") or larger MUST be used" (RFC 7518, section 3.2).
HMAC_KEY_BYTES = {"HS256": 32, "HS384": 48, "HS512": 64}
DEFAULT_ALGORITHMS = ("RS256",)
DEFAULT_TOKEN_USES = frozenset({"id", "access"})
DEFAULT_LEEWAY_SECONDS = 10
MAX_LEEWAY_SECONDS = 300
# How long a parameter or secret value is used before it is read again: a changed issuer, audience or rotated secret
# is picked up within this time.
DEFAULT_CONFIG_MAX_AGE_SECONDS = 300
MAX_CONFIG_MAX_AGE_SECONDS = 3600

# (name, max age in seconds) -> the parameter's value
ParameterReader = Callable[[str, int], str]


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
    hmac_secret_name: str | None = None  # the Secrets Manager secret that verifies HS* tokens (None: none accepted)
    max_age_seconds: int = DEFAULT_CONFIG_MAX_AGE_SECONDS

    @classmethod
    def from_env(cls, environ: Mapping[str, str], read_parameter: ParameterReader) -> AuthorizerConfig:
        """The configuration the environment describes, its parameters read through ``read_parameter``."""
        max_age = _parse_int(
            environ, "CONFIG_MAX_AGE_SECONDS", DEFAULT_CONFIG_MAX_AGE_SECONDS, 1, MAX_CONFIG_MAX_AGE_SECONDS
        )
        hmac_secret_name = environ.get("JWT_HMAC_SECRET_NAME", "").strip() or None
        algorithms = parse_algorithms(environ.get("JWT_ALGORITHMS", ""), hmac_secret_name)
        issuer_parameter = _parameter_name(environ, "JWT_ISSUER_PARAMETER_NAME", "jwt_issuer", "the issuer URL")
        audience_parameter = _parameter_name(
            environ, "JWT_AUDIENCE_PARAMETER_NAME", "jwt_audience", "the accepted audiences"
        )
        issuer = read_parameter(issuer_parameter, max_age).strip()
        if not issuer.startswith(("https://", "http://")):
            raise ConfigError(
                f"parameter {issuer_parameter} (JWT_ISSUER_PARAMETER_NAME) must be the issuer URL the tokens carry "
                f"in `iss`, e.g. https://cognito-idp.<region>.amazonaws.com/<user pool id>; found {issuer[:200]!r}"
            )
        audiences = _csv(read_parameter(audience_parameter, max_age))
        if not audiences:
            raise ConfigError(
                f"parameter {audience_parameter} (JWT_AUDIENCE_PARAMETER_NAME) must list at least one accepted "
                "audience (comma-separated; for Cognito, the app client ids); found none"
            )
        jwks_url = environ.get("JWKS_URL", "").strip() or f"{issuer.rstrip('/')}/.well-known/jwks.json"
        if not jwks_url.startswith(("https://", "http://")):
            raise ConfigError(f"JWKS_URL must be an http(s) URL; found {jwks_url!r}")
        return cls(
            issuer=issuer,
            audiences=frozenset(audiences),
            jwks_url=jwks_url,
            algorithms=algorithms,
            required_scopes=frozenset(_csv(environ.get("REQUIRED_SCOPES", "").replace(" ", ","))),
            allowed_token_uses=_parse_token_uses(environ.get("ALLOWED_TOKEN_USES", "")),
            leeway_seconds=_parse_int(environ, "JWT_LEEWAY_SECONDS", DEFAULT_LEEWAY_SECONDS, 0, MAX_LEEWAY_SECONDS),
            response_mode=_parse_response_mode(environ.get("RESPONSE_MODE", "")),
            token_query_parameter=_parse_query_parameter(environ.get("TOKEN_QUERY_PARAMETER", "")),
            hmac_secret_name=hmac_secret_name,
            max_age_seconds=max_age,
        )


def _parameter_name(environ: Mapping[str, str], variable: str, key: str, holds: str) -> str:
    name = environ.get(variable, "").strip()
    if not name:
        raise ConfigError(
            f"{variable} must name the SSM parameter holding {holds} (modules/lambda_function sets it for "
            f"parameters = {{ {key} = ... }}); it is not set"
        )
    return name


def parse_algorithms(value: str, hmac_secret_name: str | None = None) -> tuple[str, ...]:
    """The accepted `alg` values; `none` is refused outright, HMAC algorithms unless a shared secret is configured.

    Keys from a JWKS are public. An HS* token verified with such a key would let anyone sign a token with the public
    key as the HMAC secret (the RS/HS algorithm-confusion attack): HS* tokens are verified with the secret in
    Secrets Manager only, never with a JWKS key, and without that secret they cannot be configured at all.
    """
    algorithms = tuple(_csv(value)) or DEFAULT_ALGORITHMS
    for algorithm in algorithms:
        if algorithm.lower() == "none":
            raise ConfigError("JWT_ALGORITHMS must not contain 'none': unsigned tokens are never accepted")
        if algorithm.upper().startswith("HS") and (algorithm not in HMAC_KEY_BYTES or hmac_secret_name is None):
            raise ConfigError(
                f"JWT_ALGORITHMS must not contain {algorithm!r} without JWT_HMAC_SECRET_NAME: HMAC algorithms cannot "
                "be verified with a JWKS public key, and accepting them so enables the RS/HS algorithm-confusion "
                f"attack; with a shared secret in Secrets Manager, {', '.join(HMAC_KEY_BYTES)} are verified with "
                "that secret only"
            )
        if algorithm not in ASYMMETRIC_ALGORITHMS and algorithm not in HMAC_KEY_BYTES:
            raise ConfigError(
                f"JWT_ALGORITHMS contains {algorithm!r}; expected some of {', '.join(sorted(ASYMMETRIC_ALGORITHMS))}"
            )
    if hmac_secret_name is not None and not set(algorithms) & set(HMAC_KEY_BYTES):
        raise ConfigError(
            f"JWT_HMAC_SECRET_NAME is set but JWT_ALGORITHMS accepts no HMAC algorithm ({', '.join(HMAC_KEY_BYTES)}): "
            "the secret would never be used; add one, e.g. JWT_ALGORITHMS=RS256,HS256"
        )
    return algorithms


def _parse_token_uses(value: str) -> frozenset[str]:
    uses = frozenset(_csv(value)) or DEFAULT_TOKEN_USES
    unknown = uses - DEFAULT_TOKEN_USES
    if unknown:
        raise ConfigError(f"ALLOWED_TOKEN_USES accepts 'id' and 'access'; found {', '.join(sorted(unknown))}")
    return uses


def _parse_int(environ: Mapping[str, str], variable: str, default: int, low: int, high: int) -> int:
    value = environ.get(variable, "")
    if not value.strip():
        return default
    try:
        number = int(value)
    except ValueError:
        raise ConfigError(f"{variable} must be a whole number of seconds; found {value!r}") from None
    if not low <= number <= high:
        raise ConfigError(f"{variable} must be between {low} and {high}; found {number}")
    return number


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
