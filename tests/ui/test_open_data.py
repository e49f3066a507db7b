"""The app opens on real Malmö (issue 15): the embedded open data on 91 RegSO, labelled on every view,
the synthetic demo one click away, each indicator's data year, proxies, population and Polisen's overlay."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.i18n import t
from geo.output.export import export_csv, export_xlsx
from tests.shared_data import shared_file
from tests.ui.apphelpers import app, context, map_data, markdown_text, ok
from ui import data as appdata
from ui import session
from ui.pages import PAGES

LABEL = "Öppna data från SCB — 5 av 12 indikatorer, RegSO (inte GeSO)"
POLISEN = "polisen/malmo_utsatta_omraden_2023.gpkg"


def banner_text(at) -> str:
    """The banners drawn on the page (not the CSS that styles them)."""
    return "\n".join(m.value for m in at.markdown
                     if m.value.startswith('<div class="oi-source"') or m.value.startswith('<div class="oi-banner"'))


def test_first_screen_is_real_malmo_with_its_label():
    at = app(data=None)  # the app's own default, as a fresh session sees it
    ok(at)
    ctx = context(at)
    assert ctx.data.origin == "open" and not ctx.data.synthetic
    assert len(ctx.data.areas) == 91 and "Lindängen" in set(ctx.data.areas["area_name"])
    assert LABEL in banner_text(at) and 'class="oi-banner"' not in banner_text(at)  # real data: no demo stripes
    assert at.radio(key=appdata.BUILTIN).value == appdata.OPEN
    # each indicator's latest year, said on the page
    assert ctx.current.settings.year is None and ctx.current.latest_per_indicator
    assert ctx.current.year_map == {"forgymnasial_utbildning": 2022, "forvarvsarbetande": 2022,
                                    "ekonomiskt_bistand_andel_inkomst": 2023, "utan_lag_ekonomisk_standard": 2022,
                                    "bostads_eller_aganderatt": 2023}
    assert at.selectbox(key=session.YEAR).value is None  # "Senaste år per indikator"
    assert any("2022–2023 (senaste år per indikator)" in c.value for c in at.caption)
    # Delaktighet: weight 0 and "saknar data", never 0
    assert ctx.current.result.weights["delaktighet"] == 0
    assert ctx.current.result.dimensions["delaktighet"].isna().all()
    assert any(c.value == t("slider_no_data", "sv") for c in at.sidebar.caption)
    # what the top 3 means in people
    assert "I de 3 områdena bor" in markdown_text(at) and "i åldern 0–19 (2024)" in markdown_text(at)


@pytest.mark.parametrize("page", [p.url_path for p in PAGES])
def test_every_page_carries_the_open_data_label(page):
    at = app(page, data=None)
    ok(at)
    assert LABEL in banner_text(at), page


def test_english_label():
    at = app(data=None, state={session.LANG: "en"})
    ok(at)
    assert "Open data from SCB — 5 of 12 indicators, RegSO (not GeSO)" in banner_text(at)


def test_the_demo_is_one_click_away_and_stays_labelled_synthetic():
    at = app(data=None)
    at.radio(key=appdata.BUILTIN).set_value(appdata.DEMO).run()
    ok(at)
    ctx = context(at)
    assert ctx.data.synthetic and len(ctx.data.areas) == 14
    assert 'class="oi-banner"' in banner_text(at) and LABEL not in banner_text(at)
    assert at.query_params.get(appdata.DATA_PARAM) in ("demo", ["demo"])  # a link keeps the choice
    at.radio(key=appdata.BUILTIN).set_value(appdata.OPEN).run()
    ok(at)
    assert len(context(at).data.areas) == 91


def test_links_choose_the_data():
    at = app(data=None, query={"data": "demo"})
    ok(at)
    assert context(at).data.synthetic
    # a link made before the open data existed names a demo definition: it still opens the demo
    at = app(data=None, query={"def": "malmo-2023-halsa"})
    ok(at)
    assert context(at).data.synthetic and context(at).definition.id == "malmo-2023-halsa"


def test_a_single_year_takes_only_the_indicators_it_has():
    at = app(data=None)
    at.selectbox(key=session.YEAR).set_value(2023).run()
    assert not at.exception  # Utbildning has no 2023 data: shown without it, and the page says how to fix it
    assert [e.value for e in at.error if "utbildning" in e.value and "år 2023" in e.value]
    ctx = context(at)
    assert ctx.current.settings.year == 2023 and not ctx.current.latest_per_indicator
    assert set(ctx.current.year_map) == {"ekonomiskt_bistand_andel_inkomst", "bostads_eller_aganderatt"}
    assert ctx.conflict is not None and ctx.current.result.dimensions["utbildning"].isna().all()


def test_method_page_states_proxies_years_and_what_is_missing():
    at = app("metod", data=None)
    ok(at)
    table = at.dataframe[0].value
    proxies = dict(zip(table["id"], table[t("proxy_column", "sv")], strict=True))
    assert "inte andelen personer utan ekonomiskt bistånd" in proxies["ekonomiskt_bistand_andel_inkomst"]
    assert "16–64" in proxies["forvarvsarbetande"] and proxies["valdeltagande"] == ""
    years = dict(zip(table["id"], table[t("data_year", "sv")], strict=True))
    assert years["bostads_eller_aganderatt"] == "2023" and years["valdeltagande"] == "saknar data"
    text = markdown_text(at)
    assert "5 av de 12 indikatorerna" in text
    assert "Andel elever i åk 9 behöriga till gymnasiets yrkesprogram" in text  # missing, by name
    assert "Andel som inte är trångbodda" in text
    assert "**Andel 16–64 år som är sysselsatta** (2022): Sysselsatta 16–64 år" in text  # readable, not a cell


def test_exports_carry_the_label_years_and_proxies():
    from ui.exports import export_context
    from geo.view.mapstyles import index_layer

    at = app(data=None)
    ok(at)
    ctx = context(at)
    export = export_context(ctx, index_layer(ctx.current, ctx.view, ctx.definition))
    assert export.source == LABEL and not export.synthetic
    csv = pd.read_csv(__import__("io").BytesIO(export_csv(export)), encoding="utf-8-sig")
    assert (csv["data_source"] == LABEL).all() and (csv["data_year"] == "2022–2023 (senaste år per indikator)").all()
    assert csv["proxies"].str.contains("Ekonomiskt bistånd som andel av nettoinkomsten, 20–64 år \\(2023\\)").all()
    import io

    import openpyxl
    wb = openpyxl.load_workbook(io.BytesIO(export_xlsx(export)))
    assert wb["Resultat"]["A1"].value.endswith(LABEL)
    cells = [c for row in wb.worksheets[1].iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert any("procent av inkomst" in c for c in cells) and "2022–2023 (senaste år per indikator)" in cells
    from geo.output.brief import _vintage_lines  # the PDF brief's lines on years and proxies

    years, proxies = _vintage_lines(export)
    assert "Ekonomiskt bistånd som andel av nettoinkomsten, 20–64 år 2023" in years
    assert proxies.startswith("Närmevärden (proxy)") and "Andel 16–64 år som är sysselsatta" in proxies


def test_polisen_overlay_is_offered_with_its_source():
    shared_file(POLISEN)  # read from the shared folder beside the checkout, never embedded
    at = app(data=None)
    ok(at)
    toggle = at.toggle(key="v_ov_dir:malmo_utsatta_omraden_2023.gpkg")
    assert toggle.label == "Polisens utsatta områden 2023" and toggle.value is False
    assert "Polisen, Utsatta områden 2023" in (toggle.help or "")
    toggle.set_value(True).run()
    ok(at)
    assert map_data(at)[0]["overlays"][0][2] is True


def test_import_on_the_open_data_offers_the_full_index():
    """The city's own file has all 12 indicators: Importera offers the full definitions, the full one first."""
    at = app("importera", data=None)
    ok(at)
    box = at.selectbox(key="imp_definition")
    assert box.value == "malmo-2023"
    assert len(box.options) == 3  # malmo-2023, malmo-2023-halsa and the open data's own
    assert any("inbyggda öppna data" in c.value for c in at.caption)


def test_a_scenario_saved_on_the_demo_opens_the_demo(tmp_path, monkeypatch):
    """Scenarios are shared between the built-in data: opening one made on the other switches to it."""
    from geo.output.store import ScenarioStore
    from geo.paths import demo_paths
    from geo.definition import load_definition
    from geo.scenario import Scenario
    from geo.settings import ViewSettings

    db = tmp_path / "s.sqlite"
    monkeypatch.setenv("OMRADESINDEX_SCENARIO_DB", str(db))
    demo_def = load_definition(demo_paths().default_definition)
    saved = ScenarioStore(db).save(Scenario(settings=ViewSettings.default(demo_def, weights={"ekonomi": 3.0}),
                                            name="Demo: ekonomi tungt"))
    at = app("scenarier", data=None)
    ok(at)
    assert not context(at).data.synthetic
    at.button(key=f"sc_open_{saved.id}").click().run()
    ok(at)
    assert context(at).data.synthetic and at.radio(key=appdata.BUILTIN).value == appdata.DEMO
    assert at.session_state["v_w_malmo-2023_ekonomi"] == 3.0
