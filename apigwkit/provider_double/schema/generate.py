"""Write the full ``hashicorp/aws`` schema for the provider double.

    python -m apigwkit.provider_double.schema.generate \\
        --wheel cdktn_provider_aws-25.8.1-py3-none-any.whl --out build/provider/schema.json

The output has the shape of ``terraform providers schema -json`` for one provider (plus a
top-level ``provider_version`` and an ``x-apigwkit`` object describing where it came from
and what is known to be missing).  It is deterministic: sorted keys, no timestamps.

Exit status: 0 on success; 1 when any type failed to extract or a rebuild failed (the
messages go to stderr and the output file is not written); 2 on bad arguments.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from apigwkit.provider_double.schema import wafv2
from apigwkit.provider_double.schema.extract import (
    NOTE_ANY_BLOCK,
    NOTE_RECURSION_CUT,
    SCHEMA_BUCKETS,
    ExtractionError,
    JsonObj,
    PackageSchema,
    extract_package,
    load_package,
)

PROVIDER_ADDRESS = "registry.terraform.io/hashicorp/aws"

#: Provider configuration blocks whose ``MaxItems: 1`` the bindings cannot express (the
#: generator renders every provider block as an array).  Source: terraform-provider-aws
#: ``internal/provider/sdkv2/provider.go`` (``assume_role`` has no limit since role chaining;
#: ``endpoints`` is an unlimited set).
PROVIDER_BLOCK_MAX_ITEMS = {"assume_role_with_web_identity": 1, "default_tags": 1, "ignore_tags": 1}

#: What the bindings cannot tell, for every schema in the file.
KNOWN_LOSSES = [
    "max_items above 1 (rendered without max_items)",
    "exact min_items above 1 (rendered as min_items 1)",
    "sensitive (never set)",
    "deprecated (never set)",
    "schema version (the `version` key is omitted; treat as 0)",
]


@dataclass
class Generated:
    document: JsonObj
    schemas: PackageSchema
    rebuilt: list[str]
    remaining: dict[str, list[str]] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)


def _sha256(path: str) -> str | None:
    if not os.path.isfile(path):
        return None
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _apply_provider_max_items(provider: JsonObj) -> None:
    blocks = provider["block"].get("block_types", {})
    for name, n in sorted(PROVIDER_BLOCK_MAX_ITEMS.items()):
        if name not in blocks:
            raise ExtractionError(f"provider: expected a `{name}` block to set max_items={n}")
        blocks[name]["max_items"] = n


def _remaining_losses(schemas: PackageSchema, rebuilt: list[str]) -> dict[str, list[str]]:
    """Extractor notes of subtrees that stay untyped or cut after the rebuilds."""
    out: dict[str, list[str]] = {}
    for key, notes in sorted(schemas.notes.items()):
        prefix = wafv2.REBUILT_PATHS.get(key) if key in rebuilt else None
        kept = [
            n
            for n in notes
            if (NOTE_ANY_BLOCK in n or NOTE_RECURSION_CUT in n or "not recoverable" in n)
            and not (prefix and n.startswith(prefix))
        ]
        if kept:
            out[key] = kept
    return out


def generate(wheel: str) -> Generated:
    """Extract, rebuild and assemble the document (does not write it)."""
    src = load_package(wheel)
    schemas = extract_package(src)
    errors = dict(schemas.errors)
    rebuilt: list[str] = []
    if schemas.provider is None:
        errors["provider"] = "no provider configuration class (lib/provider/index.js)"
    else:
        try:
            _apply_provider_max_items(schemas.provider)
        except ExtractionError as e:
            errors["provider"] = str(e)
    try:
        rebuilt = wafv2.rebuild_all(schemas.schemas["resource"])
    except ExtractionError as e:
        errors["wafv2"] = str(e)
    missing = sorted(set(wafv2.REBUILT_PATHS) - set(rebuilt))
    if missing and "wafv2" not in errors:
        errors["wafv2"] = f"resource types not in the package: {missing}"

    remaining = _remaining_losses(schemas, rebuilt)
    dist_name, dist_version = src.distribution or (src.package_name, src.package_version)
    body: JsonObj = {"provider": schemas.provider or {}}
    for kind, bucket in SCHEMA_BUCKETS.items():
        body[bucket] = schemas.schemas[kind]
    document: JsonObj = {
        "format_version": "1.0",
        "provider_version": schemas.provider_version,
        "provider_schemas": {PROVIDER_ADDRESS: body},
        "x-apigwkit": {
            "generator": "apigwkit.provider_double.schema.generate",
            "source": {
                "package": dist_name,
                "version": dist_version,
                "npm_package": src.package_name,
                "file": os.path.basename(os.path.normpath(wheel)),
                "sha256": _sha256(wheel),
            },
            "counts": {bucket: len(schemas.schemas[kind]) for kind, bucket in SCHEMA_BUCKETS.items()},
            "rebuilt": {
                t: f"{wafv2.REBUILT_PATHS[t]} rebuilt as nested blocks (wafv2.py; terraform-provider-aws sources)"
                for t in rebuilt
            },
            "overrides": {f"provider.{name}.max_items": n for name, n in sorted(PROVIDER_BLOCK_MAX_ITEMS.items())},
            "known_losses": KNOWN_LOSSES,
            "remaining_untyped": remaining,
        },
    }
    return Generated(document, schemas, rebuilt, remaining, errors)


def dumps(document: JsonObj, indent: int | None = None) -> str:
    if indent is None:
        return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return json.dumps(document, sort_keys=True, indent=indent, ensure_ascii=False)


def write_atomically(path: str, text: str) -> None:
    """Write ``text`` so that readers never see a partial file."""
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".schema-", suffix=".json", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp creates 0600; give the file the usual mode
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m apigwkit.provider_double.schema.generate",
        description="Write the hashicorp/aws provider schema (terraform providers schema -json shape) "
        "rebuilt from the cdktn-provider-aws bindings.",
    )
    ap.add_argument("--wheel", required=True, help="cdktn-provider-aws wheel (or the npm .tgz / unpacked package)")
    ap.add_argument("--out", required=True, help="output JSON file, e.g. build/provider/schema.json")
    ap.add_argument("--indent", type=int, default=None, help="pretty-print with this indent (default: compact)")
    a = ap.parse_args(argv)

    t0 = time.monotonic()
    try:
        g = generate(a.wheel)
    except (OSError, ExtractionError) as e:
        print(f"error: {a.wheel}: {e}", file=sys.stderr)
        return 1
    if g.errors:
        for key, msg in sorted(g.errors.items()):
            print(f"error: {key}: {msg}", file=sys.stderr)
        print(f"error: {len(g.errors)} failure(s); {a.out} not written", file=sys.stderr)
        return 1
    text = dumps(g.document, a.indent)
    write_atomically(a.out, text)
    counts = g.schemas.counts()
    src = g.document["x-apigwkit"]["source"]
    print(
        f"wrote {a.out}: hashicorp/aws {g.schemas.provider_version} from {src['package']} {src['version']}: "
        f"{counts['resource']} resources, {counts['data']} data sources, {counts['ephemeral']} ephemeral "
        f"resources, provider block; rebuilt {len(g.rebuilt)} WAFv2 statement subtrees; "
        f"{len(g.remaining)} types with untyped subtrees left; "
        f"{len(text.encode()) / 1e6:.1f} MB in {time.monotonic() - t0:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
