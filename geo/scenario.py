"""Scenarios: a view's settings with a name, a note and times.

A scenario is what a planner saves and what a named link carries, so a view can be
reproduced exactly in another meeting. It *is* a :class:`~geo.settings.ViewSettings`
plus ``name``, ``note``, ``created``, ``changed`` and the store's ``id`` — no choice is
held twice. Its link is the settings' link plus ``namn`` (the name); the free-text note
and the timestamps are not part of a link (they live in the store).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from typing import Any

from geo.definition import Definition
from geo.links import Catalog, QueryError, from_query, single, to_query
from geo.settings import ViewSettings

#: Longest scenario name accepted (store and link).
MAX_NAME = 200
NAME_PARAM = "namn"


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
    name = " ".join((single(params, NAME_PARAM) or "").split())
    if len(name) > MAX_NAME:
        raise QueryError(NAME_PARAM, f"namnet är längre än {MAX_NAME} tecken.")
    return Scenario(settings=settings, name=name)


__all__ = ["MAX_NAME", "NAME_PARAM", "Scenario", "scenario_from_query", "utcnow"]
