"""ACM: ``internal/service/acm/``.

Not re-read from the source index for this table: the rows are the provider's well-known defaults and
rules, kept to what is certain; the closing note of issue 17 lists them as unverified."""

from __future__ import annotations

from apigwkit.provider_double.checks import NotMatch
from apigwkit.provider_double.rules.kinds import ConflictsWith, ExactlyOneOf, Type, Value

_DIR = "internal/service/acm/"

RESOURCES: dict[str, Type] = {
    "aws_acm_certificate": Type(
        _DIR + "certificate.go",
        (
            Value("domain_name", NotMatch(r"\.$", "cannot end with a period")),
            ExactlyOneOf("domain_name", ("domain_name", "private_key")),
            ConflictsWith("domain_name", ("certificate_body", "certificate_chain", "private_key")),
            ExactlyOneOf("private_key", ("domain_name", "private_key")),
        ),
    ),
    "aws_acm_certificate_validation": Type(_DIR + "certificate_validation.go"),
}
