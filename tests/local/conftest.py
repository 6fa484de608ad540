"""Puts this folder on sys.path so the local gateway's tests share ``gateway_testkit``; the browser fixture."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = str(Path(__file__).resolve().parent)
if HERE not in sys.path:
    sys.path.insert(0, HERE)


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium, started once for the test module that asks for it (browser_testkit.py)."""
    from browser_testkit import chromium

    with chromium() as started:
        yield started
