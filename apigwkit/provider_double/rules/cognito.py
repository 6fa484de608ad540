"""Cognito user pools: ``internal/service/cognitoidp/`` (the user pool client is a Plugin-Framework resource).

The client's rows were read from ``user_pool_client.go``. The user pool's were re-read for issue 17c from
``user_pool.go`` (a 2024-25 aws-sdk-go-v2 form, which predates ``email_mfa_configuration``, ``sign_in_policy``,
``web_authn_configuration`` and ``user_pool_tier``), its schema from ``account_recovery_setting`` to
``user_attribute_update_settings``; the rest (``user_pool_add_ons``, ``username_attributes``,
``username_configuration``, ``verification_message_template``, the ``validUserPool*`` message validators and the
``name`` check, whose ``validation.Any`` refuses only an empty name) is not reproduced. ``floats`` is not set: the
schema was not read whole."""

from __future__ import annotations

from apigwkit.provider_double.checks import ARN, Enum, FwInt64Between, FwSizeAtMost, IntBetween
from apigwkit.provider_double.rules.kinds import ConflictsWith, Default, Diag, Items, RequiredWith, Type, Value

_DIR = "internal/service/cognitoidp/"
_LAMBDA_TRIGGERS = (
    "create_auth_challenge",
    "custom_message",
    "define_auth_challenge",
    "kms_key_id",
    "post_authentication",
    "post_confirmation",
    "pre_authentication",
    "pre_sign_up",
    "pre_token_generation",
    "user_migration",
    "verify_auth_challenge_response",
)


def _enum(shape: str) -> Enum:
    return Enum("cognito-idp", shape)


def _sender(name: str, versions: str) -> tuple:
    """``lambda_config``'s custom email/SMS sender blocks: they need ``kms_key_id``."""
    return (
        RequiredWith(f"lambda_config[].{name}", ("lambda_config.0.kms_key_id",)),
        Value(f"lambda_config[].{name}[].lambda_arn", ARN()),
        Diag(f"lambda_config[].{name}[].lambda_version", _enum(versions)),
    )


RESOURCES: dict[str, Type] = {
    "aws_cognito_user_pool": Type(
        _DIR + "user_pool.go",
        (
            Items("account_recovery_setting[].recovery_mechanism", max=2, min=1),
            Diag("account_recovery_setting[].recovery_mechanism{}.name", _enum("RecoveryOptionNameType")),
            Diag("alias_attributes{}", _enum("AliasAttributeType")),
            ConflictsWith("alias_attributes", ("username_attributes",)),
            Diag("auto_verified_attributes{}", _enum("VerifiedAttributeType")),
            Default("deletion_protection", "INACTIVE"),
            Diag("deletion_protection", _enum("DeletionProtectionType")),
            Default("email_configuration[].email_sending_account", "COGNITO_DEFAULT"),
            Diag("email_configuration[].email_sending_account", _enum("EmailSendingAccountType")),
            Value("email_configuration[].source_arn", ARN()),
            ConflictsWith("email_verification_message", ("verification_message_template.0.email_message",)),
            ConflictsWith("email_verification_subject", ("verification_message_template.0.email_subject",)),
            *(Value(f"lambda_config[].{name}", ARN()) for name in _LAMBDA_TRIGGERS),
            *_sender("custom_email_sender", "CustomEmailSenderLambdaVersionType"),
            *_sender("custom_sms_sender", "CustomSMSSenderLambdaVersionType"),
            Value("lambda_config[].pre_token_generation_config[].lambda_arn", ARN()),
            Diag(
                "lambda_config[].pre_token_generation_config[].lambda_version",
                _enum("PreTokenGenerationLambdaVersionType"),
            ),
            Default("mfa_configuration", "OFF"),
            Diag("mfa_configuration", _enum("UserPoolMfaType")),
            Value("password_policy[].minimum_length", IntBetween(6, 99)),
            Value("password_policy[].temporary_password_validity_days", IntBetween(0, 365)),
            Items("schema", max=50, min=1),
            Diag("schema{}.attribute_data_type", _enum("AttributeDataType")),
            Value("sms_configuration[].sns_caller_arn", ARN()),
            ConflictsWith("sms_verification_message", ("verification_message_template.0.sms_message",)),
            Items("software_token_mfa_configuration", max=1, min=1),
            Diag(
                "user_attribute_update_settings[].attributes_require_verification_before_update{}",
                _enum("VerifiedAttributeType"),
            ),
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
