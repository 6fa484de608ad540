"""Cognito user pools: ``internal/service/cognitoidp/`` (the user pool client is a Plugin-Framework resource).

The client's rows were read from ``user_pool_client.go``; the user pool's were not re-read from the source
index (unverified, see the closing notes of issues 17 and 17b)."""

from __future__ import annotations

from apigwkit.provider_double.checks import FwInt64Between, FwSizeAtMost, IntBetween
from apigwkit.provider_double.rules.kinds import ConflictsWith, Default, Items, Type, Value

_DIR = "internal/service/cognitoidp/"

RESOURCES: dict[str, Type] = {
    "aws_cognito_user_pool": Type(
        _DIR + "user_pool.go",
        (
            Items("account_recovery_setting[].recovery_mechanism", max=2, min=1, required=True),
            ConflictsWith("alias_attributes", ("username_attributes",)),
            Default("deletion_protection", "INACTIVE"),
            Default("mfa_configuration", "OFF"),
            Value("password_policy[].minimum_length", IntBetween(6, 99)),
            Value("password_policy[].temporary_password_validity_days", IntBetween(0, 365)),
            Items("schema", max=50, min=1),
            ConflictsWith("username_attributes", ("alias_attributes",)),
        ),
    ),
    "aws_cognito_user_pool_client": Type(
        _DIR + "user_pool_client.go",
        (
            Value("access_token_validity", FwInt64Between(1, 86400)),
            Value("allowed_oauth_flows", FwSizeAtMost(3)),
            Value("allowed_oauth_scopes", FwSizeAtMost(50)),
            Value("auth_session_validity", FwInt64Between(3, 15)),
            Value("callback_urls", FwSizeAtMost(100)),
        ),
        framework=True,
    ),
    "aws_cognito_user_pool_domain": Type(_DIR + "user_pool_domain.go"),
    "aws_cognito_resource_server": Type(_DIR + "resource_server.go"),
}
