"""Drive the offline Terraform engine from Python: isolated workspaces and parsed plans.

A ``Workspace`` copies one Terraform directory of the repository into a private directory
(its siblings and ancestors' siblings are symlinked, so relative module sources such as
``../../modules/http_api`` keep resolving), initialises it once, and runs validate / plan /
apply / destroy there. Each workspace has its own ``.terraform``, state and AWS account model
(unless given a shared one), so tests may run in parallel (``pytest -n 2``). With the provider
double, commands run in a resident engine attached to a double served from this process
(``apigwkit.engine.attach``) instead of starting both for every command.

We drive ``.venv/bin/terraform`` directly rather than through ``python-terraform``: that
package (unmaintained since 2019) passes ``destroy -force``, which Terraform 0.15 removed,
and plans with ``-detailed-exitcode``, which turns "changes present" into exit code 2.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from apigwkit.engine.attach import harness
from apigwkit.provider_double.account import ACCOUNT_PRESET_ENV, DEFAULT_FILE, Account

REPO_ROOT = Path(__file__).resolve().parents[2]
TERRAFORM = Path(sys.prefix) / "bin" / "terraform"
_SKIP = shutil.ignore_patterns(".terraform", "*.tfstate", "*.tfstate.*", ".terraform.lock.hcl", "*.tfplan")

# In registry mode the real provider must not look for credentials or call STS; an override
# file merges these flags into the configuration's own provider "aws" block.
_REGISTRY_OVERRIDE = """provider "aws" {
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
}
"""


class TerraformError(RuntimeError):
    """A Terraform command failed; ``output`` holds what it printed (stdout + stderr)."""

    def __init__(self, command: list[str], returncode: int, output: str) -> None:
        super().__init__(f"terraform {' '.join(command)} exited {returncode}:\n{output}")
        self.command, self.returncode, self.output = command, returncode, output


def run_terraform(
    args: list[str], cwd: Path, *, env: Mapping[str, str] | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess:
    full_env = {**os.environ, "TF_IN_AUTOMATION": "1", "TF_INPUT": "0", **(env or {})}
    return subprocess.run(
        [str(TERRAFORM), *args], cwd=cwd, env=full_env, input=stdin, capture_output=True, text=True, check=False
    )


def diagnostics_text(machine_readable: str) -> str:
    """The diagnostics of a ``-json`` command's output, written out as Terraform's human UI writes them."""
    blocks = []
    for line in machine_readable.splitlines():
        try:
            message = json.loads(line)
        except ValueError:
            blocks.append(line)
            continue
        diagnostic = message.get("diagnostic") if message.get("type") == "diagnostic" else None
        if not diagnostic:
            continue
        text = f"{diagnostic['severity'].capitalize()}: {diagnostic['summary']}\n"
        where = diagnostic.get("range")
        if diagnostic.get("address"):
            text += f"\n  with {diagnostic['address']},"
        if where:
            context = (diagnostic.get("snippet") or {}).get("context")
            text += f"\n  on {where['filename']} line {where['start']['line']}" + (
                f", in {context}:" if context else ":"
            )
            snippet = diagnostic.get("snippet") or {}
            if snippet.get("code"):
                text += f"\n  {snippet.get('start_line', where['start']['line'])}: {snippet['code']}"
        if diagnostic.get("detail"):
            text += f"\n\n{diagnostic['detail']}"
        blocks.append(text + "\n")
    return "\n".join(blocks)


# --------------------------------------------------------------------------- plans


@dataclass(frozen=True)
class ResourceChange:
    """One entry of a plan's ``resource_changes``."""

    address: str
    type: str
    name: str
    module: str | None
    actions: tuple[str, ...]
    before: Any
    after: Any
    after_unknown: Any

    def value(self, path: str) -> Any:
        """The planned value at a dotted path (``"cors_configuration.0.allow_origins"``)."""
        return _walk(self.after, path)

    def is_unknown(self, path: str) -> bool:
        """True when the value at ``path`` is known only after apply."""
        return _walk(self.after_unknown, path, default=False) is True

    @property
    def replaced(self) -> bool:
        return set(self.actions) == {"delete", "create"}


def _walk(value: Any, path: str, default: Any = None) -> Any:
    for part in path.split(".") if path else []:
        if isinstance(value, list) and part.isdigit():
            index = int(part)
            value = value[index] if index < len(value) else default
        elif isinstance(value, dict):
            value = value.get(part, default)
        else:
            return default
    return value


@dataclass
class Plan:
    """A plan in the shape of ``terraform show -json``, indexed for short assertions."""

    raw: dict
    changes: dict[str, ResourceChange] = field(init=False)

    def __post_init__(self) -> None:
        self.changes = {
            rc["address"]: ResourceChange(
                address=rc["address"],
                type=rc["type"],
                name=rc["name"],
                module=rc.get("module_address"),
                actions=tuple(rc["change"]["actions"]),
                before=rc["change"].get("before"),
                after=rc["change"].get("after"),
                after_unknown=rc["change"].get("after_unknown") or {},
            )
            for rc in self.raw.get("resource_changes", [])
            if rc.get("mode", "managed") == "managed"
        }

    def __getitem__(self, address: str) -> ResourceChange:
        try:
            return self.changes[address]
        except KeyError:
            known = "\n  ".join(sorted(self.changes))
            raise KeyError(f"no resource {address!r} in the plan; it has:\n  {known}") from None

    def __contains__(self, address: str) -> bool:
        return address in self.changes

    def of_type(self, type_name: str) -> list[ResourceChange]:
        return [rc for rc in self.changes.values() if rc.type == type_name]

    def addresses(self, action: str | None = None) -> list[str]:
        return sorted(a for a, rc in self.changes.items() if action is None or action in rc.actions)

    def summary(self) -> dict[str, int]:
        """Counts like Terraform's "Plan: N to add, M to change, K to destroy"."""
        counts = {"add": 0, "change": 0, "destroy": 0}
        for rc in self.changes.values():
            counts["add"] += "create" in rc.actions
            counts["change"] += "update" in rc.actions
            counts["destroy"] += "delete" in rc.actions
        return counts

    @property
    def outputs(self) -> dict[str, Any]:
        return {k: v.get("value") for k, v in self.raw.get("planned_values", {}).get("outputs", {}).items()}

    def output_unknown(self, name: str) -> bool:
        return self.raw.get("output_changes", {}).get(name, {}).get("after_unknown") is True


# --------------------------------------------------------------------------- workspaces


def _mirror(source: Path, root: Path, dest_root: Path) -> Path:
    """Copy ``source`` to the same relative place under ``dest_root``; symlink what surrounds it."""
    relative = source.resolve().relative_to(root)
    current_src, current_dst = root, dest_root
    for part in relative.parts:
        for sibling in current_src.iterdir():
            if sibling.name != part and not sibling.name.startswith("."):
                (current_dst / sibling.name).symlink_to(sibling)
        current_src, current_dst = current_src / part, current_dst / part
        current_dst.mkdir()
    shutil.copytree(source, current_dst, dirs_exist_ok=True, ignore=_SKIP)
    return current_dst


class Workspace:
    """A private, initialised copy of one Terraform directory.

    ``account_file``: the AWS account model to apply to (several workspaces may share one account);
    by default the workspace has its own, in ``.terraform/``. ``account_preset``: how a new account
    starts, ``fresh`` (a new AWS account) or ``configured`` (API Gateway's CloudWatch Logs role already
    set); by default as ``APIGWKIT_ACCOUNT`` says, else fresh.
    """

    def __init__(
        self,
        source: str | Path,
        *,
        root: Path = REPO_ROOT,
        base: Path | None = None,
        account_file: Path | None = None,
        account_preset: str | None = None,
    ) -> None:
        self.source = (root / source).resolve() if not Path(source).is_absolute() else Path(source)
        if not any(self.source.glob("*.tf")):
            raise FileNotFoundError(f"{self.source} holds no *.tf files")
        self._tmp = tempfile.mkdtemp(prefix="tfws-", dir=base)
        inside = self.source.is_relative_to(root)
        self.dir = _mirror(self.source, root, Path(self._tmp)) if inside else Path(self._tmp) / self.source.name
        if not inside:
            shutil.copytree(self.source, self.dir, ignore=_SKIP)
        self.mode = os.environ.get("TF_PROVIDER_MODE", "double")
        if self.mode == "registry":
            (self.dir / "zz_apigwkit_registry_override.tf").write_text(_REGISTRY_OVERRIDE)
        preset = account_preset or os.environ.get(ACCOUNT_PRESET_ENV) or "fresh"
        self._account = Account(account_file or self.dir / DEFAULT_FILE, preset) if self.mode == "double" else None
        self._initialised = False
        self._plan_count = 0

    @property
    def account(self) -> Account:
        """The AWS account model this workspace applies to (provider double only)."""
        if self._account is None:
            raise RuntimeError("a workspace with the registry provider has no account model")
        return self._account

    def run(self, *args: str, check: bool = True, stdin: str | None = None) -> subprocess.CompletedProcess:
        """One Terraform command in the workspace (``stdin``: what to type, e.g. for ``console``)."""
        if self._account is None:
            result = run_terraform(list(args), self.dir, stdin=stdin)
        elif stdin is None:
            result = harness().run(list(args), self.dir, self._account)
        else:
            with harness().attached(self._account) as env:
                result = run_terraform(list(args), self.dir, env=env, stdin=stdin)
        if check and result.returncode != 0:
            raise TerraformError(list(args), result.returncode, result.stdout + result.stderr)
        return result

    def write(self, name: str, content: str | dict) -> None:
        """Write (or replace) a file in the workspace; a dict is written as JSON (e.g. main.tf.json)."""
        text = content if isinstance(content, str) else json.dumps(content, indent=2)
        (self.dir / name).write_text(text)

    def init(self) -> None:
        if not self._initialised:
            self.run("init", "-input=false", "-no-color")
            self._initialised = True

    def _var_args(self, variables: Mapping[str, Any] | None) -> list[str]:
        if not variables:
            return []
        self._plan_count += 1
        path = self.dir / f"apigwkit-vars-{self._plan_count}.tfvars.json"
        path.write_text(json.dumps(variables))
        return [f"-var-file={path.name}"]

    def validate(self) -> dict:
        self.init()
        result = self.run("validate", "-json", "-no-color", check=False)
        report = json.loads(result.stdout)
        if not report.get("valid"):
            raise TerraformError(["validate"], result.returncode, result.stdout + result.stderr)
        return report

    def _run_machine_readable(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        """A plan, apply or destroy with Terraform's machine-readable UI (``-json``).

        Its human UI renders every plan it makes from the JSON form of the whole provider's schema
        (``jsonprovider.MarshalForRenderer``: ~2,400 types for hashicorp/aws), which costs more than planning
        most configurations. Nobody reads that rendering here: plans are read through ``show -json``. A failure
        is reported with its diagnostics written out as the human UI writes them."""
        result = self.run(*args, "-json", check=False)
        if check and result.returncode != 0:
            raise TerraformError(list(args), result.returncode, diagnostics_text(result.stdout) + result.stderr)
        return result

    def plan(self, variables: Mapping[str, Any] | None = None, *, destroy: bool = False) -> Plan:
        """Plan (with variables) and return the parsed plan; raises TerraformError on failure."""
        self.init()
        self._plan_count += 1
        out = f"plan-{self._plan_count}.tfplan"
        args = ["plan", "-input=false", "-no-color", "-lock=false", f"-out={out}", *self._var_args(variables)]
        self._run_machine_readable(*args, *(["-destroy"] if destroy else []))
        return Plan(json.loads(self.run("show", "-json", out).stdout))

    def plan_detailed_exit_code(self, variables: Mapping[str, Any] | None = None) -> tuple[int, str]:
        """``terraform plan -detailed-exitcode``: 0 when there is nothing to change, 2 when there is (and
        the plan's text), 1 on an error."""
        self.init()
        args = ["plan", "-input=false", "-no-color", "-lock=false", "-detailed-exitcode", *self._var_args(variables)]
        result = self._run_machine_readable(*args, check=False)
        if result.returncode == 0:
            return 0, ""
        result = self.run(*args, check=False)  # the human UI's rendering of what changes, or of the error
        return result.returncode, result.stdout + result.stderr

    def plan_error(self, variables: Mapping[str, Any] | None = None) -> str:
        """Plan expecting failure; returns Terraform's error output (fails the test if the plan succeeds)."""
        self.init()
        args = ["plan", "-input=false", "-no-color", "-lock=false", *self._var_args(variables)]
        result = self.run(*args, check=False)
        if result.returncode == 0:
            raise AssertionError(f"plan succeeded but was expected to fail:\n{result.stdout}")
        return result.stderr + result.stdout

    def apply(self, variables: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Apply and return the outputs' values."""
        self.init()
        self._run_machine_readable("apply", "-input=false", "-no-color", "-auto-approve", *self._var_args(variables))
        return self.outputs()

    def outputs(self) -> dict[str, Any]:
        return {k: v["value"] for k, v in json.loads(self.run("output", "-json").stdout).items()}

    def state(self) -> dict:
        return json.loads(self.run("show", "-json").stdout)

    def destroy(self, variables: Mapping[str, Any] | None = None, *, refresh: bool = True) -> None:
        """``terraform destroy``; ``refresh=False`` when the state was just refreshed (a plan after apply): reading
        every object again costs what planning them does (for a WAFv2 web ACL, three times its destroy)."""
        self.init()
        args = ["destroy", "-input=false", "-no-color", "-auto-approve", *self._var_args(variables)]
        self._run_machine_readable(*args, *([] if refresh else ["-refresh=false"]))

    def cleanup(self) -> None:
        shutil.rmtree(self._tmp, ignore_errors=True)


def terraform_dirs(root: Path = REPO_ROOT, tops: tuple[str, ...] = ("modules", "examples")) -> Iterator[Path]:
    """Every directory under ``modules/`` and ``examples/`` that holds Terraform files."""
    for top in tops:
        base = root / top
        if base.is_dir():
            yield from sorted(
                {p.parent for p in base.rglob("*.tf") if ".terraform" not in p.parts and "tests" not in p.parts}
            )
