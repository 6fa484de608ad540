"""IAM: ``internal/service/iam/`` (name validators in its ``validate.go``).

Re-read for issue 17b: ``role.go``, ``policy.go``, ``validate.go`` (``validResourceName``, ``validPolicyPath``).
Re-read for issue 17c: ``role_policy.go`` (2026; ``role``'s ``validRolePolicyRole`` not reproduced) and
``role_policy_attachment.go`` (2025)."""

from __future__ import annotations

from apigwkit.provider_double.checks import (
    ARN,
    All,
    IAMPolicyJSON,
    IntBetween,
    LenBetween,
    Match,
    NotEmpty,
    NotMatch,
    PolicyPathSlashes,
)
from apigwkit.provider_double.rules.kinds import ConflictsWith, Default, Diag, Type, Value

_DIR = "internal/service/iam/"
_NAME_CHARS = Match(r"^[\w+=,.@-]*$", "must match [\\w+=,.@-]")
# validResourceName(max): 1..max characters of [\w+=,.@-]
_ROLE_NAME = All((LenBetween(1, 64), _NAME_CHARS))
_ROLE_NAME_PREFIX = All((LenBetween(1, 38), _NAME_CHARS))
_POLICY_NAME = All((LenBetween(1, 128), _NAME_CHARS))
_POLICY_NAME_PREFIX = All((LenBetween(1, 102), _NAME_CHARS))
# validPolicyPath: AllDiag(ToDiagFunc(StringLenBetween(1, 512)), the slash rules, ToDiagFunc(StringMatch(...)))
_POLICY_PATH = All(
    (
        LenBetween(1, 512),
        PolicyPathSlashes(),
        Match(
            r"^[A-Za-z0-9\.,\+@=_/-]*$",
            "must contain uppercase or lowercase alphanumeric characters or any of the following: / , . + @ = _ -",
        ),
    )
)

RESOURCES: dict[str, Type] = {
    "aws_iam_role": Type(
        _DIR + "role.go",
        (
            Value("assume_role_policy", IAMPolicyJSON()),
            Value(
                "description",
                All(
                    (
                        LenBetween(0, 1000),
                        NotMatch("[“‘]", "cannot contain specially formatted single or double quotes: [“‘]"),
                    )
                ),
            ),
            Default("force_detach_policies", False),
            Value("inline_policy{}.name", All((NotEmpty(), _POLICY_NAME))),  # StringIsNotEmpty, validRolePolicyName
            Value("inline_policy{}.policy", IAMPolicyJSON()),
            Value("managed_policy_arns{}", ARN()),
            Default("max_session_duration", 3600),
            Value("max_session_duration", IntBetween(3600, 43200)),
            Value("name", _ROLE_NAME),
            ConflictsWith("name", ("name_prefix",)),
            Value("name_prefix", _ROLE_NAME_PREFIX),
            ConflictsWith("name_prefix", ("name",)),
            Default("path", "/"),
            Value("path", LenBetween(0, 512)),
            Value("permissions_boundary", ARN()),
        ),
        floats=(),
    ),
    "aws_iam_policy": Type(
        _DIR + "policy.go",
        (
            Value("name", _POLICY_NAME),
            ConflictsWith("name", ("name_prefix",)),
            Value("name_prefix", _POLICY_NAME_PREFIX),
            ConflictsWith("name_prefix", ("name",)),
            Default("path", "/"),
            Diag("path", _POLICY_PATH),
            Value("policy", IAMPolicyJSON()),
        ),
        floats=(),
    ),
    "aws_iam_role_policy": Type(
        _DIR + "role_policy.go",
        (
            Value("name", _POLICY_NAME),  # validRolePolicyName
            ConflictsWith("name", ("name_prefix",)),
            Value("name_prefix", _POLICY_NAME_PREFIX),  # validResourceName(128 - sdkid.UniqueIDSuffixLength)
            ConflictsWith("name_prefix", ("name",)),
            Value("policy", IAMPolicyJSON()),
        ),
        floats=(),
    ),
    "aws_iam_role_policy_attachment": Type(
        _DIR + "role_policy_attachment.go", (Value("policy_arn", ARN()),), floats=()
    ),
}
