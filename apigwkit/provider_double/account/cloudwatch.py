"""How a CloudWatch metric alarm decides its state from the datapoints of its metric.

An alarm is in ALARM when at least ``datapoints_to_alarm`` of the last ``evaluation_periods`` datapoints breach its
threshold by its comparison operator; missing datapoints count as ``treat_missing_data`` says
(https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html#alarm-evaluation). The
values are an ``aws_cloudwatch_metric_alarm`` of the account model; the datapoints are what the caller measured (the
CodeDeploy test derives them from the local gateway's access log). Metric math and anomaly detection are not modelled.
"""

from __future__ import annotations

import operator
from collections.abc import Mapping, Sequence
from typing import Any

_COMPARE = {
    "GreaterThanThreshold": operator.gt,
    "GreaterThanOrEqualToThreshold": operator.ge,
    "LessThanThreshold": operator.lt,
    "LessThanOrEqualToThreshold": operator.le,
}


def alarm_state(alarm: Mapping[str, Any], datapoints: Sequence[float | None]) -> str:
    """``ALARM``, ``OK`` or ``INSUFFICIENT_DATA`` for ``datapoints`` (oldest first; None: no data in that period)."""
    periods = int(alarm.get("evaluation_periods") or 1)
    needed = int(alarm.get("datapoints_to_alarm") or periods)
    compare = _COMPARE[str(alarm.get("comparison_operator"))]
    threshold = float(alarm.get("threshold") or 0)
    missing = str(alarm.get("treat_missing_data") or "missing")
    window = list(datapoints[-periods:])
    window = [None] * (periods - len(window)) + window
    present = [d for d in window if d is not None]
    if not present and missing == "missing":
        return "INSUFFICIENT_DATA"
    breaching = sum(1 for d in present if compare(d, threshold))
    if missing == "breaching":
        breaching += periods - len(present)
    return "ALARM" if breaching >= needed else "OK"
