"""End to end: examples/s3-upload-presign served locally; a browser-style upload lands in moto's S3.

A Cognito user (moto) asks the JWT-protected POST /uploads for a presigned POST; the presign Lambda signs it
for moto's S3 (its boto3 client points there); the test uploads through the returned URL and fields and reads
the object back under the caller's own prefix.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

import jwt
import pytest
import requests

from apigwkit.engine.workspace import REPO_ROOT
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


def test_an_upload_through_the_presigned_post_lands_under_the_callers_prefix(uploads):
    url, gateway = uploads
    token = access_token(gateway, "uploader@example.com")
    answer = requests.post(
        f"{url}/uploads",
        json={"filename": "cat photo.png", "contentType": "image/png"},
        headers={"Authorization": f"Bearer {token}"},
        timeout=60,
    )
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
    traversal = requests.post(
        f"{url}/uploads",
        json={"filename": "../../etc/passwd", "contentType": "text/plain"},
        headers={"Authorization": f"Bearer {token}"},
        timeout=60,
    )
    assert traversal.status_code == 400
    assert traversal.json()["error"] == "bad_request"
