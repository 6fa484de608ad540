"""Releases of the module library.

``notes``: the interface changes between two refs (``make release-notes FROM=<ref> TO=<ref>``).
``cut``: what the release workflow runs before it tags: checks that the version fits the interface
changes since the last release, moves CHANGELOG.md's Unreleased entries under the version, and
writes the GitHub release's notes (those entries and the computed interface changes).
"""

from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path

from apigwkit.release import changelog, notes
from apigwkit.release.interface import BREAKING, compare, git, read_interfaces


def last_release(repo: Path) -> str | None:
    """The highest ``vMAJOR.MINOR.PATCH`` tag, if any."""
    tags = []
    for tag in git(repo, "tag", "--list", "v*").split():
        try:
            tags.append((notes.parse_version(tag), tag))
        except ValueError:
            continue  # not a release tag
    return max(tags)[1] if tags else None


def release_notes(repo: Path, old: str, new: str) -> tuple[str, str]:
    """(Markdown of the interface changes from ``old`` to ``new``, their level)."""
    changes = compare(read_interfaces(repo, old), read_interfaces(repo, new))
    try:
        previous = notes.parse_version(old)
    except ValueError:
        previous = None  # not a release tag: no version to suggest
    return notes.render(changes, old, new, previous), notes.level_of(changes)


def _notes(args: argparse.Namespace) -> int:
    old = args.old or last_release(args.repo)
    if old is None:
        print("no release tag yet: name the older ref, e.g. make release-notes FROM=<ref>", file=sys.stderr)
        return 2
    print(release_notes(args.repo, old, args.new)[0])
    return 0


def _cut(args: argparse.Namespace) -> int:
    version = notes.parse_version(args.version)
    name = ".".join(map(str, version))
    tag = f"v{name}"
    if git(args.repo, "tag", "--list", tag).strip():
        raise ValueError(f"tag {tag} exists already")
    changelog_path, upgrade_path = args.repo / "CHANGELOG.md", args.repo / "UPGRADE.md"
    text = changelog_path.read_text()
    entries = changelog.unreleased(text)
    previous = last_release(args.repo)
    computed, level = release_notes(args.repo, previous, "HEAD") if previous else ("", None)
    if changelog.is_breaking(entries):
        level = BREAKING
    if previous:
        notes.check_version(version, notes.parse_version(previous), level)
    upgrade = upgrade_path.read_text() if upgrade_path.is_file() else ""
    if level == BREAKING and not any(tag in line for line in upgrade.splitlines() if line.startswith("#")):
        raise ValueError(f"a breaking release needs a section for {tag} in UPGRADE.md (a heading that names it)")
    changelog_path.write_text(changelog.cut(text, name, args.date, args.repo_url, previous))
    body = [entries, ""]
    if level == BREAKING:
        body += [f"Upgrading: see UPGRADE.md, section {tag}.", ""]
    if computed:
        body.append(computed)
    args.notes.parent.mkdir(parents=True, exist_ok=True)
    args.notes.write_text("\n".join(body))
    print(f"{tag}: CHANGELOG.md cut ({level or 'first release'}); release notes in {args.notes}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m apigwkit.release", description=__doc__)
    parser.add_argument("--repo", type=Path, default=Path.cwd(), help="the git repository (default: here)")
    commands = parser.add_subparsers(dest="command", required=True)
    listing = commands.add_parser("notes", help="interface changes between two refs")
    listing.add_argument("--from", dest="old", help="the older ref (default: the last vX.Y.Z tag)")
    listing.add_argument("--to", dest="new", default="HEAD", help="the newer ref (default: HEAD)")
    listing.set_defaults(run=_notes)
    cutting = commands.add_parser("cut", help="check the version, cut CHANGELOG.md, write the release notes")
    cutting.add_argument("--version", required=True, help="MAJOR.MINOR.PATCH")
    cutting.add_argument("--date", default=datetime.date.today().isoformat(), help="the release date (default: today)")
    cutting.add_argument("--repo-url", help="https://github.com/OWNER/REPO, for the CHANGELOG's compare links")
    cutting.add_argument("--notes", type=Path, default=Path("build/release/notes.md"), help="where to write them")
    cutting.set_defaults(run=_cut)
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except ValueError as error:
        print(f"release: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
