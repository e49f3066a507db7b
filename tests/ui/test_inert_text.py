"""Text from users is inert everywhere Streamlit renders Markdown (issue 16 point 5, issue 17).

Not only HTML: Markdown images and links (``![v](http://…)`` makes the browser fetch the URL),
bare web addresses that GitHub-flavoured Markdown turns into links by itself (``www.…``,
``http://…``; an e-mail address becomes a ``mailto:`` link, which fetches nothing, and stays one), Streamlit's directives (``:red[…]``, ``:material/…:``) and
control characters (a NUL silently cut a name). The checks read every Markdown-bearing text of a
run (bodies of markdown, captions, headings and alerts; widget labels and help; table cells) the way
Streamlit's renderer would, and fail on anything that would become a link, an image or a directive.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from geo.paths import demo_paths
from tests.ui.apphelpers import PAGE, app, elements, shown
from ui.layout import md_escape

BEACON = "![v](http://127.0.0.1:9/beacon.png)"
PHISH = "[Sessionen har gått ut – logga in igen](http://127.0.0.1:9/login)"
WWW = "se www.evil.example"
BARE = "http://127.0.0.1:9/x"
MAIL = "skriv till post@evil.example"
DIRECTIVE = ":red[FEL] :material/dangerous:"
HOSTILE = [BEACON, PHISH, WWW, BARE, MAIL, DIRECTIVE]
NAMES = {"G01": BEACON, "G02": PHISH, "G03": WWW, "G04": BARE, "G05": MAIL, "G06": DIRECTIVE,
         "G07": "Om\x07råde"}

#: What Streamlit's Markdown (micromark + remark-gfm and its own plugins, ``StreamlitMarkdown.*.js``) turns
#: into a link, an image, a directive, an icon or other characters. On the source as the app sends it:
_LINK = re.compile(r"(?<!\\)\]\s*\(")
_IMAGE = re.compile(r"(?<!\\)!(?<!\\)\[")
_DIRECTIVE = re.compile(r"(?<!\\):[a-z][a-z0-9-]*\[")
#: … and on the text after escapes are resolved: autolink literals (mdast-util-gfm-autolink-literal),
#: ``:material/…:`` icons (the source's ``:material/`` is rewritten before parsing), ``:streamlit:`` and
#: emoji shortcodes (remark-emoji), and the typographic arrows and dashes.
_AUTOLINK = re.compile(r"(?i)(?:https?://|www\.)[-.\w]")
_SHORTCODE = re.compile(r":(?:material/|[\w+-][\w+-]*:)")
_ARROWS = re.compile(r"(?:^|\s)(?:<->|->|<-|--|>=|<=|~=)(?:\s|$)")


def problems(text: str) -> list[str]:
    """What in ``text`` Streamlit would render as something other than the text itself."""
    plain = shown(text)
    checks = [("link syntax", _LINK, text), ("image syntax", _IMAGE, text), ("directive", _DIRECTIVE, text),
              ("icon source", re.compile(":material/"), text), ("autolink", _AUTOLINK, plain),
              ("icon or emoji", _SHORTCODE, plain), ("arrow or dash", _ARROWS, plain),
              ("control character", re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"), text)]
    return [f"{what}: {found.group(0)!r}" for what, pattern, where in checks if (found := pattern.search(where))]


def rendered(at: AppTest) -> list[str]:
    """Every Markdown-bearing text of the run: bodies, labels, help texts and table cells/headers."""
    texts: list[str] = []
    for node in elements(at):
        proto = getattr(node, "proto", None)
        for attr in ("body", "label", "help", "caption"):
            value = getattr(proto, attr, None) if proto is not None else None
            if isinstance(value, str) and value:
                texts.append(value)
        if getattr(node, "type", "") == "table":
            frame = node.value
            texts += [str(c) for c in frame.columns] + [str(v) for v in frame.astype(str).to_numpy().ravel()]
    return texts


def assert_inert(at: AppTest, must_show: list[str] = ()) -> None:
    assert not at.exception, [e.value for e in at.exception]
    bad = [(text, problems(text)) for text in rendered(at) if problems(text)]
    assert not bad, bad
    seen = "\n".join(shown(t).replace("\u2060", "") for t in rendered(at))
    for text in must_show:  # shown, literally (a zero-width joiner aside)
        assert text in seen, (text, seen[:2000])


# ------------------------------------------------------------------ md_escape itself

@pytest.mark.parametrize("text", [*HOSTILE, "HTTPS://EVIL.EXAMPLE", "WWW.Evil.example", "<http://a.example>",
                                  "<https://a.example>", "Https://x.se/a_b", "wwww.x.se", ":streamlit: :smile: :+1:",
                                  ":a:b:", "A -> B <- C <-> D -- E >= F <= G ~= H", "-> början", "slut --"])
def test_md_escape_leaves_nothing_that_becomes_a_link_image_or_directive(text):
    assert problems(md_escape(text)) == []
    assert shown(md_escape(text)).replace("\u2060", "") == text


def test_control_characters_are_shown_not_swallowed():
    escaped = md_escape("Om\x00råde\x07 \x1b[31m")
    assert "\x00" not in escaped and "\x07" not in escaped and "\x1b" not in escaped
    assert shown(escaped) == "Om\ufffdråde\ufffd \ufffd\\[31m".replace("\\[", "[")
    assert md_escape("rad 1\nrad 2\tflik") == "rad 1\nrad 2\tflik"  # line breaks and tabs are text


# ------------------------------------------------------------------ the app

def test_a_links_own_parameters_are_inert_in_the_bad_link_warning():
    for query in ({"def": "![x](http://127.0.0.1:9/b.png)"},
                  {"def": "malmo-2023", "metod": PHISH + " " + WWW},
                  {"def": "malmo-2023", "ver": DIRECTIVE},
                  {"def": "malmo-2023", "k": MAIL},
                  {"def": "malmo-2023", "v": f"ekonomi:{BARE}"}):
        at = app(query=query)
        assert any("Länken kunde inte användas" in w.value for w in at.warning), query
        assert_inert(at)


@pytest.fixture
def hostile_folder(tmp_path) -> Path:
    import geopandas as gpd

    demo = demo_paths()
    folder = tmp_path / "fientlig"
    folder.mkdir()
    areas = gpd.read_file(demo.areas)
    areas["area_name"] = [NAMES.get(a, n) for a, n in zip(areas["area_id"], areas["area_name"], strict=True)]
    areas.to_file(folder / "omraden.gpkg", driver="GPKG")
    ind = pd.read_csv(demo.indicators, dtype={"area_id": str})
    extra = ind[ind["indicator_id"] == "valdeltagande"].assign(indicator_id=BEACON)
    extra2 = ind[ind["indicator_id"] == "valdeltagande"].assign(indicator_id=WWW)
    pd.concat([ind, extra, extra2]).to_csv(folder / "indikatorer.csv", index=False)
    return folder


def test_hostile_names_and_unknown_indicators_are_inert_on_the_pages(hostile_folder, monkeypatch):
    monkeypatch.setenv("OMRADESINDEX_DATA_DIR", str(hostile_folder))
    at = app(data=None, state={"overview_table": True})  # with the map's table alternative open
    assert_inert(at, must_show=[BEACON, PHISH, WWW, MAIL, DIRECTIVE, "Om\ufffdråde"])
    for page in ("omradesprofil", "moteslage", "dimensioner", "metod", "kanslighet", "uppfoljning"):
        at.switch_page(PAGE[page]).run()
        assert_inert(at)


def import_page(tmp_path: Path, table: Path) -> AppTest:
    areas = tmp_path / "omraden.gpkg"
    shutil.copy(demo_paths().areas, areas)
    at = app("importera")
    at.session_state["imp_areas_path"] = str(areas)
    at.run()
    at.session_state["imp_table_path"] = str(table)
    return at.run()


def test_hostile_indicator_ids_and_duplicate_rows_are_inert_on_importera(tmp_path):
    table = tmp_path / "lang.csv"
    rows = [[a, "valdeltagande", "2024", "60"] for a in ("G01", "G02", "G03")]
    rows += [[a, BEACON, "2024", "1"] for a in ("G01", "G02")] + [["G01", WWW, "2024", "1"]]
    rows += [[PHISH, "valdeltagande", "2024", "50"], ["G01", "valdeltagande", "2024", "61"]]  # G01 twice
    pd.DataFrame(rows, columns=["area_id", "indicator_id", "year", "value"]).to_csv(table, index=False)
    at = import_page(tmp_path, table)
    assert_inert(at, must_show=[BEACON])


def test_hostile_ids_in_a_results_table_are_inert_on_importera(tmp_path):
    table = tmp_path / "resultat.csv"
    rows = [["G01", "0.5"], ["G02", "-0.5"], [PHISH, "0.1"], [MAIL, "0.2"], [BARE, "0.3"]]
    pd.DataFrame(rows, columns=["area_id", "index"]).to_csv(table, index=False)
    at = import_page(tmp_path, table)
    assert_inert(at, must_show=[PHISH])


def test_hostile_headers_and_ids_are_inert_on_importera(tmp_path):
    table = tmp_path / "tabell.csv"
    headers = ["area_id", "year", "valdeltagande", BEACON, WWW, DIRECTIVE]
    rows = [[a, "2024", "60", "1", "2", "3"] for a in ("G01", "G02", "G03")]
    rows += [[PHISH, "2024", "50", "1", "2", "3"], [BARE, "2024", "50", "1", "2", "3"]]
    pd.DataFrame(rows, columns=headers).to_csv(table, index=False)
    at = import_page(tmp_path, table)
    assert_inert(at, must_show=[BEACON, WWW, DIRECTIVE])


def test_a_hostile_label_of_a_dimension_without_data_is_inert_in_the_way_out(tmp_path, monkeypatch):
    """The refusal, the info and the button "Sätt … till 0" all name the dimension by its label."""
    import json

    demo = demo_paths()
    folder = tmp_path / "utan-delaktighet"
    (folder / "definitions").mkdir(parents=True)
    shutil.copy(demo.areas, folder / "omraden.gpkg")
    ind = pd.read_csv(demo.indicators, dtype={"area_id": str})
    dropped = {"valdeltagande", "fritidsaktiviteter", "svarsfrekvens_folkhalsoenkat"}
    ind[~ind["indicator_id"].isin(dropped)].to_csv(folder / "indikatorer.csv", index=False)
    text = Path(demo.default_definition).read_text(encoding="utf-8")
    text = text.replace('label = "Delaktighet"', f"label = {json.dumps(PHISH + ' ' + WWW)}", 1)
    (folder / "definitions" / "def.toml").write_text(text, encoding="utf-8")
    (folder / "omradesindex.toml").write_text('[files]\ndefinition = "definitions/def.toml"\n', encoding="utf-8")
    monkeypatch.setenv("OMRADESINDEX_DATA_DIR", str(folder))
    at = app(data=None)
    assert any(b.key == "conflict_way_0" for b in at.button), [b.key for b in at.button]
    assert_inert(at, must_show=[PHISH])
