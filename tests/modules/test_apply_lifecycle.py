"""The modules applied as a platform team lives with them: on a new AWS account, changed input by input,
side by side with another instance, destroyed. Every step runs through the real engine against the
provider double's account model, which refuses what AWS refuses."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from apigwkit.engine.workspace import TerraformError, Workspace
from apigwkit.provider_double.account import CONFIGURED_ROLE
from tests.modules.conftest import FUNCTION_ARN, seed_named_functions

MODULES = "../../../modules"
HELLO = FUNCTION_ARN.format("hello")
AUTHZ = FUNCTION_ARN.format("authorizer")


def calls(**modules: tuple[str, dict[str, Any]]) -> dict:
    return {"module": {name: {"source": f"{MODULES}/{source}", **inputs} for name, (source, inputs) in modules.items()}}


@pytest.fixture
def root(fresh_workspace) -> Callable[..., Workspace]:
    """A root module in a fresh account (or a configured one) holding the given module calls."""

    def make(document: dict, preset: str = "fresh") -> Workspace:
        ws = fresh_workspace("tests/fixtures/module_root", account_preset=preset)
        ws.write("main.tf.json", document)
        seed_named_functions(ws, document)
        return ws

    return make


def squash(text: str) -> str:
    return " ".join(text.split())


# --------------------------------------------------------------------------- defect: a new account


REST = {
    "name": "orders",
    "resources": {"/hello": {"methods": {"GET": {"integration": {"function_arn": HELLO}, "public": True}}}},
    "stages": {"prod": {}},
}
WEBSOCKET = {"name": "chat", "routes": {"$connect": {"integration": {"function_arn": HELLO}, "public": True}}}


@pytest.mark.parametrize(
    "source, inputs", [("rest_api", REST), ("websocket_api", WEBSOCKET)], ids=["rest", "websocket"]
)
def test_logging_without_the_account_role_is_refused_at_plan_before_anything_is_created(root, source, inputs):
    ws = root(calls(api=(source, inputs)))
    error = squash(ws.plan_error())
    assert "stages log (access logs; execution logs at ERROR by default) only through the region's API Gateway" in error
    assert "pass its cloudwatch_role_arn output" in error
    assert ws.account.objects("aws_api_gateway_rest_api") == [] and ws.account.objects("aws_apigatewayv2_api") == []


@pytest.mark.parametrize(
    "source, inputs",
    [
        ("rest_api", {**REST, "access_logs": {"enabled": False}, "stages": {"prod": {"logging_level": "OFF"}}}),
        ("websocket_api", {**WEBSOCKET, "access_logs": {"enabled": False}, "stage": {"logging_level": "OFF"}}),
    ],
    ids=["rest", "websocket"],
)
def test_with_logging_off_the_modules_apply_on_a_new_account(root, source, inputs):
    ws = root(calls(api=(source, inputs)))
    ws.apply()
    assert ws.plan().summary() == {"add": 0, "change": 0, "destroy": 0}
    ws.destroy()


def test_account_settings_and_a_logging_api_apply_together_on_a_new_account(root):
    """modules/account_settings in the same root: the role's output orders every logging stage after it."""
    logged = {**REST, "cloudwatch_role_arn": "${module.settings.cloudwatch_role_arn}"}
    ws = root(calls(settings=("account_settings", {}), api=("rest_api", logged)))
    ws.apply()
    order = [c for c in ws.account.calls() if c["type"] in ("aws_api_gateway_account", "aws_api_gateway_stage")]
    assert [c["type"] for c in order] == ["aws_api_gateway_account", "aws_api_gateway_stage"]
    assert ws.plan().summary() == {"add": 0, "change": 0, "destroy": 0}


def test_destroying_an_api_leaves_the_account_settings_it_did_not_create(root):
    ws = root(calls(api=("rest_api", {**REST, "cloudwatch_role_arn": CONFIGURED_ROLE})), preset="configured")
    ws.apply()
    ws.destroy()
    assert ws.account.settings("ap-northeast-2") == {"cloudwatch_role_arn": CONFIGURED_ROLE}


# --------------------------------------------------------------------------- defect: flipping public


FLIPS = {
    "rest method": (
        "rest_api",
        lambda public: {
            **REST,
            "cloudwatch_role_arn": CONFIGURED_ROLE,
            "resources": {
                "/hello": {
                    "methods": {
                        "GET": {"integration": {"function_arn": HELLO}, "public": True}
                        if public
                        else {"integration": {"function_arn": HELLO}, "authorization": {"type": "AWS_IAM"}}
                    }
                }
            },
        },
        "aws_api_gateway_method",
        "authorization",
    ),
    "http route": (
        "http_api",
        lambda public: {
            "name": "hello",
            "routes": {
                "GET /hello": {"integration": {"function_arn": HELLO}, "public": True}
                if public
                else {"integration": {"function_arn": HELLO}, "authorization": {"type": "AWS_IAM"}}
            },
        },
        "aws_apigatewayv2_route",
        "authorization_type",
    ),
    "websocket $connect": (
        "websocket_api",
        lambda public: {
            **WEBSOCKET,
            "cloudwatch_role_arn": CONFIGURED_ROLE,
            "routes": {
                "$connect": {"integration": {"function_arn": HELLO}, "public": True}
                if public
                else {"integration": {"function_arn": HELLO}, "authorization": {"type": "AWS_IAM"}}
            },
        },
        "aws_apigatewayv2_route",
        "authorization_type",
    ),
}


@pytest.mark.parametrize("case", sorted(FLIPS))
def test_flipping_public_either_way_updates_the_one_method_or_route_in_place(root, case):
    source, inputs, type_name, attribute = FLIPS[case]
    ws = root(calls(api=(source, inputs(True))), preset="configured")
    ws.apply()
    (before,) = ws.account.objects(type_name)
    for public, expected in ((False, "AWS_IAM"), (True, "NONE")):
        ws.write("main.tf.json", calls(api=(source, inputs(public))))
        step = ws.plan()
        # the route is its own resource; a REST method is part of the API's one document
        changed_type = "aws_api_gateway_rest_api" if source == "rest_api" else type_name
        changed = [rc for rc in step.of_type(changed_type) if rc.actions != ("no-op",)]
        assert [rc.actions for rc in changed] == [("update",)]
        ws.apply()
        (now,) = ws.account.objects(type_name)  # still one object, the same one
        assert (now["id"], now[attribute]) == (before["id"], expected)


# --------------------------------------------------------------------------- defect: one function, two APIs


SHARED = {
    "rest_api": lambda name: {
        **REST,
        "name": name,
        "cloudwatch_role_arn": CONFIGURED_ROLE,
        "authorizers": {"token": {"type": "TOKEN", "function_arn": AUTHZ}},
        "resources": {
            "/hello": {
                "methods": {
                    "GET": {
                        "integration": {"function_arn": HELLO},
                        "authorization": {"type": "CUSTOM", "authorizer": "token"},
                    }
                }
            }
        },
    },
    "http_api": lambda name: {
        "name": name,
        "authorizers": {
            "token": {"type": "REQUEST", "function_arn": AUTHZ, "identity_sources": ["$request.header.Authorization"]}
        },
        "routes": {
            "GET /hello": {
                "integration": {"function_arn": HELLO},
                "authorization": {"type": "CUSTOM", "authorizer": "token"},
            }
        },
    },
    "websocket_api": lambda name: {
        **WEBSOCKET,
        "name": name,
        "cloudwatch_role_arn": CONFIGURED_ROLE,
        "authorizers": {"token": {"function_arn": AUTHZ, "identity_sources": ["route.request.querystring.token"]}},
        "routes": {
            "$connect": {
                "integration": {"function_arn": HELLO},
                "authorization": {"type": "CUSTOM", "authorizer": "token"},
            }
        },
    },
}


@pytest.mark.parametrize("source", sorted(SHARED))
def test_two_instances_share_one_function_with_a_permission_each(root, source):
    # two environments of one API (named apart: their log groups and tables carry the name) invoking the
    # same route and authorizer functions
    ws = root(
        calls(dev=(source, SHARED[source]("orders-dev")), prod=(source, SHARED[source]("orders-prod"))),
        preset="configured",
    )
    ws.apply()
    permissions = ws.account.objects("aws_lambda_permission")
    by_function: dict[str, list[dict]] = {}
    for p in permissions:
        by_function.setdefault(p["function_name"], []).append(p)
    assert sorted(by_function) == sorted([HELLO, AUTHZ])
    for granted in by_function.values():
        assert len(granted) == 2
        sources = sorted(p["source_arn"] for p in granted)
        apis = sorted(s.split(":")[5].split("/")[0] for s in sources)
        assert apis[0] != apis[1]  # each permission is scoped to its own API
        for p in granted:
            assert p["statement_id"].startswith(f"apigw-{p['source_arn'].split(':')[5].split('/')[0]}-")


def test_statement_ids_of_one_api_still_differ_per_route(root):
    two_routes = {
        "name": "hello",
        "routes": {
            "GET /a": {"integration": {"function_arn": HELLO}, "public": True},
            "GET /b": {"integration": {"function_arn": HELLO}, "public": True},
        },
    }
    ws = root(calls(api=("http_api", two_routes)))
    ws.apply()
    ids = [p["statement_id"] for p in ws.account.objects("aws_lambda_permission")]
    assert len(set(ids)) == 2


def test_the_same_statement_twice_would_be_refused_as_aws_refuses_it(root):
    """What the API id in the statement id prevents (the module's ids before this change hashed only the route)."""
    duplicate = {
        "resource": {
            "aws_lambda_permission": {
                name: {
                    "statement_id": "apigw-5f2b870b2119",
                    "action": "lambda:InvokeFunction",
                    "function_name": HELLO,
                    "principal": "apigateway.amazonaws.com",
                    **({"depends_on": ["aws_lambda_permission.dev"]} if name == "prod" else {}),
                }
                for name in ("dev", "prod")
            }
        }
    }
    ws = root(duplicate)
    with pytest.raises(TerraformError) as refused:
        ws.apply()
    assert "ResourceConflictException: The statement id (apigw-5f2b870b2119) provided already exists" in squash(
        refused.value.output
    )
    assert (
        json.dumps([p["statement_id"] for p in ws.account.objects("aws_lambda_permission")]) == '["apigw-5f2b870b2119"]'
    )


# --------------------------------------------------------------------------- defect: removed endpoints


class AnyFunction:
    """A Lambda runtime for the local gateway: every function answers which resource was called."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    async def invoke(self, ref: str, event: dict[str, Any]) -> Any:
        from types import SimpleNamespace

        self.calls.append(event["resource"])
        body = json.dumps(
            {"resource": event["resource"], "release": (event.get("stageVariables") or {}).get("release")}
        )
        return SimpleNamespace(status="ok", payload={"statusCode": 200, "body": body}, error=None, request_id="r")


def served(ws: Workspace, requests: list[tuple[str, str]], chance: float = 0.99) -> list[tuple[int, dict | str]]:
    """What the local gateway answers for ``requests`` after the workspace's last apply."""
    import asyncio

    from aiohttp import web
    from aiohttp.test_utils import TestClient, TestServer

    from apigwkit.local.rest import RestApi
    from apigwkit.local.state import Deployment

    state = Deployment(ws.state(), ws.dir, ws)
    api = RestApi(state, state.resources_of("aws_api_gateway_rest_api")[0], AnyFunction(), chance=lambda: chance)

    async def main() -> list[tuple[int, dict | str]]:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", api.handle)
        answers = []
        async with TestClient(TestServer(app)) as client:
            for method, path in requests:
                async with client.request(method, path) as response:
                    text = await response.text()
                    try:
                        answers.append((response.status, json.loads(text)))
                    except ValueError:
                        answers.append((response.status, text))
        return answers

    return asyncio.run(main())


def rest(resources: dict, **inputs: Any) -> dict:
    return {**REST, "cloudwatch_role_arn": CONFIGURED_ROLE, "resources": resources, **inputs}


def proxy(release: str | None = None) -> dict:
    return {"integration": {"function_arn": HELLO}, "public": True}


def test_a_removed_rest_method_is_not_served_after_one_apply(root):
    ws = root(
        calls(api=("rest_api", rest({"/hello": {"methods": {"GET": proxy()}}, "/old": {"methods": {"GET": proxy()}}}))),
        preset="configured",
    )
    ws.apply()
    assert [status for status, _ in served(ws, [("GET", "/prod/hello"), ("GET", "/prod/old")])] == [200, 200]

    ws.write("main.tf.json", calls(api=("rest_api", rest({"/hello": {"methods": {"GET": proxy()}}}))))
    ws.apply()
    # the stage's deployment was taken after the import removed /old: neither the API nor the snapshot has it
    (stage,) = ws.account.objects("aws_api_gateway_stage")
    snapshot = ws.account.snapshot("ap-northeast-2", stage["rest_api_id"], stage["deployment_id"])
    assert sorted(r["path"] for r in snapshot["aws_api_gateway_resource"]) == ["/hello"]
    assert sorted(r["path"] for r in ws.account.objects("aws_api_gateway_resource")) == ["/hello"]
    assert served(ws, [("GET", "/prod/hello"), ("GET", "/prod/old")]) == [
        (200, {"resource": "/hello", "release": None}),
        (403, {"message": "Missing Authentication Token"}),
    ]
    assert ws.plan().summary() == {"add": 0, "change": 0, "destroy": 0}
    # the old deployment is gone; only the one the stage serves is left
    assert [d["id"] for d in ws.account.objects("aws_api_gateway_deployment")] == [stage["deployment_id"]]


# --------------------------------------------------------------------------- defect: a canary that is one


def canary_api(release: str) -> dict:
    """One stage with a canary; `release` is what the API answers (a stage variable override shows the canary)."""
    return calls(
        api=(
            "rest_api",
            rest(
                {"/hello": {"methods": {"GET": proxy()}}, f"/{release}": {"methods": {"GET": proxy()}}},
                stages={
                    "prod": {
                        "variables": {"release": "stable"},
                        "canary": {"percent_traffic": 10, "stage_variable_overrides": {"release": "canary"}},
                    }
                },
            ),
        )
    )


def releases(ws: Workspace) -> dict[str, list[str]]:
    """The paths each of the stage's deployments serves: {"stage": [...], "canary": [...]}."""
    (stage,) = ws.account.objects("aws_api_gateway_stage")
    out = {}
    for role, deployment_id in (
        ("stage", stage["deployment_id"]),
        ("canary", (stage["canary_settings"] or [{}])[0].get("deployment_id")),
    ):
        if deployment_id:
            snapshot = ws.account.snapshot("ap-northeast-2", stage["rest_api_id"], deployment_id)
            out[role] = sorted(r["path"] for r in snapshot["aws_api_gateway_resource"])
    return out


def test_a_canary_serves_the_new_release_beside_the_stable_one_until_promoted_or_rolled_back(root):
    ws = root(canary_api("v1"), preset="configured")
    ws.apply()
    assert releases(ws) == {"stage": ["/hello", "/v1"]}  # the first release: nothing to try beside it yet

    # a change: the stage keeps v1, the canary serves v2 to 10% of requests
    ws.write("main.tf.json", canary_api("v2"))
    ws.apply()
    assert releases(ws) == {"stage": ["/hello", "/v1"], "canary": ["/hello", "/v2"]}
    assert ws.plan().summary() == {"add": 0, "change": 0, "destroy": 0}  # the canary stays until decided
    assert served(ws, [("GET", "/prod/v1"), ("GET", "/prod/v2")], chance=0.5) == [
        (200, {"resource": "/v1", "release": "stable"}),
        (403, {"message": "Missing Authentication Token"}),
    ]
    assert served(ws, [("GET", "/prod/v2")], chance=0.05) == [(200, {"resource": "/v2", "release": "canary"})]

    # promote: the stage moves to v2, the canary goes, and the v1 deployment with it
    ws.run(
        "apply",
        "-input=false",
        "-no-color",
        "-auto-approve",
        '-replace=module.api.terraform_data.canary_stable["prod"]',
    )
    assert releases(ws) == {"stage": ["/hello", "/v2"]}
    assert ws.plan().summary() == {"add": 0, "change": 0, "destroy": 0}
    assert len(ws.account.objects("aws_api_gateway_deployment")) == 2  # the stage's and the current one

    # another change, rolled back: the canary goes, the stage stays on v2, and the next plan is empty
    ws.write("main.tf.json", canary_api("v3"))
    ws.apply()
    assert releases(ws) == {"stage": ["/hello", "/v2"], "canary": ["/hello", "/v3"]}
    ws.run(
        "apply",
        "-input=false",
        "-no-color",
        "-auto-approve",
        '-replace=module.api.terraform_data.canary_rejected["prod"]',
    )
    assert releases(ws) == {"stage": ["/hello", "/v2"]}
    assert ws.plan().summary() == {"add": 0, "change": 0, "destroy": 0}
    assert served(ws, [("GET", "/prod/v3")], chance=0.05) == [(403, {"message": "Missing Authentication Token"})]

    # and the next change tries a canary again
    ws.write("main.tf.json", canary_api("v4"))
    ws.apply()
    assert releases(ws) == {"stage": ["/hello", "/v2"], "canary": ["/hello", "/v4"]}


@pytest.mark.parametrize("source", ["http_api", "websocket_api"])
def test_a_removed_route_is_gone_from_the_auto_deployed_stage_after_one_apply(root, source):
    def api(*keys: str) -> dict:
        if source == "http_api":
            return calls(api=(source, {"name": "hello", "routes": {k: proxy() for k in keys}}))
        routes = {"$connect": proxy(), **{k: {"integration": {"function_arn": HELLO}} for k in keys}}
        return calls(api=(source, {**WEBSOCKET, "cloudwatch_role_arn": CONFIGURED_ROLE, "routes": routes}))

    first, second = ("GET /hello", "GET /old") if source == "http_api" else ("hello", "old")
    ws = root(api(first, second), preset="configured")
    ws.apply()
    ws.write("main.tf.json", api(first))
    ws.apply()
    keys = sorted(r["route_key"] for r in ws.account.objects("aws_apigatewayv2_route"))
    assert second not in keys and first in keys
    # the stage deploys the API as it is (API Gateway's auto-deploy), so what the API lacks it does not serve
    assert [s["auto_deploy"] for s in ws.account.objects("aws_apigatewayv2_stage")] == [True]
    assert ws.account.objects("aws_apigatewayv2_deployment") == []
    assert ws.plan().summary() == {"add": 0, "change": 0, "destroy": 0}
