"""Decide without spawning anything whether a function's zip is up to date.

A function's fingerprint is the SHA-256 of everything its zip is made from: the name and bytes of every file
of its code and shared packages, its ``requirements.txt``, its ``function.json`` (as parsed), the installer's
identity (uv's version), the Python version that compiles the byte code, and this build script's own source. The
fingerprint is stored with the zip's hash in a stamp ``build/lambda/<name>.build.json`` next to ``<name>.zip``; a
run whose fingerprint matches the stamp, and whose zip still has the stamped hash, skips the function.

The installed dependencies have their own, narrower fingerprint (requirements, target, installer, Python, build
script) so that a change to the function's code reuses them instead of calling uv again.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path
from typing import Any

from apigwkit.lambda_build.sources import Entry
from apigwkit.lambda_build.spec import FunctionSpec

# Bump when the zip layout changes in a way the source hash below would not show (it normally does).
FORMAT_VERSION = 2
# The byte code in the zips is this interpreter's (bytecode.py): another Python version makes other files.
PYTHON_MAGIC = importlib.util.MAGIC_NUMBER.hex()


@cache
def builder_hash() -> str:
    """SHA-256 over this package's own source: a change to the build script rebuilds every function."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _digest(document: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(document, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def _file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def dependencies_fingerprint(spec: FunctionSpec, requirements: bytes, installer: str) -> str:
    return _digest(
        {
            "format": FORMAT_VERSION,
            "builder": builder_hash(),
            "installer": installer,
            "python": PYTHON_MAGIC,
            "requirements": hashlib.sha256(requirements).hexdigest(),
            "runtime": spec.target.runtime,
            "platform": spec.target.platform,
        }
    )


def function_fingerprint(spec: FunctionSpec, code: list[Entry], requirements: bytes, installer: str) -> str:
    return _digest(
        {
            "format": FORMAT_VERSION,
            "builder": builder_hash(),
            "installer": installer,
            "python": PYTHON_MAGIC,
            "spec": spec.as_dict(),
            "requirements": hashlib.sha256(requirements).hexdigest(),
            "code": sorted((entry.arcname, _file_hash(entry.source)) for entry in code),
        }
    )


@dataclass(frozen=True)
class Stamp:
    """What the last successful build of a function produced, and from which inputs."""

    fingerprint: str
    sha256_hex: str
    size: int
    unzipped_size: int
    handler: str
    runtime: str
    architecture: str

    @classmethod
    def read(cls, path: Path) -> Stamp | None:
        try:
            return cls(**json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError):
            return None

    def write(self, path: Path) -> None:
        path.write_text(json.dumps(asdict(self), indent=2, sort_keys=True) + "\n", encoding="utf-8")
