"""What both scenario-store backends share: the stored scenario, the audit entry, how a row is read
(and reported when it cannot be), names, and the small interface a backend offers.

A backend (:mod:`geo.output.store_sqlite`, :mod:`geo.output.store_postgres`) only runs SQL: it opens
connections, runs a body in a read or a *serialised* write transaction, translates its driver's
errors into Swedish :class:`~geo.errors.DataError` and migrates its schema. Every rule — names,
permissions, soft delete, the audit list — lives once, in :mod:`geo.output.store`, written against
:class:`Tx` with ``?`` placeholders (the PostgreSQL backend turns them into ``%s``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal, Protocol, TypeVar

from geo.errors import DataError
from geo.links import QueryError, from_query, parse_query_string
from geo.scenario import Scenario, clean_name, clean_note, name_key

ENV_VAR = "OMRADESINDEX_SCENARIO_DB"
Visibility = Literal["private", "shared"]
VISIBILITIES: tuple[Visibility, ...] = ("private", "shared")
AuditAction = Literal["save", "overwrite", "rename", "share", "unshare", "delete", "restore"]
T = TypeVar("T")

#: The columns of a scenario row, in the order both backends' schemas have them.
COLUMNS = ("id", "name", "note", "definition_id", "settings", "owner", "owner_name", "visibility",
           "created", "created_by", "changed", "changed_by", "deleted_at", "deleted_by")
AUDIT_COLUMNS = ("at", "user_id", "user_name", "action", "scenario_id", "name")


class StoreLockedError(DataError):
    """The database stayed locked by another process for longer than the busy timeout."""


class StoreFullError(DataError):
    """The disk (the server's, or the database server's) is full: nothing was written."""


#: What a full disk means to the user, the same for both backends (after "scenariodatabasen …").
FULL_MESSAGE = ("kunde inte skrivas eftersom disken på servern är full. Ingenting sparades, och de scenarier "
                "som redan fanns är oförändrade.")
FULL_HINT = "Frigör utrymme på servern (eller be den som driver tjänsten göra det) och försök sedan igen."


class Tx(Protocol):
    """One open transaction (or autocommit connection for reads)."""

    def rows(self, sql: str, args: Sequence[object] = ()) -> list[dict[str, Any]]:
        """Run ``sql`` (``?`` placeholders); the rows it returns, as dicts."""

    def run(self, sql: str, args: Sequence[object] = ()) -> int:
        """Run ``sql``; the number of rows it changed."""

    def ts(self, value: datetime) -> object:
        """``value`` as the backend stores a time (ISO text in SQLite, ``timestamptz`` in PostgreSQL)."""


class Backend(Protocol):
    #: What the user reads as the database's name (a file name, or "PostgreSQL host:port/db"); no secrets.
    label: str

    def read(self, body: Callable[[Tx], T]) -> T:
        """``body`` on a connection that sees committed data."""

    def write(self, body: Callable[[Tx], T]) -> T:
        """``body`` in one write transaction; writers are serialised (one at a time, others wait)."""


@dataclass(frozen=True)
class StoredScenario(Scenario):
    """A scenario as the store holds it: who owns it, who may see it, who changed it, whether it is deleted."""

    owner: str = ""
    owner_name: str = ""
    visibility: Visibility = "private"
    created_by: str = ""
    changed_by: str = ""
    deleted_at: datetime | None = None
    deleted_by: str | None = None

    @property
    def shared(self) -> bool:
        return self.visibility == "shared"

    @property
    def deleted(self) -> bool:
        return self.deleted_at is not None


@dataclass(frozen=True)
class AuditEntry:
    """One line of the audit list: when, who, what, which scenario (its id and its name then)."""

    at: datetime
    user_id: str
    user_name: str
    action: str
    scenario_id: int | None
    name: str


class ScenarioList(list[StoredScenario]):
    """The scenarios a listing could read, plus ``skipped``: a Swedish message per row that could not be
    read (naming the row's id and the column), so one bad row never hides the others."""

    def __init__(self, items: Sequence[StoredScenario] = (), skipped: Sequence[str] = ()) -> None:
        super().__init__(items)
        self.skipped: list[str] = list(skipped)


# --------------------------------------------------------------------------- names

def check_name(name: str) -> str:
    """The name as stored (:func:`geo.scenario.clean_name`: NFC, invisible characters and extra spaces
    removed); raises :class:`DataError` for an empty or too long name or one with a control character."""
    return clean_name(name)


def check_note(note: str | None) -> str:
    """The note as stored (:func:`geo.scenario.clean_note`: control characters but tab and line break
    removed); raises :class:`DataError` when it is longer than :data:`geo.scenario.MAX_NOTE`."""
    return clean_note(note)


def check_visibility(value: object) -> Visibility:
    if value not in VISIBILITIES:
        raise DataError(f"okänd synlighet '{value}'.", hint="Välj private (privat) eller shared (delad med teamet).")
    return value


def utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def iso(value: datetime) -> str:
    """The text SQLite stores for a time: ISO 8601, UTC, microseconds (sorts as it reads)."""
    return utc(value).isoformat(timespec="microseconds")


# --------------------------------------------------------------------------- reading rows

class RowError(Exception):
    """A column of a stored row that cannot be read."""

    def __init__(self, column: str, detail: str) -> None:
        super().__init__(f"{column}: {detail}")
        self.column, self.detail = column, detail


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{value!r} är ingen text")
    return value


def _time(value: object) -> datetime:
    if isinstance(value, datetime):
        return utc(value)
    if isinstance(value, str):
        try:
            return utc(datetime.fromisoformat(value))
        except ValueError:
            pass
    raise ValueError(f"'{value}' är ingen tidpunkt (ISO 8601 väntades)")


def _settings(value: object) -> Any:
    try:
        return from_query(parse_query_string(_text(value)))
    except QueryError as exc:
        text = str(exc).removesuffix(f" {exc.hint}" if exc.hint else "")
        raise ValueError(f"parametern '{exc.param}': {text.partition(': ')[2] or text}") from None


def _visibility(value: object) -> Visibility:
    if value not in VISIBILITIES:
        raise ValueError(f"'{value}' är varken private eller shared")
    return value


def _field(row: Mapping[str, Any], column: str, read: Callable[[Any], T]) -> T:
    try:
        return read(row[column])
    except (DataError, ValueError, TypeError, OverflowError) as exc:
        raise RowError(column, str(exc)) from None


def row_to_scenario(row: Mapping[str, Any]) -> StoredScenario:
    """A stored row as a scenario; :class:`RowError` names the first column that cannot be read."""
    def optional(read: Callable[[Any], T]) -> Callable[[Any], T | None]:
        return lambda v: None if v is None else read(v)

    return StoredScenario(
        id=_field(row, "id", int), name=_field(row, "name", _text),
        note=_field(row, "note", optional(_text)) or "", settings=_field(row, "settings", _settings),
        created=_field(row, "created", _time), changed=_field(row, "changed", _time),
        owner=_field(row, "owner", _text), owner_name=_field(row, "owner_name", optional(_text)) or "",
        visibility=_field(row, "visibility", _visibility), created_by=_field(row, "created_by", _text),
        changed_by=_field(row, "changed_by", _text), deleted_at=_field(row, "deleted_at", optional(_time)),
        deleted_by=_field(row, "deleted_by", optional(_text)),
    )


def skipped_message(row: Mapping[str, Any], err: RowError) -> str:
    """Swedish: which row (its id, its name when readable) and which column could not be read."""
    name = row.get("name")
    named = f" (”{' '.join(name.split())[:80]}”)" if isinstance(name, str) and name.strip() else ""
    return (f"Scenariot med id {row.get('id')}{named} i scenariodatabasen kunde inte läsas och visas inte: "
            f"kolumnen {err.column} har ett ogiltigt värde — {err.detail}.")


def read_rows(rows: Sequence[Mapping[str, Any]]) -> ScenarioList:
    """Every row that can be read; a message in ``skipped`` for each that cannot."""
    out = ScenarioList()
    for row in rows:
        try:
            out.append(row_to_scenario(row))
        except RowError as err:
            out.skipped.append(skipped_message(row, err))
    return out


def row_to_audit(row: Mapping[str, Any]) -> AuditEntry:
    return AuditEntry(at=_time(row["at"]), user_id=str(row["user_id"]), user_name=str(row["user_name"] or ""),
                      action=str(row["action"]), name=str(row["name"] or ""),
                      scenario_id=None if row["scenario_id"] is None else int(row["scenario_id"]))


__all__ = ["AUDIT_COLUMNS", "COLUMNS", "ENV_VAR", "FULL_HINT", "FULL_MESSAGE", "VISIBILITIES", "AuditAction",
           "AuditEntry", "Backend", "RowError", "ScenarioList", "StoreFullError", "StoreLockedError", "StoredScenario",
           "Tx", "Visibility", "check_name", "check_note", "check_visibility", "iso", "name_key", "read_rows",
           "row_to_audit", "row_to_scenario", "skipped_message", "utc"]
