from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

# The tests' repositories ignore the machine's git configuration (signing, hooks, templates) and
# commit under a fixed identity.
GIT_ENV = {
    **os.environ,
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "apigwkit tests",
    "GIT_AUTHOR_EMAIL": "tests@apigwkit.invalid",
    "GIT_COMMITTER_NAME": "apigwkit tests",
    "GIT_COMMITTER_EMAIL": "tests@apigwkit.invalid",
}


class GitRepo:
    """A throwaway git repository."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str) -> str:
        return subprocess.run(
            ["git", "-C", str(self.path), *args], env=GIT_ENV, check=True, capture_output=True, text=True
        ).stdout

    def write(self, relative: str, text: str) -> None:
        target = self.path / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)

    def commit(self, message: str, tag: str | None = None) -> str:
        """Commit everything in the work tree (and tag it); returns the commit's id."""
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)
        if tag:
            self.git("tag", tag)
        return self.git("rev-parse", "HEAD").strip()


@pytest.fixture(scope="module")
def git_repo(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], GitRepo]:
    """``git_repo("name")``: a new, empty repository."""
    return lambda name: GitRepo(tmp_path_factory.mktemp("git") / name)
