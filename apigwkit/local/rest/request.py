"""One REST request as the gateway sees it, its ``$context`` (built once, when the request arrives, and completed by
the pipeline's steps as they learn the resource, the caller, the authorizer's answer and the API key), and the
answer it gets."""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from multidict import CIMultiDict

from apigwkit.local.access_log import extended_request_id, request_id, request_time
from apigwkit.local.execution_log import ExecutionLog
from apigwkit.local.rest.tree import Node, Release


@dataclass(frozen=True)
class ApiIdentity:
    """Who the API is: what ARNs and ``$context`` name it by."""

    api_id: str
    region: str
    account: str
    domain: str

    def method_arn(self, stage: str, verb: str, path: str) -> str:
        """``arn:aws:execute-api:REGION:ACCOUNT:API/STAGE/VERB/path``: what an authorizer's policy must cover."""
        return f"arn:aws:execute-api:{self.region}:{self.account}:{self.api_id}/{stage}/{verb}/{path.lstrip('/')}"


@dataclass
class Incoming:
    """One request, what the pipeline learns about it, and what the access log will say about it.

    ``context`` is ``$context`` (and a proxy event's ``requestContext``): built here once; the setters below keep it
    current. They replace nested objects rather than change them, so an event that took a copy earlier (an
    authorizer's) keeps what was true when it was sent.
    """

    api: ApiIdentity
    method: str
    path: str  # decoded, without the stage prefix: /pets/7
    raw_query: str
    headers: CIMultiDict[str]
    body: bytes
    source_ip: str
    stage: str
    raw_path: str = ""  # as the client sent it (what a SigV4 signature covers)
    release: Release | None = None  # the deployment this request is served from (the stage's, or its canary's)
    canary: bool | None = None  # whether the canary serves it; None on a stage without a canary
    started: float = field(default_factory=time.time)
    request_id: str = field(default_factory=request_id)
    extended_request_id: str = field(default_factory=extended_request_id)
    iam_access_key: str | None = None  # the caller of an AWS_IAM method whose signature verified
    resource_path: str | None = None
    resource_id: str | None = None
    path_params: dict[str, str] = field(default_factory=dict)
    authorizer: dict[str, Any] | None = None
    usage_identifier_key: str | None = None  # the key a Lambda authorizer named (api_key_source AUTHORIZER)
    api_key: str | None = None
    api_key_id: str | None = None
    log: dict[str, Any] = field(default_factory=dict)
    execution: ExecutionLog = field(default_factory=lambda: ExecutionLog(None, "", ""))  # the stage's execution log
    context: dict[str, Any] = field(init=False)

    def __post_init__(self) -> None:
        when, epoch = request_time(self.started)
        self.context = {
            "accountId": self.api.account,
            "apiId": self.api.api_id,
            "domainName": self.api.domain,
            "domainPrefix": self.api.domain.split(".")[0],
            "extendedRequestId": self.extended_request_id,
            "httpMethod": self.method,
            "identity": {
                "accessKey": None,
                "accountId": None,
                "apiKey": None,
                "apiKeyId": None,
                "caller": None,
                "cognitoAuthenticationProvider": None,
                "cognitoAuthenticationType": None,
                "cognitoIdentityId": None,
                "cognitoIdentityPoolId": None,
                "principalOrgId": None,
                "sourceIp": self.source_ip,
                "user": None,
                "userAgent": self.header("user-agent"),
                "userArn": None,
            },
            "path": f"/{self.stage}{self.path}",
            "protocol": "HTTP/1.1",
            "requestId": self.request_id,
            "requestTime": when,
            "requestTimeEpoch": epoch,
            "resourceId": None,
            "resourcePath": None,
            "stage": self.stage,
            "deploymentId": self.release.id if self.release is not None else None,
        }
        if self.release is not None and self.canary is not None:
            self.context["isCanaryRequest"] = self.canary  # present only on stages with a canary

    # ---------------------------------------------------------------- what the pipeline learns

    def selected(self, node: Node, params: dict[str, str]) -> None:
        self.resource_path, self.resource_id, self.path_params = node.path, node.id, params
        self.context.update(resourceId=node.id, resourcePath=node.path)

    def signed_by(self, access_key: str) -> None:
        """An AWS_IAM caller whose signature verified: the local run's one identity, the account itself."""
        self.iam_access_key = access_key
        account = self.api.account
        self._identity(accessKey=access_key, accountId=account, userArn=f"arn:aws:iam::{account}:root")

    def authorized(self, authorizer: dict[str, Any]) -> None:
        self.authorizer = self.context["authorizer"] = authorizer

    def keyed(self, api_key: str | None, api_key_id: str) -> None:
        self.api_key, self.api_key_id = api_key, api_key_id
        self._identity(apiKey=api_key, apiKeyId=api_key_id)

    def _identity(self, **values: Any) -> None:
        self.context["identity"] = {**self.context["identity"], **values}

    # ---------------------------------------------------------------- reading the request

    @property
    def method_arn(self) -> str:
        return self.api.method_arn(self.stage, self.method, self.path)

    @property
    def query(self) -> list[tuple[str, str]]:
        return parse_qsl(self.raw_query, keep_blank_values=True)

    def header(self, name: str) -> str | None:
        """A header's value; of a repeated header, the last one (as REST API's ``headers`` map has it)."""
        values = self.headers.getall(name, [])
        return values[-1] if values else None

    def query_value(self, name: str) -> str | None:
        values = [v for k, v in self.query if k == name]
        return values[-1] if values else None

    @property
    def content_type(self) -> str | None:
        value = self.header("content-type")
        return value.split(";")[0].strip().lower() if value else None

    def request_parameter(self, name: str) -> str | None:
        """``method.request.{header,querystring,path}.NAME`` of this request, or None."""
        location, _, key = name.removeprefix("method.request.").partition(".")
        if location == "header":
            return self.header(key)
        if location == "querystring":
            return self.query_value(key)
        if location == "path":
            return self.path_params.get(key)
        return None

    def template_params(self) -> dict[str, dict[str, str]]:
        """``$input.params()``: path, query string and headers (last value of repeated ones)."""
        return {
            "path": dict(self.path_params),
            "querystring": {k: v for k, v in self.query},
            "header": {k: self.header(k) or "" for k in self.headers},
        }


@dataclass
class Outgoing:
    status: int
    body: bytes = b""
    headers: CIMultiDict[str] = field(default_factory=CIMultiDict)

    def copy(self) -> Outgoing:
        return Outgoing(self.status, self.body, CIMultiDict(self.headers))


def lookup(document: Any, dotted: str) -> Any:
    """``a.b.c`` in nested dicts (None when absent)."""
    for part in dotted.split("."):
        document = document.get(part) if isinstance(document, Mapping) else None
    return document
