"""Presigned S3 upload: `POST /uploads {"filename": ..., "contentType": ...}` -> a presigned POST for one key.

The caller never chooses the key: the function derives `<UPLOAD_PREFIX>/u-<hash of issuer and sub>/<uuid>-<name>`
from a sanitised file name (a request without a caller identity is refused with 401), and the POST policy pins
the bucket, that key, the Content-Type and a content-length-range, and expires within 300 seconds.

Settings (environment):
  UPLOAD_BUCKET          the bucket (required)
  UPLOAD_PREFIX          key prefix, default "uploads" (letters, digits, - and _, segments separated by /)
  MAX_UPLOAD_BYTES       largest accepted object, default 10 MiB (1 .. 5 GiB, S3's limit for a POST upload)
  ALLOWED_CONTENT_TYPES  comma-separated content types, default "image/png,image/jpeg,application/pdf,text/plain"
  URL_EXPIRES_SECONDS    lifetime of the presigned POST, default 300 (1 .. 300)
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

import boto3
from botocore.config import Config
from lambda_log import FunctionLog

DEFAULT_PREFIX = "uploads"
DEFAULT_MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_POST_UPLOAD_BYTES = 5 * 1024**3
DEFAULT_CONTENT_TYPES = ("image/png", "image/jpeg", "application/pdf", "text/plain")
MAX_EXPIRES_SECONDS = 300
MAX_FILENAME_LENGTH = 128
MAX_BODY_BYTES = 4096

PREFIX_RE = re.compile(r"^[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*$")
# After spaces become underscores: letters, digits, dot, hyphen, underscore; must not start with a dot.
FILENAME_RE = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9._-]*$")
CONTENT_TYPE_RE = re.compile(r"^[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*$")

# The standard library's logger (lambda_log), not Powertools': its Logger costs its import at every cold start
# (issue 22). boto3 is the only third-party import this function needs.
log = FunctionLog("presign")
logger = log.logger


class BadRequestError(ValueError):
    """The request cannot be presigned; the message is safe to show to the caller."""


class NoCallerError(BadRequestError):
    """The request carries no caller identity to own the upload (answered 401)."""


class ConfigError(RuntimeError):
    """The function's environment is wrong (a deployment error, never the caller's)."""


@dataclass(frozen=True)
class PresignConfig:
    bucket: str
    prefix: str
    max_bytes: int
    content_types: frozenset[str]
    expires_in: int


@dataclass(frozen=True)
class UploadRequest:
    filename: str
    content_type: str
    owner: str


# --- settings ---------------------------------------------------------------------------------------------------------


def load_config(env: Mapping[str, str]) -> PresignConfig:
    """The settings from the environment, or ConfigError naming the variable and what is allowed."""
    bucket = env.get("UPLOAD_BUCKET", "").strip()
    if not bucket:
        raise ConfigError("UPLOAD_BUCKET must be set to the upload bucket's name")
    prefix = env.get("UPLOAD_PREFIX", DEFAULT_PREFIX).strip().strip("/")
    if not PREFIX_RE.fullmatch(prefix):
        raise ConfigError(
            f"UPLOAD_PREFIX must be segments of letters, digits, - and _ separated by /, found {prefix!r}"
        )
    max_bytes = _int_setting(env, "MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES, 1, MAX_POST_UPLOAD_BYTES)
    expires_in = _int_setting(env, "URL_EXPIRES_SECONDS", MAX_EXPIRES_SECONDS, 1, MAX_EXPIRES_SECONDS)
    raw_types = env.get("ALLOWED_CONTENT_TYPES", ",".join(DEFAULT_CONTENT_TYPES))
    content_types = frozenset(t.strip().lower() for t in raw_types.split(",") if t.strip())
    bad = sorted(t for t in content_types if not CONTENT_TYPE_RE.fullmatch(t))
    if not content_types or bad:
        raise ConfigError(f"ALLOWED_CONTENT_TYPES must be a comma-separated list of type/subtype, found {raw_types!r}")
    return PresignConfig(bucket, prefix, max_bytes, content_types, expires_in)


def _int_setting(env: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    raw = env.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = int(raw)
    except ValueError as err:
        raise ConfigError(f"{name} must be an integer between {low} and {high}, found {raw!r}") from err
    if not low <= value <= high:
        raise ConfigError(f"{name} must be between {low} and {high}, found {value}")
    return value


# --- pure logic -------------------------------------------------------------------------------------------------------


def sanitise_filename(raw: object) -> str:
    """A safe last key segment from the caller's file name, or BadRequestError saying what is wrong."""
    if not isinstance(raw, str) or not raw.strip():
        raise BadRequestError("filename must be a non-empty string")
    name = raw.strip()
    if any(not ch.isprintable() for ch in name):
        raise BadRequestError("filename must not contain control or other non-printable characters")
    if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
        raise BadRequestError("filename must not be an absolute path")
    if ".." in name:
        raise BadRequestError("filename must not contain '..'")
    if "/" in name or "\\" in name:
        raise BadRequestError("filename must be a plain file name, without / or \\")
    name = re.sub(r" +", "_", name)
    if len(name) > MAX_FILENAME_LENGTH:
        raise BadRequestError(f"filename must be at most {MAX_FILENAME_LENGTH} characters, found {len(name)}")
    if not FILENAME_RE.fullmatch(name):
        raise BadRequestError(
            "filename may contain only letters, digits, spaces, '.', '-' and '_', and must not start with '.'"
        )
    return name


def choose_content_type(raw: object, config: PresignConfig) -> str:
    if not isinstance(raw, str) or not raw.strip():
        raise BadRequestError("contentType must be a non-empty string")
    content_type = raw.strip().lower()
    if content_type not in config.content_types:
        allowed = ", ".join(sorted(config.content_types))
        raise BadRequestError(f"contentType must be one of {allowed}, found {raw.strip()[:100]!r}")
    return content_type


def owner_segment(issuer: object, sub: object) -> str:
    """The caller's key segment: `u-` and 128 bits of SHA-256 over the token's issuer and `sub`.

    Always a hash, never the raw `sub`: a `sub` shaped like another caller's segment cannot land in that caller's
    prefix, and two issuers' identical `sub`s (two user pools behind one API) are two owners. Without a string `sub`
    there is no owner, and no upload: a shared "anonymous/" prefix would let every anonymous caller overwrite and
    read-guess every other's objects.
    """
    if not isinstance(sub, str) or not sub:
        raise NoCallerError("the request has no caller identity (JWT sub) to own the upload")
    issuer_text = issuer if isinstance(issuer, str) else ""
    # surrogatepass: a lone surrogate in a claim still hashes (to a segment of its own) instead of raising
    digest = hashlib.sha256(f"{issuer_text}\n{sub}".encode("utf-8", "surrogatepass")).hexdigest()
    return "u-" + digest[:32]


def object_key(config: PresignConfig, request: UploadRequest, unique: str) -> str:
    return f"{config.prefix}/{request.owner}/{unique}-{request.filename}"


def presign_upload(s3: Any, config: PresignConfig, request: UploadRequest, unique: str | None = None) -> dict[str, Any]:
    """The presigned POST for the request: url, fields, key, expiresIn and maxBytes."""
    key = object_key(config, request, unique or str(uuid.uuid4()))
    post = s3.generate_presigned_post(
        Bucket=config.bucket,
        Key=key,
        Fields={"Content-Type": request.content_type},
        Conditions=[
            {"Content-Type": request.content_type},
            ["content-length-range", 1, config.max_bytes],
        ],
        ExpiresIn=config.expires_in,
    )
    return {
        "url": post["url"],
        "fields": post["fields"],
        "key": key,
        "expiresIn": config.expires_in,
        "maxBytes": config.max_bytes,
    }


# --- event parsing ----------------------------------------------------------------------------------------------------


def parse_event(event: Mapping[str, Any], config: PresignConfig) -> UploadRequest:
    """The upload request from a payload 2.0 event: JSON body, or the query string when there is no body."""
    if not isinstance(event, Mapping):
        raise BadRequestError("not an API Gateway HTTP API event")
    params: Mapping[str, Any]
    body = event.get("body")
    if body:
        if not isinstance(body, str):
            raise BadRequestError('body must be a JSON object {"filename": ..., "contentType": ...}')
        if event.get("isBase64Encoded"):
            try:
                body = base64.b64decode(body, validate=True).decode("utf-8")
            except (binascii.Error, ValueError) as err:  # ValueError: non-ASCII base64 text, invalid UTF-8
                raise BadRequestError("body must be base64-encoded UTF-8 JSON") from err
        if len(body) > MAX_BODY_BYTES:
            raise BadRequestError(f"body must be at most {MAX_BODY_BYTES} bytes")
        try:
            params = json.loads(body)
        except (ValueError, RecursionError) as err:  # RecursionError: nesting deeper than the parser's stack
            raise BadRequestError('body must be a JSON object {"filename": ..., "contentType": ...}') from err
        if not isinstance(params, dict):
            raise BadRequestError('body must be a JSON object {"filename": ..., "contentType": ...}')
    else:
        query = event.get("queryStringParameters")
        params = query if isinstance(query, dict) else {}
    claims = _claims(event)
    owner = owner_segment(claims.get("iss"), claims.get("sub"))  # first: without an owner nothing else matters
    return UploadRequest(
        filename=sanitise_filename(params.get("filename")),
        content_type=choose_content_type(params.get("contentType"), config),
        owner=owner,
    )


def _claims(event: Mapping[str, Any]) -> Mapping[str, Any]:
    """The JWT authorizer's claims of a payload 2.0 event, or {} (any level missing or of another type)."""
    node: Any = event
    for name in ("requestContext", "authorizer", "jwt", "claims"):
        node = node.get(name) if isinstance(node, Mapping) else None
    return node if isinstance(node, Mapping) else {}


# --- responses --------------------------------------------------------------------------------------------------------


def json_response(status_code: int, body: dict[str, Any]) -> dict[str, Any]:
    return {
        "statusCode": status_code,
        "headers": {"Content-Type": "application/json", "Cache-Control": "no-store"},
        "body": json.dumps(body),  # ASCII escapes: a lone surrogate from a claim stays valid JSON on the wire
        "isBase64Encoded": False,
    }


@cache
def s3_client() -> Any:
    # SigV4 is what S3 requires for presigned POSTs in regions opened after 2014 (ap-northeast-2 is one).
    return boto3.client("s3", config=Config(signature_version="s3v4"))


def lambda_handler(event: dict[str, Any], context: object) -> dict[str, Any]:
    log.start(event)
    config = load_config(os.environ)  # a ConfigError is a deployment error: let it fail the invocation (500)
    try:
        request = parse_event(event, config)
    except NoCallerError as err:
        logger.info("rejected upload request", extra={"reason": str(err)})
        return json_response(401, {"error": "unauthorized", "message": str(err)})
    except BadRequestError as err:
        logger.info("rejected upload request", extra={"reason": str(err)})
        return json_response(400, {"error": "bad_request", "message": str(err)})
    result = presign_upload(s3_client(), config, request)
    logger.info("presigned upload", extra={"key": result["key"], "content_type": request.content_type})
    return json_response(200, result)
