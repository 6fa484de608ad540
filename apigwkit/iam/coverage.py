"""Whether rendered policies allow every call the provider makes for what a Terraform state holds.

Each resource of the state (``terraform show -json``) becomes IAM requests: its type's read actions (plan, refresh),
write actions (create, update, delete, tag) and what the deploy steps call on it, on the ARN built from its values,
with the condition keys the request carries (a role's boundary, the service a role is passed to). evaluate.allowed
judges each.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from apigwkit.iam.evaluate import Request, allowed
from apigwkit.iam.requirements import WITHHELD, needs_of


@dataclass(frozen=True)
class Call:
    address: str
    kind: str  # "read", "write" or "step"
    request: Request

    def __str__(self) -> str:
        context = f" with {dict(self.request.context)}" if self.request.context else ""
        return f"{self.address}: {self.request.action} on {self.request.resource}{context}"


class _Absent(dict):
    """Template values where a missing one is empty: a condition key without a value is left out of the request."""

    def __missing__(self, key: str) -> str:
        return ""


def state_resources(state: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    def walk(module: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
        yield from module.get("resources", [])
        for child in module.get("child_modules", []):
            yield from walk(child)

    yield from walk(state.get("values", {}).get("root_module", {}))


def calls(state: Mapping[str, Any], *, partition: str, region: str, account: str) -> tuple[list[Call], list[str]]:
    """Every call the state's resources need, and the types no requirement row covers."""
    resources = list(state_resources(state))
    boundaries = {
        r["values"].get("name"): r["values"].get("permissions_boundary")
        for r in resources
        if r["type"] == "aws_iam_role"
    }
    found: list[Call] = []
    unknown: list[str] = []
    for resource in resources:
        type_needs = needs_of(resource["type"], resource["mode"])
        if type_needs is None:
            withheld = WITHHELD.get(resource["type"]) if resource["mode"] == "managed" else None
            why = f": withheld from the pipeline, {withheld.why}" if withheld else ""
            unknown.append(f"{resource['address']} ({resource['mode']} {resource['type']}){why}")
            continue
        where = {"partition": partition, "region": region, "account": account}
        values = {k: v for k, v in resource["values"].items() if isinstance(v, str)} | where
        if type_needs.derive is not None:
            values.update(type_needs.derive(resource["values"] | where))
        if resource["type"] == "aws_iam_role_policy":
            values["role_boundary"] = boundaries.get(values.get("role")) or ""
        for need in type_needs.needs:
            if need.when and not values.get(need.when):
                continue
            arn = need.arn.format_map(values)
            context = {key: template.format_map(_Absent(values)) for key, template in need.context.items()}
            context = {key: value for key, value in context.items() if value}  # no boundary: the key is absent
            for kind, actions in (("read", need.read), ("write", need.write), ("step", need.step)):
                found += [Call(resource["address"], kind, Request(action, arn, context)) for action in actions]
    return found, unknown


def refused(policies: list[str], wanted: list[Call]) -> list[str]:
    """The calls the policies do not allow, as text."""
    return [str(call) for call in wanted if not allowed(policies, call.request)]
