"""Serve the provider double over Terraform's plugin protocol 6 (go-plugin over gRPC).

Two ways to reach it:

- **Started by Terraform** (``main``, what a user's ``.venv/bin/terraform`` does): Terraform starts
  this executable from our local mirror with a magic cookie in the environment, reads one handshake
  line from stdout naming a Unix socket, and talks gRPC over TLS on it. One process per provider
  instance, for one command, serving the whole provider's schema.
- **Attached** (``AttachedServer``, what the harness does, ``apigwkit.engine.attach``): one server
  lives in the harness's process and Terraform attaches to it through ``TF_REATTACH_PROVIDERS``
  instead of starting a process (Terraform starts a provider three times per plan). Each Terraform
  provider instance opens its own connection, so each connection gets its own ``ProviderDouble``
  (aliased providers keep their own region).

The schema response is stored pre-serialised and sent as bytes, which keeps start-up fast even
though the schema covers the whole provider.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import threading
import traceback
from collections.abc import Callable, Iterator
from concurrent import futures
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import Any

MAGIC_COOKIE_KEY = "TF_PLUGIN_MAGIC_COOKIE"
MAGIC_COOKIE_VALUE = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2"
PROVIDER_ADDRESS = "registry.terraform.io/hashicorp/aws"


def _handlers(
    double_for: Callable[[Any], Any],
    schema_bytes: Callable[[], bytes],
    on_stop: Callable[[], None],
) -> list[Any]:
    """gRPC handlers: ``double_for(context)`` is the ProviderDouble serving the call's connection."""
    import grpc
    from tf.gen import grpc_controller_pb2 as controller
    from tf.gen import tfplugin_pb2 as pb

    from apigwkit.provider_double import functions

    def unary(fn, request_cls, serializer=None):
        return grpc.unary_unary_rpc_method_handler(
            fn,
            request_deserializer=request_cls.FromString,
            response_serializer=serializer or (lambda msg: msg.SerializeToString()),
        )

    def rpc(method: str, response_cls: Any) -> Callable[[Any, Any], Any]:
        """A Python exception becomes a Terraform error diagnostic, not a dropped connection."""

        def call(request, context):
            try:
                return getattr(double_for(context), method)(request)
            except Exception as err:  # noqa: BLE001 - reported to the user as a diagnostic
                return response_cls(
                    diagnostics=[
                        pb.Diagnostic(
                            severity=pb.Diagnostic.ERROR,
                            summary=f"Provider double failed: {type(err).__name__}: {err}",
                            detail=traceback.format_exc(),
                        )
                    ]
                )

        return call

    def stop_provider(request, context):
        on_stop()
        return pb.StopProvider.Response()

    def metadata(request, context):
        return pb.GetMetadata.Response(
            server_capabilities=pb.ServerCapabilities(plan_destroy=True, get_provider_schema_optional=True)
        )

    calls = {
        "ConfigureProvider": ("configure", pb.ConfigureProvider),
        "ValidateResourceConfig": ("validate_resource", pb.ValidateResourceConfig),
        "ValidateDataResourceConfig": ("validate_data_source", pb.ValidateDataResourceConfig),
        "UpgradeResourceState": ("upgrade", pb.UpgradeResourceState),
        "ReadResource": ("read", pb.ReadResource),
        "PlanResourceChange": ("plan", pb.PlanResourceChange),
        "ApplyResourceChange": ("apply", pb.ApplyResourceChange),
        "ImportResourceState": ("import_state", pb.ImportResourceState),
        "ReadDataSource": ("read_data", pb.ReadDataSource),
    }
    provider = {
        name: unary(rpc(method, message.Response), message.Request) for name, (method, message) in calls.items()
    }
    provider |= {
        "GetMetadata": unary(metadata, pb.GetMetadata.Request),
        "GetProviderSchema": unary(lambda r, c: schema_bytes(), pb.GetProviderSchema.Request, serializer=bytes),
        "ValidateProviderConfig": unary(
            lambda r, c: pb.ValidateProviderConfig.Response(), pb.ValidateProviderConfig.Request
        ),
        "GetFunctions": unary(lambda r, c: functions.get_functions(), pb.GetFunctions.Request),
        "CallFunction": unary(lambda r, c: functions.call(r), pb.CallFunction.Request),  # errors in its own field
        "StopProvider": unary(stop_provider, pb.StopProvider.Request),
    }

    def shutdown(request, context):
        on_stop()
        return controller.Empty()

    return [
        grpc.method_handlers_generic_handler("tfplugin6.Provider", provider),
        grpc.method_handlers_generic_handler("plugin.GRPCController", {"Shutdown": unary(shutdown, controller.Empty)}),
    ]


def main(schema_dir: str, tls_file: str) -> int:
    if os.environ.get(MAGIC_COOKIE_KEY) != MAGIC_COOKIE_VALUE:
        print(
            "This is the offline hashicorp/aws provider double, a Terraform plugin: Terraform starts it.\n"
            "Run `.venv/bin/terraform` in a directory using hashicorp/aws instead.",
            file=sys.stderr,
        )
        return 1
    import grpc

    from apigwkit.provider_double import tls
    from apigwkit.provider_double.account import Account
    from apigwkit.provider_double.provider import ProviderDouble
    from apigwkit.provider_double.schema_store import SchemaStore

    store = SchemaStore(Path(schema_dir))
    double = ProviderDouble(store, Account.from_environment(os.environ, Path.cwd()))
    stop = threading.Event()
    schema = store.get_provider_schema_bytes()
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
    for handler in _handlers(lambda context: double, lambda: schema, stop.set):
        server.add_generic_rpc_handlers((handler,))
    with tempfile.TemporaryDirectory(prefix="tf-aws-double-") as tmp:
        socket = f"{tmp}/plugin.sock"
        identity = tls.load(Path(tls_file))
        credentials = grpc.ssl_server_credentials([(identity["key_pem"].encode(), identity["cert_pem"].encode())])
        server.add_secure_port(f"unix://{socket}", credentials)
        server.start()
        # go-plugin handshake: core version | app protocol version | network | address | protocol | cert
        cert = identity["cert_der_b64"].rstrip("=")
        sys.stdout.write(f"1|6|unix|{socket}|grpc|{cert}\n")
        sys.stdout.flush()
        stop.wait()
        server.stop(grace=0.05).wait()
    return 0


class AttachedServer:
    """A provider double in this process that Terraform attaches to (``TF_REATTACH_PROVIDERS``).

    The server listens on a loopback TCP port without TLS (Terraform's reattach configuration has no
    place for a certificate); it is meant for the harness's own Terraform commands, which run one at a
    time, each inside ``serving(account)``: the AWS account model that command's applies act on.
    """

    def __init__(self, schema_dir: Path) -> None:
        import grpc

        from apigwkit.provider_double.schema_store import SchemaStore

        self.store = SchemaStore(schema_dir)
        self._account: Any = None
        self._doubles: dict[str, Any] = {}
        self._lock = threading.Lock()
        self._server = grpc.server(futures.ThreadPoolExecutor(max_workers=4, thread_name_prefix="aws-double"))
        # StopProvider asks a provider to cancel what it is doing; an attached double has nothing to cancel
        # and keeps serving the next command, so the stop hook does nothing.
        for handler in _handlers(self._double_for, self._schema, lambda: None):
            self._server.add_generic_rpc_handlers((handler,))
        self.port = self._server.add_insecure_port("127.0.0.1:0")
        self._server.start()

    def _double_for(self, context: Any) -> Any:
        from apigwkit.provider_double.provider import ProviderDouble

        peer = context.peer()
        with self._lock:
            if self._account is None:
                raise RuntimeError("a Terraform command reached the attached double outside serving(account)")
            double = self._doubles.get(peer)
            if double is None:
                double = self._doubles[peer] = ProviderDouble(self.store, self._account)
            return double

    @cached_property
    def _whole_schema(self) -> bytes:
        return self.store.get_provider_schema_bytes()

    def _schema(self) -> bytes:
        # Always the whole provider: a resident engine keeps the first schema it is sent for its life.
        return self._whole_schema

    @contextmanager
    def serving(self, account: Any) -> Iterator[None]:
        """Serve one command whose applies act on ``account``: each provider instance it starts
        connects anew and gets its own ProviderDouble (aliased providers keep their own region)."""
        with self._lock:
            self._account, self._doubles = account, {}
        try:
            yield
        finally:
            with self._lock:
                self._account, self._doubles = None, {}

    def reattach_environment(self) -> dict[str, str]:
        config = {
            PROVIDER_ADDRESS: {
                "Protocol": "grpc",
                "ProtocolVersion": 6,
                "Pid": os.getpid(),
                "Test": True,
                "Addr": {"Network": "tcp", "String": f"127.0.0.1:{self.port}"},
            }
        }
        return {"TF_REATTACH_PROVIDERS": json.dumps(config)}

    def close(self) -> None:
        self._server.stop(grace=None)
