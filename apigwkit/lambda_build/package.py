"""Write a zip whose bytes depend only on the files' names and contents.

Sorted entries, one fixed timestamp (1980-01-01, the earliest a zip can hold), Unix modes 0644 (0755 for the
few dependency files that are executable), no directory entries, no comments or extra fields, deflate at one
fixed level. Deflate's output is a property of the zlib Python links against: stock zlib has kept it stable in
practice, zlib-ng compresses differently; identical bytes are promised for the same zlib (lambda_src/README.md).
"""

from __future__ import annotations

import base64
import hashlib
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path

from apigwkit.lambda_build.errors import BuildError
from apigwkit.lambda_build.sources import Entry

# Lambda quotas, https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html ("Deployment package
# (.zip file archive) size"): "50 MB (zipped, when uploaded through the Lambda API or SDKs). Upload larger files
# with Amazon S3." and "250 MB The maximum size of the contents of a deployment package, including layers and
# custom runtimes. (unzipped)". The same page: "The Lambda documentation, log messages, and console use the
# abbreviation MB (rather than MiB) to refer to 1,024 KB", hence the powers of two.
MAX_ZIPPED_BYTES = 50 * 1024 * 1024  # 52,428,800: direct upload (aws_lambda_function.filename)
MAX_UNZIPPED_BYTES = 250 * 1024 * 1024  # 262,144,000: function code plus all its layers, extracted

ZIP_TIMESTAMP = (1980, 1, 1, 0, 0, 0)
COMPRESSION = zipfile.ZIP_DEFLATED
COMPRESSION_LEVEL = 6  # zlib's default: level 9 took 3x as long for 0.5% less on a 16 MB function
_UNIX = 3  # ZipInfo.create_system: the external attributes carry Unix modes


@dataclass(frozen=True)
class Limits:
    """Size limits a zip must stay under; injectable so tests need no 50 MB file."""

    zipped: int = MAX_ZIPPED_BYTES
    unzipped: int = MAX_UNZIPPED_BYTES


@dataclass(frozen=True)
class Archive:
    path: Path
    size: int
    unzipped_size: int
    sha256_hex: str

    @property
    def source_code_hash(self) -> str:
        """base64 of the zip's SHA-256: what Terraform's ``filebase64sha256()`` returns."""
        return base64.b64encode(bytes.fromhex(self.sha256_hex)).decode("ascii")


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def check_entries(function: str, entries: list[Entry], limits: Limits) -> int:
    """No two entries with the same name; the unzipped total under the limit. Returns the unzipped size."""
    seen: dict[str, Entry] = {}
    for entry in entries:
        other = seen.get(entry.arcname)
        if other is not None:
            raise BuildError(
                function,
                f"{entry.arcname!r} would be in the zip twice: from {other.origin} ({other.source}) and from "
                f"{entry.origin} ({entry.source}); rename one of them",
            )
        seen[entry.arcname] = entry
    unzipped = sum(entry.source.stat().st_size for entry in entries)
    if unzipped > limits.unzipped:
        raise BuildError(
            function,
            f"unzipped size {unzipped:,} bytes ({_mb(unzipped)}) is over Lambda's limit of {limits.unzipped:,} bytes "
            f"({_mb(limits.unzipped)}, function and layers together); drop dependencies or move to a container image",
        )
    return unzipped


def write_zip(function: str, entries: list[Entry], dest: Path, limits: Limits) -> Archive:
    """Write ``dest`` atomically from ``entries``; a zip over a limit is removed and reported, never left behind."""
    unzipped = check_entries(function, entries, limits)
    dest.parent.mkdir(parents=True, exist_ok=True)
    partial = dest.with_name(dest.name + ".partial")
    try:
        with zipfile.ZipFile(partial, "w") as archive:
            for entry in sorted(entries, key=lambda e: e.arcname):
                info = zipfile.ZipInfo(entry.arcname, date_time=ZIP_TIMESTAMP)
                info.create_system = _UNIX
                info.external_attr = (0o100000 | entry.mode) << 16  # regular file + permission bits
                info.compress_type = COMPRESSION
                data = entry.source.read_bytes()
                archive.writestr(info, data, compress_type=COMPRESSION, compresslevel=COMPRESSION_LEVEL)
        size = partial.stat().st_size
        if size > limits.zipped:
            raise BuildError(
                function,
                f"zip is {size:,} bytes ({_mb(size)}), over Lambda's direct-upload limit of {limits.zipped:,} bytes "
                f"({_mb(limits.zipped)}); drop dependencies, or upload through S3 (s3_bucket/s3_key) instead",
            )
        os.replace(partial, dest)
    finally:
        partial.unlink(missing_ok=True)
    return Archive(dest, size, unzipped, sha256_file(dest))
