"""What API Gateway builds from an OpenAPI document (PutRestApi / ImportRestApi), as the account's objects.

A REST API whose ``body`` is an OpenAPI document gets its resource tree, methods, integrations, responses,
authorizers, models, request validators, gateway responses and resource policy from it; ``put_rest_api_mode =
"overwrite"`` (the provider's default) replaces everything the API had. The objects are shaped as the state
of the equivalent Terraform resources (``aws_api_gateway_method`` and so on), so a deployment snapshot holds
the same thing whether an API was built call by call or imported, and the local gateway serves either.

The mapping follows AWS's "API Gateway extensions to OpenAPI" reference
(https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions.html):
``x-amazon-apigateway-integration`` (integration and integration responses keyed by selection pattern,
``default`` meaning none), ``x-amazon-apigateway-any-method`` (ANY), security requirements naming schemes
with ``x-amazon-apigateway-authtype`` (``custom``, ``cognito_user_pools``, ``awsSigv4``) or the ``x-api-key``
header scheme (API key required), ``x-amazon-apigateway-authorizer``, ``x-amazon-apigateway-request-validators``
and ``-request-validator``, ``x-amazon-apigateway-gateway-responses``, ``-api-key-source``,
``-binary-media-types`` and ``-policy``; an integration's ``integrationTarget`` (a property of the extension: "the
ALB or NLB listener to send the request to, only for private integrations with VPC link V2", the extension's
property table, api-gateway-swagger-extensions-integration) and ``responseTransferMode`` (imported in the OpenAPI
file of response-streaming-http, "Create an HTTP proxy integration with payload response streaming").
OpenAPI 3.0 (``components``) and Swagger 2.0 (``definitions``, ``securityDefinitions``, body parameters) are both
read.
"""

from __future__ import annotations

import hashlib
import json
import string
from typing import Any

import yaml

VERBS = {"get", "put", "post", "delete", "options", "head", "patch", "x-amazon-apigateway-any-method"}
PARAMETER_PLACES = {"path": "path", "query": "querystring", "header": "header"}
AUTH_TYPES = {"custom": "CUSTOM", "cognito_user_pools": "COGNITO_USER_POOLS", "awssigv4": "AWS_IAM"}


class ImportError_(ValueError):  # noqa: N801 - "ImportError" is a builtin
    """The document is not one API Gateway can import."""


def parse(body: str) -> dict[str, Any]:
    try:
        document = json.loads(body)
    except json.JSONDecodeError:
        try:
            document = yaml.safe_load(body)
        except yaml.YAMLError as err:
            raise ImportError_(f"Invalid OpenAPI input: {err}") from None
    if not isinstance(document, dict) or not ("openapi" in document or "swagger" in document):
        raise ImportError_("Invalid OpenAPI input: the document has neither an openapi nor a swagger version")
    return document


def _id(*parts: object, length: int = 10) -> str:
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).digest()
    alphabet = string.ascii_lowercase + string.digits
    number = int.from_bytes(digest, "big")
    out = []
    for _ in range(length):
        number, r = divmod(number, len(alphabet))
        out.append(alphabet[r])
    return "".join(out)


def _ref_name(schema: Any) -> str | None:
    ref = schema.get("$ref") if isinstance(schema, dict) else None
    return ref.rsplit("/", 1)[-1] if isinstance(ref, str) else None


def expand_policy(policy: Any, execution_arn: str) -> str:
    """The policy as API Gateway stores it: ``execute-api:/...`` resources expanded to this API's ARN."""

    def expand(resource: Any) -> Any:
        if isinstance(resource, list):
            return [expand(r) for r in resource]
        if isinstance(resource, str) and resource.startswith("execute-api:/"):
            return execution_arn + resource[len("execute-api:") :]
        return resource

    document = json.loads(policy) if isinstance(policy, str) else policy
    for statement in document.get("Statement", []) if isinstance(document, dict) else []:
        for key in ("Resource", "NotResource"):
            if key in statement:
                statement[key] = expand(statement[key])
    return json.dumps(document, separators=(",", ":"))


def api_attributes(document: dict[str, Any]) -> dict[str, Any]:
    """The REST API's own settings a document sets (values for attributes the configuration leaves unset)."""
    info = document.get("info") or {}
    return {
        "description": info.get("description"),
        "api_key_source": document.get("x-amazon-apigateway-api-key-source") or "HEADER",
        "binary_media_types": list(document.get("x-amazon-apigateway-binary-media-types") or []),
        "policy": document.get("x-amazon-apigateway-policy"),
    }


def import_document(document: dict[str, Any], api: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The objects API Gateway creates for ``document`` in ``api`` (its id, root resource id, region)."""
    api_id, root_id, region = api["id"], api["root_resource_id"], api.get("region")
    common = {"rest_api_id": api_id, "region": region}
    swagger = "swagger" in document
    components = document.get("components") or {}
    schemes = (document.get("securityDefinitions") if swagger else components.get("securitySchemes")) or {}
    schemas = (document.get("definitions") if swagger else components.get("schemas")) or {}
    out: dict[str, list[dict[str, Any]]] = {t: [] for t in (
        "aws_api_gateway_resource", "aws_api_gateway_method", "aws_api_gateway_integration",
        "aws_api_gateway_method_response", "aws_api_gateway_integration_response", "aws_api_gateway_authorizer",
        "aws_api_gateway_model", "aws_api_gateway_request_validator", "aws_api_gateway_gateway_response",
    )}  # fmt: skip

    # ---- authorizers (security schemes with an x-amazon-apigateway-authorizer)
    authorizer_ids: dict[str, str] = {}
    for name, scheme in schemes.items():
        authorizer = (scheme or {}).get("x-amazon-apigateway-authorizer")
        if not isinstance(authorizer, dict):
            continue
        kind = str(authorizer.get("type", "token")).upper()
        identity = authorizer.get("identitySource")
        if kind == "TOKEN" and not identity:
            identity = f"method.request.header.{scheme.get('name', 'Authorization')}"
        if kind == "COGNITO_USER_POOLS" and not identity:
            identity = f"method.request.header.{scheme.get('name', 'Authorization')}"
        authorizer_ids[name] = _id(api_id, "authorizer", name, length=6)
        out["aws_api_gateway_authorizer"].append({
            **common,
            "id": authorizer_ids[name],
            "name": name,
            "type": kind,
            "authorizer_uri": authorizer.get("authorizerUri"),
            "authorizer_credentials": authorizer.get("authorizerCredentials"),
            "identity_source": identity,
            "identity_validation_expression": authorizer.get("identityValidationExpression"),
            "authorizer_result_ttl_in_seconds": authorizer.get("authorizerResultTtlInSeconds", 300),
            "provider_arns": authorizer.get("providerARNs"),
        })  # fmt: skip

    # ---- models, request validators, gateway responses
    for name, schema in schemas.items():
        out["aws_api_gateway_model"].append({
            **common, "id": _id(api_id, "model", name, length=6), "name": name,
            "content_type": "application/json", "schema": json.dumps(schema),
        })  # fmt: skip
    validator_ids: dict[str, str] = {}
    for name, validator in (document.get("x-amazon-apigateway-request-validators") or {}).items():
        validator_ids[name] = _id(api_id, "validator", name, length=6)
        out["aws_api_gateway_request_validator"].append({
            **common, "id": validator_ids[name], "name": name,
            "validate_request_body": bool(validator.get("validateRequestBody")),
            "validate_request_parameters": bool(validator.get("validateRequestParameters")),
        })  # fmt: skip
    default_validator = document.get("x-amazon-apigateway-request-validator")
    for response_type, response in (document.get("x-amazon-apigateway-gateway-responses") or {}).items():
        out["aws_api_gateway_gateway_response"].append({
            **common, "id": f"aggr-{api_id}-{response_type}", "response_type": response_type,
            "status_code": response.get("statusCode"),
            "response_parameters": response.get("responseParameters"),
            "response_templates": response.get("responseTemplates"),
        })  # fmt: skip

    # ---- the resource tree: every path and its ancestors
    resource_ids = {"/": root_id}

    def resource(path: str) -> str:
        if path not in resource_ids:
            parent, _, part = path.rpartition("/")
            parent_id = resource(parent or "/")
            resource_ids[path] = _id(api_id, "resource", path)
            out["aws_api_gateway_resource"].append({
                **common, "id": resource_ids[path], "parent_id": parent_id, "path_part": part, "path": path,
            })  # fmt: skip
        return resource_ids[path]

    global_security = document.get("security")
    for path, item in (document.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        resource_id = resource(path.rstrip("/") or "/")
        shared_parameters = item.get("parameters") or []
        for key, operation in item.items():
            if key.lower() not in VERBS or not isinstance(operation, dict):
                continue
            verb = "ANY" if key.lower() == "x-amazon-apigateway-any-method" else key.upper()
            where = {**common, "resource_id": resource_id, "http_method": verb}
            out["aws_api_gateway_method"].append({
                **where,
                "id": f"agm-{api_id}-{resource_id}-{verb}",
                "operation_name": operation.get("operationId"),
                **_authorization(operation.get("security", global_security), schemes, authorizer_ids),
                "request_parameters": _request_parameters(shared_parameters + (operation.get("parameters") or [])),
                "request_models": _request_models(operation, swagger, document),
                "request_validator_id": validator_ids.get(
                    operation.get("x-amazon-apigateway-request-validator") or default_validator
                ),
            })  # fmt: skip
            for code, response in (operation.get("responses") or {}).items():
                if code == "default":
                    continue
                out["aws_api_gateway_method_response"].append({
                    **where,
                    "id": f"agmr-{api_id}-{resource_id}-{verb}-{code}",
                    "status_code": str(code),
                    "response_parameters": {
                        f"method.response.header.{h}": False for h in (response or {}).get("headers") or {}
                    } or None,
                    "response_models": _response_models(response or {}, swagger, operation, document),
                })  # fmt: skip
            integration = operation.get("x-amazon-apigateway-integration")
            if isinstance(integration, dict):
                out["aws_api_gateway_integration"].append(_integration(where, api_id, resource_id, verb, integration))
                for pattern, response in (integration.get("responses") or {}).items():
                    out["aws_api_gateway_integration_response"].append({
                        **where,
                        "id": f"agir-{api_id}-{resource_id}-{verb}-{response.get('statusCode')}",
                        "status_code": str(response.get("statusCode")),
                        "selection_pattern": None if pattern == "default" else pattern,
                        "response_parameters": response.get("responseParameters"),
                        "response_templates": response.get("responseTemplates"),
                        "content_handling": response.get("contentHandling"),
                    })  # fmt: skip
    return out


def _authorization(security: Any, schemes: dict[str, Any], authorizer_ids: dict[str, str]) -> dict[str, Any]:
    found = {"authorization": "NONE", "authorizer_id": None, "authorization_scopes": None, "api_key_required": False}
    for requirement in security or []:
        for name, scopes in (requirement or {}).items():
            scheme = schemes.get(name) or {}
            auth_type = str(scheme.get("x-amazon-apigateway-authtype") or "").lower()
            if auth_type in AUTH_TYPES:
                found["authorization"] = AUTH_TYPES[auth_type]
                found["authorizer_id"] = authorizer_ids.get(name)
                if scopes:
                    found["authorization_scopes"] = list(scopes)
            elif scheme.get("type") == "apiKey" and str(scheme.get("name", "")).lower() == "x-api-key":
                found["api_key_required"] = True
    return found


def _request_parameters(parameters: list[Any]) -> dict[str, bool] | None:
    found = {
        f"method.request.{PARAMETER_PLACES[p['in']]}.{p['name']}": bool(p.get("required")) or p["in"] == "path"
        for p in parameters
        if isinstance(p, dict) and p.get("in") in PARAMETER_PLACES and p.get("name")
    }
    return found or None


def _request_models(operation: dict[str, Any], swagger: bool, document: dict[str, Any]) -> dict[str, str] | None:
    if swagger:
        parameters = [p for p in operation.get("parameters") or [] if isinstance(p, dict)]
        body = next((p for p in parameters if p.get("in") == "body"), None)
        name = _ref_name((body or {}).get("schema"))
        types = operation.get("consumes") or document.get("consumes") or ["application/json"]
        return {t: name for t in types} if name else None
    content = ((operation.get("requestBody") or {}).get("content")) or {}
    found = {t: _ref_name((c or {}).get("schema")) for t, c in content.items()}
    return {t: n for t, n in found.items() if n} or None


def _response_models(
    response: dict[str, Any], swagger: bool, operation: dict[str, Any], document: dict[str, Any]
) -> dict[str, str] | None:
    if swagger:
        name = _ref_name(response.get("schema"))
        types = operation.get("produces") or document.get("produces") or ["application/json"]
        return {t: name for t in types} if name else None
    found = {t: _ref_name((c or {}).get("schema")) for t, c in (response.get("content") or {}).items()}
    return {t: n for t, n in found.items() if n} or None


def _integration(
    where: dict[str, Any], api_id: str, resource_id: str, verb: str, spec: dict[str, Any]
) -> dict[str, Any]:
    kind = str(spec.get("type", "")).upper()
    passthrough = spec.get("passthroughBehavior")
    cache_keys = spec.get("cacheKeyParameters") or []
    transfer = str(spec.get("responseTransferMode") or "BUFFERED").upper()
    # "You can only use response payload streaming for HTTP_PROXY or AWS_PROXY integration types"
    # (https://docs.aws.amazon.com/apigateway/latest/developerguide/response-transfer-mode.html); wording inferred
    if transfer == "STREAM" and kind not in ("HTTP_PROXY", "AWS_PROXY"):
        raise ImportError_(f"Response transfer mode STREAM is only supported for HTTP_PROXY and AWS_PROXY, not {kind}")
    # an integration target is the load balancer behind a VPC link v2 (set-up-private-integration.html)
    if spec.get("integrationTarget") and str(spec.get("connectionType") or "").upper() != "VPC_LINK":
        raise ImportError_("integrationTarget requires connectionType VPC_LINK")
    return {
        **where,
        "id": f"agi-{api_id}-{resource_id}-{verb}",
        "type": kind,
        "uri": spec.get("uri"),
        "integration_http_method": spec.get("httpMethod"),
        "credentials": spec.get("credentials"),
        "request_parameters": spec.get("requestParameters"),
        "request_templates": spec.get("requestTemplates"),
        # AWS's default when a body has no matching template
        "passthrough_behavior": str(passthrough).upper() if passthrough else "WHEN_NO_MATCH",
        "content_handling": spec.get("contentHandling"),
        "timeout_milliseconds": spec.get("timeoutInMillis", 29000),
        "cache_key_parameters": list(cache_keys),
        "cache_namespace": spec.get("cacheNamespace") or resource_id,
        "connection_type": spec.get("connectionType") or "INTERNET",
        "connection_id": spec.get("connectionId"),
        "integration_target": spec.get("integrationTarget"),
        "response_transfer_mode": transfer,
    }


# --------------------------------------------------------------------------- HTTP APIs (ImportApi / ReimportApi)


def import_http_document(document: dict[str, Any], api: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The routes, integrations and authorizers API Gateway creates for an HTTP API's OpenAPI 3.0 ``document``, shaped
    as the state of ``aws_apigatewayv2_route`` / ``_integration`` / ``_authorizer``, and the API's CORS configuration
    (``aws_apigatewayv2_api``: the attributes the document sets).

    The extensions are those of "Working with API Gateway extensions to OpenAPI" for HTTP APIs
    (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-open-api.html):
    ``x-amazon-apigateway-integration`` (``type`` aws_proxy or http_proxy, ``uri``, ``payloadFormatVersion``,
    ``httpMethod``, ``connectionType``/``connectionId``, ``timeoutInMillis``, ``requestParameters``),
    ``x-amazon-apigateway-any-method`` (ANY; the path ``$default`` is the ``$default`` route),
    ``x-amazon-apigateway-authorizer`` of type ``jwt`` (``jwtConfiguration``) or ``request`` (``authorizerUri``,
    ``authorizerPayloadFormatVersion``, ``enableSimpleResponses``, ``authorizerResultTtlInSeconds``,
    ``identitySource``), ``x-amazon-apigateway-authtype: awsSigv4`` (AWS_IAM) and ``x-amazon-apigateway-cors``.
    """
    api_id = str(api["id"])
    common = {"api_id": api_id, "region": api.get("region")}
    schemes = (document.get("components") or {}).get("securitySchemes") or {}
    out: dict[str, list[dict[str, Any]]] = {
        "aws_apigatewayv2_route": [],
        "aws_apigatewayv2_integration": [],
        "aws_apigatewayv2_authorizer": [],
        "aws_apigatewayv2_api": [{**common, "id": api_id, "cors_configuration": _cors(document)}],
    }
    authorizers: dict[str, tuple[str, str]] = {}  # scheme name -> (id, JWT | REQUEST)
    for name, scheme in schemes.items():
        spec = (scheme or {}).get("x-amazon-apigateway-authorizer")
        if not isinstance(spec, dict):
            continue
        kind = "JWT" if str(spec.get("type", "")).lower() == "jwt" else "REQUEST"
        authorizers[name] = (_id(api_id, "authorizer", name, length=6), kind)
        sources = spec.get("identitySource") or (["$request.header.Authorization"] if kind == "JWT" else [])
        jwt = spec.get("jwtConfiguration") or {}
        out["aws_apigatewayv2_authorizer"].append({
            **common,
            "id": authorizers[name][0],
            "name": name,
            "authorizer_type": kind,
            "identity_sources": [s.strip() for s in sources.split(",")] if isinstance(sources, str) else list(sources),
            "jwt_configuration": [{"issuer": jwt.get("issuer"), "audience": list(jwt.get("audience") or [])}]
            if kind == "JWT" else [],
            "authorizer_uri": spec.get("authorizerUri"),
            "authorizer_payload_format_version": spec.get("authorizerPayloadFormatVersion"),
            "enable_simple_responses": bool(spec.get("enableSimpleResponses")),
            "authorizer_result_ttl_in_seconds": spec.get("authorizerResultTtlInSeconds", 0 if kind == "JWT" else 300),
        })  # fmt: skip
    global_security = document.get("security")
    for path, item in (document.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        for key, operation in item.items():
            if key.lower() not in VERBS or not isinstance(operation, dict):
                continue
            verb = "ANY" if key.lower() == "x-amazon-apigateway-any-method" else key.upper()
            route_key = "$default" if path == "$default" else f"{verb} {path}"
            spec = operation.get("x-amazon-apigateway-integration")
            target = None
            if isinstance(spec, dict):
                integration_id = _id(api_id, "integration", route_key, length=7)
                target = f"integrations/{integration_id}"
                kind = str(spec.get("type", "aws_proxy")).upper()
                out["aws_apigatewayv2_integration"].append({
                    **common,
                    "id": integration_id,
                    "integration_type": kind,
                    "integration_uri": spec.get("uri"),
                    "integration_method": spec.get("httpMethod") or ("POST" if kind == "AWS_PROXY" else verb),
                    "payload_format_version": str(spec.get("payloadFormatVersion") or "1.0"),
                    "connection_type": spec.get("connectionType") or "INTERNET",
                    "connection_id": spec.get("connectionId"),
                    "timeout_milliseconds": spec.get("timeoutInMillis", 30000),
                    "request_parameters": spec.get("requestParameters"),
                    "credentials_arn": spec.get("credentials"),
                })  # fmt: skip
            authorization = {"authorization_type": "NONE", "authorizer_id": None, "authorization_scopes": None}
            for requirement in operation.get("security", global_security) or []:
                for name, scopes in (requirement or {}).items():
                    if name in authorizers:
                        authorizer_id, kind = authorizers[name]
                        authorization = {
                            "authorization_type": "JWT" if kind == "JWT" else "CUSTOM",
                            "authorizer_id": authorizer_id,
                            "authorization_scopes": list(scopes) or None,
                        }
                    elif str((schemes.get(name) or {}).get("x-amazon-apigateway-authtype", "")).lower() == "awssigv4":
                        authorization = {**authorization, "authorization_type": "AWS_IAM"}
            out["aws_apigatewayv2_route"].append({
                **common,
                "id": _id(api_id, "route", route_key, length=7),
                "route_key": route_key,
                "target": target,
                "operation_name": operation.get("operationId"),
                **authorization,
            })  # fmt: skip
    return out


def _cors(document: dict[str, Any]) -> list[dict[str, Any]]:
    cors = document.get("x-amazon-apigateway-cors")
    if not isinstance(cors, dict):
        return []
    return [{
        "allow_origins": list(cors.get("allowOrigins") or []),
        "allow_methods": list(cors.get("allowMethods") or []),
        "allow_headers": list(cors.get("allowHeaders") or []),
        "expose_headers": list(cors.get("exposeHeaders") or []),
        "max_age": cors.get("maxAge"),
        "allow_credentials": bool(cors.get("allowCredentials")),
    }]  # fmt: skip
