from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from apigwkit.engine.workspace import Workspace

PROVIDER = """
terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = ">= 6.0, < 7.0" }
  }
}
provider "aws" { region = "ap-northeast-2" }
"""


@pytest.fixture
def hcl(tmp_path: Path) -> Callable[[str], Workspace]:
    """``hcl(text)``: a workspace holding ``text`` (plus the provider block) as main.tf."""
    count = 0

    def make(text: str) -> Workspace:
        nonlocal count
        count += 1
        source = tmp_path / f"cfg{count}"
        source.mkdir()
        (source / "main.tf").write_text(PROVIDER + text)
        return Workspace(source, base=tmp_path)

    return make


def validate_output(ws: Workspace) -> tuple[int, str]:
    """Exit code and output of validate, whitespace-normalised (Terraform wraps long lines)."""
    ws.init()
    result = ws.run("validate", "-no-color", check=False)
    return result.returncode, " ".join((result.stdout + result.stderr).split())
