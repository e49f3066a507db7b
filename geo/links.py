"""The one URL codec for view settings: permalinks, named links and the scenario store use it.

URL parameters (Swedish names, as users read them)::

    def=malmo-2023&ver=2023.1&ar=2024&metod=zscore&v=delaktighet:1,utbildning:2,ekonomi:1,boende:1&k=3

============  ===========================================  ======================
parameter     meaning                                      written
============  ===========================================  ======================
``def``       definition id                                always
``ver``       definition version (older = stale link)      when known
``ar``        data year                                    when chosen
``metod``     normalisation method                         always
``agg``       aggregation                                  when not arithmetic
``v``         dimension weights ``id:w,…``                 always
``iv``        indicator weights ``id:w,…``                 those ≠ the definition
``k``         top k                                        always
``klass``     map classification                           when not quantiles
``sprak``     language (sv, en)                            when not sv
``bakgrund``  online background map (1)                    when on
``etiketter`` rank and name on the map (0 = off)           when off
============  ===========================================  ======================

:data:`PARAMS` has one row per field of :class:`~geo.settings.ViewSettings` (checked at
import), so a new setting is one row here. :func:`from_query` checks every parameter
against a :class:`Catalog` (the loaded definitions and years); anything unknown or
malformed raises :class:`QueryError` naming the parameter, so the app can say which one
and keep the defaults.

**Weights** are written as plain decimals: ASCII digits, an optional decimal point and
exponent (what :func:`~geo.settings.format_weight` writes). Anything else is malformed and
refused as "inte ett tal", even where Python's ``float`` would read it (``1_0`` = 10, a
full-width ``５``, ``inf``, ``nan``, ``-0``). Checked against a catalog (a link opened in the
app), a weight must also be one the widgets can show
(:func:`~geo.settings.weight_fits_slider`): within the sliders' range (0–5) **and on their
step** (0.5). A weight between the steps (``0.123``, ``2.25``, ``5e-324``) is **refused, not
rounded**: rounding would silently apply another view than the link's author saw (``5e-324``
would become 0 and change which dimensions count), and a slider showing 0.00 while a hidden
weight decides the ranking is exactly what must not happen. The message names the parameter
and the step, and the defaults are shown. Without a catalog (the scenario store's own text)
any finite weight ≥ 0 it wrote is read back as it was.
"""

from __future__ import annotations

import math
import re
import urllib.parse
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any

from geo.definition import Definition
from geo.settings import (
    AGGREGATIONS,
    LANGS,
    MAX_TOP_K,
    METHODS,
    SCHEMES,
    SettingsError,
    ViewSettings,
    Weights,
    as_weights,
    format_weight,
    slider_weight_problem,
)

_FALLBACK = "Standardinställningarna visas i stället."


class QueryError(SettingsError):
    """A link parameter that cannot be used; ``param`` names it (``def``, ``ar``, ``v`` …)."""

    def __init__(self, param: str, message: str, *, hint: str | None = None) -> None:
        self.param = param
        super().__init__(_FIELD_OF_PARAM.get(param, param), f"Länkens parameter '{param}': {message}",
                         hint=f"{hint} {_FALLBACK}" if hint else _FALLBACK)


#: Reads one parameter's text, given the catalog and the settings read so far.
Decoder = Callable[[str, "Catalog | None", dict[str, Any]], Any]


@dataclass(frozen=True)
class Param:
    """One URL parameter: which field it carries and how it is written and read."""

    name: str
    field: str
    encode: Callable[[Any], str]
    decode: Decoder
    #: Written when ``written(value, default)`` is true.
    written: Callable[[Any, Any], bool]
    default: Any = None


@dataclass(frozen=True)
class Catalog:
    """What a link is checked against: the definitions, the years with data per definition
    (``None``: not checked, e.g. for already computed results) and the top-k limit."""

    definitions: Mapping[str, Definition]
    years: Mapping[str, Sequence[int]] | None = None
    default_definition: str | None = None
    max_top_k: int = MAX_TOP_K

    @classmethod
    def of(cls, definitions: Iterable[Definition], **kwargs: Any) -> Catalog:
        return cls(definitions={d.id: d for d in definitions}, **kwargs)


def _always(value: Any, default: Any) -> bool:
    return value is not None and value != ""


def _not_default(value: Any, default: Any) -> bool:
    return bool(value != default)


def _non_empty(value: Any, default: Any) -> bool:
    return bool(value)


def _enc_weights(weights: Mapping[str, float]) -> str:
    return ",".join(f"{k}:{format_weight(w)}" for k, w in weights.items())


def _dec_text(raw: str, catalog: Catalog | None, seen: dict[str, Any]) -> str:
    return raw


def _dec_version(raw: str, catalog: Catalog | None, seen: dict[str, Any]) -> str:
    if catalog is not None and seen.get("definition_id") in catalog.definitions:
        definition = catalog.definitions[seen["definition_id"]]
        if raw != definition.version:
            raise QueryError("ver", f"länken gäller version '{raw}' av '{definition.id}', men den som finns nu är "
                                    f"version '{definition.version}'.", hint="Länken är inaktuell; välj vikterna på nytt.")
    return raw


def _year_decoder(param: str, what: str) -> Decoder:
    def decode(raw: str, catalog: Catalog | None, seen: dict[str, Any]) -> int:
        try:
            year = int(raw)
        except ValueError:
            raise QueryError(param, f"'{raw}' är inte ett årtal.") from None
        if catalog is not None and catalog.years is not None:
            allowed = sorted(int(y) for y in catalog.years.get(seen.get("definition_id", ""), ()))
            if year not in allowed:
                raise QueryError(param, f"{what} {year} finns inte i data.",
                                 hint=f"Tillgängliga år: {', '.join(map(str, allowed)) or 'inga'}.")
        return year
    return decode


_dec_year = _year_decoder("ar", "året")
_dec_reference_year = _year_decoder("ref", "referensåret")


def _dec_choice(param: str, options: Sequence[str], what: str) -> Decoder:
    def decode(raw: str, catalog: Catalog | None, seen: dict[str, Any]) -> str:
        if raw not in options:
            raise QueryError(param, f"okänd {what} '{raw}'.", hint=f"Välj en av: {', '.join(options)}.")
        return raw
    return decode


#: A weight as the codec writes it (:func:`~geo.settings.format_weight`): ASCII digits, an optional
#: decimal point and exponent; no sign, no ``_`` (``float`` reads ``1_0`` as 10), no ``inf``/``nan``,
#: no other scripts' digits (``float`` reads a full-width ``５`` as 5).
_WEIGHT_TEXT = re.compile(r"(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?", re.ASCII)


def _weight_number(text: str) -> float | None:
    """The weight ``text`` stands for, or None when it is not a plain finite number ≥ 0."""
    if not _WEIGHT_TEXT.fullmatch(text):
        return None
    w = float(text)
    return w if math.isfinite(w) else None


def _dec_weights(param: str, kind: str, ids: Callable[[Definition], Sequence[str]]
                 ) -> Decoder:
    def decode(raw: str, catalog: Catalog | None, seen: dict[str, Any]) -> Weights:
        definition = catalog.definitions.get(seen.get("definition_id", "")) if catalog else None
        valid = ids(definition) if definition is not None else None
        out: dict[str, float] = {}
        for part in raw.split(","):
            if not part.strip():
                continue
            key, sep, text = part.partition(":")
            key = key.strip()
            if not sep:
                raise QueryError(param, f"'{part}' saknar ':' mellan id och vikt.",
                                 hint="Skriv vikterna som id:vikt, t.ex. ekonomi:2.")
            if valid is not None and key not in valid:
                raise QueryError(param, f"okänd {kind} '{key}'.", hint=f"Giltiga id: {', '.join(valid)}.")
            if key in out:
                raise QueryError(param, f"{kind}en '{key}' förekommer två gånger.")
            w = _weight_number(text.strip())
            if w is None:
                raise QueryError(param, f"vikten för '{key}' är inte ett tal ≥ 0 skrivet med siffror: '{text}'.",
                                 hint="Skriv vikten med siffror och decimalpunkt, t.ex. ekonomi:2.5.")
            problem = slider_weight_problem(key, w, text.strip()) if catalog is not None else None
            if problem is not None:
                raise QueryError(param, problem[0], hint=problem[1])
            out[key] = w
        return as_weights(out)
    return decode


def _dec_top_k(raw: str, catalog: Catalog | None, seen: dict[str, Any]) -> int:
    try:
        top_k = int(raw)
    except ValueError:
        raise QueryError("k", f"'{raw}' är inte ett heltal.") from None
    limit = catalog.max_top_k if catalog is not None else MAX_TOP_K
    if not 1 <= top_k <= limit:
        raise QueryError("k", f"topp k måste vara mellan 1 och {limit}, inte {top_k}.")
    return top_k


def _dec_bool(param: str) -> Decoder:
    def decode(raw: str, catalog: Catalog | None, seen: dict[str, Any]) -> bool:
        if raw.lower() in ("1", "ja", "true", "on"):
            return True
        if raw.lower() in ("0", "nej", "false", "off", ""):
            return False
        raise QueryError(param, f"'{raw}' är inte 1 eller 0.")
    return decode


#: The URL parameters in the order they are written; one row per setting.
PARAMS: tuple[Param, ...] = (
    Param("def", "definition_id", str, _dec_text, _always),
    Param("ver", "definition_version", str, _dec_version, _non_empty),
    Param("ar", "year", lambda y: str(int(y)), _dec_year, _always),
    Param("ref", "reference_year", lambda y: str(int(y)), _dec_reference_year, _not_default, None),
    Param("metod", "method", str, _dec_choice("metod", METHODS, "normaliseringsmetod"), _always),
    Param("agg", "aggregation", str, _dec_choice("agg", AGGREGATIONS, "aggregering"), _not_default, "arithmetic"),
    Param("v", "weights", _enc_weights, _dec_weights("v", "dimension", lambda d: d.dimension_ids), _non_empty),
    Param("iv", "indicator_weights", _enc_weights, _dec_weights("iv", "indikator", lambda d: d.indicator_ids),
          _non_empty),
    Param("k", "top_k", lambda k: str(int(k)), _dec_top_k, _always),
    Param("klass", "scheme", str, _dec_choice("klass", SCHEMES, "klassindelning"), _not_default, "quantiles"),
    Param("sprak", "lang", str, _dec_choice("sprak", LANGS, "språk"), _not_default, "sv"),
    Param("bakgrund", "basemap", lambda b: "1", _dec_bool("bakgrund"), _not_default, False),
    Param("etiketter", "labels", lambda b: "1" if b else "0", _dec_bool("etiketter"), _not_default, True),
)
_FIELD_OF_PARAM = {p.name: p.field for p in PARAMS}
assert {p.field for p in PARAMS} == {f.name for f in fields(ViewSettings)}, "every setting has a URL parameter"


def single(params: Mapping[str, Any], name: str) -> str | None:
    """One value of a parameter; Streamlit gives str, ``parse_qs`` gives lists (last wins)."""
    if name not in params:
        return None
    value = params[name]
    if isinstance(value, (list, tuple)):
        if not value:
            return None
        value = value[-1]
    return str(value).strip()


def from_query(params: Mapping[str, Any], catalog: Catalog | None = None) -> ViewSettings:
    """Parse link parameters (``st.query_params`` or ``parse_qs`` output) into settings.

    With a ``catalog`` every parameter is checked against the loaded definitions and
    years, weights must be positions of the sliders (range and step, see the module
    docstring), and the weights are completed with the definition's defaults; a missing
    ``def`` takes the catalog's default. Without one (the scenario store) the text is
    only parsed. Anything unknown or malformed raises :class:`QueryError` naming the
    parameter, so the app can show it and keep the defaults.
    """
    def_id = single(params, "def")
    if not def_id and catalog is not None:
        def_id = catalog.default_definition or (next(iter(catalog.definitions))
                                                if len(catalog.definitions) == 1 else None)
    if not def_id:
        known = f"Giltiga definitioner: {', '.join(sorted(catalog.definitions))}." if catalog else None
        raise QueryError("def", "saknas.", hint=known)
    if catalog is not None and def_id not in catalog.definitions:
        raise QueryError("def", f"okänd indexdefinition '{def_id}'.",
                         hint=f"Giltiga definitioner: {', '.join(sorted(catalog.definitions))}.")
    seen: dict[str, Any] = {"definition_id": def_id}
    for p in PARAMS[1:]:
        raw = single(params, p.name)
        if raw is None or (raw == "" and p.field != "basemap"):
            continue
        seen[p.field] = p.decode(raw, catalog, seen)
    definition = catalog.definitions[def_id] if catalog is not None else None
    if definition is not None:
        seen.setdefault("definition_version", definition.version)
    try:
        settings = ViewSettings(**seen)
        if definition is not None:
            dim_w, ind_w = settings.resolve(definition)
            settings = settings.with_(weights=dim_w, indicator_weights=ind_w)
    except QueryError:
        raise
    except SettingsError as exc:
        param = next((p.name for p in PARAMS if p.field == exc.setting), exc.setting)
        raise QueryError(param, str(exc)) from None
    return settings


def parse_query_string(query: str) -> dict[str, str]:
    """``a=1&b=2`` (with or without a leading ``?``) → ``{"a": "1", "b": "2"}`` (last value wins)."""
    return {k: v[-1] for k, v in urllib.parse.parse_qs(query.lstrip("?"), keep_blank_values=True).items()}


def to_query(settings: ViewSettings, definition: Definition | None = None) -> dict[str, str]:
    """Compact URL parameters (see the module docstring).

    With ``definition`` the dimension weights are completed with its defaults and only
    indicator weights that differ from it are written; without it, exactly the weights
    the settings hold are written (what the scenario store keeps).
    """
    dim_w, ind_w = settings.weight_map, settings.indicator_weight_map
    if definition is not None:
        dim_w, ind_w = settings.resolve(definition)
        defaults = definition.default_indicator_weights()
        ind_w = {i: w for i, w in ind_w.items() if w != defaults[i]}
    values = {"weights": dim_w, "indicator_weights": ind_w,
              "definition_version": settings.definition_version or (definition.version if definition else "")}
    query: dict[str, str] = {}
    for p in PARAMS:
        value = values.get(p.field, getattr(settings, p.field))
        if p.written(value, p.default):
            query[p.name] = p.encode(value)
    return query


def to_query_string(settings: ViewSettings, definition: Definition | None = None) -> str:
    """:func:`to_query` as an URL query string (``:`` and ``,`` left readable)."""
    return urllib.parse.urlencode(to_query(settings, definition), safe=":,", quote_via=urllib.parse.quote)


__all__ = ["PARAMS", "Catalog", "Param", "QueryError", "from_query", "parse_query_string", "single", "to_query",
           "to_query_string"]
