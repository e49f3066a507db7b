"""Scenarios: one named set of choices (definition, year, method, weights, top k).

A scenario is what a planner saves and what a copied link carries, so that a view can
be reproduced exactly in another meeting. :meth:`Scenario.to_query` writes compact,
human-readable URL parameters (Swedish names, as the users read them)::

    def=malmo-2023&ver=2023.1&ar=2024&metod=zscore&v=delaktighet:1,utbildning:2,ekonomi:1,boende:1&k=3

=========  ==========================================================  ==============
parameter  meaning                                                     when written
=========  ==========================================================  ==============
``def``    definition id                                               always
``ver``    definition version (a link to an older version is stale)    always
``ar``     data year                                                   when chosen
``metod``  normalisation: zscore, minmax, rank, ratio                  always
``agg``    aggregation: arithmetic, geometric                          not default
``v``      dimension weights ``id:w,…`` (all dimensions)               always
``iv``     indicator weights ``id:w,…`` (only those ≠ the definition)  when any
``k``      top k                                                       always
``klass``  map classification                                          not default
``namn``   scenario name                                               when set
=========  ==========================================================  ==============

:func:`from_query` checks every parameter against the loaded definitions; anything
unknown or malformed raises :class:`QueryError` (a :class:`DataError`) with a Swedish
message naming the parameter, so the app can show it and fall back to the defaults.
The free-text note and the timestamps are not part of a link (they live in the store).
"""

from __future__ import annotations

import math
import urllib.parse
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from typing import Any

from geo.view.palette import SCHEMES, Scheme
from geo.definition import Definition
from geo.errors import DataError
from geo.engine.index import AGGREGATIONS, Aggregation, resolve_weights
from geo.engine.normalise import METHODS, Method

#: Longest scenario name accepted (store and link).
MAX_NAME = 200
MAX_TOP_K = 10_000
_FALLBACK = "Standardinställningarna visas i stället."


class QueryError(DataError):
    """A link parameter that cannot be used; ``param`` names it (``def``, ``ar``, ``v`` …)."""

    def __init__(self, param: str, message: str, *, hint: str | None = None) -> None:
        self.param = param
        super().__init__(f"Länkens parameter '{param}': {message}",
                         hint=f"{hint} {_FALLBACK}" if hint else _FALLBACK)


def utcnow() -> datetime:
    """Timezone-aware now (UTC), the clock used for ``created``/``changed``."""
    return datetime.now(timezone.utc)


def format_weight(w: float) -> str:
    """Shortest exact text for a weight: ``2`` not ``2.0``, ``0.35`` not ``0.35000000000000003``."""
    w = float(w)
    return str(int(w)) if w.is_integer() and abs(w) < 1e15 else repr(w)


@dataclass(frozen=True)
class Scenario:
    """Everything that determines a view, plus a name and a note.

    ``year=None`` means "the latest year with data". ``weights`` and
    ``indicator_weights`` map ids to non-negative floats; ids left out keep the
    definition's weight. (The dicts make instances unhashable; use :meth:`key` to
    key caches.)
    """

    definition_id: str
    definition_version: str = ""
    year: int | None = None
    method: Method = "zscore"
    aggregation: Aggregation = "arithmetic"
    weights: dict[str, float] = field(default_factory=dict)
    indicator_weights: dict[str, float] = field(default_factory=dict)
    top_k: int = 3
    scheme: Scheme = "quantiles"
    name: str = ""
    note: str = ""
    created: datetime | None = None
    changed: datetime | None = None
    id: int | None = None

    # ------------------------------------------------------------------ helpers
    @classmethod
    def default(cls, definition: Definition, *, year: int | None = None, name: str = "") -> Scenario:
        """The definition's own weights, z-scores, arithmetic mean, top 3."""
        return cls(definition_id=definition.id, definition_version=definition.version, year=year,
                   weights=definition.default_weights(),
                   indicator_weights=definition.default_indicator_weights(), name=name)

    @classmethod
    def from_settings(cls, settings: Any, definition: Definition, *, name: str = "", note: str = "") -> Scenario:
        """From the UI's settings object (``definition_id``, ``year``, ``method``, ``aggregation``,
        ``weight_map``, ``indicator_weight_map``, ``top_k``, ``scheme``)."""
        return cls(definition_id=definition.id, definition_version=definition.version,
                   year=getattr(settings, "year", None), method=settings.method,
                   aggregation=getattr(settings, "aggregation", "arithmetic"),
                   weights=dict(settings.weight_map), indicator_weights=dict(settings.indicator_weight_map),
                   top_k=int(settings.top_k), scheme=getattr(settings, "scheme", "quantiles"), name=name, note=note)

    def key(self) -> tuple:
        """A hashable identity of the *view* (not name, note or times), for caches and comparisons."""
        return (self.definition_id, self.definition_version, self.year, self.method, self.aggregation,
                tuple(sorted(self.weights.items())), tuple(sorted(self.indicator_weights.items())),
                self.top_k, self.scheme)

    def with_(self, **changes: Any) -> Scenario:
        """A copy with some fields changed (``dataclasses.replace``)."""
        return replace(self, **changes)

    def resolved_weights(self, definition: Definition) -> tuple[dict[str, float], dict[str, float]]:
        """Full dimension and indicator weights (defaults filled in), validated."""
        return resolve_weights(definition, self.weights, self.indicator_weights)

    # ------------------------------------------------------------------ URL
    def to_query(self, definition: Definition | None = None) -> dict[str, str]:
        """Compact URL parameters (see the module docstring).

        With ``definition`` the dimension weights are completed with its defaults and
        only the indicator weights that differ from the definition are written; without
        it, exactly the weights held by the scenario are written.
        """
        dim_w = dict(self.weights)
        ind_w = dict(self.indicator_weights)
        if definition is not None:
            dim_w, ind_w = resolve_weights(definition, dim_w, ind_w)
            dim_w = {d: dim_w[d] for d in definition.dimension_ids}
            defaults = definition.default_indicator_weights()
            ind_w = {i: w for i, w in ind_w.items() if w != defaults[i]}
        q: dict[str, str] = {"def": self.definition_id}
        version = self.definition_version or (definition.version if definition is not None else "")
        if version:
            q["ver"] = version
        if self.year is not None:
            q["ar"] = str(int(self.year))
        q["metod"] = self.method
        if self.aggregation != "arithmetic":
            q["agg"] = self.aggregation
        q["v"] = ",".join(f"{k}:{format_weight(w)}" for k, w in dim_w.items())
        if ind_w:
            q["iv"] = ",".join(f"{k}:{format_weight(w)}" for k, w in ind_w.items())
        q["k"] = str(int(self.top_k))
        if self.scheme != "quantiles":
            q["klass"] = self.scheme
        if self.name:
            q["namn"] = self.name
        return q

    def to_query_string(self, definition: Definition | None = None) -> str:
        """``to_query`` as an URL query string (``:`` and ``,`` left readable)."""
        return urllib.parse.urlencode(self.to_query(definition), safe=":,", quote_via=urllib.parse.quote)


def _single(params: Mapping[str, Any], name: str) -> str | None:
    """One value of a parameter; Streamlit gives str, ``parse_qs`` gives lists (last wins)."""
    if name not in params:
        return None
    value = params[name]
    if isinstance(value, (list, tuple)):
        if not value:
            return None
        value = value[-1]
    return str(value).strip()


def _parse_weights(text: str, param: str, valid: Sequence[str], kind: str) -> dict[str, float]:
    out: dict[str, float] = {}
    if not text:
        return out
    for part in text.split(","):
        if not part.strip():
            continue
        key, sep, raw = part.partition(":")
        key = key.strip()
        if not sep:
            raise QueryError(param, f"'{part}' saknar ':' mellan id och vikt.",
                             hint="Skriv vikterna som id:vikt, t.ex. ekonomi:2.")
        if key not in valid:
            raise QueryError(param, f"okänd {kind} '{key}'.", hint=f"Giltiga id: {', '.join(valid)}.")
        if key in out:
            raise QueryError(param, f"{kind}en '{key}' förekommer två gånger.")
        try:
            w = float(raw.strip().replace(",", "."))
        except ValueError:
            raise QueryError(param, f"vikten för '{key}' är inte ett tal: '{raw}'.") from None
        if not math.isfinite(w) or w < 0:
            raise QueryError(param, f"vikten för '{key}' måste vara ett tal ≥ 0, inte '{raw}'.")
        out[key] = w
    return out


def _choice(params: Mapping[str, Any], name: str, default: str, options: Sequence[str], what: str) -> str:
    """A parameter that must be one of ``options`` (missing → ``default``)."""
    value = _single(params, name) or default
    if value not in options:
        raise QueryError(name, f"okänd {what} '{value}'.", hint=f"Välj en av: {', '.join(options)}.")
    return value


def from_query(
    params: Mapping[str, Any],
    definitions: Mapping[str, Definition] | Iterable[Definition],
    *,
    years: Iterable[int] | Mapping[str, Iterable[int]] | None = None,
    default_definition: str | None = None,
    max_top_k: int | None = None,
) -> Scenario:
    """Parse link parameters (``st.query_params`` or ``parse_qs`` output) into a scenario.

    ``years`` are the years with data (per definition id, or one list for all); when
    given, an absent year is an error. A missing ``def`` uses ``default_definition``
    (or the only definition). Missing optional parameters take the defaults. Raises
    :class:`QueryError` naming the parameter for anything unknown or malformed.
    """
    defs = dict(definitions) if isinstance(definitions, Mapping) else {d.id: d for d in definitions}
    def_id = _single(params, "def")
    if not def_id:
        def_id = default_definition or (next(iter(defs)) if len(defs) == 1 else None)
        if def_id is None:
            raise QueryError("def", "saknas.", hint=f"Giltiga definitioner: {', '.join(sorted(defs))}.")
    if def_id not in defs:
        raise QueryError("def", f"okänd indexdefinition '{def_id}'.",
                         hint=f"Giltiga definitioner: {', '.join(sorted(defs))}.")
    definition = defs[def_id]
    version = _single(params, "ver")
    if version and version != definition.version:
        raise QueryError("ver", f"länken gäller version '{version}' av '{def_id}', men den som finns nu är "
                                f"version '{definition.version}'.",
                         hint="Länken är inaktuell; välj vikterna på nytt.")

    year: int | None = None
    raw_year = _single(params, "ar")
    if raw_year:
        try:
            year = int(raw_year)
        except ValueError:
            raise QueryError("ar", f"'{raw_year}' är inte ett årtal.") from None
        if years is not None:
            allowed = years.get(def_id, ()) if isinstance(years, Mapping) else years
            allowed = sorted(int(y) for y in allowed)
            if year not in allowed:
                raise QueryError("ar", f"året {year} finns inte i data.",
                                 hint=f"Tillgängliga år: {', '.join(map(str, allowed)) or 'inga'}.")

    method = _choice(params, "metod", "zscore", METHODS, "normaliseringsmetod")
    aggregation = _choice(params, "agg", "arithmetic", AGGREGATIONS, "aggregering")
    scheme = _choice(params, "klass", "quantiles", SCHEMES, "klassindelning")

    dim_w = definition.default_weights()
    dim_w.update(_parse_weights(_single(params, "v") or "", "v", definition.dimension_ids, "dimension"))
    ind_w = definition.default_indicator_weights()
    ind_w.update(_parse_weights(_single(params, "iv") or "", "iv", definition.indicator_ids, "indikator"))
    try:
        resolve_weights(definition, dim_w, ind_w)
    except DataError as exc:
        raise QueryError("v" if sum(dim_w.values()) <= 0 else "iv", str(exc)) from None

    top_k = 3
    raw_k = _single(params, "k")
    if raw_k:
        try:
            top_k = int(raw_k)
        except ValueError:
            raise QueryError("k", f"'{raw_k}' är inte ett heltal.") from None
        limit = max_top_k if max_top_k is not None else MAX_TOP_K
        if not 1 <= top_k <= limit:
            raise QueryError("k", f"topp k måste vara mellan 1 och {limit}, inte {top_k}.")

    name = _single(params, "namn") or ""
    if len(name) > MAX_NAME:
        raise QueryError("namn", f"namnet är längre än {MAX_NAME} tecken.")

    return Scenario(definition_id=def_id, definition_version=definition.version, year=year,
                    method=method, aggregation=aggregation, weights=dim_w, indicator_weights=ind_w,
                    top_k=top_k, scheme=scheme, name=name)


Scenario.from_query = staticmethod(from_query)  # type: ignore[attr-defined]  # also reachable as a method


def parse_query_string(query: str) -> dict[str, str]:
    """``a=1&b=2`` (with or without a leading ``?``) → ``{"a": "1", "b": "2"}`` (last value wins)."""
    return {k: v[-1] for k, v in urllib.parse.parse_qs(query.lstrip("?"), keep_blank_values=True).items()}


__all__ = ["MAX_NAME", "QueryError", "Scenario", "format_weight", "from_query", "parse_query_string", "utcnow"]
