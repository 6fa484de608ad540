"""modules/alarms: the metric names and dimensions each API type really reports, and refusals."""

from __future__ import annotations

import pytest

SOURCE = "../../../modules/alarms"
M = "module.under_test"
SNS = "arn:aws:sns:ap-northeast-2:123456789012:alerts"


def alarms(plan) -> dict:
    return {rc.address.split('["')[1].rstrip('"]'): rc for rc in plan.of_type("aws_cloudwatch_metric_alarm")}


def test_rest_alarms_use_apiname_and_stage_and_rest_metric_names(plan_module):
    plan = plan_module(
        SOURCE,
        {
            "name_prefix": "sum",
            "api_type": "REST",
            "api_name": "sum-api",
            "stages": ["dev", "prod"],
            "alarm_actions": [SNS],
        },
    )
    found = alarms(plan)
    assert sorted(found) == sorted(
        f"{s}/{k}" for s in ("dev", "prod") for k in ("5xx", "4xx", "latency", "integration_latency")
    )
    five = found["prod/5xx"]
    assert five.value("metric_name") == "5XXError"
    assert five.value("namespace") == "AWS/ApiGateway"
    assert five.value("dimensions") == {"ApiName": "sum-api", "Stage": "prod"}
    assert (five.value("statistic"), five.value("threshold")) == ("Average", 0.05)
    assert five.value("alarm_actions") == [SNS] and five.value("ok_actions") == [SNS]
    latency = found["dev/latency"]
    assert (latency.value("metric_name"), latency.value("extended_statistic")) == ("Latency", "p99")
    assert latency.value("threshold") == 3000
    assert found["dev/4xx"].value("metric_name") == "4XXError"


def test_http_alarms_use_apiid_and_lower_case_metric_names(plan_module):
    plan = plan_module(
        SOURCE, {"name_prefix": "orders", "api_type": "HTTP", "api_id": "abc123", "stages": ["$default"]}
    )
    found = alarms(plan)
    assert found["$default/5xx"].value("metric_name") == "5xx"
    assert found["$default/4xx"].value("metric_name") == "4xx"
    assert found["$default/5xx"].value("dimensions") == {"ApiId": "abc123", "Stage": "$default"}
    assert found["$default/5xx"].value("alarm_name") == "orders-default-5xx"


def test_websocket_alarms_count_execution_and_client_errors(plan_module):
    plan = plan_module(
        SOURCE,
        {
            "name_prefix": "chat",
            "api_type": "WEBSOCKET",
            "api_id": "ws1",
            "stages": ["prod"],
            "thresholds": {"websocket_5xx_count": 3},
        },
    )
    found = alarms(plan)
    assert sorted(found) == ["prod/4xx", "prod/5xx", "prod/integration_latency"]
    assert (found["prod/5xx"].value("metric_name"), found["prod/5xx"].value("statistic")) == ("ExecutionError", "Sum")
    assert found["prod/5xx"].value("threshold") == 3
    assert found["prod/4xx"].value("metric_name") == "ClientError"


BASE = {"name_prefix": "x", "api_type": "HTTP", "api_id": "a", "stages": ["prod"]}
BAD_INPUTS = {
    "unknown api type": ({"api_type": "GRPC"}, r"api_type must be HTTP, REST or WEBSOCKET"),
    "no stages": ({"stages": []}, r"stages must name at least one stage"),
    "error rate as a percentage": (
        {"thresholds": {"error_5xx_rate": 5}},
        r"error_5xx_rate and error_4xx_rate are fractions",
    ),
    "negative latency": ({"thresholds": {"latency_p99_ms": -1}}, r"latencies must be positive milliseconds"),
    "period not a minute multiple": ({"period": 90}, r"period must be a multiple of 60 seconds"),
    "action not an sns topic": ({"alarm_actions": ["arn:aws:lambda:x"]}, r"alarm_actions must be SNS topic ARNs"),
    "rest without api name": ({"api_type": "REST"}, r"REST API alarms need api_name"),
    "more datapoints than periods": (
        {"datapoints_to_alarm": 6},
        r"datapoints_to_alarm cannot exceed evaluation_periods",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_fails_at_plan_with_a_message_naming_the_rule(bad_input_report, case):
    inputs = {name: {**BASE, **given} for name, (given, _) in BAD_INPUTS.items()}
    bad_input_report.assert_refused(SOURCE, inputs, case, BAD_INPUTS[case][1])
