"""apigwkit.vtl.render: every API Gateway mapping-template variable and function, with exact expected output."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from apigwkit.vtl import InvalidJsonError, MappingTemplateError, UnsupportedFunctionError, render

BODY = json.dumps(
    {
        "a": 1,
        "b": {"c": "deep", "n": None, "t": True},
        "items": [10, 20, {"k": "v"}],
        "name with space": "spaced",
        "text": 'say "hi"\nbye/é',
        "ratio": 2.5,
        "whole": 2.0,
        "big": 1e20,
        "f": False,
    }
)

CONTEXT: dict[str, Any] = {
    "identity": {"sourceIp": "203.0.113.10", "userAgent": "curl/8.5.0"},
    "resourcePath": "/sum",
    "requestTime": "24/Nov/2026:10:15:30 +0000",
    "stage": "prod",
    "requestId": "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
    "httpMethod": "POST",
    "authorizer": {
        "claims": {"sub": "7d8e9f00-aaaa-bbbb-cccc-123456789012", "email": "kim@example.com"},
        "principalId": "user-1",
        "numKey": 1,
        "boolKey": True,
    },
}

PARAMS = {
    "path": {"id": "from-path"},
    "querystring": {"id": "from-query", "debug": "1", "q": "a b"},
    "header": {"id": "from-header", "Content-Type": "application/json"},
}


def r(template: str, body: str | None = BODY, **kwargs: Any) -> str:
    kwargs.setdefault("params", PARAMS)
    kwargs.setdefault("context", CONTEXT)
    kwargs.setdefault("stage_variables", {"backend": "blue", "region-name": "ap-northeast-2"})
    return render(template, body=body, **kwargs)


# --- $input.body ----------------------------------------------------------------------------------------------


def test_input_body_is_the_raw_payload() -> None:
    assert r("$input.body", body='{"a": 1,  "b":2}') == '{"a": 1,  "b":2}'
    assert r("$input.body", body="<xml/>") == "<xml/>"


@pytest.mark.parametrize("empty", ["", None])
def test_an_empty_body_reads_as_an_empty_json_object(empty: str | None) -> None:
    assert r("$input.body", body=empty) == "{}"
    assert r("$input.json('$')", body=empty) == "{}"


def test_a_body_that_is_not_json_only_fails_when_a_template_parses_it() -> None:
    assert r("[$input.body]", body="a=1&b=2") == "[a=1&b=2]"
    with pytest.raises(InvalidJsonError, match="the payload is not valid JSON"):
        r("$input.json('$.a')", body="a=1&b=2")
    with pytest.raises(InvalidJsonError, match="the payload is not valid JSON"):
        r("$input.path('$.a')", body="{'a': 1}")  # single quotes: not JSON
    with pytest.raises(InvalidJsonError, match="NaN is not JSON"):
        r("$input.json('$')", body='{"a": NaN}')


# --- $input.json and JSONPath -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (
            "$",
            '{"a":1,"b":{"c":"deep","n":null,"t":true},"items":[10,20,{"k":"v"}],"name with space":"spaced",'
            '"text":"say \\"hi\\"\\nbye/é","ratio":2.5,"whole":2.0,"big":1e+20,"f":false}',
        ),
        ("$.a", "1"),
        ("$.b", '{"c":"deep","n":null,"t":true}'),
        ("$.b.c", '"deep"'),
        ("$.b.n", "null"),
        ("$.b.t", "true"),
        ("$['a']", "1"),
        ('$["name with space"]', '"spaced"'),
        ("$['b']['c']", '"deep"'),
        ("$.items", '[10,20,{"k":"v"}]'),
        ("$.items[0]", "10"),
        ("$.items[-1].k", '"v"'),
        ("$.text", '"say \\"hi\\"\\nbye/é"'),
        ("$.ratio", "2.5"),
        ("$.f", "false"),
    ],
)
def test_input_json_returns_the_selected_value_as_json(path: str, expected: str) -> None:
    quoted = f'"{path}"' if "'" in path else f"'{path}'"
    assert r(f"$input.json({quoted})") == expected


@pytest.mark.parametrize("path", ["$.missing", "$.a.b", "$.items[3]", "$.items[-4]", "$.b.c.d", "$.items.k"])
def test_input_json_of_a_path_that_selects_nothing_is_an_empty_json_string(path: str) -> None:
    assert r(f"$input.json('{path}')") == '""'


def test_input_json_output_is_valid_json_for_strings_with_quotes_and_newlines() -> None:
    rendered = r("{\"text\": $input.json('$.text'), \"b\": $input.json('$.b')}")

    assert json.loads(rendered) == {"text": 'say "hi"\nbye/é', "b": {"c": "deep", "n": None, "t": True}}


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("$..a", "uses a deep scan '..'"),
        ("$.items[*]", "uses a wildcard '*'"),
        ("$.*", "uses a wildcard '*'"),
        ("$.items[?(@.k)]", "uses a filter"),
        ("$.items[0:2]", "uses a slice"),
        ("$.items[0,1]", "uses a union"),
        ("a.b", "must start with '$'"),
        ("$a", "cannot read 'a' at offset 1"),
    ],
)
def test_a_jsonpath_beyond_definite_paths_is_refused(path: str, message: str) -> None:
    with pytest.raises(MappingTemplateError, match=re.escape(message)):
        r(f"$input.json('{path}')")


# --- $input.path: objects inside the template ----------------------------------------------------------------------


def test_input_path_gives_an_object_the_template_can_navigate() -> None:
    assert r("$input.path('$').b.c") == "deep"
    assert r("$input.path('$.items').size()") == "3"
    assert r("$input.path('$.items').get(1)") == "20"
    assert r("$input.path('$.items')[2].k") == "v"
    assert r("$input.path('$.b').containsKey('c') $input.path('$.b').keySet()") == 'true ["c","n","t"]'
    assert r("#foreach($key in $input.path('$.b').keySet())$key;#end") == "c;n;t;"


def test_objects_print_java_style_and_arrays_print_as_json() -> None:
    # API Gateway prints a LinkedHashMap: {k=v}, strings unquoted, which is why templates use $input.json for JSON
    assert r("$input.path('$.b')") == "{c=deep, n=null, t=true}"
    assert r("$input.path('$.items')") == '[10,20,{"k":"v"}]'
    assert r("$input.path('$').items[2]") == "{k=v}"


def test_scalars_print_as_api_gateway_prints_them() -> None:
    assert r("$input.path('$.b.t') $input.path('$.f')") == "true false"
    assert r("[$input.path('$.b.n')]") == "[]"  # JSON null prints nothing
    assert r("$input.path('$.ratio') $input.path('$.whole') $input.path('$.big')") == "2.5 2.0 1.0E20"
    assert r("$input.path('$.text')") == 'say "hi"\nbye/é'


def test_input_path_of_a_path_that_selects_nothing_prints_nothing() -> None:
    assert r("[$input.path('$.missing')][$input.path('$.items[9]')]") == "[][]"


def test_an_undefined_value_is_true_in_an_if_so_presence_needs_a_string_check() -> None:
    # API Gateway's Velocity (recorded by airspeed-ext's AWS tests) treats #if(<null>) as true.
    assert r("#if($input.path('$.missing'))T#{else}F#end") == "T"
    assert r('#if("$!input.path(\'$.missing\')" == "")absent#{else}present#end') == "absent"
    assert r('#if("$!input.path(\'$.a\')" == "")absent#{else}present#end') == "present"


# --- $input.params ------------------------------------------------------------------------------------------------


def test_input_params_without_a_name_is_the_map_of_all_parameters() -> None:
    assert r("$input.params()") == (
        "{path={id=from-path}, querystring={id=from-query, debug=1, q=a b}, "
        "header={id=from-header, Content-Type=application/json}}"
    )
    assert r("$input.params().querystring.debug $input.params().header.get('Content-Type')") == "1 application/json"
    assert r("#foreach($location in $input.params().keySet())$location,#end") == "path,querystring,header,"


def test_input_params_with_a_name_searches_path_then_query_string_then_header() -> None:
    assert r("$input.params('id')") == "from-path"
    assert r("$input.params('id')", params={**PARAMS, "path": {}}) == "from-query"
    assert r("$input.params('id')", params={"header": {"id": "from-header"}}) == "from-header"


def test_input_params_finds_headers_case_insensitively_and_missing_ones_are_empty() -> None:
    assert r("$input.params('content-type')") == "application/json"
    assert r("[$input.params('nope')]") == "[]"
    assert r("$input.params('nope').length()") == "0"  # an empty string, not null


def test_params_with_an_unknown_location_or_a_non_string_value_are_refused() -> None:
    with pytest.raises(ValueError, match=r"unknown locations \['query'\]"):
        render("x", params={"query": {"a": "1"}})
    with pytest.raises(TypeError, match=r"params\['querystring'\]\['a'\] must be a string"):
        render("x", params={"querystring": {"a": 1}})  # type: ignore[dict-item]


# --- $util --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("plain", "plain"),
        ("it's", "it\\'s"),
        ('say "hi"', 'say \\"hi\\"'),
        ("back\\slash", "back\\\\slash"),
        ("a/b", "a\\/b"),
        ("line1\nline2\r\ttab\b\f", "line1\\nline2\\r\\ttab\\b\\f"),
        ("\x00\x1f\x7f", "\\u0000\\u001F\x7f"),
        ("é한", "\\u00E9\\uD55C"),
        ("😀", "\\uD83D\\uDE00"),
    ],
)
def test_util_escape_javascript_follows_javascript_string_rules(value: str, expected: str) -> None:
    assert r("$util.escapeJavaScript($input.path('$.v'))", body=json.dumps({"v": value})) == expected


def test_util_escape_javascript_output_is_json_only_after_unescaping_single_quotes() -> None:
    body = json.dumps({"v": 'it\'s "quoted"\n/é'})
    raw = r('{"v": "$util.escapeJavaScript($input.path(\'$.v\'))"}', body=body)
    fixed = r('{"v": "$util.escapeJavaScript($input.path(\'$.v\')).replaceAll("\\\\\'","\'")"}', body=body)

    with pytest.raises(json.JSONDecodeError):
        json.loads(raw)  # \' is not a JSON escape: AWS's documented pitfall
    assert json.loads(fixed) == {"v": 'it\'s "quoted"\n/é'}


def test_util_functions_of_a_missing_value_print_nothing() -> None:
    assert r("[$util.escapeJavaScript($input.path('$.missing'))][$util.urlEncode($nothing)]") == "[][]"


def test_util_parse_json_gives_an_object_whose_values_print_as_api_gateway_prints_them() -> None:
    template = (
        "#set($o = $util.parseJson($input.body))"
        "$o.a|$o.b.c|$o.b.t|$o.f|[$o.b.n]|[$o.missing]|$o.b|$o.items|$o.items[0]|$o.whole"
    )
    assert r(template) == '1|deep|true|false|[]|[]|{c=deep, n=null, t=true}|[10,20,{"k":"v"}]|10|2.0'


def test_util_parse_json_of_a_nested_json_string_follows_the_aws_example() -> None:
    body = json.dumps({"errorMessage": json.dumps({"key1": "var1", "key2": {"arr": [1, 2, 3]}})})
    template = (
        "#set ($errorMessageObj = $util.parseJson($input.path('$.errorMessage')))\n"
        '{\n   "errorMessageObjKey2ArrVal" : $errorMessageObj.key2.arr[0]\n}\n'
    )
    assert json.loads(r(template, body=body)) == {"errorMessageObjKey2ArrVal": 1}


def test_util_parse_json_of_something_that_is_not_a_json_string_is_an_error() -> None:
    with pytest.raises(InvalidJsonError, match="the \\$util.parseJson argument is not valid JSON"):
        r("$util.parseJson('{not json')")
    with pytest.raises(InvalidJsonError, match="needs a JSON string, found null"):
        r("$util.parseJson($input.path('$.missing'))")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("a b", "a+b"),
        ("a+b&c=d/e?f", "a%2Bb%26c%3Dd%2Fe%3Ff"),
        ("keep.-*_", "keep.-*_"),
        ("~", "%7E"),
        ("é한", "%C3%A9%ED%95%9C"),
    ],
)
def test_util_url_encode_produces_form_urlencoded_text(value: str, expected: str) -> None:
    assert r("$util.urlEncode($input.path('$.v'))", body=json.dumps({"v": value})) == expected


def test_util_url_decode_reverses_url_encode_and_refuses_broken_escapes() -> None:
    assert r("$util.urlDecode('a+b%2Bc%C3%A9%7E')") == "a b+cé~"
    assert r("$util.urlDecode($util.urlEncode($input.path('$.text')))") == 'say "hi"\nbye/é'
    with pytest.raises(MappingTemplateError, match="incomplete %-escape at offset 1"):
        r("$util.urlDecode('a%2')")


def test_util_base64_encodes_and_decodes_utf8() -> None:
    assert r("$util.base64Encode('hello, 세계')") == "aGVsbG8sIOyEuOqzhA=="
    assert r("$util.base64Decode('aGVsbG8sIOyEuOqzhA==')") == "hello, 세계"
    assert r("$util.base64Decode($util.base64Encode($input.body))") == BODY
    with pytest.raises(MappingTemplateError, match="not base64"):
        r("$util.base64Decode('***')")


def test_util_to_json_is_refused_because_api_gateway_does_not_have_it() -> None:
    with pytest.raises(UnsupportedFunctionError) as raised:
        r("$util.toJson($input.path('$'))")

    assert str(raised.value) == (
        "$util.toJson is not an API Gateway mapping template function (toJson is an AppSync resolver utility); "
        "API Gateway provides escapeJavaScript, parseJson, urlEncode, urlDecode, base64Encode, base64Decode"
    )


def test_an_unknown_input_member_is_refused() -> None:
    with pytest.raises(UnsupportedFunctionError, match=r"\$input.headers does not exist in API Gateway"):
        r("$input.headers")


# --- $context and $stageVariables -----------------------------------------------------------------------------------


def test_context_variables_print_the_request_context() -> None:
    template = (
        "$context.identity.sourceIp|$context.resourcePath|$context.requestTime|$context.stage|"
        "$context.requestId|$context.httpMethod|$context.identity.userAgent"
    )
    assert r(template) == (
        "203.0.113.10|/sum|24/Nov/2026:10:15:30 +0000|prod|c6af9ac6-7b61-11e6-9a41-93e8deadbeef|POST|curl/8.5.0"
    )


def test_cognito_claims_are_readable_but_the_claims_map_itself_prints_nothing() -> None:
    assert r("$context.authorizer.claims.sub|$context.authorizer.claims.email|[$context.authorizer.claims]") == (
        "7d8e9f00-aaaa-bbbb-cccc-123456789012|kim@example.com|[]"
    )


def test_lambda_authorizer_context_values_are_stringified() -> None:
    assert r("$context.authorizer.principalId|$context.authorizer.numKey|$context.authorizer.boolKey") == (
        "user-1|1|true"
    )
    assert r('#if($context.authorizer.numKey == "1")string#end') == "string"


def test_missing_context_variables_print_nothing() -> None:
    assert r("[$context.identity.apiKey][$context.nope.deeper][$!context.extendedRequestId]") == "[][][]"


def test_response_overrides_can_be_set_without_failing() -> None:
    template = (
        "#set($context.responseOverride.status = 400)"
        "#set($context.responseOverride.header.X-Reason = 'bad')"
        "$context.responseOverride.status $context.responseOverride.header.X-Reason"
    )
    assert r(template) == "400 bad"


def test_stage_variables_are_readable_in_all_three_documented_forms() -> None:
    assert r("$stageVariables.backend ${stageVariables['backend']} $stageVariables['region-name']") == (
        "blue blue ap-northeast-2"
    )
    assert r("[$stageVariables.missing]") == "[]"


def test_stage_variables_must_be_strings() -> None:
    with pytest.raises(TypeError, match="stage variable 'ttl' must be a string"):
        render("x", stage_variables={"ttl": 300})  # type: ignore[dict-item]


# --- the template itself ------------------------------------------------------------------------------------------


def test_missing_references_render_empty_and_literals_keep_their_text() -> None:
    assert r("[$nothing][$!nothing][${nothing}][$nothing.deeper.still]") == "[][][][]"
    assert r("#set($x = true)$x #set($y = 'a\\nb')$y") == "true a\\nb"  # no escapes in single-quoted literals


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("#set($x = )", "expected expression in assignment"),
        ("#if($a) never closed", "expected #else, #elseif or #end"),
        ("${unclosed", "expected } in formal reference"),
    ],
)
def test_a_template_syntax_error_is_reported_with_its_position(template: str, message: str) -> None:
    with pytest.raises(MappingTemplateError, match=f"template syntax error: line 1, column \\d+: {message}"):
        r(template)


def test_a_template_over_300_kb_is_refused() -> None:
    assert r("x" * (300 * 1024)) == "x" * (300 * 1024)
    with pytest.raises(MappingTemplateError, match="template is 307201 bytes; API Gateway allows at most 307200"):
        r("x" * (300 * 1024 + 1))
