"""Uppföljning in Chromium at a projector's 1280×720: the change map is drawn with the library's
colours, in the right direction (areas that fell behind purple, areas catching up green)."""

from __future__ import annotations

import pytest

from geo.dataset.load import load_dataset
from geo.engine.history import index_history
from geo.engine.progress import follow_up_table
from geo.engine.scoring import score_years
from geo.paths import ROOT, demo_paths
from geo.settings import ViewSettings
from geo.view.followup import change_layer, change_view
from geo.view.palette import BETTER, WORSE
from tests.e2e.maphelpers import fills, open_map

pytestmark = pytest.mark.e2e


def expected_fills() -> dict[str, str]:
    data = load_dataset(demo_paths())
    d = data.default_definition
    settings = ViewSettings.default(d, reference_year=2022)
    hist = index_history(score_years(data, d, settings), 2022)
    follow = follow_up_table(data.indicators, data.areas, d, reference_year=2022)
    view = change_view("index", hist, follow, d, "sv")
    return {a: s["fill"] for a, s in change_layer(view, "sv").styles.items()}


def test_the_change_map_at_1280x720(page, streamlit_server, artifacts_dir, external_requests):
    url = streamlit_server(ROOT / "dashboard.py")
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(url)  # the entry point first, then the page (as a user clicking the navigation)
    page.get_by_role("link", name="Uppföljning").click()
    page.get_by_text("Förändring sedan 2022").wait_for()
    open_map(page, None, 14, dashed=False)
    got = {a: f.lower() for a, f in fills(page).items()}
    want = {a: f.lower() for a, f in expected_fills().items()}
    assert got == want
    assert got["G08"] in WORSE and got["G11"] in WORSE  # the demo's two areas falling behind
    assert got["G01"] in BETTER  # a priority area catching up
    page.get_by_text("Gapet prioriterade – övriga").wait_for()
    assert page.locator('[data-testid="stException"]').count() == 0
    page.screenshot(path=str(artifacts_dir / "followup-1280.png"))
    assert external_requests == []
