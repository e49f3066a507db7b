"""The scenario store: round trips, restarts, concurrent writers (both backends: ``target`` is a SQLite file
or a PostgreSQL schema, see conftest.py); the SQLite file's corruption, locks and migrations."""

import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from geo.definition import load_definition
from geo.errors import DataError
from geo.links import Catalog
from geo.output.store import MIGRATIONS, ScenarioStore, default_store_path
from geo.paths import ROOT, demo_paths
from geo.scenario import Scenario, scenario_from_query
from geo.settings import ViewSettings

DEF = load_definition(demo_paths().default_definition)
CATALOG = Catalog.of([DEF])


def sample(name: str = "Förslag 1", **changes) -> Scenario:
    settings = ViewSettings.default(DEF, year=2024, method="rank", top_k=changes.pop("top_k", 5)).with_(
        weights={"delaktighet": 1.0, "utbildning": 2.5, "ekonomi": 1.0, "boende": 0.0})
    return Scenario(settings=settings, name=name, note="Anteckning med å, ä, ö och <b>html</b>.").with_(**changes)


def test_save_get_round_trip(target):
    store = ScenarioStore(target)
    saved = store.save(sample())
    assert saved.id is not None and saved.created is not None and saved.changed is not None
    got = store.get(saved.id)
    assert got == saved
    assert got.settings == sample().settings and got.note == sample().note


def test_state_url_db_round_trip(target):
    store = ScenarioStore(target)
    original = sample()
    via_url = scenario_from_query(original.to_query(DEF), CATALOG)
    saved = store.save(via_url.with_(note=original.note))
    again = scenario_from_query(store.get(saved.id).to_query(DEF), CATALOG)
    assert again.settings == original.settings and again.name == original.name


def test_survives_restart_in_another_process(target):
    path = target
    saved = ScenarioStore(path).save(sample())
    code = textwrap.dedent(f"""
        import sys; sys.path.insert(0, {str(ROOT)!r})
        from geo.output.store import ScenarioStore
        s = ScenarioStore({str(path)!r}).get({saved.id})
        print(s.name, s.settings.weight_map["utbildning"], s.settings.top_k)
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "Förslag 1 2.5 5"
    assert ScenarioStore(path).get(saved.id) == saved  # a new store object in this process too


def test_list_rename_delete(target):
    store = ScenarioStore(target)
    a = store.save(sample("A"))
    b = store.save(sample("B"))
    assert [s.name for s in store.list()] == ["B", "A"]  # newest first
    renamed = store.rename(a.id, "  A  prim ")
    assert renamed.name == "A prim" and renamed.created == a.created and renamed.changed > a.changed
    assert [s.name for s in store.list()] == ["A prim", "B"]
    assert store.delete(b.id) is True and store.delete(b.id) is False
    assert [s.id for s in store.list()] == [a.id]
    assert store.list(definition_id="other") == []


def test_unique_names(target):
    store = ScenarioStore(target)
    first = store.save(sample("Förslag"))
    with pytest.raises(DataError, match="finns redan"):
        store.save(sample("  förslag "))
    replaced = store.save(sample("FÖRSLAG", top_k=7), overwrite=True)
    assert replaced.id == first.id and replaced.settings.top_k == 7 and replaced.created == first.created
    other = store.save(sample("Annat"))
    with pytest.raises(DataError, match="finns redan"):
        store.rename(other.id, "förslag")
    with pytest.raises(DataError, match="namn"):
        store.save(sample("   "))


def test_update_of_deleted_scenario_is_reported(target):
    store = ScenarioStore(target)
    saved = store.save(sample())
    store.delete(saved.id)
    with pytest.raises(DataError, match="finns inte längre"):
        store.save(saved)


WRITER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    sys.path.insert(0, sys.argv[1])
    from geo.definition import load_definition
    from geo.paths import demo_paths
    from geo.scenario import Scenario
    from geo.settings import ViewSettings
    from geo.output.store import ScenarioStore
    definition = load_definition(demo_paths().default_definition)
    go = Path(sys.argv[4])
    while not go.exists():
        time.sleep(0.005)
    for i in range(int(sys.argv[3])):
        ScenarioStore(sys.argv[2]).save(Scenario(ViewSettings.default(definition), name=f"{sys.argv[5]}-{i}"))
""")


def test_two_processes_saving_concurrently_keep_every_save(target, tmp_path):
    path = target
    go = tmp_path / "go"
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(ROOT), str(path), "50", str(go), prefix],
                              stderr=subprocess.PIPE, text=True) for prefix in ("p", "q")]
    go.touch()
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
    names = [s.name for s in ScenarioStore(path).list()]
    assert sorted(names) == sorted(f"{p}-{i}" for p in "pq" for i in range(50))  # none lost, none twice
    if isinstance(path, Path):
        with sqlite3.connect(path) as conn:
            assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_corrupt_file_is_reported_and_kept(tmp_path):
    path = tmp_path / "s.sqlite"
    junk = b"this is not a database" * 100
    path.write_bytes(junk)
    with pytest.raises(DataError) as err:
        ScenarioStore(path)
    assert str(path) in str(err.value) and "skadad" in str(err.value)
    assert path.read_bytes() == junk


def test_newer_schema_is_refused_untouched(tmp_path):
    path = tmp_path / "s.sqlite"
    ScenarioStore(path)
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 99")
    with pytest.raises(DataError, match="schemaversion 99"):
        ScenarioStore(path)


def test_locked_database_gives_clear_error(tmp_path):
    path = tmp_path / "s.sqlite"
    store = ScenarioStore(path, busy_timeout_ms=100)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(DataError, match="låst"):
            store.save(sample())
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert store.save(sample()).id is not None


@pytest.mark.parametrize("message, expected", [
    ("attempt to write a readonly database", "skrivskyddad"),
    ("database is locked", "låst"),
    ("file is not a database", "skadad"),
    ("database disk image is malformed", "skadad"),
    ("unable to open database file", "kunde inte öppnas"),
])
def test_sqlite_errors_become_swedish_messages(tmp_path, message, expected):
    store = ScenarioStore(tmp_path / "s.sqlite")
    err = store.backend.translate(sqlite3.OperationalError(message))
    assert isinstance(err, DataError) and expected in str(err) and str(store.path) in str(err)


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root can write read-only files")
def test_read_only_database_gives_clear_error(tmp_path):
    path = tmp_path / "s.sqlite"
    ScenarioStore(path).save(sample("x"))
    for p in tmp_path.iterdir():
        p.chmod(0o444)
    tmp_path.chmod(0o555)
    try:
        with pytest.raises(DataError):
            ScenarioStore(path).save(sample("y"))
    finally:
        tmp_path.chmod(0o755)
        for p in tmp_path.iterdir():
            p.chmod(0o644)


def test_migration_writes_a_backup_first(tmp_path):
    path = tmp_path / "s.sqlite"
    v1 = ScenarioStore(path)
    saved = v1.save(sample())
    assert v1.last_backup is None  # a new file needs no backup

    def v_next(conn):
        conn.execute("ALTER TABLE scenarios ADD COLUMN extra TEXT NOT NULL DEFAULT ''")

    n = len(MIGRATIONS)
    next_store = ScenarioStore(path, migrations=(*MIGRATIONS, v_next))
    backup = next_store.last_backup
    assert backup is not None and backup.exists() and backup.parent == tmp_path
    with sqlite3.connect(backup) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == n
        assert conn.execute("SELECT name FROM scenarios").fetchall() == [(saved.name,)]
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == n + 1
        assert "extra" in [r[1] for r in conn.execute("PRAGMA table_info(scenarios)")]
    assert next_store.get(saved.id) == saved
    assert ScenarioStore(path, migrations=(*MIGRATIONS, v_next)).last_backup is None  # already migrated


def test_version_1_files_are_migrated_to_settings_without_loss(tmp_path):
    """A store written by the previous release (one column per choice) opens with every scenario intact."""
    path = tmp_path / "s.sqlite"
    ScenarioStore(path, migrations=MIGRATIONS[:1])  # schema version 1
    with sqlite3.connect(path) as conn:
        conn.execute(
            "INSERT INTO scenarios (name, name_key, note, definition_id, definition_version, year, method, "
            "aggregation, weights, indicator_weights, top_k, scheme, created, changed) VALUES "
            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            ("Gammal", "gammal", "not", DEF.id, DEF.version, 2023, "ratio", "geometric",
             '{"delaktighet": 1.0, "utbildning": 2.5, "ekonomi": 1.0, "boende": 0.0}', '{"valdeltagande": 0.5}',
             4, "natural_breaks", "2026-01-01T10:00:00.000000+00:00", "2026-01-02T10:00:00.000000+00:00"))
    store = ScenarioStore(path)
    assert store.last_backup is not None
    (old,) = store.list()
    assert old.name == "Gammal" and old.note == "not" and old.changed.year == 2026
    assert old.settings == ViewSettings(
        definition_id=DEF.id, definition_version=DEF.version, year=2023, method="ratio", aggregation="geometric",
        weights=(("delaktighet", 1.0), ("utbildning", 2.5), ("ekonomi", 1.0), ("boende", 0.0)),
        indicator_weights=(("valdeltagande", 0.5),), top_k=4, scheme="natural_breaks")


def test_default_path(monkeypatch, tmp_path):
    monkeypatch.delenv("OMRADESINDEX_SCENARIO_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_store_path() == tmp_path / "xdg" / "omradesindex" / "scenarios.sqlite"
    monkeypatch.delenv("XDG_DATA_HOME")
    assert default_store_path() == Path.home() / ".local" / "share" / "omradesindex" / "scenarios.sqlite"
    monkeypatch.setenv("OMRADESINDEX_SCENARIO_DB", str(tmp_path / "x.sqlite"))
    assert default_store_path() == tmp_path / "x.sqlite"
    store = ScenarioStore()
    assert store.path == tmp_path / "x.sqlite" and store.path.exists()


def test_folder_is_created(tmp_path):
    store = ScenarioStore(tmp_path / "a" / "b" / "s.sqlite")
    assert store.count() == 0 and store.path.exists()
