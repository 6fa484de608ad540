"""The public interface of every module at a git ref, and what changed in it between two refs.

A module's interface is what a caller's configuration and state depend on: its variables (type,
default, whether required), its outputs (and whether sensitive), the addresses of the resources
and module calls it manages (with their ``count``/``for_each`` shape), the ``moved``/``removed``
blocks that carry state across an address change, and the Terraform and provider versions it
requires. Each change is classed by the rule in the README ("Versions: what is breaking"):

- ``breaking``: a caller's configuration, state or live objects need action (a major version; a
  minor one before 1.0.0);
- ``added``: something new a caller may use, nothing to change (a minor version);
- ``other``: an interface change Terraform carries by itself, e.g. an address with a ``moved``
  block (a patch version is enough).
"""

from __future__ import annotations

import io
import re
import subprocess
import tarfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import hcl2
from lark import Token, Tree

from apigwkit.hcl import blocks

BREAKING, ADDED, OTHER = "breaking", "added", "other"
LEVELS = (BREAKING, ADDED, OTHER)


# --------------------------------------------------------------------------- reading a ref


@dataclass(frozen=True)
class Variable:
    type: str
    required: bool
    default: Any = None
    nullable: bool = True


@dataclass
class ModuleInterface:
    variables: dict[str, Variable] = field(default_factory=dict)
    outputs: dict[str, bool] = field(default_factory=dict)  # name -> sensitive
    addresses: dict[str, str] = field(default_factory=dict)  # "aws_x.this" / "module.m" -> single|count|for_each
    moved: dict[str, str] = field(default_factory=dict)  # from -> to, without instance keys
    removed: set[str] = field(default_factory=set)
    requires: dict[str, str] = field(default_factory=dict)  # "terraform" / provider name -> version constraint


def git(repo: Path, *args: str) -> str:
    result = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise ValueError(f"git {' '.join(args)} failed in {repo}: {result.stderr.strip()}")
    return result.stdout


def module_sources(repo: Path, ref: str) -> dict[str, dict[str, str]]:
    """The ``*.tf`` files of each ``modules/<name>/`` at ``ref``: {module: {file name: text}}."""
    try:
        git(repo, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    except ValueError:
        raise ValueError(f"{ref!r} names no commit in {repo}") from None
    listed = git(repo, "ls-tree", "--name-only", ref, "modules/")
    if not listed.strip():
        return {}
    archive = subprocess.run(
        ["git", "-C", str(repo), "archive", "--format=tar", ref, "modules"], capture_output=True, check=True
    ).stdout
    sources: dict[str, dict[str, str]] = {}
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        for member in tar.getmembers():
            parts = Path(member.name).parts
            if member.isfile() and len(parts) == 3 and parts[2].endswith(".tf"):
                sources.setdefault(parts[1], {})[parts[2]] = tar.extractfile(member).read().decode()
    return sources


def _base_address(reference: str) -> str:
    """``aws_x.y["k"]`` or ``module.m[0]`` -> ``aws_x.y`` / ``module.m``."""
    return re.sub(r"\[[^\]]*\]", "", reference).strip()


def read_module(files: dict[str, str]) -> ModuleInterface:
    interface = ModuleInterface()
    for name in sorted(files):
        found = blocks(files[name])
        for block in found.get("variable", []):
            for var, body in block.items():
                interface.variables[var] = Variable(
                    type=str(body.get("type", "any")),
                    required="default" not in body,
                    default=body.get("default"),
                    nullable=body.get("nullable", True),
                )
        for block in found.get("output", []):
            for out, body in block.items():
                interface.outputs[out] = bool(body.get("sensitive", False))
        for block in found.get("resource", []):
            for type_, named in block.items():
                for res, body in named.items():
                    interface.addresses[f"{type_}.{res}"] = _shape(body)
        for block in found.get("module", []):
            for call, body in block.items():
                interface.addresses[f"module.{call}"] = _shape(body)
        for body in found.get("moved", []):
            interface.moved[_base_address(body["from"])] = _base_address(body["to"])
        for body in found.get("removed", []):
            interface.removed.add(_base_address(body["from"]))
        for body in found.get("terraform", []):
            if "required_version" in body:
                interface.requires["terraform"] = body["required_version"]
            for providers in body.get("required_providers", []):
                for provider, spec in providers.items():
                    if isinstance(spec, dict) and "version" in spec:
                        interface.requires[f"provider {spec.get('source', provider)}"] = spec["version"]
    return interface


def _shape(body: dict) -> str:
    return "count" if "count" in body else "for_each" if "for_each" in body else "single"


def read_interfaces(repo: Path, ref: str) -> dict[str, ModuleInterface]:
    return {module: read_module(files) for module, files in sorted(module_sources(repo, ref).items())}


# --------------------------------------------------------------------------- type constraints


@dataclass(frozen=True)
class Attribute:
    type: tuple
    optional: bool
    default: str | None  # the default's source text, for comparison


def parse_type(text: str) -> tuple:
    """A type constraint as nested tuples: ("string",), ("list", T), ("object", {name: Attribute}), …

    python-hcl2's own parser reads the expression (a type constraint is HCL function-call syntax);
    this walks its tree."""
    tree = hcl2.parses_to_tree(f"t = {text}\n")
    attribute = next(tree.find_data("attribute"))
    return _type(_children(attribute)[-1])


def _children(tree: Tree) -> list[Tree]:
    return [c for c in tree.children if isinstance(c, Tree)]


def _unwrap(tree: Tree) -> Tree:
    while tree.data == "expr_term" and len(_children(tree)) == 1:
        tree = _children(tree)[0]
    return tree


def _source(tree: Tree) -> str:
    return "".join(str(token) for token in tree.scan_values(lambda v: isinstance(v, Token)))


def _type(tree: Tree) -> tuple:
    tree = _unwrap(tree)
    if tree.data == "identifier":
        return (str(tree.children[0]),)
    if tree.data == "function_call":
        name = str(_children(tree)[0].children[0])
        arguments = _children(_children(tree)[1]) if len(_children(tree)) > 1 else []
        if name == "object":
            return ("object", _object_attributes(_unwrap(arguments[0])))
        if name == "tuple":
            return ("tuple", tuple(_type(e) for e in _children(_unwrap(arguments[0]))))
        return (name, *(_type(a) for a in arguments))
    return ("?", _source(tree))


def _object_attributes(tree: Tree) -> dict[str, Attribute]:
    attributes: dict[str, Attribute] = {}
    for element in tree.find_data("object_elem"):
        if element not in _children(tree):
            continue  # find_data also walks nested objects: only this object's own elements
        key, value = _children(element)
        name = _source(key).strip('"')
        value = _unwrap(value)
        is_optional = value.data == "function_call" and str(_children(value)[0].children[0]) == "optional"
        if is_optional:
            arguments = _children(_children(value)[1])
            default = _source(arguments[1]) if len(arguments) > 1 else None
            attributes[name] = Attribute(_type(arguments[0]), True, default)
        else:
            attributes[name] = Attribute(_type(value), False, None)
    return attributes


def render_type(t: tuple) -> str:
    if t[0] == "object":
        return "object({" + ", ".join(sorted(t[1])) + "})"
    if t[0] == "?":
        return t[1]
    return t[0] if len(t) == 1 else f"{t[0]}(" + ", ".join(render_type(e) for e in t[1:]) + ")"


def type_changes(old: tuple, new: tuple, path: str) -> list[tuple[str, str, str]]:
    """(level, path, what) for each difference; only added optional attributes leave every old value
    valid and meaning the same."""
    if old == new or new == ("any",):
        return []
    if old[0] != new[0] or old[0] in ("tuple", "?") or len(old) != len(new):
        return [(BREAKING, path, f"type {render_type(old)} is now {render_type(new)}")]
    if old[0] != "object":
        return [c for o, n in zip(old[1:], new[1:], strict=True) for c in type_changes(o, n, f"{path}[*]")]
    changes: list[tuple[str, str, str]] = []
    before, after = old[1], new[1]
    for name in sorted(before.keys() - after.keys()):
        # Terraform drops an object's attributes that the type does not name, without a word
        changes.append((BREAKING, f"{path}.{name}", "removed (a value set for it is now ignored)"))
    for name in sorted(after.keys() - before.keys()):
        required = not after[name].optional
        changes.append(
            (BREAKING, f"{path}.{name}", "new required attribute")
            if required
            else (ADDED, f"{path}.{name}", "new optional attribute")
        )
    for name in sorted(before.keys() & after.keys()):
        was, now, where = before[name], after[name], f"{path}.{name}"
        if was.optional and not now.optional:
            changes.append((BREAKING, where, "now required"))
        elif not was.optional and now.optional:
            changes.append((ADDED, where, "now optional"))
        elif was.default != now.default:
            changes.append((BREAKING, where, f"default {was.default} is now {now.default}"))
        changes += type_changes(was.type, now.type, where)
    return changes


# --------------------------------------------------------------------------- comparing two refs


@dataclass(frozen=True)
class Change:
    level: str
    module: str
    text: str

    def __str__(self) -> str:
        return f"`{self.module}`: {self.text}"


def _bounds(constraint: str) -> tuple[tuple[int, ...], tuple[int, ...]] | None:
    """(lowest allowed, first excluded) of ">= A, < B"-style constraints; None for other forms."""
    low, high = (0,), (10**9,)
    for part in constraint.split(","):
        found = re.fullmatch(r"\s*(>=|<)\s*v?([0-9.]+)\s*", part)
        if not found:
            return None
        version = tuple(int(n) for n in found.group(2).split("."))
        low, high = (max(low, version), high) if found.group(1) == ">=" else (low, min(high, version))
    return low, high


def _requirement_change(name: str, old: str | None, new: str | None) -> tuple[str, str]:
    if old is None:
        return BREAKING, f"now requires {name} {new}"
    if new is None:
        return ADDED, f"no longer constrains {name} (was {old})"
    was, now = _bounds(old), _bounds(new)
    narrower = was is None or now is None or now[0] > was[0] or now[1] < was[1]
    return (BREAKING if narrower else ADDED), f"requires {name} {new} (was {old})"


def compare_module(module: str, old: ModuleInterface, new: ModuleInterface) -> list[Change]:
    changes: list[tuple[str, str]] = []
    for name in sorted(old.variables.keys() - new.variables.keys()):
        changes.append((BREAKING, f"variable `{name}` removed"))
    for name in sorted(new.variables.keys() - old.variables.keys()):
        var = new.variables[name]
        changes.append(
            (BREAKING, f"new required variable `{name}`") if var.required else (ADDED, f"new variable `{name}`")
        )
    for name in sorted(old.variables.keys() & new.variables.keys()):
        was, now = old.variables[name], new.variables[name]
        if was.required != now.required:
            changes.append(
                (BREAKING, f"variable `{name}` is now required")
                if now.required
                else (ADDED, f"variable `{name}` is now optional")
            )
        elif not now.required and was.default != now.default:
            changes.append((BREAKING, f"variable `{name}`: default changed"))
        if was.nullable and not now.nullable:
            changes.append((BREAKING, f"variable `{name}`: null now means the default"))
        if was.type != now.type:
            for level, path, what in type_changes(parse_type(was.type), parse_type(now.type), name):
                changes.append((level, f"variable `{path}`: {what}"))
    for name in sorted(old.outputs.keys() - new.outputs.keys()):
        changes.append((BREAKING, f"output `{name}` removed"))
    for name in sorted(new.outputs.keys() - old.outputs.keys()):
        changes.append((ADDED, f"new output `{name}`"))
    for name in sorted(old.outputs.keys() & new.outputs.keys()):
        if new.outputs[name] and not old.outputs[name]:
            changes.append((BREAKING, f"output `{name}` is now sensitive"))
    for address in sorted(old.addresses.keys() - new.addresses.keys()):
        if address in new.moved:
            changes.append((OTHER, f"`{address}` moves to `{new.moved[address]}` (a `moved` block)"))
        elif address in new.removed:
            changes.append((BREAKING, f"`{address}` leaves the state, its objects stay in AWS (a `removed` block)"))
        else:
            changes.append((BREAKING, f"`{address}` removed: its objects are destroyed"))
    for address in sorted(new.addresses.keys() - old.addresses.keys()):
        changes.append((ADDED, f"new `{address}`"))
    for address in sorted(old.addresses.keys() & new.addresses.keys()):
        was, now = old.addresses[address], new.addresses[address]
        if was == now:
            continue
        if {was, now} == {"single", "count"}:  # Terraform moves x to x[0] and back by itself
            changes.append((OTHER, f"`{address}` is now {now} (Terraform moves the instance itself)"))
        elif address in new.moved:
            changes.append((OTHER, f"`{address}` is now {now} (a `moved` block)"))
        else:
            changes.append((BREAKING, f"`{address}` is now {now} (was {was}): its instances change address"))
    for name in sorted(old.requires.keys() | new.requires.keys()):
        if old.requires.get(name) != new.requires.get(name):
            changes.append(_requirement_change(name, old.requires.get(name), new.requires.get(name)))
    return [Change(level, module, text) for level, text in changes]


def compare(old: dict[str, ModuleInterface], new: dict[str, ModuleInterface]) -> list[Change]:
    changes = [Change(BREAKING, m, "module removed") for m in sorted(old.keys() - new.keys())]
    changes += [Change(ADDED, m, "new module") for m in sorted(new.keys() - old.keys())]
    for module in sorted(old.keys() & new.keys()):
        changes += compare_module(module, old[module], new[module])
    return changes
