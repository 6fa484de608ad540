"""examples/s3-upload-presign: a JWT-protected POST /uploads, a presign Lambda that may only put under uploads/*,
and a private bucket."""

from __future__ import annotations

import json

from apigwkit.engine.workspace import REPO_ROOT

EXAMPLE = "examples/s3-upload-presign"
API = "module.api"
BUCKET = "apigwkit-example-uploads"


def manifest() -> dict:
    return json.loads((REPO_ROOT / "build" / "lambda" / "manifest.json").read_text())["functions"]


def test_upload_route_is_jwt_protected_and_the_bucket_private(workspace):
    plan = workspace(EXAMPLE).plan()
    assert plan.summary() == {"add": 22, "change": 0, "destroy": 0}

    route = plan[f'{API}.aws_apigatewayv2_route.this["POST /uploads"]']
    assert route.value("route_key") == "POST /uploads"
    assert route.value("authorization_type") == "JWT"
    integration = plan[f'{API}.aws_apigatewayv2_integration.this["POST /uploads"]']
    assert (integration.value("integration_type"), integration.value("payload_format_version")) == ("AWS_PROXY", "2.0")
    assert plan[f'{API}.aws_apigatewayv2_authorizer.this["cognito"]'].value("authorizer_type") == "JWT"

    fn = plan["module.presign.aws_lambda_function.this"]
    assert fn.value("source_code_hash") == manifest()["presign"]["source_code_hash"]
    assert fn.value("handler") == "presign.lambda_handler"
    env = fn.value("environment.0.variables")
    assert env["UPLOAD_BUCKET"] == BUCKET and env["UPLOAD_PREFIX"] == "uploads"
    assert (env["MAX_UPLOAD_BYTES"], env["URL_EXPIRES_SECONDS"]) == ("10485760", "300")

    block = plan["aws_s3_bucket_public_access_block.uploads"]
    assert [block.value(k) for k in ("block_public_acls", "block_public_policy", "ignore_public_acls")] == [True] * 3
    assert block.value("restrict_public_buckets") is True
    assert plan["aws_s3_bucket_versioning.uploads"].value("versioning_configuration.0.status") == "Enabled"
    sse = plan["aws_s3_bucket_server_side_encryption_configuration.uploads"]
    assert sse.value("rule.0.apply_server_side_encryption_by_default.0.sse_algorithm") == "AES256"
    cors = plan["aws_s3_bucket_cors_configuration.uploads"].value("cors_rule.0")
    assert (cors["allowed_methods"], cors["allowed_origins"]) == (["POST"], ["https://www.example.com"])


def test_presign_role_may_only_put_objects_under_uploads(fresh_workspace):
    ws = fresh_workspace(EXAMPLE)
    ws.apply()
    resources = {r["address"]: r["values"] for r in _all_resources(ws.state()["values"]["root_module"])}
    role_policy = json.loads(resources["module.presign.aws_iam_role_policy.this"]["policy"])
    (put,) = [s for s in role_policy["Statement"] if s.get("Sid") == "PutUploadsOnly"]
    assert (put["Effect"], put["Action"], put["Resource"]) == (
        "Allow",
        "s3:PutObject",
        f"arn:aws:s3:::{BUCKET}/uploads/*",
    )
    s3_actions = [
        a
        for s in role_policy["Statement"]
        for a in ([s["Action"]] if isinstance(s["Action"], str) else s["Action"])
        if a.startswith("s3:")
    ]
    assert s3_actions == ["s3:PutObject"]
    bucket_policy = json.loads(resources["aws_s3_bucket_policy.uploads"]["policy"])
    (deny,) = bucket_policy["Statement"]
    assert (deny["Effect"], deny["Condition"]) == ("Deny", {"Bool": {"aws:SecureTransport": "false"}})


def _all_resources(module: dict) -> list[dict]:
    found = list(module.get("resources", []))
    for child in module.get("child_modules", []):
        found += _all_resources(child)
    return found
