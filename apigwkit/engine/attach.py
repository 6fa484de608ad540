"""The harness's Terraform: resident engines attached to provider doubles served from this process.

`.venv/bin/terraform` (a user's command) starts the engine and the provider double afresh for every
command. The harness (tests, `make validate`, the policy gate, `make run`) runs many commands, so it
keeps *lanes*: a provider double served in this process (``AttachedServer``) and a resident engine
(``ResidentEngine``) whose ``TF_REATTACH_PROVIDERS`` names it. A command takes a free lane, is served
the account model its caller names, and leaves the lane to the next one. One lane per concurrent
caller: commands of one lane run one at a time.
"""

from __future__ import annotations

import atexit
import queue
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from apigwkit.engine.launcher import engine_home
from apigwkit.engine.resident import ResidentEngine
from apigwkit.provider_double.account import Account
from apigwkit.provider_double.server import AttachedServer


def schema_dir(prefix: str | None = None) -> Path:
    """Where `make setup` put the double's schema (recorded by ``apigwkit.engine.install``)."""
    recorded = engine_home(prefix) / "provider-schema-dir"
    if not recorded.is_file():
        raise SystemExit(f"{recorded} is missing: run `make setup`")
    return Path(recorded.read_text().strip())


class Lane:
    """One provider double and the resident engine attached to it."""

    def __init__(self) -> None:
        self.server = AttachedServer(schema_dir(sys.prefix))
        self.engine = ResidentEngine(self.server.reattach_environment())

    def close(self) -> None:
        self.engine.close()
        self.server.close()


class Harness:
    """The lanes of this process (created as concurrent callers need them)."""

    def __init__(self) -> None:
        self._free: queue.SimpleQueue[Lane] = queue.SimpleQueue()
        self._lanes: list[Lane] = []
        self._lock = threading.Lock()

    @contextmanager
    def _lane(self) -> Iterator[Lane]:
        try:
            lane = self._free.get_nowait()
        except queue.Empty:
            lane = Lane()
            with self._lock:
                self._lanes.append(lane)
        try:
            yield lane
        finally:
            self._free.put(lane)

    def run(self, args: list[str], cwd: Path, account: Account) -> subprocess.CompletedProcess:
        """``terraform ARGS`` in ``cwd``; its applies act on ``account``."""
        with self._lane() as lane, lane.server.serving(account):
            return lane.engine.run(args, cwd)

    @contextmanager
    def attached(self, account: Account) -> Iterator[dict[str, str]]:
        """The environment under which a one-off `.venv/bin/terraform` reaches a double serving ``account``
        (for a command the resident engine cannot run: one reading stdin)."""
        with self._lane() as lane, lane.server.serving(account):
            yield lane.server.reattach_environment()

    def close(self) -> None:
        with self._lock:
            lanes, self._lanes = self._lanes, []
        for lane in lanes:
            lane.close()


_harness: Harness | None = None
_harness_lock = threading.Lock()


def harness() -> Harness:
    """This process's harness (closed when the process exits)."""
    global _harness
    with _harness_lock:
        if _harness is None:
            _harness = Harness()
            atexit.register(_harness.close)
        return _harness
