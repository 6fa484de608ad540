"""The checkov gate (`make policy`): every module and example as HCL, and every example's plan.

    python -m apigwkit.policy                     # all of modules/ and examples/; plans every example
    python -m apigwkit.policy DIR... [--plan DIR]  # only these directories (HCL), planning the --plan ones
    python -m apigwkit.policy --sarif FILE         # also write the results as SARIF (make policy does)

What it runs. checkov 3.3.30 from the tool environment ``.venv-checkov`` (its pins conflict with
ours), offline: ``BC_SKIP_MAPPING=TRUE`` and no platform set-up, so nothing is downloaded, with our
custom checks (``policy/checks``, when that directory holds checks). ``--jobs`` checkov processes
(2, the cores of the CI machine; one for fewer than 8 scans) serve the whole run: each is started
with ``--worker`` (this file, run by the tool environment's Python, using only the standard library
and checkov) and scans one job per line of its stdin - a directory as HCL (``framework
terraform``) or a plan JSON (``framework terraform_plan``); each job goes to the process with the
fewest jobs pending, while this process plans the examples with the offline engine. Two reasons
for not calling the checkov CLI: it costs ~5.5 s of start-up per call on this machine, and the
exact results need one call per directory - ``checkov -d a -d b`` scans the second directory with
the first one's definitions, and ``-d .`` merges every root into one graph, which drops a module's
own results when an example calls it and deduplicates module resources across examples.

Scans already made. A scan whose inputs have not changed since it was made (the directory and the local
modules it calls, or the plan's JSON, and checkov, the gate and our checks) is answered from
``build/policy/cache`` instead of by checkov (``ScanCache``); the examples are planned every time, since a plan
is one of those inputs. A run where nothing changed starts no checkov process. ``--no-cache`` scans everything.

Skips. A skip is a ``# checkov:skip=ID:reason`` comment inside the resource (or data) block it
excuses. The gate refuses a skip without a reason and a skip outside any resource block. checkov
applies HCL skips itself in HCL scans; for plan scans it can only enrich by ``TYPE.NAME`` across a
whole repository root (``--repo-root-for-plan-enrichment``), which ignores module paths, so a skip
on ``aws_cloudwatch_log_group.this`` in one module would excuse every module's log group called
``this``, or none. The gate therefore resolves each plan finding itself: the address
(``module.api.aws_apigatewayv2_route.this["GET /health"]``) is followed through the plan's
``configuration.module_calls`` sources to the exact block in the exact file, whose skips apply.

Exit status: 0 when nothing failed, 1 when a check failed, a skip had no reason or sat outside a
resource, a plan failed, or one of our own checks raised; 2 on usage errors.
"""

from __future__ import annotations

import argparse
import atexit
import hashlib
import json
import os
import re
import subprocess
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
CHECKOV_PYTHON = REPO_ROOT / ".venv-checkov" / "bin" / "python"
CUSTOM_CHECKS = REPO_ROOT / "policy" / "checks"
CUSTOM_PREFIX = "CKV_APIGWKIT_"
WORK_DIR = REPO_ROOT / "build" / "policy"

# checkov's own pattern (checkov/common/comment/enum.py), so the gate reads skips exactly as checkov does.
SKIP_COMMENT = re.compile(
    r"(checkov:skip=|bridgecrew:skip=|cortex:skip=) *([A-Za-z_\d-]+(?:,[A-Za-z_\d-]+)*)?(:[^\n]*)?"
)
_BLOCK_START = re.compile(
    r"^(resource|data|module|variable|output|locals|provider|terraform|moved|import|check)\b(.*)\{"
)
_LABELS = re.compile(r'"([^"]*)"')
_HEREDOC = re.compile(r"<<-?([A-Za-z_][A-Za-z0-9_]*)\s*$")
_INDEX = re.compile(r'\[(?:"(?:[^"\\]|\\.)*"|[0-9]+)\]')


# --------------------------------------------------------------------------- HCL blocks and skips


@dataclass(frozen=True)
class Skip:
    """One ``checkov:skip`` comment: the check ids it names and its reason ("" when none)."""

    file: Path
    line: int
    check_ids: tuple[str, ...]
    reason: str

    @property
    def where(self) -> str:
        return f"{_rel(self.file)}:{self.line}"


@dataclass(frozen=True)
class Block:
    """A top-level block of a ``.tf`` file, lines ``start``..``end`` (1-based, inclusive)."""

    kind: str
    labels: tuple[str, ...]
    file: Path
    start: int
    end: int
    skips: tuple[Skip, ...] = ()

    @property
    def address(self) -> str | None:
        """``TYPE.NAME`` for a resource, ``data.TYPE.NAME`` for a data source, else None."""
        if self.kind == "resource" and len(self.labels) == 2:
            return ".".join(self.labels)
        if self.kind == "data" and len(self.labels) == 2:
            return "data." + ".".join(self.labels)
        return None

    def skip_for(self, check_id: str) -> Skip | None:
        return next((s for s in self.skips if check_id in s.check_ids), None)


def parse_skips(path: Path, lines: list[str]) -> list[Skip]:
    skips = []
    for number, line in enumerate(lines, start=1):
        match = SKIP_COMMENT.search(line)
        if match and match.group(2):
            reason = match.group(3)[1:].strip() if match.group(3) else ""
            skips.append(Skip(path, number, tuple(i.strip() for i in match.group(2).split(",")), reason))
    return skips


def parse_blocks(path: Path) -> tuple[list[Block], list[Skip]]:
    """The top-level blocks of a ``terraform fmt``-formatted file, and the skips outside any resource.

    A formatted top-level block starts at column 0 and ends at the next line that is exactly "}"
    (or on its own line, as ``data "x" "y" {}``); heredoc bodies are passed over. A skip belongs to
    a block when it lies strictly between the block's first and last lines, as checkov decides.
    """
    lines = path.read_text().splitlines()
    skips = parse_skips(path, lines)
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        match = _BLOCK_START.match(lines[i])
        if not match:
            i += 1
            continue
        start, kind, labels = i + 1, match.group(1), tuple(_LABELS.findall(match.group(2)))
        if lines[i].rstrip().endswith("}") and lines[i].count("{") == lines[i].count("}"):
            end = start
        else:
            j, heredoc = i + 1, None
            while j < len(lines):
                text = lines[j]
                if heredoc is not None:
                    if text.strip() == heredoc:
                        heredoc = None
                elif text.rstrip() == "}":
                    break
                elif found := _HEREDOC.search(text):
                    heredoc = found.group(1)
                j += 1
            end = j + 1
        inside = tuple(s for s in skips if start < s.line < end)
        blocks.append(Block(kind, labels, path, start, end, inside))
        i = end
    in_resources = {s for b in blocks if b.address for s in b.skips}
    return blocks, [s for s in skips if s not in in_resources]


@dataclass
class DirectoryIndex:
    """The resource/data blocks of one directory by address, and its misplaced skips."""

    blocks: dict[str, Block]
    stray_skips: list[Skip]
    skips: list[Skip]


_INDEX_CACHE: dict[Path, DirectoryIndex] = {}


def index_directory(directory: Path) -> DirectoryIndex:
    directory = directory.resolve()
    if directory not in _INDEX_CACHE:
        blocks: dict[str, Block] = {}
        stray: list[Skip] = []
        every: list[Skip] = []
        for path in sorted(directory.glob("*.tf")):
            found, outside = parse_blocks(path)
            blocks.update({b.address: b for b in found if b.address})
            stray.extend(outside)
            every.extend(s for b in found for s in b.skips)
        _INDEX_CACHE[directory] = DirectoryIndex(blocks, stray, sorted(set(every) | set(stray), key=_skip_order))
    return _INDEX_CACHE[directory]


def _skip_order(s: Skip) -> tuple[str, int]:
    return str(s.file), s.line


def module_directories(roots: Iterable[Path]) -> list[Path]:
    """``roots`` and every local module directory they call, transitively (by ``source = "./..."``)."""
    seen: dict[Path, None] = {}
    pending = [r.resolve() for r in roots]
    while pending:
        directory = pending.pop(0)
        if directory in seen:
            continue
        seen[directory] = None
        for path in sorted(directory.glob("*.tf")):
            for block in parse_blocks(path)[0]:
                if block.kind != "module":
                    continue
                body = "\n".join(path.read_text().splitlines()[block.start - 1 : block.end])
                source = re.search(r'^\s*source\s*=\s*"(\.{1,2}/[^"]*)"', body, re.MULTILINE)
                if source:
                    pending.append((directory / source.group(1)).resolve())
    return list(seen)


def split_address(address: str) -> tuple[list[str], str]:
    """``module.a["k"].module.b.aws_x.y[0]`` -> (["a", "b"], "aws_x.y"); data sources keep ``data.``."""
    parts = _INDEX.sub("", address).split(".")
    modules: list[str] = []
    while len(parts) > 2 and parts[0] == "module":
        modules.append(parts[1])
        parts = parts[2:]
    return modules, ".".join(parts)


def block_for_address(root: Path, configuration: dict[str, Any], address: str) -> Block | None:
    """The HCL block that planned ``address``, following module calls from ``root`` (the planned directory)."""
    modules, resource = split_address(address)
    directory, config = root.resolve(), configuration.get("root_module", {})
    for name in modules:
        call = config.get("module_calls", {}).get(name)
        source = (call or {}).get("source", "")
        if not source.startswith(("./", "../")):
            return None  # a registry or git module: not ours to excuse
        directory, config = (directory / source).resolve(), call.get("module", {})
    return index_directory(directory).blocks.get(resource)


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Finding:
    """One check result of one resource in one scan."""

    target: str  # the directory scanned (repo-relative)
    scan: str  # "hcl" or "plan"
    check_id: str
    check_name: str
    result: str  # "passed", "failed" or "skipped"
    resource: str
    file: str  # repo-relative
    line: int
    end_line: int
    reason: str = ""
    skip_at: str = ""  # file:line of the skip comment, when known


@dataclass
class GateResult:
    targets: list[str]
    planned: list[str]
    findings: list[Finding] = field(default_factory=list)
    unjustified_skips: list[Skip] = field(default_factory=list)
    stray_skips: list[Skip] = field(default_factory=list)
    plan_errors: dict[str, str] = field(default_factory=dict)
    check_errors: list[dict[str, str]] = field(default_factory=list)
    gate_errors: list[str] = field(default_factory=list)
    custom_checks: list[str] = field(default_factory=list)
    checkov_version: str = ""
    seconds: float = 0.0
    reused: int = 0  # scans answered from the cache (their inputs unchanged since they were made)

    def of(self, result: str) -> list[Finding]:
        return [f for f in self.findings if f.result == result]

    @property
    def failed(self) -> bool:
        own_check_errors = [e for e in self.check_errors if e["check_id"].startswith(CUSTOM_PREFIX)]
        return bool(
            self.of("failed")
            or self.unjustified_skips
            or self.stray_skips
            or self.plan_errors
            or own_check_errors
            or self.gate_errors
        )


def _rel(path: str | Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(REPO_ROOT))
    except ValueError:
        return str(path)


# --------------------------------------------------------------------------- the checkov worker


class Worker:
    """The checkov process: one JSON job per stdin line, one JSON result per stdout line.

    A worker outlives the gate run that started it: a later run in the same process (the tests make several) takes it
    from ``_idle`` instead of paying checkov's start again (~2 s of CPU: importing checkov and registering its checks).
    The process's exit ends it. Its log stays the file it was started with."""

    def __init__(self, checks: tuple[Path | None, str], log: Path) -> None:
        """``checks``: the custom checks directory to load and the digest of its files (``_checks_loaded``)."""
        custom_checks = checks[0]
        if not CHECKOV_PYTHON.exists():
            raise FileNotFoundError(f"{_rel(CHECKOV_PYTHON)} is missing: run `make setup` (it installs checkov there)")
        env = {**os.environ, "BC_SKIP_MAPPING": "TRUE", "PYTHONPATH": str(REPO_ROOT)}
        # checkov's modules are compiled by the first worker that imports them and cached for the next ones
        # (`make setup` does not compile the tool environment ahead: most of what it installs is never imported)
        for name in ("PYTHONHOME", "PYTHONDONTWRITEBYTECODE"):
            env.pop(name, None)
        args = [str(CHECKOV_PYTHON), "-m", "apigwkit.policy", "--worker"]
        if custom_checks is not None:
            args += ["--external-checks-dir", str(custom_checks)]
        log.parent.mkdir(parents=True, exist_ok=True)
        self.checks = checks
        self.log_path = log
        self._log = log.open("w")
        self._proc = subprocess.Popen(
            args, cwd=REPO_ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._log, text=True
        )
        self._lock = threading.Lock()
        self._answered = threading.Condition(self._lock)
        self.pending = 0  # jobs sent and not answered yet
        self.results: list[dict[str, Any]] = []  # answers not handed out yet
        self.hello: dict[str, Any] | None = None  # what the worker says first: checkov's version, the checks loaded
        self.alive = True
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self._proc.stdout is not None
        for line in self._proc.stdout:
            if line.strip():
                message = json.loads(line)
                with self._lock:
                    if message["kind"] == "hello":
                        self.hello = message
                    else:
                        self.results.append(message)
                        self.pending -= 1
                    self._answered.notify_all()
        with self._lock:
            self.alive = False
            self._answered.notify_all()

    def submit(self, **job: str) -> None:
        assert self._proc.stdin is not None
        with self._lock:
            self.pending += 1
            self._proc.stdin.write(json.dumps(job) + "\n")
            self._proc.stdin.flush()

    def drain(self) -> list[dict[str, Any]]:
        """Wait for the answers to every job sent so far (or the worker's end); hand them out, checkov's hello first."""
        with self._lock:
            while self.alive and (self.pending or self.hello is None):
                self._answered.wait()
            answers, self.results = self.results, []
        return ([self.hello] if self.hello else []) + answers

    def finish(self) -> int:
        assert self._proc.stdin is not None
        self._proc.stdin.close()
        code = self._proc.wait()
        self._reader.join()
        self._log.close()
        return code


_idle: list[Worker] = []  # this process's workers between gate runs (finished when it exits)
_idle_lock = threading.Lock()


def _checks_loaded(custom_checks: Path | None) -> tuple[Path | None, str]:
    """Which checks a worker started now loads: the directory and the content of its Python files."""
    digest = hashlib.sha256()
    for path in sorted(custom_checks.rglob("*.py")) if custom_checks else []:
        digest.update(f"\0{path}\0".encode() + path.read_bytes())
    return custom_checks, digest.hexdigest()


def _take_worker(checks: tuple[Path | None, str], log: Path) -> Worker:
    """An idle worker that loaded the same checks (an edited check needs a new one), or a new worker."""
    with _idle_lock:
        for worker in _idle:
            if worker.checks == checks:
                _idle.remove(worker)
                return worker
    return Worker(checks, log)


def _release_workers(workers: list[Worker]) -> None:
    with _idle_lock:
        _idle.extend(workers)


@atexit.register
def _finish_idle_workers() -> None:
    with _idle_lock:
        workers, _idle[:] = list(_idle), []
    for worker in workers:
        worker.finish()


def _speed_up_checkov() -> None:  # pragma: no cover - runs inside .venv-checkov
    """Costs checkov 3.3 pays again and again for the same result, paid once per worker instead (profiled on a
    directory scan: more than half of its time). The verdicts are the same: the gate over every module and example
    gives the same findings with and without them, and tests/policy's fixtures judge through them.

    - bc_jsonpath_ng builds a new PLY parser, LR tables included, for every JSONPath it parses (~40 ms each; an
      example's scan parses dozens of distinct paths): the parser is stateless between parses, so one per grammar.
    - checkov's ``safe_eval_functions.evaluate`` makes a new asteval ``Interpreter`` for every expression (thousands
      per scan) over the same shared symbol table; asteval resets its errors at each call, so one does. Its
      ``parse`` (``ast.parse``: the same few hundred expressions again and again) is kept per text; evaluating
      does not change the tree, and a text that fails to parse is parsed (and fails) again every time.
    - python-hcl2's Lark parse (~40 ms a file) of the module files every example calls: each file's text is parsed
      once, and each caller gets its own copy (checkov edits what it loads).
    - ``evaluate_terraform`` of a string depends on nothing but the string (the variables are substituted before):
      the same strings come back for every vertex that shares an expression and in every example calling a module
      (the modules and examples: 80% of the calls). Each string is evaluated once, each caller gets its own copy.
    """
    import copy

    import hcl2
    import ply.yacc
    from checkov.terraform.graph_builder.foreach import abstract_handler
    from checkov.terraform.graph_builder.variable_rendering import evaluate_terraform as evaluator
    from checkov.terraform.graph_builder.variable_rendering import safe_eval_functions

    yacc, parsers = ply.yacc.yacc, {}

    def one_parser_per_grammar(*args: Any, module: Any = None, start: Any = None, **options: Any) -> Any:
        key = (type(module), start)
        if key not in parsers:
            parsers[key] = yacc(*args, module=module, start=start, **options)
        return parsers[key]

    ply.yacc.yacc = one_parser_per_grammar

    interpreter = safe_eval_functions.get_asteval()
    parse, trees = interpreter.parse, {}

    def parse_once(text: str) -> Any:
        if text not in trees:
            trees[text] = parse(text)
        interpreter.expr = text  # what parse itself sets, for the error messages of the run that follows
        return trees[text]

    interpreter.parse = parse_once
    safe_eval_functions.get_asteval = lambda: interpreter

    loads, documents = hcl2.loads, {}

    def load_once(file: Any) -> Any:  # hcl2.load: checkov's parser_utils reads every .tf file through it
        text = file.read()
        if text not in documents:
            documents[text] = loads(text)
        return copy.deepcopy(documents[text])

    hcl2.load = load_once

    evaluate, evaluated = evaluator.evaluate_terraform, {}

    def evaluate_once(value: Any, keep_interpolations: bool = True) -> Any:
        if type(value) is not str:
            return evaluate(value, keep_interpolations)
        key = (value, keep_interpolations)
        if key not in evaluated:
            evaluated[key] = evaluate(value, keep_interpolations)
        return copy.deepcopy(evaluated[key])

    evaluator.evaluate_terraform = abstract_handler.evaluate_terraform = evaluate_once  # the two names it is called by


def _worker_main(external_checks: list[str]) -> int:  # pragma: no cover - runs inside .venv-checkov
    """Runs under ``.venv-checkov/bin/python``: standard library and checkov only."""
    import logging

    # The protocol owns the original stdout; anything checkov or a check prints goes to the log.
    protocol = os.fdopen(os.dup(sys.stdout.fileno()), "w")
    sys.stdout.flush()
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())

    def send(message: dict[str, Any]) -> None:
        protocol.write(json.dumps(message) + "\n")
        protocol.flush()

    class _CheckErrors(logging.Handler):
        """checkov logs a check that raised and carries on; collect those for the report."""

        pattern = re.compile(r"Failed to run check (\S+) on (\S+?):(\S+)")

        def __init__(self) -> None:
            super().__init__(logging.ERROR)
            self.errors: list[dict[str, str]] = []

        def emit(self, record: logging.LogRecord) -> None:
            match = self.pattern.search(record.getMessage())
            if match:
                self.errors.append({"check_id": match.group(1), "file": match.group(2), "resource": match.group(3)})

    errors = _CheckErrors()
    logging.getLogger().addHandler(errors)
    _speed_up_checkov()

    from checkov.common.checks_infra.registry import get_graph_checks_registry
    from checkov.runner_filter import RunnerFilter
    from checkov.terraform.checks.resource.registry import resource_registry
    from checkov.terraform.plan_runner import Runner as PlanRunner
    from checkov.terraform.runner import Runner as TerraformRunner
    from checkov.version import version

    def registered() -> set[str]:
        ids = {c.id for checks in resource_registry.checks.values() for c in checks}
        ids |= {c.id for checks in resource_registry.wildcard_checks.values() for c in checks}
        for kind in ("terraform", "terraform_plan"):
            ids |= {c.id for c in get_graph_checks_registry(kind).checks}
        return ids

    before = registered()
    for directory in external_checks:
        # loaded once for the process: checkov registers a check id only once per registry
        resource_registry.load_external_checks(directory)
        for kind in ("terraform", "terraform_plan"):
            get_graph_checks_registry(kind).load_external_checks(directory)
    custom = sorted(registered() - before)
    send({"kind": "hello", "checkov_version": version, "custom_checks": custom})

    def records(report: Any) -> list[dict[str, Any]]:
        out = []
        for result, items in (("passed", report.passed_checks), ("failed", report.failed_checks)):
            out += [_record(r, result) for r in items]
        out += [_record(r, "skipped") for r in report.skipped_checks]
        return out

    def _record(r: Any, result: str) -> dict[str, Any]:
        lines = r.file_line_range or [0, 0]
        return {
            "check_id": r.check_id,
            "check_name": r.check_name,
            "result": result,
            "resource": r.resource,
            "file": r.file_abs_path,
            "lines": [lines[0], lines[-1]],
            "reason": (r.check_result or {}).get("suppress_comment") or "",
        }

    for line in sys.stdin:
        job = json.loads(line)
        del errors.errors[:]
        try:
            if job["kind"] == "hcl":
                runner_filter = RunnerFilter(framework=["terraform"], download_external_modules=False)
                report = TerraformRunner().run(root_folder=job["dir"], runner_filter=runner_filter)
            else:
                runner_filter = RunnerFilter(framework=["terraform_plan"], download_external_modules=False)
                report = PlanRunner().run(root_folder=None, files=[job["file"]], runner_filter=runner_filter)
            reports = report if isinstance(report, list) else [report]
            found = [rec for rep in reports for rec in records(rep)]
            send({**job, "records": found, "check_errors": list(errors.errors)})
        except Exception as err:  # one broken job must not hide the others' results
            import traceback

            send({**job, "error": f"{err!r}\n{traceback.format_exc()}"})
    return 0


# --------------------------------------------------------------------------- planning


# REST and WebSocket stages log only in an account whose API Gateway CloudWatch role is set
# (modules/account_settings); a new account has none, so the examples' defaults leave their stages
# unlogged. The gate judges each example as it is deployed to an account that can log.
LOGGING_ACCOUNT_VARIABLES = ("cloudwatch_role_arn",)


def plan_json(directory: Path, out: Path) -> Path:
    """Plan ``directory`` with the offline engine and write its JSON: the example's defaults, plus the
    account's CloudWatch role for an example that takes one (``LOGGING_ACCOUNT_VARIABLES``)."""
    # (imported here: the checkov worker runs this module in its own virtualenv, without the double)
    from apigwkit.engine.workspace import Workspace
    from apigwkit.provider_double.account import CONFIGURED_ROLE

    ws = Workspace(directory, account_preset="configured")
    declared = "\n".join(p.read_text() for p in directory.glob("*.tf"))
    variables = {k: CONFIGURED_ROLE for k in LOGGING_ACCOUNT_VARIABLES if f'variable "{k}"' in declared}
    try:
        plan = ws.plan(variables)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(plan.raw))
        return out
    finally:
        ws.cleanup()


# --------------------------------------------------------------------------- scans already made


class ScanCache:
    """checkov's answers to scans whose inputs have not changed since they were made (``<work dir>/cache``).

    A scan's answer depends only on what checkov reads (a directory and the local modules it calls, or a plan's
    JSON) and on the checkov that reads it (the gate, the tool environment's lock, our checks); a scan's key is a
    hash of all of these, so any change to them is a new scan. What the gate makes of an answer (skips resolved
    against the files as they are now, the verdict) is worked out afresh every time. ``--no-cache`` rescans all.
    """

    def __init__(self, directory: Path, custom_checks: Path | None) -> None:
        self.dir = directory
        digest = hashlib.sha256(f"{REPO_ROOT}\0{CHECKOV_PYTHON}".encode())
        for path in [Path(__file__), REPO_ROOT / "tools" / "requirements-checkov.lock"]:
            digest.update(path.read_bytes())
        digest.update(_checks_loaded(custom_checks)[1].encode())
        self.checkov = digest.hexdigest()
        self.reused = 0

    def key(self, job: dict[str, str]) -> str:
        digest = hashlib.sha256(f"{self.checkov}\0{job['kind']}\0{job['target']}".encode())
        if job["kind"] == "plan":
            digest.update(job["file"].encode())  # checkov reads the path too (see plan_file)
            plan = json.loads(Path(job["file"]).read_text())
            # what differs between two plans of the same configuration, and checkov does not read: when the plan
            # was made, and the order Terraform happens to list relevant attributes in
            plan.pop("timestamp", None)
            plan["relevant_attributes"] = sorted(
                json.dumps(a, sort_keys=True) for a in plan.get("relevant_attributes", [])
            )
            digest.update(json.dumps(plan, sort_keys=True).encode())
        else:
            for directory in module_directories([Path(job["dir"])]):
                for path in sorted(p for p in directory.rglob("*") if p.is_file() and ".terraform" not in p.parts):
                    digest.update(f"\0{path}\0".encode() + path.read_bytes())
        return digest.hexdigest()

    def get(self, name: str) -> dict[str, Any] | None:
        path = self.dir / f"{name}.json"
        return json.loads(path.read_text()) if path.is_file() else None

    def put(self, name: str, answer: dict[str, Any]) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        (self.dir / f"{name}.json").write_text(json.dumps(answer))


# --------------------------------------------------------------------------- the gate


def default_targets() -> tuple[list[Path], list[Path]]:
    from apigwkit.engine.workspace import terraform_dirs

    dirs = list(terraform_dirs())
    return dirs, [d for d in dirs if d.parent.name == "examples"]


def _custom_checks_dir() -> Path | None:
    if CUSTOM_CHECKS.is_dir() and any(p.name != "__init__.py" for p in CUSTOM_CHECKS.rglob("*.py")):
        return CUSTOM_CHECKS
    return None


# checkov's pattern for an AWS secret access key (checkov/common/util/secrets.py, "aws"): 40 letters, digits, "/",
# "+" or "=" between two other characters.
_AWS_SECRET_LIKE = re.compile(r"(?<![A-Za-z0-9/+=])[A-Za-z0-9/+=]{40}(?![A-Za-z0-9/+=])")


def plan_file(work_dir: Path, target: str) -> Path:
    """Where the plan of ``target`` is written for checkov to scan.

    checkov adds the scanned file's absolute path to each Lambda environment as ``__file__``, and its
    CKV_AWS_45 secret check reads every value there: a path with a run of exactly 40 letters, digits and
    slashes (``/work/wt/i23/build/policy/plans/examples``) is an AWS secret key to it, so a function fails or
    passes by where the repository was cloned. The file goes in the first directory whose path has no such run.
    """
    name = f"{target.replace('/', '__')}.json"
    for folder in ("plans", "plan-json", "p-1"):
        path = work_dir.resolve() / folder / name
        if not _AWS_SECRET_LIKE.search(str(path)):
            return path
    raise RuntimeError(f"no path under {work_dir} for a plan that checkov would not take for a secret")


def run_gate(
    dirs: list[Path], plans: list[Path], *, jobs: int = 2, work_dir: Path = WORK_DIR, reuse: bool = True
) -> GateResult:
    started = time.monotonic()
    dirs = [d.resolve() for d in dirs]
    plans = [p.resolve() for p in plans]
    result = GateResult(targets=[_rel(d) for d in dirs], planned=[_rel(p) for p in plans])

    # every skip in the scanned directories and the local modules they call
    for directory in module_directories(dirs + plans):
        index = index_directory(directory)
        result.stray_skips += index.stray_skips
        result.unjustified_skips += [s for s in index.skips if not s.reason and s not in index.stray_skips]

    custom = _custom_checks_dir()
    loaded = _checks_loaded(custom)
    cache = ScanCache(work_dir / "cache", custom) if reuse else None
    # A checkov process takes ~2.5 s to start: one is started only for a scan not already made, and a second one
    # only when there are several scans to share.
    count = max(1, min(jobs, (len(dirs) + len(plans)) // 4))
    workers: list[Worker] = []
    reused: list[dict[str, Any]] = []
    choosing = threading.Lock()

    def submit(**job: str) -> None:
        if cache is not None:
            job["key"] = cache.key(job)
            answer = cache.get(job["key"])
            if answer is not None:
                reused.append({**answer, **job})
                return
        with choosing:
            if len(workers) < count and all(w.pending for w in workers):
                workers.append(_take_worker(loaded, work_dir / f"checkov-{len(workers) + 1}.log"))
            min(workers, key=lambda w: w.pending).submit(**job)

    for directory in dirs:
        submit(kind="hcl", target=_rel(directory), dir=str(directory))

    def plan_one(directory: Path) -> None:
        try:
            out = plan_json(directory, plan_file(work_dir, _rel(directory)))
            submit(kind="plan", target=_rel(directory), file=str(out), dir=str(directory))
        except Exception as err:  # TerraformError carries Terraform's own message
            result.plan_errors[_rel(directory)] = getattr(err, "output", None) or repr(err)

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        list(pool.map(plan_one, plans))
    if cache is not None and not workers and cache.get(cache.checkov) is None:
        workers.append(_take_worker(loaded, work_dir / "checkov-1.log"))  # nothing to scan; checkov's version to read
    scanned = [m for w in workers for m in w.drain()]
    codes = [0 if w.alive else w.finish() for w in workers]
    _release_workers([w for w in workers if w.alive])
    logs = ", ".join(_rel(w.log_path) for w in workers)
    if cache is not None:
        for message in scanned:
            if message["kind"] == "hello":
                cache.put(cache.checkov, message)
            elif "error" not in message and not message["check_errors"]:
                cache.put(message["key"], message)
        if not any(m["kind"] == "hello" for m in scanned):
            scanned.append(cache.get(cache.checkov) or {"kind": "hello", "checkov_version": "", "custom_checks": []})
    result.reused = len(reused)

    for message in scanned + reused:
        if message["kind"] == "hello":
            result.checkov_version = message["checkov_version"]
            result.custom_checks = message["custom_checks"]
            continue
        if "error" in message:
            result.gate_errors.append(f"checkov failed on {message['target']} ({message['kind']}): {message['error']}")
            continue
        result.check_errors += [{**e, "target": message["target"]} for e in message["check_errors"]]
        if message["kind"] == "hcl":
            result.findings += _hcl_findings(message)
        else:
            result.findings += _plan_findings(message)
    done = {(m["kind"], m["target"]) for m in scanned + reused if m["kind"] != "hello"}
    expected = {("hcl", t) for t in result.targets} | {
        ("plan", p) for p in result.planned if p not in result.plan_errors
    }
    if any(codes) or done != expected:
        missing = ", ".join(f"{k} {t}" for k, t in sorted(expected - done)) or "none"
        result.gate_errors.append(f"the checkov workers exited {codes}; scans missing: {missing} (see {logs})")
    if custom is not None and not (custom / "__init__.py").exists():
        result.gate_errors.append(f"{_rel(custom)} has no __init__.py: checkov loads none of its Python checks")
    elif custom is not None and not result.custom_checks:
        result.gate_errors.append(f"{_rel(custom)} holds checks but checkov loaded none (see {logs})")
    result.seconds = time.monotonic() - started
    return result


def _hcl_findings(message: dict[str, Any]) -> Iterator[Finding]:
    for r in message["records"]:
        yield Finding(
            target=message["target"],
            scan="hcl",
            check_id=r["check_id"],
            check_name=r["check_name"],
            result=r["result"],
            resource=r["resource"],
            file=_rel(r["file"]),
            line=r["lines"][0],
            end_line=r["lines"][1],
            reason=r["reason"].strip() if r["result"] == "skipped" else "",
        )


def _plan_findings(message: dict[str, Any]) -> Iterator[Finding]:
    configuration = json.loads(Path(message["file"]).read_text()).get("configuration", {})
    root = Path(message["dir"])
    for r in message["records"]:
        block = block_for_address(root, configuration, r["resource"])
        result, reason, skip_at = r["result"], "", ""
        skip = block.skip_for(r["check_id"]) if block else None
        if skip is not None and result == "failed":
            result, reason, skip_at = "skipped", skip.reason, skip.where
        yield Finding(
            target=message["target"],
            scan="plan",
            check_id=r["check_id"],
            check_name=r["check_name"],
            result=result,
            resource=r["resource"],
            file=_rel(block.file) if block else "(not in this repository)",
            line=block.start if block else 0,
            end_line=block.end if block else 0,
            reason=reason,
            skip_at=skip_at,
        )


# --------------------------------------------------------------------------- report


RESULTS = ("passed", "failed", "skipped")


def render(result: GateResult) -> str:
    custom = ", ".join(result.custom_checks) or "none loaded"
    out = [
        f"checkov {result.checkov_version or '?'} offline; our checks: {custom}",
        f"{len(result.targets)} directories as HCL, {len(result.planned)} plans, in {result.seconds:.1f} s"
        + (f" ({result.reused} scans unchanged since they were made, their answers reused)" if result.reused else ""),
        "",
        *_table(result),
        *_failures(result),
        *_skips(result),
        *_refusals(result),
        *_not_evaluated(result),
    ]
    skipped = result.of("skipped")
    verdict = "FAILED" if result.failed else "passed"
    out.append(
        f"\npolicy gate {verdict}: {len(result.of('failed'))} failed, {len(skipped)} skipped "
        f"(every one with its reason), {len(result.of('passed'))} passed"
    )
    return "\n".join(out)


def _table(result: GateResult) -> list[str]:
    """passed / failed / skipped per directory, for the HCL scan and the plan scan."""
    counts: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: dict.fromkeys(RESULTS, 0))
    totals = {scan: dict.fromkeys(RESULTS, 0) for scan in ("hcl", "plan")}
    for f in result.findings:
        counts[(f.target, f.scan)][f.result] += 1
        totals[f.scan][f.result] += 1
    width = max([len(t) for t in result.targets + result.planned] + [len("directory")])

    def cells(c: dict[str, int] | None, first: int) -> str:
        if c is None:
            return f"{'-':>{first}} {'-':>6} {'-':>7}"
        return f"{c['passed']:>{first}} {c['failed']:>6} {c['skipped']:>7}"

    header = f"{'directory':<{width}}  {'HCL passed':>10} {'failed':>6} {'skipped':>7}   {'plan passed':>11} "
    header += f"{'failed':>6} {'skipped':>7}"
    rows = [header, "-" * len(header)]
    for target in dict.fromkeys(result.targets + result.planned):
        hcl = cells(counts[(target, "hcl")] if target in result.targets else None, 10)
        if target in result.plan_errors:
            plan = f"{'the plan failed':>26}"
        else:
            plan = cells(counts[(target, "plan")] if target in result.planned else None, 11)
        rows.append(f"{target:<{width}}  {hcl}   {plan}")
    rows.append("-" * len(header))
    rows.append(f"{'total':<{width}}  {cells(totals['hcl'], 10)}   {cells(totals['plan'], 11)}")
    return rows


def _failures(result: GateResult) -> list[str]:
    failed = sorted(result.of("failed"), key=lambda f: (f.target, f.scan, f.check_id, f.resource))
    if not failed:
        return []
    rows = [f"\nFailed checks ({len(failed)}):"]
    for f in failed:
        rows.append(f"  {f.target} [{f.scan}] {f.check_id} {f.resource} at {f.file}:{f.line}: {f.check_name}")
    return rows


def _skips(result: GateResult) -> list[str]:
    """Each inline skip once: check, block, file:line, how many results it excused per scan, reason."""
    skipped = result.of("skipped")
    if not skipped:
        return []
    by_skip: dict[tuple[str, str, str, str], list[Finding]] = defaultdict(list)
    for f in skipped:
        by_skip[(f.check_id, f.file, _block_name(f), f.reason)].append(f)
    rows = [f"\nSkipped checks ({len(skipped)} results, {len(by_skip)} inline skips):"]
    for (check_id, file, block, reason), items in sorted(by_skip.items()):
        scans: dict[str, int] = defaultdict(int)
        for f in items:
            scans[f.scan] += 1
        where = ", ".join(f"{scan} {n}" for scan, n in sorted(scans.items()))
        rows.append(f"  {check_id} {block} ({file}:{min(f.line for f in items)}; {where}): {reason}")
    return rows


def _refusals(result: GateResult) -> list[str]:
    rows = []
    for s in result.unjustified_skips:
        rows.append(f"  {s.where}: skip of {', '.join(s.check_ids)} has no reason (write checkov:skip=ID:why)")
    for s in result.stray_skips:
        rows.append(f"  {s.where}: skip of {', '.join(s.check_ids)} is outside any resource block")
    for target, error in sorted(result.plan_errors.items()):
        first = next((line for line in error.splitlines() if line.strip()), error)
        rows.append(f"  {target}: the plan failed: {first}")
    rows += [f"  {error}" for error in result.gate_errors]
    for e in result.check_errors:
        if e["check_id"].startswith(CUSTOM_PREFIX):
            rows.append(
                f"  our check {e['check_id']} raised on {e['resource']} ({e['target']}); see build/policy/checkov-*.log"
            )
    return ["\nRefused:", *rows] if rows else []


def _not_evaluated(result: GateResult) -> list[str]:
    """Built-in checks that raised inside checkov (a checkov bug, not a finding): listed, not counted."""
    errors = sorted(
        {(e["check_id"], e["resource"], e["target"]) for e in result.check_errors}
        - {
            (e["check_id"], e["resource"], e["target"])
            for e in result.check_errors
            if e["check_id"].startswith(CUSTOM_PREFIX)
        }
    )
    if not errors:
        return []
    rows = ["\ncheckov could not evaluate (the check raised inside checkov; not counted):"]
    return rows + [f"  {check_id} on {resource} ({target})" for check_id, resource, target in errors]


def _block_name(f: Finding) -> str:
    """The block a finding belongs to, without module path or instance key (``aws_x.this``)."""
    return split_address(f.resource)[1]


# --------------------------------------------------------------------------- SARIF


def write_sarif(result: GateResult, path: Path) -> None:
    """Failed and skipped results as SARIF 2.1.0 (skips as in-source suppressions with their reason)."""
    rules: dict[str, str] = {}
    results = []
    for f in result.findings:
        if f.result == "passed":
            continue
        rules.setdefault(f.check_id, f.check_name)
        entry: dict[str, Any] = {
            "ruleId": f.check_id,
            "level": "error",
            "message": {"text": f"{f.check_name}: {f.resource} ({f.target}, {f.scan} scan)"},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": f.file},
                        "region": {"startLine": max(f.line, 1), "endLine": max(f.end_line, f.line, 1)},
                    }
                }
            ],
        }
        if f.result == "skipped":
            entry["suppressions"] = [{"kind": "inSource", "justification": f.reason}]
        results.append(entry)
    doc = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "checkov",
                        "version": result.checkov_version,
                        "informationUri": "https://www.checkov.io",
                        "rules": [
                            {"id": i, "name": i, "shortDescription": {"text": n}} for i, n in sorted(rules.items())
                        ],
                    }
                },
                "results": results,
            }
        ],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc, indent=2))


# --------------------------------------------------------------------------- command line


def main(argv: list[str] | None = None) -> int:
    code, _ = run(argv)
    return code


def run(argv: list[str] | None = None) -> tuple[int, GateResult | None]:
    """The command line's work: the exit status, and the gate's result (None for usage errors and --worker)."""
    parser = argparse.ArgumentParser(
        prog="python -m apigwkit.policy", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "dirs", nargs="*", type=Path, help="directories to scan as HCL (default: modules/* and examples/*)"
    )
    parser.add_argument(
        "--plan", action="append", type=Path, default=[], help="also plan this directory and scan the plan"
    )
    parser.add_argument("--jobs", type=int, default=2, help="examples planned at once and checkov processes (2)")
    parser.add_argument("--sarif", type=Path, help="write failed and skipped results to this SARIF file")
    parser.add_argument("--soft-fail", action="store_true", help="exit 0 even when the gate fails (for SARIF uploads)")
    parser.add_argument(
        "--work-dir", type=Path, default=WORK_DIR, help="where plans and checkov's log go (build/policy)"
    )
    parser.add_argument(
        "--no-cache", action="store_true", help="rescan everything, even scans whose inputs have not changed"
    )
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--external-checks-dir", action="append", default=[], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        return _worker_main(args.external_checks_dir), None

    if args.dirs or args.plan:
        dirs, plans = list(args.dirs), list(args.plan)
        for d in dirs + plans:
            if not d.is_dir() or not any(d.glob("*.tf")):
                print(f"{d}: not a directory with Terraform files", file=sys.stderr)
                return 2, None
    else:
        dirs, plans = default_targets()
    result = run_gate(dirs, plans, jobs=args.jobs, work_dir=args.work_dir, reuse=not args.no_cache)
    print(render(result))
    if args.sarif:
        write_sarif(result, args.sarif)
        print(f"SARIF: {args.sarif}")
    return (1 if result.failed and not args.soft_fail else 0), result


if __name__ == "__main__":
    raise SystemExit(main())
