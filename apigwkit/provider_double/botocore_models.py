"""botocore's data, read once per process: service models (for enumerations) and ``endpoints.json``.

The provider takes its enumerations from the AWS SDK for Go v2 and its partitions from the same
endpoint data; both are generated from the models botocore ships, so the double reads those.
"""

from __future__ import annotations

from functools import cache
from typing import Any


@cache
def botocore_enum(service: str, shape: str) -> tuple[str, ...]:
    """The ``enum`` of a botocore shape, in model order (the AWS SDK for Go's ``Values()``)."""
    return tuple(_service_model(service).shape_for(shape).enum)


@cache
def _service_model(service: str) -> Any:
    # One loader for every model: a botocore session scans its data directories and
    # registers its handlers when created, which costs far more than reading one model.
    import botocore.model

    return botocore.model.ServiceModel(botocore_loader().load_service_model(service, "service-2"), service)


@cache
def botocore_loader() -> Any:
    """The process's botocore data loader (service models, ``endpoints.json``)."""
    import botocore.loaders

    return botocore.loaders.create_loader()
