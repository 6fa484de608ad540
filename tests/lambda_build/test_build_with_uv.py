"""The real installer (uv) against PyPI: platform-correct wheels, identical zips from clean, clear failures.

Wheels come from uv's cache after the first run, so these take a second or two; on a cold cache they download
a few small wheels (six, markupsafe, python-dateutil, aws-lambda-powertools).
"""

from __future__ import annotations

import hashlib
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from apigwkit.lambda_build import Builder, Result
from apigwkit.lambda_build.bytecode import CACHE_TAG
from apigwkit.lambda_build.dependencies import UvInstaller

pytestmark = pytest.mark.network
MakeFunction = Callable[..., Path]
SIX = "six==1.17.0\n"
APP = "import six\n\n\ndef handler(event, context):\n    return six.text_type('ok')\n"


@pytest.fixture(scope="module")
def uv() -> UvInstaller:
    return UvInstaller()


def build_one(root: Path, uv: UvInstaller, clean: bool = False) -> Result:
    [result] = Builder(root, installer=uv).build(clean=clean).results
    return result


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_two_clean_builds_in_different_places_give_identical_sha256(tmp_path: Path, uv: UvInstaller) -> None:
    digests = []
    for place in ("first", "second/deeper"):
        root = tmp_path / place
        (root / "lambda_src" / "fn").mkdir(parents=True)
        (root / "lambda_src" / "fn" / "app.py").write_text(APP)
        (root / "lambda_src" / "fn" / "requirements.txt").write_text(SIX)
        (root / "lambda_src" / "fn" / "function.json").write_text('{"handler": "app.handler", "runtime": "python3.12"}')
        for _ in range(2):
            result = build_one(root, uv, clean=True)
            assert (result.status, result.dependencies) == ("built", "installed"), result.error
            digests.append(sha256(root / "build" / "lambda" / "fn.zip"))
    assert len(set(digests)) == 1
    with zipfile.ZipFile(tmp_path / "first" / "build" / "lambda" / "fn.zip") as archive:
        assert archive.namelist() == [
            f"__pycache__/app.{CACHE_TAG}.pyc",
            f"__pycache__/six.{CACHE_TAG}.pyc",
            "app.py",
            "six-1.17.0.dist-info/LICENSE",
            "six-1.17.0.dist-info/METADATA",
            "six-1.17.0.dist-info/WHEEL",
            "six-1.17.0.dist-info/top_level.txt",
            "six.py",
        ]


def test_rebuild_after_a_source_change_reuses_installed_dependencies(
    make_function: MakeFunction, root: Path, uv: UvInstaller
) -> None:
    folder = make_function("fn", files={"app.py": APP}, requirements=SIX)
    assert build_one(root, uv).dependencies == "installed"
    assert build_one(root, uv).status == "skipped"
    (folder / "app.py").write_text(APP + "# changed\n")
    result = build_one(root, uv)
    assert (result.status, result.dependencies) == ("built", "cached")


@pytest.mark.parametrize(
    ("architecture", "runtime", "extension"),
    [
        ("arm64", "python3.12", "cpython-312-aarch64-linux-gnu.so"),
        ("x86_64", "python3.12", "cpython-312-x86_64-linux-gnu.so"),
        ("arm64", "python3.13", "cpython-313-aarch64-linux-gnu.so"),
    ],
)
def test_compiled_dependency_is_installed_for_the_functions_architecture_and_python(
    make_function: MakeFunction, root: Path, uv: UvInstaller, architecture: str, runtime: str, extension: str
) -> None:
    make_function(
        "fn",
        spec={"handler": "app.handler", "runtime": runtime, "architecture": architecture},
        requirements="markupsafe==3.0.2\n",
    )
    result = build_one(root, uv)
    assert result.status == "built", result.error
    with zipfile.ZipFile(result.archive.path) as archive:
        assert [n for n in archive.namelist() if n.endswith(".so")] == [f"markupsafe/_speedups.{extension}"]


@pytest.mark.parametrize(
    ("requirement", "package"),
    [("pycrypto==2.6.1\n", "pycrypto"), ("pywin32==308\n", "pywin32")],
    ids=["sdist-only", "windows-only"],
)
def test_dependency_without_a_wheel_for_the_target_is_reported_with_package_and_target(
    make_function: MakeFunction, root: Path, uv: UvInstaller, requirement: str, package: str
) -> None:
    make_function("fn", requirements=requirement)
    result = build_one(root, uv)
    assert result.status == "failed"
    assert result.error.startswith(
        "fn: installing fn/requirements.txt for python3.12/arm64 (CPython 3.12, aarch64-manylinux2014) failed"
    )
    assert package in result.error and "wheels" in result.error
    assert not (root / "build" / "lambda" / "fn.zip").exists()


def test_transitive_dependency_left_unpinned_is_reported(
    make_function: MakeFunction, root: Path, uv: UvInstaller
) -> None:
    make_function("fn", requirements="python-dateutil==2.9.0.post0\n")
    result = build_one(root, uv)
    assert result.status == "failed"
    assert "does not pin these dependencies of its dependencies" in result.error
    assert "six==1.17.0" in result.error


def test_boto3_pulled_in_by_a_dependency_is_not_packaged(
    make_function: MakeFunction, root: Path, uv: UvInstaller
) -> None:
    requirements = "aws-lambda-powertools[aws-sdk]==3.37.0\njmespath==1.1.0\ntyping-extensions==4.16.0\n"
    make_function("fn", requirements=requirements)
    result = build_one(root, uv)
    assert result.status == "built", result.error
    with zipfile.ZipFile(result.archive.path) as archive:
        top = {name.split("/")[0] for name in archive.namelist()}
    assert "aws_lambda_powertools" in top
    assert not {t for t in top if t.startswith(("boto3", "botocore", "s3transfer"))}
    assert not {t for t in top if t == "bin" or t.endswith(".pyc")}
