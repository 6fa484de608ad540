"""Puts the function folder on sys.path so tests can `import orders`, and provides a Lambda context."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

FUNCTION_DIR = Path(__file__).resolve().parent.parent
if str(FUNCTION_DIR) not in sys.path:
    sys.path.insert(0, str(FUNCTION_DIR))


@dataclass
class FakeLambdaContext:
    """The attributes Powertools' Logger reads from the real LambdaContext."""

    function_name: str = "orders"
    function_version: str = "$LATEST"
    memory_limit_in_mb: int = 128
    invoked_function_arn: str = "arn:aws:lambda:ap-northeast-2:123456789012:function:orders"
    aws_request_id: str = "52fdfc07-2182-154f-163f-5f0f9a621d72"
    log_group_name: str = "/aws/lambda/orders"
    log_stream_name: str = "2026/11/24/[$LATEST]0123456789abcdef"

    def get_remaining_time_in_millis(self) -> int:
        return 3000


@pytest.fixture
def lambda_context() -> FakeLambdaContext:
    return FakeLambdaContext()
