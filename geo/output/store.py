"""Saved scenarios for a team: one store, two backends, the same rules on both.

**Backends.** SQLite by default — one file, ``$OMRADESINDEX_SCENARIO_DB`` or the per-user data folder
(:mod:`geo.output.store_sqlite`: WAL, busy timeout, ``BEGIN IMMEDIATE``, ``PRAGMA user_version``
migrations with a backup first) — or PostgreSQL for a deployment of several servers
(:mod:`geo.output.store_postgres`: psycopg, advisory locks, a ``schema_version`` table). Which one:
``OMRADESINDEX_SCENARIO_DB`` holding a path or a ``postgresql://…`` URL, else ``[store] url = "…"`` in
``omradesindex.toml`` (working directory, then ``~/.config/omradesindex/``; a relative path counts from
the file's folder), else the SQLite file in the user's data folder. Both migrate their schema on opening.

**What a scenario carries.** Its ``owner`` (a :class:`~geo.access.User` id) and the owner's name, a
``visibility`` — ``"private"`` (the owner's) or ``"shared"`` (the team's) —, ``created``/``created_by``,
``changed``/``changed_by``. Deleting is *soft* (``deleted_at``, ``deleted_by``): a förvaltare can list
and restore deleted scenarios. Every change writes a line to the **audit list** (when, who, action —
save, overwrite, rename, share, unshare, delete, restore —, the scenario's id and name), in the same
transaction as the change.

**Who may do what** is checked here, whatever a page offered (:func:`geo.access.require`, a refused
action raises :class:`~geo.access.NotAllowed`): a *läsare* lists and opens shared scenarios only; a
*planerare* also sees their own private ones, saves new scenarios (owned by them) and renames, shares,
unshares, overwrites and deletes their own; a *förvaltare* also sees everyone's private scenarios,
deletes anyone's, lists and restores deleted ones and reads the audit list. Nobody edits another
person's scenario (a förvaltare may delete it). Without sign-in the one local user
(:data:`~geo.access.LOCAL_USER`, a förvaltare) is the default ``by``/``user`` of every method.

**Names are unique among all scenarios that are not deleted** (case-insensitive, compared after
cleaning), whoever owns them and whether private or shared. Why this scope: a scenario is named in a
meeting and in every export, so two live "Förslag 1" would be ambiguous the moment one is shared —
and sharing must never fail because of a name, nor a förvaltare (who sees everything) face two
identical names; one rule is also what one partial unique index enforces identically in both
databases, even between servers. The price: a planner may be told a name is taken by a colleague's
private scenario (the name is revealed, nothing else). A deleted scenario frees its name; restoring
it while another scenario has taken the name is refused with a message. Saving a *new* scenario
under a taken name raises :class:`DataError` unless ``overwrite=True`` *and* the existing scenario
is one's own (then it is replaced, keeping its id, owner and creation time).

**Names and notes are cleaned before that rule**, here for both backends and every path that names a
scenario (save, overwrite, rename; a link's name too): :func:`geo.scenario.clean_name` (Unicode NFC,
invisible format characters such as a zero-width space removed, whitespace runs as one space; a
control character such as NUL, an empty name or one over :data:`geo.scenario.MAX_NAME` characters
refused with a message) and :func:`geo.scenario.clean_note` (control characters but tab and line
break removed; over :data:`geo.scenario.MAX_NOTE` characters refused). Rows stored before keep their
text as it is and are read as usual.

**A full disk** (SQLite: ``database or disk is full`` or ``ENOSPC``; PostgreSQL: ``53100 disk_full``)
raises :class:`StoreFullError` with one Swedish message for both backends; nothing was written, and a
SQLite file that this very attempt created and left empty is removed again.

**A row that cannot be read** (a created date "igår", a top k "tre", settings that are not a link
query …) never breaks a listing: :meth:`ScenarioStore.list` returns the readable ones, and
``skipped`` on the result holds a Swedish message per bad row naming its id and the column.
"""

from __future__ import annotations

import builtins
import os
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from geo.access import LOCAL_USER, NotAllowed, User, require
from geo.dataset.config import default_config_files
from geo.errors import DataError
from geo.links import to_query_string
from geo.output.store_base import (
    COLUMNS,
    ENV_VAR,
    AuditAction,
    AuditEntry,
    Backend,
    RowError,
    ScenarioList,
    StoredScenario,
    StoreFullError,
    StoreLockedError,
    Tx,
    Visibility,
    check_name,
    check_note,
    check_visibility,
    name_key,
    read_rows,
    row_to_audit,
    row_to_scenario,
    skipped_message,
)
from geo.output.store_postgres import PostgresBackend, is_url
from geo.output.store_sqlite import BUSY_TIMEOUT_MS, MIGRATIONS, Migration, SqliteBackend
from geo.scenario import Scenario, utcnow
from geo.tomlfile import read_toml

APP_DIR = "omradesindex"
FILE_NAME = "scenarios.sqlite"
_SELECT = f"SELECT {', '.join(COLUMNS)} FROM scenarios"


def default_store_path() -> Path:
    """The SQLite file: ``$OMRADESINDEX_SCENARIO_DB`` (when a path), else ``$XDG_DATA_HOME/omradesindex/
    scenarios.sqlite``, else ``~/.local/share/omradesindex/scenarios.sqlite`` (``%APPDATA%`` on Windows)."""
    env = os.environ.get(ENV_VAR, "").strip()
    if env and not is_url(env):
        return Path(env).expanduser()
    base = os.environ.get("XDG_DATA_HOME", "").strip()
    if not base and os.name == "nt":
        base = os.environ.get("APPDATA", "").strip()
    root = Path(base).expanduser() if base else Path.home() / ".local" / "share"
    return root / APP_DIR / FILE_NAME


def configured_target(env: Mapping[str, str] = os.environ, config_files: Sequence[Path] | None = None) -> str | Path:
    """Where the scenarios live: the env var, else ``[store] url`` of the first config file that has
    one, else :func:`default_store_path` — a ``postgresql://`` URL (str) or a SQLite file (Path)."""
    raw = env.get(ENV_VAR, "").strip()
    if raw:
        return raw if is_url(raw) else Path(raw).expanduser()
    for cfg in default_config_files() if config_files is None else config_files:
        if not cfg.is_file():
            continue
        try:
            doc = read_toml(cfg, what="konfigurationsfilen")
        except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise DataError(f"konfigurationsfilen kunde inte läsas ({exc}).", file=str(cfg)) from None
        table = doc.get("store")
        if table is None:
            continue
        url = table.get("url") if isinstance(table, dict) else None
        if not isinstance(url, str) or not url.strip():
            raise DataError("nyckeln url saknas under [store].", file=str(cfg),
                            hint='Skriv t.ex. [store] url = "postgresql://omradesindex@dbserver/omradesindex" '
                                 'eller en sökväg till en SQLite-fil.')
        if is_url(url):
            return url.strip()
        path = Path(url.strip()).expanduser()
        return path if path.is_absolute() else cfg.parent / path
    return default_store_path()


def _not_found(scenario_id: int) -> DataError:
    return DataError(f"scenariot med id {scenario_id} finns inte längre; det kan ha tagits bort i ett annat fönster.",
                     hint="Uppdatera listan, eller spara det som ett nytt scenario.")


def _not_yours(row: Mapping[str, Any], what: str) -> NotAllowed:
    return NotAllowed(f"scenariot '{row['name']}' tillhör {row['owner_name'] or row['owner']}, så du kan inte "
                      f"{what} det.", hint="Spara en egen kopia under ett annat namn.")


class ScenarioStore:
    """Save, list, rename, share, delete and restore scenarios (see the module docstring).

    ``target``: a SQLite path or a ``postgresql://`` URL (default: :func:`configured_target`).
    Opening migrates the schema; ``last_backup`` is the SQLite backup written before a migration."""

    def __init__(self, target: str | Path | None = None, *, migrations: Sequence[Migration] | None = None,
                 busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> None:
        target = configured_target() if target is None else target
        self.backend: SqliteBackend | PostgresBackend
        if is_url(target):
            self.backend = PostgresBackend(str(target), migrations=migrations, busy_timeout_ms=busy_timeout_ms)
        else:
            self.backend = SqliteBackend(Path(target).expanduser(), migrations=migrations,
                                         busy_timeout_ms=busy_timeout_ms)
        self._db: Backend = self.backend

    # ------------------------------------------------------------------ backend facts
    @property
    def kind(self) -> str:
        return "postgresql" if isinstance(self.backend, PostgresBackend) else "sqlite"

    @property
    def label(self) -> str:
        """The database as a user may read it: the file's name, or "PostgreSQL host:port/db"."""
        return self.backend.label

    @property
    def path(self) -> Path | None:
        """The SQLite file (``None`` for PostgreSQL)."""
        return self.backend.path if isinstance(self.backend, SqliteBackend) else None

    @property
    def last_backup(self) -> Path | None:
        return self.backend.last_backup if isinstance(self.backend, SqliteBackend) else None

    @property
    def schema_version(self) -> int:
        return self.backend.schema_version

    def backup(self, target: str | Path | None = None, *, suffix: str = "backup") -> Path:
        """A consistent copy of a SQLite store (PostgreSQL: use ``pg_dump``)."""
        if not isinstance(self.backend, SqliteBackend):
            raise DataError("en PostgreSQL-databas säkerhetskopieras med pg_dump, inte av programmet.")
        return self.backend.backup(target, suffix=suffix)

    # ------------------------------------------------------------------ helpers
    @staticmethod
    def _visible(user: User) -> tuple[str, tuple[object, ...]]:
        """The SQL condition for the scenarios ``user`` may see besides deleted ones (see the docstring)."""
        require(user, "view")
        if user.can("see_private"):
            return "1 = 1", ()
        if user.can("save"):
            return "(visibility = 'shared' OR owner = ?)", (user.id,)
        return "visibility = 'shared'", ()

    @staticmethod
    def _row(tx: Tx, scenario_id: int) -> dict[str, Any] | None:
        rows = tx.rows(f"{_SELECT} WHERE id = ?", (int(scenario_id),))
        return rows[0] if rows else None

    def _live_own(self, tx: Tx, scenario_id: int, by: User, what: str) -> dict[str, Any]:
        """The not-deleted row ``scenario_id`` if ``by`` owns it and may ``edit_own``."""
        row = self._row(tx, scenario_id)
        if row is None or row["deleted_at"] is not None:
            raise _not_found(scenario_id)
        require(by, "edit_own")
        if row["owner"] != by.id:
            raise _not_yours(row, what)
        return row

    @staticmethod
    def _log(tx: Tx, by: User, action: AuditAction, scenario_id: int | None, name: str) -> None:
        tx.run("INSERT INTO scenario_audit (at, user_id, user_name, action, scenario_id, name) "
               "VALUES (?, ?, ?, ?, ?, ?)", (tx.ts(utcnow()), by.id, by.name, action, scenario_id, name))

    @staticmethod
    def _clash(tx: Tx, key: str) -> dict[str, Any] | None:
        rows = tx.rows("SELECT id, name, owner, owner_name FROM scenarios WHERE name_key = ? AND deleted_at IS NULL",
                       (key,))
        return rows[0] if rows else None

    @staticmethod
    def _taken(name: str) -> DataError:
        return DataError(f"det finns redan ett scenario som heter '{name}'.",
                         hint="Välj ett annat namn eller välj att skriva över det (namnen är unika i hela "
                              "teamet, även för privata scenarier).")

    @staticmethod
    def _parsed(row: dict[str, Any] | None) -> StoredScenario:
        if row is None:
            raise DataError("scenariot kunde inte läsas tillbaka.")
        try:
            return row_to_scenario(row)
        except RowError as err:
            raise DataError(skipped_message(row, err)) from None

    # ------------------------------------------------------------------ reading
    def get(self, scenario_id: int, *, user: User = LOCAL_USER, include_deleted: bool = False) -> StoredScenario | None:
        """The scenario if ``user`` may see it (deleted ones only with ``include_deleted``, a förvaltare's)."""
        where, args = self._visible(user)
        if include_deleted:
            require(user, "restore")
        else:
            where += " AND deleted_at IS NULL"
        rows = self._db.read(lambda tx: tx.rows(f"{_SELECT} WHERE id = ? AND {where}", (int(scenario_id), *args)))
        return self._parsed(rows[0]) if rows else None

    def list(self, *, user: User = LOCAL_USER, definition_id: str | None = None,
             include_deleted: bool = False) -> ScenarioList:
        """The scenarios ``user`` may see, most recently changed first (optionally of one definition;
        with ``include_deleted`` — a förvaltare's — also the deleted ones). Rows that cannot be read are
        left out and reported in ``skipped``."""
        where, args = self._visible(user)
        if include_deleted:
            require(user, "restore")
        else:
            where += " AND deleted_at IS NULL"
        if definition_id is not None:
            where, args = where + " AND definition_id = ?", (*args, definition_id)
        rows = self._db.read(lambda tx: tx.rows(f"{_SELECT} WHERE {where} ORDER BY changed DESC, id DESC", args))
        return read_rows(rows)

    def audit(self, *, by: User = LOCAL_USER, limit: int = 200) -> builtins.list[AuditEntry]:
        """The newest ``limit`` lines of the audit list (a förvaltare's)."""
        require(by, "audit")
        rows = self._db.read(lambda tx: tx.rows(
            "SELECT at, user_id, user_name, action, scenario_id, name FROM scenario_audit "
            "ORDER BY at DESC, id DESC LIMIT ?", (max(0, int(limit)),)))
        return [row_to_audit(r) for r in rows]

    def count(self, *, include_deleted: bool = False) -> int:
        where = "" if include_deleted else " WHERE deleted_at IS NULL"
        rows = self._db.read(lambda tx: tx.rows(f"SELECT COUNT(*) AS n FROM scenarios{where}"))
        return int(rows[0]["n"])

    # ------------------------------------------------------------------ writing
    def save(self, scenario: Scenario, *, by: User = LOCAL_USER, overwrite: bool = False,
             visibility: Visibility | None = None) -> StoredScenario:
        """Insert (``id`` is None; owned by ``by``, private unless ``visibility``) or update one's own
        scenario (by ``id``); returns the stored scenario. ``changed`` is set to now; ``created`` is kept.
        A new scenario whose name is taken raises, unless ``overwrite`` and the other one is ``by``'s."""
        require(by, "save")
        name, note = check_name(scenario.name), check_note(scenario.note)
        key = name_key(name)
        if visibility is not None:
            check_visibility(visibility)
            if visibility == "shared":
                require(by, "share")
        now = utcnow()

        def write(tx: Tx) -> dict[str, Any] | None:
            target_id = scenario.id
            action: AuditAction = "save"
            current = None if target_id is None else self._live_own(tx, target_id, by, "ändra")
            clash = self._clash(tx, key)
            if clash is not None and clash["id"] != target_id:
                if not overwrite:
                    raise self._taken(name)
                if clash["owner"] != by.id:
                    raise _not_yours(clash, "skriva över")
                require(by, "edit_own")
                if target_id is not None:  # renaming onto another of one's scenarios: that one is deleted
                    tx.run("UPDATE scenarios SET deleted_at = ?, deleted_by = ? WHERE id = ?",
                           (tx.ts(now), by.id, clash["id"]))
                    self._log(tx, by, "delete", clash["id"], clash["name"])
                else:
                    target_id, action = clash["id"], "overwrite"
                    current = self._row(tx, target_id)
            values: dict[str, object] = {
                "name": name, "name_key": key, "note": note,
                "definition_id": scenario.settings.definition_id, "settings": to_query_string(scenario.settings),
                "changed": tx.ts(now), "changed_by": by.id}
            if target_id is None:
                values.update(owner=by.id, owner_name=by.name, visibility=visibility or "private",
                              created=tx.ts(scenario.created or now), created_by=by.id)
                marks = ", ".join("?" * len(values))
                target_id = int(tx.rows(f"INSERT INTO scenarios ({', '.join(values)}) VALUES ({marks}) RETURNING id",
                                        tuple(values.values()))[0]["id"])
                self._log(tx, by, "save", target_id, name)
                return self._row(tx, target_id)
            if visibility is not None:
                values["visibility"] = visibility
            sets = ", ".join(f"{c} = ?" for c in values)
            tx.run(f"UPDATE scenarios SET {sets} WHERE id = ?", (*values.values(), target_id))
            self._log(tx, by, action, target_id, name)
            if current is not None and visibility is not None and visibility != current["visibility"]:
                self._log(tx, by, "share" if visibility == "shared" else "unshare", target_id, name)
            return self._row(tx, target_id)

        return self._parsed(self._db.write(write))

    def rename(self, scenario_id: int, new_name: str, *, by: User = LOCAL_USER) -> StoredScenario:
        """Change the name of one's own scenario (unique, see the module docstring); ``changed`` is updated."""
        name = check_name(new_name)
        key = name_key(name)

        def write(tx: Tx) -> dict[str, Any] | None:
            self._live_own(tx, scenario_id, by, "byta namn på")
            clash = self._clash(tx, key)
            if clash is not None and clash["id"] != int(scenario_id):
                raise self._taken(name)
            tx.run("UPDATE scenarios SET name = ?, name_key = ?, changed = ?, changed_by = ? WHERE id = ?",
                   (name, key, tx.ts(utcnow()), by.id, int(scenario_id)))
            self._log(tx, by, "rename", int(scenario_id), name)
            return self._row(tx, scenario_id)

        return self._parsed(self._db.write(write))

    def set_visibility(self, scenario_id: int, visibility: Visibility, *, by: User = LOCAL_USER) -> StoredScenario:
        """Share one's own scenario with the team (``"shared"``) or make it private again."""
        check_visibility(visibility)
        require(by, "share")

        def write(tx: Tx) -> dict[str, Any] | None:
            row = self._live_own(tx, scenario_id, by, "dela eller göra privat")
            if row["visibility"] != visibility:
                tx.run("UPDATE scenarios SET visibility = ?, changed = ?, changed_by = ? WHERE id = ?",
                       (visibility, tx.ts(utcnow()), by.id, int(scenario_id)))
                self._log(tx, by, "share" if visibility == "shared" else "unshare", int(scenario_id), row["name"])
            return self._row(tx, scenario_id)

        return self._parsed(self._db.write(write))

    def delete(self, scenario_id: int, *, by: User = LOCAL_USER) -> bool:
        """Soft-delete a scenario (one's own; a förvaltare's: anyone's); False if there is none to delete."""
        def write(tx: Tx) -> bool:
            row = self._row(tx, scenario_id)
            if row is None or row["deleted_at"] is not None:
                return False
            if row["owner"] == by.id:
                require(by, "delete_own")
            elif not by.can("delete_any"):
                require(by, "delete_own")  # a läsare hears that they may not delete at all
                raise _not_yours(row, "ta bort")
            tx.run("UPDATE scenarios SET deleted_at = ?, deleted_by = ? WHERE id = ?",
                   (tx.ts(utcnow()), by.id, int(scenario_id)))
            self._log(tx, by, "delete", int(scenario_id), row["name"])
            return True

        return self._db.write(write)

    def restore(self, scenario_id: int, *, by: User = LOCAL_USER) -> StoredScenario:
        """Bring back a deleted scenario (a förvaltare's); refused while another has taken its name."""
        require(by, "restore")

        def write(tx: Tx) -> dict[str, Any] | None:
            row = self._row(tx, scenario_id)
            if row is None:
                raise _not_found(scenario_id)
            if row["deleted_at"] is None:
                raise DataError(f"scenariot '{row['name']}' är inte borttaget.", hint="Uppdatera listan.")
            if self._clash(tx, name_key(str(row["name"]))) is not None:
                raise DataError(f"ett annat scenario heter nu '{row['name']}', så det borttagna kan inte "
                                "återställas under samma namn.", hint="Byt namn på det andra scenariot först.")
            tx.run("UPDATE scenarios SET deleted_at = NULL, deleted_by = NULL WHERE id = ?", (int(scenario_id),))
            self._log(tx, by, "restore", int(scenario_id), row["name"])
            return self._row(tx, scenario_id)

        return self._parsed(self._db.write(write))


__all__ = ["ENV_VAR", "MIGRATIONS", "AuditEntry", "Migration", "ScenarioList", "ScenarioStore", "StoreFullError",
           "StoreLockedError", "StoredScenario", "Visibility", "configured_target", "default_store_path", "name_key"]
