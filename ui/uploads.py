"""Uploaded files: a private folder per browser session, removed when the session ends.

Every upload is written once into a ``tempfile.TemporaryDirectory`` held in that
session's state (never the repository or the configured data folder; mode 0700, named
``omradesindex-upload-<server pid>.<session id>.<random>``); the import page then works only
from these paths (``imp_<slot>_path``).

**When a folder goes.** Three ways, whichever comes first:

* the folder's own finaliser, when Streamlit drops the session's state and it is collected;
* :func:`prune_stale`, the sweep: it removes a folder of this server process whose session
  Streamlit no longer has (:func:`session_alive` asks the runtime's session manager, so a session
  is "ended" once it has been disconnected for longer than ``server.disconnectedSessionTTL``), a
  folder of a server process that no longer runs, and anything older than :data:`STALE_SECONDS`
  (a day). It runs when the server starts, whenever a session makes its folder, and in a
  background thread (:func:`ensure_sweeper`, every ``OMRADESINDEX_UPLOAD_SWEEP_SECONDS``,
  default 30 s) for as long as this process holds any upload folder. Measured before: the
  finaliser alone left every folder on disk until the server stopped (issue 16 point 5).

**When a file cannot be written** (the temporary folder's disk is full, or any other system error
while making the folder or writing): :func:`save` and :func:`new_file` raise :class:`UploadFailed`
(a :class:`~geo.errors.DataError`) after removing what they had begun, so nothing half-written is
left; :func:`slot` shows it as the app's error box, in the reader's language and naming the file,
leaves the slot empty and tries again on the next run while the file is still chosen.

Folders of another live server process (several processes behind a proxy, sharing ``/tmp``) are
never judged by session, only by age. A test (or a script) can put a path into ``imp_<slot>_path``
directly; the page then continues from that file exactly as after an upload. Such a path is read,
never written or removed. Uploaded files keep their own (sanitised) names, so messages name the
file the user chose.
"""

from __future__ import annotations

import errno
import logging
import os
import re
import shutil
import tempfile
import threading
import warnings
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import pandas as pd
import streamlit as st

from geo.errors import DataError
from geo.i18n import t
from geo.readers.areas import read_areas
from geo.readers.tables import read_table
from ui.session_folders import STALE_SECONDS, SWEEP_ENV, SessionFolders, current_session_id, session_alive

MAX_UPLOAD_MB = 50  # keep in step with .streamlit/config.toml [server] maxUploadSize
PREFIX = "omradesindex-upload-"
_HOLDER = "uploads_folder"
_LOG = logging.getLogger(__name__)


_FULL_ERRNOS = frozenset(e for e in (errno.ENOSPC, getattr(errno, "EDQUOT", None)) if e is not None)


class UploadFailed(DataError):
    """An upload (or a file the app makes for the session) could not be written on the server; nothing
    of it was kept. ``key`` and ``values`` are the message in :mod:`geo.i18n` (:meth:`text`)."""

    def __init__(self, name: str, exc: OSError) -> None:
        self.key = "upload_disk_full" if exc.errno in _FULL_ERRNOS else "upload_not_written"
        self.values = {"file": Path(str(name).replace("\\", "/")).name or "fil",
                       "code": errno.errorcode.get(exc.errno or 0, "?")}
        super().__init__(self.text("sv"))

    def text(self, lang: str) -> str:
        return t(self.key, lang, **self.values)


def safe_name(name: str) -> str:
    """The file name of an upload without folders or odd characters (the suffix is kept)."""
    base = Path(str(name).replace("\\", "/")).name.strip() or "fil"
    base = re.sub(r"[^\w.\- ()åäöÅÄÖ]+", "_", base).lstrip(".")
    return base or "fil"


# --------------------------------------------------------------------------- whose folder, and is it over

def _root() -> Path:
    return Path(tempfile.gettempdir())


FOLDERS = SessionFolders(lambda: _root(), PREFIX)
owner = FOLDERS.owner


def prune_stale(now: float | None = None, root: Path | None = None,
                alive: Callable[[str], bool | None] | None = None) -> list[Path]:
    """The sweep: remove upload folders whose session ended, whose server process is gone, or that
    nobody touched for :data:`STALE_SECONDS` (the rules: :mod:`ui.session_folders`); returns what was removed."""
    folders = FOLDERS if root is None else SessionFolders(root, PREFIX)
    return folders.prune(now, alive)


def ensure_sweeper() -> threading.Thread:
    """The background sweep of this process's upload folders (started when needed); returns its thread."""
    return FOLDERS.ensure_sweeper()


prune_stale()  # at server start: what a killed server left


def folder() -> Path:
    """This session's private upload folder (made on first use, removed with the session)."""
    holder = st.session_state.get(_HOLDER)
    if not isinstance(holder, tempfile.TemporaryDirectory) or not Path(holder.name).is_dir():
        prune_stale()
        holder = tempfile.TemporaryDirectory(prefix=f"{PREFIX}{os.getpid()}.{current_session_id()}.")
        st.session_state[_HOLDER] = holder
        ensure_sweeper()
    return Path(holder.name)


def _require_upload() -> None:
    """Only a role that may upload gets a file written (the page offers no uploader to the others; this
    refuses a crafted request too). Imported here: ui.auth → ui.layout → this module."""
    from geo.access import require
    from ui.auth import current_user

    require(current_user(), "upload")


def save(data: bytes, name: str) -> Path:
    """Write an upload into its own new subfolder of the session's folder (never overwrites); a role
    without the right to upload gets :class:`geo.access.NotAllowed`; a file that cannot be written
    (full disk …) :class:`UploadFailed`, with nothing of it left behind."""
    _require_upload()
    sub: Path | None = None
    try:
        root = folder()
        root.touch()  # in use: not stale
        sub = Path(tempfile.mkdtemp(dir=root))
        target = sub / safe_name(name)
        target.write_bytes(data)
    except OSError as exc:
        if sub is not None:
            shutil.rmtree(sub, ignore_errors=True)
        _LOG.warning("upload %r not written: %s", safe_name(name), exc)
        raise UploadFailed(name, exc) from None
    return target


def new_file(name: str) -> Path:
    """A path for a file the app writes for this session (e.g. an aggregated table); :class:`UploadFailed`
    when not even its folder can be made."""
    try:
        return Path(tempfile.mkdtemp(dir=folder())) / safe_name(name)
    except OSError as exc:
        _LOG.warning("folder for %r not made: %s", safe_name(name), exc)
        raise UploadFailed(name, exc) from None


def discard(path_text: str | None) -> None:
    """Delete a file this session uploaded earlier (its own subfolder), never anything else."""
    holder = st.session_state.get(_HOLDER)
    if not path_text or not isinstance(holder, tempfile.TemporaryDirectory):
        return
    parent = Path(path_text).parent
    if parent.parent == Path(holder.name):
        shutil.rmtree(parent, ignore_errors=True)


def slot(name: str, label: str, types: list[str], lang: str) -> Path | None:
    """A file uploader whose file is kept as ``imp_<name>_path``; returns that path, if any (None, after
    an error box naming the file, when it could not be written)."""
    key, seen, own = f"imp_{name}_path", f"imp_{name}_file_id", f"imp_{name}_from_upload"
    up = st.file_uploader(label, type=types, key=f"imp_{name}_uploader",
                          help=t("imp_max_size", lang, mb=MAX_UPLOAD_MB))
    if up is not None and up.file_id != st.session_state.get(seen):
        try:
            path = save(up.getvalue(), up.name)
        except UploadFailed as exc:  # not marked as seen: the next run tries again
            from ui.errors import say  # here: ui.errors → ui.layout → this module

            say("error", exc.key, lang, **exc.values)
            if st.session_state.pop(own, False):
                discard(st.session_state.get(key))  # the chosen file is not this one: nothing is used
            st.session_state.pop(key, None)
            return None
        st.session_state[seen] = up.file_id
        if st.session_state.get(own):
            discard(st.session_state.get(key))  # the file this upload replaces
        st.session_state[key] = str(path)
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


#: The sweep's rules are :mod:`ui.session_folders`'; re-exported for the upload tests and callers.
__all__ = ["MAX_UPLOAD_MB", "PREFIX", "STALE_SECONDS", "SWEEP_ENV", "UploadFailed", "areas", "discard", "ensure_sweeper",
           "folder", "new_file", "owner", "prune_stale", "safe_name", "save", "session_alive", "set_slot", "slot",
           "table"]
