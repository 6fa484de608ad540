"""The authorizer against real RS256 tokens issued by moto's Cognito user pool, JWKS fetched from the moto server."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import authorizer
import boto3
import jwt
import pytest
from authorizer_testkit import (
    AUDIENCE_PARAMETER,
    ISSUER_PARAMETER,
    METHOD_ARN,
    http_api_v2_event,
    rest_request_event,
    rest_token_event,
)

from apigwkit.local.aws import LocalAws

REGION = "ap-northeast-2"
USERNAME = "kim"
PASSWORD = "Correct-Horse-9-Battery"
EMAIL = "kim@example.com"


@dataclass(frozen=True)
class CognitoWorld:
    endpoint: str
    pool_id: str
    client_id: str
    other_client_id: str
    user_sub: str
    access_token: str
    id_token: str
    other_client_access_token: str

    @property
    def issuer(self) -> str:
        """What a real deployment configures: Cognito's issuer URL format."""
        return f"https://cognito-idp.{REGION}.amazonaws.com/{self.pool_id}"

    @property
    def jwks_url(self) -> str:
        return f"{self.endpoint}/{self.pool_id}/.well-known/jwks.json"


def _unverified_claims(token: str) -> dict[str, Any]:
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def _with_group_set(context: dict[str, str]) -> dict[str, Any]:
    """moto keeps a user's groups in a set, so their order in `cognito:groups` varies between runs."""
    return {**context, "groups": set(context["groups"].split(","))}


def _tokens(cognito: Any, pool_id: str, client_id: str) -> dict[str, str]:
    result = cognito.admin_initiate_auth(
        UserPoolId=pool_id,
        ClientId=client_id,
        AuthFlow="ADMIN_USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": USERNAME, "PASSWORD": PASSWORD},
    )
    return result["AuthenticationResult"]


@pytest.fixture(scope="module")
def cognito_world() -> Iterator[CognitoWorld]:
    # LocalAws empties moto's process-wide backends when it stops: no later test of this worker sees this pool
    with LocalAws(region=REGION) as aws:
        endpoint = aws.endpoint
        cognito = boto3.client(
            "cognito-idp",
            region_name=REGION,
            endpoint_url=endpoint,
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )
        pool_id = cognito.create_user_pool(PoolName="orders-users")["UserPool"]["Id"]
        client_id = cognito.create_user_pool_client(
            UserPoolId=pool_id,
            ClientName="orders-web",
            ExplicitAuthFlows=["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
            ReadAttributes=["email"],
        )["UserPoolClient"]["ClientId"]
        other_client_id = cognito.create_user_pool_client(
            UserPoolId=pool_id,
            ClientName="someone-elses-app",
            ExplicitAuthFlows=["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        )["UserPoolClient"]["ClientId"]
        cognito.admin_create_user(
            UserPoolId=pool_id,
            Username=USERNAME,
            UserAttributes=[{"Name": "email", "Value": EMAIL}, {"Name": "email_verified", "Value": "true"}],
            MessageAction="SUPPRESS",
        )
        cognito.admin_set_user_password(UserPoolId=pool_id, Username=USERNAME, Password=PASSWORD, Permanent=True)
        for group in ("admins", "readers"):
            cognito.create_group(UserPoolId=pool_id, GroupName=group)
            cognito.admin_add_user_to_group(UserPoolId=pool_id, Username=USERNAME, GroupName=group)
        attributes = cognito.admin_get_user(UserPoolId=pool_id, Username=USERNAME)["UserAttributes"]
        user_sub = next(attribute["Value"] for attribute in attributes if attribute["Name"] == "sub")

        tokens = _tokens(cognito, pool_id, client_id)
        yield CognitoWorld(
            endpoint=endpoint,
            pool_id=pool_id,
            client_id=client_id,
            other_client_id=other_client_id,
            user_sub=user_sub,
            access_token=tokens["AccessToken"],
            id_token=tokens["IdToken"],
            other_client_access_token=_tokens(cognito, pool_id, other_client_id)["AccessToken"],
        )


@pytest.fixture
def cognito_authorizer(
    cognito_world: CognitoWorld, monkeypatch: pytest.MonkeyPatch, configured: dict[str, str | bytes]
) -> CognitoWorld:
    """The authorizer configured as a deployment in front of this user pool and app client would be."""
    configured.update({ISSUER_PARAMETER: cognito_world.issuer, AUDIENCE_PARAMETER: cognito_world.client_id})
    monkeypatch.setenv("JWKS_URL", cognito_world.jwks_url)
    return cognito_world


def test_moto_issues_tokens_with_cognitos_issuer_and_audience_claims(cognito_world: CognitoWorld) -> None:
    access = _unverified_claims(cognito_world.access_token)
    id_token = _unverified_claims(cognito_world.id_token)

    assert jwt.get_unverified_header(cognito_world.access_token)["alg"] == "RS256"
    assert access["iss"] == id_token["iss"] == cognito_world.issuer
    assert access["client_id"] == cognito_world.client_id and "aud" not in access
    assert id_token["aud"] == cognito_world.client_id and "client_id" not in id_token


def test_cognito_access_token_is_allowed_on_http_api_with_its_claims(
    cognito_authorizer: CognitoWorld, lambda_context: Any
) -> None:
    event = http_api_v2_event(f"Bearer {cognito_authorizer.access_token}")

    response = authorizer.lambda_handler(event, lambda_context)

    assert response["isAuthorized"] is True
    assert _with_group_set(response["context"]) == {
        "sub": cognito_authorizer.user_sub,
        "username": USERNAME,
        "email": "",
        "scope": "aws.cognito.signin.user.admin",
        "client_id": cognito_authorizer.client_id,
        "token_use": "access",
        "groups": {"admins", "readers"},
    }


def test_cognito_id_token_is_allowed_on_rest_api_with_an_iam_policy(
    cognito_authorizer: CognitoWorld, lambda_context: Any
) -> None:
    event = rest_request_event(f"Bearer {cognito_authorizer.id_token}")

    response = authorizer.lambda_handler(event, lambda_context)

    assert set(response) == {"principalId", "policyDocument", "context"}
    assert response["principalId"] == cognito_authorizer.user_sub
    assert response["policyDocument"] == {
        "Version": "2012-10-17",
        "Statement": [{"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": METHOD_ARN}],
    }
    assert _with_group_set(response["context"]) == {
        "sub": cognito_authorizer.user_sub,
        "username": USERNAME,
        "email": EMAIL,
        "scope": "",
        "client_id": cognito_authorizer.client_id,
        "token_use": "id",
        "groups": {"admins", "readers"},
    }


def test_cognito_access_token_is_allowed_by_a_rest_token_authorizer(
    cognito_authorizer: CognitoWorld, lambda_context: Any
) -> None:
    response = authorizer.lambda_handler(rest_token_event(f"Bearer {cognito_authorizer.access_token}"), lambda_context)

    assert response["principalId"] == cognito_authorizer.user_sub
    assert response["policyDocument"]["Statement"][0]["Effect"] == "Allow"


def test_a_token_for_another_app_client_of_the_same_pool_is_denied(
    cognito_authorizer: CognitoWorld, lambda_context: Any
) -> None:
    event = http_api_v2_event(f"Bearer {cognito_authorizer.other_client_access_token}")

    assert authorizer.lambda_handler(event, lambda_context) == {"isAuthorized": False}


def test_a_token_from_another_issuer_is_denied(
    cognito_authorizer: CognitoWorld, lambda_context: Any, configured: dict[str, str | bytes]
) -> None:
    configured[ISSUER_PARAMETER] = f"https://cognito-idp.{REGION}.amazonaws.com/{REGION}_SomeOtherPool"

    event = http_api_v2_event(f"Bearer {cognito_authorizer.access_token}")

    assert authorizer.lambda_handler(event, lambda_context) == {"isAuthorized": False}


def test_required_scopes_admit_the_access_token_and_refuse_the_id_token(
    cognito_authorizer: CognitoWorld, lambda_context: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REQUIRED_SCOPES", "aws.cognito.signin.user.admin")

    access = authorizer.lambda_handler(http_api_v2_event(f"Bearer {cognito_authorizer.access_token}"), lambda_context)
    id_token = authorizer.lambda_handler(http_api_v2_event(f"Bearer {cognito_authorizer.id_token}"), lambda_context)

    assert access["isAuthorized"] is True
    assert id_token == {"isAuthorized": False}
