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
  read-only or too new database raises :class:`DataError` naming the file;
* on a full disk (``database or disk is full``, an ``OSError`` with ``ENOSPC``/``EDQUOT``, or an I/O
  error while the disk has no room) raises :class:`StoreFullError`, and removes again the database
  file (with its ``-wal``/``-shm``/``-journal``), the backup copy and the folders that this very
  attempt created, but only while the database file is empty (0 bytes, no WAL content) — so a file
  another process has written to meanwhile is kept. Every message is Swedish; what SQLite or the
  operating system said in English goes to the server log only.
"""

from __future__ import annotations

import contextlib
import errno
import json
import logging
import shutil
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
from geo.output.store_base import ENV_VAR, FULL_HINT, FULL_MESSAGE, StoreFullError, StoreLockedError, T, iso
from geo.scenario import utcnow
from geo.settings import ViewSettings, as_weights

#: Milliseconds a writer waits for another process's lock before giving up.
BUSY_TIMEOUT_MS = 10_000
#: Below this many free bytes an I/O error is taken for a full disk.
LOW_SPACE_BYTES = 1 << 20
_FULL_ERRNOS = frozenset(e for e in (errno.ENOSPC, getattr(errno, "EDQUOT", None)) if e is not None)
_DENIED_ERRNOS = frozenset((errno.EACCES, errno.EPERM, errno.EROFS))
_SIDE_FILES = ("-wal", "-shm", "-journal")
_LOG = logging.getLogger(__name__)

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
        made = [d for d in (self.path.parent, *self.path.parent.parents) if not d.exists()]
        try:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise self.translate_os(exc, "mappen kunde inte skapas") from None
            self._retry(self._migrate_once)
        except StoreFullError:
            for folder in made:  # deepest first; only folders this attempt made and left empty
                with contextlib.suppress(OSError):
                    folder.rmdir()
            raise

    @property
    def schema_version(self) -> int:
        return len(self.migrations)

    def _error(self, message: str, hint: str | None = None) -> DataError:
        return DataError(f"scenariodatabasen {message}", file=str(self.path), hint=hint)

    def _full(self) -> StoreFullError:
        return StoreFullError(f"scenariodatabasen {FULL_MESSAGE}", file=str(self.path), hint=FULL_HINT)

    def _low_on_space(self) -> bool:
        try:
            return shutil.disk_usage(self.path.parent).free < LOW_SPACE_BYTES
        except OSError:
            return False

    def translate_os(self, exc: OSError, what: str = "kunde inte läsas eller skrivas") -> DataError:
        """A clear Swedish message for an operating-system error (by its errno, never its English text)."""
        _LOG.warning("scenario store %s: %s", self.path, exc)
        if exc.errno in _FULL_ERRNOS:
            return self._full()
        if exc.errno in _DENIED_ERRNOS:
            return self._error(f"{what}: programmet saknar behörighet att skriva där.", "Ge skrivrättighet "
                               f"till mappen, eller välj en annan plats med miljövariabeln {ENV_VAR}.")
        code = errno.errorcode.get(exc.errno or 0, "okänd")
        return self._error(f"{what} (operativsystemets felkod {code}). Ingenting har ändrats.",
                           f"Försök igen; om felet kvarstår, välj en annan plats med miljövariabeln {ENV_VAR}.")

    def translate(self, exc: sqlite3.Error) -> DataError:
        """A clear Swedish message for what SQLite reports (the file is left untouched)."""
        text = str(exc).lower()
        code = getattr(exc, "sqlite_errorname", "") or ""
        if "disk is full" in text or code == "SQLITE_FULL" or (
                ("disk i/o error" in text or code.startswith("SQLITE_IOERR")) and self._low_on_space()):
            _LOG.warning("scenario store %s: %s", self.path, exc)
            return self._full()
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
        _LOG.warning("scenario store %s: %s", self.path, exc)  # SQLite's own words, for whoever runs the server
        return self._error(f"gav ett oväntat fel ({code or type(exc).__name__}). Ingenting har ändrats.",
                           "Försök igen; om felet kvarstår, be den som driver tjänsten läsa serverns logg.")

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=self.busy_timeout_ms / 1000, isolation_level=None)
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout = {self.busy_timeout_ms}")
        return conn

    @contextmanager
    def _conn(self) -> Iterator[sqlite3.Connection]:
        """A connection; SQLite's and the system's errors as Swedish :class:`DataError`. When the disk is
        full and the database file did not exist before this connection, an empty file is removed again."""
        new = not self.path.exists()
        try:
            try:
                conn = self._connect()
            except sqlite3.Error as exc:
                raise self.translate(exc) from None
            except OSError as exc:
                raise self.translate_os(exc) from None
            try:
                yield conn
            except sqlite3.Error as exc:
                raise self.translate(exc) from None
            except OSError as exc:
                raise self.translate_os(exc) from None
            finally:
                conn.close()
        except StoreFullError:
            if new:
                self._remove_if_empty()
            raise

    def _remove_if_empty(self) -> None:
        """Remove the database file and its side files if it holds nothing (0 bytes, no WAL content)."""
        wal = self.path.with_name(self.path.name + "-wal")
        try:
            if self.path.stat().st_size > 0 or (wal.exists() and wal.stat().st_size > 0):
                return
        except OSError:
            return
        for file in (self.path, *(self.path.with_name(self.path.name + s) for s in _SIDE_FILES)):
            with contextlib.suppress(OSError):
                file.unlink(missing_ok=True)

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
        new = not target.exists()
        try:
            with self._conn() as src:
                dst = sqlite3.connect(target)
                try:
                    src.backup(dst)
                    dst.execute("PRAGMA journal_mode = DELETE")  # a self-contained single file
                finally:
                    dst.close()
        except StoreFullError:
            if new:  # a half-written copy is no backup
                target.unlink(missing_ok=True)
            raise
        return target


__all__ = ["BUSY_TIMEOUT_MS", "MIGRATIONS", "Migration", "SqliteBackend"]
