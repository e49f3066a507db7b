"""The bad-input corpus (tests/fixtures/bad, described in expected.toml): every file gives a
clear Swedish message, exit code 2 for errors and 0 with a warning for recoverable problems,
never a traceback — through the CLI's ``main(argv)`` in this process (as ``python -m geo``
runs it), a few cases again as real subprocesses, and through the library path the app's
import page takes (geo.readers.areas.read_areas / read_indicators → geo.dataset.report.join_report)."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
import tomllib
import warnings
from dataclasses import dataclass

import pytest

from geo.cli import main
from geo.dataset.report import join_report
from geo.definition import load_definition
from geo.errors import DataError
from geo.paths import ROOT, demo_paths
from geo.readers.areas import read_areas
from geo.readers.indicators import read_indicators
from tests.shared_data import FIXTURES

BAD = FIXTURES / "bad"
CASES = tomllib.loads((BAD / "expected.toml").read_text(encoding="utf-8"))["case"]
IDS = [c["id"] for c in CASES]
DEF = load_definition(demo_paths().default_definition)
#: Cases run again as a real process: "never a traceback" is a promise about the process.
SUBPROCESS = ("ind_icke_numeriskt.csv", "omraden_tom.gpkg", "ind_html_varde.csv")


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str


def _argv(case: dict) -> list[str]:
    return [case["command"], "--areas", str(BAD / case["areas"]), "--indicators", str(BAD / case["indicators"])]


def run_in_process(case: dict, monkeypatch: pytest.MonkeyPatch) -> Run:
    """``python -m geo …`` without a new interpreter: ``main(argv)`` with stdout/stderr captured."""
    for key in [k for k in os.environ if k.startswith("OMRADESINDEX_")]:
        monkeypatch.delenv(key)
    for key, value in case.get("env", {}).items():
        monkeypatch.setenv(key, value)
    monkeypatch.chdir(ROOT)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(_argv(case))
        except SystemExit as exc:  # argparse
            code = int(exc.code or 0)
    return Run(code, out.getvalue(), err.getvalue())


def run_subprocess(case: dict) -> Run:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OMRADESINDEX_")}
    env.update(case.get("env", {}))
    res = subprocess.run([sys.executable, "-m", "geo", *_argv(case)], capture_output=True, text=True, cwd=ROOT,
                         env=env, timeout=180)
    return Run(res.returncode, res.stdout, res.stderr)


def test_corpus_is_complete():
    files = {p.name for p in BAD.iterdir() if p.suffix not in (".py", ".toml") and not p.name.startswith("good_")}
    fixtures = {c["fixture"] for c in CASES}
    assert files == fixtures, "every bad file has a case and every case a file"
    assert len(fixtures) >= 40
    assert len(IDS) == len(set(IDS))
    for case in CASES:
        assert case["command"] in ("validate", "compute")
        assert case["outcome"] in ("error", "warning") and case["exit"] == (2 if case["outcome"] == "error" else 0)
        assert (BAD / case["areas"]).exists() and (BAD / case["indicators"]).exists()
        assert case["expect"] and case["what"] and case["reason"]


def check_cli(case: dict, res: Run) -> None:
    out = res.stdout + res.stderr
    assert res.returncode == case["exit"], out
    assert "Traceback" not in out and "oväntat internt fel" not in out
    prefix = "fel: " if case["outcome"] == "error" else "varning: "
    lines = [ln for ln in res.stderr.splitlines() if ln.startswith(prefix)]
    assert lines, f"no '{prefix}' line on stderr: {res.stderr}"
    assert case["fixture"] in "\n".join(lines), "the message names the file"
    for needle in case["expect"]:
        assert needle in out, f"{needle!r} missing in: {out}"
    if case["outcome"] == "error" and case["command"] == "compute":
        assert res.stdout == "", "nothing is written when the input is refused"
    # every line on stderr is one of the prefixed Swedish lines
    assert all(ln.startswith(("fel: ", "varning: ", "OBS: ")) for ln in res.stderr.splitlines()), res.stderr


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_cli(case, monkeypatch):
    check_cli(case, run_in_process(case, monkeypatch))


@pytest.mark.parametrize("case", [c for c in CASES if c["id"] in SUBPROCESS], ids=list(SUBPROCESS))
def test_cli_as_a_process(case):
    check_cli(case, run_subprocess(case))


@pytest.mark.parametrize("case", [c for c in CASES if c["command"] == "validate"],
                         ids=[c["id"] for c in CASES if c["command"] == "validate"])
def test_library_path(case, monkeypatch):
    """What the app's import page does: read both files, build the join report."""
    for key, value in case.get("env", {}).items():
        monkeypatch.setenv(key, value)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            areas = read_areas(BAD / case["areas"])
            table = read_indicators(BAD / case["indicators"], duplicates="keep")
        except DataError as exc:
            assert case["outcome"] == "error", f"unexpected error: {exc}"
            text = str(exc)
            assert case["fixture"] in text
        else:
            report = join_report(areas, table, DEF)
            text = " ".join(report.errors + report.warnings)
            if case["outcome"] == "error":
                assert report.errors and not report.usable
            else:
                assert report.usable and report.warnings
    for needle in case["expect"]:
        assert needle in text, f"{needle!r} missing in: {text}"


def test_html_names_stay_literal_in_compute_output(monkeypatch):
    res = run_in_process(next(c for c in CASES if c["id"] == "compute_html_namn"), monkeypatch)
    rows = res.stdout.splitlines()
    assert rows[0].startswith("area_id,area_name,")
    names = {r.split(",")[1] for r in rows[1:]}
    assert {"<script>alert('x')</script>", "<b>Fet</b> stadsdel", "<img src=x onerror=alert(1)>"} <= names
    assert "&lt;" not in res.stdout


def test_size_limit_is_configurable(monkeypatch, tmp_path):
    from geo.readers import limits

    big = tmp_path / "stor.csv"
    big.write_bytes((BAD / "good_indikatorer.csv").read_bytes())
    assert len(read_indicators(big)) > 0
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 1000)
    with pytest.raises(DataError, match=r"stor\.csv: filen är 6,5 kB, större än gränsen 1000 byte"):
        read_indicators(big)
    monkeypatch.setenv("OMRADESINDEX_MAX_FILE_MB", "1")
    assert len(read_indicators(big)) > 0  # the environment variable wins
    monkeypatch.setenv("OMRADESINDEX_MAX_FILE_MB", "många")
    with pytest.raises(DataError, match="OMRADESINDEX_MAX_FILE_MB='många' är inte ett positivt tal"):
        read_indicators(big)


def test_zip_bomb_generated_at_test_time(tmp_path):
    """A bomb that declares sizes far over the limit, built in tmp (never committed)."""
    import zipfile

    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for i in range(3):
            zf.writestr(f"lager{i}.shp", b"\0" * (40 * 1024**2))
    assert path.stat().st_size < 200 * 1024
    with pytest.raises(DataError, match="zip-bomb"):
        read_areas(path)


@pytest.mark.parametrize(
    ("bounds", "crs", "needle"),
    [
        ((1300000, 6160000, 1310000, 6170000), 3006, "RT 90 2,5 gon V (EPSG:3021)"),
        ((118000, 6160000, 119000, 6161000), 3006, "SWEREF 99 13 30 (EPSG:3008)"),
        ((12.9, 55.5, 13.0, 55.6), 3008, "grader (WGS84, EPSG:4326)"),
        ((55.5, 12.9, 55.6, 13.0), 3006, "omkastade"),
        ((370000, 6160000, 371000, 6161000), 3857, "SWEREF 99 TM (EPSG:3006)"),
    ],
)
def test_crs_that_does_not_fit_names_the_likely_one(bounds, crs, needle):
    import geopandas as gpd
    from shapely.geometry import box

    from geo.readers.areas import validate_areas

    gdf = gpd.GeoDataFrame({"area_id": ["G01"], "area_name": ["A"]}, geometry=[box(*bounds)], crs=crs)
    with pytest.raises(DataError, match=needle.replace("(", r"\(").replace(")", r"\)")):
        validate_areas(gdf, file="x.gpkg")


def test_plausible_and_unexplained_coordinates_are_not_refused():
    import geopandas as gpd
    from shapely.geometry import box

    from geo.readers.areas import validate_areas

    def check(bounds, crs):
        gdf = gpd.GeoDataFrame({"area_id": ["G01"], "area_name": ["A"]}, geometry=[box(*bounds)], crs=crs)
        return validate_areas(gdf, file="x.gpkg").attrs["warnings"]

    assert check((370000, 6160000, 371000, 6161000), 3006) == []  # Malmö in SWEREF 99 TM
    assert check((118000, 6160000, 119000, 6161000), 3008) == []  # Malmö in SWEREF 99 13 30
    assert check((12.9, 55.5, 13.0, 55.6), 4326) == []  # Malmö in degrees
    # toy squares at the origin fit no candidate: a warning, not an error (nothing to suggest)
    assert "användningsområdet" in check((0, 0, 1, 1), 3006)[0]
