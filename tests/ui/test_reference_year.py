"""The reference year in the app: a sidebar choice, carried by the link, explained on the method
page, refused with percentile ranks (two ways out), and the same numbers as the CLI."""

from __future__ import annotations

import numpy as np

from geo.engine.scoring import score
from geo.settings import ViewSettings
from tests.ui.apphelpers import app, context, ok, shown


def test_the_sidebar_choice_goes_into_the_link_and_the_numbers_are_the_libraries():
    at = app()
    ok(at)
    box = at.selectbox(key="v_reference_year")
    assert box.value == context(at).definition.follow_up_start == 2022  # default: the follow-up's start
    # "none" is drawn with its words, not Streamlit's "Choose an option"
    assert box.placeholder == "inget (varje år för sig)"
    box.select(2019)
    at.run()
    ok(at)
    link = {k: v[0] if isinstance(v, list) else v for k, v in at.query_params.items()}
    assert link.get("ref") == "2019"
    assert any("Referensår (måttstock): 2019" in shown(c.value) for c in at.caption)  # traceable under the map
    ctx = context(at)
    assert ctx.current.settings.reference_year == 2019
    data = ctx.data
    expected = score(data.areas, data.indicators, ctx.definition,
                     ViewSettings.default(ctx.definition, year=ctx.current.year, reference_year=2019))
    got = ctx.current.table.set_index("area_id")["index"]
    np.testing.assert_allclose(got, expected.table.set_index("area_id")["index"].reindex(got.index), atol=1e-12)


def test_a_link_with_a_reference_year_opens_with_it_and_the_method_page_says_so():
    at = app("metod", query={"ref": "2020"})
    ok(at)
    assert context(at).current.settings.reference_year == 2020
    text = "\n".join(shown(m.value) for m in at.markdown)
    assert "Referensår (måttstock)" in text and "Nu: 2020" in text


def test_rank_with_a_reference_year_is_refused_with_two_ways_out():
    at = app(query={"ref": "2019", "metod": "rank"})
    ok(at)
    warning = "\n".join(shown(w.value) for w in at.warning)
    assert "Percentilrang kan inte mätas mot referensåret 2019" in warning
    labels = [b.label for b in at.button if str(b.key).startswith("conflict_way_")]
    assert labels == ["Inget referensår", "Byt metod till z-poäng (standard)"]
    assert context(at).current.settings.reference_year is None  # shown meanwhile: without it
    at.button(key="conflict_way_1").click()
    at.run()
    ok(at)
    settings = context(at).current.settings
    assert settings.method == "zscore" and settings.reference_year == 2019
