"""The GitHub workflows: every action pinned by commit with its version beside it, no expression pasted into a
script, credentials only in the steps that call AWS and only after the set-up, and the deploy dispatch offering
exactly the examples the pipeline may deploy. (actionlint and zizmor run in make lint.)"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from apigwkit.deploy import deployable_examples
from apigwkit.engine.workspace import REPO_ROOT

WORKFLOWS = sorted(p for p in (REPO_ROOT / ".github" / "workflows").iterdir() if p.suffix in (".yml", ".yaml"))
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40} # v\d+(\.\d+){1,2}$")
CONFIGURE_CREDENTIALS = "aws-actions/configure-aws-credentials@"


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text())


def steps(workflow: dict) -> list[tuple[str, list[dict]]]:
    return [(name, job.get("steps", [])) for name, job in workflow["jobs"].items()]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_is_pinned_by_commit_with_its_version_in_a_comment(path):
    lines = [line.split("uses:", 1)[1].strip() for line in path.read_text().splitlines() if "uses:" in line]
    assert lines
    unpinned = [line for line in lines if not line.startswith("./") and not PINNED.fullmatch(line)]
    assert unpinned == []


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_no_expression_is_pasted_into_a_script(path):
    scripts = [step["run"] for _, job_steps in steps(load(path)) for step in job_steps if "run" in step]
    assert scripts
    assert [script for script in scripts if "${{" in script] == []


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_job_names_its_permissions_and_the_workflow_grants_little(path):
    workflow = load(path)
    assert workflow["permissions"] in ({}, {"contents": "read"})
    assert [name for name, job in workflow["jobs"].items() if "permissions" not in job] == []


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_credentials_reach_only_the_steps_that_call_aws_and_only_after_the_set_up(path):
    for job, job_steps in steps(load(path)):
        configure = [i for i, step in enumerate(job_steps) if step.get("uses", "").startswith(CONFIGURE_CREDENTIALS)]
        for index in configure:
            step = job_steps[index]
            assert step["with"]["output-env-credentials"] is False, job
            earlier = " ".join(s.get("run", "") for s in job_steps[:index])
            assert "make setup" in earlier, f"{job}: credentials before the set-up and build"
            later = job_steps[index + 1 :]
            users = [s for s in later if "steps.aws.outputs" in str(s.get("env", {}))]
            assert users, job
            assert all(s.get("run", "").startswith("make ") for s in users), job
        checkouts = [s for s in job_steps if s.get("uses", "").startswith("actions/checkout@")]
        assert all(s.get("with", {}).get("persist-credentials") is False for s in checkouts), job


def test_the_dispatch_offers_exactly_the_deployable_examples():
    dispatch = load(REPO_ROOT / ".github" / "workflows" / "deploy.yml")[True]["workflow_dispatch"]  # YAML 1.1: on
    assert dispatch["inputs"]["example"]["options"] == deployable_examples()


def test_pull_requests_plan_merges_apply_and_prod_waits_for_dev():
    deploy = load(REPO_ROOT / ".github" / "workflows" / "deploy.yml")
    assert set(deploy[True]) == {"pull_request", "push", "workflow_dispatch"}
    jobs = deploy["jobs"]
    assert jobs["dev"]["with"]["apply"] == "${{ github.event_name != 'pull_request' }}"
    assert jobs["prod"]["needs"] == "dev" and jobs["prod"]["with"]["apply"] is True
    assert jobs["comment"]["permissions"] == {"pull-requests": "write"}
    assert "steps" in jobs["comment"] and not any("checkout" in s.get("uses", "") for s in jobs["comment"]["steps"])
    environment = load(REPO_ROOT / ".github" / "workflows" / "deploy-environment.yml")["jobs"]
    assert environment["plan"]["environment"] == "${{ inputs.environment }}-plan"
    assert environment["apply"]["environment"] == "${{ inputs.environment }}"
    assert environment["apply"]["needs"] == "plan"
