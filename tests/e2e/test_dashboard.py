"""The real dashboard in headless Chromium, offline (every non-localhost request blocked)."""

from __future__ import annotations

import pytest

from geo.paths import ROOT
from tests.e2e.maphelpers import (
    MAP_SELECTOR,
    PATHS,
    assert_not_remounted,
    fills,
    mark_no_remount,
    open_map,
    path_index,
    poll,
    zoom,
)

N_AREAS = 14
pytestmark = pytest.mark.e2e


@pytest.fixture
def app_url(streamlit_server) -> str:
    return streamlit_server(ROOT / "dashboard.py")


def slider(page, label: str):
    return page.locator('[data-testid="stSlider"]').filter(has_text=label).get_by_role("slider")


def no_exceptions(page) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0


def test_overview_map_one_path_per_area_offline(page, app_url, external_requests, artifacts_dir):
    frame_loc, frame = open_map(page, app_url, N_AREAS, dashed=False)
    assert frame_loc.locator(PATHS).count() == N_AREAS
    colours = fills(frame)
    assert len(colours) == N_AREAS
    assert len(set(colours.values())) >= 4  # a real choropleth, not one grey
    page.get_by_text("SYNTETISKA DEMODATA").first.wait_for()
    no_exceptions(page)
    page.screenshot(path=str(artifacts_dir / "dashboard-overview.png"), full_page=True)
    assert external_requests == []


def test_areas_arriving_after_the_first_resize_is_no_error(page, app_url, external_requests):
    """The map can be laid out (and resized) before its areas have arrived: label placement
    must wait for them rather than throw (CI caught "reading 'size'" of the anchors)."""
    import time

    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    def slow(route) -> None:
        time.sleep(2.0)
        route.fallback()

    page.route("**/generated/session-*/areas-*.json", slow)
    page.goto(app_url)
    page.locator(MAP_SELECTOR).first.wait_for(timeout=60_000)
    page.set_viewport_size({"width": 1100, "height": 850})  # a resize while the areas are on their way
    open_map(page, None, N_AREAS, dashed=False)
    page.wait_for_timeout(500)
    assert errors == []
    assert page.evaluate("() => window.__oiMaps.all()[0].labels.length") > 0
    assert external_requests == []


def test_the_wheel_scrolls_the_page_until_the_map_is_clicked(page, app_url, external_requests):
    """Scrolling past a map must not zoom it; after a click on the map the wheel zooms."""
    frame_loc, frame = open_map(page, app_url, N_AREAS, dashed=False)
    box = frame_loc.locator(".leaflet-container").bounding_box()  # the map itself, not the ranking beside it
    before = zoom(frame)
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.wheel(0, -400)
    page.wait_for_timeout(600)
    assert zoom(frame) == before
    page.mouse.click(box["x"] + 30, box["y"] + box["height"] - 20)  # the map's background, not an area
    page.mouse.wheel(0, -400)
    poll(lambda: zoom(frame) > before, timeout=5)
    assert external_requests == []


def test_slider_recolours_keeps_zoom_and_does_not_remount(page, app_url, external_requests, artifacts_dir):
    frame_loc, frame = open_map(page, app_url, N_AREAS, dashed=False)
    page.wait_for_timeout(800)
    zoom0 = zoom(page)
    frame_loc.locator(".leaflet-control-zoom-in").click()
    poll(lambda: zoom(page) > zoom0)
    page.wait_for_timeout(600)
    zoom1 = zoom(page)
    mark_no_remount(page)
    before = fills(frame)

    thumb = slider(page, "Boende")
    thumb.focus()
    for _ in range(8):  # 1.0 → 5.0 in steps of 0.5
        thumb.press("ArrowRight")
    after = poll(lambda: (f := fills(frame)) != before and f)
    assert after, "fill colours did not change after the weight slider moved"
    page.get_by_text("5.00", exact=True).first.wait_for()
    page.wait_for_timeout(1500)
    assert_not_remounted(page)
    assert zoom(page) == zoom1
    assert frame_loc.locator(PATHS).count() == N_AREAS
    no_exceptions(page)
    page.screenshot(path=str(artifacts_dir / "dashboard-after-slider.png"), full_page=True)
    assert external_requests == []


def test_click_on_map_selects_area_and_survives_slider(page, app_url, external_requests, artifacts_dir):
    frame_loc, frame = open_map(page, app_url, N_AREAS, dashed=False)
    page.wait_for_timeout(800)
    frame_loc.locator(PATHS).nth(path_index(frame, "G05")).click()
    heading = page.get_by_role("heading", name="Område E · Östra")
    heading.wait_for(timeout=20_000)
    thumb = slider(page, "Ekonomi")
    thumb.focus()
    thumb.press("ArrowRight")
    page.get_by_text("1.50", exact=True).first.wait_for()
    page.wait_for_timeout(1000)
    assert heading.is_visible()
    page.screenshot(path=str(artifacts_dir / "dashboard-selected.png"), full_page=True)
    assert external_requests == []


@pytest.mark.parametrize(("link", "maps"), [("Dimensioner", 4), ("Områdesprofil", 0), ("Metod", 0)])
def test_pages_render_without_errors(page, app_url, external_requests, artifacts_dir, link, maps):
    page.goto(app_url)
    page.get_by_text("SYNTETISKA DEMODATA").first.wait_for(timeout=60_000)
    page.locator('[data-testid="stSidebarNav"]').get_by_text(link, exact=True).click()
    page.get_by_role("heading", name=link).first.wait_for(timeout=30_000)
    if maps:
        poll(lambda: page.locator(MAP_SELECTOR).count() == maps, timeout=30)
        assert page.locator(MAP_SELECTOR).count() == maps
    page.wait_for_timeout(2000)
    no_exceptions(page)
    page.screenshot(path=str(artifacts_dir / f"page-{link}.png"), full_page=True)
    assert external_requests == []


def ranking_from_table(page) -> list[str]:
    """The ranking as shown in the table alternative (a static HTML table)."""
    page.get_by_text("Kartan som tabell").click()
    table = page.locator('[data-testid="stTable"] table').first
    table.wait_for()
    rows = table.locator("tbody tr")
    return [rows.nth(i).locator("td").first.inner_text() for i in range(rows.count())]


def test_permalink_reproduces_ranking_in_a_fresh_browser(page, browser, app_url, external_requests, artifacts_dir):
    open_map(page, app_url, N_AREAS, dashed=False)
    thumb = slider(page, "Boende")
    thumb.focus()
    for _ in range(6):  # 1.0 → 4.0
        thumb.press("ArrowRight")
    page.wait_for_url("**boende%3A4**", timeout=20_000)
    page.wait_for_timeout(1500)
    link = page.url
    expected = ranking_from_table(page)
    assert len(expected) == N_AREAS

    fresh = browser.new_context(viewport={"width": 1200, "height": 900})
    fresh.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("http://localhost", "data:"))
                else (external_requests.append(r.request.url), r.abort()))
    other = fresh.new_page()
    try:
        open_map(other, link, N_AREAS, dashed=False)
        assert "4.00" in other.locator('[data-testid="stSlider"]').filter(has_text="Boende").inner_text()
        assert ranking_from_table(other) == expected
        other.screenshot(path=str(artifacts_dir / "dashboard-permalink.png"), full_page=True)
    finally:
        fresh.close()
    assert external_requests == []


@pytest.mark.parametrize("label", ["PDF-underlag", "Excel"])
def test_exports_download_and_hold_the_numbers_on_screen(page, app_url, external_requests, artifacts_dir, label):
    import io

    open_map(page, app_url, N_AREAS, dashed=False)
    expected_first = ranking_from_table(page)[0]
    page.get_by_text("Exportera", exact=True).click()
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name=label, exact=True).click()  # "Excel" is in "CSV (Excel, svensk)" too
    data = open(info.value.path(), "rb").read()
    from geo.output.export import local_date

    name = info.value.suggested_filename  # no scenario open; the day in Malmö; the demo marked
    assert name.startswith("omradesindex_osparat_malmo-2023_") and f"_{local_date().isoformat()}_DEMO." in name, name
    target = artifacts_dir / info.value.suggested_filename
    target.write_bytes(data)
    if label == "PDF-underlag":
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data))
        assert len(reader.pages) == 1
        text = reader.pages[0].extract_text()
    else:
        from openpyxl import load_workbook

        wb = load_workbook(io.BytesIO(data), read_only=True)
        text = "\n".join(str(c) for row in wb["Resultat"].iter_rows(values_only=True) for c in row if c is not None)
    assert expected_first in text
    assert "SYNTETISKA" in text.upper()
    assert external_requests == []


def test_sliders_keep_their_values_across_page_switches(page, app_url, external_requests):
    """Regression (found by bench/load.py): every other page switch drew the weight sliders
    at 0.00 while the weights in use stayed 1; the next key press then jumped from 0."""
    open_map(page, app_url, N_AREAS, dashed=False)
    thumb = slider(page, "Boende")
    thumb.focus()
    thumb.press("ArrowRight")  # 1.0 → 1.5
    page.wait_for_url("**boende%3A1.5**", timeout=20_000)
    nav = page.locator('[data-testid="stSidebarNav"]')
    # Metod and Dimensioner show no weight sliders; the weights must survive them too.
    for link in ("Områdesprofil", "Metod", "Översikt", "Dimensioner", "Scenarier"):
        nav.get_by_text(link, exact=True).click()
        page.get_by_role("heading", name=link).first.wait_for(timeout=30_000)
        page.wait_for_timeout(1000)
        sliders = page.locator('[data-testid="stSlider"]').filter(has_text="Boende")
        if link in ("Metod", "Dimensioner"):
            assert sliders.count() == 0, link
            continue
        text = sliders.inner_text()
        assert "1.50" in text, (link, text)
    no_exceptions(page)
    assert external_requests == []


def shown_choice(box) -> str:
    """What a selectbox shows as its current choice."""
    return box.locator("input").first.get_attribute("value") or box.locator('[data-baseweb="select"]').inner_text()


def test_language_switch_relabels_the_sidebar_at_once(page, app_url, external_requests):
    """Defect: after switching to English the selectboxes kept their Swedish texts until clicked."""
    open_map(page, app_url, N_AREAS, dashed=False)
    sidebar = page.locator('[data-testid="stSidebar"]')
    method = sidebar.locator('[data-testid="stSelectbox"]').filter(has_text="Normaliseringsmetod")
    assert "z-poäng" in shown_choice(method)
    sidebar.get_by_text("English", exact=True).click()
    page.get_by_role("heading", name="Overview").first.wait_for(timeout=30_000)
    method = sidebar.locator('[data-testid="stSelectbox"]').filter(has_text="Normalisation method")
    assert poll(lambda: "z-score" in shown_choice(method), timeout=15), shown_choice(method)
    scheme = sidebar.locator('[data-testid="stSelectbox"]').filter(has_text="Map classification")
    assert "quantiles" in shown_choice(scheme)
    page.wait_for_url("**sprak=en**", timeout=20_000)  # the language is in the link
    sidebar.get_by_text("Svenska", exact=True).click()
    page.get_by_role("heading", name="Översikt").first.wait_for(timeout=30_000)
    method = sidebar.locator('[data-testid="stSelectbox"]').filter(has_text="Normaliseringsmetod")
    assert poll(lambda: "z-poäng" in shown_choice(method), timeout=15), shown_choice(method)
    no_exceptions(page)
    assert external_requests == []


@pytest.mark.parametrize(("path", "title"), [("omradesprofil", "Områdesprofil"), ("oversikt", "Översikt"),
                                             ("moteslage", "Mötesläge")])
def test_deep_link_to_a_page_opens_it_without_a_page_not_found_dialog(page, browser, app_url, external_requests,
                                                                      path, title):
    """Swedish URL paths that are not the files' names route directly.

    Streamlit treats a ``pages/`` folder as "multipage v1" until ``st.navigation`` has run once in
    the server process, so the very first session after a start that opens a deep link gets
    Streamlit's "Page not found" notice over the right page (README, "Known limits"). Here the
    server has served a session already, as a running deployment has.
    """
    open_map(page, app_url, N_AREAS, dashed=False)  # the server's first session
    other = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
    other.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("http://localhost", "data:"))
                else (external_requests.append(r.request.url), r.abort()))
    other.goto(app_url.rstrip("/") + f"/{path}?def=malmo-2023&metod=rank")
    other.get_by_role("heading", name=title).first.wait_for(timeout=60_000)
    other.wait_for_timeout(1500)
    assert other.get_by_text("Page not found").count() == 0
    assert "metod=rank" in other.url
    no_exceptions(other)
    other.context.close()
    assert external_requests == []
