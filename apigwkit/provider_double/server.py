"""Serve the provider double over Terraform's plugin protocol 6 (go-plugin over gRPC).

Terraform starts this executable (installed from our local mirror) with a magic cookie in the
environment, reads one handshake line from stdout naming a Unix socket, and talks gRPC on it.
The schema response is stored pre-serialised and sent as bytes, which keeps start-up fast
even though the schema covers the whole provider.
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading
from concurrent import futures
from pathlib import Path
from typing import Any

MAGIC_COOKIE_KEY = "TF_PLUGIN_MAGIC_COOKIE"
MAGIC_COOKIE_VALUE = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2"


def _handlers(double: Any, store: Any, stop: threading.Event) -> list[Any]:
    import grpc
    from tf.gen import tfplugin_pb2 as pb

    def unary(fn, request_cls, serializer=None):
        return grpc.unary_unary_rpc_method_handler(
            fn,
            request_deserializer=request_cls.FromString,
            response_serializer=serializer or (lambda msg: msg.SerializeToString()),
        )

    def guarded(fn, response_cls):
        """A Python exception becomes a Terraform error diagnostic, not a dropped connection."""

        def call(request, context):
            try:
                return fn(request)
            except Exception as err:  # noqa: BLE001 - reported to the user as a diagnostic
                import traceback

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

    schema_bytes = store.get_provider_schema_bytes()

    def stop_provider(request, context):
        stop.set()
        return pb.StopProvider.Response()

    def functions(request, context):
        return pb.GetFunctions.Response()

    def metadata(request, context):
        return pb.GetMetadata.Response(
            server_capabilities=pb.ServerCapabilities(plan_destroy=True, get_provider_schema_optional=True)
        )

    def ok(response_cls):
        return lambda request, context: response_cls()

    provider = {
        "GetMetadata": unary(metadata, pb.GetMetadata.Request),
        "GetProviderSchema": unary(lambda r, c: schema_bytes, pb.GetProviderSchema.Request, serializer=bytes),
        "ValidateProviderConfig": unary(
            lambda r, c: pb.ValidateProviderConfig.Response(), pb.ValidateProviderConfig.Request
        ),
        "ConfigureProvider": unary(
            lambda r, c: guarded(double.configure, pb.ConfigureProvider.Response)(r, c), pb.ConfigureProvider.Request
        ),
        "ValidateResourceConfig": unary(
            guarded(double.validate_resource, pb.ValidateResourceConfig.Response), pb.ValidateResourceConfig.Request
        ),
        "ValidateDataResourceConfig": unary(
            guarded(double.validate_data_source, pb.ValidateDataResourceConfig.Response),
            pb.ValidateDataResourceConfig.Request,
        ),
        "UpgradeResourceState": unary(
            guarded(double.upgrade, pb.UpgradeResourceState.Response), pb.UpgradeResourceState.Request
        ),
        "ReadResource": unary(guarded(double.read, pb.ReadResource.Response), pb.ReadResource.Request),
        "PlanResourceChange": unary(
            guarded(double.plan, pb.PlanResourceChange.Response), pb.PlanResourceChange.Request
        ),
        "ApplyResourceChange": unary(
            guarded(double.apply, pb.ApplyResourceChange.Response), pb.ApplyResourceChange.Request
        ),
        "ImportResourceState": unary(
            guarded(double.import_state, pb.ImportResourceState.Response), pb.ImportResourceState.Request
        ),
        "ReadDataSource": unary(guarded(double.read_data, pb.ReadDataSource.Response), pb.ReadDataSource.Request),
        "GetFunctions": unary(functions, pb.GetFunctions.Request),
        "StopProvider": unary(stop_provider, pb.StopProvider.Request),
    }

    from tf.gen import grpc_controller_pb2 as controller

    def shutdown(request, context):
        stop.set()
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
    from apigwkit.provider_double.provider import ProviderDouble
    from apigwkit.provider_double.schema_store import SchemaStore

    store = SchemaStore(Path(schema_dir))
    double = ProviderDouble(store)
    stop = threading.Event()
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
    for handler in _handlers(double, store, stop):
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
