"""Every module the function's code imports can be imported from its zip (or the Lambda runtime).

A third-party import that ``requirements.txt`` forgot does not fail anything on a laptop, where the project's
virtualenv has everything; in Lambda it fails every invocation with ``Runtime.ImportModuleError``. So the build
parses the function's (and its shared packages') code with ``ast`` and checks each absolute import's top-level
name against: the standard library, the names at the top of the zip (the function's modules, shared packages,
installed dependencies), and what the Lambda Python runtime itself provides (the AWS SDK and its dependencies).

Not checked: relative imports, imports under ``if TYPE_CHECKING:`` (never run), and imports inside a ``try``
that handles ``ImportError``/``ModuleNotFoundError`` (the code copes without them).
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from dataclasses import dataclass

from apigwkit.lambda_build.errors import BuildError
from apigwkit.lambda_build.sources import Entry

# Importable in every Python Lambda runtime without packaging: boto3 and what it depends on.
RUNTIME_MODULES = frozenset({"boto3", "botocore", "s3transfer", "jmespath", "dateutil", "urllib3", "six"})
_IMPORT_ERRORS = {"ImportError", "ModuleNotFoundError"}


@dataclass(frozen=True)
class Import:
    module: str  # top-level name
    file: str  # arcname of the importing file
    line: int


def top_level_name(arcname: str) -> str:
    """``pkg/mod.py`` -> ``pkg``, ``six.py`` -> ``six``, ``_cffi_backend.cpython-312-aarch64-linux-gnu.so`` ->
    ``_cffi_backend``: the name ``import`` finds the entry under."""
    return arcname.split("/", 1)[0].split(".", 1)[0]


def _handles_import_error(node: ast.Try) -> bool:
    for handler in node.handlers:
        caught = handler.type
        names = caught.elts if isinstance(caught, ast.Tuple) else [caught]
        if any(isinstance(n, ast.Name) and n.id in _IMPORT_ERRORS for n in names):
            return True
    return False


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(nodes: list[ast.stmt], file: str) -> Iterator[Import]:
    for node in nodes:
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(alias.name.split(".")[0], file, node.lineno)
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0 and node.module:
                yield Import(node.module.split(".")[0], file, node.lineno)
        elif isinstance(node, ast.If) and _is_type_checking(node.test):
            yield from _imports(node.orelse, file)
        elif isinstance(node, ast.Try) and _handles_import_error(node):
            yield from _imports(node.orelse + node.finalbody, file)
            for handler in node.handlers:
                yield from _imports(handler.body, file)
        else:
            for field in ("body", "orelse", "finalbody", "handlers", "cases"):
                children = getattr(node, field, None)
                if isinstance(children, list):
                    yield from _imports([c for c in children if isinstance(c, ast.stmt)], file)
                    for child in children:
                        if isinstance(child, ast.ExceptHandler | ast.match_case):
                            yield from _imports(child.body, file)


def imports_of(entry: Entry) -> list[Import]:
    tree = ast.parse(entry.source.read_bytes(), filename=str(entry.source))
    return list(_imports(tree.body, entry.arcname))


def check_imports(function: str, code: list[Entry], zip_entries: list[Entry]) -> None:
    """Fail naming each import the deployed function could not resolve, and where it is."""
    available = {top_level_name(entry.arcname) for entry in zip_entries}
    known = available | set(sys.stdlib_module_names) | RUNTIME_MODULES
    missing: list[Import] = []
    for entry in code:
        if not entry.arcname.endswith(".py"):
            continue
        try:
            found = imports_of(entry)
        except SyntaxError as err:
            raise BuildError(function, f"{entry.arcname} line {err.lineno}: syntax error: {err.msg}") from None
        missing.extend(i for i in found if i.module not in known)
    if missing:
        where = "\n".join(f"  {i.file}:{i.line} imports {i.module}" for i in missing)
        names = ", ".join(sorted({i.module for i in missing}))
        raise BuildError(
            function,
            f"imports {names}, which would not be importable in Lambda (not the standard library, not the "
            f"function's code or shared packages, not installed from its requirements.txt):\n{where}\n"
            "Pin the distribution that provides it in requirements.txt.",
        )
