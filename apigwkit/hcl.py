"""HCL read with python-hcl2, as plain Python values.

python-hcl2 keeps HCL's quotes, heredoc markers and ``${…}`` around expressions in the values it
returns; the module docs (``apigwkit.docs``) and the interface reader (``apigwkit.release``) both
want the plain value.
"""

from __future__ import annotations

import functools
import json
import re
import textwrap
from typing import Any

import hcl2


def plain(value: Any) -> Any:
    """The value without python-hcl2's quoting: strings unquoted, heredocs dedented, ``${x}`` as ``x``."""
    if isinstance(value, str):
        heredoc = re.match(r'^"?<<-?(\w+)\n(.*)\n\s*\1\s*"?$', value, re.S)  # heredocs come quoted, unescaped
        if heredoc:
            return textwrap.dedent(heredoc.group(2)).strip()
        if value.startswith('"') and value.endswith('"'):
            try:
                return json.loads(value, strict=False)
            except json.JSONDecodeError:  # a template with unescaped inner quotes: "${format("%s", x)}"
                return value[1:-1]
        if value.startswith("${") and value.endswith("}"):
            return value[2:-1]
        return value
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {plain(k): plain(v) for k, v in value.items() if k not in ("__is_block__", "__comments__")}
    return value


def blocks(text: str) -> dict[str, list[Any]]:
    """Every top-level block of one file by kind (``variable``, ``resource``, …), as plain values."""
    return {kind: plain(found) for kind, found in _parsed(text).items() if kind != "__comments__"}


@functools.lru_cache(maxsize=256)
def _parsed(text: str) -> dict[str, Any]:
    """python-hcl2's tree of one file's text, parsed once: its Lark parse is slow (~25 ms a file) and the docs and the
    release notes read the same files again and again. Callers get ``plain`` copies, never this tree."""
    return hcl2.loads(text)
