"""Lambda packages for the local runtime: each zip extracted once, foreign native code replaced from the host.

Packages: each zip is extracted once into ``<workdir>/<function>-<sha256 prefix>/`` (``LAMBDA_TASK_ROOT``). The zips
are built for Lambda's architecture (arm64 by default); compiled extensions in them (cryptography's ``_rust.abi3.so``,
cffi's backend) cannot load on an x86_64 machine. After extraction every shared object's ELF header is read; a
distribution with code for another machine is removed from the task root and the same distribution from the tool's
environment (whose versions ``requirements.lock`` pins, as it pins the Lambdas' requirements) is linked into the
function's runtime directory, next to the AWS SDK the Lambda runtime provides. One log line says which
distributions came from the host and why. Pure-Python code always comes from the zip; a dependency that the zip
lacks is *not* filled in from the host, so it fails here as it would in Lambda.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import importlib.metadata
import json
import os
import re
import shutil
import struct
import sys
import uuid
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# What the Python runtime provides next to the function's code (/var/runtime): the AWS SDK and its dependencies.
RUNTIME_DISTRIBUTIONS = ("boto3",)


# ELF e_machine values (System V ABI); anything else is shown by number.
_MACHINES = {3: "x86", 8: "mips", 20: "ppc", 21: "ppc64", 22: "s390x", 40: "arm", 62: "x86_64", 183: "aarch64"}
_SHARED_OBJECT = re.compile(r"\.so(\.\d+)*$")


def elf_machine(path: Path) -> int | None:
    """The ELF header's e_machine of ``path``, or None when it is not an ELF file."""
    try:
        with path.open("rb") as handle:
            header = handle.read(20)
    except OSError:
        return None
    if len(header) < 20 or header[:4] != b"\x7fELF":
        return None
    order = "<" if header[5] == 1 else ">"
    return struct.unpack(f"{order}H", header[18:20])[0]


def machine_name(machine: int | None) -> str:
    return "unknown" if machine is None else _MACHINES.get(machine, f"machine {machine}")


def host_machine() -> int | None:
    """The e_machine of this interpreter: what a shared object must be built for to load here."""
    return elf_machine(Path(os.path.realpath(sys.executable)))


@dataclass(frozen=True)
class HostDistribution:
    """A distribution of the package replaced by the tool environment's build of it."""

    name: str
    version: str  # the version the package pinned
    host_version: str | None  # what the tool environment has (None: not installed there)
    machine: str  # what the package's native code is built for


@dataclass(frozen=True)
class Package:
    """An extracted function package, ready for workers."""

    task_root: Path
    runtime_dir: Path
    digest: str
    host_distributions: tuple[HostDistribution, ...] = ()
    unowned_foreign_files: tuple[str, ...] = ()
    host_site_packages: str = ""

    def note(self, function: str) -> str | None:
        """The one log line about code that does not come from the zip, or None."""
        if not self.host_distributions and not self.unowned_foreign_files:
            return None
        parts = []
        for dist in self.host_distributions:
            if dist.host_version is None:
                parts.append(f"{dist.name} {dist.version} (NOT installed on this machine: its imports will fail)")
            elif dist.host_version != dist.version:
                parts.append(f"{dist.name} {dist.host_version} (the package pins {dist.version})")
            else:
                parts.append(f"{dist.name} {dist.version}")
        machines = sorted({d.machine for d in self.host_distributions})
        line = (
            f"{function}: {', '.join(parts)} from the host environment ({self.host_site_packages}): the package's "
            f"native code is for {'/'.join(machines) or 'another machine'} and this machine is "
            f"{machine_name(host_machine())}"
        )
        if self.unowned_foreign_files:
            line += f"; no distribution owns {', '.join(self.unowned_foreign_files)}, which cannot load here"
        return line


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def prepare_package(function: str, filename: Path, workdir: Path) -> Package:
    """Extract the zip of ``function`` (once per content hash) and set up its runtime directory."""
    if not filename.is_file():
        raise FileNotFoundError(
            f"Lambda function {function!r}: package {filename} does not exist; build it with `make build`"
        )
    digest = file_digest(filename)
    stem = f"{function}-{digest[:12]}"
    task_root, runtime_dir, marker = workdir / stem, workdir / f"{stem}.runtime", workdir / f"{stem}.json"
    if marker.is_file() and task_root.is_dir() and runtime_dir.is_dir():
        return _package_from_marker(json.loads(marker.read_text()), task_root, runtime_dir)
    workdir.mkdir(parents=True, exist_ok=True)
    staging = workdir / f".{stem}.{os.getpid()}.{uuid.uuid4().hex[:6]}"
    try:
        with zipfile.ZipFile(filename) as archive:
            archive.extractall(staging / "task")
        replaced, unowned = _remove_foreign_distributions(staging / "task")
        (staging / "runtime").mkdir()
        present = {_normalise(d.name) for d in _distributions(staging / "task")}
        site = _link_host_distributions(
            staging / "runtime", [*RUNTIME_DISTRIBUTIONS, *(d.name for d in replaced)], present
        )
        host = tuple(
            HostDistribution(d.name, d.version, _host_version(d.name), machine_name(d.machine)) for d in replaced
        )
        package = Package(task_root, runtime_dir, digest, host, tuple(unowned), site)
        for path in (task_root, runtime_dir):
            shutil.rmtree(path, ignore_errors=True)
        (staging / "task").rename(task_root)
        (staging / "runtime").rename(runtime_dir)
        marker.write_text(
            json.dumps(
                {
                    "digest": digest,
                    "host_distributions": [dataclasses.asdict(d) for d in host],
                    "unowned_foreign_files": list(unowned),
                    "host_site_packages": site,
                },
                indent=2,
            )
        )
        return package
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _package_from_marker(data: dict[str, Any], task_root: Path, runtime_dir: Path) -> Package:
    return Package(
        task_root,
        runtime_dir,
        data["digest"],
        tuple(HostDistribution(**d) for d in data["host_distributions"]),
        tuple(data["unowned_foreign_files"]),
        data["host_site_packages"],
    )


@dataclass
class _Distribution:
    name: str
    version: str
    dist_info: Path
    files: set[Path] = field(default_factory=set)  # relative to the task root
    machine: int | None = None


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _import_stem(entry: str) -> str:
    """``_cffi_backend.cpython-312-aarch64-linux-gnu.so`` -> ``_cffi_backend``; ``cffi.libs`` -> ``cffi``."""
    return entry.split(".", 1)[0]


def _metadata(dist_info: Path) -> tuple[str, str]:
    name, version = dist_info.name.removesuffix(".dist-info").rsplit("-", 1)[0], ""
    metadata = dist_info / "METADATA"
    if metadata.is_file():
        for line in metadata.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("Name:"):
                name = line.partition(":")[2].strip()
            elif line.startswith("Version:"):
                version = line.partition(":")[2].strip()
            elif not line.strip():
                break
    return name, version


def _host_files(name: str) -> list[str]:
    try:
        return [str(f) for f in importlib.metadata.distribution(name).files or []]
    except importlib.metadata.PackageNotFoundError:
        return []


def _host_version(name: str) -> str | None:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def _distributions(task_root: Path) -> list[_Distribution]:
    """The installed distributions in a task root, each with the files that belong to it.

    The build leaves ``RECORD`` out of the zips (it is not reproducible), so ownership comes from, in order: the
    zip's RECORD if there is one; the import names of ``top_level.txt``; the host build's RECORD; the project name.
    A top-level entry belongs to the distribution whose import name is its stem; a directory claimed by several
    (a namespace package) contributes only the files the host's RECORD lists for each.
    """
    dists = []
    for dist_info in sorted(task_root.glob("*.dist-info")):
        name, version = _metadata(dist_info)
        dists.append(_Distribution(name, version, dist_info))
    claims: dict[str, list[_Distribution]] = {}
    host_paths: dict[str, set[str]] = {}
    for dist in dists:
        record = dist.dist_info / "RECORD"
        if record.is_file():
            for line in record.read_text(encoding="utf-8").splitlines():
                path = line.rsplit(",", 2)[0] if line else ""
                if path and not path.startswith(("/", "..")) and (task_root / path).exists():
                    dist.files.add(Path(path))
            continue
        host = _host_files(dist.name)
        host_paths[dist.name] = {p for p in host if not p.startswith(("/", ".."))}
        top_level = dist.dist_info / "top_level.txt"
        if top_level.is_file():
            names = {line.strip() for line in top_level.read_text().splitlines() if line.strip()}
        elif host:
            names = {_import_stem(p.split("/")[0]) for p in host_paths[dist.name] if ".dist-info" not in p}
        else:
            names = {dist.name.replace("-", "_").lower()}
        names.add(_normalise(dist.name).replace("-", "_"))
        for stem in names:
            claims.setdefault(stem, []).append(dist)
    for entry in sorted(task_root.iterdir()):
        if entry.name.endswith(".dist-info"):
            continue
        owners = [d for d in claims.get(_import_stem(entry.name), []) if not (d.dist_info / "RECORD").is_file()]
        files = [p.relative_to(task_root) for p in ([entry] if entry.is_file() else entry.rglob("*")) if p.is_file()]
        if len(owners) == 1:
            owners[0].files.update(files)
        else:
            for owner in owners:
                owner.files.update(f for f in files if f.as_posix() in host_paths.get(owner.name, set()))
    for dist in dists:
        dist.files.update(p.relative_to(task_root) for p in dist.dist_info.rglob("*") if p.is_file())
    return dists


def _remove_foreign_distributions(task_root: Path) -> tuple[list[_Distribution], list[str]]:
    """Delete every distribution with a shared object for another machine; return them and unowned such files."""
    host = host_machine()
    foreign: dict[Path, int] = {}
    for path in task_root.rglob("*"):
        if path.is_file() and _SHARED_OBJECT.search(path.name):
            machine = elf_machine(path)
            if machine is not None and machine != host:
                foreign[path.relative_to(task_root)] = machine
    if not foreign:
        return [], []
    replaced = []
    owned: set[Path] = set()
    for dist in _distributions(task_root):
        hits = [p for p in foreign if p in dist.files]
        if hits:
            dist.machine = foreign[hits[0]]
            replaced.append(dist)
            owned.update(hits)
    for dist in replaced:
        for relative in dist.files:
            (task_root / relative).unlink(missing_ok=True)
        shutil.rmtree(dist.dist_info, ignore_errors=True)
    _prune_empty_dirs(task_root)
    unowned = sorted(p.as_posix() for p in foreign if p not in owned)
    return replaced, unowned


def _prune_empty_dirs(root: Path) -> None:
    for directory in sorted((p for p in root.rglob("*") if p.is_dir()), key=lambda p: len(p.parts), reverse=True):
        with contextlib.suppress(OSError):
            directory.rmdir()


def _requirement_closure(roots: Iterable[str], present: set[str]) -> list[importlib.metadata.Distribution]:
    """The host distributions ``roots`` need, with their dependencies, minus what the task root already has."""
    from packaging.requirements import Requirement

    seen: dict[str, importlib.metadata.Distribution] = {}
    pending = list(roots)
    while pending:
        name = _normalise(pending.pop())
        if name in seen or name in present:
            continue
        try:
            dist = importlib.metadata.distribution(name)
        except importlib.metadata.PackageNotFoundError:
            continue
        seen[name] = dist
        for line in dist.requires or []:
            requirement = Requirement(line)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                pending.append(requirement.name)
    return list(seen.values())


@functools.cache
def _host_entries(roots: tuple[str, ...], present: frozenset[str]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each host distribution ``roots`` need (``_requirement_closure``): its site directory and top-level entries.

    Read once per process: the host's environment does not change under a running gateway, and reading the RECORDs
    of boto3's closure (botocore's lists ~3,000 files) cost ~50 ms for every function of every `make run`."""
    return tuple(
        (str(dist.locate_file("")), tuple(sorted({str(f).split("/")[0] for f in dist.files or []})))
        for dist in _requirement_closure(roots, set(present))
    )


def _link_host_distributions(runtime_dir: Path, roots: Iterable[str], present: set[str]) -> str:
    """Symlink the host's top-level entries of ``roots`` (and their dependencies) into ``runtime_dir``."""
    site = ""
    for base_dir, tops in _host_entries(tuple(roots), frozenset(present)):
        base = Path(base_dir)
        site = site or base_dir
        for top in tops:
            if top in ("..", "__pycache__") or top.startswith("/") or top.endswith(".pth"):
                continue
            link, target = runtime_dir / top, base / top
            if target.exists() and not link.exists():
                link.symlink_to(target, target_is_directory=target.is_dir())
                if top.endswith(".py"):
                    _link_byte_code(runtime_dir, base, top.removesuffix(".py"))
    return site


def _link_byte_code(runtime_dir: Path, base: Path, module: str) -> None:
    """A top-level module's byte code lives in the host's shared ``__pycache__``: link it too, or every worker compiles
    the module again (six: ~40 ms), which Lambda's runtime, installed with its byte code, never does."""
    name = f"{module}.{sys.implementation.cache_tag}.pyc"
    target = base / "__pycache__" / name
    if target.is_file():
        (runtime_dir / "__pycache__").mkdir(exist_ok=True)
        link = runtime_dir / "__pycache__" / name
        if not link.exists():
            link.symlink_to(target)
