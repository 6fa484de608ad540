"""Cognito user pools: ``internal/service/cognitoidp/``."""

from __future__ import annotations

from apigwkit.provider_double.rules.kinds import Type

RESOURCES: dict[str, Type] = {}
