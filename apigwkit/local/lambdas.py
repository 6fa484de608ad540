"""The local Lambda runtime: functions run from their built zips in warm worker processes.

``LambdaRuntime.invoke(ref, event)`` is what the gateways call. Each function gets a pool of workers
(``apigwkit.local.worker``), one per concurrent execution, reused across invocations like Lambda's sandboxes: a
module-level cache or a boto3 client made at import time survives from one call to the next. The pool grows to
``max_concurrency``; a further invocation waits for a free worker. A worker that outlives the function's timeout is
killed (Lambda discards the sandbox) and the invocation reports ``timeout``; the next one starts a new worker.

Packages are prepared by ``apigwkit.local.packages`` (extraction, and the host fallback for foreign native code).
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import dataclasses
import json
import os
import re
import signal
import struct
import sys
import time
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from apigwkit.local.packages import Package, prepare_package

DEFAULT_TIMEOUT_SECONDS = 3  # aws_lambda_function's defaults
DEFAULT_MEMORY_MB = 128
# Lambda gives a function's init phase (imports, module-level code) 10 seconds of its own.
INIT_TIMEOUT_SECONDS = 10.0

_FUNCTION_ARN = re.compile(
    r"^arn:(?P<partition>aws[a-z-]*):lambda:(?P<region>[a-z0-9-]+):(?P<account>\d{12}):function:"
    r"(?P<name>[A-Za-z0-9_-]+)(?::(?P<qualifier>[A-Za-z0-9$_-]+))?$"
)
_INVOKE_URI = re.compile(
    r"^arn:aws[a-z-]*:apigateway:[a-z0-9-]+:lambda:path/2015-03-31/functions/(?P<function>arn:[^/]+)/invocations$"
)

LogSink = Callable[[str], None]


# --- functions --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FunctionSpec:
    """What the runtime needs of one ``aws_lambda_function``."""

    name: str
    arn: str
    invoke_arn: str
    handler: str
    filename: Path
    source_code_hash: str
    environment: Mapping[str, str]
    timeout: int
    memory_size: int
    runtime: str
    architecture: str
    log_group: str = ""  # "" -> /aws/lambda/<name>, Lambda's default
    log_format: str = "Text"  # logging_config: how the runtime writes the handler's log records
    log_level: str = ""  # logging_config.application_log_level ("" unless set)
    version: str = "$LATEST"  # a published version runs the code and configuration it was published with

    @classmethod
    def from_state(cls, values: Mapping[str, Any], base_dir: Path) -> FunctionSpec:
        """From the values of an ``aws_lambda_function`` in ``terraform show -json``.

        ``base_dir`` is the directory Terraform ran in: a relative ``filename`` is relative to it.
        """
        name = str(values.get("function_name") or "")
        if not values.get("filename"):
            source = "image_uri" if values.get("image_uri") else "s3_bucket/s3_key"
            raise ValueError(
                f"Lambda function {name!r}: only packages from a local zip (filename) run locally; it uses {source}"
            )
        filename = Path(str(values["filename"]))
        filename = filename if filename.is_absolute() else (Path(base_dir) / filename)
        environment_blocks = values.get("environment") or []
        variables = (environment_blocks[0] or {}).get("variables") if environment_blocks else None
        logging_config = (values.get("logging_config") or [{}])[0] or {}
        return cls(
            name=name,
            arn=str(values["arn"]),
            invoke_arn=str(values.get("invoke_arn") or ""),
            handler=str(values["handler"]),
            filename=filename.resolve(),
            source_code_hash=str(values.get("source_code_hash") or ""),
            environment={str(k): str(v) for k, v in (variables or {}).items()},
            timeout=int(values.get("timeout") or DEFAULT_TIMEOUT_SECONDS),
            memory_size=int(values.get("memory_size") or DEFAULT_MEMORY_MB),
            runtime=str(values.get("runtime") or ""),
            architecture=str((values.get("architectures") or ["x86_64"])[0]),
            log_group=str(logging_config.get("log_group") or ""),
            log_format=str(logging_config.get("log_format") or "Text"),
            log_level=str(logging_config.get("application_log_level") or ""),
        )

    def with_environment(self, environment: Mapping[str, str]) -> FunctionSpec:
        return dataclasses.replace(self, environment=dict(environment))

    @property
    def key(self) -> str:
        """What the runtime keeps workers by: each published version runs in sandboxes of its own."""
        return self.name if self.version == "$LATEST" else f"{self.name}:{self.version}"

    @property
    def region(self) -> str:
        match = _FUNCTION_ARN.match(self.arn)
        return match["region"] if match else "us-east-1"

    @property
    def log_group_name(self) -> str:
        return self.log_group or f"/aws/lambda/{self.name}"


class UnknownFunctionError(KeyError):
    """A reference that names none of the runtime's functions."""

    def __str__(self) -> str:  # KeyError would print the message quoted
        return str(self.args[0])


@dataclass(frozen=True)
class Invocation:
    """The outcome of one invocation, as Lambda reports it."""

    status: Literal["ok", "error", "timeout"]
    payload: Any  # the handler's return value, JSON-decoded (None unless status == "ok")
    error: dict[str, Any] | None  # {errorMessage, errorType, stackTrace} unless status == "ok"
    duration_ms: float
    request_id: str


# --- workers ----------------------------------------------------------------------------------------------------------

_FRAME = struct.Struct(">I")


class _WorkerGone(Exception):
    def __init__(self, returncode: int | None) -> None:
        super().__init__(f"worker exited ({returncode})")
        self.returncode = returncode


class _Worker:
    """One sandbox: a ``python -S -m apigwkit.local.worker`` process and its log forwarding."""

    def __init__(
        self, spec: FunctionSpec, package: Package, env: dict[str, str], log: LogSink, generation: int = 0
    ) -> None:
        self.spec, self.package, self.env, self.log = spec, package, env, log
        self.generation = generation  # the pool's generation when it started: a reload retires older workers
        self.process: asyncio.subprocess.Process | None = None
        self._log_task: asyncio.Task[None] | None = None

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.returncode is None

    async def start(self) -> dict[str, Any] | None:
        """Spawn and wait for the handler's import; None when ready, else the init error's shape."""
        package_root = str(Path(__file__).resolve().parents[2])
        self.process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-S",
            "-m",
            "apigwkit.local.worker",
            str(self.package.task_root),
            str(self.package.runtime_dir),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            cwd=str(self.package.task_root),
            env={**self.env, "PYTHONPATH": package_root},
            start_new_session=True,  # Ctrl-C reaches the gateway only, which then closes its workers
        )
        self._log_task = asyncio.create_task(self._forward_logs())
        try:
            frame = await asyncio.wait_for(self._read(), INIT_TIMEOUT_SECONDS)
        except TimeoutError:
            await self.kill()
            raise
        if frame.get("type") == "init_error":
            await self.kill()
            return frame["error"]
        return None

    async def call(self, message: dict[str, Any], timeout: float) -> dict[str, Any]:
        assert self.process is not None and self.process.stdin is not None
        body = json.dumps(message, separators=(",", ":")).encode()
        try:
            self.process.stdin.write(_FRAME.pack(len(body)) + body)
            await self.process.stdin.drain()
        except (BrokenPipeError, ConnectionResetError):
            raise _WorkerGone(await self.process.wait()) from None
        return await asyncio.wait_for(self._read(), timeout)

    async def _read(self) -> dict[str, Any]:
        assert self.process is not None and self.process.stdout is not None
        try:
            (length,) = _FRAME.unpack(await self.process.stdout.readexactly(_FRAME.size))
            return json.loads(await self.process.stdout.readexactly(length))
        except asyncio.IncompleteReadError:
            raise _WorkerGone(await self.process.wait()) from None

    async def _forward_logs(self) -> None:
        assert self.process is not None and self.process.stderr is not None
        prefix, pending = f"[{self.spec.name}] ", b""
        while chunk := await self.process.stderr.read(1 << 16):
            *lines, pending = (pending + chunk).split(b"\n")
            for line in lines:
                self.log(prefix + line.decode("utf-8", "backslashreplace").rstrip("\r"))
        if pending:
            self.log(prefix + pending.decode("utf-8", "backslashreplace"))

    async def kill(self) -> None:
        if self.process is None:
            return
        if self.process.returncode is None:
            # The worker leads its own process group: whatever the handler started goes with it.
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.process.pid, signal.SIGKILL)
            with contextlib.suppress(ProcessLookupError):
                self.process.kill()
        await self.process.wait()
        if self._log_task is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._log_task, 2)


class _Pool:
    """The workers of one function: at most ``size``, idle ones reused first."""

    def __init__(self, size: int) -> None:
        self.slots = asyncio.Semaphore(size)
        self.idle: list[_Worker] = []
        self.all: set[_Worker] = set()
        self.package: Package | None = None
        self.preparing = asyncio.Lock()
        self.generation = 0  # bumped by LambdaRuntime.reload


def _stderr_sink(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


# --- the runtime ------------------------------------------------------------------------------------------------------


class LambdaRuntime:
    """Runs ``functions`` locally; ``await invoke(ref, event)`` from the gateways' handlers."""

    def __init__(
        self,
        functions: Iterable[FunctionSpec],
        workdir: Path,
        extra_env: Mapping[str, str] | None = None,
        max_concurrency: int = 4,
        *,
        log: LogSink | None = None,
        versions: Callable[[FunctionSpec, str], FunctionSpec | None] | None = None,
        credentials: Callable[[str], Mapping[str, str]] | None = None,
    ) -> None:
        """``versions(spec, qualifier)``: the published version a qualified reference runs (an alias's choice, see
        ``apigwkit.local.aliases``), or None to run ``spec``, the function as the state has it."""
        if max_concurrency < 1:
            raise ValueError(f"max_concurrency must be at least 1, found {max_concurrency}")
        self.functions: dict[str, FunctionSpec] = {}
        for spec in functions:
            if spec.name in self.functions:
                raise ValueError(f"two Lambda functions are named {spec.name!r}")
            self.functions[spec.name] = spec
        self.workdir = Path(workdir).resolve()  # workers chdir into their package
        self.extra_env = dict(extra_env or {})
        self.max_concurrency = max_concurrency
        self.log = log if log is not None else _stderr_sink
        self.versions = versions
        self.credentials = credentials  # function name -> its AWS_* credentials variables (its own identity)
        self._pools: dict[str, _Pool] = {}
        self._closed = False

    # -- lifecycle

    async def start(self) -> None:
        """Extract every package now (so a missing zip fails at start-up, and the first request is not slower)."""
        for spec in self.functions.values():
            await self._package(spec)

    async def close(self) -> None:
        """Kill every worker, busy or idle."""
        self._closed = True
        workers = [w for pool in self._pools.values() for w in pool.all]
        await asyncio.gather(*(w.kill() for w in workers), return_exceptions=True)
        for pool in self._pools.values():
            pool.idle.clear()
            pool.all.clear()

    async def __aenter__(self) -> LambdaRuntime:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def reload(self, name: str) -> None:
        """Serve function ``name`` from its zip as the zip is now (hot reload after a rebuild), its ``$LATEST`` and
        the published versions aliases run alike: the package is prepared again at the next invocation; idle workers
        end now, busy ones once they have answered (an invocation under way finishes with the code it started with).
        On AWS a published version's code never changes; locally the edit is what the developer wants to run."""
        pools = [pool for key, pool in self._pools.items() if key == name or key.startswith(f"{name}:")]
        retired: list[_Worker] = []
        for pool in pools:
            async with pool.preparing:
                pool.package = None
                pool.generation += 1
                retired.extend(pool.idle)
                pool.idle = []
            for worker in retired:
                pool.all.discard(worker)
        await asyncio.gather(*(worker.kill() for worker in retired), return_exceptions=True)

    # -- references

    def resolve(self, ref: str) -> FunctionSpec:
        """The function a name, function ARN (``:qualifier`` allowed), invoke ARN or integration URI names."""
        return self._resolve(ref)[0]

    def _resolve(self, ref: str) -> tuple[FunctionSpec, str]:
        """The function and the ARN it is invoked by (what ``context.invoked_function_arn`` says)."""
        original = ref
        uri = _INVOKE_URI.match(ref)
        if uri:
            ref = uri["function"]
        arn = _FUNCTION_ARN.match(ref)
        if arn:
            unqualified = ref.rsplit(":", 1)[0] if arn["qualifier"] else ref
            spec = self.functions.get(arn["name"])
            if spec is not None and spec.arn == unqualified:
                published = self.versions(spec, arn["qualifier"]) if arn["qualifier"] and self.versions else None
                return published or spec, ref
        elif not uri and ref in self.functions:
            spec = self.functions[ref]
            return spec, spec.arn
        known = ", ".join(sorted(self.functions)) or "none"
        raise UnknownFunctionError(
            f"no Lambda function for {original!r}: expected a function name, a function ARN or an API Gateway "
            f"integration URI (arn:aws:apigateway:<region>:lambda:path/2015-03-31/functions/<function arn>"
            f"/invocations) of one of the deployed functions: {known}"
        )

    # -- invocation

    async def invoke(self, ref: str, event: Any) -> Invocation:
        """Run the function ``ref`` names with ``event``; never raises for the function's own failures."""
        spec, invoked_arn = self._resolve(ref)
        if self._closed:
            raise RuntimeError("the Lambda runtime is closed")
        request_id = str(uuid.uuid4())
        pool = self._pool(spec)
        package, generation = await self._package(spec), pool.generation
        async with pool.slots:
            worker = pool.idle.pop() if pool.idle else None
            started = time.monotonic()
            if worker is None or not worker.alive:
                worker = _Worker(spec, package, self._environment(spec, package), self.log, generation)
                pool.all.add(worker)
                try:
                    init_error = await worker.start()
                except TimeoutError:
                    pool.all.discard(worker)
                    return self._timed_out(spec, request_id, started, INIT_TIMEOUT_SECONDS, "init")
                except _WorkerGone as gone:
                    pool.all.discard(worker)
                    return self._exited(spec, request_id, started, gone.returncode)
                except BaseException:  # cancelled while starting (e.g. the gateway's integration timeout)
                    pool.all.discard(worker)
                    await asyncio.shield(worker.kill())
                    raise
                if init_error is not None:
                    pool.all.discard(worker)
                    return Invocation("error", None, init_error, _ms(started), request_id)
            return await self._call(pool, worker, spec, invoked_arn, request_id, event)

    async def _call(
        self, pool: _Pool, worker: _Worker, spec: FunctionSpec, invoked_arn: str, request_id: str, event: Any
    ) -> Invocation:
        started = time.monotonic()
        message = {
            "type": "invoke",
            "request_id": request_id,
            "event": event,
            "deadline_ms": int(time.time() * 1000) + spec.timeout * 1000,
            "invoked_function_arn": invoked_arn,
        }
        reusable = False
        try:
            frame = await worker.call(message, spec.timeout)
            reusable = True
        except TimeoutError:
            self.log(f"[{spec.name}] {request_id} Task timed out after {spec.timeout:.2f} seconds")
            return self._timed_out(spec, request_id, started, spec.timeout, "invoke")
        except _WorkerGone as gone:
            return self._exited(spec, request_id, started, gone.returncode)
        finally:
            if reusable and not self._closed and worker.generation == pool.generation:
                pool.idle.append(worker)
            else:  # timed out, died, or cancelled mid-call (its answer would be read by the next caller): discard
                pool.all.discard(worker)
                await asyncio.shield(worker.kill())
        if frame.get("status") == "ok":
            return Invocation("ok", frame.get("payload"), None, _ms(started), request_id)
        return Invocation("error", None, frame.get("error"), _ms(started), request_id)

    def _timed_out(self, spec: FunctionSpec, request_id: str, started: float, seconds: float, phase: str) -> Invocation:
        error = {
            "errorMessage": f"RequestId: {request_id} Error: Task timed out after {seconds:.2f} seconds",
            "errorType": "Sandbox.Timedout" if phase == "invoke" else "Runtime.InitTimeout",
            "stackTrace": [],
        }
        return Invocation("timeout", None, error, _ms(started), request_id)

    def _exited(self, spec: FunctionSpec, request_id: str, started: float, returncode: int | None) -> Invocation:
        reason = f"signal: {-returncode}" if returncode is not None and returncode < 0 else f"exit status {returncode}"
        error = {
            "errorMessage": f"RequestId: {request_id} Error: Runtime exited with error: {reason}",
            "errorType": "Runtime.ExitError",
            "stackTrace": [],
        }
        return Invocation("error", None, error, _ms(started), request_id)

    # -- helpers

    def _pool(self, spec: FunctionSpec) -> _Pool:
        pool = self._pools.get(spec.key)
        if pool is None:
            pool = self._pools[spec.key] = _Pool(self.max_concurrency)
        return pool

    async def _package(self, spec: FunctionSpec) -> Package:
        pool = self._pool(spec)
        async with pool.preparing:
            if pool.package is None:
                pool.package = await asyncio.to_thread(prepare_package, spec.name, spec.filename, self.workdir)
                note = pool.package.note(spec.name)
                if note:
                    self.log(note)
                here = f"python{sys.version_info.major}.{sys.version_info.minor}"
                if spec.runtime and spec.runtime != here:
                    self.log(f"{spec.name}: runtime {spec.runtime} runs on this machine's {here}")
                if spec.source_code_hash and spec.source_code_hash != _b64(pool.package.digest):
                    self.log(
                        f"{spec.name}: {spec.filename} is not the package the state deployed (source_code_hash "
                        f"{spec.source_code_hash}); running the file as it is now"
                    )
        return pool.package

    def _environment(self, spec: FunctionSpec, package: Package) -> dict[str, str]:
        """A clean environment, as Lambda's: nothing of the gateway's own (no credentials, no profile) leaks in."""
        stream = f"{time.strftime('%Y/%m/%d', time.gmtime())}/[{spec.version}]{uuid.uuid4().hex}"
        reserved = {
            "AWS_LAMBDA_FUNCTION_NAME": spec.name,
            "AWS_LAMBDA_FUNCTION_VERSION": spec.version,
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(spec.memory_size),
            "AWS_LAMBDA_FUNCTION_TIMEOUT": str(spec.timeout),
            "AWS_LAMBDA_LOG_GROUP_NAME": spec.log_group_name,
            "AWS_LAMBDA_LOG_STREAM_NAME": stream,
            "AWS_LAMBDA_INITIALIZATION_TYPE": "on-demand",
            "AWS_LAMBDA_LOG_FORMAT": spec.log_format,
            "AWS_EXECUTION_ENV": f"AWS_Lambda_{spec.runtime}" if spec.runtime else "AWS_Lambda_python",
            "AWS_REGION": spec.region,
            "AWS_DEFAULT_REGION": spec.region,
            "LAMBDA_TASK_ROOT": str(package.task_root),
            "LAMBDA_RUNTIME_DIR": str(package.runtime_dir),
            "_HANDLER": spec.handler,
        }
        base = {
            "PATH": os.environ.get("PATH", "/usr/local/bin:/usr/bin:/bin"),
            "LANG": "en_US.UTF-8",
            "TZ": ":UTC",
            "PYTHONUNBUFFERED": "1",
        }
        if spec.log_level:
            reserved["AWS_LAMBDA_LOG_LEVEL"] = spec.log_level
        credentials = self.credentials(spec.name) if self.credentials is not None else {}
        return {**base, **spec.environment, **self.extra_env, **credentials, **reserved}


def _ms(started: float) -> float:
    return (time.monotonic() - started) * 1000


def _b64(hex_digest: str) -> str:
    return base64.b64encode(bytes.fromhex(hex_digest)).decode()
