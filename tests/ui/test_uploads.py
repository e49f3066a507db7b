"""Upload folders are private to their session and go when it ends (issue 16 points 5 and 8).

Each session's folder is named after the server process and the session
(``omradesindex-upload-<pid>.<session id>.<random>``). The sweep removes a folder of this process
whose session Streamlit no longer has (ended and past ``server.disconnectedSessionTTL``), a folder of
a server process that is gone, and anything older than a day; it runs when a session makes its
folder and in the background (every ``OMRADESINDEX_UPLOAD_SWEEP_SECONDS``) while any folder exists.
The loopback test with a real server is tests/e2e/test_upload_cleanup_e2e.py. A file that cannot be
written (full disk, no folder) is an error box naming it, with nothing half-written left (issue 17).
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.ui.apphelpers import app
from ui import session_folders, uploads


def make(root: Path, name: str, *, age: float = 0.0) -> Path:
    folder = root / name
    folder.mkdir()
    (folder / "f.csv").write_text("x")
    if age:
        then = time.time() - age
        os.utime(folder, (then, then))
    return folder


def a_dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_the_sweep_removes_folders_of_ended_sessions_and_dead_servers_only(tmp_path):
    me = os.getpid()
    alive = {"s-open": True, "s-ended": False, "s-unknown": None}
    open_ = make(tmp_path, f"{uploads.PREFIX}{me}.s-open.abc")
    ended = make(tmp_path, f"{uploads.PREFIX}{me}.s-ended.def")
    unknown = make(tmp_path, f"{uploads.PREFIX}{me}.s-unknown.ghi")  # no runtime to ask: kept for a day
    other_server = make(tmp_path, f"{uploads.PREFIX}{os.getppid()}.s-x.jkl")  # another live process's session
    dead_server = make(tmp_path, f"{uploads.PREFIX}{a_dead_pid()}.s-y.mno")
    old_style = make(tmp_path, f"{uploads.PREFIX}pqr")
    day_old = make(tmp_path, f"{uploads.PREFIX}{me}.s-open.stu", age=uploads.STALE_SECONDS + 60)
    stranger = make(tmp_path, "someone-else", age=uploads.STALE_SECONDS + 60)
    removed = uploads.prune_stale(root=tmp_path, alive=alive.get)
    assert sorted(removed) == sorted([ended, dead_server, day_old])
    assert all(p.exists() for p in (open_, unknown, other_server, old_style, stranger))
    assert not any(p.exists() for p in removed)


def test_a_sessions_folder_is_named_after_the_process_and_the_session_and_is_private():
    at = app("importera")
    at.file_uploader(key="imp_areas_uploader").set_value(("omraden.geojson", b"{}", "application/geo+json"))
    at.run()
    stored = Path(at.session_state["imp_areas_path"])
    folder = stored.parent.parent
    pid, session_id, _ = folder.name.removeprefix(uploads.PREFIX).split(".", 2)
    assert int(pid) == os.getpid() and session_id
    assert oct(folder.stat().st_mode & 0o777) == "0o700"  # only the server's user
    assert uploads.owner(folder) == (os.getpid(), session_id)


def test_the_background_sweep_removes_an_ended_sessions_folder_and_then_stops(tmp_path, monkeypatch):
    monkeypatch.setenv("OMRADESINDEX_UPLOAD_SWEEP_SECONDS", "0.05")
    monkeypatch.setattr(uploads, "_root", lambda: tmp_path)
    ended = {"s-1"}
    monkeypatch.setattr(session_folders, "session_alive", lambda sid: sid not in ended)
    a = make(tmp_path, f"{uploads.PREFIX}{os.getpid()}.s-1.abc")
    b = make(tmp_path, f"{uploads.PREFIX}{os.getpid()}.s-2.def")
    thread = uploads.ensure_sweeper()
    deadline = time.monotonic() + 5
    while a.exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not a.exists() and b.exists() and thread.is_alive()
    ended.add("s-2")  # the second session ends too: its folder goes, and the sweeper stops
    thread.join(timeout=5)
    assert not b.exists() and not thread.is_alive()
    assert uploads.ensure_sweeper() is not thread  # a new folder later starts a new one


def test_a_role_without_uploads_gets_no_file_written(monkeypatch):
    """Server-side: even a crafted upload from a läsare writes nothing (the page offers no uploader)."""
    import streamlit as st

    from geo.access import NotAllowed, User
    from ui import auth

    monkeypatch.setitem(st.session_state, auth.USER_KEY, User(id="c@malmo.se", name="C", role="lasare"))
    written = []
    monkeypatch.setattr(uploads, "folder", lambda: written.append(1) or Path("/nonexistent"))
    with pytest.raises(NotAllowed, match="läsare får inte läsa in filer"):
        uploads.save(b"x", "omraden.gpkg")
    assert not written


def _written(at) -> list[Path]:
    """Every file in this session's upload folder."""
    holder = at.session_state[uploads._HOLDER]
    return [p for p in Path(holder.name).rglob("*") if p.is_file()]


def test_a_full_disk_while_uploading_names_the_file_leaves_nothing_and_the_page_keeps_working(monkeypatch):
    """Issue 17: the upload raised a raw ``OSError: [Errno 28]`` traceback and left half a file."""
    at = app("importera")
    at.file_uploader(key="imp_table_uploader").set_value(("tabell.csv", b"area_id,x\n1,2\n", "text/csv"))
    at.run()
    first = Path(at.session_state["imp_table_path"])
    real = Path.write_bytes

    def half_then_full(self, data):
        if uploads.PREFIX in str(self):
            with open(self, "wb") as fh:
                fh.write(data[: len(data) // 2])
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", half_then_full)
    data = b'{"type": "FeatureCollection", "features": []}'
    at.file_uploader(key="imp_areas_uploader").set_value(("omraden.geojson", data, "application/geo+json"))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    boxes = [e.value for e in at.error]
    assert any("omraden.geojson" in b and "disken för tillfälliga filer på servern är full" in b
               and "Inget av filen sparades" in b for b in boxes), boxes
    assert not [b for b in boxes if "Errno" in b or "No space" in b or "/tmp" in b], boxes
    assert "imp_areas_path" not in at.session_state
    assert _written(at) == [first]  # no half-written file; the earlier upload is untouched
    monkeypatch.undo()
    at.run()  # room again: the chosen file is taken on the next run (and read: it has no areas)
    assert not at.exception and not [e for e in at.error if "kunde inte tas emot" in e.value]
    assert Path(at.session_state["imp_areas_path"]).read_bytes() == data


def test_no_folder_for_uploads_is_an_error_naming_the_file(monkeypatch):
    at = app("importera")

    def no_folder():
        raise OSError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(uploads, "folder", no_folder)
    at.file_uploader(key="imp_table_uploader").set_value(("tabell.csv", b"area_id,x\n1,2\n", "text/csv"))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    boxes = [e.value for e in at.error]
    assert any("tabell.csv" in b and "EACCES" in b and "Permission" not in b for b in boxes), boxes
    assert "imp_table_path" not in at.session_state
    with pytest.raises(uploads.UploadFailed) as err:
        uploads.new_file("aggregerad_tabell.csv")
    assert "aggregerad_tabell.csv" in str(err.value)
