"""What a handler logs, as Lambda's JSON log format writes it, for handler tests.

The handlers log with the standard library's ``logging``; in Lambda (``logging_config.log_format = "JSON"``) the
Python runtime's root handler writes each record as a JSON line, ``extra`` keys as fields. ``captured_logs()`` puts
the local runtime's copy of that formatter (``apigwkit.local.worker.LambdaJsonFormatter``) on the root logger::

    @pytest.fixture
    def log_output() -> Iterator[io.StringIO]:
        with captured_logs() as buffer:
            yield buffer

    records = log_records(log_output)   # [{"level": "INFO", "message": "greeting", "logger": "hello", ...}]
"""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from apigwkit.local.worker import LambdaJsonFormatter


@contextmanager
def captured_logs() -> Iterator[io.StringIO]:
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setFormatter(LambdaJsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield buffer
    finally:
        root.removeHandler(handler)


def log_records(buffer: io.StringIO) -> list[dict[str, Any]]:
    """The JSON lines written into ``buffer``."""
    return [json.loads(line) for line in buffer.getvalue().splitlines()]
