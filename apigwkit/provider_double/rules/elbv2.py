"""Elastic Load Balancing v2: ``internal/service/elbv2/``.

Re-read for issue 17b: ``load_balancer.go``, ``target_group.go`` (schema and its ``CustomizeDiff`` checks),
``validate.go`` (names, health inputs) and ``consts.go`` (attribute value lists). Re-read for issue 17c:
``listener.go`` (a 2025 aws-sdk-go-v2 form, before ``jwt_validation``: its rows, ``alpnPolicyEnum_Values``,
``mutualAuthenticationModeEnum_Values``) and ``listener_rule.go`` (a 2024-25 aws-sdk-go-v2 form, before
``transform``; ``validListenerRulePriority``). Not reproduced: ``validateListenerActionsCustomDiff`` (plan-time
action checks), ``condition{}.source_ip[].values{}``'s ``verify.ValidCIDRNetworkAddress`` (wording not read); the
listener rule's ``authenticate_*`` ``scope``/``session_*`` defaults of that older form were left out (the
newer listener makes them Optional+Computed, the newer rule was not stored).

A load balancer's ALB-only (``suppressIfLBTypeNot(application)``) and NLB-only defaults are planned only for
that type: on create, the suppressed diff leaves them null."""

from __future__ import annotations

from apigwkit.provider_double.checks import (
    ARN,
    All,
    Any_,
    Enum,
    InSlice,
    IntBetween,
    IntOrOff,
    IPAddress,
    LenBetween,
    ListenerRulePriority,
    Match,
    MatchQuoted,
    MaxLenQuoted,
    NullableIntBetween,
    PortNumber,
    PortOrTrafficPort,
    UnlessEmpty,
)
from apigwkit.provider_double.rules.kinds import (
    ConflictsWith,
    Default,
    Diag,
    ExactlyOneOf,
    Items,
    PlanCheck,
    Type,
    Value,
)

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

# alpnPolicyEnum_Values() (consts.go)
_ALPN_POLICIES = ("HTTP1Only", "HTTP2Only", "HTTP2Optional", "HTTP2Preferred", "None")
_CONTENT_TYPES = ("text/plain", "text/css", "text/html", "application/javascript", "application/json")


def _actions(name: str) -> tuple:
    """The listener's ``default_action`` and the listener rule's ``action`` blocks share one schema (their
    ``validateListenerActionsCustomDiff`` plan-time checks are not reproduced)."""
    return (
        Diag(
            f"{name}[].authenticate_cognito[].on_unauthenticated_request",
            Enum("elbv2", "AuthenticateCognitoActionConditionalBehaviorEnum", ignore_case=True),
        ),
        Value(f"{name}[].authenticate_cognito[].user_pool_arn", ARN()),
        Diag(
            f"{name}[].authenticate_oidc[].on_unauthenticated_request",
            Enum("elbv2", "AuthenticateOidcActionConditionalBehaviorEnum", ignore_case=True),
        ),
        Value(f"{name}[].fixed_response[].content_type", InSlice(_CONTENT_TYPES)),
        Value(f"{name}[].fixed_response[].message_body", LenBetween(0, 1024)),
        Value(f"{name}[].fixed_response[].status_code", Match(r"^[245]\d\d$")),
        Items(f"{name}[].forward[].target_group", max=5, min=1, required=True),
        Value(f"{name}[].forward[].target_group{{}}.arn", ARN()),
        Default(f"{name}[].forward[].target_group{{}}.weight", 1),
        Value(f"{name}[].forward[].target_group{{}}.weight", IntBetween(0, 999)),
        Value(f"{name}[].forward[].stickiness[].duration", IntBetween(1, 604800)),
        Default(f"{name}[].forward[].stickiness[].enabled", False),
        Value(f"{name}[].order", IntBetween(1, 50_000)),  # listenerActionOrderMin, listenerActionOrderMax
        Default(f"{name}[].redirect[].host", "#{host}"),
        Value(f"{name}[].redirect[].host", LenBetween(1, 128)),
        Default(f"{name}[].redirect[].path", "/#{path}"),
        Value(f"{name}[].redirect[].path", LenBetween(1, 128)),
        Default(f"{name}[].redirect[].port", "#{port}"),
        Default(f"{name}[].redirect[].protocol", "#{protocol}"),
        Value(f"{name}[].redirect[].protocol", InSlice(("#{protocol}", "HTTP", "HTTPS"))),
        Default(f"{name}[].redirect[].query", "#{query}"),
        Value(f"{name}[].redirect[].query", LenBetween(0, 128)),
        Diag(f"{name}[].redirect[].status_code", Enum("elbv2", "RedirectActionStatusCodeEnum")),
        Value(f"{name}[].target_group_arn", ARN()),
        Diag(f"{name}[].type", Enum("elbv2", "ActionTypeEnum", ignore_case=True)),
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
        (
            Value("alpn_policy", InSlice(_ALPN_POLICIES, ignore_case=True)),
            Value("certificate_arn", ARN()),
            *_actions("default_action"),
            Value("load_balancer_arn", ARN()),
            Diag(
                "mutual_authentication[].advertise_trust_store_ca_names",
                Enum("elbv2", "AdvertiseTrustStoreCaNamesEnum"),
            ),
            Default("mutual_authentication[].ignore_client_certificate_expiry", False),
            # mutualAuthenticationModeEnum_Values()
            Value("mutual_authentication[].mode", InSlice(("off", "verify", "passthrough"), ignore_case=True)),
            Value("mutual_authentication[].trust_store_arn", ARN()),
            Value("port", PortNumber()),
            Diag("protocol", Enum("elbv2", "ProtocolEnum", ignore_case=True)),
            Value("tcp_idle_timeout_seconds", IntBetween(60, 6000)),
        ),
        floats=(),
    ),
    "aws_lb_listener_rule": Type(
        _DIR + "listener_rule.go",
        (
            *_actions("action"),
            Value("condition{}.host_header[].values{}", LenBetween(1, 128)),
            Value("condition{}.http_header[].http_header_name", Match(r"^[0-9A-Za-z_!#$%&'*+,.^`|~-]{1,40}$")),
            Value("condition{}.http_header[].values{}", LenBetween(1, 128)),
            Value("condition{}.http_request_method[].values{}", Match(r"^[A-Za-z-_]{1,40}$")),
            Value("condition{}.path_pattern[].values{}", LenBetween(1, 128)),
            Value("listener_arn", ARN()),
            Value("priority", ListenerRulePriority()),
        ),
        floats=(),
    ),
    "aws_lb_target_group_attachment": Type(_DIR + "target_group_attachment.go"),
}
