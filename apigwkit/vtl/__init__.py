"""Render API Gateway REST API mapping templates (VTL) offline, as API Gateway would, to test them.

A REST API non-proxy integration (``AWS``, ``HTTP``, ``MOCK``) transforms the method request with a *request
template* and the integration's answer with a *response template*. A template that produces invalid JSON fails only
at run time in AWS; this package lets a test render the template Terraform deploys, for many inputs, and assert on
``json.loads`` of the result::

    from pathlib import Path

    from apigwkit.vtl import render

    event_json = render(
        Path("examples/rest-api-mapping-cache/templates/sum-request.vtl").read_text(),
        body='{"a": 1, "b": 2}',
        params={"path": {}, "querystring": {"debug": "1"}, "header": {"Content-Type": "application/json"}},
        context={"identity": {"sourceIp": "203.0.113.10"}, "resourcePath": "/sum", "stage": "prod"},
        stage_variables={},
    )

The Velocity engine is ``airspeed`` (the ``airspeed-ext`` 0.6.9 distribution, a fork whose language quirks were
recorded against API Gateway: a missing reference prints nothing, ``#if($undefined)`` is *true*, ``true``/``false``
print in lower case, single-quoted string literals keep backslashes). So a presence check is a string comparison,
``#if("$!x" == "")``, or ``containsKey``, never ``#if($x)``. On top of it this package defines the variables API
Gateway provides ("Variables for data transformations for API Gateway").

Reproduced
    - ``$input.body`` (an empty payload reads as ``{}``, as observed on AWS); ``$input.json(path)`` (compact JSON;
      a path that selects nothing gives ``""``, as users report it: the reference does not say, so templates should
      not depend on it); ``$input.path(path)`` (an object to navigate; nothing selected is null);
      ``$input.params()`` (map of ``path``, ``querystring``, ``header``); ``$input.params(name)`` (path, then query
      string, then header; header names case-insensitively; not found is ``""``).
    - JSONPath: definite paths ``$``, ``$.a.b``, ``$['a']``, ``$["a b"]``, ``$.items[0]``, ``$.items[-1]``
      (``jsonpath.py``; wildcards, deep scan, filters, slices and unions are refused with an error).
    - ``$util.escapeJavaScript`` (Commons Lang 2 rules: ``'`` becomes ``\\'``, which is *not* valid JSON, as AWS
      warns; ``/`` becomes ``\\/``; non-ASCII becomes ``\\uXXXX``), ``$util.parseJson``, ``$util.urlEncode`` /
      ``urlDecode`` (``java.net.URLEncoder`` rules), ``$util.base64Encode`` / ``base64Decode`` (UTF-8).
    - How values print (``values.py``): JSON objects print Java-style ``{a=1, b=x}`` (as a ``LinkedHashMap`` does in
      API Gateway; *not JSON*), arrays as compact JSON, ``true``/``false``, numbers with a fraction as Java doubles
      (``2.0``, ``1.0E20``), null and missing references as nothing. Objects offer the Java ``Map``/``List`` methods
      (``size()``, ``get()``, ``keySet()``, ``containsKey()``, ``isEmpty()``...); ``#foreach`` over a map walks its
      values.
    - ``$context.*`` from the dict the caller passes (``identity.sourceIp``, ``resourcePath``, ``requestTime``,
      ``stage``, ``requestId``, ``httpMethod``, ...); ``authorizer.claims.*`` readable while ``authorizer.claims``
      itself prints nothing; other ``authorizer.*`` values stringified (``1`` → ``"1"``).
    - ``$stageVariables.name``, ``$stageVariables['name']``, ``${stageVariables['name']}``.
    - The 300 KB template size quota. ``lambda_integration.py``: the Lambda error payload.
      ``integration_response.py``: which integration response answers (``selection_pattern`` against the whole
      ``errorMessage`` or status code, API Gateway's documented rule; the local REST gateway uses it too).

Refused rather than guessed
    - ``$util`` functions API Gateway does not have (``$util.toJson`` is AppSync's), unknown ``$input`` members, a
      payload or ``$util.parseJson`` argument that is not JSON (``InvalidJsonError``; for a request body API Gateway
      answers 400 "Could not parse request body into json"), malformed ``%``-escapes and base64.

Not reproduced
    - Which template runs: Content-Type selection, passthrough behaviour, ``$context.requestOverride`` /
      ``responseOverride`` effects (they can be ``#set``; nothing reads them back), request validation and models.
    - The exact bytes of JSON escapes: API Gateway's JSON writer escapes ``/`` as ``\\/`` in ``$input.json``; here
      strings are written with Python's escapes. Both are the same JSON value.
    - JSON that API Gateway's permissive parser accepts and Python's does not (single quotes, unquoted keys,
      ``NaN``): refused here.
    - Velocity limits (``#foreach`` at most 1,000 iterations) and Velocity features airspeed lacks; Java String
      methods beyond those airspeed provides (``length``, ``replaceAll``, ``startsWith``, ``contains``,
      ``indexOf``, ``substring``, ``matches``). A JSON key named like a Java method (``size``) shadows the method.
"""

from __future__ import annotations

from apigwkit.vtl.errors import InvalidJsonError, MappingTemplateError, UnsupportedFunctionError
from apigwkit.vtl.integration_response import NO_MATCH, select_integration_response
from apigwkit.vtl.lambda_integration import lambda_error_payload
from apigwkit.vtl.render import render

__all__ = [
    "InvalidJsonError",
    "NO_MATCH",
    "MappingTemplateError",
    "UnsupportedFunctionError",
    "lambda_error_payload",
    "render",
    "select_integration_response",
]
