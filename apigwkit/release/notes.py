"""Release notes computed from the interface changes between two refs, and the version they call for."""

from __future__ import annotations

import re

from apigwkit.release.interface import ADDED, BREAKING, LEVELS, OTHER, Change

HEADINGS = {
    BREAKING: "Breaking: callers must act (see UPGRADE.md)",
    ADDED: "Added: nothing to change for callers",
    OTHER: "Other interface changes: Terraform carries them",
}
_SEMVER = re.compile(r"v?(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)")


def parse_version(text: str) -> tuple[int, int, int]:
    found = _SEMVER.fullmatch(text.strip())
    if not found:
        raise ValueError(f"{text!r} is not a version MAJOR.MINOR.PATCH (e.g. 1.4.0, or v1.4.0 for the tag)")
    major, minor, patch = (int(n) for n in found.groups())
    return major, minor, patch


def level_of(changes: list[Change]) -> str:
    """The highest level among the changes (``other`` when there are none)."""
    return next((level for level in LEVELS if any(c.level == level for c in changes)), OTHER)


def smallest_version(previous: tuple[int, int, int], level: str) -> tuple[int, int, int]:
    """The next version the rule allows after ``previous`` for changes of ``level``: breaking -> major
    (minor while the major version is 0), added -> minor, other -> patch."""
    major, minor, patch = previous
    if level == BREAKING and major > 0:
        return major + 1, 0, 0
    if level in (BREAKING, ADDED):
        return major, minor + 1, 0
    return major, minor, patch + 1


def check_version(version: tuple[int, int, int], previous: tuple[int, int, int], level: str) -> None:
    """Refuse a version that goes backwards or does not say what the changes are."""
    if version <= previous:
        raise ValueError(f"version {_v(version)} is not after the last release {_v(previous)}")
    needed = smallest_version(previous, level)
    if version < needed:
        raise ValueError(
            f"the interface changes since {_v(previous)} are {level}: the next version is at least {_v(needed)}, "
            f"not {_v(version)} (README: Versions and what is breaking)"
        )


def _v(version: tuple[int, int, int]) -> str:
    return "v" + ".".join(map(str, version))


def render(changes: list[Change], old_ref: str, new_ref: str, previous: tuple[int, int, int] | None = None) -> str:
    """Markdown: the changes grouped by level, and the smallest next version when ``old_ref`` is a release."""
    lines = [f"## Interface changes from {old_ref} to {new_ref}", ""]
    if previous is not None:
        level = level_of(changes)
        lines += [
            f"The smallest version for these changes after {_v(previous)}: {_v(smallest_version(previous, level))} "
            f"({level if changes else 'no interface change'}).",
            "",
        ]
    if not changes:
        return "\n".join([*lines, "No change to any module's variables, outputs, addresses or requirements.", ""])
    for level in LEVELS:
        picked = [c for c in changes if c.level == level]
        if picked:
            lines += [f"### {HEADINGS[level]}", "", *(f"- {c}" for c in picked), ""]
    return "\n".join(lines)
