"""Puts the function folder on sys.path so tests can `import presign`, and provides a Lambda context."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from apigwkit.testing.lambda_context import LambdaContext

FUNCTION_DIR = Path(__file__).resolve().parent.parent
if str(FUNCTION_DIR) not in sys.path:
    sys.path.insert(0, str(FUNCTION_DIR))


@pytest.fixture
def lambda_context() -> LambdaContext:
    return LambdaContext("presign")
