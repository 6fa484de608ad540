"""Consumers call the modules through a git source, ``git::…//modules/<name>?ref=<tag>``, from a root module of
their own. A throwaway repository holding this tree's ``modules/`` (what a release ships for Terraform),
tagged, and a root module outside it that calls every module that way, must init, validate and plan
offline. Only ``modules/`` goes into that repository, so a module that reads a file elsewhere in this
repository (or a build output that is never committed) fails here as it would for a consumer."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

from apigwkit.engine.workspace import REPO_ROOT, TerraformError, Workspace

TAG = "v0.0.0-consumer"
FUNCTION = "${module.lambda_function.alias_arn}"
CLOUDWATCH_ROLE = "${module.account_settings.cloudwatch_role_arn}"
REPLICA_KEY = "arn:aws:kms:ap-northeast-1:123456789012:key/00000000-0000-4000-8000-000000000000"

# One call per module, wired to each other as a consumer would wire them.
MODULE_INPUTS: dict[str, dict] = {
    "account_settings": {"role_name": "consumer-apigw-cloudwatch"},
    "lambda_function": {
        "name": "consumer-hello",
        "handler": "app.handler",
        "package": {"filename": "hello.zip", "source_code_hash": "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="},
    },
    "http_api": {
        "name": "consumer-http",
        "routes": {"GET /hello": {"integration": {"function_arn": FUNCTION}, "public": True}},
    },
    "rest_api": {
        "name": "consumer-rest",
        "resources": {
            "/hello": {
                "methods": {"GET": {"integration": {"type": "AWS_PROXY", "function_arn": FUNCTION}, "public": True}}
            }
        },
        "stages": {"prod": {}},
        "cloudwatch_role_arn": CLOUDWATCH_ROLE,
    },
    "websocket_api": {
        "name": "consumer-ws",
        "routes": {"$default": {"integration": {"function_arn": FUNCTION}, "public": True}},
        "cloudwatch_role_arn": CLOUDWATCH_ROLE,
    },
    "vpc_link": {
        "name": "consumer-link",
        "api_type": "HTTP",
        "subnet_ids": ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"],
        "security_group_ids": ["sg-0123456789abcdef0"],
    },
    "waf": {
        "name": "consumer-waf",
        "managed_rule_groups": {"AWSManagedRulesCommonRuleSet": {"priority": 10}},
        "associations": {"prod": '${module.rest_api.stage_arns["prod"]}'},
    },
    "domain": {
        "domain_name": "consumer.example.com",
        "certificate_arn": "arn:aws:acm:ap-northeast-2:123456789012:certificate/abc",
        "mappings": {
            "v1": {"api_id": "${module.rest_api.rest_api_id}", "stage": '${module.rest_api.stage_names["prod"]}'}
        },
    },
    "alarms": {
        "name_prefix": "consumer",
        "api_type": "HTTP",
        "api_id": "${module.http_api.api_id}",
        "stages": ["$default"],
    },
    "audit": {
        "name": "consumer-audit",
        "archive_log_groups": "${module.http_api.access_log_group_names}",
        "access_log_bucket": "consumer-s3-access-logs",
        "replication": {
            "destination_bucket_arn": "arn:aws:s3:::consumer-audit-replica",
            "destination_kms_key_arn": REPLICA_KEY,
        },
    },
}


def _source(repo, module: str, ref: str) -> str:
    return f"git::file://{repo}//modules/{module}?ref={ref}"


def _consumer(root, repo, calls: dict[str, tuple[str, dict]]) -> Workspace:
    """A root module in ``root`` (outside this repository) with one module call per entry: name -> (ref, inputs)."""
    root.mkdir()
    shutil.copy(REPO_ROOT / "tests/fixtures/module_root/versions.tf", root)
    modules = {name: {"source": _source(repo, name, ref), **inputs} for name, (ref, inputs) in calls.items()}
    (root / "main.tf.json").write_text(json.dumps({"module": modules}, indent=2))
    return Workspace(root)


@pytest.fixture(scope="module")
def release_repo(git_repo):
    """A repository holding the work tree's modules/ (committed and new files, not ignored ones), tagged."""
    repo = git_repo("apigw-library")
    listed = subprocess.run(
        ["git", "-C", str(REPO_ROOT), "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", "modules"],
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    for relative in filter(None, listed.split("\0")):
        if (REPO_ROOT / relative).is_file():  # a tracked file deleted in the work tree is not part of it
            (repo.path / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO_ROOT / relative, repo.path / relative)
    repo.commit("the modules of the work tree", tag=TAG)
    return repo


@pytest.fixture(scope="module")
def consumer(release_repo, tmp_path_factory):
    ws = _consumer(
        tmp_path_factory.mktemp("consumer") / "root",
        release_repo.path,
        {name: (TAG, inputs) for name, inputs in MODULE_INPUTS.items()},
    )
    yield ws
    ws.cleanup()


def test_the_consumer_root_calls_every_module():
    modules = {p.parent.name for p in (REPO_ROOT / "modules").glob("*/*.tf")}
    assert sorted(MODULE_INPUTS) == sorted(modules), "add the new module to MODULE_INPUTS"


def test_every_module_inits_validates_and_plans_from_a_tagged_git_source(consumer, release_repo):
    consumer.init()
    installed = json.loads((consumer.dir / ".terraform/modules/modules.json").read_text())["Modules"]
    from_git = {m["Key"]: m for m in installed if m["Key"]}
    assert sorted(from_git) == sorted(MODULE_INPUTS)
    for name, module in from_git.items():
        # installed from the tag, into the root's own .terraform (not read from this repository)
        assert module["Source"] == f"git::file://{release_repo.path}//modules/{name}?ref={TAG}"
        assert module["Dir"] == f".terraform/modules/{name}/modules/{name}"
    assert consumer.validate()["valid"] is True
    plan = consumer.plan()
    for name in MODULE_INPUTS:
        assert any(a.startswith(f"module.{name}.") for a in plan.addresses("create")), f"module {name} plans nothing"
    assert plan.summary()["change"] == plan.summary()["destroy"] == 0
    assert plan['module.waf.aws_wafv2_web_acl_association.this["prod"]'].is_unknown("resource_arn")


def test_a_module_reading_outside_its_directory_fails_for_consumers(release_repo, tmp_path):
    # The read works inside this repository, where README.md is two levels above every module ...
    assert (REPO_ROOT / "modules/account_settings/../../README.md").is_file()
    main = release_repo.path / "modules/account_settings/main.tf"
    main.write_text(main.read_text() + '\nlocals {\n  notes = file("${path.module}/../../README.md")\n}\n')
    release_repo.commit("account_settings reads a file of the repository", tag=f"{TAG}-reads-outside")
    ws = _consumer(tmp_path / "root", release_repo.path, {"account_settings": (f"{TAG}-reads-outside", {})})
    try:
        # ... but not where a consumer's Terraform installs the module
        with pytest.raises(TerraformError) as failed:
            ws.validate()
    finally:
        ws.cleanup()
    report, _ = json.JSONDecoder().raw_decode(failed.value.output)  # validate -json's report
    [error] = report["diagnostics"]
    installed = ".terraform/modules/account_settings/modules/account_settings"
    assert error["range"]["filename"] == f"{installed}/main.tf"
    assert error["detail"].startswith(
        f'Invalid value for "path" parameter: no file exists at "{installed}/../../README.md"'
    )


# What the consumer test cannot see: a read of another module's file (modules/ ships whole), and paths
# taken from the caller's root (path.root, path.cwd), which the consumer's root may happen to satisfy.
_OUTSIDE = re.compile(r"path\.module\}?/\.\.|path\.(root|cwd)\b")


def _paths_outside(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if _OUTSIDE.search(line) and not line.lstrip().startswith("#")]


def test_no_module_builds_a_path_outside_its_own_directory():
    found = {
        str(tf.relative_to(REPO_ROOT)): _paths_outside(tf.read_text())
        for tf in sorted((REPO_ROOT / "modules").glob("*/*.tf"))
    }
    assert {name: lines for name, lines in found.items() if lines} == {}


def test_the_path_rule_sees_a_sibling_read_and_the_callers_root():
    assert _paths_outside('x = file("${path.module}/../waf/main.tf")\ny = "${path.root}/build"\nz = path.cwd') == [
        'x = file("${path.module}/../waf/main.tf")',
        'y = "${path.root}/build"',
        "z = path.cwd",
    ]
    assert _paths_outside('x = file("${path.module}/policy.json")\n  # path.cwd, in a comment') == []
