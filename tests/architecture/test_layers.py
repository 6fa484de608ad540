"""The package's layers: production code never imports the test harness (``apigwkit.testing``)."""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
HARNESS = "apigwkit.testing"


def _imported_modules(source: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(source.read_text(), filename=str(source))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _harness_importers(files: list[Path]) -> list[str]:
    return sorted(
        path.name if not path.is_relative_to(REPO) else str(path.relative_to(REPO))
        for path in files
        if any(name == HARNESS or name.startswith(HARNESS + ".") for name in _imported_modules(path))
    )


def test_only_tests_and_the_harness_import_the_harness():
    production = [
        path for path in (REPO / "apigwkit").rglob("*.py") if not path.is_relative_to(REPO / "apigwkit" / "testing")
    ]
    production += [path for path in (REPO / "lambda_src").rglob("*.py") if "tests" not in path.parts]
    assert _harness_importers(production) == []


def test_the_rule_sees_an_import_of_the_harness(tmp_path):
    # The check above must be able to fail: an import in either spelling is found.
    (tmp_path / "a.py").write_text("from apigwkit.testing.fixtures import workspace\n")
    (tmp_path / "b.py").write_text("import apigwkit.testing\n")
    (tmp_path / "c.py").write_text("from apigwkit import testing\n")
    (tmp_path / "d.py").write_text("from apigwkit.engine import workspace\n")
    assert _harness_importers(sorted(tmp_path.glob("*.py"))) == ["a.py", "b.py", "c.py"]
