"""Route 53: ``internal/service/route53/``.

Not re-read from the source index for this table: the rows are the provider's well-known defaults and
rules, kept to what is certain; the closing note of issue 17 lists them as unverified."""

from __future__ import annotations

from apigwkit.provider_double.checks import Enum
from apigwkit.provider_double.rules.kinds import ConflictsWith, Default, Diag, Type

_DIR = "internal/service/route53/"

RESOURCES: dict[str, Type] = {
    "aws_route53_record": Type(
        _DIR + "record.go",
        (
            ConflictsWith("alias", ("records", "ttl")),
            ConflictsWith("records", ("alias",)),
            ConflictsWith("ttl", ("alias",)),
            Diag("type", Enum("route53", "RRType")),
        ),
    ),
    "aws_route53_zone": Type(
        _DIR + "zone.go", (Default("comment", "Managed by Terraform"), Default("force_destroy", False))
    ),
}
