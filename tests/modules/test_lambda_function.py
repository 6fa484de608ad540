"""modules/lambda_function: the optional dead-letter queue, VPC placement, code signing and environment
key (inputs behind the checkov skips of CKV_AWS_116/117/272 and the pass of CKV_AWS_173); published versions
and the alias "live", SnapStart, provisioned concurrency, CodeDeploy traffic shifting, parameters and secrets;
and refusals."""

from __future__ import annotations

import json

import pytest

from tests.modules.conftest import _use, module_call

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
EFS = {
    "arn": "arn:aws:elasticfilesystem:ap-northeast-2:123456789012:access-point/fsap-0123",
    "local_mount_path": "/mnt/data",
}


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


ALARMS = ["orders-5xx", "orders-latency"]
DELIVERY = {
    **BASE,
    "snap_start": True,
    "parameters": {"jwt_issuer": "https://issuer.example.com", "jwt_audience": "client-1"},
    "secrets": {"shared": {"description": "partner HMAC key"}},
    "deployment": {"custom": {"type": "TimeBasedCanary", "percentage": 20, "interval_minutes": 3}},
    "rollback_alarm_names": ALARMS,
}


@pytest.fixture(scope="module")
def delivery_plan(module_root):
    """One plan of the delivery features together (SnapStart, parameters and secrets, a custom canary)."""
    _use(module_root, SOURCE, module_call(SOURCE, DELIVERY))
    return module_root.plan()


def test_every_change_publishes_a_version_and_snapstart_applies_to_published_versions(delivery_plan):
    fn = delivery_plan[f"{M}.aws_lambda_function.this"]
    assert fn.value("publish") is True
    assert fn.value("snap_start.0.apply_on") == "PublishedVersions"
    assert fn.value("ephemeral_storage.0.size") == 512


def test_the_alias_live_serves_the_frozen_release_and_leaves_weights_to_codedeploy(delivery_plan):
    alias = delivery_plan[f"{M}.aws_lambda_alias.this"]
    assert alias.value("name") == "live"
    assert alias.is_unknown("function_version")  # the first release: the version the apply publishes
    assert f"{M}.terraform_data.live_version[0]" in delivery_plan


def test_a_custom_canary_is_its_own_configuration_and_rolls_back_on_alarms_and_stops(delivery_plan):
    config = delivery_plan[f"{M}.aws_codedeploy_deployment_config.this[0]"]
    assert config.value("deployment_config_name") == "orders-canary-20pct-3min"
    assert config.value("compute_platform") == "Lambda"
    assert config.value("traffic_routing_config.0.time_based_canary") == [{"percentage": 20, "interval": 3}]
    group = delivery_plan[f"{M}.aws_codedeploy_deployment_group.this[0]"]
    assert group.value("deployment_group_name") == "orders-live"
    assert group.value("deployment_style") == [
        {"deployment_option": "WITH_TRAFFIC_CONTROL", "deployment_type": "BLUE_GREEN"}
    ]
    rollback = group.value("auto_rollback_configuration.0")
    assert rollback["enabled"] is True
    assert sorted(rollback["events"]) == [
        "DEPLOYMENT_FAILURE",
        "DEPLOYMENT_STOP_ON_ALARM",
        "DEPLOYMENT_STOP_ON_REQUEST",
    ]
    assert group.value("alarm_configuration.0.alarms") == ALARMS
    assert group.value("alarm_configuration.0.enabled") is True
    assert delivery_plan[f"{M}.aws_codedeploy_app.this[0]"].value("compute_platform") == "Lambda"


def test_parameters_are_secure_strings_under_the_module_key_and_their_names_reach_the_function(delivery_plan):
    for key in DELIVERY["parameters"]:
        parameter = delivery_plan[f'{M}.aws_ssm_parameter.this["{key}"]']
        assert (parameter.value("name"), parameter.value("type")) == (f"/orders/{key}", "SecureString")
        assert parameter.is_unknown("key_id")  # the module's key, created with it
    secret = delivery_plan[f'{M}.aws_secretsmanager_secret.this["shared"]']
    assert (secret.value("name"), secret.value("recovery_window_in_days")) == ("orders/shared", 30)
    assert secret.is_unknown("kms_key_id")
    assert "aws_secretsmanager_secret_version" not in {rc.type for rc in delivery_plan.changes.values()}
    assert delivery_plan[f"{M}.aws_kms_key.config[0]"].value("enable_key_rotation") is True
    environment = delivery_plan[f"{M}.aws_lambda_function.this"].value("environment.0.variables")
    assert environment == {
        "JWT_ISSUER_PARAMETER_NAME": "/orders/jwt_issuer",
        "JWT_AUDIENCE_PARAMETER_NAME": "/orders/jwt_audience",
        "SHARED_SECRET_NAME": "orders/shared",
    }


@pytest.mark.parametrize(
    ("concurrency", "fixed", "scaled"),
    [({"executions": 3}, 1, 0), ({"autoscaling": {"min": 2, "max": 8}}, 0, 1)],
)
def test_provisioned_concurrency_is_on_the_alias_fixed_or_auto_scaled(plan_module, concurrency, fixed, scaled):
    p = plan_module(SOURCE, {**BASE, "provisioned_concurrency": concurrency})
    configs = p.of_type("aws_lambda_provisioned_concurrency_config")
    targets = p.of_type("aws_appautoscaling_target")
    assert (len(configs), len(targets), len(p.of_type("aws_appautoscaling_policy"))) == (fixed, scaled, scaled)
    if fixed:
        assert (configs[0].value("qualifier"), configs[0].value("provisioned_concurrent_executions")) == ("live", 3)
    else:
        target = targets[0]
        assert target.value("resource_id") == "function:orders:live"
        assert (target.value("min_capacity"), target.value("max_capacity")) == (2, 8)
        policy = p.of_type("aws_appautoscaling_policy")[0]
        tracking = policy.value("target_tracking_scaling_policy_configuration.0")
        assert tracking["target_value"] == 0.7
        assert tracking["predefined_metric_specification"][0]["predefined_metric_type"] == (
            "LambdaProvisionedConcurrencyUtilization"
        )
    assert p.of_type("aws_codedeploy_deployment_group") == []  # no deployment: the alias follows every version


def test_a_canary_release_publishes_a_version_the_alias_does_not_serve_yet(apply_module):
    """Applied twice: the second apply (a changed environment) publishes version 2; the alias keeps version 1 for
    CodeDeploy to shift, and the role reads exactly the function's parameters and secrets."""
    outputs, resources = apply_module(SOURCE, DELIVERY, ["deployment", "version", "live_version", "alias_arn"])
    assert (outputs["version"], outputs["live_version"]) == ("1", "1")
    assert outputs["alias_arn"] == "arn:aws:lambda:ap-northeast-2:123456789012:function:orders:live"
    found = statements(resources)
    parameters = sorted(r["arn"] for a, r in resources.items() if ".aws_ssm_parameter.this[" in a)
    secrets = [r["arn"] for a, r in resources.items() if ".aws_secretsmanager_secret.this[" in a]
    assert (as_list(found["ReadOwnParameters"]["Action"]), sorted(as_list(found["ReadOwnParameters"]["Resource"]))) == (
        ["ssm:GetParameter"],
        parameters,
    )
    assert (as_list(found["ReadOwnSecrets"]["Action"]), as_list(found["ReadOwnSecrets"]["Resource"])) == (
        ["secretsmanager:GetSecretValue"],
        secrets,
    )
    decrypt = found["DecryptOwnConfiguration"]
    assert as_list(decrypt["Resource"]) == [resources[f"{M}.aws_kms_key.config[0]"]["arn"]]
    assert sorted(as_list(decrypt["Condition"]["StringEquals"]["kms:ViaService"])) == [
        "secretsmanager.ap-northeast-2.amazonaws.com",
        "ssm.ap-northeast-2.amazonaws.com",
    ]
    codedeploy = {
        s["Sid"]: s for s in json.loads(resources[f"{M}.aws_iam_role_policy.codedeploy[0]"]["policy"])["Statement"]
    }
    assert sorted(as_list(codedeploy["ShiftTheAlias"]["Resource"])) == [
        "arn:aws:lambda:ap-northeast-2:123456789012:function:orders",
        "arn:aws:lambda:ap-northeast-2:123456789012:function:orders:live",
    ]
    assert sorted(as_list(codedeploy["WatchTheAlarms"]["Resource"])) == [
        f"arn:aws:cloudwatch:ap-northeast-2:123456789012:alarm:{name}" for name in sorted(ALARMS)
    ]
    # the next release: a new version is published, the alias stays on the one CodeDeploy last completed
    ws = resources.workspace
    ws.write("main.tf.json", module_call(SOURCE, {**DELIVERY, "environment": {"RELEASE": "2"}}, ["deployment"]))
    after = ws.apply()["deployment"]
    assert (after["current_version"], after["target_version"]) == ("1", "2")
    assert [a["function_version"] for a in ws.account.objects("aws_lambda_alias")] == ["1"]


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
    "snapstart with provisioned concurrency": (
        {"snap_start": True, "provisioned_concurrency": {"executions": 2}},
        r"snap_start and provisioned_concurrency cannot be combined: Lambda SnapStart does not support provisioned",
    ),
    "snapstart with large ephemeral storage": (
        {"snap_start": True, "ephemeral_storage_mb": 1024},
        r"snap_start needs ephemeral_storage_mb of at most 512",
    ),
    "snapstart with efs": (
        {"snap_start": True, "vpc_config": VPC, "file_system": EFS},
        r"snap_start and file_system cannot be combined: Lambda SnapStart does not support Amazon EFS",
    ),
    "file system outside a vpc": ({"file_system": EFS}, r"file_system needs vpc_config"),
    "provisioned concurrency above the reserved": (
        {"reserved_concurrent_executions": 2, "provisioned_concurrency": {"executions": 3}},
        r"provisioned_concurrency cannot exceed reserved_concurrent_executions",
    ),
    "provisioned concurrency both fixed and scaled": (
        {"provisioned_concurrency": {"executions": 2, "autoscaling": {"min": 1, "max": 2}}},
        r"provisioned_concurrency takes either executions",
    ),
    "autoscaling max below min": (
        {"provisioned_concurrency": {"autoscaling": {"min": 4, "max": 2}}},
        r"provisioned_concurrency.autoscaling needs min >= 1, max >= min",
    ),
    "unknown deployment configuration": (
        {"deployment": {"config": "CodeDeployDefault.AllAtOnce"}},
        r"deployment.config must be one of CodeDeploy's Lambda configurations",
    ),
    "custom deployment of another type": (
        {"deployment": {"custom": {"type": "AllAtOnce", "percentage": 10, "interval_minutes": 5}}},
        r"deployment.custom needs type TimeBasedCanary or TimeBasedLinear",
    ),
    "parameter key with capitals": ({"parameters": {"JwtIssuer": "x"}}, r"parameters: keys must be lower-case"),
    "secret recovery window of three days": (
        {"secrets": {"shared": {"recovery_window_in_days": 3}}},
        r"secrets: recovery_window_in_days must be 0 \(delete at once\) or between 7 and 30",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_fails_at_plan_with_a_message_naming_the_rule(bad_input_report, case):
    inputs = {name: {**BASE, **given} for name, (given, _) in BAD_INPUTS.items()}
    bad_input_report.assert_refused(SOURCE, inputs, case, BAD_INPUTS[case][1])
