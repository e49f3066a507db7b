"""The new CLI commands (validate, aggregate, scb, compute --data-dir), run as subprocesses."""

import io
import os
import shutil
import subprocess
import sys

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import box

from geo.paths import DATA, ROOT
from tests.shared_data import FIXTURES, shared_file

MESSY = FIXTURES / "messy"


def run(*args, env=None):
    full = {k: v for k, v in os.environ.items() if k != "OMRADESINDEX_DATA_DIR"}
    full.update(env or {})
    return subprocess.run([sys.executable, "-m", "geo", *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT, timeout=120, env=full)


@pytest.fixture
def three_areas(tmp_path):
    gdf = gpd.GeoDataFrame({"kod": ["G01", "G02", "G03", "G04"], "namn": ["A", "B", "C", "D"]},
                           geometry=[box(i, 0, i + 1, 1) for i in range(4)], crs=3006)
    path = tmp_path / "omraden.gpkg"
    gdf.to_file(path)
    return path


def test_validate_demo_is_usable():
    res = run("validate", "--areas", DATA / "demo" / "omraden.gpkg", "--indicators", DATA / "demo" / "indikatorer.csv")
    assert res.returncode == 0, res.stderr
    assert res.stdout.startswith("Kopplingsrapport") and "Användbart: ja." in res.stdout


def test_validate_messy_table_with_mapping_reports_and_refuses(three_areas):
    res = run("validate", "--areas", three_areas, "--id-col", "kod", "--name-col", "namn",
              "--indicators", MESSY / "cp1252_bred_titelrad.csv", "--mapping", MESSY / "mappning.toml")
    assert res.returncode == 2
    assert "Områden utan data: G03, G04" in res.stdout
    assert "Undertryckta eller saknade celler" in res.stdout
    assert "G02/forvarvsarbetande/2022 = 1234.5" in res.stdout  # out of range
    assert "Dimensioner utan indikatorer: utbildning, boende" in res.stdout
    english = run("validate", "--areas", three_areas, "--id-col", "kod", "--name-col", "namn",
                  "--indicators", MESSY / "semikolon_decimalkomma.csv", "--lang", "en")
    assert "Ids normalised to match" not in english.stdout and "Areas without data" in english.stdout


def test_validate_bad_input_is_one_swedish_line(tmp_path):
    res = run("validate", "--areas", tmp_path / "nej.gpkg", "--indicators", MESSY / "clean_long.csv")
    assert res.returncode == 2
    assert res.stderr.startswith("fel: ") and res.stderr.count("\n") == 1 and "finns inte" in res.stderr


def test_aggregate_real_crosswalk(tmp_path):
    raw = gpd.read_file(shared_file("malmo_stad/malmo_delomraden_136.gpkg"))
    ind = tmp_path / "delomraden.csv"
    frame = pd.DataFrame({"area_id": raw["delomrade"], "indicator_id": "antal", "year": 2021, "value": 1})
    frame.to_csv(ind, index=False)
    out = tmp_path / "stadsdelar.csv"
    res = run("aggregate", "--indicators", ind, "--crosswalk", shared_file("malmo_stad/delomrade_till_stadsdel.csv"),
              "--fine-col", "name", "--coarse-col", "stadsdel", "--counts", "antal", "--missing", "skip", "--out", out)
    assert res.returncode == 0, res.stderr
    table = pd.read_csv(out)
    assert len(table) == 10 and table["value"].sum() == 135  # one name differs and is reported
    assert "SOFIELUNDS INDUSTRIOMR." in res.stderr


def test_aggregate_overlay_and_refusal(tmp_path):
    fine = shared_file("malmo_stad/malmo_delomraden_136.gpkg")
    raw = gpd.read_file(fine)
    ind = tmp_path / "andel.csv"
    pd.concat([pd.DataFrame({"area_id": raw["do_kod"], "indicator_id": "andel", "year": 2021, "value": 50.0}),
               pd.DataFrame({"area_id": raw["do_kod"], "indicator_id": "bef", "year": 2021, "value": 100.0})]
              ).to_csv(ind, index=False)
    args = ["aggregate", "--indicators", ind, "--fine-areas", fine, "--fine-id-col", "do_kod",
            "--coarse-areas", shared_file("malmo_stad/malmo_stadsdelar_10_dissolved.gpkg"),
            "--coarse-id-col", "stadsdel"]
    refused = run(*args)
    assert refused.returncode == 2 and "räknas aldrig" in refused.stderr
    weighted = run(*args, "--population", "bef")
    assert weighted.returncode == 0, weighted.stderr
    table = pd.read_csv(io.StringIO(weighted.stdout))
    andel = table[table["indicator_id"] == "andel"]
    assert len(andel) == 10
    np.testing.assert_allclose(andel["value"], 50.0)
    assert set(andel["method"]) == {"befolkningsvägt medel"}
    assert table.loc[table["indicator_id"] == "bef", "value"].sum() == 136 * 100


def test_scb_command(tmp_path):
    folder = shared_file("scb_deso_malmo/scb_deso_malmo_ekonomisk_standard_2022.csv").parent
    out = tmp_path / "scb.csv"
    res = run("scb", "--folder", folder, "--out", out)
    assert res.returncode == 0, res.stderr
    table = pd.read_csv(out)
    assert len(table) == 4 * 192
    assert {"numerator", "denominator"} <= set(table.columns)
    assert "ersättningsmått" in res.stderr


def test_compute_with_data_dir_and_env_var(tmp_path):
    city = tmp_path / "stad"
    city.mkdir()
    shutil.copy(DATA / "demo" / "omraden.gpkg", city / "omraden.gpkg")
    demo = pd.read_csv(DATA / "demo" / "indikatorer.csv", dtype=str)
    demo["area_id"] = demo["area_id"].str.lower()  # ids normalised by the join ("g01" → "G01")
    demo.to_csv(city / "indikatorer.csv", sep=";", index=False)
    base = run("compute")
    with_dir = run("compute", "--data-dir", city)
    assert with_dir.returncode == 0, with_dir.stderr
    assert "syntetiska" not in with_dir.stderr
    assert with_dir.stdout == base.stdout
    via_env = run("compute", env={"OMRADESINDEX_DATA_DIR": str(city)})
    assert via_env.stdout == base.stdout
    broken = run("compute", "--data-dir", tmp_path / "finns_inte")
    assert broken.returncode == 2 and broken.stderr.startswith("fel: ") and "datamappen finns inte" in broken.stderr
