"""The AWS services the Lambdas call, served by moto on 127.0.0.1, created from an applied state.

``LocalAws`` runs moto's server in a thread on a free port and creates in it what a deployment's functions use:
DynamoDB tables, S3 buckets (with their CORS rules), Cognito user pools, resource servers and app clients, SSM
parameters and Secrets Manager secrets (a secret the state holds no value for gets a random one: modules create
secrets without a value, which is put outside Terraform; ``generated_secrets`` has them).
``environment()`` is what every Lambda worker gets so that each boto3 client it makes goes to moto
(``AWS_ENDPOINT_URL``, honoured by every client since boto3 1.28) with fake credentials: nothing leaves the machine.

Cognito: moto chooses its own user pool and client ids, so a token moto issues names moto's pool in ``iss`` and moto's
client in ``aud``/``client_id``. The mapping from the ids in the state (what the API's JWT authorizer and the
functions' environments name) to moto's is kept here: ``issuer_for`` (issuer and JWKS URL, for the gateway's JWT
authorizers), ``localise`` (rewrites ids and issuer URLs inside any string, e.g. the authorizer's issuer parameter) and
``issue_token`` (a user and its tokens, for tests and the README's curl examples).
"""

from __future__ import annotations

import base64
import dataclasses
import functools
import json
import logging
import os
import re
import secrets
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import boto3
import requests
from botocore.config import Config
from botocore.exceptions import ClientError
from moto.server import ThreadedMotoServer

from apigwkit.local.iam import LOCAL_ACCESS_KEY, LOCAL_CREDENTIALS
from apigwkit.local.s3_post_policy import PostPolicyMiddleware

DEFAULT_REGION = "ap-northeast-2"
# moto's default account, which is also the provider double's: ARNs in the state and in moto agree.
ACCOUNT_ID = "123456789012"
FAKE_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": LOCAL_ACCESS_KEY,
    "AWS_SECRET_ACCESS_KEY": LOCAL_CREDENTIALS[LOCAL_ACCESS_KEY],
    "AWS_SESSION_TOKEN": "testing",
}
# The order materialize() creates things in: what a resource refers to comes first.
_ORDER = (
    "aws_dynamodb_table",
    "aws_s3_bucket",
    "aws_s3_bucket_cors_configuration",
    "aws_cognito_user_pool",
    "aws_cognito_resource_server",
    "aws_cognito_user_pool_client",
    # after the pools and clients: a parameter's value naming them is localised
    "aws_ssm_parameter",
    "aws_secretsmanager_secret",
    "aws_secretsmanager_secret_version",
)


_RUNNING: set[LocalAws] = set()
_RUNNING_LOCK = threading.Lock()

# DynamoDB applies a write to an item atomically, condition included (the idempotency records rely on it:
# `attribute_not_exists(id)` lets exactly one of many concurrent requests through). moto 5.2.5 checks a condition
# and then writes, unlocked (moto/dynamodb/models/table.py, Table.put_item), so two threads can both pass it.
_ITEM_WRITES = ("put_item", "update_item", "delete_item", "batch_write_item", "transact_write_items")
_ITEM_WRITE_LOCK = threading.RLock()


def atomic_dynamodb_item_writes() -> None:
    """Serialise moto's DynamoDB item writes in this process (idempotent), so concurrent clients of moto, in-process
    or through its server, see DynamoDB's atomic conditional writes."""
    from moto.dynamodb.models import DynamoDBBackend

    for name in _ITEM_WRITES:
        write = getattr(DynamoDBBackend, name)
        if getattr(write, "atomic", False):
            continue

        def locked(self, *args, _write=write, **kwargs):
            with _ITEM_WRITE_LOCK:
                return _write(self, *args, **kwargs)

        locked.atomic = True  # type: ignore[attr-defined]
        setattr(DynamoDBBackend, name, functools.wraps(write)(locked))


def issuer_url(region: str, pool_id: str) -> str:
    return f"https://cognito-idp.{region}.amazonaws.com/{pool_id}"


@dataclass
class CognitoPool:
    """One user pool of the state and its counterpart in moto."""

    state_id: str
    moto_id: str
    region: str
    name: str
    jwks_url: str
    clients: dict[str, str] = field(default_factory=dict)  # state client id -> moto client id
    client_scopes: dict[str, frozenset[str]] = field(default_factory=dict)  # state client id -> allowed scopes
    username_attributes: tuple[str, ...] = ()

    @property
    def state_issuer(self) -> str:
        return issuer_url(self.region, self.state_id)

    @property
    def issuer(self) -> str:
        """What moto writes in ``iss``."""
        return issuer_url(self.region, self.moto_id)


@dataclass(frozen=True)
class Tokens:
    access_token: str
    id_token: str
    refresh_token: str
    expires_in: int


class LocalAws:
    """moto in server mode on 127.0.0.1; ``with LocalAws() as aws:`` or ``start()``/``stop()``.

    moto's state lives in process-wide backends: two LocalAws running in one process see the same tables, buckets
    and pools (each on its own port).
    """

    def __init__(
        self,
        region: str = DEFAULT_REGION,
        host: str = "127.0.0.1",
        port: int = 0,
        secrets: Callable[[], Mapping[str, str]] = lambda: LOCAL_CREDENTIALS,
    ) -> None:
        self.region = region
        self.secrets = secrets  # access key -> secret key of every local identity (presigned POST signatures)
        self._host, self._port = host, port
        self._server: ThreadedMotoServer | None = None
        self.endpoint = ""
        self.pools: dict[str, CognitoPool] = {}  # by the state's pool id
        self.generated_secrets: dict[str, str] = {}  # secret name -> the random value given to it
        self._secret_names: dict[str, str] = {}  # the state's secret ARN -> name (moto's ARNs differ)
        self._clients: dict[tuple[str, str], Any] = {}

    # -- lifecycle

    def start(self) -> LocalAws:
        if self._server is not None:
            return self
        # werkzeug logs every request moto serves; the gateway prints its own access log.
        logging.getLogger("werkzeug").setLevel(logging.WARNING)
        atomic_dynamodb_item_writes()
        server = ThreadedMotoServer(ip_address=self._host, port=self._port, verbose=False)
        server.start()
        # moto does not enforce presigned POST policies: S3's checks run in front of it (s3_post_policy.py). werkzeug's
        # server reads its ``app`` per request, and nothing has been sent to this one yet.
        app = PostPolicyMiddleware(server._server.app, self.secrets)  # type: ignore[union-attr]
        server._server.app = TokenRoute(app, self)  # type: ignore[union-attr]
        host, port = server.get_host_and_port()
        self._server, self.endpoint = server, f"http://{host}:{port}"
        with _RUNNING_LOCK:
            _RUNNING.add(self)
        return self

    def stop(self) -> None:
        if self._server is None:
            return
        with _RUNNING_LOCK:
            _RUNNING.discard(self)
            last = not _RUNNING
        try:
            # moto keeps its state in process-wide backends, which every LocalAws of this process shares: the last
            # one to stop empties them, so the next start is clean.
            if last:
                requests.post(f"{self.endpoint}/moto-api/reset", timeout=5)
        finally:
            self._server.stop()
            self._server = None
            self.pools.clear()
            self.generated_secrets.clear()
            self._secret_names.clear()
            self._clients.clear()

    def __enter__(self) -> LocalAws:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- clients

    def environment(self) -> dict[str, str]:
        """Environment variables for the Lambda workers: every boto3 client goes to moto with fake credentials."""
        self._require_started()
        return {
            "AWS_ENDPOINT_URL": self.endpoint,
            **FAKE_CREDENTIALS,
            "AWS_DEFAULT_REGION": self.region,
            # No profile, config or credentials file of the developer's may redirect or authenticate anything.
            "AWS_CONFIG_FILE": os.devnull,
            "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
            "AWS_EC2_METADATA_DISABLED": "true",
        }

    def client(self, service: str, region: str | None = None) -> Any:
        """A boto3 client for ``service`` on moto (one per service and region, reused)."""
        self._require_started()
        key = (service, region or self.region)
        if key not in self._clients:
            self._clients[key] = self._new_client(*key)
        return self._clients[key]

    def _new_client(self, service: str, region: str) -> Any:
        return boto3.session.Session(
            aws_access_key_id=FAKE_CREDENTIALS["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=FAKE_CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
            aws_session_token=FAKE_CREDENTIALS["AWS_SESSION_TOKEN"],
            region_name=region,
        ).client(service, endpoint_url=self.endpoint, config=Config(retries={"max_attempts": 1}))

    def _require_started(self) -> None:
        if self._server is None:
            raise RuntimeError("LocalAws is not started: call start() or use it as a context manager")

    # -- resources from the state

    def materialize(self, resources: Iterable[tuple[str, Mapping[str, Any]]]) -> None:
        """Create in moto the tables, buckets and Cognito pools/clients of ``(type, values)`` pairs of a state.

        Other resource types are ignored. Creating what already exists (same name) is a no-op.
        """
        self._require_started()
        ordered = sorted(
            ((kind, values) for kind, values in resources if kind in _ORDER), key=lambda item: _ORDER.index(item[0])
        )
        for kind, values in ordered:
            getattr(self, f"_create_{kind.removeprefix('aws_')}")(values)

    def _region(self, values: Mapping[str, Any]) -> str:
        return str(values.get("region") or self.region)

    def _create_dynamodb_table(self, values: Mapping[str, Any]) -> None:
        client = self.client("dynamodb", self._region(values))
        provisioned = values.get("billing_mode") == "PROVISIONED"
        request: dict[str, Any] = {
            "TableName": values["name"],
            "KeySchema": _key_schema(values.get("hash_key"), values.get("range_key")),
            "AttributeDefinitions": [
                {"AttributeName": a["name"], "AttributeType": a["type"]} for a in values.get("attribute") or []
            ],
            "BillingMode": "PROVISIONED" if provisioned else "PAY_PER_REQUEST",
        }
        if provisioned:
            request["ProvisionedThroughput"] = _throughput(values)
        gsis = [_global_index(index, provisioned) for index in values.get("global_secondary_index") or []]
        if gsis:
            request["GlobalSecondaryIndexes"] = gsis
        lsis = [
            {
                "IndexName": index["name"],
                "KeySchema": _key_schema(values.get("hash_key"), index["range_key"]),
                "Projection": _projection(index),
            }
            for index in values.get("local_secondary_index") or []
        ]
        if lsis:
            request["LocalSecondaryIndexes"] = lsis
        if values.get("stream_enabled"):
            request["StreamSpecification"] = {"StreamEnabled": True, "StreamViewType": values["stream_view_type"]}
        try:
            client.create_table(**request)
        except client.exceptions.ResourceInUseException:
            return
        ttl = (values.get("ttl") or [{}])[0] or {}
        if ttl.get("enabled") and ttl.get("attribute_name"):
            client.update_time_to_live(
                TableName=values["name"],
                TimeToLiveSpecification={"Enabled": True, "AttributeName": ttl["attribute_name"]},
            )

    def _create_s3_bucket(self, values: Mapping[str, Any]) -> None:
        region = self._region(values)
        client = self.client("s3", region)
        request: dict[str, Any] = {"Bucket": values["bucket"]}
        if region != "us-east-1":
            request["CreateBucketConfiguration"] = {"LocationConstraint": region}
        try:
            client.create_bucket(**request)
        except client.exceptions.BucketAlreadyOwnedByYou:
            pass

    def _create_s3_bucket_cors_configuration(self, values: Mapping[str, Any]) -> None:
        rules = []
        for rule in values.get("cors_rule") or []:
            converted: dict[str, Any] = {
                "AllowedMethods": list(rule["allowed_methods"]),
                "AllowedOrigins": list(rule["allowed_origins"]),
            }
            for key, name in (("allowed_headers", "AllowedHeaders"), ("expose_headers", "ExposeHeaders")):
                if rule.get(key):
                    converted[name] = list(rule[key])
            if rule.get("max_age_seconds"):
                converted["MaxAgeSeconds"] = int(rule["max_age_seconds"])
            if rule.get("id"):
                converted["ID"] = rule["id"]
            rules.append(converted)
        self.client("s3", self._region(values)).put_bucket_cors(
            Bucket=values["bucket"], CORSConfiguration={"CORSRules": rules}
        )

    def _create_cognito_user_pool(self, values: Mapping[str, Any]) -> None:
        state_id = str(values["id"])
        if state_id in self.pools:
            return
        region = self._region(values)
        request: dict[str, Any] = {"PoolName": values["name"]}
        for key, name in (
            ("username_attributes", "UsernameAttributes"),
            ("alias_attributes", "AliasAttributes"),
            ("auto_verified_attributes", "AutoVerifiedAttributes"),
        ):
            if values.get(key):
                request[name] = list(values[key])
        if values.get("mfa_configuration"):
            request["MfaConfiguration"] = values["mfa_configuration"]
        policy = (values.get("password_policy") or [{}])[0] or {}
        if policy:
            request["Policies"] = {
                "PasswordPolicy": {
                    "MinimumLength": int(policy.get("minimum_length") or 8),
                    "RequireUppercase": bool(policy.get("require_uppercase")),
                    "RequireLowercase": bool(policy.get("require_lowercase")),
                    "RequireNumbers": bool(policy.get("require_numbers")),
                    "RequireSymbols": bool(policy.get("require_symbols")),
                }
            }
        schema = [_schema_attribute(a) for a in values.get("schema") or []]
        if schema:
            request["Schema"] = schema
        moto_id = self.client("cognito-idp", region).create_user_pool(**request)["UserPool"]["Id"]
        self.pools[state_id] = CognitoPool(
            state_id=state_id,
            moto_id=moto_id,
            region=region,
            name=str(values["name"]),
            jwks_url=f"{self.endpoint}/{moto_id}/.well-known/jwks.json",
            username_attributes=tuple(values.get("username_attributes") or ()),
        )

    def _create_cognito_resource_server(self, values: Mapping[str, Any]) -> None:
        pool = self._pool(str(values["user_pool_id"]))
        client = self.client("cognito-idp", pool.region)
        scopes = [
            {"ScopeName": s["scope_name"], "ScopeDescription": s.get("scope_description") or s["scope_name"]}
            for s in values.get("scope") or []
        ]
        try:
            client.create_resource_server(
                UserPoolId=pool.moto_id, Identifier=values["identifier"], Name=values["name"], Scopes=scopes
            )
        except ClientError as err:
            if err.response["Error"]["Code"] != "InvalidParameterException":
                raise

    def _create_cognito_user_pool_client(self, values: Mapping[str, Any]) -> None:
        pool = self._pool(str(values["user_pool_id"]))
        state_id = str(values["id"])
        if state_id in pool.clients:
            return
        request: dict[str, Any] = {"UserPoolId": pool.moto_id, "ClientName": values["name"]}
        for key, name in (
            ("explicit_auth_flows", "ExplicitAuthFlows"),
            ("allowed_oauth_flows", "AllowedOAuthFlows"),
            ("allowed_oauth_scopes", "AllowedOAuthScopes"),
            ("callback_urls", "CallbackURLs"),
            ("logout_urls", "LogoutURLs"),
            ("supported_identity_providers", "SupportedIdentityProviders"),
            ("read_attributes", "ReadAttributes"),
            ("write_attributes", "WriteAttributes"),
        ):
            if values.get(key):
                request[name] = list(values[key])
        for key, name in (
            ("generate_secret", "GenerateSecret"),
            ("allowed_oauth_flows_user_pool_client", "AllowedOAuthFlowsUserPoolClient"),
        ):
            if values.get(key) is not None:
                request[name] = bool(values[key])
        if values.get("prevent_user_existence_errors"):
            request["PreventUserExistenceErrors"] = values["prevent_user_existence_errors"]
        created = self.client("cognito-idp", pool.region).create_user_pool_client(**request)
        pool.clients[state_id] = created["UserPoolClient"]["ClientId"]
        pool.client_scopes[state_id] = frozenset(values.get("allowed_oauth_scopes") or ())

    def _create_ssm_parameter(self, values: Mapping[str, Any]) -> None:
        value = values.get("value") or values.get("insecure_value")
        if not value:
            return
        request: dict[str, Any] = {
            "Name": values["name"],
            "Value": self.localise(str(value)),
            "Type": values.get("type") or "String",
            "Overwrite": True,
        }
        if values.get("key_id"):
            request["KeyId"] = values["key_id"]
        self.client("ssm", self._region(values)).put_parameter(**request)

    def _create_secretsmanager_secret(self, values: Mapping[str, Any]) -> None:
        client = self.client("secretsmanager", self._region(values))
        name = str(values["name"])
        self._secret_names[str(values.get("arn") or name)] = name
        value = secrets.token_urlsafe(48)  # 64 characters: long enough for any HMAC key
        try:
            client.create_secret(Name=name, SecretString=value)
        except client.exceptions.ResourceExistsException:
            return
        self.generated_secrets[name] = value

    def _create_secretsmanager_secret_version(self, values: Mapping[str, Any]) -> None:
        secret_id = str(values["secret_id"])
        name = self._secret_names.get(secret_id, secret_id)
        request: dict[str, Any] = {"SecretId": name}
        if values.get("secret_string"):
            request["SecretString"] = self.localise(str(values["secret_string"]))
        elif values.get("secret_binary"):
            request["SecretBinary"] = base64.b64decode(str(values["secret_binary"]))
        else:
            return
        self.client("secretsmanager", self._region(values)).put_secret_value(**request)
        self.generated_secrets.pop(name, None)

    def parameter_value(self, name: str, region: str | None = None) -> str | None:
        """The (decrypted) value moto holds for SSM parameter ``name``, or None."""
        client = self.client("ssm", region)
        try:
            return str(client.get_parameter(Name=name, WithDecryption=True)["Parameter"]["Value"])
        except client.exceptions.ParameterNotFound:
            return None

    # -- Cognito: from the state's ids to moto's

    def _pool(self, pool_id: str) -> CognitoPool:
        pool = self.pools.get(pool_id)
        if pool is None:
            for candidate in self.pools.values():
                if pool_id in (candidate.moto_id, candidate.state_issuer, candidate.issuer):
                    return candidate
            known = ", ".join(sorted(self.pools)) or "none"
            raise KeyError(f"no Cognito user pool {pool_id!r} was materialized; known pools: {known}")
        return pool

    def pool_for_issuer(self, issuer: str) -> CognitoPool | None:
        """The pool whose issuer URL (the state's or moto's) is ``issuer``."""
        issuer = issuer.rstrip("/")
        for pool in self.pools.values():
            if issuer in (pool.state_issuer, pool.issuer):
                return pool
        return None

    def issuer_for(self, issuer: str) -> tuple[str, str]:
        """``(issuer the tokens carry, JWKS URL)`` for a JWT authorizer configured with ``issuer``.

        An issuer that is none of the materialized pools' raises LookupError: its keys live outside this machine,
        and the local run never reaches out for them.
        """
        pool = self.pool_for_issuer(issuer)
        if pool is None:
            raise LookupError(
                f"issuer {issuer!r} is not a Cognito user pool of this example; the local run does not fetch keys "
                "from outside the machine"
            )
        return pool.issuer, pool.jwks_url

    def jwks_url_for(self, issuer: str) -> str:
        return self.issuer_for(issuer)[1]

    def client_id_for(self, client_id: str) -> str:
        """moto's id of the app client the state calls ``client_id`` (unchanged when unknown)."""
        for pool in self.pools.values():
            if client_id in pool.clients:
                return pool.clients[client_id]
        return client_id

    def localise(self, value: str) -> str:
        """``value`` with every pool id, issuer URL and client id of the state replaced by moto's."""
        if not self.pools:
            return value
        replacements: dict[str, str] = {}
        for pool in self.pools.values():
            replacements[pool.state_id] = pool.moto_id
            replacements.update(pool.clients)
        pattern = re.compile("|".join(re.escape(k) for k in sorted(replacements, key=len, reverse=True)))
        return pattern.sub(lambda match: replacements[match.group(0)], value)

    def issue_token(
        self,
        pool_id: str,
        client_id: str,
        username: str,
        password: str | None = None,
        *,
        groups: Iterable[str] = (),
        scopes: Iterable[str] = (),
    ) -> Tokens:
        """A (new or existing) confirmed user of the pool, signed in through the app client; its tokens.

        ``pool_id``/``client_id`` are the state's ids (moto's are accepted too). The user is created when missing,
        with ``password`` (one is made up to satisfy the pool's policy when not given) and added to ``groups``.
        Sign-in is ``ADMIN_USER_PASSWORD_AUTH``. ``scopes``: the access token's ``scope`` claim, as the OAuth
        flows grant it (moto's password sign-in only grants ``aws.cognito.signin.user.admin``); each scope must be
        one the app client allows (``allowed_oauth_scopes``), as Cognito requires. The token is then signed by
        moto's pool with moto's key, so it verifies against the pool's JWKS like any other.
        """
        pool = self._pool(pool_id)
        state_client = next((c for c, m in pool.clients.items() if client_id in (c, m)), None)
        if state_client is None:
            known = ", ".join(sorted(pool.clients)) or "none"
            raise KeyError(f"user pool {pool.state_id} has no app client {client_id!r}; its clients: {known}")
        moto_client = pool.clients[state_client]
        scopes = tuple(scopes)
        not_allowed = sorted(set(scopes) - pool.client_scopes[state_client])
        if not_allowed:
            raise ValueError(
                f"app client {state_client} may not be granted scopes {not_allowed}; its allowed_oauth_scopes are "
                f"{sorted(pool.client_scopes[state_client])}"
            )
        cognito = self.client("cognito-idp", pool.region)
        password = password or _strong_password()
        try:
            cognito.admin_get_user(UserPoolId=pool.moto_id, Username=username)
        except cognito.exceptions.UserNotFoundException:
            attributes = [{"Name": "email", "Value": username}, {"Name": "email_verified", "Value": "true"}]
            cognito.admin_create_user(
                UserPoolId=pool.moto_id,
                Username=username,
                MessageAction="SUPPRESS",
                UserAttributes=attributes if "@" in username else [],
            )
        cognito.admin_set_user_password(UserPoolId=pool.moto_id, Username=username, Password=password, Permanent=True)
        for group in groups:
            try:
                cognito.create_group(UserPoolId=pool.moto_id, GroupName=group)
            except cognito.exceptions.GroupExistsException:
                pass
            cognito.admin_add_user_to_group(UserPoolId=pool.moto_id, Username=username, GroupName=group)
        result = cognito.admin_initiate_auth(
            UserPoolId=pool.moto_id,
            ClientId=moto_client,
            AuthFlow="ADMIN_USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": username, "PASSWORD": password},
        )
        if "AuthenticationResult" not in result:
            raise RuntimeError(f"sign-in of {username!r} asked for {result.get('ChallengeName')}, not tokens")
        auth = result["AuthenticationResult"]
        access_token = auth["AccessToken"]
        if scopes:
            access_token = _access_token_with_scopes(pool, moto_client, username, access_token, scopes)
        return Tokens(access_token, auth["IdToken"], auth.get("RefreshToken", ""), int(auth["ExpiresIn"]))


class TokenRoute:
    """``POST /_apigwkit/token`` on moto's port: tokens of the local Cognito for another process (``make token``).

    Body ``{"pool", "client", "username", "scopes", "groups"}`` (the state's ids or moto's), answer ``{"access_token",
    "id_token", "refresh_token", "expires_in"}`` or 400 ``{"message"}``. It is served here because a token with
    scopes is re-signed by moto's pool object in this process (``_access_token_with_scopes``), which moto's HTTP API
    cannot do; like the rest of moto's port, it answers on 127.0.0.1 only and with the double's data only.
    """

    PATH = "/_apigwkit/token"

    def __init__(self, app: Callable[..., Any], aws: LocalAws) -> None:
        self.app, self.aws = app, aws

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        if environ.get("PATH_INFO") != self.PATH or environ.get("REQUEST_METHOD") != "POST":
            return self.app(environ, start_response)
        try:
            request = json.loads(environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0)) or b"{}")
            tokens = self.aws.issue_token(
                str(request["pool"]),
                str(request["client"]),
                str(request["username"]),
                groups=request.get("groups") or (),
                scopes=request.get("scopes") or (),
            )
        except (KeyError, ValueError, TypeError, ClientError) as error:
            message = str(error.args[0]) if isinstance(error, KeyError) and error.args else str(error)
            start_response("400 Bad Request", [("Content-Type", "application/json")])
            return [json.dumps({"message": message}).encode()]
        start_response("200 OK", [("Content-Type", "application/json")])
        return [json.dumps(dataclasses.asdict(tokens)).encode()]


def _access_token_with_scopes(
    pool: CognitoPool, moto_client: str, username: str, access_token: str, scopes: tuple[str, ...]
) -> str:
    """The access token re-issued by moto's own pool with ``scope`` = ``scopes``.

    moto serves in this process (ThreadedMotoServer), so its pool object signs the token with the key of the JWKS
    it serves and records it as one of its access tokens (GetUser and friends accept it).
    """
    import jwt
    from moto.cognitoidp.models import cognitoidp_backends

    moto_pool = cognitoidp_backends[ACCOUNT_ID][pool.region].user_pools[pool.moto_id]
    issued = jwt.decode(access_token, options={"verify_signature": False})
    extra = {k: issued[k] for k in ("origin_jti", "cognito:groups") if k in issued}
    extra["scope"] = " ".join(scopes)
    token, _ = moto_pool.create_jwt(moto_client, username, "access", extra_data=extra)
    moto_pool.access_tokens[token] = (moto_client, username)
    return token


def _strong_password() -> str:
    # Upper, lower, digit and symbol: what the strictest password policy asks for, and long enough for any.
    return f"Local-{secrets.token_hex(12)}-Pw1!"


def _key_schema(hash_key: str | None, range_key: str | None) -> list[dict[str, str]]:
    schema = [{"AttributeName": str(hash_key), "KeyType": "HASH"}]
    if range_key:
        schema.append({"AttributeName": str(range_key), "KeyType": "RANGE"})
    return schema


def _throughput(values: Mapping[str, Any]) -> dict[str, int]:
    return {
        "ReadCapacityUnits": int(values.get("read_capacity") or 1),
        "WriteCapacityUnits": int(values.get("write_capacity") or 1),
    }


def _projection(index: Mapping[str, Any]) -> dict[str, Any]:
    projection: dict[str, Any] = {"ProjectionType": index.get("projection_type") or "ALL"}
    if index.get("non_key_attributes"):
        projection["NonKeyAttributes"] = list(index["non_key_attributes"])
    return projection


def _global_index(index: Mapping[str, Any], provisioned: bool) -> dict[str, Any]:
    key_schema = index.get("key_schema") or []
    if key_schema:  # provider 6.x: key_schema blocks instead of hash_key/range_key
        keys = [{"AttributeName": k["attribute_name"], "KeyType": k["key_type"]} for k in key_schema]
    else:
        keys = _key_schema(index.get("hash_key"), index.get("range_key"))
    converted: dict[str, Any] = {"IndexName": index["name"], "KeySchema": keys, "Projection": _projection(index)}
    if provisioned:
        converted["ProvisionedThroughput"] = _throughput(index)
    return converted


def _schema_attribute(attribute: Mapping[str, Any]) -> dict[str, Any]:
    converted: dict[str, Any] = {
        "Name": attribute["name"],
        "AttributeDataType": attribute["attribute_data_type"],
        "Mutable": bool(attribute.get("mutable", True)),
        "Required": bool(attribute.get("required")),
    }
    if attribute.get("developer_only_attribute") is not None:
        converted["DeveloperOnlyAttribute"] = bool(attribute["developer_only_attribute"])
    constraints = (attribute.get("string_attribute_constraints") or [{}])[0] or {}
    if constraints:
        converted["StringAttributeConstraints"] = {
            "MinLength": str(constraints.get("min_length") or 0),
            "MaxLength": str(constraints.get("max_length") or 2048),
        }
    numbers = (attribute.get("number_attribute_constraints") or [{}])[0] or {}
    if numbers:
        converted["NumberAttributeConstraints"] = {
            k: str(numbers[s]) for k, s in (("MinValue", "min_value"), ("MaxValue", "max_value")) if numbers.get(s)
        }
    return converted
