"""Data sources the double computes from configuration: ``aws_iam_policy_document``
(``internal/service/iam/policy_document_data_source.go``), ``aws_region`` (``internal/service/meta/``,
a Plugin-Framework data source), ``aws_availability_zones`` (``internal/service/ec2/``)."""

from __future__ import annotations

from apigwkit.provider_double.checks import Enum, InSlice, IsEmpty, IsJSON
from apigwkit.provider_double.rules.kinds import Combination, Diag, Type, Value

RESOURCES: dict[str, Type] = {}

DATA_SOURCES: dict[str, Type] = {
    "aws_iam_policy_document": Type(
        "internal/service/iam/policy_document_data_source.go",
        (
            Value("override_json", IsEmpty()),
            Value("override_policy_documents[]", IsJSON()),
            Value("source_json", IsEmpty()),
            Value("source_policy_documents[]", IsJSON()),
            Value("statement[].effect", InSlice(("Allow", "Deny"))),
            Value("version", InSlice(("2008-10-17", "2012-10-17"))),
        ),
    ),
    "aws_availability_zones": Type(
        "internal/service/ec2/ec2_availability_zones_data_source.go",
        (Diag("state", Enum("ec2", "AvailabilityZoneState")),),
    ),
    # datasourcevalidator.Conflicting(path.MatchRoot("name"), path.MatchRoot("region"))
    "aws_region": Type(
        "internal/service/meta/region_data_source.go",
        (Combination("", kind="conflicting", paths=("name", "region")),),
        framework=True,
    ),
}
