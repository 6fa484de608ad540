"""Presigned S3 upload: `POST /uploads {"filename": ..., "contentType": ...}` -> a presigned POST for one key.

The caller never chooses the key: the function derives `<UPLOAD_PREFIX>/<caller sub or anonymous>/<uuid>-<name>`
from a sanitised file name, and the POST policy pins the bucket, that key, the Content-Type and a
content-length-range, and expires within 300 seconds.

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
from aws_lambda_powertools import Logger
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext
from botocore.config import Config

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
OWNER_RE = re.compile(r"^[A-Za-z0-9_-]{1,128}$")

logger = Logger(service=os.environ.get("POWERTOOLS_SERVICE_NAME", "presign"))


class BadRequestError(ValueError):
    """The request cannot be presigned; the message is safe to show to the caller."""


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


def owner_segment(sub: object) -> str:
    """The caller's key segment: the JWT `sub` when it is key-safe, a hash of it otherwise, or 'anonymous'."""
    if not isinstance(sub, str) or not sub:
        return "anonymous"
    if OWNER_RE.fullmatch(sub):
        return sub
    return "sub-" + hashlib.sha256(sub.encode()).hexdigest()[:32]


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
    params: Mapping[str, Any]
    body = event.get("body")
    if body:
        if event.get("isBase64Encoded"):
            try:
                body = base64.b64decode(body, validate=True).decode("utf-8")
            except (binascii.Error, UnicodeDecodeError) as err:
                raise BadRequestError("body must be base64-encoded UTF-8 JSON") from err
        if len(body) > MAX_BODY_BYTES:
            raise BadRequestError(f"body must be at most {MAX_BODY_BYTES} bytes")
        try:
            params = json.loads(body)
        except ValueError as err:
            raise BadRequestError('body must be a JSON object {"filename": ..., "contentType": ...}') from err
        if not isinstance(params, dict):
            raise BadRequestError('body must be a JSON object {"filename": ..., "contentType": ...}')
    else:
        params = event.get("queryStringParameters") or {}
    claims = (((event.get("requestContext") or {}).get("authorizer") or {}).get("jwt") or {}).get("claims") or {}
    return UploadRequest(
        filename=sanitise_filename(params.get("filename")),
        content_type=choose_content_type(params.get("contentType"), config),
        owner=owner_segment(claims.get("sub")),
    )


# --- responses --------------------------------------------------------------------------------------------------------


def json_response(status_code: int, body: dict[str, Any]) -> dict[str, Any]:
    return {
        "statusCode": status_code,
        "headers": {"Content-Type": "application/json", "Cache-Control": "no-store"},
        "body": json.dumps(body, ensure_ascii=False),
        "isBase64Encoded": False,
    }


@cache
def s3_client() -> Any:
    # SigV4 is what S3 requires for presigned POSTs in regions opened after 2014 (ap-northeast-2 is one).
    return boto3.client("s3", config=Config(signature_version="s3v4"))


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP, clear_state=True)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    config = load_config(os.environ)  # a ConfigError is a deployment error: let it fail the invocation (500)
    try:
        request = parse_event(event, config)
    except BadRequestError as err:
        logger.info("rejected upload request", extra={"reason": str(err)})
        return json_response(400, {"error": "bad_request", "message": str(err)})
    result = presign_upload(s3_client(), config, request)
    logger.info("presigned upload", extra={"key": result["key"], "content_type": request.content_type})
    return json_response(200, result)
