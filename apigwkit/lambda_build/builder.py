"""Build every function of ``lambda_src/`` into ``build/lambda/``: zips, stamps, dependency cache, manifest.

::

    build/lambda/
      <name>.zip            the deployment package
      <name>.build.json     stamp: fingerprint of the inputs + hash/size of the zip they produced
      manifest.json         what Terraform reads (see manifest.py)
      .deps/<name>/         the function's installed dependencies, reused while requirements/target are unchanged
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from apigwkit.lambda_build.bytecode import compile_entries, compile_tree, compiles_for
from apigwkit.lambda_build.dependencies import Installer, UvInstaller, check_closure
from apigwkit.lambda_build.errors import BuildError
from apigwkit.lambda_build.fingerprint import Stamp, dependencies_fingerprint, function_fingerprint
from apigwkit.lambda_build.imports import check_imports
from apigwkit.lambda_build.manifest import ManifestEntry, write_manifest
from apigwkit.lambda_build.package import Archive, Limits, sha256_file, write_zip
from apigwkit.lambda_build.requirements import REQUIREMENTS_FILE, Pin, parse_requirements
from apigwkit.lambda_build.sources import Entry, dependency_entries, function_entries, shared_entries
from apigwkit.lambda_build.spec import SPEC_FILE, FunctionSpec, handler_path, load_spec


@dataclass(frozen=True)
class Layout:
    root: Path

    @property
    def src_dir(self) -> Path:
        return self.root / "lambda_src"

    @property
    def out_dir(self) -> Path:
        return self.root / "build" / "lambda"

    @property
    def manifest(self) -> Path:
        return self.out_dir / "manifest.json"

    @property
    def deps_dir(self) -> Path:
        return self.out_dir / ".deps"

    def zip_path(self, name: str) -> Path:
        return self.out_dir / f"{name}.zip"

    def stamp_path(self, name: str) -> Path:
        return self.out_dir / f"{name}.build.json"

    def relative(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()


@dataclass
class Result:
    name: str
    status: str  # "built", "skipped" or "failed"
    seconds: float
    spec: FunctionSpec | None = None
    archive: Archive | None = None
    error: str | None = None
    dependencies: str = ""  # "installed", "cached" or "none" when built


@dataclass
class Report:
    results: list[Result] = field(default_factory=list)
    manifest: Path | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(result.status != "failed" for result in self.results)


class Builder:
    def __init__(self, root: Path, installer: Installer | None = None, limits: Limits | None = None) -> None:
        self.layout = Layout(root)
        self.installer: Installer = installer or UvInstaller()
        self.limits = limits or Limits()
        self._installer_identity: str | None = None

    # -- discovery -------------------------------------------------------------------------------------------

    def functions(self) -> list[str]:
        """Folders of ``lambda_src/`` with a ``function.json``; ``_shared`` and hidden folders are not functions."""
        src = self.layout.src_dir
        if not src.is_dir():
            return []
        return sorted(p.parent.name for p in src.glob(f"*/{SPEC_FILE}") if not p.parent.name.startswith(("_", ".")))

    def undescribed(self) -> list[str]:
        """Folders that hold Python code but no ``function.json``: probably a forgotten description."""
        src = self.layout.src_dir
        if not src.is_dir():
            return []
        return sorted(
            p.name
            for p in src.iterdir()
            if p.is_dir() and not p.name.startswith(("_", ".")) and not (p / SPEC_FILE).exists() and any(p.glob("*.py"))
        )

    # -- one function ----------------------------------------------------------------------------------------

    @property
    def installer_identity(self) -> str:
        if self._installer_identity is None:
            self._installer_identity = self.installer.identity()
        return self._installer_identity

    def build_function(self, name: str) -> Result:
        started = time.monotonic()
        try:
            result = self._build(name)
        except BuildError as err:
            return Result(name, "failed", time.monotonic() - started, error=str(err))
        result.seconds = time.monotonic() - started
        return result

    def _build(self, name: str) -> Result:
        layout = self.layout
        spec = load_spec(layout.src_dir / name)
        requirements = spec.folder / REQUIREMENTS_FILE
        requirements_bytes = requirements.read_bytes() if requirements.is_file() else b""
        pins = parse_requirements(requirements, name) if requirements_bytes else []

        code = function_entries(spec) + shared_entries(spec, layout.src_dir)
        module = handler_path(spec).relative_to(spec.folder).as_posix()
        if module not in {entry.arcname for entry in code}:
            raise BuildError(name, f"handler module {module} is excluded from the zip (tests/, hidden or README files)")

        fingerprint = function_fingerprint(spec, code, requirements_bytes, self.installer_identity)
        zip_path, stamp_path = layout.zip_path(name), layout.stamp_path(name)
        stamp = Stamp.read(stamp_path)
        if stamp is not None and stamp.fingerprint == fingerprint:
            archive = self._verified(zip_path, stamp)
            if archive is not None:
                return Result(name, "skipped", 0.0, spec, archive)

        deps, how = self._dependencies(spec, pins, requirements, requirements_bytes)
        entries: list[Entry] = code + (dependency_entries(deps) if deps is not None else [])
        check_imports(name, code, entries)
        stamp_path.unlink(missing_ok=True)
        layout.out_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix=f".{name}.bytecode.", dir=layout.out_dir) as bytecode:
            if compiles_for(spec.target.runtime):
                entries += compile_entries(code, Path(bytecode))
            archive = write_zip(name, entries, zip_path, self.limits)
        Stamp(
            fingerprint,
            archive.sha256_hex,
            archive.size,
            archive.unzipped_size,
            spec.handler,
            spec.target.runtime,
            spec.target.architecture,
        ).write(stamp_path)
        return Result(name, "built", 0.0, spec, archive, dependencies=how)

    @staticmethod
    def _verified(zip_path: Path, stamp: Stamp) -> Archive | None:
        """The zip as the stamp describes it, or None if it is missing or was changed since."""
        if not zip_path.is_file() or zip_path.stat().st_size != stamp.size:
            return None
        if sha256_file(zip_path) != stamp.sha256_hex:
            return None
        return Archive(zip_path, stamp.size, stamp.unzipped_size, stamp.sha256_hex)

    def _dependencies(
        self, spec: FunctionSpec, pins: list[Pin], requirements: Path, requirements_bytes: bytes
    ) -> tuple[Path | None, str]:
        """The directory holding the function's installed dependencies (reused if still valid), and how it came."""
        cache = self.layout.deps_dir / spec.name
        marker = self.layout.deps_dir / f"{spec.name}.fingerprint"
        if not pins:
            shutil.rmtree(cache, ignore_errors=True)
            marker.unlink(missing_ok=True)
            return None, "none"
        wanted = dependencies_fingerprint(spec, requirements_bytes, self.installer_identity)
        if cache.is_dir() and marker.is_file() and marker.read_text(encoding="utf-8").strip() == wanted:
            return cache, "cached"
        staging = self.layout.deps_dir / f"{spec.name}.partial"
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        try:
            self.installer.install(spec.name, requirements, spec.target, staging)
            check_closure(spec.name, pins, staging)
            if compiles_for(spec.target.runtime):
                compile_tree(staging)  # once per install, kept with the dependencies (bytecode.py)
            marker.unlink(missing_ok=True)
            shutil.rmtree(cache, ignore_errors=True)
            staging.rename(cache)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        marker.write_text(wanted + "\n", encoding="utf-8")
        return cache, "installed"

    # -- all functions ---------------------------------------------------------------------------------------

    def clean(self, names: Sequence[str] = ()) -> None:
        """Remove build outputs: all of ``build/lambda``, or only those of ``names``."""
        layout = self.layout
        if not names:
            shutil.rmtree(layout.out_dir, ignore_errors=True)
            return
        for name in names:
            layout.zip_path(name).unlink(missing_ok=True)
            layout.stamp_path(name).unlink(missing_ok=True)
            (layout.deps_dir / f"{name}.fingerprint").unlink(missing_ok=True)
            shutil.rmtree(layout.deps_dir / name, ignore_errors=True)

    def build(self, only: Sequence[str] = (), clean: bool = False) -> Report:
        names = self.functions()
        unknown = sorted(set(only) - set(names))
        if unknown:
            raise ValueError(
                f"no function named {', '.join(unknown)} under {self.layout.src_dir}; "
                f"functions: {', '.join(names) or 'none'}"
            )
        selected = sorted(set(only)) if only else names
        if clean:
            self.clean(only)
        notes = [f"lambda_src/{n}/ has Python code but no {SPEC_FILE}: not built" for n in self.undescribed()]
        report = Report(notes=notes)
        report.results = [self.build_function(name) for name in selected]
        if not only:
            self._prune(names)

        entries: dict[str, ManifestEntry] = {}
        by_name = {result.name: result for result in report.results}
        for name in names:
            result = by_name.get(name)
            if result is not None:
                if result.archive is not None and result.spec is not None:
                    entries[name] = self._manifest_entry(
                        result.archive, result.spec.handler, result.spec.target.runtime, result.spec.target.architecture
                    )
                continue
            stamp = Stamp.read(self.layout.stamp_path(name))  # not selected by --only: keep its last build
            archive = self._verified(self.layout.zip_path(name), stamp) if stamp is not None else None
            if stamp is not None and archive is not None:
                entries[name] = self._manifest_entry(archive, stamp.handler, stamp.runtime, stamp.architecture)
        write_manifest(self.layout.manifest, entries)
        report.manifest = self.layout.manifest
        return report

    def _manifest_entry(self, archive: Archive, handler: str, runtime: str, architecture: str) -> ManifestEntry:
        return ManifestEntry(
            filename=self.layout.relative(archive.path),
            size=archive.size,
            source_code_hash=archive.source_code_hash,
            handler=handler,
            runtime=runtime,
            architecture=architecture,
        )

    def _prune(self, names: list[str]) -> None:
        """Remove outputs of functions that no longer exist, so nothing stale can be deployed by mistake."""
        out = self.layout.out_dir
        if not out.is_dir():
            return
        keep = set(names)
        for path in [*out.glob("*.zip"), *out.glob("*.build.json")]:
            if path.name.split(".")[0] not in keep:
                path.unlink()
        if self.layout.deps_dir.is_dir():
            for path in self.layout.deps_dir.iterdir():
                if path.name.split(".")[0] in keep:
                    continue
                if path.is_dir():
                    shutil.rmtree(path)
                else:
                    path.unlink()
