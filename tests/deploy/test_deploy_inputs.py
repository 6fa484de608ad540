"""What a caller of the deploy steps chooses (example, environment) is checked before it reaches a path or a shell."""

from __future__ import annotations

import subprocess

import pytest

from apigwkit import deploy
from apigwkit.engine.workspace import REPO_ROOT


@pytest.mark.parametrize(
    "name",
    [
        "../examples/http-api-lambda",
        "http-api-lambda/../../modules/http_api",
        "/etc",
        "-h",
        "x; touch pwned",
        "$(id)",
        "",
        "HTTP-API-LAMBDA",
        "no-such-example",
        "github-oidc-deploy-role",  # bootstrap: an administrator applies it, not the pipeline
        "account-settings",
        "audit-trail",
    ],
)
def test_example_names_that_are_not_an_example_directory_are_refused(name):
    with pytest.raises(SystemExit, match="example") as refused:
        deploy.example_dir(name)
    assert "http-api-lambda" in str(refused.value)  # the message lists what may be deployed


def test_only_real_directories_directly_under_examples_are_examples(tmp_path, monkeypatch):
    (tmp_path / "plain-file").write_text("not a directory")
    (tmp_path / "no-root-module").mkdir()
    real = tmp_path / "real"
    real.mkdir()
    (real / "main.tf").write_text("")
    (tmp_path / "link").symlink_to(REPO_ROOT / "examples" / "http-api-lambda")
    monkeypatch.setattr(deploy, "EXAMPLES", tmp_path)
    assert deploy.example_dir("real") == tmp_path / "real"
    for name in ("plain-file", "no-root-module", "link"):
        with pytest.raises(SystemExit, match=name):
            deploy.example_dir(name)


@pytest.mark.parametrize("env", ["dev", "prod", "staging2"])
def test_environment_names_are_lower_case_words(env):
    assert deploy.environment(env) == env


@pytest.mark.parametrize("env", ["../dev", "dev-eu", "Dev", "", "2dev", "a" * 13, "dev prod"])
def test_other_environment_names_are_refused(env):
    with pytest.raises(SystemExit, match="environment"):
        deploy.environment(env)


def test_make_hands_the_example_to_the_deploy_step_as_data_not_as_shell(tmp_path):
    marker = tmp_path / "injected"
    result = subprocess.run(
        ["make", "-s", "output", f"EXAMPLE=x; touch {marker}", "NAME=smoke_url"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "is not a name" in result.stderr  # the deploy step saw the whole value, and refused it
    assert not marker.exists()
    recipe = subprocess.run(
        ["make", "-n", "plan-out", f"EXAMPLE=x; touch {marker}"], cwd=REPO_ROOT, capture_output=True, text=True
    ).stdout
    assert '--example "$EXAMPLE"' in recipe
    assert str(marker) not in recipe


def test_make_lets_only_a_module_name_through_to_the_module_tests(tmp_path):
    marker = tmp_path / "injected"
    for module in (
        f"waf' examples/*; touch {marker}; echo '",
        f'waf"; touch {marker}; echo "',
        f"waf`touch {marker}`",
    ):
        recipe = subprocess.run(  # -n still runs the $(shell ...) that finds the module's examples
            ["make", "-n", "test-module", f"MODULE={module}"], cwd=REPO_ROOT, capture_output=True, text=True
        ).stdout
        assert "tests/modules/test_.py" in recipe and str(marker) not in recipe
        assert not marker.exists()
    recipe = subprocess.run(
        ["make", "-n", "test-module", "MODULE=waf"], cwd=REPO_ROOT, capture_output=True, text=True
    ).stdout
    assert "tests/modules/test_waf.py" in recipe and "[rest-api-waf]" in recipe


def test_the_plan_summary_counts_changes_and_lists_each_address():
    changes = [
        {"address": 'aws_apigatewayv2_route.this["GET /a|b"]', "change": {"actions": ["create"]}},
        {"address": "aws_lambda_function.hello", "change": {"actions": ["update"]}},
        {"address": "aws_iam_role.old", "change": {"actions": ["delete"]}},
        {"address": "aws_apigatewayv2_stage.this", "change": {"actions": ["delete", "create"]}},
        {"address": "aws_sns_topic.alerts", "change": {"actions": ["no-op"]}},
    ]
    text = deploy.plan_markdown(changes, "`http-api-lambda` → `dev`")
    assert "**1 to create, 1 to update, 1 to replace, 1 to destroy**" in text
    assert '| create | `aws_apigatewayv2_route.this["GET /a\\|b"]` |' in text  # a `|` in a key cannot split the cell
    assert "| replace | `aws_apigatewayv2_stage.this` |" in text
    assert "aws_sns_topic.alerts" not in text
    assert "**No changes**" in deploy.plan_markdown(changes[-1:], "x")


def test_a_long_plan_summary_is_cut_with_a_note(monkeypatch):
    monkeypatch.setattr(deploy, "MAX_SUMMARY_ROWS", 2)
    changes = [{"address": f"aws_s3_bucket.b{i}", "change": {"actions": ["create"]}} for i in range(5)]
    text = deploy.plan_markdown(changes, "x")
    assert text.count("| create |") == 2
    assert "and 3 more" in text
