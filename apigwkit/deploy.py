"""The steps of the deploy workflow, runnable on a laptop (`make plan-out/apply/output/smoke/canary`).

A deployment runs in the example's own directory (a saved plan must be applied where it was
made). The environment ENV selects ``deploy/backend/ENV.s3.tfbackend`` (S3 state with locking)
and ``deploy/env/ENV.tfvars`` when they exist; without a backend file state stays local, which is
how the steps run offline against the provider double.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from apigwkit.testing.terraform import REPO_ROOT, TerraformError, run_terraform

BACKEND_OVERRIDE = 'terraform {\n  backend "s3" {}\n}\n'


def _example(name: str) -> Path:
    path = REPO_ROOT / "examples" / name
    if not (path / "main.tf").is_file():
        raise SystemExit(f"no example {name!r} under examples/")
    return path


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


def plan_out(path: Path, env: str, plan_file: str) -> int:
    init(path, env)
    var_file = REPO_ROOT / "deploy" / "env" / f"{env}.tfvars"
    extra = [f"-var-file={var_file}"] if var_file.is_file() else []
    out = Path(plan_file).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    print(_tf(path, "plan", "-input=false", "-no-color", f"-out={out}", *extra))
    return 0


def apply(path: Path, env: str, plan_file: str) -> int:
    init(path, env)
    print(_tf(path, "apply", "-input=false", "-no-color", "-auto-approve", str(Path(plan_file).resolve())))
    return 0


def output(path: Path, name: str) -> int:
    values = json.loads(_tf(path, "output", "-json"))
    if name not in values:
        raise SystemExit(f"example has no output {name!r}; it has: {', '.join(sorted(values))}")
    value = values[name]["value"]
    print(value if isinstance(value, str) else json.dumps(value))
    return 0


def smoke(url: str, attempts: int = 10, delay: float = 3.0) -> int:
    """GET the URL until it answers 2xx; fail after ``attempts`` (a fresh deployment needs seconds)."""
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


def canary(path: Path, smoke_result: str) -> int:
    """Promote the REST canary when the smoke test passed and the 5XX alarm is OK; else roll back."""
    values = {k: v["value"] for k, v in json.loads(_tf(path, "output", "-json")).items()}
    if "canary" not in values or values["canary"] is None:
        print("canary: this example has no canary stage; nothing to promote or roll back")
        return 0
    import boto3

    target = values["canary"]  # {rest_api_id, stage, alarm_name}
    apigw = boto3.client("apigateway")
    alarm_ok = True
    if target.get("alarm_name"):
        alarms = boto3.client("cloudwatch").describe_alarms(AlarmNames=[target["alarm_name"]])["MetricAlarms"]
        alarm_ok = all(a["StateValue"] != "ALARM" for a in alarms)
    if smoke_result == "success" and alarm_ok:
        ops = [
            {"op": "copy", "from": "/canarySettings/deploymentId", "path": "/deploymentId"},
            {"op": "remove", "path": "/canarySettings"},
        ]
        verdict = "promoted"
    else:
        ops = [{"op": "remove", "path": "/canarySettings"}]
        verdict = f"rolled back (smoke: {smoke_result}, 5XX alarm ok: {alarm_ok})"
    apigw.update_stage(restApiId=target["rest_api_id"], stageName=target["stage"], patchOperations=ops)
    print(f"canary: {verdict}")
    return 0 if verdict == "promoted" else 1


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
    p = sub.add_parser("canary")
    p.add_argument("--example", required=True)
    p.add_argument("--smoke-result", required=True)
    args = parser.parse_args(argv)
    try:
        if args.step == "smoke":
            return smoke(args.url)
        path = _example(args.example)
        if args.step == "plan":
            return plan_out(path, args.env, args.plan_file)
        if args.step == "apply":
            return apply(path, args.env, args.plan_file)
        if args.step == "output":
            return output(path, args.name)
        return canary(path, args.smoke_result)
    except TerraformError as err:
        return err.returncode or 1


if __name__ == "__main__":
    raise SystemExit(main())
