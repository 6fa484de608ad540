"""Lambda aliases, locally: which published version an invocation of ``FUNCTION:ALIAS`` runs.

An alias serves one version (``function_version``) and may send a share of invocations to others
(``routing_config``'s ``additional_version_weights``), as CodeDeploy does while it shifts traffic; Lambda draws the
version per invocation with those weights (https://docs.aws.amazon.com/lambda/latest/dg/configuring-alias-routing.html).
The alias is read from the account model at every invocation, because CodeDeploy changes it outside Terraform while
the gateway serves; a version is the code and configuration the account kept when it was published. ``random``
draws in [0, 1): tests inject their own draws.
"""

from __future__ import annotations

import random as _random
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from apigwkit.provider_double.account import Account


def choose_version(function_version: str, weights: Mapping[str, float], draw: float) -> str:
    """The version an invocation runs: each additional version takes its weight of [0, 1) in version order, the
    alias's own version the rest."""
    edge = 0.0
    for version, weight in sorted(weights.items(), key=lambda item: (len(item[0]), item[0])):
        edge += weight
        if draw < edge:
            return version
    return function_version


class AliasRouter:
    """Resolves ``(region, function, qualifier)`` to ``(version, that version's function values)``."""

    def __init__(self, account: Account, random: Callable[[], float] = _random.random) -> None:
        self.account, self.random = account, random
        # Every invocation of an alias asks (every example's integrations do): the aliases are read again only when
        # the account's file has changed, and a published version, which never changes, once.
        self._aliases: tuple[Any, list[dict[str, Any]]] | None = None
        self._versions: dict[tuple[str, str, str], Mapping[str, Any] | None] = {}

    def _current_aliases(self) -> list[dict[str, Any]]:
        try:
            stat = self.account.path.stat() if self.account.path is not None else None
            stamp = (stat.st_mtime_ns, stat.st_size) if stat is not None else None
        except FileNotFoundError:
            stamp = None
        if stamp is None or self._aliases is None or self._aliases[0] != stamp:
            self._aliases = (stamp, self.account.objects("aws_lambda_alias"))
        return self._aliases[1]

    def resolve(self, region: str, function: str, qualifier: str) -> tuple[str, Mapping[str, Any]] | None:
        """None for ``$LATEST``, or a qualifier that is neither a published version nor an alias of the account."""
        if qualifier == "$LATEST":
            return None
        version = qualifier
        if not qualifier.isdigit():
            alias = next(
                (
                    a
                    for a in self._current_aliases()
                    if a.get("name") == qualifier
                    and str(a.get("function_name") or "").split(":")[-1] == function
                    and a.get("region") == region
                ),
                None,
            )
            if alias is None:
                return None
            routing = (alias.get("routing_config") or [{}])[0] or {}
            weights = {str(k): float(v) for k, v in (routing.get("additional_version_weights") or {}).items()}
            version = choose_version(str(alias.get("function_version")), weights, self.random())
        key = (region, function, version)
        if key not in self._versions:
            self._versions[key] = self.account.published_version(region, function, version)
        values = self._versions[key]
        return None if values is None else (version, values)
