"""Puts the function folder on sys.path so tests can `import sum` (as Lambda does), and provides a Lambda context."""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

FUNCTION_DIR = Path(__file__).resolve().parent.parent
if str(FUNCTION_DIR) not in sys.path:
    sys.path.insert(0, str(FUNCTION_DIR))


@dataclass
class FakeLambdaContext:
    """The attributes Powertools' Logger reads from the real LambdaContext."""

    function_name: str = "sum"
    function_version: str = "$LATEST"
    memory_limit_in_mb: int = 128
    invoked_function_arn: str = "arn:aws:lambda:ap-northeast-2:123456789012:function:sum"
    aws_request_id: str = "6f1d2c3b-4a5e-4f60-8a71-92b3c4d5e6f7"
    log_group_name: str = "/aws/lambda/sum"
    log_stream_name: str = "2026/11/24/[$LATEST]0123456789abcdef"

    def get_remaining_time_in_millis(self) -> int:
        return 3000


@pytest.fixture
def lambda_context() -> FakeLambdaContext:
    return FakeLambdaContext()


@pytest.fixture
def log_output() -> Iterator[io.StringIO]:
    """What the function's Powertools Logger writes, one JSON document per line."""
    import sum as sum_function

    handler = sum_function.logger.registered_handler
    buffer = io.StringIO()
    previous = handler.setStream(buffer)
    yield buffer
    handler.setStream(previous)
