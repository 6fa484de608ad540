"""function.json: the handler must resolve to code (checked with ast), runtime/architecture must be Lambda's."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from apigwkit.lambda_build import BuildError
from apigwkit.lambda_build.spec import load_spec

MakeFunction = Callable[..., Path]


def test_defaults_to_arm64_and_maps_it_to_aarch64_manylinux2014(make_function: MakeFunction) -> None:
    spec = load_spec(make_function("fn"))
    assert (spec.target.architecture, spec.target.platform, spec.target.python_version) == (
        "arm64",
        "aarch64-manylinux2014",
        "3.12",
    )


def test_x86_64_maps_to_x86_64_manylinux2014(make_function: MakeFunction) -> None:
    folder = make_function("fn", spec={"handler": "app.handler", "runtime": "python3.13", "architecture": "x86_64"})
    spec = load_spec(folder)
    assert (spec.target.platform, spec.target.python_version) == ("x86_64-manylinux2014", "3.13")


def test_missing_handler_module_is_rejected(make_function: MakeFunction) -> None:
    folder = make_function("fn", spec={"handler": "main.handler", "runtime": "python3.12"})
    with pytest.raises(
        BuildError, match=r'module "main" not found; expected fn/main\.py or fn/main/__init__\.py'
    ) as err:
        load_spec(folder)
    assert err.value.function == "fn"


def test_missing_handler_function_is_rejected(make_function: MakeFunction) -> None:
    folder = make_function("fn", spec={"handler": "app.lambda_handler", "runtime": "python3.12"})
    with pytest.raises(BuildError, match=r'fn/app\.py does not define "lambda_handler" at module level'):
        load_spec(folder)


def test_handler_nested_in_another_function_does_not_count(make_function: MakeFunction) -> None:
    code = "def outer():\n    def handler(event, context):\n        return 1\n    return handler\n"
    folder = make_function("fn", files={"app.py": code})
    with pytest.raises(BuildError, match='does not define "handler"'):
        load_spec(folder)


def test_async_handler_is_rejected(make_function: MakeFunction) -> None:
    folder = make_function("fn", files={"app.py": "async def handler(event, context):\n    return 1\n"})
    with pytest.raises(BuildError, match="async function"):
        load_spec(folder)


def test_handler_module_with_syntax_error_is_reported_with_its_line(make_function: MakeFunction) -> None:
    folder = make_function("fn", files={"app.py": "x = 1\ndef handler(event, context)\n    return 1\n"})
    with pytest.raises(BuildError, match=r"app\.py line 2: syntax error"):
        load_spec(folder)


@pytest.mark.parametrize(
    ("files", "handler"),
    [
        ({"svc/api.py": "def handler(e, c):\n    return 1\n"}, "svc.api.handler"),
        ({"svc/__init__.py": "def handler(e, c):\n    return 1\n"}, "svc.handler"),
        ({"app.py": "from svc import make\nhandler = make()\n"}, "app.handler"),
        ({"app.py": "from svc.api import entry as handler\n"}, "app.handler"),
        (
            {"app.py": "try:\n    import x\nexcept ImportError:\n    def handler(e, c):\n        return 1\n"},
            "app.handler",
        ),
    ],
    ids=["dotted-module", "package-init", "assignment", "import-alias", "inside-try"],
)
def test_handler_defined_in_the_ways_python_allows_is_accepted(
    make_function: MakeFunction, files: dict[str, str], handler: str
) -> None:
    spec = load_spec(make_function("fn", files=files, spec={"handler": handler, "runtime": "python3.12"}))
    assert spec.handler == handler


def test_unknown_architecture_is_rejected(make_function: MakeFunction) -> None:
    folder = make_function("fn", spec={"handler": "app.handler", "runtime": "python3.12", "architecture": "aarch64"})
    with pytest.raises(BuildError, match=r"\"architecture\" must be one of \['arm64', 'x86_64'\], found 'aarch64'"):
        load_spec(folder)


def test_unknown_runtime_is_rejected(make_function: MakeFunction) -> None:
    folder = make_function("fn", spec={"handler": "app.handler", "runtime": "python3.8"})
    with pytest.raises(BuildError, match=r"\"runtime\" must be one of .*found 'python3\.8'"):
        load_spec(folder)


def test_misspelt_key_is_rejected_not_ignored(make_function: MakeFunction) -> None:
    folder = make_function("fn", spec={"handler": "app.handler", "runtime": "python3.12", "architectures": ["x86_64"]})
    with pytest.raises(BuildError, match=r"unknown key\(s\) \['architectures'\]"):
        load_spec(folder)


@pytest.mark.parametrize("handler", ["app", "app.", "app-x.handler", "", 3])
def test_handler_that_is_not_module_dot_function_is_rejected(make_function: MakeFunction, handler: object) -> None:
    folder = make_function("fn", spec={"handler": handler, "runtime": "python3.12"})
    with pytest.raises(BuildError, match=r'"handler" must be "<module>\.<function>"'):
        load_spec(folder)


def test_invalid_json_is_reported_with_the_file(make_function: MakeFunction) -> None:
    folder = make_function("fn")
    (folder / "function.json").write_text('{"handler": "app.handler",}', encoding="utf-8")
    with pytest.raises(BuildError, match=r"function\.json is not valid JSON"):
        load_spec(folder)


def test_shared_must_be_a_list_of_package_names(make_function: MakeFunction) -> None:
    folder = make_function("fn", spec={"handler": "app.handler", "runtime": "python3.12", "shared": "common"})
    with pytest.raises(BuildError, match=r'"shared" must be a list of package names'):
        load_spec(folder)
