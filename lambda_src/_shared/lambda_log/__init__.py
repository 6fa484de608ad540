"""A function's log: the standard library's logger, with fields added to every record of the running invocation.

Not Powertools' Logger: Lambda's Python runtime has imported ``logging`` before it imports the handler and, with the
function's JSON log format (``modules/lambda_function``), writes each record as a JSON line with its ``extra`` keys
as fields (``timestamp``, ``level``, ``message``, ``logger``, ``requestId``, ...), which is what the Logger was used
for; the Logger costs its import at every cold start (issue 22). hello and sum do without even this module.
"""

from __future__ import annotations

import logging


class FunctionLog:
    """``log.logger`` at INFO (the function's application log level filters further); ``log.start(event)`` at the top
    of each invocation; ``log.fields.update(...)`` for what every later record of the invocation should carry."""

    def __init__(self, name: str) -> None:
        self.logger = logging.getLogger(name)
        self.logger.setLevel(logging.INFO)
        self.fields: dict[str, object] = {}
        self.logger.addFilter(self._with_fields)

    def start(self, event: object) -> None:
        """Forget the last invocation's fields; carry API Gateway's request id, which ties the records to the API's
        access log, as ``correlation_id``."""
        self.fields.clear()
        self.fields["correlation_id"] = correlation_id(event)

    def _with_fields(self, record: logging.LogRecord) -> bool:
        for key, value in self.fields.items():
            if value is not None:
                record.__dict__.setdefault(key, value)
        return True


def correlation_id(event: object) -> str | None:
    """``requestContext.requestId`` of an API Gateway event, or None."""
    context = event.get("requestContext") if isinstance(event, dict) else None
    request_id = context.get("requestId") if isinstance(context, dict) else None
    return request_id if isinstance(request_id, str) else None
