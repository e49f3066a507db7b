"""Uppföljning (AppTest): the answer first (city, gap, areas), a measure over the years, the change map
with its table and markers, the gap, the targets; the yardstick said; a broken or missing plan said."""

from __future__ import annotations

import shutil

import pytest

from geo.engine.progress import follow_up_table
from geo.i18n import t
from geo.paths import DATA, demo_paths
from geo.targets import load_plan
from tests.ui.apphelpers import app, context, ok, shown, style_payloads
from ui import session
from ui.context import PageContext


def _texts(at) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [i.value for i in at.info]
    parts += [w.value for w in at.warning] + [m.label for m in at.metric] + [str(m.value) for m in at.metric]
    return "\n".join(shown(p) for p in parts)


def test_the_default_view_answers_is_it_working():
    at = app("uppfoljning")
    ok(at)
    ctx: PageContext = context(at)
    assert ctx.current.settings.reference_year == 2022  # the definition's follow-up start
    text = _texts(at)
    assert "Alla år mäts med referensåret 2022" in text
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Gapet prioriterade – övriga"] == "minskar"
    assert "Prioriterade områden = topp 3 år 2022" in text
    assert t("fu_plan_synthetic", "sv") in text  # the demo plan is labelled made up
    frames = [d.value for d in at.dataframe]
    assert len(frames[0]) == 14  # the change per area: the map's table
    assert "i fas" in frames[1].columns and len(frames[1]) == 15  # the summary: 14 areas and the city
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == [t("export_xlsx", "sv"), t("fu_export_pdf", "sv")]
    styles = style_payloads(at)[0]
    assert len(styles) == 14


def test_an_indicator_with_counts_gets_markers_on_the_map_and_in_the_table():
    at = app("uppfoljning")
    at.selectbox(key="fu_measure").select("ind:unga_arbete_studier").run()
    ok(at)
    table = at.dataframe[0].value
    assert "Bedömning" in table.columns
    assert table["Bedömning"].str.contains("säker förbättring|osäker|säker försämring").all()
    data = context(at).data
    expected = follow_up_table(data.indicators, data.areas, context(at).definition, reference_year=2022,
                               plan=load_plan(DATA / "targets" / "demo-omradeslyft.toml"), until_year=2024).table
    improved = set(expected[(expected["indicator_id"] == "unga_arbete_studier") & (expected["scope"] == "area")
                            & (expected["change_marker"] == "improved")]["area_name"])
    shown_improved = set(table.loc[table["Bedömning"].str.startswith("säker förbättring"), "Område"])
    assert shown_improved == improved and improved
    fills = {s["f"] for s in style_payloads(at)[0].values()}
    assert len(fills) <= 3  # by marker: improvement, uncertain, worsening


def test_an_indicator_without_counts_says_significance_cannot_be_judged():
    at = app("uppfoljning")
    at.selectbox(key="fu_measure").select("ind:fritidsaktiviteter").run()
    ok(at)
    assert any("inga antal" in shown(i.value) for i in at.info)
    assert "Bedömning" not in at.dataframe[0].value.columns


def test_without_a_reference_year_the_page_says_the_yardstick_is_not_fixed():
    at = app("uppfoljning")
    at.selectbox(key=session.key("reference_year")).select(None).run()
    ok(at)
    assert any("Inget referensår är valt" in shown(w.value) for w in at.warning)
    assert context(at).current.settings.reference_year is None


def test_percentile_ranks_with_a_reference_year_keep_the_page(monkeypatch):
    at = app("uppfoljning")
    at.selectbox(key=session.METHOD).select("rank").run()
    assert not at.exception
    assert context(at).conflict is not None


@pytest.fixture
def city_folder(tmp_path, monkeypatch):
    """A city's own folder: the demo's files, no plan unless a test adds one."""
    P = demo_paths()
    shutil.copy(P.areas, tmp_path / "omraden.gpkg")
    shutil.copy(P.indicators, tmp_path / "indikatorer.csv")
    monkeypatch.setenv("OMRADESINDEX_DATA_DIR", str(tmp_path))
    return tmp_path


def test_without_a_plan_the_page_says_how_to_add_one(city_folder):
    at = app("uppfoljning")
    ok(at)
    assert any("ingen uppföljningsplan" in shown(i.value) for i in at.info)


def test_a_broken_plan_is_named_and_the_rest_of_the_page_works(city_folder):
    (city_folder / "targets").mkdir()
    (city_folder / "targets" / "mal.toml").write_text("[plan]\nid = \"x\"\nname = \"X\"\n[[targets]]\n"
                                                      "indicator = \"forvarvsarbetande\"\nyear = 2030\n",
                                                      encoding="utf-8")
    at = app("uppfoljning")
    assert not at.exception
    assert any("mal.toml" in shown(e.value) and "antingen 'value' eller 'close_gap'" in shown(e.value)
               for e in at.error)
    assert len(at.dataframe[0].value) == 14  # the change table is still there


def test_english():
    at = app("uppfoljning", state={session.LANG: "en"})
    ok(at)
    assert "Every year is measured with the reference year 2022" in _texts(at)


def test_the_area_profile_shows_the_change_since_the_reference_year_with_markers():
    at = app("omradesprofil")
    ok(at)
    change = next(d.value for d in at.dataframe if "Bedömning" in d.value.columns)
    assert "2022" in change.columns and len(change) == 13  # 12 index indicators and the follow-up one
    assert change["Bedömning"].str.contains("kan inte bedömas").any()  # the survey estimate has no counts
