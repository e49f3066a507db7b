"""Context overlays in the app: the sidebar section "Kartlager" and what the maps need.

Overlays come from the configured data folder's ``overlays/`` subfolder and the files its
``[[overlays]]`` config names (e.g. Polisen's utsatta områden for the open data; read once per
file version, shared by all sessions) and from uploads on Importera (this session only,
:func:`ui.session.uploaded_overlays`). Each has a toggle in the sidebar;
:func:`map_overlays` gives every map the available overlays (published as files for the
session, :mod:`ui.published`) and the ids switched on, so all maps show the same overlays and toggling one
does not re-mount a map.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import streamlit as st

from geo.dataset.load import Dataset
from geo.errors import DataError
from geo.i18n import t
from geo.output.webassets import Prepared, prepare_overlay
from geo.readers.overlays import Overlay, content_key, display_name, list_overlay_files, read_overlay
from geo.view.mapmodel import overlay_features
from ui import session, uploads
from ui.published import publish
from ui.errors import say, show_error, show_text
from ui.layout import md_escape

FOLDER = "overlays"


def overlay_folder(data: Dataset) -> Path | None:
    """``<configured data folder>/overlays`` (none for the demo or an upload)."""
    if data.synthetic or data.origin == "upload" or data.paths.root is None:
        return None
    return Path(data.paths.root) / FOLDER


@st.cache_data(show_spinner=False, max_entries=64)
def _read_cached(path: str, stamp: tuple, name: str | None = None, source: str = "") -> Overlay:
    overlay = read_overlay(path, name=name)
    return replace(overlay, source=source) if source else overlay


def folder_overlays(data: Dataset) -> tuple[list[Overlay], list[str]]:
    """The readable overlays of the data folder (its ``overlays/`` and the files its config names)
    and a Swedish message per unreadable file."""
    found, errors = [], []
    for path in list_overlay_files(overlay_folder(data)):
        try:
            stat = path.stat()
            found.append(_read_cached(str(path), (stat.st_mtime_ns, stat.st_size)))
        except (DataError, OSError) as exc:
            errors.append(str(exc))
    if data.origin != "upload":
        for ref in data.paths.description.overlays:
            if not ref.path.is_file():
                continue  # said by missing_overlays (a shared file that is not on this machine)
            try:
                stat = ref.path.stat()
                found.append(_read_cached(str(ref.path), (stat.st_mtime_ns, stat.st_size), ref.name, ref.source))
            except (DataError, OSError) as exc:
                errors.append(str(exc))
    return found, errors


def missing_overlays(data: Dataset) -> list[str]:
    """Configured overlays whose file is not on this machine (their names)."""
    if data.origin == "upload":
        return []
    return [ref.name for ref in data.paths.description.overlays if not ref.path.is_file()]


def available_overlays(data: Dataset) -> tuple[list[Overlay], list[str]]:
    found, errors = folder_overlays(data)
    ids = {o.id for o in found}
    return found + [o for o in session.uploaded_overlays().values() if o.id not in ids], errors


def overlay_section(data: Dataset, lang: str) -> None:
    """Sidebar: one toggle per overlay (drawn inside ``st.sidebar`` by the entry point)."""
    overlays, errors = available_overlays(data)
    st.subheader(t("overlays_heading", lang), help=t("overlays_help", lang))
    for message in errors:
        show_text("warning", message)
    for name in missing_overlays(data):
        st.caption(t("overlay_missing", lang, name=md_escape(name)))
    if not overlays:
        st.caption(t("overlays_none", lang))
        return
    uploaded = set(session.uploaded_overlays())
    for overlay in overlays:
        label = md_escape(overlay.name) + (f" ({t('overlay_uploaded', lang)})" if overlay.id in uploaded else "")
        st.session_state.setdefault(session.overlay_key(overlay.id), False)
        st.toggle(label, key=session.overlay_key(overlay.id), persist_state="session",
                  help=md_escape(f"{overlay.n} · {overlay.source}") if overlay.source else None)


@st.cache_resource(show_spinner=False, max_entries=256)
def _prepared(key: tuple, _overlay: Overlay) -> Prepared:
    return prepare_overlay(overlay_features(_overlay.frame))


def map_overlays(data: Dataset) -> tuple[list[tuple[str, str]], list[str]]:
    """``(available (id, url) pairs, ids switched on)`` for the map component (the files are
    published for this session only: :mod:`ui.published`)."""
    overlays, _ = available_overlays(data)
    pairs = [(overlay.id, publish(_prepared((overlay.id, content_key(overlay)), overlay))) for overlay in overlays]
    return pairs, [o.id for o in overlays if session.overlay_on(o.id)]


# --------------------------------------------------------------------------- upload (Importera)

UPLOAD_TYPES = ["gpkg", "geojson", "json", "fgb", "zip"]
_MESSAGE = "imp_overlay_message"


def overlay_upload_section(lang: str) -> None:
    """Upload a polygon layer (e.g. Polisen's utsatta områden) shown as outlines on every map
    for this session; the message stays until the next upload."""
    st.subheader(t("overlay_upload_heading", lang))
    st.caption(t("overlay_upload_intro", lang))
    up = st.file_uploader(t("overlay_upload", lang), type=UPLOAD_TYPES, key="imp_overlay_uploader",
                          help=t("imp_max_size", lang, mb=uploads.MAX_UPLOAD_MB))
    if up is not None and up.file_id != st.session_state.get("imp_overlay_file_id"):
        st.session_state["imp_overlay_file_id"] = up.file_id
        path = None
        try:  # a full disk (uploads.UploadFailed) is a DataError too: the same error box, naming the file
            path = uploads.save(up.getvalue(), up.name)
            overlay = read_overlay(path, name=display_name(up.name), overlay_key=f"up:{up.name}")
        except DataError as exc:
            st.session_state[_MESSAGE] = ("error", exc, path)
        else:
            session.add_uploaded_overlay(overlay)
            st.session_state[_MESSAGE] = ("success", overlay, None)
    message = st.session_state.get(_MESSAGE)
    if message and message[0] == "error":
        show_error(message[1], lang, file=message[2])
    elif message:
        overlay = message[1]
        say("success", "overlay_added", lang, name=overlay.name, n=overlay.n, col=overlay.label_col or "–")
    held = session.uploaded_overlays()
    if held:
        st.markdown("\n".join(f"- {md_escape(o.name)} ({o.n})" for o in held.values()))
        st.button(t("overlay_remove", lang), key="imp_overlay_clear", on_click=session.clear_uploaded_overlays)
