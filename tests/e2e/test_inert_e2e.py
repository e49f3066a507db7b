"""Markdown in user data and in a link is inert in the browser: no image fetched, no link drawn.

A hostile data folder (:func:`tests.e2e.test_hostile._hostile_folder`, plus areas named with a
Markdown image, a Markdown link, bare web addresses and Streamlit directives) is opened through a
link whose own parameters carry the same (``def=![x](http://127.0.0.1:9/b.png)``, a phishing link in
``metod``). ``127.0.0.1:9`` is local, so the ``page`` fixture would let it through: a route of its own
records (and aborts) every request to it. Nothing may be fetched from it, and no ``<a>`` or ``<img>``
on the page may point there or to the bare addresses (issue 16 point 5, issue 17).
"""

from __future__ import annotations

import re
import urllib.parse
from pathlib import Path

import pytest

from geo.paths import ROOT
from tests.e2e.maphelpers import MAP_SELECTOR, open_map, poll
from tests.e2e.test_hostile import INIT_SCRIPT, N_AREAS, _hostile_folder, assert_not_pwned, no_exceptions

pytestmark = pytest.mark.e2e

BEACON = "![v](http://127.0.0.1:9/beacon.png)"
PHISH = "[Sessionen har gått ut – logga in igen](http://127.0.0.1:9/login)"
NAMES = {"G07": BEACON, "G08": PHISH, "G09": "se www.evil.example", "G10": "http://127.0.0.1:9/x",
         "G11": ":red[FEL] :material/dangerous:"}
LINK = {"def": "![x](http://127.0.0.1:9/b.png)", "metod": PHISH}
TRAP = re.compile(r"^https?://127\.0\.0\.1:9(/|$)")


@pytest.fixture(scope="module")
def inert_folder(tmp_path_factory) -> Path:
    import geopandas as gpd
    import pandas as pd

    folder = _hostile_folder(tmp_path_factory.mktemp("inert"))
    areas = gpd.read_file(folder / "omraden.gpkg")
    areas["area_name"] = [NAMES.get(a, n) for a, n in zip(areas["area_id"], areas["area_name"], strict=True)]
    areas.to_file(folder / "omraden.gpkg", driver="GPKG")
    ind = pd.read_csv(folder / "indikatorer.csv", dtype={"area_id": str})
    unknown = ind[ind["indicator_id"] == "valdeltagande"].assign(indicator_id=BEACON)
    pd.concat([ind, unknown]).to_csv(folder / "indikatorer.csv", index=False)
    return folder


@pytest.fixture(scope="module")
def inert_url(streamlit_server, inert_folder) -> str:
    return streamlit_server(ROOT / "dashboard.py", env={"OMRADESINDEX_DATA_DIR": str(inert_folder)})


def pointing_out(page) -> list[str]:
    """Links and images in any frame that point at the trap or at the bare addresses."""
    found: list[str] = []
    for frame in page.frames:
        try:
            found += frame.evaluate(
                """() => Array.from(document.querySelectorAll('a[href], img[src], image, source[srcset]'))
                       .map(e => e.getAttribute('href') || e.getAttribute('src') || e.getAttribute('srcset')
                                 || e.getAttribute('xlink:href') || '')
                       .filter(u => /127\\.0\\.0\\.1:9|evil\\.example/i.test(u))""")
        except Exception as exc:
            if "detached" not in str(exc).lower():
                raise
    return found


def test_a_hostile_folder_and_link_fetch_nothing_and_draw_no_links(page, inert_url, external_requests,
                                                                     artifacts_dir):
    fetched: list[str] = []
    page.context.add_init_script(INIT_SCRIPT)
    page.context.route(TRAP, lambda route: (fetched.append(route.request.url), route.abort()))
    query = urllib.parse.urlencode(LINK, quote_via=urllib.parse.quote)
    open_map(page, f"{inert_url}/?{query}", N_AREAS, dashed=True)
    warning = page.locator('[data-testid="stAlert"]').filter(has_text="Länken kunde inte användas").first
    warning.wait_for(timeout=30_000)
    assert LINK["def"] in warning.inner_text().replace("\u2060", "")  # the link's own text, literally

    page.get_by_text("Kartan som tabell").click()
    table = page.locator('[data-testid="stTable"] table').last
    table.wait_for()
    poll(lambda: BEACON in table.inner_text().replace("\u2060", ""), timeout=10)
    text = table.inner_text().replace("\u2060", "")
    for name in NAMES.values():
        assert name in text, (name, text)

    for link in ("Metod", "Dimensioner", "Mötesläge"):  # Mötesläge hides the sidebar: last
        page.locator('[data-testid="stSidebarNav"]').get_by_text(link, exact=True).click()
        page.get_by_role("heading", name=link).first.wait_for(timeout=30_000)
        page.locator(MAP_SELECTOR).first.wait_for(timeout=60_000) if link != "Metod" else None
        page.wait_for_timeout(1500)
        assert pointing_out(page) == [], link
    page.wait_for_timeout(1000)
    page.screenshot(path=str(artifacts_dir / "inert-links.png"), full_page=True)
    assert fetched == []
    assert pointing_out(page) == []
    assert_not_pwned(page)
    no_exceptions(page)
    assert external_requests == []
