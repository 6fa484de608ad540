"""``python -m apigwkit.local examples/<name> [--port 8080] [--var name=value]`` (what ``make run`` calls)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from apigwkit.local.server import LocalGateway, PortInUseError, bind_warning, parse_variables, serve_forever


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m apigwkit.local", description=__doc__)
    parser.add_argument("example", type=Path, help="the example directory, e.g. examples/http-api-lambda")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080, help="port of the first API (the next ones count up)")
    parser.add_argument("--var", action="append", default=[], help="a Terraform variable, name=value (repeatable)")
    args = parser.parse_args(argv)
    warning = bind_warning(args.host)
    if warning:
        print(warning, file=sys.stderr)
    if not (args.example / "main.tf").is_file():
        examples = sorted(p.name for p in Path("examples").iterdir() if (p / "main.tf").is_file())
        print(f"{args.example} is not an example; examples: {', '.join(examples)}", file=sys.stderr)
        return 2
    gateway = LocalGateway(args.example, host=args.host, port=args.port, variables=parse_variables(args.var))
    try:
        return asyncio.run(serve_forever(gateway))
    except KeyboardInterrupt:
        return 0
    except PortInUseError as error:
        print(f"make run: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
