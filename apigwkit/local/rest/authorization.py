"""A REST method's authorization: AWS_IAM (SigV4), Lambda TOKEN and REQUEST authorizers answering with an IAM policy
(their answers cached per identity for the authorizer's TTL), and Cognito user pools. The mechanics shared with
the other gateways (JWKS, invoking and caching Lambda authorizers) are ``apigwkit.local.authorizers``."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Mapping
from typing import Any

import jwt

from apigwkit.local.authorizers import (
    IssuerMap,
    JwksKeys,
    LambdaAuthorizers,
    bearer_token,
    cognito_claim,
    stringify,
)
from apigwkit.local.execution_log import as_json, mask
from apigwkit.local.iam import SignatureError, policy_verdict, verify_sigv4
from apigwkit.local.integration import lambda_endpoint
from apigwkit.local.rest.errors import POLICY_DENIED_TEMPLATE, GatewayError
from apigwkit.local.rest.integrations.lambda_proxy import proxy_event
from apigwkit.local.rest.request import Incoming, lookup
from apigwkit.local.rest.tree import Method

DEFAULT_AUTHORIZER_TTL_SECONDS = 300
COGNITO_ALGORITHMS = ("RS256",)  # what Cognito user pools sign with


class Authorization:
    """The authorizers of one REST API. ``issuers`` maps a Cognito user pool's issuer URL as ``HttpApi``'s does;
    ``clock`` (monotonic seconds) expires cached Lambda authorizer answers."""

    def __init__(self, runtime: Any, issuers: IssuerMap, clock: Callable[[], float] = time.monotonic) -> None:
        self.issuers = issuers
        self.lambdas = LambdaAuthorizers(runtime, clock)
        self.jwks = JwksKeys()

    async def authorize(self, incoming: Incoming, stage: Mapping[str, Any], method: Method) -> None:
        """Raise the gateway's 401/403/500 unless the method's authorization lets the request through."""
        kind = method.authorization
        if kind == "NONE":
            return
        if kind == "AWS_IAM":
            _verify_signature(incoming)
            return
        release = incoming.release
        authorizer = release.authorizers.get(str(method.values.get("authorizer_id") or "")) if release else None
        if authorizer is None:
            raise GatewayError("AUTHORIZER_CONFIGURATION_ERROR", None, detail="the method's authorizer is not in state")
        if authorizer.get("type") == "COGNITO_USER_POOLS":
            await self._cognito(incoming, method, authorizer)
        else:
            await self._lambda(incoming, stage, authorizer)

    async def _lambda(self, incoming: Incoming, stage: Mapping[str, Any], authorizer: Mapping[str, Any]) -> None:
        kind = str(authorizer.get("type") or "TOKEN")
        log = incoming.execution
        log.info(f"Starting authorizer: {authorizer.get('id')} for request: {incoming.request_id}")
        sources = [s for s in str(authorizer.get("identity_source") or "").split(",") if s.strip()]
        if kind == "TOKEN" and not sources:
            sources = ["method.request.header.Authorization"]
        identity = [_identity_value(s, incoming, stage) for s in sources]
        log.info(f"Incoming identity: {mask(','.join(v or '' for v in identity))}")
        if any(not value for value in identity):
            incoming.log["authorizer.error"] = "identity source missing"
            log.error(f"Unauthorized request: {incoming.request_id} (no value for {', '.join(sources)})")
            raise GatewayError("UNAUTHORIZED", "Unauthorized")
        expression = authorizer.get("identity_validation_expression")
        if kind == "TOKEN" and expression and re.fullmatch(str(expression), identity[0] or "") is None:
            incoming.log["authorizer.error"] = "token does not match identity_validation_expression"
            log.error(f"Unauthorized request: {incoming.request_id} (the token does not match {expression})")
            raise GatewayError("UNAUTHORIZED", "Unauthorized")
        ttl = authorizer.get("authorizer_result_ttl_in_seconds")
        ttl = (DEFAULT_AUTHORIZER_TTL_SECONDS if ttl is None else ttl) if sources else None
        result = self.lambdas.cached(authorizer["id"], identity, ttl)
        if result is None:
            if kind == "TOKEN":
                event = {"type": "TOKEN", "authorizationToken": identity[0], "methodArn": incoming.method_arn}
            else:
                event = proxy_event(incoming, stage)
                for key in ("body", "isBase64Encoded"):
                    event.pop(key)
                event = {"type": "REQUEST", "methodArn": incoming.method_arn, **event}
            endpoint = lambda_endpoint(str(authorizer.get("authorizer_uri")), incoming.api.region)
            log.info(f"Endpoint request URI: {endpoint}")
            log.data(f"Endpoint request body after transformations: {as_json(event)}")
            log.info(f"Sending request to {endpoint}")
            try:
                invocation, incoming.log["authorizer.latency"] = await self.lambdas.invoke(
                    str(authorizer.get("authorizer_uri")), event
                )
            except KeyError as error:  # the runtime knows no such function
                raise GatewayError("AUTHORIZER_CONFIGURATION_ERROR", None, detail=str(error)) from error
            error_message = (invocation.error or {}).get("errorMessage") if invocation.status == "error" else None
            if error_message == "Unauthorized":  # the documented way for an authorizer to answer 401
                incoming.log["authorizer.error"] = "Unauthorized"
                log.error(f"Unauthorized request: {incoming.request_id}")
                raise GatewayError("UNAUTHORIZED", "Unauthorized")
            result = invocation.payload
            log.data(
                f"Authorizer result body before parsing: {as_json(result if result is not None else invocation.error)}"
            )
            if invocation.status != "ok" or not isinstance(result, dict) or "policyDocument" not in result:
                incoming.log["authorizer.error"] = error_message or f"authorizer {invocation.status}: invalid answer"
                log.error(
                    f"Execution failed due to configuration error: Authorizer error: {incoming.log['authorizer.error']}"
                )
                raise GatewayError(
                    "AUTHORIZER_CONFIGURATION_ERROR", None, detail=incoming.log["authorizer.error"], logged=True
                )
            self.lambdas.remember(authorizer["id"], identity, ttl, result)
        else:
            log.info("Using cached authorizer result")  # wording: local
        incoming.log["authorizer.principalId"] = result.get("principalId")
        log.info(f"Using valid authorizer policy for principal: {mask(str(result.get('principalId') or ''))}")
        log.info("Successfully completed authorizer execution")
        verdict = policy_verdict(result, incoming.method_arn)
        if verdict != "Allow":
            message = "User is not authorized to access this resource"
            if verdict == "Deny":
                message += " with an explicit deny"
            incoming.log["authorizer.error"] = message
            log.error(f"The client is not authorized to perform this operation. ({message}: {incoming.method_arn})")
            raise GatewayError("ACCESS_DENIED", message, template=POLICY_DENIED_TEMPLATE)
        context = {k: stringify(v) for k, v in (result.get("context") or {}).items()}
        incoming.authorized(
            {
                **context,
                "principalId": result.get("principalId"),
                "integrationLatency": incoming.log.get("authorizer.latency", 0),
            }
        )
        if result.get("usageIdentifierKey"):
            incoming.usage_identifier_key = str(result["usageIdentifierKey"])

    async def _cognito(self, incoming: Incoming, method: Method, authorizer: Mapping[str, Any]) -> None:
        source = str(authorizer.get("identity_source") or "method.request.header.Authorization").split(",")[0]
        token = incoming.request_parameter(source.strip())
        if not token:
            incoming.log["authorizer.error"] = "no token in " + source
            raise GatewayError("UNAUTHORIZED", "Unauthorized")
        token = bearer_token(token)
        pools = [str(arn) for arn in authorizer.get("provider_arns") or []]
        try:
            claims = None
            for arn in pools:  # arn:aws:cognito-idp:REGION:ACCOUNT:userpool/POOL_ID
                region, pool_id = arn.split(":")[3], arn.rpartition("/")[2]
                expected, jwks_url = self.issuers(f"https://cognito-idp.{region}.amazonaws.com/{pool_id}")
                if jwt.decode(token, options={"verify_signature": False}).get("iss") != expected:
                    continue
                claims = await self.jwks.decode(token, jwks_url, expected, COGNITO_ALGORITHMS)
                break
            if claims is None:
                raise jwt.InvalidIssuerError("the token was not issued by the authorizer's user pools")
        except jwt.PyJWTError as error:
            incoming.log["authorizer.error"] = f"invalid token: {error}"
            incoming.execution.error(f"Unauthorized request: {incoming.request_id} (invalid token: {error})")
            raise GatewayError("UNAUTHORIZED", "Unauthorized") from error
        required = list(method.values.get("authorization_scopes") or [])
        scopes = str(claims.get("scope") or "").split()
        if required and not set(required) & set(scopes):
            incoming.log["authorizer.error"] = "token lacks the method's scopes"
            raise GatewayError("UNAUTHORIZED", "Unauthorized")
        incoming.log["authorizer.principalId"] = claims.get("sub")
        incoming.authorized({"claims": {k: cognito_claim(k, v) for k, v in claims.items()}})


def _verify_signature(incoming: Incoming) -> None:
    """AWS_IAM: the request's SigV4 signature, made with the local credentials."""
    try:
        access_key = verify_sigv4(
            incoming.method,
            incoming.header("host") or incoming.api.domain,
            incoming.raw_path,
            incoming.raw_query,
            incoming.headers,
            incoming.body,
        )
    except SignatureError as error:
        incoming.execution.error(str(error))
        missing = str(error) == "Missing Authentication Token"
        raise GatewayError("MISSING_AUTHENTICATION_TOKEN" if missing else "INVALID_SIGNATURE", str(error)) from None
    incoming.signed_by(access_key)
    incoming.log["authorizer.principalId"] = incoming.api.account


def _identity_value(source: str, incoming: Incoming, stage: Mapping[str, Any]) -> str | None:
    source = source.strip()
    if source.startswith("method.request."):
        return incoming.request_parameter(source)
    if source.startswith("stageVariables."):
        return (stage.get("variables") or {}).get(source.removeprefix("stageVariables."))
    if source.startswith("context."):
        return lookup(incoming.context, source.removeprefix("context."))
    return None
