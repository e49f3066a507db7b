"""Känslighet (AppTest): tipping points as sentences (one per dimension, the same numbers as the engine),
the selected area's rank interval, acceptability, influence, and the equal-influence weighting saved as
a scenario."""

from __future__ import annotations

import pytest

from geo.engine.tipping import tipping_for
from geo.output.store import ScenarioStore
from geo.view.sensitivity import tipping_sentences
from tests.ui.apphelpers import app, context, ok, shown
from ui import session


@pytest.fixture
def db(tmp_path, monkeypatch):
    path = tmp_path / "s.sqlite"
    monkeypatch.setenv("OMRADESINDEX_SCENARIO_DB", str(path))
    return path


def _markdown(at) -> str:
    return "\n".join(shown(m.value) for m in at.markdown)


def test_tipping_points_acceptability_and_influence(db):
    at = app("kanslighet")
    ok(at)
    ctx = context(at)
    expected = tipping_sentences(tipping_for(ctx.current), ctx.definition, ctx.data.names, "sv", 3)
    text = _markdown(at)
    assert len(expected) == 4 and all(s in text for s in expected)
    assert "utan att topp 3 ändras" in text
    assert ": rang 1" in text  # the selected (default: rank 1) area's rank interval
    acceptability, influence = at.dataframe[0].value, at.dataframe[1].value
    assert len(acceptability) == 14 and "Acceptans (%)" in acceptability.columns
    assert len(influence) == 4 and "Andel av inflytandet (%)" in influence.columns
    assert len(at.dataframe[2].value) == 12  # per indicator, in the expander
    assert any("10 000 slumpade viktningar (frö 1)" in shown(c.value) for c in at.caption)


def test_equal_influence_is_offered_as_a_scenario(db):
    at = app("kanslighet")
    at.button(key="se_equal_button").click().run()
    ok(at)
    assert any("Vikter med lika inflytande" in shown(i.value) for i in at.info)
    at.button(key="se_equal_save").click().run()
    ok(at)
    assert any("Sparat som scenariot" in shown(s.value) for s in at.success)
    saved = ScenarioStore(db).list()
    assert len(saved) == 1 and saved[0].name.startswith("Lika inflytande")
    weights = dict(saved[0].settings.weights)
    assert set(weights) == {"delaktighet", "utbildning", "ekonomi", "boende"}
    assert len({round(w, 3) for w in weights.values()}) > 1  # not the equal weights it started from


def test_geometric_aggregation_is_refused_for_tipping_points_but_the_page_works(db):
    at = app("kanslighet", state={session.AGGREGATION: "geometric", session.METHOD: "ratio"})
    assert not at.exception
    assert any("aritmetiskt" in shown(e.value) for e in at.error)
    assert len(at.dataframe[0].value) == 14  # acceptability is still there


def test_bounds_the_wrong_way_round_are_said(db):
    at = app("kanslighet")
    at.number_input(key="se_low").set_value(1.0)
    at.number_input(key="se_high").set_value(1.0).run()
    assert any("nedre gränsen" in shown(w.value) for w in at.warning)


def test_each_weight_slider_says_how_far_it_can_move(db):
    at = app()
    ok(at)
    notes = [shown(c.value) for c in at.sidebar.caption if "Topp 3" in shown(c.value)]
    assert len(notes) == 4  # one per dimension
    ctx = context(at)
    from geo.view.sensitivity import slider_note

    table = tipping_for(ctx.current)
    assert notes == [slider_note(r, "sv", 3) for r in table.to_dict("records")]
    at = app(state={session.AGGREGATION: "geometric", session.METHOD: "ratio"})
    assert not at.exception
    assert not [c for c in at.sidebar.caption if "Topp 3" in shown(c.value)]  # geometric: no notes, no error


def test_the_profile_says_what_it_would_take_to_leave_or_enter_the_top_k(db):
    at = app("omradesprofil")
    ok(at)
    assert any("ska lämna topp 3" in shown(s.value) for s in at.subheader)  # rank 1 is selected first
    table = next(d.value for d in at.dataframe if "Behövs" in d.value.columns)
    assert len(table) == 12
    ctx = context(at)
    fourth = str(ctx.view.loc[ctx.view["rank"] == 4, "area_id"].iloc[0])
    at = app("omradesprofil", state={session.SELECTED: fourth})
    ok(at)
    assert any("ska komma in i topp 3" in shown(s.value) for s in at.subheader)
    table = next(d.value for d in at.dataframe if "Behövs" in d.value.columns)
    possible = table[table["Förändring"] != ""]
    assert len(possible) >= 1  # just outside: some single indicator can bring it in
    assert possible["Förändring"].str.contains("procentenheter").all()


def test_the_method_page_has_the_formulas(db):
    at = app("metod")
    ok(at)
    assert "Brytpunkter." in _markdown(at) and "Lika inflytande" in _markdown(at)
    assert any("x^{*}_{ab}" in latex.value for latex in at.latex)


def test_the_weight_space_is_a_slice_or_a_triangle(db):
    at = app("kanslighet")
    ok(at)
    assert at.selectbox(key="ws_x").value == "delaktighet" and at.selectbox(key="ws_y").value == "utbildning"
    assert any("snitt genom viktrummet" in shown(c.value) for c in at.caption)
    at = app("kanslighet", state={"v_w_malmo-2023_delaktighet": 0.0})
    ok(at)
    assert any("hörnen = en dimension ensam" in shown(c.value) for c in at.caption)
