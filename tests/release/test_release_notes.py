"""Release notes computed from the modules' interfaces at two refs, the version rule, and the CHANGELOG cut."""

from __future__ import annotations

import subprocess

import pytest

from apigwkit.engine.workspace import REPO_ROOT
from apigwkit.release import changelog
from apigwkit.release.__main__ import main
from apigwkit.release.interface import ADDED, BREAKING, OTHER, compare_module, parse_type, read_module, type_changes
from apigwkit.release.notes import check_version, smallest_version

VARIABLES_V1 = """
variable "stage" {
  description = "Stage name."
  type        = string
  default     = "prod"
}

variable "routes" {
  description = "Routes by key."
  type        = map(object({ target = string }))
}
"""
VARIABLES_V2 = """
variable "stage" {
  description = "Stage name."
  type        = string
  default     = "live"
}

variable "routes" {
  description = "Routes by key, with an optional timeout."
  type        = map(object({ target = string, timeout = optional(number, 29000) }))
}
"""


@pytest.fixture
def release(capsys):
    """``release(repo, *args)``: ``python -m apigwkit.release --repo REPO ARGS`` in this process (exit code,
    stdout, stderr)."""

    def run(repo, *args: str) -> subprocess.CompletedProcess:
        code = main(["--repo", str(repo), *args])
        out, err = capsys.readouterr()
        return subprocess.CompletedProcess(args, code, out, err)

    return run


@pytest.fixture(scope="module")
def two_releases(git_repo):
    """v1.0.0, then a commit that changes the variable `stage` and the type of `routes`."""
    repo = git_repo("library")
    repo.write("modules/api/variables.tf", VARIABLES_V1)
    repo.write("modules/api/outputs.tf", 'output "id" {\n  value = terraform_data.this.id\n}\n')
    repo.write("modules/api/main.tf", 'resource "terraform_data" "this" {\n  input = var.stage\n}\n')
    repo.write("README.md", "# library\n")
    repo.commit("first release", tag="v1.0.0")
    repo.write("modules/api/variables.tf", VARIABLES_V2)
    repo.commit("stage defaults to live; routes take a timeout")
    return repo


def test_release_notes_show_a_changed_variable_between_two_refs(two_releases, release):
    result = release(two_releases.path, "notes", "--from", "v1.0.0", "--to", "HEAD")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "## Interface changes from v1.0.0 to HEAD",
        "",
        "The smallest version for these changes after v1.0.0: v2.0.0 (breaking).",
        "",
        "### Breaking: callers must act (see UPGRADE.md)",
        "",
        "- `api`: variable `stage`: default changed",
        "",
        "### Added: nothing to change for callers",
        "",
        "- `api`: variable `routes[*].timeout`: new optional attribute",
        "",
    ]


def test_release_notes_of_refs_without_interface_changes_say_so(two_releases, release):
    result = release(two_releases.path, "notes", "--from", "HEAD", "--to", "HEAD")
    assert "No change to any module's variables, outputs, addresses or requirements." in result.stdout


def test_release_notes_refuse_a_ref_that_does_not_exist(two_releases, release):
    result = release(two_releases.path, "notes", "--from", "v0.9.0")
    assert result.returncode == 1
    assert result.stderr.startswith("release: 'v0.9.0' names no commit in ")


def _changes(old: str, new: str) -> list[tuple[str, str]]:
    return [
        (c.level, c.text) for c in compare_module("m", read_module({"main.tf": old}), read_module({"main.tf": new}))
    ]


def test_variables_and_outputs_removed_or_required_are_breaking_and_new_optional_ones_are_added():
    old = (
        'variable "a" {\n  type = string\n}\nvariable "b" {\n  type = string\n  default = null\n}\n'
        'output "x" {\n  value = 1\n}\n'
    )
    new = (
        'variable "b" {\n  type = string\n}\nvariable "c" {\n  type = string\n}\nvariable "d" {\n  type = bool\n'
        '  default = false\n}\noutput "x" {\n  value = 1\n  sensitive = true\n}\noutput "y" {\n  value = 2\n}\n'
    )
    assert _changes(old, new) == [
        (BREAKING, "variable `a` removed"),
        (BREAKING, "new required variable `c`"),
        (ADDED, "new variable `d`"),
        (BREAKING, "variable `b` is now required"),
        (ADDED, "new output `y`"),
        (BREAKING, "output `x` is now sensitive"),
    ]


def test_an_address_change_is_breaking_unless_terraform_or_a_moved_block_carries_the_state():
    old = (
        'resource "aws_a" "one" {\n}\nresource "aws_b" "keyed" {\n  count = 1\n}\nresource "aws_c" "gone" {\n}\n'
        'resource "aws_d" "forgotten" {\n}\nresource "aws_e" "renamed" {\n}\n'
    )
    new = (
        'resource "aws_a" "one" {\n  count = 1\n}\nresource "aws_b" "keyed" {\n  for_each = {}\n}\n'
        "removed {\n  from = aws_d.forgotten\n  lifecycle {\n    destroy = false\n  }\n}\n"
        'resource "aws_e" "new_name" {\n}\nmoved {\n  from = aws_e.renamed\n  to = aws_e.new_name\n}\n'
    )
    assert _changes(old, new) == [
        (BREAKING, "`aws_c.gone` removed: its objects are destroyed"),
        (BREAKING, "`aws_d.forgotten` leaves the state, its objects stay in AWS (a `removed` block)"),
        (OTHER, "`aws_e.renamed` moves to `aws_e.new_name` (a `moved` block)"),
        (ADDED, "new `aws_e.new_name`"),
        (OTHER, "`aws_a.one` is now count (Terraform moves the instance itself)"),
        (BREAKING, "`aws_b.keyed` is now for_each (was count): its instances change address"),
    ]


def test_a_narrower_version_requirement_is_breaking_and_a_wider_one_is_added():
    def versions(terraform: str, aws: str) -> str:
        return (
            f'terraform {{\n  required_version = "{terraform}"\n  required_providers {{\n    aws = {{\n'
            f'      source = "hashicorp/aws"\n      version = "{aws}"\n    }}\n  }}\n}}\n'
        )

    assert _changes(versions(">= 1.5.0", ">= 6.0, < 7.0"), versions(">= 1.7.0", ">= 6.0, < 8.0")) == [
        (ADDED, "requires provider hashicorp/aws >= 6.0, < 8.0 (was >= 6.0, < 7.0)"),
        (BREAKING, "requires terraform >= 1.7.0 (was >= 1.5.0)"),
    ]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "object({a = string})",
            "object({a = string, b = optional(number)})",
            [(ADDED, "v.b", "new optional attribute")],
        ),
        ("object({a = string})", "object({a = string, b = number})", [(BREAKING, "v.b", "new required attribute")]),
        (
            "map(object({a = string, b = optional(bool)}))",
            "map(object({a = string}))",
            [(BREAKING, "v[*].b", "removed (a value set for it is now ignored)")],
        ),
        ("object({a = optional(string)})", "object({a = string})", [(BREAKING, "v.a", "now required")]),
        ("object({a = string})", "object({a = optional(string)})", [(ADDED, "v.a", "now optional")]),
        (
            'object({a = optional(string, "x")})',
            'object({a = optional(string, "y")})',
            [(BREAKING, "v.a", 'default "x" is now "y"')],
        ),
        ("list(string)", "set(string)", [(BREAKING, "v", "type list(string) is now set(string)")]),
        ("list(object({a = string}))", "any", []),
    ],
)
def test_type_changes_break_callers_unless_they_only_add_optional_attributes(old, new, expected):
    assert type_changes(parse_type(old), parse_type(new), "v") == expected


def test_the_next_version_follows_the_level_of_the_changes():
    assert smallest_version((1, 2, 3), BREAKING) == (2, 0, 0)
    assert smallest_version((0, 4, 1), BREAKING) == (0, 5, 0)  # before 1.0.0 the minor version breaks
    assert smallest_version((1, 2, 3), ADDED) == (1, 3, 0)
    assert smallest_version((1, 2, 3), OTHER) == (1, 2, 4)
    check_version((2, 0, 0), (1, 2, 3), BREAKING)
    with pytest.raises(
        ValueError,
        match="the interface changes since v1.2.3 are breaking: the next version is at least v2.0.0, not v1.3.0",
    ):
        check_version((1, 3, 0), (1, 2, 3), BREAKING)
    with pytest.raises(ValueError, match="version v1.2.3 is not after the last release v1.2.3"):
        check_version((1, 2, 3), (1, 2, 3), OTHER)


CHANGELOG = """# Changelog

Intro.

## [Unreleased]

### Changed (breaking for existing state)
- `api`: `stage` defaults to `live`.

## [1.0.0] - 2026-01-02

### Added
- `api`.

[Unreleased]: https://example.com/o/r/compare/v1.0.0...HEAD
[1.0.0]: https://example.com/o/r/releases/tag/v1.0.0
"""


def test_the_cut_moves_the_unreleased_entries_under_the_version_and_links_it():
    assert changelog.cut(CHANGELOG, "2.0.0", "2026-03-04", "https://example.com/o/r", "v1.0.0") == (
        "# Changelog\n\nIntro.\n\n## [Unreleased]\n\n## [2.0.0] - 2026-03-04\n\n"
        "### Changed (breaking for existing state)\n- `api`: `stage` defaults to `live`.\n\n"
        "## [1.0.0] - 2026-01-02\n\n### Added\n- `api`.\n\n"
        "[Unreleased]: https://example.com/o/r/compare/v2.0.0...HEAD\n"
        "[2.0.0]: https://example.com/o/r/compare/v1.0.0...v2.0.0\n"
        "[1.0.0]: https://example.com/o/r/releases/tag/v1.0.0\n"
    )
    assert changelog.is_breaking(changelog.unreleased(CHANGELOG))
    with pytest.raises(ValueError, match=r"nothing under ## \[Unreleased\] to release"):
        changelog.cut(changelog.cut(CHANGELOG, "2.0.0", "2026-03-04"), "2.0.1", "2026-03-05")


def test_a_release_is_cut_only_with_a_version_that_fits_and_upgrade_notes_for_breaking_changes(two_releases, release):
    repo = two_releases
    repo.write("CHANGELOG.md", CHANGELOG)
    repo.commit("changelog")
    notes = repo.path / "build/notes.md"
    refused = release(repo.path, "cut", "--version", "1.1.0", "--notes", str(notes))
    assert refused.returncode == 1
    assert "the next version is at least v2.0.0, not v1.1.0" in refused.stderr
    refused = release(repo.path, "cut", "--version", "2.0.0", "--notes", str(notes))
    assert "a breaking release needs a section for v2.0.0 in UPGRADE.md" in refused.stderr
    assert (repo.path / "CHANGELOG.md").read_text() == CHANGELOG and not notes.exists()

    repo.write("UPGRADE.md", "# Upgrading\n\n## Upgrading to v2.0.0\n\nSet `stage`.\n")
    cut = release(repo.path, "cut", "--version", "2.0.0", "--date", "2026-03-04", "--notes", str(notes))
    assert cut.returncode == 0, cut.stderr
    assert "## [Unreleased]\n\n## [2.0.0] - 2026-03-04\n" in (repo.path / "CHANGELOG.md").read_text()
    body = notes.read_text()
    assert body.startswith("### Changed (breaking for existing state)\n- `api`: `stage` defaults to `live`.\n")
    assert "Upgrading: see UPGRADE.md, section v2.0.0." in body
    assert "- `api`: variable `stage`: default changed" in body


def test_the_readme_states_the_versions_every_module_requires():
    readme = (REPO_ROOT / "README.md").read_text()
    section = readme.split("## Use it from your own Terraform", 1)[1].split("\n## ", 1)[0]
    for versions in sorted((REPO_ROOT / "modules").glob("*/versions.tf")):
        requires = read_module({"versions.tf": versions.read_text()}).requires
        assert requires, f"{versions} requires no versions"
        for name, constraint in requires.items():
            assert f"`{constraint}`" in section, (
                f"README does not say that {versions.parent.name} requires {name} {constraint}"
            )
