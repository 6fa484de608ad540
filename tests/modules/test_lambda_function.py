"""modules/lambda_function: the optional dead-letter queue, VPC placement, code signing and environment
key (inputs behind the checkov skips of CKV_AWS_116/117/272 and the pass of CKV_AWS_173), and refusals."""

from __future__ import annotations

import json
import re

import pytest

SOURCE = "../../../modules/lambda_function"
M = "module.under_test"
HASH = "A" * 43 + "="
BASE = {
    "name": "orders",
    "handler": "orders.lambda_handler",
    "package": {"filename": "orders.zip", "source_code_hash": HASH},
}
QUEUE = "arn:aws:sqs:ap-northeast-2:123456789012:orders-dlq"
TOPIC = "arn:aws:sns:ap-northeast-2:123456789012:orders-failures"
KEY = "arn:aws:kms:ap-northeast-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
SIGNING = "arn:aws:lambda:ap-northeast-2:123456789012:code-signing-config:csc-0123456789abcdef0"
VPC = {"subnet_ids": ["subnet-a", "subnet-b"], "security_group_ids": ["sg-1"]}


def statements(resources: dict) -> dict:
    """The execution role's inline policy by Sid (known after apply: it names the log group's ARN)."""
    policy = json.loads(resources[f"{M}.aws_iam_role_policy.this"]["policy"])
    return {s.get("Sid"): s for s in policy["Statement"]}


def as_list(value):
    return value if isinstance(value, list) else [value]


def test_defaults_add_no_queue_vpc_signing_or_key(plan_module):
    fn = plan_module(SOURCE, BASE)[f"{M}.aws_lambda_function.this"]
    assert fn.value("dead_letter_config") == []
    assert fn.value("vpc_config") == []
    assert fn.value("code_signing_config_arn") is None
    assert fn.value("kms_key_arn") is None


def test_queue_vpc_signing_and_key_reach_the_function(plan_module):
    p = plan_module(
        SOURCE,
        {
            **BASE,
            "dead_letter_target_arn": QUEUE,
            "vpc_config": VPC,
            "code_signing_config_arn": SIGNING,
            "kms_key_arn": KEY,
            "environment": {"TABLE": "orders"},
        },
    )
    fn = p[f"{M}.aws_lambda_function.this"]
    assert fn.value("dead_letter_config") == [{"target_arn": QUEUE}]
    assert fn.value("vpc_config.0.subnet_ids") == ["subnet-a", "subnet-b"]
    assert fn.value("vpc_config.0.security_group_ids") == ["sg-1"]
    assert (fn.value("code_signing_config_arn"), fn.value("kms_key_arn")) == (SIGNING, KEY)


@pytest.mark.parametrize(("target", "action", "vpc"), [(QUEUE, "sqs:SendMessage", VPC), (TOPIC, "sns:Publish", None)])
def test_the_role_may_send_to_its_dead_letter_target_and_manage_vpc_interfaces(apply_module, target, action, vpc):
    _, resources = apply_module(SOURCE, {**BASE, "dead_letter_target_arn": target, "vpc_config": vpc})
    found = statements(resources)
    assert (as_list(found["DeadLetterQueue"]["Action"]), as_list(found["DeadLetterQueue"]["Resource"])) == (
        [action],
        [target],
    )
    assert ("VpcNetworkInterfaces" in found) is (vpc is not None)
    if vpc is not None:
        actions = as_list(found["VpcNetworkInterfaces"]["Action"])
        assert "ec2:CreateNetworkInterface" in actions and not any("*" in a for a in actions)


BAD_INPUTS = {
    "dead-letter target not a queue or topic": (
        {"dead_letter_target_arn": "arn:aws:s3:::bucket"},
        r"dead_letter_target_arn must be an SQS queue or SNS topic ARN",
    ),
    "vpc without security groups": (
        {"vpc_config": {"subnet_ids": ["subnet-a"], "security_group_ids": []}},
        r"vpc_config needs at least one subnet_id and one security_group_id",
    ),
    "signing config not an ARN": (
        {"code_signing_config_arn": "csc-0123456789abcdef0"},
        r"code_signing_config_arn must be a Lambda code signing config ARN",
    ),
    "environment key not a KMS key": (
        {"kms_key_arn": "alias/aws/lambda"},
        r"kms_key_arn must be a KMS key ARN",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_fails_at_plan_with_a_message_naming_the_rule(bad_input_report, case):
    inputs = {name: {**BASE, **given} for name, (given, _) in BAD_INPUTS.items()}
    errors = bad_input_report.errors(SOURCE, inputs, case)
    assert errors, f"{case}: the plan reported no error"
    assert any(re.search(BAD_INPUTS[case][1], e) for e in errors), "\n".join(errors)
