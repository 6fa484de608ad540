"""Puts the sum Lambda's folder on sys.path (so tests `import sum` as Lambda does) and provides a Lambda context."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from apigwkit.testing.lambda_context import LambdaContext

REPO_ROOT = Path(__file__).resolve().parents[2]
SUM_FUNCTION_DIR = REPO_ROOT / "lambda_src" / "sum"
if str(SUM_FUNCTION_DIR) not in sys.path:
    sys.path.insert(0, str(SUM_FUNCTION_DIR))


@pytest.fixture
def lambda_context() -> LambdaContext:
    return LambdaContext("sum", aws_request_id="6f1d2c3b-4a5e-4f60-8a71-92b3c4d5e6f7")
