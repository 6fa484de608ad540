"""ACM: ``internal/service/acm/``.

``certificate.go`` re-read for issue 17b. Its ``CustomizeDiff`` also plans ``subject_alternative_names`` with
``domain_name`` added and computes ``domain_validation_options`` for DNS validation; the first is reproduced
(``plan_checks.adjust``), the second is left unknown. ``early_renewal_duration``'s ``validateHybridDuration``
is not reproduced. ``certificate_validation.go`` (2024-25) re-read for issue 17c: no validator, default or
plan-time check."""

from __future__ import annotations

from apigwkit.provider_double.checks import ARN, All, Enum, LenBetween, NotMatch
from apigwkit.provider_double.rules.kinds import ConflictsWith, Default, Diag, ExactlyOneOf, RequiredWith, Type, Value

_DIR = "internal/service/acm/"
_NO_PERIOD = NotMatch(r"\.$", "cannot end with a period")
_IMPORTED = ("certificate_body", "certificate_chain", "private_key")

RESOURCES: dict[str, Type] = {
    "aws_acm_certificate": Type(
        _DIR + "certificate.go",
        (
            Value("certificate_authority_arn", ARN()),
            ConflictsWith("certificate_authority_arn", ("certificate_body", "private_key", "validation_method")),
            RequiredWith("certificate_body", ("private_key",)),
            ConflictsWith("certificate_body", ("certificate_authority_arn", "domain_name", "validation_method")),
            ConflictsWith("certificate_chain", ("certificate_authority_arn", "domain_name", "validation_method")),
            Value("domain_name", _NO_PERIOD),
            ExactlyOneOf("domain_name", ("domain_name", "private_key")),
            ConflictsWith("domain_name", _IMPORTED),
            ConflictsWith("early_renewal_duration", (*_IMPORTED, "validation_method")),
            Diag("key_algorithm", Enum("acm", "KeyAlgorithm")),
            ConflictsWith("key_algorithm", _IMPORTED),
            Default("options[].certificate_transparency_logging_preference", "ENABLED"),
            Diag(
                "options[].certificate_transparency_logging_preference",
                Enum("acm", "CertificateTransparencyLoggingPreference"),
            ),
            ConflictsWith("options[].certificate_transparency_logging_preference", _IMPORTED),
            ExactlyOneOf("private_key", ("domain_name", "private_key")),
            Value("subject_alternative_names{}", All((LenBetween(1, 253), _NO_PERIOD))),
            ConflictsWith("subject_alternative_names", _IMPORTED),
            Diag("validation_method", Enum("acm", "ValidationMethod")),
            ConflictsWith("validation_method", ("certificate_authority_arn", *_IMPORTED)),
            ConflictsWith("validation_option", _IMPORTED),
        ),
        floats=(),
    ),
    # certificate_arn and validation_record_fqdns carry no validator; its checks run at create
    "aws_acm_certificate_validation": Type(_DIR + "certificate_validation.go", floats=()),
}
