"""AWS API errors as the real provider reports them.

The real provider wraps an AWS SDK error in its own words: ``creating API Gateway Method:
operation error API Gateway: PutMethod, https response error StatusCode: 409, RequestID: …,
ConflictException: Method already exists for this resource``. One ``AwsError`` per refusal keeps
that shape in one place (moto's ``exceptions.py``, one class per error code, is the model).
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class AwsError:
    """An AWS API error: which service and operation answered it, the HTTP status, the code and the message.

    ``message`` may name values of the object being applied (``{route_key}``) and ``{arn}``-style
    values the rule supplies.
    """

    service: str
    operation: str
    status: int
    code: str
    message: str

    def render(self, values: dict[str, Any]) -> str:
        class _Keep(dict):
            def __missing__(self, key: str) -> str:
                return "{" + key + "}"

        text = self.message.format_map(_Keep({k: v for k, v in values.items() if isinstance(v, str | int | float)}))
        request_id = uuid.UUID(bytes=hashlib.sha256(f"{self.operation}:{text}".encode()).digest()[:16], version=4)
        return (
            f"operation error {self.service}: {self.operation}, https response error StatusCode: {self.status}, "
            f"RequestID: {request_id}, {self.code}: {text}"
        )


class Refused(Exception):
    """AWS refused a call: ``summary`` is the provider's whole error line."""

    def __init__(self, summary: str, source: str) -> None:
        super().__init__(summary)
        self.summary = summary
        self.source = source
