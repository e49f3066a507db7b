"""The map's data files, published for one browser session and removed when it ends.

The map component fetches the areas, the scores and the context overlays as files that Streamlit
serves from ``static/`` (a rerun then never resends the geometry). Those files hold the areas'
names and shapes — the city's internal data once it is configured — and Streamlit serves
``static/`` to anyone, signed in or not. So (issue 17) they are not published once for everybody:

* each browser session writes them into its own folder ``static/generated/session-<server pid>.
  <session id>.<random token>/`` (:func:`publish`); the 128-bit token makes the URL unguessable, and
  a session only learns its own folder's name;
* the folder goes when its session does: the same sweep as for uploads (:mod:`ui.session_folders`:
  session ended, i.e. disconnected for longer than ``server.disconnectedSessionTTL``, or its server
  process gone, or untouched for a day), when a session makes its folder, in the background while
  this process has any, and at the process's normal exit; files a killed server left are removed
  by the next server's first sweep;
* data files a server of an earlier version left directly in ``static/generated/`` are removed too.

What is computed stays cached once per data version (:class:`geo.output.webassets.Prepared`: the
JSON and its name); per session it is only written, once per content.
"""

from __future__ import annotations

import atexit
import os
import re
import secrets
import shutil
from pathlib import Path

import streamlit as st

from geo.output.webassets import Prepared
from geo.output.webassets import publish as write_file
from ui.session_folders import SessionFolders

#: ``<app>/static``, served at ``/app/static`` (``server.enableStaticServing``).
STATIC_DIR = Path(__file__).resolve().parents[1] / "static"
GENERATED = STATIC_DIR / "generated"
FOLDERS = SessionFolders(GENERATED, "session-")
_HOLDER = "published_folder"
#: Data files published directly in ``static/generated`` before there were session folders.
_LEGACY = re.compile(r"^(areas|scores|overlay)-[0-9a-f]{20}\.json$")


def _remove_legacy() -> list[Path]:
    removed = []
    for path in GENERATED.glob("*.json") if GENERATED.is_dir() else []:
        if _LEGACY.match(path.name):
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def folder_name() -> str:
    """This session's folder below ``static/generated`` (made on first use)."""
    name = st.session_state.get(_HOLDER)
    if not isinstance(name, str) or not FOLDERS.owner_of(name):
        FOLDERS.prune()
        name = f"{FOLDERS.prefix}{os.getpid()}.{FOLDERS.session_id()}.{secrets.token_hex(16)}"
        st.session_state[_HOLDER] = name
    FOLDERS.ensure_sweeper()
    return name


def publish(prepared: Prepared) -> str:
    """Write ``prepared`` into this session's folder (once; again if the folder was swept meanwhile,
    e.g. after the session came back from a long disconnect) and return its URL."""
    return write_file(prepared, STATIC_DIR, folder_name())


def _remove_own() -> None:
    """At the process's normal exit: its sessions' folders."""
    for path in FOLDERS.own():
        shutil.rmtree(path, ignore_errors=True)


_remove_legacy()
FOLDERS.prune()  # at server start: what a killed server left
atexit.register(_remove_own)

__all__ = ["FOLDERS", "GENERATED", "STATIC_DIR", "folder_name", "publish"]
