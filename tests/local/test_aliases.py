"""The local gateway's Lambda aliases: which published version an invocation of FUNCTION:ALIAS runs, by the alias's
weights, read from the account model at each call (CodeDeploy changes it while the gateway serves)."""

from __future__ import annotations

import pytest

from apigwkit.local.aliases import AliasRouter, choose_version
from apigwkit.provider_double.account import Account

REGION = "ap-northeast-2"
ARN = f"arn:aws:lambda:{REGION}:123456789012:function:hello"


@pytest.mark.parametrize(
    ("weights", "draw", "version"),
    [
        ({}, 0.0, "1"),  # no routing: the alias's version
        ({"2": 0.1}, 0.09, "2"),  # a draw inside the new version's share
        ({"2": 0.1}, 0.1, "1"),  # the share is [0, 0.1)
        ({"2": 0.1, "10": 0.2}, 0.15, "10"),  # versions in numeric order: 2 takes [0, .1), 10 takes [.1, .3)
        ({"2": 0.1, "10": 0.2}, 0.35, "1"),
    ],
)
def test_an_alias_draw_picks_a_version_by_weight(weights, draw, version):
    assert choose_version("1", weights, draw) == version


def test_the_router_reads_the_alias_and_the_published_version_at_each_call():
    account = Account(None)
    for release in ("1", "2"):
        values = {
            "id": "hello", "function_name": "hello", "arn": ARN, "region": REGION, "publish": True,
            "version": "$LATEST", "invoke_arn": f"{ARN}/invocations", "handler": f"hello.release_{release}",
        }  # fmt: skip
        prior = account.objects("aws_lambda_function")
        account.apply("aws_lambda_function", prior[0] if prior else None, lambda attempt, v=values: dict(v))
    alias = {"id": f"{ARN}:live", "name": "live", "function_name": "hello", "function_version": "1", "region": REGION}
    account.seed("aws_lambda_alias", {**alias, "routing_config": []})
    draws = iter([0.05, 0.05, 0.5])
    router = AliasRouter(account, random=lambda: next(draws))
    assert router.resolve(REGION, "hello", "live")[0] == "1"
    account.seed("aws_lambda_alias", {**alias, "routing_config": [{"additional_version_weights": {"2": 0.1}}]})
    version, values = router.resolve(REGION, "hello", "live")
    assert (version, values["handler"]) == ("2", "hello.release_2")  # the version as it was published
    assert router.resolve(REGION, "hello", "live")[0] == "1"
    assert router.resolve(REGION, "hello", "2")[1]["handler"] == "hello.release_2"  # a version by number
    assert router.resolve(REGION, "hello", "$LATEST") is None  # the function as the state has it
    assert router.resolve(REGION, "hello", "nosuch") is None
