"""The build over a lambda_src/ tree, with uv replaced by a fake: contents, skipping, manifest, shared code, CLI."""

from __future__ import annotations

import base64
import hashlib
import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from apigwkit.lambda_build import Builder
from apigwkit.lambda_build import fingerprint as fingerprint_module
from apigwkit.lambda_build.bytecode import CACHE_TAG
from apigwkit.lambda_build.cli import main

MakeFunction = Callable[..., Path]
PIN = "tinydep==1.0\n"


def names(zip_path: Path) -> list[str]:
    with zipfile.ZipFile(zip_path) as archive:
        return archive.namelist()


def statuses(builder: Builder, only: list[str] | None = None, clean: bool = False) -> dict[str, str]:
    report = builder.build(only=only or [], clean=clean)
    return {result.name: result.status for result in report.results}


def test_zip_holds_runtime_code_and_dependencies_only(make_function: MakeFunction, builder: Builder) -> None:
    make_function(
        "fn",
        files={
            "app.py": "def handler(e, c):\n    return 1\n",
            "lib/__init__.py": "",
            "lib/__pycache__/x.cpython-312.pyc": "",
            "lib/stale.pyc": "",
            "tests/test_app.py": "def test(): pass\n",
            "conftest.py": "",
            "README.md": "# fn\n",
            ".env": "SECRET=1\n",
            "requirements-dev.txt": "pytest==8.3.3\n",
        },
        requirements=PIN,
    )
    assert builder.build().ok
    # byte code: the build's own (bytecode.py), never what was lying in the folder
    assert names(builder.layout.zip_path("fn")) == [
        f"__pycache__/app.{CACHE_TAG}.pyc",
        f"__pycache__/tinydep.{CACHE_TAG}.pyc",
        "app.py",
        "lib/__init__.py",
        f"lib/__pycache__/__init__.{CACHE_TAG}.pyc",
        "tinydep-1.0.dist-info/METADATA",
        "tinydep.py",
    ]


def test_installer_scripts_and_record_are_left_out(make_function: MakeFunction, builder: Builder, installer) -> None:
    installer.distributions["tinydep==1.0"].update(
        {"bin/tinydep": "#!/somewhere/python\n", "tinydep-1.0.dist-info/RECORD": "x", ".lock": ""}
    )
    make_function("fn", requirements=PIN)
    assert builder.build().ok
    assert names(builder.layout.zip_path("fn")) == [
        f"__pycache__/app.{CACHE_TAG}.pyc",
        f"__pycache__/tinydep.{CACHE_TAG}.pyc",
        "app.py",
        "tinydep-1.0.dist-info/METADATA",
        "tinydep.py",
    ]


def test_manifest_describes_each_zip_with_terraforms_source_code_hash(
    make_function: MakeFunction, builder: Builder
) -> None:
    make_function("fn", spec={"handler": "app.handler", "runtime": "python3.13", "architecture": "x86_64"})
    builder.build()
    zip_bytes = builder.layout.zip_path("fn").read_bytes()
    manifest = json.loads(builder.layout.manifest.read_text())
    assert manifest == {
        "version": 1,
        "functions": {
            "fn": {
                "filename": "build/lambda/fn.zip",
                "size": len(zip_bytes),
                "source_code_hash": base64.b64encode(hashlib.sha256(zip_bytes).digest()).decode(),
                "handler": "app.handler",
                "runtime": "python3.13",
                "architecture": "x86_64",
            }
        },
    }
    assert builder.layout.manifest.read_text() == json.dumps(manifest, indent=2, sort_keys=True) + "\n"


def test_unchanged_function_is_skipped_without_calling_the_installer(
    make_function: MakeFunction, builder: Builder, installer
) -> None:
    make_function("fn", requirements=PIN)
    assert statuses(builder) == {"fn": "built"}
    before = builder.layout.zip_path("fn").read_bytes()
    assert statuses(builder) == {"fn": "skipped"}
    assert len(installer.calls) == 1
    assert builder.layout.zip_path("fn").read_bytes() == before


def test_source_change_rebuilds_only_that_function_and_reuses_its_dependencies(
    make_function: MakeFunction, builder: Builder, installer
) -> None:
    make_function("one", requirements=PIN)
    make_function("two", requirements=PIN)
    builder.build()
    assert len(installer.calls) == 2
    (builder.layout.src_dir / "two" / "app.py").write_text("def handler(e, c):\n    return 2\n")
    report = builder.build()
    assert {r.name: (r.status, r.dependencies) for r in report.results} == {
        "one": ("skipped", ""),
        "two": ("built", "cached"),
    }
    assert len(installer.calls) == 2


def test_requirements_change_reinstalls(make_function: MakeFunction, builder: Builder, installer) -> None:
    folder = make_function("fn", requirements=PIN)
    builder.build()
    (folder / "requirements.txt").write_text("# a comment changes the file\n" + PIN)
    assert statuses(builder) == {"fn": "built"}
    assert len(installer.calls) == 2


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ("function.json", "built"),
        ("build script", "built"),
        ("installer version", "built"),
        ("zip edited by hand", "built"),
        ("nothing", "skipped"),
    ],
)
def test_every_input_of_the_fingerprint_triggers_a_rebuild(
    make_function: MakeFunction,
    builder: Builder,
    installer,
    monkeypatch: pytest.MonkeyPatch,
    change: str,
    expected: str,
) -> None:
    folder = make_function("fn")
    builder.build()
    if change == "function.json":
        (folder / "function.json").write_text(
            '{"handler": "app.handler", "runtime": "python3.12", "architecture": "x86_64"}'
        )
    elif change == "build script":
        monkeypatch.setattr(fingerprint_module, "builder_hash", lambda: "another build script")
    elif change == "installer version":
        installer.version = "fake 2"
        builder = Builder(builder.layout.root, installer=installer)
    elif change == "zip edited by hand":
        with zipfile.ZipFile(builder.layout.zip_path("fn"), "a") as archive:
            archive.writestr("extra.py", "")
    assert statuses(builder) == {"fn": expected}


def test_two_clean_builds_give_the_same_zip(make_function: MakeFunction, builder: Builder) -> None:
    make_function("fn", requirements=PIN)
    builder.build()
    first = builder.layout.zip_path("fn").read_bytes()
    assert statuses(builder, clean=True) == {"fn": "built"}
    assert builder.layout.zip_path("fn").read_bytes() == first


def test_dependency_not_pinned_in_requirements_is_an_error(
    make_function: MakeFunction, builder: Builder, installer
) -> None:
    installer.distributions["other-dep==2.0"] = {"other_dep.py": ""}
    make_function("fn", requirements=PIN)
    report = builder.build()
    assert [r.status for r in report.results] == ["failed"]
    assert "fn: requirements.txt does not pin these dependencies of its dependencies" in report.results[0].error
    assert "other-dep==2.0" in report.results[0].error
    assert not builder.layout.zip_path("fn").exists()


def test_function_without_requirements_never_calls_the_installer(
    make_function: MakeFunction, builder: Builder, installer
) -> None:
    make_function("fn", requirements="# nothing but the standard library\n")
    assert statuses(builder) == {"fn": "built"}
    assert installer.calls == []


def test_shared_package_is_vendored_into_the_functions_that_declare_it(
    root: Path, make_function: MakeFunction, builder: Builder
) -> None:
    shared = root / "lambda_src" / "_shared" / "common"
    shared.mkdir(parents=True)
    (shared / "__init__.py").write_text("GREETING = 'hi'\n")
    (shared / "tests").mkdir()
    (shared / "tests" / "test_common.py").write_text("")
    make_function("uses", spec={"handler": "app.handler", "runtime": "python3.12", "shared": ["common"]})
    make_function("plain")
    assert statuses(builder) == {"plain": "built", "uses": "built"}
    app_pyc, common_pyc = f"__pycache__/app.{CACHE_TAG}.pyc", f"common/__pycache__/__init__.{CACHE_TAG}.pyc"
    assert names(builder.layout.zip_path("uses")) == [app_pyc, "app.py", "common/__init__.py", common_pyc]
    assert names(builder.layout.zip_path("plain")) == [app_pyc, "app.py"]

    (shared / "__init__.py").write_text("GREETING = 'hello'\n")
    assert statuses(builder) == {"plain": "skipped", "uses": "built"}


def test_missing_shared_package_is_an_error(make_function: MakeFunction, builder: Builder) -> None:
    make_function("fn", spec={"handler": "app.handler", "runtime": "python3.12", "shared": ["nope"]})
    [result] = builder.build().results
    assert result.status == "failed"
    assert result.error.startswith(
        "fn: function.json \"shared\" names 'nope' but _shared/nope/__init__.py does not exist"
    )


def test_only_builds_the_named_function_and_keeps_the_others_in_the_manifest(
    make_function: MakeFunction, builder: Builder
) -> None:
    make_function("one")
    make_function("two")
    builder.build()
    (builder.layout.src_dir / "one" / "app.py").write_text("def handler(e, c):\n    return 3\n")
    assert statuses(builder, only=["two"]) == {"two": "skipped"}
    manifest = json.loads(builder.layout.manifest.read_text())
    assert sorted(manifest["functions"]) == ["one", "two"]


def test_outputs_of_a_removed_function_are_pruned(make_function: MakeFunction, builder: Builder) -> None:
    make_function("gone")
    make_function("kept")
    builder.build()
    (builder.layout.src_dir / "gone" / "function.json").unlink()
    builder.build()
    assert sorted(p.name for p in builder.layout.out_dir.iterdir()) == ["kept.build.json", "kept.zip", "manifest.json"]
    assert list(json.loads(builder.layout.manifest.read_text())["functions"]) == ["kept"]


def test_cli_prints_a_line_per_function_and_fails_naming_the_broken_one(
    make_function: MakeFunction, builder: Builder, capsys: pytest.CaptureFixture[str]
) -> None:
    make_function("good")
    make_function("bad", spec={"handler": "app.main", "runtime": "python3.12"})
    assert main(["--root", str(builder.layout.root)], builder=builder) == 1
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert lines[0].split()[:2] == ["FAILED", "bad"]
    assert lines[1].split()[:4] == ["built", "good", "python3.12", "arm64"]
    assert lines[2].startswith("lambda build: 1 built, 0 skipped, 1 failed in ")
    assert 'error: bad: handler "app.main": bad/app.py does not define "main" at module level' in err
    assert list(json.loads(builder.layout.manifest.read_text())["functions"]) == ["good"]


def test_cli_rejects_an_unknown_function_name(
    make_function: MakeFunction, builder: Builder, capsys: pytest.CaptureFixture[str]
) -> None:
    make_function("fn")
    assert main(["--only", "typo"], builder=builder) == 2
    assert "no function named typo" in capsys.readouterr().err


def test_folder_with_code_but_no_function_json_is_reported(
    root: Path, make_function: MakeFunction, builder: Builder, capsys: pytest.CaptureFixture[str]
) -> None:
    make_function("fn")
    (root / "lambda_src" / "draft").mkdir()
    (root / "lambda_src" / "draft" / "draft.py").write_text("")
    assert main([], builder=builder) == 0
    assert "note: lambda_src/draft/ has Python code but no function.json: not built" in capsys.readouterr().out


def test_handler_in_a_folder_left_out_of_the_zip_is_an_error(make_function: MakeFunction, builder: Builder) -> None:
    make_function(
        "fn",
        files={"tests/app.py": "def handler(e, c):\n    return 1\n"},
        spec={"handler": "tests.app.handler", "runtime": "python3.12"},
    )
    [result] = builder.build().results
    assert result.error == "fn: handler module tests/app.py is excluded from the zip (tests/, hidden or README files)"
