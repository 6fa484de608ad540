"""End to end: examples/s3-upload-presign served locally; a browser-style upload lands in moto's S3.

A Cognito user (moto) asks the JWT-protected POST /uploads for a presigned POST; the presign Lambda signs it
for moto's S3 (its boto3 client points there); the test uploads through the returned URL and fields and reads
the object back under the caller's own prefix.
"""

from __future__ import annotations

import base64
import io
import json
import re
import time
from collections.abc import Iterator
from xml.etree import ElementTree

import boto3
import jwt
import pytest
import requests
from botocore.config import Config

from apigwkit.engine.workspace import REPO_ROOT
from apigwkit.local.s3_post_policy import PolicyRefusal, check
from apigwkit.local.server import LocalGateway, serving


@pytest.fixture(scope="module")
def uploads(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, LocalGateway]]:
    gateway = LocalGateway(
        REPO_ROOT / "examples/s3-upload-presign",
        port=0,
        workdir=tmp_path_factory.mktemp("local"),
        log_stream=io.StringIO(),
    )
    with serving(gateway):
        (endpoint,) = gateway.endpoints
        yield endpoint.url, gateway


def access_token(gateway: LocalGateway, username: str) -> str:
    outputs = gateway.deployment.outputs
    return gateway.aws.issue_token(outputs["user_pool_id"], outputs["user_pool_client_id"], username).access_token


def ask_upload(url: str, token: str, filename: str, content_type: str) -> requests.Response:
    """POST /uploads: the presign Lambda's grant for one file."""
    return requests.post(
        f"{url}/uploads",
        json={"filename": filename, "contentType": content_type},
        headers={"Authorization": f"Bearer {token}"},
        timeout=60,
    )


def test_an_upload_through_the_presigned_post_lands_under_the_callers_prefix(uploads):
    url, gateway = uploads
    token = access_token(gateway, "uploader@example.com")
    answer = ask_upload(url, token, "cat photo.png", "image/png")
    assert answer.status_code == 200, answer.text
    grant = answer.json()
    sub = jwt.decode(token, options={"verify_signature": False})["sub"]
    # the caller's prefix is a hash of their issuer and sub (lambda_src/presign), never the sub itself
    assert (
        re.fullmatch(r"uploads/u-[0-9a-f]{32}/[0-9a-f-]{36}-cat_photo\.png", grant["key"]) and sub not in grant["key"]
    )
    assert grant["url"].startswith(gateway.aws.endpoint)  # signed for moto's S3, not AWS

    upload = requests.post(
        grant["url"], data=grant["fields"], files={"file": ("cat.png", b"\x89PNG fake", "image/png")}, timeout=60
    )
    assert upload.status_code in (200, 204), upload.text
    stored = gateway.aws.client("s3").get_object(Bucket=gateway.deployment.outputs["bucket_name"], Key=grant["key"])
    assert stored["Body"].read() == b"\x89PNG fake"
    assert stored["ContentType"] == "image/png"


def test_uploads_need_a_token_and_a_safe_name(uploads):
    url, gateway = uploads
    anonymous = requests.post(f"{url}/uploads", json={"filename": "a.png", "contentType": "image/png"}, timeout=60)
    assert (anonymous.status_code, anonymous.json()) == (401, {"message": "Unauthorized"})
    token = access_token(gateway, "uploader@example.com")
    traversal = ask_upload(url, token, "../../etc/passwd", "text/plain")
    assert traversal.status_code == 400
    assert traversal.json()["error"] == "bad_request"


def test_uploads_that_break_the_post_policy_get_s3s_refusals(uploads):
    """moto stores any POST upload; the local run answers as S3 does (s3_post_policy.py)."""
    url, gateway = uploads
    token = access_token(gateway, "uploader@example.com")
    grant = ask_upload(url, token, "cat.png", "image/png").json()

    def upload(fields: dict[str, str], content: bytes = b"\x89PNG fake") -> tuple[int, str, str]:
        answer = requests.post(grant["url"], data=fields, files={"file": ("cat.png", content, "image/png")}, timeout=60)
        if not answer.content:
            return answer.status_code, "", ""
        error = ElementTree.fromstring(answer.content)
        return answer.status_code, error.findtext("Code"), error.findtext("Message")

    fields = grant["fields"]
    assert upload({**fields, "Content-Type": "text/html"}) == (
        403,
        "AccessDenied",
        'Invalid according to Policy: Policy Condition failed: ["eq", "$Content-Type", "image/png"]',
    )
    elsewhere = "uploads/someone-else/cat.png"
    assert upload({**fields, "key": elsewhere}) == (
        403,
        "AccessDenied",
        f'Invalid according to Policy: Policy Condition failed: ["eq", "$key", "{grant["key"]}"]',
    )
    assert upload({**fields, "x-amz-meta-owner": "me"}) == (
        403,
        "AccessDenied",
        "Invalid according to Policy: Extra input fields: x-amz-meta-owner",
    )
    assert upload(fields, b"\0" * (11 * 1024 * 1024)) == (
        400,
        "EntityTooLarge",
        "Your proposed upload exceeds the maximum allowed size",
    )
    loosened = json.loads(base64.b64decode(fields["policy"]))
    loosened["conditions"] = [c for c in loosened["conditions"] if "content-length-range" not in c]
    status, code, _ = upload({**fields, "policy": base64.b64encode(json.dumps(loosened).encode()).decode()})
    assert (status, code) == (403, "SignatureDoesNotMatch")  # a policy edited after signing
    bucket = gateway.deployment.outputs["bucket_name"]
    stored = gateway.aws.client("s3").list_objects_v2(Bucket=bucket).get("Contents", [])
    assert elsewhere not in {o["Key"] for o in stored} and grant["key"] not in {o["Key"] for o in stored}
    assert upload(fields)[0] in (200, 204)  # the same upload, as granted, is stored


def test_an_expired_post_policy_is_refused(tmp_path):
    """The policy boto3 signs, checked 301 s later (the presign Lambda grants 300 s)."""
    s3 = boto3.client(
        "s3",
        region_name="ap-northeast-2",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        config=Config(signature_version="s3v4"),
    )
    grant = s3.generate_presigned_post("bucket", "uploads/a.png", ExpiresIn=300)
    fields = {k.lower(): v for k, v in grant["fields"].items()}
    check("bucket", fields, 1, {"testing": "testing"}, time.time() + 1)  # in time: no refusal
    with pytest.raises(PolicyRefusal) as refused:
        check("bucket", fields, 1, {"testing": "testing"}, time.time() + 301)
    assert (refused.value.status, refused.value.code, refused.value.message) == (
        403,
        "AccessDenied",
        "Invalid according to Policy: Policy expired.",
    )
