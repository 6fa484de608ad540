"""Test doubles and clients the local gateway's tests share: a scripted Lambda runtime, a fetch, SigV4 headers."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from types import SimpleNamespace
from typing import Any

from aiohttp.test_utils import TestClient
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from multidict import CIMultiDict


async def never_answers() -> None:
    """A function that does not answer: the integration timeout under test must cancel it. (It gives up after
    10 s, so a gateway whose timeout does not fire fails its test instead of hanging it.)"""
    await asyncio.wait_for(asyncio.Event().wait(), timeout=10)


class FakeClock:
    """Monotonic seconds that pass only when a test says so (throttle refills, cache expiry)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class ScriptedRuntime:
    """A Lambda runtime answering from per-function scripts (by the integration's reference); records every event.

    A script returns the handler's payload, or an Invocation-like ``SimpleNamespace`` (errors, timeouts); it may be a
    coroutine function. A reference without a script of its own is answered by ``fallback``'s script.
    """

    def __init__(self, scripts: Mapping[str, Callable[[dict[str, Any]], Any] | None], fallback: str | None = None):
        self.scripts = dict(scripts)
        self.fallback = fallback
        self.events: list[tuple[str, dict[str, Any]]] = []

    async def invoke(self, ref: str, event: dict[str, Any]) -> SimpleNamespace:
        self.events.append((ref, event))
        script = self.scripts.get(ref) or self.scripts[self.fallback if self.fallback is not None else ref]
        outcome = script(event)
        if asyncio.iscoroutine(outcome):
            outcome = await outcome
        if isinstance(outcome, SimpleNamespace):
            return outcome
        return SimpleNamespace(status="ok", payload=outcome, error=None, request_id="lambda-request-id")

    def events_of(self, ref: str) -> list[dict[str, Any]]:
        return [event for r, event in self.events if r == ref]


async def fetch(client: TestClient, method: str, path: str, **kwargs: Any) -> tuple[int, CIMultiDict[str], str]:
    async with client.request(method, path, **kwargs) as response:
        return response.status, CIMultiDict(response.headers), await response.text()


def sigv4_headers(
    method: str,
    url: str,
    *,
    secret: str = "testing",
    key: str = "testing",
    region: str = "ap-northeast-2",
    body: bytes = b"",
    headers: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """The headers of a request to ``url`` signed for execute-api as boto3 and awscurl sign (botocore's signer)."""
    request = AWSRequest(method=method, url=url, data=body, headers=dict(headers or {}))
    SigV4Auth(Credentials(key, secret), "execute-api", region).add_auth(request)
    return dict(request.headers)
