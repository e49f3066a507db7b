"""Real Malmö in the browser (issue 15): a fresh session opens on the open data — 91 RegSO, the label
"Öppna data från SCB — 5 av 12 indikatorer, RegSO (inte GeSO)" and the top 3's ranks on the map inside the
first screen at a projector's 1280×720 and at 1920×1080 — and the synthetic demo is one click away."""

from __future__ import annotations

import pytest

from geo.paths import ROOT
from tests.e2e.maphelpers import MAP_SELECTOR, boxes_overlap, label_boxes, open_map

pytestmark = pytest.mark.e2e

LABEL = "Öppna data från SCB — 5 av 12 indikatorer, RegSO (inte GeSO)"


@pytest.fixture(scope="module")
def open_url(streamlit_server) -> str:
    return streamlit_server(ROOT / "dashboard.py", env={"OMRADESINDEX_BUILTIN": "oppna"})


@pytest.mark.parametrize("viewport", [(1280, 720), (1920, 1080)])
def test_first_screen_is_real_malmo(browser, open_url, viewport, artifacts_dir):
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    page = context.new_page()
    try:
        open_map(page, open_url, 91, dashed=False)
        banner = page.locator(".oi-source")
        assert banner.inner_text().strip() == LABEL
        box = banner.bounding_box()
        assert box is not None and box["y"] + box["height"] <= viewport[1]  # read without scrolling
        assert page.locator(".oi-banner").count() == 0  # real data: no demo stripes
        map_box = page.locator(MAP_SELECTOR).first.bounding_box()
        assert map_box is not None and map_box["y"] < viewport[1] - 200  # the map starts in the first screen
        labels = label_boxes(page)
        texts = {text.split(" ")[0] for text, _ in labels}
        assert {"1", "2", "3"} <= texts  # the top 3 carry their rank even in small inner-city areas
        for i, (_, a) in enumerate(labels):
            for _, b in labels[i + 1:]:
                assert not boxes_overlap(a, b)
        assert page.get_by_text("Lindängen", exact=True).count() >= 1
        page.screenshot(path=str(artifacts_dir / f"open-data-{viewport[0]}x{viewport[1]}.png"))
    finally:
        context.close()


def test_the_demo_is_one_click_away(browser, open_url):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    try:
        open_map(page, open_url, 91, dashed=False)
        page.get_by_text("Syntetisk demo (hela indexet, 14 påhittade områden)").click()
        open_map(page, None, 14, dashed=False)
        page.locator(".oi-banner").first.wait_for(timeout=30_000)
        assert "SYNTETISKA" in page.locator(".oi-banner").first.inner_text().upper()
        assert page.locator(".oi-source").count() == 0
        page.wait_for_function("() => location.search.includes('data=demo')", timeout=20_000)
    finally:
        context.close()
