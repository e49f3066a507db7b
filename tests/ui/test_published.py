"""The map's data files are published per session (ui.published) and swept with it (ui.session_folders)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

from geo.paths import ROOT
from tests.ui.apphelpers import app, map_data
from ui.published import GENERATED
from ui.session_folders import STALE_SECONDS, SessionFolders

_URL = re.compile(r"^/app/static/generated/(session-(\d+)\.([A-Za-z0-9-]+)\.[0-9a-f]{32})/(areas|scores)-[0-9a-f]{20}\.json$")


def test_each_session_gets_its_own_unguessable_folder_and_nothing_is_published_for_everybody():
    folders = []
    for _ in range(2):
        at = app()
        assert not at.exception, [e.value for e in at.exception]
        (data,) = map_data(at)
        urls = [data["areas"], data["live"]["scores"]]
        matches = [_URL.match(u) for u in urls]
        assert all(matches), urls
        assert {m.group(1) for m in matches} == {matches[0].group(1)} and int(matches[0].group(2)) == os.getpid()
        folder = GENERATED / matches[0].group(1)
        for url in urls:
            assert (folder / url.rsplit("/", 1)[1]).is_file()
        folders.append(folder)
    assert folders[0] != folders[1]
    assert not [p for p in GENERATED.glob("*.json")]  # only the shared code lives directly in generated/


def _make(root: Path, name: str, age: float = 0.0) -> Path:
    path = root / name
    path.mkdir()
    (path / "areas-x.json").write_text("{}", encoding="utf-8")
    then = time.time() - age
    os.utime(path, (then, then))
    return path


def test_the_sweep_removes_ended_sessions_dead_processes_and_old_leftovers_only(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                          check=True)
    dead_pid = int(dead.stdout)
    folders = SessionFolders(tmp_path, "session-")
    me, parent = os.getpid(), os.getppid()
    alive = {"open": True, "closed": False}
    keep = [_make(tmp_path, f"session-{me}.open.t1"),
            _make(tmp_path, f"session-{me}.apptest.t2"),  # no runtime to ask: by age
            _make(tmp_path, f"session-{parent}.other.t3"),  # another live process: by age
            _make(tmp_path, "unrelated")]
    gone = [_make(tmp_path, f"session-{me}.closed.t4"),
            _make(tmp_path, f"session-{dead_pid}.x.t5"),
            _make(tmp_path, f"session-{me}.apptest.t6", age=STALE_SECONDS + 60),
            _make(tmp_path, f"session-{parent}.other.t7", age=STALE_SECONDS + 60),
            _make(tmp_path, "session-garbage", age=STALE_SECONDS + 60),
            _make(tmp_path, f"session-{me}.open.t8", age=STALE_SECONDS + 60)]  # a day old goes, open or not
    removed = folders.prune(alive=lambda sid: alive.get(sid))
    assert sorted(removed) == sorted(gone)
    assert all(p.is_dir() for p in keep) and not any(p.exists() for p in gone)
    assert folders.owner(f"session-{me}.open.t1") == (me, "open") and folders.owner("session-x") is None
    assert not folders.owner_of("../session-1.a.b") and folders.owner_of("session-1.a.b")


def test_a_server_of_an_earlier_version_leaves_no_data_files_and_a_clean_exit_removes_its_own(tmp_path):
    GENERATED.mkdir(parents=True, exist_ok=True)
    legacy = GENERATED / "areas-0123456789abcdef0123.json"
    legacy.write_text("{}", encoding="utf-8")
    code = ("import sys; sys.path.insert(0, sys.argv[1]); import os\n"
            "from ui.published import FOLDERS, GENERATED\n"
            "own = GENERATED / f'session-{os.getpid()}.s.t'; own.mkdir(); (own / 'areas-x.json').write_text('{}')\n"
            "print(own)\n")
    out = subprocess.run([sys.executable, "-c", code, str(ROOT)], capture_output=True, text=True, check=True, cwd=ROOT)
    assert not legacy.exists()  # removed when the module was first imported (server start)
    assert not Path(out.stdout.strip()).exists()  # removed at the process's normal exit
