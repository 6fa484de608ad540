"""KMS: ``internal/service/kms/``.

Not re-read from the source index for this table: the rows are the provider's well-known defaults and
rules, kept to what is certain; the closing note of issue 17 lists them as unverified."""

from __future__ import annotations

from apigwkit.provider_double.checks import IAMPolicyJSON, IntBetween, LenBetween
from apigwkit.provider_double.rules.kinds import ConflictsWith, Default, Type, Value

_DIR = "internal/service/kms/"

RESOURCES: dict[str, Type] = {
    "aws_kms_key": Type(
        _DIR + "key.go",
        (
            Default("bypass_policy_lockout_safety_check", False),
            Default("customer_master_key_spec", "SYMMETRIC_DEFAULT"),
            Value("deletion_window_in_days", IntBetween(7, 30)),
            Value("description", LenBetween(0, 8192)),
            Default("enable_key_rotation", False),
            Default("is_enabled", True),
            Default("key_usage", "ENCRYPT_DECRYPT"),
            Value("policy", IAMPolicyJSON()),
            Value("rotation_period_in_days", IntBetween(90, 2560)),
        ),
    ),
    "aws_kms_alias": Type(
        _DIR + "alias.go",
        (ConflictsWith("name", ("name_prefix",)), ConflictsWith("name_prefix", ("name",))),
    ),
}
