"""What Go prints and parses, where the provider's messages and outputs depend on it.

The real provider is a Go program: its diagnostics quote values with ``fmt``'s ``%q`` and ``%v``,
its regexps are RE2, and its JSON is read and written by ``encoding/json``. Everything of Go's the
double reproduces lives here, once:

* ``fmt``/``strconv``: :func:`quote` (``%q`` of a string), :func:`quote_slice`, :func:`value_slice`,
  :func:`format_float` (``%v`` of a float64);
* ``regexp``: :func:`regexp` compiles an RE2 pattern with Python's ``re`` (``$`` is end of text,
  classes are ASCII);
* ``encoding/json`` reading: :func:`json_syntax_error` (the scanner's ``*json.SyntaxError`` text and
  offset), :class:`JSONPairs` (objects with their keys in document order), :func:`json_fold_fields`
  (how a JSON key finds its struct field), :func:`json_kind` / :func:`type_name` (the words of
  ``UnmarshalTypeError`` and ``%T``);
* ``encoding/json`` writing: :func:`json_float`, :class:`JSONNumber`, :func:`json_normalize` (an
  ``interface{}`` re-marshalled), :func:`json_quote` (a string with HTML-safe escaping),
  :func:`json_marshal` (``json.Marshal`` / ``json.MarshalIndent``).

A ``%q``-quoted string and an encoding/json string are different things (``\\x01`` against
``\\u0001``, ``<`` kept against ``\\u003c``): :func:`quote` is the first, :func:`json_quote` the second.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Sequence
from decimal import Decimal
from functools import cache
from typing import Any

import regex

# --------------------------------------------------------------------------------------------
# fmt / strconv
# --------------------------------------------------------------------------------------------

_SIMPLE_ESCAPES = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v"}


def _is_printable(char: str) -> bool:
    return char == " " or unicodedata.category(char)[0] in "LMNPS"


def quote(text: str) -> str:
    """``strconv.Quote`` (what ``%q`` prints for a string)."""
    out = ['"']
    for char in text:
        if char in ('"', "\\"):
            out.append("\\" + char)
        elif _is_printable(char):
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


def quote_slice(values: Sequence[str]) -> str:
    """``%q`` of a ``[]string``: ``["A" "B"]``."""
    return "[" + " ".join(quote(v) for v in values) + "]"


def value_slice(values: Sequence[object]) -> str:
    """``%v`` of a slice: ``[A B]``."""
    return "[" + " ".join(str(v) for v in values) + "]"


def _exponent_form(value: float) -> tuple[str, str, str]:
    mantissa, exponent = f"{value!r}".split("e") if "e" in repr(value) else f"{value:e}".split("e")
    return mantissa, exponent[0], exponent[1:].lstrip("0") or "0"


def format_float(value: float) -> str:
    """``%v`` of a float64 (shortest digits; exponent form below 1e-4 or from 1e21)."""
    if value == int(value) and abs(value) < 1e21:
        return str(int(value))
    if 1e-4 <= abs(value) < 1e21:
        text = repr(value)
        return format(Decimal(text), "f") if "e" in text else text
    mantissa, sign, digits = _exponent_form(value)
    return f"{mantissa}e{sign}{digits.zfill(2)}"


# --------------------------------------------------------------------------------------------
# regexp (RE2)
# --------------------------------------------------------------------------------------------


# RE2's Perl classes are ASCII-only; spelt out where the pattern is compiled for Unicode (``\\p{…}``).
_PERL_CLASSES = {"\\s": "\\t\\n\\f\\r ", "\\d": "0-9", "\\w": "0-9A-Za-z_"}


@cache
def regexp(pattern: str) -> Any:
    """Compile a Go RE2 pattern: ``$`` means end of text, ``\\s``/``\\d``/``\\w`` are ASCII. A pattern with a
    Unicode class (``\\p{L}``, which Python's ``re`` lacks) is compiled with the ``regex`` package (already
    pinned for other tools), its Perl classes spelt out as RE2 defines them."""
    unicode = "\\p{" in pattern
    out: list[str] = []
    in_class = False
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\" and index + 1 < len(pattern):
            pair = pattern[index : index + 2]
            if unicode and pair in _PERL_CLASSES:
                pair = _PERL_CLASSES[pair] if in_class else f"[{_PERL_CLASSES[pair]}]"
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
    if unicode:
        return regex.compile("".join(out), regex.V0)
    return re.compile("".join(out), re.ASCII)


# --------------------------------------------------------------------------------------------
# encoding/json: reading
# --------------------------------------------------------------------------------------------


def _quote_char(byte: int) -> str:
    if byte == ord("'"):
        return "'\\''"
    if byte == ord('"'):
        return "'\"'"
    return "'" + quote(chr(byte))[1:-1] + "'"


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


def json_syntax_error(text: str) -> tuple[str, int] | None:
    """The message and byte offset of the ``*json.SyntaxError`` Go returns for ``text``, or ``None``."""
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


def json_syntax_message(text: str) -> str | None:
    """Only the message of :func:`json_syntax_error`."""
    found = json_syntax_error(text)
    return None if found is None else found[0]


class JSONPairs(list):  # type: ignore[type-arg]
    """A JSON object as its (key, value) pairs in document order (``json.loads(object_pairs_hook=JSONPairs)``)."""


def json_plain(value: Any) -> Any:
    """:class:`JSONPairs` back into dicts, the last of a repeated key winning (as Go's decoder does)."""
    if isinstance(value, JSONPairs):
        return {k: json_plain(v) for k, v in value}
    if isinstance(value, list):
        return [json_plain(v) for v in value]
    return value


def json_fold_fields(pairs: Sequence[tuple[str, Any]], names: Sequence[str]) -> dict[str, Any]:
    """Which struct field each JSON key fills: the exact name, else a case-insensitive match; the last wins."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        for name in names:
            if key == name or key.casefold() == name.casefold():
                out[name] = value
                break
    return out


def json_kind(value: Any) -> str:
    """The JSON kind ``json.UnmarshalTypeError`` names (``number``, ``string`` …) of a decoded value."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def type_name(value: Any) -> str:
    """``%T`` of a value JSON-decoded into ``interface{}``."""
    if value is None:
        return "<nil>"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "float64"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "[]interface {}"
    return "map[string]interface {}"


# --------------------------------------------------------------------------------------------
# encoding/json: writing
# --------------------------------------------------------------------------------------------


def json_float(value: float) -> str:
    """encoding/json's float64 text: shortest digits, 'f' form unless tiny or huge."""
    if math.isnan(value) or math.isinf(value):
        raise ValueError(
            f"json: unsupported value: {'NaN' if math.isnan(value) else ('+Inf' if value > 0 else '-Inf')}"
        )
    if value == 0:
        return "0"
    magnitude = abs(value)
    if magnitude < 1e-6 or magnitude >= 1e21:
        mantissa, sign, digits = _exponent_form(value)
        # strconv 'e' writes at least two exponent digits; encoding/json then turns e-09 into e-9.
        return f"{mantissa}e{sign}{digits.zfill(2) if sign == '+' else digits}"
    text = format(Decimal(repr(value)), "f")
    return text[:-2] if text.endswith(".0") else text


class JSONNumber:
    """A JSON number whose text is fixed (Go's float64 formatting)."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __eq__(self, other: object) -> bool:
        return isinstance(other, JSONNumber) and other.text == self.text

    def __hash__(self) -> int:
        return hash(self.text)

    def __repr__(self) -> str:
        return f"JSONNumber({self.text})"


def json_normalize(value: Any) -> Any:
    """Decoded JSON (``interface{}``) as Go re-marshals it: numbers are float64, map keys sorted."""
    if isinstance(value, bool) or value is None or isinstance(value, str | JSONNumber):
        return value
    if isinstance(value, int | float):
        return JSONNumber(json_float(float(value)))
    if isinstance(value, list):
        return [json_normalize(v) for v in value]
    if isinstance(value, dict):
        return {k: json_normalize(value[k]) for k in sorted(value)}
    raise TypeError(f"cannot render {type(value).__name__} as JSON")


_JSON_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\b": "\\b",
    "\f": "\\f",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def json_quote(text: str) -> str:
    """A JSON string as Go's encoding/json writes it (HTML-safe escaping on)."""
    out = ['"']
    for char in text:
        escaped = _JSON_ESCAPES.get(char)
        if escaped is not None:
            out.append(escaped)
        elif ord(char) < 0x20:
            out.append(f"\\u{ord(char):04x}")
        elif 0xD800 <= ord(char) <= 0xDFFF:
            out.append("\\ufffd")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


def _encode(value: Any, indent: bool, level: int) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, JSONNumber):
        return value.text
    if isinstance(value, int | float):
        return json_float(float(value))
    if isinstance(value, str):
        return json_quote(value)
    if isinstance(value, list | dict):
        if not value:
            return "[]" if isinstance(value, list) else "{}"
        if isinstance(value, list):
            items = [_encode(v, indent, level + 1) for v in value]
            open_, close = "[", "]"
        else:
            separator = ": " if indent else ":"
            items = [json_quote(k) + separator + _encode(v, indent, level + 1) for k, v in value.items()]
            open_, close = "{", "}"
        if not indent:
            return open_ + ",".join(items) + close
        inner = "\n" + "  " * (level + 1)
        return open_ + inner + ("," + inner).join(items) + "\n" + "  " * level + close
    raise TypeError(f"cannot render {type(value).__name__} as JSON")


def json_marshal(value: Any, *, indent: bool) -> str:
    """``json.MarshalIndent(v, "", "  ")`` (indent) or ``json.Marshal(v)`` text of ``value``.

    ``value`` is plain data whose dicts are already in Go's field/key order.
    """
    return _encode(value, indent, 0)
