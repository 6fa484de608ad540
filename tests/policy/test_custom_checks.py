"""Our checkov policies (policy/checks, CKV_APIGWKIT_1..8) judge their fixtures as HCL and as plans.

``tests/policy/fixtures/custom/<folder>/<kind>/main.tf`` is a tiny configuration for one check;
``<folder>/plan/<kind>.json`` is ``terraform show -json`` of it, planned by the offline Terraform
(regenerate after editing a fixture: ``.venv/bin/python tests/policy/test_custom_checks.py``).
Kinds: ``pass``, ``fail``, ``unknown`` (values checkov cannot know in HCL; planned with variables),
``skip`` (an inline skip), ``refused`` (values the provider refuses at plan: HCL only).

checkov runs twice: once over every HCL fixture, once over every plan. A check that
returns UNKNOWN (or does not apply) leaves no record; the table says ``None`` for it.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
FIXTURES = REPO_ROOT / "tests/policy/fixtures/custom"
CHECKS_DIR = REPO_ROOT / "policy/checks"
CHECKOV = REPO_ROOT / ".venv-checkov/bin/checkov"
SKIP_FIXTURE = "authorization/skip"
SKIP_REASON = "health check for the load balancer, public by design"

CHECK_OF_FOLDER = {
    "authorization": "CKV_APIGWKIT_1",
    "stage_logging": "CKV_APIGWKIT_2",
    "lambda_permission": "CKV_APIGWKIT_3",
    "domain_tls": "CKV_APIGWKIT_4",
    "private_rest_api_policy": "CKV_APIGWKIT_5",
    "waf_association": "CKV_APIGWKIT_6",
    "iam_wildcards": "CKV_APIGWKIT_7",
    "rest_api_tls": "CKV_APIGWKIT_8",
}
CHECK_IDS = sorted(CHECK_OF_FOLDER.values())

# Variables for planning the "unknown" fixtures (their values are unknown to checkov in HCL).
PLAN_VARIABLES = {
    "authorization/unknown": {"authorization_type": "NONE"},
    "stage_logging/unknown": {"log_format": "$context.requestId $context.status", "burst_limit": 100},
    "lambda_permission/unknown": {"source_arn": "arn:aws:execute-api:ap-northeast-2:123456789012:*/*"},
    "waf_association/unknown": {"resource_arn": "arn:aws:apigateway:ap-northeast-2::/apis/a1b2c3d4e5/stages/$default"},
    "iam_wildcards/unknown": {"actions": ["*"]},
}

P, F, S, NONE = "PASSED", "FAILED", "SKIPPED", None  # NONE: no record (UNKNOWN, or not applicable)
NO_PLAN = "no plan"


class Case(NamedTuple):
    fixture: str
    resource: str
    hcl: str | None
    plan: str | None

    @property
    def check(self) -> str:
        return CHECK_OF_FOLDER[self.fixture.split("/")[0]]


def cases(fixture: str, expected: dict[str, tuple[str | None, str | None]]) -> list[Case]:
    return [Case(fixture, resource, hcl, plan) for resource, (hcl, plan) in expected.items()]


# resource -> (result on HCL, result on the plan of the same fixture)
CASES = [
    # ---- CKV_APIGWKIT_1: authorization
    *cases(
        "authorization/pass",
        {
            "aws_apigatewayv2_route.jwt": (P, P),
            "aws_apigatewayv2_route.iam": (P, P),
            "aws_apigatewayv2_route.catch_all_lambda_authorizer": (P, P),
            "aws_apigatewayv2_route.connect": (P, P),
            "aws_api_gateway_method.cognito": (P, P),
            "aws_api_gateway_method.iam": (P, P),
            "aws_api_gateway_method.cors_preflight": (P, P),
            "aws_api_gateway_rest_api.document": (P, P),
        },
    ),
    *cases(
        "authorization/fail",
        {
            "aws_apigatewayv2_route.none": (F, F),
            "aws_apigatewayv2_route.not_set": (F, F),
            "aws_apigatewayv2_route.catch_all": (F, F),
            "aws_apigatewayv2_route.connect": (F, F),
            "aws_api_gateway_method.get_root": (F, F),
            "aws_api_gateway_rest_api.document": (F, F),
        },
    ),
    *cases(
        "authorization/unknown",
        {
            "aws_apigatewayv2_route.disconnect": (NONE, NONE),
            "aws_apigatewayv2_route.sendmessage": (NONE, NONE),
            "aws_apigatewayv2_route.websocket_default": (NONE, NONE),
            "aws_apigatewayv2_route.configurable": (NONE, F),
        },
    ),
    *cases(SKIP_FIXTURE, {"aws_apigatewayv2_route.health": (S, S)}),
    # ---- CKV_APIGWKIT_2: stages
    *cases(
        "stage_logging/pass",
        {
            "aws_apigatewayv2_stage.http": (P, P),
            "aws_apigatewayv2_stage.websocket": (P, P),
            "aws_api_gateway_stage.prod": (P, P),
            "aws_api_gateway_method_settings.all_methods": (P, P),
        },
    ),
    *cases(
        "stage_logging/fail",
        {
            "aws_apigatewayv2_stage.no_access_logs": (F, F),
            "aws_apigatewayv2_stage.common_log_format": (F, F),
            "aws_apigatewayv2_stage.no_throttling": (F, F),
            "aws_apigatewayv2_stage.zero_rate": (F, F),
            "aws_api_gateway_stage.no_access_logs": (F, F),
            "aws_api_gateway_stage.xml_format": (F, F),
            "aws_api_gateway_method_settings.unthrottled": (F, F),
            "aws_api_gateway_method_settings.throttling_off": (F, F),
        },
    ),
    *cases("stage_logging/unknown", {"aws_apigatewayv2_stage.configurable": (NONE, F)}),
    # ---- CKV_APIGWKIT_3: Lambda permissions (an execution ARN is computed at apply: no plan result)
    *cases(
        "lambda_permission/pass",
        {
            "aws_lambda_permission.literal_arn": (P, P),
            "aws_lambda_permission.execution_arn_route": (P, NONE),
            "aws_lambda_permission.rest_execution_arn": (P, NONE),
            "aws_lambda_permission.api_id_in_arn": (P, NONE),
        },
    ),
    *cases(
        "lambda_permission/fail",
        {
            "aws_lambda_permission.no_source_arn": (F, F),
            "aws_lambda_permission.any_api": (F, F),
            "aws_lambda_permission.not_execute_api": (F, F),
            "aws_lambda_permission.execution_arn_prefix": (F, NONE),
        },
    ),
    *cases(
        "lambda_permission/unknown",
        {"aws_lambda_permission.from_variable": (NONE, F), "aws_lambda_permission.events": (NONE, NONE)},
    ),
    *cases(
        "lambda_permission/refused",
        {"aws_lambda_permission.any_account": (F, NO_PLAN), "aws_lambda_permission.any_region": (F, NO_PLAN)},
    ),
    # ---- CKV_APIGWKIT_4: custom domains
    *cases(
        "domain_tls/pass",
        {
            "aws_apigatewayv2_domain_name.http": (P, P),
            "aws_api_gateway_domain_name.tls12": (P, P),
            "aws_api_gateway_domain_name.tls13": (P, P),
        },
    ),
    *cases(
        "domain_tls/fail",
        {"aws_api_gateway_domain_name.tls10": (F, F), "aws_api_gateway_domain_name.default_policy": (F, F)},
    ),
    *cases("domain_tls/refused", {"aws_apigatewayv2_domain_name.http_tls10": (F, NO_PLAN)}),
    # ---- CKV_APIGWKIT_8: REST APIs' own endpoints
    *cases(
        "rest_api_tls/pass",
        {
            "aws_api_gateway_rest_api.tls13": (P, P),
            "aws_api_gateway_rest_api.tls12": (P, P),
            "aws_api_gateway_rest_api.private_default": (P, P),
        },
    ),
    *cases(
        "rest_api_tls/fail",
        {"aws_api_gateway_rest_api.tls10": (F, F), "aws_api_gateway_rest_api.regional_default": (F, F)},
    ),
    # ---- CKV_APIGWKIT_5: private REST APIs
    *cases(
        "private_rest_api_policy/pass",
        {
            "aws_api_gateway_rest_api.private_inline": (P, P),
            "aws_api_gateway_rest_api.private_document": (P, P),
            "aws_api_gateway_rest_api.regional": (P, P),
        },
    ),
    *cases(
        "private_rest_api_policy/fail",
        {
            "aws_api_gateway_rest_api.private_without_policy": (F, F),
            "aws_api_gateway_rest_api.private_document_without_policy": (F, F),
            "aws_api_gateway_rest_api.private_with_a_separate_policy": (F, F),
            "aws_api_gateway_rest_api.regional": (P, P),
        },
    ),
    # ---- CKV_APIGWKIT_6: WAF associations (a stage ARN is computed at apply: no plan result)
    *cases(
        "waf_association/pass",
        {
            "aws_wafv2_web_acl_association.stage_reference": (P, NONE),
            "aws_wafv2_web_acl_association.stage_arn": (P, P),
            "aws_wafv2_web_acl_association.stage_arn_template": (P, NONE),
        },
    ),
    *cases(
        "waf_association/fail",
        {
            "aws_wafv2_web_acl_association.http_stage_reference": (F, NONE),
            "aws_wafv2_web_acl_association.http_stage_arn": (F, F),
            "aws_wafv2_web_acl_association.load_balancer": (F, F),
        },
    ),
    *cases("waf_association/unknown", {"aws_wafv2_web_acl_association.from_variable": (NONE, F)}),
    # ---- CKV_APIGWKIT_7: IAM (a data source read at plan time is not in the plan's planned values;
    # its JSON is judged on the resources that use it)
    *cases(
        "iam_wildcards/pass",
        {
            "aws_iam_role.function": (P, P),
            "aws_iam_policy.read_bucket": (P, P),
            "aws_iam_role_policy.manage_one_api": (P, P),
            "aws_iam_policy_document.invoke": (P, NONE),
        },
    ),
    *cases(
        "iam_wildcards/fail",
        {
            "aws_iam_role.function": (F, F),
            "aws_iam_policy.admin": (F, F),
            "aws_iam_role_policy.every_api": (F, F),
            "aws_iam_policy_document.star": (F, NONE),
            "aws_iam_policy_document.every_api": (F, NONE),
        },
    ),
    *cases(
        "iam_wildcards/unknown",
        {
            "aws_iam_policy_document.from_variable": (NONE, NONE),
            "aws_iam_role_policy.from_document": (NONE, F),
            "aws_iam_role.function": (NONE, NONE),
        },
    ),
]


# --------------------------------------------------------------------------- running checkov


class Record(NamedTuple):
    result: str
    suppress_comment: str | None


Results = dict[tuple[str, str, str], Record]  # (check id, fixture, resource) -> record


def plan_file(fixture: str) -> Path:
    folder, kind = fixture.split("/")
    return FIXTURES / folder / "plan" / f"{kind}.json"


def fixture_of(path: str) -> str:
    """``authorization/pass/main.tf`` and ``authorization/plan/pass.json`` are both fixture ``authorization/pass``."""
    parts = Path(path).resolve().relative_to(FIXTURES).parts
    return f"{parts[0]}/{Path(parts[2]).stem}" if parts[1] == "plan" else f"{parts[0]}/{parts[1]}"


def run_checkov(*target: str) -> Results:
    env = {
        **os.environ,
        "BC_SKIP_MAPPING": "TRUE",  # no download of the Bridgecrew check-id mapping
        "CKV_SKIP_PACKAGE_UPDATE_CHECK": "true",  # no PyPI version check
        "HTTP_PROXY": "http://127.0.0.1:9",  # and anything else that tries the network fails at once
        "HTTPS_PROXY": "http://127.0.0.1:9",
    }
    command = [str(CHECKOV), "--skip-download", "--soft-fail", "-o", "json", "--external-checks-dir", str(CHECKS_DIR)]
    command += ["--check", ",".join(CHECK_IDS), *target]
    done = subprocess.run(command, cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, f"checkov exited {done.returncode}:\n{done.stderr[-4000:]}"
    reports = json.loads(done.stdout)
    results: Results = {}
    for report in reports if isinstance(reports, list) else [reports]:
        for kind in ("passed_checks", "failed_checks", "skipped_checks"):
            for record in report.get("results", {}).get(kind, []):
                key = (record["check_id"], fixture_of(record["file_abs_path"]), record["resource"])
                assert key not in results, f"two records for {key}"
                comment = record["check_result"].get("suppress_comment")
                results[key] = Record(record["check_result"]["result"], comment)
    return results


@pytest.fixture(scope="module")
def hcl_results() -> Results:
    return run_checkov("-d", str(FIXTURES), "--framework", "terraform")


@pytest.fixture(scope="module")
def plan_results() -> Results:
    # -f (not -d): checkov reads inline skips from HCL for plans only with -f and an enrichment root
    plans = sorted(str(p) for p in FIXTURES.glob("*/plan/*.json"))
    enrichment = ["--repo-root-for-plan-enrichment", str(FIXTURES / SKIP_FIXTURE)]
    return run_checkov("-f", *plans, "--framework", "terraform_plan", *enrichment)


def result(results: Results, case: Case) -> str | None:
    record = results.get((case.check, case.fixture, case.resource))
    return record.result if record else None


# --------------------------------------------------------------------------- verdicts


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.fixture}:{c.resource}")
def test_check_judges_the_hcl_fixture(hcl_results: Results, case: Case) -> None:
    assert result(hcl_results, case) == case.hcl


@pytest.mark.parametrize("case", [c for c in CASES if c.plan != NO_PLAN], ids=lambda c: f"{c.fixture}:{c.resource}")
def test_check_judges_the_plan_of_the_fixture(plan_results: Results, case: Case) -> None:
    assert result(plan_results, case) == case.plan


@pytest.mark.parametrize("framework", ["hcl", "plan"])
def test_every_record_on_a_fixture_is_expected(request: pytest.FixtureRequest, framework: str) -> None:
    results: Results = request.getfixturevalue(f"{framework}_results")
    expected = {(c.check, c.fixture, c.resource) for c in CASES if getattr(c, framework) not in (NONE, NO_PLAN)}
    own = {key for key in results if key[0] == CHECK_OF_FOLDER[key[1].split("/")[0]]}
    assert own == expected


@pytest.mark.parametrize("framework", ["hcl", "plan"])
def test_every_check_passes_one_fixture_and_fails_another(request: pytest.FixtureRequest, framework: str) -> None:
    results: Results = request.getfixturevalue(f"{framework}_results")
    seen = {check: set() for check in CHECK_IDS}
    for (check, fixture, _), record in results.items():
        if check == CHECK_OF_FOLDER[fixture.split("/")[0]]:
            seen[check].add(record.result)
    assert [check for check, verdicts in seen.items() if not {P, F} <= verdicts] == []


@pytest.mark.parametrize("framework", ["hcl", "plan"])
def test_inline_skip_with_a_reason_is_reported_as_skipped(request: pytest.FixtureRequest, framework: str) -> None:
    results: Results = request.getfixturevalue(f"{framework}_results")
    record = results[("CKV_APIGWKIT_1", SKIP_FIXTURE, "aws_apigatewayv2_route.health")]
    assert record == Record(S, SKIP_REASON)


# --------------------------------------------------------------------------- plan fixtures


def fixture_dirs() -> Iterator[str]:
    for main in sorted(FIXTURES.glob("*/*/main.tf")):
        yield f"{main.parent.parent.name}/{main.parent.name}"


BLOCK = re.compile(r'^(resource|data) "([\w-]+)" "([\w-]+)"', re.MULTILINE)


@pytest.mark.parametrize("fixture", [f for f in fixture_dirs() if plan_file(f).exists()])
def test_plan_fixture_is_terraform_show_json_of_its_hcl(fixture: str) -> None:
    plan = json.loads(plan_file(fixture).read_text())
    assert {"format_version", "terraform_version", "planned_values", "resource_changes", "configuration"} <= set(plan)
    planned = {(r["mode"], r["type"], r["name"]) for r in plan["configuration"]["root_module"]["resources"]}
    blocks = BLOCK.findall((FIXTURES / fixture / "main.tf").read_text())
    written = {("managed" if block == "resource" else "data", kind, name) for block, kind, name in blocks}
    assert planned == written, "the plan is stale: regenerate it (see the module docstring)"


def test_only_refused_fixtures_have_no_plan() -> None:
    without_plan = [f for f in fixture_dirs() if not plan_file(f).exists()]
    assert without_plan == ["domain_tls/refused", "lambda_permission/refused"]


# --------------------------------------------------------------------------- regenerating the plans


def regenerate_plans() -> None:
    """Plan every fixture (but the refused ones) with the offline Terraform and store ``terraform show -json``."""
    from apigwkit.engine.workspace import Workspace

    for fixture in fixture_dirs():
        if fixture.endswith("/refused"):
            continue
        workspace = Workspace(FIXTURES / fixture)
        try:
            plan = workspace.plan(PLAN_VARIABLES.get(fixture))
            plan_file(fixture).parent.mkdir(exist_ok=True)
            plan_file(fixture).write_text(json.dumps(plan.raw, indent=1) + "\n")
            print(f"{fixture}: {plan_file(fixture).relative_to(REPO_ROOT)}")
        finally:
            workspace.cleanup()


if __name__ == "__main__":
    regenerate_plans()
