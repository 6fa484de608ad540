"""The presign function: derived keys, refused names, and the POST policy S3 will enforce (moto does not)."""

from __future__ import annotations

import base64
import json
import re
import time
from datetime import UTC, datetime

import boto3
import presign
import pytest
import requests
from botocore.config import Config
from hypothesis import given
from hypothesis import strategies as st
from moto import mock_aws

from apigwkit.local.aws import LocalAws
from apigwkit.testing.hostile import FUZZ, hostile_text, json_bodies, json_objects_with, json_values

BUCKET = "upload-bucket"
REGION = "ap-northeast-2"
ENV = {
    "UPLOAD_BUCKET": BUCKET,
    "UPLOAD_PREFIX": "uploads",
    "MAX_UPLOAD_BYTES": "1048576",
    "ALLOWED_CONTENT_TYPES": "image/png,text/plain",
    "URL_EXPIRES_SECONDS": "120",
}


ISSUER = "https://cognito-idp.ap-northeast-2.amazonaws.com/ap-northeast-2_TestPool1"


def event(body: dict | str | None = None, query: dict | None = None, sub: str | None = "user-123") -> dict:
    evt: dict = {
        "version": "2.0",
        "routeKey": "POST /uploads",
        "rawPath": "/uploads",
        "headers": {"content-type": "application/json"},
        "requestContext": {"http": {"method": "POST", "path": "/uploads"}, "requestId": "req-1"},
        "isBase64Encoded": False,
    }
    if body is not None:
        evt["body"] = body if isinstance(body, str) else json.dumps(body)
    if query is not None:
        evt["queryStringParameters"] = query
    if sub is not None:
        evt["requestContext"]["authorizer"] = {"jwt": {"claims": {"sub": sub, "iss": ISSUER}, "scopes": None}}
    return evt


@pytest.fixture
def env(monkeypatch):
    for k, v in ENV.items():
        monkeypatch.setenv(k, v)
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    for k in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(k, "testing")
    presign.s3_client.cache_clear()  # a client cached by an earlier test may be bound to another mock


@pytest.fixture
def mocked_s3(env):
    with mock_aws():
        boto3.client("s3", region_name=REGION).create_bucket(
            Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION}
        )
        yield


def call(evt: dict, lambda_context) -> tuple[int, dict]:
    response = presign.lambda_handler(evt, lambda_context)
    return response["statusCode"], json.loads(response["body"])


def policy_of(result: dict) -> dict:
    return json.loads(base64.b64decode(result["fields"]["policy"]))


def test_post_returns_a_policy_pinning_bucket_key_type_size_and_expiry(mocked_s3, lambda_context):
    before = datetime.now(UTC)
    status, body = call(event({"filename": "cat photo.png", "contentType": "image/png"}), lambda_context)
    assert status == 200
    assert body["expiresIn"] == 120 and body["maxBytes"] == 1048576
    prefix, owner, last = body["key"].split("/")
    assert (prefix, owner) == ("uploads", presign.owner_segment(ISSUER, "user-123"))
    assert last.endswith("-cat_photo.png") and len(last) == 36 + len("-cat_photo.png")
    assert body["fields"]["key"] == body["key"] and body["fields"]["Content-Type"] == "image/png"

    policy = policy_of(body)
    conditions = policy["conditions"]
    assert {"bucket": BUCKET} in conditions
    assert {"key": body["key"]} in conditions
    assert {"Content-Type": "image/png"} in conditions
    assert ["content-length-range", 1, 1048576] in conditions
    expiration = datetime.strptime(policy["expiration"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    assert 0 < (expiration - before).total_seconds() <= 121
    assert "X-Amz-Signature" in body["fields"] or "x-amz-signature" in body["fields"]


def test_query_string_parameters_are_read_when_there_is_no_body(mocked_s3, lambda_context):
    status, body = call(event(query={"filename": "notes.txt", "contentType": "TEXT/PLAIN"}), lambda_context)
    assert status == 200
    assert body["key"].endswith("-notes.txt")
    assert {"Content-Type": "text/plain"} in policy_of(body)["conditions"]


@pytest.mark.parametrize("sub", [None, "", 42, ["user-1"], {"sub": "user-1"}])
def test_a_request_without_a_caller_identity_is_refused_with_401(mocked_s3, lambda_context, sub):
    evt = event({"filename": "a.png", "contentType": "image/png"}, sub="placeholder")
    evt["requestContext"]["authorizer"]["jwt"]["claims"]["sub"] = sub
    status, body = call(evt, lambda_context)
    assert (status, body["error"]) == (401, "unauthorized")


def test_defaults_are_ten_mib_and_300_seconds(mocked_s3, lambda_context, monkeypatch):
    monkeypatch.delenv("MAX_UPLOAD_BYTES")
    monkeypatch.delenv("URL_EXPIRES_SECONDS")
    status, body = call(event({"filename": "a.png", "contentType": "image/png"}), lambda_context)
    assert status == 200
    assert (body["expiresIn"], body["maxBytes"]) == (300, 10 * 1024 * 1024)
    assert ["content-length-range", 1, 10 * 1024 * 1024] in policy_of(body)["conditions"]


def test_base64_body_is_decoded(mocked_s3, lambda_context):
    evt = event(base64.b64encode(json.dumps({"filename": "a.png", "contentType": "image/png"}).encode()).decode())
    evt["isBase64Encoded"] = True
    status, body = call(evt, lambda_context)
    assert status == 200 and body["key"].endswith("-a.png")


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"filename": "../../etc/passwd", "contentType": "text/plain"}, "'..'"),
        ({"filename": "/etc/passwd", "contentType": "text/plain"}, "absolute path"),
        ({"filename": "C:\\x.txt", "contentType": "text/plain"}, "absolute path"),
        ({"filename": "dir/x.txt", "contentType": "text/plain"}, "plain file name"),
        ({"filename": "a\nb.txt", "contentType": "text/plain"}, "control"),
        ({"filename": "a\u0000.txt", "contentType": "text/plain"}, "control"),
        ({"filename": "ünïcode?.txt", "contentType": "text/plain"}, "may contain only"),
        ({"filename": ".hidden", "contentType": "text/plain"}, "must not start with '.'"),
        ({"filename": "x" * 129, "contentType": "text/plain"}, "at most 128"),
        ({"filename": "", "contentType": "text/plain"}, "non-empty"),
        ({"contentType": "text/plain"}, "filename must be a non-empty string"),
        ({"filename": "a.html", "contentType": "text/html"}, "contentType must be one of image/png, text/plain"),
        ({"filename": "a.png"}, "contentType must be a non-empty string"),
    ],
)
def test_bad_input_is_refused_with_400(mocked_s3, lambda_context, params, message):
    status, body = call(event(params), lambda_context)
    assert status == 400
    assert body["error"] == "bad_request"
    assert message in body["message"]


@pytest.mark.parametrize("raw", ["not json", "[1, 2]", "[" * 1500, "[" * 4000])
def test_body_that_is_not_a_json_object_is_refused(mocked_s3, lambda_context, raw):
    status, body = call(event(raw), lambda_context)
    assert status == 400 and "JSON object" in body["message"]


def test_the_owner_segment_is_always_a_hash_of_issuer_and_sub():
    plain = presign.owner_segment(ISSUER, "abc-DEF_1")
    assert re.fullmatch(r"u-[0-9a-f]{32}", plain)
    assert "abc" not in plain
    # a sub shaped like someone's segment is not that segment, and the same sub of two issuers is two owners
    assert presign.owner_segment(ISSUER, plain) != plain
    assert presign.owner_segment("https://other.example", "abc-DEF_1") != plain
    for hostile in ("../evil", "anonymous", "a/b", "\ud800", "x" * 5000):
        assert re.fullmatch(r"u-[0-9a-f]{32}", presign.owner_segment(ISSUER, hostile))
    with pytest.raises(presign.NoCallerError):
        presign.owner_segment(ISSUER, None)


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("URL_EXPIRES_SECONDS", "301", "URL_EXPIRES_SECONDS must be between 1 and 300"),
        ("URL_EXPIRES_SECONDS", "0", "URL_EXPIRES_SECONDS must be between 1 and 300"),
        ("URL_EXPIRES_SECONDS", "soon", "URL_EXPIRES_SECONDS must be an integer"),
        ("MAX_UPLOAD_BYTES", "0", "MAX_UPLOAD_BYTES must be between 1"),
        ("UPLOAD_PREFIX", "../up", "UPLOAD_PREFIX must be"),
        ("ALLOWED_CONTENT_TYPES", "image", "ALLOWED_CONTENT_TYPES must be"),
        ("UPLOAD_BUCKET", "", "UPLOAD_BUCKET must be set"),
    ],
)
def test_bad_settings_are_refused(name, value, message):
    with pytest.raises(presign.ConfigError, match=message):
        presign.load_config({**ENV, name: value})


@pytest.fixture(scope="module")
def moto_server():
    # moto's server keeps its buckets in process-wide backends; LocalAws (what `make run` uses) empties them when it
    # stops, so no later test of this worker finds this module's bucket.
    with LocalAws(region=REGION) as aws:
        yield aws.endpoint


def test_upload_through_the_presigned_post_lands_at_the_key(env, moto_server, lambda_context, monkeypatch):
    s3 = boto3.client("s3", region_name=REGION, endpoint_url=moto_server, config=Config(signature_version="s3v4"))
    s3.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION})
    monkeypatch.setattr(presign, "s3_client", lambda: s3)

    status, body = call(event({"filename": "hello.txt", "contentType": "text/plain"}), lambda_context)
    assert status == 200
    assert body["url"].startswith(moto_server)
    upload = requests.post(
        body["url"], data=body["fields"], files={"file": ("hello.txt", b"hello, upload", "text/plain")}, timeout=10
    )
    assert upload.status_code in (200, 201, 204), upload.text
    stored = s3.get_object(Bucket=BUCKET, Key=body["key"])
    assert stored["Body"].read() == b"hello, upload"
    assert stored["ContentType"] == "text/plain"
    assert (
        time.time()
        < datetime.strptime(policy_of(body)["expiration"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC).timestamp()
    )


# --- fuzz: every answer is one of the documented ones ----------------------------------------------------------------


@FUZZ
@given(
    hostile=st.sets(st.sampled_from(["filename", "contentType", "body", "query", "claims", "top"]), max_size=2),
    filename=st.one_of(hostile_text(), json_values()),
    content_type=st.one_of(hostile_text(), json_values()),
    body=json_bodies(),
    query=json_values(),
    claims=st.one_of(json_values(), json_objects_with(("sub", "iss"))),
    top=json_objects_with(("body", "isBase64Encoded", "queryStringParameters", "requestContext")),
)
def test_fuzz_hostile_requests_get_a_documented_status(
    mocked_s3, lambda_context, hostile, filename, content_type, body, query, claims, top
):
    params = {
        "filename": filename if "filename" in hostile else "cat.png",
        "contentType": content_type if "contentType" in hostile else "image/png",
    }
    evt = event(body if "body" in hostile else params)
    if "query" in hostile:
        evt.pop("body")
        evt["queryStringParameters"] = query
    if "claims" in hostile:
        evt["requestContext"]["authorizer"]["jwt"]["claims"] = claims
    if "top" in hostile:
        evt.update(top)
    response = presign.lambda_handler(evt, lambda_context)
    assert response["statusCode"] in {200, 400, 401}
    answer = json.loads(response["body"].encode("ascii"))  # valid JSON, ASCII on the wire, whatever came in
    if response["statusCode"] == 200:
        owner = answer["key"].split("/")[1]
        assert re.fullmatch(r"u-[0-9a-f]{32}", owner)
    if not hostile:
        assert response["statusCode"] == 200
