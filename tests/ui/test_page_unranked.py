"""Unranked areas and data notes on every page (AppTest): "–" and "ej rankad" with the reason, never
``None``; flags in the ranking (a plain "*" and the note), the profile and the map's tooltips.

The data: the demo with G14 lacking every utbildning indicator (no rank: "saknar värden i Utbildning")
and G03 lacking one ekonomi indicator (ranked, flagged), loaded as an upload for the session.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from geo.dataset.load import dataset_from_frames
from geo.definition import list_definitions, load_definition
from geo.paths import ROOT, demo_paths
from geo.readers.areas import read_areas
from geo.readers.indicators import read_indicators
from tests.ui.apphelpers import app, map_data, ok, shown, style_payloads
from ui import session

P = demo_paths()
UNRANKED, FLAGGED = "G14", "G03"
REASON = "Ej rankad: saknar värden i Utbildning"
NOTE = "Ekonomi: beräknad utan Andel 20–64 år utan ekonomiskt bistånd"
BAD = ("None", "nan", "<NA>")


def gapped_dataset():
    definition = load_definition(P.default_definition)
    ind = read_indicators(P.indicators)
    edu = [i.id for i in definition.dimension("utbildning").indicators]
    ind = ind[~((ind["area_id"] == UNRANKED) & ind["indicator_id"].isin(edu))]
    ind = ind[~((ind["area_id"] == FLAGGED) & (ind["indicator_id"] == "utan_ekonomiskt_bistand"))]
    return dataset_from_frames(P, list_definitions(P.definitions_dir), read_areas(P.areas), ind.reset_index(drop=True),
                               origin="upload", label="luckor.csv")


@pytest.fixture(scope="module")
def data():
    return gapped_dataset()


@pytest.fixture
def db(tmp_path, monkeypatch):
    monkeypatch.setenv("OMRADESINDEX_SCENARIO_DB", str(tmp_path / "s.sqlite"))


def run(page: str | None, data, **state) -> AppTest:
    at = app(page, state={session.UPLOAD: data, **state})
    ok(at)
    return at


def warnings(at: AppTest) -> str:
    return " | ".join(shown(w.value) for w in at.warning)


def select(at: AppTest, area: str) -> AppTest:
    at.selectbox(key="selection_picker").select(area).run()
    ok(at)
    return at


def no_bad_cells(frame: pd.DataFrame) -> None:
    for col in frame.columns:
        assert not any(bad in str(v) for v in frame[col] for bad in BAD), (col, list(frame[col]))


def test_overview_selected_area_says_why_and_shows_the_note(data):
    at = select(run(None, data), UNRANKED)
    rank = next(m for m in at.metric if m.label == "Rang")
    assert rank.value == "–"
    assert REASON in warnings(at)
    at = select(at, FLAGGED)
    assert f"Anmärkning: {NOTE}" in warnings(at) and REASON not in warnings(at)


def test_overview_table_alternative_reads_not_ranked_and_marks_the_flagged_name(data):
    at = run(None, data, overview_table=True)
    table = at.table[-1].value
    rows = {shown(str(r["Område"])): (shown(str(i)), shown(str(r["Anmärkning"]))) for i, r in table.iterrows()}
    assert rows["Område N · Västra staden"] == ("– (ej rankad)", "ej rankad: saknar värden i Utbildning")
    assert rows["Område C · Centrum *"][1] == NOTE  # the mark after the name, the text in the note column
    assert not any(bad in rank for rank, _ in rows.values() for bad in BAD)
    assert any("* efter namnet" in shown(c.value) for c in at.caption)


def test_overview_live_map_gets_the_notes_and_the_texts_for_the_reason(data):
    at = run(None, data)
    (m,) = map_data(at)
    scores = json.loads((ROOT / m["live"]["scores"].removeprefix("/app/")).read_text(encoding="utf-8"))
    assert scores["notes"]["sv"] == {FLAGGED: [NOTE]}
    assert m["text"]["reason_missing_dims"] == "saknar värden i {dims}"
    assert m["text"]["reason_line"] == "Orsak: {reason}"


def test_overview_in_english(data):
    at = select(run(None, data, **{session.LANG: "en"}), UNRANKED)
    assert "Not ranked: no values for Education" in warnings(at)


def test_profile_page_says_why_and_the_history_has_no_none(data):
    at = select(run("omradesprofil", data), UNRANKED)
    assert next(m for m in at.metric if m.label == "Rang").value == "–"
    assert REASON in warnings(at)
    history = at.dataframe[-1].value
    assert set(history["Rang"]) == {"– (ej rankad)"}  # no year has utbildning for G14
    no_bad_cells(history)
    at = select(at, FLAGGED)
    assert f"Anmärkning: {NOTE}" in warnings(at)
    assert all(r.isdigit() for r in at.dataframe[-1].value["Rang"])


def test_dimensions_page_table_and_tooltips(data):
    at = run("dimensioner", data)
    table = next(d.value for d in at.dataframe if "Rang" in d.value.columns)
    rows = table.set_index("Område")
    assert rows.loc["Område N · Västra staden", "Rang"] == "– (ej rankad)"
    assert rows.loc["Område N · Västra staden", "Anmärkning"] == "ej rankad: saknar värden i Utbildning"
    assert rows.loc["Område C · Centrum", "Anmärkning"] == NOTE
    no_bad_cells(table[["Rang", "Anmärkning"]])
    for styles in style_payloads(at):  # every small multiple's tooltip
        assert "Orsak: saknar värden i Utbildning" in styles[UNRANKED]["t"]
        assert "Anmärkning: Ekonomi: beräknad utan" in styles[FLAGGED]["t"]


def test_scenario_comparison_tables_read_not_ranked(data, db):
    at = run("scenarier", data)
    table = next(d.value for d in at.dataframe if "Rang A" in d.value.columns)
    rows = table.set_index("Område")
    assert rows.loc["Område N · Västra staden", "Rang A"] == "– (ej rankad)"
    assert rows.loc["Område N · Västra staden", "Rang B"] == "– (ej rankad)"
    assert rows.loc["Område C · Centrum *", "Anmärkning"] == NOTE
    no_bad_cells(table[["Rang A", "Rang B"]])


def test_meeting_page_map_gets_the_notes(data):
    at = run("moteslage", data)
    (m,) = map_data(at)
    assert m["layout"] == "meeting"
    scores = json.loads((ROOT / m["live"]["scores"].removeprefix("/app/")).read_text(encoding="utf-8"))
    note_en = "Economy: computed without Share aged 20–64 without social assistance"
    assert scores["notes"]["en"] == {FLAGGED: [note_en]}
    assert m["text"]["not_ranked_because"] == "ej rankad: {reason}"


def test_robustness_table_reads_not_ranked(data):
    at = run("robusthet", data)
    rows = at.dataframe[0].value.set_index("Område")
    assert rows.loc["Område N · Västra staden", "Rang"] == "– (ej rankad)"
    assert rows.loc["Område C · Centrum", "Rang"].isdigit()
