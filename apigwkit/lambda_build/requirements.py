"""A function's ``requirements.txt``: every distribution pinned with ``==``, nothing the runtime already provides.

Accepted lines are ``name[extras]==version ; marker`` with optional ``--hash=sha256:...`` options (the output of
``uv pip compile --generate-hashes``), comments and ``\\`` continuations. Everything else (ranges, URLs, ``-r``,
``-e``, index options) is rejected: a range makes two builds of the same commit differ, and the other forms
reach outside the file.

The file must pin the *whole* dependency closure, transitive dependencies included; ``dependencies.py`` checks
after installing that nothing unpinned came in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from apigwkit.lambda_build.errors import BuildError

REQUIREMENTS_FILE = "requirements.txt"
# Provided by every Python Lambda runtime. Packaging them would add ~25 MB unzipped and shadow the runtime's
# copy; a requirements file that names them is an error (see lambda_src/README.md), and a dependency that
# pulls them in transitively gets them excluded at install time.
RUNTIME_PROVIDED = ("boto3", "botocore")

_PIN = re.compile(
    r"^(?P<name>[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*"
    r"(?:\[(?P<extras>[^\]]*)\])?\s*"
    r"(?P<op>===|==)\s*(?P<version>[A-Za-z0-9][A-Za-z0-9.+!_-]*)\s*"
    r"(?:;(?P<marker>.*))?$"
)
_HASH_OPTION = re.compile(r"\s--hash[=\s]\S+")


@dataclass(frozen=True)
class Pin:
    name: str  # normalised (PEP 503)
    version: str
    line: int


def normalize(name: str) -> str:
    """PEP 503 name normalisation: ``PyJWT``, ``pyjwt`` and ``py_jwt`` are the same distribution."""
    return re.sub(r"[-_.]+", "-", name).lower()


def logical_lines(text: str) -> list[tuple[int, str]]:
    """Join ``\\`` continuations and drop comments; each line keeps the number of its first physical line."""
    lines: list[tuple[int, str]] = []
    pending = ""
    start = 0
    for number, physical in enumerate(text.splitlines(), start=1):
        if not pending:
            start = number
        stripped = re.sub(r"(^|\s)#.*$", "", physical).rstrip()
        if stripped.endswith("\\"):
            pending += stripped[:-1] + " "
            continue
        logical = (pending + stripped).strip()
        pending = ""
        if logical:
            lines.append((start, logical))
    if pending.strip():
        lines.append((start, pending.strip()))
    return lines


def parse_requirements(path: Path, function: str) -> list[Pin]:
    """The pins of ``path``, or a BuildError naming the first line that is not an exact pin."""
    pins: dict[str, Pin] = {}
    for number, line in logical_lines(path.read_text(encoding="utf-8")):
        where = f"{path.parent.name}/{path.name} line {number}"
        requirement = _HASH_OPTION.sub("", " " + line).strip()
        if requirement.startswith("-"):
            raise BuildError(
                function,
                f"{where}: option {requirement.split()[0]!r} is not supported; list each distribution as name==version",
            )
        match = _PIN.match(requirement)
        if match is None:
            raise BuildError(
                function,
                f"{where}: {requirement!r} is not pinned; write name==version (a range, URL or path makes the "
                "zip depend on the day it was built)",
            )
        name = normalize(match["name"])
        if name in RUNTIME_PROVIDED:
            raise BuildError(
                function,
                f"{where}: {match['name']} is provided by the Lambda runtime and is not packaged; remove it from "
                f"{path.name} (see lambda_src/README.md)",
            )
        if name in pins:
            raise BuildError(function, f"{where}: {name} is pinned twice (first on line {pins[name].line})")
        pins[name] = Pin(name, match["version"], number)
    return list(pins.values())
