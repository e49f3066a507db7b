"""The CLI contract (`python -m geo compute`), run as a subprocess like external checks do."""

import io
import os
import subprocess
import sys

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

from geo.definition import load_definition
from geo.paths import ROOT, demo_paths

DEF = load_definition(demo_paths().default_definition)


def run(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "geo", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=120)


def test_compute_on_demo_follows_the_contract(tmp_path):
    res = run("compute")
    assert res.returncode == 0, res.stderr
    table = pd.read_csv(io.StringIO(res.stdout), dtype={"area_id": str})
    assert table.columns.tolist() == ["area_id", "area_name", *DEF.dimension_ids, "index", "rank"]
    assert len(table) == 14
    assert table["rank"].tolist() == sorted(table["rank"])
    assert table["rank"].iloc[0] == 1
    # rank 1 is the lowest index
    assert table["index"].iloc[0] == table["index"].min()
    # the index is the equal-weight mean of the dimension scores, at full precision
    np.testing.assert_allclose(table["index"], table[list(DEF.dimension_ids)].mean(axis=1), rtol=1e-15)
    assert "syntetiska" in res.stderr


def test_compute_options_and_out_file(tmp_path):
    out = tmp_path / "res.csv"
    res = run("compute", "--method", "minmax", "--year", "2020", "--weights", "ekonomi=3,boende=0",
              "--out", str(out))
    assert res.returncode == 0, res.stderr
    assert res.stdout == ""
    table = pd.read_csv(out)
    expected = (table["delaktighet"] + table["utbildning"] + 3 * table["ekonomi"]) / 5
    np.testing.assert_allclose(table["index"], expected, rtol=1e-12)
    assert table["index"].between(0, 100).all()


def test_weights_change_the_ranking():
    base = pd.read_csv(io.StringIO(run("compute").stdout))
    moved = pd.read_csv(io.StringIO(run("compute", "--weights", "boende=5").stdout))
    assert base["area_id"].tolist() != moved["area_id"].tolist()


def test_explicit_files_give_the_same_result_as_the_demo(tmp_path):
    paths = demo_paths()
    res = run("compute", "--areas", str(paths.areas), "--indicators", str(paths.indicators),
              "--definition", str(paths.default_definition), "--year", "2024")
    assert res.returncode == 0, res.stderr
    assert res.stdout == run("compute").stdout


def test_health_definition_has_five_dimensions():
    res = run("compute", "--definition", str(ROOT / "data" / "definitions" / "malmo-2023-halsa.toml"))
    assert res.returncode == 0, res.stderr
    header = res.stdout.splitlines()[0].split(",")
    assert "halsa" in header and len(header) == 2 + 5 + 2


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("--weights", "foo=1"), "okänt id 'foo'"),
        (("--weights", "ekonomi=abc"), "inte ett tal"),
        (("--weights", "ekonomi"), "formen ID=VIKT"),
        (("--weights", "delaktighet=0,utbildning=0,ekonomi=0,boende=0"), "alla dimensionsvikter är 0"),
        (("--year", "1999"), "året 1999 finns inte"),
        (("--areas", "saknas.gpkg", "--indicators", "saknas.csv"), "saknas.gpkg: filen finns inte"),
        (("--definition", "saknas.toml"), "saknas.toml: filen finns inte"),
        (("--method", "median"), "invalid choice"),
    ],
)
def test_bad_input_exits_2_with_one_swedish_line(args, needle):
    res = run("compute", *args)
    assert res.returncode == 2
    assert needle in res.stderr
    assert "Traceback" not in res.stderr
    assert len([ln for ln in res.stderr.splitlines() if ln.startswith("fel:")]) == 1


def test_bad_indicator_file_names_file_and_row(tmp_path):
    areas = tmp_path / "omr.gpkg"
    gpd.read_file(demo_paths().areas).to_file(areas)
    bad = tmp_path / "ind.csv"
    bad.write_text("area_id,indicator_id,year,value\nG01,valdeltagande,2024,71\nG02,valdeltagande,2024,sjuttio\n")
    res = run("compute", "--areas", str(areas), "--indicators", str(bad))
    assert res.returncode == 2
    assert "ind.csv" in res.stderr and "rad 3" in res.stderr and "sjuttio" in res.stderr
    assert "Traceback" not in res.stderr


def test_areas_without_required_columns(tmp_path):
    areas = tmp_path / "omr.gpkg"
    gpd.read_file(demo_paths().areas).rename(columns={"area_name": "namn"}).to_file(areas)
    res = run("compute", "--areas", str(areas), "--indicators", str(demo_paths().indicators))
    assert res.returncode == 2
    assert "kolumnen 'area_name' saknas" in res.stderr


CASES = {
    "compute_default": [],
    "compute_minmax": ["--method", "minmax"],
    "compute_rank": ["--method", "rank", "--year", "2020"],
    "compute_ratio_geo": ["--method", "ratio", "--aggregation", "geometric"],
    "compute_weights": ["--weights", "ekonomi=3,boende=0.5,valdeltagande=0"],
    "compute_halsa": ["--definition", "data/definitions/malmo-2023-halsa.toml", "--method", "minmax"],
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_compute_output_is_unchanged(name, monkeypatch, capsys):
    """Byte for byte what the CLI wrote before the refactoring into layers (tests/fixtures/cli)."""
    from geo.cli import main
    from geo.paths import ROOT

    for key in [k for k in os.environ if k.startswith("OMRADESINDEX_")]:
        monkeypatch.delenv(key)
    monkeypatch.chdir(ROOT)
    assert main(["compute", *CASES[name]]) == 0
    expected = (ROOT / "tests" / "fixtures" / "cli" / f"{name}.csv").read_text(encoding="utf-8")
    assert capsys.readouterr().out == expected
