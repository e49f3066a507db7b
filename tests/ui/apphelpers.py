"""Helpers for AppTests: run the app through its entry point, find its widgets and maps.

Every AppTest starts at ``dashboard.py`` (which draws the sidebar and builds the page's
context) and switches to a page by its file, as a user clicking the navigation would.
"""

from __future__ import annotations

import json
import re

from streamlit.testing.v1 import AppTest

from geo.paths import ROOT
from ui import session
from ui.pages import PAGES

TIMEOUT = 60
#: Page files by their Swedish URL path, e.g. ``PAGE["metod"]``.
PAGE = {p.url_path: p.file for p in PAGES}
_MARK = "window.__areaStyles = {styles: "


def app(page: str | None = None, *, state: dict | None = None, query: dict | None = None) -> AppTest:
    """The app run once (with ``state`` in session state and ``query`` in the address bar), then
    switched to ``page`` (a URL path such as ``"metod"``) and run again."""
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)
    for key, value in (state or {}).items():
        at.session_state[key] = value
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    if page is not None and page != PAGES[0].url_path:
        at.switch_page(PAGE[page]).run()
    return at


def weight(at: AppTest, dim: str, definition: str = "malmo-2023"):
    return at.slider(key=session.weight_key(definition, dim))


def ok(at: AppTest) -> None:
    """No exception and no error box on the page."""
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def markdown_text(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def ranking(at: AppTest):
    """The overview's ranking table (the first dataframe on the page)."""
    value = at.dataframe[0].value
    return value.data if hasattr(value, "data") else value


def components(at: AppTest):
    def walk(node):
        children = getattr(node, "children", None)
        if isinstance(children, dict):
            for child in children.values():
                if child.type == "component_instance":
                    yield child
                yield from walk(child)
    yield from walk(at._tree)


def map_args(at: AppTest) -> list[dict]:
    """The JSON arguments of every st_folium map on the page, in page order."""
    return [json.loads(c.proto.json_args) for c in components(at) if "feature_group" in c.proto.json_args]


def style_payloads(at: AppTest) -> list[dict[str, dict]]:
    """Per map the ``{area_id: {"style": …, "tooltip": …}}`` payload of its style layer."""
    out = []
    for args in map_args(at):
        fg = args.get("feature_group") or ""
        start = fg.find(_MARK)
        if start < 0:
            continue
        payload, _ = json.JSONDecoder().raw_decode(fg[start + len(_MARK):])
        out.append(payload)
    return out


def shown(text: str) -> str:
    """Text as the user reads it: Markdown backslash escapes (see ui.layout.md_escape) removed."""
    return re.sub(r"\\(.)", r"\1", text)
