from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from typing import Any

import pytest

from apigwkit.engine.workspace import Plan, Workspace
from apigwkit.provider_double.account import Account

FUNCTION_ARN = "arn:aws:lambda:ap-northeast-2:123456789012:function:{}"
# The region's API Gateway CloudWatch Logs role, as modules/account_settings (or an account set up by
# hand) provides it: REST and WebSocket stages log only with it.
CLOUDWATCH_ROLE = "arn:aws:iam::123456789012:role/apigateway-cloudwatch-logs"
_FUNCTION_ARN = re.compile(r"arn:aws:lambda:([a-z0-9-]+):123456789012:function:([A-Za-z0-9_-]+)")


def seed_named_functions(ws: Workspace, inputs: Any) -> None:
    """The functions a module call names by ARN exist in the test account, deployed outside this configuration
    (AWS refuses a Lambda permission for a function that does not exist)."""
    for region, name in set(_FUNCTION_ARN.findall(json.dumps(inputs))):
        arn = f"arn:aws:lambda:{region}:123456789012:function:{name}"
        ws.account.seed("aws_lambda_function", {"id": name, "function_name": name, "arn": arn, "region": region})


def module_call(source: str, inputs: dict[str, Any], outputs: list[str] | None = None) -> dict:
    """main.tf.json calling ``source`` as module "under_test" with ``inputs``."""
    doc: dict[str, Any] = {"module": {"under_test": {"source": source, **inputs}}}
    if outputs:
        doc["output"] = {name: {"value": f"${{module.under_test.{name}}}"} for name in outputs}
    return doc


@pytest.fixture(scope="session")
def module_root(workspace) -> Workspace:
    """One initialised root per worker; each test rewrites its main.tf.json."""
    return workspace("tests/fixtures/module_root")


def _use(ws: Workspace, source: str, doc: dict) -> None:
    ws.write("main.tf.json", doc)
    if getattr(ws, "installed_source", None) != source:  # init only when the module under test changes
        ws.run("init", "-input=false", "-no-color")
        ws.installed_source = source


@pytest.fixture
def plan_module(module_root: Workspace) -> Callable[..., Plan]:
    def plan(source: str, inputs: dict[str, Any], outputs: list[str] | None = None) -> Plan:
        _use(module_root, source, module_call(source, inputs, outputs))
        return module_root.plan()

    return plan


@pytest.fixture
def plan_module_error(module_root: Workspace) -> Callable[..., str]:
    def plan_error(source: str, inputs: dict[str, Any]) -> str:
        _use(module_root, source, module_call(source, inputs))
        return " ".join(module_root.plan_error().split())

    return plan_error


class Applied(dict):
    """The applied resources' values by address; ``account`` is the AWS account model they were applied to, and
    ``workspace`` the workspace they were applied in (a test may apply a changed configuration there)."""

    account: Account
    workspace: Workspace


@pytest.fixture
def apply_module(fresh_workspace) -> Callable[..., tuple[dict, Applied]]:
    """Apply the module to the provider double, in an account whose API Gateway CloudWatch role is set
    (``CLOUDWATCH_ROLE``); returns (outputs, resources by address, with the account)."""

    def apply(source: str, inputs: dict[str, Any], outputs: list[str] | None = None) -> tuple[dict, Applied]:
        ws = fresh_workspace("tests/fixtures/module_root", account_preset="configured")
        ws.write("main.tf.json", module_call(source, inputs, outputs))
        seed_named_functions(ws, inputs)
        values = ws.apply()
        resources = Applied()
        resources.account = ws.account
        resources.workspace = ws

        def collect(module: dict) -> None:
            for r in module.get("resources", []):
                resources[r["address"]] = r["values"]
            for child in module.get("child_modules", []):
                collect(child)

        collect(ws.state()["values"]["root_module"])
        return values, resources

    return apply


def errors_by_case(output: str) -> dict[str, list[str]]:
    """Terraform's error blocks, grouped by the case ("case_N") each one is about: a variable's error names
    the module call (``module.case_N``), any other names the file it is in, and each case calls its own copy
    of the module (``cases/case_N/``)."""
    text = " ".join(output.split())
    grouped: dict[str, list[str]] = {}
    for block in text.split("Error: ")[1:]:
        found = re.search(r"in module\.(case_\d+):|module\.(case_\d+)\.|cases/(case_\d+)/", block)
        if found:
            grouped.setdefault(next(g for g in found.groups() if g), []).append(block)
    return grouped


class BadInputReport:
    """Plans many bad inputs at once (one module call per case) and hands out each case's errors.

    Terraform reports every failing variable validation and precondition of a plan, each naming its module
    call or the file it is in, so a few plans prove all cases of a module; each case stays its own test.
    A plan with failing variable validations stops before checking preconditions, so the cases the first plan
    did not prove are planned again together, each calling its own copy of the module so that an error found in
    a module file (a precondition) names its case too (the first plan shares one copy: parsing a copy per case
    costs more than the plan). Rounds go on until one proves nothing; the cases left are planned one by one.
    A round plans its cases in groups of ``GROUP``: Terraform's cost per module call grows with the number of calls
    in one configuration (rest_api's ~100 cases: 10 s of engine CPU in one plan, 7.7 s in groups of 30).
    """

    GROUP = 30

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self.cache: dict[str, dict[str, list[str]]] = {}

    def errors(self, source: str, cases: dict[str, dict[str, Any]], case: str) -> list[str]:
        if source not in self.cache:
            pending = {f"case_{i}": name for i, name in enumerate(sorted(cases))}
            found: dict[str, list[str]] = {}
            copies = False
            while pending:
                keys = list(pending)
                by_case: dict[str, list[str]] = {}
                for start in range(0, len(keys), self.GROUP):
                    group = keys[start : start + self.GROUP]
                    by_case |= self._plan({key: cases[pending[key]] for key in group}, source, copies)
                copies = True
                proved = [key for key in pending if key in by_case]
                for key in proved:
                    found[pending.pop(key)] = by_case[key]
                if not proved:
                    break
            for name in pending.values():
                found[name] = self._plan({"case_0": cases[name]}, source, False, attribute_all=True)["case_0"]
            self.ws.installed_source = None
            self.cache[source] = found
        return self.cache[source].get(case, [])

    def assert_refused(self, source: str, cases: dict[str, dict[str, Any]], case: str, message: str) -> None:
        """The plan of ``cases[case]`` fails, and one of its errors matches ``message`` (a regular expression)."""
        errors = self.errors(source, cases, case)
        assert errors, f"{case}: the plan reported no error for this input"
        assert any(re.search(message, e) for e in errors), f"{case}: {message!r} not in:\n" + "\n".join(errors)

    def _plan(
        self, calls: dict[str, dict[str, Any]], source: str, copies: bool, attribute_all: bool = False
    ) -> dict[str, list[str]]:
        module_dir = (self.ws.dir / source).resolve()
        shutil.rmtree(self.ws.dir / "cases", ignore_errors=True)
        sources = {name: source for name in calls}
        if copies:
            for name in calls:
                shutil.copytree(module_dir, self.ws.dir / "cases" / name, ignore=shutil.ignore_patterns(".terraform*"))
                sources[name] = f"./cases/{name}"
        self.ws.write(
            "main.tf.json", {"module": {name: {"source": sources[name], **inputs} for name, inputs in calls.items()}}
        )
        self.ws.run("init", "-input=false", "-no-color")
        result = self.ws.run("plan", "-input=false", "-no-color", "-lock=false", check=False)
        output = result.stdout + result.stderr if result.returncode else ""
        if attribute_all:
            return {"case_0": [" ".join(b.split()) for b in output.split("Error: ")[1:]]}
        return errors_by_case(output)


@pytest.fixture(scope="session")
def bad_input_report(workspace) -> BadInputReport:
    return BadInputReport(workspace("tests/fixtures/module_root"))
