"""The projector (issue 11), in Chromium at the viewports of real meeting rooms.

* Mötesläge fits one screen: map, every ranking row and the weight controls inside the first
  screen, no horizontal overflow, body text ≥ 20 px at 1280×720.
* Översikt at 1280×720 and 1920×1080: the map on load, no clipped names or index (or a scroll cue).
* Labels: rank and short name inside the areas, never overlapping.
* The map moves with the slider: fills change during a drag, before the server knows.
* The browser's ranks are the library's, for random weights, ties included.
* No meaning depends on an emoji font; a placeholder says when the map is loading.
"""

from __future__ import annotations

import random
import shutil
import unicodedata
from pathlib import Path

import pandas as pd
import pytest

from geo.dataset.config import resolve_data_paths
from geo.dataset.load import load_dataset
from geo.engine.scoring import score_dataset
from geo.paths import ROOT, demo_paths
from geo.settings import ViewSettings, default_reference_year
from tests.e2e.maphelpers import MAP_SELECTOR, boxes_overlap, fills, label_boxes, open_map, poll, ranks, state

pytestmark = pytest.mark.e2e

N_AREAS = 14
MEETING_VIEWPORTS = [(1280, 720), (1366, 768), (1920, 1080), (1024, 768)]
TIE = ("G02", "G03")  # the tie folder gives these two areas identical values


def warmed(browser, url: str) -> str:
    """A server that has run one session: the first session after a start that opens a deep link
    gets Streamlit's "Page not found" notice (README, "Known limits"); meeting rooms use a running
    server."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(url)
    page.locator(MAP_SELECTOR).first.wait_for(timeout=90_000)
    context.close()
    return url


@pytest.fixture(scope="module")
def app_url(streamlit_server, browser) -> str:
    return warmed(browser, streamlit_server(ROOT / "dashboard.py"))


@pytest.fixture(scope="module")
def tie_folder(tmp_path_factory) -> Path:
    """The demo, except that G03 has exactly G02's values: the two areas tie in every weighting."""
    folder = tmp_path_factory.mktemp("tie")
    demo = demo_paths()
    shutil.copy(demo.areas, folder / "omraden.gpkg")
    ind = pd.read_csv(demo.indicators, dtype={"area_id": str})
    g02 = ind[ind["area_id"] == TIE[0]].set_index(["indicator_id", "year"])["value"]
    mask = ind["area_id"] == TIE[1]
    ind.loc[mask, "value"] = [g02[(i, y)] for i, y in zip(ind.loc[mask, "indicator_id"], ind.loc[mask, "year"])]
    ind.to_csv(folder / "indikatorer.csv", index=False)
    return folder


def viewport(page, width: int, height: int) -> None:
    page.set_viewport_size({"width": width, "height": height})


def settle(page) -> None:
    """Wait until Streamlit has finished its rerun (no running indicator) and the map painted."""
    page.wait_for_timeout(300)
    poll(lambda: page.locator('[data-testid="stStatusWidget"]').count() == 0, timeout=30)
    page.wait_for_timeout(400)


def no_horizontal_overflow(page) -> None:
    width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"page is {width[0]} px wide in a {width[1]} px window"


def assert_labels_apart(page, index: int = 0) -> list[tuple[str, list[float]]]:
    boxes = label_boxes(page, index)
    for i, (ta, a) in enumerate(boxes):
        for tb, b in boxes[i + 1:]:
            assert not boxes_overlap(a, b), f"labels {ta!r} and {tb!r} overlap: {a} {b}"
    return boxes


# ---------------------------------------------------------------- Mötesläge fits


@pytest.mark.parametrize(("width", "height"), MEETING_VIEWPORTS)
def test_meeting_fits_one_screen(page, app_url, external_requests, artifacts_dir, width, height):
    viewport(page, width, height)
    open_map(page, app_url.rstrip("/") + "/moteslage", N_AREAS, dashed=False)
    settle(page)
    assert page.get_by_text("Page not found").count() == 0
    page.screenshot(path=str(artifacts_dir / f"meeting-{width}x{height}.png"))
    no_horizontal_overflow(page)
    doc_height = page.evaluate("() => document.documentElement.scrollHeight")
    assert doc_height <= height + 1, f"the page scrolls: {doc_height} px in a {height} px window"

    # Every ranking row (14 areas) and every weight control inside the first screen.
    rows = page.locator('[data-testid="oi-ranking"] tbody tr[data-id]')
    assert rows.count() == N_AREAS
    box = page.locator('[data-testid="oi-ranking"]').bounding_box()
    for i in range(N_AREAS):
        r = rows.nth(i).bounding_box()
        assert r["y"] >= 0 and r["y"] + r["height"] <= height, f"row {i + 1} is outside the screen: {r}"
        assert r["y"] + r["height"] <= box["y"] + box["height"] + 1, f"row {i + 1} is scrolled out of its box"
        assert r["x"] + r["width"] <= width
    controls = page.locator('[data-testid="oi-weights"]').locator("input[type=range], button")
    assert controls.count() == 4 + 4  # four weights; Live, Frys, Visa, Återställ
    for i in range(controls.count()):
        c = controls.nth(i).bounding_box()
        assert 0 <= c["y"] and c["y"] + c["height"] <= height and c["x"] + c["width"] <= width, c
    mapbox = page.locator(MAP_SELECTOR).locator(".oi-map").bounding_box()
    assert mapbox["y"] + mapbox["height"] <= height + 1 and mapbox["height"] >= 250

    # Readable from the back of the room, and nothing clipped in the table.
    sizes = page.evaluate("""() => Array.from(document.querySelectorAll(
        '[data-testid="oi-ranking"] td, [data-testid="oi-weights"] label'))
        .map(e => parseFloat(getComputedStyle(e).fontSize))""")
    if (width, height) != (1024, 768):
        assert min(sizes) >= 20, min(sizes)
    clipped = page.evaluate("""() => Array.from(document.querySelectorAll('[data-testid="oi-ranking"] td'))
        .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.textContent)""")
    assert clipped == []
    boxes = assert_labels_apart(page)
    assert len([t for t, _ in boxes if t.strip()]) >= 10, boxes  # most areas carry their rank
    assert page.locator('[data-testid="stSidebar"]').is_hidden()
    assert external_requests == []


def test_meeting_keyboard_and_clicker_move_the_focused_weight(page, app_url, external_requests):
    viewport(page, 1280, 720)
    open_map(page, app_url.rstrip("/") + "/moteslage", N_AREAS, dashed=False)
    settle(page)
    boende = page.locator('[data-testid="oi-weights"] input[type=range]').nth(3)
    boende.focus()
    before = ranks(page)
    page.keyboard.press("PageUp")  # a presenter clicker's "next"
    page.keyboard.press("PageUp")
    page.keyboard.press("ArrowRight")
    assert boende.input_value() == "2.5"
    # The ranks on the map (their numbers and the list): on the 2022 yardstick this move re-orders
    # seven areas without moving any across a colour class, so the colours are not the test.
    assert poll(lambda: ranks(page) != before), "the map did not follow the keyboard"
    page.wait_for_url("**boende%3A2.5**", timeout=20_000)  # the server caught up: the link holds it
    page.keyboard.press("PageDown")
    assert boende.input_value() == "2"
    page.wait_for_url("**boende%3A2**", timeout=20_000)
    assert external_requests == []


def test_meeting_freeze_prepares_unseen_and_show_applies(page, app_url, external_requests):
    viewport(page, 1366, 768)
    open_map(page, app_url.rstrip("/") + "/moteslage", N_AREAS, dashed=False)
    settle(page)
    panel = page.locator('[data-testid="oi-weights"]')
    panel.get_by_role("button", name="Frys").click()
    before, url = fills(page), page.url
    slider = panel.locator("input[type=range]").nth(2)
    slider.focus()
    for _ in range(8):
        page.keyboard.press("ArrowRight")
    page.wait_for_timeout(800)
    assert fills(page) == before and page.url == url  # prepared, not shown
    assert panel.get_by_text("Fryst").is_visible()
    panel.get_by_role("button", name="Visa").click()
    assert poll(lambda: fills(page) != before)
    page.wait_for_url("**ekonomi%3A5**", timeout=20_000)
    panel.get_by_role("button", name="Återställ").click()
    page.wait_for_url("**ekonomi%3A1%2C**", timeout=20_000)
    assert poll(lambda: fills(page) == before)
    assert external_requests == []


# ---------------------------------------------------------------- Översikt at projector sizes


@pytest.mark.parametrize(("width", "height"), [(1280, 720), (1920, 1080)])
def test_overview_shows_map_and_ranking_on_load(page, app_url, external_requests, artifacts_dir, width, height):
    viewport(page, width, height)
    open_map(page, app_url, N_AREAS, dashed=False)
    settle(page)
    page.screenshot(path=str(artifacts_dir / f"overview-{width}x{height}.png"))
    no_horizontal_overflow(page)
    mapbox = page.locator(MAP_SELECTOR).locator(".oi-map").bounding_box()
    visible = min(mapbox["y"] + mapbox["height"], height) - max(mapbox["y"], 0)
    assert visible >= 0.8 * mapbox["height"] and visible >= 300, (mapbox, height)
    ranking = page.locator('[data-testid="oi-ranking"]')
    rows = ranking.locator("tbody tr[data-id]")
    assert rows.count() == N_AREAS
    clipped = page.evaluate("""() => Array.from(document.querySelectorAll('[data-testid="oi-ranking"] td'))
        .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.textContent)""")
    assert clipped == []  # no name or index cut off
    box = ranking.bounding_box()
    hidden = [i for i in range(N_AREAS)
              if rows.nth(i).bounding_box()["y"] + rows.nth(i).bounding_box()["height"] > box["y"] + box["height"] + 1]
    if hidden:  # rows below the box's edge: a visible cue says so
        cue = ranking.locator(".oi-more")
        assert cue.is_visible() and str(len(hidden)) in cue.inner_text()
    assert_labels_apart(page)
    assert external_requests == []


# ---------------------------------------------------------------- live map


def test_map_recolours_during_a_drag_before_the_server_reruns(page, app_url, external_requests, artifacts_dir):
    viewport(page, 1600, 1000)
    open_map(page, app_url, N_AREAS, dashed=False)
    settle(page)
    before, url = fills(page), page.url
    slider = page.locator('[data-testid="stSidebar"] .st-key-v_w_malmo-2023_boende')
    slider.scroll_into_view_if_needed()
    thumb = slider.locator("input[type=range]").evaluate(
        "i => { const r = i.parentElement.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; }")
    page.mouse.move(*thumb)
    page.mouse.down()
    for dx in range(0, 220, 20):
        page.mouse.move(thumb[0] + dx, thumb[1])
        page.wait_for_timeout(30)
    during = fills(page)
    snapshot = state(page)["snapshot"]
    assert during != before, "the map did not change while the slider was dragged"
    assert snapshot["weights"][3] > 1.0 and page.url == url  # the server has not been told yet
    page.screenshot(path=str(artifacts_dir / "overview-during-drag.png"))
    page.mouse.up()
    page.wait_for_url(f"**boende%3A{snapshot['weights'][3]:g}**", timeout=20_000)
    settle(page)
    assert fills(page) == during  # the server caught up with exactly what the room saw
    assert external_requests == []


def test_meeting_panel_drag_recolours_before_release(page, app_url, external_requests):
    viewport(page, 1280, 720)
    open_map(page, app_url.rstrip("/") + "/moteslage", N_AREAS, dashed=False)
    settle(page)
    before, url = fills(page), page.url
    box = page.locator('[data-testid="oi-weights"] input[type=range]').nth(1).bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * 0.2, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.6, y, steps=6)
    assert poll(lambda: fills(page) != before, timeout=5)
    assert page.url == url
    page.mouse.up()
    page.wait_for_function("u => location.href !== u", arg=url, timeout=20_000)  # the server caught up
    assert "utbildning%3A1%2C" not in page.url
    assert external_requests == []


@pytest.fixture(scope="module")
def tie_url(streamlit_server, browser, tie_folder) -> str:
    return warmed(browser, streamlit_server(ROOT / "dashboard.py", env={"OMRADESINDEX_DATA_DIR": str(tie_folder)}))


def test_client_ranks_equal_the_library_for_random_weights_with_ties(page, tie_url, tie_folder, external_requests,
                                                                      monkeypatch):
    """Property test through the page: random weights on the meeting panel → the browser's ranks
    (while live) and the server's (after catch-up) both equal geo's, the tied pair included."""
    monkeypatch.setenv("OMRADESINDEX_DATA_DIR", str(tie_folder))
    data = load_dataset(resolve_data_paths())
    definition = data.definition("malmo-2023")
    dims = list(definition.dimension_ids)
    rng = random.Random(1107)
    viewport(page, 1366, 768)
    open_map(page, tie_url.rstrip("/") + "/moteslage", N_AREAS, dashed=False)
    settle(page)
    steps = [0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 4.5, 5.0]
    for trial in range(8):
        weights = [rng.choice(steps) for _ in dims]
        if not any(weights):
            weights[trial % len(dims)] = 1.0
        page.evaluate("""w => {
            const inputs = document.querySelectorAll('[data-testid="oi-weights"] input[type=range]');
            w.forEach((v, j) => { inputs[j].value = String(v);
                                  inputs[j].dispatchEvent(new Event('input', {bubbles: true})); });
            inputs[0].dispatchEvent(new Event('change', {bubbles: true}));
        }""", weights)
        expected_scored = score_dataset(data, definition, ViewSettings.default(
            definition, weights=dict(zip(dims, weights, strict=True)),
            reference_year=default_reference_year(definition, data.years(definition))))  # the app's default
        expected = {a: int(r) for a, r in expected_scored.result.rank.dropna().items()}
        # weights and ranks from one snapshot: a server catch-up may redraw the map between two reads
        seen: dict = {}

        def caught_up() -> bool:
            seen["snap"] = state(page)["snapshot"]
            return seen["snap"]["weights"] == weights

        assert poll(caught_up, timeout=10)
        client = {a: v["rank"] for a, v in seen["snap"]["areas"].items() if v["rank"]}
        assert client == expected, (weights, client, expected)
        assert client[TIE[0]] == client[TIE[1]]  # the tie is a tie in the browser too
        page.wait_for_url("**v=" + "%2C".join(f"{d}%3A{w:g}" for d, w in zip(dims, weights, strict=True)) + "**",
                          timeout=20_000)
    assert external_requests == []


# ---------------------------------------------------------------- fonts, loading


def emoji_characters(text: str) -> set[str]:
    """Characters that need an emoji font (pictographs, dingbats with emoji presentation, VS16)."""
    out = set()
    for ch in text:
        cp = ord(ch)
        if cp >= 0x1F000 or cp == 0xFE0F or 0x2600 <= cp <= 0x27BF or 0x2B00 <= cp <= 0x2BFF:
            out.add(f"U+{cp:04X} {unicodedata.name(ch, '?')}")
    return out


@pytest.mark.parametrize("path", ["", "dimensioner", "scenarier", "robusthet", "moteslage", "metod"])
def test_no_meaning_depends_on_an_emoji_font(page, app_url, external_requests, path):
    page.goto(app_url.rstrip("/") + "/" + path)
    page.get_by_text("SYNTETISKA DEMODATA").first.wait_for(timeout=60_000)
    page.wait_for_timeout(2500)
    text = page.evaluate("() => document.body.innerText")
    assert emoji_characters(text) == set()
    # Page icons are Streamlit's own Material Symbols font (bundled, offline), not emoji.
    icons = page.locator('[data-testid="stSidebarNav"] [data-testid="stIconMaterial"]')
    if path != "moteslage":
        assert icons.count() >= 8
        assert page.evaluate("() => document.fonts.check('24px \"Material Symbols Rounded\"')")
    assert external_requests == []


def test_a_placeholder_says_the_map_is_loading(page, app_url, external_requests):
    release = []

    def slow(route):
        release.append(route)

    page.route("**/app/static/generated/session-*/areas-*.json", slow)
    page.goto(app_url)
    loading = page.locator(MAP_SELECTOR).locator(".oi-loading")
    loading.wait_for(timeout=60_000)
    assert "Kartan laddas" in loading.inner_text() and loading.is_visible()
    poll(lambda: release, timeout=30)
    for route in release:
        route.continue_()
    open_map(page, None, N_AREAS, dashed=False)
    assert loading.is_hidden()
    assert external_requests == []


def test_meeting_the_focused_weight_says_how_far_it_can_move(page, app_url, external_requests):
    """The tipping point of the focused slider (issue 14) in place of the key hint, so the panel keeps its
    height; it follows the server's scoring after a move."""
    from geo.dataset.config import resolve_data_paths
    from geo.engine.tipping import tipping_for
    from geo.view.sensitivity import slider_note

    viewport(page, 1280, 720)
    open_map(page, app_url.rstrip("/") + "/moteslage", N_AREAS, dashed=False)
    settle(page)
    hint = page.locator('[data-testid="oi-hint"]')
    assert "Piltangenter" in hint.inner_text()
    boende = page.locator('[data-testid="oi-weights"] input[type=range]').nth(3)
    boende.focus()
    data = load_dataset(resolve_data_paths())
    definition = data.definition("malmo-2023")
    scored = score_dataset(data, definition, ViewSettings.default(
        definition, reference_year=default_reference_year(definition, data.years(definition))))
    row = tipping_for(scored).set_index("dimension").loc["boende"].to_dict()
    expected = "Boende: " + slider_note({**row, "dimension": "boende"}, "sv", 3)
    assert poll(lambda: hint.inner_text() == expected), hint.inner_text()
    page.keyboard.press("PageUp")  # 1 → 1.5, inside the interval: after the server caught up, the same words
    page.wait_for_url("**boende%3A1.5**", timeout=20_000)
    assert poll(lambda: hint.inner_text() == expected), hint.inner_text()
    assert external_requests == []
