"""Throttling: API Gateway's token buckets, and the limits a stage of the state sets (every gateway uses them)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any


class TokenBucket:
    """API Gateway's throttle: ``burst`` requests at once, refilled at ``rate`` per second."""

    def __init__(self, rate: float, burst: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate, self.burst, self._clock = float(rate), int(burst), clock
        self._tokens, self._last = float(burst), clock()
        self._lock = threading.Lock()

    def take(self) -> bool:
        """Spend one token; False when the request must be refused with 429."""
        with self._lock:
            now = self._clock()
            self._tokens = min(self.burst, self._tokens + (now - self._last) * self.rate)
            self._last = now
            if self._tokens >= 1:
                self._tokens -= 1
                return True
            return False


@dataclass
class Throttles:
    """Token buckets keyed by (stage, route or method); a limit of None means unthrottled. ``clock``:
    monotonic seconds (tests pass one they advance instead of waiting for buckets to refill)."""

    clock: Callable[[], float] = time.monotonic
    _buckets: dict[tuple[str, ...], TokenBucket] = field(default_factory=dict)

    def allow(self, key: tuple[str, ...], rate: float | None, burst: int | None) -> bool:
        if rate is None or burst is None:
            return True
        bucket = self._buckets.get(key)
        if bucket is None or (bucket.rate, bucket.burst) != (float(rate), int(burst)):
            bucket = self._buckets[key] = TokenBucket(rate, burst, self.clock)
        return bucket.take()


def positive(value: Any) -> float | None:
    """A throttling limit from the state: None or a non-positive placeholder means "not set"."""
    return value if isinstance(value, int | float) and not isinstance(value, bool) and value > 0 else None


def route_limits(stage: Mapping[str, Any], route_key: str) -> tuple[float | None, int | None]:
    """An HTTP or WebSocket stage's (rate, burst) for ``route_key``: its route settings, else its defaults."""
    defaults = (stage.get("default_route_settings") or [{}])[0]
    specific = next((s for s in stage.get("route_settings") or [] if s.get("route_key") == route_key), {})
    rate = positive(specific.get("throttling_rate_limit")) or positive(defaults.get("throttling_rate_limit"))
    burst = positive(specific.get("throttling_burst_limit")) or positive(defaults.get("throttling_burst_limit"))
    return rate, (int(burst) if burst is not None else None)
