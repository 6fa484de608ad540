"""``build/lambda/manifest.json``: what Terraform needs to deploy each zip, keyed by function name.

::

    {
      "functions": {
        "hello": {
          "architecture": "arm64",
          "filename": "build/lambda/hello.zip",      # relative to the repository root
          "handler": "hello.lambda_handler",
          "runtime": "python3.12",
          "size": 1234567,                           # bytes of the zip
          "source_code_hash": "3q2+7w...="           # base64(sha256(zip)) == filebase64sha256(filename)
        }
      },
      "version": 1
    }

Keys are sorted and the file ends with a newline, so the same zips always give the same manifest.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MANIFEST_VERSION = 1


@dataclass(frozen=True)
class ManifestEntry:
    filename: str
    size: int
    source_code_hash: str
    handler: str
    runtime: str
    architecture: str


def render(entries: dict[str, ManifestEntry]) -> str:
    document: dict[str, Any] = {
        "version": MANIFEST_VERSION,
        "functions": {name: vars(entry) for name, entry in entries.items()},
    }
    return json.dumps(document, indent=2, sort_keys=True) + "\n"


def write_manifest(path: Path, entries: dict[str, ManifestEntry]) -> None:
    """Write only when the content changes, so the file's mtime says when the deployable set last changed."""
    text = render(entries)
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)


def read_manifest(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))
