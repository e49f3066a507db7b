"""Metod (AppTest): the definition, the formulas, the ranking rule and the note on "lägst förgymnasial"."""

from __future__ import annotations

from tests.ui.apphelpers import app, markdown_text, ok


def test_method_page_explains_method():
    at = app("metod")
    ok(at)
    text = markdown_text(at)
    assert "lägst förgymnasial" in text
    assert "Rang 1 = lägst index" in text
    assert len(at.latex) >= 8


def test_method_page_marks_the_method_in_use():
    at = app("metod")
    at.selectbox(key="v_method").select("ratio").run()
    assert any("◀" in m.value and "kvot" in m.value for m in at.markdown)
