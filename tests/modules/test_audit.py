"""modules/audit: one plan of the trail, its bucket and the archive, asserted value by value; and refusals."""

from __future__ import annotations

import json

import pytest

from tests.modules.conftest import _use, module_call

SOURCE = "../../../modules/audit"
M = "module.under_test"
REPLICA = "arn:aws:s3:::audit-replica-123456789012-ap-northeast-1"
REPLICA_KEY = "arn:aws:kms:ap-northeast-1:123456789012:key/00000000-0000-4000-8000-000000000000"
FUNCTION = "arn:aws:lambda:ap-northeast-2:123456789012:function:orders"
TRAIL = "arn:aws:cloudtrail:ap-northeast-2:123456789012:trail/audit"
BUCKET = "audit-audit-123456789012-ap-northeast-2"
BOUNDARY = "arn:aws:iam::123456789012:policy/audit-boundary"
BASE = {
    "name": "audit",
    "access_log_bucket": "s3-access-logs",
    "replication": {"destination_bucket_arn": REPLICA, "destination_kms_key_arn": REPLICA_KEY},
}
INPUTS = {
    **BASE,
    "object_lock": {"mode": "COMPLIANCE", "days": 2557},
    "lambda_data_events": {"function_arns": [FUNCTION]},
    "archive_log_groups": {"api": "/aws/apigateway/orders/default"},
    "permissions_boundary": BOUNDARY,
}


@pytest.fixture(scope="module")
def plan(module_root):
    _use(module_root, SOURCE, module_call(SOURCE, INPUTS))
    return module_root.plan()


def statements(policy: str) -> dict[str, dict]:
    return {s["Sid"]: s for s in json.loads(policy)["Statement"]}


def listed(value) -> list:
    return sorted(value if isinstance(value, list) else [value])


def test_the_bucket_is_versioned_locked_encrypted_private_logged_and_replicated(plan):
    assert plan[f"{M}.aws_s3_bucket.this"].value("bucket") == BUCKET
    assert plan[f"{M}.aws_s3_bucket.this"].value("object_lock_enabled") is True
    lock = plan[f"{M}.aws_s3_bucket_object_lock_configuration.this"].value("rule.0.default_retention.0")
    assert (lock["mode"], lock["days"]) == ("COMPLIANCE", 2557)
    assert plan[f"{M}.aws_s3_bucket_versioning.this"].value("versioning_configuration.0.status") == "Enabled"
    sse = plan[f"{M}.aws_s3_bucket_server_side_encryption_configuration.this"].value("rule.0")
    assert sse["apply_server_side_encryption_by_default"][0]["sse_algorithm"] == "aws:kms"
    block = plan[f"{M}.aws_s3_bucket_public_access_block.this"]
    assert all(block.value(k) is True for k in ("block_public_acls", "block_public_policy", "restrict_public_buckets"))
    assert plan[f"{M}.aws_s3_bucket_logging.this"].value("target_bucket") == "s3-access-logs"
    rule = plan[f"{M}.aws_s3_bucket_replication_configuration.this"].value("rule.0")
    assert (rule["status"], rule["destination"][0]["bucket"]) == ("Enabled", REPLICA)
    assert rule["destination"][0]["encryption_configuration"][0]["replica_kms_key_id"] == REPLICA_KEY
    lifecycle = plan[f"{M}.aws_s3_bucket_lifecycle_configuration.this"].value("rule.0")
    assert lifecycle["noncurrent_version_expiration"][0]["noncurrent_days"] == 2557  # as long as the lock keeps it


def test_the_trail_records_management_events_and_the_chosen_lambda_invokes_everywhere(plan):
    trail = plan[f"{M}.aws_cloudtrail.this"]
    assert (trail.value("name"), trail.value("s3_key_prefix")) == ("audit", "cloudtrail")
    assert trail.value("is_multi_region_trail") is True
    assert trail.value("include_global_service_events") is True
    assert trail.value("enable_log_file_validation") is True
    selectors = {s["name"]: s["field_selector"] for s in trail.value("advanced_event_selector")}
    assert {f["field"]: f["equals"] for f in selectors["Management events"]} == {"eventCategory": ["Management"]}
    assert {f["field"]: f["equals"] for f in selectors["Lambda invokes"]} == {
        "eventCategory": ["Data"],
        "resources.type": ["AWS::Lambda::Function"],
        "resources.ARN": [FUNCTION],
    }
    group = plan[f"{M}.aws_cloudwatch_log_group.trail"]
    assert (group.value("name"), group.value("retention_in_days")) == ("/aws/cloudtrail/audit", 365)


def test_the_key_lets_cloudtrail_and_cloudwatch_logs_use_it_for_this_trail_only(plan):
    key = plan[f"{M}.aws_kms_key.this"]
    assert key.value("enable_key_rotation") is True
    found = statements(key.value("policy"))
    assert found["CloudTrailEncryptsItsLogs"]["Condition"] == {"StringEquals": {"aws:SourceArn": TRAIL}}
    assert found["CloudWatchLogsEncryptsTheTrailsGroup"]["Principal"] == {
        "Service": "logs.ap-northeast-2.amazonaws.com"
    }
    condition = found["CloudWatchLogsEncryptsTheTrailsGroup"]["Condition"]["ArnEquals"]
    assert condition == {
        "kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:ap-northeast-2:123456789012:log-group:/aws/cloudtrail/audit"
    }


def test_log_groups_are_archived_through_firehose_into_the_bucket(plan):
    stream = plan[f"{M}.aws_kinesis_firehose_delivery_stream.archive[0]"]
    assert stream.value("destination") == "extended_s3"
    assert stream.value("server_side_encryption.0.key_type") == "CUSTOMER_MANAGED_CMK"
    assert stream.value("extended_s3_configuration.0.prefix").startswith("access-logs/")
    subscription = plan[f'{M}.aws_cloudwatch_log_subscription_filter.archive["api"]']
    assert (subscription.value("log_group_name"), subscription.value("filter_pattern")) == (
        "/aws/apigateway/orders/default",
        "",
    )


def test_applied_policies_grant_exactly_what_each_service_needs(apply_module):
    _, resources = apply_module(SOURCE, INPUTS)
    bucket = statements(resources[f"{M}.aws_s3_bucket_policy.this"]["policy"])
    assert sorted(bucket) == ["CloudTrailChecksTheAcl", "CloudTrailWritesItsLogs", "HttpsOnly"]
    write = bucket["CloudTrailWritesItsLogs"]
    assert write["Principal"] == {"Service": "cloudtrail.amazonaws.com"}
    assert write["Resource"] == f"arn:aws:s3:::{BUCKET}/cloudtrail/AWSLogs/123456789012/*"
    assert write["Condition"]["StringEquals"]["aws:SourceArn"] == TRAIL
    assert (bucket["HttpsOnly"]["Effect"], bucket["HttpsOnly"]["Condition"]) == (
        "Deny",
        {"Bool": {"aws:SecureTransport": "false"}},
    )
    firehose = statements(resources[f"{M}.aws_iam_role_policy.firehose[0]"]["policy"])
    assert listed(firehose["WriteTheArchive"]["Action"]) == ["s3:AbortMultipartUpload", "s3:PutObject"]
    assert firehose["WriteTheArchive"]["Resource"] == f"arn:aws:s3:::{BUCKET}/access-logs/*"
    subscription = statements(resources[f"{M}.aws_iam_role_policy.subscription[0]"]["policy"])
    assert listed(subscription["SendToTheArchive"]["Action"]) == ["firehose:PutRecord", "firehose:PutRecordBatch"]
    assert (
        subscription["SendToTheArchive"]["Resource"]
        == resources[f"{M}.aws_kinesis_firehose_delivery_stream.archive[0]"]["arn"]
    )
    replication = statements(resources[f"{M}.aws_iam_role_policy.replication"]["policy"])
    assert replication["WriteTheReplicas"]["Resource"] == f"{REPLICA}/*"
    every_action = [
        a for s in [*firehose.values(), *subscription.values(), *replication.values()] for a in listed(s["Action"])
    ]
    assert not any(a.endswith("*") for a in every_action)


def test_every_role_carries_the_permissions_boundary(plan):
    roles = {role.address: role.value("permissions_boundary") for role in plan.of_type("aws_iam_role")}
    assert len(roles) == 4  # replication, trail_logs, archive, subscription
    assert roles == dict.fromkeys(roles, BOUNDARY)


def test_the_trail_waits_for_the_bucket_policy_that_lets_it_write(plan):
    """CreateTrail fails with InsufficientS3BucketPolicyException when the bucket's policy is not there yet (the
    account model's row, tests/account/test_refusals.py); nothing else orders the two."""
    module = plan.raw["configuration"]["root_module"]["module_calls"]["under_test"]["module"]
    (trail,) = [r for r in module["resources"] if r["address"] == "aws_cloudtrail.this"]
    assert "aws_s3_bucket_policy.this" in trail.get("depends_on", [])


BAD_INPUTS = {
    "object lock mode": ({"object_lock": {"mode": "LEGAL_HOLD"}}, r"object_lock.mode must be GOVERNANCE or COMPLIANCE"),
    "object lock days": ({"object_lock": {"days": 0}}, r"object_lock.days must be a whole number of days"),
    "name with capitals": ({"name": "Audit"}, r"name must be 3-32 lower-case letters"),
    "short log retention": ({"log_retention_in_days": 30}, r"log_retention_in_days must be at least a year"),
    "replica not a bucket": (
        {"replication": {"destination_bucket_arn": "audit-replica", "destination_kms_key_arn": REPLICA_KEY}},
        r"replication needs destination_bucket_arn",
    ),
    "boundary not a policy": (
        {"permissions_boundary": "arn:aws:iam::123456789012:role/audit"},
        r"permissions_boundary must be an IAM policy ARN",
    ),
    "data events for an alias": (
        {"lambda_data_events": {"function_arns": [f"{FUNCTION}:live"]}},
        r"lambda_data_events.function_arns must be unqualified Lambda function ARNs",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_fails_at_plan_with_a_message_naming_the_rule(bad_input_report, case):
    inputs = {name: {**BASE, **given} for name, (given, _) in BAD_INPUTS.items()}
    bad_input_report.assert_refused(SOURCE, inputs, case, BAD_INPUTS[case][1])
