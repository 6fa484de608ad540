"""The zip writer: same names and bytes in, same zip out; Lambda's size limits enforced before anything is kept."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from apigwkit.lambda_build import BuildError, Limits
from apigwkit.lambda_build.package import MAX_UNZIPPED_BYTES, MAX_ZIPPED_BYTES, write_zip
from apigwkit.lambda_build.sources import Entry


def make_tree(top: Path, files: dict[str, bytes], mtime: int) -> list[Entry]:
    entries = []
    for name, data in files.items():
        path = top / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        os.utime(path, (mtime, mtime))
        entries.append(Entry(name, path))
    return entries


FILES = {"b.py": b"B = 2\n", "a/__init__.py": b"", "a/z.py": b"Z = 26\n" * 100, "c.txt": b"\x00\x01 data"}


def test_same_files_with_other_mtimes_and_order_give_identical_bytes(tmp_path: Path) -> None:
    first = make_tree(tmp_path / "one", FILES, mtime=1_000_000_000)
    second = make_tree(tmp_path / "two", dict(reversed(FILES.items())), mtime=1_700_000_000)
    a = write_zip("fn", first, tmp_path / "one.zip", Limits())
    b = write_zip("fn", second, tmp_path / "two.zip", Limits())
    assert (tmp_path / "one.zip").read_bytes() == (tmp_path / "two.zip").read_bytes()
    assert a.sha256_hex == b.sha256_hex


def test_entries_are_sorted_timestamped_1980_and_mode_0644_without_directory_entries(tmp_path: Path) -> None:
    write_zip("fn", make_tree(tmp_path / "t", FILES, mtime=1_700_000_000), tmp_path / "fn.zip", Limits())
    with zipfile.ZipFile(tmp_path / "fn.zip") as archive:
        infos = archive.infolist()
    assert [info.filename for info in infos] == sorted(FILES)
    assert {info.date_time for info in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert {info.external_attr >> 16 for info in infos} == {0o100644}
    assert {info.compress_type for info in infos} == {zipfile.ZIP_DEFLATED}
    assert {info.create_system for info in infos} == {3}
    assert not any(info.is_dir() for info in infos)


def test_executable_dependency_file_keeps_mode_0755(tmp_path: Path) -> None:
    entries = make_tree(tmp_path / "t", {"tool": b"#!/bin/sh\n"}, mtime=0)
    entries = [Entry("tool", entries[0].source, 0o755, "dependencies")]
    write_zip("fn", entries, tmp_path / "fn.zip", Limits())
    with zipfile.ZipFile(tmp_path / "fn.zip") as archive:
        assert archive.getinfo("tool").external_attr >> 16 == 0o100755


def test_zip_over_the_zipped_limit_is_rejected_and_not_left_behind(tmp_path: Path) -> None:
    entries = make_tree(tmp_path / "t", {"blob.bin": os.urandom(4096)}, mtime=0)
    with pytest.raises(
        BuildError, match=r"fn: zip is [\d,]+ bytes .* over Lambda's direct-upload limit of 1,000 bytes"
    ):
        write_zip("fn", entries, tmp_path / "fn.zip", Limits(zipped=1000))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t"]


def test_contents_over_the_unzipped_limit_are_rejected(tmp_path: Path) -> None:
    entries = make_tree(tmp_path / "t", {"big.txt": b"a" * 5000}, mtime=0)  # compresses to far under 5000
    with pytest.raises(BuildError, match=r"fn: unzipped size 5,000 bytes .* over Lambda's limit of 4,096 bytes"):
        write_zip("fn", entries, tmp_path / "fn.zip", Limits(unzipped=4096))
    assert not (tmp_path / "fn.zip").exists()


def test_limits_default_to_lambdas_documented_quotas() -> None:
    assert (Limits().zipped, Limits().unzipped) == (MAX_ZIPPED_BYTES, MAX_UNZIPPED_BYTES) == (52_428_800, 262_144_000)


def test_two_files_with_one_name_in_the_zip_is_an_error(tmp_path: Path) -> None:
    ours = make_tree(tmp_path / "code", {"six.py": b"mine"}, mtime=0)
    theirs = [
        Entry("six.py", make_tree(tmp_path / "deps", {"six.py": b"theirs"}, mtime=0)[0].source, 0o644, "dependencies")
    ]
    with pytest.raises(
        BuildError, match=r"'six\.py' would be in the zip twice: from function .* and from dependencies"
    ):
        write_zip("fn", ours + theirs, tmp_path / "fn.zip", Limits())
