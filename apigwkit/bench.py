"""`make bench`: how fast the library's machinery is on this machine.

Reports medians of several runs, as a table and as JSON (build/bench/latest.json) so runs can
be compared:
- provider double start-up to schema: process start -> handshake -> complete GetProviderSchema (what
  each `.venv/bin/terraform` command of a user pays);
- `terraform validate` / `plan` of an empty configuration, of a small HTTP API configuration and
  of every example, as the harness runs them (resident engine, attached double, machine-readable UI);
  each example's plan as a multiple of the empty one measured in the same run, as a multiple of the engine's own CPU
  for it (reported by the resident engine: what the call costs beyond the engine), and the shares of its wall time
  that the engine's CPU and the double's (CPU of this process, which serves it) take: what is left is waiting between
  the two;
- Lambda build: cold (clean build directory, warm download cache) and no-op;
- each handler's import (cold-start proxy) against its reference measured in the same run, with an estimate for a
  256 MB function, and each zip's size (``apigwkit.coldstart``; ``--only handlers`` measures just that);
- the authorizer's JWT verifications per second with a cached JWKS;
- `make run`: seconds to its first answer, and GET /hello throughput on 8 clients next to a bare aiohttp handler in
  the same run (apigwkit/local/bench.py);
- the last `make test`, phase by phase (recorded by the Makefile in build/bench/make-test-phases.tsv),
  and its slowest tests and test files (from build/bench/pytest-junit.xml, which `make pytest` writes).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from apigwkit import coldstart
from apigwkit.engine.launcher import engine_home
from apigwkit.engine.workspace import REPO_ROOT, Workspace
from apigwkit.local import bench as local_bench
from apigwkit.provider_double.server import MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE

RUNS = int(os.environ.get("BENCH_RUNS", "5"))
# Imports take milliseconds and the machine is shared: more rounds than the slow measurements.
IMPORT_RUNS = int(os.environ.get("BENCH_IMPORT_RUNS", "15"))

EMPTY = 'terraform {\n  required_providers {\n    aws = { source = "hashicorp/aws" }\n  }\n}\n'
SMALL = (
    EMPTY
    + 'provider "aws" { region = "us-east-1" }\n'
    + 'resource "aws_apigatewayv2_api" "a" {\n  name = "a"\n  protocol_type = "HTTP"\n}\n'
    + 'resource "aws_apigatewayv2_stage" "s" {\n  api_id = aws_apigatewayv2_api.a.id\n  name = "$default"\n}\n'
)


def plan_costs(ws: Workspace, runs: int) -> tuple[float, float, float]:
    """A plan as the harness makes it (machine-readable UI, saved plan): median wall seconds, and the median share
    of them the engine itself spent on CPU and this process (the provider double it serves) spent on CPU."""
    samples, engine, double = [], [], []
    for _ in range(runs):
        started, cpu = time.perf_counter(), time.process_time()
        result = ws.run("plan", "-input=false", "-lock=false", "-json", "-out=bench.tfplan")
        wall = time.perf_counter() - started
        samples.append(wall)
        double.append((time.process_time() - cpu) / wall)
        engine.append(result.engine_cpu_seconds / wall)
    return statistics.median(samples), statistics.median(engine), statistics.median(double)


def median_seconds(fn: Callable[[], object], runs: int = RUNS) -> float:
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


def lambda_build_times(results: dict[str, float]) -> None:
    build = [sys.executable, "-m", "apigwkit.lambda_build", "--root", "{root}"]
    with tempfile.TemporaryDirectory(prefix="bench-build-") as tmp:
        shutil.copytree(
            REPO_ROOT / "lambda_src", Path(tmp) / "lambda_src", ignore=shutil.ignore_patterns("__pycache__")
        )

        def run(clean: bool) -> None:
            cmd = [c.replace("{root}", tmp) for c in build] + (["--clean"] if clean else [])
            subprocess.run(cmd, cwd=REPO_ROOT, check=True, capture_output=True)

        results["lambda build, cold (clean build dir)"] = median_seconds(lambda: run(True), runs=3)
        results["lambda build, no-op"] = median_seconds(lambda: run(False))


def handler_imports() -> dict[str, object]:
    """Each handler's import from its built zip against its reference, all in one run (``apigwkit.coldstart``), and
    the zips' sizes; printed, and returned for the JSON report."""
    manifest = json.loads((REPO_ROOT / "build" / "lambda" / "manifest.json").read_text())["functions"]
    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        targets, environments = coldstart.handler_targets(manifest, REPO_ROOT, Path(tmp))
        samples, failed = coldstart.measure(targets, environments, IMPORT_RUNS)
    seconds = coldstart.medians(samples)
    results = coldstart.verdicts(samples, sorted(manifest))
    print()
    print("\n".join(coldstart.report(seconds, results, IMPORT_RUNS)))
    for name, reason in failed.items():
        print(f"{name}: not importable on this machine ({reason})")
    sizes = {name: int(entry["size"]) for name, entry in sorted(manifest.items())}
    hello_ok = sizes.get("hello", 0) <= coldstart.HELLO_MAX_ZIP_BYTES
    print("zip sizes: " + ", ".join(f"{name} {size / 1000:.1f} KB" for name, size in sizes.items()))
    print(
        f"hello's zip: target <= {coldstart.HELLO_MAX_ZIP_BYTES / 1000:.0f} KB: {'ok' if hello_ok else 'OVER TARGET'}"
    )
    return {
        "rounds": IMPORT_RUNS,
        "seconds": seconds,
        "seconds_at_256mb": {name: coldstart.at_memory(value) for name, value in seconds.items()},
        "ratios": {
            v.handler: {"reference": v.reference, "ratio": v.ratio, "target": v.limit, "ok": v.ok} for v in results
        },
        "not_importable": failed,
        "zip_bytes": sizes,
    }


def jwt_verifications_per_second() -> float:
    """Verify one RS256 token repeatedly against a JWKS already in the client's cache."""
    import jwt
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
    signing_key = jwt.PyJWK({**jwk, "kid": "k1", "alg": "RS256", "use": "sig"})
    now = int(time.time())
    token = jwt.encode(
        {"iss": "https://issuer.example", "aud": "client", "sub": "u", "iat": now, "exp": now + 3600},
        key,
        algorithm="RS256",
        headers={"kid": "k1"},
    )
    count, started = 0, time.perf_counter()
    while time.perf_counter() - started < 1.0:
        jwt.decode(token, signing_key.key, algorithms=["RS256"], audience="client", issuer="https://issuer.example")
        count += 1
    return count / (time.perf_counter() - started)


def make_test_phases() -> dict[str, float]:
    """Seconds per phase of the last `make test`."""
    path = REPO_ROOT / "build" / "bench" / "make-test-phases.tsv"
    if not path.is_file():
        return {}
    phases = dict(line.split("\t") for line in path.read_text().splitlines() if "\t" in line)
    return {phase: int(ms) / 1000 for phase, ms in phases.items()}


def slowest_tests(count: int = 15) -> tuple[list[tuple[str, float]], list[tuple[str, float]]]:
    """The slowest tests and test files (seconds of worker time) of the last `make pytest`."""
    path = REPO_ROOT / "build" / "bench" / "pytest-junit.xml"
    if not path.is_file():
        return [], []
    tests, files = [], Counter()
    for case in ET.parse(path).iter("testcase"):
        seconds = float(case.get("time") or 0)
        tests.append((f"{case.get('classname')}::{case.get('name')}", seconds))
        files[case.get("classname", "")] += seconds
    return sorted(tests, key=lambda t: -t[1])[:count], files.most_common(10)


def write_report(report: dict[str, object], name: str = "latest.json") -> None:
    out = REPO_ROOT / "build" / "bench" / name
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2))
    print(f"written {out.relative_to(REPO_ROOT)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m apigwkit.bench", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--only",
        choices=["handlers", "make-run"],
        help="handlers: only the Lambda handlers' imports against their references, and the zip sizes; make-run: only "
        "make run's start-up and GET /hello throughput against a bare aiohttp handler",
    )
    only = parser.parse_args(argv).only
    if only == "handlers":
        write_report({"handler_imports": handler_imports(), "python": sys.version.split()[0]}, "handlers.json")
        return 0
    if only == "make-run":
        local, local_lines = local_bench.report(REPO_ROOT)
        print("\n".join(local_lines))
        write_report({"local_gateway": local, "python": sys.version.split()[0]}, "make-run.json")
        return 0
    results: dict[str, float] = {}
    # plan of an example: (x the empty plan, the engine's CPU share, the double's CPU share)
    ratios: dict[str, tuple[float, float, float]] = {}
    results["provider start-up to schema"] = median_seconds(provider_startup_to_schema)
    configs = [("empty configuration", EMPTY), ("small HTTP API configuration", SMALL)]
    for label, text in configs:
        ws = _workspace(text)
        results[f"validate, {label}"] = median_seconds(lambda ws=ws: ws.run("validate", "-no-color"))
        results[f"plan, {label}"] = plan_costs(ws, RUNS)[0]
        ws.cleanup()
    empty = results["plan, empty configuration"]
    for example in sorted(p.parent for p in (REPO_ROOT / "examples").glob("*/main.tf")):
        ws = Workspace(example)
        ws.init()
        results[f"validate, examples/{example.name}"] = median_seconds(lambda ws=ws: ws.run("validate", "-no-color"), 3)
        seconds, engine_share, double_share = plan_costs(ws, 3)
        results[f"plan, examples/{example.name}"] = seconds
        ratios[example.name] = (seconds / empty, engine_share, double_share)
        ws.cleanup()
    lambda_build_times(results)
    rates = {"authorizer JWT verifications per second (cached JWKS)": jwt_verifications_per_second()}
    local, local_lines = local_bench.report(REPO_ROOT)
    phases = make_test_phases()
    tests, files = slowest_tests()
    width = max(len(k) for k in [*results, *rates, *(f"plan, examples/{n}" for n in ratios)])
    print(f"{'measurement'.ljust(width)}  median of {RUNS} (s)")
    for key, value in results.items():
        print(f"{key.ljust(width)}  {value:10.3f}")
    for key, value in rates.items():
        print(f"{key.ljust(width)}  {value:10.0f} /s")
    print(
        f"\n{'plan of an example'.ljust(width)}  x empty plan ({empty:.3f} s, same run)  x engine's CPU"
        "  engine's CPU  double's CPU  (share of the plan's wall time)"
    )
    for name, (ratio, engine_share, double_share) in ratios.items():
        beyond = f"{1 / engine_share:13.2f}x" if engine_share else f"{'n/a':>14}"
        print(
            f"{('plan, examples/' + name).ljust(width)}  {ratio:10.1f}x{'':25}{beyond}"
            f"  {engine_share:12.0%}  {double_share:12.0%}"
        )
    print()
    print("\n".join(local_lines))
    if phases:
        print(f"\nlast `make test`: {sum(phases.values()):.1f} s")
        for phase, seconds in phases.items():
            print(f"  {phase.ljust(10)} {seconds:8.1f} s")
    if tests:
        print("\nslowest tests of the last `make pytest` (s)")
        for name, seconds in tests:
            print(f"  {seconds:7.2f}  {name}")
        print("slowest test files (s of worker time)")
        for name, seconds in files:
            print(f"  {seconds:7.1f}  {name}")
    imports = handler_imports()
    write_report(
        {
            "runs": RUNS,
            "seconds": results,
            "plan_ratio_to_empty": {name: ratio for name, (ratio, _, _) in ratios.items()},
            "engine_cpu_share_of_plan": {name: share for name, (_, share, _) in ratios.items()},
            "plan_wall_to_engine_cpu": {name: 1 / share for name, (_, share, _) in ratios.items() if share},
            "double_cpu_share_of_plan": {name: share for name, (_, _, share) in ratios.items()},
            "make_test_phases": phases,
            "slowest_tests": dict(tests),
            "slowest_test_files": dict(files),
            "per_second": rates,
            "local_gateway": local,
            "handler_imports": imports,
            "python": sys.version.split()[0],
        }
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
