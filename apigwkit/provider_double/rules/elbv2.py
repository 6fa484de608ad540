"""Elastic Load Balancing v2: ``internal/service/elbv2/``.

Not re-read from the source index for this table: the rows are the provider's well-known defaults and
rules, kept to what is certain; the closing note of issue 17 lists them as unverified."""

from __future__ import annotations

from apigwkit.provider_double.checks import Enum, IntBetween
from apigwkit.provider_double.rules.kinds import ConflictsWith, Default, Diag, Type, Value

_DIR = "internal/service/elbv2/"

RESOURCES: dict[str, Type] = {
    "aws_lb": Type(
        _DIR + "load_balancer.go",
        (
            Default("access_logs[].enabled", False),
            Default("client_keep_alive", 3600),
            Default("desync_mitigation_mode", "defensive"),
            Default("drop_invalid_header_fields", False),
            Default("enable_deletion_protection", False),
            Default("enable_http2", True),
            Default("enable_tls_version_and_cipher_suite_headers", False),
            Default("enable_waf_fail_open", False),
            Default("enable_xff_client_port", False),
            Default("idle_timeout", 60),
            Default("load_balancer_type", "application"),
            Diag("load_balancer_type", Enum("elbv2", "LoadBalancerTypeEnum")),
            ConflictsWith("name", ("name_prefix",)),
            ConflictsWith("name_prefix", ("name",)),
            Default("preserve_host_header", False),
            Default("xff_header_processing_mode", "append"),
        ),
    ),
    "aws_lb_target_group": Type(
        _DIR + "target_group.go",
        (
            Default("lambda_multi_value_headers_enabled", False),
            ConflictsWith("name", ("name_prefix",)),
            ConflictsWith("name_prefix", ("name",)),
            Value("port", IntBetween(1, 65535)),
            Diag("protocol", Enum("elbv2", "ProtocolEnum")),
            Default("proxy_protocol_v2", False),
            Default("slow_start", 0),
            Default("target_type", "instance"),
            Diag("target_type", Enum("elbv2", "TargetTypeEnum")),
        ),
    ),
    "aws_lb_listener": Type(
        _DIR + "listener.go",
        (Value("port", IntBetween(1, 65535)), Diag("protocol", Enum("elbv2", "ProtocolEnum"))),
    ),
    "aws_lb_listener_rule": Type(_DIR + "listener_rule.go", (Value("priority", IntBetween(1, 50000)),)),
    "aws_lb_target_group_attachment": Type(_DIR + "target_group_attachment.go"),
}
