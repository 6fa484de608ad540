"""KMS: ``internal/service/kms/``.

Re-read for issue 17b: ``key.go`` (its ``policy`` is ``validation.StringIsJSON``, not the IAM policy check) and
``alias.go`` with ``validate.go`` (``validNameForResource``)."""

from __future__ import annotations

from apigwkit.provider_double.checks import All, Enum, IntBetween, IsJSON, LenBetween, MatchQuoted
from apigwkit.provider_double.rules.kinds import ConflictsWith, Default, Diag, RequiredWith, Type, Value

_DIR = "internal/service/kms/"
# validNameForResource: both checks run; the reserved-prefix one first.
_ALIAS_NAME = All(
    (
        MatchQuoted(r"^(alias/aws/)", "{key} cannot begin with reserved AWS CMK prefix 'alias/aws/'", negate=True),
        MatchQuoted(
            r"^alias/[0-9A-Za-z_/-]+$", "{key} must begin with 'alias/' and be comprised of only [0-9A-Za-z_/-]"
        ),
    )
)

RESOURCES: dict[str, Type] = {
    "aws_kms_key": Type(
        _DIR + "key.go",
        (
            Default("bypass_policy_lockout_safety_check", False),
            Value("custom_key_store_id", LenBetween(1, 22)),
            Default("customer_master_key_spec", "SYMMETRIC_DEFAULT"),
            Diag("customer_master_key_spec", Enum("kms", "CustomerMasterKeySpec")),
            Value("deletion_window_in_days", IntBetween(7, 30)),
            Value("description", LenBetween(0, 8192)),
            Default("enable_key_rotation", False),
            Default("is_enabled", True),
            Default("key_usage", "ENCRYPT_DECRYPT"),
            Diag("key_usage", Enum("kms", "KeyUsageType")),
            Value("policy", IsJSON()),
            Value("rotation_period_in_days", IntBetween(90, 2560)),
            RequiredWith("rotation_period_in_days", ("enable_key_rotation",)),
            Value("xks_key_id", LenBetween(1, 128)),
            RequiredWith("xks_key_id", ("custom_key_store_id",)),
        ),
        floats=(),
    ),
    "aws_kms_alias": Type(
        _DIR + "alias.go",
        (
            Value("name", _ALIAS_NAME),
            ConflictsWith("name", ("name_prefix",)),
            Value("name_prefix", _ALIAS_NAME),
            ConflictsWith("name_prefix", ("name",)),
        ),
        floats=(),
    ),
}
