"""requirements.txt: exact pins only (hashes welcome), and not the SDK the Lambda runtime already has."""

from __future__ import annotations

from pathlib import Path

import pytest

from apigwkit.lambda_build import BuildError
from apigwkit.lambda_build.requirements import Pin, parse_requirements


def parse(tmp_path: Path, text: str) -> list[Pin]:
    path = tmp_path / "fn" / "requirements.txt"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return parse_requirements(path, "fn")


def test_pins_with_extras_markers_hashes_and_continuations_are_read(tmp_path: Path) -> None:
    text = (
        "# generated\n"
        "PyJWT[crypto]==2.10.1 \\\n"
        "    --hash=sha256:aaaa \\\n"
        "    --hash=sha256:bbbb\n"
        "typing_extensions==4.12.2 ; python_version < '3.13'  # only old Pythons\n"
        "\n"
    )
    assert parse(tmp_path, text) == [Pin("pyjwt", "2.10.1", 2), Pin("typing-extensions", "4.12.2", 5)]


@pytest.mark.parametrize("line", ["six>=1.16", "six", "six==1.*", "six>=1,<2", "six @ https://example.invalid/six.whl"])
def test_unpinned_requirement_is_rejected_with_its_line(tmp_path: Path, line: str) -> None:
    with pytest.raises(BuildError, match=r"fn/requirements\.txt line 2: .* is not pinned"):
        parse(tmp_path, f"attrs==24.2.0\n{line}\n")


@pytest.mark.parametrize("name", ["boto3", "botocore", "Boto3"])
def test_sdk_provided_by_the_runtime_is_rejected(tmp_path: Path, name: str) -> None:
    with pytest.raises(BuildError, match=rf"{name} is provided by the Lambda runtime"):
        parse(tmp_path, f"{name}==1.35.0\n")


@pytest.mark.parametrize("line", ["-r other.txt", "-e .", "--index-url https://example.invalid/simple"])
def test_options_that_reach_outside_the_file_are_rejected(tmp_path: Path, line: str) -> None:
    with pytest.raises(BuildError, match="is not supported"):
        parse(tmp_path, line + "\n")


def test_a_distribution_pinned_twice_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(BuildError, match="typing-extensions is pinned twice"):
        parse(tmp_path, "typing_extensions==4.12.2\nTyping-Extensions==4.12.2\n")
