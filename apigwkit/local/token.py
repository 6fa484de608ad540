"""Tokens of a running ``make run``'s local Cognito: ``make token EXAMPLE=<name> USER=<username>``.

``make run`` keeps moto (and so the example's user pools) inside its own process. While it serves, it writes a session
file, ``build/local/sessions/<example>.json``: its process id, moto's endpoint and the example's user pools with their
app clients (the state's ids and moto's). This command reads it and asks the running moto for a signed-in user's
tokens (``aws.TokenRoute``; the user is created when new), then prints the token alone, for
``TOKEN=$(make -s token EXAMPLE=http-api-jwt USER=kim@example.com)``.

``python -m apigwkit.local.token examples/<name> --user U [--scope S ...] [--id-token] [--pool ID] [--client ID]``
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import requests

DEFAULT_WORKDIR = Path("build/local")


def session_path(workdir: Path, example: Path) -> Path:
    return Path(workdir) / "sessions" / f"{Path(example).resolve().name}.json"


def write_session(path: Path, example: Path, aws: Any, endpoints: list[Any]) -> None:
    """What ``make token`` needs to reach this process's local Cognito (``aws``: the running LocalAws)."""
    session = {
        "example": str(Path(example).resolve()),
        "pid": os.getpid(),
        "moto": aws.endpoint,
        "endpoints": [endpoint.url for endpoint in endpoints],
        "pools": [
            {"id": pool.state_id, "local_id": pool.moto_id, "name": pool.name, "clients": dict(pool.clients)}
            for pool in aws.pools.values()
        ],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(session, indent=2) + "\n")


class TokenError(Exception):
    """Why no token can be printed, in one line."""


def process_alive(pid: int) -> bool:
    """Whether process ``pid`` still runs here (a ``make run`` that wrote a session or owns a workspace)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive
        return True
    return True


def read_session(path: Path, example: Path) -> dict[str, Any]:
    """The session of a ``make run`` of ``example`` that is still running."""
    try:
        session = json.loads(path.read_text())
        if not process_alive(int(session["pid"])):
            raise ProcessLookupError(session["pid"])
    except (OSError, ValueError, KeyError) as error:
        raise TokenError(
            f"no make run of {example} is running here (no live session in {path}); start it first: "
            f"make run EXAMPLE={Path(example).name}"
        ) from error
    return session


def pick(session: Mapping[str, Any], pool_id: str | None, client_id: str | None) -> tuple[str, str]:
    """(pool, client): the ones named, or the example's only pool and that pool's only client."""
    pools = list(session.get("pools") or [])
    if pool_id is not None:
        pools = [p for p in pools if pool_id in (p["id"], p["local_id"])]
    if len(pools) != 1:
        known = ", ".join(p["local_id"] for p in session.get("pools") or []) or "none"
        raise TokenError(
            f"the example has {'no such' if pool_id else len(pools)} user pools; name one with POOL=: {known}"
        )
    pool = pools[0]
    clients = {state: local for state, local in pool["clients"].items() if client_id in (None, state, local)}
    if len(clients) != 1:
        known = ", ".join(pool["clients"].values()) or "none"
        raise TokenError(
            f"user pool {pool['local_id']} has {len(clients)} matching app clients; name one with CLIENT=: {known}"
        )
    return pool["id"], next(iter(clients))


def issue(session: Mapping[str, Any], pool: str, client: str, username: str, scopes: list[str]) -> dict[str, Any]:
    answer = requests.post(
        str(session["moto"]) + "/_apigwkit/token",
        json={"pool": pool, "client": client, "username": username, "scopes": scopes},
        timeout=30,
    )
    if answer.status_code != 200:
        raise TokenError(answer.json().get("message") or answer.text)
    return answer.json()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m apigwkit.local.token", description=__doc__)
    parser.add_argument("example", type=Path, help="the example make run serves, e.g. examples/http-api-jwt")
    parser.add_argument("--user", required=True, help="the user's name (an e-mail for pools that sign in by e-mail)")
    parser.add_argument("--scope", action="append", default=[], help="an OAuth scope the app client allows")
    parser.add_argument("--id-token", action="store_true", help="print the ID token (its aud is the app client)")
    parser.add_argument("--pool", help="the user pool, when the example has several")
    parser.add_argument("--client", help="the app client, when the pool has several")
    parser.add_argument("--workdir", type=Path, default=DEFAULT_WORKDIR, help="make run's work directory")
    args = parser.parse_args(argv)
    try:
        session = read_session(session_path(args.workdir, args.example), args.example)
        pool, client = pick(session, args.pool, args.client)
        tokens = issue(session, pool, client, args.user, args.scope)
    except (TokenError, requests.RequestException) as error:
        print(f"make token: {error}", file=sys.stderr)
        return 2
    print(tokens["id_token" if args.id_token else "access_token"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
