"""KMS: ``internal/service/kms/``."""

from __future__ import annotations

from apigwkit.provider_double.rules.kinds import Type

RESOURCES: dict[str, Type] = {}
