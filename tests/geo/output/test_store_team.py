"""The team store on both backends (``target``: SQLite file or PostgreSQL schema): owners, visibility,
roles enforced in the store, soft delete and restore, the audit list, name uniqueness, corrupt rows,
concurrent servers; the SQLite v2 → v3 migration; the configuration of the backend."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from geo.access import LOCAL_USER, NotAllowed, User
from geo.definition import load_definition
from geo.errors import DataError
from geo.output.store import MIGRATIONS, ScenarioStore, StoreLockedError, configured_target
from geo.paths import demo_paths
from geo.scenario import Scenario
from geo.settings import ViewSettings
from tests.geo.output.pgtest import pg_schema

DEF = load_definition(demo_paths().default_definition)
ANNA = User(id="anna@malmo.se", name="Anna Andersson", role="planerare")
BO = User(id="bo@malmo.se", name="Bo Berg", role="planerare")
LISA = User(id="lisa@malmo.se", name="Lisa Läsare", role="lasare")
FIA = User(id="fia@malmo.se", name="Fia Förvaltare", role="forvaltare")


def sc(name: str, **weights: float) -> Scenario:
    return Scenario(ViewSettings.default(DEF, year=2024).with_(weights=weights or {"ekonomi": 2.0}), name=name)


def names(items) -> set[str]:
    return {s.name for s in items}


@pytest.fixture
def team(target):
    """Anna's private and shared scenario, Bo's private one."""
    store = ScenarioStore(target)
    a_priv = store.save(sc("A privat"), by=ANNA)
    a_shared = store.save(sc("A delad"), by=ANNA, visibility="shared")
    b_priv = store.save(sc("B privat"), by=BO, visibility="private")
    return store, a_priv, a_shared, b_priv


def test_owner_visibility_and_who_changed(team):
    store, a_priv, a_shared, _ = team
    assert (a_priv.owner, a_priv.owner_name, a_priv.visibility, a_priv.created_by, a_priv.changed_by) == \
        (ANNA.id, ANNA.name, "private", ANNA.id, ANNA.id)
    assert a_shared.visibility == "shared" and a_shared.shared and not a_shared.deleted
    again = store.save(a_priv.with_(note="ny"), by=ANNA)
    assert again.id == a_priv.id and again.created == a_priv.created and again.changed > a_priv.changed
    assert store.get(a_priv.id, user=ANNA) == again


def test_each_role_sees_what_it_may(team):
    store, a_priv, a_shared, _ = team
    assert names(store.list(user=LISA)) == {"A delad"}
    assert store.get(a_priv.id, user=LISA) is None and store.get(a_shared.id, user=LISA) == a_shared
    assert names(store.list(user=BO)) == {"A delad", "B privat"}
    assert store.get(a_priv.id, user=BO) is None
    assert names(store.list(user=ANNA)) == {"A privat", "A delad"}
    assert names(store.list(user=FIA)) == {"A privat", "A delad", "B privat"}
    assert names(store.list()) == names(store.list(user=FIA))  # the local user is a förvaltare


def test_a_reader_may_not_change_anything(team):
    store, _, a_shared, _ = team
    for attempt in (lambda: store.save(sc("L"), by=LISA),
                    lambda: store.save(a_shared, by=LISA),
                    lambda: store.rename(a_shared.id, "L", by=LISA),
                    lambda: store.set_visibility(a_shared.id, "private", by=LISA),
                    lambda: store.delete(a_shared.id, by=LISA),
                    lambda: store.restore(a_shared.id, by=LISA),
                    lambda: store.audit(by=LISA),
                    lambda: store.list(user=LISA, include_deleted=True)):
        with pytest.raises(NotAllowed, match="läsare"):
            attempt()
    assert store.count() == 3 and store.get(a_shared.id) == a_shared


def test_a_planner_changes_only_their_own(team):
    store, _, a_shared, b_priv = team
    for attempt in (lambda: store.rename(a_shared.id, "Bos nu", by=BO),
                    lambda: store.set_visibility(a_shared.id, "private", by=BO),
                    lambda: store.delete(a_shared.id, by=BO),
                    lambda: store.save(a_shared.with_(note="bo"), by=BO),
                    lambda: store.save(sc("a delad"), by=BO, overwrite=True)):
        with pytest.raises(NotAllowed, match="tillhör Anna Andersson"):
            attempt()
    with pytest.raises(NotAllowed, match="återställa"):
        store.restore(a_shared.id, by=BO)
    with pytest.raises(NotAllowed, match="ändringsloggen"):
        store.audit(by=BO)
    assert store.get(a_shared.id) == a_shared
    renamed = store.rename(b_priv.id, "B nytt namn", by=BO)
    assert renamed.name == "B nytt namn" and renamed.changed_by == BO.id
    assert store.delete(b_priv.id, by=BO) is True


def test_a_steward_deletes_and_restores_anyones_but_edits_no_ones(team):
    store, a_priv, _, b_priv = team
    with pytest.raises(NotAllowed, match="tillhör"):
        store.rename(a_priv.id, "Fias", by=FIA)
    assert store.delete(b_priv.id, by=FIA) is True and store.delete(b_priv.id, by=FIA) is False
    assert store.get(b_priv.id, user=BO) is None and names(store.list(user=BO)) == {"A delad"}
    deleted = [s for s in store.list(user=FIA, include_deleted=True) if s.deleted]
    assert [(s.id, s.deleted_by) for s in deleted] == [(b_priv.id, FIA.id)] and deleted[0].deleted_at is not None
    assert store.get(b_priv.id, user=FIA, include_deleted=True).deleted
    restored = store.restore(b_priv.id, by=FIA)
    assert restored.id == b_priv.id and not restored.deleted and restored.owner == BO.id
    assert store.get(b_priv.id, user=BO) == restored
    with pytest.raises(DataError, match="inte borttaget"):
        store.restore(b_priv.id, by=FIA)


def test_share_and_unshare(team):
    store, a_priv, _, _ = team
    shared = store.set_visibility(a_priv.id, "shared", by=ANNA)
    assert shared.visibility == "shared" and store.get(a_priv.id, user=LISA) == shared
    assert store.set_visibility(a_priv.id, "private", by=ANNA).visibility == "private"
    assert store.get(a_priv.id, user=LISA) is None
    with pytest.raises(DataError, match="synlighet"):
        store.set_visibility(a_priv.id, "public", by=ANNA)  # type: ignore[arg-type]
    on_save = store.save(store.get(a_priv.id).with_(note="x"), by=ANNA, visibility="shared")
    assert on_save.visibility == "shared"
    assert [(e.action, e.user_id) for e in store.audit(by=FIA, limit=4)] == [
        ("share", ANNA.id), ("save", ANNA.id), ("unshare", ANNA.id), ("share", ANNA.id)]


def test_soft_delete_frees_the_name_and_restore_refuses_a_taken_name(target):
    store = ScenarioStore(target)
    old = store.save(sc("Förslag"), by=ANNA)
    assert store.delete(old.id, by=ANNA) is True
    assert store.count() == 0 and store.count(include_deleted=True) == 1
    new = store.save(sc("FÖRSLAG "), by=BO)
    assert new.id != old.id
    with pytest.raises(DataError, match="annat scenario heter nu"):
        store.restore(old.id, by=FIA)
    store.rename(new.id, "Förslag B", by=BO)
    assert store.restore(old.id, by=FIA).name == "Förslag"


def test_names_are_unique_among_all_live_scenarios(team):
    store, *_ = team
    with pytest.raises(DataError, match="finns redan"):
        store.save(sc(" a  PRIVAT"), by=BO)  # Anna's private scenario holds the name
    with pytest.raises(DataError, match="finns redan"):
        store.save(sc("b privat"), by=FIA)
    replaced = store.save(sc("a privat", ekonomi=5.0), by=ANNA, overwrite=True)
    assert replaced.owner == ANNA.id and replaced.settings.weight_map["ekonomi"] == 5.0
    assert store.count() == 3


def test_the_audit_list(target):
    store = ScenarioStore(target)
    s = store.save(sc("Ett"), by=ANNA)
    store.save(sc("ett"), by=ANNA, overwrite=True)
    store.rename(s.id, "Två", by=ANNA)
    store.set_visibility(s.id, "shared", by=ANNA)
    store.set_visibility(s.id, "private", by=ANNA)
    store.delete(s.id, by=FIA)
    store.restore(s.id, by=FIA)
    log = store.audit(by=FIA)
    assert [(e.action, e.user_id, e.scenario_id, e.name) for e in reversed(log)] == [
        ("save", ANNA.id, s.id, "Ett"), ("overwrite", ANNA.id, s.id, "ett"), ("rename", ANNA.id, s.id, "Två"),
        ("share", ANNA.id, s.id, "Två"), ("unshare", ANNA.id, s.id, "Två"), ("delete", FIA.id, s.id, "Två"),
        ("restore", FIA.id, s.id, "Två")]
    assert log[0].user_name == FIA.name and log[0].at >= log[-1].at
    assert len(store.audit(by=FIA, limit=2)) == 2


# --------------------------------------------------------------------------- corrupt rows

def raw_insert(target, **columns) -> int:
    """A row written behind the store's back (as a faulty tool or a hand edit would)."""
    row = {"name": "Rå", "name_key": "rå", "note": "", "definition_id": DEF.id,
           "settings": f"def={DEF.id}&k=3", "owner": "lokal", "owner_name": "", "visibility": "shared",
           "created": "2026-01-01T10:00:00+00:00", "created_by": "lokal",
           "changed": "2026-01-01T10:00:00+00:00", "changed_by": "lokal", **columns}
    cols = ", ".join(row)
    if isinstance(target, Path):
        with sqlite3.connect(target) as conn:
            cur = conn.execute(f"INSERT INTO scenarios ({cols}) VALUES ({', '.join('?' * len(row))})",
                               tuple(row.values()))
            return int(cur.lastrowid or 0)
    import psycopg

    with psycopg.connect(target, autocommit=True) as conn:
        found = conn.execute(f"INSERT INTO scenarios ({cols}) VALUES ({', '.join(['%s'] * len(row))}) RETURNING id",
                             tuple(row.values())).fetchone()
        assert found is not None
        return int(found[0])


def test_corrupt_rows_are_skipped_and_reported(target):
    store = ScenarioStore(target)
    good = store.save(sc("Bra"))
    bad = {
        raw_insert(target, name="Tre", name_key="tre", settings=f"def={DEF.id}&k=tre"): ("settings", "'k'"),
        raw_insert(target, name="Vikter", name_key="vikter", settings=f"def={DEF.id}&v=ekonomi:{{inte json"):
            ("settings", "'v'"),
        raw_insert(target, name="Utan def", name_key="utan def", settings="k=3"): ("settings", "'def'"),
    }
    if isinstance(target, Path):  # SQLite keeps whatever text is written; PostgreSQL's types refuse these
        bad[raw_insert(target, name="Igår", name_key="igår", created="igår")] = ("created", "igår")
        bad[raw_insert(target, name=b"\x00\xff", name_key="blob")] = ("name", "ingen text")
    listed = store.list()
    assert [s.id for s in listed] == [good.id]
    assert len(listed.skipped) == len(bad)
    for row_id, (column, detail) in bad.items():
        (msg,) = [m for m in listed.skipped if f"id {row_id} " in m]
        assert f"kolumnen {column}" in msg and detail in msg and "visas inte" in msg, msg
        with pytest.raises(DataError, match=f"id {row_id} "):
            store.get(row_id)
    assert store.list(user=LISA).skipped  # a reader is told too (the rows are shared)


# --------------------------------------------------------------------------- servers at once

def test_two_servers_saving_the_same_names_at_once_keep_one_of_each(target):
    """Two store objects (two servers) race to save the same 40 names: each name is saved exactly once,
    the loser of each race is told the name is taken, and no save is lost."""
    servers = [ScenarioStore(target), ScenarioStore(target)]
    won: list[list[str]] = [[], []]
    taken: list[list[str]] = [[], []]
    barrier = threading.Barrier(2)

    def work(i: int) -> None:
        barrier.wait()
        for n in range(40):
            try:
                servers[i].save(sc(f"Förslag {n}"), by=ANNA if i == 0 else BO)
                won[i].append(f"Förslag {n}")
            except DataError as exc:
                assert "finns redan" in str(exc)
                taken[i].append(f"Förslag {n}")

    threads = [threading.Thread(target=work, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    stored = [s.name for s in ScenarioStore(target).list()]
    assert sorted(stored) == sorted(won[0] + won[1]) and len(stored) == len(set(stored)) == 40
    assert sorted(taken[0] + taken[1]) == sorted(won[0] + won[1])


def test_postgres_servers_starting_at_once_migrate_once():
    import psycopg

    with pg_schema() as url:
        errors: list[BaseException] = []

        def start() -> None:
            try:
                ScenarioStore(url)
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(exc)

        threads = [threading.Thread(target=start) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        assert not errors, errors
        with psycopg.connect(url) as conn:
            assert conn.execute("SELECT version FROM schema_version").fetchall() == [(1,)]
            conn.execute("UPDATE schema_version SET version = 99")
        with pytest.raises(DataError, match="schemaversion 99"):
            ScenarioStore(url)


def test_postgres_lock_and_connection_errors_are_swedish():
    import psycopg

    with pg_schema() as url:
        store = ScenarioStore(url, busy_timeout_ms=200)
        with psycopg.connect(url) as holder:  # another server in the middle of a write
            holder.execute("SELECT pg_advisory_xact_lock(hashtext('omradesindex.scenarios:' || current_schema()))")
            with pytest.raises(StoreLockedError, match="låst"):
                store.save(sc("X"))
        assert store.save(sc("X")).id is not None
    with pytest.raises(DataError, match="kunde inte nås") as err:
        ScenarioStore("postgresql://omr:hemligt@127.0.0.1:9/ingen")
    assert "hemligt" not in str(err.value) and "PostgreSQL 127.0.0.1:9/ingen" in str(err.value)


# --------------------------------------------------------------------------- SQLite migration, configuration

def test_sqlite_version_2_files_keep_every_row_owned_by_the_local_user(tmp_path):
    path = tmp_path / "s.sqlite"
    old = ScenarioStore(path, migrations=MIGRATIONS[:2])
    assert old.schema_version == 2
    with sqlite3.connect(path) as conn:
        for i, name in enumerate(("Gammal 1", "Gammal 2", "Borta")):
            conn.execute("INSERT INTO scenarios (name, name_key, note, definition_id, settings, created, changed) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?)",
                         (name, name.lower(), f"not {i}", DEF.id, f"def={DEF.id}&k={i + 2}",
                          f"2026-01-0{i + 1}T10:00:00.000000+00:00", f"2026-01-0{i + 1}T11:00:00.000000+00:00"))
        conn.execute("DELETE FROM scenarios WHERE name = 'Borta'")  # id 3 was used once
        conn.execute("INSERT INTO scenarios (name, name_key, note, definition_id, settings, created, changed) "
                     "VALUES ('Igår', 'igår', '', ?, ?, 'igår', 'igår')", (DEF.id, f"def={DEF.id}"))
    store = ScenarioStore(path)
    assert store.last_backup is not None and "backup-v2" in store.last_backup.name
    listed = store.list(user=LISA)  # shared: a reader sees them
    assert [(s.name, s.owner, s.owner_name, s.visibility, s.created_by, s.changed_by, s.settings.top_k)
            for s in listed] == [(f"Gammal {i}", "lokal", LOCAL_USER.name, "shared", "lokal", "lokal", i + 1)
                                 for i in (2, 1)]
    assert listed[0].note == "not 1" and listed[1].created.day == 1
    assert len(listed.skipped) == 1 and "id 4 " in listed.skipped[0]  # the corrupt row came along, reported
    assert store.save(sc("Ny")).id == 5  # ids are never reused
    with sqlite3.connect(store.last_backup) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 2
        assert conn.execute("SELECT COUNT(*) FROM scenarios").fetchone()[0] == 3


def test_backend_from_env_then_config_file(tmp_path, monkeypatch):
    monkeypatch.delenv("OMRADESINDEX_SCENARIO_DB", raising=False)
    cfg = tmp_path / "omradesindex.toml"
    cfg.write_text('[store]\nurl = "team/scenarier.sqlite"\n', encoding="utf-8")
    assert configured_target({}, [cfg]) == tmp_path / "team" / "scenarier.sqlite"
    cfg.write_text('[data]\ndir = "x"\n[store]\nurl = "postgresql://omr@db.malmo.se/omr"\n', encoding="utf-8")
    assert configured_target({}, [tmp_path / "saknas.toml", cfg]) == "postgresql://omr@db.malmo.se/omr"
    env = {"OMRADESINDEX_SCENARIO_DB": str(tmp_path / "env.sqlite")}
    assert configured_target(env, [cfg]) == tmp_path / "env.sqlite"  # the env var comes first
    assert configured_target({"OMRADESINDEX_SCENARIO_DB": " postgres://a@b/c "}, []) == "postgres://a@b/c"
    cfg.write_text("[store]\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"url saknas under \[store\]"):
        configured_target({}, [cfg])
    cfg.write_text('[data]\ndir = "x"\n', encoding="utf-8")
    assert configured_target({}, [cfg]).name == "scenarios.sqlite"  # no [store]: the default file
