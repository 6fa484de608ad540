"""Monthly cost of one traffic profile on an HTTP, a REST and a WebSocket API."""

from __future__ import annotations

import math
from dataclasses import dataclass

from apigwkit.cost import prices

KIB_PER_GIB = 1024 * 1024


def tiered(quantity: float, tiers: list[tuple[float | None, float]]) -> float:
    """Cost of ``quantity`` units under graduated tiers of (size or None, unit price)."""
    total, left = 0.0, quantity
    for size, price in tiers:
        used = left if size is None else min(left, size)
        total += used * price
        left -= used
        if left <= 0:
            break
    return total


@dataclass(frozen=True)
class Profile:
    requests_per_month: float
    avg_request_kb: float = 1.0
    avg_response_kb: float = 4.0
    cache_gb: float | None = None
    connection_minutes: float = 0.0
    messages_per_month: float | None = None  # WebSocket messages (both directions); default: requests
    free_egress_gb: float = 0.0


@dataclass(frozen=True)
class Estimate:
    api: str
    requests: float
    cache: float
    egress: float
    connections: float = 0.0

    @property
    def total(self) -> float:
        return self.requests + self.cache + self.egress + self.connections


def egress_cost(profile: Profile, messages: float) -> float:
    gb = messages * profile.avg_response_kb / KIB_PER_GIB
    return tiered(max(0.0, gb - profile.free_egress_gb), prices.EGRESS_PER_GB)


def cache_cost(size_gb: float | None) -> float:
    if size_gb is None:
        return 0.0
    if size_gb not in prices.REST_CACHE_PER_HOUR:
        sizes = ", ".join(str(s) for s in prices.REST_CACHE_PER_HOUR)
        raise ValueError(f"cache size must be one of API Gateway's sizes ({sizes}) GB, got {size_gb}")
    return prices.REST_CACHE_PER_HOUR[size_gb] * prices.HOURS_PER_MONTH


def estimate(profile: Profile) -> list[Estimate]:
    http_units = profile.requests_per_month * math.ceil(profile.avg_request_kb / prices.HTTP_API_METERING_KB)
    messages = profile.requests_per_month if profile.messages_per_month is None else profile.messages_per_month
    ws_units = messages * math.ceil(profile.avg_request_kb / prices.WEBSOCKET_METERING_KB)
    return [
        Estimate(
            "HTTP API",
            tiered(http_units / 1e6, prices.HTTP_API_REQUESTS),
            0.0,
            egress_cost(profile, profile.requests_per_month),
        ),
        Estimate(
            "REST API",
            tiered(profile.requests_per_month / 1e6, prices.REST_API_REQUESTS),
            cache_cost(profile.cache_gb),
            egress_cost(profile, profile.requests_per_month),
        ),
        Estimate(
            "WebSocket API",
            tiered(ws_units / 1e6, prices.WEBSOCKET_MESSAGES),
            0.0,
            egress_cost(profile, messages),
            profile.connection_minutes / 1e6 * prices.WEBSOCKET_CONNECTION_MINUTES_PER_MILLION,
        ),
    ]


def table(estimates: list[Estimate]) -> str:
    rows = [("API", "requests/messages", "cache", "egress", "connections", "total / month")]
    rows += [
        (
            e.api,
            f"${e.requests:,.2f}",
            f"${e.cache:,.2f}",
            f"${e.egress:,.2f}",
            f"${e.connections:,.2f}",
            f"${e.total:,.2f}",
        )
        for e in estimates
    ]
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True))) for r in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)
