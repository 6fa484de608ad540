"""API keys and usage plans: a method that requires a key is answered only for an enabled key of a usage plan of
the stage, within the plan's throttle (per method or plan-wide) and quota."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from apigwkit.local.execution_log import mask
from apigwkit.local.rest.errors import GatewayError
from apigwkit.local.rest.request import Incoming
from apigwkit.local.rest.tree import Method
from apigwkit.local.state import Deployment
from apigwkit.local.throttling import Throttles, positive


class Quotas:
    """Usage-plan quotas: requests per key per DAY, WEEK or MONTH (UTC); the first period starts at ``offset``.

    ``clock`` is the gateway's monotonic clock (the one its throttles use); the UTC date is the wall-clock time at
    start plus the seconds that clock has run since, so a test that advances its clock by a day moves the quota
    window too."""

    def __init__(self, clock: Callable[[], float] = time.monotonic, wall: Callable[[], float] = time.time) -> None:
        self._clock = clock
        self._epoch_offset = wall() - clock()
        self._used: dict[tuple[str, ...], tuple[str, int]] = {}

    def take(self, key: tuple[str, ...], limit: int, period: str, offset: int = 0) -> bool:
        window = _quota_window(self._epoch_offset + self._clock(), period)
        current, used = self._used.get(key, (window, max(0, offset)))
        if current != window:
            used = 0
        if used >= limit:
            return False
        self._used[key] = (window, used + 1)
        return True


def _quota_window(now: float, period: str) -> str:
    moment = datetime.fromtimestamp(now, UTC)
    if period == "WEEK":
        year, week, _ = moment.isocalendar()
        return f"{year}-W{week}"
    if period == "MONTH":
        return moment.strftime("%Y-%m")
    return moment.strftime("%Y-%m-%d")


class UsagePlans:
    """The account's API keys and the usage plans that name this API (both are account-wide objects)."""

    def __init__(self, deployment: Deployment, api_id: str, throttles: Throttles) -> None:
        self.api_id, self.throttles, self.quotas = api_id, throttles, Quotas(throttles.clock)
        self.api_keys = {
            str(k.values["value"]): k.values
            for k in deployment.resources_of("aws_api_gateway_api_key")
            if k.values.get("value")
        }
        self.plans = [
            p.values
            for p in deployment.resources_of("aws_api_gateway_usage_plan")
            if any(s.get("api_id") == api_id for s in p.values.get("api_stages") or [])
        ]
        self.plan_keys: dict[str, set[str]] = {}
        for key in deployment.resources_of("aws_api_gateway_usage_plan_key"):
            self.plan_keys.setdefault(str(key.values.get("usage_plan_id")), set()).add(str(key.values.get("key_id")))

    def check(self, incoming: Incoming, method: Method) -> None:
        """Raise the gateway's 403 (no valid key) or 429 (throttled, quota spent); on success the key is recorded.

        The execution log says which: no key sent, a key the account does not have, a disabled key, a key in no
        usage plan of the stage (each refusal is the same 403 "Forbidden" for the client, as in AWS)."""
        log = incoming.execution
        source = incoming.release.api_key_source if incoming.release is not None else "HEADER"
        value = incoming.usage_identifier_key if source == "AUTHORIZER" else incoming.header("x-api-key")
        api_stage = f"{self.api_id}/{incoming.stage}"
        shown, where = mask(value), f"method '{method.verb} {method.resource_path}'"
        log.info(f"Verifying Usage Plan for request: {incoming.request_id}. API Key: {shown} API Stage: {api_stage}")
        if not method.values.get("api_key_required"):
            log.info(
                f"API Key {shown} authorized because {where} does not require API Key. Request will not contribute to "
                "throttle or quota limits"
            )
            log.info(f"Usage Plan check succeeded for API Key {shown} and API Stage {api_stage}")
            return
        key = self.api_keys.get(value or "")
        if not value:
            reason = "API Key was not provided" + (
                " by the authorizer (usageIdentifierKey)" if source == "AUTHORIZER" else " (no x-api-key header)"
            )
        elif key is None:
            reason = "Invalid API Key identifier specified"
        elif key.get("enabled") is False:
            reason = "API Key is disabled"  # wording: local
        else:
            reason = (
                "No Usage Plan found for key and API Stage"
                if self._plan_of(str(key.get("id")), incoming.stage) is None
                else ""
            )
        if reason:
            log.error(
                f"API Key {shown} not authorized because {where} requires API Key and API Key is not associated with a "
                f"Usage Plan for API Stage {api_stage}: {reason}"
            )
            raise GatewayError("INVALID_API_KEY", "Forbidden", detail=reason, logged=True)
        key_id = str(key.get("id"))
        found = self._plan_of(key_id, incoming.stage)
        assert found is not None
        plan, stage = found
        incoming.keyed(value, key_id)
        plan_id = str(plan.get("id"))
        throttle_path = f"{method.resource_path}/{method.verb}"
        limits = next((t for t in stage.get("throttle") or [] if t.get("path") == throttle_path), None)
        limits = limits or (plan.get("throttle_settings") or [{}])[0]
        rate, burst = positive(limits.get("rate_limit")), positive(limits.get("burst_limit"))
        bucket = ("plan", plan_id, key_id, throttle_path if limits.get("path") else "*")
        if not self.throttles.allow(bucket, rate, int(burst) if burst is not None else None):
            log.error(
                f"Key throttle limit exceeded for RestApi {self.api_id}, Stage {incoming.stage}, Resource "
                f"{method.resource_id}, HttpMethod {method.verb}. Limit: {rate or 0:.2f} Burst: {int(burst or 0)}"
            )
            raise GatewayError("THROTTLED", "Too Many Requests")
        quota = (plan.get("quota_settings") or [{}])[0]
        limit = positive(quota.get("limit"))
        if limit is not None:
            period, offset = str(quota.get("period") or "DAY"), int(quota.get("offset") or 0)
            if not self.quotas.take(("quota", plan_id, key_id), int(limit), period, offset):
                log.error(
                    f"Key quota limit exceeded for API Key {shown} and API Stage {api_stage}: {int(limit)} per {period}"
                )
                raise GatewayError("QUOTA_EXCEEDED", "Limit Exceeded")
        log.info(f"Usage Plan check succeeded for API Key {shown} and API Stage {api_stage}")

    def _plan_of(self, key_id: str, stage_name: str) -> tuple[Mapping[str, Any], Mapping[str, Any]] | None:
        """The first usage plan of this API's ``stage_name`` that holds the key, with its entry for the stage."""
        for plan in self.plans:
            stage = next(
                (
                    s
                    for s in plan.get("api_stages") or []
                    if (s.get("api_id"), s.get("stage")) == (self.api_id, stage_name)
                ),
                None,
            )
            if stage is not None and key_id in self.plan_keys.get(str(plan.get("id")), set()):
                return plan, stage
        return None
