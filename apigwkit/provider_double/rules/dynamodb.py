"""DynamoDB: ``internal/service/dynamodb/``.

``Type.floats`` (issue 17d): ``table.go`` (2026 form, with ``global_table_witness`` and ``warm_throughput``) read
whole, ``onDemandThroughputSchema`` and ``warmThroughputSchema`` included: every number (``read_capacity``,
``write_capacity`` at the top and in ``global_secondary_index``, the on-demand and warm throughput units,
``point_in_time_recovery.recovery_period_in_days``) is a TypeInt."""

from __future__ import annotations

from apigwkit.provider_double.checks import ARN, Enum, IntAtLeast, IntBetween
from apigwkit.provider_double.rules.kinds import Default, Diag, PlanCheck, Type, Value

RESOURCES: dict[str, Type] = {
    "aws_dynamodb_table": Type(
        "internal/service/dynamodb/table.go",
        (
            Diag("attribute{}.type", Enum("dynamodb", "ScalarAttributeType")),
            Default("billing_mode", "PROVISIONED"),
            Diag("billing_mode", Enum("dynamodb", "BillingMode")),
            Diag("global_secondary_index{}.key_schema[].key_type", Enum("dynamodb", "KeyType")),
            Diag("global_secondary_index{}.projection_type", Enum("dynamodb", "ProjectionType")),
            Diag("local_secondary_index{}.projection_type", Enum("dynamodb", "ProjectionType")),
            Value("point_in_time_recovery[].recovery_period_in_days", IntBetween(1, 35)),
            Value("replica{}.kms_key_arn", ARN()),
            Value("restore_source_table_arn", ARN()),
            Value("server_side_encryption[].kms_key_arn", ARN()),
            Value("stream_view_type", Enum("dynamodb", "StreamViewType", extra=("",))),
            Diag("table_class", Enum("dynamodb", "TableClass")),
            Value("warm_throughput[].read_units_per_second", IntAtLeast(12000)),
            Value("warm_throughput[].write_units_per_second", IntAtLeast(4000)),
            # CustomizeDiff is customdiff.All: every function runs, their errors joined (errors.Join).
            PlanCheck("", check="dynamodb_table", message="{errors}"),
        ),
        floats=(),
    ),
}
