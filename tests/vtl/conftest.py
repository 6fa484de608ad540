"""Puts the sum Lambda's folder on sys.path (so tests `import sum` as Lambda does) and provides a Lambda context."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
SUM_FUNCTION_DIR = REPO_ROOT / "lambda_src" / "sum"
if str(SUM_FUNCTION_DIR) not in sys.path:
    sys.path.insert(0, str(SUM_FUNCTION_DIR))


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
