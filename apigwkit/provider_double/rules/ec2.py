"""EC2 networking (VPC, subnets, security groups, endpoints, flow logs): ``internal/service/ec2/``.

Re-read for issue 17b: ``vpc_.go``, ``vpc_subnet.go``, ``vpc_security_group.go`` (with ``validate.go``'s
``validSecurityGroupRuleDescription``), ``internal/verify/validate.go`` (the CIDR checks) and the
``ConfigValidators`` of ``vpc_security_group_rule.go`` (the ingress/egress rules are Plugin-Framework
resources). Re-read for issue 17c: ``vpc_endpoint.go`` (2026), ``vpc_flow_log.go`` (2026; ``regional_nat_gateway_id``
joins the ``ExactlyOneOf``), ``vpc_default_security_group.go`` (2025; the ``ingress``/``egress`` set is the security
group's ``securityGroupRuleSetNestedBlock``, so its rule checks apply). Not reproduced: the endpoint's
``CustomizeDiff`` (ForceNew/ComputedIf only, no refusal).
Not reproduced: the ``self = false`` default inside a security group's ``ingress``/``egress`` objects (those
are attributes in the served schema, where the planner applies no nested default)."""

from __future__ import annotations

from apigwkit.provider_double import golang
from apigwkit.provider_double.checks import (
    ARN,
    All,
    CIDRBlock,
    CIDRNetwork,
    Enum,
    IAMPolicyJSON,
    InSlice,
    IntBetween,
    IntInSlice,
    LenBetween,
    MatchQuoted,
    MaxLenQuoted,
    NotMatch,
    NoZeroValues,
)
from apigwkit.provider_double.rules.kinds import (
    Combination,
    ConflictsWith,
    Default,
    Diag,
    ExactlyOneOf,
    Items,
    RequiredWith,
    Type,
    Value,
)

_DIR = "internal/service/ec2/"
_FLOW_LOG_TARGETS = (
    "eni_id",
    "regional_nat_gateway_id",
    "subnet_id",
    "transit_gateway_attachment_id",
    "transit_gateway_id",
    "vpc_id",
)
_RULE_PEERS = ("cidr_ipv4", "cidr_ipv6", "prefix_list_id", "referenced_security_group_id")
_NOT_SG = NotMatch(r"^sg-", "cannot begin with sg-")
_RULE_DESCRIPTION_CHARS = r"^[A-Za-z0-9 \.\_\-\:\/\(\)\#\,\@\[\]\+\=\&\;\{\}\!\$\*]*$"
# validSecurityGroupRuleDescription
_RULE_DESCRIPTION = All(
    (
        MaxLenQuoted(255),
        MatchQuoted(
            _RULE_DESCRIPTION_CHARS,
            "{key} doesn't comply with restrictions ("
            + golang.quote(_RULE_DESCRIPTION_CHARS).replace("{", "{{").replace("}", "}}")
            + "): {value}",
        ),
    )
)


def _rule_set(name: str) -> tuple:
    return (
        Value(f"{name}{{}}.cidr_blocks[]", CIDRBlock(4)),
        Value(f"{name}{{}}.description", _RULE_DESCRIPTION),
        Value(f"{name}{{}}.ipv6_cidr_blocks[]", CIDRBlock(6)),
    )


RESOURCES: dict[str, Type] = {
    "aws_vpc": Type(
        _DIR + "vpc_.go",
        (
            ConflictsWith("assign_generated_ipv6_cidr_block", ("ipv6_ipam_pool_id",)),
            Value("cidr_block", CIDRNetwork(16, 28)),  # vpcCIDRMinIPv4Netmask, vpcCIDRMaxIPv4Netmask
            ConflictsWith("cidr_block", ("ipv4_netmask_length",)),
            Default("enable_dns_support", True),
            Default("instance_tenancy", "default"),
            Value("instance_tenancy", InSlice(("default", "dedicated"))),
            Value("ipv4_netmask_length", IntBetween(16, 28)),
            ConflictsWith("ipv4_netmask_length", ("cidr_block",)),
            RequiredWith("ipv4_netmask_length", ("ipv4_ipam_pool_id",)),
            Value("ipv6_cidr_block", All((CIDRBlock(6), CIDRNetwork(56, 56)))),
            ConflictsWith("ipv6_cidr_block", ("ipv6_netmask_length", "assign_generated_ipv6_cidr_block")),
            RequiredWith("ipv6_cidr_block", ("ipv6_ipam_pool_id",)),
            RequiredWith("ipv6_cidr_block_network_border_group", ("assign_generated_ipv6_cidr_block",)),
            ConflictsWith("ipv6_ipam_pool_id", ("assign_generated_ipv6_cidr_block",)),
            Value("ipv6_netmask_length", IntInSlice((56,))),
            ConflictsWith("ipv6_netmask_length", ("ipv6_cidr_block",)),
            RequiredWith("ipv6_netmask_length", ("ipv6_ipam_pool_id",)),
        ),
        floats=(),
    ),
    "aws_subnet": Type(
        _DIR + "vpc_subnet.go",
        (
            Default("assign_ipv6_address_on_creation", False),
            ConflictsWith("availability_zone", ("availability_zone_id",)),
            ConflictsWith("availability_zone_id", ("availability_zone",)),
            Value("cidr_block", CIDRBlock(4)),
            RequiredWith("customer_owned_ipv4_pool", ("map_customer_owned_ip_on_launch", "outpost_arn")),
            Default("enable_dns64", False),
            Value("enable_lni_at_device_index", NoZeroValues()),
            Default("enable_resource_name_dns_a_record_on_launch", False),
            Default("enable_resource_name_dns_aaaa_record_on_launch", False),
            Value("ipv6_cidr_block", CIDRBlock(6)),
            Default("ipv6_native", False),
            RequiredWith("map_customer_owned_ip_on_launch", ("customer_owned_ipv4_pool", "outpost_arn")),
            Default("map_public_ip_on_launch", False),
            Value("outpost_arn", ARN()),
            Diag("private_dns_hostname_type_on_launch", Enum("ec2", "HostnameType")),
        ),
        floats=(),
    ),
    "aws_security_group": Type(
        _DIR + "vpc_security_group.go",
        (
            Default("description", "Managed by Terraform"),
            Value("description", LenBetween(0, 255)),
            *_rule_set("egress"),
            *_rule_set("ingress"),
            Value("name", All((LenBetween(0, 255), _NOT_SG))),
            ConflictsWith("name", ("name_prefix",)),
            Value("name_prefix", All((LenBetween(0, 229), _NOT_SG))),  # 255 - id.UniqueIDSuffixLength
            ConflictsWith("name_prefix", ("name",)),
            Default("revoke_rules_on_delete", False),
        ),
        floats=(),
    ),
    "aws_default_security_group": Type(
        _DIR + "vpc_default_security_group.go",
        (*_rule_set("egress"), *_rule_set("ingress"), Default("revoke_rules_on_delete", False)),
        floats=(),
    ),
    "aws_vpc_endpoint": Type(
        _DIR + "vpc_endpoint.go",
        (
            Diag("dns_options[].dns_record_ip_type", Enum("ec2", "DnsRecordIpType")),
            Value(
                "dns_options[].private_dns_preference",
                InSlice(
                    (
                        "ALL_DOMAINS",
                        "VERIFIED_DOMAINS_ONLY",
                        "VERIFIED_DOMAINS_AND_SPECIFIED_DOMAINS",
                        "SPECIFIED_DOMAINS_ONLY",
                    )
                ),
            ),
            Items("dns_options[].private_dns_specified_domains", max=10, min=1),
            Diag("ip_address_type", Enum("ec2", "IpAddressType")),
            Value("policy", IAMPolicyJSON()),  # sdkv2.IAMPolicyDocumentSchemaOptionalComputed
            Value("resource_configuration_arn", ARN()),
            ConflictsWith("resource_configuration_arn", ("service_name", "service_network_arn")),
            ConflictsWith("service_name", ("resource_configuration_arn", "service_network_arn")),
            Value("service_network_arn", ARN()),
            ConflictsWith("service_network_arn", ("service_name", "resource_configuration_arn")),
            Default("vpc_endpoint_type", "Gateway"),
            Diag("vpc_endpoint_type", Enum("ec2", "VpcEndpointType")),
        ),
        floats=(),
    ),
    "aws_flow_log": Type(
        _DIR + "vpc_flow_log.go",
        (
            Value("deliver_cross_account_role", ARN()),
            Default("destination_options[].file_format", "plain-text"),
            Diag("destination_options[].file_format", Enum("ec2", "DestinationFileFormat")),
            Default("destination_options[].hive_compatible_partitions", False),
            Default("destination_options[].per_hour_partition", False),
            Value("iam_role_arn", ARN()),
            Value("log_destination", ARN()),
            Default("log_destination_type", "cloud-watch-logs"),
            Diag("log_destination_type", Enum("ec2", "LogDestinationType")),
            Default("max_aggregation_interval", 600),
            Value("max_aggregation_interval", IntInSlice((60, 600))),
            Diag("traffic_type", Enum("ec2", "TrafficType")),
            *(ExactlyOneOf(name, _FLOW_LOG_TARGETS) for name in _FLOW_LOG_TARGETS),
        ),
        floats=(),
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
