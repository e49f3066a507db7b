"""The app on configured data: a city's folder is used; a broken one falls back to the demo."""

from __future__ import annotations

import json
import shutil

import pandas as pd
from streamlit.testing.v1 import AppTest

from geo.paths import ROOT, demo_paths
from tests.ui.apphelpers import app, map_data, ranking, shown


def run_app() -> AppTest:
    return app()


def text(at: AppTest) -> str:
    return shown("\n".join([m.value for m in at.markdown] + [w.value for w in at.warning]
                            + [c.value for c in at.caption]))


def test_missing_configured_folder_shows_banner_and_demo(monkeypatch, tmp_path):
    monkeypatch.setenv("OMRADESINDEX_DATA_DIR", str(tmp_path / "finns-inte"))
    at = run_app()
    assert not at.exception
    warnings = [shown(w.value) for w in at.warning]
    assert any("konfigurerade datamappen" in w and "finns-inte" in w for w in warnings), warnings
    assert "SYNTETISKA DEMODATA" in text(at)
    assert len(ranking(at)) == 14


def test_configured_folder_is_used_without_demo_label(monkeypatch, tmp_path):
    folder = tmp_path / "stadens-data"
    folder.mkdir()
    shutil.copy(demo_paths().areas, folder / "omraden.gpkg")
    csv = demo_paths().indicators.read_text(encoding="utf-8").replace("G03,", "G03 ,")  # messy ids are matched
    (folder / "indikatorer.csv").write_text(csv, encoding="utf-8")
    monkeypatch.setenv("OMRADESINDEX_DATA_DIR", str(folder))
    at = run_app()
    assert not at.exception, [e.value for e in at.exception]
    assert "SYNTETISKA DEMODATA" not in text(at)
    assert "stadens-data" in text(at)
    assert str(tmp_path) not in text(at)  # the folder's name, not the server's path to it
    assert len(ranking(at)) == 14


def test_broken_configured_table_falls_back_with_swedish_reason(monkeypatch, tmp_path):
    folder = tmp_path / "trasig"
    folder.mkdir()
    shutil.copy(demo_paths().areas, folder / "omraden.gpkg")
    (folder / "indikatorer.csv").write_text("area_id,indicator_id,year,value\nG01,valdeltagande,2024,abc\n",
                                            encoding="utf-8")
    monkeypatch.setenv("OMRADESINDEX_DATA_DIR", str(folder))
    at = run_app()
    assert not at.exception
    warnings = " ".join(shown(w.value) for w in at.warning)
    assert "indikatorer.csv" in warnings and "abc" in warnings
    assert "SYNTETISKA DEMODATA" in text(at)


def test_area_without_a_dimension_is_drawn_as_missing_and_named_in_legend(monkeypatch, tmp_path):
    folder = tmp_path / "med-lucka"
    folder.mkdir()
    shutil.copy(demo_paths().areas, folder / "omraden.gpkg")
    lines = demo_paths().indicators.read_text(encoding="utf-8").splitlines()
    gap = ("valdeltagande", "fritidsaktiviteter", "svarsfrekvens_folkhalsoenkat")
    kept = [ln for ln in lines if not (ln.startswith("G05,") and ln.split(",")[1] in gap)]
    (folder / "indikatorer.csv").write_text("\n".join(kept) + "\n", encoding="utf-8")
    monkeypatch.setenv("OMRADESINDEX_DATA_DIR", str(folder))
    at = run_app()
    assert not at.exception, [e.value for e in at.exception]
    # The browser draws it dashed and names it in the legend (tests/e2e/test_hostile.py); the server
    # sends its scores as missing and ranks it last, without a rank.
    live = map_data(at)[0]["live"]
    scores = json.loads((ROOT / live["scores"].removeprefix("/app/")).read_text(encoding="utf-8"))
    row = scores["ids"].index("G05")
    assert scores["dims"][row * len(scores["dim_ids"])] is None  # delaktighet missing
    last = ranking(at).iloc[-1]
    assert last["Område"] == "Område E · Östra" and pd.isna(last["Rang"])
