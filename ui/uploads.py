"""Uploaded files: a private folder per browser session, removed when the session ends.

Every upload is written once into a ``tempfile.TemporaryDirectory`` held in that
session's state (never the repository or the configured data folder); the import page
then works only from these paths (``imp_<slot>_path``). Nothing else holds the folder,
so when Streamlit drops an ended session its state is collected and the folder's own
finaliser removes it. Folders older than :data:`STALE_SECONDS` (left by a killed server,
or a session idle for a day) are removed when the next folder is made and when the
server starts — so no upload stays on the server longer than a day.

A test (or a script) can put a path into ``imp_<slot>_path`` directly; the page then
continues from that file exactly as after an upload. Such a path is read, never written
or removed. Uploaded files keep their own (sanitised) names, so messages name the file
the user chose.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import time
import warnings
from pathlib import Path

import geopandas as gpd
import pandas as pd
import streamlit as st

from geo.i18n import t
from geo.readers.areas import read_areas
from geo.readers.tables import read_table

MAX_UPLOAD_MB = 50  # keep in step with .streamlit/config.toml [server] maxUploadSize
PREFIX = "omradesindex-upload-"
STALE_SECONDS = 24 * 3600
_HOLDER = "uploads_folder"


def safe_name(name: str) -> str:
    """The file name of an upload without folders or odd characters (the suffix is kept)."""
    base = Path(str(name).replace("\\", "/")).name.strip() or "fil"
    base = re.sub(r"[^\w.\- ()åäöÅÄÖ]+", "_", base).lstrip(".")
    return base or "fil"


def prune_stale(now: float | None = None, root: Path | None = None) -> list[Path]:
    """Remove upload folders nobody has touched for :data:`STALE_SECONDS`; returns what was removed."""
    now = time.time() if now is None else now
    removed = []
    for folder in Path(root or tempfile.gettempdir()).glob(f"{PREFIX}*"):
        try:
            if folder.is_dir() and now - folder.stat().st_mtime > STALE_SECONDS:
                shutil.rmtree(folder, ignore_errors=True)
                removed.append(folder)
        except OSError:
            continue
    return removed


prune_stale()  # at server start: what a killed server left


def folder() -> Path:
    """This session's private upload folder (made on first use, removed with the session)."""
    holder = st.session_state.get(_HOLDER)
    if not isinstance(holder, tempfile.TemporaryDirectory) or not Path(holder.name).is_dir():
        prune_stale()
        holder = tempfile.TemporaryDirectory(prefix=PREFIX)
        st.session_state[_HOLDER] = holder
    return Path(holder.name)


def save(data: bytes, name: str) -> Path:
    """Write an upload into its own new subfolder of the session's folder (never overwrites)."""
    root = folder()
    root.touch()  # in use: not stale
    target = Path(tempfile.mkdtemp(dir=root)) / safe_name(name)
    target.write_bytes(data)
    return target


def new_file(name: str) -> Path:
    """A path for a file the app writes for this session (e.g. an aggregated table)."""
    return Path(tempfile.mkdtemp(dir=folder())) / safe_name(name)


def discard(path_text: str | None) -> None:
    """Delete a file this session uploaded earlier (its own subfolder), never anything else."""
    holder = st.session_state.get(_HOLDER)
    if not path_text or not isinstance(holder, tempfile.TemporaryDirectory):
        return
    parent = Path(path_text).parent
    if parent.parent == Path(holder.name):
        shutil.rmtree(parent, ignore_errors=True)


def slot(name: str, label: str, types: list[str], lang: str) -> Path | None:
    """A file uploader whose file is kept as ``imp_<name>_path``; returns that path, if any."""
    key, seen, own = f"imp_{name}_path", f"imp_{name}_file_id", f"imp_{name}_from_upload"
    up = st.file_uploader(label, type=types, key=f"imp_{name}_uploader",
                          help=t("imp_max_size", lang, mb=MAX_UPLOAD_MB))
    if up is not None and up.file_id != st.session_state.get(seen):
        st.session_state[seen] = up.file_id
        if st.session_state.get(own):
            discard(st.session_state.get(key))  # the file this upload replaces
        st.session_state[key] = str(save(up.getvalue(), up.name))
        st.session_state[own] = True
    elif up is None and st.session_state.get(seen) is not None:
        st.session_state[seen] = None
        if st.session_state.pop(own, False):
            discard(st.session_state.pop(key, None))
    value = st.session_state.get(key)
    return Path(value) if value else None


def set_slot(name: str, path: Path) -> None:
    """Put a file the app made into a slot (as if uploaded; call from a callback)."""
    st.session_state[f"imp_{name}_path"] = str(path)
    st.session_state[f"imp_{name}_from_upload"] = False


# --------------------------------------------------------------------------- cached reads

def _stamp(path: Path) -> tuple[int, int]:
    try:
        stat = path.stat()
        return stat.st_mtime_ns, stat.st_size
    except OSError:
        return 0, 0


@st.cache_data(show_spinner=False, max_entries=16, ttl=3600)
def _read_table(path: str, stamp: tuple[int, int], sheet: str | None, header_row: int | None) -> pd.DataFrame:
    return read_table(path, sheet=sheet, header_row=header_row)


@st.cache_data(show_spinner=False, max_entries=16, ttl=3600)
def _read_areas(path: str, stamp: tuple[int, int], id_col: str, name_col: str, layer: str | None
                ) -> gpd.GeoDataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # repaired geometries are listed from attrs instead
        return read_areas(path, id_col=id_col, name_col=name_col, layer=layer)


def table(path: Path, *, sheet: str | None = None, header_row: int | None = None) -> pd.DataFrame:
    """:func:`geo.readers.tables.read_table`, read once per file version (reruns do not re-read)."""
    return _read_table(str(path), _stamp(path), sheet, header_row).copy()


def areas(path: Path, *, id_col: str, name_col: str, layer: str | None = None) -> gpd.GeoDataFrame:
    """:func:`geo.readers.areas.read_areas`, read once per file version and column choice."""
    return _read_areas(str(path), _stamp(path), id_col, name_col, layer).copy()
