"""Elastic Load Balancing v2: ``internal/service/elbv2/``.

Re-read for issue 17b: ``load_balancer.go``, ``target_group.go`` (schema and its ``CustomizeDiff`` checks),
``validate.go`` (names, health inputs) and ``consts.go`` (attribute value lists). ``listener.go`` and
``listener_rule.go`` were not re-read (their action checks are not reproduced).

A load balancer's ALB-only (``suppressIfLBTypeNot(application)``) and NLB-only defaults are planned only for
that type: on create, the suppressed diff leaves them null."""

from __future__ import annotations

from apigwkit.provider_double.checks import (
    All,
    Any_,
    Enum,
    InSlice,
    IntBetween,
    IntOrOff,
    IPAddress,
    LenBetween,
    MatchQuoted,
    MaxLenQuoted,
    NullableIntBetween,
    PortOrTrafficPort,
    UnlessEmpty,
)
from apigwkit.provider_double.rules.kinds import ConflictsWith, Default, Diag, ExactlyOneOf, PlanCheck, Type, Value

_DIR = "internal/service/elbv2/"
_ALB = ("load_balancer_type", ("application",))
_NLB = ("load_balancer_type", ("network",))
_NOT_ALB = ("load_balancer_type", ("network", "gateway"))
_CHARS = r"^[0-9A-Za-z-]+$"
_LB_NAME = UnlessEmpty(  # validName
    All(
        (
            MaxLenQuoted(32),
            MatchQuoted(_CHARS, "only alphanumeric characters and hyphens allowed in {key}: {value}"),
            MatchQuoted(r"^-", "{key} cannot begin with a hyphen: {value}", negate=True),
            MatchQuoted(r"-$", "{key} cannot end with a hyphen: {value}", negate=True),
            MatchQuoted(r"^internal-", '{key} cannot begin with "internal-": {value}', negate=True),
        )
    )
)
_LB_NAME_PREFIX = All(  # validNamePrefix
    (
        MatchQuoted(_CHARS, "only alphanumeric characters and hyphens allowed in {key}: {value}"),
        MaxLenQuoted(6),
        MatchQuoted(r"^-", "{key} cannot begin with a hyphen: {value}", negate=True),
        MatchQuoted(r"^internal-", '{key} cannot begin with "internal-": {value}', negate=True),
    )
)
_TG_NAME = All(  # validTargetGroupName
    (
        MaxLenQuoted(32, "{key} cannot be longer than 32 characters"),
        MatchQuoted(_CHARS, "only alphanumeric characters and hyphens allowed in {key}"),
        MatchQuoted(r"^-", "{key} cannot begin with a hyphen", negate=True),
        MatchQuoted(r"-$", "{key} cannot end with a hyphen", negate=True),
    )
)
_TG_NAME_PREFIX = All(  # validTargetGroupNamePrefix: 32 - id.UniqueIDSuffixLength
    (
        MaxLenQuoted(6, "{key} cannot be longer than 6 characters"),
        MatchQuoted(_CHARS, "only alphanumeric characters and hyphens allowed in {key}"),
        MatchQuoted(r"^-", "{key} cannot begin with a hyphen", negate=True),
    )
)

RESOURCES: dict[str, Type] = {
    "aws_lb": Type(
        _DIR + "load_balancer.go",
        (
            Default("access_logs[].enabled", False),
            Default("client_keep_alive", 3600, when=_ALB),
            Default("connection_logs[].enabled", False),
            Default("desync_mitigation_mode", "defensive", when=_ALB),
            Value("desync_mitigation_mode", InSlice(("monitor", "defensive", "strictest"))),
            Default("dns_record_client_routing_policy", "any_availability_zone", when=_NLB),
            Value(
                "dns_record_client_routing_policy",
                InSlice(("availability_zone_affinity", "partial_availability_zone_affinity", "any_availability_zone")),
            ),
            Default("drop_invalid_header_fields", False, when=_ALB),
            Default("enable_cross_zone_load_balancing", False, when=_NOT_ALB),
            Default("enable_deletion_protection", False),
            Default("enable_http2", True, when=_ALB),
            Default("enable_tls_version_and_cipher_suite_headers", False, when=_ALB),
            Default("enable_waf_fail_open", False, when=_ALB),
            Default("enable_xff_client_port", False, when=_ALB),
            Diag(
                "enforce_security_group_inbound_rules_on_private_link_traffic",
                Enum("elbv2", "EnforceSecurityGroupInboundRulesOnPrivateLinkTrafficEnum"),
            ),
            Default("idle_timeout", 60, when=_ALB),
            Diag("ip_address_type", Enum("elbv2", "IpAddressType")),
            Default("load_balancer_type", "application"),
            Diag("load_balancer_type", Enum("elbv2", "LoadBalancerTypeEnum")),
            Value("name", _LB_NAME),
            ConflictsWith("name", ("name_prefix",)),
            Value("name_prefix", _LB_NAME_PREFIX),
            ConflictsWith("name_prefix", ("name",)),
            Default("preserve_host_header", False, when=_ALB),
            Value("subnet_mapping{}.ipv6_address", IPAddress(6)),
            Value("subnet_mapping{}.private_ipv4_address", IPAddress(4)),
            ExactlyOneOf("subnet_mapping", ("subnet_mapping", "subnets")),
            ExactlyOneOf("subnets", ("subnet_mapping", "subnets")),
            Default("xff_header_processing_mode", "append", when=_ALB),
            Value("xff_header_processing_mode", InSlice(("append", "preserve", "remove"))),
        ),
        floats=(),
    ),
    "aws_lb_target_group": Type(
        _DIR + "target_group.go",
        (
            Default("deregistration_delay", "300"),  # nullable.TypeNullableInt: a string
            Value("deregistration_delay", NullableIntBetween(0, 3600)),
            Default("health_check[].enabled", True),
            Default("health_check[].healthy_threshold", 3),
            Value("health_check[].healthy_threshold", IntBetween(2, 10)),
            Default("health_check[].interval", 30),
            Value("health_check[].interval", IntBetween(5, 300)),
            Value("health_check[].path", LenBetween(1, 1024)),  # and verify.StringHasPrefix("/"): not reproduced
            Default("health_check[].port", "traffic-port"),
            Value("health_check[].port", PortOrTrafficPort()),
            Default("health_check[].protocol", "HTTP"),
            # healthCheckProtocolEnumValues(): HTTP, HTTPS, TCP (case-insensitive)
            Value("health_check[].protocol", InSlice(("HTTP", "HTTPS", "TCP"), ignore_case=True)),
            Value("health_check[].timeout", IntBetween(2, 120)),
            Default("health_check[].unhealthy_threshold", 3),
            Value("health_check[].unhealthy_threshold", IntBetween(2, 10)),
            Diag("ip_address_type", Enum("elbv2", "TargetGroupIpAddressTypeEnum")),
            Default("lambda_multi_value_headers_enabled", False),
            Value("name", _TG_NAME),
            ConflictsWith("name", ("name_prefix",)),
            Value("name_prefix", _TG_NAME_PREFIX),
            ConflictsWith("name_prefix", ("name",)),
            Value("port", IntBetween(1, 65535)),
            Diag("protocol", Enum("elbv2", "ProtocolEnum")),
            Default("proxy_protocol_v2", False),
            Default("slow_start", 0),
            Value("slow_start", Any_((IntBetween(0, 0), IntBetween(30, 900)))),
            Default("stickiness[].cookie_duration", 86400),
            Value("stickiness[].cookie_duration", IntBetween(0, 604800)),
            Default("stickiness[].enabled", True),
            Default("target_group_health[].dns_failover[].minimum_healthy_targets_count", "off"),
            Value("target_group_health[].dns_failover[].minimum_healthy_targets_count", IntOrOff()),
            Default("target_group_health[].dns_failover[].minimum_healthy_targets_percentage", "off"),
            Value("target_group_health[].dns_failover[].minimum_healthy_targets_percentage", IntOrOff(percentage=True)),
            Default("target_group_health[].unhealthy_state_routing[].minimum_healthy_targets_count", 1),
            Default("target_group_health[].unhealthy_state_routing[].minimum_healthy_targets_percentage", "off"),
            Value(
                "target_group_health[].unhealthy_state_routing[].minimum_healthy_targets_percentage",
                IntOrOff(percentage=True),
            ),
            Default("target_type", "instance"),
            Diag("target_type", Enum("elbv2", "TargetTypeEnum")),
            # customdiff.Sequence(resourceTargetGroupCustomizeDiff, ...TargetTypeLambda, ...TargetTypeNotLambda)
            PlanCheck(
                "",
                check="target_group_tcp_health_check",
                message='Invalid Attribute Combination\n\nAttribute "health_check[0].{attribute}" cannot be specified '
                'when "health_check[0].protocol" is "{protocol}".\n\nPath: health_check[0].{attribute}',
            ),
            PlanCheck(
                "",
                check="target_group_lambda_tcp_health_check",
                message='Attribute "health_check[0].protocol" cannot have value "TCP" when "target_type" is "lambda".',
            ),
            PlanCheck(
                "",
                check="target_group_needs_port_protocol_vpc",
                message='Invalid Attribute Combination\n\nAttribute "{attribute}" must be specified when '
                '"target_type" is "{target_type}".\n\nPath: target_type',
            ),
        ),
        floats=(),
    ),
    "aws_lb_listener": Type(
        _DIR + "listener.go",
        (Value("port", IntBetween(1, 65535)), Diag("protocol", Enum("elbv2", "ProtocolEnum"))),
    ),
    "aws_lb_listener_rule": Type(_DIR + "listener_rule.go", (Value("priority", IntBetween(1, 50000)),)),
    "aws_lb_target_group_attachment": Type(_DIR + "target_group_attachment.go"),
}
