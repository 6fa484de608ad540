"""One Lambda sandbox: ``python -S -m apigwkit.local.worker <task root> [<runtime dir> ...]``, driven by ``lambdas``.

Standard library only: the interpreter starts without site-packages (``-S``), and this module puts the function's
task root first on ``sys.path`` and the runtime directories (the AWS SDK and host builds of native packages, see
``lambdas``) after it, as Lambda's Python runtime does with ``/var/task`` and ``/var/runtime``. Nothing of the tool's
virtualenv is importable by the handler unless ``lambdas`` put it in a runtime directory.

Protocol: the parent's stdin/stdout pipes carry frames (4-byte big-endian length + UTF-8 JSON). Before anything else
runs, the worker moves them to private descriptors and points fd 0 at /dev/null and fd 1 at stderr, so whatever the
handler prints (``print``, logging, Powertools' JSON lines, C extensions writing to fd 1) lands in the log stream and
can never corrupt a frame.

Frames from the worker: ``{"type": "ready"}`` or ``{"type": "init_error", "error": {...}}`` once, then one
``{"type": "result", "request_id", "status": "ok"|"error", "payload"|"error"}`` per ``{"type": "invoke",
"request_id", "event", "deadline_ms", "invoked_function_arn"}`` frame. EOF on the protocol pipe ends the worker.
"""

from __future__ import annotations

import decimal
import importlib
import json
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
    request_id = message["request_id"]
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
