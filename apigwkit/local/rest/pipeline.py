"""``RestApi``: one REST API of the state, answering each request through API Gateway's steps in their order."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import unquote

from aiohttp import web
from multidict import CIMultiDict

from apigwkit.local.access_log import AccessLog
from apigwkit.local.authorizers import IssuerMap, default_issuers
from apigwkit.local.execution_log import ExecutionLog, body_text, headers_map, java_map
from apigwkit.local.iam import resource_policy_decision
from apigwkit.local.integration import request_body
from apigwkit.local.rest import validation
from apigwkit.local.rest.authorization import Authorization
from apigwkit.local.rest.canary import CanaryChoice, canary_settings, stage_as_seen
from apigwkit.local.rest.errors import POLICY_DENIED_TEMPLATE, GatewayError
from apigwkit.local.rest.integrations import integrate
from apigwkit.local.rest.method_settings import MethodSettings
from apigwkit.local.rest.request import ApiIdentity, Incoming, Outgoing
from apigwkit.local.rest.responses import gateway_response
from apigwkit.local.rest.tree import Method, Release, build_release
from apigwkit.local.rest.usage_plans import UsagePlans
from apigwkit.local.rest.waf import screen
from apigwkit.local.state import Deployment, Resource
from apigwkit.local.throttling import Throttles
from apigwkit.local.waf import web_acls_by_resource


class RestApi:
    """One ``aws_api_gateway_rest_api``, ready to serve.

    ``issuers`` maps a Cognito user pool's issuer URL to (the issuer its tokens carry, the JWKS URL to fetch keys
    from), as for ``HttpApi``; ``clock`` (monotonic seconds) drives throttling, the stage cache and the authorizer
    result cache; ``chance`` (in [0, 1)) decides whether a request of a stage with a canary goes to the canary.
    """

    def __init__(
        self,
        deployment: Deployment,
        api_resource: Resource,
        runtime: Any,
        *,
        access_log: AccessLog | None = None,
        domain: str = "127.0.0.1:8080",
        issuers: IssuerMap = default_issuers,
        clock: Callable[[], float] = time.monotonic,
        chance: Callable[[], float] | None = None,
    ) -> None:
        values = api_resource.values
        self.api, self.runtime = api_resource, runtime
        self.canary = CanaryChoice(chance) if chance is not None else CanaryChoice()
        self.identity = ApiIdentity(
            api_id=str(values["id"]),
            region=str(values.get("region") or "us-east-1"),
            account=str(values.get("execution_arn") or "::::123456789012").split(":")[4] or "123456789012",
            domain=domain,
        )
        api_id = self.identity.api_id
        self.access_log = access_log or AccessLog()

        def of(type_name: str) -> list[Mapping[str, Any]]:
            return [r.values for r in deployment.where(type_name, rest_api_id=api_id)]

        self.stages = {str(s["stage_name"]): s for s in of("aws_api_gateway_stage")}
        # Each stage serves the snapshot its deployment took (and its canary the canary's); a state with no
        # account behind it (hand-written) serves what the state holds.
        self.releases: dict[str, Release] = {}
        for stage in self.stages.values():
            for deployment_id in (stage.get("deployment_id"), canary_settings(stage).get("deployment_id")):
                if deployment_id and str(deployment_id) not in self.releases:
                    snapshot = deployment.snapshot(self.identity.region, api_id, str(deployment_id))
                    source = snapshot if snapshot is not None else deployment
                    self.releases[str(deployment_id)] = build_release(str(deployment_id), source, api_id, values)
        self.current = build_release("", deployment, api_id, values)  # what the API's working copy holds
        throttles = Throttles(clock)
        self.method_settings = MethodSettings(of("aws_api_gateway_method_settings"), throttles, clock)
        self.usage_plans = UsagePlans(deployment, api_id, throttles)
        self.authorization = Authorization(runtime, issuers, clock)
        acls = web_acls_by_resource(deployment, clock=clock, sink=self.access_log.write_line)
        self.web_acls = {name: acls[str(s.get("arn"))] for name, s in self.stages.items() if str(s.get("arn")) in acls}

    @property
    def api_id(self) -> str:
        return self.identity.api_id

    @property
    def domain(self) -> str:
        return self.identity.domain

    def release_for(self, stage: Mapping[str, Any]) -> tuple[Release, bool | None]:
        """The release a request to ``stage`` is served from, and whether it is the canary's (None: no canary)."""
        deployment_id, is_canary = self.canary.deployment_for(stage)
        return self.releases.get(deployment_id, self.current), is_canary

    def describe(self) -> list[str]:
        """One line per stage and the methods its deployment serves, for the terminal."""
        lines = []
        for name, stage in sorted(self.stages.items()):
            cache = "  [cache]" if stage.get("cache_cluster_enabled") else ""
            canary = canary_settings(stage)
            share = f"  [canary {canary.get('percent_traffic')}%]" if canary.get("deployment_id") else ""
            lines.append(f"stage {name}: /{name}/{cache}{share}")
            if name in self.web_acls:
                lines.extend(f"    {line}" for line in self.web_acls[name].describe())
            release = self.releases.get(str(stage.get("deployment_id")), self.current)
            for node in release.root.walk():
                for verb, method in sorted(node.methods.items()):
                    marks = [method.authorization if method.authorization != "NONE" else "public"]
                    if method.values.get("api_key_required"):
                        marks.append("api key")
                    kind = (method.integration or {}).get("type", "no integration")
                    lines.append(f"    {verb} {node.path}  [{', '.join(marks)}] -> {kind}")
        return lines

    # ---------------------------------------------------------------- entry point

    async def handle(self, request: web.Request) -> web.Response:
        raw = [unquote(part) for part in request.rel_url.raw_path.split("/") if part]
        stage_name = raw[0] if raw else ""
        stage = self.stages.get(stage_name)
        release, canary = self.release_for(stage) if stage is not None else (None, None)
        body = await request_body(request)
        too_large, body = body is None, body or b""
        incoming = Incoming(
            api=self.identity,
            method=request.method,
            path="/" + "/".join(raw[1:]),
            raw_query=request.rel_url.raw_query_string,
            headers=CIMultiDict(request.headers),
            body=body,
            source_ip=request.remote or "127.0.0.1",
            stage=stage_name,
            raw_path=request.rel_url.raw_path,
            release=release,
            canary=canary,
        )
        if stage is None:  # no such stage: API Gateway knows nothing to serve, not even gateway responses
            outgoing = Outgoing(403, b'{"message":"Forbidden"}', CIMultiDict({"content-type": "application/json"}))
            outgoing.headers["x-amzn-ErrorType"] = "ForbiddenException"
        else:
            stage = stage_as_seen(stage, canary)
            level, data_trace = self.method_settings.logging(stage_name, None)
            incoming.execution = ExecutionLog(
                self.access_log.write_lines,
                f"API-Gateway-Execution-Logs_{self.api_id}/{stage_name}",
                incoming.request_id,
                level or "OFF",
                bool(data_trace),
            )
            incoming.execution.info(f"Extended Request Id: {incoming.extended_request_id}")
            if too_large:
                error = GatewayError("REQUEST_TOO_LARGE", "Request Too Long", detail="the request body is over 10 MB")
                outgoing = gateway_response(incoming, stage, error)
                incoming.execution.error(f"Method completed with status: {outgoing.status}")
            else:
                outgoing = await self.serve(incoming, stage)
            self._log(incoming, outgoing, stage)
            incoming.execution.flush()
        response = web.Response(status=outgoing.status, body=outgoing.body)
        for name, value in outgoing.headers.items():
            response.headers.add(name, value)
        response.headers["x-amzn-RequestId"] = incoming.request_id
        response.headers["x-amz-apigw-id"] = incoming.extended_request_id
        return response

    async def serve(self, incoming: Incoming, stage: Mapping[str, Any]) -> Outgoing:
        """API Gateway's steps, in its order; the first that refuses answers with a gateway response. The execution
        log follows them (``execution_log.py``)."""
        execution = incoming.execution
        try:
            acl = self.web_acls.get(incoming.stage)
            blocked = screen(acl, incoming) if acl is not None else None
            if blocked is not None:
                return blocked
            method = self._select(incoming)
            execution.configure(*self.method_settings.logging(incoming.stage, method))
            self._check_resource_policy(incoming)
            self.method_settings.throttle(incoming, method)
            await self.authorization.authorize(incoming, stage, method)
            self.usage_plans.check(incoming, method)
            _log_method_request(incoming)
            validation.validate(incoming, method)
            outgoing = await self.method_settings.cached(
                incoming, stage, method, lambda: integrate(incoming, stage, method, self.runtime)
            )
            execution.data(f"Method response body after transformations: {body_text(outgoing.body)}")
            execution.info(f"Method response headers: {headers_map(outgoing.headers.items())}")
            execution.info("Successfully completed execution")
        except GatewayError as error:
            outgoing = gateway_response(incoming, stage, error)
        status_line = f"Method completed with status: {outgoing.status}"
        execution.error(status_line) if outgoing.status >= 400 else execution.info(status_line)
        if incoming.log.get("integrationRequestId"):
            execution.info(f"AWS Integration Endpoint RequestId : {incoming.log['integrationRequestId']}")
        return outgoing

    def _select(self, incoming: Incoming) -> Method:
        """The resource and method: no match is the famous 403 "Missing Authentication Token"."""
        segments = [s for s in incoming.path.split("/") if s]
        release = incoming.release or self.current
        found = release.root.match(segments, {})
        if found is not None:
            node, params = found
            method = node.methods.get(incoming.method) or node.methods.get("ANY")
            if method is not None:
                incoming.selected(node, params)
                return method
        raise GatewayError("MISSING_AUTHENTICATION_TOKEN", "Missing Authentication Token")

    def _check_resource_policy(self, incoming: Incoming) -> None:
        """The API's resource policy, for an anonymous caller from 127.0.0.1.

        A request reaches a private API through an interface VPC endpoint; locally the ``x-amzn-vpce-id``
        header says which one it came through (the header API Gateway itself adds for the backend).
        """
        policy = (incoming.release or self.current).resource_policy
        if policy is None:
            return
        arn = incoming.method_arn
        request = {"aws:SourceIp": incoming.source_ip, "aws:SourceVpce": incoming.header("x-amzn-vpce-id")}
        decision = resource_policy_decision(policy, arn, request)
        if decision != "Allow":
            message = f"User: anonymous is not authorized to perform: execute-api:Invoke on resource: {arn}"
            message += " with an explicit deny" if decision == "Deny" else ""
            incoming.log["authorizer.error"] = message
            incoming.execution.error(message)
            raise GatewayError("ACCESS_DENIED", message, template=POLICY_DENIED_TEMPLATE)

    # ---------------------------------------------------------------- access log

    def _log(self, incoming: Incoming, outgoing: Outgoing, stage: Mapping[str, Any]) -> None:
        settings = (stage.get("access_log_settings") or [{}])[0]
        authorizer = dict(incoming.authorizer or {})
        authorizer.update(
            principalId=incoming.log.get("authorizer.principalId"),
            error=incoming.log.get("authorizer.error"),
            latency=incoming.log.get("authorizer.latency"),
        )
        integration = {
            "status": incoming.log.get("integrationStatus"),
            "latency": incoming.log.get("integrationLatency"),
            "error": incoming.log.get("integrationErrorMessage"),
            "requestId": incoming.log.get("integrationRequestId"),
            "integrationStatus": incoming.log.get("integrationStatus"),
        }
        context = {
            **incoming.context,
            "status": outgoing.status,
            "responseLength": len(outgoing.body),
            "responseLatency": int((time.time() - incoming.started) * 1000),
            "integrationLatency": incoming.log.get("integrationLatency"),
            "integrationStatus": incoming.log.get("integrationStatus"),
            "integrationErrorMessage": incoming.log.get("integrationErrorMessage"),
            "integration": integration,
            "authorizer": authorizer,
            "error": incoming.log.get("error") or {},
            "wafResponseCode": incoming.log.get("wafResponseCode"),
            "waf": incoming.log.get("waf") or {},
            "webaclArn": incoming.log.get("webaclArn"),
        }
        self.access_log.write(settings.get("format"), context)


def _log_method_request(incoming: Incoming) -> None:
    """The method request as the execution log shows it, once the authorizer and the usage plan let it through."""
    execution = incoming.execution
    execution.info(f"Starting execution for request: {incoming.request_id}")
    execution.info(f"HTTP Method: {incoming.method}, Resource Path: {incoming.path}")
    execution.info(f"Method request path: {java_map(incoming.path_params)}")
    execution.info(f"Method request query string: {java_map(incoming.query)}")
    execution.info(f"Method request headers: {headers_map(incoming.headers.items())}")
    execution.data(f"Method request body before transformations: {body_text(incoming.body)}")
