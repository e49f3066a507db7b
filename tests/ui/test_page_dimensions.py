"""Dimensioner (AppTest): one map per dimension, the drill-down with raw and normalised values."""

from __future__ import annotations

from tests.ui.apphelpers import app, context, map_data, markdown_text, ok, style_payloads


def test_small_multiples_one_map_per_dimension():
    at = app("dimensioner")
    ok(at)
    maps = map_data(at)
    assert len(style_payloads(at)) == 4 and len(maps) == 4
    ranks = context(at).view.set_index("area_id")["rank"]
    for m in maps:  # coloured by the dimension, labelled with the index rank the ranking shows
        assert m["static"]["ranks"] == {a: int(r) for a, r in ranks.items()}
        assert m["labels"] is True and m["layout"] == "map"
    titles = [m["static"]["legend"]["title"] for m in maps]
    assert titles == ["Delaktighet", "Utbildning", "Ekonomi", "Boende"]


def test_map_labels_can_be_switched_off():
    at = app("dimensioner")
    at.toggle(key="v_labels").set_value(False).run()
    ok(at)
    assert all(m["labels"] is False for m in map_data(at))
    assert "etiketter=0" in "&".join(f"{k}={v}" for k, v in at.query_params.items())


def test_dimensions_page_drill_down():
    at = app("dimensioner")
    at.selectbox(key="dimension_choice").select("utbildning").run()
    ok(at)
    text = markdown_text(at)
    assert "högst förgymnasial" in text.lower() or "Högst" in text
    table = at.dataframe[-1].value
    assert any("normaliserat" in c for c in table.columns)
    assert table.iloc[-1, 0] == "Snitt för områdena"
