"""Unranked areas and data notes in the browser's map: the tooltip says why an area has no rank and
shows a ranked area's note; the ranking beside the map marks the flagged name with "*" and says
"ej rankad: …" — for the weights the browser ranks with (a dimension weighted 0 is only a note).

Data: the demo with G14 lacking every utbildning indicator and G03 one ekonomi indicator.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from geo.paths import ROOT, demo_paths
from tests.e2e.maphelpers import open_map, poll
from tests.e2e.test_hostile import tooltip_text

pytestmark = pytest.mark.e2e

N_AREAS = 14
UNRANKED, FLAGGED = "G14", "G03"
NOTE = "Ekonomi: beräknad utan Andel 20–64 år utan ekonomiskt bistånd"


@pytest.fixture(scope="module")
def gapped_url(streamlit_server, tmp_path_factory) -> str:
    import shutil

    import pandas as pd

    folder: Path = tmp_path_factory.mktemp("luckor") / "luckor"
    folder.mkdir()
    demo = demo_paths()
    shutil.copy(demo.areas, folder / "omraden.gpkg")
    ind = pd.read_csv(demo.indicators, dtype={"area_id": str})
    edu = ("forgymnasial_utbildning", "behorighet_yrkesprogram", "hogskolebehorighet")
    ind = ind[~((ind["area_id"] == UNRANKED) & ind["indicator_id"].isin(edu))]
    ind = ind[~((ind["area_id"] == FLAGGED) & (ind["indicator_id"] == "utan_ekonomiskt_bistand"))]
    ind.to_csv(folder / "indikatorer.csv", index=False)
    return streamlit_server(ROOT / "dashboard.py", env={"OMRADESINDEX_DATA_DIR": str(folder)})


def ranking_text(page) -> str:
    return page.locator('[data-testid="oi-ranking"]').inner_text()


def test_tooltip_and_ranking_say_why_not_ranked_and_show_the_note(page, gapped_url, external_requests, artifacts_dir):
    frame_loc, frame = open_map(page, gapped_url, N_AREAS, dashed=True)
    tip = tooltip_text(page, frame_loc, frame, UNRANKED, "Orsak")
    assert "Saknar värde (ej rankad)" in tip and "Orsak: saknar värden i Utbildning" in tip, tip
    assert "None" not in tip and "null" not in tip
    tip = tooltip_text(page, frame_loc, frame, FLAGGED, "Anmärkning")
    assert f"Anmärkning: {NOTE}" in tip and "Rang: 2 / 13" in tip, tip  # a ranked area's note too
    box = frame_loc.locator(".leaflet-tooltip").first  # a long note wraps instead of running off the map
    assert box.evaluate("e => getComputedStyle(e).whiteSpace") == "normal"

    poll(lambda: "Område C · Centrum *" in ranking_text(page), timeout=10)
    ranking = ranking_text(page)
    assert "Område C · Centrum *" in ranking and NOTE in ranking
    assert "ej rankad: saknar värden i Utbildning" in ranking
    assert "None" not in ranking and "NaN" not in ranking
    page.screenshot(path=str(artifacts_dir / "notes-overview.png"))
    assert external_requests == []


def test_with_the_dimension_weighted_zero_it_is_a_note(page, gapped_url, external_requests):
    """The reason depends on the weights: the browser decides it (no server text in the scores file)."""
    frame_loc, frame = open_map(page, gapped_url + "/?v=delaktighet:1,utbildning:0,ekonomi:1,boende:1",
                                N_AREAS, dashed=False)
    tip = tooltip_text(page, frame_loc, frame, UNRANKED, "Anmärkning")
    assert "Anmärkning: Utbildning: saknar data" in tip and "Orsak" not in tip, tip
    poll(lambda: "Område N · Västra staden *" in ranking_text(page), timeout=10)
    assert "ej rankad" not in ranking_text(page)
    assert external_requests == []
