"""Byte code in the zip, compiled once at build time instead of at every cold start.

Lambda extracts a zip into ``/var/task``, which is read-only: Python cannot write ``__pycache__`` there, so a zip of
sources is compiled in memory at every cold start and the result thrown away. For Powertools' idempotency utility
that is ~100 ms of the ~115 ms its import takes on this machine (issue 22, ``make bench``). Others ship byte code
for the same reason: DataDog's Lambda layer (DataDog/datadog-lambda-python#476: over 24 % off cold starts on
Python 3.12), SST (anomalyco/sst#6864).

Every ``.py`` of the zip (the function's code, its shared packages, its dependencies) gets
``__pycache__/<module>.<cache tag>.pyc`` next to it:

- hash-based and checked (PEP 552, ``checked-hash``): valid whatever timestamps the extracted files get (the zip's
  are all 1980-01-01, which a timestamp-based ``.pyc`` would take for stale: serverless/serverless#13889), and
  checked against its source at every import, so it never runs in place of another source;
- compiled by the build's own interpreter, and only for a function whose runtime is that Python version (a
  ``.pyc`` belongs to one version's magic number); for another runtime the zip holds sources only, as before;
- with ``/var/task/<path in the zip>`` as the file name compiled into the code (tracebacks), so the bytes do not
  depend on where the repository is checked out: two builds of one commit stay byte-identical.

A module this Python cannot compile (a dependency's file with another version's syntax) stays source only; importing
it would fail in Lambda just the same.
"""

from __future__ import annotations

import py_compile
import sys
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from apigwkit.lambda_build.sources import FILE_MODE, Entry

TASK_ROOT = "/var/task"
CACHE_TAG = sys.implementation.cache_tag  # "cpython-312"


def compiles_for(runtime: str) -> bool:
    """Whether this interpreter's byte code is what ``runtime`` (e.g. "python3.12") loads."""
    return sys.implementation.name == "cpython" and runtime == f"python{sys.version_info[0]}.{sys.version_info[1]}"


def pyc_name(arcname: str) -> str:
    """Where Python looks for the byte code of ``arcname`` (a ``.py`` path in the zip)."""
    path = PurePosixPath(arcname)
    return str(path.parent / "__pycache__" / f"{path.stem}.{CACHE_TAG}.pyc").removeprefix("./")


def compile_module(source: Path, arcname: str, pyc: Path) -> bool:
    """Write ``pyc`` for ``source`` (``arcname`` in the zip); False when this Python cannot compile it."""
    try:
        py_compile.compile(
            str(source),
            cfile=str(pyc),
            dfile=f"{TASK_ROOT}/{arcname}",
            doraise=True,
            invalidation_mode=py_compile.PycInvalidationMode.CHECKED_HASH,
        )
    except py_compile.PyCompileError:
        return False
    return True


def compile_entries(entries: Iterable[Entry], out_dir: Path) -> list[Entry]:
    """Byte code for the ``.py`` entries, written under ``out_dir`` at their zip paths; the entries to add."""
    compiled = []
    for entry in entries:
        if not entry.arcname.endswith(".py"):
            continue
        arcname = pyc_name(entry.arcname)
        if compile_module(entry.source, entry.arcname, out_dir / arcname):
            compiled.append(Entry(arcname, out_dir / arcname, FILE_MODE, entry.origin))
    return compiled


def compile_tree(root: Path) -> None:
    """Byte code next to every ``.py`` under ``root`` (installed dependencies: the zip paths are relative to it)."""
    for source in sorted(root.rglob("*.py")):
        arcname = source.relative_to(root).as_posix()
        compile_module(source, arcname, root / pyc_name(arcname))
