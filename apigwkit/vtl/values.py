"""Template values that behave like the Java objects API Gateway hands to Velocity.

API Gateway parses JSON with Jayway JsonPath over json-smart: an object becomes a ``LinkedHashMap`` and an array a
json-smart ``JSONArray``. What a template *prints* follows from their ``toString()``:

- an object prints Java-style, ``{a=1, b=x, c=null}`` (strings unquoted): **not JSON**;
- an array prints as compact JSON, ``[1,"x",{"c":5}]`` (``JSONArray.toString()`` serialises its content);
- ``true``/``false`` print as such; a JSON ``null`` (or a missing reference) prints nothing;
- a number with a fraction or an exponent is a Java ``Double``: ``1.5``, ``2.0``, ``1.0E20``.

So ``"x": $body.obj`` produces invalid JSON in API Gateway, and this renderer reproduces that rather than hiding it;
``$input.json('$.obj')`` is the way to emit JSON.

``JavaMap`` wraps a dict instead of subclassing it so that the template sees the Java ``Map`` API
(``size()``, ``get()``, ``containsKey()``, ``keySet()``...) and not Python's: with a dict, ``$m.items`` on a map
without an ``items`` key would find ``dict.items`` and print a bound method.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any

__all__ = ["JavaDouble", "JavaList", "JavaMap", "NullPrintingMap", "java_string", "to_json", "to_plain", "to_vtl"]


class JavaDouble(float):
    """A JSON number with a fraction or exponent; prints like ``java.lang.Double.toString``."""

    def __str__(self) -> str:
        return _java_double(float(self))


class JavaList(list):
    """A JSON array (json-smart ``JSONArray``): prints as compact JSON and offers the Java ``List`` methods."""

    def __str__(self) -> str:
        return to_json(self)

    # --- java.util.List ---
    def size(self) -> int:
        return len(self)

    def isEmpty(self) -> bool:  # noqa: N802 (Java name)
        return not self

    def get(self, index: int) -> Any:
        return self[index]

    def contains(self, value: Any) -> bool:
        return value in self

    def add(self, value: Any) -> bool:
        self.append(to_vtl(value))
        return True


class JavaMap:
    """A JSON object (``LinkedHashMap``): keeps key order, prints ``{k=v, ...}``, offers the Java ``Map`` methods."""

    __slots__ = ("_entries",)

    def __init__(self, entries: Mapping[str, Any] | None = None) -> None:
        self._entries: dict[str, Any] = {key: to_vtl(value) for key, value in (entries or {}).items()}

    # --- what airspeed uses: $m.key and $m['key'] (item lookup), #set($m.key = v), #foreach, #if ---
    def __getitem__(self, key: str) -> Any:
        return self._entries[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self._entries[key] = to_vtl(value)

    def __contains__(self, key: object) -> bool:
        return key in self._entries

    def __iter__(self) -> Iterator[Any]:
        # Velocity's #foreach over a Map walks its values (use keySet() for the keys).
        return iter(list(self._entries.values()))

    def __len__(self) -> int:
        return len(self._entries)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, JavaMap):
            return self._entries == other._entries
        if isinstance(other, Mapping):
            return self._entries == dict(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  (mutable, like the dict it wraps)

    def __str__(self) -> str:
        return "{" + ", ".join(f"{key}={java_string(value)}" for key, value in self._entries.items()) + "}"

    def __repr__(self) -> str:
        return f"JavaMap({self._entries!r})"

    # --- java.util.Map ---
    def size(self) -> int:
        return len(self._entries)

    def isEmpty(self) -> bool:  # noqa: N802 (Java name)
        return not self._entries

    def get(self, key: str) -> Any:
        return self._entries.get(key)

    def containsKey(self, key: str) -> bool:  # noqa: N802 (Java name)
        return key in self._entries

    def keySet(self) -> JavaList:  # noqa: N802 (Java name)
        return JavaList(self._entries)

    def values(self) -> JavaList:
        return JavaList(self._entries.values())

    def put(self, key: str, value: Any) -> Any:
        previous = self._entries.get(key)
        self._entries[key] = to_vtl(value)
        return previous

    def putAll(self, other: JavaMap | Mapping[str, Any]) -> None:  # noqa: N802 (Java name)
        for key, value in to_plain(other).items():
            self._entries[key] = to_vtl(value)

    def remove(self, key: str) -> Any:
        return self._entries.pop(key, None)

    def toString(self) -> str:  # noqa: N802 (Java name)
        return str(self)

    # --- for Python callers ---
    def as_dict(self) -> dict[str, Any]:
        return self._entries


class NullPrintingMap(JavaMap):
    """A map whose properties can be read but which prints as ``null`` does, i.e. nothing.

    AWS: "Calling ``$context.authorizer.claims`` returns null", while ``$context.authorizer.claims.sub`` works.
    """

    __slots__ = ()

    def __str__(self) -> str:
        return ""


def to_vtl(value: Any) -> Any:
    """Parsed JSON (or plain Python data) as the objects a template sees."""
    if isinstance(value, JavaMap | JavaList | JavaDouble):
        return value
    if isinstance(value, Mapping):
        return JavaMap(value)
    if isinstance(value, list | tuple):
        return JavaList(to_vtl(item) for item in value)
    if isinstance(value, float):
        return JavaDouble(value)
    return value


def to_plain(value: Any) -> Any:
    """Template objects back to plain dicts, lists and floats."""
    if isinstance(value, JavaMap):
        return {key: to_plain(item) for key, item in value.as_dict().items()}
    if isinstance(value, list | tuple):
        return [to_plain(item) for item in value]
    if isinstance(value, JavaDouble):
        return float(value)
    return value


def to_json(value: Any) -> str:
    """Compact JSON (no spaces), non-ASCII kept as is; what ``$input.json`` and a printed array produce."""
    return json.dumps(to_plain(value), separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def java_string(value: Any) -> str:
    """``String.valueOf(value)`` for the values a template handles (used inside a printed map)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return _java_double(float(value))
    return str(value)


def _java_double(number: float) -> str:
    """``Double.toString``: plain notation for 1e-3 <= |x| < 1e7 (always with a fraction), else ``d.dddE±n``.

    Both use the shortest digits that round-trip, which is what Python's ``repr`` computes too.
    """
    if math.isnan(number):
        return "NaN"
    if math.isinf(number):
        return "Infinity" if number > 0 else "-Infinity"
    if number == 0:
        return "-0.0" if math.copysign(1.0, number) < 0 else "0.0"
    sign, digit_tuple, exponent = Decimal(repr(number)).normalize().as_tuple()
    digits = "".join(map(str, digit_tuple))
    scientific_exponent = len(digits) + int(exponent) - 1
    prefix = "-" if sign else ""
    if 1e-3 <= abs(number) < 1e7:
        if scientific_exponent >= 0:
            whole = digits[: scientific_exponent + 1].ljust(scientific_exponent + 1, "0")
            fraction = digits[scientific_exponent + 1 :] or "0"
        else:
            whole = "0"
            fraction = "0" * (-scientific_exponent - 1) + digits
        return f"{prefix}{whole}.{fraction}"
    return f"{prefix}{digits[0]}.{digits[1:] or '0'}E{scientific_exponent}"
