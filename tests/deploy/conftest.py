from __future__ import annotations

import pytest

from apigwkit import deploy
from apigwkit.engine.attach import harness


@pytest.fixture
def attached(monkeypatch):
    """The deploy steps' Terraform commands run in the harness's resident engine, applying to the workspace's
    account, instead of starting the engine and the double per command: the same engine and provider, faster."""

    def use(ws):
        def run(args, cwd, **options):
            assert not options, f"a deploy step ran Terraform with {options}"
            return harness().run(list(args), cwd, ws.account)

        monkeypatch.setattr(deploy, "run_terraform", run)
        return ws

    return use
