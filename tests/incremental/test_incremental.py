"""`make test` skips a phase only when nothing it can read has changed since it passed (apigwkit/incremental.py)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from apigwkit import incremental


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / ".gitignore").write_text("build/\n")
    (tmp_path / "main.tf").write_text('resource "aws_sns_topic" "a" {}\n')
    subprocess.run(["git", "-C", str(tmp_path), "add", "."], check=True)
    return tmp_path


def test_any_change_to_what_the_phases_read_is_a_new_fingerprint(tree: Path):
    environ = {"HOME": "/root", "APIGWKIT_ACCOUNT": "fresh"}
    before = incremental.fingerprint(tree, environ)
    assert incremental.fingerprint(tree, environ) == before  # the same tree, the same fingerprint
    (tree / "build").mkdir()
    (tree / "build" / "out.json").write_text("{}")  # an ignored build output is not an input
    (tree / "notes.txt").write_text("")
    assert incremental.fingerprint(tree, {**environ, "HOME": "/elsewhere"}) != before  # a new, untracked file
    (tree / "notes.txt").unlink()
    assert incremental.fingerprint(tree, {**environ, "HOME": "/elsewhere"}) == before  # unrelated variable
    assert incremental.fingerprint(tree, {**environ, "APIGWKIT_ACCOUNT": "configured"}) != before
    (tree / "main.tf").write_text('resource "aws_sns_topic" "b" {}\n')  # a tracked file's content
    assert incremental.fingerprint(tree, environ) != before
    (tree / "main.tf").unlink()  # a tracked file deleted
    assert incremental.fingerprint(tree, environ) != before


def test_a_phase_is_skipped_only_with_the_fingerprint_it_passed_with(tree: Path):
    assert incremental.unchanged("pytest", "a" * 64, tree) is None  # never passed here
    incremental.passed("pytest", "a" * 64, tree)
    message = incremental.unchanged("pytest", "a" * 64, tree)
    assert message is not None and message.startswith("pytest: not run: nothing it can read has changed")
    assert "FORCE=1" in message
    assert incremental.unchanged("pytest", "b" * 64, tree) is None
    assert incremental.unchanged("policy", "a" * 64, tree) is None  # one record per phase
