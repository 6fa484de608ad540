"""pytest fixtures for Terraform tests (registered from ``tests/conftest.py``)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from apigwkit.engine.workspace import Workspace


@pytest.fixture(scope="session")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[str | Path], Workspace]]:
    """``workspace("examples/x")``: an initialised private copy, shared by the session's tests.

    Share it only for read-only use (validate, plan); a test that applies should use
    ``fresh_workspace`` so state from one test never leaks into another.
    """
    base = tmp_path_factory.mktemp("tf")
    cache: dict[str, Workspace] = {}

    def get(source: str | Path) -> Workspace:
        key = str(source)
        if key not in cache:
            cache[key] = Workspace(source, base=base)
            cache[key].init()
        return cache[key]

    yield get
    for ws in cache.values():
        ws.cleanup()


@pytest.fixture
def fresh_workspace(tmp_path: Path) -> Iterator[Callable[[str | Path], Workspace]]:
    """``fresh_workspace("tests/fixtures/x", **options)``: a private copy for this test alone (apply/destroy);
    ``options`` are ``Workspace``'s (``account_file``, ``account_preset``)."""
    made: list[Workspace] = []

    def get(source: str | Path, **options: Any) -> Workspace:
        ws = Workspace(source, base=tmp_path, **options)
        made.append(ws)
        return ws

    yield get
    for ws in made:
        ws.cleanup()
