"""The Lambda handlers' cold start, as `make bench` measures it: each handler's import against a reference.

What is measured is ``import <handler module>`` in a fresh interpreter set up as Lambda's Python runtime has it when
it loads the handler (https://github.com/aws/aws-lambda-python-runtime-interface-client, ``awslambdaric/bootstrap.py``):

- the function's code and dependencies come from its built zip, extracted as the local runtime extracts it
  (``apigwkit.local.packages``: the AWS SDK, and host builds of native code made for another CPU, in a runtime
  directory), task root first on ``sys.path``;
- nothing is written next to the code (``-B``): ``/var/task`` is read-only, so a module the zip holds without byte
  code is compiled again at every cold start (the build ships byte code: ``apigwkit/lambda_build/bytecode.py``);
- the modules the runtime imports for itself before it imports the handler (``RUNTIME_PRELOADED``) are imported
  already, with the task root on ``sys.path`` as in Lambda; a garbage collection runs before the timer;
- no site-packages (``-S``, as the local worker): only what the zip and the runtime directory hold can be imported.

Each handler is compared with a reference measured in the same run (``TARGETS``): the bare handler (``import json``
and a function returning ``{}``, its byte code compiled as the build compiles a function's), or the import of the
third-party packages its cold path cannot do without, which is the floor any implementation of it pays. Samples are
taken round-robin (one of every target per round, in a shuffled order), so a burst of load on a shared machine hits
every target alike:
a handler's ratio is the median of its rounds' ratios (each round's handler sample over the same round's reference
sample), its seconds the median of its samples.

The 256 MB estimate scales the local seconds by the CPU share Lambda gives that memory size: "Lambda allocates CPU
power in proportion to the amount of memory configured ... At 1,769 MB, a function has the equivalent of one vCPU"
(https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html). It assumes an import runs on one of this
machine's cores as fast as on one Lambda vCPU; on a loaded machine the local figure, and so the estimate, is high.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from apigwkit.lambda_build.bytecode import compile_module, pyc_name

# What awslambdaric's bootstrap (and the modules it imports at start: lambda_runtime_client, lambda_runtime_log_utils,
# lambda_runtime_marshaller, lambda_context) has imported before it imports the handler. simplejson (the
# marshaller's) is left out: the handlers do not use it. Newer releases also import socket and multiprocessing at
# start; they are left out too, so the model holds for the releases that do not.
RUNTIME_PRELOADED = (
    "importlib",
    "json",
    "logging",
    "os",
    "sys",
    "time",
    "traceback",
    "datetime",
    "enum",
    "decimal",
    "math",
    "concurrent.futures",
)
LAMBDA_MB_PER_VCPU = 1769
ESTIMATE_MEMORY_MB = 256

BARE = "bare stdlib handler"
BARE_SOURCE = "import json\n\n\ndef lambda_handler(event, context):\n    return {}\n"
# reference -> the modules imported together: the third-party floor of a handler's cold path
REFERENCES: dict[str, tuple[str, ...]] = {
    "boto3": ("boto3",),
    "PyJWT + cryptography": ("jwt",),
    "boto3 + PyJWT + cryptography": ("boto3", "jwt"),
}
# Issue 22's targets: handler -> (reference, largest accepted ratio). A handler without a row is held to the bare
# handler's. The authorizer needs both boto3 (its configuration in Parameter Store and Secrets Manager) and PyJWT
# with cryptography (the signatures): its floor is the two imported together.
TARGETS: dict[str, tuple[str, float]] = {
    "hello": (BARE, 2.0),
    "sum": (BARE, 2.0),
    "authorizer": ("boto3 + PyJWT + cryptography", 1.3),
    "chat": ("boto3", 1.3),
    "orders": ("boto3", 1.3),
    "presign": ("boto3", 1.3),
}
DEFAULT_TARGET = (BARE, 2.0)
# hello ships its own module only: no dependency to package (issue 22: at most 100 KB)
HELLO_MAX_ZIP_BYTES = 100_000

_PROBE = """
import sys
sys.path[:0] = [p for p in sys.argv[1].split(":") if p]
for name in sys.argv[3].split(","):
    __import__(name)
import gc, json, time
gc.collect()
before = set(sys.modules)
started = time.perf_counter()
for name in sys.argv[2].split(","):
    __import__(name)
seconds = time.perf_counter() - started
print(json.dumps({"seconds": seconds, "modules": sorted(set(sys.modules) - before)}))
"""


@dataclass(frozen=True)
class Target:
    """What to import (``modules``, together) with ``path`` in front of the standard library."""

    path: tuple[str, ...]
    modules: tuple[str, ...]


@dataclass(frozen=True)
class Probe:
    seconds: float
    modules: tuple[str, ...]  # every module the import added to sys.modules


@dataclass(frozen=True)
class Verdict:
    handler: str
    reference: str
    ratio: float  # median over the rounds of handler seconds / reference seconds
    limit: float

    @property
    def ok(self) -> bool:
        return self.ratio <= self.limit


def lambda_environment(function: str) -> dict[str, str]:
    """The variables Lambda sets that the handlers or their libraries may read at import; nothing of ours."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "AWS_REGION": "us-east-1",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_EXECUTION_ENV": "AWS_Lambda_python3.12",
        "AWS_LAMBDA_FUNCTION_NAME": function,
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(ESTIMATE_MEMORY_MB),
        "AWS_LAMBDA_LOG_FORMAT": "JSON",
        "AWS_LAMBDA_LOG_LEVEL": "INFO",
    }


def probe(target: Target, environment: Mapping[str, str]) -> Probe:
    """One fresh interpreter importing ``target``; RuntimeError with the last line of its error when it cannot."""
    out = subprocess.run(
        [
            sys.executable,
            "-I",
            "-S",
            "-B",
            "-c",
            _PROBE,
            ":".join(target.path),
            ",".join(target.modules),
            ",".join(RUNTIME_PRELOADED),
        ],
        capture_output=True,
        text=True,
        env=dict(environment),
    )
    if out.returncode != 0:
        raise RuntimeError((out.stderr.strip().splitlines() or ["failed"])[-1][:160])
    result = json.loads(out.stdout)
    return Probe(float(result["seconds"]), tuple(result["modules"]))


def measure(
    targets: Mapping[str, Target], environments: Mapping[str, Mapping[str, str]], rounds: int
) -> tuple[dict[str, list[float]], dict[str, str]]:
    """Each target's seconds in each of ``rounds`` round-robin rounds, and the targets that failed (with why)."""
    samples: dict[str, list[float]] = {name: [] for name in targets}
    failed: dict[str, str] = {}
    for number in range(rounds):
        order = list(targets)
        random.Random(number).shuffle(order)  # no target always first (cold caches) or right after its reference
        for name in order:
            if name in failed:
                continue
            try:
                samples[name].append(probe(targets[name], environments[name]).seconds)
            except RuntimeError as err:
                failed[name] = str(err)
    return {name: s for name, s in samples.items() if name not in failed}, failed


def medians(samples: Mapping[str, list[float]]) -> dict[str, float]:
    return {name: statistics.median(values) for name, values in samples.items()}


def handler_targets(
    manifest: Mapping[str, Mapping[str, object]], repo_root: Path, workdir: Path
) -> tuple[dict[str, Target], dict[str, Mapping[str, str]]]:
    """The bare handler, the references and every built handler, with the environment each is imported in."""
    from apigwkit.local.packages import prepare_package

    bare = workdir / "bare"
    bare.mkdir(parents=True, exist_ok=True)
    (bare / "bare_handler.py").write_text(BARE_SOURCE)
    compile_module(bare / "bare_handler.py", "bare_handler.py", bare / pyc_name("bare_handler.py"))  # as built
    packages = {
        name: prepare_package(name, repo_root / str(entry["filename"]), workdir / "packages")
        for name, entry in sorted(manifest.items())
    }
    any_runtime = next((str(p.runtime_dir) for p in packages.values()), "")
    targets = {BARE: Target((str(bare), any_runtime), ("bare_handler",))}
    if "authorizer" in packages:  # PyJWT as the authorizer's zip ships it, cryptography as the runtime links it
        jwt_path = (str(packages["authorizer"].task_root), str(packages["authorizer"].runtime_dir))
        for reference, modules in REFERENCES.items():
            targets[reference] = Target(jwt_path, modules)
    elif any_runtime:
        targets["boto3"] = Target((any_runtime,), REFERENCES["boto3"])
    for name, package in packages.items():
        module = str(manifest[name]["handler"]).rsplit(".", 1)[0]
        targets[name] = Target((str(package.task_root), str(package.runtime_dir)), (module,))
    environments = {name: lambda_environment(name) for name in targets}
    return targets, environments


def verdicts(samples: Mapping[str, list[float]], handlers: Iterable[str]) -> list[Verdict]:
    """Each measured handler against its reference, round by round (handlers whose reference failed are left out)."""
    found = []
    for handler in handlers:
        reference, limit = TARGETS.get(handler, DEFAULT_TARGET)
        if handler in samples and reference in samples:
            ratios = [h / r for h, r in zip(samples[handler], samples[reference], strict=True) if r > 0]
            if ratios:
                found.append(Verdict(handler, reference, statistics.median(ratios), limit))
    return found


def at_memory(seconds: float, memory_mb: int = ESTIMATE_MEMORY_MB) -> float:
    """Local seconds scaled to the CPU share of a ``memory_mb`` function (below one vCPU: proportionally slower)."""
    return seconds * max(1.0, LAMBDA_MB_PER_VCPU / memory_mb)


def report(seconds: Mapping[str, float], results: list[Verdict], rounds: int) -> list[str]:
    """The table `make bench` prints."""
    width = max((len(name) for name in seconds), default=10) + 2
    lines = [
        f"handler imports: fresh interpreter as Lambda's Python runtime loads a handler; median of {rounds} rounds",
        f"{'import'.ljust(width)}{'local':>10}{f'{ESTIMATE_MEMORY_MB} MB est.':>14}   against (same run)",
    ]
    by_handler = {v.handler: v for v in results}
    for name, value in seconds.items():
        line = f"{name.ljust(width)}{value * 1000:8.1f}ms{at_memory(value) * 1000:12.1f}ms"
        verdict = by_handler.get(name)
        if verdict:
            mark = "ok" if verdict.ok else "OVER TARGET"
            line += f"   {verdict.ratio:5.2f}x {verdict.reference} (target <= {verdict.limit}x): {mark}"
        lines.append(line)
    return lines
