"""Hot reload for ``make run``: code edited under ``lambda_src/`` is served at the next request, without a restart.

``Reloader.check()`` compares the watched trees with what it saw last time (each file's modification time and size):

- a change under ``lambda_src/<name>/`` rebuilds that function with the build script (``apigwkit.lambda_build``,
  which skips a package whose inputs did not change) and, when its zip changed, tells the Lambda runtime to serve
  every function deployed from ``build/lambda/<name>.zip`` from the new zip (``LambdaRuntime.reload``);
- a change under ``examples/`` or ``modules/`` is only reported: the gateway serves the state it applied when it
  started, and applying again while it serves is not safe (APIs, ports and moto's objects would change under
  running clients), so it says to re-run ``make run``.

``watch()`` runs ``check()`` once a second for ``make run``; tests call ``check()`` when they have changed a file.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from apigwkit.lambda_build.builder import Builder

SKIPPED_DIRECTORIES = frozenset({"__pycache__", ".terraform", ".pytest_cache", ".ruff_cache", ".mypy_cache"})
Snapshot = dict[Path, tuple[int, int]]


def snapshot(roots: Iterable[Path]) -> Snapshot:
    """(mtime in ns, size) of every file under ``roots``, skipping caches and Terraform's working data."""
    files: Snapshot = {}
    for root in roots:
        for directory, subdirectories, names in os.walk(root):
            subdirectories[:] = [d for d in subdirectories if d not in SKIPPED_DIRECTORIES]
            for name in names:
                path = Path(directory, name)
                try:
                    stat = path.stat()
                except OSError:
                    continue
                files[path] = (stat.st_mtime_ns, stat.st_size)
    return files


class Reloader:
    """Watches ``root``'s ``lambda_src/`` (and the example's directory and ``modules/``) for a running gateway.

    ``runtime``: the gateway's LambdaRuntime; ``say``: where a line for the developer goes; ``build``: builds the
    named functions of ``lambda_src/`` and returns {name: "built" | "skipped" | "failed: <why>"} (by default the
    build script's Builder, run in a thread).
    """

    def __init__(
        self,
        runtime: Any,
        root: Path,
        example: Path,
        say: Callable[[str], None],
        build: Callable[[list[str]], dict[str, str]] | None = None,
    ) -> None:
        self.runtime, self.root, self.say = runtime, Path(root).resolve(), say
        self.example = Path(example).resolve()
        self.build = build or self._build
        self.sources = self.root / "lambda_src"
        self.configuration = [d for d in (self.example, self.root / "modules") if d.is_dir()]
        self._seen = snapshot([self.sources, *self.configuration])

    def _changed(self) -> list[Path]:
        now = snapshot([self.sources, *self.configuration])
        changed = sorted({p for p in now.keys() | self._seen.keys() if now.get(p) != self._seen.get(p)})
        self._seen = now
        return changed

    async def check(self) -> list[str]:
        """One look at the watched trees; returns the lines it said (also sent to ``say``)."""
        said: list[str] = []

        def say(line: str) -> None:
            said.append(line)
            self.say(line)

        changed = self._changed()
        functions = sorted({p.relative_to(self.sources).parts[0] for p in changed if p.is_relative_to(self.sources)})
        functions = [name for name in functions if (self.sources / name / "function.json").is_file()]
        configuration = [p for p in changed if not p.is_relative_to(self.sources)]
        if configuration:
            shown = ", ".join(str(p.relative_to(self.root)) for p in configuration[:3])
            more = f" and {len(configuration) - 3} more" if len(configuration) > 3 else ""
            say(f"{shown}{more} changed: re-run make run to apply it (this one serves the state it applied at start)")
        if not functions:
            return said
        outcomes = await asyncio.to_thread(self.build, functions)
        for name in functions:
            outcome = outcomes.get(name, "failed: not built")
            if outcome.startswith("failed"):
                say(f"lambda_src/{name} changed: the build {outcome}; still serving the previous package")
                continue
            zip_path = self.root / "build" / "lambda" / f"{name}.zip"
            served = [spec.name for spec in self.runtime.functions.values() if spec.filename == zip_path]
            if outcome == "skipped":
                say(f"lambda_src/{name} changed, but not its package: nothing to reload")
                continue
            for function in served:
                await self.runtime.reload(function)
            running = ", ".join(served) or "no function of this example"
            say(f"lambda_src/{name} changed: rebuilt build/lambda/{name}.zip; the next request runs it ({running})")
        return said

    async def watch(self, interval: float = 1.0) -> None:
        """``check()`` every ``interval`` seconds, until cancelled (make run)."""
        while True:
            await asyncio.sleep(interval)
            try:
                await self.check()
            except Exception as error:  # a failed look must not end hot reload for the rest of the session
                self.say(f"hot reload: {type(error).__name__}: {error}")

    def _build(self, names: list[str]) -> dict[str, str]:
        report = Builder(self.root).build(only=names)
        return {
            result.name: result.status if result.status != "failed" else f"failed: {result.error}"
            for result in report.results
        }
