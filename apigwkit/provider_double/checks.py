"""The validators the real provider attaches to attributes, one class each, with their messages.

A rule (``rules/``) names an attribute and one of these checks; the engine (``validation.py``) finds the
attribute's values in a configuration and asks the check. Two families, as in the provider:

* :class:`Check`: terraform-plugin-sdk/v2 ``SchemaValidateFunc`` s (``helper/validation``) and the
  provider's own (``internal/verify``, per-service ``validate.go``): ``errors(value, key)`` returns
  the error texts, ``key`` being what the SDK passes (the flatmap key, or for ``ToDiagFunc`` wrappers
  the last attribute name);
* :class:`FrameworkCheck`: terraform-plugin-framework-validators (``stringvalidator`` …):
  ``problems(value, path)`` returns ``(summary, detail)`` pairs in ``validatordiag``'s words.

Enumerations come from botocore's service models (the provider takes them from the AWS SDK for Go v2,
generated from the same models).
"""

from __future__ import annotations

import ipaddress
import json
import re
from dataclasses import dataclass
from typing import Any

from apigwkit.provider_double import golang
from apigwkit.provider_double.botocore_models import botocore_enum


class NotWhole(Exception):
    pass


def as_int(value: Any) -> int:
    if isinstance(value, bool):
        raise NotWhole
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    raise NotWhole


class Check:
    """An SDKv2 ``SchemaValidateFunc``: returns its error texts for ``value`` under ``key`` (a text is the
    diagnostic's summary; a ``(summary, detail)`` pair is a provider-made diagnostic)."""

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
        return [f"expected {key} to be one of {golang.quote_slice(self.values)}, got {value}"]


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
        return tuple(dict.fromkeys(botocore_enum(self.service, self.shape) + self.extra))  # tfslices.AppendUnique

    def errors(self, value: Any, key: str) -> list[str]:
        return InSlice(self.values, self.ignore_case).errors(value, key)


@dataclass(frozen=True)
class IntBetween(Check):
    """``validation.IntBetween(lo, hi)``."""

    lo: int
    hi: int
    int_typed = True

    def errors(self, value: Any, key: str) -> list[str]:
        number = as_int(value)
        if number < self.lo or number > self.hi:
            return [f"expected {key} to be in the range ({self.lo} - {self.hi}), got {number}"]
        return []


@dataclass(frozen=True)
class IntAtLeast(Check):
    """``validation.IntAtLeast(n)``."""

    minimum: int
    int_typed = True

    def errors(self, value: Any, key: str) -> list[str]:
        number = as_int(value)
        if number < self.minimum:
            return [f"expected {key} to be at least ({self.minimum}), got {number}"]
        return []


@dataclass(frozen=True)
class IntInSlice(Check):
    """``validation.IntInSlice(values)`` (prints the slice with ``%v``)."""

    values: tuple[int, ...]
    int_typed = True

    def errors(self, value: Any, key: str) -> list[str]:
        number = as_int(value)
        if number not in self.values:
            return [f"expected {key} to be one of {golang.value_slice(self.values)}, got {number}"]
        return []


@dataclass(frozen=True)
class IntDivisibleBy(Check):
    """``validation.IntDivisibleBy(n)``."""

    divisor: int
    int_typed = True

    def errors(self, value: Any, key: str) -> list[str]:
        number = as_int(value)
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
        if golang.regexp(self.pattern).search(value):
            return []
        if self.message:
            return [f"invalid value for {key} ({self.message})"]
        return [f"expected value of {key} to match regular expression {golang.quote(self.pattern)}, got {value}"]


@dataclass(frozen=True)
class LengthPattern(Check):
    """The cognitoidp ``validUserPool*``/``validUserGroupName``-style validators (``cognitoidp/validate.go``): a
    length range (UTF-8 characters, or bytes when ``runes`` is false), then an unanchored RE2 pattern; each
    failure is its own ``%q …`` error, ``mismatch`` being the words after the quoted key."""

    lo: int
    hi: int
    pattern: str
    mismatch: str
    runes: bool = True

    def errors(self, value: Any, key: str) -> list[str]:
        unit = "UTF-8 character" if self.runes else "character"
        count = len(value) if self.runes else len(value.encode())
        quoted = golang.quote(key)
        found = []
        if count < self.lo:
            found.append(f"{quoted} cannot be less than {self.lo} {unit}{'' if self.lo == 1 else 's'}")
        if count > self.hi:
            found.append(f"{quoted} cannot be longer than {self.hi} {unit}s")
        if not golang.regexp(self.pattern).search(value):
            found.append(f"{quoted} {self.mismatch}")
        return found


@dataclass(frozen=True)
class NotMatch(Check):
    """``validation.StringDoesNotMatch(regexp, message)``."""

    pattern: str
    message: str = ""

    def errors(self, value: Any, key: str) -> list[str]:
        if not golang.regexp(self.pattern).search(value):
            return []
        if self.message:
            return [f"invalid value for {key} ({self.message})"]
        return [f"expected value of {key} to not match regular expression {golang.quote(self.pattern)}, got {value}"]


@dataclass(frozen=True)
class IsEmpty(Check):
    """``validation.StringIsEmpty``."""

    def errors(self, value: Any, key: str) -> list[str]:
        return [] if value == "" else [f"expected {golang.quote(key)} to be an empty string: got {value}"]


@dataclass(frozen=True)
class IsJSON(Check):
    """``validation.StringIsJSON`` (the empty string is accepted, as NormalizeJsonString does)."""

    def errors(self, value: Any, key: str) -> list[str]:
        if value == "":
            return []
        error = golang.json_syntax_message(value)
        return [] if error is None else [f"{golang.quote(key)} contains an invalid JSON: {error}"]


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
        if isinstance(node, golang.JSONPairs):
            seen: set[str] = set()
            for key, value in node:
                if key in seen:
                    found.append(f'duplicate key "{".".join([*path, key])}"')
                seen.add(key)
                walk(value, [*path, key])
        elif isinstance(node, list):
            for index, item in enumerate(node):
                walk(item, [*path, str(index)])

    walk(json.loads(text, object_pairs_hook=golang.JSONPairs), [])
    return found


@dataclass(frozen=True)
class IAMPolicyJSON(Check):
    """``verify.ValidIAMPolicyJSON`` (the policy-size quota check is not reproduced)."""

    def errors(self, value: Any, key: str) -> list[str]:
        name = golang.quote(key)
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
                    elif golang.json_syntax_message(content) is None:
                        hint = " (have you double-encoded your JSON data?)"
                return [
                    f"{name} contains an invalid JSON policy: contains a JSON-encoded string, not a "
                    f"JSON-encoded object{hint}"
                ]
            if first == "[":
                return [f"{name} contains an invalid JSON policy: contains a JSON array, not a JSON object"]
            return [f"{name} contains an invalid JSON policy: not a JSON object"]
        syntax = golang.json_syntax_error(value)
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
        name = golang.quote(key)
        if not value.startswith("arn:"):
            return [f"{name} ({value}) is an invalid ARN: arn: invalid prefix"]
        sections = value.split(":", 5)
        if len(sections) != 6:
            return [f"{name} ({value}) is an invalid ARN: arn: not enough sections"]
        _, partition, _service, region, account, resource = sections
        out: list[str] = []
        if partition == "":
            out.append(f"{name} ({value}) is an invalid ARN: missing partition value")
        elif not golang.regexp(_ARN_PARTITION).search(partition):
            out.append(
                f"{name} ({value}) is an invalid ARN: invalid partition value (expecting to match regular "
                f"expression: {_ARN_PARTITION})"
            )
        if region and not golang.regexp(_ARN_REGION).search(region):
            out.append(
                f"{name} ({value}) is an invalid ARN: invalid region value (expecting to match regular "
                f"expression: {_ARN_REGION})"
            )
        if account and not golang.regexp(_ARN_ACCOUNT).search(account):
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
        return [f"{golang.quote(key)} doesn't look like AWS Account ID (exactly 12 digits): {golang.quote(value)}"]


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
                f"{key}: cannot parse '{value}' as int: strconv.ParseInt: parsing {golang.quote(value)}: invalid syntax"
            ]
        number = int(value)
        if number < self.lo or number > self.hi:
            return [f"expected {key} to be at between ({self.lo}) and ({self.hi}), got {number}"]
        return []


@dataclass(frozen=True)
class MaxLenQuoted(Check):
    """A provider check ``len(value) > N`` (Go ``len``: bytes) whose message is ``template`` formatted with
    ``{key}``/``{value}`` (Go ``%q``) and ``{max}``; by default ``"%q cannot be longer than N characters: %q"``."""

    maximum: int
    template: str = "{key} cannot be longer than {max} characters: {value}"

    def errors(self, value: Any, key: str) -> list[str]:
        if len(value.encode("utf-8")) > self.maximum:
            return [self.template.format(key=golang.quote(key), value=golang.quote(value), max=self.maximum)]
        return []


@dataclass(frozen=True)
class MatchQuoted(Check):
    """A provider regexp check whose message is ``template`` % (``%q`` key, ``%q`` value); with ``negate``
    the error is for a value that matches."""

    pattern: str
    template: str
    negate: bool = False

    def errors(self, value: Any, key: str) -> list[str]:
        if bool(golang.regexp(self.pattern).search(value)) != self.negate:
            return []
        return [self.template.format(key=golang.quote(key), value=golang.quote(value))]


@dataclass(frozen=True)
class PolicyPathSlashes(Check):
    """The middle check of iam ``validPolicyPath``: an ``errs.NewInvalidValueAttributeError`` diagnostic (summary
    "Invalid value", the text as detail; ``key`` is the attribute's path as ``errs.PathString`` writes it)."""

    def errors(self, value: Any, key: str) -> list[Any]:
        quoted = golang.quote(key)
        if not value.startswith("/") or not value.endswith("/"):
            return [
                ("Invalid value", f"Attribute {quoted} must begin and end with a slash (/), got {golang.quote(value)}")
            ]
        if "//" in value:
            return [
                (
                    "Invalid value",
                    f"Attribute {quoted} must not contain consecutive slashes (//), got {golang.quote(value)}",
                )
            ]
        return []


@dataclass(frozen=True)
class UnlessEmpty(Check):
    """A provider validator that returns early on ``""`` (``if len(value) == 0 { return }``)."""

    check: Check

    def errors(self, value: Any, key: str) -> list[str]:
        return [] if value == "" else self.check.errors(value, key)


@dataclass(frozen=True)
class NotEmpty(Check):
    """``validation.StringIsNotEmpty``."""

    def errors(self, value: Any, key: str) -> list[str]:
        return [f"expected {golang.quote(key)} to not be an empty string, got {value}"] if value == "" else []


@dataclass(frozen=True)
class NoZeroValues(Check):
    """``validation.NoZeroValues`` (strings and ints; helper/validation/meta.go)."""

    def errors(self, value: Any, key: str) -> list[str]:
        if value == "" and isinstance(value, str):
            return [f"{key} must not be empty, got "]
        if isinstance(value, int | float) and not isinstance(value, bool) and value == 0:
            return [f"{key} must not be zero, got 0"]
        return []


@dataclass(frozen=True)
class IPAddress(Check):
    """``validation.IsIPv4Address`` / ``IsIPv6Address`` (``net.ParseIP`` then ``To4``/``To16``)."""

    version: int

    def errors(self, value: Any, key: str) -> list[str]:
        ip = _go_parse_ip(value)
        ok = ip is not None and (self.version == 6 or ip.version == 4 or ip.ipv4_mapped is not None)
        if ok:
            return []
        kind = "IPv4" if self.version == 4 else "IPv6"
        return [f"expected {key} to contain a valid {kind} address, got: {value}"]


def _go_parse_ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """``net.ParseIP``: dotted IPv4 (no leading zeros) or IPv6 without a zone."""
    if "%" in text:
        return None
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _go_parse_cidr(text: str) -> tuple[Any, Any] | str:
    """``net.ParseCIDR``: ``(ip, network)``, or the Go error text."""
    address, slash, mask = text.partition("/")
    ip = _go_parse_ip(address)
    bits = 32 if ip is not None and ip.version == 4 else 128
    if not slash or ip is None or not mask.isdigit() or not mask.isascii() or int(mask) > bits:
        return f"invalid CIDR address: {text}"
    return ip, ipaddress.ip_network(f"{ip}/{int(mask)}", strict=False)


@dataclass(frozen=True)
class CIDRNetwork(Check):
    """``validation.IsCIDRNetwork(min, max)`` (helper/validation/network.go: its messages say "Value")."""

    lo: int
    hi: int

    def errors(self, value: Any, key: str) -> list[str]:
        parsed = _go_parse_cidr(value)
        if isinstance(parsed, str):
            return [f"expected {key} to contain a valid Value, got: {value} with err: {parsed}"]
        _, network = parsed
        out = []
        if value != str(network):
            out.append(f"expected {key} to contain a valid network Value, expected {network}, got {value}")
        if not self.lo <= network.prefixlen <= self.hi:
            out.append(
                f"expected {golang.quote(key)} to contain a network Value with between {self.lo} and {self.hi} "
                f"significant bits, got: {network.prefixlen}"
            )
        return out


@dataclass(frozen=True)
class CIDRBlock(Check):
    """``verify.ValidIPv4CIDRNetworkAddress`` / ``ValidIPv6CIDRNetworkAddress`` (``ValidateIPv4CIDRBlock``)."""

    version: int

    def errors(self, value: Any, key: str) -> list[str]:
        parsed = _go_parse_cidr(value)
        quoted = golang.quote(value)
        if isinstance(parsed, str):
            return [f"{quoted} is not a valid CIDR block: {parsed}"]
        ip, network = parsed
        kind = f"IPv{self.version}"
        if (ip.version == 4 or ip.ipv4_mapped is not None) != (self.version == 4):
            return [f"{quoted} is not a valid {kind} CIDR block"]
        if ip != network.network_address:
            return [f"{quoted} is not a valid {kind} CIDR block; did you mean {golang.quote(str(network))}?"]
        return []


@dataclass(frozen=True)
class PortOrTrafficPort(Check):
    """elbv2 ``validTargetGroupHealthCheckPort``: ``"traffic-port"`` or 1-65536 (a text that is not a number
    fails both tests, so it gets the message twice, as the provider's code does)."""

    def errors(self, value: Any, key: str) -> list[str]:
        if value == "traffic-port":
            return []
        message = f"{golang.quote(key)} must be a valid port number (1-65536) or {golang.quote('traffic-port')}"
        number = _go_atoi(value)
        out = [message] if number is None else []
        if number is None or not 1 <= number <= 65536:
            out.append(message)
        return out


@dataclass(frozen=True)
class PortNumber(Check):
    """``validation.IsPortNumber`` (helper/validation/network.go): 1-65535, the key ``%q``-quoted."""

    int_typed = True

    def errors(self, value: Any, key: str) -> list[str]:
        number = as_int(value)
        if not 1 <= number <= 65535:
            return [f"expected {golang.quote(key)} to be a valid port number, got: {number}"]
        return []


@dataclass(frozen=True)
class ListenerRulePriority(Check):
    """elbv2 ``validListenerRulePriority``: 1-50000, or 99999 (the default rule)."""

    int_typed = True

    def errors(self, value: Any, key: str) -> list[str]:
        number = as_int(value)
        if number < 1 or (number > 50_000 and number != 99_999):
            return [f"{golang.quote(key)} must be in the range 1-50000 for normal rule or 99999 for the default rule"]
        return []


def _go_atoi(text: str) -> int | None:
    """``strconv.Atoi`` (an optional sign, then ASCII digits)."""
    return int(text) if re.fullmatch(r"[+-]?[0-9]+", text) else None


@dataclass(frozen=True)
class IntOrOff(Check):
    """elbv2 ``validTargetGroupHealthInput`` (``percentage``: ``validTargetGroupHealthPercentageInput``)."""

    percentage: bool = False

    def errors(self, value: Any, key: str) -> list[str]:
        if value == "off":
            return []
        number = _go_atoi(value)
        if self.percentage:
            if number is None or not 1 <= number <= 100:
                return [f"{golang.quote(key)} must be an integer between 0 and 100 or 'off'"]
            return []
        return [f"{golang.quote(key)} must be an integer or 'off'"] if number is None else []


@dataclass(frozen=True)
class LambdaFunctionNameLength(Check):
    """The last part of the lambda package's ``validFunctionName``: the name inside an ARN is at
    most 64 characters."""

    def errors(self, value: Any, key: str) -> list[str]:
        full = golang.regexp(
            r"^arn:[\w-]+:lambda:[a-z]{2}-(?:[a-z]+-){1,2}\d{1}:\d{12}:function:([0-9A-Za-z_-]+)"
            r"(:(\$LATEST|[0-9A-Za-z_-]+))?$"
        ).search(value)
        partial = golang.regexp(r"^\d{12}:function:([0-9A-Za-z_-]+)$").search(value)
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
        listed = "[" + " ".join(golang.quote(v) for v in self.values) + "]"
        return [
            (
                "Invalid Attribute Value Match",
                f"Attribute {path} value must be one of: {listed}, got: {golang.quote(value)}",
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
class FwLengthAtMost(FrameworkCheck):
    """``stringvalidator.LengthAtMost(hi)``."""

    hi: int

    def problems(self, value: Any, path: str) -> list[tuple[str, str]]:
        if len(value) <= self.hi:
            return []
        return [
            (
                "Invalid Attribute Value Length",
                f"Attribute {path} string length must be at most {self.hi}, got: {len(value)}",
            )
        ]


@dataclass(frozen=True)
class FwRegexMatches(FrameworkCheck):
    """``stringvalidator.RegexMatches(regexp, message)``."""

    pattern: str
    message: str = ""

    def problems(self, value: Any, path: str) -> list[tuple[str, str]]:
        if golang.regexp(self.pattern).search(value):
            return []
        description = self.message or f"value must match regular expression '{self.pattern}'"
        return [("Invalid Attribute Value Match", f"Attribute {path} {description}, got: {golang.quote(value)}")]


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


@dataclass(frozen=True)
class FwSizeAtMost(FrameworkCheck):
    """``setvalidator.SizeAtMost(n)`` / ``listvalidator.SizeAtMost(n)`` (``kind`` names the collection)."""

    maximum: int
    kind: str = "set"

    def problems(self, value: Any, path: str) -> list[tuple[str, str]]:
        if len(value) <= self.maximum:
            return []
        description = f"{self.kind} must contain at most {self.maximum} elements"
        return [("Invalid Attribute Value", f"Attribute {path} {description}, got: {len(value)}")]
