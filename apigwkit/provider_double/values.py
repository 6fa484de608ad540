"""How the provider double holds Terraform values in Python.

A decoded value (from Terraform's msgpack wire format) is plain Python data:
``None`` for null, ``UNKNOWN`` for a value not known until apply, ``str``, ``bool``,
``int``/``float`` for numbers, ``list`` for lists, tuples and sets, ``dict`` for maps,
objects and nested blocks.
"""

from __future__ import annotations


class _Unknown:
    """The one unknown value; compares equal only to itself."""

    _instance: _Unknown | None = None

    def __new__(cls) -> _Unknown:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNKNOWN"

    def __bool__(self) -> bool:
        raise TypeError("an unknown value has no truth value; compare with `is UNKNOWN`")


UNKNOWN = _Unknown()


def has_unknown(value: object) -> bool:
    """Whether a decoded value is unknown or holds an unknown anywhere inside."""
    if value is UNKNOWN:
        return True
    if isinstance(value, dict):
        return any(has_unknown(v) for v in value.values())
    if isinstance(value, list | tuple):
        return any(has_unknown(v) for v in value)
    return False


# The fixed identity the double reports (an AWS documentation account id).
TEST_ACCOUNT_ID = "123456789012"
DEFAULT_REGION = "us-east-1"
