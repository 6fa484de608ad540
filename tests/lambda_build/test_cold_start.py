"""The handlers' cold path (issue 22): what each handler imports in the interpreter `make bench` measures in
(apigwkit.coldstart), and what the zips hold. The timings themselves are `make bench`'s: a shared machine is too noisy
for a timing assertion, the modules a handler imports are not."""

from __future__ import annotations

import json
import subprocess
import sys
import sysconfig
import zipfile
from concurrent.futures import ThreadPoolExecutor

import pytest

from apigwkit import coldstart
from apigwkit.engine.workspace import REPO_ROOT
from apigwkit.lambda_build.bytecode import CACHE_TAG

BUILD = REPO_ROOT / "build" / "lambda"


# chat and presign package no dependency: the build's import check already refuses any third-party import but boto3
PROBED = ("hello", "sum", "orders", "authorizer")


@pytest.fixture(scope="module")
def manifest() -> dict[str, dict[str, object]]:
    """build/lambda's manifest (`make test` builds first; built here only when missing)."""
    if not (BUILD / "manifest.json").is_file():
        subprocess.run([sys.executable, "-m", "apigwkit.lambda_build"], cwd=REPO_ROOT, check=True, capture_output=True)
    return json.loads((BUILD / "manifest.json").read_text())["functions"]


@pytest.fixture(scope="module")
def imported() -> dict[str, set[str]]:
    """Every module each handler's import adds in the interpreter `make bench` measures in, from its folder and this
    environment's packages (the versions its zip pins; extracting the zips would cost more than the probes)."""
    site_packages = sysconfig.get_paths()["purelib"]

    def probe(name: str) -> set[str]:
        folder = REPO_ROOT / "lambda_src" / name
        module = json.loads((folder / "function.json").read_text())["handler"].rsplit(".", 1)[0]
        shared = REPO_ROOT / "lambda_src" / "_shared"  # vendored into the zips that declare its packages
        target = coldstart.Target((str(folder), str(shared), site_packages), (module,))
        return set(coldstart.probe(target, coldstart.lambda_environment(name)).modules)

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(PROBED, pool.map(probe, PROBED), strict=True))


def third_party(modules: set[str], own: set[str]) -> set[str]:
    return {m.split(".")[0] for m in modules} - set(sys.stdlib_module_names) - own


def test_hello_and_sum_import_the_standard_library_only(imported: dict[str, set[str]]) -> None:
    assert third_party(imported["hello"], {"hello"}) == set()
    assert third_party(imported["sum"], {"sum"}) == set()
    # what Lambda's runtime has not imported already: nothing (urllib.parse only for a query that needs decoding)
    assert {m for m in imported["hello"] if not m.startswith("hello")} == set()
    assert {m for m in imported["sum"] if not m.startswith("sum")} == set()


def test_powertools_is_imported_only_where_it_earns_its_cost(
    imported: dict[str, set[str]], manifest: dict[str, dict[str, object]]
) -> None:
    for name in ("chat", "presign"):  # nothing packaged: boto3, from the runtime, is all they can import
        with zipfile.ZipFile(REPO_ROOT / str(manifest[name]["filename"])) as archive:
            assert not [entry for entry in archive.namelist() if ".dist-info/" in entry], name
    assert "aws_lambda_powertools.utilities.idempotency" in imported["orders"]
    assert "aws_lambda_powertools.utilities.parameters" in imported["authorizer"]
    assert {"jwt", "cryptography", "boto3"} <= third_party(imported["authorizer"], set())
    for name in ("orders", "authorizer"):  # no event classes, no Powertools Logger in use
        assert not {m for m in imported[name] if m.startswith("aws_lambda_powertools.utilities.data_classes")}, name
    assert "aws_lambda_powertools.utilities.idempotency" not in imported["authorizer"]


def test_hello_and_sum_ship_their_module_and_its_byte_code_only(manifest: dict[str, dict[str, object]]) -> None:
    for name in ("hello", "sum"):
        with zipfile.ZipFile(REPO_ROOT / str(manifest[name]["filename"])) as archive:
            assert archive.namelist() == [f"__pycache__/{name}.{CACHE_TAG}.pyc", f"{name}.py"]
    assert int(manifest["hello"]["size"]) <= coldstart.HELLO_MAX_ZIP_BYTES


def test_verdicts_compare_each_round_with_its_reference_and_the_estimate_scales_by_cpu_share() -> None:
    # round 2 was slow for everything (load on the machine): the per-round ratios do not see it
    samples = {
        coldstart.BARE: [0.001, 0.004, 0.001],
        "boto3": [0.1, 0.4, 0.1],
        "hello": [0.0019, 0.0076, 0.0019],
        "orders": [0.131, 0.524, 0.131],
        "extra": [0.0021, 0.0084, 0.0021],
    }
    verdicts = {v.handler: v for v in coldstart.verdicts(samples, ["hello", "orders", "extra", "missing"])}
    assert set(verdicts) == {"hello", "orders", "extra"}
    assert (verdicts["hello"].reference, round(verdicts["hello"].ratio, 2), verdicts["hello"].ok) == (
        coldstart.BARE,
        1.9,
        True,
    )
    assert (verdicts["orders"].reference, round(verdicts["orders"].ratio, 2), verdicts["orders"].ok) == (
        "boto3",
        1.31,
        False,
    )
    assert (verdicts["extra"].reference, verdicts["extra"].ok) == (coldstart.BARE, False)  # no row: the bare target
    assert coldstart.medians(samples)["boto3"] == 0.1
    assert coldstart.at_memory(1.0) == pytest.approx(1769 / 256)
    assert coldstart.at_memory(1.0, 3538) == 1.0  # at or above one vCPU: as measured
    lines = coldstart.report(coldstart.medians(samples), list(verdicts.values()), 3)
    assert any("1.31x boto3 (target <= 1.3x): OVER TARGET" in line for line in lines)
