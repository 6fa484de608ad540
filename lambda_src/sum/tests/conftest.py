"""Puts the function folder on sys.path so tests can `import sum` (as Lambda does), and provides a Lambda context."""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from apigwkit.testing.lambda_context import LambdaContext
from apigwkit.testing.lambda_logs import captured_logs

FUNCTION_DIR = Path(__file__).resolve().parent.parent
if str(FUNCTION_DIR) not in sys.path:
    sys.path.insert(0, str(FUNCTION_DIR))


@pytest.fixture
def lambda_context() -> LambdaContext:
    return LambdaContext("sum", aws_request_id="6f1d2c3b-4a5e-4f60-8a71-92b3c4d5e6f7")


@pytest.fixture
def log_output() -> Iterator[io.StringIO]:
    """What the function logs, one JSON document per line as Lambda's JSON log format writes it."""
    with captured_logs() as buffer:
        yield buffer
