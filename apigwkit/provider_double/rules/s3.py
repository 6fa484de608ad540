"""S3: ``internal/service/s3/``.

Re-read for issue 17b: ``bucket.go`` (schema; it has no plan-time check of its own: the bucket name rules of
``validBucketName`` run at create) and ``bucket_versioning.go`` (schema and ``CustomizeDiff``). Re-read for
issue 17c (aws-sdk-go-v2 forms, 2024-25): ``bucket_public_access_block.go``,
``bucket_server_side_encryption_configuration.go``, ``bucket_ownership_controls.go``,
``bucket_cors_configuration.go`` (none has a plan-time check)."""

from __future__ import annotations

from apigwkit.provider_double.checks import (
    ARN,
    AccountID,
    All,
    Enum,
    InSlice,
    IntAtLeast,
    IntBetween,
    IsJSON,
    LenBetween,
    NotMatch,
    NoZeroValues,
)
from apigwkit.provider_double.rules.kinds import (
    ConflictsWith,
    Default,
    Diag,
    ExactlyOneOf,
    Items,
    PlanCheck,
    Type,
    Value,
)

_DIR = "internal/service/s3/"
# directory_bucket.go directoryBucketNameRegex
_DIRECTORY_BUCKET = r"^(?:[0-9a-z.-]+)--(?:[0-9a-za-z]+(?:-[0-9a-za-z]+)+)--x-s3$"
_WEBSITE = ("website.0.index_document", "website.0.redirect_all_requests_to")

RESOURCES: dict[str, Type] = {
    "aws_s3_bucket": Type(
        _DIR + "bucket.go",
        (
            Diag("acceleration_status", Enum("s3", "BucketAccelerateStatus")),
            # bucketCannedACL_Values(): AppendUnique(enum.Values[types.BucketCannedACL](), exec read, log delivery)
            Value("acl", Enum("s3", "BucketCannedACL", extra=("aws-exec-read", "log-delivery-write"))),
            ConflictsWith("acl", ("grant",)),
            Value(
                "bucket",
                All(
                    (
                        LenBetween(0, 63),
                        NotMatch(
                            _DIRECTORY_BUCKET,
                            "must not be in the format [bucket_name]--[azid]--x-s3. Use the aws_s3_directory_bucket "
                            "resource to manage S3 Express buckets",
                        ),
                    )
                ),
            ),
            ConflictsWith("bucket", ("bucket_prefix",)),
            Value("bucket_prefix", LenBetween(0, 37)),  # 63 - id.UniqueIDSuffixLength
            ConflictsWith("bucket_prefix", ("bucket",)),
            Default("force_destroy", False),
            Diag("grant{}.permissions{}", Enum("s3", "Permission")),
            Value("grant{}.type", InSlice(("CanonicalUser", "Group"))),
            Value("lifecycle_rule[].expiration[].days", IntAtLeast(0)),
            Value("lifecycle_rule[].id", LenBetween(0, 255)),
            Value("lifecycle_rule[].noncurrent_version_expiration[].days", IntAtLeast(1)),
            Value("lifecycle_rule[].noncurrent_version_transition{}.days", IntAtLeast(0)),
            Diag(
                "lifecycle_rule[].noncurrent_version_transition{}.storage_class", Enum("s3", "TransitionStorageClass")
            ),
            Value("lifecycle_rule[].transition{}.days", IntAtLeast(0)),
            Diag("lifecycle_rule[].transition{}.storage_class", Enum("s3", "TransitionStorageClass")),
            ConflictsWith("object_lock_enabled", ("object_lock_configuration",)),
            Value("object_lock_configuration[].rule[].default_retention[].days", IntAtLeast(1)),
            Diag("object_lock_configuration[].rule[].default_retention[].mode", Enum("s3", "ObjectLockRetentionMode")),
            Value("object_lock_configuration[].rule[].default_retention[].years", IntAtLeast(1)),
            Value("policy", IsJSON()),
            Value("replication_configuration[].rules{}.destination[].account_id", AccountID()),
            Value("replication_configuration[].rules{}.destination[].bucket", ARN()),
            Value("replication_configuration[].rules{}.destination[].metrics[].minutes", IntBetween(10, 15)),
            Value("replication_configuration[].rules{}.destination[].replication_time[].minutes", IntBetween(15, 15)),
            Value("replication_configuration[].rules{}.id", LenBetween(0, 255)),
            Value("replication_configuration[].rules{}.prefix", LenBetween(0, 1024)),
            Diag("request_payer", Enum("s3", "Payer")),
            Diag(
                "server_side_encryption_configuration[].rule[].apply_server_side_encryption_by_default[].sse_algorithm",
                Enum("s3", "ServerSideEncryption"),
            ),
            Default("versioning[].enabled", False),
            Default("versioning[].mfa_delete", False),
            ExactlyOneOf("website[].index_document", _WEBSITE),
            ExactlyOneOf("website[].redirect_all_requests_to", _WEBSITE),
            ConflictsWith(
                "website[].redirect_all_requests_to", ("website.0.error_document", "website.0.routing_rules")
            ),
            Value("website[].routing_rules", IsJSON()),
        ),
        floats=(),
    ),
    "aws_s3_bucket_versioning": Type(
        _DIR + "bucket_versioning.go",
        (
            Value("bucket", LenBetween(1, 63)),
            Value("expected_bucket_owner", AccountID()),
            Diag("versioning_configuration[].mfa_delete", Enum("s3", "MFADelete")),
            # bucketVersioningStatus_Values(): the SDK enum plus "Disabled"
            Value("versioning_configuration[].status", InSlice(("Enabled", "Suspended", "Disabled"))),
            PlanCheck(
                "",
                check="s3_versioning_cannot_be_disabled",
                message="versioning_configuration.status cannot be updated from '{old}' to 'Disabled'",
            ),
        ),
        floats=(),
    ),
    "aws_s3_bucket_public_access_block": Type(
        _DIR + "bucket_public_access_block.go",
        (
            Default("block_public_acls", False),
            Default("block_public_policy", False),
            Default("ignore_public_acls", False),
            Default("restrict_public_buckets", False),
        ),
        floats=(),
    ),
    "aws_s3_bucket_server_side_encryption_configuration": Type(
        _DIR + "bucket_server_side_encryption_configuration.go",
        (
            Value("bucket", LenBetween(1, 63)),
            Value("expected_bucket_owner", AccountID()),
            Diag("rule{}.apply_server_side_encryption_by_default[].sse_algorithm", Enum("s3", "ServerSideEncryption")),
        ),
        floats=(),
    ),
    "aws_s3_bucket_ownership_controls": Type(
        _DIR + "bucket_ownership_controls.go",
        (
            Value("bucket", NoZeroValues()),
            Items("rule", max=1, min=1, required=True),
            Diag("rule[].object_ownership", Enum("s3", "ObjectOwnership")),
        ),
        floats=(),
    ),
    "aws_s3_bucket_cors_configuration": Type(
        _DIR + "bucket_cors_configuration.go",
        (
            Value("bucket", LenBetween(1, 63)),
            # Required, MaxItems 100: the SDK serves a required block with MinItems 1
            Items("cors_rule", max=100, min=1, required=True),
            Value("cors_rule{}.id", LenBetween(0, 255)),
            Value("expected_bucket_owner", AccountID()),
        ),
        floats=(),
    ),
    "aws_s3_bucket_policy": Type(_DIR + "bucket_policy.go"),
}
