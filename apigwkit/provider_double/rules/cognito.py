"""Cognito user pools: ``internal/service/cognitoidp/`` (the user pool client is a Plugin-Framework resource).

The client's rows were read from ``user_pool_client.go``. The user pool's schema was read whole for issue 17e from
``user_pool.go`` (the newest stored form: aws-sdk-go-v2, with ``sign_in_policy``, ``web_authn_configuration`` and
``password_history_size``; it predates ``email_mfa_configuration`` and ``user_pool_tier``, whose validators are not
reproduced, neither having a number attribute), its message/name validators from ``validate.go`` (2026 form). Its
``CustomizeDiff`` is only ``verify.SetTagsDiff`` (no plan-time refusal). Not reproduced: ``sms_configuration[].
sns_region``'s ``verify.ValidRegionName`` (its ``regionRegexp`` was not read). Every number of the user pool is a
``TypeInt`` (``floats=()``). The domain's rows come from an older (aws-sdk-go v1) ``user_pool_domain.go`` that
predates ``managed_login_version``: its ``floats`` stays unset."""

from __future__ import annotations

from apigwkit.provider_double.checks import (
    ARN,
    Any_,
    Enum,
    FwInt64Between,
    FwSizeAtMost,
    InSlice,
    IntBetween,
    LenBetween,
    LengthPattern,
    Match,
)
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


# validate.go's patterns (unanchored RE2) and the validators built from them
_TEXT = r"[\p{L}\p{M}\p{S}\p{N}\p{P}]+"
_TEXT_SPACES = r"[\p{L}\p{M}\p{S}\p{N}\p{P}\s]+"
_EMAIL_CODE = r"[\p{L}\p{M}\p{S}\p{N}\p{P}\s*]*\{####\}[\p{L}\p{M}\p{S}\p{N}\p{P}\s*]*"
_EMAIL_LINK = r"[\p{L}\p{M}\p{S}\p{N}\p{P}\s*]*\{##[\p{L}\p{M}\p{S}\p{N}\p{P}\s*]*##\}[\p{L}\p{M}\p{S}\p{N}\p{P}\s*]*"
_EMAIL_ADDRESS = r"[\p{L}\p{M}\p{S}\p{N}\p{P}]+@[\p{L}\p{M}\p{S}\p{N}\p{P}]+"
_NAME = r"[\w\s+=,.@-]+"
_NO_CODE = "does not contain {####}"
_NO_USERNAME = "does not contain {username}"
_EMAIL_MESSAGE = LengthPattern(6, 20000, _EMAIL_CODE, _NO_CODE)  # validUserPool(Template)EmailVerificationMessage
_SMS_MESSAGE = LengthPattern(6, 140, r".*\{####\}.*", _NO_CODE)  # SMSAuthentication/SMSVerification/TemplateSMS
_SUBJECT = LengthPattern(1, 140, _TEXT_SPACES, f"must satisfy regular expression pattern: {_TEXT_SPACES}")


def _pattern(regexp: str) -> str:
    return f"must satisfy regular expression pattern: {regexp}"


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
            Value(
                "admin_create_user_config[].invite_message_template[].email_message",
                LengthPattern(6, 20000, r".*\{username\}.*", _NO_USERNAME),
            ),
            Value("admin_create_user_config[].invite_message_template[].email_subject", _SUBJECT),
            Value(
                "admin_create_user_config[].invite_message_template[].sms_message",
                LengthPattern(6, 140, r".*\{username\}.*", _NO_USERNAME),
            ),
            Diag("account_recovery_setting[].recovery_mechanism{}.name", _enum("RecoveryOptionNameType")),
            Diag("alias_attributes{}", _enum("AliasAttributeType")),
            ConflictsWith("alias_attributes", ("username_attributes",)),
            Diag("auto_verified_attributes{}", _enum("VerifiedAttributeType")),
            Default("deletion_protection", "INACTIVE"),
            Diag("deletion_protection", _enum("DeletionProtectionType")),
            Default("email_configuration[].email_sending_account", "COGNITO_DEFAULT"),
            Diag("email_configuration[].email_sending_account", _enum("EmailSendingAccountType")),
            Value(
                "email_configuration[].reply_to_email_address",
                Any_((InSlice(("",)), Match(_EMAIL_ADDRESS, _pattern(_EMAIL_ADDRESS)))),
            ),
            Value("email_configuration[].source_arn", ARN()),
            Value("email_verification_message", _EMAIL_MESSAGE),
            Value(
                "email_verification_subject",
                LengthPattern(
                    1,
                    140,
                    _TEXT_SPACES,
                    "can be composed of any kind of letter, symbols, numeric character, punctuation and whitespaces",
                ),
            ),
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
            # validation.Any: only a name failing both (the empty one) is refused
            Value("name", Any_((LenBetween(1, 128), Match(_NAME, _pattern(_NAME))))),
            Value("password_policy[].minimum_length", IntBetween(6, 99)),
            Value("password_policy[].password_history_size", IntBetween(0, 24)),
            Value("password_policy[].temporary_password_validity_days", IntBetween(0, 365)),
            Items("schema", max=50, min=1),
            Diag("schema{}.attribute_data_type", _enum("AttributeDataType")),
            Value("schema{}.name", LengthPattern(1, 20, _TEXT, _pattern(_TEXT), runes=False)),
            Diag("sign_in_policy[].allowed_first_auth_factors{}", _enum("AuthFactorType")),
            Value("sms_authentication_message", _SMS_MESSAGE),
            Value("sms_configuration[].sns_caller_arn", ARN()),
            Value("sms_verification_message", _SMS_MESSAGE),
            ConflictsWith("sms_verification_message", ("verification_message_template.0.sms_message",)),
            Items("software_token_mfa_configuration", max=1, min=1),
            Diag(
                "user_attribute_update_settings[].attributes_require_verification_before_update{}",
                _enum("VerifiedAttributeType"),
            ),
            Diag("user_pool_add_ons[].advanced_security_mode", _enum("AdvancedSecurityModeType")),
            Diag("username_attributes{}", _enum("UsernameAttributeType")),
            ConflictsWith("username_attributes", ("alias_attributes",)),
            Default("verification_message_template[].default_email_option", "CONFIRM_WITH_CODE"),
            Diag("verification_message_template[].default_email_option", _enum("DefaultEmailOptionType")),
            Value("verification_message_template[].email_message", _EMAIL_MESSAGE),
            ConflictsWith("verification_message_template[].email_message", ("email_verification_message",)),
            Value(
                "verification_message_template[].email_message_by_link",
                LengthPattern(6, 20000, _EMAIL_LINK, _pattern(_EMAIL_LINK)),
            ),
            Value("verification_message_template[].email_subject", _SUBJECT),
            ConflictsWith("verification_message_template[].email_subject", ("email_verification_subject",)),
            Value("verification_message_template[].email_subject_by_link", _SUBJECT),
            Value("verification_message_template[].sms_message", _SMS_MESSAGE),
            ConflictsWith("verification_message_template[].sms_message", ("sms_verification_message",)),
            Items("web_authn_configuration", min=1),
            Diag("web_authn_configuration[].user_verification", _enum("UserVerificationType")),
        ),
        floats=(),
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
    "aws_cognito_user_pool_domain": Type(
        _DIR + "user_pool_domain.go",
        (Value("certificate_arn", ARN()), Value("domain", LenBetween(1, 63))),
    ),
    "aws_cognito_resource_server": Type(_DIR + "resource_server.go"),
}
