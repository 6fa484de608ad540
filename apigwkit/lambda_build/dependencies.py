"""Install a function's pinned dependencies for its Lambda target with uv, into a directory the zip is made from.

uv rather than pip: it resolves for a platform other than the build machine's (``--python-platform``), keeps a
download cache shared with the project's virtualenv (so a clean rebuild does not download again), and is one
binary already pinned in ``tools/requirements-bootstrap.lock``. The command is, in effect::

    uv pip install --target DIR --python-platform aarch64-manylinux2014 --python-version 3.12 \\
        --only-binary :all: --no-installer-metadata --no-compile-bytecode --excludes <boto3, botocore> \\
        -r lambda_src/<name>/requirements.txt

What uv writes that is not the same on two machines is left out of the zip by ``sources.dependency_entries``:
``bin/`` (console scripts whose ``#!`` line is this machine's interpreter path) and each ``*.dist-info/RECORD``
(which lists those scripts' hashes). ``--no-installer-metadata`` keeps ``INSTALLER``/``REQUESTED``/
``direct_url.json`` out in the first place.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from importlib import metadata
from pathlib import Path
from typing import Protocol

from apigwkit.lambda_build.errors import BuildError
from apigwkit.lambda_build.requirements import RUNTIME_PROVIDED, Pin, normalize
from apigwkit.lambda_build.spec import Target


class Installer(Protocol):
    """Installs pinned requirements for a target into an empty directory (uv here; a fake in unit tests)."""

    def identity(self) -> str:
        """What changes the installed files besides the requirements and target (tool name and version)."""
        ...

    def install(self, function: str, requirements: Path, target: Target, dest: Path) -> None: ...


def find_uv() -> str:
    """The uv binary: the one the ``uv`` package installed next to this Python, else uv on PATH."""
    try:
        from uv import find_uv_bin  # the PyPI package "uv" ships the binary and this helper

        return find_uv_bin()
    except (ImportError, FileNotFoundError):
        pass
    found = shutil.which("uv")
    if found is None:
        raise RuntimeError("uv not found: run `make setup` (it installs uv into .venv) or put uv on PATH")
    return found


class UvInstaller:
    def __init__(self, uv: str | None = None, python: str = sys.executable) -> None:
        self._uv = uv
        self._python = python

    def identity(self) -> str:
        try:
            return f"uv {metadata.version('uv')}"
        except metadata.PackageNotFoundError:
            return "uv " + subprocess.run([self.uv, "--version"], capture_output=True, text=True).stdout.strip()

    @property
    def uv(self) -> str:
        if self._uv is None:
            self._uv = find_uv()
        return self._uv

    def command(self, requirements: Path, target: Target, dest: Path, excludes: Path) -> list[str]:
        return [
            self.uv, "pip", "install", "--quiet",
            "--python", self._python,
            "--target", str(dest),
            "--python-platform", target.platform,
            "--python-version", target.python_version,
            "--only-binary", ":all:",
            "--no-installer-metadata",
            "--no-compile-bytecode",
            "--link-mode", "copy",
            "--excludes", str(excludes),
            "-r", str(requirements),
        ]  # fmt: skip

    def install(self, function: str, requirements: Path, target: Target, dest: Path) -> None:
        try:
            self.uv  # noqa: B018 - locate the binary before anything else, to fail with a clear message
        except RuntimeError as err:
            raise BuildError(function, str(err)) from None
        with tempfile.TemporaryDirectory(prefix="lambda-build-") as scratch:
            excludes = Path(scratch) / "runtime-provided.txt"
            excludes.write_text("".join(f"{name}\n" for name in RUNTIME_PROVIDED), encoding="utf-8")
            env = {**os.environ, "NO_COLOR": "1", "UV_NO_PROGRESS": "1"}
            env.pop("UV_COMPILE_BYTECODE", None)
            result = subprocess.run(
                self.command(requirements, target, dest, excludes), capture_output=True, text=True, env=env
            )
        if result.returncode != 0:
            message = (result.stderr or result.stdout).strip()
            hint = ""
            if "wheel" in message:
                hint = (
                    f"\nLambda {target.runtime} on {target.architecture} needs wheels built for CPython "
                    f"{target.python_version} and {target.platform} (or pure-Python wheels); pin a version that "
                    "publishes one, or choose the other architecture in function.json."
                )
            raise BuildError(
                function,
                f"installing {requirements.parent.name}/{requirements.name} for {target.describe()} failed "
                f"(uv exit {result.returncode}):\n{message}{hint}",
            )


def installed_distributions(dest: Path) -> dict[str, str]:
    """``{normalised name: version}`` of what an install into ``dest`` put there."""
    found: dict[str, str] = {}
    for info in dest.glob("*.dist-info"):
        name, _, version = info.name.removesuffix(".dist-info").partition("-")
        found[normalize(name)] = version
    return found


def check_closure(function: str, pins: list[Pin], dest: Path) -> None:
    """Everything installed was pinned: a transitive dependency left floating makes the zip change over time."""
    pinned = {pin.name for pin in pins}
    unpinned = sorted((name, version) for name, version in installed_distributions(dest).items() if name not in pinned)
    if unpinned:
        lines = "\n".join(f"  {name}=={version}" for name, version in unpinned)
        raise BuildError(
            function,
            f"requirements.txt does not pin these dependencies of its dependencies (add them, or generate the file "
            f"with `uv pip compile --generate-hashes --python-platform <platform> --python-version <ver>`):\n{lines}",
        )
