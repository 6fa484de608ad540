"""Custom domain names: a request's ``Host`` picks the domain, whose routing rules and API mappings pick the API stage.

What API Gateway does with a request to a custom domain, in its order
(https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-routing-mode.html):

1. The domain's **routing mode** says what may route: routing rules only, API (base path) mappings only, or the
   rules first and then the mappings (``ROUTING_RULE_THEN_API_MAPPING``; the REST resource says ``..._BASE_PATH_...``).
2. **Routing rules**, lowest priority first; the first whose conditions all hold wins. A header condition matches a
   header name in any case and its value glob case-sensitively (a literal with ``*`` at its start, end or both:
   suffix, prefix or "contains" matching); a base path condition matches when the path starts with one of its base
   paths. The action invokes a REST API stage, with the matched base path stripped when ``strip_base_path`` says so
   (https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-routing-rules.html).
3. **API mappings** (REST base path mappings, v2 API mappings): the longest base path that prefixes the path, the
   empty one (the root) last; the stage sees the path without it.
4. Nothing matched: 403 ``{"message":"Forbidden"}``.

The API stage then answers as it does on its own endpoint (``RestApi``/``HttpApi.handle``, with the path rewritten to
``/STAGE/...``). A domain with **mutual TLS** is served over TLS only, with the truststore the state names: the local
run reads it from the example's ``aws_s3_object`` at that bucket and key (it never leaves the machine). A client
certificate the truststore does not trust ends the TLS handshake here, where AWS completes it and answers 403
("Access denied. Reason: Could not find issuer for certificate"); a request without a certificate gets AWS's 403,
with the reason in the log.
"""

from __future__ import annotations

import json
import ssl
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import trustme
from aiohttp import web
from cryptography import x509
from multidict import CIMultiDictProxy
from yarl import URL

from apigwkit.local.state import Deployment

FORBIDDEN = b'{"message":"Forbidden"}'
RULES_ONLY, MAPPINGS_ONLY, RULES_THEN_MAPPINGS = (
    "ROUTING_RULE_ONLY",
    "API_MAPPING_ONLY",
    "ROUTING_RULE_THEN_API_MAPPING",
)
# aws_api_gateway_domain_name names the modes after base path mappings, aws_apigatewayv2_domain_name after API mappings
_MODES = {
    "BASE_PATH_MAPPING_ONLY": MAPPINGS_ONLY,
    "ROUTING_RULE_THEN_BASE_PATH_MAPPING": RULES_THEN_MAPPINGS,
    "": MAPPINGS_ONLY,  # the default of every domain name
}


def glob_matches(glob: str, value: str) -> bool:
    """A routing rule's value glob: ``*x*`` contains, ``x*`` prefix, ``*x`` suffix, else the literal (case matters)."""
    if len(glob) > 1 and glob.startswith("*") and glob.endswith("*"):
        return glob[1:-1] in value
    if glob.endswith("*"):
        return value.startswith(glob[:-1])
    if glob.startswith("*"):
        return value.endswith(glob[1:])
    return value == glob


def _segments(path: str) -> list[str]:
    return [s for s in path.split("/") if s]


def _under(path: str, base: str) -> str | None:
    """The rest of ``path`` below base path ``base`` (whole segments), or None when it is not under it."""
    parts, prefix = _segments(path), _segments(base)
    if parts[: len(prefix)] != prefix:
        return None
    return "/" + "/".join(parts[len(prefix) :])


@dataclass(frozen=True)
class Target:
    """Where a request goes: an API's stage and the path that stage sees; ``via`` says why, for the log."""

    api_id: str
    stage: str
    path: str
    via: str


@dataclass(frozen=True)
class RoutingRule:
    name: str
    priority: int
    headers: tuple[tuple[str, str], ...]  # (header, value glob): every one must match
    base_paths: tuple[str, ...]  # any one must match (none: no base path condition)
    api_id: str
    stage: str
    strip_base_path: bool

    @classmethod
    def from_state(cls, values: Mapping[str, Any]) -> RoutingRule:
        headers, base_paths = [], []
        for condition in values.get("condition") or []:
            for block in condition.get("match_headers") or []:
                headers.extend((h["header"], h["value_glob"]) for h in block.get("any_of") or [])
            for block in condition.get("match_base_paths") or []:
                base_paths.extend(block.get("any_of") or [])
        invoke = ((values.get("action") or [{}])[0].get("invoke_api") or [{}])[0]
        return cls(
            name=str(values.get("routing_rule_id") or ""),
            priority=int(values.get("priority") or 0),
            headers=tuple(headers),
            base_paths=tuple(sorted(base_paths, key=lambda p: -len(_segments(p)))),
            api_id=str(invoke.get("api_id")),
            stage=str(invoke.get("stage")),
            strip_base_path=bool(invoke.get("strip_base_path")),
        )

    def describe(self) -> str:
        conditions = [f"{h}: {g}" for h, g in self.headers] + (
            [" | ".join(f"/{p}" for p in self.base_paths)] * bool(self.base_paths)
        )
        strip = " (base path stripped)" if self.strip_base_path else ""
        return f"rule {self.priority}: {' and '.join(conditions)} -> {self.api_id}/{self.stage}{strip}"

    def route(self, path: str, headers: CIMultiDictProxy[str]) -> Target | None:
        for name, glob in self.headers:
            if not any(glob_matches(glob, value) for value in headers.getall(name, [])):
                return None
        seen = path
        if self.base_paths:
            for base in self.base_paths:
                rest = _under(path, base)
                if rest is not None:
                    seen = rest if self.strip_base_path else path
                    break
            else:
                return None
        return Target(self.api_id, self.stage, seen, f"routing rule {self.name} (priority {self.priority})")


@dataclass
class CustomDomain:
    name: str
    mode: str
    rules: list[RoutingRule] = field(default_factory=list)
    mappings: dict[str, tuple[str, str]] = field(default_factory=dict)  # base path ("" the root) -> (api, stage)
    truststore_uri: str | None = None
    truststore: str | None = None  # PEM, when the state holds the object

    @property
    def trusted_subjects(self) -> list[x509.Name]:
        """The subjects of the truststore's certificates: a client certificate must be issued by one of them."""
        return (
            [c.subject for c in x509.load_pem_x509_certificates((self.truststore or "").encode())]
            if self.truststore
            else []
        )

    def route(self, path: str, headers: CIMultiDictProxy[str]) -> Target | None:
        if self.mode != MAPPINGS_ONLY:
            for rule in self.rules:
                found = rule.route(path, headers)
                if found is not None:
                    return found
        if self.mode != RULES_ONLY:
            for base in sorted(self.mappings, key=lambda b: -len(_segments(b))):
                rest = _under(path, base)
                if rest is not None:
                    api_id, stage = self.mappings[base]
                    return Target(api_id, stage, rest, f"API mapping {base or '(root)'!r}")
        return None


def _truststore(deployment: Deployment, uri: str, workdir: Path) -> str | None:
    """The PEM an ``aws_s3_object`` of the state holds at ``s3://BUCKET/KEY`` (``content`` or its ``source`` file)."""
    bucket, _, key = uri.removeprefix("s3://").partition("/")
    for obj in deployment.where("aws_s3_object", bucket=bucket, key=key):
        if obj.values.get("content"):
            return str(obj.values["content"])
        if obj.values.get("source"):
            source = Path(str(obj.values["source"]))
            return (source if source.is_absolute() else workdir / source).read_text()
    return None


def custom_domains(deployment: Deployment) -> dict[str, CustomDomain]:
    """Every custom domain of the state with its routing rules and mappings, by domain name."""
    domains: dict[str, CustomDomain] = {}
    for type_name in ("aws_api_gateway_domain_name", "aws_apigatewayv2_domain_name"):
        for r in deployment.resources_of(type_name):
            name = str(r.values["domain_name"])
            mode = str(r.values.get("routing_mode") or "")
            mtls = r.first("mutual_tls_authentication")
            uri = mtls.get("truststore_uri") or None
            domains[name] = CustomDomain(
                name,
                _MODES.get(mode, mode),
                truststore_uri=uri,
                truststore=_truststore(deployment, uri, deployment.workdir) if uri else None,
            )
    for r in deployment.resources_of("aws_api_gateway_base_path_mapping"):
        if r.values["domain_name"] in domains:
            base = str(r.values.get("base_path") or "").replace("(none)", "")
            domains[r.values["domain_name"]].mappings[base] = (str(r.values["api_id"]), str(r.values.get("stage_name")))
    for r in deployment.resources_of("aws_apigatewayv2_api_mapping"):
        if r.values["domain_name"] in domains:
            base = str(r.values.get("api_mapping_key") or "")
            domains[r.values["domain_name"]].mappings[base] = (str(r.values["api_id"]), str(r.values["stage"]))
    for r in deployment.resources_of("aws_apigatewayv2_routing_rule"):
        if r.values["domain_name"] in domains:
            domains[r.values["domain_name"]].rules.append(RoutingRule.from_state(r.values))
    for domain in domains.values():
        domain.rules.sort(key=lambda rule: rule.priority)
    return domains


class DomainRouter:
    """Serves the state's custom domains by ``Host``, handing each request to the API stage its rules or mappings pick.

    ``apis``: the served APIs by id (``RestApi``/``HttpApi``); ``log``: where a line saying how each request was routed
    (or why it was refused) goes.
    """

    def __init__(self, domains: Mapping[str, CustomDomain], apis: Mapping[str, Any], log: Callable[[str], None]):
        self.domains, self.apis, self.log = dict(domains), apis, log

    def describe(self) -> list[str]:
        lines = []
        for name, domain in sorted(self.domains.items()):
            mtls = "  [mutual TLS: TLS port only]" if domain.truststore_uri else ""
            lines.append(f"domain {name} ({domain.mode}){mtls}")
            lines.extend(f"    {rule.describe()}" for rule in domain.rules)
            lines.extend(f"    /{base} -> {api}/{stage}" for base, (api, stage) in sorted(domain.mappings.items()))
        return lines

    async def handle(self, request: web.Request) -> web.StreamResponse:
        host = (request.host or "").lower()
        host = host.rsplit(":", 1)[0] if host.count(":") == 1 else host  # name:port
        domain = self.domains.get(host)
        if domain is None:
            return self._forbidden(request, f"no custom domain {host!r} here: call with a Host header of "
                                            f"{', '.join(sorted(self.domains))}")  # fmt: skip
        if domain.truststore_uri is not None:
            refusal = self._mutual_tls_refusal(request, domain)
            if refusal is not None:
                return self._forbidden(request, refusal, domain.name)
        target = domain.route(request.rel_url.path, request.headers)
        if target is None:
            return self._forbidden(request, "no routing rule or API mapping matches the request", domain.name)
        api = self.apis.get(target.api_id)
        if api is None:
            return self._forbidden(request, f"{target.via} names API {target.api_id}, which is not served", domain.name)
        self.log(json.dumps({"domain": domain.name, "path": request.rel_url.path, "routedBy": target.via,
                             "apiId": target.api_id, "stage": target.stage, "stagePath": target.path}))  # fmt: skip
        stage_prefix = "" if target.stage == "$default" else f"/{target.stage}"
        url = URL.build(path=stage_prefix + target.path, query_string=request.rel_url.query_string)
        return await api.handle(request.clone(rel_url=url))

    def _mutual_tls_refusal(self, request: web.Request, domain: CustomDomain) -> str | None:
        if domain.truststore is None:
            return f"mutual TLS: the truststore {domain.truststore_uri} is not an object of the example's state"
        transport = request.transport
        ssl_object = transport.get_extra_info("ssl_object") if transport is not None else None
        if ssl_object is None:
            return "mutual TLS: the domain is served over TLS only (the TLS port), where clients present a certificate"
        der = ssl_object.getpeercert(binary_form=True)
        if not der:
            return "Access denied. Reason: the client presented no certificate"
        if x509.load_der_x509_certificate(der).issuer not in domain.trusted_subjects:
            return "Access denied. Reason: Could not find issuer for certificate"  # AWS's execution log line
        return None

    def _forbidden(self, request: web.Request, reason: str, domain: str | None = None) -> web.Response:
        self.log(json.dumps({"domain": domain or request.host, "path": request.rel_url.path, "status": 403,
                             "reason": reason}))  # fmt: skip
        return web.Response(status=403, body=FORBIDDEN, content_type="application/json")

    # ---------------------------------------------------------------- TLS

    def ssl_context(self, ca: trustme.CA) -> ssl.SSLContext:
        """The TLS port's context: each domain's certificate (issued by ``ca``) picked by SNI, and client certificates
        asked for (the first context's setting, which a context picked by SNI keeps in OpenSSL) and verified against
        the truststore of the domain the client named (the picked context's store); ``handle`` also checks that the
        certificate's issuer is in the truststore of the domain the request is for."""
        contexts = {name: self._context(ca.issue_cert(name), [d.truststore]) for name, d in self.domains.items()}
        truststores = [d.truststore for d in self.domains.values()]
        default = self._context(ca.issue_cert(*(sorted(self.domains) or ["localhost"])), truststores)
        if any(truststores):
            default.verify_mode = ssl.CERT_OPTIONAL  # a missing certificate gets AWS's 403, not a TLS alert

        def pick(sock: ssl.SSLObject, server_name: str | None, _: ssl.SSLContext) -> None:
            if server_name and server_name.lower() in contexts:
                sock.context = contexts[server_name.lower()]

        default.sni_callback = pick
        return default

    @staticmethod
    def _context(certificate: trustme.LeafCert, truststores: list[str | None]) -> ssl.SSLContext:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        certificate.configure_cert(context)
        for pem in filter(None, truststores):  # the store a connection picked by SNI verifies with
            context.load_verify_locations(cadata=pem)
        return context
