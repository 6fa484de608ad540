"""What ``make bench`` measures of ``make run``: the time to its first answer, and ``GET /hello`` throughput next to a
bare aiohttp handler measured in the same run (the gateway's overhead as a ratio).

Both servers run as ``make run`` does, in processes of their own, and ``wrk`` (Debian's; ``make setup`` installs it)
sends the load: a C load generator takes little of the two cores the servers need, where a Python client would take
about as much as the server it measures. The bare handler answers what the hello Lambda answers, with no gateway, no
Lambda worker and no access log; the gateway serves examples/http-api-lambda with its stage throttle raised out of the
way (5,000 requests a second) and its logs sent to a file. Each server's CPU per request (itself and its children: the
Lambda workers) is reported too: on a machine shared with other work, requests per second vary with the others' load,
CPU per request much less.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

HELLO = "examples/http-api-lambda"
CLIENTS = 8
BARE_HANDLER = """
import sys
from aiohttp import web

async def hello(request):
    return web.json_response({"message": f"Hello, {request.query.get('name', 'world')}!"})

app = web.Application()
app.router.add_get("/hello", hello)
web.run_app(app, host="127.0.0.1", port=int(sys.argv[1]), access_log=None, print=None)
"""


@dataclass(frozen=True)
class Throughput:
    requests_per_second: float
    median_latency_ms: float | None
    errors: int
    cpu_us_per_request: float | None = None  # CPU (user + system) of the server and its children, per request


def _cpu_seconds(pid: int) -> float:
    """CPU seconds (user + system) used so far by ``pid`` and its live descendants (Linux /proc)."""
    tick, total, todo = os.sysconf("SC_CLK_TCK"), 0.0, [pid]
    while todo:
        current = todo.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
            todo += [int(c) for c in Path(f"/proc/{current}/task/{current}/children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _first_answer(url: str, process: subprocess.Popen, deadline: float) -> float:
    """Seconds until ``url`` answers 200 (polled every 20 ms); raises when the process ends or the deadline passes."""
    started = time.perf_counter()
    while time.perf_counter() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode} before answering {url}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return time.perf_counter() - started
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.02)
    raise TimeoutError(f"{url} did not answer in time")


def _stop(process: subprocess.Popen) -> None:
    """Ctrl-C, as a user stops make run (the gateway then removes its workspace); killed if it lingers."""
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _make_run(repo: Path, port: int, log: Path, *variables: str) -> subprocess.Popen:
    command = [sys.executable, "-m", "apigwkit.local", str(repo / HELLO), "--port", str(port), "--demo-port", "-1"]
    for variable in variables:
        command += ["--var", variable]
    with log.open("ab") as out:
        return subprocess.Popen(command, cwd=repo, stdout=out, stderr=subprocess.STDOUT)


def startup_seconds(repo: Path, runs: int = 3) -> float:
    """Median seconds from starting ``make run EXAMPLE=http-api-lambda`` to its first ``GET /hello`` answer (a warm
    machine: the engine, the provider schema and the Lambda packages already built)."""
    samples = []
    with tempfile.TemporaryDirectory(prefix="bench-run-") as tmp:
        for _ in range(runs):
            port = _free_port()
            started = time.perf_counter()
            process = _make_run(repo, port, Path(tmp) / "run.log")
            try:
                _first_answer(f"http://127.0.0.1:{port}/hello?name=Kim", process, started + 120)
                samples.append(time.perf_counter() - started)
            finally:
                _stop(process)
    return statistics.median(samples)


def wrk(url: str, seconds: float, clients: int = CLIENTS, server: int | None = None) -> Throughput:
    """``wrk`` with one thread and ``clients`` connections for ``seconds`` (``server``: the pid whose CPU to count)."""
    cpu = _cpu_seconds(server) if server is not None else 0.0
    out = subprocess.run(
        ["wrk", "-t1", f"-c{clients}", f"-d{seconds:g}s", "--latency", url], capture_output=True, text=True, check=True
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    median = re.search(r"50%\s+([\d.]+)(us|ms|s)", out)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}
    latency = float(median.group(1)) * scale[median.group(2)] if median else None
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    per_request = (_cpu_seconds(server) - cpu) / requests * 1e6 if server is not None and requests else None
    return Throughput(rate, latency, int(errors.group(1)) if errors else 0, per_request)


def hello_throughput(repo: Path, seconds: float = 5.0) -> dict[str, Throughput] | None:
    """``GET /hello`` on ``CLIENTS`` connections: the bare aiohttp handler, then the gateway, in this run. None
    without wrk."""
    if shutil.which("wrk") is None:
        return None
    results: dict[str, Throughput] = {}
    with tempfile.TemporaryDirectory(prefix="bench-hello-") as tmp:
        port = _free_port()
        bare = subprocess.Popen([sys.executable, "-c", BARE_HANDLER, str(port)], env={**os.environ})
        try:
            url = f"http://127.0.0.1:{port}/hello?name=Kim"
            _first_answer(url, bare, time.perf_counter() + 30)
            wrk(url, 1)  # warm
            results["bare aiohttp handler"] = wrk(url, seconds, server=bare.pid)
        finally:
            _stop(bare)
        port = _free_port()
        gateway = _make_run(repo, port, Path(tmp) / "run.log", 'throttling={"rate_limit":5000,"burst_limit":5000}')
        try:
            url = f"http://127.0.0.1:{port}/hello?name=Kim"
            _first_answer(url, gateway, time.perf_counter() + 120)
            wrk(url, 2)  # warm: every worker of the pool has started and imported the handler
            results["make run gateway + hello Lambda"] = wrk(url, seconds, server=gateway.pid)
        finally:
            _stop(gateway)
    return results


def report(repo: Path) -> tuple[dict[str, float], list[str]]:
    """The measurements (for latest.json) and the lines ``make bench`` prints."""
    values: dict[str, float] = {"make run: seconds to the first GET /hello answer": startup_seconds(repo)}
    lines = [f"make run EXAMPLE=http-api-lambda to its first answer: {values[next(iter(values))]:.2f} s (median of 3)"]
    throughput = hello_throughput(repo)
    if throughput is None:
        lines.append("GET /hello throughput: not measured (wrk is missing: make setup installs it)")
        return values, lines
    lines.append(f"GET /hello, {CLIENTS} clients (wrk), same run:")
    for name, result in throughput.items():
        values[f"GET /hello requests per second, {name}"] = result.requests_per_second
        latency = f"{result.median_latency_ms:.2f} ms median" if result.median_latency_ms is not None else ""
        errors = f", {result.errors} non-2xx" if result.errors else ""
        cpu = f", {result.cpu_us_per_request:.0f} us of CPU per request" if result.cpu_us_per_request else ""
        if result.cpu_us_per_request:
            values[f"GET /hello CPU microseconds per request, {name}"] = result.cpu_us_per_request
        lines.append(f"  {name:34} {result.requests_per_second:8.0f} /s  {latency}{cpu}{errors}")
    bare, gateway = (r.requests_per_second for r in throughput.values())
    values["gateway throughput as a share of the bare handler's"] = gateway / bare
    share = f"{gateway / bare:.0%} of the bare handler's rate ({bare / gateway:.1f}x overhead)"
    lines.append(f"  the gateway serves {share}")
    return values, lines
