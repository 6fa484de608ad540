"""The stage inputs of http_api, rest_api and websocket_api have one source: modules/_shared/stage_inputs.tf.tmpl."""

from __future__ import annotations

import re
import shutil

import pytest

from apigwkit import stage_inputs
from apigwkit.engine.workspace import REPO_ROOT


@pytest.mark.parametrize("module", sorted(stage_inputs.MODULES))
def test_each_modules_stage_inputs_are_generated_from_the_template(module):
    generated = (REPO_ROOT / "modules" / module / stage_inputs.GENERATED).read_text()
    template = (REPO_ROOT / stage_inputs.TEMPLATE).read_text()
    assert generated == stage_inputs.render(module, template), f"modules/{module}/stage_inputs.tf: run `make docs`"


def test_no_module_declares_a_shared_input_by_hand():
    template = (REPO_ROOT / stage_inputs.TEMPLATE).read_text()
    for module in stage_inputs.MODULES:
        by_hand = (REPO_ROOT / "modules" / module / "variables.tf").read_text()
        generated = (REPO_ROOT / "modules" / module / stage_inputs.GENERATED).read_text()
        for name in re.findall(r'^variable "(\w+)"', generated, re.M):
            assert f'variable "{name}"' not in by_hand, f"{module}/variables.tf declares {name} again"
    assert set(stage_inputs.sections(template)) == {
        "throttling",
        "cloudwatch_role_arn",
        "access_logs",
        "domain",
        "ip_address_type",
        "tls_inputs",
        "private_domain",
        "tls_policies",
    }


def test_an_edited_template_makes_every_module_stale_and_an_unknown_word_is_refused(tmp_path):
    for module in stage_inputs.MODULES:
        (tmp_path / "modules" / module).mkdir(parents=True)
    (tmp_path / stage_inputs.TEMPLATE).parent.mkdir(parents=True)
    shutil.copy(REPO_ROOT / stage_inputs.TEMPLATE, tmp_path / stage_inputs.TEMPLATE)
    assert len(stage_inputs.stale(tmp_path, write=True)) == 4
    assert stage_inputs.stale(tmp_path, write=False) == []

    template = tmp_path / stage_inputs.TEMPLATE
    template.write_text(template.read_text().replace("burst_limit = 200", "burst_limit = 300"))
    assert len(stage_inputs.stale(tmp_path, write=False)) == 3  # modules/domain takes no throttling

    template.write_text(template.read_text().replace("{{throttled}}", "{{throtled}}"))
    with pytest.raises(KeyError, match=r"\{\{throtled\}\} has no word for module"):
        stage_inputs.stale(tmp_path, write=False)
