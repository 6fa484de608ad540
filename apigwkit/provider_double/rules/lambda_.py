"""AWS Lambda: ``internal/service/lambda/`` (validators in its ``validate.go``).

``Type.floats`` of ``aws_lambda_function`` (issue 17d): the whole schema of the newest stored ``function.go`` (an
aws-sdk-go-v2 form) was read: ``memory_size``, ``reserved_concurrent_executions``, ``source_code_size``, ``timeout``
and ``ephemeral_storage.size`` are TypeInt, no TypeFloat. That file predates ``capacity_provider_config`` and
``durable_config`` (no stored form has them); their four numbers are typed from two other sources that agree:
pulumi-aws's generated ``lambda.Function`` docs (the bridge renders a TypeFloat as ``float(0)``, a TypeInt as ``0``)
and botocore's Lambda model (``ExecutionEnvironmentMemoryGiBPerVCpu`` double; ``PerExecutionEnvironmentMaxConcurrency``,
``ExecutionTimeout``, ``RetentionPeriodInDays`` integer)."""

from __future__ import annotations

from apigwkit.provider_double.checks import (
    ARN,
    AccountID,
    All,
    Enum,
    IntAtLeast,
    IntBetween,
    LambdaFunctionNameLength,
    LenBetween,
    Match,
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

_DIR = "internal/service/lambda/"

# validate.go validFunctionName()
FUNCTION_NAME = All(
    (
        Match(
            r"^(arn:[\w-]+:lambda:)?([a-z]{2}-(?:[a-z]+-){1,2}\d{1}:)?(\d{12}:)?(function:)?([0-9A-Za-z_-]+)"
            r"(:(\$LATEST|[0-9A-Za-z_-]+))?$",
            "must be valid function name or function ARN",
        ),
        LenBetween(1, 140),
        LambdaFunctionNameLength(),
    )
)
# validate.go validLogGroupName()
_LOG_GROUP = All(
    (
        Match(
            r"^[0-9A-Za-z_./#-]+$",
            "must contain alphanumeric characters, underscores, hyphens, slashes, hash signs and dots only",
        ),
        LenBetween(1, 512),
    )
)
# validate.go validPolicyStatementID()
_STATEMENT_ID = All(
    (Match(r"^[0-9A-Za-z_-]+$", "must contain alphanumeric, underscores or dashes only"), LenBetween(1, 100))
)
_CODE = ("filename", "image_uri", "s3_bucket")

RESOURCES: dict[str, Type] = {
    "aws_lambda_function": Type(
        _DIR + "function.go",
        (
            Diag("architectures[]", Enum("lambda", "Architecture")),
            Diag(
                "capacity_provider_config[].lambda_managed_instances_capacity_provider_config[].capacity_provider_arn",
                ARN(),
            ),
            Value("code_signing_config_arn", ARN()),
            Value("dead_letter_config[].target_arn", ARN()),
            Value("durable_config[].execution_timeout", IntBetween(1, 31622400)),
            Default("durable_config[].retention_period", 14),
            Value("durable_config[].retention_period", IntBetween(1, 90)),
            Value("ephemeral_storage[].size", IntBetween(512, 10240)),
            Value("file_system_config[].arn", ARN()),
            Value("file_system_config[].local_mount_path", Match(r"^/mnt/[0-9A-Za-z_.-]+$", "must start with '/mnt/'")),
            ExactlyOneOf("filename", _CODE),
            Value("function_name", FUNCTION_NAME),
            Value("handler", LenBetween(1, 128)),
            ExactlyOneOf("image_uri", _CODE),
            Value("kms_key_arn", ARN()),
            Items("layers", max=5),
            Value("layers[]", ARN()),
            Default("logging_config[].application_log_level", ""),
            Diag("logging_config[].application_log_level", Enum("lambda", "ApplicationLogLevel")),
            Diag("logging_config[].log_format", Enum("lambda", "LogFormat")),
            Value("logging_config[].log_group", _LOG_GROUP),
            Default("logging_config[].system_log_level", ""),
            Diag("logging_config[].system_log_level", Enum("lambda", "SystemLogLevel")),
            Default("memory_size", 128),
            Value("memory_size", IntBetween(128, 10240)),
            Default("package_type", "Zip"),
            Diag("package_type", Enum("lambda", "PackageType")),
            Default("publish", False),
            Diag("publish_to", Enum("lambda", "FunctionVersionLatestPublished")),
            RequiredWith("replacement_security_group_ids", ("replace_security_groups_on_destroy",)),
            Default("reserved_concurrent_executions", -1),
            Value("reserved_concurrent_executions", IntAtLeast(-1)),
            Value("role", ARN()),
            Diag("runtime", Enum("lambda", "Runtime")),
            ExactlyOneOf("s3_bucket", _CODE),
            RequiredWith("s3_bucket", ("s3_key",)),
            RequiredWith("s3_key", ("s3_bucket",)),
            ConflictsWith("s3_object_version", ("filename", "image_uri")),
            Default("skip_destroy", False),
            Diag("snap_start[].apply_on", Enum("lambda", "SnapStartApplyOn")),
            Value("source_kms_key_arn", ARN()),
            ConflictsWith("source_kms_key_arn", ("image_uri",)),
            Diag("tenancy_config[].tenant_isolation_mode", Enum("lambda", "TenantIsolationMode")),
            Default("timeout", 3),
            Value("timeout", IntBetween(1, 900)),
            Diag("tracing_config[].mode", Enum("lambda", "TracingMode")),
            Default("vpc_config[].ipv6_allowed_for_dual_stack", False),
            PlanCheck(
                "",
                check="lambda_zip_needs_handler_and_runtime",
                message="handler and runtime must be set when PackageType is Zip",
            ),
        ),
        floats=(
            "capacity_provider_config[].lambda_managed_instances_capacity_provider_config[]"
            ".execution_environment_memory_gib_per_vcpu",
        ),
    ),
    "aws_lambda_permission": Type(
        _DIR + "permission.go",
        (
            Value(
                "action",
                Match(r"^(lambda:[*]|lambda:[A-Za-z]+|[*])$", "must be a valid action (usually starts with lambda:)"),
            ),
            Value(
                "event_source_token",
                All(
                    (
                        Match(r"^[0-9A-Za-z_.-]+$", "must contain alphanumeric, periods, underscores or dashes only"),
                        LenBetween(1, 256),
                    )
                ),
            ),
            Value("function_name", FUNCTION_NAME),
            Diag("function_url_auth_type", Enum("lambda", "FunctionUrlAuthType")),
            Value(
                "qualifier",
                All(
                    (
                        Match(
                            r"^[0-9A-Za-z_$-]+$", "must contain alphanumeric, dollar signs, underscores or dashes only"
                        ),
                        LenBetween(1, 128),
                    )
                ),
            ),
            Value("source_account", AccountID()),
            Value("source_arn", ARN()),
            Value("statement_id", _STATEMENT_ID),
            ConflictsWith("statement_id", ("statement_id_prefix",)),
            Value("statement_id_prefix", _STATEMENT_ID),
            ConflictsWith("statement_id_prefix", ("statement_id",)),
        ),
    ),
}
