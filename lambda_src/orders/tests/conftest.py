"""Puts the function folder on sys.path so tests can `import orders`, and provides a Lambda context."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from apigwkit.testing.lambda_context import LambdaContext

FUNCTION_DIR = Path(__file__).resolve().parent.parent
# the function's folder, and its shared package lambda_log (lambda_src/_shared, vendored into the zip)
for folder in (FUNCTION_DIR.parent / "_shared", FUNCTION_DIR):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))


@pytest.fixture
def lambda_context() -> LambdaContext:
    return LambdaContext("orders")
