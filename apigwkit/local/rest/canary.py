"""A REST stage's canary: which deployment answers each request, and what a canary request sees.

A stage with ``canary_settings`` sends ``percent_traffic`` percent of its requests, picked at random one by one, to
the canary's deployment (https://docs.aws.amazon.com/apigateway/latest/developerguide/canary-release.html); those see
the canary's ``stage_variable_overrides`` over the stage's variables and ``$context.isCanaryRequest`` = true (false
for the others; the variable exists only on stages with a canary). The random source is injected (``chance``, a
number in [0, 1) per request), so a test can pick which requests go to the canary.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from typing import Any


def canary_settings(stage: Mapping[str, Any]) -> Mapping[str, Any]:
    """A stage's canary settings ({} without a canary)."""
    settings = stage.get("canary_settings") or []
    return settings[0] if settings else {}


class CanaryChoice:
    """Decides, request by request, whether a stage's canary answers."""

    def __init__(self, chance: Callable[[], float] = random.random) -> None:
        self.chance = chance

    def deployment_for(self, stage: Mapping[str, Any]) -> tuple[str, bool | None]:
        """The id of the deployment that answers, and whether it is the canary's (None: the stage has no canary)."""
        canary = canary_settings(stage)
        if not canary:
            return str(stage.get("deployment_id")), None
        share = float(canary.get("percent_traffic") or 0)
        if canary.get("deployment_id") and self.chance() * 100 < share:
            return str(canary["deployment_id"]), True
        return str(stage.get("deployment_id")), False


def stage_as_seen(stage: Mapping[str, Any], is_canary: bool | None) -> Mapping[str, Any]:
    """The stage as a request sees it: a canary request gets the canary's stage variable overrides."""
    if not is_canary:
        return stage
    overrides = canary_settings(stage).get("stage_variable_overrides") or {}
    return {**stage, "variables": {**(stage.get("variables") or {}), **overrides}}
