"""Terraform values on the wire (cty's msgpack and JSON encodings) <-> ``values`` model.

Types are the JSON type expressions of ``terraform providers schema -json``:
``"string"``, ``"number"``, ``"bool"``, ``"dynamic"``, ``["list", T]``, ``["set", T]``,
``["map", T]``, ``["object", {name: T}]`` (optionally with a third element listing optional
attributes), ``["tuple", [T, ...]]``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import msgpack

from apigwkit.provider_double.values import UNKNOWN

# cty's msgpack extension codes: 0 is a plain unknown, 12 an unknown with refinements.
_EXT_UNKNOWN = 0
_EXT_REFINED_UNKNOWN = 12

Type = Any  # a JSON type expression, see module docstring


@dataclass(frozen=True)
class Dynamic:
    """A value of an attribute typed ``dynamic``: it carries its own concrete type."""

    type: Type
    value: Any


def implied_type(block: dict) -> Type:
    """The object type a block schema (``{"attributes":…, "block_types":…}``) describes."""
    attrs: dict[str, Type] = {name: a["type"] for name, a in block.get("attributes", {}).items()}
    for name, nested in block.get("block_types", {}).items():
        inner = implied_type(nested["block"])
        mode = nested["nesting_mode"]
        attrs[name] = {
            "single": inner,
            "group": inner,
            "list": ["list", inner],
            "set": ["set", inner],
            "map": ["map", inner],
        }[mode]
    return ["object", attrs]


# --------------------------------------------------------------------------- msgpack


def _ext_hook(code: int, data: bytes) -> Any:
    if code in (_EXT_UNKNOWN, _EXT_REFINED_UNKNOWN):
        return UNKNOWN
    raise ValueError(f"unexpected msgpack extension type {code}")


def decode_msgpack(data: bytes, type_: Type) -> Any:
    if not data:
        return None
    raw = msgpack.unpackb(data, ext_hook=_ext_hook, raw=False, strict_map_key=False)
    return _from_wire(raw, type_)


def _from_wire(raw: Any, type_: Type) -> Any:
    if raw is None or raw is UNKNOWN:
        return raw
    if type_ == "dynamic":
        type_bytes, inner = raw
        concrete = json.loads(type_bytes)
        return Dynamic(concrete, _from_wire(inner, concrete))
    if type_ == "number":
        if isinstance(raw, str):  # cty sends numbers it cannot hold in 64 bits as strings
            return float(raw) if any(c in raw for c in ".eE") else int(raw)
        return raw
    if isinstance(type_, str):
        return raw
    kind = type_[0]
    if kind in ("list", "set"):
        return [_from_wire(item, type_[1]) for item in raw]
    if kind == "tuple":
        return [_from_wire(item, t) for item, t in zip(raw, type_[1], strict=True)]
    if kind == "map":
        return {k: _from_wire(v, type_[1]) for k, v in raw.items()}
    if kind == "object":
        return {name: _from_wire(raw.get(name), t) for name, t in type_[1].items()}
    raise ValueError(f"unknown type {type_!r}")


def encode_msgpack(value: Any, type_: Type) -> bytes:
    return msgpack.packb(_to_wire(value, type_), use_bin_type=True, default=_default)


def _default(obj: Any) -> Any:
    if obj is UNKNOWN:
        return msgpack.ExtType(_EXT_UNKNOWN, b"\x00")
    raise TypeError(f"cannot encode {obj!r}")


def _to_wire(value: Any, type_: Type) -> Any:
    if value is None or value is UNKNOWN:
        return value
    if type_ == "dynamic":
        if not isinstance(value, Dynamic):
            raise TypeError(f"a dynamic attribute needs a Dynamic value, got {value!r}")
        return [json.dumps(value.type, separators=(",", ":")).encode(), _to_wire(value.value, value.type)]
    if type_ == "number":
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise TypeError(f"expected a number, got {value!r}")
        return value
    if type_ == "string":
        if not isinstance(value, str):
            raise TypeError(f"expected a string, got {value!r}")
        return value
    if type_ == "bool":
        if not isinstance(value, bool):
            raise TypeError(f"expected a bool, got {value!r}")
        return value
    kind = type_[0]
    if kind in ("list", "set"):
        return [_to_wire(item, type_[1]) for item in value]
    if kind == "tuple":
        return [_to_wire(item, t) for item, t in zip(value, type_[1], strict=True)]
    if kind == "map":
        return {k: _to_wire(v, type_[1]) for k, v in sorted(value.items())}
    if kind == "object":
        return {name: _to_wire(value.get(name), t) for name, t in type_[1].items()}
    raise ValueError(f"unknown type {type_!r}")


# --------------------------------------------------------------------------- JSON (state)


def from_json_value(raw: Any, type_: Type) -> Any:
    """A value from Terraform's JSON state encoding (no unknowns there)."""
    if raw is None:
        return None
    if type_ == "dynamic":
        return Dynamic(raw["type"], from_json_value(raw["value"], raw["type"])) if isinstance(raw, dict) else raw
    if isinstance(type_, str):
        return raw
    kind = type_[0]
    if kind in ("list", "set"):
        return [from_json_value(item, type_[1]) for item in raw]
    if kind == "tuple":
        return [from_json_value(item, t) for item, t in zip(raw, type_[1], strict=True)]
    if kind == "map":
        return {k: from_json_value(v, type_[1]) for k, v in raw.items()}
    if kind == "object":
        return {name: from_json_value(raw.get(name), t) for name, t in type_[1].items()}
    raise ValueError(f"unknown type {type_!r}")
