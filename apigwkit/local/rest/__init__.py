"""A REST API (API Gateway v1, ``aws_api_gateway_rest_api``) served from the applied state.

``RestApi.serve`` (``pipeline.py``) runs API Gateway's steps in their order; each step's concern is one module:

1. the stage (``/<stage>/...``; an unknown stage is 403 Forbidden) and the deployment it serves, or its canary's
   (``tree.py``: releases, the resource tree);
2. the resource and method: at each level a literal part over ``{param}`` over a greedy ``{proxy+}``, the method's
   verb over ``ANY``; no match is the famous 403 "Missing Authentication Token" (``tree.py``);
3. the resource policy (``apigwkit.local.iam``);
4. stage and method throttling (``method_settings.py``);
5. authorization: AWS_IAM, Lambda TOKEN and REQUEST authorizers answering with an IAM policy (with their result
   cache), Cognito user pools (``authorization.py``, on ``apigwkit.local.authorizers``);
6. the API key and its usage plan: throttle and quota (``usage_plans.py``);
7. request validation: required parameters, the body against the method's JSON Schema model (``validation.py``);
8. the stage cache (``method_settings.py``);
9. the integration, one module per type (``integrations/``): Lambda proxy, Lambda behind mapping templates (rendered
   by ``apigwkit.vtl``, ``mapping.py``), MOCK, HTTP/HTTP_PROXY to this machine only; a non-proxy integration's
   answer goes through the integration response ``selection_pattern`` picks (``responses.py``, with
   ``apigwkit.vtl.select_integration_response``).

The request and its ``$context``, built once per request and completed by the steps, are ``request.py``. Errors of
the gateway's own (``errors.py``) go through the API's gateway responses (``responses.py``). One access-log line per
request, in the stage's own format.
"""

from __future__ import annotations

from apigwkit.local.rest.pipeline import RestApi

__all__ = ["RestApi"]
