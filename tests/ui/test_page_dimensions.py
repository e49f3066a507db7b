"""Dimensioner (AppTest): one map per dimension, the drill-down with raw and normalised values."""

from __future__ import annotations

from tests.ui.apphelpers import app, markdown_text, ok, style_payloads


def test_small_multiples_one_map_per_dimension():
    at = app("dimensioner")
    ok(at)
    assert len(style_payloads(at)) == 4


def test_dimensions_page_drill_down():
    at = app("dimensioner")
    at.selectbox(key="dimension_choice").select("utbildning").run()
    ok(at)
    text = markdown_text(at)
    assert "högst förgymnasial" in text.lower() or "Högst" in text
    table = at.dataframe[-1].value
    assert any("normaliserat" in c for c in table.columns)
    assert table.iloc[-1, 0] == "Snitt för områdena"
