"""Context overlays in the app: the sidebar section "Kartlager" and what the maps need.

Overlays come from the configured data folder's ``overlays/`` subfolder (read once per
file version, shared by all sessions) and from uploads on the import page (this
session only, ``st.session_state["s_overlays"]``: id → :class:`geo.readers.overlays.Overlay`).
Each has a toggle (canonical ``s_ov_<id>``); :func:`map_overlays` gives every map the
available overlays (published once as static files) and the ids switched on, so every
page's maps show the same overlays and toggling one does not re-mount a map.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from geo.errors import DataError
from geo.i18n import t
from geo.readers.overlays import Overlay, content_key, list_overlay_files, overlay_geojson, read_overlay
from geo.output.webmap import publish_overlay
from ui import state
from ui.data import Bundle
from ui.layout import md_escape

SESSION_KEY = "s_overlays"
FOLDER = "overlays"


def toggle_key(overlay_id: str) -> str:
    return f"s_ov_{overlay_id}"


def overlay_folder(bundle: Bundle) -> Path | None:
    """``<configured data folder>/overlays`` (none for the demo or an upload)."""
    if bundle.origin != "config" or bundle.paths.root is None:
        return None
    return Path(bundle.paths.root) / FOLDER


@st.cache_data(show_spinner=False, max_entries=64)
def _read_cached(path: str, stamp: tuple) -> Overlay:
    return read_overlay(path)


def folder_overlays(bundle: Bundle) -> tuple[list[Overlay], list[str]]:
    """The readable overlays in the data folder and a Swedish message per unreadable file."""
    found, errors = [], []
    for path in list_overlay_files(overlay_folder(bundle)):
        try:
            stat = path.stat()
            found.append(_read_cached(str(path), (stat.st_mtime, stat.st_size)))
        except (DataError, OSError) as exc:
            errors.append(str(exc))
    return found, errors


def session_overlays() -> list[Overlay]:
    held = st.session_state.get(SESSION_KEY) or {}
    return [o for o in held.values() if isinstance(o, Overlay)]


def add_session_overlay(overlay: Overlay) -> None:
    """Keep an uploaded overlay for this session and switch it on."""
    held = dict(st.session_state.get(SESSION_KEY) or {})
    held[overlay.id] = overlay
    st.session_state[SESSION_KEY] = held
    state.set_canonical(toggle_key(overlay.id), True)


def clear_session_overlays() -> None:
    for overlay in session_overlays():
        state.set_canonical(toggle_key(overlay.id), False)
    st.session_state[SESSION_KEY] = {}


def available_overlays(bundle: Bundle) -> tuple[list[Overlay], list[str]]:
    found, errors = folder_overlays(bundle)
    ids = {o.id for o in found}
    return found + [o for o in session_overlays() if o.id not in ids], errors


def overlay_section(bundle: Bundle, lang: str) -> None:
    """Sidebar: one toggle per overlay (call inside ``st.sidebar``)."""
    overlays, errors = available_overlays(bundle)
    st.subheader(t("overlays_heading", lang), help=t("overlays_help", lang))
    for message in errors:
        st.warning(md_escape(message))
    if not overlays:
        st.caption(t("overlays_none", lang))
        return
    uploaded = {o.id for o in session_overlays()}
    for overlay in overlays:
        canonical = toggle_key(overlay.id)
        st.session_state.setdefault(canonical, False)
        label = md_escape(overlay.name) + (f" ({t('overlay_uploaded', lang)})" if overlay.id in uploaded else "")
        st.toggle(label, key=state.seed_widget(canonical), on_change=state.sync, args=(canonical,),
                  help=md_escape(f"{overlay.n} · {overlay.source}") if overlay.source else None)


@st.cache_resource(show_spinner=False, max_entries=256)
def _published(key: tuple, _overlay: Overlay, static_dir: str) -> str:
    return publish_overlay(overlay_geojson(_overlay), Path(static_dir))


def map_overlays(bundle: Bundle, static_dir: Path) -> tuple[list[tuple[str, str]], list[str]]:
    """``(available (id, url) pairs, ids switched on)`` for :func:`ui.mapview.choropleth`."""
    overlays, _ = available_overlays(bundle)
    if not overlays:
        return [], []
    pairs = []
    for overlay in overlays:
        url = _published((overlay.id, content_key(overlay)), overlay, str(static_dir))
        if not (Path(static_dir) / "generated" / url.rsplit("/", 1)[-1]).is_file():  # cleaned away
            _published.clear()
            url = _published((overlay.id, content_key(overlay)), overlay, str(static_dir))
        pairs.append((overlay.id, url))
    visible = [o.id for o in overlays if st.session_state.get(toggle_key(o.id))]
    return pairs, visible
