"""The issuer's signing keys: fetched within a total deadline and a size cap, kept for an hour, kept a bounded time
longer while the endpoint fails, and refused as a whole (an error, never a denial) when they cannot be used.

Why not `jwt.PyJWKClient` (PyJWT 2.15): its fetch gives each socket read the timeout, so a server dribbling bytes
holds a verification for as long as it likes; it reads any size; a non-JSON or deeply nested body escapes as
ValueError/RecursionError; an unusable set (`[]`, no `kid`, only `use: enc`) surfaces as the same PyJWKClientError
as an unknown `kid`, which a caller can only turn into a (cacheable) denial; and a failed refresh drops the keys it
had. The keys themselves are still PyJWT's: each is parsed and bound to its algorithm by `jwt.PyJWK`.
"""

from __future__ import annotations

import http.client
import json
import socket
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import jwt

# A fetched key set is used for this long before it is fetched again.
FRESH_SECONDS = 3600.0
# After any fetch attempt, neither an unknown `kid` nor an expired set triggers another for this long: a flood of
# made-up `kid`s, or an identity provider that is down, must not turn every request into a request to it.
REFRESH_COOLDOWN_SECONDS = 30.0
# While the endpoint fails, the last good keys stay in use for at most this long after they were fetched; after
# that every verification is refused as an error until a fetch succeeds again.
MAX_STALE_SECONDS = 6 * 3600.0
# The whole fetch (connect, headers, body) ends by this deadline, however the server paces its bytes. API Gateway
# waits at most 10 s for an authorizer (REST's limit), and the function's own timeout is the hard stop.
FETCH_DEADLINE_SECONDS = 3.0
# Cognito's key set is about 1 KB; the largest public ones (with x5c certificate chains) are tens of KB.
MAX_JWKS_BYTES = 64 * 1024


class KeySetUnavailableError(Exception):
    """The JWKS could not be fetched or holds no usable key: not the caller's fault, so not a (cacheable) denial."""


class UnknownKeyError(Exception):
    """The key set is usable, but has no signing key with the token's `kid`."""


Fetch = Callable[[str], bytes]


def fetch_jwks(url: str) -> bytes:
    """GET ``url`` and return its body: 200 only, no redirects, at most MAX_JWKS_BYTES, all within the deadline.

    The deadline is a timer that shuts the socket down, so a read blocked on a slow server returns at once.
    """
    deadline, max_bytes = FETCH_DEADLINE_SECONDS, MAX_JWKS_BYTES
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise KeySetUnavailableError(f"JWKS URL {url!r} is not an http(s) URL")
    connection: http.client.HTTPConnection
    if parts.scheme == "https":
        connection = http.client.HTTPSConnection(
            parts.hostname, parts.port, timeout=deadline, context=ssl.create_default_context()
        )
    else:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=deadline)
    expired = threading.Event()
    opened: list[socket.socket] = []  # the response reads from this socket even after http.client lets go of it

    def expire() -> None:
        expired.set()
        for sock in opened:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass  # already closed

    timer = threading.Timer(deadline, expire)
    timer.daemon = True
    timer.start()
    try:
        connection.connect()
        opened.append(connection.sock)
        if expired.is_set():  # the deadline passed while connecting, before there was a socket to shut
            raise TimeoutError
        connection.request(
            "GET",
            parts.path + (f"?{parts.query}" if parts.query else "") or "/",
            headers={"Accept": "application/json"},
        )
        response = connection.getresponse()
        if response.status != 200:
            raise KeySetUnavailableError(f"JWKS {url} answered HTTP {response.status}")
        declared = response.getheader("Content-Length")
        if declared is not None and declared.isdigit() and int(declared) > max_bytes:
            raise KeySetUnavailableError(f"JWKS {url} is {declared} bytes; at most {max_bytes} are read")
        body = response.read(max_bytes + 1)
        if len(body) > max_bytes:
            raise KeySetUnavailableError(f"JWKS {url} is larger than {max_bytes} bytes")
        if expired.is_set():
            raise KeySetUnavailableError(f"JWKS {url} not received within {deadline} s")
        return body
    except (OSError, http.client.HTTPException) as err:
        reason = f"not received within {deadline} s" if expired.is_set() else f"unreachable: {err}"
        raise KeySetUnavailableError(f"JWKS {url} {reason}") from None
    finally:
        timer.cancel()
        connection.close()


def parse_key_set(body: bytes) -> dict[str, jwt.PyJWK]:
    """The signing keys of a JWKS document by `kid`, or KeySetUnavailableError saying why there are none.

    A key counts when it is an object with a string `kid`, is meant for signatures (`use` absent or "sig") and
    PyJWT can build it; others are skipped. The first key of a `kid` wins.
    """
    try:
        document = json.loads(body)
    except (ValueError, RecursionError) as err:  # RecursionError: nesting deeper than the parser's stack
        raise KeySetUnavailableError(f"JWKS is not JSON ({type(err).__name__})") from None
    keys = document.get("keys") if isinstance(document, dict) else None
    if not isinstance(keys, list):
        raise KeySetUnavailableError('JWKS is not an object with a "keys" array')
    usable: dict[str, jwt.PyJWK] = {}
    for entry in keys:
        if not isinstance(entry, dict) or not isinstance(entry.get("kid"), str) or not entry["kid"]:
            continue
        if entry.get("use", "sig") != "sig" or entry["kid"] in usable:
            continue
        try:
            usable[entry["kid"]] = jwt.PyJWK(entry)
        except (jwt.PyJWTError, ValueError, TypeError, KeyError):
            continue  # a key PyJWT cannot use (unknown kty/alg, bad numbers): not one of ours to verify with
    if not usable:
        raise KeySetUnavailableError(f"JWKS holds no usable signing key (of {len(keys)} entries)")
    return usable


@dataclass
class _KeySet:
    keys: dict[str, jwt.PyJWK]
    fetched_at: float


class JwksClient:
    """The signing keys of one JWKS URL, for the life of the container."""

    def __init__(self, url: str, *, fetch: Fetch = fetch_jwks, clock: Callable[[], float] = time.monotonic) -> None:
        self.url, self._fetch, self._clock = url, fetch, clock
        self._current: _KeySet | None = None
        self._last_attempt: float | None = None
        self._lock = threading.Lock()
        self.last_error: str | None = None  # why the keys in use are stale, for the logs

    def signing_key(self, kid: str) -> jwt.PyJWK:
        with self._lock:
            now = self._clock()
            if self._current is None or now - self._current.fetched_at >= FRESH_SECONDS:
                self._refresh(now)
            keys = self._usable(now)
            if kid not in keys and self._may_fetch(now):
                self._refresh(now)  # a rotated key: its kid is new
                keys = self._usable(now)
            if kid not in keys:
                raise UnknownKeyError(f"no signing key {kid!r} in {self.url}")
            return keys[kid]

    def _may_fetch(self, now: float) -> bool:
        return self._last_attempt is None or now - self._last_attempt >= REFRESH_COOLDOWN_SECONDS

    def _refresh(self, now: float) -> None:
        if self._current is not None and not self._may_fetch(now):
            return  # fetched or failed moments ago: use what there is (or fail in _usable)
        self._last_attempt = now
        try:
            self._current = _KeySet(parse_key_set(self._fetch(self.url)), now)
            self.last_error = None
        except KeySetUnavailableError as err:
            if self._current is None:
                raise
            self.last_error = str(err)

    def _usable(self, now: float) -> dict[str, Any]:
        if self._current is None:
            raise KeySetUnavailableError(f"no key set from {self.url}")
        age = now - self._current.fetched_at
        if age > MAX_STALE_SECONDS:
            raise KeySetUnavailableError(
                f"the keys of {self.url} were fetched {age:.0f} s ago, longer than the {MAX_STALE_SECONDS:.0f} s "
                f"they are kept while it fails ({self.last_error})"
            )
        return self._current.keys
