"""Streamlit AppTest for the main page and every page (no browser needed)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from geo.paths import ROOT

PAGES = ["dashboard.py", "pages/0_Översikt.py", "pages/1_Dimensioner.py", "pages/2_Områdesprofil.py", "pages/3_Metod.py"]
TIMEOUT = 60


def app(path: str = "dashboard.py") -> AppTest:
    at = AppTest.from_file(str(ROOT / path), default_timeout=TIMEOUT)
    return at.run()


def ranking(at: AppTest):
    return at.dataframe[0].value.data if hasattr(at.dataframe[0].value, "data") else at.dataframe[0].value


def markdown_text(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_loads_with_demo_banner(page):
    at = app(page)
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert "SYNTETISKA DEMODATA" in markdown_text(at)
    assert len(at.slider) == 4  # one weight slider per dimension of the default definition


def test_weight_slider_changes_ranking_and_rank_change_column():
    at = app()
    before = ranking(at)
    assert set(before["Förändring"]) == {"–"}  # baseline = current at the default weights
    at.slider(key="w_w_malmo-2023_boende").set_value(5.0).run()
    after = ranking(at)
    assert before["Område"].tolist() != after["Område"].tolist()
    changes = set(after["Förändring"])
    assert any("↑" in c for c in changes) and any("↓" in c for c in changes)
    # rank change = baseline rank − current rank, shown with arrows
    for _, row in after.iterrows():
        diff = int(row["Rang med grundvikter"]) - int(row["Rang"])
        expected = "–" if diff == 0 else (f"🔵 ↑{diff}" if diff > 0 else f"🟠 ↓{-diff}")
        assert row["Förändring"] == expected


def test_health_definition_gives_five_sliders():
    at = app()
    at.selectbox(key="w_definition").select("malmo-2023-halsa").run()
    assert not at.exception
    assert len(at.slider) == 5
    assert "Hälsa" in [s.label for s in at.slider]


def test_switching_method_changes_scores():
    at = app()
    z = ranking(at)["Index"].tolist()
    at.selectbox(key="w_method").select("minmax").run()
    m = ranking(at)["Index"].tolist()
    assert z != m
    assert all(0 <= float(v.replace(",", ".").replace("−", "-")) <= 100 for v in m)


def test_reset_restores_equal_weights():
    at = app()
    at.slider(key="w_w_malmo-2023_ekonomi").set_value(3.0).run()
    at.button(key="reset_weights").click().run()
    assert [s.value for s in at.slider] == [1.0] * 4
    assert set(ranking(at)["Förändring"]) == {"–"}


def test_all_weights_zero_gives_a_swedish_message_not_a_crash():
    at = app()
    for s in list(at.slider):
        s.set_value(0.0)
    at.run()
    assert not at.exception
    assert any("alla dimensionsvikter är 0" in e.value for e in at.error)


def test_selection_survives_slider_moves():
    at = app()
    at.selectbox(key="w_selected").select("G07").run()
    assert any(m.label == "Index" for m in at.metric)
    at.slider(key="w_w_malmo-2023_delaktighet").set_value(2.5).run()
    assert at.selectbox(key="w_selected").value == "G07"
    assert "Område G" in markdown_text(at) + "".join(str(t.value) for t in at.table)


def test_english_switch():
    at = app()
    at.radio(key="w_lang").set_value("en").run()
    assert at.title[0].value == "Overview"
    assert "SYNTHETIC DEMO DATA" in markdown_text(at)
    assert "Rank" in ranking(at).columns


def test_dimensions_page_drill_down():
    at = app("pages/1_Dimensioner.py")
    at.selectbox(key="w_dimension").select("utbildning").run()
    assert not at.exception
    text = markdown_text(at)
    assert "högst förgymnasial" in text.lower() or "Högst" in text
    table = at.dataframe[-1].value
    assert any("normaliserat" in c for c in table.columns)
    assert table.iloc[-1, 0] == "Snitt för områdena"


def test_profile_page_contributions_add_up():
    at = app("pages/2_Områdesprofil.py")
    at.selectbox(key="w_selected").select("G03").run()
    assert not at.exception
    assert at.header[0].value.startswith("Område C")


def test_method_page_explains_method():
    at = app("pages/3_Metod.py")
    text = markdown_text(at)
    assert "lägst förgymnasial" in text
    assert "Rang 1 = lägst index" in text
    assert len(at.latex) >= 8


def test_router_names_pages_in_the_chosen_language():
    at = app()
    at.switch_page("pages/3_Metod.py").run()
    assert at.title[0].value == "Metod"
    assert not at.exception


def test_overview_offers_every_export_format():
    at = app()
    buttons = at.get("download_button")
    names = sorted(b.proto.label for b in buttons)
    assert names == sorted(["CSV", "Excel", "GeoPackage", "GeoJSON", "Karta (PNG)", "PDF-underlag"])


def test_meeting_mode_is_frozen_until_the_presenter_applies_weights():
    at = app()
    at.switch_page("pages/7_Mötesläge.py").run()  # through the router: it links back to Översikt
    assert not at.exception, [e.value for e in at.exception]
    assert "SYNTETISKA DEMODATA" in markdown_text(at)
    table = next(m.value for m in at.markdown if m.value.startswith("<table class=\"oi-meeting-rank"))
    first = table.split("<tbody>")[1].split("</td>")[2]
    at.slider(key="mw_malmo-2023_boende").set_value(5.0).run()
    assert next(m.value for m in at.markdown if m.value.startswith("<table class=\"oi-meeting-rank")) == table  # not applied yet
    at.slider(key="mw_malmo-2023_boende").set_value(5.0)  # a form sends its values with the submit
    at.button[0].click().run()
    changed = next(m.value for m in at.markdown if m.value.startswith("<table class=\"oi-meeting-rank"))
    assert changed != table and "↑" in changed
    assert at.session_state["s_w_malmo-2023_boende"] == 5.0
    assert first  # the ranking table has rows
