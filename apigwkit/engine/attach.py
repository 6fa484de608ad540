"""Terraform commands against a provider double served from this process (``TF_REATTACH_PROVIDERS``).

A command run by ``.venv/bin/terraform`` starts the double as a plugin process three times per plan
(schema, validate, plan) and is sent the whole provider's schema, which Terraform spends ~0.6 s
decoding. A harness that runs many commands instead keeps one ``AttachedServer`` per directory and
serves each command only the types its configuration can name: every ``aws_*`` word in the
directory's ``.tf``/``.tf.json`` files, in the modules ``terraform init`` installed for it, and in its
local state (resources removed from the configuration are still in the state). Reading words rather
than parsing HCL errs on the side of serving too much; should a type still be missed, Terraform says
the provider "does not support" it and the command is run again with the whole schema.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Iterable
from pathlib import Path

from apigwkit.engine.launcher import engine_home
from apigwkit.provider_double.account import ACCOUNT_PRESET_ENV, Account
from apigwkit.provider_double.server import AttachedServer

_TYPE_WORD = re.compile(r"\baws_[a-z0-9_]+\b")
# Terraform's words when a configuration names a type the served schema lacks.
MISSED_TYPE = re.compile(r"does not support (resource type|data source|ephemeral resource type)")
# Commands that read the schema of the whole provider, not of one configuration.
WHOLE_SCHEMA_COMMANDS = frozenset({"providers", "console", "metadata"})


def schema_dir(prefix: str | None = None) -> Path:
    """Where `make setup` put the double's schema (recorded by ``apigwkit.engine.install``)."""
    recorded = engine_home(prefix) / "provider-schema-dir"
    if not recorded.is_file():
        raise SystemExit(f"{recorded} is missing: run `make setup`")
    return Path(recorded.read_text().strip())


def _configuration_files(directory: Path) -> Iterable[Path]:
    dirs = [directory]
    manifest = directory / ".terraform" / "modules" / "modules.json"
    if manifest.is_file():
        for module in json.loads(manifest.read_text()).get("Modules", []):
            dirs.append((directory / module.get("Dir", ".")).resolve())
    for d in dict.fromkeys(dirs):
        yield from d.glob("*.tf")
        yield from d.glob("*.tf.json")
    state = directory / "terraform.tfstate"
    if state.is_file():
        yield state


def configuration_types(directory: Path, known: frozenset[str]) -> set[str]:
    """The provider types the configuration in ``directory`` (with its modules and state) can name."""
    found: set[str] = set()
    for path in _configuration_files(directory):
        found.update(_TYPE_WORD.findall(path.read_text(errors="replace")))
    return found & known


class AttachedDouble:
    """The provider double of one working directory (and the AWS account it applies to)."""

    def __init__(self, account: Account) -> None:
        self.account = account
        self._server: AttachedServer | None = None

    @classmethod
    def for_directory(
        cls, directory: Path, account_file: Path | None = None, preset: str | None = None
    ) -> AttachedDouble:
        """The double of ``directory``, applying to ``account_file`` (default: the directory's own account, in
        ``.terraform/``), which starts as ``preset`` says (default: ``APIGWKIT_ACCOUNT``, else fresh)."""
        preset = preset or os.environ.get(ACCOUNT_PRESET_ENV) or "fresh"
        return cls(Account(account_file or directory / ".terraform" / "aws-account-double.json", preset))

    @property
    def server(self) -> AttachedServer:
        if self._server is None:
            self._server = AttachedServer(schema_dir(sys.prefix), self.account)
        return self._server

    def environment(self, directory: Path, command: str, *, whole_schema: bool = False) -> dict[str, str]:
        """The environment for one command in ``directory``: Terraform attaches to this process's double."""
        server = self.server
        server.forget_connections()
        if whole_schema or command in WHOLE_SCHEMA_COMMANDS:
            server.serve_types(None)
        else:
            server.serve_types(configuration_types(directory, server.store.type_names))
        return server.reattach_environment()

    def close(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
