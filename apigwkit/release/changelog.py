"""CHANGELOG.md (Keep a Changelog): entries are written under ``## [Unreleased]``; a release turns them
into a version section."""

from __future__ import annotations

import re

UNRELEASED = "## [Unreleased]"
_LINK = re.compile(r"^\[[^\]]+\]: \S+$", re.M)


def unreleased(text: str) -> str:
    """The entries under ``## [Unreleased]`` (up to the next version heading or the link definitions)."""
    if UNRELEASED not in text:
        raise ValueError(f"CHANGELOG.md has no {UNRELEASED!r} heading")
    body = text.split(UNRELEASED, 1)[1]
    end = min((m.start() for m in (re.search(r"^## \[", body, re.M), _LINK.search(body)) if m), default=len(body))
    return body[:end].strip()


def is_breaking(section: str) -> bool:
    """A section says it breaks callers in a ``###`` heading ("### Changed (breaking for existing state)")."""
    return any("breaking" in line.lower() for line in section.splitlines() if line.startswith("### "))


def cut(text: str, version: str, date: str, repo_url: str | None = None, previous: str | None = None) -> str:
    """The changelog with the Unreleased entries under ``## [version] - date`` and an empty Unreleased
    section above them; with ``repo_url``, the compare links at the end name the new tag."""
    entries = unreleased(text)
    if not entries:
        raise ValueError(f"nothing under {UNRELEASED} to release")
    head, rest = text.split(UNRELEASED, 1)
    rest = rest.strip()[len(entries) :].lstrip()
    cut_text = f"{head}{UNRELEASED}\n\n## [{version}] - {date}\n\n{entries}\n"
    links = [line for line in _LINK.findall(rest) if not line.startswith("[Unreleased]:")]
    rest = _LINK.sub("", rest).strip()
    if rest:
        cut_text += f"\n{rest}\n"
    if repo_url:
        compare = f"{repo_url}/compare/{previous}...v{version}" if previous else f"{repo_url}/releases/tag/v{version}"
        links = [f"[Unreleased]: {repo_url}/compare/v{version}...HEAD", f"[{version}]: {compare}", *links]
    if links:
        cut_text += "\n" + "\n".join(links) + "\n"
    return cut_text
