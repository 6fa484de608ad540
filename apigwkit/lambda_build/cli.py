"""``python -m apigwkit.lambda_build [--only NAME ...] [--clean] [--root DIR]`` (what ``make build`` runs).

Prints one line per function (built / skipped / FAILED, size, time) and a summary; exits 1 if any function
failed, 2 on a usage error.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from apigwkit.lambda_build.builder import Builder, Result


def _size(size: int) -> str:
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def format_result(result: Result, width: int) -> str:
    if result.status == "failed":
        return f"  FAILED   {result.name:<{width}}  {result.seconds:6.2f}s"
    assert result.archive is not None and result.spec is not None
    target = f"{result.spec.target.runtime} {result.spec.target.architecture}"
    sizes = f"{_size(result.archive.size):>9} ({_size(result.archive.unzipped_size):>9} unzipped)"
    deps = f"deps {result.dependencies}" if result.status == "built" else "unchanged"
    return f"  {result.status:<8} {result.name:<{width}}  {target:<17} {sizes}  {deps:<14} {result.seconds:6.2f}s"


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m apigwkit.lambda_build",
        description="Package every lambda_src/<name>/ with a function.json into build/lambda/<name>.zip "
        "(reproducible, skipped when unchanged) and write build/lambda/manifest.json.",
    )
    parser.add_argument("--only", nargs="+", default=[], metavar="NAME", help="build only these functions")
    parser.add_argument("--clean", action="store_true", help="remove previous outputs (of --only NAMEs) first")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="repository root (default: current directory)")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None, builder: Builder | None = None) -> int:
    args = parse_args(argv)
    started = time.monotonic()
    builder = builder or Builder(args.root.resolve())
    layout = builder.layout
    if not layout.src_dir.is_dir():
        message = f"no lambda_src/ under {layout.root}: run from the repository root or pass --root"
        print(f"lambda build: {message}", file=sys.stderr)
        return 2
    try:
        report = builder.build(only=args.only, clean=args.clean)
    except ValueError as err:
        print(f"lambda build: {err}", file=sys.stderr)
        return 2

    for note in report.notes:
        print(f"lambda build: note: {note}")
    width = max((len(result.name) for result in report.results), default=0)
    for result in report.results:
        print(format_result(result, width), flush=True)
    failed = [result for result in report.results if result.status == "failed"]
    for result in failed:
        print(f"\nerror: {result.error}", file=sys.stderr)

    counts = {status: sum(r.status == status for r in report.results) for status in ("built", "skipped", "failed")}
    manifest = layout.relative(report.manifest) if report.manifest else "-"
    print(
        f"lambda build: {counts['built']} built, {counts['skipped']} skipped, {counts['failed']} failed "
        f"in {time.monotonic() - started:.2f}s; manifest: {manifest}"
    )
    return 1 if failed else 0
