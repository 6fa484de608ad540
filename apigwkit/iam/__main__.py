"""``python -m apigwkit.iam --write|--check``: the deploy roles' action lists (examples/github-oidc-deploy-role)."""

from __future__ import annotations

import argparse
import sys

from apigwkit.iam.permissions import PERMISSIONS_FILE, document


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m apigwkit.iam", description=__doc__)
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", action="store_true", help=f"write {PERMISSIONS_FILE.name}")
    mode.add_argument("--check", action="store_true", help=f"fail when {PERMISSIONS_FILE.name} is not up to date")
    args = parser.parse_args(argv)
    wanted = document()
    if args.write:
        PERMISSIONS_FILE.write_text(wanted)
        print(f"wrote {PERMISSIONS_FILE}")
        return 0
    if not PERMISSIONS_FILE.is_file() or PERMISSIONS_FILE.read_text() != wanted:
        print(f"{PERMISSIONS_FILE} is not up to date: run python -m apigwkit.iam --write", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
