"""Run an example locally: apply it offline, start moto and the Lambda workers, serve every API on 127.0.0.1.

The first API listens on ``port`` (8080 by default), the next on ``port + 1`` and so on, in the order of
their Terraform addresses, so the same example always gets the same ports.
"""

from __future__ import annotations

import asyncio
import dataclasses
import ipaddress
import json
import os
import random
import re
import shutil
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from aiohttp import web

from apigwkit.local.access_log import AccessLog
from apigwkit.local.aliases import AliasRouter
from apigwkit.local.aws import LocalAws
from apigwkit.local.demo import demo_application, stage_urls
from apigwkit.local.domains import DomainRouter, custom_domains
from apigwkit.local.http_api import HttpApi
from apigwkit.local.identities import Identities
from apigwkit.local.integration import BODY_TOO_LARGE
from apigwkit.local.lambdas import FunctionSpec, LambdaRuntime
from apigwkit.local.reload import Reloader
from apigwkit.local.rest import RestApi
from apigwkit.local.state import Deployment, Resource
from apigwkit.local.token import process_alive, session_path, write_session
from apigwkit.local.websocket import WebSocketApi

# A request's headers must arrive within this many seconds of the connection (or of the previous response on a
# kept-alive one), its body within this many seconds of its headers: a client dribbling bytes (slowloris) or
# stopping halfway is cut off instead of holding a connection for ever. API Gateway's own limits are not published;
# these are the common front-end defaults (nginx: client_header_timeout and client_body_timeout, 60 s).
HEADER_TIMEOUT_SECONDS = 10.0
BODY_TIMEOUT_SECONDS = 30.0


@dataclass(frozen=True)
class Endpoint:
    kind: str  # HTTP | REST | WEBSOCKET
    name: str
    api_id: str
    url: str


# A run applies its example in workspaces/pid-{its pid}/tfws-*, which symlink into the repository.
OWNER_PREFIX = "pid-"


def remove_orphaned_workspaces(workspaces: Path) -> list[Path]:
    """Remove the workspaces of ``make run`` processes that are gone (killed with SIGKILL, they had no chance to
    clean up; left behind, their symlinks into the repository send setuptools' package discovery into a loop).

    Owned folders (``pid-N``) go when process N is gone, as ``make token`` judges a session (``process_alive``);
    ``tfws-*`` folders straight under ``workspaces`` (written before runs recorded their pid) have no owner and go
    when no session of this work directory is alive. ``rmtree`` removes symlinks, never what they point to."""
    sessions = workspaces.parent / "sessions"
    live_session = any(_session_pid_alive(path) for path in sessions.glob("*.json")) if sessions.is_dir() else False
    removed = []
    for folder in sorted(workspaces.iterdir()) if workspaces.is_dir() else []:
        name = folder.name
        if name.startswith(OWNER_PREFIX) and name.removeprefix(OWNER_PREFIX).isdigit():
            orphan = not process_alive(int(name.removeprefix(OWNER_PREFIX)))
        else:
            orphan = name.startswith("tfws-") and not live_session
        if orphan and folder.is_dir() and not folder.is_symlink():
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def _session_pid_alive(path: Path) -> bool:
    try:
        return process_alive(int(json.loads(path.read_text())["pid"]))
    except (OSError, ValueError, KeyError, TypeError):
        return False


class LocalGateway:
    """Everything ``make run`` starts, as one async context manager."""

    def __init__(
        self,
        example: Path,
        *,
        host: str = "127.0.0.1",
        port: int = 8080,
        variables: Mapping[str, Any] | None = None,
        workdir: Path | None = None,
        log_stream: TextIO | None = None,
        clock: Callable[[], float] = time.monotonic,
        header_timeout: float = HEADER_TIMEOUT_SECONDS,
        body_timeout: float = BODY_TIMEOUT_SECONDS,
        draw: Callable[[], float] = random.random,
        demo_port: int | socket.socket | None = None,
    ) -> None:
        self.example, self.host, self.port, self.variables = example, host, port, variables
        self.header_timeout, self.body_timeout = header_timeout, body_timeout
        self.clock = clock  # monotonic seconds: throttling and authorizer caches (tests advance their own)
        self.draw = draw  # in [0, 1): which version a weighted alias runs, whether a canary answers (tests decide)
        # where the demo client is served (None: not served; 0: a free port; a bound socket: its port, which a caller
        # that must know it before the gateway starts, e.g. for the example's CORS origins, has held meanwhile)
        self.demo_port = demo_port.getsockname()[1] if isinstance(demo_port, socket.socket) else demo_port
        self.demo_url: str | None = None
        self.workdir = (workdir or Path("build/local")).resolve()  # workers chdir into their package
        self.access_log = AccessLog(log_stream)
        self.endpoints: list[Endpoint] = []
        self.apis: dict[str, Any] = {}
        self.deployment: Deployment | None = None
        self.aws: LocalAws | None = None
        self.runtime: LambdaRuntime | None = None
        self.identities = Identities()
        self.session: Path | None = None
        self.loop: asyncio.AbstractEventLoop | None = None
        self.domains: DomainRouter | None = None  # custom domains, when the state has any
        self.domains_ca: Path | None = None  # the local CA that signs their TLS certificates
        self._runners: list[web.AppRunner] = []
        self._reserved: dict[int, socket.socket] = {}  # port -> its socket, bound until a server listens on it
        if isinstance(demo_port, socket.socket):
            self._reserved[self.demo_port] = demo_port
        self._workspaces: Path | None = None

    async def __aenter__(self) -> LocalGateway:
        try:
            await self.start()
        except BaseException:
            await self.close()
            raise
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def start(self) -> None:
        workspaces = self.workdir / "workspaces"
        remove_orphaned_workspaces(workspaces)
        if self.port:
            ensure_port_free(self.host, self.port)  # before the apply: a taken port must not cost its seconds
        self.loop = loop = asyncio.get_running_loop()  # where the Lambda runtime's workers live
        self._workspaces = base = workspaces / f"{OWNER_PREFIX}{os.getpid()}"  # whose they are, for the next sweep
        self.deployment = deployment = await loop.run_in_executor(
            None, lambda: Deployment.apply(self.example, self.variables, base=base)
        )
        apis = [*deployment.resources_of("aws_api_gateway_rest_api"), *deployment.resources_of("aws_apigatewayv2_api")]
        ports = [self.port + index if self.port else self._reserve_port() for index in range(len(apis))]
        domains = custom_domains(deployment)
        taken = [*ports[1:], *([self.port + len(apis), self.port + len(apis) + 1] if domains else [])]
        for port in taken if self.port else ():  # before moto starts: the others of this example
            ensure_port_free(self.host, port)
        self.identities = Identities.of(deployment)
        self.aws = LocalAws(secrets=self.identities.secrets)
        self.aws.start()
        self.aws.materialize((r.type, r.values) for r in deployment.resources)
        management = self._management_endpoints(apis, ports)
        functions = [
            self._localised(FunctionSpec.from_state(r.values, deployment.workdir), management)
            for r in deployment.resources_of("aws_lambda_function")
        ]
        router = AliasRouter(deployment.account, self.draw) if deployment.account is not None else None
        versions: dict[tuple[str, str], FunctionSpec] = {}  # a published version never changes: made local once

        def published(spec: FunctionSpec, qualifier: str) -> FunctionSpec | None:
            """An alias or version of the account: the version it runs, as it was published, made local."""
            found = router.resolve(spec.region, spec.name, qualifier) if router is not None else None
            if found is None:
                return None
            version, values = found
            if (spec.name, version) not in versions:
                localised = self._localised(FunctionSpec.from_state(values, deployment.workdir), management)
                versions[spec.name, version] = dataclasses.replace(localised, version=version)
            return versions[spec.name, version]

        self.runtime = LambdaRuntime(
            functions,
            self.workdir / "lambda",
            extra_env=self.aws.environment(),
            credentials=self.identities.function_environment,
            versions=published,
        )
        await self.runtime.start()
        for resource, port in zip(apis, ports, strict=True):
            await self._serve(resource, port)
        if self.demo_port is not None and self.endpoints:
            await self._serve_demo(self.demo_port or self._reserve_port())
        if domains:  # the next two ports: custom domains by Host header, over HTTP and over TLS
            after = self.port + len(apis)
            await self._serve_domains(DomainRouter(domains, self.apis, self._note), after if self.port else 0)
        self.session = session_path(self.workdir, self.example)  # what make token reads
        write_session(self.session, self.example, self.aws, self.endpoints)

    def _management_endpoints(self, apis: list[Resource], ports: list[int]) -> dict[str, str]:
        """Function ARN -> the local ``@connections`` URL of the WebSocket API it is integrated with.

        In AWS a handler reaches ``https://{domainName}/{stage}``; the local endpoint is plain HTTP, so the
        runner tells the function where it is through the ``MANAGEMENT_ENDPOINT`` variable the chat Lambda reads.
        """
        assert self.deployment is not None
        endpoints: dict[str, str] = {}
        for api, port in zip(apis, ports, strict=True):
            if api.values.get("protocol_type") != "WEBSOCKET":
                continue
            stages = sorted(
                r.values["name"] for r in self.deployment.where("aws_apigatewayv2_stage", api_id=api.values["id"])
            )
            for integration in self.deployment.where("aws_apigatewayv2_integration", api_id=api.values["id"]):
                for function in self.deployment.resources_of("aws_lambda_function"):
                    if (
                        stages
                        and function.values.get("arn")
                        and function.values["arn"] in str(integration.values.get("integration_uri"))
                    ):
                        endpoints[function.values["arn"]] = f"http://{self.host}:{port}/{stages[0]}"
        return endpoints

    def _localised(self, function: FunctionSpec, management: Mapping[str, str]) -> FunctionSpec:
        """The function as it must run here: Cognito ids and URLs of the double mapped to moto's, local endpoints."""
        assert self.aws is not None
        environment = {k: self.aws.localise(v) for k, v in function.environment.items()}
        # the authorizer's issuer is a parameter (lambda_src/authorizer): its keys are moto's pool's JWKS here
        issuer_parameter = environment.get("JWT_ISSUER_PARAMETER_NAME")
        issuer = self.aws.parameter_value(issuer_parameter, function.region) if issuer_parameter else None
        if issuer and "JWKS_URL" not in environment:
            try:
                environment["JWKS_URL"] = self.aws.jwks_url_for(issuer)
            except LookupError:
                pass  # an outside issuer: the function's own verification will refuse its tokens offline
        if function.arn in management and not environment.get("MANAGEMENT_ENDPOINT"):
            environment["MANAGEMENT_ENDPOINT"] = management[function.arn]
        return function.with_environment(environment)

    async def _serve(self, resource: Resource, port: int) -> None:
        """Build the gateway for one API of the state and listen for it on ``port``."""
        assert self.deployment is not None and self.aws is not None
        domain = f"{self.host}:{port}"
        common = {"access_log": self.access_log, "domain": domain, "clock": self.clock}
        api: Any
        if resource.type == "aws_api_gateway_rest_api":
            kind, scheme = "REST", "http"
            api = RestApi(
                self.deployment, resource, self.runtime, issuers=self.aws.issuer_for, chance=self.draw, **common
            )
            app = _catch_all(api.handle)
        elif resource.values.get("protocol_type") == "WEBSOCKET":
            kind, scheme = "WEBSOCKET", "ws"
            api = WebSocketApi(self.deployment, resource, self.runtime, identities=self.identities, **common)
            app = api.application()
        else:
            kind, scheme = "HTTP", "http"
            issuers = {"issuers": self.aws.issuer_for, "audiences": self.aws.client_id_for}
            api = HttpApi(self.deployment, resource, self.runtime, **issuers, **common)
            app = _catch_all(api.handle)
        await self._listen(app, port)
        self.apis[resource.values["id"]] = api
        self.endpoints.append(
            Endpoint(kind, resource.values.get("name", ""), resource.values["id"], f"{scheme}://{domain}")
        )

    async def _serve_demo(self, port: int) -> None:
        """The demo client (apigwkit/local/demo), from its own origin: every API call it makes is cross-origin."""
        apis = [
            {"kind": e.kind, "name": e.name, "urls": stage_urls(e.kind, e.url, self.apis[e.api_id].stages)}
            for e in self.endpoints
            if e.api_id in self.apis
        ]
        await self._listen(demo_application(apis), port)
        self.demo_url = f"http://{self.host}:{port}/"

    async def _serve_domains(self, router: DomainRouter, port: int) -> None:
        """Custom domains on ``port`` (plain HTTP: curl -H 'Host: DOMAIN') and ``port + 1`` (TLS, with certificates of
        a local CA written to ``workdir/domains-ca.pem``, and mutual TLS where a domain has a truststore)."""
        import trustme  # only examples with a custom domain need it

        plain, tls = (port, port + 1) if port else (self._reserve_port(), self._reserve_port())
        ca = trustme.CA(organization_name="apigwkit local run")
        self.domains_ca = self.workdir / "domains-ca.pem"
        self.domains_ca.parent.mkdir(parents=True, exist_ok=True)
        ca.cert_pem.write_to_path(str(self.domains_ca))
        # One application per listener: listen() adds its middleware, and a served application is frozen.
        await self._listen(_catch_all(router.handle), plain)
        await self._listen(_catch_all(router.handle), tls, ssl_context=router.ssl_context(ca))
        self.domains = router
        self.endpoints.append(Endpoint("DOMAINS", ", ".join(sorted(router.domains)), "", f"http://{self.host}:{plain}"))
        self.endpoints.append(Endpoint("DOMAINS", "TLS", "", f"https://{self.host}:{tls}"))

    def _note(self, line: str) -> None:
        self.access_log.write(line, {})

    def _reserve_port(self) -> int:
        """A free port for ``port=0``, held bound from the moment its number is chosen (it is written into the
        functions' environment and the endpoints before anything listens) until its server listens on it: a port
        probed, released and bound again later can be taken in between by any connection's ephemeral port (moto's,
        a Lambda worker's, the other test worker's)."""
        held = socket.create_server((self.host, 0))
        port = held.getsockname()[1]
        self._reserved[port] = held
        return port

    async def _listen(self, app: web.Application, port: int, ssl_context: Any = None) -> None:
        runner = await listen(
            app,
            self.host,
            port,
            header_timeout=self.header_timeout,
            body_timeout=self.body_timeout,
            ssl_context=ssl_context,
            sock=self._reserved.pop(port, None),
        )
        self._runners.append(runner)

    async def close(self) -> None:
        if self.session is not None:
            self.session.unlink(missing_ok=True)
            self.session = None
        for runner in reversed(self._runners):
            await runner.cleanup()
        self._runners.clear()
        for held in self._reserved.values():  # reserved, never served (start failed part-way)
            held.close()
        self._reserved.clear()
        if self.runtime is not None:
            await self.runtime.close()
        if self.aws is not None:
            self.aws.stop()
        if self.deployment is not None:
            self.deployment.close()
        if self._workspaces is not None and self._workspaces.is_dir() and not any(self._workspaces.iterdir()):
            self._workspaces.rmdir()

    def describe(self) -> str:
        """What is listening where, with every route, for the terminal."""
        lines = []
        for endpoint in self.endpoints:
            if endpoint.kind == "DOMAINS":
                continue
            api = self.apis[endpoint.api_id]
            lines.append(f"{endpoint.kind} API {endpoint.name!r} ({endpoint.api_id}) on {endpoint.url}")
            lines.extend(f"    {line}" for line in getattr(api, "describe", lambda: [])())
        if self.demo_url:
            lines.append(f"demo client (another origin: add it to an HTTP API's CORS origins): {self.demo_url}")
        if self.domains is not None:
            urls = " and ".join(e.url for e in self.endpoints if e.kind == "DOMAINS")
            lines.append(f"custom domains by Host header on {urls} (TLS certificates: {self.domains_ca})")
            lines.extend(f"    {line}" for line in self.domains.describe())
        # The outputs (API key values, user pool and client ids) are what a local caller needs next; every
        # value here is the double's or moto's, so printing "sensitive" ones reveals nothing. Cognito ids are
        # moto's (the ones the local Cognito knows), not the double's.
        localise = self.aws.localise if self.aws is not None else str
        outputs = {k: v for k, v in (self.deployment.outputs if self.deployment else {}).items() if isinstance(v, str)}
        if outputs:
            lines.append("outputs:")
            lines.extend(f"    {name} = {localise(value)}" for name, value in sorted(outputs.items()))
        if self.aws is not None:
            lines.append(f"local AWS (moto): {self.aws.endpoint}")
            if self.aws.pools:
                lines.append(
                    f"a Cognito token: make -s token EXAMPLE={self.example.resolve().name} USER=you@example.com"
                )
        return "\n".join(lines)


class PortInUseError(Exception):
    """A port ``make run`` needs is taken: the one-line message says which and what to do."""


def ensure_port_free(host: str, port: int) -> None:
    """Raise PortInUseError when something already listens on ``host:port`` (the probe binds the way aiohttp does,
    with SO_REUSEADDR, so a port in TIME_WAIT counts as free)."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            raise PortInUseError(
                f"port {port} on {host} is already in use ({error.strerror}); stop what holds it (another make run?) "
                f"or pick another port: make run EXAMPLE=… PORT={port + 10}"
            ) from None


async def listen(
    app: web.Application,
    host: str,
    port: int,
    *,
    header_timeout: float,
    body_timeout: float,
    ssl_context: Any = None,
    sock: socket.socket | None = None,
) -> web.AppRunner:
    """Serve ``app`` on host:port (or on ``sock``, a socket already bound to it) with the read deadlines above.

    Headers: aiohttp's keep-alive timer, which also runs from the moment a connection opens and closes a
    connection whose request is not complete when it fires. Body: read up front within ``body_timeout`` (the
    handlers' ``request.read()`` then returns it from memory); a body still incomplete answers 408 Request
    Timeout and the connection is closed (RFC 9110 §15.5.9; what API Gateway answers is not documented).
    """
    app.middlewares.append(_body_within(body_timeout))
    runner = web.AppRunner(app, access_log=None, handle_signals=False, keepalive_timeout=header_timeout)
    await runner.setup()
    try:
        if sock is not None:
            await web.SockSite(runner, sock, ssl_context=ssl_context).start()
        else:
            await web.TCPSite(runner, host, port, ssl_context=ssl_context).start()
    except BaseException:
        await runner.cleanup()
        raise
    return runner


def _body_within(seconds: float) -> Any:
    @web.middleware
    async def read_body(request: web.Request, handler: Any) -> web.StreamResponse:
        if request.body_exists:
            try:
                async with asyncio.timeout(seconds):
                    await request.read()
            except web.HTTPRequestEntityTooLarge:  # the gateway answers it, with its access-log line
                request[BODY_TOO_LARGE] = True
            except TimeoutError:
                response = web.json_response({"message": "Request Timeout"}, status=408)
                response.force_close()
                await response.prepare(request)
                await response.write_eof()
                request.protocol.force_close()  # the rest of the body is never read: close after the 408
                return response
        return await handler(request)

    return read_body


def bind_warning(host: str) -> str | None:
    """What to tell someone serving on ``host``: nothing for a loopback address, a warning for anything else."""
    try:
        if ipaddress.ip_address(host.strip("[]")).is_loopback:
            return None
    except ValueError:
        if host == "localhost":
            return None
    return (
        f"warning: serving on {host}, not on a loopback address: every machine that can reach this one can call "
        "these APIs and the Lambdas behind them (plain HTTP, a local @connections endpoint that takes the local "
        "credentials anyone can read, testing/testing; routes without authorizers open to all). Use --host "
        "127.0.0.1 unless that is what you want."
    )


@contextmanager
def serving(gateway: LocalGateway) -> Iterator[LocalGateway]:
    """Run ``gateway`` on its own event loop in a background thread (for tests and benchmarks)."""
    loop = asyncio.new_event_loop()
    ready = threading.Event()
    stop = asyncio.Event()
    failure: list[BaseException] = []

    async def main() -> None:
        try:
            async with gateway:
                ready.set()
                await stop.wait()
        except BaseException as error:  # reported to the caller below
            failure.append(error)
            ready.set()

    thread = threading.Thread(target=loop.run_until_complete, args=(main(),), name="local-gateway", daemon=True)
    thread.start()
    ready.wait()
    if failure:
        thread.join()
        raise failure[0]
    try:
        yield gateway
    finally:
        loop.call_soon_threadsafe(stop.set)
        thread.join(timeout=60)
        loop.close()


def _catch_all(handler: Any) -> web.Application:
    app = web.Application(client_max_size=10 * 1024 * 1024)  # API Gateway's payload limit is 10 MB
    app.router.add_route("*", "/{tail:.*}", handler)
    return app


_VAR = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)=(.*)$")


def parse_variables(pairs: list[str]) -> dict[str, Any]:
    """``name=value`` pairs of ``--var``; a value that parses as JSON (numbers, lists, objects) is used as such."""
    variables: dict[str, Any] = {}
    for pair in pairs:
        match = _VAR.match(pair)
        if match is None:
            raise SystemExit(f"--var {pair!r}: expected name=value")
        name, raw = match.groups()
        try:
            variables[name] = json.loads(raw)
        except ValueError:
            variables[name] = raw
    return variables


async def serve_forever(gateway: LocalGateway, out: TextIO = sys.stdout) -> int:
    """Serve until interrupted; 2 at once when the example has no API to serve."""
    async with gateway:
        if not gateway.endpoints:
            out.write(f"{gateway.example} applied, but it has no API Gateway API to serve.\n")
            return 2
        out.write(gateway.describe() + "\nCtrl-C stops it.\n")
        out.flush()
        root = gateway.example.resolve().parents[1]  # examples/<name> -> the repository
        watching = None
        if (root / "lambda_src").is_dir() and gateway.runtime is not None:
            say = lambda line: print(line, file=out, flush=True)  # noqa: E731
            out.write("Hot reload: edits under lambda_src/ are rebuilt and served at the next request.\n")
            watching = asyncio.create_task(Reloader(gateway.runtime, root, gateway.example, say).watch())
        stopped = asyncio.Event()
        # SIGTERM stops it as Ctrl-C does, so the workspace (which links into the repository) is removed: a leftover
        # one under build/local makes setuptools' package discovery, and so make setup, walk its links for ever.
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stopped.set)
        try:
            await stopped.wait()
        finally:
            if watching is not None:
                watching.cancel()
    return 0
