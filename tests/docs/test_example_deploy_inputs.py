"""The inputs the deploy pipeline sets on every example it deploys have one source: examples/_shared."""

from __future__ import annotations

import shutil

import pytest

from apigwkit import deploy_inputs
from apigwkit.deploy import BOOTSTRAP_EXAMPLES, deployable_examples
from apigwkit.engine.workspace import REPO_ROOT


@pytest.mark.parametrize("example", deployable_examples())
def test_each_deployed_example_declares_the_pipelines_inputs_from_the_template(example):
    generated = (REPO_ROOT / "examples" / example / deploy_inputs.GENERATED).read_text()
    assert generated == deploy_inputs.render((REPO_ROOT / deploy_inputs.TEMPLATE).read_text()), "run `make docs`"
    assert 'variable "name_prefix"' not in (REPO_ROOT / "examples" / example / "variables.tf").read_text()


def test_an_edited_template_makes_every_example_stale(tmp_path):
    for example in deployable_examples():
        (tmp_path / "examples" / example).mkdir(parents=True)
    (tmp_path / deploy_inputs.TEMPLATE).parent.mkdir(parents=True)
    shutil.copy(REPO_ROOT / deploy_inputs.TEMPLATE, tmp_path / deploy_inputs.TEMPLATE)
    assert len(deploy_inputs.stale(tmp_path, write=True)) == len(deployable_examples())
    assert deploy_inputs.stale(tmp_path, write=False) == []
    template = tmp_path / deploy_inputs.TEMPLATE
    template.write_text(template.read_text().replace("at most 20 characters", "at most 21 characters"))
    assert len(deploy_inputs.stale(tmp_path, write=False)) == len(deployable_examples())


def test_a_bootstrap_example_carries_no_pipeline_inputs(tmp_path):
    """An administrator applies it, never the pipeline: generated inputs there would be declared and never used."""
    assert [e for e in BOOTSTRAP_EXAMPLES if (REPO_ROOT / "examples" / e / deploy_inputs.GENERATED).exists()] == []
    (tmp_path / deploy_inputs.TEMPLATE).parent.mkdir(parents=True)
    shutil.copy(REPO_ROOT / deploy_inputs.TEMPLATE, tmp_path / deploy_inputs.TEMPLATE)
    for example in deployable_examples():
        (tmp_path / "examples" / example).mkdir(parents=True)
    deploy_inputs.stale(tmp_path, write=True)
    leftover = tmp_path / "examples" / "audit-trail" / deploy_inputs.GENERATED
    leftover.parent.mkdir(parents=True)
    leftover.write_text('variable "name_prefix" {}\n')
    assert deploy_inputs.stale(tmp_path, write=False) == [leftover]
    assert deploy_inputs.stale(tmp_path, write=True) == [leftover] and not leftover.exists()
