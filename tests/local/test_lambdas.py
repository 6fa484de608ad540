"""The local Lambda runtime: the built zips and small purpose-built ones run in warm worker processes."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import http.server
import importlib.metadata
import json
import os
import struct
import subprocess
import sys
import textwrap
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from apigwkit.engine.workspace import REPO_ROOT
from apigwkit.local.lambdas import FunctionSpec, Invocation, LambdaRuntime, UnknownFunctionError
from apigwkit.local.packages import host_machine

REGION, ACCOUNT = "ap-northeast-2", "123456789012"
EM_X86_64, EM_AARCH64 = 62, 183
HOST_SITE_PACKAGES = Path(str(importlib.metadata.distribution("cryptography").locate_file(""))).resolve()


# --- helpers ----------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def built() -> Path:
    """build/lambda with the hello and authorizer zips (built with `apigwkit.lambda_build` if missing)."""
    build = REPO_ROOT / "build" / "lambda"
    missing = [name for name in ("hello", "authorizer") if not (build / f"{name}.zip").is_file()]
    if missing:
        subprocess.run([sys.executable, "-m", "apigwkit.lambda_build", "--only", *missing], cwd=REPO_ROOT, check=True)
    return build


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Shared by a module's runtimes, so each zip is extracted once (as `make run` re-uses build/local)."""
    return tmp_path_factory.mktemp("lambda")


def write_zip(path: Path, files: dict[str, str | bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, textwrap.dedent(content) if isinstance(content, str) else content)
    return path


def state_values(name: str, filename: str, handler: str = "app.handler", **overrides: Any) -> dict[str, Any]:
    """The values of an aws_lambda_function as `terraform show -json` has them (the keys the runtime reads)."""
    arn = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{name}"
    values = {
        "function_name": name,
        "arn": arn,
        "invoke_arn": f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/{arn}/invocations",
        "qualified_arn": f"{arn}:$LATEST",
        "handler": handler,
        "filename": filename,
        "source_code_hash": "",
        "environment": [],
        "timeout": 3,
        "memory_size": 256,
        "runtime": "python3.12",
        "architectures": ["arm64"],
        "logging_config": [{"log_format": "JSON", "log_group": f"/aws/lambda/{name}"}],
    }
    return values | overrides


def tiny(tmp_path: Path, name: str, code: str, **overrides: Any) -> FunctionSpec:
    """A function whose zip holds one module, app.py."""
    zip_path = write_zip(tmp_path / f"{name}.zip", {"app.py": code})
    return FunctionSpec.from_state(state_values(name, zip_path.name, **overrides), tmp_path)


class Log(list[str]):
    """A log sink that keeps the lines."""

    def __call__(self, line: str) -> None:
        self.append(line)

    def of(self, function: str) -> list[str]:
        return [line.removeprefix(f"[{function}] ") for line in self if line.startswith(f"[{function}] ")]


def run(functions: list[FunctionSpec], workdir: Path, scenario: Callable[[LambdaRuntime], Any], **kwargs: Any) -> Any:
    async def main() -> Any:
        async with LambdaRuntime(functions, workdir, **kwargs) as runtime:
            return await scenario(runtime)

    return asyncio.run(main())


def http_event(**query: str) -> dict[str, Any]:
    """A payload 2.0 event of GET /hello?<query> as an HTTP API sends it."""
    raw = "&".join(f"{k}={v}" for k, v in query.items())
    return {
        "version": "2.0",
        "routeKey": "GET /hello",
        "rawPath": "/hello",
        "rawQueryString": raw,
        "queryStringParameters": dict(query),
        "headers": {"host": "127.0.0.1:8080", "user-agent": "pytest"},
        "requestContext": {
            "accountId": ACCOUNT,
            "apiId": "api123",
            "domainName": "127.0.0.1:8080",
            "http": {"method": "GET", "path": "/hello", "protocol": "HTTP/1.1", "sourceIp": "127.0.0.1"},
            "requestId": "req-1",
            "routeKey": "GET /hello",
            "stage": "$default",
            "time": "24/Nov/2026:21:00:00 +0000",
            "timeEpoch": 1795554000000,
        },
        "isBase64Encoded": False,
    }


PROBE = """
    import os, socket
    CALLS = 0

    def handler(event, context):
        global CALLS
        CALLS += 1
        if event.get("gate"):  # wait at the test's Gate until it opens (or forever)
            with socket.create_connection(("127.0.0.1", event["gate"])) as gate:
                gate.recv(1)
        if event.get("fail"):
            raise ValueError(event["fail"])
        return {"pid": os.getpid(), "calls": CALLS}
"""


class Gate:
    """Where PROBE handlers given ``{"gate": gate.port}`` wait: each connects and blocks until ``open()``.

    A test thus holds invocations in flight for exactly as long as it needs, instead of sleeping for a guess.
    """

    def __init__(self) -> None:
        self.waiting: list[asyncio.StreamWriter] = []
        self._arrived = asyncio.Condition()

    async def __aenter__(self) -> Gate:
        self._server = await asyncio.start_server(self._arrive, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.open()
        self._server.close()

    async def _arrive(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        async with self._arrived:
            self.waiting.append(writer)
            self._arrived.notify_all()

    async def arrivals(self, count: int) -> None:
        """Until ``count`` handlers wait at the gate."""
        async with self._arrived:
            await asyncio.wait_for(self._arrived.wait_for(lambda: len(self.waiting) >= count), timeout=30)

    def open(self) -> None:
        """Let every waiting handler through."""
        for writer in self.waiting:
            writer.write(b"x")
            writer.close()
        self.waiting.clear()


# --- the built zips ---------------------------------------------------------------------------------------------------


def test_hello_zip_greets_kim_with_a_payload_2_0_response(built: Path, workdir: Path) -> None:
    # the state's filename is relative to the Terraform working directory, as the examples write it
    base = built.parent.parent / "examples" / "http-api-lambda"
    values = state_values(
        "hello-http-hello",
        "./../../build/lambda/hello.zip",
        handler="hello.lambda_handler",
    )
    spec = FunctionSpec.from_state(values, base)
    assert spec.filename == built / "hello.zip"
    log = Log()

    invocation = run([spec], workdir, lambda rt: rt.invoke(spec.invoke_arn, http_event(name="Kim")), log=log)

    assert invocation.status == "ok", invocation.error
    assert invocation.payload == {
        "statusCode": 200,
        "headers": {"Content-Type": "application/json"},
        "body": '{"message": "Hello, Kim!"}',
        "isBase64Encoded": False,
    }
    # the runtime's JSON log line: the Lambda request id, the handler's logger and its extra fields
    (line,) = [json.loads(x) for x in log.of("hello-http-hello") if x.startswith("{")]
    assert (line["message"], line["logger"], line["level"]) == ("greeting", "hello", "INFO")
    assert (line["requestId"], line["correlation_id"], line["name_length"]) == (invocation.request_id, "req-1", 3)


def test_from_state_reads_an_applied_functions_values(tmp_path: Path) -> None:
    values = state_values(
        "orders",
        "pkg/orders.zip",
        handler="orders.lambda_handler",
        source_code_hash="c3mL22MrbcJ2mP0Aoe6kMXnzXdjM+SPekC4XW1JXir0=",
        environment=[{"variables": {"ORDERS_TABLE": "orders", "RETRIES": 3}}],
        timeout=10,
        memory_size=512,
        logging_config=[],
    )
    spec = FunctionSpec.from_state(values, tmp_path)
    assert spec.filename == tmp_path / "pkg" / "orders.zip"
    assert spec.environment == {"ORDERS_TABLE": "orders", "RETRIES": "3"}
    assert (spec.timeout, spec.memory_size, spec.runtime, spec.architecture) == (10, 512, "python3.12", "arm64")
    assert (spec.region, spec.log_group_name) == (REGION, "/aws/lambda/orders")
    assert spec.invoke_arn.endswith(f"functions/{spec.arn}/invocations")
    bare = FunctionSpec.from_state(
        state_values("bare", "/abs/bare.zip", environment=[], timeout=None, memory_size=None), tmp_path
    )
    assert (bare.environment, bare.timeout, bare.memory_size, bare.filename) == ({}, 3, 128, Path("/abs/bare.zip"))
    with pytest.raises(ValueError, match="'image': .*image_uri"):
        FunctionSpec.from_state(state_values("image", None, image_uri="123.dkr.ecr/x:1"), tmp_path)


class _JsonHandler(http.server.BaseHTTPRequestHandler):
    body = b"{}"

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args: Any) -> None:
        pass


class serve_json:  # a context manager, named like open()
    def __init__(self, document: dict[str, Any]) -> None:
        handler = type("Handler", (_JsonHandler,), {"body": json.dumps(document).encode()})
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)

    def __enter__(self) -> str:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{self.server.server_address[1]}/.well-known/jwks.json"

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


# --- purpose-built zips -----------------------------------------------------------------------------------------------


def test_a_warm_worker_keeps_module_state_across_invocations(tmp_path: Path) -> None:
    spec = tiny(tmp_path, "counter", PROBE)

    async def scenario(runtime: LambdaRuntime) -> list[Invocation]:
        return [await runtime.invoke("counter", {}) for _ in range(3)]

    first, second, third = run([spec], tmp_path / "work", scenario)
    assert [i.payload["calls"] for i in (first, second, third)] == [1, 2, 3]
    assert first.payload["pid"] == second.payload["pid"] == third.payload["pid"]
    assert len({first.request_id, second.request_id, third.request_id}) == 3


def test_a_handler_exception_returns_lambdas_error_shape_and_the_worker_survives(tmp_path: Path) -> None:
    spec = tiny(tmp_path, "failing", PROBE)
    log = Log()

    async def scenario(runtime: LambdaRuntime) -> list[Invocation]:
        return [await runtime.invoke("failing", event) for event in ({}, {"fail": "bad input"}, {})]

    before, failed, after = run([spec], tmp_path / "work", scenario, log=log)
    assert (failed.status, failed.payload) == ("error", None)
    assert failed.error["errorType"] == "ValueError"
    assert failed.error["errorMessage"] == "bad input"
    assert any('app.py", line 12, in handler' in frame for frame in failed.error["stackTrace"])
    assert after.status == "ok"
    assert after.payload == {"pid": before.payload["pid"], "calls": 3}
    assert f"[failing] [ERROR] ValueError: bad input RequestId: {failed.request_id}" in log


def test_a_value_json_cannot_carry_is_a_marshal_error(tmp_path: Path) -> None:
    spec = tiny(tmp_path, "marshal", "def handler(event, context):\n    return {'when': object()}\n")
    invocation = run([spec], tmp_path / "work", lambda rt: rt.invoke("marshal", {}))
    assert invocation.status == "error"
    assert invocation.error["errorType"] == "Runtime.MarshalError"
    assert (
        "Unable to marshal response: Object of type object is not JSON serializable"
        in (invocation.error["errorMessage"])
    )


def test_a_handler_over_its_timeout_is_killed_and_the_next_invocation_gets_a_new_worker(tmp_path: Path) -> None:
    spec = tiny(tmp_path, "slow", PROBE, timeout=1)

    async def scenario(runtime: LambdaRuntime) -> tuple[Invocation, Invocation, Invocation]:
        warm = await runtime.invoke("slow", {})
        async with Gate() as gate:  # never opened while the handler runs: it is over its 1 s timeout
            timed_out = await runtime.invoke("slow", {"gate": gate.port})
        return warm, timed_out, await runtime.invoke("slow", {})

    started = time.monotonic()
    warm, timed_out, fresh = run([spec], tmp_path / "work", scenario)
    assert time.monotonic() - started < 10
    assert (timed_out.status, timed_out.payload) == ("timeout", None)
    assert timed_out.error["errorType"] == "Sandbox.Timedout"
    assert timed_out.error["errorMessage"].endswith("Task timed out after 1.00 seconds")
    assert 1000 <= timed_out.duration_ms < 3000
    assert fresh.status == "ok"
    assert fresh.payload["calls"] == 1  # a new sandbox: module state starts over
    assert fresh.payload["pid"] != warm.payload["pid"]
    with pytest.raises(ProcessLookupError):
        os.kill(warm.payload["pid"], 0)


def test_an_invocation_cancelled_by_the_gateway_discards_its_worker(tmp_path: Path) -> None:
    # the gateways wrap invoke() in asyncio.wait_for(integration timeout): the busy worker's late answer must not
    # reach the next caller
    spec = tiny(tmp_path, "abandoned", PROBE, timeout=30)

    async def scenario(runtime: LambdaRuntime) -> tuple[Invocation, Invocation]:
        first = await runtime.invoke("abandoned", {})
        async with Gate() as gate:
            with pytest.raises(TimeoutError):
                await asyncio.wait_for(runtime.invoke("abandoned", {"gate": gate.port}), timeout=0.5)
        return first, await runtime.invoke("abandoned", {})

    first, after = run([spec], tmp_path / "work", scenario, max_concurrency=1)
    assert after.status == "ok"
    assert after.payload["calls"] == 1 and after.payload["pid"] != first.payload["pid"]
    with pytest.raises(ProcessLookupError):
        os.kill(first.payload["pid"], 0)


def test_the_pool_grows_to_max_concurrency_and_further_invocations_wait(tmp_path: Path) -> None:
    spec = tiny(tmp_path, "busy", PROBE)

    async def scenario(runtime: LambdaRuntime) -> tuple[int, list[Invocation]]:
        async with Gate() as gate:
            calls = [asyncio.create_task(runtime.invoke("busy", {"gate": gate.port})) for _ in range(3)]
            await gate.arrivals(2)
            held = len(gate.waiting)  # two in flight; the third waits for a worker
            gate.open()
            await gate.arrivals(1)  # the third, on a worker the first two freed
            gate.open()
            return held, await asyncio.gather(*calls)

    held, results = run([spec], tmp_path / "work", scenario, max_concurrency=2)
    assert held == 2
    assert all(r.status == "ok" for r in results)
    pids = [r.payload["pid"] for r in results]
    assert len(set(pids)) == 2  # two workers, never a third


def test_handler_output_goes_to_the_log_and_never_into_the_protocol(tmp_path: Path) -> None:
    code = """
        import logging, os, sys
        logging.basicConfig(level=logging.DEBUG)  # a no-op, as in Lambda: the runtime's root handler is installed

        def handler(event, context):
            print("hello from print")
            frame_like = b"\\x00\\x00\\x00\\x05{}{}}\\n"
            os.write(1, frame_like)
            sys.stdout.write("no newline at the end")
            sys.stdout.flush()
            print("\\non stderr", file=sys.stderr)
            logging.getLogger().info("dropped: the root logger is at WARNING without an application log level")
            app = logging.getLogger("app")
            app.setLevel(logging.INFO)
            app.info("from logging", extra={"order": 7})
            return {"ok": True, "length": len(frame_like)}
    """
    spec = tiny(tmp_path, "chatty", code)
    log = Log()
    invocation = run([spec], tmp_path / "work", lambda rt: rt.invoke("chatty", {}), log=log)
    assert invocation.status == "ok", invocation.error
    assert invocation.payload == {"ok": True, "length": 10}
    lines = log.of("chatty")
    assert "hello from print" in lines
    assert "no newline at the end" in lines
    assert "on stderr" in lines
    # the function's log format is JSON: the runtime's root handler writes the record as Lambda does
    (record,) = [json.loads(line) for line in lines if line.startswith("{")]
    assert record.pop("timestamp").endswith("Z")
    assert record == {
        "level": "INFO",
        "message": "from logging",
        "logger": "app",
        "requestId": invocation.request_id,
        "order": 7,
    }
    assert lines[0] == f"START RequestId: {invocation.request_id} Version: $LATEST"


def test_the_worker_sees_lambdas_environment_the_functions_and_the_extra_one_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = """
        import os, sys

        def handler(event, context):
            try:
                import jwt  # installed where the gateway runs, but not in this zip
                leaked = jwt.__file__
            except ImportError:
                leaked = None
            import boto3  # the runtime provides the AWS SDK
            return {
                "env": dict(os.environ),
                "cwd": os.getcwd(),
                "path0": sys.path[0],
                "boto3": boto3.__file__,
                "leaked": leaked,
                "context": {
                    "function_name": context.function_name,
                    "function_version": context.function_version,
                    "invoked_function_arn": context.invoked_function_arn,
                    "memory_limit_in_mb": context.memory_limit_in_mb,
                    "aws_request_id": context.aws_request_id,
                    "log_group_name": context.log_group_name,
                    "log_stream_name": context.log_stream_name,
                    "remaining": context.get_remaining_time_in_millis(),
                },
            }
    """
    monkeypatch.setenv("APIGWKIT_GATEWAY_ONLY", "must not leak")
    spec = tiny(tmp_path, "envy", code, environment=[{"variables": {"GREETING": "hi", "AWS_REGION": "eu-west-1"}}])
    extra = {"AWS_ENDPOINT_URL": "http://127.0.0.1:1", "AWS_ACCESS_KEY_ID": "fake"}
    invocation = run(
        [spec], tmp_path / "work", lambda rt: rt.invoke(f"{spec.arn}:live", {}), extra_env=extra, max_concurrency=1
    )
    assert invocation.status == "ok", invocation.error
    result = invocation.payload
    env = result["env"]
    task_root = next(p for p in (tmp_path / "work").glob("envy-*") if p.is_dir() and p.suffix != ".runtime")
    assert env["AWS_LAMBDA_FUNCTION_NAME"] == "envy"
    assert env["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] == "256"
    assert env["AWS_LAMBDA_FUNCTION_VERSION"] == "$LATEST"
    assert env["AWS_REGION"] == env["AWS_DEFAULT_REGION"] == REGION  # from the ARN; a function cannot override it
    assert env["AWS_LAMBDA_LOG_GROUP_NAME"] == "/aws/lambda/envy"
    assert env["_HANDLER"] == "app.handler"
    assert env["LAMBDA_TASK_ROOT"] == str(task_root) == result["cwd"] == result["path0"]
    assert env["GREETING"] == "hi"
    assert (env["AWS_ENDPOINT_URL"], env["AWS_ACCESS_KEY_ID"]) == ("http://127.0.0.1:1", "fake")
    assert "APIGWKIT_GATEWAY_ONLY" not in env and "PYTHONPATH" not in env
    assert result["leaked"] is None
    assert Path(result["boto3"]).resolve().is_relative_to(HOST_SITE_PACKAGES)
    context = result["context"]
    assert context["function_name"] == "envy"
    assert context["function_version"] == "$LATEST"
    assert context["invoked_function_arn"] == f"{spec.arn}:live"
    assert context["memory_limit_in_mb"] == "256"
    assert context["aws_request_id"] == invocation.request_id
    assert context["log_group_name"] == "/aws/lambda/envy"
    assert context["log_stream_name"] == env["AWS_LAMBDA_LOG_STREAM_NAME"]
    assert "[$LATEST]" in context["log_stream_name"]
    assert 0 < context["remaining"] <= 3000


def test_a_dependency_missing_from_the_zip_fails_the_import_as_in_lambda(tmp_path: Path) -> None:
    spec = tiny(tmp_path, "incomplete", "import jwt\n\ndef handler(event, context):\n    return 1\n")
    invocation = run([spec], tmp_path / "work", lambda rt: rt.invoke("incomplete", {}))
    assert invocation.status == "error"
    assert invocation.error["errorType"] == "Runtime.ImportModuleError"
    assert invocation.error["errorMessage"] == "Unable to import module 'app': No module named 'jwt'"


def test_resolve_accepts_a_name_a_function_arn_an_invoke_arn_and_an_integration_uri(tmp_path: Path) -> None:
    hello = tiny(tmp_path, "hello", PROBE)
    other = tiny(tmp_path, "other", PROBE)
    runtime = LambdaRuntime([hello, other], tmp_path / "work")
    integration_uri = f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/{hello.arn}:$LATEST/invocations"
    for ref in ("hello", hello.arn, f"{hello.arn}:$LATEST", f"{hello.arn}:live", hello.invoke_arn, integration_uri):
        assert runtime.resolve(ref) is hello, ref
    assert runtime.resolve(other.invoke_arn) is other
    for ref in (
        "missing",
        hello.arn.replace(ACCOUNT, "999999999999"),  # same name, another account
        hello.arn.replace(REGION, "us-east-1"),
        hello.invoke_arn.replace("functions/", "functions/x"),
        f"{hello.arn}/invocations",
    ):
        with pytest.raises(UnknownFunctionError) as caught:
            runtime.resolve(ref)
        assert str(caught.value).startswith(f"no Lambda function for {ref!r}")
        assert "hello, other" in str(caught.value)


def fake_shared_object(machine: int) -> bytes:
    """The first bytes of a 64-bit little-endian ELF shared object for ``machine``: enough for the header check."""
    ident = b"\x7fELF" + bytes([2, 1, 1]) + bytes(9)
    return ident + struct.pack("<HHI", 3, machine, 1) + bytes(64)


def test_a_distribution_built_for_another_machine_comes_from_the_host(tmp_path: Path) -> None:
    foreign = EM_AARCH64 if host_machine() != EM_AARCH64 else EM_X86_64
    cffi_version = importlib.metadata.version("cffi")
    files: dict[str, str | bytes] = {
        "app.py": """
            import importlib.metadata
            import _cffi_backend, cffi, tinydep

            def handler(event, context):
                return {
                    "cffi": cffi.__file__,
                    "backend": _cffi_backend.__file__,
                    "version": importlib.metadata.version("cffi"),
                    "tinydep": tinydep.__file__,
                }
        """,
        f"cffi-{cffi_version}.dist-info/METADATA": f"Metadata-Version: 2.1\nName: cffi\nVersion: {cffi_version}\n",
        f"cffi-{cffi_version}.dist-info/top_level.txt": "_cffi_backend\ncffi\n",
        "cffi/__init__.py": "raise ImportError('the zip copy of cffi must not be imported')\n",
        "_cffi_backend.cpython-312-aarch64-linux-gnu.so": fake_shared_object(foreign),
        "tinydep-1.0.dist-info/METADATA": "Metadata-Version: 2.1\nName: tinydep\nVersion: 1.0\n",
        "tinydep/__init__.py": "",
        "tinydep/_speedups.so": b"not an ELF file: left alone",
        "vendored/mystery.so": fake_shared_object(foreign),
    }
    zip_path = write_zip(tmp_path / "native.zip", files)
    spec = FunctionSpec.from_state(state_values("native", str(zip_path)), tmp_path)
    log = Log()
    invocation = run([spec], tmp_path / "work", lambda rt: rt.invoke("native", {}), log=log)

    assert invocation.status == "ok", invocation.error
    result = invocation.payload
    task_root = next(p for p in (tmp_path / "work").glob("native-*") if p.is_dir() and p.suffix != ".runtime")
    assert Path(result["cffi"]).resolve() == HOST_SITE_PACKAGES / "cffi" / "__init__.py"
    assert Path(result["backend"]).resolve().parent == HOST_SITE_PACKAGES
    assert result["version"] == cffi_version
    assert Path(result["tinydep"]) == task_root / "tinydep" / "__init__.py"  # pure Python stays the zip's
    assert (task_root / "tinydep" / "_speedups.so").is_file()
    assert not (task_root / "cffi").exists() and not list(task_root.glob("cffi-*.dist-info"))
    (note,) = [line for line in log if "from the host environment" in line]
    assert note.startswith(f"native: cffi {cffi_version} from the host environment")
    assert f"native code is for {'aarch64' if foreign == EM_AARCH64 else 'x86_64'}" in note
    assert note.endswith("no distribution owns vendored/mystery.so, which cannot load here")


def test_a_package_is_extracted_once_per_content_hash(tmp_path: Path) -> None:
    spec = tiny(tmp_path, "cached", "def handler(event, context):\n    return 1\n")
    work = tmp_path / "work"
    assert run([spec], work, lambda rt: rt.invoke("cached", {})).payload == 1
    (task_root,) = [p for p in work.iterdir() if p.is_dir() and p.suffix != ".runtime"]
    digest = hashlib.sha256(spec.filename.read_bytes()).hexdigest()
    assert task_root.name == f"cached-{digest[:12]}"
    (task_root / "app.py").write_text("def handler(event, context):\n    return 'reused'\n")
    assert run([spec], work, lambda rt: rt.invoke("cached", {})).payload == "reused"
    write_zip(spec.filename, {"app.py": "def handler(event, context):\n    return 2\n"})
    log = Log()
    changed = dataclass_replace(spec, source_code_hash=base64.b64encode(bytes(32)).decode())
    assert run([changed], work, lambda rt: rt.invoke("cached", {}), log=log).payload == 2
    assert any("is not the package the state deployed" in line for line in log)


def dataclass_replace(spec: FunctionSpec, **changes: Any) -> FunctionSpec:
    import dataclasses

    return dataclasses.replace(spec, **changes)


@pytest.fixture(autouse=True)
def _no_stray_workers() -> Iterator[None]:
    """Every test's runtime is closed by then: no worker of ours may outlive it."""
    yield
    out = subprocess.run(["pgrep", "-f", "apigwkit.local.worker", "-P", str(os.getpid())], capture_output=True)
    assert out.stdout == b""
