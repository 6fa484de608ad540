"""Plan-time refusals: the ``CustomizeDiff`` (SDKv2) and ``ModifyPlan`` (framework) checks of hashicorp/aws.

``PlanCheck`` rows (``rules/``) name a predicate here and carry the provider's message; the predicate
sees the configuration, the planned state (defaults applied) and the prior state, and returns the
values to format the message with when the provider refuses, else ``None``. The provider returns such
an error as a diagnostic whose summary is the error text, with no detail and no attribute path, from
``PlanResourceChange``; ``terraform validate`` never runs them, and a destroy plan skips them.

``d.Get`` in a ``CustomizeDiff`` reads the planned value; ``d.GetOk`` is false for a zero value
(``""``, ``0``, ``false``, empty) and for one not known yet, which :func:`get_ok` reproduces.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from apigwkit.provider_double import golang, rules
from apigwkit.provider_double.rules.kinds import PlanCheck
from apigwkit.provider_double.values import UNKNOWN

Found = dict[str, Any] | None
Predicate = Callable[[dict, dict, dict | None], Found]


def known(value: Any) -> bool:
    return value is not UNKNOWN


def get_ok(values: dict | None, name: str) -> bool:
    """``ResourceDiff.GetOk``: set, known and not the zero value."""
    value = (values or {}).get(name)
    return value is not None and value is not UNKNOWN and value not in ("", 0, False, [], {})


def first(values: dict | None, name: str) -> dict:
    """The first element of a ``MaxItems: 1`` block (``{}`` when absent or unknown)."""
    blocks = (values or {}).get(name)
    if isinstance(blocks, list) and blocks and isinstance(blocks[0], dict):
        return blocks[0]
    return {}


CHECKS: dict[str, Predicate] = {}


def check(name: str) -> Callable[[Predicate], Predicate]:
    def register(predicate: Predicate) -> Predicate:
        CHECKS[name] = predicate
        return predicate

    return register


def refusals(type_name: str, config: dict | None, planned: dict | None, prior: dict | None) -> list[str]:
    """The error the provider's plan-time checks return for this change, if any (none for a destroy)."""
    spec = rules.lookup("resource", type_name)
    if spec is None or planned is None or config is None:
        return []
    for row in spec.rows:
        if isinstance(row, PlanCheck):
            found = CHECKS[row.check](config, planned, prior)
            if found is not None:
                # customdiff.Sequence (and a CustomizeDiff function) stops at its first error.
                return [row.message.format(**found)]
    return []


# --------------------------------------------------------------------------------------------
# The predicates (each names the provider function it reproduces)
# --------------------------------------------------------------------------------------------


@check("lambda_zip_needs_handler_and_runtime")
def _lambda_zip(config: dict, planned: dict, prior: dict | None) -> Found:
    # internal/service/lambda/function.go checkHandlerRuntimeForZipFunction
    if planned.get("package_type") == "Zip" and not (get_ok(planned, "handler") and get_ok(planned, "runtime")):
        return {}
    return None


@check("rest_api_private_needs_dualstack")
def _rest_api_private(config: dict, planned: dict, prior: dict | None) -> Found:
    # internal/service/apigateway/rest_api.go endpointConfigurationPlantimeValidate
    endpoint = first(planned, "endpoint_configuration")
    types = endpoint.get("types")
    if isinstance(types, list) and types and types[0] == "PRIVATE" and endpoint.get("ip_address_type") == "ipv4":
        return {}
    return None


def _authorizer_type(config: dict) -> Any:
    # "RawPlan contains no schema defaults in CustomizeDiff": the configured type, else TOKEN.
    value = config.get("type")
    return "TOKEN" if value is None else value


@check("authorizer_needs_uri")
def _authorizer_uri(config: dict, planned: dict, prior: dict | None) -> Found:
    # internal/service/apigateway/authorizer.go resourceAuthorizerCustomizeDiff
    kind = _authorizer_type(config)
    uri = config.get("authorizer_uri")
    if kind in ("TOKEN", "REQUEST") and known(uri) and not uri:
        return {"type": kind}
    return None


@check("authorizer_needs_provider_arns")
def _authorizer_provider_arns(config: dict, planned: dict, prior: dict | None) -> Found:
    # internal/service/apigateway/authorizer.go resourceAuthorizerCustomizeDiff
    kind = _authorizer_type(config)
    arns = config.get("provider_arns")
    if kind == "COGNITO_USER_POOLS" and known(arns) and not arns:
        return {"type": kind}
    return None


def _text(value: Any) -> str:
    """``fwflex.StringValueFromFramework``: null and unknown read as ``""``."""
    return value if isinstance(value, str) else ""


def _traditional_alarm(config: dict) -> tuple[bool, bool] | None:
    """(metric_name set, metric_query set) when the values the provider looks at are all known."""
    names = ("metric_name", "metric_query", "statistic", "extended_statistic")
    if any(config.get(name) is UNKNOWN for name in names):
        return None
    return _text(config.get("metric_name")) != "", bool(config.get("metric_query"))


@check("alarm_needs_comparison_operator")
def _alarm_comparison(config: dict, planned: dict, prior: dict | None) -> Found:
    # internal/service/cloudwatch/metric_alarm.go resourceMetricAlarmCustomizeDiff (raw plan: no defaults)
    traditional = _traditional_alarm(config)
    if traditional and any(traditional) and _text(config.get("comparison_operator")) == "":
        return {}
    return None


@check("alarm_needs_evaluation_periods")
def _alarm_periods(config: dict, planned: dict, prior: dict | None) -> Found:
    traditional = _traditional_alarm(config)
    periods = config.get("evaluation_periods")
    if traditional and any(traditional) and (periods is None or periods is UNKNOWN or periods == 0):
        return {}
    return None


@check("alarm_needs_one_statistic")
def _alarm_statistic(config: dict, planned: dict, prior: dict | None) -> Found:
    traditional = _traditional_alarm(config)
    if not traditional or not traditional[0]:
        return None
    statistic, extended = _text(config.get("statistic")) != "", _text(config.get("extended_statistic")) != ""
    return {} if statistic == extended else None


@check("alarm_query_expression_or_metric")
def _alarm_query(config: dict, planned: dict, prior: dict | None) -> Found:
    queries = config.get("metric_query")
    for query in queries if isinstance(queries, list) else []:
        if isinstance(query, dict) and _text(query.get("expression")) and isinstance(query.get("metric"), list):
            if query["metric"]:
                return {}
    return None


@check("dynamodb_table")
def _dynamodb_table(config: dict, planned: dict, prior: dict | None) -> Found:
    """internal/service/dynamodb/table.go CustomizeDiff (customdiff.All): validStreamSpec,
    validateTableAttributes, then validateProvisionedThroughputField for read and write capacity."""
    errors: list[str] = []
    if planned.get("stream_enabled") is True:
        view = planned.get("stream_view_type")
        if not get_ok(planned, "stream_view_type"):
            errors.append("stream_view_type is required when stream_enabled = true")
        elif view == "":
            errors.append("stream_view_type must be non-empty when stream_enabled = true")
    indexed: dict[str, bool] = {}
    for key in ("hash_key", "range_key"):
        if get_ok(planned, key):
            indexed[planned[key]] = True
    for index in planned.get("local_secondary_index") or []:
        if isinstance(index, dict) and isinstance(index.get("range_key"), str):
            indexed[index["range_key"]] = True
    for index in planned.get("global_secondary_index") or []:
        if isinstance(index, dict):
            if isinstance(index.get("hash_key"), str):
                indexed[index["hash_key"]] = True
            if isinstance(index.get("range_key"), str) and index["range_key"]:
                indexed[index["range_key"]] = True
    unused = []
    for attribute in planned.get("attribute") or []:
        name = attribute.get("name") if isinstance(attribute, dict) else None
        if not isinstance(name, str):
            continue
        if name in indexed:
            del indexed[name]
        else:
            unused.append(name)
    if unused:
        errors.append(f"all attributes must be indexed. Unused attributes: {golang.quote_slice(sorted(unused))}")
    if indexed:
        errors.append(
            f"all indexes must match a defined attribute. Unmatched indexes: {golang.quote_slice(sorted(indexed))}"
        )
    if not get_ok(planned, "restore_source_name"):
        old_mode = (prior or {}).get("billing_mode") or ""
        new_mode = planned.get("billing_mode")
        for key in ("read_capacity", "write_capacity"):
            value = planned.get(key)
            number = value if isinstance(value, int | float) and not isinstance(value, bool) else 0
            if new_mode == "PROVISIONED":
                if number < 1 and old_mode != "PAY_PER_REQUEST":
                    errors.append(f'{key} must be at least 1 when billing_mode is "PROVISIONED"')
            elif new_mode == "PAY_PER_REQUEST" and old_mode != "PROVISIONED" and number != 0:
                errors.append(f'{key} can not be set when billing_mode is "PAY_PER_REQUEST"')
    return {"errors": "\n".join(errors)} if errors else None


@check("sns_topic_name")
def _sns_topic_name(config: dict, planned: dict, prior: dict | None) -> Found:
    # internal/service/sns/topic.go resourceTopicCustomizeDiff (on create; a generated name always fits)
    if prior is not None:
        return None
    name, fifo = planned.get("name"), planned.get("fifo_topic")
    if not isinstance(name, str) or not known(fifo):
        return None
    pattern = r"^[0-9A-Za-z_-]{1,251}\.fifo$" if fifo else r"^[0-9A-Za-z_-]{1,256}$"
    return None if golang.regexp(pattern).search(name) else {"name": name}


@check("sns_archive_policy_needs_fifo")
def _sns_archive_policy(config: dict, planned: dict, prior: dict | None) -> Found:
    archive = planned.get("archive_policy")
    if planned.get("fifo_topic") is False and isinstance(archive, str) and archive != "":
        return {}
    return None


@check("sns_content_based_deduplication_needs_fifo")
def _sns_deduplication(config: dict, planned: dict, prior: dict | None) -> Found:
    if planned.get("fifo_topic") is False and planned.get("content_based_deduplication") is True:
        return {}
    return None


@check("s3_versioning_cannot_be_disabled")
def _s3_versioning(config: dict, planned: dict, prior: dict | None) -> Found:
    # internal/service/s3/bucket_versioning.go CustomizeDiff (updates only)
    if prior is None:
        return None
    old = first(prior, "versioning_configuration").get("status")
    new = first(planned, "versioning_configuration").get("status")
    if new == "Disabled" and old in ("Enabled", "Suspended"):
        return {"old": old}
    return None


@check("target_group_tcp_health_check")
def _target_group_tcp_health_check(config: dict, planned: dict, prior: dict | None) -> Found:
    # internal/service/elbv2/target_group.go resourceTargetGroupCustomizeDiff: a TCP health check takes no
    # matcher and no path (errs.NewAttributeConflictsWhenError, returned through sdkdiag.DiagnosticError)
    health = first(planned, "health_check")
    protocol = health.get("protocol")
    if isinstance(protocol, str) and protocol.upper() == "TCP":
        for attribute in ("matcher", "path"):
            if get_ok(health, attribute):
                return {"attribute": attribute, "protocol": protocol}
    return None


@check("target_group_lambda_tcp_health_check")
def _target_group_lambda_tcp(config: dict, planned: dict, prior: dict | None) -> Found:
    # target_group.go customizeDiffTargetGroupTargetTypeLambda
    if planned.get("target_type") == "lambda" and first(planned, "health_check").get("protocol") == "TCP":
        return {}
    return None


@check("target_group_needs_port_protocol_vpc")
def _target_group_needs(config: dict, planned: dict, prior: dict | None) -> Found:
    # target_group.go customizeDiffTargetGroupTargetTypeNotLambda: in the raw config, a known null port,
    # protocol or vpc_id (errs.NewAttributeRequiredWhenError)
    target_type = planned.get("target_type")
    if not isinstance(target_type, str) or target_type == "lambda":
        return None
    for attribute in ("port", "protocol", "vpc_id"):
        if config.get(attribute) is None:
            return {"attribute": attribute, "target_type": target_type}
    return None
