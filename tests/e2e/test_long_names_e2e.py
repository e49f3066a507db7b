"""A 10,000-character area name must not push Mötesläge's ranking off a projector (issue 17).

The reader cuts names at 100 characters (with a warning) and the ranking shows a name on at most two
lines, so at 1280×720 the top three rows stay on screen, each with its rank.
"""

from __future__ import annotations

import shutil

import geopandas as gpd
import pytest

from geo.paths import ROOT, demo_paths

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def long_names_url(streamlit_server, tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("long-names")
    demo = demo_paths()
    layer = gpd.read_file(demo.areas)
    layer["area_name"] = [("Långtnamn" * 1112)[:10_000] if i % 2 == 0 else n for i, n in enumerate(layer["area_name"])]
    layer.to_file(folder / "omraden.gpkg", driver="GPKG")
    shutil.copy(demo.indicators, folder / "indikatorer.csv")
    return streamlit_server(ROOT / "dashboard.py", env={"OMRADESINDEX_DATA_DIR": str(folder)})


def test_top_three_stay_on_a_projector_with_ten_thousand_character_names(browser, long_names_url, artifacts_dir):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.goto(f"{long_names_url}/moteslage")
    rows = page.locator('[data-testid="oi-ranking"] tbody tr.top')
    rows.first.wait_for(timeout=60_000)
    page.wait_for_timeout(500)
    page.screenshot(path=str(artifacts_dir / "meeting-long-names.png"))
    assert rows.count() == 3
    for i in range(3):
        box = rows.nth(i).bounding_box()
        assert box is not None and box["y"] + box["height"] <= 720, (i, box)
        assert box["height"] < 80, box  # at most two lines of name
        assert rows.nth(i).locator("td").first.inner_text().strip() == str(i + 1)
    names = rows.locator("td.name").all_inner_texts()
    assert all(len(n.split("\n")[0]) <= 100 for n in names), [len(n) for n in names]
    context.close()
