"""Value validation hashicorp/aws 6.x does at validate time, for the types this library uses.

``validate_resource(type_name, config)`` / ``validate_data_source(type_name, config)`` return the
error :class:`Diagnostic` s the real provider returns for known values in ``config`` (decoded
config: ``None`` null, ``UNKNOWN`` unknown, dicts for objects and block elements, lists for
lists, sets and blocks). Unknown and null values are skipped, as the provider skips them.

How the provider reports, reproduced here:

* SDKv2 ``ValidateFunc`` (``validation.StringInSlice`` ...): the summary is the error text,
  whose key is the *flatmap* key of the value (``cors_configuration.0.max_age``); no detail.
* SDKv2 ``ValidateDiagFunc`` made by ``validation.ToDiagFunc`` (all ``enum.Validate[T]()``):
  the same texts, but the key is the last attribute name on the path (``logging_level``).
* Inside an SDKv2 ``TypeSet`` the attribute path is cut back to the set attribute
  (``schema.validateType``: "indexing into sets is not representable").
* A list or set holding an unknown anywhere is not validated at all (``validateList``).
* Plugin-Framework validators (``stringvalidator.OneOf`` ...) use the
  ``validatordiag`` summaries ("Invalid Attribute Value Match" ...) and a detail naming the
  attribute by its framework path (``a[0].b``).

The tables below are data: attribute path -> check. Path syntax: ``a.b`` nested attribute,
``a[]`` every element of a list (a list block or a list of primitives), ``a{}`` every element of
a set. Enumerations come from botocore's service models (the provider takes them from the AWS
SDK for Go v2, generated from the same models); each :class:`Enum` names its botocore shape.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from apigwkit.provider_double.values import UNKNOWN

__all__ = [
    "Diagnostic",
    "go_json_syntax_error",
    "go_quote",
    "validate_data_source",
    "validate_resource",
]


@dataclass(frozen=True)
class Diagnostic:
    """An error diagnostic: summary, detail and the attribute path it points at."""

    summary: str
    detail: str
    path: tuple[str | int, ...]


# --------------------------------------------------------------------------------------------
# Go formatting helpers
# --------------------------------------------------------------------------------------------

_SIMPLE_ESCAPES = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v"}


def _is_go_printable(char: str) -> bool:
    if char == " ":
        return True
    return unicodedata.category(char)[0] in "LMNPS"


def go_quote(text: str) -> str:
    """Go's ``strconv.Quote`` (what ``%q`` prints for a string)."""
    out = ['"']
    for char in text:
        if char in ('"', "\\"):
            out.append("\\" + char)
        elif _is_go_printable(char):
            out.append(char)
        elif char in _SIMPLE_ESCAPES:
            out.append(_SIMPLE_ESCAPES[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\x{ord(char):02x}")
        elif ord(char) < 0x10000:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(f"\\U{ord(char):08x}")
    out.append('"')
    return "".join(out)


def _go_q_slice(values: Sequence[str]) -> str:
    """``%q`` of a ``[]string``: ``["A" "B"]``."""
    return "[" + " ".join(go_quote(v) for v in values) + "]"


def _go_v_slice(values: Sequence[object]) -> str:
    """``%v`` of a slice: ``[A B]``."""
    return "[" + " ".join(str(v) for v in values) + "]"


def _go_v_float(value: float) -> str:
    """``%v`` of a float64 (shortest digits; exponent form below 1e-4 or from 1e21)."""
    if value == int(value) and abs(value) < 1e21:
        return str(int(value))
    if 1e-4 <= abs(value) < 1e21:
        text = repr(value)
        if "e" in text:
            from decimal import Decimal

            text = format(Decimal(text), "f")
        return text
    mantissa, exponent = f"{value!r}".split("e") if "e" in repr(value) else f"{value:e}".split("e")
    sign, digits = exponent[0], exponent[1:].lstrip("0") or "0"
    return f"{mantissa}e{sign}{digits.zfill(2)}"


def _go_regexp(pattern: str) -> re.Pattern[str]:
    """Compile a Go RE2 pattern with Python ``re``: ``$`` means end of text, classes are ASCII."""
    out: list[str] = []
    in_class = False
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\" and index + 1 < len(pattern):
            pair = pattern[index : index + 2]
            out.append("\\Z" if pair == "\\z" else pair)
            index += 2
            continue
        if in_class:
            if char == "]":
                in_class = False
        elif char == "[":
            in_class = True
            if pattern[index + 1 : index + 2] == "]":
                out.append("[]")
                index += 2
                continue
        elif char == "$":
            out.append("\\Z")
            index += 1
            continue
        out.append(char)
        index += 1
    return re.compile("".join(out), re.ASCII)


# --------------------------------------------------------------------------------------------
# encoding/json's syntax checker (the errors json.Unmarshal reports for malformed input)
# --------------------------------------------------------------------------------------------


def _quote_char(byte: int) -> str:
    if byte == ord("'"):
        return "'\\''"
    if byte == ord('"'):
        return "'\"'"
    return "'" + go_quote(chr(byte))[1:-1] + "'"


_SPACE = (0x20, 0x09, 0x0A, 0x0D)
_PARSE_OBJECT_KEY, _PARSE_OBJECT_VALUE, _PARSE_ARRAY_VALUE = range(3)


class _JSONScanner:
    """A transcription of encoding/json's ``scanner`` state machine (errors only)."""

    def __init__(self) -> None:
        self.stack: list[int] = []
        self.step: Callable[[int], None] = self.begin_value
        self.end_top = False
        self.error: str | None = None
        self.offset = 0

    def fail(self, byte: int, context: str) -> None:
        self.error = f"invalid character {_quote_char(byte)} {context}"
        self.step = lambda _c: None

    def begin_value_or_empty(self, c: int) -> None:
        if c in _SPACE:
            return
        if c == ord("]"):
            self.end_value(c)
            return
        self.begin_value(c)

    def begin_value(self, c: int) -> None:
        if c in _SPACE:
            return
        if c == ord("{"):
            self.stack.append(_PARSE_OBJECT_KEY)
            self.step = self.begin_string_or_empty
        elif c == ord("["):
            self.stack.append(_PARSE_ARRAY_VALUE)
            self.step = self.begin_value_or_empty
        elif c == ord('"'):
            self.step = self.in_string
        elif c == ord("-"):
            self.step = self.neg
        elif c == ord("0"):
            self.step = self.zero
        elif ord("1") <= c <= ord("9"):
            self.step = self.digits
        elif c in (ord("t"), ord("f"), ord("n")):
            word = {ord("t"): "true", ord("f"): "false", ord("n"): "null"}[c]
            self.step = self.literal(word, 1)
        else:
            self.fail(c, "looking for beginning of value")

    def begin_string_or_empty(self, c: int) -> None:
        if c in _SPACE:
            return
        if c == ord("}"):
            self.stack[-1] = _PARSE_OBJECT_VALUE
            self.end_value(c)
            return
        self.begin_string(c)

    def begin_string(self, c: int) -> None:
        if c in _SPACE:
            return
        if c == ord('"'):
            self.step = self.in_string
            return
        self.fail(c, "looking for beginning of object key string")

    def pop(self) -> None:
        self.stack.pop()
        if not self.stack:
            self.step = self.end_top_step
            self.end_top = True
        else:
            self.step = self.end_value

    def end_value(self, c: int) -> None:
        if not self.stack:
            self.step = self.end_top_step
            self.end_top = True
            self.end_top_step(c)
            return
        if c in _SPACE:
            self.step = self.end_value
            return
        top = self.stack[-1]
        if top == _PARSE_OBJECT_KEY:
            if c == ord(":"):
                self.stack[-1] = _PARSE_OBJECT_VALUE
                self.step = self.begin_value
                return
            self.fail(c, "after object key")
        elif top == _PARSE_OBJECT_VALUE:
            if c == ord(","):
                self.stack[-1] = _PARSE_OBJECT_KEY
                self.step = self.begin_string
                return
            if c == ord("}"):
                self.pop()
                return
            self.fail(c, "after object key:value pair")
        else:
            if c == ord(","):
                self.step = self.begin_value
                return
            if c == ord("]"):
                self.pop()
                return
            self.fail(c, "after array element")

    def end_top_step(self, c: int) -> None:
        if c not in _SPACE:
            self.fail(c, "after top-level value")

    def in_string(self, c: int) -> None:
        if c == ord('"'):
            self.step = self.end_value
        elif c == ord("\\"):
            self.step = self.in_string_escape
        elif c < 0x20:
            self.fail(c, "in string literal")

    def in_string_escape(self, c: int) -> None:
        if c in b'bfnrt\\/"':
            self.step = self.in_string
        elif c == ord("u"):
            self.step = self.in_string_hex(4)
        else:
            self.fail(c, "in string escape code")

    def in_string_hex(self, remaining: int) -> Callable[[int], None]:
        def step(c: int) -> None:
            if chr(c) in "0123456789abcdefABCDEF":
                self.step = self.in_string if remaining == 1 else self.in_string_hex(remaining - 1)
            else:
                self.fail(c, "in \\u hexadecimal character escape")

        return step

    def neg(self, c: int) -> None:
        if c == ord("0"):
            self.step = self.zero
        elif ord("1") <= c <= ord("9"):
            self.step = self.digits
        else:
            self.fail(c, "in numeric literal")

    def digits(self, c: int) -> None:
        if ord("0") <= c <= ord("9"):
            return
        self.zero(c)

    def zero(self, c: int) -> None:
        if c == ord("."):
            self.step = self.dot
        elif c in (ord("e"), ord("E")):
            self.step = self.exp
        else:
            self.end_value(c)

    def dot(self, c: int) -> None:
        if ord("0") <= c <= ord("9"):
            self.step = self.dot_digits
        else:
            self.fail(c, "after decimal point in numeric literal")

    def dot_digits(self, c: int) -> None:
        if ord("0") <= c <= ord("9"):
            return
        if c in (ord("e"), ord("E")):
            self.step = self.exp
        else:
            self.end_value(c)

    def exp(self, c: int) -> None:
        if c in (ord("+"), ord("-")):
            self.step = self.exp_sign
            return
        self.exp_sign(c)

    def exp_sign(self, c: int) -> None:
        if ord("0") <= c <= ord("9"):
            self.step = self.exp_digits
        else:
            self.fail(c, "in exponent of numeric literal")

    def exp_digits(self, c: int) -> None:
        if ord("0") <= c <= ord("9"):
            return
        self.end_value(c)

    def literal(self, word: str, position: int) -> Callable[[int], None]:
        def step(c: int) -> None:
            expected = word[position]
            if c != ord(expected):
                self.fail(c, f"in literal {word} (expecting {_quote_char(ord(expected))})")
            elif position + 1 == len(word):
                self.step = self.end_value
            else:
                self.step = self.literal(word, position + 1)

        return step


def go_json_syntax_error(text: str) -> str | None:
    """The message of the ``*json.SyntaxError`` Go returns for ``text``, or ``None`` if valid."""
    found = _go_json_syntax_error(text)
    return None if found is None else found[0]


def _go_json_syntax_error(text: str) -> tuple[str, int] | None:
    scanner = _JSONScanner()
    data = text.encode("utf-8", "surrogatepass")
    for byte in data:
        scanner.offset += 1
        scanner.step(byte)
        if scanner.error is not None:
            return scanner.error, scanner.offset
    if scanner.end_top:
        return None
    scanner.step(0x20)
    if scanner.error is not None:
        return scanner.error, scanner.offset
    if scanner.end_top:
        return None
    return "unexpected end of JSON input", scanner.offset


# --------------------------------------------------------------------------------------------
# Checks (one class per validator the provider uses)
# --------------------------------------------------------------------------------------------


class _NotWhole(Exception):
    pass


def _as_int(value: Any) -> int:
    if isinstance(value, bool):
        raise _NotWhole
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    raise _NotWhole


class Check:
    """An SDKv2 ``SchemaValidateFunc``: returns its error texts for ``value`` under ``key``."""

    int_typed = False

    def errors(self, value: Any, key: str) -> list[str]:
        raise NotImplementedError


@dataclass(frozen=True)
class InSlice(Check):
    """``validation.StringInSlice(values, ignore_case)``."""

    values: tuple[str, ...]
    ignore_case: bool = False

    def errors(self, value: Any, key: str) -> list[str]:
        for allowed in self.values:
            if value == allowed or (self.ignore_case and value.casefold() == allowed.casefold()):
                return []
        return [f"expected {key} to be one of {_go_q_slice(self.values)}, got {value}"]


@dataclass(frozen=True)
class Enum(Check):
    """``enum.Validate[T]()`` (``StringInSlice`` of the SDK enum, wrapped by ``ToDiagFunc``).

    ``service``/``shape`` name the botocore shape the enum is read from; ``extra`` values are
    appended (``append(enum.Values[T](), "")``).
    """

    service: str
    shape: str
    ignore_case: bool = False
    extra: tuple[str, ...] = ()

    @property
    def values(self) -> tuple[str, ...]:
        return botocore_enum(self.service, self.shape) + self.extra

    def errors(self, value: Any, key: str) -> list[str]:
        return InSlice(self.values, self.ignore_case).errors(value, key)


@dataclass(frozen=True)
class IntBetween(Check):
    """``validation.IntBetween(lo, hi)``."""

    lo: int
    hi: int
    int_typed = True

    def errors(self, value: Any, key: str) -> list[str]:
        number = _as_int(value)
        if number < self.lo or number > self.hi:
            return [f"expected {key} to be in the range ({self.lo} - {self.hi}), got {number}"]
        return []


@dataclass(frozen=True)
class IntAtLeast(Check):
    """``validation.IntAtLeast(n)``."""

    minimum: int
    int_typed = True

    def errors(self, value: Any, key: str) -> list[str]:
        number = _as_int(value)
        if number < self.minimum:
            return [f"expected {key} to be at least ({self.minimum}), got {number}"]
        return []


@dataclass(frozen=True)
class IntInSlice(Check):
    """``validation.IntInSlice(values)`` (prints the slice with ``%v``)."""

    values: tuple[int, ...]
    int_typed = True

    def errors(self, value: Any, key: str) -> list[str]:
        number = _as_int(value)
        if number not in self.values:
            return [f"expected {key} to be one of {_go_v_slice(self.values)}, got {number}"]
        return []


@dataclass(frozen=True)
class IntDivisibleBy(Check):
    """``validation.IntDivisibleBy(n)``."""

    divisor: int
    int_typed = True

    def errors(self, value: Any, key: str) -> list[str]:
        number = _as_int(value)
        if number % self.divisor != 0:
            return [f"expected {key} to be divisible by {self.divisor}, got: {number}"]
        return []


@dataclass(frozen=True)
class LenBetween(Check):
    """``validation.StringLenBetween(lo, hi)`` (counts runes)."""

    lo: int
    hi: int

    def errors(self, value: Any, key: str) -> list[str]:
        if len(value) < self.lo or len(value) > self.hi:
            return [f"expected length of {key} to be in the range ({self.lo} - {self.hi}), got {value}"]
        return []


@dataclass(frozen=True)
class Match(Check):
    """``validation.StringMatch(regexp, message)``."""

    pattern: str
    message: str = ""

    def errors(self, value: Any, key: str) -> list[str]:
        if _go_regexp(self.pattern).search(value):
            return []
        if self.message:
            return [f"invalid value for {key} ({self.message})"]
        return [f"expected value of {key} to match regular expression {go_quote(self.pattern)}, got {value}"]


@dataclass(frozen=True)
class NotMatch(Check):
    """``validation.StringDoesNotMatch(regexp, message)``."""

    pattern: str
    message: str = ""

    def errors(self, value: Any, key: str) -> list[str]:
        if not _go_regexp(self.pattern).search(value):
            return []
        if self.message:
            return [f"invalid value for {key} ({self.message})"]
        return [f"expected value of {key} to not match regular expression {go_quote(self.pattern)}, got {value}"]


@dataclass(frozen=True)
class IsEmpty(Check):
    """``validation.StringIsEmpty``."""

    def errors(self, value: Any, key: str) -> list[str]:
        return [] if value == "" else [f"expected {go_quote(key)} to be an empty string: got {value}"]


@dataclass(frozen=True)
class IsJSON(Check):
    """``validation.StringIsJSON`` (the empty string is accepted, as NormalizeJsonString does)."""

    def errors(self, value: Any, key: str) -> list[str]:
        if value == "":
            return []
        error = go_json_syntax_error(value)
        return [] if error is None else [f"{go_quote(key)} contains an invalid JSON: {error}"]


@dataclass(frozen=True)
class JSONIfObject(Check):
    """``verify.ValidStringIsJSONOrYAML``, JSON half only: text starting with ``{`` must be JSON.

    The YAML half (any other text must parse as YAML) is not reproduced.
    """

    def errors(self, value: Any, key: str) -> list[str]:
        if not value.strip().startswith("{"):
            return []
        return IsJSON().errors(value, key)


def _duplicate_keys(text: str) -> list[str]:
    """aws-sdk-go-base ``validation.JSONNoDuplicateKeys`` errors (joined with newlines by Go)."""
    found: list[str] = []

    def walk(node: Any, path: list[str]) -> None:
        if isinstance(node, _Pairs):
            seen: set[str] = set()
            for key, value in node:
                if key in seen:
                    found.append(f'duplicate key "{".".join([*path, key])}"')
                seen.add(key)
                walk(value, [*path, key])
        elif isinstance(node, list):
            for index, item in enumerate(node):
                walk(item, [*path, str(index)])

    walk(json.loads(text, object_pairs_hook=_Pairs), [])
    return found


class _Pairs(list):  # type: ignore[type-arg]
    """A JSON object as its key/value pairs, in document order."""


@dataclass(frozen=True)
class IAMPolicyJSON(Check):
    """``verify.ValidIAMPolicyJSON`` (the policy-size quota check is not reproduced)."""

    def errors(self, value: Any, key: str) -> list[str]:
        name = go_quote(key)
        if value == "":
            return [f"{name} is an empty string, which is not a valid JSON value"]
        first = value[0]
        if first != "{":
            if first in " \t\r\n":
                return [f"{name} contains an invalid JSON policy: leading space characters are not allowed"]
            if first == '"':
                hint = ""
                try:
                    content = json.loads(value)
                except ValueError:
                    content = None
                if isinstance(content, str):
                    if content.endswith(".json"):
                        hint = " (have you passed a JSON-encoded filename instead of the content of that file?)"
                    elif go_json_syntax_error(content) is None:
                        hint = " (have you double-encoded your JSON data?)"
                return [
                    f"{name} contains an invalid JSON policy: contains a JSON-encoded string, not a "
                    f"JSON-encoded object{hint}"
                ]
            if first == "[":
                return [f"{name} contains an invalid JSON policy: contains a JSON array, not a JSON object"]
            return [f"{name} contains an invalid JSON policy: not a JSON object"]
        syntax = _go_json_syntax_error(value)
        if syntax is not None:
            message, offset = syntax
            return [f"{name} contains an invalid JSON policy: {message}, at byte offset {offset}"]
        duplicates = _duplicate_keys(value)
        if duplicates:
            return [f"{name} contains duplicate JSON keys: " + "\n".join(duplicates)]
        return []


_ARN_PARTITION = r"^aws(-[a-z]+)*$"
_ARN_REGION = r"^[a-z]{2}(-[a-z]+)+-\d$"
_ARN_ACCOUNT = r"^(aws|aws-managed|third-party|\d{12}|cw.{10})$"


@dataclass(frozen=True)
class ARN(Check):
    """``verify.ValidARN`` (``arn.Parse`` plus partition, region, account and resource checks)."""

    def errors(self, value: Any, key: str) -> list[str]:
        if value == "":
            return []
        name = go_quote(key)
        if not value.startswith("arn:"):
            return [f"{name} ({value}) is an invalid ARN: arn: invalid prefix"]
        sections = value.split(":", 5)
        if len(sections) != 6:
            return [f"{name} ({value}) is an invalid ARN: arn: not enough sections"]
        _, partition, _service, region, account, resource = sections
        out: list[str] = []
        if partition == "":
            out.append(f"{name} ({value}) is an invalid ARN: missing partition value")
        elif not _go_regexp(_ARN_PARTITION).search(partition):
            out.append(
                f"{name} ({value}) is an invalid ARN: invalid partition value (expecting to match regular "
                f"expression: {_ARN_PARTITION})"
            )
        if region and not _go_regexp(_ARN_REGION).search(region):
            out.append(
                f"{name} ({value}) is an invalid ARN: invalid region value (expecting to match regular "
                f"expression: {_ARN_REGION})"
            )
        if account and not _go_regexp(_ARN_ACCOUNT).search(account):
            out.append(
                f"{name} ({value}) is an invalid ARN: invalid account ID value (expecting to match regular "
                f"expression: {_ARN_ACCOUNT})"
            )
        if resource == "":
            out.append(f"{name} ({value}) is an invalid ARN: missing resource value")
        return out


@dataclass(frozen=True)
class AccountID(Check):
    """``verify.ValidAccountID``."""

    def errors(self, value: Any, key: str) -> list[str]:
        if re.fullmatch(r"[0-9]{12}", value):
            return []
        return [f"{go_quote(key)} doesn't look like AWS Account ID (exactly 12 digits): {go_quote(value)}"]


@dataclass(frozen=True)
class NullableIntBetween(Check):
    """``nullable.ValidateTypeStringNullableIntBetween(lo, hi)`` (an int held as a string)."""

    lo: int
    hi: int

    def errors(self, value: Any, key: str) -> list[str]:
        if value == "":
            return []
        if not re.fullmatch(r"[+-]?[0-9]+", value):
            return [
                f"{key}: cannot parse '{value}' as int: strconv.ParseInt: parsing {go_quote(value)}: invalid syntax"
            ]
        number = int(value)
        if number < self.lo or number > self.hi:
            return [f"expected {key} to be at between ({self.lo}) and ({self.hi}), got {number}"]
        return []


@dataclass(frozen=True)
class MaxLenQuoted(Check):
    """A provider check of the form ``"%q cannot be longer than N characters: %q"``."""

    maximum: int

    def errors(self, value: Any, key: str) -> list[str]:
        if len(value.encode("utf-8")) > self.maximum:
            return [f"{go_quote(key)} cannot be longer than {self.maximum} characters: {go_quote(value)}"]
        return []


@dataclass(frozen=True)
class MatchQuoted(Check):
    """A provider regexp check whose message is ``template`` % (``%q`` key, ``%q`` value)."""

    pattern: str
    template: str

    def errors(self, value: Any, key: str) -> list[str]:
        if _go_regexp(self.pattern).search(value):
            return []
        return [self.template.format(key=go_quote(key), value=go_quote(value))]


@dataclass(frozen=True)
class LambdaFunctionNameLength(Check):
    """The last part of the lambda package's ``validFunctionName``: the name inside an ARN is at
    most 64 characters."""

    def errors(self, value: Any, key: str) -> list[str]:
        full = _go_regexp(
            r"^arn:[\w-]+:lambda:[a-z]{2}-(?:[a-z]+-){1,2}\d{1}:\d{12}:function:([0-9A-Za-z_-]+)"
            r"(:(\$LATEST|[0-9A-Za-z_-]+))?$"
        ).search(value)
        partial = _go_regexp(r"^\d{12}:function:([0-9A-Za-z_-]+)$").search(value)
        name = full.group(1) if full else partial.group(1) if partial else value
        if len(name.encode("utf-8")) > 64:
            return [
                "expected length of the Lambda function name to be less than or equal to 64, got "
                f"{name} ({len(name.encode('utf-8'))} characters)"
            ]
        return []


@dataclass(frozen=True)
class All(Check):
    """``validation.All``: every check runs, all errors are kept."""

    checks: tuple[Check, ...]

    @property
    def int_typed(self) -> bool:  # type: ignore[override]
        return any(c.int_typed for c in self.checks)

    def errors(self, value: Any, key: str) -> list[str]:
        return [e for check in self.checks for e in check.errors(value, key)]


@dataclass(frozen=True)
class Any_(Check):
    """``validation.Any``: passes if one check passes, else all errors."""

    checks: tuple[Check, ...]

    @property
    def int_typed(self) -> bool:  # type: ignore[override]
        return any(c.int_typed for c in self.checks)

    def errors(self, value: Any, key: str) -> list[str]:
        collected: list[str] = []
        for check in self.checks:
            found = check.errors(value, key)
            if not found:
                return []
            collected.extend(found)
        return collected


# -- Plugin Framework validators (terraform-plugin-framework-validators) ---------------------


class FrameworkCheck:
    """A framework validator: returns ``(summary, detail-without-path-prefix)`` pairs."""

    def problems(self, value: Any, path: str) -> list[tuple[str, str]]:
        raise NotImplementedError


@dataclass(frozen=True)
class FwOneOf(FrameworkCheck):
    """``stringvalidator.OneOf(values...)``."""

    values: tuple[str, ...]

    def problems(self, value: Any, path: str) -> list[tuple[str, str]]:
        if value in self.values:
            return []
        listed = "[" + " ".join(go_quote(v) for v in self.values) + "]"
        return [
            (
                "Invalid Attribute Value Match",
                f"Attribute {path} value must be one of: {listed}, got: {go_quote(value)}",
            )
        ]


@dataclass(frozen=True)
class FwLengthBetween(FrameworkCheck):
    """``stringvalidator.LengthBetween(lo, hi)``."""

    lo: int
    hi: int

    def problems(self, value: Any, path: str) -> list[tuple[str, str]]:
        if self.lo <= len(value) <= self.hi:
            return []
        return [
            (
                "Invalid Attribute Value Length",
                f"Attribute {path} string length must be between {self.lo} and {self.hi}, got: {len(value)}",
            )
        ]


@dataclass(frozen=True)
class FwRegexMatches(FrameworkCheck):
    """``stringvalidator.RegexMatches(regexp, message)``."""

    pattern: str
    message: str = ""

    def problems(self, value: Any, path: str) -> list[tuple[str, str]]:
        if _go_regexp(self.pattern).search(value):
            return []
        description = self.message or f"value must match regular expression '{self.pattern}'"
        return [("Invalid Attribute Value Match", f"Attribute {path} {description}, got: {go_quote(value)}")]


@dataclass(frozen=True)
class FwInt64Between(FrameworkCheck):
    """``int64validator.Between(lo, hi)``."""

    lo: int
    hi: int

    def problems(self, value: Any, path: str) -> list[tuple[str, str]]:
        number = int(value)
        if self.lo <= number <= self.hi:
            return []
        return [
            (
                "Invalid Attribute Value",
                f"Attribute {path} value must be between {self.lo} and {self.hi}, got: {number}",
            )
        ]


def framework_path(path: tuple[str | int, ...]) -> str:
    """A framework ``path.Path`` as text: ``a[0].b``, ``m["k"]``."""
    text = ""
    for step in path:
        if isinstance(step, int):
            text += f"[{step}]"
        elif text:
            text += "." + step
        else:
            text = step
    return text


# --------------------------------------------------------------------------------------------
# Enumerations
# --------------------------------------------------------------------------------------------


@cache
def botocore_enum(service: str, shape: str) -> tuple[str, ...]:
    """The ``enum`` of a botocore shape, in model order (the AWS SDK for Go's ``Values()``)."""
    return tuple(_service_model(service).shape_for(shape).enum)


@cache
def _service_model(service: str) -> Any:
    # One loader for every model: a botocore session scans its data directories and
    # registers its handlers when created, which costs far more than reading one model.
    import botocore.model

    return botocore.model.ServiceModel(botocore_loader().load_service_model(service, "service-2"), service)


@cache
def botocore_loader() -> Any:
    """The process's botocore data loader (service models, ``endpoints.json``)."""
    import botocore.loaders

    return botocore.loaders.create_loader()


# --------------------------------------------------------------------------------------------
# Rule tables
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """``path`` validated by ``check``.

    ``diag`` marks a ``ValidateDiagFunc`` built with ``validation.ToDiagFunc`` (message key is
    the last attribute name); otherwise a ``ValidateFunc`` (message key is the flatmap key).
    """

    path: str
    check: Check | FrameworkCheck
    diag: bool = False
    steps: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        steps: list[str] = []
        for part in self.path.split("."):
            name = part.rstrip("[]{}")
            steps.append(name)
            marker = part[len(name) :]
            while marker:
                steps.append(marker[:2])
                marker = marker[2:]
        object.__setattr__(self, "steps", tuple(steps))


def _v(path: str, check: Check) -> Rule:
    """A ``ValidateFunc`` rule."""
    return Rule(path, check)


def _d(path: str, check: Check) -> Rule:
    """A ``ValidateDiagFunc`` rule (``enum.Validate`` / ``validation.ToDiagFunc``)."""
    return Rule(path, check, diag=True)


def _fw(path: str, check: FrameworkCheck) -> Rule:
    """A Plugin-Framework attribute validator."""
    return Rule(path, check)


_HTTP_METHODS = InSlice(("ANY", "DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"))  # validHTTPMethod()
_PAYLOAD_VERSIONS = InSlice(("1.0", "2.0"))

# internal/service/iam/validate.go validResourceName(max): 1..max characters of [\w+=,.@-].
_ROLE_NAME = All((LenBetween(1, 64), Match(r"^[\w+=,.@-]*$", "must match [\\w+=,.@-]")))
_ROLE_NAME_PREFIX = All((LenBetween(1, 38), Match(r"^[\w+=,.@-]*$", "must match [\\w+=,.@-]")))
_POLICY_NAME = All((LenBetween(1, 128), Match(r"^[\w+=,.@-]*$", "must match [\\w+=,.@-]")))
_POLICY_NAME_PREFIX = All((LenBetween(1, 102), Match(r"^[\w+=,.@-]*$", "must match [\\w+=,.@-]")))

# internal/service/lambda/validate.go
_LAMBDA_FUNCTION_NAME = All(
    (
        Match(
            r"^(arn:[\w-]+:lambda:)?([a-z]{2}-(?:[a-z]+-){1,2}\d{1}:)?(\d{12}:)?(function:)?([0-9A-Za-z_-]+)"
            r"(:(\$LATEST|[0-9A-Za-z_-]+))?$",
            "must be valid function name or function ARN",
        ),
        LenBetween(1, 140),
        LambdaFunctionNameLength(),
    )
)
_LAMBDA_LOG_GROUP = All(
    (
        Match(
            r"^[0-9A-Za-z_./#-]+$",
            "must contain alphanumeric characters, underscores, hyphens, slashes, hash signs and dots only",
        ),
        LenBetween(1, 512),
    )
)
_LAMBDA_STATEMENT_ID = All(
    (Match(r"^[0-9A-Za-z_-]+$", "must contain alphanumeric, underscores or dashes only"), LenBetween(1, 100))
)

# internal/service/logs/validate.go validLogGroupName / validLogGroupNamePrefix
_LOG_GROUP_NAME_TEMPLATE = (
    "{key} isn't a valid log group name (alphanumeric characters, underscores, hyphens, slashes, hash signs "
    "and dots are allowed): {value}"
)
_LOG_GROUP_NAME = All((MaxLenQuoted(512), MatchQuoted(r"^[0-9A-Za-z_./#-]+$", _LOG_GROUP_NAME_TEMPLATE)))
_LOG_GROUP_NAME_PREFIX = All((MaxLenQuoted(483), MatchQuoted(r"^[0-9A-Za-z_./#-]+$", _LOG_GROUP_NAME_TEMPLATE)))

# internal/service/logs/group.go: the retention values CloudWatch Logs accepts, as the provider lists them.
LOG_RETENTION_DAYS = (
    0,
    1,
    3,
    5,
    7,
    14,
    30,
    60,
    90,
    120,
    150,
    180,
    365,
    400,
    545,
    731,
    1096,
    1827,
    2192,
    2557,
    2922,
    3288,
    3653,
)

# internal/service/cloudwatch/metric_alarm.go
_EXTENDED_STATISTIC = Match(
    r"^((p|(tm)|(wm)|(tc)|(ts))((\d{1,2}(\.\d{1,2})?)|(100))|(IQM)|(((TM)|(WM)|(PR)|(TC)|(TS)))"
    r"\((\d+(\.\d+)?%?)?:(\d+(\.\d+)?%?)?\))$",
    "invalid statistic, see: https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Statistics-definitions.html",
)
_NAMESPACE = All((LenBetween(1, 255), Match(r"[^:].*", "must not contain colon characters")))
_ALARM_PERIOD = Any_((IntInSlice((10, 20, 30)), IntDivisibleBy(60)))
_QUERY_PERIOD = Any_((IntInSlice((1, 5, 10, 20, 30)), IntDivisibleBy(60)))


RESOURCE_RULES: dict[str, tuple[Rule, ...]] = {
    # ---- API Gateway v2 (internal/service/apigatewayv2) -------------------------------------
    "aws_apigatewayv2_api": (
        _v(
            "api_key_selection_expression",
            InSlice(("$context.authorizer.usageIdentifierKey", "$request.header.x-api-key")),
        ),
        _v("body", JSONIfObject()),
        _v("credentials_arn", ARN()),
        _v("description", LenBetween(0, 1024)),
        _d("ip_address_type", Enum("apigatewayv2", "IpAddressType")),
        _v("name", LenBetween(1, 128)),
        _d("protocol_type", Enum("apigatewayv2", "ProtocolType")),
        _v("version", LenBetween(1, 64)),
    ),
    "aws_apigatewayv2_route": (
        _d("authorization_type", Enum("apigatewayv2", "AuthorizationType")),
        _v("operation_name", LenBetween(1, 64)),
        _v("target", LenBetween(1, 128)),
    ),
    "aws_apigatewayv2_integration": (
        _v("connection_id", LenBetween(1, 1024)),
        _d("connection_type", Enum("apigatewayv2", "ConnectionType")),
        _d("content_handling_strategy", Enum("apigatewayv2", "ContentHandlingStrategy")),
        _v("credentials_arn", ARN()),
        _v("integration_method", _HTTP_METHODS),
        _v("integration_subtype", LenBetween(1, 128)),
        _d("integration_type", Enum("apigatewayv2", "IntegrationType")),
        _d("passthrough_behavior", Enum("apigatewayv2", "PassthroughBehavior")),
        _v("payload_format_version", _PAYLOAD_VERSIONS),
    ),
    "aws_apigatewayv2_authorizer": (
        _v("authorizer_credentials_arn", ARN()),
        _v("authorizer_payload_format_version", _PAYLOAD_VERSIONS),
        _v("authorizer_result_ttl_in_seconds", IntBetween(0, 3600)),
        _d("authorizer_type", Enum("apigatewayv2", "AuthorizerType")),
        _v("authorizer_uri", LenBetween(1, 2048)),
        _v("name", LenBetween(1, 128)),
    ),
    "aws_apigatewayv2_stage": (
        _v("access_log_settings[].destination_arn", ARN()),
        _d("default_route_settings[].logging_level", Enum("apigatewayv2", "LoggingLevel")),
        _v("description", LenBetween(0, 1024)),
        _v("name", LenBetween(1, 128)),
        _d("route_settings{}.logging_level", Enum("apigatewayv2", "LoggingLevel")),
    ),
    "aws_apigatewayv2_domain_name": (
        _v("domain_name", LenBetween(1, 512)),
        _v("domain_name_configuration[].certificate_arn", ARN()),
        _v("domain_name_configuration[].endpoint_type", InSlice(("REGIONAL",), ignore_case=True)),
        _d("domain_name_configuration[].ip_address_type", Enum("apigatewayv2", "IpAddressType")),
        _v("domain_name_configuration[].ownership_verification_certificate_arn", ARN()),
        _v("domain_name_configuration[].security_policy", InSlice(("TLS_1_2",), ignore_case=True)),
        _d("routing_mode", Enum("apigatewayv2", "RoutingMode", ignore_case=True)),
    ),
    "aws_apigatewayv2_api_mapping": (),
    "aws_apigatewayv2_vpc_link": (_v("name", LenBetween(1, 128)),),
    "aws_apigatewayv2_deployment": (_v("description", LenBetween(0, 1024)),),
    # ---- API Gateway REST (internal/service/apigateway) -------------------------------------
    "aws_api_gateway_rest_api": (
        _d("api_key_source", Enum("apigateway", "ApiKeySourceType")),
        _d("endpoint_configuration[].ip_address_type", Enum("apigateway", "IpAddressType")),
        _d("endpoint_configuration[].types[]", Enum("apigateway", "EndpointType")),
        _v("minimum_compression_size", NullableIntBetween(-1, 10485760)),
        _v("policy", IsJSON()),
        _d("put_rest_api_mode", Enum("apigateway", "PutMode")),
    ),
    "aws_api_gateway_method": (_v("http_method", _HTTP_METHODS),),  # `authorization` has no validation
    "aws_api_gateway_method_response": (_v("http_method", _HTTP_METHODS),),
    "aws_api_gateway_integration": (
        _d("connection_type", Enum("apigateway", "ConnectionType")),
        _d("content_handling", Enum("apigateway", "ContentHandlingStrategy")),
        _v("http_method", _HTTP_METHODS),
        _v("integration_http_method", _HTTP_METHODS),
        _v("passthrough_behavior", InSlice(("WHEN_NO_MATCH", "WHEN_NO_TEMPLATES", "NEVER"))),
        _v("timeout_milliseconds", IntBetween(50, 300000)),
        _d("type", Enum("apigateway", "IntegrationType")),
    ),
    "aws_api_gateway_integration_response": (
        _d("content_handling", Enum("apigateway", "ContentHandlingStrategy")),
        _v("http_method", _HTTP_METHODS),
    ),
    "aws_api_gateway_stage": (
        _v("access_log_settings[].destination_arn", ARN()),
        _d("cache_cluster_size", Enum("apigateway", "CacheClusterSize")),
    ),
    "aws_api_gateway_method_settings": (
        _v("settings[].logging_level", InSlice(("OFF", "ERROR", "INFO"))),
        _d(
            "settings[].unauthorized_cache_control_header_strategy",
            Enum("apigateway", "UnauthorizedCacheControlHeaderStrategy"),
        ),
    ),
    "aws_api_gateway_authorizer": (
        _v("authorizer_credentials", ARN()),
        _v("authorizer_result_ttl_in_seconds", IntBetween(0, 3600)),
        _v("provider_arns{}", ARN()),
        _d("type", Enum("apigateway", "AuthorizerType")),
    ),
    "aws_api_gateway_usage_plan": (_d("quota_settings[].period", Enum("apigateway", "QuotaPeriodType")),),
    "aws_api_gateway_resource": (),
    "aws_api_gateway_deployment": (),
    "aws_api_gateway_model": (),
    "aws_api_gateway_request_validator": (),
    "aws_api_gateway_gateway_response": (),
    "aws_api_gateway_api_key": (),
    "aws_api_gateway_usage_plan_key": (),
    "aws_api_gateway_domain_name": (),
    "aws_api_gateway_base_path_mapping": (),
    "aws_api_gateway_vpc_link": (),
    "aws_api_gateway_account": (),
    "aws_api_gateway_rest_api_policy": (_v("policy", IsJSON()),),
    # ---- Lambda (internal/service/lambda) ---------------------------------------------------
    "aws_lambda_function": (
        _d("architectures[]", Enum("lambda", "Architecture")),
        _v("code_signing_config_arn", ARN()),
        _v("dead_letter_config[].target_arn", ARN()),
        _v("ephemeral_storage[].size", IntBetween(512, 10240)),
        _v("file_system_config[].arn", ARN()),
        _v("file_system_config[].local_mount_path", Match(r"^/mnt/[0-9A-Za-z_.-]+$", "must start with '/mnt/'")),
        _v("function_name", _LAMBDA_FUNCTION_NAME),
        _v("handler", LenBetween(1, 128)),
        _v("kms_key_arn", ARN()),
        _v("layers[]", ARN()),
        _d("logging_config[].application_log_level", Enum("lambda", "ApplicationLogLevel")),
        _d("logging_config[].log_format", Enum("lambda", "LogFormat")),
        _v("logging_config[].log_group", _LAMBDA_LOG_GROUP),
        _d("logging_config[].system_log_level", Enum("lambda", "SystemLogLevel")),
        _v("memory_size", IntBetween(128, 10240)),
        _d("package_type", Enum("lambda", "PackageType")),
        _v("reserved_concurrent_executions", IntAtLeast(-1)),
        _v("role", ARN()),
        _d("runtime", Enum("lambda", "Runtime")),
        _d("snap_start[].apply_on", Enum("lambda", "SnapStartApplyOn")),
        _v("timeout", IntBetween(1, 900)),
        _d("tracing_config[].mode", Enum("lambda", "TracingMode")),
    ),
    "aws_lambda_permission": (
        _v(
            "action",
            Match(r"^(lambda:[*]|lambda:[A-Za-z]+|[*])$", "must be a valid action (usually starts with lambda:)"),
        ),
        _v(
            "event_source_token",
            All(
                (
                    Match(r"^[0-9A-Za-z_.-]+$", "must contain alphanumeric, periods, underscores or dashes only"),
                    LenBetween(1, 256),
                )
            ),
        ),
        _v("function_name", _LAMBDA_FUNCTION_NAME),
        _d("function_url_auth_type", Enum("lambda", "FunctionUrlAuthType")),
        _v(
            "qualifier",
            All(
                (
                    Match(r"^[0-9A-Za-z_$-]+$", "must contain alphanumeric, dollar signs, underscores or dashes only"),
                    LenBetween(1, 128),
                )
            ),
        ),
        _v("source_account", AccountID()),
        _v("source_arn", ARN()),
        _v("statement_id", _LAMBDA_STATEMENT_ID),
        _v("statement_id_prefix", _LAMBDA_STATEMENT_ID),
    ),
    # ---- CloudWatch Logs / CloudWatch (internal/service/logs, internal/service/cloudwatch) --
    "aws_cloudwatch_log_group": (
        _d("log_group_class", Enum("logs", "LogGroupClass")),
        _v("name", _LOG_GROUP_NAME),
        _v("name_prefix", _LOG_GROUP_NAME_PREFIX),
        _v("retention_in_days", IntInSlice(LOG_RETENTION_DAYS)),
    ),
    "aws_cloudwatch_metric_alarm": (
        _v("alarm_description", LenBetween(0, 1024)),
        _v("alarm_name", LenBetween(1, 255)),
        _d("comparison_operator", Enum("cloudwatch", "ComparisonOperator")),
        _v("datapoints_to_alarm", IntAtLeast(1)),
        _v("evaluate_low_sample_count_percentiles", InSlice(("evaluate", "ignore"), ignore_case=True)),
        _v("evaluation_periods", IntAtLeast(1)),
        _v("extended_statistic", _EXTENDED_STATISTIC),
        _v("metric_name", LenBetween(1, 255)),
        _v("metric_query{}.account_id", LenBetween(1, 255)),
        _v("metric_query{}.expression", LenBetween(1, 1024)),
        _v("metric_query{}.id", LenBetween(1, 255)),
        _v("metric_query{}.metric[].metric_name", LenBetween(1, 255)),
        _v("metric_query{}.metric[].namespace", _NAMESPACE),
        _v("metric_query{}.metric[].period", _QUERY_PERIOD),
        _d("metric_query{}.metric[].unit", Enum("cloudwatch", "StandardUnit")),
        _v("metric_query{}.period", _QUERY_PERIOD),
        _v("namespace", _NAMESPACE),
        _v("period", _ALARM_PERIOD),
        _d("statistic", Enum("cloudwatch", "Statistic")),
        _v("threshold_metric_id", LenBetween(1, 255)),
        _v("treat_missing_data", InSlice(("breaching", "ignore", "missing", "notBreaching"), ignore_case=True)),
        _d("unit", Enum("cloudwatch", "StandardUnit")),
    ),
    # ---- IAM (internal/service/iam) ---------------------------------------------------------
    "aws_iam_role": (
        _v("assume_role_policy", IAMPolicyJSON()),
        _v(
            "description",
            All(
                (
                    LenBetween(0, 1000),
                    NotMatch("[“‘]", "cannot contain specially formatted single or double quotes: [“‘]"),
                )
            ),
        ),
        _v("inline_policy{}.name", All((LenBetween(1, 128), Match(r"^[\w+=,.@-]*$", "must match [\\w+=,.@-]")))),
        _v("inline_policy{}.policy", IAMPolicyJSON()),
        _v("managed_policy_arns{}", ARN()),
        _v("max_session_duration", IntBetween(3600, 43200)),
        _v("name", _ROLE_NAME),
        _v("name_prefix", _ROLE_NAME_PREFIX),
        _v("path", LenBetween(0, 512)),
        _v("permissions_boundary", ARN()),
    ),
    "aws_iam_policy": (
        _v("name", _POLICY_NAME),
        _v("name_prefix", _POLICY_NAME_PREFIX),
        _v("policy", IAMPolicyJSON()),
    ),
    "aws_iam_role_policy": (
        _v("name", All((LenBetween(1, 128), Match(r"^[\w+=,.@-]*$", "must match [\\w+=,.@-]")))),
        _v("policy", IAMPolicyJSON()),
    ),
    # ---- DynamoDB (internal/service/dynamodb/table.go) --------------------------------------
    "aws_dynamodb_table": (
        _d("attribute{}.type", Enum("dynamodb", "ScalarAttributeType")),
        _d("billing_mode", Enum("dynamodb", "BillingMode")),
        _d("global_secondary_index{}.key_schema[].key_type", Enum("dynamodb", "KeyType")),
        _d("global_secondary_index{}.projection_type", Enum("dynamodb", "ProjectionType")),
        _d("local_secondary_index{}.projection_type", Enum("dynamodb", "ProjectionType")),
        _v("point_in_time_recovery[].recovery_period_in_days", IntBetween(1, 35)),
        _v("replica{}.kms_key_arn", ARN()),
        _v("restore_source_table_arn", ARN()),
        _v("server_side_encryption[].kms_key_arn", ARN()),
        _v("stream_view_type", Enum("dynamodb", "StreamViewType", extra=("",))),
        _d("table_class", Enum("dynamodb", "TableClass")),
        _v("warm_throughput[].read_units_per_second", IntAtLeast(12000)),
        _v("warm_throughput[].write_units_per_second", IntAtLeast(4000)),
    ),
    # ---- WAFv2 (internal/service/wafv2) ----------------------------------------------------
    "aws_wafv2_web_acl": (_d("scope", Enum("wafv2", "Scope")),),
    "aws_wafv2_ip_set": (
        _d("ip_address_version", Enum("wafv2", "IPAddressVersion")),
        _d("scope", Enum("wafv2", "Scope")),
    ),
    "aws_wafv2_web_acl_association": (),
    "aws_wafv2_web_acl_logging_configuration": (),
    "aws_s3_bucket": (),
    "aws_sns_topic": (),
    "aws_route53_record": (),
    "aws_acm_certificate": (),
    "aws_cognito_user_pool": (),
    "aws_cognito_user_pool_client": (),
}

DATA_SOURCE_RULES: dict[str, tuple[Rule, ...]] = {
    # internal/service/iam/policy_document_data_source.go
    "aws_iam_policy_document": (
        _v("override_json", IsEmpty()),
        _v("override_policy_documents[]", IsJSON()),
        _v("source_json", IsEmpty()),
        _v("source_policy_documents[]", IsJSON()),
        _v("statement[].effect", InSlice(("Allow", "Deny"))),
        _v("version", InSlice(("2008-10-17", "2012-10-17"))),
    ),
    # internal/service/ec2/ec2_availability_zones_data_source.go
    "aws_availability_zones": (_d("state", Enum("ec2", "AvailabilityZoneState")),),
}


# --------------------------------------------------------------------------------------------
# Walking the configuration
# --------------------------------------------------------------------------------------------


def _has_unknown(value: Any) -> bool:
    if value is UNKNOWN:
        return True
    if isinstance(value, dict):
        return any(_has_unknown(v) for v in value.values())
    if isinstance(value, list | tuple):
        return any(_has_unknown(v) for v in value)
    return False


@dataclass(frozen=True)
class _Found:
    value: Any
    path: tuple[str | int, ...]
    key: str
    set_path: tuple[str | int, ...] | None


def _walk(node: Any, steps: tuple[str, ...], found: _Found) -> Iterator[_Found]:
    if not steps:
        yield found
        return
    step, rest = steps[0], steps[1:]
    if step in ("[]", "{}"):
        if node is None:
            return
        elements = [node] if isinstance(node, dict) else list(node)
        for index, element in enumerate(elements):
            if element is None or element is UNKNOWN:
                continue
            set_path = found.set_path
            if step == "{}" and set_path is None:
                set_path = found.path
            yield from _walk(
                element,
                rest,
                _Found(element, (*found.path, index), f"{found.key}.{index}", set_path),
            )
        return
    if not isinstance(node, dict):
        return
    value = node.get(step)
    if value is None or _has_unknown(value):
        # The SDK validates nothing under a value that is null or not wholly known.
        return
    key = f"{found.key}.{step}" if found.key else step
    yield from _walk(value, rest, _Found(value, (*found.path, step), key, found.set_path))


def _apply(rule: Rule, config: dict[str, Any]) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for hit in _walk(config, rule.steps, _Found(config, (), "", None)):
        value = hit.value
        if value is None or value is UNKNOWN or isinstance(value, dict | list):
            continue
        path = hit.set_path if hit.set_path is not None else hit.path
        if isinstance(rule.check, FrameworkCheck):
            for summary, detail in rule.check.problems(value, framework_path(hit.path)):
                out.append(Diagnostic(summary, detail, hit.path))
            continue
        names = [step for step in hit.path if isinstance(step, str)]
        key = names[-1] if rule.diag else hit.key
        try:
            errors = rule.check.errors(value, key)
        except _NotWhole:
            errors = [f"Attribute must be a whole number, got {_go_v_float(float(value))}"]
        out.extend(Diagnostic(error, "", path) for error in errors)
    return out


def _validate(rules: dict[str, tuple[Rule, ...]], type_name: str, config: dict[str, Any] | None) -> list[Diagnostic]:
    if not config:
        return []
    diagnostics: list[Diagnostic] = []
    for rule in rules.get(type_name, ()):
        diagnostics.extend(_apply(rule, config))
    return diagnostics


def validate_resource(type_name: str, config: dict[str, Any]) -> list[Diagnostic]:
    """The value-validation errors hashicorp/aws returns for this resource configuration."""
    return _validate(RESOURCE_RULES, type_name, config)


def _region_conflict(config: dict[str, Any]) -> list[Diagnostic]:
    # datasourcevalidator.Conflicting(path.MatchRoot("name"), path.MatchRoot("region"))
    name, region = config.get("name"), config.get("region")
    if name is None or region is None or name is UNKNOWN or region is UNKNOWN:
        return []
    return [
        Diagnostic(
            "Invalid Attribute Combination",
            "These attributes cannot be configured together: [name,region]",
            ("name",),
        )
    ]


def validate_data_source(type_name: str, config: dict[str, Any]) -> list[Diagnostic]:
    """The value-validation errors hashicorp/aws returns for this data source configuration."""
    diagnostics = _validate(DATA_SOURCE_RULES, type_name, config)
    if type_name == "aws_region" and config:
        diagnostics.extend(_region_conflict(config))
    return diagnostics
