"""What hashicorp/aws 6.69.1 decides at validate and plan time beyond its schema, as data.

One module per AWS service, each a table ``RESOURCES`` (and ``DATA_SOURCES``) of type name ->
:class:`~apigwkit.provider_double.rules.kinds.Type`: the provider source file the facts come from,
whether the type is a Plugin-Framework one, and one row per rule:

========================  ==================================================================  =========
row                       what the provider does                                              when
========================  ==================================================================  =========
``Value`` / ``Diag``      a value validator on an attribute (``checks.py`` holds the wording)  validate
``ConflictsWith`` …       SDKv2 ``ConflictsWith``/``ExactlyOneOf``/``AtLeastOneOf``/            validate
                          ``RequiredWith`` declared on an attribute
``Combination``           a Plugin-Framework config validator (``resourcevalidator.*``)        validate
``Items``                 SDKv2 ``MaxItems``/``MinItems`` (blocks: also served in the schema)   validate
``Default``               a default planned as a known value when the config is null (``when``  plan
                          another attribute allows: a ``DiffSuppressFunc`` hides it otherwise)
``PlanCheck``             a ``CustomizeDiff``/``ModifyPlan`` refusal (``plan_checks.py``)       plan
========================  ==================================================================  =========

``Type.floats`` (SDKv2 types whose schema was read whole): the ``TypeFloat`` attributes; every other number is
a ``TypeInt``, refused a fraction at validate ("Attribute must be a whole number").

The engines: ``validation.py`` (validate time; Terraform also runs it again at plan, with the values
known by then), ``planning.py`` (defaults), ``plan_checks.py`` (plan-time refusals) and
``schema_store.py`` (block item limits the schema bindings lose). The AWS account model
(``account/``), which judges applies, keeps its own rules apart.

Facts were read from hashicorp/terraform-provider-aws's ``main`` at the commits the source index
holds (late 2025 to 2026); each type names its file. ``tests/provider_double/test_rules.py`` checks
every path against the 6.69.1 schema the double serves, so a row for an attribute that release
lacks fails there.
"""

from __future__ import annotations

import importlib
from functools import cache

from apigwkit.provider_double.rules.kinds import Default, Items, Type

_SERVICES = (
    "acm",
    "apigateway",
    "apigatewayv2",
    "cognito",
    "dynamodb",
    "ec2",
    "elbv2",
    "iam",
    "kms",
    "lambda_",
    "logs",
    "meta",
    "route53",
    "s3",
    "sns",
    "wafv2",
)
_MODULES = tuple(importlib.import_module(f"{__name__}.{name}") for name in _SERVICES)

RESOURCES: dict[str, Type] = {name: spec for module in _MODULES for name, spec in module.RESOURCES.items()}
DATA_SOURCES: dict[str, Type] = {
    name: spec for module in _MODULES for name, spec in getattr(module, "DATA_SOURCES", {}).items()
}


def lookup(kind: str, type_name: str) -> Type | None:
    """The rules of a resource (``kind="resource"``) or data source (``kind="data"``) type, if recorded."""
    return (RESOURCES if kind == "resource" else DATA_SOURCES).get(type_name)


@cache
def defaults(type_name: str) -> dict:
    """A resource type's planned defaults as a tree: ``{"attributes": {name: value}, "blocks": {name: tree}}``."""
    tree: dict = {"attributes": {}, "blocks": {}}
    spec = RESOURCES.get(type_name)
    for row in spec.rows if spec else ():
        if isinstance(row, Default):
            node = tree
            names = [step for step in row.steps if step not in ("[]", "{}")]
            for name in names[:-1]:
                node = node["blocks"].setdefault(name, {"attributes": {}, "blocks": {}})
            node["attributes"][names[-1]] = row.value
    return tree


def conditional_defaults(type_name: str) -> tuple[Default, ...]:
    """The top-level ``Default`` rows of a resource type that apply only ``when`` another attribute allows."""
    spec = RESOURCES.get(type_name)
    return tuple(row for row in spec.rows if isinstance(row, Default) and row.when) if spec else ()


def is_sdkv2(type_name: str) -> bool:
    """Whether a resource type is recorded as a terraform-plugin-sdk/v2 one (which plans with the legacy
    type system: a default differs from a null configuration without Terraform objecting)."""
    spec = RESOURCES.get(type_name)
    return spec is not None and not spec.framework


def block_item_limits() -> dict[str, dict[tuple[str, ...], Items]]:
    """``Items`` rows of every resource type, by the path of names they sit on (for the schema)."""
    out: dict[str, dict[tuple[str, ...], Items]] = {}
    for type_name, spec in RESOURCES.items():
        for row in spec.rows:
            if isinstance(row, Items):
                names = tuple(step for step in row.steps if step not in ("[]", "{}"))
                out.setdefault(type_name, {})[names] = row
    return out
