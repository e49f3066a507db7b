"""A full disk while the scenario store writes (issue 17): one Swedish message on both backends (what
happened, that nothing was saved, what to do; no English from SQLite, PostgreSQL or the system), the
scenarios already stored untouched, and no empty database file left by an attempt that created it.
Injected errors on both backends, and a real 256 kB filesystem (a tmpfs in a user namespace) when the
machine allows one."""

from __future__ import annotations

import errno
import json
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from geo.definition import load_definition
from geo.errors import DataError
from geo.output import store_postgres, store_sqlite
from geo.output.store import ScenarioStore, StoreFullError
from geo.paths import ROOT, demo_paths
from geo.scenario import Scenario
from geo.settings import ViewSettings

DEF = load_definition(demo_paths().default_definition)
#: What SQLite, PostgreSQL and the system say in English; none of it may reach the user.
ENGLISH = ("disk is full", "No space left", "could not extend", "Errno", "OperationalError", "DiskFull", "device")


def sc(name: str, note: str = "") -> Scenario:
    return Scenario(ViewSettings.default(DEF, year=2024), name=name, note=note)


def assert_full_message(err: BaseException) -> None:
    text = str(err)
    assert isinstance(err, StoreFullError), text
    assert "disken på servern är full" in text and "Ingenting sparades" in text and "Frigör utrymme" in text, text
    assert not [w for w in ENGLISH if w.lower() in text.lower()], text


def fail_inserts(monkeypatch, target, error: BaseException) -> None:
    """Every INSERT of ``target``'s backend raises ``error`` (as the driver does when the disk is full)."""
    module = store_sqlite if isinstance(target, Path) else store_postgres
    real = module._Tx.rows

    def rows(self, sql, args=()):
        if sql.lstrip().upper().startswith("INSERT"):
            raise error
        return real(self, sql, args)

    monkeypatch.setattr(module._Tx, "rows", rows)


def driver_full_error(target) -> BaseException:
    if isinstance(target, Path):
        return sqlite3.OperationalError("database or disk is full")
    import psycopg

    return psycopg.errors.DiskFull('could not extend file "base/16384/16385": No space left on device')


@pytest.mark.parametrize("kind", ["driver", "oserror"])
def test_a_full_disk_while_saving_is_said_in_swedish_and_changes_nothing(target, monkeypatch, kind):
    store = ScenarioStore(target)
    kept = store.save(sc("Finns", note="före"))
    error = driver_full_error(target) if kind == "driver" else OSError(errno.ENOSPC, "No space left on device")
    with monkeypatch.context() as m:
        fail_inserts(m, target, error)
        with pytest.raises(DataError) as err:
            store.save(sc("Ny", note="x" * 5000))
    assert_full_message(err.value)
    assert store.list() == [kept] and store.count(include_deleted=True) == 1
    assert [e.action for e in store.audit()] == ["save"]  # the failed save wrote no audit line either
    assert store.save(sc("Ny")).name == "Ny"  # space again: saving works


def test_a_store_file_created_by_a_failed_attempt_is_removed(tmp_path, monkeypatch):
    path = tmp_path / "ny" / "mapp" / "s.sqlite"
    real = store_sqlite.SqliteBackend._connect

    def connect_on_a_full_disk(self):
        real(self).close()  # SQLite has created the (empty) file; its first write fails
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(store_sqlite.SqliteBackend, "_connect", connect_on_a_full_disk)
    with pytest.raises(DataError) as err:
        ScenarioStore(path)
    assert_full_message(err.value)
    assert list(tmp_path.iterdir()) == []  # no 0-byte file, and the folders it made are gone too


def test_an_existing_store_is_never_removed(tmp_path, monkeypatch):
    path = tmp_path / "s.sqlite"
    kept = ScenarioStore(path).save(sc("Finns"))
    before = path.read_bytes()
    monkeypatch.setattr(store_sqlite.SqliteBackend, "_connect",
                        lambda self: (_ for _ in ()).throw(sqlite3.OperationalError("database or disk is full")))
    with pytest.raises(StoreFullError):
        ScenarioStore(path)
    monkeypatch.undo()
    assert path.read_bytes() == before and ScenarioStore(path).list() == [kept]


def test_an_empty_file_that_was_there_before_is_kept(tmp_path, monkeypatch):
    """Only a file this very attempt created is removed: an empty file someone put there stays."""
    path = tmp_path / "s.sqlite"
    path.touch()
    monkeypatch.setattr(store_sqlite.SqliteBackend, "_connect",
                        lambda self: (_ for _ in ()).throw(sqlite3.OperationalError("database or disk is full")))
    with pytest.raises(StoreFullError):
        ScenarioStore(path)
    assert path.exists()


def test_no_room_for_the_folder_is_said_in_swedish(tmp_path, monkeypatch):
    def no_room(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "mkdir", no_room)
    with pytest.raises(DataError) as err:
        ScenarioStore(tmp_path / "ny" / "s.sqlite")
    assert_full_message(err.value)


def test_other_sqlite_errors_keep_english_out_of_the_message(tmp_path):
    store = ScenarioStore(tmp_path / "s.sqlite")
    err = store.backend.translate(sqlite3.OperationalError("some new failure nobody expected"))
    assert "oväntat fel" in str(err) and "nobody expected" not in str(err)
    err = store.backend.translate_os(OSError(errno.EIO, "Input/output error"))
    assert "EIO" in str(err) and "Input/output" not in str(err)


# --------------------------------------------------------------------------- a real full filesystem

TINY_FS = textwrap.dedent("""
    import json, os, subprocess, sys
    sys.path.insert(0, sys.argv[1])
    mnt = sys.argv[2]
    from geo.definition import load_definition
    from geo.errors import DataError
    from geo.output.store import ScenarioStore
    from geo.paths import demo_paths
    from geo.scenario import Scenario
    from geo.settings import ViewSettings

    settings = ViewSettings.default(load_definition(demo_paths().default_definition), year=2024)
    out = {}

    def mount():
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", mnt], check=True)

    def fill():
        try:
            with open(os.path.join(mnt, "fyllnad"), "ab") as fh:
                while True:
                    fh.write(b"x" * 1024)
                    fh.flush()
        except OSError:
            pass

    def files():
        return {f: os.path.getsize(os.path.join(mnt, f)) for f in sorted(os.listdir(mnt))}

    # 1. no store yet, the disk already full
    mount()
    fill()
    try:
        ScenarioStore(os.path.join(mnt, "s.sqlite"))
        out["new"] = "opened"
    except DataError as exc:
        out["new"] = [type(exc).__name__, str(exc)]
    out["new_files"] = files()
    subprocess.run(["umount", mnt], check=True)

    # 2. a store with one scenario, then the disk fills up and a save needs room
    mount()
    store = ScenarioStore(os.path.join(mnt, "s.sqlite"))
    store.save(Scenario(settings, name="Finns"))
    fill()
    try:
        for i in range(50):
            store.save(Scenario(settings, name=f"Ny {i}", note="y" * 9000))
        out["full"] = "saved"
    except DataError as exc:
        out["full"] = [type(exc).__name__, str(exc)]
    os.remove(os.path.join(mnt, "fyllnad"))
    out["after"] = [s.name for s in ScenarioStore(os.path.join(mnt, "s.sqlite")).list()]
    print(json.dumps(out))
""")


def _user_namespaces() -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(["unshare", "-r", "-m", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt"],
                           capture_output=True, check=False)
    return probe.returncode == 0


@pytest.mark.skipif(not _user_namespaces(), reason="no user namespaces to mount a tiny filesystem in")
def test_a_real_full_filesystem(tmp_path):
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    done = subprocess.run(["unshare", "-r", "-m", sys.executable, "-c", TINY_FS, str(ROOT), str(mnt)],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout.strip().splitlines()[-1])
    kind, text = out["new"]
    assert kind == "StoreFullError" and "disken på servern är full" in text, text
    assert not [w for w in ENGLISH if w.lower() in text.lower()], text
    assert out["new_files"] == {"fyllnad": out["new_files"]["fyllnad"]}  # no 0-byte s.sqlite (nor -wal, -shm)
    kind, text = out["full"]
    assert kind == "StoreFullError" and "Ingenting sparades" in text, text
    assert not [w for w in ENGLISH if w.lower() in text.lower()], text
    assert "Finns" in out["after"]  # what was stored before is still there
