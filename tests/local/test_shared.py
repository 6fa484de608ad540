"""What the three local gateways share: token buckets, access-log rendering, policy decisions, SigV4, and the
mechanics of authorizers (Lambda answers cached and timed on the gateway's clock)."""

from __future__ import annotations

import asyncio
import json
import time
from types import SimpleNamespace

import pytest
from gateway_testkit import sigv4_headers

from apigwkit.local.access_log import render_access_log
from apigwkit.local.authorizers import LambdaAuthorizers
from apigwkit.local.iam import SignatureError, policy_verdict, resource_policy_decision, verify_sigv4
from apigwkit.local.throttling import TokenBucket

ARN = "arn:aws:execute-api:ap-northeast-2:123456789012:abc123/prod/GET/hello"


def test_a_token_bucket_allows_the_burst_then_refills_at_the_rate():
    now = [0.0]
    bucket = TokenBucket(rate=2, burst=3, clock=lambda: now[0])
    assert [bucket.take() for _ in range(4)] == [True, True, True, False]
    now[0] = 0.5  # one token back at 2 per second
    assert [bucket.take(), bucket.take()] == [True, False]


def test_lambda_authorizer_answers_are_timed_and_cached_on_the_injected_clock():
    now = [100.0]

    class Runtime:
        calls = 0

        async def invoke(self, uri, event):
            Runtime.calls += 1
            now[0] += 0.25  # the authorizer takes 250 ms of the gateway's clock
            return SimpleNamespace(status="ok", payload={"principalId": event["who"]})

    authorizers = LambdaAuthorizers(Runtime(), clock=lambda: now[0])
    invocation, latency = asyncio.run(authorizers.invoke("uri", {"who": "kim"}))
    assert (invocation.payload, latency, Runtime.calls) == ({"principalId": "kim"}, 250, 1)
    authorizers.remember("a1", ["token-1"], 60, invocation.payload)
    authorizers.remember("a1", ["token-2"], None, {"principalId": "lee"})  # no TTL: not cached
    assert authorizers.cached("a1", ["token-1"], 60) == {"principalId": "kim"}
    assert authorizers.cached("a1", ["token-2"], 60) is None
    assert authorizers.cached("a2", ["token-1"], 60) is None  # another authorizer, another cache entry
    now[0] += 59.0
    assert authorizers.cached("a1", ["token-1"], 60) == {"principalId": "kim"}
    now[0] += 1.0  # the TTL is over on the gateway's clock; no wall-clock time has passed
    assert authorizers.cached("a1", ["token-1"], 60) is None


def test_access_log_formats_keep_json_valid_and_mark_missing_values():
    template = '{"ip":"$context.identity.sourceIp","agent":"$context.identity.userAgent","err":"${context.error}"}'
    line = render_access_log(template, {"identity": {"sourceIp": "127.0.0.1", "userAgent": 'say "hi"'}})
    assert json.loads(line) == {"ip": "127.0.0.1", "agent": 'say "hi"', "err": "-"}
    assert render_access_log("$context.status $context.path", {"status": 200}) == "200 -"


def statement(effect: str, **extra) -> dict:
    return {"Effect": effect, "Principal": "*", "Action": "execute-api:Invoke", "Resource": "*", **extra}


PRIVATE_API_POLICY = {
    "Statement": [
        statement("Allow", Condition={"StringEquals": {"aws:SourceVpce": ["vpce-1"]}}),
        statement("Deny", Condition={"StringNotEquals": {"aws:SourceVpce": ["vpce-1"]}}),
    ]
}


@pytest.mark.parametrize(
    ("policy", "request_keys", "decision"),
    [
        (PRIVATE_API_POLICY, {"aws:SourceVpce": "vpce-1"}, "Allow"),
        (PRIVATE_API_POLICY, {"aws:SourceVpce": "vpce-2"}, "Deny"),
        (PRIVATE_API_POLICY, {"aws:SourceVpce": None}, "Deny"),  # absent key: negated operators match
        ({"Statement": [statement("Allow", Condition={"IpAddress": {"aws:SourceIp": "127.0.0.0/8"}})]},
         {"aws:SourceIp": "127.0.0.1"}, "Allow"),
        ({"Statement": [statement("Allow", Condition={"NotIpAddress": {"aws:SourceIp": ["127.0.0.0/8"]}})]},
         {"aws:SourceIp": "127.0.0.1"}, ""),
        ({"Statement": [statement("Allow", Principal={"AWS": "arn:aws:iam::111122223333:root"})]}, {}, ""),
        ({"Statement": [statement("Allow", Resource=ARN.replace("GET", "POST"))]}, {}, ""),
        ({"Statement": [statement("Allow", Condition={"DateGreaterThan": {"aws:CurrentTime": "2020-01-01"}})]},
         {}, ""),  # an operator the evaluator does not know never lets a request through
    ],
)  # fmt: skip
def test_resource_policy_decisions(policy, request_keys, decision):
    assert resource_policy_decision(policy, ARN, request_keys) == decision


def test_authorizer_policy_verdicts_let_an_explicit_deny_win():
    allow = {"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "arn:aws:execute-api:*:*:abc123/*"}
    deny = {**allow, "Effect": "Deny", "Resource": ARN}
    assert policy_verdict({"policyDocument": {"Statement": [allow]}}, ARN) == "Allow"
    assert policy_verdict({"policyDocument": {"Statement": [allow, deny]}}, ARN) == "Deny"
    assert policy_verdict({"policyDocument": {"Statement": allow}}, ARN.replace("abc123", "other")) == ""


def sign(url: str, body: bytes = b"") -> dict[str, str]:
    headers = sigv4_headers("POST", url, body=body, headers={"content-type": "application/json"})
    return {k.lower(): v for k, v in headers.items()} | {"host": "127.0.0.1:8080"}


def verify(headers: dict[str, str], body: bytes = b'{"a": 1}', query: str = "x=1", **options) -> str:
    return verify_sigv4("POST", "127.0.0.1:8080", "/prod/items", query, headers, body, **options)


def test_sigv4_signatures_made_by_botocore_verify():
    headers = sign("http://127.0.0.1:8080/prod/items?x=1", b'{"a": 1}')
    assert verify(headers) == "testing"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda h: verify(h, body=b'{"a": 2}'), "The request signature we calculated does not match"),
        (lambda h: verify(h, query="x=2"), "The request signature we calculated does not match"),
        (lambda h: verify(h, now=time.time() + 3600), "Signature expired"),
        (lambda h: verify({**h, "authorization": h["authorization"].replace("testing/", "AKIAOTHER/")}),
         "The security token included in the request is invalid."),
        (lambda h: verify({k: v for k, v in h.items() if k != "authorization"}), "Missing Authentication Token"),
    ],
)  # fmt: skip
def test_sigv4_refusals_name_what_aws_answers(change, message):
    headers = sign("http://127.0.0.1:8080/prod/items?x=1", b'{"a": 1}')
    with pytest.raises(SignatureError, match=message):
        change(headers)
