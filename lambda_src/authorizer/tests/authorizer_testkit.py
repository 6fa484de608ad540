"""Helpers for the authorizer tests: API Gateway events, a local JWKS server, a token signer and token forgeries."""

from __future__ import annotations

import base64
import copy
import hashlib
import hmac
import json
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
from aws_lambda_powertools.utilities.parameters import BaseProvider
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

ISSUER = "https://cognito-idp.ap-northeast-2.amazonaws.com/ap-northeast-2_TestPool1"
AUDIENCE = "4tstclient1example0000000a"
OTHER_AUDIENCE = "9otherclient0example00000z"
ROUTE_ARN = "arn:aws:execute-api:ap-northeast-2:123456789012:a1b2c3d4e5/$default/GET/orders"
METHOD_ARN = "arn:aws:execute-api:ap-northeast-2:123456789012:x9y8z7w6v5/prod/GET/orders/42"
JWKS_PATH = "/.well-known/jwks.json"
# The names modules/lambda_function gives a function "authorizer"'s parameters = { jwt_issuer, jwt_audience } and
# secrets = { jwt_hmac }, as its environment carries them.
ISSUER_PARAMETER = "/authorizer/jwt_issuer"
AUDIENCE_PARAMETER = "/authorizer/jwt_audience"
HMAC_SECRET = "authorizer/jwt_hmac"
PARAMETER_ENVIRONMENT = {
    "JWT_ISSUER_PARAMETER_NAME": ISSUER_PARAMETER,
    "JWT_AUDIENCE_PARAMETER_NAME": AUDIENCE_PARAMETER,
}


class StaticProvider(BaseProvider):
    """Values by name behind Powertools' own cache (``BaseProvider``): Parameter Store or Secrets Manager for the
    tests that are not about them (``test_authorizer_parameters.py`` reads the real ones from moto). A name without
    a value fails the read, as a missing parameter does."""

    def __init__(self, values: dict[str, str | bytes]) -> None:
        super().__init__()
        self.values = values

    def _get(self, name: str, **sdk_options: Any) -> str | bytes:
        return self.values[name]

    def _get_multiple(self, path: str, **sdk_options: Any) -> dict[str, str]:
        raise NotImplementedError


# --- the JWKS endpoint ------------------------------------------------------------------------------------------------


class JwksServer:
    """A real HTTP server on 127.0.0.1 serving a key set at /.well-known/jwks.json and counting the fetches."""

    def __init__(self) -> None:
        self.keys: list[dict[str, Any]] = []
        self.status = 200
        self.raw: bytes | None = None  # served instead of {"keys": keys} when set
        self.pause = 0.0  # seconds between body bytes: a server dribbling its answer
        self.declare_length = True  # False: no Content-Length, the body ends when the connection closes
        self._fetches = 0
        self._lock = threading.Lock()
        self._stopped = threading.Event()  # ends a dribbling answer at once when the server stops
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}{JWKS_PATH}"

    @property
    def fetches(self) -> int:
        with self._lock:
            return self._fetches

    def reset(self, keys: list[dict[str, Any]]) -> None:
        with self._lock:
            self.keys = list(keys)
            self.status = 200
            self.raw, self.pause, self.declare_length = None, 0.0, True
            self._fetches = 0

    def start(self) -> JwksServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopped.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                if self.path != JWKS_PATH:
                    self.send_error(404)
                    return
                with server._lock:
                    server._fetches += 1
                    status, pause = server.status, server.pause
                    body = server.raw if server.raw is not None else json.dumps({"keys": server.keys}).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                if server.declare_length:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if not pause:
                    self.wfile.write(body)
                    return
                for index in range(len(body)):
                    self.wfile.write(body[index : index + 1])
                    self.wfile.flush()
                    if server._stopped.wait(pause):  # the server's pace, not the test's: the client must not wait
                        return

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

        return Handler


# --- signing ----------------------------------------------------------------------------------------------------------


class RsaSigner:
    """An RSA key pair with a `kid`, signing RS256 tokens the way an identity provider does."""

    def __init__(self, kid: str) -> None:
        self.kid = kid
        self.private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)

    def public_jwk(self) -> dict[str, Any]:
        jwk = jwt.algorithms.RSAAlgorithm.to_jwk(self.private_key.public_key(), as_dict=True)
        return {**jwk, "kid": self.kid, "alg": "RS256", "use": "sig"}

    def public_pem(self) -> bytes:
        return self.private_key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )

    def sign(self, claims: dict[str, Any], kid: str | None = None) -> str:
        return jwt.encode(claims, self.private_key, algorithm="RS256", headers={"kid": kid or self.kid})


def access_claims(**overrides: Any) -> dict[str, Any]:
    """Claims of a Cognito-style access token: `client_id`, no `aud`."""
    now = int(time.time())
    claims: dict[str, Any] = {
        "sub": "7d8ca528-4931-4254-9273-ea5ee853f271",
        "iss": ISSUER,
        "client_id": AUDIENCE,
        "origin_jti": str(uuid.uuid4()),
        "token_use": "access",
        "scope": "orders/read orders/write",
        "auth_time": now,
        "iat": now,
        "exp": now + 3600,
        "jti": str(uuid.uuid4()),
        "username": "kim",
        "cognito:groups": ["admins", "readers"],
    }
    claims.update(overrides)
    return {key: value for key, value in claims.items() if value is not None}


def id_claims(**overrides: Any) -> dict[str, Any]:
    """Claims of a Cognito-style ID token: `aud` is the app client id."""
    now = int(time.time())
    claims: dict[str, Any] = {
        "sub": "7d8ca528-4931-4254-9273-ea5ee853f271",
        "iss": ISSUER,
        "aud": AUDIENCE,
        "token_use": "id",
        "auth_time": now,
        "iat": now,
        "exp": now + 3600,
        "cognito:username": "kim",
        "email": "kim@example.com",
        "email_verified": True,
    }
    claims.update(overrides)
    return {key: value for key, value in claims.items() if value is not None}


# --- forgeries --------------------------------------------------------------------------------------------------------


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64url_json(value: dict[str, Any]) -> str:
    return b64url(json.dumps(value, separators=(",", ":")).encode())


def unsigned_token(claims: dict[str, Any]) -> str:
    """`alg: none`: no signature at all."""
    return f"{b64url_json({'alg': 'none', 'typ': 'JWT'})}.{b64url_json(claims)}."


def hmac_with_public_key(claims: dict[str, Any], kid: str, public_pem: bytes) -> str:
    """The RS/HS confusion attack: HS256 keyed with the verifier's *public* key, which anyone can download."""
    signing_input = f"{b64url_json({'alg': 'HS256', 'typ': 'JWT', 'kid': kid})}.{b64url_json(claims)}"
    signature = hmac.new(public_pem, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{b64url(signature)}"


def with_payload(token: str, claims: dict[str, Any]) -> str:
    """The same header and signature over a different payload (e.g. a raised privilege)."""
    header, _payload, signature = token.split(".")
    return f"{header}.{b64url_json(claims)}.{signature}"


# --- API Gateway authorizer events ------------------------------------------------------------------------------------

_HTTP_API_V2_EVENT: dict[str, Any] = {
    "version": "2.0",
    "type": "REQUEST",
    "routeArn": ROUTE_ARN,
    "identitySource": [],
    "routeKey": "GET /orders",
    "rawPath": "/orders",
    "rawQueryString": "",
    "cookies": [],
    "headers": {
        "accept": "application/json",
        "host": "a1b2c3d4e5.execute-api.ap-northeast-2.amazonaws.com",
        "user-agent": "curl/8.5.0",
        "x-amzn-trace-id": "Root=1-6743a1b2-3c4d5e6f7a8b9c0d1e2f3a4b",
        "x-forwarded-for": "203.0.113.10",
        "x-forwarded-port": "443",
        "x-forwarded-proto": "https",
    },
    "queryStringParameters": {},
    "requestContext": {
        "accountId": "123456789012",
        "apiId": "a1b2c3d4e5",
        "domainName": "a1b2c3d4e5.execute-api.ap-northeast-2.amazonaws.com",
        "domainPrefix": "a1b2c3d4e5",
        "http": {
            "method": "GET",
            "path": "/orders",
            "protocol": "HTTP/1.1",
            "sourceIp": "203.0.113.10",
            "userAgent": "curl/8.5.0",
        },
        "requestId": "Bq1WzjTwoE0EMhA=",
        "routeKey": "GET /orders",
        "stage": "$default",
        "time": "24/Nov/2026:10:15:30 +0000",
        "timeEpoch": 1795514130000,
    },
    "pathParameters": {},
    "stageVariables": {},
}

_REST_REQUEST_EVENT: dict[str, Any] = {
    "type": "REQUEST",
    "methodArn": METHOD_ARN,
    "resource": "/orders/{id}",
    "path": "/orders/42",
    "httpMethod": "GET",
    "headers": {
        "Accept": "application/json",
        "Host": "x9y8z7w6v5.execute-api.ap-northeast-2.amazonaws.com",
        "User-Agent": "curl/8.5.0",
        "X-Amzn-Trace-Id": "Root=1-6743a1b2-5e6f7a8b9c0d1e2f3a4b5c6d",
        "X-Forwarded-For": "203.0.113.10",
        "X-Forwarded-Port": "443",
        "X-Forwarded-Proto": "https",
    },
    "multiValueHeaders": {"Accept": ["application/json"]},
    "queryStringParameters": {},
    "multiValueQueryStringParameters": {},
    "pathParameters": {"id": "42"},
    "stageVariables": {},
    "requestContext": {
        "accountId": "123456789012",
        "apiId": "x9y8z7w6v5",
        "domainName": "x9y8z7w6v5.execute-api.ap-northeast-2.amazonaws.com",
        "extendedRequestId": "Bq2AbFgHoE0Fq8Q=",
        "httpMethod": "GET",
        "identity": {"sourceIp": "203.0.113.10", "userAgent": "curl/8.5.0"},
        "path": "/prod/orders/42",
        "protocol": "HTTP/1.1",
        "requestId": "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
        "resourceId": "abc123",
        "resourcePath": "/orders/{id}",
        "stage": "prod",
    },
}


def http_api_v2_event(authorization: str | None) -> dict[str, Any]:
    """HTTP API payload 2.0 REQUEST authorizer event; header names arrive lower-cased."""
    event = copy.deepcopy(_HTTP_API_V2_EVENT)
    if authorization is not None:
        event["headers"]["authorization"] = authorization
        event["identitySource"] = [authorization]
    return event


def rest_request_event(authorization: str | None, header_name: str = "Authorization") -> dict[str, Any]:
    """REST API REQUEST authorizer event; header names keep the client's case."""
    event = copy.deepcopy(_REST_REQUEST_EVENT)
    if authorization is not None:
        event["headers"][header_name] = authorization
        event["multiValueHeaders"][header_name] = [authorization]
    return event


def http_api_v1_event(authorization: str | None) -> dict[str, Any]:
    """HTTP API payload 1.0 REQUEST authorizer event: the REST shape plus version 1.0 and an identitySource string."""
    event = rest_request_event(authorization)
    event["version"] = "1.0"
    event["methodArn"] = ROUTE_ARN
    event["identitySource"] = authorization or ""
    return event


def rest_token_event(authorization: str) -> dict[str, Any]:
    """REST API TOKEN authorizer event: only the identity source's value and the method ARN."""
    return {"type": "TOKEN", "authorizationToken": authorization, "methodArn": METHOD_ARN}
