"""Browser-style S3 uploads (a presigned POST) checked against their POST policy, as S3 checks them.

moto 5.2.5 does not enforce POST policies: its S3 stores whatever a multipart form sends, without looking at the
policy's conditions, its expiration or its signature (``moto/s3/responses.py``, ``_bucket_response_post``). Locally a
wrong content type, a key the policy does not grant or an oversized file would then be stored, and the first refusal
would come from AWS. So this WSGI middleware sits in front of moto's server (``LocalAws``) and answers a POST upload
that S3 would refuse with S3's own error (status, ``<Code>`` and message from
https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html and the POST policy rules of
https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-HTTPPOSTConstructPolicy.html), before moto sees it:

1. the signature: SigV4 of the base64 policy with the signing key of ``x-amz-credential`` (computed by botocore's
   signer, the code ``generate_presigned_post`` signs with), checked against the local credentials and each Lambda's
   (``apigwkit.local.identities``): 403 ``InvalidAccessKeyId`` or ``SignatureDoesNotMatch``;
2. ``expiration``: 403 ``AccessDenied`` "Invalid according to Policy: Policy expired.";
3. each condition in order (exact match, ``eq``, ``starts-with``; field names case-insensitive, values exact):
   403 ``AccessDenied`` "Invalid according to Policy: Policy Condition failed: [...]";
4. every form field but ``policy``, ``x-amz-signature``, ``file`` and ``x-ignore-*`` named by a condition:
   403 ``AccessDenied`` "Invalid according to Policy: Extra input fields: NAME";
5. ``content-length-range``: 400 ``EntityTooLarge`` / ``EntityTooSmall``.
"""

from __future__ import annotations

import base64
import io
import json
import secrets
import time
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Any
from urllib.parse import unquote
from xml.sax.saxutils import escape

from werkzeug.formparser import parse_form_data

# Fields a policy need not name (the sigv4-HTTPPOSTConstructPolicy page's list).
EXEMPT_FIELDS = ("policy", "x-amz-signature", "file")
EXEMPT_PREFIX = "x-ignore-"

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


class PolicyRefusal(Exception):
    """S3's answer to an upload its policy does not allow: status, ``<Code>``, message and extra XML elements."""

    def __init__(self, status: int, code: str, message: str, **extra: object) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.extra = status, code, message, extra

    def xml(self) -> bytes:
        elements = "".join(f"<{k}>{escape(str(v))}</{k}>" for k, v in self.extra.items())
        request_id = secrets.token_hex(8).upper()
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f"<Error><Code>{self.code}</Code><Message>{escape(self.message)}</Message>{elements}"
            f"<RequestId>{request_id}</RequestId><HostId>{base64.b64encode(secrets.token_bytes(24)).decode()}</HostId>"
            "</Error>"
        ).encode()


class PostPolicyMiddleware:
    """WSGI middleware: POST uploads with a policy are checked (``check``) before ``app`` (moto) stores them.

    ``secrets``: access key -> secret key of every local identity, read per request; ``clock``: epoch seconds.
    """

    def __init__(
        self, app: WsgiApp, secrets: Callable[[], Mapping[str, str]], clock: Callable[[], float] = time.time
    ) -> None:
        self.app, self.secrets, self.clock = app, secrets, clock

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        bucket = _upload_bucket(environ)
        if bucket is None:
            return self.app(environ, start_response)
        body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        _, form, files = parse_form_data({**environ, "wsgi.input": io.BytesIO(body)})
        environ["wsgi.input"] = io.BytesIO(body)  # moto reads the request as it came
        fields = {name.lower(): value for name, value in form.items()}
        if "policy" in fields:
            upload = files.get("file")
            size = len(upload.read()) if upload is not None else len(fields.get("file", "").encode())
            try:
                check(bucket, fields, size, self.secrets(), self.clock())
            except PolicyRefusal as refusal:
                start_response(
                    f"{refusal.status} {'Forbidden' if refusal.status == 403 else 'Bad Request'}",
                    [("Content-Type", "application/xml")],
                )
                return [refusal.xml()]
        return self.app(environ, start_response)


def _upload_bucket(environ: Mapping[str, Any]) -> str | None:
    """The bucket of a path-style POST upload (``POST /bucket`` with a multipart form), else None."""
    if environ.get("REQUEST_METHOD") != "POST":
        return None
    if not str(environ.get("CONTENT_TYPE") or "").lower().startswith("multipart/form-data"):
        return None
    parts = [p for p in unquote(str(environ.get("PATH_INFO") or "")).split("/") if p]
    return parts[0] if len(parts) == 1 else None


def check(bucket: str, fields: Mapping[str, str], size: int, known: Mapping[str, str], now: float) -> None:
    """Raise the PolicyRefusal S3 answers an upload of ``size`` bytes with ``fields`` (names lowercased) with."""
    encoded = fields["policy"]
    try:
        policy = json.loads(base64.b64decode(encoded, validate=True))
        conditions = list(policy["conditions"])
        expiration = datetime.fromisoformat(str(policy["expiration"]).replace("Z", "+00:00")).timestamp()
    except (ValueError, KeyError, TypeError) as error:
        raise PolicyRefusal(400, "InvalidPolicyDocument", "Invalid Policy: Invalid JSON.") from error
    _verify_signature(encoded, fields, known)
    if now > expiration:
        raise PolicyRefusal(403, "AccessDenied", "Invalid according to Policy: Policy expired.")
    named: set[str] = set()
    length_range: tuple[int, int] | None = None
    for condition in conditions:
        if isinstance(condition, list) and len(condition) == 3 and condition[0] == "content-length-range":
            length_range = (int(condition[1]), int(condition[2]))
            continue
        operator, name, wanted = _condition(condition)
        named.add(name)
        value = bucket if name == "bucket" else fields.get(name)
        holds = value == wanted if operator == "eq" else value is not None and value.startswith(str(wanted))
        if not holds:
            shown = json.dumps(
                condition if isinstance(condition, list) else ["eq", f"${next(iter(condition))}", wanted]
            )
            raise PolicyRefusal(403, "AccessDenied", f"Invalid according to Policy: Policy Condition failed: {shown}")
    extra = [n for n in fields if n not in named and n not in EXEMPT_FIELDS and not n.startswith(EXEMPT_PREFIX)]
    if extra:
        raise PolicyRefusal(403, "AccessDenied", f"Invalid according to Policy: Extra input fields: {extra[0]}")
    if length_range is not None:
        low, high = length_range
        if size > high:
            message = "Your proposed upload exceeds the maximum allowed size"
            raise PolicyRefusal(400, "EntityTooLarge", message, ProposedSize=size, MaxSizeAllowed=high)
        if size < low:
            message = "Your proposed upload is smaller than the minimum allowed size"
            raise PolicyRefusal(400, "EntityTooSmall", message, ProposedSize=size, MinSizeAllowed=low)


def _condition(condition: Any) -> tuple[str, str, Any]:
    """(operator, lowercased field name, value) of an exact-match, ``eq`` or ``starts-with`` condition."""
    if isinstance(condition, dict) and len(condition) == 1:
        ((name, value),) = condition.items()
        return "eq", str(name).lower(), value
    if isinstance(condition, list) and len(condition) == 3 and condition[0] in ("eq", "starts-with"):
        return str(condition[0]), str(condition[1]).removeprefix("$").lower(), condition[2]
    raise PolicyRefusal(400, "InvalidPolicyDocument", f"Invalid Policy: Invalid Condition: {json.dumps(condition)}")


def _verify_signature(encoded_policy: str, fields: Mapping[str, str], known: Mapping[str, str]) -> None:
    """SigV4 of a POST policy (``x-amz-credential`` = KEY/DATE/REGION/s3/aws4_request), as botocore signs it."""
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials

    key, _, scope = str(fields.get("x-amz-credential") or "").partition("/")
    secret = known.get(key)
    if secret is None:
        raise PolicyRefusal(
            403, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records."
        )
    parts = scope.split("/")
    request = AWSRequest()
    request.context["timestamp"] = str(fields.get("x-amz-date") or "")
    signer = SigV4Auth(Credentials(key, secret), "s3", parts[1] if len(parts) > 1 else "us-east-1")
    if signer.signature(encoded_policy, request) != fields.get("x-amz-signature"):
        raise PolicyRefusal(
            403,
            "SignatureDoesNotMatch",
            "The request signature we calculated does not match the signature you provided. Check your key and "
            "signing method.",
        )
