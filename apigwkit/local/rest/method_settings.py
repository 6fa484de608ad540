"""A stage's method settings at work: method throttling, and the stage cache (TTL per method, key by cache key
parameters)."""

from __future__ import annotations

import fnmatch
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from apigwkit.local.rest.errors import GatewayError
from apigwkit.local.rest.request import Incoming, Outgoing
from apigwkit.local.rest.tree import Method
from apigwkit.local.throttling import Throttles, positive

DEFAULT_CACHE_TTL_SECONDS = 300
MAX_CACHE_TTL_SECONDS = 3600
MAX_CACHED_RESPONSE_BYTES = 1_048_576  # "The maximum size of a response that can be cached"


@dataclass
class CacheEntry:
    expires: float
    response: Outgoing


class MethodSettings:
    """``aws_api_gateway_method_settings`` of every stage; ``clock`` (monotonic seconds) expires cache entries."""

    def __init__(self, entries: list[Mapping[str, Any]], throttles: Throttles, clock: Callable[[], float]) -> None:
        self.throttles, self.clock = throttles, clock
        self._by_stage: dict[str, list[Mapping[str, Any]]] = {}
        for entry in entries:
            self._by_stage.setdefault(str(entry.get("stage_name")), []).append(entry)
        self._cache: dict[tuple[Any, ...], CacheEntry] = {}

    def _settings(self, stage_name: str, method: Method) -> tuple[Mapping[str, Any], Mapping[str, Any] | None]:
        """The stage-wide (``*/*``) settings and the method's own entry (``resource/VERB``), if any."""
        general: Mapping[str, Any] = {}
        specific: Mapping[str, Any] | None = None
        for entry in self._by_stage.get(stage_name, []):
            settings = (entry.get("settings") or [{}])[0]
            path, _, verb = str(entry.get("method_path") or "").replace("~1", "/").rpartition("/")
            path = path.strip("/")
            if (path, verb) == ("*", "*"):
                general = settings
            elif fnmatch.fnmatchcase(method.resource_path.strip("/"), path) and verb in ("*", method.verb):
                specific = settings
        return general, specific

    def logging(self, stage_name: str, method: Method | None) -> tuple[str | None, bool | None]:
        """(logging level, data trace) for requests of ``method`` (None: before a method is selected)."""
        general, specific = (
            self._settings(stage_name, method) if method is not None else (self._general(stage_name), None)
        )
        for settings in (specific or {}, general):
            if settings.get("logging_level"):
                return str(settings["logging_level"]), bool(settings.get("data_trace_enabled"))
        return None, None

    def _general(self, stage_name: str) -> Mapping[str, Any]:
        for entry in self._by_stage.get(stage_name, []):
            if str(entry.get("method_path") or "") == "*/*":
                return (entry.get("settings") or [{}])[0]
        return {}

    def throttle(self, incoming: Incoming, method: Method) -> None:
        general, specific = self._settings(incoming.stage, method)
        specific = specific or {}
        rate = positive(specific.get("throttling_rate_limit")) or positive(general.get("throttling_rate_limit"))
        burst = positive(specific.get("throttling_burst_limit")) or positive(general.get("throttling_burst_limit"))
        key = ("method", incoming.stage, method.resource_path, method.verb)
        if not self.throttles.allow(key, rate, int(burst) if burst is not None else None):
            raise GatewayError("THROTTLED", "Too Many Requests")

    def _cache_ttl(self, stage: Mapping[str, Any], incoming: Incoming, method: Method) -> float | None:
        """Seconds to cache this method's responses, or None: needs the stage's cache cluster and caching on.

        Stage-wide settings cache GET methods only ("only GET methods have caching enabled by default"); a method's
        own settings decide for that method.
        """
        if not stage.get("cache_cluster_enabled"):
            return None
        general, specific = self._settings(incoming.stage, method)
        if specific is not None:
            enabled, settings = bool(specific.get("caching_enabled")), specific
        else:
            enabled, settings = bool(general.get("caching_enabled")) and incoming.method == "GET", general
        if not enabled:
            return None
        ttl = positive(settings.get("cache_ttl_in_seconds")) or DEFAULT_CACHE_TTL_SECONDS
        return float(min(ttl, MAX_CACHE_TTL_SECONDS))

    async def cached(
        self,
        incoming: Incoming,
        stage: Mapping[str, Any],
        method: Method,
        integrate: Callable[[], Awaitable[Outgoing]],
    ) -> Outgoing:
        """The stage cache's answer while fresh, else ``integrate()``'s (kept when the method caches)."""
        ttl = self._cache_ttl(stage, incoming, method)
        if ttl is None:
            return await integrate()
        parameters = (method.integration or {}).get("cache_key_parameters") or []
        key = (
            incoming.stage,
            incoming.method,
            method.resource_path,
            tuple((name, incoming.request_parameter(name)) for name in sorted(parameters)),
        )
        entry = self._cache.get(key)
        now = self.clock()
        if entry is not None and now < entry.expires:
            return entry.response.copy()
        outgoing = await integrate()
        if len(outgoing.body) <= MAX_CACHED_RESPONSE_BYTES:
            self._cache[key] = CacheEntry(now + ttl, outgoing.copy())
        return outgoing
