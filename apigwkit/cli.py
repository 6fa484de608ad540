"""Command line of the project's tooling (what the Makefile calls).

apigwkit plan DIR [--var-file F]   plan a Terraform directory offline and print the plan
apigwkit validate-all              validate every directory under modules/ and examples/
"""

from __future__ import annotations

import argparse
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from apigwkit.engine.workspace import REPO_ROOT, TerraformError, Workspace, terraform_dirs


def cmd_plan(args: argparse.Namespace) -> int:
    source = Path(args.dir)
    if not source.is_dir():
        examples = sorted(p.name for p in (REPO_ROOT / "examples").iterdir() if p.is_dir())
        print(f"{source} is not a directory. Examples: {', '.join(examples) or '(none yet)'}", file=sys.stderr)
        return 2
    ws = Workspace(source.resolve())
    try:
        ws.init()
        extra = [f"-var-file={Path(f).resolve()}" for f in args.var_file]
        result = ws.run("plan", "-input=false", "-lock=false", *extra, check=False)
        sys.stdout.write(result.stdout)
        sys.stderr.write(result.stderr)
        return result.returncode
    except TerraformError as err:
        print(err.output, file=sys.stderr)
        return err.returncode or 1
    finally:
        ws.cleanup()


def _validate_one(path: Path) -> tuple[Path, str | None, float]:
    started = time.monotonic()
    ws = Workspace(path)
    try:
        ws.validate()
        return path, None, time.monotonic() - started
    except TerraformError as err:
        return path, err.output, time.monotonic() - started
    finally:
        ws.cleanup()


def cmd_validate_all(args: argparse.Namespace) -> int:
    dirs = list(terraform_dirs())
    if not dirs:
        print("validate-all: no Terraform directories under modules/ or examples/")
        return 0
    failures = 0
    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        for path, error, seconds in pool.map(_validate_one, dirs):
            rel = path.relative_to(REPO_ROOT)
            print(f"{'ok  ' if error is None else 'FAIL'} {rel} ({seconds:.1f}s)")
            if error is not None:
                failures += 1
                print(error)
    print(f"validate-all: {len(dirs) - failures} valid, {failures} invalid")
    return 1 if failures else 0


def _summarise(path: Path) -> tuple[str, str]:
    ws = Workspace(path)
    try:
        counts = ws.plan().summary()
        return path.name, f"{counts['add']} | {counts['change']} | {counts['destroy']} | ok"
    except TerraformError as err:
        first = next((line for line in err.output.splitlines() if line.startswith("Error")), "failed")
        return path.name, f"- | - | - | {first}"
    finally:
        ws.cleanup()


def cmd_plan_summary(args: argparse.Namespace) -> int:
    """A Markdown table of every example's offline plan (for CI job summaries)."""
    examples = sorted(p.parent for p in (REPO_ROOT / "examples").glob("*/main.tf"))
    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        rows = list(pool.map(_summarise, examples))
    print("### Offline plan of every example\n")
    print("| example | add | change | destroy | result |\n|---|---|---|---|---|")
    for name, row in rows:
        print(f"| `{name}` | {row} |")
    return 0 if all(row.endswith("ok") for _, row in rows) else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="apigwkit", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    plan = sub.add_parser("plan", help="plan a Terraform directory offline")
    plan.add_argument("dir")
    plan.add_argument("--var-file", action="append", default=[])
    plan.set_defaults(func=cmd_plan)
    validate = sub.add_parser("validate-all", help="validate every module and example")
    validate.add_argument("--jobs", type=int, default=2)
    validate.set_defaults(func=cmd_validate_all)
    summary = sub.add_parser("plan-summary", help="plan every example; print a Markdown table")
    summary.add_argument("--jobs", type=int, default=2)
    summary.set_defaults(func=cmd_plan_summary)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
