from __future__ import annotations

import json
import re
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


def errors_by_module(output: str) -> dict[str, list[str]]:
    """Terraform's error blocks, grouped by the module call ("case_N") each one is about."""
    text = " ".join(output.split())
    grouped: dict[str, list[str]] = {}
    for block in text.split("Error: ")[1:]:
        found = re.search(r"in module\.(case_\d+):|module\.(case_\d+)\.", block)
        if found:
            grouped.setdefault(found.group(1) or found.group(2), []).append(block)
    return grouped


class BadInputReport:
    """Plans many bad inputs at once (one module call per case) and hands out each case's errors.

    Terraform reports every failing variable validation and precondition of a plan, each naming
    its module call, so one plan proves all cases of a module; each case stays its own test.
    """

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self.cache: dict[str, dict[str, list[str]]] = {}

    def errors(self, source: str, cases: dict[str, dict[str, Any]], case: str) -> list[str]:
        if source not in self.cache:
            # Variable validation failures stop a plan before preconditions are checked (and a
            # precondition's error does not always name its module call), so the cases the
            # combined plan does not prove are planned one by one.
            names = sorted(cases)
            by_module = self._plan({f"case_{i}": cases[name] for i, name in enumerate(names)}, source)
            found = {name: by_module[f"case_{i}"] for i, name in enumerate(names) if f"case_{i}" in by_module}
            for name in names:
                if name not in found:
                    found[name] = sum(self._plan({"case_0": cases[name]}, source, attribute_all=True).values(), [])
            self.ws.installed_source = None
            self.cache[source] = found
        return self.cache[source].get(case, [])

    def _plan(self, calls: dict[str, dict[str, Any]], source: str, attribute_all: bool = False) -> dict[str, list[str]]:
        self.ws.write(
            "main.tf.json", {"module": {name: {"source": source, **inputs} for name, inputs in calls.items()}}
        )
        self.ws.run("init", "-input=false", "-no-color")
        result = self.ws.run("plan", "-input=false", "-no-color", "-lock=false", check=False)
        output = result.stdout + result.stderr if result.returncode else ""
        if attribute_all:
            return {"case_0": [" ".join(b.split()) for b in output.split("Error: ")[1:]]}
        return errors_by_module(output)


@pytest.fixture(scope="session")
def bad_input_report(workspace) -> BadInputReport:
    return BadInputReport(workspace("tests/fixtures/module_root"))
