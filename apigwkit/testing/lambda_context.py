"""The ``context`` a Lambda handler receives, for handler tests (every ``lambda_src/*/tests`` and ``tests/vtl``).

Powertools' Logger (``inject_lambda_context``) reads these attributes from the runtime's real ``LambdaContext``;
each test folder's ``conftest.py`` names its function::

    @pytest.fixture
    def lambda_context() -> LambdaContext:
        return LambdaContext("hello")
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class LambdaContext:
    """A fixed invocation of ``function_name`` (version ``$LATEST``) in the test account."""

    function_name: str
    memory_limit_in_mb: int = 128
    aws_request_id: str = "52fdfc07-2182-154f-163f-5f0f9a621d72"
    region: str = "ap-northeast-2"
    account: str = "123456789012"
    remaining_ms: int = 3000
    function_version: str = "$LATEST"
    log_stream_name: str = "2026/11/24/[$LATEST]0123456789abcdef"

    @property
    def invoked_function_arn(self) -> str:
        return f"arn:aws:lambda:{self.region}:{self.account}:function:{self.function_name}"

    @property
    def log_group_name(self) -> str:
        return f"/aws/lambda/{self.function_name}"

    def get_remaining_time_in_millis(self) -> int:
        return self.remaining_ms
