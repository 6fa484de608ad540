"""Lambda authorizer for HTTP APIs (payload 2.0 and 1.0) and REST APIs (REQUEST and TOKEN) that verifies a bearer JWT.

The token must be signed by a key of the issuer's JWKS, be current, come from the configured issuer and be meant for
one of the configured audiences: the checks API Gateway's built-in JWT authorizer makes, for the places where that
authorizer is not available (REST APIs, HTTP API IAM-policy responses, or when extra checks are wanted).

Cold start: PyJWT with cryptography (the signatures) and boto3 (Parameter Store and Secrets Manager, through
Powertools' parameters utility, which earns its cost: authorizer_parameters.py) are what the function needs; nothing
else is imported. Powertools' Logger and event classes are not used: the events are read as the dicts they are, and
the standard library's logger is written as JSON lines with the extra fields by Lambda's runtime (the function's
JSON log format). `make bench`: at most 1.3x the import of boto3, PyJWT and cryptography together.
"""

from __future__ import annotations

import enum
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from authorizer_config import AuthorizerConfig, ConfigError, ResponseMode
from authorizer_parameters import ConfigUnavailableError, ParameterStore
from authorizer_token import (
    Caller,
    KeySetUnavailableError,
    TokenRejectedError,
    bare_token,
    bearer_token,
    jwks_client_for,
    verify_token,
)
from lambda_log import FunctionLog

# every record of an invocation carries its correlation_id, event_kind and resource_arn
log = FunctionLog("authorizer")
logger = log.logger
# The container's parameters and secrets, each value cached for the configuration's max age.
PARAMETERS = ParameterStore()

# principalId of a denial: there is no verified identity to name.
ANONYMOUS_PRINCIPAL = "anonymous"


class EventKind(enum.StrEnum):
    HTTP_API_V2 = "http-api-2.0"  # HTTP API, payload format 2.0: routeArn, lower-case headers
    REQUEST_V1 = "request-1.0"  # REST API REQUEST authorizer, or HTTP API payload format 1.0: methodArn, headers
    TOKEN = "token"  # REST API TOKEN authorizer: methodArn, authorizationToken


@dataclass(frozen=True)
class AuthorizationRequest:
    kind: EventKind
    resource_arn: str  # the routeArn or methodArn being called: the Resource of an IAM policy answer
    # Every Authorization value the event carries (any header-name case, every multi-value entry): more than one
    # distinct value is refused, never resolved by which one a dict happened to keep.
    authorizations: tuple[object, ...] = ()
    query: Mapping[str, object] = field(default_factory=dict)  # WebSocket $connect carries tokens here


@dataclass(frozen=True)
class Decision:
    caller: Caller | None  # None: denied
    reason: str  # for the logs only

    @property
    def allowed(self) -> bool:
        return self.caller is not None


class InvalidEventError(ValueError):
    """Not an event API Gateway sends to an authorizer: the function is wired to something else (answered 500)."""


# --- event parsing ----------------------------------------------------------------------------------------------------


def parse_event(event: object) -> AuthorizationRequest:
    """The request from an authorizer event; values a client controls are kept as found and checked in decide()."""
    if isinstance(event, dict):
        if event.get("version") == "2.0" and isinstance(event.get("routeArn"), str):
            return AuthorizationRequest(EventKind.HTTP_API_V2, event["routeArn"], _authorizations(event))
        if event.get("type") == "TOKEN" and isinstance(event.get("methodArn"), str):
            return AuthorizationRequest(EventKind.TOKEN, event["methodArn"], (event.get("authorizationToken"),))
        if isinstance(event.get("methodArn"), str):
            query = event.get("queryStringParameters")
            return AuthorizationRequest(
                EventKind.REQUEST_V1,
                event["methodArn"],
                _authorizations(event),
                query if isinstance(query, dict) else {},
            )
    found = sorted(str(key)[:64] for key in event) if isinstance(event, dict) else type(event).__name__
    raise InvalidEventError(
        "not an API Gateway authorizer event: expected a payload 2.0 event with routeArn, or a REQUEST/TOKEN event "
        f"with methodArn; found {found}"
    )


def _authorizations(event: dict[str, Any]) -> tuple[object, ...]:
    """Authorization values of `headers` and `multiValueHeaders`, whatever the case of the header name.

    Header names are lower-case in payload 2.0 events and keep the client's case in REST and 1.0 events, where a
    client sending both `Authorization` and `authorization` produces two keys.
    """
    values: list[object] = []
    headers = event.get("headers")
    if isinstance(headers, dict):
        values += [
            value for name, value in headers.items() if isinstance(name, str) and name.lower() == "authorization"
        ]
    multi = event.get("multiValueHeaders")
    if isinstance(multi, dict):
        for name, listed in multi.items():
            if isinstance(name, str) and name.lower() == "authorization":
                values += listed if isinstance(listed, list) else [listed]
    unique: list[object] = []
    for value in values:
        if value not in unique:
            unique.append(value)
    return tuple(unique)


# --- decision ---------------------------------------------------------------------------------------------------------


def decide(request: AuthorizationRequest, config: AuthorizerConfig) -> Decision:
    """Allow exactly when the request carries one valid token. KeySetUnavailableError propagates."""
    try:
        caller = verify_token(
            _token_of(request, config), config, jwks_client_for(config.jwks_url), lambda: hmac_key(config)
        )
    except TokenRejectedError as err:
        return Decision(caller=None, reason=str(err))
    return Decision(caller=caller, reason="valid token")


def hmac_key(config: AuthorizerConfig) -> bytes:
    """The shared secret that verifies HS* tokens, read (and cached) only when such a token arrives."""
    if config.hmac_secret_name is None:
        raise KeySetUnavailableError("no JWT_HMAC_SECRET_NAME: HMAC-signed tokens cannot be verified")
    try:
        return PARAMETERS.secret(config.hmac_secret_name, config.max_age_seconds)
    except ConfigUnavailableError as err:
        raise KeySetUnavailableError(str(err)) from None


def _token_of(request: AuthorizationRequest, config: AuthorizerConfig) -> str:
    if len(request.authorizations) > 1:
        raise TokenRejectedError(f"{len(request.authorizations)} different Authorization values")
    if request.authorizations and request.authorizations[0] not in (None, ""):
        return bearer_token(request.authorizations[0])
    # A browser's WebSocket cannot set headers: with TOKEN_QUERY_PARAMETER the bare JWT may come in the query,
    # checked like a header's (length, shape).
    if config.token_query_parameter and request.query.get(config.token_query_parameter) is not None:
        return bare_token(request.query.get(config.token_query_parameter))
    raise TokenRejectedError("no Authorization header")


# --- responses --------------------------------------------------------------------------------------------------------


def response_mode_for(kind: EventKind, configured: ResponseMode) -> ResponseMode:
    """Simple responses exist only for HTTP API payload 2.0; everything else answers with an IAM policy."""
    if kind is not EventKind.HTTP_API_V2:
        if configured is ResponseMode.SIMPLE:
            logger.warning("RESPONSE_MODE=simple ignored: only HTTP API payload 2.0 accepts simple responses")
        return ResponseMode.IAM
    return ResponseMode.SIMPLE if configured is ResponseMode.AUTO else configured


def simple_response(decision: Decision) -> dict[str, Any]:
    """HTTP API's simple response: ``isAuthorized``, and the context for an allowed caller."""
    if decision.caller is None:
        return {"isAuthorized": False}
    return {"isAuthorized": True, "context": decision.caller.as_context()}


def iam_policy_response(decision: Decision, resource_arn: str) -> dict[str, Any]:
    """One statement for exactly the ARN that was called.

    (Powertools' APIGatewayAuthorizerResponse rebuilds ARNs from parts and rejects some valid resource paths, e.g.
    the root resource; the policy here is the ARN API Gateway sent, unchanged.)
    """
    response: dict[str, Any] = {
        "principalId": decision.caller.sub if decision.caller else ANONYMOUS_PRINCIPAL,
        "policyDocument": {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Action": "execute-api:Invoke",
                    "Effect": "Allow" if decision.allowed else "Deny",
                    "Resource": resource_arn,
                }
            ],
        },
    }
    if decision.caller:
        response["context"] = decision.caller.as_context()
    return response


# --- handler ----------------------------------------------------------------------------------------------------------


def lambda_handler(event: dict[str, Any], context: object) -> dict[str, Any]:
    log.start(event)
    try:
        config = AuthorizerConfig.from_env(os.environ, PARAMETERS.parameter)
    except ConfigError:
        logger.exception("authorizer misconfigured")
        raise
    except ConfigUnavailableError:
        logger.exception("authorizer configuration unavailable")
        raise
    request = parse_event(event)  # InvalidEventError: raised, as for a misconfiguration
    log.fields.update(event_kind=request.kind.value, resource_arn=request.resource_arn[:256])
    try:
        decision = decide(request, config)
    except KeySetUnavailableError:
        # Raising (API Gateway answers 500) rather than denying: a denial may be cached for the token's TTL.
        logger.exception("cannot verify tokens: signing keys unavailable")
        raise

    if decision.caller:
        logger.info("allowed", extra={"sub": decision.caller.sub, "token_use": decision.caller.token_use})
    else:
        logger.info("denied", extra={"reason": decision.reason})

    if response_mode_for(request.kind, config.response_mode) is ResponseMode.SIMPLE:
        return simple_response(decision)
    return iam_policy_response(decision, request.resource_arn)
