"""The scenario store's SQLite backend: one real file, safe with several processes.

Why SQLite by default: a single file in the user's data directory, transactions, and concurrent
writers that queue instead of overwriting each other. The backend

* opens a fresh connection per operation (Streamlit serves sessions from threads);
* uses WAL (readers never block the writer) and a ``busy_timeout`` so a second
  process waits for the lock instead of failing;
* wraps every write in ``BEGIN IMMEDIATE`` … ``COMMIT`` (the write lock is taken at
  the start, so read-modify-write sequences such as the name check cannot interleave);
* keeps the schema version in ``PRAGMA user_version`` and upgrades with the ordered
  :data:`MIGRATIONS` (``MIGRATIONS[i]`` takes version *i* to *i + 1*); before it
  migrates an existing database it writes a backup copy beside it with the SQLite
  backup API (``scenarios.sqlite.backup-v2-20260101T120000Z``);
* never deletes, truncates or overwrites a file it cannot read: a corrupt, locked,
  read-only or too new database raises :class:`DataError` naming the file.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from geo.access import LOCAL_USER
from geo.errors import DataError
from geo.links import to_query_string
from geo.output.store_base import ENV_VAR, StoreLockedError, T, iso
from geo.scenario import utcnow
from geo.settings import ViewSettings, as_weights

#: Milliseconds a writer waits for another process's lock before giving up.
BUSY_TIMEOUT_MS = 10_000

Migration = Callable[[sqlite3.Connection], None]


def _v1(conn: sqlite3.Connection) -> None:
    """Version 1: the scenarios table."""
    conn.execute("""
        CREATE TABLE scenarios (
            id                 INTEGER PRIMARY KEY AUTOINCREMENT,
            name               TEXT NOT NULL,
            name_key           TEXT NOT NULL UNIQUE,   -- casefolded, stripped name
            note               TEXT NOT NULL DEFAULT '',
            definition_id      TEXT NOT NULL,
            definition_version TEXT NOT NULL DEFAULT '',
            year               INTEGER,                -- NULL = latest year with data
            method             TEXT NOT NULL,
            aggregation        TEXT NOT NULL,
            weights            TEXT NOT NULL,          -- JSON object id -> weight
            indicator_weights  TEXT NOT NULL,          -- JSON object id -> weight
            top_k              INTEGER NOT NULL,
            scheme             TEXT NOT NULL,
            created            TEXT NOT NULL,          -- ISO 8601, UTC
            changed            TEXT NOT NULL
        )""")
    conn.execute("CREATE INDEX scenarios_changed ON scenarios (changed DESC, id DESC)")


def _v2(conn: sqlite3.Connection) -> None:
    """Version 2: one ``settings`` column holding the view's link parameters (the same codec as
    permalinks, :mod:`geo.links`), so a new setting needs no migration."""
    conn.execute("""
        CREATE TABLE scenarios_v2 (
            id            INTEGER PRIMARY KEY AUTOINCREMENT,
            name          TEXT NOT NULL,
            name_key      TEXT NOT NULL UNIQUE,   -- casefolded, stripped name
            note          TEXT NOT NULL DEFAULT '',
            definition_id TEXT NOT NULL,          -- also inside settings; kept for filtering
            settings      TEXT NOT NULL,          -- URL query string of the ViewSettings
            created       TEXT NOT NULL,          -- ISO 8601, UTC
            changed       TEXT NOT NULL
        )""")
    for row in conn.execute("SELECT * FROM scenarios").fetchall():
        settings = ViewSettings(
            definition_id=row["definition_id"], definition_version=row["definition_version"], year=row["year"],
            method=row["method"], aggregation=row["aggregation"], weights=as_weights(json.loads(row["weights"])),
            indicator_weights=as_weights(json.loads(row["indicator_weights"])), top_k=int(row["top_k"]),
            scheme=row["scheme"])
        conn.execute("INSERT INTO scenarios_v2 (id, name, name_key, note, definition_id, settings, created, changed) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                     (row["id"], row["name"], row["name_key"], row["note"], row["definition_id"],
                      to_query_string(settings), row["created"], row["changed"]))
    conn.execute("DROP TABLE scenarios")
    conn.execute("ALTER TABLE scenarios_v2 RENAME TO scenarios")
    conn.execute("CREATE INDEX scenarios_changed ON scenarios (changed DESC, id DESC)")


def _v3(conn: sqlite3.Connection) -> None:
    """Version 3, the team store: owner, visibility, who created and changed, soft delete; names unique
    only among scenarios that are not deleted; the audit list. Existing scenarios belong to the local
    user ("lokal") and are shared with the team (they were visible to everyone before)."""
    conn.execute("""
        CREATE TABLE scenarios_v3 (
            id            INTEGER PRIMARY KEY AUTOINCREMENT,
            name          TEXT NOT NULL,
            name_key      TEXT NOT NULL,          -- casefolded, stripped name; unique while not deleted
            note          TEXT NOT NULL DEFAULT '',
            definition_id TEXT NOT NULL,          -- also inside settings; kept for filtering
            settings      TEXT NOT NULL,          -- URL query string of the ViewSettings
            owner         TEXT NOT NULL,          -- User.id
            owner_name    TEXT NOT NULL DEFAULT '',
            visibility    TEXT NOT NULL DEFAULT 'private' CHECK (visibility IN ('private', 'shared')),
            created       TEXT NOT NULL,          -- ISO 8601, UTC
            created_by    TEXT NOT NULL,
            changed       TEXT NOT NULL,
            changed_by    TEXT NOT NULL,
            deleted_at    TEXT,                   -- NULL = not deleted
            deleted_by    TEXT
        )""")
    conn.execute("INSERT INTO scenarios_v3 (id, name, name_key, note, definition_id, settings, owner, owner_name, "
                 "visibility, created, created_by, changed, changed_by) "
                 "SELECT id, name, name_key, note, definition_id, settings, ?, ?, 'shared', created, ?, changed, ? "
                 "FROM scenarios", (LOCAL_USER.id, LOCAL_USER.name, LOCAL_USER.id, LOCAL_USER.id))
    seq = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'scenarios'").fetchone()
    conn.execute("DROP TABLE scenarios")
    conn.execute("ALTER TABLE scenarios_v3 RENAME TO scenarios")
    if seq is not None:  # ids are never reused (the audit list refers to them)
        conn.execute("DELETE FROM sqlite_sequence WHERE name = 'scenarios'")
        conn.execute("INSERT INTO sqlite_sequence (name, seq) VALUES ('scenarios', "
                     "max(?, (SELECT coalesce(max(id), 0) FROM scenarios)))", (seq[0],))
    conn.execute("CREATE INDEX scenarios_changed ON scenarios (changed DESC, id DESC)")
    conn.execute("CREATE UNIQUE INDEX scenarios_live_name ON scenarios (name_key) WHERE deleted_at IS NULL")
    conn.execute("""
        CREATE TABLE scenario_audit (
            id          INTEGER PRIMARY KEY AUTOINCREMENT,
            at          TEXT NOT NULL,            -- ISO 8601, UTC
            user_id     TEXT NOT NULL,
            user_name   TEXT NOT NULL DEFAULT '',
            action      TEXT NOT NULL,            -- save, overwrite, rename, share, unshare, delete, restore
            scenario_id INTEGER,
            name        TEXT NOT NULL DEFAULT ''
        )""")
    conn.execute("CREATE INDEX scenario_audit_at ON scenario_audit (at DESC, id DESC)")


#: Schema migrations in order; append a function to add the next version (never edit old ones).
MIGRATIONS: tuple[Migration, ...] = (_v1, _v2, _v3)


class _Tx:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def rows(self, sql: str, args: Sequence[object] = ()) -> list[dict[str, Any]]:
        return [dict(r) for r in self.conn.execute(sql, tuple(args)).fetchall()]

    def run(self, sql: str, args: Sequence[object] = ()) -> int:
        return self.conn.execute(sql, tuple(args)).rowcount

    def ts(self, value: datetime) -> object:
        return iso(value)


class SqliteBackend:
    """The SQLite file at ``path``: created (with its folder) if needed and migrated on opening.
    ``last_backup`` is the backup written before a migration, if any."""

    def __init__(self, path: str | Path, *, migrations: Sequence[Migration] | None = None,
                 busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> None:
        self.path = Path(path)
        self.label = self.path.name
        self.migrations: tuple[Migration, ...] = tuple(MIGRATIONS if migrations is None else migrations)
        self.busy_timeout_ms = int(busy_timeout_ms)
        self.last_backup: Path | None = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise self._error(f"mappen kunde inte skapas ({exc.strerror or exc}).",
                              "Välj en annan plats med miljövariabeln " + ENV_VAR + ".") from None
        self._retry(self._migrate_once)

    @property
    def schema_version(self) -> int:
        return len(self.migrations)

    def _error(self, message: str, hint: str | None = None) -> DataError:
        return DataError(f"scenariodatabasen {message}", file=str(self.path), hint=hint)

    def translate(self, exc: sqlite3.Error) -> DataError:
        """A clear Swedish message for what SQLite reports (the file is left untouched)."""
        text = str(exc).lower()
        if "locked" in text or "busy" in text:
            return StoreLockedError("scenariodatabasen är låst av ett annat program.", file=str(self.path),
                                    hint="Försök igen om en stund; stäng andra program som har filen öppen.")
        if "readonly" in text or "read-only" in text:
            return self._error("är skrivskyddad, så scenariot kunde inte sparas.",
                               "Ge skrivrättighet till filen och mappen, eller välj en annan fil med "
                               f"miljövariabeln {ENV_VAR}.")
        if "not a database" in text or "malformed" in text or "corrupt" in text:
            return self._error("är skadad eller är inte en SQLite-databas. Filen har inte ändrats.",
                               f"Flytta eller byt namn på filen (den finns kvar på {self.path}) och starta "
                               f"om, eller välj en annan fil med miljövariabeln {ENV_VAR}.")
        if "unable to open" in text:
            return self._error("kunde inte öppnas.",
                               f"Kontrollera att mappen finns och är skrivbar, eller välj en annan fil med "
                               f"miljövariabeln {ENV_VAR}.")
        if isinstance(exc, sqlite3.IntegrityError) and "name_key" in text:
            return DataError("det finns redan ett scenario med det namnet.", hint="Välj ett annat namn.")
        return self._error(f"gav ett fel: {exc}.")

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=self.busy_timeout_ms / 1000, isolation_level=None)
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout = {self.busy_timeout_ms}")
        return conn

    @contextmanager
    def _conn(self) -> Iterator[sqlite3.Connection]:
        try:
            conn = self._connect()
        except sqlite3.Error as exc:
            raise self.translate(exc) from None
        try:
            yield conn
        except sqlite3.Error as exc:
            raise self.translate(exc) from None
        finally:
            conn.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; the write lock is taken at BEGIN (waits up to busy_timeout)."""
        with self._conn() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def _retry(self, operation: Callable[[], T]) -> T:
        """Run ``operation``, again while the file is locked, until the busy timeout has passed.

        SQLite waits for most locks itself (busy_timeout), but a few transient states
        (a WAL file being created or removed by another process) report "locked" at once.
        Every operation is one transaction, so repeating it is safe.
        """
        deadline = time.monotonic() + self.busy_timeout_ms / 1000
        while True:
            try:
                return operation()
            except StoreLockedError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.02)

    def read(self, body: Callable[[_Tx], T]) -> T:
        def run() -> T:
            with self._conn() as conn:
                return body(_Tx(conn))
        return self._retry(run)

    def write(self, body: Callable[[_Tx], T]) -> T:
        def run() -> T:
            with self._write() as conn:
                return body(_Tx(conn))
        return self._retry(run)

    def _migrate_once(self) -> None:
        """Bring the schema up to date (see the module docstring)."""
        with self._conn() as conn:
            version = conn.execute("PRAGMA user_version").fetchone()[0]  # fails on a non-database file
            if version > self.schema_version:
                raise self._error(f"har schemaversion {version}, men programmet känner bara till version "
                                  f"{self.schema_version}.", "Uppdatera programmet; filen har inte ändrats.")
            if version == self.schema_version:
                return
            if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
        if version > 0:
            self.last_backup = self.backup(suffix=f"backup-v{version}")
        with self._write() as conn:
            version = conn.execute("PRAGMA user_version").fetchone()[0]  # another process may have migrated
            for step in range(version, self.schema_version):
                self.migrations[step](conn)
                conn.execute(f"PRAGMA user_version = {step + 1}")

    def backup(self, target: str | Path | None = None, *, suffix: str = "backup") -> Path:
        """A consistent copy of the database (SQLite backup API), by default beside the file."""
        if target is None:
            stamp = utcnow().strftime("%Y%m%dT%H%M%S%fZ")
            target = self.path.with_name(f"{self.path.name}.{suffix}-{stamp}")
        target = Path(target)
        with self._conn() as src:
            dst = sqlite3.connect(target)
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode = DELETE")  # a self-contained single file
            finally:
                dst.close()
        return target


__all__ = ["BUSY_TIMEOUT_MS", "MIGRATIONS", "Migration", "SqliteBackend"]
