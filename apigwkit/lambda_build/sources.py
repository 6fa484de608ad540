"""What goes into a function's zip: its runtime code, the shared packages it declares, its installed dependencies.

Left out of the function's own folder (and of shared packages): ``tests/``, ``conftest.py``, ``__pycache__/``,
``*.pyc``/``*.pyo``, hidden files and folders, ``README*``, and at the top of the function folder its build
inputs ``function.json`` and ``requirements*.txt`` (the byte code the zip holds is compiled by the build:
``bytecode.py``). Left out of the installed dependencies: only what is not reproducible or not needed at run time
(see ``dependencies.py``); their ``__pycache__`` holds only the build's byte code (uv installs without any).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from apigwkit.lambda_build.errors import BuildError
from apigwkit.lambda_build.spec import SPEC_FILE, FunctionSpec

SHARED_DIR = "_shared"
FILE_MODE = 0o644
EXECUTABLE_MODE = 0o755

_SKIP_DIRS = {"__pycache__", "tests", "test"}
_SKIP_FILES = {"conftest.py"}
_SKIP_SUFFIXES = (".pyc", ".pyo")
# Written by installers, not part of the wheel's importable content; RECORD also hashes bin/ scripts whose
# "#!" line is the build machine's interpreter path.
_DEPENDENCY_METADATA = {"RECORD", "INSTALLER", "REQUESTED", "direct_url.json"}


@dataclass(frozen=True)
class Entry:
    """One file of the zip: its name inside the archive, where its bytes come from, and its Unix mode."""

    arcname: str
    source: Path
    mode: int = FILE_MODE
    origin: str = "function"  # "function", "shared:<pkg>" or "dependencies": for error messages


def _walk(top: Path) -> Iterator[tuple[Path, list[str], list[str]]]:
    for dirpath, dirnames, filenames in os.walk(top, followlinks=True):
        dirnames.sort()
        yield Path(dirpath), dirnames, sorted(filenames)


def _is_code(name: str) -> bool:
    hidden_or_bytecode = name.startswith(".") or name.endswith(_SKIP_SUFFIXES)
    return not (hidden_or_bytecode or name in _SKIP_FILES or name.upper().startswith("README"))


def _tree_entries(top: Path, prefix: str, origin: str, *, build_inputs: bool) -> list[Entry]:
    entries = []
    for dirpath, dirnames, filenames in _walk(top):
        dirnames[:] = [d for d in dirnames if d not in _SKIP_DIRS and not d.startswith(".")]
        for filename in filenames:
            if not _is_code(filename):
                continue
            if build_inputs and dirpath == top and (filename == SPEC_FILE or _is_requirements(filename)):
                continue
            path = dirpath / filename
            arcname = prefix + path.relative_to(top).as_posix()
            entries.append(Entry(arcname, path, FILE_MODE, origin))
    return entries


def _is_requirements(filename: str) -> bool:
    return filename.startswith("requirements") and filename.endswith(".txt")


def function_entries(spec: FunctionSpec) -> list[Entry]:
    """The function's own runtime code."""
    return _tree_entries(spec.folder, "", "function", build_inputs=True)


def shared_entries(spec: FunctionSpec, src_dir: Path) -> list[Entry]:
    """The shared packages the function declares, each copied in as a top-level package ``<pkg>/``."""
    entries = []
    for package in spec.shared:
        folder = src_dir / SHARED_DIR / package
        if not (folder / "__init__.py").is_file():
            available = sorted(p.parent.name for p in (src_dir / SHARED_DIR).glob("*/__init__.py"))
            raise BuildError(
                spec.name,
                f'{SPEC_FILE} "shared" names {package!r} but {SHARED_DIR}/{package}/__init__.py does not exist '
                f"(shared packages: {', '.join(available) or 'none'})",
            )
        entries.extend(_tree_entries(folder, f"{package}/", f"shared:{package}", build_inputs=False))
    return entries


def dependency_entries(dest: Path) -> list[Entry]:
    """Everything an install into ``dest`` wrote (and the build's byte code), less scripts and installer bookkeeping."""
    entries = []
    for dirpath, dirnames, filenames in _walk(dest):
        if dirpath == dest:
            dirnames[:] = [d for d in dirnames if d != "bin"]
        in_dist_info = dirpath.name.endswith(".dist-info")
        in_pycache = dirpath.name == "__pycache__"
        for filename in filenames:
            if filename.endswith(_SKIP_SUFFIXES) != in_pycache or (dirpath == dest and filename == ".lock"):
                continue
            if in_dist_info and filename in _DEPENDENCY_METADATA:
                continue
            path = dirpath / filename
            mode = EXECUTABLE_MODE if path.stat().st_mode & stat.S_IXUSR else FILE_MODE
            entries.append(Entry(path.relative_to(dest).as_posix(), path, mode, "dependencies"))
    return entries
