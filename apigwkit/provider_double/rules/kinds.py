"""The kinds of row a type's rules are made of (see the package docstring for what each means).

Paths: ``a.b`` an attribute of a nested object, ``a[]`` every element of a list (a list block or a
list attribute), ``a{}`` every element of a set. Cross-attribute keys (``ConflictsWith`` …) are the
provider's own flatmap keys, absolute, as written in its schema (``vpc_config.0.subnet_ids``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from apigwkit.provider_double.checks import Check, FrameworkCheck


def _steps(path: str) -> tuple[str, ...]:
    steps: list[str] = []
    for part in path.split("."):
        name = part.rstrip("[]{}")
        steps.append(name)
        marker = part[len(name) :]
        while marker:
            steps.append(marker[:2])
            marker = marker[2:]
    return tuple(steps)


@dataclass(frozen=True)
class Row:
    path: str
    source: str = field(default="", kw_only=True)  # provider file, when not the type's own
    steps: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "steps", _steps(self.path))


@dataclass(frozen=True)
class Value(Row):
    """A value validator: SDKv2 ``ValidateFunc`` (``diag=False``: the message names the flatmap key),
    ``ValidateDiagFunc`` made by ``validation.ToDiagFunc`` or ``enum.Validate`` (``diag=True``: the
    message names the last attribute), or a Plugin-Framework validator (a :class:`FrameworkCheck`)."""

    check: Check | FrameworkCheck
    diag: bool = False


@dataclass(frozen=True)
class Diag(Value):
    """A :class:`Value` whose validator is a ``ValidateDiagFunc`` (``enum.Validate``, ``validation.ToDiagFunc``)."""

    diag: bool = True


@dataclass(frozen=True)
class ConflictsWith(Row):
    keys: tuple[str, ...]


@dataclass(frozen=True)
class ExactlyOneOf(Row):
    keys: tuple[str, ...]


@dataclass(frozen=True)
class AtLeastOneOf(Row):
    keys: tuple[str, ...]


@dataclass(frozen=True)
class RequiredWith(Row):
    keys: tuple[str, ...]


@dataclass(frozen=True)
class Items(Row):
    """SDKv2 ``MaxItems``/``MinItems`` of a list or set (0: no bound). On a block, the limits are also
    served in the schema, where Terraform itself enforces them (``MinItems`` only when the provider
    declares the block ``Required``, as the SDK serves it; the bindings do not always say so)."""

    max: int = 0
    min: int = 0
    required: bool = False


@dataclass(frozen=True)
class Combination(Row):
    """A Plugin-Framework config validator over several paths: ``resourcevalidator.Conflicting``,
    ``ExactlyOneOf``, ``AtLeastOneOf``, ``RequiredTogether`` (``kind`` names which). ``path`` is unused
    (``""``); ``paths`` are the expressions as the provider writes them."""

    kind: str
    paths: tuple[str, ...]


@dataclass(frozen=True)
class PlanCheck(Row):
    """A ``CustomizeDiff`` (SDKv2) or ``ModifyPlan`` (framework) refusal at plan time: ``check`` names a
    predicate in ``plan_checks.CHECKS`` returning the values to format ``message`` with, when the
    provider refuses. ``path`` is ``""`` (plan-time errors carry no attribute path)."""

    check: str
    message: str


@dataclass(frozen=True)
class Default(Row):
    """SDKv2 ``Default:`` or a framework ``Default`` (planned, known, whenever the config is null).

    ``when``: ``(attribute, values)``: the default is planned only while that top-level attribute's planned
    value is one of ``values`` (an SDKv2 ``DiffSuppressFunc`` that suppresses the attribute otherwise drops
    its diff on create, so the planned value stays null)."""

    value: Any
    when: tuple[str, tuple[Any, ...]] | None = None


@dataclass(frozen=True)
class Type:
    """One resource or data source type: its provider source file, whether it is a Plugin-Framework
    type (else SDKv2), and its rows.

    ``floats``: for an SDKv2 type whose whole schema was read, the paths of its ``TypeFloat`` attributes;
    every other number attribute is a ``TypeInt``, which the SDK refuses a fraction for ("Attribute must be
    a whole number"). ``None``: the schema's number types were not read, so nothing is checked."""

    source: str
    rows: tuple[Row, ...] = ()
    framework: bool = False
    floats: tuple[str, ...] | None = None
