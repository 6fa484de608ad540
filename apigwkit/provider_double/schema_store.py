"""The generated provider schema, in the forms the double serves it from.

`make provider-schema` writes ``schema.json`` (the shape of ``terraform providers schema
-json``); ``build_artifacts`` then pre-serialises it so that a provider process starts fast:
- ``get_provider_schema.pb``: the complete ``GetProviderSchema`` response, sent as stored bytes;
- ``schemas.jsonl`` + ``schemas.index.json``: one line per type, read only for the types a
  Terraform command touches.
"""

from __future__ import annotations

import json
from functools import cached_property
from pathlib import Path
from typing import Any

from apigwkit.provider_double.codec import implied_type

PROVIDER_ADDRESS = "registry.terraform.io/hashicorp/aws"
KINDS = {"resource": "resource_schemas", "data": "data_source_schemas"}
_NESTING = {"single": 1, "list": 2, "set": 3, "map": 4, "group": 5}


def _pb_block(block: dict, pb: Any) -> Any:
    out = pb.Schema.Block(version=0, description=block.get("description", ""))
    for name, attr in sorted(block.get("attributes", {}).items()):
        out.attributes.append(
            pb.Schema.Attribute(
                name=name,
                type=json.dumps(attr["type"], separators=(",", ":")).encode(),
                description=attr.get("description", ""),
                required=bool(attr.get("required")),
                optional=bool(attr.get("optional")),
                computed=bool(attr.get("computed")),
                sensitive=bool(attr.get("sensitive")),
                deprecated=bool(attr.get("deprecated")),
            )
        )
    for name, nested in sorted(block.get("block_types", {}).items()):
        out.block_types.append(
            pb.Schema.NestedBlock(
                type_name=name,
                block=_pb_block(nested["block"], pb),
                nesting=_NESTING[nested["nesting_mode"]],
                min_items=nested.get("min_items", 0),
                max_items=nested.get("max_items", 0),
            )
        )
    return out


def provider_section(schema: dict) -> dict:
    return schema["provider_schemas"][PROVIDER_ADDRESS]


# ``terraform { provider_meta "aws" { user_agent = [...] } }``: the provider's ProviderMetaSchema
# (internal/provider/sdkv2/provider.go) and MetaSchema (internal/provider/framework/provider.go).
PROVIDER_META = {
    "attributes": {
        "user_agent": {
            "type": ["list", "string"],
            "optional": True,
            "description": "Product details to append to the User-Agent string sent in all AWS API calls.",
        }
    }
}


def apply_block_item_limits(section: dict) -> None:
    """Put back the ``MaxItems``/``MinItems`` of nested blocks that the schema bindings lose (``Items`` rows
    of ``rules/``), as the SDK serves them: ``MinItems`` only on a required block."""
    from apigwkit.provider_double import rules

    for type_name, limits in rules.block_item_limits().items():
        entry = section.get("resource_schemas", {}).get(type_name)
        for names, row in limits.items():
            block, nested = entry["block"] if entry else None, None
            for name in names:
                nested = (block or {}).get("block_types", {}).get(name)
                block = nested["block"] if nested else None
            if nested is None:
                continue  # an attribute (a list or set of values): the SDK checks it at validate
            if row.max:
                nested["max_items"] = row.max
            if row.min and (row.required or nested.get("min_items", 0) > 0):
                nested["min_items"] = row.min


def build_artifacts(schema_json: Path, out_dir: Path) -> dict[str, int]:
    from tf.gen import tfplugin_pb2 as pb

    from apigwkit.provider_double import functions

    schema = json.loads(schema_json.read_text())
    section = provider_section(schema)
    apply_block_item_limits(section)
    response = pb.GetProviderSchema.Response(
        provider=pb.Schema(block=_pb_block(section.get("provider", {}).get("block", {}), pb)),
        provider_meta=pb.Schema(block=_pb_block(PROVIDER_META, pb)),
        server_capabilities=pb.ServerCapabilities(plan_destroy=True, get_provider_schema_optional=True),
    )
    for name, function in functions.schema_functions().items():
        response.functions[name].CopyFrom(function)
    for kind, key in KINDS.items():
        target = response.resource_schemas if kind == "resource" else response.data_source_schemas
        for name, entry in sorted(section.get(key, {}).items()):
            target[name].CopyFrom(pb.Schema(version=entry.get("version", 0), block=_pb_block(entry["block"], pb)))
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "get_provider_schema.pb").write_bytes(response.SerializeToString(deterministic=True))

    index: dict[str, list[int]] = {}
    offset = 0
    with (out_dir / "schemas.jsonl").open("wb") as lines:
        entries = [("provider", "aws", section.get("provider", {"block": {}}))]
        entries += [(kind, name, e) for kind, key in KINDS.items() for name, e in sorted(section.get(key, {}).items())]
        for kind, name, entry in entries:
            line = json.dumps(entry["block"], sort_keys=True, separators=(",", ":")).encode() + b"\n"
            lines.write(line)
            index[f"{kind}/{name}"] = [offset, len(line)]
            offset += len(line)
    (out_dir / "schemas.index.json").write_text(json.dumps(index, sort_keys=True))
    return {kind: len(section.get(key, {})) for kind, key in KINDS.items()}


class SchemaStore:
    """Block schemas by type, read lazily from the pre-serialised artefacts."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self._blocks: dict[str, dict] = {}
        self._types: dict[str, Any] = {}

    @cached_property
    def _index(self) -> dict[str, list[int]]:
        return json.loads((self.directory / "schemas.index.json").read_text())

    def get_provider_schema_bytes(self) -> bytes:
        """The GetProviderSchema response (the whole provider)."""
        return (self.directory / "get_provider_schema.pb").read_bytes()

    def has(self, kind: str, name: str) -> bool:
        return f"{kind}/{name}" in self._index

    def block(self, kind: str, name: str) -> dict:
        key = f"{kind}/{name}"
        if key not in self._blocks:
            try:
                offset, length = self._index[key]
            except KeyError:
                raise KeyError(f"the provider has no {kind} type {name!r}") from None
            with (self.directory / "schemas.jsonl").open("rb") as f:
                f.seek(offset)
                self._blocks[key] = json.loads(f.read(length))
        return self._blocks[key]

    def type_of(self, kind: str, name: str) -> Any:
        key = f"{kind}/{name}"
        if key not in self._types:
            self._types[key] = implied_type(self.block(kind, name))
        return self._types[key]


def main() -> int:
    import argparse
    import time

    parser = argparse.ArgumentParser(description="Pre-serialise a generated schema.json for the provider double.")
    parser.add_argument("schema_json", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    started = time.monotonic()
    counts = build_artifacts(args.schema_json, args.out)
    print(
        f"pre-serialised {counts['resource']} resources, {counts['data']} data sources "
        f"into {args.out} in {time.monotonic() - started:.1f}s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
