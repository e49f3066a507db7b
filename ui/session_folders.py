"""Folders that belong to one browser session and go when it ends (uploads, the map's data files).

A folder's name says whose it is: ``<prefix><server pid>.<session id>.<random>``. **The sweep**
(:meth:`SessionFolders.prune`) removes a folder

* of this server process whose session Streamlit no longer has (:func:`session_alive` asks the
  runtime's session manager, so "ended" means disconnected for longer than
  ``server.disconnectedSessionTTL``),
* of a server process that no longer runs (a killed server's leftovers),
* that nobody touched for :data:`STALE_SECONDS` (a day); a session still open then simply makes its
  files again (an upload is chosen again).

Folders of another live server process (several processes behind a proxy, sharing a folder) are
judged by age only. The sweep runs when a session makes its folder and in a background thread
(:meth:`SessionFolders.ensure_sweeper`, every ``OMRADESINDEX_UPLOAD_SWEEP_SECONDS``, default 30 s)
for as long as this process holds any folder (measured for uploads in issue 16: without it, folders
stayed until the server stopped).
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path

STALE_SECONDS = 24 * 3600
SWEEP_ENV = "OMRADESINDEX_UPLOAD_SWEEP_SECONDS"
_LOG = logging.getLogger(__name__)

Alive = Callable[[str], "bool | None"]


def current_session_id() -> str:
    """This run's session id, reduced to characters safe in a folder name."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx(suppress_warning=True)
    return re.sub(r"[^A-Za-z0-9-]", "", ctx.session_id if ctx is not None else "") or "utan-session"


def session_alive(session_id: str) -> bool | None:
    """Does this server still have the session (connected, or disconnected within
    ``server.disconnectedSessionTTL``)? None when there is no runtime to ask (AppTest, a script)."""
    try:
        from streamlit.runtime import Runtime

        if not Runtime.exists():
            return None
        manager = getattr(Runtime.instance(), "_session_mgr", None)
        info = getattr(manager, "get_session_info", None)
        return None if info is None else info(session_id) is not None
    except Exception:  # noqa: BLE001 - a Streamlit internal changed: judge by age only
        return None


def process_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # e.g. another user's process
        return True
    return True


def sweep_seconds() -> float:
    with contextlib.suppress(ValueError):
        return max(0.01, float(os.environ.get(SWEEP_ENV, "30")))
    return 30.0


class SessionFolders:
    """The session folders named ``<prefix>…`` directly below ``root``."""

    def __init__(self, root: Path | Callable[[], Path], prefix: str) -> None:
        self._root = root
        self.prefix = prefix
        self._sweeper: threading.Thread | None = None
        self._lock = threading.Lock()

    @property
    def root(self) -> Path:
        return Path(self._root() if callable(self._root) else self._root)

    @staticmethod
    def session_id() -> str:
        return current_session_id()

    def owner(self, folder: Path | str) -> tuple[int, str] | None:
        """(server pid, session id) from a folder's name; None for a name without them."""
        name = Path(folder).name
        if not name.startswith(self.prefix):
            return None
        pid, dot, rest = name.removeprefix(self.prefix).partition(".")
        session_id = rest.partition(".")[0]
        return (int(pid), session_id) if dot and pid.isdigit() and session_id else None

    def owner_of(self, name: str) -> bool:
        """Is ``name`` one of this class's folder names (and no path)?"""
        return "/" not in name and self.owner(name) is not None

    def ended(self, folder: Path, age: float, alive: Alive) -> bool:
        if age > STALE_SECONDS:
            return True
        who = self.owner(folder)
        if who is None:
            return False
        pid, session_id = who
        if pid == os.getpid():
            return alive(session_id) is False
        return not process_running(pid)

    def prune(self, now: float | None = None, alive: Alive | None = None) -> list[Path]:
        """The sweep (see the module docstring); returns what was removed."""
        now = time.time() if now is None else now
        alive = alive or session_alive
        removed = []
        for folder in self.root.glob(f"{self.prefix}*"):
            try:
                if folder.is_dir() and self.ended(folder, now - folder.stat().st_mtime, alive):
                    shutil.rmtree(folder, ignore_errors=True)
                    removed.append(folder)
            except OSError:
                continue
        return removed

    def own(self) -> list[Path]:
        """This server process's folders."""
        return [f for f in self.root.glob(f"{self.prefix}*")
                if (who := self.owner(f)) is not None and who[0] == os.getpid()]

    def _loop(self) -> None:
        last = time.monotonic()
        while True:
            time.sleep(min(sweep_seconds(), 1.0))  # a changed interval applies within a second
            if time.monotonic() - last < sweep_seconds():
                continue
            last = time.monotonic()
            try:
                self.prune(alive=session_alive)
            except Exception:  # noqa: BLE001 - the sweep must never end the thread by accident
                _LOG.exception("session folder sweep failed (%s)", self.prefix)
            with self._lock:
                if not self.own():  # nothing left to watch: stop (a new folder starts a new sweeper)
                    self._sweeper = None
                    return

    def ensure_sweeper(self) -> threading.Thread:
        """The background sweep of this process (started when needed); returns its thread."""
        with self._lock:
            if self._sweeper is None or not self._sweeper.is_alive():
                self._sweeper = threading.Thread(target=self._loop, name=f"omradesindex-sweep-{self.prefix}",
                                                 daemon=True)
                self._sweeper.start()
            return self._sweeper


__all__ = ["STALE_SECONDS", "SWEEP_ENV", "SessionFolders", "current_session_id", "process_running",
           "session_alive", "sweep_seconds"]
