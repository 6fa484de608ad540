"""Request validation: a method's required parameters and its body against the JSON Schema (draft 4) model of its
content type, in the words of API Gateway's validator."""

from __future__ import annotations

import json
from typing import Any

from jsonschema import Draft4Validator
from jsonschema.exceptions import SchemaError
from referencing import Registry
from referencing.jsonschema import DRAFT4

from apigwkit.local.rest.errors import GatewayError
from apigwkit.local.rest.request import Incoming
from apigwkit.local.rest.tree import Method, Release

# API Gateway's built-in models, used when the state defines none of that name.
BUILT_IN_MODELS: dict[str, dict[str, Any]] = {
    "Empty": {"$schema": "http://json-schema.org/draft-04/schema#", "title": "Empty Schema", "type": "object"},
    "Error": {
        "$schema": "http://json-schema.org/draft-04/schema#",
        "title": "Error Schema",
        "type": "object",
        "properties": {"message": {"type": "string"}},
    },
}


def validate(incoming: Incoming, method: Method) -> None:
    """Raise the gateway's 400 when the method's request validator refuses the request."""
    release = incoming.release
    validator = release.validators.get(str(method.values.get("request_validator_id") or "")) if release else None
    if release is None or validator is None:
        return
    if validator.get("validate_request_parameters"):
        missing = [
            name.rpartition(".")[2]
            for name, required in sorted((method.values.get("request_parameters") or {}).items())
            if required and not (incoming.request_parameter(name) or "").strip()
        ]
        if missing:
            message = f"Missing required request parameters: [{', '.join(missing)}]"
            incoming.execution.error(f"Request validation failed: {message}")  # wording: local
            raise GatewayError("BAD_REQUEST_PARAMETERS", message, validation=message, logged=True)
    if validator.get("validate_request_body"):
        models = method.values.get("request_models") or {}
        name = models.get(incoming.content_type or "application/json") or models.get("$default")
        if name is None:  # no model for this content type: nothing to validate against
            return
        errors = body_errors(incoming.body, str(name), release, incoming.api.api_id)
        if errors:
            detail = f"[{', '.join(errors)}]"
            content_type = incoming.content_type or "application/json"
            incoming.execution.error(
                f"Request body does not match model schema for content type {content_type}: {detail}"
            )
            raise GatewayError("BAD_REQUEST_BODY", "Invalid request body", validation=detail, logged=True)


def body_errors(body: bytes, model: str, release: Release, api_id: str) -> list[str]:
    """What is wrong with ``body`` for ``model``, as API Gateway's validator words it; [] when valid."""
    try:
        document = json.loads(body.decode() or "{}")
    except ValueError as error:
        return [f"Invalid JSON: {error}"]
    try:
        validator = _schema_validator(model, release, api_id)
        errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    except SchemaError as error:
        return [f"the model {model} is not a valid JSON Schema: {error.message}"]
    return [_validation_message(e) for e in errors]


def _schema_validator(name: str, release: Release, api_id: str) -> Draft4Validator:
    """The model's validator, made once per release (models reference each other by their API Gateway URL)."""
    validator = release.schema_validators.get(name)
    if validator is None:
        base = f"https://apigateway.amazonaws.com/restapis/{api_id}/models/"
        schemas = {n: _model_schema(m.get("schema")) for n, m in release.models.items()}
        registry = Registry().with_resources(
            (base + n, DRAFT4.create_resource(s)) for n, s in {**BUILT_IN_MODELS, **schemas}.items()
        )
        schema = schemas.get(name, BUILT_IN_MODELS.get(name, {}))
        validator = release.schema_validators[name] = Draft4Validator(schema, registry=registry)
    return validator


def _model_schema(text: Any) -> dict[str, Any]:
    try:
        schema = json.loads(text) if isinstance(text, str) else text
    except ValueError:
        schema = None
    return schema if isinstance(schema, dict) else {}


def _validation_message(error: Any) -> str:
    """A jsonschema error in the words of API Gateway's validator (the ones it prints most often)."""
    where = "/" + "/".join(str(p) for p in error.absolute_path) if error.absolute_path else ""
    prefix = f"instance at {where}: " if where else ""
    if error.validator == "required":
        missing = [name for name in error.validator_value if name not in (error.instance or {})]
        return prefix + f"object has missing required properties ({json.dumps(missing, separators=(',', ':'))})"
    if error.validator == "type":
        allowed = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        found = _json_type(error.instance)
        return prefix + (
            f"instance type ({found}) does not match any allowed primitive type "
            f"(allowed: {json.dumps(allowed, separators=(',', ':'))})"
        )
    return prefix + str(error.message)


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"
