"""modules/vpc_link: a v1 link to NLBs for REST APIs, a v2 link in subnets for HTTP APIs and REST APIs, and the
inputs it refuses."""

from __future__ import annotations

import re

import pytest

SOURCE = "../../../modules/vpc_link"
M = "module.under_test"
NLB = "arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:loadbalancer/net/orders-nlb/50dc6c495c0c9188"
ALB = "arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:loadbalancer/app/orders-alb/50dc6c495c0c9188"
SUBNETS = ["subnet-0a1b2c3d4e5f60718", "subnet-0f1e2d3c4b5a69788"]
SG = "sg-0123456789abcdef0"


def test_rest_link_is_a_v1_link_to_the_nlbs(plan_module):
    p = plan_module(
        SOURCE,
        {"name": "orders", "api_type": "REST", "nlb_arns": [NLB], "description": "to orders"},
        outputs=["id", "version"],
    )
    link = p[f"{M}.aws_api_gateway_vpc_link.this[0]"]
    assert link.value("target_arns") == [NLB]
    assert (link.value("name"), link.value("description")) == ("orders", "to orders")
    assert not p.of_type("aws_apigatewayv2_vpc_link")
    assert p.output_unknown("id")
    assert p.outputs["version"] == "v1"


def test_http_link_is_a_v2_link_in_the_subnets_behind_the_security_groups(apply_module):
    outputs, res = apply_module(
        SOURCE,
        {"name": "orders", "api_type": "HTTP", "subnet_ids": SUBNETS, "security_group_ids": [SG]},
        outputs=["id", "arn", "version"],
    )
    link = res[f"{M}.aws_apigatewayv2_vpc_link.this[0]"]
    assert sorted(link["subnet_ids"]) == sorted(SUBNETS)
    assert link["security_group_ids"] == [SG]
    assert f"{M}.aws_api_gateway_vpc_link.this[0]" not in res
    assert outputs["id"] == link["id"]
    assert re.fullmatch(rf"arn:aws:apigateway:ap-northeast-2::/vpclinks/{outputs['id']}", outputs["arn"])
    assert outputs["version"] == "v2"


def test_rest_link_with_subnets_is_a_v2_link_that_reaches_an_alb(plan_module):
    p = plan_module(
        SOURCE,
        {"name": "orders", "api_type": "REST", "subnet_ids": SUBNETS, "security_group_ids": [SG]},
        outputs=["version"],
    )
    link = p[f"{M}.aws_apigatewayv2_vpc_link.this[0]"]
    assert sorted(link.value("subnet_ids")) == sorted(SUBNETS)
    assert not p.of_type("aws_api_gateway_vpc_link")
    assert p.outputs["version"] == "v2"


# --------------------------------------------------------------------------- refusals

BAD_INPUTS = {
    "rest link without nlb arns or subnets": (
        {"api_type": "REST"},
        r"A REST VPC link needs either nlb_arns \(a VPC link v1 to Network Load Balancers\) or subnet_ids",
    ),
    "http link without subnets": (
        {"api_type": "HTTP", "security_group_ids": [SG]},
        r"An HTTP VPC link \(v2\) needs subnets for its network interfaces: set subnet_ids",
    ),
    "rest link given nlb arns and subnets": (
        {"api_type": "REST", "nlb_arns": [NLB], "subnet_ids": SUBNETS},
        r"nlb_arns belong to REST VPC links v1; a VPC link v2 \(subnet_ids\)",
    ),
    "rest v1 link given security groups": (
        {"api_type": "REST", "nlb_arns": [NLB], "security_group_ids": [SG]},
        r"security_group_ids belong to VPC links v2",
    ),
    "http link given nlb arns": (
        {"api_type": "HTTP", "subnet_ids": SUBNETS, "nlb_arns": [NLB]},
        r"nlb_arns belong to REST VPC links v1",
    ),
    "rest link to an application load balancer": (
        {"api_type": "REST", "nlb_arns": [ALB]},
        r"nlb_arns: every entry must be a Network Load Balancer ARN .* VPC links v1 cannot target an ALB",
    ),
    "unknown api type": ({"api_type": "WEBSOCKET", "subnet_ids": SUBNETS}, r"api_type must be \"REST\""),
    "subnet given by name": (
        {"api_type": "HTTP", "subnet_ids": ["private-a"]},
        r"subnet_ids: every entry must be a subnet ID",
    ),
    "security group given by name": (
        {"api_type": "HTTP", "subnet_ids": SUBNETS, "security_group_ids": ["default"]},
        r"security_group_ids: every entry must be a security group ID",
    ),
    "name too long": ({"name": "x" * 129, "api_type": "HTTP", "subnet_ids": SUBNETS}, r"name must be 1 to 128"),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_fails_at_plan_with_a_message_naming_the_rule(bad_input_report, case):
    inputs = {name: {"name": "orders", **given} for name, (given, _) in BAD_INPUTS.items()}
    bad_input_report.assert_refused(SOURCE, inputs, case, BAD_INPUTS[case][1])
