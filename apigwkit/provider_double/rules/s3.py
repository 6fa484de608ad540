"""S3: ``internal/service/s3/``.

Not re-read from the source index for this table: the rows are the provider's well-known defaults and
rules, kept to what is certain; the closing note of issue 17 lists them as unverified."""

from __future__ import annotations

from apigwkit.provider_double.checks import AccountID, Enum, InSlice, LenBetween
from apigwkit.provider_double.rules.kinds import ConflictsWith, Default, Diag, Items, Type, Value

_DIR = "internal/service/s3/"

RESOURCES: dict[str, Type] = {
    "aws_s3_bucket": Type(
        _DIR + "bucket.go",
        (
            Value("bucket", LenBetween(0, 63)),
            ConflictsWith("bucket", ("bucket_prefix",)),
            Value("bucket_prefix", LenBetween(0, 37)),  # 63 - id.UniqueIDSuffixLength
            ConflictsWith("bucket_prefix", ("bucket",)),
            Default("force_destroy", False),
        ),
    ),
    "aws_s3_bucket_versioning": Type(
        _DIR + "bucket_versioning.go",
        (
            Value("expected_bucket_owner", AccountID()),
            # bucketVersioningStatus_Values(): the SDK enum plus "Disabled"
            Value("versioning_configuration[].status", InSlice(("Enabled", "Suspended", "Disabled"))),
        ),
    ),
    "aws_s3_bucket_public_access_block": Type(
        _DIR + "bucket_public_access_block.go",
        (
            Default("block_public_acls", False),
            Default("block_public_policy", False),
            Default("ignore_public_acls", False),
            Default("restrict_public_buckets", False),
        ),
    ),
    "aws_s3_bucket_server_side_encryption_configuration": Type(
        _DIR + "bucket_server_side_encryption_configuration.go",
        (
            Value("expected_bucket_owner", AccountID()),
            Diag("rule{}.apply_server_side_encryption_by_default[].sse_algorithm", Enum("s3", "ServerSideEncryption")),
        ),
    ),
    "aws_s3_bucket_ownership_controls": Type(
        _DIR + "bucket_ownership_controls.go",
        (Diag("rule[].object_ownership", Enum("s3", "ObjectOwnership")),),
    ),
    "aws_s3_bucket_cors_configuration": Type(
        _DIR + "bucket_cors_configuration.go",
        (Value("expected_bucket_owner", AccountID()), Items("cors_rule", max=100, min=1, required=True)),
    ),
    "aws_s3_bucket_policy": Type(_DIR + "bucket_policy.go"),
}
