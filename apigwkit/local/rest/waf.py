"""A REST stage's web ACL in front of its methods: API Gateway asks AWS WAF first, and a block never reaches them.

A plain Block is the ``WAF_FILTERED`` gateway response (403 ``Forbidden``, customisable as any gateway response); a
Block with a custom response answers with it ("AWS WAF custom responses take precedence over custom gateway
responses", Gateway response types for API Gateway). The access log's ``$context.wafResponseCode`` (``WAF_ALLOW`` or
``WAF_BLOCK``), ``$context.waf.status``, ``$context.waf.latency`` and ``$context.webaclArn`` are filled as in AWS.
"""

from __future__ import annotations

import time

from multidict import CIMultiDict

from apigwkit.local.rest.errors import GatewayError
from apigwkit.local.rest.request import Incoming, Outgoing
from apigwkit.local.waf import WafRequest, WebAcl


def screen(acl: WebAcl, incoming: Incoming) -> Outgoing | None:
    """The web ACL's verdict on ``incoming``: None to go on (with any headers it inserts), else the answer."""
    started = time.monotonic()
    request = WafRequest(
        method=incoming.method,
        uri=incoming.raw_path or f"/{incoming.stage}{incoming.path}",
        query=incoming.raw_query,
        headers=list(incoming.headers.items()),
        body=incoming.body,
        client_ip=incoming.source_ip,
        request_id=incoming.request_id,
    )
    api = incoming.api
    verdict = acl.evaluate(request, f"{api.account}:{api.api_id}:{incoming.stage}")
    incoming.log.update(
        wafResponseCode="WAF_BLOCK" if verdict.blocked else "WAF_ALLOW",
        webaclArn=acl.arn,
        waf={
            "status": verdict.status or (403 if verdict.blocked else 200),
            "latency": int((time.monotonic() - started) * 1000),
        },
    )
    for name, value in verdict.inserted_headers:
        incoming.headers[name] = value
    if not verdict.blocked:
        return None
    if verdict.status is None:
        detail = f"blocked by web ACL {acl.name} (rule {verdict.rule})"
        raise GatewayError("WAF_FILTERED", "Forbidden", detail=detail)
    headers: CIMultiDict[str] = CIMultiDict()
    if verdict.content_type:
        headers["content-type"] = verdict.content_type
    for name, value in verdict.response_headers:
        headers.add(name, value)
    return Outgoing(verdict.status, verdict.body.encode(), headers)
