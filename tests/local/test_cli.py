"""``python -m apigwkit.local`` (what ``make run`` calls): what it says when it cannot start."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time

import pytest

from apigwkit.engine.workspace import REPO_ROOT
from apigwkit.local.__main__ import main


def test_a_taken_port_is_one_clear_line_and_exit_1_before_anything_is_applied(
    tmp_path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.chdir(tmp_path)  # the gateway's workdir (build/local) would appear here had it applied anything
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        started = time.monotonic()
        code = main([str(REPO_ROOT / "examples/http-api-lambda"), "--port", str(port)])
        elapsed = time.monotonic() - started
    out, err = capsys.readouterr()
    assert code == 1
    assert err.splitlines() == [
        f"make run: port {port} on 127.0.0.1 is already in use (Address already in use); stop what holds it "
        f"(another make run?) or pick another port: make run EXAMPLE=… PORT={port + 10}"
    ]
    assert out == ""
    assert elapsed < 2 and not (tmp_path / "build").exists()  # the apply (seconds) never started


def test_a_new_run_removes_the_workspaces_of_runs_killed_with_sigkill_and_keeps_live_ones(
    tmp_path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
):
    # a process that lives until killed: it waits on its own stdin, which nothing writes to
    killed = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE)
    killed.send_signal(signal.SIGKILL)
    killed.wait()
    killed.stdin.close()
    repo = tmp_path / "repo"
    (repo / "modules").mkdir(parents=True)
    workspaces = tmp_path / "build/local/workspaces"
    dead, live, legacy = (workspaces / f"pid-{killed.pid}", workspaces / f"pid-{os.getpid()}", workspaces / "tfws-old")
    for owner in (dead, live, legacy):
        (owner / "tfws-x").mkdir(parents=True)
        (owner / "tfws-x" / "modules").symlink_to(repo / "modules")  # as a mirrored workspace links the repo
    sessions = tmp_path / "build/local/sessions"
    sessions.mkdir(parents=True)
    (sessions / "http-api-lambda.json").write_text(json.dumps({"pid": killed.pid}))  # the killed run's, stale
    monkeypatch.chdir(tmp_path)
    with socket.socket() as holder:  # a taken port: main stops right after the sweep, before applying anything
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        assert main([str(REPO_ROOT / "examples/http-api-lambda"), "--port", str(holder.getsockname()[1])]) == 1
    capsys.readouterr()
    assert sorted(p.name for p in workspaces.iterdir()) == [live.name]
    assert (live / "tfws-x" / "modules").is_symlink() and (repo / "modules").is_dir()  # links removed, not targets
