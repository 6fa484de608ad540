"""Elastic Load Balancing v2: ``internal/service/elbv2/``."""

from __future__ import annotations

from apigwkit.provider_double.rules.kinds import Type

RESOURCES: dict[str, Type] = {}
