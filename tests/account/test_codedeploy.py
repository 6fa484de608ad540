"""CodeDeploy's Lambda deployments on the account model (what the deploy step drives offline), and the CloudWatch
alarm evaluation its rollbacks rest on; no Terraform: the function's versions are published by the account's own
apply path, the deployment group and alias are recorded as an apply would."""

from __future__ import annotations

import json

import pytest

from apigwkit import deploy
from apigwkit.provider_double.account import Account
from apigwkit.provider_double.account.cloudwatch import alarm_state
from apigwkit.provider_double.account.codedeploy import CodeDeploy, CodeDeployError

REGION = "ap-northeast-2"
ARN = f"arn:aws:lambda:{REGION}:123456789012:function:orders"
ROLLBACK = [{"enabled": True, "events": ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"]}]


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def publish(account: Account, release: str) -> None:
    """CreateFunction or UpdateFunctionConfiguration with publish = true: the next version."""
    values = {
        "id": "orders",
        "function_name": "orders",
        "arn": ARN,
        "invoke_arn": f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/{ARN}/invocations",
        "region": REGION,
        "publish": True,
        "version": "$LATEST",
        "environment": [{"variables": {"RELEASE": release}}],
    }
    prior = account.objects("aws_lambda_function")
    account.apply("aws_lambda_function", prior[0] if prior else None, lambda attempt: dict(values))


def account_with(config: str, *, rollback=ROLLBACK, alarms=("orders-5xx",)) -> Account:
    account = Account(None)
    publish(account, "1")
    publish(account, "2")
    account.seed(
        "aws_codedeploy_app", {"id": "a:orders", "name": "orders", "compute_platform": "Lambda", "region": REGION}
    )
    group = {
        "id": "g",
        "app_name": "orders",
        "deployment_group_name": "orders-live",
        "deployment_config_name": config,
        "auto_rollback_configuration": rollback,
        "alarm_configuration": [{"enabled": True, "alarms": list(alarms)}],
        "region": REGION,
    }
    account.seed("aws_codedeploy_deployment_group", group)
    alias = {"id": f"{ARN}:live", "name": "live", "function_name": "orders", "function_version": "1", "region": REGION}
    account.seed("aws_lambda_alias", {**alias, "routing_config": []})
    return account


TARGET = {
    "application": "orders",
    "deployment_group": "orders-live",
    "function_name": "orders",
    "alias": "live",
    "current_version": "1",
    "target_version": "2",
}


def alias(account: Account) -> tuple[str, list]:
    (found,) = account.objects("aws_lambda_alias")
    return found["function_version"], found["routing_config"]


def start(account: Account, clock: Clock, alarm=lambda name: "OK") -> tuple[CodeDeploy, str]:
    codedeploy = CodeDeploy(account, REGION, clock=clock, alarm_state=alarm)
    spec = deploy.appspec("orders", "live", "1", "2")
    revision = {"revisionType": "AppSpecContent", "appSpecContent": {"content": json.dumps(spec)}}
    created = codedeploy.create_deployment(
        applicationName="orders", deploymentGroupName="orders-live", revision=revision
    )
    return codedeploy, created["deploymentId"]


def status(codedeploy: CodeDeploy, deployment_id: str) -> str:
    return codedeploy.get_deployment(deploymentId=deployment_id)["deploymentInfo"]["status"]


def test_publishing_numbers_versions_and_keeps_each_ones_configuration():
    account = account_with("CodeDeployDefault.LambdaAllAtOnce")
    first = account.published_version(REGION, "orders", "1")
    second = account.published_version(REGION, "orders", "2")
    assert (first["qualified_arn"], second["qualified_arn"]) == (f"{ARN}:1", f"{ARN}:2")
    assert first["environment"] == [{"variables": {"RELEASE": "1"}}]
    assert second["environment"] == [{"variables": {"RELEASE": "2"}}]
    assert account.published_version(REGION, "orders", "3") is None


def test_a_canary_sends_its_share_for_its_interval_then_everything():
    clock, account = Clock(), account_with("CodeDeployDefault.LambdaCanary10Percent5Minutes")
    codedeploy, deployment_id = start(account, clock)
    assert alias(account) == ("1", [{"additional_version_weights": {"2": 0.1}}])
    clock.now = 299
    assert status(codedeploy, deployment_id) == "InProgress"
    assert alias(account) == ("1", [{"additional_version_weights": {"2": 0.1}}])
    clock.now = 300
    assert status(codedeploy, deployment_id) == "Succeeded"
    assert alias(account) == ("2", [])


def test_a_linear_deployment_adds_its_share_every_interval():
    clock, account = Clock(), account_with("CodeDeployDefault.LambdaLinear10PercentEvery1Minute")
    codedeploy, deployment_id = start(account, clock)
    shares = [alias(account)[1][0]["additional_version_weights"]["2"]]
    for minute in range(1, 9):
        clock.now = minute * 60
        assert status(codedeploy, deployment_id) == "InProgress"
        shares.append(alias(account)[1][0]["additional_version_weights"]["2"])
    assert shares == [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]
    clock.now = 9 * 60
    assert status(codedeploy, deployment_id) == "Succeeded"
    assert alias(account) == ("2", [])


def test_a_custom_configuration_is_read_from_the_account():
    clock, account = Clock(), account_with("orders-canary-20pct-3min")
    account.seed(
        "aws_codedeploy_deployment_config",
        {
            "id": "orders-canary-20pct-3min",
            "deployment_config_name": "orders-canary-20pct-3min",
            "traffic_routing_config": [
                {"type": "TimeBasedCanary", "time_based_canary": [{"percentage": 20, "interval": 3}]}
            ],
            "region": REGION,
        },
    )
    codedeploy, deployment_id = start(account, clock)
    assert alias(account) == ("1", [{"additional_version_weights": {"2": 0.2}}])
    clock.now = 180
    assert status(codedeploy, deployment_id) == "Succeeded"


def test_an_alarm_in_alarm_stops_the_deployment_and_rolls_the_alias_back():
    clock, account = Clock(), account_with("CodeDeployDefault.LambdaCanary10Percent5Minutes")
    states = {"orders-5xx": "OK"}
    codedeploy, deployment_id = start(account, clock, alarm=states.get)
    clock.now, states["orders-5xx"] = 120, "ALARM"
    info = codedeploy.get_deployment(deploymentId=deployment_id)["deploymentInfo"]
    assert (info["status"], info["errorInformation"]["code"]) == ("Stopped", "ALARM_ACTIVE")
    assert "Activated alarms: <orders-5xx>" in info["errorInformation"]["message"]
    assert alias(account) == ("1", [])


def test_without_automatic_rollback_a_stopped_deployment_leaves_the_alias_where_it_was():
    clock, account = Clock(), account_with("CodeDeployDefault.LambdaCanary10Percent5Minutes", rollback=[])
    codedeploy, deployment_id = start(account, clock, alarm=lambda name: "ALARM")
    assert status(codedeploy, deployment_id) == "Stopped"
    assert alias(account) == ("1", [{"additional_version_weights": {"2": 0.1}}])


def test_a_failed_smoke_test_stops_the_deployment_and_codedeploy_rolls_back():
    account = account_with("CodeDeployDefault.LambdaCanary10Percent5Minutes")
    clock = Clock()
    codedeploy = CodeDeploy(account, REGION, clock=clock, alarm_state=lambda name: "OK")
    invoked = []

    def invoke(function_name, version, event):
        invoked.append((function_name, version, event))
        return False, "Runtime.HandlerNotFound"

    info = deploy.shift_alias(
        codedeploy, TARGET, smoke_event={"rawPath": "/hello"}, invoke=invoke, sleep=lambda s: None
    )
    assert invoked == [("orders", "2", {"rawPath": "/hello"})]  # the new version itself, with the example's event
    assert (info["status"], info["errorInformation"]["code"]) == ("Stopped", "MANUAL_STOP")
    assert "rollbackInfo" in info
    assert alias(account) == ("1", [])


def test_a_deployment_from_a_version_the_alias_does_not_serve_is_refused():
    account = account_with("CodeDeployDefault.LambdaAllAtOnce")
    codedeploy = CodeDeploy(account, REGION, clock=Clock(), alarm_state=lambda name: "OK")
    with pytest.raises(CodeDeployError, match="points to version 1, not to the CurrentVersion 2"):
        deploy.shift_alias(codedeploy, {**TARGET, "current_version": "2"}, sleep=lambda s: None)


ALARM = {
    "comparison_operator": "GreaterThanThreshold",
    "threshold": 0.05,
    "evaluation_periods": 5,
    "datapoints_to_alarm": 3,
    "treat_missing_data": "notBreaching",
}


@pytest.mark.parametrize(
    ("datapoints", "state"),
    [
        ([0.1, 0.1, 0.1], "ALARM"),  # three of five breach
        ([0.1, 0.0, 0.1], "OK"),  # two of five
        ([0.1, 0.1, 0.1, 0, 0, 0], "OK"),  # the oldest breaching point has left the window
        ([], "OK"),  # no data, not breaching
        ([0.05, 0.05, 0.05], "OK"),  # at the threshold is not above it
    ],
)
def test_an_alarm_fires_when_m_of_n_datapoints_breach(datapoints, state):
    assert alarm_state(ALARM, datapoints) == state


def test_missing_data_is_insufficient_or_breaching_as_the_alarm_says():
    assert alarm_state({**ALARM, "treat_missing_data": "missing"}, []) == "INSUFFICIENT_DATA"
    assert alarm_state({**ALARM, "treat_missing_data": "breaching"}, [None, 0.2]) == "ALARM"
