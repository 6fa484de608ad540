"""Validate-time judgement: what hashicorp/aws's ``ValidateResourceConfig`` / ``ValidateDataResourceConfig``
answer for a configuration, read from the rules (``rules/``).

``validate(kind, type_name, block, config)`` returns error :class:`Diagnostic` s for the decoded
``config`` (``None`` null, ``UNKNOWN`` unknown, dicts for objects and block elements, lists for lists,
sets and blocks); ``block`` is the type's schema block (to tell blocks from attributes).

SDKv2 types are judged as terraform-plugin-sdk/v2's ``schemaMap.validate`` judges each attribute, in
its order: ``ExactlyOneOf`` (even when unset), ``AtLeastOneOf`` (even when unset); then, only when
set, ``RequiredWith``; nothing more when the value is not wholly known; ``ConflictsWith``; then
``MaxItems``/``MinItems`` and the value validators. The first error ends the attribute's checks
(and those of the blocks inside it). Messages and summaries are the SDK's:

* ``ValidateFunc`` texts name the *flatmap* key (``cors_configuration.0.max_age``); a
  ``ToDiagFunc``/``enum.Validate`` one names the last attribute; the summary is the text;
* inside a ``TypeSet`` the attribute path is cut back to the set (``schema.validateType``);
* "specified" is ``ResourceConfig.Get``: non-null, and for a block at least one element.

Plugin-Framework types run every attribute validator on known, non-null values, and their config
validators (``Combination`` rows) over the whole configuration, in ``validatordiag``'s words.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from apigwkit.provider_double import golang, rules
from apigwkit.provider_double.checks import FrameworkCheck, NotWhole
from apigwkit.provider_double.rules.kinds import (
    AtLeastOneOf,
    Combination,
    ConflictsWith,
    ExactlyOneOf,
    Items,
    RequiredWith,
    Row,
    Type,
    Value,
)
from apigwkit.provider_double.values import UNKNOWN, has_unknown

__all__ = ["Diagnostic", "framework_path", "framework_validate", "validate"]


@dataclass(frozen=True)
class Diagnostic:
    """An error diagnostic: summary, detail and the attribute path it points at."""

    summary: str
    detail: str
    path: tuple[str | int, ...]


def framework_path(path: tuple[str | int, ...]) -> str:
    """A framework ``path.Path`` as text: ``a[0].b``."""
    text = ""
    for step in path:
        if isinstance(step, int):
            text += f"[{step}]"
        elif text:
            text += "." + step
        else:
            text = step
    return text


# --------------------------------------------------------------------------------------------
# Reading a configuration the way the SDK's ResourceConfig does
# --------------------------------------------------------------------------------------------


def _block_names(block: dict | None, steps: list[str]) -> bool:
    """Whether the attribute at ``steps`` (names only) is a nested block of ``block``."""
    current: dict | None = block
    for index, name in enumerate(steps):
        if current is None:
            return False
        nested = current.get("block_types", {}).get(name)
        if nested is None:
            return False
        if index == len(steps) - 1:
            return True
        current = nested["block"]
    return False


@dataclass(frozen=True)
class _Lookup:
    value: Any
    present: bool  # ResourceConfig.Get's ok
    computed: bool  # ResourceConfig.IsComputed


def _get(config: dict, block: dict | None, key: str) -> _Lookup:
    """``ResourceConfig.Get``/``IsComputed`` of a flatmap key (``a.0.b``) in a decoded configuration."""
    node: Any = config
    names: list[str] = []
    for part in key.split("."):
        if node is UNKNOWN:
            return _Lookup(UNKNOWN, True, True)
        if isinstance(node, dict):
            node = node.get(part)
            names.append(part)
        elif isinstance(node, list) and part.isdigit():
            index = int(part)
            node = node[index] if index < len(node) else None
        else:
            return _Lookup(None, False, False)
        if node is None:
            return _Lookup(None, False, False)
    if isinstance(node, list) and not node and _block_names(block, names):
        return _Lookup(node, False, False)  # the shim drops empty blocks, as HCL1 did
    return _Lookup(node, True, has_unknown(node))


# --------------------------------------------------------------------------------------------
# SDKv2
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Instance:
    parent: dict  # the object holding the attribute
    path: tuple[str | int, ...]  # the attribute's path
    key: str  # its flatmap key
    set_path: tuple[str | int, ...] | None  # the enclosing set's path, if any

    @property
    def report_path(self) -> tuple[str | int, ...]:
        return self.set_path if self.set_path is not None else self.path


def _instances(config: dict, steps: tuple[str, ...], skip_unknown: bool) -> Iterator[_Instance]:
    """Every place ``steps`` (ending in an attribute name) names an attribute of an object present in
    ``config``. With ``skip_unknown`` (SDKv2), nothing under a value that is not wholly known."""

    def walk(node: Any, rest: tuple[str, ...], path: tuple, key: str, set_path: tuple | None) -> Iterator[_Instance]:
        step = rest[0]
        if len(rest) == 1:
            if isinstance(node, dict):
                yield _Instance(node, (*path, step), f"{key}.{step}" if key else step, set_path)
            return
        if step in ("[]", "{}"):
            elements = [node] if isinstance(node, dict) else list(node or [])
            for index, element in enumerate(elements):
                if element is None or element is UNKNOWN:
                    continue
                inner_set = set_path if set_path is not None or step == "[]" else path
                yield from walk(element, rest[1:], (*path, index), f"{key}.{index}", inner_set)
            return
        if not isinstance(node, dict):
            return
        value = node.get(step)
        if value is None or value is UNKNOWN or (skip_unknown and has_unknown(value)):
            return
        yield from walk(value, rest[1:], (*path, step), f"{key}.{step}" if key else step, set_path)

    yield from walk(config, steps, (), "", None)


def _fraction(value: Any) -> bool:
    return isinstance(value, float) and not value.is_integer()


def _sdk_value_errors(row: Value, value: Any, instance: _Instance, ints: _Ints) -> list[Diagnostic]:
    names = [step for step in instance.path if isinstance(step, str)]
    if _fraction(value) and ints.covers(tuple(names)):
        return []  # schema.validatePrimitive refuses it before any ValidateFunc runs (_whole_numbers)
    key = names[-1] if row.diag else instance.key
    try:
        errors = row.check.errors(value, key)  # type: ignore[union-attr]
    except NotWhole:
        errors = [f"Attribute must be a whole number, got {golang.format_float(float(value))}"]
    return [
        Diagnostic(*error, instance.report_path)
        if isinstance(error, tuple)
        else Diagnostic(error, "", instance.report_path)
        for error in errors
    ]


def _element_instances(instance: _Instance, value: list, is_set: bool) -> Iterator[tuple[Any, _Instance]]:
    for index, element in enumerate(value):
        set_path = instance.set_path if instance.set_path is not None or not is_set else instance.path
        yield element, _Instance({}, (*instance.path, index), f"{instance.key}.{index}", set_path)


def _sdk_attribute(
    rows: list[Row], instance: _Instance, config: dict, block: dict | None, ints: _Ints
) -> tuple[list[Diagnostic], bool]:
    """The SDK's ``validate(k)`` for one attribute: its diagnostics, and whether it stopped early (so that
    nothing inside it is validated)."""
    here = _get(config, block, instance.key)
    fail = instance.report_path

    def combination(row: ExactlyOneOf | AtLeastOneOf | RequiredWith) -> str | None:
        keys = sorted(dict.fromkeys((*row.keys, instance.key)))
        found = {k: _get(config, block, k) for k in keys}
        joined = ",".join(keys)
        if isinstance(row, ExactlyOneOf):
            unknown = [k for k in keys if found[k].computed]
            specified = [k for k in keys if not found[k].computed and found[k].present]
            if not specified and not unknown:
                return f"{golang.quote(instance.key)}: one of `{joined}` must be specified"
            if len(specified) > 1:
                return (
                    f"{golang.quote(instance.key)}: only one of `{joined}` can be specified, "
                    f"but `{','.join(specified)}` were specified."
                )
            return None
        if isinstance(row, AtLeastOneOf):
            if any(found[k].present for k in keys):
                return None
            return f"{golang.quote(instance.key)}: one of `{joined}` must be specified"
        if all(found[k].present for k in keys):
            return None
        return f"{golang.quote(instance.key)}: all of `{joined}` must be specified"

    for kind, summary in (
        (ExactlyOneOf, "Invalid combination of arguments"),
        (AtLeastOneOf, "Missing required argument"),
    ):
        for row in rows:
            if isinstance(row, kind):
                error = combination(row)  # type: ignore[arg-type]
                if error:
                    return [Diagnostic(summary, error, fail)], True
    if not here.present:
        return [], True
    for row in rows:
        if isinstance(row, RequiredWith):
            error = combination(row)
            if error:
                return [Diagnostic("Missing required argument", error, fail)], True
    if has_unknown(here.value):
        return [], True
    for row in rows:
        if isinstance(row, ConflictsWith):
            for other in row.keys:
                found = _get(config, block, other)
                if found.present and found.value is not UNKNOWN:
                    detail = f"{golang.quote(instance.key)}: conflicts with {other}"
                    return [Diagnostic("Conflicting configuration arguments", detail, fail)], True
    value = here.value
    out: list[Diagnostic] = []
    if isinstance(value, list):
        for row in rows:
            if isinstance(row, Items):
                if row.max and len(value) > row.max:
                    detail = (
                        f"Attribute {instance.key} supports {row.max} item maximum, but config has "
                        f"{len(value)} declared."
                    )
                    return [Diagnostic("Too many list items", detail, fail)], True
                if row.min and len(value) < row.min:
                    detail = (
                        f"Attribute {instance.key} requires {row.min} item minimum, but config has only "
                        f"{len(value)} declared."
                    )
                    return [Diagnostic("Not enough list items", detail, fail)], True
    for row in rows:
        if isinstance(row, Value) and not isinstance(value, list | dict):
            out.extend(_sdk_value_errors(row, value, instance, ints))
    return out, False


@dataclass(frozen=True)
class _Ints:
    """Which number attributes of a type are ``TypeInt`` (``Type.floats``; nothing when not read)."""

    floats: frozenset[tuple[str, ...]] | None

    def covers(self, names: tuple[str, ...]) -> bool:
        return self.floats is not None and names not in self.floats


def _whole_numbers(block: dict | None, config: dict, ints: _Ints, stopped: list[tuple]) -> list[Diagnostic]:
    """terraform-plugin-sdk/v2 ``schemaMap.validatePrimitive``: a ``TypeInt`` given a fraction is refused with
    "Attribute must be a whole number, got %v" (the config shim hands the SDK a float64 for it); inside a
    ``TypeSet`` the path is cut back to the set."""
    out: list[Diagnostic] = []

    def number(value: Any, path: tuple, names: tuple[str, ...], set_path: tuple | None) -> None:
        if _fraction(value) and ints.covers(names) and not any(path[: len(p)] == p for p in stopped):
            report = set_path if set_path is not None else path
            out.append(Diagnostic(f"Attribute must be a whole number, got {golang.format_float(value)}", "", report))

    def typed(kind: Any, value: Any, path: tuple, names: tuple[str, ...], set_path: tuple | None) -> None:
        if value is None or value is UNKNOWN:
            return
        if kind == "number":
            number(value, path, names, set_path)
        elif isinstance(kind, list) and kind[0] in ("list", "set") and isinstance(value, list):
            inner = set_path if set_path is not None or kind[0] == "list" else path
            for index, element in enumerate(value):
                typed(kind[1], element, (*path, index), names, inner)
        elif isinstance(kind, list) and kind[0] == "object" and isinstance(value, dict):
            for name, attribute_kind in kind[1].items():
                typed(attribute_kind, value.get(name), (*path, name), (*names, name), set_path)

    def walk(schema: dict, node: Any, path: tuple, names: tuple[str, ...], set_path: tuple | None) -> None:
        if not isinstance(node, dict):
            return
        for name, attribute in schema.get("attributes", {}).items():
            typed(attribute.get("type"), node.get(name), (*path, name), (*names, name), set_path)
        for name, nested in schema.get("block_types", {}).items():
            value = node.get(name)
            elements = [value] if isinstance(value, dict) else value if isinstance(value, list) else []
            inner = set_path if set_path is not None or nested["nesting_mode"] != "set" else (*path, name)
            for index, element in enumerate(elements):
                walk(nested["block"], element, (*path, name, index), (*names, name), inner)

    if block is not None and ints.floats is not None:
        walk(block, config, (), (), None)
    return out


def _sdk_validate(spec: Type, block: dict | None, config: dict) -> list[Diagnostic]:
    # Without the schema _whole_numbers cannot walk the numbers: the rows' own int checks report a fraction then.
    floats = None if spec.floats is None or block is None else frozenset(_names(path) for path in spec.floats)
    ints = _Ints(floats)
    # Rows by the attribute they sit on; an attribute's own rows are judged before anything inside it.
    by_path: dict[tuple[str, ...], list[Row]] = {}
    for row in spec.rows:
        if isinstance(row, Value | ConflictsWith | ExactlyOneOf | AtLeastOneOf | RequiredWith | Items):
            by_path.setdefault(row.steps, []).append(row)
    element_rows: dict[tuple[str, ...], tuple[bool, list[Value]]] = {}
    for steps in list(by_path):
        if steps[-1] in ("[]", "{}"):  # a validator on the elements of a list or set of primitives
            values = [r for r in by_path.pop(steps) if isinstance(r, Value)]
            element_rows[steps[:-1]] = (steps[-1] == "{}", values)
            by_path.setdefault(steps[:-1], [])
    out: list[Diagnostic] = []
    stopped: list[tuple] = []
    for steps in sorted(by_path, key=lambda s: (len(s), s)):
        for instance in _instances(config, steps, skip_unknown=True):
            if any(instance.path[: len(p)] == p for p in stopped):
                continue
            found, stop = _sdk_attribute(by_path[steps], instance, config, block, ints)
            out.extend(found)
            if found or stop:
                stopped.append(instance.path)
                continue
            value = instance.parent.get(instance.path[-1])
            is_set, rows = element_rows.get(steps, (False, []))
            for row in rows:
                for element, element_instance in _element_instances(instance, value or [], is_set):
                    if element is not None:
                        out.extend(_sdk_value_errors(row, element, element_instance, ints))
    return out + _whole_numbers(block, config, ints, stopped)


def _names(path: str) -> tuple[str, ...]:
    return tuple(step for step in Value(path, None).steps if step not in ("[]", "{}"))  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------
# Plugin Framework
# --------------------------------------------------------------------------------------------


def framework_validate(spec: Type, config: dict) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for row in spec.rows:
        if isinstance(row, Value) and isinstance(row.check, FrameworkCheck):
            for instance in _instances(config, row.steps, skip_unknown=False):
                value = instance.parent.get(instance.path[-1])
                if value is None or value is UNKNOWN:
                    continue
                for summary, detail in row.check.problems(value, framework_path(instance.path)):
                    out.append(Diagnostic(summary, detail, instance.path))
        elif isinstance(row, Combination):
            out.extend(_combination(row, config))
    return out


_COMBINATION_WORDS = {
    "conflicting": "These attributes cannot be configured together: {}",
    "exactly_one_of": "Exactly one of these attributes must be configured: {}",
    "at_least_one_of": "At least one of these attributes must be configured: {}",
    "required_together": "These attributes must be configured together: {}",
}


def _combination(row: Combination, config: dict) -> list[Diagnostic]:
    """terraform-plugin-framework-validators ``internal/configvalidator`` (root attributes)."""
    configured = [p for p in row.paths if config.get(p) is not None and config.get(p) is not UNKNOWN]
    unknown = [p for p in row.paths if config.get(p) is UNKNOWN]
    description = _COMBINATION_WORDS[row.kind].format("[" + ",".join(row.paths) + "]")
    combination = "Invalid Attribute Combination"
    if row.kind == "conflicting":
        return [Diagnostic(combination, description, (configured[0],))] if len(configured) > 1 else []
    if row.kind == "required_together":
        if configured and not unknown and len(configured) != len(row.paths):
            return [Diagnostic(combination, description, (configured[0],))]
        return []
    out = []
    if row.kind == "exactly_one_of" and len(configured) > 1:
        out.append(Diagnostic(combination, description, (configured[0],)))
    if not unknown and not configured:
        out.append(Diagnostic("Missing Attribute Configuration", description, ()))
    return out


# --------------------------------------------------------------------------------------------


def validate(kind: str, type_name: str, block: dict | None, config: dict | None) -> list[Diagnostic]:
    """The validation errors hashicorp/aws returns for ``config`` of a resource (``kind="resource"``) or
    data source (``kind="data"``) of ``type_name``; ``block`` is its schema (``None``: no attribute is a
    block, which only matters for an empty list named by a cross-attribute rule)."""
    spec = rules.lookup(kind, type_name)
    if spec is None or not config:
        return []
    if spec.framework:
        return framework_validate(spec, config)
    return _sdk_validate(spec, block, config)
