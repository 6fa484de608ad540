"""Who signs requests locally: the local credentials (the account itself) and one set of credentials per Lambda.

In AWS a function signs its calls with its execution role's temporary credentials, and what it may do is what the
role's policies allow. Locally each function gets credentials of its own (``AWS_ACCESS_KEY_ID`` /
``AWS_SECRET_ACCESS_KEY`` / ``AWS_SESSION_TOKEN`` in its environment), so a request it signs names it: the local
``@connections`` endpoint checks the signature and evaluates the role's policies from the applied state for
``execute-api:ManageConnections``, as API Gateway does; moto and the presigned-POST check accept them too. The
local credentials (``testing``/``testing``, what a developer's boto3 or awscurl signs with) are the account itself.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from apigwkit.local.iam import LOCAL_ACCESS_KEY, LOCAL_CREDENTIALS, identity_verdict
from apigwkit.local.state import Deployment


@dataclass(frozen=True)
class Principal:
    """A caller: its ARN, the secret its access key signs with, and its identity policies (None: the account
    itself, which no identity policy limits)."""

    arn: str
    secret: str
    policies: tuple[Mapping[str, Any], ...] | None = None

    def verdict(self, action: str, resource: str) -> str:
        """ "Allow", "Deny" (explicit) or "" (nothing allows it: an implicit deny)."""
        return "Allow" if self.policies is None else identity_verdict(self.policies, action, resource)


class Identities:
    """Access key -> Principal, for everything that verifies a SigV4 signature locally."""

    def __init__(self, account: str = "123456789012") -> None:
        self.account = account
        self._by_key = {
            LOCAL_ACCESS_KEY: Principal(f"arn:aws:iam::{account}:root", LOCAL_CREDENTIALS[LOCAL_ACCESS_KEY])
        }
        self._by_function: dict[str, str] = {}

    @classmethod
    def of(cls, deployment: Deployment, account: str = "123456789012") -> Identities:
        """The local credentials and one principal per ``aws_lambda_function`` of the state, with its role's policies
        (inline ``aws_iam_role_policy``, ``inline_policy`` blocks, and attached ``aws_iam_policy`` documents; AWS
        managed policies are not in the state and grant nothing here)."""
        identities = cls(account)
        for function in deployment.resources_of("aws_lambda_function"):
            name, role_arn = str(function.values.get("function_name")), str(function.values.get("role") or "")
            role = role_arn.rpartition("/")[2]
            identities.add_function(name, role, tuple(_role_policies(deployment, role)))
        return identities

    def add_function(self, name: str, role: str, policies: tuple[Mapping[str, Any], ...]) -> None:
        digest = hashlib.sha256(f"apigwkit-local:{name}".encode()).hexdigest()
        key = "ASIA" + digest[:16].upper()  # the shape of a role session's access key
        # Lambda's role session is named after the function.
        arn = f"arn:aws:sts::{self.account}:assumed-role/{role or name}/{name}"
        self._by_key[key] = Principal(arn, digest[16:56], policies)
        self._by_function[name] = key

    def secrets(self) -> dict[str, str]:
        """Access key -> secret key: what ``iam.verify_sigv4`` checks signatures against."""
        return {key: principal.secret for key, principal in self._by_key.items()}

    def principal(self, access_key: str) -> Principal | None:
        return self._by_key.get(access_key)

    def function_environment(self, name: str) -> dict[str, str]:
        """The credentials variables of function ``name`` (the local credentials for a function the state lacks)."""
        key = self._by_function.get(name, LOCAL_ACCESS_KEY)
        return {
            "AWS_ACCESS_KEY_ID": key,
            "AWS_SECRET_ACCESS_KEY": self._by_key[key].secret,
            "AWS_SESSION_TOKEN": f"local-session-{name}",
        }


def _role_policies(deployment: Deployment, role: str) -> list[Mapping[str, Any]]:
    documents: list[Any] = [
        r.values.get("policy") for r in deployment.resources_of("aws_iam_role_policy") if r.values.get("role") == role
    ]
    for resource in deployment.where("aws_iam_role", name=role):
        documents.extend(block.get("policy") for block in resource.values.get("inline_policy") or [])
    attached = {
        r.values.get("policy_arn")
        for r in deployment.resources_of("aws_iam_role_policy_attachment")
        if r.values.get("role") == role
    }
    documents.extend(
        r.values.get("policy") for r in deployment.resources_of("aws_iam_policy") if r.values.get("arn") in attached
    )
    parsed = []
    for document in documents:
        try:
            value = json.loads(document) if isinstance(document, str) else document
        except ValueError:
            continue
        if isinstance(value, Mapping):
            parsed.append(value)
    return parsed
