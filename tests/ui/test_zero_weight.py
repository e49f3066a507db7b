"""A data folder without one dimension (AppTest): weight 0 means "without it"; above 0 the app refuses
in Swedish, keeps the page (the index without it) and offers to set the weight to 0."""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest

from geo.paths import ROOT, demo_paths
from tests.ui.apphelpers import PAGE, app, context, map_data, markdown_text, ok, ranking, shown, weight

DELAKTIGHET = ("valdeltagande", "fritidsaktiviteter", "svarsfrekvens_folkhalsoenkat")
ZERO = {"def": "malmo-2023", "v": "delaktighet:0,utbildning:1,ekonomi:1,boende:1"}
REFUSED = "Dimensioner helt utan indikatorer"


@pytest.fixture
def lacking(monkeypatch, tmp_path):
    """The configured data folder: the demo areas and the demo table without the delaktighet indicators."""
    folder = tmp_path / "utan-delaktighet"
    folder.mkdir()
    shutil.copy(demo_paths().areas, folder / "omraden.gpkg")
    table = pd.read_csv(demo_paths().indicators, dtype={"area_id": str})
    table[~table["indicator_id"].isin(DELAKTIGHET)].to_csv(folder / "indikatorer.csv", index=False)
    monkeypatch.setenv("OMRADESINDEX_DATA_DIR", str(folder))
    monkeypatch.setenv("OMRADESINDEX_SCENARIO_DB", str(tmp_path / "s.sqlite"))
    return folder


def errors(at) -> str:
    return "\n".join(shown(e.value) for e in at.error)


def test_a_link_weighting_it_0_shows_the_ranking_and_saknar_data(lacking):
    at = app(query=ZERO)
    ok(at)
    assert "utan-delaktighet" in shown(" ".join(c.value for c in at.caption))  # the folder is used, not the demo
    table = ranking(at)
    assert len(table) == 14 and table["Rang"].notna().all()
    result = context(at).current.result
    assert result.dimensions_without_data == ("delaktighet",)
    assert "Delaktighet saknar data och ingår inte (vikt 0)." in shown(markdown_text(at))  # the notes
    live = map_data(at)[0]["live"]
    assert live["weights"][0] == 0.0
    scores = json.loads((ROOT / live["scores"].removeprefix("/app/")).read_text(encoding="utf-8"))
    assert scores["dims"][0::len(scores["dim_ids"])] == [None] * 14  # null for the browser, skipped at weight 0

    at.switch_page(PAGE["dimensioner"]).run()
    ok(at)
    assert [m["static"]["legend"]["title"] for m in map_data(at)] == ["Utbildning", "Ekonomi", "Boende"]
    infos = [shown(i.value) for i in at.info]
    assert "Delaktighet saknar data och ingår inte i indexet." in infos  # instead of a grey map
    alternative = at.dataframe[0].value
    assert set(alternative["Delaktighet"]) == {"saknar data"}

    at.switch_page(PAGE["omradesprofil"]).run()
    ok(at)
    assert "Delaktighet saknar data och ingår inte i indexet." in [shown(i.value) for i in at.info]


def test_a_weight_above_0_is_refused_in_swedish_and_the_page_stays(lacking):
    at = app(query=ZERO)
    weight(at, "delaktighet").set_value(1.5).run()  # the sidebar slider moved above 0
    assert not at.exception, [e.value for e in at.exception]
    text = errors(at)
    assert REFUSED in text and "Sätt vikten för Delaktighet till 0" in text and "Traceback" not in text
    assert len(ranking(at)) == 14 and ranking(at)["Rang"].notna().all()  # meanwhile the index without it
    assert any("visar indexet utan Delaktighet" in shown(i.value) for i in at.info)
    link = at.query_params["v"]
    assert "delaktighet:1.5" in (link if isinstance(link, str) else link[0])  # the link keeps what was asked

    at.button(key="conflict_way_0").click().run()  # "Sätt vikten för Delaktighet till 0"
    ok(at)
    assert weight(at, "delaktighet").value == 0.0


def test_default_weights_and_meeting_mode_refuse_without_crashing(lacking):
    at = app("moteslage")  # no link: the definition weighs delaktighet 1
    assert not at.exception, [e.value for e in at.exception]
    assert REFUSED in errors(at)
    meeting = map_data(at)[0]
    assert meeting["layout"] == "meeting" and meeting["live"]["weights"][0] == 0.0  # its sliders stay
    baseline = context(at).baseline
    assert baseline.result.rank.notna().all()  # the baseline: the definition's weights, delaktighet at 0
