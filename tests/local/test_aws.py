"""moto on 127.0.0.1 holding what a state declares; Cognito ids mapped; the Lambdas' boto3 clients pointed at it."""

from __future__ import annotations

import asyncio
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import jwt
import pytest
import requests

from apigwkit.local.aws import LocalAws
from apigwkit.local.lambdas import FunctionSpec, LambdaRuntime

REGION = "ap-northeast-2"
POOL_ID = f"{REGION}_StatePool1"  # the ids the provider double made up; moto chooses its own
CLIENT_ID = "stateclient0000000000000001"
STATE_ISSUER = f"https://cognito-idp.{REGION}.amazonaws.com/{POOL_ID}"

# (type, values) as `terraform show -json` has them, reduced to the keys that matter (the rest are null/[] there)
RESOURCES: list[tuple[str, dict[str, Any]]] = [
    (
        "aws_cognito_user_pool_client",  # listed before its pool: materialize() orders by dependency
        {
            "id": CLIENT_ID,
            "name": "orders-web",
            "user_pool_id": POOL_ID,
            "region": REGION,
            "generate_secret": False,
            "explicit_auth_flows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
            "allowed_oauth_flows": ["code"],
            "allowed_oauth_flows_user_pool_client": True,
            "allowed_oauth_scopes": ["email", "openid", "reports-api/read"],
            "callback_urls": ["https://www.example.com/callback"],
            "supported_identity_providers": ["COGNITO"],
            "prevent_user_existence_errors": "ENABLED",
            "logout_urls": [],
        },
    ),
    (
        "aws_cognito_user_pool",
        {
            "id": POOL_ID,
            "name": "orders",
            "region": REGION,
            "endpoint": f"cognito-idp.{REGION}.amazonaws.com/{POOL_ID}",
            "username_attributes": ["email"],
            "auto_verified_attributes": ["email"],
            "mfa_configuration": "OPTIONAL",
            "password_policy": [
                {
                    "minimum_length": 12,
                    "require_lowercase": True,
                    "require_uppercase": True,
                    "require_numbers": True,
                    "require_symbols": True,
                    "temporary_password_validity_days": 0,
                }
            ],
            "schema": [],
        },
    ),
    (
        "aws_cognito_resource_server",
        {
            "identifier": "reports-api",
            "name": "reports-api",
            "user_pool_id": POOL_ID,
            "scope": [{"scope_name": "read", "scope_description": "Read reports"}],
        },
    ),
    (
        "aws_dynamodb_table",
        {
            "name": "orders",
            "region": REGION,
            "billing_mode": "PAY_PER_REQUEST",
            "hash_key": "customerId",
            "range_key": "orderId",
            "attribute": [
                {"name": "customerId", "type": "S"},
                {"name": "orderId", "type": "S"},
                {"name": "status", "type": "S"},
                {"name": "createdAt", "type": "N"},
            ],
            "global_secondary_index": [
                {
                    "name": "by-status",
                    "hash_key": "status",
                    "range_key": "createdAt",
                    "projection_type": "INCLUDE",
                    "non_key_attributes": ["total"],
                    "key_schema": [],
                    "read_capacity": 0,
                    "write_capacity": 0,
                },
                {
                    "name": "by-order",
                    "hash_key": None,
                    "range_key": None,
                    "projection_type": "KEYS_ONLY",
                    "non_key_attributes": [],
                    "key_schema": [{"attribute_name": "orderId", "key_type": "HASH"}],
                },
            ],
            "local_secondary_index": [
                {"name": "by-created", "range_key": "createdAt", "projection_type": "ALL", "non_key_attributes": []}
            ],
            "ttl": [{"attribute_name": "expiresAt", "enabled": True}],
            "stream_enabled": None,
        },
    ),
    (
        "aws_dynamodb_table",
        {
            "name": "connections",
            "region": REGION,
            "billing_mode": "PROVISIONED",
            "read_capacity": 5,
            "write_capacity": 2,
            "hash_key": "connectionId",
            "range_key": None,
            "attribute": [{"name": "connectionId", "type": "S"}],
            "global_secondary_index": [],
            "local_secondary_index": [],
            "ttl": [],
        },
    ),
    ("aws_s3_bucket", {"bucket": "uploads-local", "region": REGION}),
    (
        "aws_s3_bucket_cors_configuration",
        {
            "bucket": "uploads-local",
            "region": REGION,
            "cors_rule": [
                {
                    "allowed_methods": ["POST"],
                    "allowed_origins": ["https://www.example.com"],
                    "allowed_headers": ["content-type"],
                    "expose_headers": ["ETag", "Location"],
                    "max_age_seconds": 3000,
                    "id": None,
                }
            ],
        },
    ),
    (
        "aws_ssm_parameter",  # before the pool: its value is localised once the pool exists
        {
            "name": "/authorizer/jwt_issuer",
            "region": REGION,
            "type": "SecureString",
            "value": STATE_ISSUER,
            "insecure_value": None,
            "key_id": f"arn:aws:kms:{REGION}:123456789012:key/11111111-2222-3333-4444-555555555555",
        },
    ),
    (
        "aws_secretsmanager_secret",  # created without a value, as modules/lambda_function does
        {"name": "authorizer/jwt_hmac", "arn": "arn:aws:secretsmanager:x:1:secret:authorizer/jwt_hmac-AbCdEf"},
    ),
    ("aws_secretsmanager_secret", {"name": "orders/api_key", "arn": "arn:aws:secretsmanager:x:1:secret:orders/k"}),
    (
        "aws_secretsmanager_secret_version",
        {"secret_id": "arn:aws:secretsmanager:x:1:secret:orders/k", "secret_string": "from-the-state"},
    ),
    ("aws_lambda_function", {"function_name": "not-materialized"}),  # not a service resource: ignored
]


@pytest.fixture(scope="module")
def aws() -> Iterator[LocalAws]:
    with LocalAws() as local:
        local.materialize(RESOURCES)
        yield local


def test_stop_empties_moto_for_the_next_start() -> None:
    # first in the module, before the module's `aws` starts: moto's state is process-wide and the last LocalAws to
    # stop empties it
    with LocalAws() as first:
        first.materialize([("aws_s3_bucket", {"bucket": "short-lived", "region": REGION})])
        assert [b["Name"] for b in first.client("s3").list_buckets()["Buckets"]] == ["short-lived"]
    with pytest.raises(RuntimeError, match="not started"):
        first.environment()
    with LocalAws() as second:
        assert second.client("s3").list_buckets()["Buckets"] == []


def test_endpoint_and_environment_point_every_client_at_moto(aws: LocalAws) -> None:
    assert aws.endpoint.startswith("http://127.0.0.1:")
    env = aws.environment()
    assert env["AWS_ENDPOINT_URL"] == aws.endpoint
    assert env["AWS_DEFAULT_REGION"] == REGION
    assert {env[k] for k in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN")} == {"testing"}
    assert env["AWS_CONFIG_FILE"] == env["AWS_SHARED_CREDENTIALS_FILE"] == "/dev/null"


def test_tables_have_the_states_keys_indexes_billing_and_ttl(aws: LocalAws) -> None:
    dynamodb = aws.client("dynamodb")
    assert sorted(dynamodb.list_tables()["TableNames"]) == ["connections", "orders"]
    orders = dynamodb.describe_table(TableName="orders")["Table"]
    assert orders["KeySchema"] == [
        {"AttributeName": "customerId", "KeyType": "HASH"},
        {"AttributeName": "orderId", "KeyType": "RANGE"},
    ]
    assert {a["AttributeName"]: a["AttributeType"] for a in orders["AttributeDefinitions"]} == {
        "customerId": "S",
        "orderId": "S",
        "status": "S",
        "createdAt": "N",
    }
    assert orders["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    gsis = {g["IndexName"]: g for g in orders["GlobalSecondaryIndexes"]}
    assert gsis["by-status"]["KeySchema"] == [
        {"AttributeName": "status", "KeyType": "HASH"},
        {"AttributeName": "createdAt", "KeyType": "RANGE"},
    ]
    assert gsis["by-status"]["Projection"] == {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["total"]}
    assert gsis["by-order"]["KeySchema"] == [{"AttributeName": "orderId", "KeyType": "HASH"}]
    (lsi,) = orders["LocalSecondaryIndexes"]
    assert (lsi["IndexName"], lsi["KeySchema"][1]["AttributeName"]) == ("by-created", "createdAt")
    ttl = dynamodb.describe_time_to_live(TableName="orders")["TimeToLiveDescription"]
    assert (ttl["TimeToLiveStatus"], ttl["AttributeName"]) == ("ENABLED", "expiresAt")
    connections = dynamodb.describe_table(TableName="connections")["Table"]
    throughput = connections["ProvisionedThroughput"]
    assert (throughput["ReadCapacityUnits"], throughput["WriteCapacityUnits"]) == (5, 2)


def test_bucket_lives_in_the_states_region_with_its_cors_rules(aws: LocalAws) -> None:
    s3 = aws.client("s3")
    assert s3.get_bucket_location(Bucket="uploads-local")["LocationConstraint"] == REGION
    (rule,) = s3.get_bucket_cors(Bucket="uploads-local")["CORSRules"]
    assert rule["AllowedMethods"] == ["POST"]
    assert rule["AllowedOrigins"] == ["https://www.example.com"]
    assert rule["AllowedHeaders"] == ["content-type"]
    assert rule["ExposeHeaders"] == ["ETag", "Location"]
    assert rule["MaxAgeSeconds"] == 3000


def test_the_states_user_pool_and_client_map_to_moto(aws: LocalAws) -> None:
    pool = aws.pools[POOL_ID]
    assert pool.moto_id != POOL_ID and pool.moto_id.startswith(f"{REGION}_")
    described = aws.client("cognito-idp").describe_user_pool(UserPoolId=pool.moto_id)["UserPool"]
    assert described["Name"] == "orders"
    assert described["UsernameAttributes"] == ["email"]
    assert described["Policies"]["PasswordPolicy"]["MinimumLength"] == 12
    moto_client = aws.client_id_for(CLIENT_ID)
    client = aws.client("cognito-idp").describe_user_pool_client(UserPoolId=pool.moto_id, ClientId=moto_client)
    assert client["UserPoolClient"]["ClientName"] == "orders-web"
    assert client["UserPoolClient"]["AllowedOAuthScopes"] == ["email", "openid", "reports-api/read"]
    moto_issuer = f"https://cognito-idp.{REGION}.amazonaws.com/{pool.moto_id}"
    jwks_url = f"{aws.endpoint}/{pool.moto_id}/.well-known/jwks.json"
    assert aws.issuer_for(STATE_ISSUER) == (moto_issuer, jwks_url)
    assert aws.issuer_for(moto_issuer) == (moto_issuer, jwks_url)
    assert aws.jwks_url_for(STATE_ISSUER + "/") == jwks_url
    with pytest.raises(LookupError, match="does not fetch keys from outside the machine"):
        aws.issuer_for("https://login.example.com")
    # a function's environment names the state's pool and client: localise() rewrites them
    assert aws.localise(STATE_ISSUER) == moto_issuer
    assert aws.localise(f"{CLIENT_ID},other") == f"{moto_client},other"
    assert aws.localise("orders") == "orders"


def test_an_issued_token_verifies_against_the_jwks_moto_serves_and_its_issuer_maps_back(aws: LocalAws) -> None:
    tokens = aws.issue_token(
        POOL_ID, CLIENT_ID, "kim@example.com", groups=["admins"], scopes=["openid", "reports-api/read"]
    )
    issuer, jwks_url = aws.issuer_for(STATE_ISSUER)
    assert requests.get(jwks_url, timeout=5).json()["keys"][0]["kty"] == "RSA"
    keys = jwt.PyJWKClient(jwks_url)
    access = jwt.decode(
        tokens.access_token,
        keys.get_signing_key_from_jwt(tokens.access_token).key,
        algorithms=["RS256"],
        issuer=issuer,
    )
    assert access["token_use"] == "access"
    assert access["client_id"] == aws.client_id_for(CLIENT_ID)
    assert access["scope"] == "openid reports-api/read"
    assert access["cognito:groups"] == ["admins"]
    assert aws.pool_for_issuer(access["iss"]).state_id == POOL_ID
    identity = jwt.decode(
        tokens.id_token,
        keys.get_signing_key_from_jwt(tokens.id_token).key,
        algorithms=["RS256"],
        issuer=issuer,
        audience=aws.client_id_for(CLIENT_ID),
    )
    assert (identity["token_use"], identity["email"]) == ("id", "kim@example.com")
    assert identity["sub"] == access["sub"]
    # moto knows the re-scoped access token as one of its own
    user = aws.client("cognito-idp").get_user(AccessToken=tokens.access_token)
    assert {a["Name"]: a["Value"] for a in user["UserAttributes"]}["email"] == "kim@example.com"
    # the same user signs in again (existing user, new password)
    again = aws.issue_token(POOL_ID, aws.client_id_for(CLIENT_ID), "kim@example.com", "Another-Passw0rd!")
    assert jwt.decode(again.access_token, options={"verify_signature": False})["sub"] == access["sub"]


def test_a_scope_the_client_may_not_be_granted_is_refused(aws: LocalAws) -> None:
    with pytest.raises(ValueError, match=r"may not be granted scopes \['admin/write'\]"):
        aws.issue_token(POOL_ID, CLIENT_ID, "lee@example.com", scopes=["admin/write"])
    with pytest.raises(KeyError, match="has no app client 'nope'"):
        aws.issue_token(POOL_ID, "nope", "lee@example.com")


def test_parameters_hold_moto_ids_and_secrets_a_value(aws: LocalAws) -> None:
    moto_issuer = f"https://cognito-idp.{REGION}.amazonaws.com/{aws.pools[POOL_ID].moto_id}"
    assert aws.parameter_value("/authorizer/jwt_issuer") == moto_issuer  # decrypted, localised
    assert aws.parameter_value("/nope") is None
    read = aws.client("secretsmanager").get_secret_value
    (generated,) = aws.generated_secrets.values()
    assert read(SecretId="authorizer/jwt_hmac")["SecretString"] == generated
    assert len(generated) == 64  # enough for any HMAC key
    assert read(SecretId="orders/api_key")["SecretString"] == "from-the-state"


def test_materializing_again_changes_nothing(aws: LocalAws) -> None:
    before = (aws.pools[POOL_ID].moto_id, aws.client_id_for(CLIENT_ID))
    secret = aws.client("secretsmanager").get_secret_value(SecretId="authorizer/jwt_hmac")["SecretString"]
    aws.materialize(RESOURCES)
    assert (aws.pools[POOL_ID].moto_id, aws.client_id_for(CLIENT_ID)) == before
    assert aws.client("secretsmanager").get_secret_value(SecretId="authorizer/jwt_hmac")["SecretString"] == secret
    assert len(aws.client("cognito-idp").list_user_pools(MaxResults=10)["UserPools"]) == 1


def test_a_lambdas_boto3_clients_go_to_moto(aws: LocalAws, tmp_path: Path) -> None:
    code = (
        "import boto3\n"
        "table = boto3.resource('dynamodb').Table('orders')  # made at import time, like the repo's handlers\n"
        "\n"
        "def handler(event, context):\n"
        "    table.put_item(Item={'customerId': 'c1', 'orderId': event['order'], 'total': 7})\n"
        "    s3 = boto3.client('s3')\n"
        "    s3.put_object(Bucket='uploads-local', Key='hello.txt', Body=b'hi')\n"
        "    return {'endpoint': s3.meta.endpoint_url, 'region': s3.meta.region_name, 'boto3': boto3.__file__}\n"
    )
    with zipfile.ZipFile(tmp_path / "app.zip", "w") as archive:
        archive.writestr("app.py", code)
    arn = f"arn:aws:lambda:{REGION}:123456789012:function:writer"
    spec = FunctionSpec.from_state(
        {
            "function_name": "writer",
            "arn": arn,
            "handler": "app.handler",
            "filename": "app.zip",
            "runtime": "python3.12",
        },
        tmp_path,
    )

    async def scenario() -> Any:
        async with LambdaRuntime([spec], tmp_path / "work", extra_env=aws.environment(), log=lambda _: None) as rt:
            return await rt.invoke("writer", {"order": "o-1"})

    invocation = asyncio.run(scenario())
    assert invocation.status == "ok", invocation.error
    assert invocation.payload["endpoint"] == aws.endpoint
    assert invocation.payload["region"] == REGION
    item = aws.client("dynamodb").get_item(
        TableName="orders", Key={"customerId": {"S": "c1"}, "orderId": {"S": "o-1"}}
    )["Item"]
    assert item["total"] == {"N": "7"}
    assert aws.client("s3").get_object(Bucket="uploads-local", Key="hello.txt")["Body"].read() == b"hi"


def test_a_client_outside_the_gateway_reaches_moto_with_the_environment_alone(
    aws: LocalAws, monkeypatch: pytest.MonkeyPatch
) -> None:
    for key, value in aws.environment().items():
        monkeypatch.setenv(key, value)
    assert "orders" in boto3.session.Session().client("dynamodb").list_tables()["TableNames"]
