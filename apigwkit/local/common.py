"""What the HTTP, REST and WebSocket gateways share: throttling, access logs, request ids, error bodies."""

from __future__ import annotations

import asyncio
import fnmatch
import hmac
import ipaddress
import json
import re
import secrets
import sys
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TextIO

# A handler over its timeout: API Gateway answers 504 (the integration did not answer in time).
TIMEOUT_STATUS = 504


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


# --------------------------------------------------------------------------- request identity


def request_id() -> str:
    return str(uuid.uuid4())


def extended_request_id() -> str:
    return secrets.token_urlsafe(12)[:16] + "="


def request_time(now: float) -> tuple[str, int]:
    """``$context.requestTime`` (CLF format) and ``requestTimeEpoch`` (ms)."""
    return datetime.fromtimestamp(now, UTC).strftime("%d/%b/%Y:%H:%M:%S +0000"), int(now * 1000)


# --------------------------------------------------------------------------- access logs

_CONTEXT_VARIABLE = re.compile(r"\$(?:\{context\.([A-Za-z0-9_.\-]+)\}|context\.([A-Za-z0-9_.\-]+))")


def render_access_log(template: str, context: Mapping[str, Any]) -> str:
    """Substitute ``$context.x.y`` in a stage's access-log format; unknown variables become ``-`` as in AWS.

    The format is the stage's own string (usually JSON with quoted values), so the result keeps its shape.
    Values are inserted JSON-escaped when the template is JSON, so a user agent with a quote stays valid JSON.
    """
    json_format = template.lstrip().startswith("{")

    def value(match: re.Match[str]) -> str:
        name = match.group(1) or match.group(2)
        found: Any = context
        for part in name.split("."):
            found = found.get(part) if isinstance(found, Mapping) else None
        text = "-" if found is None or found == "" else str(found)
        return json.dumps(text)[1:-1] if json_format else text

    return _CONTEXT_VARIABLE.sub(value, template)


class AccessLog:
    """Writes one line per request in each stage's configured format (a stage without a format logs nothing)."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stdout
        self._lock = threading.Lock()

    def write(self, template: str | None, context: Mapping[str, Any]) -> None:
        if not template:
            return
        line = render_access_log(template, context)
        with self._lock:
            self.stream.write(line + "\n")
            self.stream.flush()


def message_body(message: str) -> bytes:
    """API Gateway's own error body: ``{"message": "..."}``."""
    return json.dumps({"message": message}).encode()


def policy_verdict(result: Mapping[str, Any], arn: str) -> str:
    """An IAM-policy authorizer answer for ``arn``: "Deny" (an explicit deny wins), "Allow", or "" (no statement)."""
    statements = (result.get("policyDocument") or {}).get("Statement") or []
    statements = [statements] if isinstance(statements, dict) else statements
    verdicts = set()
    for statement in statements:
        resources = statement.get("Resource") or []
        resources = [resources] if isinstance(resources, str) else resources
        actions = statement.get("Action") or []
        actions = [actions] if isinstance(actions, str) else actions
        if any(fnmatch.fnmatchcase("execute-api:Invoke", a) for a in actions) and any(
            fnmatch.fnmatchcase(arn, r) for r in resources
        ):
            verdicts.add(str(statement.get("Effect")).capitalize())
    return "Deny" if "Deny" in verdicts else "Allow" if "Allow" in verdicts else ""


def policy_allows(result: Mapping[str, Any], arn: str) -> bool:
    """An Allow statement covers ``arn`` and no Deny does."""
    return policy_verdict(result, arn) == "Allow"


async def invoke_within(
    runtime: Any, uri: str, event: Mapping[str, Any], timeout_ms: float, log: dict[str, Any]
) -> Any:
    """Invoke a Lambda integration, giving up after the integration's timeout.

    Returns the runtime's Invocation, or None when the integration timed out first; records
    ``integrationLatency`` (and ``integrationErrorMessage`` on a timeout) in ``log`` for the access log.
    """
    started = time.monotonic()
    try:
        invocation = await asyncio.wait_for(runtime.invoke(uri, event), timeout=timeout_ms / 1000)
    except TimeoutError:
        invocation = None
    log["integrationLatency"] = int((time.monotonic() - started) * 1000)
    if invocation is None or invocation.status == "timeout":
        log["integrationErrorMessage"] = "The integration did not answer in time"
        return None
    return invocation


# --------------------------------------------------------------------------- resource policies

_CONDITIONS: dict[str, Callable[[str | None, list[str]], bool]] = {
    # IAM: a key absent from the request matches no positive operator and every negated one.
    "StringEquals": lambda value, wanted: value is not None and value in wanted,
    "StringNotEquals": lambda value, wanted: value is None or value not in wanted,
    "StringLike": lambda value, wanted: value is not None and any(fnmatch.fnmatchcase(value, w) for w in wanted),
    "StringNotLike": lambda value, wanted: value is None or not any(fnmatch.fnmatchcase(value, w) for w in wanted),
    "IpAddress": lambda value, wanted: value is not None and _in_networks(value, wanted),
    "NotIpAddress": lambda value, wanted: value is None or not _in_networks(value, wanted),
}


def _in_networks(address: str, networks: list[str]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
        return any(ip in ipaddress.ip_network(n, strict=False) for n in networks)
    except ValueError:
        return False


def _listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [] if value is None else [value]


def resource_policy_decision(policy: Mapping[str, Any], arn: str, request: Mapping[str, str | None]) -> str:
    """A REST API resource policy's answer for an anonymous ``execute-api:Invoke`` of ``arn``.

    "Deny" (an explicit deny wins), "Allow", or "" (no statement applies: an implicit deny). ``request`` holds the
    condition keys the local gateway knows (``aws:SourceIp``, ``aws:SourceVpce``). Statements for named
    principals never apply to a caller without credentials; a condition operator this evaluator does not know
    makes its statement not apply, so such a policy denies rather than lets through.
    """
    keys = {k.lower(): v for k, v in request.items()}
    verdicts = set()
    for statement in _listed(policy.get("Statement")):
        principal = statement.get("Principal")
        if principal != "*" and "*" not in _listed(
            (principal or {}).get("AWS") if isinstance(principal, dict) else None
        ):
            continue
        actions = _listed(statement.get("Action"))
        if not any(fnmatch.fnmatchcase("execute-api:Invoke", str(a)) for a in actions):
            continue
        if not any(fnmatch.fnmatchcase(arn, str(r)) for r in _listed(statement.get("Resource"))):
            continue
        conditions = statement.get("Condition") or {}
        if all(
            operator in _CONDITIONS and _CONDITIONS[operator](keys.get(key.lower()), [str(v) for v in _listed(wanted)])
            for operator, tests in conditions.items()
            for key, wanted in tests.items()
        ):
            verdicts.add(str(statement.get("Effect")).capitalize())
    return "Deny" if "Deny" in verdicts else "Allow" if "Allow" in verdicts else ""


# --------------------------------------------------------------------------- IAM (SigV4) authorization

# The only identity the local run knows: the fake credentials its Lambdas and moto use. A caller signs with them
# (AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing) and is treated as the account itself.
LOCAL_ACCESS_KEY = "testing"
LOCAL_CREDENTIALS = {LOCAL_ACCESS_KEY: "testing"}  # access key -> secret key
SIGNATURE_MAX_SKEW_SECONDS = 15 * 60
_SIGV4 = re.compile(
    r"^AWS4-HMAC-SHA256\s+Credential=(?P<key>[^/]+)/(?P<date>\d{8})/(?P<region>[^/]+)/(?P<service>[^/]+)/aws4_request,"
    r"\s*SignedHeaders=(?P<signed>[^,]+),\s*Signature=(?P<signature>[0-9a-f]{64})$"
)


class SignatureError(Exception):
    """A SigV4-signed request that API Gateway would refuse; the message is the one AWS answers with."""


def verify_sigv4(
    method: str,
    host: str,
    raw_path: str,
    raw_query: str,
    headers: Mapping[str, str],
    body: bytes,
    *,
    credentials: Mapping[str, str] = LOCAL_CREDENTIALS,
    now: float | None = None,
) -> str:
    """Check an ``execute-api`` SigV4 signature; returns the caller's access key or raises SignatureError.

    The signature is recomputed with botocore's own signer (the code boto3 signs with) over the headers the
    caller listed as signed, so a request signed by any SigV4 client verifies exactly when AWS would accept it.
    """
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials

    match = _SIGV4.match(headers.get("authorization") or "")
    if match is None:
        raise SignatureError("Missing Authentication Token")
    secret = credentials.get(match["key"])
    if secret is None:
        raise SignatureError("The security token included in the request is invalid.")
    timestamp = headers.get("x-amz-date") or ""
    try:
        signed_at = datetime.strptime(timestamp, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC).timestamp()
    except ValueError as error:
        raise SignatureError("Authorization header requires existence of either a 'X-Amz-Date' header.") from error
    if abs((time.time() if now is None else now) - signed_at) > SIGNATURE_MAX_SKEW_SECONDS:
        raise SignatureError("Signature expired: " + timestamp)
    signed = match["signed"].split(";")
    request = AWSRequest(
        method=method,
        url=f"http://{host}{raw_path}" + (f"?{raw_query}" if raw_query else ""),
        headers={name: headers.get(name, "") for name in signed if name != "host"} | {"host": host},
        data=body,
    )
    request.context["timestamp"] = timestamp
    signer = SigV4Auth(Credentials(match["key"], secret), match["service"], match["region"])
    expected = signer.signature(signer.string_to_sign(request, signer.canonical_request(request)), request)
    if not hmac.compare_digest(expected, match["signature"]):
        raise SignatureError(
            "The request signature we calculated does not match the signature you provided. Check your AWS Secret "
            "Access Key and signing method. Consult the service documentation for details."
        )
    return match["key"]
