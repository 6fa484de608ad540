"""``$input``, ``$util``, ``$context`` and ``$stageVariables`` as API Gateway defines them for mapping templates.

Reference: "Variables for data transformations for API Gateway" (the mapping template and access logging variable
reference). Behaviours the reference does not state are marked *observed* with where the fact comes from.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Mapping
from typing import Any, Final, NoReturn

from apigwkit.vtl import jsonpath
from apigwkit.vtl.errors import InvalidJsonError, MappingTemplateError, UnsupportedFunctionError
from apigwkit.vtl.values import JavaMap, NullPrintingMap, java_string, to_json, to_vtl

__all__ = ["PARAMETER_LOCATIONS", "Input", "Util", "build_context", "build_stage_variables"]

# $input.params() keys, and the order $input.params(name) searches them in (AWS: "path, query string, or header
# value (in that order)").
PARAMETER_LOCATIONS: Final = ("path", "querystring", "header")

UTIL_FUNCTIONS: Final = ("escapeJavaScript", "parseJson", "urlEncode", "urlDecode", "base64Encode", "base64Decode")


def _parse_json(text: str, what: str) -> Any:
    def refuse_constant(name: str) -> NoReturn:
        raise ValueError(f"{name} is not JSON")

    try:
        return json.loads(text, parse_constant=refuse_constant)
    except ValueError as err:  # JSONDecodeError is a ValueError
        raise InvalidJsonError(f"{what} is not valid JSON: {err}") from err


class Input:
    """``$input``: the payload (request body, or the integration's response body) and the request's parameters."""

    def __init__(self, body: str | None, params: Mapping[str, Mapping[str, str]] | None) -> None:
        if body is not None and not isinstance(body, str):
            raise TypeError(f"body must be a str (the raw payload) or None, found {type(body).__name__}")
        self._raw = body or ""
        self._document: Any = jsonpath.MISSING  # parsed lazily: a template that never asks must not fail on XML
        self._params = _normalise_params(params)

    # AWS: "$input.body — Returns the raw payload as a string."
    # Observed (localstack's AWS-validated tests, PR #12413): an empty payload reads as "{}", whatever the
    # content type, so $util.parseJson($input.body) works on an empty body.
    @property
    def body(self) -> str:
        return self._raw if self._raw else "{}"

    def _json_document(self) -> Any:
        if self._document is jsonpath.MISSING:
            self._document = _parse_json(self.body, "the payload")
        return self._document

    def _select(self, path: str) -> Any:
        try:
            return jsonpath.evaluate(self._json_document(), path)
        except jsonpath.JsonPathError as err:
            raise MappingTemplateError(str(err)) from err

    # AWS: "$input.json(x) — evaluates a JSONPath expression and returns the results as a JSON string."
    # Observed (reported by users, not in the reference): a path that selects nothing gives "" (an empty JSON string,
    # two quote characters), so `"a": $input.json('$.a')` stays valid JSON but turns a missing number into a string.
    def json(self, path: str = "$") -> str:
        value = self._select(path)
        if value is jsonpath.MISSING:
            return '""'
        return to_json(value)

    # AWS: "$input.path(x) — Takes a JSONPath expression string (x) and returns an object representation of the
    # result", e.g. $input.path('$.pets').size(). A path that selects nothing (or JSON null) is null: it prints
    # nothing.
    def path(self, path: str) -> Any:
        value = self._select(path)
        return None if value is jsonpath.MISSING else to_vtl(value)

    # AWS: "$input.params() — Returns a map of all the request parameters"; "$input.params(x) — Returns the value of a
    # method request parameter from the path, query string, or header value (in that order)". A name found nowhere
    # gives the empty string.
    def params(self, name: str | None = None) -> Any:
        if name is None:
            return JavaMap({location: dict(self._params[location]) for location in PARAMETER_LOCATIONS})
        name = java_string(name)
        for location in PARAMETER_LOCATIONS:
            values = self._params[location]
            if name in values:
                return values[name]
        # HTTP header names are case-insensitive; API Gateway keeps the client's spelling in the header map.
        for header, value in self._params["header"].items():
            if header.lower() == name.lower():
                return value
        return ""

    def __getattr__(self, name: str) -> NoReturn:
        if name.startswith("_"):
            raise AttributeError(name)
        raise UnsupportedFunctionError(
            f"$input.{name} does not exist in API Gateway; $input has body, json(path), path(path) and params()"
        )


class Util:
    """``$util``: the six functions API Gateway provides. Anything else is refused, not silently printed as empty."""

    # AWS: "Escapes the characters in a string using JavaScript string rules. This function will turn any regular
    # single quotes (') into escaped ones (\'). However, the escaped single quotes are not valid in JSON", hence the
    # documented idiom $util.escapeJavaScript(x).replaceAll("\\'","'").
    # The rules are Apache Commons Lang 2 StringEscapeUtils.escapeJavaScript: backslash, " ' and / get a backslash;
    # \b \f \n \r \t by name; other control characters and every UTF-16 unit above U+007F as \uXXXX (upper case).
    def escapeJavaScript(self, value: Any) -> str | None:  # noqa: N802 (API Gateway name)
        if value is None:
            return None
        return _escape_javascript(java_string(value))

    # AWS: "Takes "stringified" JSON and returns an object representation of the result."
    def parseJson(self, text: Any) -> Any:  # noqa: N802 (API Gateway name)
        if not isinstance(text, str):
            raise InvalidJsonError(
                f"$util.parseJson needs a JSON string, found {'null' if text is None else type(text).__name__}"
            )
        return to_vtl(_parse_json(text, "the $util.parseJson argument"))

    # AWS: 'Converts a string into "application/x-www-form-urlencoded" format.' (java.net.URLEncoder, UTF-8:
    # letters, digits and . - * _ stay, a space becomes +, everything else %XX upper case)
    def urlEncode(self, value: Any) -> str | None:  # noqa: N802 (API Gateway name)
        if value is None:
            return None
        return "".join(_url_encode_byte(byte) for byte in java_string(value).encode("utf-8"))

    # AWS: 'Decodes an "application/x-www-form-urlencoded" string.' (java.net.URLDecoder: + is a space; a malformed
    # %-escape is an error)
    def urlDecode(self, value: Any) -> str | None:  # noqa: N802 (API Gateway name)
        if value is None:
            return None
        text = java_string(value)
        if bad := re.search(r"%(?![0-9A-Fa-f]{2})", text):
            escape = text[bad.start() : bad.start() + 3]
            raise MappingTemplateError(f"$util.urlDecode: incomplete %-escape at offset {bad.start()} in {escape!r}")
        return _url_decode(text)

    # AWS: "Encodes the data into a base64-encoded string." (standard alphabet, padded, of the UTF-8 bytes)
    def base64Encode(self, value: Any) -> str | None:  # noqa: N802 (API Gateway name)
        if value is None:
            return None
        return base64.b64encode(java_string(value).encode("utf-8")).decode("ascii")

    # AWS: "Decodes the data from a base64-encoded string." (bytes read as UTF-8; invalid sequences become U+FFFD, as
    # Java's new String(bytes, UTF_8) does)
    def base64Decode(self, value: Any) -> str | None:  # noqa: N802 (API Gateway name)
        if value is None:
            return None
        try:
            raw = base64.b64decode(java_string(value), validate=True)
        except (binascii.Error, ValueError) as err:
            raise MappingTemplateError(f"$util.base64Decode: not base64: {err}") from err
        return raw.decode("utf-8", errors="replace")

    def __getattr__(self, name: str) -> NoReturn:
        if name.startswith("_"):
            raise AttributeError(name)
        hint = " (toJson is an AppSync resolver utility)" if name == "toJson" else ""
        raise UnsupportedFunctionError(
            f"$util.{name} is not an API Gateway mapping template function{hint}; API Gateway provides "
            + ", ".join(UTIL_FUNCTIONS)
        )


def build_context(context: Mapping[str, Any] | None) -> JavaMap:
    """``$context`` from a plain dict such as ``{"identity": {"sourceIp": ...}, "resourcePath": ..., ...}``.

    - ``authorizer.claims.*`` (Cognito) are readable, while ``$context.authorizer.claims`` itself prints nothing
      (AWS: "Calling $context.authorizer.claims returns null").
    - Other ``authorizer.*`` values are "the stringified value" of the Lambda authorizer's context map: ``1`` → "1",
      ``true`` → "true".
    - ``requestOverride`` / ``responseOverride`` exist (empty) so templates that ``#set`` them render; their effect on
      the request or response is not reproduced.
    """
    if context is not None and not isinstance(context, Mapping):
        raise TypeError(f"context must be a mapping, found {type(context).__name__}")
    result = JavaMap(context or {})
    authorizer = result.get("authorizer")
    if isinstance(authorizer, JavaMap):
        stringified: dict[str, Any] = {}
        for key, value in authorizer.as_dict().items():
            if key == "claims" and isinstance(value, JavaMap):
                stringified[key] = NullPrintingMap(value.as_dict())
            elif value is None or isinstance(value, JavaMap):
                stringified[key] = value
            else:
                stringified[key] = java_string(value)
        result["authorizer"] = JavaMap(stringified)
    for override, empty in (
        ("requestOverride", {"header": {}, "path": {}, "querystring": {}}),
        ("responseOverride", {"header": {}, "status": None}),
    ):
        if override not in result:
            result[override] = empty
    return result


def build_stage_variables(stage_variables: Mapping[str, str] | None) -> JavaMap:
    """``$stageVariables``: ``$stageVariables.name``, ``$stageVariables['name']``, ``${stageVariables['name']}``."""
    if stage_variables is not None and not isinstance(stage_variables, Mapping):
        raise TypeError(f"stage_variables must be a mapping, found {type(stage_variables).__name__}")
    for name, value in (stage_variables or {}).items():
        if not isinstance(value, str):
            raise TypeError(f"stage variable {name!r} must be a string (API Gateway stores strings), found {value!r}")
    return JavaMap(stage_variables or {})


# --- helpers ----------------------------------------------------------------------------------------------------------


def _normalise_params(params: Mapping[str, Mapping[str, str]] | None) -> dict[str, dict[str, str]]:
    params = params or {}
    if not isinstance(params, Mapping):
        raise TypeError(f"params must be a mapping of {PARAMETER_LOCATIONS}, found {type(params).__name__}")
    unknown = sorted(set(params) - set(PARAMETER_LOCATIONS))
    if unknown:
        raise ValueError(f"params has unknown locations {unknown}; allowed: {', '.join(PARAMETER_LOCATIONS)}")
    normalised: dict[str, dict[str, str]] = {}
    for location in PARAMETER_LOCATIONS:
        values = params.get(location) or {}
        for name, value in values.items():
            if not isinstance(value, str):
                raise TypeError(f"params[{location!r}][{name!r}] must be a string, found {type(value).__name__}")
        normalised[location] = dict(values)
    return normalised


_JS_NAMED_ESCAPES: Final = {
    0x08: "\\b",
    0x09: "\\t",
    0x0A: "\\n",
    0x0C: "\\f",
    0x0D: "\\r",
    0x22: '\\"',
    0x27: "\\'",
    0x2F: "\\/",
    0x5C: "\\\\",
}


def _escape_javascript(text: str) -> str:
    utf16 = text.encode("utf-16-be", errors="surrogatepass")
    out: list[str] = []
    for index in range(0, len(utf16), 2):
        unit = (utf16[index] << 8) | utf16[index + 1]
        if unit in _JS_NAMED_ESCAPES:
            out.append(_JS_NAMED_ESCAPES[unit])
        elif unit < 0x20 or unit > 0x7F:
            out.append(f"\\u{unit:04X}")
        else:
            out.append(chr(unit))
    return "".join(out)


_URL_SAFE: Final = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-*_")


def _url_encode_byte(byte: int) -> str:
    if byte in _URL_SAFE:
        return chr(byte)
    if byte == 0x20:
        return "+"
    return f"%{byte:02X}"


def _url_decode(text: str) -> str:
    raw = bytearray()
    index = 0
    while index < len(text):
        char = text[index]
        if char == "%":
            raw.append(int(text[index + 1 : index + 3], 16))
            index += 3
            continue
        raw.extend(b" " if char == "+" else char.encode("utf-8"))
        index += 1
    return raw.decode("utf-8", errors="replace")
