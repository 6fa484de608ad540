"""`make test` runs a phase again only when something it could depend on has changed.

Bazel caches a test's result by the digest of its inputs and does not run it again for the same inputs
(https://bazel.build/reference/test-encyclopedia: "cached" results); this is the same, at the granularity of a
whole phase and with a deliberately coarse digest. A phase of `make test` (fmt-check, lint, validate, policy,
pytest) that passed records the fingerprint taken just before it ran in ``build/bench/passed/<phase>.json``. The next
`make test` runs the phase again unless the fingerprint is the same, and says so when it is not run.

The fingerprint is everything the phases can read:
- every file of the working tree that git tracks or would track (``git ls-files --cached --others
  --exclude-standard``), by content: any edit, new file or deletion anywhere runs every phase again;
- the packages installed in the two virtualenvs, the interpreter, and the system programs the tests drive
  (Chromium, wrk);
- the environment variables that change what the tests do (``APIGWKIT_*``, ``TF_*``, ``AWS_*``, ``PYTEST*``,
  ``CI``).
Build outputs are not in it: they are made from the tree and the lock files, which are. `make test FORCE=1` runs
every phase anyway; a fresh clone (what CI runs) has no record.

    python -m apigwkit.incremental fingerprint           # print the fingerprint of the tree as it is now
    python -m apigwkit.incremental unchanged PHASE FP    # exit 0 (and say so) when PHASE passed with fingerprint FP
    python -m apigwkit.incremental passed PHASE FP       # record that PHASE passed with fingerprint FP
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
RECORDS = Path("build") / "bench" / "passed"
ENVIRONMENT_PREFIXES = ("APIGWKIT_", "TF_", "AWS_", "PYTEST", "CI")
VIRTUALENVS = (".venv", ".venv-checkov")
PROGRAMS = ("chromium", "wrk")


def fingerprint(root: Path = REPO_ROOT, environ: dict[str, str] | None = None) -> str:
    """The digest of everything a phase of `make test` can read (see the module's docstring)."""
    environ = dict(os.environ if environ is None else environ)
    digest = hashlib.sha256()

    def add(*parts: object) -> None:
        digest.update("\0".join(str(p) for p in parts).encode("utf-8", "surrogateescape") + b"\n")

    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=root,
        capture_output=True,
        check=True,
    ).stdout
    for name in sorted(set(listed.decode("utf-8", "surrogateescape").split("\0")) - {""}):
        path = root / name
        if path.is_symlink():
            add("link", name, os.readlink(path))
        elif path.is_file():
            add("file", name, hashlib.sha256(path.read_bytes()).hexdigest())
        else:
            add("absent", name)
    for venv in VIRTUALENVS:
        for site in sorted((root / venv / "lib").glob("python*/site-packages")):
            add("packages", venv, *sorted(p.name for p in site.iterdir() if p.name.endswith(".dist-info")))
    add("python", sys.version, platform.platform())
    for program in PROGRAMS:
        found = shutil.which(program)
        add("program", program, found or "-", *(_stat(found) if found else ()))
    add("environment", *sorted(f"{k}={v}" for k, v in environ.items() if k.startswith(ENVIRONMENT_PREFIXES)))
    return digest.hexdigest()


def _stat(path: str) -> tuple[int, int]:
    info = Path(path).resolve().stat()
    return info.st_size, info.st_mtime_ns


def _record(root: Path, phase: str) -> Path:
    return root / RECORDS / f"{phase}.json"


def unchanged(phase: str, digest: str, root: Path = REPO_ROOT) -> str | None:
    """The message to print when ``phase`` passed with ``digest`` and need not run; None when it must run."""
    path = _record(root, phase)
    if not path.is_file():
        return None
    record = json.loads(path.read_text())
    if record.get("fingerprint") != digest:
        return None
    when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(record["passed_at"]))
    return (
        f"{phase}: not run: nothing it can read has changed since it passed at {when} "
        f"(fingerprint {digest[:12]}); `make test FORCE=1` runs it anyway"
    )


def passed(phase: str, digest: str, root: Path = REPO_ROOT) -> None:
    path = _record(root, phase)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"phase": phase, "fingerprint": digest, "passed_at": time.time()}))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m apigwkit.incremental", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("fingerprint")
    for command in ("unchanged", "passed"):
        p = sub.add_parser(command)
        p.add_argument("phase")
        p.add_argument("fingerprint")
    args = parser.parse_args(argv)
    if args.command == "fingerprint":
        print(fingerprint())
        return 0
    if args.command == "passed":
        passed(args.phase, args.fingerprint)
        return 0
    message = unchanged(args.phase, args.fingerprint)
    if message is None:
        return 1
    print(message)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
