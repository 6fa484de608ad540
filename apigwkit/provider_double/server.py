"""Serve the provider double over Terraform's plugin protocol 6 (go-plugin over gRPC).

Two ways to reach it:

- **Started by Terraform** (``main``, what a user's ``.venv/bin/terraform`` does): Terraform starts
  this executable from our local mirror with a magic cookie in the environment, reads one handshake
  line from stdout naming a Unix socket, and talks gRPC over TLS on it. One process per provider
  instance, for one command, serving the whole provider's schema.
- **Attached** (``AttachedServer``, what the test harness does): one server lives in the harness's
  process and Terraform attaches to it through ``TF_REATTACH_PROVIDERS`` instead of starting a
  process (about 0.3 s saved per provider start, and Terraform starts one three times per plan).
  Each Terraform provider instance opens its own connection, so each connection gets its own
  ``ProviderDouble`` (aliased providers keep their own region). The harness says which resource
  types the next command's configuration uses, and the schema response holds only those.

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
from collections.abc import Callable, Iterable
from concurrent import futures
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
        "GetFunctions": unary(lambda r, c: pb.GetFunctions.Response(), pb.GetFunctions.Request),
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

    ``account`` is the AWS account model the applies of this server's commands act on. The server
    listens on a loopback TCP port without TLS (Terraform's reattach configuration has no place for
    a certificate); it is meant for the harness's own short-lived Terraform commands.
    """

    def __init__(self, schema_dir: Path, account: Any) -> None:
        import grpc

        from apigwkit.provider_double.provider import ProviderDouble
        from apigwkit.provider_double.schema_store import SchemaStore

        self.store = SchemaStore(schema_dir)
        self.account = account
        self._types: frozenset[str] | None = None
        self._schema_cache: dict[frozenset[str] | None, bytes] = {}
        self._doubles: dict[str, ProviderDouble] = {}
        self._lock = threading.Lock()
        self._new_double = lambda: ProviderDouble(self.store, self.account)
        self._server = grpc.server(futures.ThreadPoolExecutor(max_workers=4, thread_name_prefix="aws-double"))
        # StopProvider asks a provider to cancel what it is doing; an attached double has nothing to cancel
        # and keeps serving the next command, so the stop hook does nothing.
        for handler in _handlers(self._double_for, self._schema, lambda: None):
            self._server.add_generic_rpc_handlers((handler,))
        self.port = self._server.add_insecure_port("127.0.0.1:0")
        self._server.start()

    def _double_for(self, context: Any) -> Any:
        peer = context.peer()
        with self._lock:
            double = self._doubles.get(peer)
            if double is None:
                double = self._doubles[peer] = self._new_double()
            return double

    def _schema(self) -> bytes:
        types = self._types
        with self._lock:
            if types not in self._schema_cache:
                self._schema_cache[types] = self.store.get_provider_schema_bytes(types)
            return self._schema_cache[types]

    def serve_types(self, types: Iterable[str] | None) -> None:
        """The resource and data source types the next command needs; None serves the whole provider."""
        self._types = None if types is None else frozenset(types) & self.store.type_names

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

    def forget_connections(self) -> None:
        """Drop the per-connection doubles of finished commands (each new command connects anew)."""
        with self._lock:
            self._doubles.clear()

    def close(self) -> None:
        self._server.stop(grace=None)
