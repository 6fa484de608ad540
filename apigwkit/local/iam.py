"""IAM on the local gateways: the policies Lambda authorizers answer with, identity policies (a function role's, for
``execute-api:ManageConnections``), REST resource policies, and SigV4.

SigV4 signatures are verified with botocore's own signer against the identities the local run knows
(``apigwkit.local.identities``: the local credentials, and one set per Lambda function).
"""

from __future__ import annotations

import fnmatch
import hmac
import ipaddress
import re
import time
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from typing import Any


def policy_verdict(result: Mapping[str, Any], arn: str) -> str:
    """An IAM-policy authorizer answer for ``arn``: "Deny" (an explicit deny wins), "Allow", or "" (no statement)."""
    return identity_verdict([result.get("policyDocument") or {}], "execute-api:Invoke", arn)


def identity_verdict(documents: Iterable[Mapping[str, Any]], action: str, arn: str) -> str:
    """Identity policies' answer for ``action`` on ``arn``: "Deny" (an explicit deny wins), "Allow", or "".

    Action and Resource patterns (``*`` and ``?``; actions case-insensitively, as IAM compares them) and their Not-
    forms. A statement with a Condition is left out: the local run knows none of the request's condition keys, so an
    Allow that needs one does not apply (a Deny that needs one does not either: noted in apigwkit/local/README.md).
    """
    verdicts = set()
    for document in documents:
        for statement in _listed(document.get("Statement")):
            if not isinstance(statement, Mapping) or statement.get("Condition"):
                continue
            if not _covers(statement, "Action", action.lower(), lambda pattern: str(pattern).lower()):
                continue
            if not _covers(statement, "Resource", arn, str):
                continue
            verdicts.add(str(statement.get("Effect")).capitalize())
    return "Deny" if "Deny" in verdicts else "Allow" if "Allow" in verdicts else ""


def _covers(statement: Mapping[str, Any], key: str, value: str, normal: Callable[[Any], str]) -> bool:
    """Whether the statement's ``Action``/``Resource`` (or ``NotAction``/``NotResource``) covers ``value``."""
    if key in statement:
        return any(fnmatch.fnmatchcase(value, normal(p)) for p in _listed(statement[key]))
    if f"Not{key}" in statement:
        return not any(fnmatch.fnmatchcase(value, normal(p)) for p in _listed(statement[f"Not{key}"]))
    return False


def policy_allows(result: Mapping[str, Any], arn: str) -> bool:
    """An Allow statement covers ``arn`` and no Deny does."""
    return policy_verdict(result, arn) == "Allow"


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


# --------------------------------------------------------------------------- SigV4

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
