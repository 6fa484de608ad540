"""The cost model reproduces hand-checked bills."""

from __future__ import annotations

import pytest

from apigwkit.cost.model import Profile, estimate, tiered


def by_api(profile: Profile) -> dict:
    return {e.api: e for e in estimate(profile)}


def test_hand_checked_400_million_requests():
    # HTTP: 300M x $1.00 + 100M x $0.90 = $390.00
    # REST: 333M x $3.50 + 67M x $2.80 = $1,165.50 + $187.60 = $1,353.10; cache 0.5 GB: 730 h x $0.02 = $14.60
    # egress: 400M x 10 KiB = 3,814.697 GiB x $0.09 = $343.32 (same for both)
    costs = by_api(Profile(requests_per_month=400e6, avg_response_kb=10, cache_gb=0.5))
    assert costs["HTTP API"].requests == pytest.approx(390.00)
    assert costs["REST API"].requests == pytest.approx(1353.10)
    assert costs["REST API"].cache == pytest.approx(14.60)
    assert costs["HTTP API"].egress == pytest.approx(343.32, abs=0.01)
    assert costs["REST API"].total == pytest.approx(1353.10 + 14.60 + 343.32, abs=0.01)


def test_http_requests_are_metered_in_512_kb_steps():
    small = by_api(Profile(requests_per_month=1e6, avg_request_kb=512))["HTTP API"].requests
    large = by_api(Profile(requests_per_month=1e6, avg_request_kb=513))["HTTP API"].requests
    assert (small, large) == (pytest.approx(1.00), pytest.approx(2.00))


def test_websocket_messages_and_connection_minutes():
    # 2B messages of 40 KB = 4B metered units: 1,000M x $1.00 + 3,000M x $0.80 = $3,400; 100M minutes x $0.25/M = $25
    ws = by_api(
        Profile(
            requests_per_month=0, messages_per_month=2e9, avg_request_kb=40, avg_response_kb=0, connection_minutes=100e6
        )
    )
    assert ws["WebSocket API"].requests == pytest.approx(3400.0)
    assert ws["WebSocket API"].connections == pytest.approx(25.0)


def test_tiers_apply_in_order():
    assert tiered(1000, [(300, 1.0), (None, 0.5)]) == pytest.approx(300 + 350)


def test_unknown_cache_size_is_refused():
    with pytest.raises(ValueError, match="cache size must be one of API Gateway's sizes"):
        estimate(Profile(requests_per_month=1, cache_gb=1.0))
