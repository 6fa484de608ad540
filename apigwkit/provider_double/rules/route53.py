"""Route 53: ``internal/service/route53/``."""

from __future__ import annotations

from apigwkit.provider_double.rules.kinds import Type

RESOURCES: dict[str, Type] = {}
