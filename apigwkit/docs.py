"""Module documentation generated from the code (terraform-docs cannot be installed here).

Each module README holds, between ``<!-- BEGIN_TF_DOCS -->`` and ``<!-- END_TF_DOCS -->``, an
inputs table (name, type, default, required, description) and an outputs table built from the
variables and outputs of its ``.tf`` files. ``make docs`` first writes the stage inputs the API
modules share (``apigwkit.stage_inputs``) and the inputs every deployed example shares
(``apigwkit.deploy_inputs``), then rewrites the tables; a test fails when any is stale.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from apigwkit import deploy_inputs, stage_inputs
from apigwkit.engine.workspace import REPO_ROOT
from apigwkit.hcl import blocks

BEGIN, END = "<!-- BEGIN_TF_DOCS -->", "<!-- END_TF_DOCS -->"


def _load(path: Path, kind: str) -> list[tuple[str, dict]]:
    if not path.is_file():
        return []
    return [(name, body) for block in blocks(path.read_text()).get(kind, []) for name, body in block.items()]


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _default(body: dict) -> str:
    if "default" not in body:
        return "n/a"
    value = body["default"]
    return f"`{_cell(json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else json.dumps(value))}`"


def render(module: Path) -> str:
    files = sorted(module.glob("*.tf"))
    variables = [v for path in files for v in _load(path, "variable")]
    outputs = [o for path in files for o in _load(path, "output")]
    lines = [BEGIN, "## Inputs", "", "| Name | Type | Default | Required | Description |", "|---|---|---|:---:|---|"]
    for name, body in sorted(variables, key=lambda v: ("default" in v[1], v[0])):
        type_ = _cell(body.get("type", "any"))
        required = "no" if "default" in body else "yes"
        lines.append(f"| `{name}` | `{type_}` | {_default(body)} | {required} | {_cell(body.get('description', ''))} |")
    lines += ["", "## Outputs", "", "| Name | Description |", "|---|---|"]
    for name, body in sorted(outputs):
        lines.append(f"| `{name}` | {_cell(body.get('description', ''))} |")
    lines.append(END)
    return "\n".join(lines)


def modules(root: Path = REPO_ROOT) -> list[Path]:
    return sorted(p.parent for p in (root / "modules").glob("*/variables.tf"))


def updated_readme(module: Path) -> tuple[str, str]:
    """(current README text, README text with freshly generated tables)."""
    readme = module / "README.md"
    current = readme.read_text() if readme.is_file() else f"# `{module.name}`\n"
    generated = render(module)
    if BEGIN in current and END in current:
        new = re.sub(re.escape(BEGIN) + ".*?" + re.escape(END), lambda _: generated, current, flags=re.S)
    else:
        new = current.rstrip() + "\n\n" + generated + "\n"
    return current, new


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="apigwkit.docs", description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail when a README is stale instead of writing it")
    args = parser.parse_args(argv)
    stale = [
        p.relative_to(REPO_ROOT)
        for p in stage_inputs.stale(write=not args.check) + deploy_inputs.stale(write=not args.check)
    ]
    for module in modules():
        current, new = updated_readme(module)
        if current != new:
            stale.append(module.relative_to(REPO_ROOT))
            if not args.check:
                (module / "README.md").write_text(new)
    if args.check and stale:
        print("stale generated files (run `make docs`): " + ", ".join(map(str, stale)), file=sys.stderr)
        return 1
    print(f"docs: {len(modules())} modules, {'stale' if args.check else 'updated'}: {len(stale)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
