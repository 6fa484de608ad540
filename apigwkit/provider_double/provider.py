"""The provider double's behaviour, one method per plugin-protocol RPC.

Transport (go-plugin handshake, gRPC) lives in ``server.py``; this module only turns decoded
requests into responses, using the generated schema, the planner and the value synthesiser.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from typing import Any

from tf.gen import tfplugin_pb2 as pb

from apigwkit.provider_double import codec, plan_checks, planning, rules, synthesis, validation
from apigwkit.provider_double.account import Account, Refused
from apigwkit.provider_double.data_sources import DataSourceError, read_data_source
from apigwkit.provider_double.schema_store import SchemaStore
from apigwkit.provider_double.values import DEFAULT_REGION, TEST_ACCOUNT_ID, UNKNOWN

ERROR = pb.Diagnostic.ERROR


def _path(steps: tuple[str | int, ...] | list[str | int]) -> pb.AttributePath:
    out = pb.AttributePath()
    for i, step in enumerate(steps):
        if isinstance(step, int):
            out.steps.append(pb.AttributePath.Step(element_key_int=step))
        elif i > 0 and isinstance(steps[i - 1], str) and step.startswith("["):
            out.steps.append(pb.AttributePath.Step(element_key_string=step[1:-1]))
        else:
            out.steps.append(pb.AttributePath.Step(attribute_name=step))
    return out


def diagnostic(summary: str, detail: str = "", path: tuple | list = ()) -> pb.Diagnostic:
    d = pb.Diagnostic(severity=ERROR, summary=summary, detail=detail)
    if path:
        d.attribute.CopyFrom(_path(path))
    return d


def _dv(value: Any, type_: Any) -> pb.DynamicValue:
    return pb.DynamicValue(msgpack=codec.encode_msgpack(value, type_))


def _read(dv: pb.DynamicValue, type_: Any) -> Any:
    if dv.msgpack:
        return codec.decode_msgpack(dv.msgpack, type_)
    if dv.json:
        return codec.from_json_value(json.loads(dv.json), type_)
    return None


def read_only_violations(block: dict, config: Any, path: tuple = ()) -> list[pb.Diagnostic]:
    """Values set on computed-only attributes, reported with the real provider's (SDKv2) words."""
    if not isinstance(config, dict):
        return []
    found = []
    for name, attr in block.get("attributes", {}).items():
        if attr.get("computed") and not attr.get("optional") and config.get(name) is not None:
            key = ".".join(str(step) for step in path + (name,))
            found.append(
                diagnostic(
                    "Computed attributes cannot be set",
                    f"Computed attributes cannot be set, but a value was set for {key!r}.".replace("'", '"'),
                    path + (name,),
                )
            )
    for name, nested in block.get("block_types", {}).items():
        value = config.get(name)
        if nested["nesting_mode"] in ("single", "group"):
            found += read_only_violations(nested["block"], value, path + (name,))
        elif isinstance(value, dict):
            for key, item in value.items():
                found += read_only_violations(nested["block"], item, path + (name, f"[{key}]"))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                found += read_only_violations(nested["block"], item, path + (name, i))
    return found


@dataclass
class ProviderDouble:
    store: SchemaStore
    account: Account
    region: str | None = None
    default_tags: dict[str, str] = field(default_factory=dict)

    # ------------------------------------------------------------------ provider

    def configure(self, req: pb.ConfigureProvider.Request) -> pb.ConfigureProvider.Response:
        config = _read(req.config, self.store.type_of("provider", "aws")) or {}
        self.region = config.get("region") or os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION")
        tags_blocks = config.get("default_tags") or []
        tags = tags_blocks[0].get("tags") if tags_blocks else None
        self.default_tags = tags if isinstance(tags, dict) else {}
        if not self.region or self.region is UNKNOWN:
            return pb.ConfigureProvider.Response(
                diagnostics=[
                    diagnostic(
                        "Missing required argument",
                        'The argument "region" is required, but no definition was found. Set it in the '
                        '`provider "aws"` block or in the AWS_REGION environment variable.',
                        ("region",),
                    )
                ]
            )
        return pb.ConfigureProvider.Response()

    @property
    def effective_region(self) -> str:
        return self.region or DEFAULT_REGION

    # ------------------------------------------------------------------ validation

    def _config_diagnostics(self, kind: str, type_name: str, config_dv: pb.DynamicValue) -> list[pb.Diagnostic]:
        """Read-only attributes set, and the value checks the real provider makes at validate time."""
        config = _read(config_dv, self.store.type_of(kind, type_name))
        block = self.store.block(kind, type_name)
        diags = read_only_violations(block, config)
        return diags + [
            diagnostic(d.summary, d.detail, d.path) for d in validation.validate(kind, type_name, block, config)
        ]

    def validate_resource(self, req: pb.ValidateResourceConfig.Request) -> pb.ValidateResourceConfig.Response:
        return pb.ValidateResourceConfig.Response(
            diagnostics=self._config_diagnostics("resource", req.type_name, req.config)
        )

    def validate_data_source(
        self, req: pb.ValidateDataResourceConfig.Request
    ) -> pb.ValidateDataResourceConfig.Response:
        return pb.ValidateDataResourceConfig.Response(
            diagnostics=self._config_diagnostics("data", req.type_name, req.config)
        )

    # ------------------------------------------------------------------ resources

    def plan(self, req: pb.PlanResourceChange.Request) -> pb.PlanResourceChange.Response:
        type_ = self.store.type_of("resource", req.type_name)
        prior, config = _read(req.prior_state, type_), _read(req.config, type_)
        planned, replace = planning.plan_resource(
            req.type_name,
            self.store.block("resource", req.type_name),
            prior,
            _read(req.proposed_new_state, type_),
            config,
            region=self.effective_region,
            default_tags=self.default_tags,
        )
        refusals = plan_checks.refusals(req.type_name, config, planned, prior)
        if refusals:
            return pb.PlanResourceChange.Response(diagnostics=[diagnostic(summary) for summary in refusals])
        return pb.PlanResourceChange.Response(
            planned_state=_dv(planned, type_),
            requires_replace=[_path((name,)) for name in replace],
            planned_private=req.prior_private,
            legacy_type_system=rules.is_sdkv2(req.type_name),
        )

    def apply(self, req: pb.ApplyResourceChange.Request) -> pb.ApplyResourceChange.Response:
        """The AWS calls of a create, update or delete, answered by the account model (which may refuse them)."""
        type_ = self.store.type_of("resource", req.type_name)
        planned = _read(req.planned_state, type_)
        prior = _read(req.prior_state, type_)
        block = self.store.block("resource", req.type_name)

        def mint(attempt: int) -> dict | None:
            if planned is None:
                return None
            return synthesis.fill_unknowns(
                req.type_name,
                block,
                planned,
                region=planned.get("region") or self.effective_region,
                account=TEST_ACCOUNT_ID,
                prior_id=prior.get("id") if isinstance(prior, dict) else None,
                api_protocol=self.account.protocol_of(planned.get("api_id")) if "api_id" in planned else None,
                attempt=attempt,
            )

        try:
            new = self.account.apply(req.type_name, prior, mint)
        except Refused as refused:
            # A refused create leaves nothing; a refused update or delete leaves the object as it was.
            return pb.ApplyResourceChange.Response(
                new_state=_dv(prior, type_), diagnostics=[diagnostic(refused.summary)]
            )
        return pb.ApplyResourceChange.Response(
            new_state=_dv(new, type_), private=req.planned_private, legacy_type_system=rules.is_sdkv2(req.type_name)
        )

    def read(self, req: pb.ReadResource.Request) -> pb.ReadResource.Response:
        """Refresh: the object as the account holds it, or null when it no longer exists there."""
        type_ = self.store.type_of("resource", req.type_name)
        current = _read(req.current_state, type_)
        found = self.account.read(req.type_name, current) if isinstance(current, dict) else current
        return pb.ReadResource.Response(new_state=_dv(found, type_), private=req.private)

    def upgrade(self, req: pb.UpgradeResourceState.Request) -> pb.UpgradeResourceState.Response:
        type_ = self.store.type_of("resource", req.type_name)
        raw = json.loads(req.raw_state.json) if req.raw_state.json else None
        return pb.UpgradeResourceState.Response(upgraded_state=_dv(codec.from_json_value(raw, type_), type_))

    def import_state(self, req: pb.ImportResourceState.Request) -> pb.ImportResourceState.Response:
        return pb.ImportResourceState.Response(
            diagnostics=[
                diagnostic(
                    "Import is not supported by the offline provider double",
                    f"{req.type_name} {req.id!r}: there is no AWS account behind the double to read the object "
                    "from. Run with TF_PROVIDER_MODE=registry and real credentials to import.",
                )
            ]
        )

    # ------------------------------------------------------------------ data sources

    def read_data(self, req: pb.ReadDataSource.Request) -> pb.ReadDataSource.Response:
        type_ = self.store.type_of("data", req.type_name)
        config = _read(req.config, type_)
        region = (config or {}).get("region") or self.effective_region
        try:
            state = read_data_source(req.type_name, config, region=region, account_id=TEST_ACCOUNT_ID)
        except DataSourceError as err:
            return pb.ReadDataSource.Response(diagnostics=[diagnostic(err.summary, err.detail, err.path)])
        if state is None:
            planned = planning.plan_block(self.store.block("data", req.type_name), None, config, config)
            state = synthesis.fill_unknowns(
                req.type_name,
                self.store.block("data", req.type_name),
                planned,
                region=region,
                account=TEST_ACCOUNT_ID,
            )
        if "region" in state and state.get("region") is None:
            state["region"] = region
        return pb.ReadDataSource.Response(state=_dv(state, type_))
