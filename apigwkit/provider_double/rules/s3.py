"""S3: ``internal/service/s3/``."""

from __future__ import annotations

from apigwkit.provider_double.rules.kinds import Type

RESOURCES: dict[str, Type] = {}
