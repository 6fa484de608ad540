"""Headless Chromium for the local gateway's browser tests: Debian's ``chromium`` (``make setup`` installs it), driven
by Playwright through the DevTools protocol with ``executable_path`` (Playwright downloads no browser). The tests that
use it load the demo client (apigwkit/local/demo) that ``make run`` serves from another origin on 127.0.0.1."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from apigwkit.engine.workspace import REPO_ROOT

# The flags that work on these machines (no sandbox as root, no GPU, nothing fetched from the network); Playwright adds
# --headless and a fresh profile in a temporary --user-data-dir of its own.
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = REPO_ROOT / "build" / "browser"
TIMEOUT_MS = 30_000


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless Chromium (a Playwright ``Browser``). Without chromium the browser tests fail, saying so: a skip would
    count as proof what no browser has shown."""
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("Debian's chromium is not installed: make setup installs it (apt-get install -y chromium as root)")
    from playwright.sync_api import sync_playwright

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()


def open_demo(browser: Any, url: str, context: Any = None) -> Any:
    """A new tab on the demo client at ``url``, once its configuration has loaded."""
    page = (context or browser).new_page()
    page.goto(url)
    page.wait_for_selector("body[data-ready=true]", timeout=TIMEOUT_MS)
    return page
