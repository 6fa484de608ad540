"""examples/github-oidc-deploy-role: roles only one repository's environment can assume, a private state bucket."""

from __future__ import annotations

import json


def test_deploy_roles_trust_exactly_one_repository_and_environment(fresh_workspace):
    ws = fresh_workspace("examples/github-oidc-deploy-role")
    outputs = ws.apply({"github_repository": "acme/apis", "environments": ["dev", "prod"]})
    assert sorted(outputs["role_arns"]) == ["dev", "prod"]
    resources = {r["address"]: r["values"] for r in ws.state()["values"]["root_module"]["resources"]}
    trust = json.loads(resources['aws_iam_role.deploy["prod"]']["assume_role_policy"])
    (statement,) = trust["Statement"]
    assert statement["Action"] == "sts:AssumeRoleWithWebIdentity"
    assert statement["Principal"]["Federated"].endswith(":oidc-provider/token.actions.githubusercontent.com")
    conditions = statement["Condition"]["StringEquals"]
    assert conditions["token.actions.githubusercontent.com:aud"] == "sts.amazonaws.com"
    assert sorted(conditions["token.actions.githubusercontent.com:sub"]) == [
        "repo:acme/apis:environment:prod",
        "repo:acme/apis:environment:prod-plan",
    ]
    policy = json.loads(resources['aws_iam_role_policy.deploy["prod"]']["policy"])
    actions = [a for s in policy["Statement"] for a in ([s["Action"]] if isinstance(s["Action"], str) else s["Action"])]
    assert not [a for a in actions if a == "*" or a.endswith(":*")]
    state_objects = next(s for s in policy["Statement"] if s.get("Sid") == "State")
    assert state_objects["Resource"].endswith("/prod/*")
    assert resources["aws_s3_bucket_public_access_block.state"]["restrict_public_buckets"] is True
    assert resources["aws_s3_bucket_versioning.state"]["versioning_configuration"][0]["status"] == "Enabled"
