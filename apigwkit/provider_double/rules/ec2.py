"""EC2 networking (VPC, subnets, security groups, endpoints): ``internal/service/ec2/``."""

from __future__ import annotations

from apigwkit.provider_double.rules.kinds import Type

RESOURCES: dict[str, Type] = {}
