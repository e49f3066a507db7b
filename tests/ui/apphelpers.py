"""Helpers for AppTests: run the app through its entry point, find its widgets and maps.

Every AppTest starts at ``dashboard.py`` (which draws the sidebar and builds the page's
context) and switches to a page by its file, as a user clicking the navigation would.
"""

from __future__ import annotations

import json
import re

import pandas as pd
from streamlit.testing.v1 import AppTest

from geo.i18n import fmt_number, t
from geo.paths import ROOT
from ui import data as appdata
from ui import session
from ui.pages import PAGES

TIMEOUT = 60
#: Page files by their Swedish URL path, e.g. ``PAGE["metod"]``.
PAGE = {p.url_path: p.file for p in PAGES}


def app(page: str | None = None, *, state: dict | None = None, query: dict | None = None,
        data: str | None = appdata.DEMO, secrets: dict | None = None, user: dict | None = None) -> AppTest:
    """The app run once (with ``state`` in session state and ``query`` in the address bar), then
    switched to ``page`` (a URL path such as ``"metod"``) and run again.

    ``data``: the built-in data the session chose (the synthetic demo unless a test says otherwise,
    so the tests of the full index see all 12 indicators); ``None``: the app's own default (the open data).
    ``secrets`` (e.g. ``{"auth": {…}}``: sign-in configured) and ``user`` (what ``st.user`` reads) simulate
    sign-in."""
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)
    for key, value in (secrets or {}).items():
        at.secrets[key] = value
    if user is not None:
        at.user = user
    if data is not None:
        at.session_state[appdata.BUILTIN] = data
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


def context(at: AppTest):
    """The run's :class:`ui.context.PageContext` (what every page was built from)."""
    return at.session_state["page_context"]


def ranking(at: AppTest) -> pd.DataFrame:
    """The ranking the page shows, as the server computed it: Rang, Förändring, Område, Index (formatted), Rang med grundvikter.

    The map component re-computes it in the browser while a slider moves (identical ranks:
    tests/e2e/test_client_engine.py); after a rerun the browser and this frame agree.
    """
    ctx = context(at)
    lang = ctx.lang
    view = ctx.view
    return pd.DataFrame({
        t("rank", lang): view["rank"],
        t("rank_change_short", lang): view["change_label"],
        t("area", lang): view["area_name"],
        t("index", lang): [fmt_number(v, lang) for v in view["index"]],
        t("baseline_rank", lang): view["baseline_rank"],
    })


def map_data(at: AppTest) -> list[dict]:
    """The data of every map component on the page, in page order (see ui/map.py for the contract)."""
    return [json.loads(c.proto.json) for c in elements(at) if c.type == "bidi_component"]


def style_payloads(at: AppTest) -> list[dict[str, dict]]:
    """Per map drawn with server styles, ``{area_id: style}`` (short keys: f fill, c outline, t tooltip …)."""
    return [d["static"]["styles"] for d in map_data(at) if "static" in d]


def component_event(at: AppTest, key: str, *, state: dict | None = None, trigger: tuple[str, object] | None = None,
                    ) -> AppTest:
    """Run the app as if the browser's map component ``key`` had sent ``state`` (``setStateValue``)
    or ``trigger`` = (event, value) (``setTriggerValue``), with every other widget as it is.

    AppTest cannot click inside a component; this sends what the component's JavaScript sends
    (the widget ids as ``st.components.v2`` derives them), so the Python callbacks run for real.
    """
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    comp = next(c for c in elements(at) if c.type == "bidi_component" and c.proto.id.endswith(key))
    states = at._tree.get_widget_states()
    if state is not None:
        states.widgets.append(WidgetState(id=comp.proto.id, json_value=json.dumps(state)))
    if trigger is not None:
        event, value = trigger
        states.widgets.append(WidgetState(id=f"$$STREAMLIT_INTERNAL_KEY_{comp.proto.id}__events",
                                          json_trigger_value=json.dumps([{"event": event, "value": value}])))
    return at._run(states)


def elements(at: AppTest):
    def walk(node):
        children = getattr(node, "children", None)
        if isinstance(children, dict):
            for child in children.values():
                yield child
                yield from walk(child)
    yield from walk(at._tree)


def shown(text: str) -> str:
    """Text as the user reads it: Markdown backslash escapes (see ui.layout.md_escape) removed."""
    return re.sub(r"\\(.)", r"\1", text)
