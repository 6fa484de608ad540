"""The checkov gate (apigwkit.policy): it fails and names the failure, passes a clean directory,
applies an inline skip to the plan findings of exactly its own block (inside a module too), and
refuses a skip without a reason or outside a resource.

Each gate run below scans one small fixture (tests/policy/fixtures/gate/*), once per module.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
from pathlib import Path

import pytest

from apigwkit import policy
from apigwkit.policy import CUSTOM_CHECKS, GateResult, ScanCache, parse_blocks, plan_file, run, split_address

FIXTURES = "tests/policy/fixtures/gate"


def gate(
    tmp_path_factory: pytest.TempPathFactory, name: str, *, plan: bool, work_dir: Path | None = None
) -> tuple[int, GateResult, str]:
    directory = f"{FIXTURES}/{name}"
    work_dir = work_dir or tmp_path_factory.mktemp(name)
    argv = [directory, *(["--plan", directory] if plan else []), "--work-dir", str(work_dir)]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code, result = run(argv)
    assert result is not None
    result.work_dir = work_dir
    return code, result, out.getvalue()


@pytest.fixture(scope="module")
def failing(tmp_path_factory):
    return gate(tmp_path_factory, "failing", plan=True)


@pytest.fixture(scope="module")
def passing(tmp_path_factory):
    return gate(tmp_path_factory, "passing", plan=True)


def findings(result: GateResult, check_id: str, resource: str) -> dict[str, str]:
    """scan kind -> result ("passed"/"failed"/"skipped") of one check on one resource."""
    return {f.scan: f.result for f in result.findings if f.check_id == check_id and f.resource == resource}


# --------------------------------------------------------------------------- failing and passing


def test_failing_fixture_exits_nonzero_and_names_the_failure(failing):
    code, result, out = failing
    assert code == 1
    assert findings(result, "CKV_AWS_76", "aws_apigatewayv2_stage.this") == {"hcl": "failed", "plan": "failed"}
    where = f"{FIXTURES}/failing/main.tf:9"  # the stage's block
    assert f"{FIXTURES}/failing [hcl] CKV_AWS_76 aws_apigatewayv2_stage.this at {where}" in out
    assert f"{FIXTURES}/failing [plan] CKV_AWS_76 aws_apigatewayv2_stage.this at {where}" in out
    assert "Ensure API Gateway has Access Logging enabled" in out
    assert out.rstrip().splitlines()[-1].startswith("policy gate FAILED:")


def test_a_skip_excuses_its_own_block_and_not_a_namesake_in_a_module(failing):
    _, result, out = failing
    # the root's aws_cloudwatch_log_group.this skips CKV_AWS_158 with a reason...
    assert findings(result, "CKV_AWS_158", "aws_cloudwatch_log_group.this") == {"hcl": "skipped", "plan": "skipped"}
    # ...which must not reach module.logs's block of the same TYPE.NAME (checkov's own plan enrichment would)
    module_log_group = "module.logs.aws_cloudwatch_log_group.this"
    assert findings(result, "CKV_AWS_158", module_log_group) == {"hcl": "failed", "plan": "failed"}
    assert f"[plan] CKV_AWS_158 {module_log_group} at {FIXTURES}/failing/modules/logs/main.tf:1" in out


def test_passing_fixture_exits_zero_with_the_module_skip_applied_to_the_plan(passing):
    code, result, out = passing
    assert code == 0, out
    assert not result.of("failed")
    planned = [f for f in result.findings if f.scan == "plan" and f.check_id == "CKV_AWS_158"]
    assert [(f.resource, f.result, f.file, f.line) for f in planned] == [
        ('module.logs.aws_cloudwatch_log_group.this["app"]', "skipped", f"{FIXTURES}/passing/modules/logs/main.tf", 1)
    ]
    assert planned[0].reason == "the gate fixture's reason: CloudWatch Logs encrypts the group with its own keys"
    assert planned[0].skip_at == f"{FIXTURES}/passing/modules/logs/main.tf:2"
    row = next(line for line in out.splitlines() if line.startswith(f"{FIXTURES}/passing "))
    assert re.search(r"\s0\s+\d+\s+\d+\s+0\s+[1-9]\d*$", row), row  # HCL and plan: 0 failed, skips counted
    assert out.rstrip().splitlines()[-1].startswith("policy gate passed: 0 failed")


# --------------------------------------------------------------------------- scans already made


def _verdicts(result: GateResult) -> list[tuple]:
    return sorted((f.scan, f.check_id, f.resource, f.result, f.file, f.line, f.reason) for f in result.findings)


def test_a_rerun_with_nothing_changed_reuses_every_scan_and_judges_the_same(failing, tmp_path_factory):
    first_code, first, _ = failing
    code, again, out = gate(tmp_path_factory, "failing", plan=True, work_dir=first.work_dir)
    assert (first.reused, again.reused) == (0, 2)  # the HCL scan and the plan scan
    assert "2 scans unchanged since they were made, their answers reused" in out
    assert (code, _verdicts(again), again.checkov_version) == (first_code, _verdicts(first), first.checkov_version)


def test_a_later_gate_run_in_the_process_scans_with_the_worker_already_started(failing, tmp_path_factory, monkeypatch):
    started: list[Path] = []
    start = policy.Worker.__init__

    def counted(self, checks, log):
        started.append(log)
        start(self, checks, log)

    monkeypatch.setattr(policy.Worker, "__init__", counted)
    first_code, first, _ = failing
    code, again, _ = gate(tmp_path_factory, "failing", plan=True)  # a new work dir: nothing reused from a cache
    assert started == []  # checkov is not started again (~2 s of CPU)
    assert again.reused == 0
    assert (code, _verdicts(again), again.checkov_version) == (first_code, _verdicts(first), first.checkov_version)


def test_an_idle_worker_is_reused_only_while_its_checks_are_unchanged(tmp_path, monkeypatch):
    checks = tmp_path / "checks"
    checks.mkdir()
    (checks / "__init__.py").write_text("")
    (checks / "mine.py").write_text("# a check\n")
    started: list[object] = []

    class Started:  # stands for a checkov process: what the worker records at its start
        def __init__(self, loaded, log):
            self.checks = loaded
            started.append(self)

    monkeypatch.setattr(policy, "Worker", Started)
    monkeypatch.setattr(policy, "_idle", [])
    first = policy._take_worker(policy._checks_loaded(checks), tmp_path / "1.log")
    policy._release_workers([first])
    assert policy._take_worker(policy._checks_loaded(checks), tmp_path / "2.log") is first
    policy._release_workers([first])
    (checks / "mine.py").write_text("# a check, edited\n")
    assert policy._take_worker(policy._checks_loaded(checks), tmp_path / "3.log") is not first
    assert len(started) == 2 and policy._idle == [first]


def test_a_scan_is_made_again_when_anything_checkov_reads_has_changed(tmp_path):
    for name, text in {
        "root/main.tf": 'module "logs" {\n  source = "../logs"\n}\n',
        "logs/main.tf": 'resource "aws_cloudwatch_log_group" "this" {}\n',
        "beside/main.tf": 'resource "aws_sns_topic" "this" {}\n',
    }.items():
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(text)
    cache = ScanCache(tmp_path / "cache", CUSTOM_CHECKS)
    hcl = {"kind": "hcl", "target": "root", "dir": str(tmp_path / "root")}
    unchanged = cache.key(hcl)
    (tmp_path / "beside" / "main.tf").write_text("# a directory the scan does not read\n")
    assert cache.key(hcl) == unchanged
    (tmp_path / "logs" / "main.tf").write_text('resource "aws_cloudwatch_log_group" "this" {\n  name = "x"\n}\n')
    assert cache.key(hcl) != unchanged  # the module the directory calls

    plan = {"timestamp": "2026-12-06T10:00:00Z", "relevant_attributes": [{"resource": "a"}, {"resource": "b"}]}
    (tmp_path / "plan.json").write_text(json.dumps(plan))
    job = {"kind": "plan", "target": "root", "file": str(tmp_path / "plan.json"), "dir": str(tmp_path / "root")}
    before = cache.key(job)
    # another plan of the same configuration: made later, relevant attributes listed in another order
    plan.update(timestamp="2026-12-06T11:00:00Z", relevant_attributes=plan["relevant_attributes"][::-1])
    (tmp_path / "plan.json").write_text(json.dumps(plan))
    assert cache.key(job) == before
    plan["planned_values"] = {"root_module": {}}
    (tmp_path / "plan.json").write_text(json.dumps(plan))
    assert cache.key(job) != before
    assert ScanCache(tmp_path / "cache", None).key(job) != cache.key(job)  # other checks loaded: other answers


def test_a_plan_is_never_written_where_checkov_would_take_its_path_for_an_aws_secret_key(tmp_path):
    # checkov's CKV_AWS_45 reads the plan's path; 40 letters, digits and slashes in a row look like a secret key
    aws_secret_key = re.compile(r"(?<![A-Za-z0-9/+=])[A-Za-z0-9/+=]{40}(?![A-Za-z0-9/+=])")
    tail = re.search(r"[A-Za-z0-9/+=]*$", str(tmp_path.resolve())).group()  # the run tmp_path's path ends with
    work_dir = tmp_path / ("w" * (40 - len(tail) - len("/") - len("/build/plans/examples"))) / "build"
    assert aws_secret_key.search(str(work_dir.resolve() / "plans" / "examples__http-api-lambda.json"))
    path = plan_file(work_dir, "examples/http-api-lambda")
    assert path.name == "examples__http-api-lambda.json" and path.is_relative_to(work_dir.resolve())
    assert not aws_secret_key.search(str(path))


# --------------------------------------------------------------------------- skips must be justified


def test_a_skip_without_a_reason_or_outside_a_resource_is_refused(tmp_path_factory):
    code, result, out = gate(tmp_path_factory, "unjustified", plan=False)
    assert code == 1
    assert [(s.line, s.check_ids) for s in result.unjustified_skips] == [(4, ("CKV_AWS_158",))]
    assert [(s.line, s.check_ids) for s in result.stray_skips] == [(1, ("CKV_AWS_338",))]
    assert f"{FIXTURES}/unjustified/main.tf:4: skip of CKV_AWS_158 has no reason" in out
    assert f"{FIXTURES}/unjustified/main.tf:1: skip of CKV_AWS_338 is outside any resource block" in out
    assert not result.of("failed")  # checkov itself found nothing: the refusal is the gate's own


# --------------------------------------------------------------------------- the pieces (no checkov)


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ('module.api.aws_apigatewayv2_route.public["GET /a.b/{id}"]', (["api"], "aws_apigatewayv2_route.public")),
        ('module.a["x.y"].module.b[0].aws_s3_bucket.this', (["a", "b"], "aws_s3_bucket.this")),
        ("module.net.data.aws_availability_zones.available", (["net"], "data.aws_availability_zones.available")),
        ('aws_api_gateway_method_settings.method["prod POST /sum"]', ([], "aws_api_gateway_method_settings.method")),
    ],
)
def test_plan_addresses_split_into_module_path_and_block(address, expected):
    assert split_address(address) == expected


def test_blocks_end_at_their_closing_brace_and_skip_heredoc_bodies(tmp_path: Path):
    tf = tmp_path / "main.tf"
    tf.write_text(
        'data "aws_partition" "current" {}\n'  # 1
        "\n"
        'resource "aws_iam_policy" "this" {\n'  # 3
        "  # checkov:skip=CKV_AWS_290:a reason\n"  # 4
        "  policy = <<-EOT\n"
        "{\n"
        "}\n"  # 7: a heredoc line, not the block's end
        "  EOT\n"
        "}\n"  # 9
        "# checkov:skip=CKV_AWS_1:stray\n"  # 10
    )
    blocks, stray = parse_blocks(tf)
    assert [(b.address, b.start, b.end) for b in blocks] == [
        ("data.aws_partition.current", 1, 1),
        ("aws_iam_policy.this", 3, 9),
    ]
    assert [(s.line, s.check_ids, s.reason) for s in blocks[1].skips] == [(4, ("CKV_AWS_290",), "a reason")]
    assert [s.line for s in stray] == [10]
