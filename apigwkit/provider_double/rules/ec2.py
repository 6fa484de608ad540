"""EC2 networking (VPC, subnets, security groups, endpoints, flow logs): ``internal/service/ec2/``.

The VPC security group rules (``aws_vpc_security_group_*_rule``) are Plugin-Framework resources. Not re-read
from the source index for this table (unverified, see the closing note of issue 17)."""

from __future__ import annotations

from apigwkit.provider_double.checks import Enum, IntInSlice, LenBetween
from apigwkit.provider_double.rules.kinds import Combination, ConflictsWith, Default, Diag, ExactlyOneOf, Type, Value

_DIR = "internal/service/ec2/"
_FLOW_LOG_TARGETS = ("eni_id", "subnet_id", "transit_gateway_attachment_id", "transit_gateway_id", "vpc_id")
_RULE_PEERS = ("cidr_ipv4", "cidr_ipv6", "prefix_list_id", "referenced_security_group_id")

RESOURCES: dict[str, Type] = {
    "aws_vpc": Type(
        _DIR + "vpc_.go",
        (
            Default("enable_dns_support", True),
            Default("instance_tenancy", "default"),
        ),
    ),
    "aws_subnet": Type(
        _DIR + "vpc_subnet.go",
        (
            Default("assign_ipv6_address_on_creation", False),
            Default("enable_dns64", False),
            Default("enable_resource_name_dns_a_record_on_launch", False),
            Default("enable_resource_name_dns_aaaa_record_on_launch", False),
            Default("ipv6_native", False),
            Default("map_public_ip_on_launch", False),
        ),
    ),
    "aws_security_group": Type(
        _DIR + "vpc_security_group.go",
        (
            Default("description", "Managed by Terraform"),
            Value("description", LenBetween(0, 255)),
            Value("name", LenBetween(0, 255)),
            ConflictsWith("name", ("name_prefix",)),
            Value("name_prefix", LenBetween(0, 100)),
            ConflictsWith("name_prefix", ("name",)),
            Default("revoke_rules_on_delete", False),
        ),
    ),
    "aws_default_security_group": Type(
        _DIR + "vpc_default_security_group.go", (Default("revoke_rules_on_delete", False),)
    ),
    "aws_vpc_endpoint": Type(
        _DIR + "vpc_endpoint.go",
        (
            Default("vpc_endpoint_type", "Gateway"),
            Diag("vpc_endpoint_type", Enum("ec2", "VpcEndpointType")),
        ),
    ),
    "aws_flow_log": Type(
        _DIR + "vpc_flow_log.go",
        tuple(ExactlyOneOf(name, _FLOW_LOG_TARGETS) for name in _FLOW_LOG_TARGETS)
        + (
            Default("log_destination_type", "cloud-watch-logs"),
            Diag("log_destination_type", Enum("ec2", "LogDestinationType")),
            Default("max_aggregation_interval", 600),
            Value("max_aggregation_interval", IntInSlice((60, 600))),
            Diag("traffic_type", Enum("ec2", "TrafficType")),
        ),
    ),
    "aws_vpc_security_group_ingress_rule": Type(
        _DIR + "vpc_security_group_ingress_rule.go",
        (Combination("", kind="exactly_one_of", paths=_RULE_PEERS),),
        framework=True,
    ),
    "aws_vpc_security_group_egress_rule": Type(
        _DIR + "vpc_security_group_egress_rule.go",
        (Combination("", kind="exactly_one_of", paths=_RULE_PEERS),),
        framework=True,
    ),
}
