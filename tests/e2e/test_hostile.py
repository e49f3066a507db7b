"""Hostile text in the browser: area names and definition labels with HTML, script and Markdown.

A data folder is built at test time from the demo's areas with hostile names and a copy
of the standard definition whose labels carry HTML. The app runs on it (env
``OMRADESINDEX_DATA_DIR``) and the test checks, in every frame, that no script ran
(``window.__pwned`` stays undefined), that no injected element exists, and that the
text is shown literally in the map tooltip, the table alternative, the legend, the
pages and the exports.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from geo.paths import ROOT, demo_paths
from tests.e2e.maphelpers import MAP_SELECTOR, PATHS, open_map, path_index, poll

pytestmark = pytest.mark.e2e

N_AREAS = 14
SCRIPT = "<script>window.__pwned=1</script>"
IMG = '<img src=x onerror="window.__pwned=1">'
SVG = '"><svg onload=window.__pwned=1>'
MARKDOWN = "**fet** [länk](javascript:alert(1))"
FORMULA = "=1+1"
#: area_id -> hostile name (the other demo areas keep their names).
HOSTILE_NAMES = {
    "G01": SCRIPT,
    "G02": IMG,
    "G03": SVG,
    "G04": MARKDOWN,
    "G05": FORMULA,
    "G06": "$x^2$ :red[röd] & &amp; <b>fet</b>",
}
NO_VALUE_AREA = "G02"  # its indicator rows are dropped: it is listed in the legend ("utan värde")
DIM_LABEL = '<b onmouseover="window.__pwned=1">Delaktighet</b>'
IND_LABEL = '<img src=y onerror="window.__pwned=1">Valdeltagande'

INIT_SCRIPT = """
Object.defineProperty(window, '__pwned', {value: undefined, writable: true, configurable: true});
"""


def _hostile_folder(root: Path) -> Path:
    import geopandas as gpd
    import pandas as pd

    demo = demo_paths()
    folder = root / "fientlig"
    (folder / "definitions").mkdir(parents=True)
    areas = gpd.read_file(demo.areas)
    assert set(HOSTILE_NAMES) <= set(areas["area_id"])
    areas["area_name"] = [HOSTILE_NAMES.get(a, n) for a, n in zip(areas["area_id"], areas["area_name"])]
    areas.to_file(folder / "omraden.gpkg", driver="GPKG")
    ind = pd.read_csv(demo.indicators, dtype={"area_id": str})
    ind[ind["area_id"] != NO_VALUE_AREA].to_csv(folder / "indikatorer.csv", index=False)

    text = Path(demo.default_definition).read_text(encoding="utf-8")
    text = text.replace('label = "Delaktighet"', f"label = {json.dumps(DIM_LABEL)}", 1)
    text = text.replace('label = "Valdeltagande i riksdagsval"', f"label = {json.dumps(IND_LABEL)}", 1)
    text = text.replace('id = "malmo-2023"', 'id = "fientlig-2023"', 1)
    parsed = tomllib.loads(text)
    assert parsed["dimensions"][0]["label"] == DIM_LABEL
    assert parsed["dimensions"][0]["indicators"][0]["label"] == IND_LABEL
    (folder / "definitions" / "fientlig.toml").write_text(text, encoding="utf-8")
    (folder / "omradesindex.toml").write_text('[files]\ndefinition = "definitions/fientlig.toml"\n',
                                              encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def hostile_folder(tmp_path_factory) -> Path:
    return _hostile_folder(tmp_path_factory.mktemp("hostile"))


@pytest.fixture(scope="module")
def hostile_url(streamlit_server, hostile_folder) -> str:
    return streamlit_server(ROOT / "dashboard.py", env={"OMRADESINDEX_DATA_DIR": str(hostile_folder)})


@pytest.fixture
def hpage(page):
    page.context.add_init_script(INIT_SCRIPT)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.page_errors = errors  # type: ignore[attr-defined]
    return page


def assert_not_pwned(page) -> None:
    frames = page.frames
    assert len(frames) >= 1
    for frame in frames:
        try:
            value = frame.evaluate("() => typeof window.__pwned === 'undefined' ? null : String(window.__pwned)")
        except Exception as exc:
            if "detached" in str(exc).lower():
                continue
            raise
        assert value is None, f"script ran in frame {frame.url!r}: window.__pwned = {value}"
    for frame in frames:
        try:
            injected = frame.evaluate(
                """() => Array.from(document.querySelectorAll('img[onerror], svg[onload], [onmouseover]'))
                       .map(e => e.outerHTML)""")
        except Exception as exc:
            if "detached" in str(exc).lower():
                continue
            raise
        assert injected == [], f"injected elements in {frame.url!r}: {injected}"
        links = frame.evaluate(
            "() => Array.from(document.querySelectorAll('a[href^=\"javascript:\" i]')).map(e => e.outerHTML)")
        assert links == [], f"javascript: links in {frame.url!r}: {links}"


def no_exceptions(page) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0


def tooltip_text(page, frame_loc, frame, area_id: str, expected: str) -> str:
    """Hover the area; the text of its tooltip once it shows ``expected`` (or the last seen)."""
    tip = frame_loc.locator(".leaflet-tooltip")
    page.mouse.move(2, 2)
    poll(lambda: tip.count() == 0, timeout=5)
    frame_loc.locator(PATHS).nth(path_index(frame, area_id)).hover()

    def read() -> str:
        return " ".join(tip.nth(i).inner_text() for i in range(tip.count()))

    poll(lambda: expected in read(), timeout=10)
    return read()


def test_hostile_names_on_the_overview(hpage, hostile_url, external_requests, artifacts_dir):
    page = hpage
    frame_loc, frame = open_map(page, hostile_url, N_AREAS, dashed=True)
    page.wait_for_timeout(800)
    # The init script ran in the page (so "undefined" below is meaningful); the map has no iframe.
    assert page.evaluate("() => '__pwned' in window")
    assert_not_pwned(page)
    no_exceptions(page)

    # Tooltips (Leaflet, innerHTML built in the browser from escaped text): the names as text.
    for area_id in ("G01", "G03", "G04", "G06", NO_VALUE_AREA):
        text = tooltip_text(page, frame_loc, frame, area_id, HOSTILE_NAMES[area_id])
        assert HOSTILE_NAMES[area_id] in text, (area_id, text)
    assert DIM_LABEL in tooltip_text(page, frame_loc, frame, "G01", DIM_LABEL)
    assert_not_pwned(page)

    # Legend: the area without a value is named there; map labels and the ranking as text.
    legend = page.locator(".oi-legend").first
    assert IMG in legend.inner_text()
    ranking = page.locator('[data-testid="oi-ranking"]').inner_text()
    for name in (SCRIPT, SVG, MARKDOWN, FORMULA):
        assert name in ranking, (name, ranking)

    # Top-k lines, headings and the rest of the page: names that reach Markdown stay literal
    # (assert_not_pwned also finds any javascript: link).
    body = page.locator('[data-testid="stMain"]').inner_text()

    # Table alternative (st.table renders Markdown: names must be escaped).
    page.get_by_text("Kartan som tabell").click()
    table = page.locator('[data-testid="stTable"] table').last
    table.wait_for()
    table_text = table.inner_text()
    for name in (SCRIPT, MARKDOWN, FORMULA, SVG, HOSTILE_NAMES["G06"]):
        assert name in table_text, (name, table_text)
    assert table.locator("strong, a, img, svg, script").count() == 0

    # The selected area's heading and dimension table (header labels from the definition).
    page.locator('[data-testid="stSelectbox"]').filter(has_text="Välj område").click()
    page.get_by_role("option", name=MARKDOWN).click()
    page.get_by_role("heading", name=MARKDOWN).wait_for(timeout=20_000)
    dims_table = page.locator('[data-testid="stTable"] table').first
    poll(lambda: DIM_LABEL in dims_table.inner_text(), timeout=10)
    assert DIM_LABEL in dims_table.inner_text()

    # Sidebar: the dimension's slider label and the indicator weight labels, literally.
    sidebar = page.locator('[data-testid="stSidebar"]')
    assert DIM_LABEL in sidebar.inner_text()

    page.wait_for_timeout(1000)
    assert_not_pwned(page)
    no_exceptions(page)
    assert page.page_errors == []  # type: ignore[attr-defined]
    page.screenshot(path=str(artifacts_dir / "hostile-overview.png"), full_page=True)
    assert "window.__pwned" in body  # the names are on the page, as text
    assert external_requests == []


@pytest.mark.parametrize("link", ["Dimensioner", "Metod", "Områdesprofil", "Mötesläge"])
def test_hostile_labels_on_other_pages(hpage, hostile_url, external_requests, artifacts_dir, link):
    page = hpage
    page.goto(hostile_url)
    page.locator(MAP_SELECTOR).first.wait_for(timeout=60_000)
    page.locator('[data-testid="stSidebarNav"]').get_by_text(link, exact=True).click()
    page.get_by_role("heading", name=link).first.wait_for(timeout=30_000)
    if link == "Dimensioner":
        poll(lambda: page.locator(MAP_SELECTOR).count() == 4, timeout=30)
    page.wait_for_timeout(2500)
    main = page.locator('[data-testid="stMain"]')
    text = main.inner_text()
    if link == "Dimensioner":
        assert DIM_LABEL in text  # small-multiple heading and the indicators of the chosen dimension
        assert IND_LABEL in text
        assert IMG in text  # legend of each small multiple names the area without a value
    elif link == "Metod":
        # The definition table is st.dataframe (a canvas grid: text is drawn, never parsed);
        # the Markdown around it (header, description, file names) goes through md_escape.
        assert page.locator('[data-testid="stDataFrame"]').count() >= 1
        assert "fientlig.toml" in text and "fientlig-2023" in text
    elif link == "Områdesprofil":
        # Rank 1 is shown first; its dimension labels reach the table and the charts.
        assert page.locator('[data-testid="stVegaLiteChart"]').count() >= 1
    elif link == "Mötesläge":
        assert SCRIPT in text and MARKDOWN in text
    assert_not_pwned(page)
    no_exceptions(page)
    assert page.page_errors == []  # type: ignore[attr-defined]
    page.screenshot(path=str(artifacts_dir / f"hostile-{link}.png"), full_page=True)
    assert external_requests == []


@pytest.mark.parametrize("label", ["CSV (Excel, svensk)", "CSV (komma, punkt)", "GeoJSON", "Excel"])
def test_hostile_names_in_exports(hpage, hostile_url, external_requests, artifacts_dir, label):
    page = hpage
    open_map(page, hostile_url, N_AREAS, dashed=True)
    page.get_by_text("Exportera", exact=True).click()
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name=label, exact=True).click()
    data = Path(info.value.path()).read_bytes()
    (artifacts_dir / f"hostile-{info.value.suggested_filename}").write_bytes(data)
    if label.startswith("CSV"):
        text = data.decode("utf-8-sig")
        for name in (SCRIPT, IMG.replace('"', '""'), MARKDOWN, FORMULA):
            assert name in text, name
    elif label == "GeoJSON":
        doc = json.loads(data.decode("utf-8"))
        names = {f["properties"]["area_name"] for f in doc["features"]}
        assert set(HOSTILE_NAMES.values()) <= names
    else:
        import io

        from openpyxl import load_workbook

        ws = load_workbook(io.BytesIO(data))["Resultat"]
        cells = {c.value: c.data_type for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
        for name in HOSTILE_NAMES.values():
            shown = "'" + name if name.startswith("=") else name  # '=1+1' is text with a ', never a formula
            assert cells.get(shown) == "s", (shown, cells.get(shown))
    assert_not_pwned(page)
    assert external_requests == []


def test_hostile_folder_is_valid(hostile_folder):
    """The folder itself is usable data (only HTML warnings), so the app shows it, not the demo."""
    from geo.dataset.config import data_paths_from_folder
    from geo.dataset.report import join_report
    from geo.definition import load_definition
    from geo.readers.areas import read_areas
    from geo.readers.indicators import read_indicators

    paths = data_paths_from_folder(hostile_folder)
    areas = read_areas(paths.areas)
    report = join_report(areas, read_indicators(paths.indicators), load_definition(paths.default_definition))
    assert report.errors == []
