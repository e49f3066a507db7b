"""Scenarios: a view's settings with a name, a note and times.

A scenario is what a planner saves and what a named link carries, so a view can be
reproduced exactly in another meeting. It *is* a :class:`~geo.settings.ViewSettings`
plus ``name``, ``note``, ``created``, ``changed`` and the store's ``id`` — no choice is
held twice. Its link is the settings' link plus ``namn`` (the name); the free-text note
and the timestamps are not part of a link (they live in the store).

**Names and notes are cleaned in one place** (:func:`clean_name`, :func:`clean_note`), which the
store (both backends: save and rename) and a named link use, so two names that look the same are
the same name. A name is put in Unicode NFC, loses its invisible format characters (category Cf:
zero-width space, U+200E/U+200F direction marks, soft hyphen, BOM …) and surrounding whitespace, and
every run of whitespace inside (tab, line break, no-break space …) becomes one space; a name that is
then empty is refused, as is one longer than :data:`MAX_NAME` characters, and one holding any other
control character (category Cc, e.g. NUL) or a lone surrogate, with the character's position.
:func:`name_key` is what the uniqueness rule compares (the cleaned name, case-folded).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from typing import Any

from geo.definition import Definition
from geo.errors import DataError
from geo.links import Catalog, QueryError, from_query, single, to_query
from geo.settings import ViewSettings

#: Longest scenario name accepted (store and link), in characters after cleaning.
MAX_NAME = 200
#: Longest note accepted, in characters after cleaning (a 5 MB note slowed the Scenarier page by 5 s).
MAX_NOTE = 10_000
NAME_PARAM = "namn"
#: Control characters that are whitespace: in a name they become a space, in a note a line break or a tab.
_SPACE_CONTROLS = frozenset("\t\n\r\v\f\x1c\x1d\x1e\x1f\x85")
_LINE_BREAKS = ("\r\n", "\r", "\v", "\f", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")


def _count(n: int) -> str:
    """A count as Swedish writes it: 10 000 (a no-break space between thousands)."""
    return f"{n:,}".replace(",", "\u00a0")


_SHORTEN_NAME = "Korta namnet; skriv gärna mer i anteckningen."


def _too_long(what: str, length: int, limit: int, hint: str) -> DataError:
    return DataError(f"{what} har {_count(length)} tecken, men högst {_count(limit)} får plats.", hint=hint)


def _forbidden(text: str) -> tuple[int, str] | None:
    """The first control character (Cc, not whitespace) or lone surrogate (Cs): (1-based position, char)."""
    for pos, ch in enumerate(text, start=1):
        if ch not in _SPACE_CONTROLS and unicodedata.category(ch) in ("Cc", "Cs"):
            return pos, ch
    return None


def _visible(text: str) -> str:
    """NFC, format characters (Cf) removed, whitespace runs as one space, stripped."""
    text = "".join(ch for ch in unicodedata.normalize("NFC", text) if unicodedata.category(ch) != "Cf")
    return " ".join(text.split())


def clean_name(name: object) -> str:
    r"""A scenario's name as it is stored and compared (see the module docstring); raises
    :class:`DataError` for an empty or too long name or one with a control character.

    >>> clean_name("  Fo\u0308rslag\u200b 1\u200e ")  # NFD ö, zero-width space, LTR mark
    'Förslag 1'
    """
    text = str(name)
    if len(text) > 4 * MAX_NAME:  # far too long whatever cleaning removes: not read character by character
        raise _too_long("namnet", len(text), MAX_NAME, _SHORTEN_NAME)
    bad = _forbidden(text)
    if bad is not None:
        pos, ch = bad
        raise DataError(f"namnet innehåller ett styrtecken (U+{ord(ch):04X}) på position {pos}, och sådana "
                        "tecken kan inte sparas.", hint="Skriv namnet igen utan det tecknet (det syns inte och "
                        "följer ofta med när text kopieras).")
    clean = _visible(text)
    if not clean:
        raise DataError("scenariot måste ha ett namn (osynliga tecken och mellanslag räknas inte).",
                        hint="Skriv ett namn, t.ex. 'Förslag nämnden maj'.")
    if len(clean) > MAX_NAME:
        raise _too_long("namnet", len(clean), MAX_NAME, _SHORTEN_NAME)
    return clean


def name_key(name: str) -> str:
    r"""What makes two names "the same": the cleaned name, case-folded (never raises, so a stored name
    from before the cleaning can be compared too).

    >>> name_key("FÖRSLAG\u200b  1") == name_key("förslag 1")
    True
    """
    return unicodedata.normalize("NFC", _visible(str(name)).casefold())


def clean_note(note: object) -> str:
    r"""A note as it is stored: NFC; line breaks of every kind (CR LF, CR, vertical tab, form feed,
    U+2028 …) become ``\n``; every other control character except tab is **removed** (they cannot be
    seen or typed, and come with pasted text); surrounding whitespace stripped. Format characters (Cf)
    are kept: a note is not compared. Longer than :data:`MAX_NOTE` characters raises :class:`DataError`
    saying the limit and the length.

    >>> clean_note("rad 1\r\nrad\x002\u2028rad 3\t ")
    'rad 1\nrad2\nrad 3'
    """
    text = str(note or "")
    if len(text) > 4 * MAX_NOTE:  # far too long whatever cleaning removes: not read character by character
        raise _too_long("anteckningen", len(text), MAX_NOTE, "Korta anteckningen, eller lägg den långa texten i "
                        "ett dokument och hänvisa till det.")
    text = unicodedata.normalize("NFC", text)
    for brk in _LINE_BREAKS:
        text = text.replace(brk, "\n")
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cs")).strip()
    if len(text) > MAX_NOTE:
        raise _too_long("anteckningen", len(text), MAX_NOTE, "Korta anteckningen, eller lägg den långa texten i "
                        "ett dokument och hänvisa till det.")
    return text


def utcnow() -> datetime:
    """Timezone-aware now (UTC), the clock used for ``created``/``changed``."""
    return datetime.now(timezone.utc)


@dataclass(frozen=True)
class Scenario:
    """Saved settings: the view (``settings``) plus what a person wrote about it."""

    settings: ViewSettings
    name: str = ""
    note: str = ""
    created: datetime | None = None
    changed: datetime | None = None
    id: int | None = None

    def with_(self, **changes: Any) -> Scenario:
        """A copy with some fields changed (``dataclasses.replace``)."""
        return replace(self, **changes)

    @property
    def definition_id(self) -> str:
        return self.settings.definition_id

    def to_query(self, definition: Definition | None = None) -> dict[str, str]:
        """The settings' URL parameters plus ``namn`` when the scenario has a name."""
        query = to_query(self.settings, definition)
        if self.name:
            query[NAME_PARAM] = self.name
        return query


def scenario_from_query(params: Mapping[str, Any], catalog: Catalog | None = None) -> Scenario:
    """A link (settings and an optional ``namn``) as an unsaved scenario; see :func:`geo.settings.from_query`."""
    settings = from_query(params, catalog)
    raw = single(params, NAME_PARAM) or ""
    if not _visible(raw):
        return Scenario(settings=settings)
    try:
        name = clean_name(raw)
    except DataError as exc:
        message = str(exc).removesuffix(f" {exc.hint}") if exc.hint else str(exc)
        raise QueryError(NAME_PARAM, message, hint=exc.hint) from None
    return Scenario(settings=settings, name=name)


__all__ = ["MAX_NAME", "MAX_NOTE", "NAME_PARAM", "Scenario", "clean_name", "clean_note", "name_key",
           "scenario_from_query", "utcnow"]
