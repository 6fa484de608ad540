"""An import the zip cannot satisfy fails the build, instead of every invocation with Runtime.ImportModuleError."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from apigwkit.lambda_build import Builder

MakeFunction = Callable[..., Path]

RESOLVABLE = """\
from __future__ import annotations

import json
import os.path
from typing import TYPE_CHECKING

import boto3
import tinydep
from botocore.config import Config

import helpers
from common import GREETING

from . import sibling

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

try:
    import orjson
except ImportError:
    orjson = None


def handler(event, context):
    import decimal

    return json.dumps({"ok": True})
"""


def test_imports_of_stdlib_own_code_shared_dependencies_and_runtime_sdk_are_accepted(
    root: Path, make_function: MakeFunction, builder: Builder
) -> None:
    shared = root / "lambda_src" / "_shared" / "common"
    shared.mkdir(parents=True)
    (shared / "__init__.py").write_text("GREETING = 'hi'\n")
    make_function(
        "fn",
        files={"app.py": RESOLVABLE, "helpers/__init__.py": "import tinydep\n"},
        spec={"handler": "app.handler", "runtime": "python3.12", "shared": ["common"]},
        requirements="tinydep==1.0\n",
    )
    [result] = builder.build().results
    assert result.status == "built", result.error


def test_import_missing_from_requirements_fails_naming_file_line_and_module(
    make_function: MakeFunction, builder: Builder
) -> None:
    code = "import json\nfrom aws_lambda_powertools import Logger\n\n\ndef handler(e, c):\n    import jwt\n"
    make_function("fn", files={"app.py": code, "tests/test_app.py": "import pytest\n"})
    [result] = builder.build().results
    assert result.status == "failed"
    assert result.error.startswith("fn: imports aws_lambda_powertools, jwt, which would not be importable in Lambda")
    assert "  app.py:2 imports aws_lambda_powertools\n  app.py:6 imports jwt\n" in result.error
    assert "pytest" not in result.error
    assert not builder.layout.zip_path("fn").exists()


def test_import_in_a_try_that_does_not_handle_import_error_is_still_checked(
    make_function: MakeFunction, builder: Builder
) -> None:
    code = "try:\n    import requests\nexcept ValueError:\n    pass\n\n\ndef handler(e, c):\n    return 1\n"
    make_function("fn", files={"app.py": code})
    [result] = builder.build().results
    assert "app.py:2 imports requests" in (result.error or "")
