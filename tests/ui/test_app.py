"""The app as a whole (AppTest through dashboard.py): every page, the sidebar drawn once, language."""

from __future__ import annotations

import pytest

from geo.settings import WEIGHT_MAX
from tests.ui.apphelpers import PAGE, app, markdown_text, ok, ranking, weight
from ui.pages import PAGES


@pytest.mark.parametrize("page", [p.url_path for p in PAGES])
def test_every_page_loads_with_demo_banner_and_only_its_controls(page):
    at = app(page)
    ok(at)
    assert "SYNTETISKA DEMODATA" in markdown_text(at)
    spec = next(p for p in PAGES if p.url_path == page)
    sidebar_sliders = [s for s in at.slider if s.key.startswith("v_w_")]
    assert len(sidebar_sliders) == (4 if "weights" in spec.controls and spec.sidebar else 0)
    keys = {w.key for w in [*at.selectbox, *at.number_input, *at.radio, *at.toggle] if w.key}
    assert ("v_method" in keys) == ("method" in spec.controls)
    assert ("v_scheme" in keys) == ("scheme" in spec.controls)
    assert ("v_lang" in keys) == spec.sidebar  # the language switch is on every page with a sidebar


def test_page_titles_and_url_paths_are_swedish():
    at = app("metod")
    assert at.title[0].value == "Metod"
    assert [p.url_path for p in PAGES] == ["oversikt", "dimensioner", "omradesprofil", "uppfoljning", "metod", "importera",
                                           "scenarier", "robusthet", "kanslighet", "indexversioner", "moteslage"]
    assert all(p.file.isascii() and p.file.removeprefix("pages/").removesuffix(".py") != p.url_path for p in PAGES)


def test_choices_survive_page_switches_and_pages_without_the_control():
    at = app()
    weight(at, "boende").set_value(4.5).run()
    at.selectbox(key="v_method").select("rank").run()
    before = ranking(at)["Område"].tolist()
    at.switch_page(PAGE["metod"]).run()  # no weight sliders here
    ok(at)
    at.switch_page(PAGE["moteslage"]).run()  # no sidebar at all
    ok(at)
    at.switch_page(PAGE["oversikt"]).run()
    ok(at)
    assert weight(at, "boende").value == 4.5 and at.selectbox(key="v_method").value == "rank"
    assert ranking(at)["Område"].tolist() == before


def test_english_switch_relabels_and_stays_in_the_link():
    at = app()
    at.selectbox(key="v_method").select("minmax").run()
    at.radio(key="v_lang").set_value("en").run()
    ok(at)
    assert at.title[0].value == "Overview"
    assert "SYNTHETIC DEMO DATA" in markdown_text(at)
    assert "Rank" in ranking(at).columns
    assert at.selectbox(key="v_method").format_func("minmax") == "min–max 0–100"
    assert at.query_params["sprak"] in ("en", ["en"])


def test_language_from_a_link():
    at = app(query={"sprak": "en"})
    ok(at)
    assert at.title[0].value == "Overview" and at.radio(key="v_lang").value == "en"


def test_slider_range_is_shared_by_sidebar_and_meeting_mode():
    at = app()
    assert weight(at, "ekonomi").max == WEIGHT_MAX
    at.switch_page(PAGE["moteslage"]).run()
    assert all(s.max == WEIGHT_MAX for s in at.slider)


def test_a_stale_or_invalid_choice_falls_back_to_its_default():
    at = app(state={"v_method": "median", "v_top_k": 99, "v_year": 1999})
    ok(at)
    assert at.selectbox(key="v_method").value == "zscore"
    assert at.number_input(key="v_top_k").value == 3 and at.selectbox(key="v_year").value == 2024
