"""Route 53: ``internal/service/route53/``.

``record.go`` re-read for issue 17b (the record's alias/records/ttl rules, routing policies, validators);
``zone.go`` (the aws-sdk-go-v2 form, 2024-25) re-read for issue 17c."""

from __future__ import annotations

from apigwkit.provider_double.checks import Enum, IntBetween, LenBetween, NoZeroValues
from apigwkit.provider_double.rules.kinds import (
    ConflictsWith,
    Default,
    Diag,
    ExactlyOneOf,
    Items,
    RequiredWith,
    Type,
    Value,
)

_DIR = "internal/service/route53/"
_ROUTING = (
    "cidr_routing_policy",
    "failover_routing_policy",
    "geolocation_routing_policy",
    "geoproximity_routing_policy",
    "latency_routing_policy",
    "multivalue_answer_routing_policy",
    "weighted_routing_policy",
)


def _routing(name: str) -> tuple:
    """Each routing policy conflicts with the others and needs ``set_identifier``."""
    return (
        ConflictsWith(name, tuple(other for other in _ROUTING if other != name)),
        RequiredWith(name, ("set_identifier",)),
    )


RESOURCES: dict[str, Type] = {
    "aws_route53_record": Type(
        _DIR + "record.go",
        (
            ExactlyOneOf("alias", ("alias", "records")),
            ConflictsWith("alias", ("ttl",)),
            Value("alias[].name", LenBetween(1, 1024)),
            Value("alias[].zone_id", LenBetween(1, 32)),
            Diag("failover_routing_policy[].type", Enum("route53", "ResourceRecordSetFailover")),
            Value("geoproximity_routing_policy[].bias", IntBetween(-99, 99)),
            Diag("latency_routing_policy[].region", Enum("route53", "ResourceRecordSetRegion")),
            ExactlyOneOf("records", ("alias", "records")),
            ConflictsWith("ttl", ("alias",)),
            RequiredWith("ttl", ("records", "ttl")),
            Diag("type", Enum("route53", "RRType")),
            Value("zone_id", NoZeroValues()),
            *(row for name in _ROUTING for row in _routing(name)),
        ),
        floats=(),
    ),
    "aws_route53_zone": Type(
        _DIR + "zone.go",
        (
            Default("comment", "Managed by Terraform"),
            Value("comment", LenBetween(0, 256)),
            Value("delegation_set_id", LenBetween(0, 32)),
            ConflictsWith("delegation_set_id", ("vpc",)),
            Default("force_destroy", False),
            Value("name", LenBetween(1, 1024)),
            Items("vpc", min=1),
            ConflictsWith("vpc", ("delegation_set_id",)),
            Value("vpc{}.vpc_id", NoZeroValues()),
        ),
        floats=(),
    ),
}
