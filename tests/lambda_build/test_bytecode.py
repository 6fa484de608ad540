"""Byte code in the zips (apigwkit/lambda_build/bytecode.py): compiled once at build time, checked against its
source at import, for the function's runtime only."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

from apigwkit.lambda_build import Builder
from apigwkit.lambda_build.bytecode import CACHE_TAG

MakeFunction = Callable[..., Path]
# Imports the zip's modules (writing no byte code: -B, as Lambda's read-only /var/task) and reports which sources the
# interpreter had to compile, and what the modules hold.
PROBE = """
import importlib.machinery, json, os, sys
compiled, compile_source = [], importlib.machinery.SourceFileLoader.source_to_code
def recording(self, data, path, **kwargs):
    compiled.append(os.path.basename(path))
    return compile_source(self, data, path, **kwargs)
importlib.machinery.SourceFileLoader.source_to_code = recording
sys.path[:0] = [sys.argv[1]]
import app, tinydep
print(json.dumps({"compiled": compiled, "values": [app.handler(None, None), tinydep.VALUE]}))
"""


def test_the_zip_runs_from_its_byte_code_and_a_changed_source_is_compiled_again(
    make_function: MakeFunction, builder: Builder, tmp_path: Path
) -> None:
    make_function("fn", requirements="tinydep==1.0\n")
    assert builder.build().ok
    task_root = tmp_path / "task"
    with zipfile.ZipFile(builder.layout.zip_path("fn")) as archive:
        archive.extractall(task_root)
        pyc = archive.read(f"__pycache__/app.{CACHE_TAG}.pyc")
    assert int.from_bytes(pyc[4:8], "little") == 0b11  # PEP 552 flags: hash-based, checked

    def probe() -> dict[str, object]:
        out = subprocess.run([sys.executable, "-I", "-S", "-B", "-c", PROBE, str(task_root)], capture_output=True)
        assert out.returncode == 0, out.stderr
        return json.loads(out.stdout)

    # nothing compiled at import: the function's module and its dependency ran from the zip's byte code
    assert probe() == {"compiled": [], "values": [{"statusCode": 200}, 1]}
    (task_root / "app.py").write_text("def handler(event, context):\n    return 2\n")
    (task_root / "tinydep.py").write_text("VALUE = 2\n")
    # a source that is not the one compiled: its byte code is refused (the hash differs) and the source compiled
    assert probe() == {"compiled": ["app.py", "tinydep.py"], "values": [2, 2]}


def test_a_function_for_another_python_gets_sources_only(make_function: MakeFunction, builder: Builder) -> None:
    other = "python3.13" if sys.version_info[:2] != (3, 13) else "python3.12"
    make_function("fn", spec={"handler": "app.handler", "runtime": other}, requirements="tinydep==1.0\n")
    assert builder.build().ok
    with zipfile.ZipFile(builder.layout.zip_path("fn")) as archive:
        assert not [name for name in archive.namelist() if name.endswith(".pyc")]
