"""Saved scenarios in SQLite: one real file per user, safe with several processes.

Why SQLite: a single file in the user's data directory, transactions, and concurrent
writers that queue instead of overwriting each other. The store

* opens a fresh connection per operation (Streamlit serves sessions from threads);
* uses WAL (readers never block the writer) and a ``busy_timeout`` so a second
  process waits for the lock instead of failing;
* wraps every write in ``BEGIN IMMEDIATE`` … ``COMMIT`` (the write lock is taken at
  the start, so read-modify-write sequences such as the name check cannot interleave);
* keeps the schema version in ``PRAGMA user_version`` and upgrades with the ordered
  :data:`MIGRATIONS` (``MIGRATIONS[i]`` takes version *i* to *i + 1*); before it
  migrates an existing database it writes a backup copy beside it with the SQLite
  backup API (``scenarios.sqlite.backup-v1-20260101T120000Z``);
* never deletes, truncates or overwrites a file it cannot read: a corrupt, locked,
  read-only or too new database raises :class:`DataError` naming the file.

**Names are unique** (case-insensitive, surrounding spaces ignored): a list of
scenarios in a meeting is read by name, and two "Förslag 1" would be ambiguous.
Saving a *new* scenario under an existing name raises :class:`DataError` unless
``overwrite=True``, which replaces the scenario of that name (keeping its id and
creation time).
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import TypeVar

from geo.errors import DataError
from geo.links import from_query, parse_query_string, to_query_string
from geo.scenario import MAX_NAME, Scenario, utcnow
from geo.settings import ViewSettings, as_weights

ENV_VAR = "OMRADESINDEX_SCENARIO_DB"
APP_DIR = "omradesindex"
FILE_NAME = "scenarios.sqlite"
#: Milliseconds a writer waits for another process's lock before giving up.
BUSY_TIMEOUT_MS = 10_000

Migration = Callable[[sqlite3.Connection], None]
T = TypeVar("T")


class StoreLockedError(DataError):
    """The database stayed locked by another process for longer than the busy timeout."""


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


#: Schema migrations in order; append a function to add the next version (never edit old ones).
MIGRATIONS: tuple[Migration, ...] = (_v1, _v2)

_COLUMNS = ("id", "name", "note", "definition_id", "settings", "created", "changed")
_SELECT = f"SELECT {', '.join(_COLUMNS)} FROM scenarios"


def default_store_path() -> Path:
    """``$OMRADESINDEX_SCENARIO_DB``, else ``$XDG_DATA_HOME/omradesindex/scenarios.sqlite``,
    else ``~/.local/share/omradesindex/scenarios.sqlite`` (``%APPDATA%`` on Windows)."""
    env = os.environ.get(ENV_VAR, "").strip()
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_DATA_HOME", "").strip()
    if not base and os.name == "nt":
        base = os.environ.get("APPDATA", "").strip()
    root = Path(base).expanduser() if base else Path.home() / ".local" / "share"
    return root / APP_DIR / FILE_NAME


def name_key(name: str) -> str:
    """What makes two names "the same": case and surrounding spaces do not count."""
    return " ".join(name.split()).casefold()


def _check_name(name: str) -> str:
    clean = " ".join(str(name).split())
    if not clean:
        raise DataError("scenariot måste ha ett namn.", hint="Skriv ett namn, t.ex. 'Förslag nämnden maj'.")
    if len(clean) > MAX_NAME:
        raise DataError(f"namnet är längre än {MAX_NAME} tecken.", hint="Korta namnet.")
    return clean


def _ts(value: datetime | None) -> str:
    value = value or utcnow()
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc).isoformat(timespec="microseconds")


def _row_to_scenario(row: sqlite3.Row) -> Scenario:
    return Scenario(
        settings=from_query(parse_query_string(row["settings"])), id=int(row["id"]), name=row["name"],
        note=row["note"], created=datetime.fromisoformat(row["created"]),
        changed=datetime.fromisoformat(row["changed"]),
    )


class ScenarioStore:
    """Save, list, rename and delete scenarios in the SQLite file at ``path``.

    Opening creates the file (and its folder) if needed and migrates the schema to the
    newest version. ``last_backup`` is the backup written before a migration, if any.
    """

    def __init__(self, path: str | Path | None = None, *, migrations: Sequence[Migration] | None = None,
                 busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> None:
        self.path = Path(path) if path is not None else default_store_path()
        self.migrations: tuple[Migration, ...] = tuple(MIGRATIONS if migrations is None else migrations)
        self.busy_timeout_ms = int(busy_timeout_ms)
        self.last_backup: Path | None = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise self._error(f"mappen kunde inte skapas ({exc.strerror or exc}).",
                              "Välj en annan plats med miljövariabeln " + ENV_VAR + ".") from None
        self._migrate()

    @property
    def schema_version(self) -> int:
        return len(self.migrations)

    # ------------------------------------------------------------------ plumbing
    def _error(self, message: str, hint: str | None = None) -> DataError:
        return DataError(f"scenariodatabasen {message}", file=str(self.path), hint=hint)

    def _translate(self, exc: sqlite3.Error) -> DataError:
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
            raise self._translate(exc) from None
        try:
            yield conn
        except sqlite3.Error as exc:
            raise self._translate(exc) from None
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

    def _migrate(self) -> None:
        """Bring the schema up to date (see the module docstring)."""
        self._retry(self._migrate_once)

    def _migrate_once(self) -> None:
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

    # ------------------------------------------------------------------ API
    def save(self, scenario: Scenario, *, overwrite: bool = False) -> Scenario:
        """Insert (``id`` is None) or update (by ``id``); returns the stored scenario.

        ``changed`` is set to now; ``created`` is kept (or set on insert). A new
        scenario whose name exists raises, unless ``overwrite`` (then it replaces it).
        """
        name = _check_name(scenario.name)
        key = name_key(name)
        now = utcnow()
        values = {
            "name": name, "name_key": key, "note": scenario.note or "",
            "definition_id": scenario.settings.definition_id,
            "settings": to_query_string(scenario.settings), "changed": _ts(now),
        }
        def write(conn: sqlite3.Connection) -> sqlite3.Row:
            clash = conn.execute("SELECT id FROM scenarios WHERE name_key = ?", (key,)).fetchone()
            target_id = scenario.id
            if clash is not None and clash["id"] != target_id:
                if not overwrite:
                    raise DataError(f"det finns redan ett scenario som heter '{name}'.",
                                    hint="Välj ett annat namn eller välj att skriva över det.")
                if target_id is not None:  # renaming onto another scenario's name: replace that one
                    conn.execute("DELETE FROM scenarios WHERE id = ?", (clash["id"],))
                else:
                    target_id = clash["id"]
            if target_id is None:
                row = {**values, "created": _ts(scenario.created or now)}
                cur = conn.execute(f"INSERT INTO scenarios ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                                   tuple(row.values()))
                target_id = int(cur.lastrowid or 0)
            else:
                sets = ", ".join(f"{c} = ?" for c in values)
                cur = conn.execute(f"UPDATE scenarios SET {sets} WHERE id = ?", (*values.values(), target_id))
                if cur.rowcount == 0:
                    raise DataError(f"scenariot '{name}' finns inte längre (id {target_id}); det kan ha tagits "
                                    "bort i ett annat fönster.", hint="Spara det som ett nytt scenario.")
            return conn.execute(f"{_SELECT} WHERE id = ?", (target_id,)).fetchone()

        return _row_to_scenario(self._transaction(write))

    def _transaction(self, body: Callable[[sqlite3.Connection], T]) -> T:
        """``body`` inside BEGIN IMMEDIATE … COMMIT, repeated while the file is locked."""
        def run() -> T:
            with self._write() as conn:
                return body(conn)
        return self._retry(run)

    def _query(self, sql: str, args: tuple = ()) -> list[sqlite3.Row]:
        def run() -> list[sqlite3.Row]:
            with self._conn() as conn:
                return conn.execute(sql, args).fetchall()
        return self._retry(run)

    def get(self, scenario_id: int) -> Scenario | None:
        rows = self._query(f"{_SELECT} WHERE id = ?", (int(scenario_id),))
        return _row_to_scenario(rows[0]) if rows else None

    def list(self, *, definition_id: str | None = None) -> list[Scenario]:
        """All scenarios, most recently changed first (optionally of one definition)."""
        where, args = ("WHERE definition_id = ?", (definition_id,)) if definition_id is not None else ("", ())
        rows = self._query(f"{_SELECT} {where} ORDER BY changed DESC, id DESC", args)
        return [_row_to_scenario(r) for r in rows]

    def rename(self, scenario_id: int, new_name: str) -> Scenario:
        """Change the name (unique, see the module docstring); ``changed`` is updated."""
        current = self.get(scenario_id)
        if current is None:
            raise DataError(f"scenariot med id {scenario_id} finns inte.", hint="Uppdatera listan.")
        return self.save(current.with_(name=new_name))

    def delete(self, scenario_id: int) -> bool:
        """Remove a scenario; False if it did not exist."""
        return self._transaction(
            lambda conn: conn.execute("DELETE FROM scenarios WHERE id = ?", (int(scenario_id),)).rowcount > 0)

    def count(self) -> int:
        return int(self._query("SELECT COUNT(*) FROM scenarios")[0][0])


__all__ = ["ENV_VAR", "MIGRATIONS", "Migration", "ScenarioStore", "StoreLockedError", "default_store_path", "name_key"]
