"""``python -m apigwkit.local`` (what ``make run`` calls): what it says when it cannot start."""

from __future__ import annotations

import socket
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
