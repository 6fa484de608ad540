"""CloudWatch Logs and CloudWatch alarms: ``internal/service/logs/``, ``internal/service/cloudwatch/``.

``Type.floats`` (issue 17d): ``logs/group.go`` (2025-26 form, with the list resource) read whole: its one number,
``retention_in_days``, is a TypeInt. ``cloudwatch/metric_alarm.go`` (2026 form, with ``evaluation_criteria``) read
whole: ``threshold`` is the only TypeFloat (``datapoints_to_alarm``, ``evaluation_interval``,
``evaluation_periods``, ``period``, the promql periods and both ``metric_query`` periods are TypeInt); the stored file
predates ``warm_up_configuration``, whose ``warm_up_period_duration_in_minutes`` is typed from botocore's CloudWatch
model (``WarmUpPeriodDurationInMinutes`` integer)."""

from __future__ import annotations

from apigwkit.provider_double.checks import (
    All,
    Any_,
    Enum,
    InSlice,
    IntAtLeast,
    IntBetween,
    IntDivisibleBy,
    IntInSlice,
    LenBetween,
    Match,
    MatchQuoted,
    MaxLenQuoted,
)
from apigwkit.provider_double.rules.kinds import (
    ConflictsWith,
    Default,
    Diag,
    ExactlyOneOf,
    Items,
    PlanCheck,
    RequiredWith,
    Type,
    Value,
)

# logs/validate.go validLogGroupName / validLogGroupNamePrefix
_LOG_GROUP_NAME_TEMPLATE = (
    "{key} isn't a valid log group name (alphanumeric characters, underscores, hyphens, slashes, hash signs "
    "and dots are allowed): {value}"
)
_LOG_GROUP_NAME = All((MaxLenQuoted(512), MatchQuoted(r"^[0-9A-Za-z_./#-]+$", _LOG_GROUP_NAME_TEMPLATE)))
_LOG_GROUP_NAME_PREFIX = All((MaxLenQuoted(483), MatchQuoted(r"^[0-9A-Za-z_./#-]+$", _LOG_GROUP_NAME_TEMPLATE)))

# logs/group.go: the retention values CloudWatch Logs accepts, as the provider lists them.
LOG_RETENTION_DAYS = (
    0,
    1,
    3,
    5,
    7,
    14,
    30,
    60,
    90,
    120,
    150,
    180,
    365,
    400,
    545,
    731,
    1096,
    1827,
    2192,
    2557,
    2922,
    3288,
    3653,
)

# cloudwatch/metric_alarm.go
_STATISTIC_PATTERN = (
    r"^((p|(tm)|(wm)|(tc)|(ts))((\d{1,2}(\.\d{1,2})?)|(100))|(IQM)|(((TM)|(WM)|(PR)|(TC)|(TS)))"
    r"\((\d+(\.\d+)?%?)?:(\d+(\.\d+)?%?)?\))$"
)
_EXTENDED_STATISTIC = Match(
    _STATISTIC_PATTERN,
    "invalid statistic, see: https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Statistics-definitions.html",
)
_NAMESPACE = All((LenBetween(1, 255), Match(r"[^:].*", "must not contain colon characters")))
_ALARM_PERIOD = Any_((IntInSlice((10, 20, 30)), IntDivisibleBy(60)))
_QUERY_PERIOD = Any_((IntInSlice((1, 5, 10, 20, 30)), IntDivisibleBy(60)))
_CRITERIA_CONFLICTS = (
    "namespace",
    "metric_name",
    "dimensions",
    "period",
    "unit",
    "statistic",
    "extended_statistic",
    "metric_query",
    "threshold",
    "comparison_operator",
    "threshold_metric_id",
    "evaluation_periods",
    "datapoints_to_alarm",
)

RESOURCES: dict[str, Type] = {
    "aws_cloudwatch_log_group": Type(
        "internal/service/logs/group.go",
        (
            Diag("log_group_class", Enum("logs", "LogGroupClass")),
            Value("name", _LOG_GROUP_NAME),
            ConflictsWith("name", ("name_prefix",)),
            Value("name_prefix", _LOG_GROUP_NAME_PREFIX),
            ConflictsWith("name_prefix", ("name",)),
            Default("retention_in_days", 0),
            Value("retention_in_days", IntInSlice(LOG_RETENTION_DAYS)),
            Default("skip_destroy", False),
        ),
        floats=(),
    ),
    "aws_cloudwatch_metric_alarm": Type(
        "internal/service/cloudwatch/metric_alarm.go",
        (
            Default("actions_enabled", True),
            Value("alarm_description", LenBetween(0, 1024)),
            Value("alarm_name", LenBetween(1, 255)),
            Diag("comparison_operator", Enum("cloudwatch", "ComparisonOperator")),
            Value("datapoints_to_alarm", IntAtLeast(1)),
            ConflictsWith("dimensions", ("metric_query",)),
            Value("evaluate_low_sample_count_percentiles", InSlice(("evaluate", "ignore"), ignore_case=True)),
            ExactlyOneOf("evaluation_criteria", ("evaluation_criteria", "metric_name", "metric_query")),
            ConflictsWith("evaluation_criteria", _CRITERIA_CONFLICTS),
            Value("evaluation_criteria[].promql_criteria[].pending_period", IntBetween(0, 86400)),
            Value("evaluation_criteria[].promql_criteria[].query", LenBetween(1, 10000)),
            Value("evaluation_criteria[].promql_criteria[].recovery_period", IntBetween(0, 86400)),
            ConflictsWith("evaluation_interval", ("metric_name", "metric_query")),
            RequiredWith("evaluation_interval", ("evaluation_criteria",)),
            Value("evaluation_interval", _ALARM_PERIOD),
            Value("evaluation_periods", IntAtLeast(1)),
            Value("extended_statistic", _EXTENDED_STATISTIC),
            ConflictsWith("extended_statistic", ("statistic", "metric_query")),
            Items("insufficient_data_actions", max=5),
            Value("metric_name", LenBetween(1, 255)),
            ConflictsWith("metric_name", ("metric_query",)),
            ConflictsWith("metric_query", ("metric_name",)),
            Value("metric_query{}.account_id", LenBetween(1, 255)),
            Value("metric_query{}.expression", LenBetween(1, 1024)),
            Value("metric_query{}.id", LenBetween(1, 255)),
            Value("metric_query{}.metric[].metric_name", LenBetween(1, 255)),
            Value("metric_query{}.metric[].namespace", _NAMESPACE),
            Value("metric_query{}.metric[].period", _QUERY_PERIOD),
            Diag("metric_query{}.metric[].unit", Enum("cloudwatch", "StandardUnit")),
            Value("metric_query{}.period", _QUERY_PERIOD),
            Default("metric_query{}.return_data", False),
            Value("namespace", _NAMESPACE),
            ConflictsWith("namespace", ("metric_query",)),
            Items("ok_actions", max=5),
            Value("period", _ALARM_PERIOD),
            ConflictsWith("period", ("metric_query",)),
            Diag("statistic", Enum("cloudwatch", "Statistic")),
            ConflictsWith("statistic", ("extended_statistic", "metric_query")),
            ConflictsWith("threshold", ("threshold_metric_id",)),
            Value("threshold_metric_id", LenBetween(1, 255)),
            ConflictsWith("threshold_metric_id", ("threshold",)),
            Default("treat_missing_data", "missing"),
            Value("treat_missing_data", InSlice(("breaching", "ignore", "missing", "notBreaching"), ignore_case=True)),
            Diag("unit", Enum("cloudwatch", "StandardUnit")),
            # resourceMetricAlarmCustomizeDiff, in its order (the first error ends the plan)
            PlanCheck(
                "",
                check="alarm_needs_comparison_operator",
                message="comparison_operator is required for traditional metric alarms",
            ),
            PlanCheck(
                "",
                check="alarm_needs_evaluation_periods",
                message="evaluation_periods is required for traditional metric alarms",
            ),
            PlanCheck(
                "",
                check="alarm_needs_one_statistic",
                message="One of `statistic` or `extended_statistic` must be set for a cloudwatch metric alarm",
            ),
            PlanCheck(
                "",
                check="alarm_query_expression_or_metric",
                message="No metric_query may have both `expression` and a `metric` specified",
            ),
        ),
        floats=("threshold",),
    ),
}
