"""Every module README carries inputs/outputs tables generated from its code, and they are current."""

from __future__ import annotations

import pytest

from apigwkit import docs


@pytest.mark.parametrize("module", docs.modules(), ids=lambda p: p.name)
def test_module_readme_tables_match_the_code(module):
    current, regenerated = docs.updated_readme(module)
    assert docs.BEGIN in current, f"{module.name}/README.md has no generated tables: run `make docs`"
    assert current == regenerated, f"{module.name}/README.md is stale: run `make docs`"


def test_a_changed_description_makes_the_readme_stale(tmp_path):
    module = tmp_path / "m"
    module.mkdir()
    (module / "variables.tf").write_text('variable "x" {\n  description = "Old words."\n  type = string\n}\n')
    (module / "outputs.tf").write_text('output "y" {\n  description = "An output."\n  value = var.x\n}\n')
    (module / "README.md").write_text("# m\n\n" + docs.render(module) + "\n")
    assert docs.updated_readme(module)[0] == docs.updated_readme(module)[1]
    (module / "variables.tf").write_text('variable "x" {\n  description = "New words."\n  type = string\n}\n')
    current, regenerated = docs.updated_readme(module)
    assert current != regenerated and "New words." in regenerated
    assert "| `x` | `string` | n/a | yes | New words. |" in regenerated
