"""Rebuild ``terraform providers schema -json`` schemas of ``hashicorp/aws`` from the
prebuilt CDK Terrain bindings (PyPI ``cdktn-provider-aws`` / npm ``@cdktn/provider-aws``).

Standard library only.  Adopted from ``shared/tools/provider_schema_extract.py``.

Where the facts come from
-------------------------
Every ``lib/<name>/index.js`` (and ``lib/<name>/index-structs/*.js``) of the package carries
an inline base64 source map whose ``sourcesContent`` is the generator's TypeScript output
(``src/<name>/index.ts``).  That TypeScript holds, per resource / data source / ephemeral
resource and per nested struct:

* ``// <tf_name> - computed: X, optional: Y, required: Z`` before every getter: the raw flags;
* ``synthesizeHclAttributes()`` / ``<struct>ToHclTerraform()``: for every settable attribute
  or block the collection kind (simple/list/set/map/struct) and the composed mapper
  (``cdktn.listMapperHcl(fooToHclTerraform, true)`` => block, ``..., false`` => attribute);
* getters (``getListAttribute`` vs ``Fn.tolist(getListAttribute)`` ...): the types of
  computed-only attributes; ``new FooList(this, "x", true)``: a set-wrapping list;
* the config/struct interfaces: JSDoc with the description and the ``"<name> block"`` marker.

Known losses (the bindings do not carry them): ``max_items`` above 1, exact ``min_items``
above 1, ``sensitive``, ``deprecated``, schema ``version``, and subtrees the generator
replaced by ``any`` (see :data:`NOTE_ANY_BLOCK`).

The archive (a wheel holds the npm tarball as ``_jsii/*.jsii.tgz``) is read in one streaming
pass by :func:`load_package`; the TypeScript of every directory is kept in memory (about
90 MB for the whole AWS provider) and parsed afterwards.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import re
import tarfile
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

JsonObj = dict[str, Any]
TypeExpr = str | list[Any]

#: Kinds of schema, with the key of ``provider_schemas[...]`` that holds them.
SCHEMA_BUCKETS: dict[str, str] = {
    "resource": "resource_schemas",
    "data": "data_source_schemas",
    "ephemeral": "ephemeral_resource_schemas",
}

#: Note text marking a block that the generator replaced by an untyped ``any`` attribute.
NOTE_ANY_BLOCK = "was a block; replaced by `any` in the bindings"
#: Note text marking a block subtree cut because the generator folded a recursion.
NOTE_RECURSION_CUT = "generator loop folding; subtree cut"

# Provider meta-arguments the generator adds to every provider config; not part of the schema.
_PROVIDER_META_ARGUMENTS = frozenset({"alias"})

# --------------------------------------------------------------------------- loading

_SOURCE_MAP_RE = re.compile(rb"sourceMappingURL=data:application/json;base64,([A-Za-z0-9+/=]+)")
_MEMBER_RE = re.compile(r"^package/lib/([^/]+)/(index\.js|index-structs/[^/]+\.js)$")
_PROVIDER_VERSION_RE = re.compile(r"hashicorp/aws provider version (\S+)")


class ExtractionError(Exception):
    """The package does not have the shape this extractor understands."""


@dataclass
class PackageSources:
    """The generator TypeScript of every ``lib/<dir>/`` of one cdktn provider package."""

    path: str
    readme: str = ""
    package_json: JsonObj = field(default_factory=dict)
    # (name, version) of the Python distribution when read from a wheel
    distribution: tuple[str, str] | None = None
    # dir -> {member path: TypeScript}; joined in a stable order by :meth:`typescript`
    _ts: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def dirs(self) -> list[str]:
        return sorted(d for d, files in self._ts.items() if any(k.endswith("/index.js") for k in files))

    def typescript(self, d: str) -> str:
        files = self._ts.get(d)
        if not files:
            raise KeyError(f"no directory lib/{d}/ in {self.path}")
        index = [k for k in files if k.endswith("/index.js")]
        structs = sorted(k for k in files if k not in index)
        return "\n".join(files[k] for k in index + structs)

    @property
    def provider_version(self) -> str | None:
        m = _PROVIDER_VERSION_RE.search(self.readme)
        return m.group(1) if m else None

    @property
    def package_name(self) -> str:
        return str(self.package_json.get("name", ""))

    @property
    def package_version(self) -> str:
        return str(self.package_json.get("version", ""))


def _typescript_of_js(js: bytes, where: str) -> str:
    m = _SOURCE_MAP_RE.search(js)
    if not m:
        raise ExtractionError(f"{where}: no inline source map")
    try:
        source_map = json.loads(base64.b64decode(m.group(1)))
    except (binascii.Error, ValueError) as e:
        raise ExtractionError(f"{where}: unreadable inline source map: {e}") from e
    return "\n".join(s for s in source_map.get("sourcesContent") or [] if s)


def _archive_members(path: str) -> Iterator[tuple[str, Callable[[], bytes]]]:
    """(member name, reader) of a wheel's embedded npm tarball, an npm ``.tgz``, or a directory
    holding an unpacked npm package (``package.json`` + ``lib/``)."""
    if os.path.isdir(path):
        root = path
        if os.path.basename(os.path.normpath(path)) == "lib":
            root = os.path.dirname(os.path.normpath(path))
        for dirpath, _dirs, files in os.walk(root):
            for f in sorted(files):
                full = os.path.join(dirpath, f)
                rel = os.path.relpath(full, root).replace(os.sep, "/")

                def read(full: str = full) -> bytes:
                    with open(full, "rb") as fh:
                        return fh.read()

                yield "package/" + rel, read
        return
    if path.endswith(".whl"):
        with zipfile.ZipFile(path) as z:
            inner = [n for n in z.namelist() if n.endswith(".jsii.tgz")]
            if len(inner) != 1:
                raise ExtractionError(f"{path}: expected one _jsii/*.jsii.tgz, found {inner}")
            with z.open(inner[0]) as fileobj:
                yield from _tar_members(fileobj)
        return
    if path.endswith((".tgz", ".tar.gz")):
        with open(path, "rb") as fileobj:
            yield from _tar_members(fileobj)
        return
    raise ExtractionError(f"{path}: expected a .whl, an npm .tgz or an unpacked package directory")


def _tar_members(fileobj: IO[bytes]) -> Iterator[tuple[str, Callable[[], bytes]]]:
    # gzip has no random access: stream once, reading each wanted member when it passes by
    with tarfile.open(fileobj=fileobj, mode="r|gz") as t:
        for m in t:
            if not m.isfile():
                continue

            def read(m: tarfile.TarInfo = m) -> bytes:
                f = t.extractfile(m)
                if f is None:
                    raise ExtractionError(f"cannot read {m.name}")
                return f.read()

            yield m.name, read


def load_package(path: str, wanted_dirs: Iterable[str] | None = None) -> PackageSources:
    """Read the package at ``path`` in one pass.  ``wanted_dirs`` limits which ``lib/<dir>/``
    directories are decoded (all of them when ``None``)."""
    wanted = None if wanted_dirs is None else set(wanted_dirs)
    src = PackageSources(path=path)
    for name, read in _archive_members(path):
        if name == "package/README.md":
            src.readme = read().decode("utf-8")
            continue
        if name == "package/package.json":
            src.package_json = json.loads(read())
            continue
        m = _MEMBER_RE.match(name)
        if not m:
            continue
        d = m.group(1)
        if wanted is not None and d not in wanted:
            src._ts.setdefault(d, {})  # remember the directory exists
            continue
        src._ts.setdefault(d, {})[name] = _typescript_of_js(read(), name)
    if not src._ts:
        raise ExtractionError(f"{path}: no lib/*/index.js found; not a cdktn provider package")
    if path.endswith(".whl"):
        src.distribution = _wheel_distribution(path)
    return src


def _wheel_distribution(path: str) -> tuple[str, str] | None:
    with zipfile.ZipFile(path) as z:
        meta = [n for n in z.namelist() if n.endswith(".dist-info/METADATA")]
        if not meta:
            return None
        text = z.read(meta[0]).decode("utf-8")
    fields = dict(re.findall(r"^(Name|Version): (.+)$", text, re.M))
    if "Name" not in fields or "Version" not in fields:
        return None
    return fields["Name"].strip(), fields["Version"].strip()


# --------------------------------------------------------------------------- TS parsing

_TOP_RE = re.compile(r"^export (?:abstract )?(class|interface|function) (\w+)(.*)$", re.M)
_SECTION_RE = re.compile(
    r"^  // ([A-Za-z0-9_@.\-]+) - computed: (true|false), optional: (true|false), required: (true|false)$", re.M
)
_HCL_ENTRY_RE = re.compile(
    r"^\s+['\"]?([A-Za-z0-9_@.\-]+)['\"]?: \{\n\s+value: (.*),\n\s+isBlock: (true|false),\n"
    r"\s+type: \"(\w+)\",\n\s+storageClassType: \"(\w+)\",\n\s+\},",
    re.M,
)
_STORED_RE = re.compile(r'private _\w+ = new ([\w.]+)\(this, "([^"]+)"(?:, (true|false))?\);')
_PRIV_RE = re.compile(r"private _\w+\?: (.*?); ?$", re.M)
_GET_RE = re.compile(r"public get \w+\(\) \{\n\s+return (.*?);\n")
_PROP_RE = re.compile(r"  /\*\*\n((?:  \*.*\n)*?)  \*/\n  readonly (\w+)(\??): (.*);\n")
_LINK_RE = re.compile(r"\{@link \S+#([A-Za-z0-9_@.\-]+) \S+\}")
_LISTGET_RE = re.compile(r"public get\((?:index|key): \w+\): (\w+)OutputReference")
_TFTYPE_RE = re.compile(r'tfResourceType = "([^"]+)"')
_BASE_RE = re.compile(
    r"extends cdktn\.(TerraformResource|TerraformDataSource|TerraformEphemeralResource|TerraformProvider)\b"
)
_KIND_OF_BASE = {
    "TerraformResource": "resource",
    "TerraformDataSource": "data",
    "TerraformEphemeralResource": "ephemeral",
    "TerraformProvider": "provider",
}


@dataclass
class Section:
    """One attribute/block getter section of a generated class."""

    name: str
    computed: bool
    optional: bool
    required: bool
    stored: tuple[str, str | None] | None  # (class, wraps-set flag) of a stored complex getter
    ts_type: str | None
    getter: str | None
    write_only: bool


@dataclass
class HclEntry:
    value: str
    is_block: bool
    type: str
    storage_class: str


@dataclass
class InterfaceProp:
    doc: str
    optional: bool
    ts_type: str


def _parse_hcl(body: str) -> dict[str, HclEntry]:
    return {
        m.group(1): HclEntry(m.group(2), m.group(3) == "true", m.group(4), m.group(5))
        for m in _HCL_ENTRY_RE.finditer(body)
    }


def _parse_interface(body: str) -> dict[str, InterfaceProp]:
    props: dict[str, InterfaceProp] = {}
    for m in _PROP_RE.finditer(body):
        link = None
        desc: list[str] = []
        for line in (re.sub(r"^  \* ?", "", raw) for raw in m.group(1).splitlines()):
            found = _LINK_RE.search(line)
            if line.startswith("Docs at Terraform Registry:") and found:
                link = found
                break
            desc.append(line)
        if link:
            props[link.group(1)] = InterfaceProp("\n".join(desc).strip(), m.group(3) == "?", m.group(4))
    return props


def _parse_sections(body: str) -> list[Section]:
    marks = list(_SECTION_RE.finditer(body))
    out = []
    for i, m in enumerate(marks):
        chunk = body[m.end() : marks[i + 1].start() if i + 1 < len(marks) else len(body)]
        st = _STORED_RE.search(chunk)
        pv = _PRIV_RE.search(chunk)
        gt = _GET_RE.search(chunk)
        out.append(
            Section(
                name=m.group(1),
                computed=m.group(2) == "true",
                optional=m.group(3) == "true",
                required=m.group(4) == "true",
                stored=(st.group(1), st.group(3)) if st and st.group(2) == m.group(1) else None,
                ts_type=pv.group(1) if pv else None,
                getter=gt.group(1) if gt else None,
                write_only="@deprecated Write-only" in chunk,
            )
        )
    return out


class Module:
    """The parsed generator output of one ``lib/<dir>/``."""

    def __init__(self, ts: str) -> None:
        self.classes: dict[str, tuple[str, str]] = {}  # name -> (text after the name, body)
        self.interfaces: dict[str, dict[str, InterfaceProp]] = {}
        self.hclfns: dict[str, dict[str, HclEntry]] = {}
        self.config_iface: str | None = None
        tops = list(_TOP_RE.finditer(ts))
        for i, m in enumerate(tops):
            body = ts[m.end() : tops[i + 1].start() if i + 1 < len(tops) else len(ts)]
            kind, name, rest = m.group(1), m.group(2), m.group(3)
            if kind == "class":
                self.classes[name] = (rest, body)
            elif kind == "interface":
                self.interfaces[name] = _parse_interface(body)
                if "extends cdktn.TerraformMetaArguments" in rest:
                    self.config_iface = name  # may carry a collision suffix, e.g. FooConfigA
            elif name.endswith("ToHclTerraform"):
                self.hclfns[name] = _parse_hcl(body)

    def main_class(self) -> tuple[str, str, str, str]:
        """(kind, terraform type name, class name, class body) of the construct class."""
        for name, (rest, body) in self.classes.items():
            b = _BASE_RE.search(rest)
            if b:
                t = _TFTYPE_RE.search(body)
                if not t:
                    raise ExtractionError(f"class {name}: no tfResourceType")
                return _KIND_OF_BASE[b.group(1)], t.group(1), name, body
        raise ExtractionError("no TerraformResource/DataSource/EphemeralResource/Provider class")


def kind_and_type(ts: str) -> tuple[str, str] | None:
    """(kind, type) declared by a directory's TypeScript, without parsing all of it."""
    t, b = _TFTYPE_RE.search(ts), _BASE_RE.search(ts)
    return (_KIND_OF_BASE[b.group(1)], t.group(1)) if t and b else None


# ----------------------------------------------------------------- mapper expressions

Mapper = tuple[Any, ...]


def _parse_mapper(expr: str) -> Mapper:
    """Parse a composed toHcl mapper (without its final application) into
    ``('list', inner, is_block) | ('map', inner) | ('prim', name) | ('struct', Name)``."""
    expr = expr.strip()
    m = re.match(r"cdktn\.listMapperHcl\((.*), (true|false)\)$", expr)
    if m:
        return ("list", _parse_mapper(m.group(1)), m.group(2) == "true")
    m = re.match(r"cdktn\.hashMapperHcl\((.*)\)$", expr)
    if m:
        return ("map", _parse_mapper(m.group(1)))
    m = re.match(r"cdktn\.(string|number|boolean|any)ToHclTerraform$", expr)
    if m:
        return ("prim", m.group(1))
    m = re.match(r"(\w+)ToHclTerraform$", expr)
    if m:
        n = m.group(1)
        return ("struct", n[0].upper() + n[1:])
    raise ExtractionError(f"unparsed mapper: {expr}")


def _mapper_of_value(value: str) -> str:
    """``F(arg)`` (optionally ``arg === undefined ? dflt : F(arg)``, optionally wrapped in
    ``this.markWriteOnlyAttribute(...)``) -> ``F``."""
    m = re.match(r"this\.markWriteOnlyAttribute\((.*)\)$", value)
    if m:
        value = m.group(1)
    if " === undefined ? " in value:
        value = value.rsplit(" : ", 1)[1]
    if not value.endswith(")"):
        raise ExtractionError(f"unexpected hcl value {value!r}")
    depth = 0
    for i in range(len(value) - 1, -1, -1):
        if value[i] == ")":
            depth += 1
        elif value[i] == "(":
            depth -= 1
            if depth == 0:
                return value[:i]
    raise ExtractionError(f"unbalanced hcl value {value!r}")


_PRIM = {"string": "string", "number": "number", "boolean": "bool"}
_PRIM_MAPS: dict[str, TypeExpr] = {
    "cdktn.StringMap": ["map", "string"],
    "cdktn.NumberMap": ["map", "number"],
    "cdktn.BooleanMap": ["map", "bool"],
    "cdktn.AnyMap": "dynamic",
}
_GETTER_TYPES: list[tuple[re.Pattern[str], TypeExpr]] = [
    (re.compile(p), t)
    for p, t in [
        (r"^this\.getStringAttribute\(", "string"),
        (r"^this\.getNumberAttribute\(", "number"),
        (r"^this\.getBooleanAttribute\(", "bool"),
        (r"^this\.getListAttribute\(", ["list", "string"]),
        (r"^cdktn\.Fn\.tolist\(this\.getListAttribute\(", ["set", "string"]),
        (r"^this\.getNumberListAttribute\(", ["list", "number"]),
        (r"^cdktn\.Token\.asNumberList\(cdktn\.Fn\.tolist\(this\.getNumberListAttribute\(", ["set", "number"]),
        (r"^this\.getStringMapAttribute\(", ["map", "string"]),
        (r"^this\.getNumberMapAttribute\(", ["map", "number"]),
        (r"^this\.getBooleanMapAttribute\(", ["map", "bool"]),
        (r"^this\.getAnyMapAttribute\(", "dynamic"),
    ]
]


# ------------------------------------------------------------------- reconstruction


@dataclass
class _Item:
    """What one section turned out to be: an attribute (``type``) or a block."""

    kind: str  # "attr" | "block"
    type: TypeExpr = ""
    nesting_mode: str = ""
    struct: str = ""
    max_items: int = 0


class Extractor:
    """Rebuilds the schema block of one parsed :class:`Module`."""

    def __init__(self, mod: Module, annotate: bool = False) -> None:
        self.m = mod
        self.annotate = annotate
        self.notes: list[str] = []
        self.stack: dict[str, str] = {}  # struct name -> path, to detect generator-folded recursion

    def note(self, path: str, msg: str) -> None:
        self.notes.append(f"{path}: {msg}")

    # -- structs
    def struct_sections(self, struct: str) -> list[Section]:
        cls = self.m.classes.get(struct + "OutputReference")
        if cls is not None:
            return _parse_sections(cls[1])
        # provider config structs have no OutputReference class: use interface + hcl function
        props = self.m.interfaces.get(struct)
        if props is None:
            raise ExtractionError(f"no OutputReference class nor interface for struct {struct}")
        return [
            Section(name, False, p.optional, not p.optional, None, p.ts_type, None, False)
            for name, p in props.items()
            if name in self.struct_hcl(struct)
        ]

    def struct_hcl(self, struct: str) -> dict[str, HclEntry]:
        return self.m.hclfns.get(struct[0].lower() + struct[1:] + "ToHclTerraform", {})

    def list_item_struct(self, list_class: str) -> str | None:
        cls = self.m.classes.get(list_class)
        if cls is None:
            return None
        m = _LISTGET_RE.search(cls[1])
        return m.group(1) if m else None

    # -- types
    def type_from_mapper(self, node: Mapper, path: str, outer_kind: str | None = None) -> TypeExpr:
        k = node[0]
        if k == "prim":
            if node[1] == "any":
                self.note(path, "skipped-by-generator (any)")
                return "dynamic"
            return _PRIM[node[1]]
        if k == "map":
            if node[1] == ("prim", "any"):
                return "dynamic"  # schema "dynamic" is rendered as map(any)
            return ["map", self.type_from_mapper(node[1], path)]
        if k == "list":
            if outer_kind is None:
                self.note(path, "inner list/set ambiguous (assumed list)")
            return [outer_kind or "list", self.type_from_mapper(node[1], path)]
        if k == "struct":
            return ["object", self.object_type(node[1], path)]
        raise ExtractionError(f"{path}: unknown mapper node {node}")

    def object_type(self, struct: str, path: str) -> dict[str, TypeExpr]:
        if struct in self.stack:
            self.note(path, f"recursive object type {struct}; cut")
            return {}
        self.stack[struct] = path
        try:
            hcl = self.struct_hcl(struct)
            return {
                sec.name: self.item(sec, hcl.get(sec.name), f"{path}.{sec.name}", in_object=True).type
                for sec in self.struct_sections(struct)
            }
        finally:
            del self.stack[struct]

    def type_from_getter(self, sec: Section, path: str) -> TypeExpr:
        if sec.stored:
            cls, wraps = sec.stored
            if cls in _PRIM_MAPS:
                return _PRIM_MAPS[cls]
            if cls.startswith("cdktn."):
                self.note(path, f"unhandled core stored class {cls}")
                return "dynamic"
            if cls.endswith("OutputReference"):
                return ["object", self.object_type(cls[: -len("OutputReference")], path)]
            item = self.list_item_struct(cls)
            if item and cls.endswith("List"):
                return ["set" if wraps == "true" else "list", ["object", self.object_type(item, path)]]
            if item and cls.endswith("Map"):
                return ["map", ["object", self.object_type(item, path)]]
        g = sec.getter or ""
        for rx, t in _GETTER_TYPES:
            if rx.match(g):
                return t
        # interpolationForAttribute: list(bool), nested collections, skipped 'any'
        tt = sec.ts_type or ""
        if "Array<boolean | cdktn.IResolvable>" in tt:
            return ["set" if g.startswith("cdktn.Token.asAny(cdktn.Fn.tolist(") else "list", "bool"]
        self.note(path, f"type not recoverable from getter `{g}` / `{tt}`")
        return "dynamic"

    # -- attribute / block
    def is_block_doc(self, iface_props: dict[str, InterfaceProp], name: str) -> bool:
        p = iface_props.get(name)
        return bool(p) and p.doc.split("\n")[0] == f"{name} block"

    def item(
        self,
        sec: Section,
        hcl: HclEntry | None,
        path: str,
        in_object: bool = False,
        iface_props: dict[str, InterfaceProp] | None = None,
    ) -> _Item:
        iface_props = iface_props or {}
        if hcl is not None:
            f = _parse_mapper(_mapper_of_value(hcl.value))
            t = hcl.type
            if not in_object:
                if t in ("list", "set") and f[0] == "struct":
                    return _Item("block", nesting_mode=t, struct=f[1], max_items=1)
                if t in ("list", "set") and f[0] == "list" and f[1][0] == "struct" and f[2]:
                    return _Item("block", nesting_mode=t, struct=f[1][1])
                if t == "struct" and f[0] == "struct" and self.is_block_doc(iface_props, sec.name):
                    return _Item("block", nesting_mode="single", struct=f[1])
                if t == "map" and f[0] == "map" and f[1][0] == "struct" and self.is_block_doc(iface_props, sec.name):
                    return _Item("block", nesting_mode="map", struct=f[1][1])
            if t in ("list", "set"):
                if f[0] != "list":
                    raise ExtractionError(f"{path}: list type without listMapper: {hcl}")
                return _Item("attr", type=[t, self.type_from_mapper(f[1], path)])
            if t in ("simple", "map", "struct"):
                return _Item("attr", type=self.type_from_mapper(f, path))
            raise ExtractionError(f"{path}: unknown hcl type {t}")
        # not settable -> computed-only attribute (or an exotic non-assignable block)
        if not in_object and not (sec.computed or sec.optional or sec.required) and sec.stored:
            cls = sec.stored[0]
            if cls.endswith("OutputReference"):
                self.note(path, "non-assignable single block (all-computed children)")
                return _Item("block", nesting_mode="single", struct=cls[: -len("OutputReference")])
        return _Item("attr", type=self.type_from_getter(sec, path))

    def block(
        self,
        secs: list[Section],
        hcl: dict[str, HclEntry],
        iface_props: dict[str, InterfaceProp],
        path: str,
    ) -> JsonObj:
        attributes: JsonObj = {}
        block_types: JsonObj = {}
        for sec in secs:
            name = sec.name
            p = f"{path}.{name}" if path else name
            r = self.item(sec, hcl.get(name), p, iface_props=iface_props)
            if r.kind == "attr":
                a: JsonObj = {"type": r.type, "description_kind": "plain"}
                doc = iface_props[name].doc if name in iface_props else ""
                if doc == f"{name} block":
                    # the generator replaced a whole block tree by `any` (SKIPPED_ATTRIBUTES)
                    self.note(p, NOTE_ANY_BLOCK)
                    doc = ""
                if doc:
                    a["description"] = doc.replace("*\\/", "*/")
                for flag in ("required", "optional", "computed"):
                    if getattr(sec, flag):
                        a[flag] = True
                entry = hcl.get(name)
                if sec.write_only or (entry is not None and "markWriteOnlyAttribute(" in entry.value):
                    a["write_only"] = True
                attributes[name] = a
                continue
            if r.struct in self.stack:
                # cdktf/cdktn loop detection folded a repeated nested structure into a recursive
                # reference: the real (finite) depth is unknown here.
                self.note(p, f"recursive struct {r.struct} ({NOTE_RECURSION_CUT})")
                sub: JsonObj = {"description_kind": "plain"}
                if self.annotate:
                    sub["x-cdktn-recursive-ref"] = self.stack[r.struct]
            else:
                self.stack[r.struct] = p
                sub = self.block(
                    self.struct_sections(r.struct),
                    self.struct_hcl(r.struct),
                    self.m.interfaces.get(r.struct, {}),
                    p,
                )
                del self.stack[r.struct]
            b: JsonObj = {"nesting_mode": r.nesting_mode, "block": sub}
            if r.max_items:
                b["max_items"] = r.max_items
            if r.nesting_mode in ("list", "set") and sec.required:
                b["min_items"] = 1  # exact value lost: cdktn only keeps min_items > 0
            block_types[name] = b
        out: JsonObj = {}
        if attributes:
            out["attributes"] = attributes
        if block_types:
            out["block_types"] = block_types
        out["description_kind"] = "plain"
        return out


@dataclass
class ExtractedSchema:
    kind: str  # resource | data | ephemeral | provider
    tf_type: str
    schema: JsonObj  # {"block": ...}
    notes: list[str]


def extract_module(mod: Module, annotate: bool = False) -> ExtractedSchema:
    """Rebuild the schema of the construct class of ``mod``."""
    kind, tf_type, name, body = mod.main_class()
    secs = _parse_sections(body)
    # synthesizeHclAttributes lives inside the class body
    parts = body.split("protected synthesizeHclAttributes()", 1)
    hcl = _parse_hcl(parts[1]) if len(parts) == 2 else {}
    props = mod.interfaces.get(mod.config_iface or name + "Config", {})
    if kind == "provider":
        secs = [s for s in secs if s.name not in _PROVIDER_META_ARGUMENTS]
    ex = Extractor(mod, annotate)
    schema: JsonObj = {"block": ex.block(secs, hcl, props, "")}
    if annotate and ex.notes:
        schema["x-cdktn-notes"] = list(ex.notes)
    return ExtractedSchema(kind, tf_type, schema, ex.notes)


def extract_dir(src: PackageSources, d: str, annotate: bool = False) -> ExtractedSchema | None:
    """Rebuild the schema defined in ``lib/<d>/``; ``None`` if it defines no construct."""
    ts = src.typescript(d)
    if kind_and_type(ts) is None:
        return None
    return extract_module(Module(ts), annotate)


# --------------------------------------------------------------------- whole package


@dataclass
class PackageSchema:
    """Every schema of one provider package, in ``terraform providers schema -json`` shape."""

    provider_version: str | None
    provider: JsonObj | None = None
    schemas: dict[str, dict[str, JsonObj]] = field(default_factory=lambda: {k: {} for k in SCHEMA_BUCKETS})
    notes: dict[str, list[str]] = field(default_factory=dict)  # "<kind>.<type>" -> notes
    errors: dict[str, str] = field(default_factory=dict)  # "lib/<dir>" -> message

    def counts(self) -> dict[str, int]:
        return {k: len(v) for k, v in self.schemas.items()}


def type_key(kind: str, tf_type: str) -> str:
    """``aws_lb`` / ``data.aws_region`` / ``ephemeral.aws_x`` / ``provider``."""
    return tf_type if kind == "resource" else ("provider" if kind == "provider" else f"{kind}.{tf_type}")


def extract_package(src: PackageSources, annotate: bool = False) -> PackageSchema:
    """Rebuild every schema of the package: the provider configuration, each resource, data
    source and ephemeral resource.  A directory that fails is recorded in ``errors``."""
    out = PackageSchema(provider_version=src.provider_version)
    for d in src.dirs:
        try:
            got = extract_dir(src, d, annotate)
        except Exception as e:  # one bad directory must not hide the others
            out.errors[f"lib/{d}"] = f"{type(e).__name__}: {e}"
            continue
        if got is None:
            continue
        if got.notes:
            out.notes[type_key(got.kind, got.tf_type)] = got.notes
        if got.kind == "provider":
            if out.provider is not None:
                out.errors[f"lib/{d}"] = "a second provider class"
            out.provider = got.schema
            continue
        bucket = out.schemas[got.kind]
        if got.tf_type in bucket:
            out.errors[f"lib/{d}"] = f"duplicate {got.kind} {got.tf_type}"
            continue
        bucket[got.tf_type] = got.schema
    return out
