"""A throw-away repository root per test (``tmp_path/lambda_src``, ``tmp_path/build``), never the real ``build/``.

``FakeInstaller`` stands in for uv in the tests that are about the build and not about installing: it writes
the files it is given as one installed distribution and records each call, so a test can prove that an
unchanged function did not reach the installer at all. The tests that need uv and PyPI are marked ``network``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from apigwkit.lambda_build import Builder
from apigwkit.lambda_build.spec import Target


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "network: needs PyPI (uv downloads wheels on a cold cache)")


def write_function(
    root: Path,
    name: str,
    files: dict[str, str] | None = None,
    spec: dict[str, Any] | None = None,
    requirements: str | None = None,
) -> Path:
    """A function folder ``root/lambda_src/<name>`` with a handler ``app.handler`` unless told otherwise."""
    folder = root / "lambda_src" / name
    folder.mkdir(parents=True, exist_ok=True)
    files = {"app.py": "def handler(event, context):\n    return {'statusCode': 200}\n"} if files is None else files
    for relative, text in files.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    description = {"handler": "app.handler", "runtime": "python3.12"} if spec is None else spec
    (folder / "function.json").write_text(json.dumps(description), encoding="utf-8")
    if requirements is not None:
        (folder / "requirements.txt").write_text(requirements, encoding="utf-8")
    return folder


@dataclass
class FakeInstaller:
    """Installs ``distributions`` ({"name==version": {relative path: text}}) whatever the requirements say."""

    distributions: dict[str, dict[str, str]] = field(default_factory=dict)
    calls: list[tuple[str, Target]] = field(default_factory=list)
    version: str = "fake 1"

    def identity(self) -> str:
        return self.version

    def install(self, function: str, requirements: Path, target: Target, dest: Path) -> None:
        self.calls.append((function, target))
        for dist, files in self.distributions.items():
            name, _, version = dist.partition("==")
            info = dest / f"{name.replace('-', '_')}-{version}.dist-info"
            info.mkdir(parents=True, exist_ok=True)
            (info / "METADATA").write_text(f"Name: {name}\nVersion: {version}\n", encoding="utf-8")
            for relative, text in files.items():
                path = dest / relative
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "lambda_src").mkdir()
    return tmp_path


@pytest.fixture
def installer() -> FakeInstaller:
    return FakeInstaller({"tinydep==1.0": {"tinydep.py": "VALUE = 1\n"}})


@pytest.fixture
def make_function(root: Path) -> Callable[..., Path]:
    """``make_function(name, files=None, spec=None, requirements=None)`` under this test's ``root``."""

    def make(name: str, *args: Any, **kwargs: Any) -> Path:
        return write_function(root, name, *args, **kwargs)

    return make


@pytest.fixture
def builder(root: Path, installer: FakeInstaller) -> Builder:
    return Builder(root, installer=installer)
