"""The steps of the deploy workflow, runnable on a laptop (`make plan-out/apply/output/smoke/canary`).

A deployment runs in the example's own directory (a saved plan must be applied where it was
made). The environment ENV selects ``deploy/backend/ENV.s3.tfbackend`` (S3 state with locking)
and ``deploy/env/ENV.tfvars`` / ``ENV.tfvars.json`` when they exist; without a backend file state stays local, which is
how the steps run offline against the provider double.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

from apigwkit.engine.workspace import REPO_ROOT, TerraformError, run_terraform

BACKEND_OVERRIDE = 'terraform {\n  backend "s3" {}\n}\n'
EXAMPLES = REPO_ROOT / "examples"
# Applied once per account by an administrator, never by the pipeline: the pipeline's own roles, an account-wide
# setting every environment shares, and the account's audit trail, which records what the pipeline does and so must
# not be the pipeline's to change or destroy (examples/github-oidc-deploy-role/README.md).
BOOTSTRAP_EXAMPLES = frozenset({"github-oidc-deploy-role", "account-settings", "audit-trail"})
# Names reach file paths (examples/NAME, deploy/backend/ENV.s3.tfbackend) and the deploy role's resource names:
# plain lower-case words only, so no `../`, no option-looking `-x`, no shell metacharacters.
EXAMPLE_NAME = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
# No hyphen: an environment's namespace `<prefix><env>-` is then never a prefix of another environment's
# (examples/github-oidc-deploy-role scopes each role to its own namespace).
ENVIRONMENT_NAME = re.compile(r"[a-z][a-z0-9]{0,11}")


def example_dir(name: str) -> Path:
    """The directory of example ``name``: a directory directly under examples/ holding a root module."""
    available = ", ".join(deployable_examples())
    if not EXAMPLE_NAME.fullmatch(name):
        raise SystemExit(
            f"example {name!r} is not a name of the form a-z0-9 words joined by '-'; examples: {available}"
        )
    path = EXAMPLES / name
    if path.is_symlink() or not path.is_dir() or path.resolve().parent != EXAMPLES.resolve():
        raise SystemExit(f"no example {name!r} under examples/; examples: {available}")
    if not (path / "main.tf").is_file():
        raise SystemExit(f"examples/{name} has no main.tf; examples: {available}")
    if name in BOOTSTRAP_EXAMPLES:
        raise SystemExit(
            f"examples/{name} is applied once per account by an administrator, not by the deploy pipeline; "
            f"examples: {available}"
        )
    return path


def deployable_examples() -> list[str]:
    """What the pipeline deploys: every example but the bootstrap ones."""
    return sorted(p.name for p in EXAMPLES.iterdir() if (p / "main.tf").is_file() and p.name not in BOOTSTRAP_EXAMPLES)


def environment(name: str) -> str:
    if not ENVIRONMENT_NAME.fullmatch(name):
        raise SystemExit(f"environment {name!r} must be a lower-case letter then up to 11 letters or digits")
    return name


def _tf(path: Path, *args: str) -> str:
    result = run_terraform(list(args), path)
    sys.stderr.write(result.stderr)
    if result.returncode != 0:
        sys.stderr.write(result.stdout)
        raise TerraformError(list(args), result.returncode, result.stdout + result.stderr)
    return result.stdout


def init(path: Path, env: str) -> None:
    backend = REPO_ROOT / "deploy" / "backend" / f"{env}.s3.tfbackend"
    override = path / "zz_deploy_backend_override.tf"
    if backend.is_file():
        override.write_text(BACKEND_OVERRIDE)
        key = f"-backend-config=key={env}/{path.name}.tfstate"  # one state per environment and root module
        _tf(path, "init", "-input=false", "-no-color", "-reconfigure", f"-backend-config={backend}", key)
    else:
        override.unlink(missing_ok=True)
        print(f"no {backend.relative_to(REPO_ROOT)}: state stays local", file=sys.stderr)
        _tf(path, "init", "-input=false", "-no-color")


def var_file_args(env: str) -> list[str]:
    """``-var-file`` for deploy/env/ENV.tfvars and/or ENV.tfvars.json (the deploy_variables output of
    examples/github-oidc-deploy-role: the environment's namespace and permissions boundary)."""
    folder = REPO_ROOT / "deploy" / "env"
    return [f"-var-file={path}" for path in (folder / f"{env}.tfvars", folder / f"{env}.tfvars.json") if path.is_file()]


def plan_out(path: Path, env: str, plan_file: str) -> int:
    init(path, env)
    extra = var_file_args(env)
    out = Path(plan_file).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    print(_tf(path, "plan", "-input=false", "-no-color", f"-out={out}", *extra))
    # The reviewer's view of the saved plan (the workflow posts it to the pull request and the job summary).
    changes = json.loads(_tf(path, "show", "-json", str(out))).get("resource_changes", [])
    out.with_name(out.name + ".md").write_text(plan_markdown(changes, f"`{path.name}` → `{env}`"))
    return 0


# Terraform's actions per change, as a reviewer reads them (a replacement is delete+create in either order).
_ACTION_WORDS = {
    ("create",): "create",
    ("update",): "update",
    ("delete",): "destroy",
    ("delete", "create"): "replace",
    ("create", "delete"): "replace",
    ("read",): "read",
}
MAX_SUMMARY_ROWS = 200  # a pull request comment holds 65,536 characters


def plan_markdown(changes: list[dict[str, Any]], title: str) -> str:
    """A Markdown summary of a plan's resource changes: the counts, then one row per changed address."""
    rows = [
        (_ACTION_WORDS.get(tuple(c["change"]["actions"]), "/".join(c["change"]["actions"])), c["address"])
        for c in changes
        if c["change"]["actions"] != ["no-op"]
    ]
    counts = {
        word: sum(1 for action, _ in rows if action == word) for word in ("create", "update", "replace", "destroy")
    }
    lines = [
        f"### Plan: {title}",
        "",
        "**" + (", ".join(f"{n} to {word}" for word, n in counts.items()) if rows else "No changes") + "**",
        "",
    ]
    if rows:
        lines += ["| action | address |", "|---|---|"]
        lines += [f"| {action} | `{_cell(address)}` |" for action, address in sorted(rows)[:MAX_SUMMARY_ROWS]]
        if len(rows) > MAX_SUMMARY_ROWS:
            lines.append(f"\n… and {len(rows) - MAX_SUMMARY_ROWS} more (see the job's log)")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    """An address inside a table cell's code span: a map key may hold `|` or a backtick."""
    return text.replace("`", "'").replace("|", "\\|")


def apply(path: Path, env: str, plan_file: str) -> int:
    init(path, env)
    print(_tf(path, "apply", "-input=false", "-no-color", "-auto-approve", str(Path(plan_file).resolve())))
    return 0


def output(path: Path, name: str) -> int:
    values = json.loads(_tf(path, "output", "-json"))
    if name not in values:
        raise SystemExit(f"example has no output {name!r}; it has: {', '.join(sorted(values))}")
    value = values[name]["value"]
    print("" if value is None else value if isinstance(value, str) else json.dumps(value))
    return 0


def smoke(url: str, attempts: int = 10, delay: float = 3.0) -> int:
    """GET the URL until it answers 2xx; fail after ``attempts`` (a fresh deployment needs seconds).

    An example whose ``smoke_url`` is null (``make output`` prints nothing) has no URL the runner can reach
    without a user's token or a place inside its VPC; its output's description says why, and the step says so."""
    if not url:
        print("smoke: the example's smoke_url is null (no URL a runner can GET: see the output's description); skipped")
        return 0
    last = ""
    for attempt in range(1, attempts + 1):
        try:
            with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - the URL is the deployment's own
                body = response.read(500).decode(errors="replace")
                print(f"smoke: {url} -> {response.status}: {body}")
                return 0
        except urllib.error.HTTPError as err:
            last = f"HTTP {err.code}: {err.read(500).decode(errors='replace')}"
        except (urllib.error.URLError, TimeoutError) as err:
            last = str(err)
        print(f"smoke: attempt {attempt}/{attempts} failed: {last}", file=sys.stderr)
        if attempt < attempts:
            time.sleep(delay)
    print(f"smoke: {url} never answered 2xx; last: {last}", file=sys.stderr)
    return 1


def cloudwatch_alarm_ok(name: str) -> bool:
    """False while the CloudWatch alarm ``name`` is in ALARM (boto3 with the usual credentials and region)."""
    import boto3

    alarms = boto3.client("cloudwatch").describe_alarms(AlarmNames=[name])["MetricAlarms"]
    return all(a["StateValue"] != "ALARM" for a in alarms)


# What promoting or rolling back a canary may change: its frozen release, the stage, the stable deployment.
CANARY_CHANGES = re.compile(
    r"^(module\.[^ ]+\.)?"
    r"(terraform_data\.canary_(stable|rejected)|aws_api_gateway_stage\.this|aws_api_gateway_deployment\.stable)"
    r'\["[^"]+"\]$'
)


def canary(
    path: Path,
    smoke_result: str,
    env: str = "dev",
    *,
    alarm_ok: Callable[[str], bool] = cloudwatch_alarm_ok,
    plan_file: str = "build/deploy/canary.tfplan",
) -> int:
    """Promote the REST canary when the smoke test passed and its 5XX alarm is quiet, else roll it back.

    Both are a Terraform apply that replaces the stage's frozen release (modules/rest_api):
    ``terraform_data.canary_stable[STAGE]`` to promote (the stage moves to the canary's release, the
    canary goes) and ``canary_rejected[STAGE]`` to roll back (the canary goes, the stage stays). The
    change is planned into a saved plan and refused unless it touches only the canary's release, its
    stage and its stable deployment (anything else means the configuration moved on since the deploy);
    afterwards the next plan is empty.
    """
    init(path, env)
    values = {k: v["value"] for k, v in json.loads(_tf(path, "output", "-json")).items()}
    target = values.get("canary")
    if not target:
        print("canary: this example has no canary stage; nothing to promote or roll back")
        return 0
    stage = target["stage"]
    if not (target.get("releases") or {}).get("canary"):
        print(f"canary: stage {stage} has no canary now (it serves its stable release); nothing to decide")
        return 0
    healthy = target.get("alarm_name") is None or alarm_ok(target["alarm_name"])
    promote = smoke_result == "success" and healthy
    name = "canary_stable" if promote else "canary_rejected"
    state = json.loads(_tf(path, "show", "-json"))
    addresses = [
        r["address"]
        for r in _resources(state.get("values", {}).get("root_module", {}))
        if r["type"] == "terraform_data" and r["name"] == name and r.get("index") == stage
    ]
    if len(addresses) != 1:
        raise SystemExit(f"canary: no terraform_data.{name}[{stage!r}] in the state (found {addresses})")
    replace_only(
        path, env, addresses, CANARY_CHANGES, plan_file, refusal="canary: refusing to apply", what="the canary"
    )
    if promote:
        print(f"canary: promoted (stage {stage} now serves release {target['releases']['canary']})")
        return 0
    print(f"canary: rolled back (smoke: {smoke_result}, 5XX alarm quiet: {healthy}); stage {stage} keeps its release")
    return 1


# ---------------------------------------------------------------------------- Lambda canaries (CodeDeploy)

# What promoting a Lambda release may change: its frozen release and the alias that follows it (modules/lambda_function,
# alias.tf; the alias's version is known only once the release is replaced, and is what CodeDeploy left it at).
RELEASE_CHANGES = re.compile(r"^(module\.[^ ]+\.)?(terraform_data\.live_version\[0\]|aws_lambda_alias\.this)$")
FINAL_STATUSES = ("Succeeded", "Failed", "Stopped")


def appspec(function_name: str, alias: str, current: str, target: str) -> dict[str, Any]:
    """The AppSpec of a Lambda deployment: move ``alias`` of the function from version ``current`` to ``target``
    (https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure-resources.html)."""
    properties = {"Name": function_name, "Alias": alias, "CurrentVersion": current, "TargetVersion": target}
    return {"version": 0.0, "Resources": [{function_name: {"Type": "AWS::Lambda::Function", "Properties": properties}}]}


def lambda_invoke(function_name: str, version: str, event: Any) -> tuple[bool, str]:
    """Invoke one version directly (boto3): passes when the function answered and its statusCode is below 400."""
    import boto3

    response = boto3.client("lambda").invoke(
        FunctionName=function_name, Qualifier=version, Payload=json.dumps(event).encode()
    )
    payload = response["Payload"].read().decode(errors="replace")
    if response.get("FunctionError"):
        return False, f"{response['FunctionError']}: {payload[:500]}"
    try:
        status = int(json.loads(payload).get("statusCode", 200))
    except (ValueError, AttributeError):
        status = 200  # not an API Gateway proxy response: the invocation itself succeeded
    return status < 400, f"statusCode {status}"


def shift_alias(
    codedeploy: Any,
    target: dict[str, Any],
    *,
    smoke_event: Any = None,
    invoke: Callable[[str, str, Any], tuple[bool, str]] = lambda_invoke,
    sleep: Callable[[float], None] = time.sleep,
    poll_seconds: float = 15.0,
) -> dict[str, Any]:
    """One CodeDeploy deployment of a function's new version; returns its final ``deploymentInfo``.

    Once traffic starts to shift, the new version is smoke-tested with ``smoke_event`` (invoked directly, so the
    test always reaches it); a failure stops the deployment and CodeDeploy rolls the alias back. Meanwhile
    CodeDeploy watches the group's alarms and rolls back by itself when one fires.
    """
    spec = appspec(target["function_name"], target["alias"], target["current_version"], target["target_version"])
    content = json.dumps(spec)
    deployment_id = codedeploy.create_deployment(
        applicationName=target["application"],
        deploymentGroupName=target["deployment_group"],
        revision={
            "revisionType": "AppSpecContent",
            "appSpecContent": {"content": content, "sha256": hashlib.sha256(content.encode()).hexdigest()},
        },
        description=f"{target['function_name']}:{target['alias']} {target['current_version']} -> "
        f"{target['target_version']}",
    )["deploymentId"]
    print(
        f"lambda-canary: {deployment_id} shifts {target['function_name']}:{target['alias']} from version "
        f"{target['current_version']} to {target['target_version']}"
    )
    smoked = smoke_event is None
    while True:
        info = codedeploy.get_deployment(deploymentId=deployment_id)["deploymentInfo"]
        if info["status"] in FINAL_STATUSES:
            return info
        if info["status"] == "InProgress" and not smoked:
            smoked = True
            passed, detail = invoke(target["function_name"], target["target_version"], smoke_event)
            print(
                f"lambda-canary: smoke test of version {target['target_version']}: "
                f"{'passed' if passed else 'FAILED'} ({detail})"
            )
            if not passed:
                codedeploy.stop_deployment(deploymentId=deployment_id, autoRollbackEnabled=True)
                continue
        sleep(poll_seconds)


def lambda_canary(
    path: Path,
    env: str = "dev",
    *,
    codedeploy: Any = None,
    invoke: Callable[[str, str, Any], tuple[bool, str]] = lambda_invoke,
    sleep: Callable[[float], None] = time.sleep,
    poll_seconds: float = 15.0,
    plan_file: str = "build/deploy/lambda-canary.tfplan",
) -> int:
    """Shift every function of the example that has a new version to it with CodeDeploy, then promote what succeeded.

    The example's ``lambda_deployments`` output (``modules/lambda_function``'s ``deployment`` per function) says
    what to deploy; ``smoke_events`` (optional) gives each function the event its new version must answer. A
    release CodeDeploy completed is promoted in Terraform by replacing the function's frozen release
    (``terraform_data.live_version``), in a saved plan refused unless it changes only those; the next plan is then
    empty. A rolled-back release changes nothing in Terraform (the alias is where the state says). Exit 1 when any
    deployment did not succeed.
    """
    init(path, env)
    values = {k: v["value"] for k, v in json.loads(_tf(path, "output", "-json")).items()}
    targets = {k: t for k, t in (values.get("lambda_deployments") or {}).items() if t}
    pending = {k: t for k, t in targets.items() if str(t["current_version"]) != str(t["target_version"])}
    if not pending:
        print("lambda-canary: no function has a new version to shift to; nothing to deploy")
        return 0
    if codedeploy is None:
        import boto3

        codedeploy = boto3.client("codedeploy")
    smoke_events = values.get("smoke_events") or {}
    succeeded: list[str] = []
    for key, target in sorted(pending.items()):
        info = shift_alias(
            codedeploy, target, smoke_event=smoke_events.get(key), invoke=invoke, sleep=sleep, poll_seconds=poll_seconds
        )
        error = info.get("errorInformation") or {}
        print(
            f"lambda-canary: {key}: {info['status']}"
            + (f" ({error.get('code')}: {error.get('message')})" if error else "")
        )
        if "rollbackInfo" in info:
            print(f"lambda-canary: {key}: {info['rollbackInfo'].get('rollbackMessage')}")
        if info["status"] == "Succeeded":
            succeeded.append(target["function_name"])
    if succeeded:
        _promote(path, env, succeeded, plan_file)
    return 0 if len(succeeded) == len(pending) else 1


def _promote(path: Path, env: str, functions: list[str], plan_file: str) -> None:
    """Replace the frozen release of each promoted function, so that Terraform's alias agrees with CodeDeploy's."""
    state = json.loads(_tf(path, "show", "-json"))
    resources = _resources(state.get("values", {}).get("root_module", {}))
    modules = {
        r["address"].rsplit("aws_lambda_function.", 1)[0]
        for r in resources
        if r["type"] == "aws_lambda_function" and r["values"].get("function_name") in functions
    }
    addresses = sorted(f"{m}terraform_data.live_version[0]" for m in modules)
    replace_only(
        path,
        env,
        addresses,
        RELEASE_CHANGES,
        plan_file,
        refusal="lambda-canary: refusing to promote",
        what="the releases",
    )
    print(f"lambda-canary: promoted {', '.join(functions)}")


def replace_only(
    path: Path, env: str, addresses: list[str], allowed: re.Pattern[str], plan_file: str, *, refusal: str, what: str
) -> None:
    """Plan the replacement of ``addresses`` into a saved plan, refuse it when it changes anything ``allowed`` does not
    match (the configuration moved on since the deploy), else apply exactly that plan."""
    out = Path(plan_file).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    extra = var_file_args(env)
    _tf(path, "plan", "-input=false", "-no-color", *(f"-replace={a}" for a in addresses), f"-out={out}", *extra)
    changes = json.loads(_tf(path, "show", "-json", str(out))).get("resource_changes", [])
    unexpected = [
        c["address"] for c in changes if c["change"]["actions"] != ["no-op"] and not allowed.match(c["address"])
    ]
    if unexpected:
        raise SystemExit(
            f"{refusal}: the plan changes more than {what} ("
            + ", ".join(unexpected)
            + "); the configuration differs from what was deployed: deploy it first"
        )
    print(_tf(path, "apply", "-input=false", "-no-color", "-auto-approve", str(out)))


def _resources(module: dict[str, Any]) -> list[dict[str, Any]]:
    found = list(module.get("resources", []))
    for child in module.get("child_modules", []):
        found += _resources(child)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="apigwkit.deploy", description=__doc__)
    sub = parser.add_subparsers(dest="step", required=True)
    for step in ("plan", "apply"):
        p = sub.add_parser(step)
        p.add_argument("--example", required=True)
        p.add_argument("--env", required=True)
        p.add_argument("--plan-file", required=True)
    p = sub.add_parser("output")
    p.add_argument("--example", required=True)
    p.add_argument("--name", required=True)
    p = sub.add_parser("smoke")
    p.add_argument("url")
    p = sub.add_parser("lambda-canary")
    p.add_argument("--example", required=True)
    p.add_argument("--env", required=True)
    p = sub.add_parser("canary")
    p.add_argument("--example", required=True)
    p.add_argument("--env", required=True)
    p.add_argument("--smoke-result", required=True)
    args = parser.parse_args(argv)
    try:
        if args.step == "smoke":
            return smoke(args.url)
        path = example_dir(args.example)
        if args.step == "output":
            return output(path, args.name)
        env = environment(args.env)
        if args.step == "plan":
            return plan_out(path, env, args.plan_file)
        if args.step == "apply":
            return apply(path, env, args.plan_file)
        if args.step == "lambda-canary":
            return lambda_canary(path, env)
        return canary(path, args.smoke_result, env)
    except TerraformError as err:
        return err.returncode or 1


if __name__ == "__main__":
    raise SystemExit(main())
