"""The per-function build description, ``lambda_src/<name>/function.json``, and the Lambda target it names.

Schema (unknown keys are rejected, so a typo such as ``"architectures"`` is an error, not a silent default)::

    {
      "handler": "hello.lambda_handler",   # required: "<module>.<function>", module may be dotted (pkg.mod)
      "runtime": "python3.12",             # required: one of RUNTIMES
      "architecture": "arm64",             # optional: "arm64" (default) or "x86_64"
      "shared": ["apigw_common"]           # optional: packages under lambda_src/_shared/ to vendor into the zip
    }

The handler is checked by parsing the module with ``ast``, never by importing it: importing would run the
function's module-level code (and need its dependencies) on the build machine.
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from apigwkit.lambda_build.errors import BuildError

SPEC_FILE = "function.json"
# Python runtimes Lambda supports (python3.9 is deprecated): https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html
RUNTIMES = ("python3.10", "python3.11", "python3.12", "python3.13", "python3.14")
# Lambda architecture -> the platform the wheels must be built for (uv's --python-platform spelling).
PLATFORMS = {"arm64": "aarch64-manylinux2014", "x86_64": "x86_64-manylinux2014"}
DEFAULT_ARCHITECTURE = "arm64"
KEYS = ("handler", "runtime", "architecture", "shared")

_IDENTIFIER = r"[A-Za-z_][A-Za-z0-9_]*"
_HANDLER = re.compile(rf"^{_IDENTIFIER}(\.{_IDENTIFIER})+$")
_SHARED_NAME = re.compile(rf"^{_IDENTIFIER}$")
# Lambda function names: letters, digits, hyphens and underscores (the folder name names the zip).
_FUNCTION_NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


@dataclass(frozen=True)
class Target:
    """What the dependencies are installed for: the Lambda runtime's Python and the function's architecture."""

    runtime: str
    architecture: str

    @property
    def python_version(self) -> str:
        return self.runtime.removeprefix("python")

    @property
    def platform(self) -> str:
        return PLATFORMS[self.architecture]

    def describe(self) -> str:
        return f"{self.runtime}/{self.architecture} (CPython {self.python_version}, {self.platform})"


@dataclass(frozen=True)
class FunctionSpec:
    name: str
    folder: Path
    handler: str
    target: Target
    shared: tuple[str, ...] = ()

    @property
    def handler_module(self) -> str:
        return self.handler.rpartition(".")[0]

    @property
    def handler_function(self) -> str:
        return self.handler.rpartition(".")[2]

    def as_dict(self) -> dict[str, Any]:
        return {
            "handler": self.handler,
            "runtime": self.target.runtime,
            "architecture": self.target.architecture,
            "shared": list(self.shared),
        }


def load_spec(folder: Path) -> FunctionSpec:
    """Read and check ``folder/function.json``, including that the handler exists in the function's code."""
    name = folder.name
    if not _FUNCTION_NAME.match(name):
        raise BuildError(name, "a function folder's name may hold only letters, digits, '-' and '_' (at most 64)")
    path = folder / SPEC_FILE
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BuildError(name, f"{path} is missing: every function folder needs a {SPEC_FILE}") from None
    except json.JSONDecodeError as err:
        raise BuildError(name, f"{path} is not valid JSON: {err}") from None
    if not isinstance(raw, dict):
        raise BuildError(name, f"{path} must hold a JSON object, found {type(raw).__name__}")

    unknown = sorted(set(raw) - set(KEYS))
    if unknown:
        raise BuildError(name, f"{SPEC_FILE} has unknown key(s) {unknown}; allowed keys: {list(KEYS)}")

    handler = raw.get("handler")
    if not isinstance(handler, str) or not _HANDLER.match(handler):
        expected = f'"<module>.<function>" (e.g. "{name}.lambda_handler")'
        raise BuildError(name, f'{SPEC_FILE} "handler" must be {expected}, found {handler!r}')
    runtime = raw.get("runtime")
    if runtime not in RUNTIMES:
        raise BuildError(name, f'{SPEC_FILE} "runtime" must be one of {list(RUNTIMES)}, found {runtime!r}')
    architecture = raw.get("architecture", DEFAULT_ARCHITECTURE)
    if architecture not in PLATFORMS:
        allowed = sorted(PLATFORMS)
        raise BuildError(name, f'{SPEC_FILE} "architecture" must be one of {allowed}, found {architecture!r}')
    shared = raw.get("shared", [])
    if not isinstance(shared, list) or not all(isinstance(s, str) and _SHARED_NAME.match(s) for s in shared):
        expected = "a list of package names under lambda_src/_shared/"
        raise BuildError(name, f'{SPEC_FILE} "shared" must be {expected}, found {shared!r}')
    if len(set(shared)) != len(shared):
        raise BuildError(name, f'{SPEC_FILE} "shared" lists a package twice: {shared!r}')

    spec = FunctionSpec(name, folder, handler, Target(runtime, architecture), tuple(sorted(shared)))
    check_handler(spec)
    return spec


def handler_path(spec: FunctionSpec) -> Path:
    """The file that defines the handler's module: ``mod.py`` or ``mod/__init__.py`` (dotted modules nest)."""
    parts = spec.handler_module.split(".")
    module_file = spec.folder.joinpath(*parts[:-1], parts[-1] + ".py")
    package_init = spec.folder.joinpath(*parts, "__init__.py")
    for candidate in (module_file, package_init):
        if candidate.is_file():
            return candidate
    raise BuildError(
        spec.name,
        f'handler "{spec.handler}": module "{spec.handler_module}" not found; expected '
        f"{module_file.relative_to(spec.folder.parent)} or {package_init.relative_to(spec.folder.parent)}",
    )


def check_handler(spec: FunctionSpec) -> None:
    """The handler's module exists and defines the handler function at module level."""
    path = handler_path(spec)
    try:
        tree = ast.parse(path.read_bytes(), filename=str(path))
    except SyntaxError as err:
        raise BuildError(spec.name, f"{path.name} line {err.lineno}: syntax error: {err.msg}") from None
    wanted = spec.handler_function
    kind = _top_level_names(tree.body).get(wanted)
    if kind is None:
        raise BuildError(
            spec.name,
            f'handler "{spec.handler}": {path.relative_to(spec.folder.parent)} does not define "{wanted}" '
            "at module level",
        )
    if kind == "async":
        raise BuildError(
            spec.name,
            f'handler "{spec.handler}" is an async function; the Lambda Python runtime calls the handler '
            "synchronously and would return an un-awaited coroutine",
        )


def _top_level_names(body: list[ast.stmt]) -> dict[str, str]:
    """Names bound at module level (also inside top-level if/try/with blocks), with how they are bound."""
    names: dict[str, str] = {}
    for node in body:
        if isinstance(node, ast.FunctionDef):
            names[node.name] = "def"
        elif isinstance(node, ast.AsyncFunctionDef):
            names[node.name] = "async"
        elif isinstance(node, ast.ClassDef):
            names[node.name] = "class"
        elif isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                for sub in ast.walk(target):
                    if isinstance(sub, ast.Name):
                        names[sub.id] = "assign"
        elif isinstance(node, ast.Import | ast.ImportFrom):
            for alias in node.names:
                names[alias.asname or alias.name.split(".")[0]] = "import"
        elif isinstance(node, ast.If | ast.Try | ast.With):
            for block in ("body", "orelse", "finalbody"):
                names.update(_top_level_names(getattr(node, block, [])))
            for handler in getattr(node, "handlers", []):
                names.update(_top_level_names(handler.body))
    return names
