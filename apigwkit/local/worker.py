"""One Lambda sandbox: ``python -S -m apigwkit.local.worker <task root> [<runtime dir> ...]``, driven by ``lambdas``.

Standard library only: the interpreter starts without site-packages (``-S``), and this module puts the function's
task root first on ``sys.path`` and the runtime directories (the AWS SDK and host builds of native packages, see
``lambdas``) after it, as Lambda's Python runtime does with ``/var/task`` and ``/var/runtime``. Nothing of the tool's
virtualenv is importable by the handler unless ``lambdas`` put it in a runtime directory.

Protocol: the parent's stdin/stdout pipes carry frames (4-byte big-endian length + UTF-8 JSON). Before anything else
runs, the worker moves them to private descriptors and points fd 0 at /dev/null and fd 1 at stderr, so whatever the
handler prints (``print``, logging, Powertools' JSON lines, C extensions writing to fd 1) lands in the log stream and
can never corrupt a frame.

Logging is set up as Lambda's Python runtime sets it up before it imports the handler: one handler on the root
logger, writing each record as a JSON line (the function's ``logging_config.log_format = "JSON"``, which the runtime
reads from ``AWS_LAMBDA_LOG_FORMAT``) or as Lambda's text line, at ``AWS_LAMBDA_LOG_LEVEL`` when set.

Frames from the worker: ``{"type": "ready"}`` or ``{"type": "init_error", "error": {...}}`` once, then one
``{"type": "result", "request_id", "status": "ok"|"error", "payload"|"error"}`` per ``{"type": "invoke",
"request_id", "event", "deadline_ms", "invoked_function_arn"}`` frame. EOF on the protocol pipe ends the worker.
"""

from __future__ import annotations

import datetime
import decimal
import importlib
import json
import logging
import os
import struct
import sys
import time
import traceback
from typing import Any

_HEADER = struct.Struct(">I")


# --- framing ----------------------------------------------------------------------------------------------------------


def read_frame(fd: int) -> dict[str, Any] | None:
    header = _read_exactly(fd, _HEADER.size)
    if header is None:
        return None
    (length,) = _HEADER.unpack(header)
    body = _read_exactly(fd, length)
    if body is None:
        return None
    return json.loads(body)


def _read_exactly(fd: int, size: int) -> bytes | None:
    chunks: list[bytes] = []
    remaining = size
    while remaining:
        chunk = os.read(fd, min(remaining, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


class Marshalled(str):
    """A value already encoded as JSON text: the frame embeds it as it is."""


def write_frame(fd: int, message: dict[str, Any]) -> None:
    payload = message.get("payload")
    if isinstance(payload, Marshalled):
        rest = json.dumps({k: v for k, v in message.items() if k != "payload"}, separators=(",", ":"))
        body = f'{rest[:-1]},"payload":{payload}}}'.encode()
    else:
        body = json.dumps(message, separators=(",", ":"), default=_lambda_json_default).encode()
    data = _HEADER.pack(len(body)) + body
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _lambda_json_default(value: Any) -> Any:
    # Lambda's Python runtime serialises Decimal (what boto3's DynamoDB resource returns for numbers) as a number.
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


# --- the context object -----------------------------------------------------------------------------------------------


class LambdaContext:
    """The attributes and method of the Python runtime's context object (what Powertools reads)."""

    def __init__(self, request_id: str, invoked_function_arn: str, deadline_ms: int) -> None:
        self.function_name = os.environ["AWS_LAMBDA_FUNCTION_NAME"]
        self.function_version = os.environ["AWS_LAMBDA_FUNCTION_VERSION"]
        self.invoked_function_arn = invoked_function_arn
        # The Python runtime passes the environment variable through: a string.
        self.memory_limit_in_mb = os.environ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"]
        self.aws_request_id = request_id
        self.log_group_name = os.environ["AWS_LAMBDA_LOG_GROUP_NAME"]
        self.log_stream_name = os.environ["AWS_LAMBDA_LOG_STREAM_NAME"]
        self.identity = None
        self.client_context = None
        self.tenant_id = None
        self._deadline_ms = deadline_ms

    def get_remaining_time_in_millis(self) -> int:
        return max(0, self._deadline_ms - int(time.time() * 1000))

    def __repr__(self) -> str:
        return (
            f"LambdaContext(function_name={self.function_name!r}, aws_request_id={self.aws_request_id!r}, "
            f"invoked_function_arn={self.invoked_function_arn!r})"
        )


# --- logs -------------------------------------------------------------------------------------------------------------

# Attributes every LogRecord has: anything else on a record came from ``extra`` and becomes a field of its JSON line.
_RECORD_ATTRIBUTES = frozenset(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "aws_request_id"}
_request_id = ""  # of the invocation running; the runtime's filter puts it on every record


class LambdaJsonFormatter(logging.Formatter):
    """A record as Lambda's JSON log format writes it: ``timestamp`` (UTC, milliseconds), ``level``, ``message``,
    ``logger``, ``requestId``, for an exception ``errorType``/``errorMessage``/``stackTrace``, and every ``extra`` key
    as a field of its own (awslambdaric's ``JsonFormatter``, ``lambda_runtime_log_utils.py``)."""

    def format(self, record: logging.LogRecord) -> str:
        created = datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC)
        fields: dict[str, Any] = {
            "timestamp": created.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z",
            "level": logging.getLevelName(min(50, record.levelno) // 10 * 10),
            "message": record.getMessage(),
            "logger": record.name,
            "requestId": getattr(record, "aws_request_id", None) or None,
        }
        if record.exc_info and record.exc_info[0] is not None:
            fields["errorType"] = record.exc_info[0].__name__
            fields["errorMessage"] = str(record.exc_info[1])
            fields["stackTrace"] = traceback.format_tb(record.exc_info[2])
        fields.update((k, v) for k, v in vars(record).items() if k not in _RECORD_ATTRIBUTES and k not in fields)
        return json.dumps({k: v for k, v in fields.items() if v is not None}, ensure_ascii=False, default=str)


def _with_request_id(record: logging.LogRecord) -> bool:
    record.aws_request_id = _request_id
    return True


def setup_logging(log_format: str, log_level: str) -> None:
    """The root logger's handler, as the runtime installs it: JSON or Lambda's text line, on stdout."""
    handler = logging.StreamHandler(sys.stdout)
    if log_format.upper() == "JSON":
        handler.setFormatter(LambdaJsonFormatter())
    else:
        handler.setFormatter(
            logging.Formatter(
                "[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s", "%Y-%m-%dT%H:%M:%S"
            )
        )
    handler.addFilter(_with_request_id)
    root = logging.getLogger()
    root.addHandler(handler)
    level = {"TRACE": "DEBUG"}.get(log_level.upper(), log_level.upper())
    if level in logging.getLevelNamesMapping():
        root.setLevel(level)


# --- errors in Lambda's shape -----------------------------------------------------------------------------------------


def error_shape(error_type: str, message: str, stack: list[str] | None = None) -> dict[str, Any]:
    return {"errorMessage": message, "errorType": error_type, "stackTrace": stack or []}


def exception_shape(err: BaseException, error_type: str | None = None) -> dict[str, Any]:
    stack = traceback.format_list(traceback.extract_tb(err.__traceback__))
    return error_shape(error_type or type(err).__name__, str(err), stack)


def log_error(shape: dict[str, Any], request_id: str | None = None) -> None:
    """What the Python runtime logs for an error: ``[ERROR] Type: message`` and the traceback."""
    prefix = f"[ERROR] {shape['errorType']}: {shape['errorMessage']}"
    trace = "".join(shape["stackTrace"])
    suffix = f"\nTraceback (most recent call last):\n{trace}" if trace else ""
    rid = f" RequestId: {request_id}" if request_id else ""
    print(f"{prefix}{rid}{suffix}", file=sys.stderr, flush=True)


# --- init and invoke --------------------------------------------------------------------------------------------------


def load_handler(spec: str) -> Any:
    """Import ``module.function`` (module may be dotted); raise _InitError in the runtime's words."""
    module_name, _, function_name = spec.rpartition(".")
    if not module_name or not function_name:
        raise _InitError(error_shape("Runtime.MalformedHandlerName", f"Bad handler '{spec}': not enough values"))
    try:
        module = importlib.import_module(module_name.replace("/", "."))
    except SyntaxError as err:
        raise _InitError(
            exception_shape(err, "Runtime.UserCodeSyntaxError")
            | {"errorMessage": f"Syntax error in module '{module_name}': {err}"}
        ) from None
    except ImportError as err:
        raise _InitError(
            exception_shape(err, "Runtime.ImportModuleError")
            | {"errorMessage": f"Unable to import module '{module_name}': {err}"}
        ) from None
    except Exception as err:  # an exception raised by module-level code: the runtime reports it as is
        raise _InitError(exception_shape(err)) from None
    handler = getattr(module, function_name, None)
    if handler is None:
        raise _InitError(
            error_shape("Runtime.HandlerNotFound", f"Handler '{function_name}' missing on module '{module_name}'")
        )
    return handler


class _InitError(Exception):
    def __init__(self, shape: dict[str, Any]) -> None:
        super().__init__(shape["errorMessage"])
        self.shape = shape


def invoke(handler: Any, message: dict[str, Any]) -> dict[str, Any]:
    global _request_id
    request_id = _request_id = message["request_id"]
    context = LambdaContext(request_id, message["invoked_function_arn"], message["deadline_ms"])
    # The runtime's own lines go out in one write each (START; END with REPORT): every write wakes the gateway.
    _log_lines(f"START RequestId: {request_id} Version: {context.function_version}")
    started = time.monotonic()
    try:
        result = handler(message["event"], context)
    except Exception as err:
        answer = _error_answer(request_id, exception_shape(err))
    else:
        try:
            # Marshalled here, so a value JSON cannot carry is reported the way Lambda reports it; the frame
            # carries this text as it is (see write_frame), so the payload is encoded once.
            payload = Marshalled(json.dumps(result, default=_lambda_json_default, separators=(",", ":")))
        except (TypeError, ValueError) as err:
            answer = _error_answer(
                request_id, error_shape("Runtime.MarshalError", f"Unable to marshal response: {err}")
            )
        else:
            answer = {"type": "result", "request_id": request_id, "status": "ok", "payload": payload}
    duration = (time.monotonic() - started) * 1000
    sys.stdout.flush()
    sys.stderr.flush()
    _log_lines(f"END RequestId: {request_id}", f"REPORT RequestId: {request_id}\tDuration: {duration:.2f} ms")
    return answer


def _log_lines(*lines: str) -> None:
    data = "".join(line + "\n" for line in lines).encode("utf-8", "backslashreplace")
    while data:
        data = data[os.write(2, data) :]


def _error_answer(request_id: str, shape: dict[str, Any]) -> dict[str, Any]:
    log_error(shape, request_id)
    return {"type": "result", "request_id": request_id, "status": "error", "error": shape}


def _isolate_protocol() -> tuple[int, int]:
    """Move the protocol pipes off fds 0/1; fd 0 becomes /dev/null and fd 1 a copy of stderr."""
    proto_in = os.dup(0)
    proto_out = os.dup(1)
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    os.dup2(2, 1)
    for fd in (proto_in, proto_out):
        os.set_inheritable(fd, False)  # a subprocess the handler starts must not hold the protocol pipes
    return proto_in, proto_out


def _set_path(task_root: str, runtime_dirs: list[str]) -> None:
    """``[task root, runtime dirs..., standard library]``: what ``-m`` and PYTHONPATH added to find us is dropped."""
    package_root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    dropped = {package_root, os.getcwd(), ""}
    stdlib = [p for p in sys.path if (os.path.abspath(p) if p else "") not in dropped]
    sys.path[:] = [task_root, *runtime_dirs, *stdlib]
    # apigwkit is no business of the handler's (and must not shadow or satisfy any of its imports).
    for name in [m for m in sys.modules if m == "apigwkit" or m.startswith("apigwkit.")]:
        del sys.modules[name]


def main(argv: list[str]) -> int:
    proto_in, proto_out = _isolate_protocol()
    sys.stdout = os.fdopen(1, "w", buffering=1, encoding="utf-8", errors="backslashreplace", closefd=False)
    task_root, *runtime_dirs = argv
    _set_path(task_root, runtime_dirs)
    os.environ.pop("PYTHONPATH", None)
    os.chdir(task_root)
    setup_logging(os.environ.get("AWS_LAMBDA_LOG_FORMAT", ""), os.environ.get("AWS_LAMBDA_LOG_LEVEL", ""))
    try:
        handler = load_handler(os.environ["_HANDLER"])
    except _InitError as err:
        log_error(err.shape)
        write_frame(proto_out, {"type": "init_error", "error": err.shape})
        return 1
    write_frame(proto_out, {"type": "ready"})
    while (message := read_frame(proto_in)) is not None:
        write_frame(proto_out, invoke(handler, message))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
