"""`make bench`: how fast the offline engine and the provider double are on this machine.

Reports medians of several runs, as a table and as JSON (build/bench/latest.json) so runs can
be compared:
- provider double start-up to schema: process start -> handshake -> complete GetProviderSchema;
- `terraform validate` / `plan` of an empty configuration and of a small HTTP API configuration
  (the difference is what the provider double costs per command).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from apigwkit.engine.launcher import engine_home
from apigwkit.provider_double.server import MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE
from apigwkit.testing.terraform import REPO_ROOT, Workspace

RUNS = int(os.environ.get("BENCH_RUNS", "5"))

EMPTY = 'terraform {\n  required_providers {\n    aws = { source = "hashicorp/aws" }\n  }\n}\n'
SMALL = (
    EMPTY
    + 'provider "aws" { region = "us-east-1" }\n'
    + 'resource "aws_apigatewayv2_api" "a" {\n  name = "a"\n  protocol_type = "HTTP"\n}\n'
    + 'resource "aws_apigatewayv2_stage" "s" {\n  api_id = aws_apigatewayv2_api.a.id\n  name = "$default"\n}\n'
)


def median_seconds(fn: Callable[[], None], runs: int = RUNS) -> float:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def provider_startup_to_schema() -> None:
    import grpc
    from tf.gen import tfplugin_pb2 as pb
    from tf.gen import tfplugin_pb2_grpc as rpc

    executable = next((engine_home() / "provider-mirror").rglob("terraform-provider-aws_v*"))
    identity = json.loads((engine_home() / "provider-tls.json").read_text())
    env = {**os.environ, MAGIC_COOKIE_KEY: MAGIC_COOKIE_VALUE}
    proc = subprocess.Popen([str(executable)], stdout=subprocess.PIPE, env=env)
    try:
        _, _, _, address, _, _ = proc.stdout.readline().decode().strip().split("|")
        channel = grpc.secure_channel(
            f"unix:{address}",
            grpc.ssl_channel_credentials(root_certificates=identity["cert_pem"].encode()),
            options=[("grpc.ssl_target_name_override", "localhost"), ("grpc.max_receive_message_length", 1 << 28)],
        )
        response = rpc.ProviderStub(channel).GetProviderSchema(pb.GetProviderSchema.Request())
        assert len(response.resource_schemas) > 1000, "schema incomplete"
        channel.close()
    finally:
        proc.kill()
        proc.wait()


def _workspace(text: str) -> Workspace:
    src = Path(tempfile.mkdtemp(prefix="bench-src-"))
    (src / "main.tf").write_text(text)
    ws = Workspace(src)
    ws.init()
    return ws


def main() -> int:
    results: dict[str, float] = {}
    results["provider start-up to schema"] = median_seconds(provider_startup_to_schema)
    for label, text in (("empty configuration", EMPTY), ("small HTTP API configuration", SMALL)):
        ws = _workspace(text)
        results[f"validate, {label}"] = median_seconds(lambda ws=ws: ws.run("validate", "-no-color"))
        results[f"plan, {label}"] = median_seconds(lambda ws=ws: ws.run("plan", "-no-color", "-input=false"))
        ws.cleanup()
    width = max(len(k) for k in results)
    print(f"{'measurement'.ljust(width)}  median of {RUNS} (s)")
    for key, value in results.items():
        print(f"{key.ljust(width)}  {value:8.3f}")
    out = REPO_ROOT / "build" / "bench" / "latest.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"runs": RUNS, "seconds": results, "python": sys.version.split()[0]}, indent=2))
    print(f"written {out.relative_to(REPO_ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
