"""Follow-up plans as data: targets for 2030 and 2035 read from a TOML file.

The city council set the områdeslyft's goal and its follow-up points (2030, 2035); the
committees will set and revise targets per indicator. Like the index definition
(:mod:`geo.definition`), a plan is a file in ``data/targets/`` (or a city folder's
``targets/``), not code. See ``data/targets/demo-omradeslyft.toml`` for the format:

``[plan]``
    ``id``, ``name`` (``name_en``), ``source``, ``decision`` (the decision it rests on),
    ``base_year`` (the year targets are measured from; default: the definition's
    ``follow_up_start``), ``trend_years`` (n: the trend is the least-squares slope over the
    last n years with data, at least 3), ``synthetic`` (true for made-up examples).
``[[targets]]``, one per indicator, scope and year
    ``indicator`` (an index or follow-up indicator id), ``year`` (e.g. 2030), ``scope``
    (``"city"``: the city as a whole; ``"areas"``: each area, or those in ``areas``), and
    either ``value`` (an absolute value in the indicator's unit) or ``close_gap`` (per cent of
    the base year's gap to the city value that each area closes by ``year``; areas only),
    with optional ``source`` and ``decision``.

The arithmetic (needed yearly change, trend, status) is in :mod:`geo.engine.progress`.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from geo.errors import DataError
from geo.tomlfile import read_toml

_ID = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
SCOPES = ("city", "areas")
#: The shortest trend window: a line through two points is not a trend.
MIN_TREND_YEARS = 3


@dataclass(frozen=True)
class Target:
    """One target: an indicator's value (or gap closed) by a year, for the city or the areas."""

    indicator: str
    year: int
    scope: str
    value: float | None = None
    close_gap: float | None = None
    areas: tuple[str, ...] = ()
    source: str = ""
    decision: str = ""

    def applies_to(self, area_id: str) -> bool:
        return self.scope == "areas" and (not self.areas or area_id in self.areas)


@dataclass(frozen=True)
class Plan:
    """A follow-up plan: its targets, the base year and the trend window."""

    id: str
    name: str
    targets: tuple[Target, ...]
    trend_years: int = 4
    base_year: int | None = None
    name_en: str = ""
    source: str = ""
    decision: str = ""
    synthetic: bool = False
    path: str = field(default="", compare=False)

    @property
    def years(self) -> tuple[int, ...]:
        """The target years, ascending (e.g. 2030, 2035)."""
        return tuple(sorted({t.year for t in self.targets}))

    @property
    def indicator_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(t.indicator for t in self.targets))

    def display_name(self, lang: str = "sv") -> str:
        return (self.name_en or self.name) if lang == "en" else self.name


def _year(value: object, where: str, file: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1900 <= value <= 2100:
        raise DataError(f"{where} måste vara ett årtal, inte {value!r}.", file=file, hint="T.ex. 2030.")
    return value


def _number(value: object, where: str, file: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
        raise DataError(f"{where} måste vara ett tal, inte {value!r}.", file=file)
    return float(value)


def _target(raw: object, n: int, file: str) -> Target:
    where = f"mål nr {n} ([[targets]])"
    if not isinstance(raw, dict):
        raise DataError(f"{where} är ingen tabell.", file=file)
    indicator = raw.get("indicator")
    if not isinstance(indicator, str) or not indicator:
        raise DataError(f"{where} saknar 'indicator'.", file=file, hint="Ange indikatorns id, t.ex. 'forvarvsarbetande'.")
    where = f"målet för '{indicator}' ({where})"
    year = _year(raw.get("year"), f"year i {where}", file)
    scope = raw.get("scope", "areas")
    if scope not in SCOPES:
        raise DataError(f"scope i {where} måste vara 'city' eller 'areas', inte {scope!r}.", file=file,
                        hint="'city' = staden som helhet, 'areas' = varje område.")
    has_value, has_gap = "value" in raw, "close_gap" in raw
    if has_value == has_gap:
        raise DataError(f"{where} ska ha antingen 'value' eller 'close_gap'.", file=file,
                        hint="value = ett absolut värde; close_gap = andel (%) av gapet till staden som ska slutas.")
    value = _number(raw["value"], f"value i {where}", file) if has_value else None
    gap = _number(raw["close_gap"], f"close_gap i {where}", file) if has_gap else None
    if gap is not None and (scope == "city" or not 0 < gap <= 100):
        raise DataError(f"close_gap i {where} måste vara 0–100 och gälla områden (scope = 'areas').", file=file,
                        hint="Staden som helhet har inget gap till sig själv; ange value i stället.")
    areas = raw.get("areas", [])
    if not isinstance(areas, list) or not all(isinstance(a, str) for a in areas) or (areas and scope == "city"):
        raise DataError(f"areas i {where} måste vara en lista med områdes-id och bara för scope = 'areas'.",
                        file=file)
    return Target(indicator=indicator, year=year, scope=scope, value=value, close_gap=gap, areas=tuple(areas),
                  source=str(raw.get("source", "")), decision=str(raw.get("decision", "")))


def parse_plan(data: dict, *, file: str = "<plan>") -> Plan:
    """Validate a parsed TOML document and build a :class:`Plan`."""
    head = data.get("plan")
    if not isinstance(head, dict):
        raise DataError("tabellen [plan] saknas.", file=file,
                        hint="Filen måste börja med [plan] med id och name; se data/targets/demo-omradeslyft.toml.")
    plan_id = head.get("id")
    if not isinstance(plan_id, str) or not _ID.match(plan_id):
        raise DataError(f"id {plan_id!r} i [plan] är ogiltigt.", file=file,
                        hint="Använd gemena bokstäver, siffror, '-', '.' och '_'.")
    name = head.get("name")
    if not isinstance(name, str) or not name.strip():
        raise DataError("name saknas i [plan].", file=file)
    n_years = head.get("trend_years", 4)
    if isinstance(n_years, bool) or not isinstance(n_years, int) or n_years < MIN_TREND_YEARS:
        raise DataError(f"trend_years i [plan] måste vara ett heltal ≥ {MIN_TREND_YEARS}, inte {n_years!r}.",
                        file=file, hint="Trenden skattas med minsta kvadrat över de senaste n åren.")
    base = head.get("base_year")
    raw_targets = data.get("targets")
    if not isinstance(raw_targets, list) or not raw_targets:
        raise DataError("inga [[targets]] hittades.", file=file, hint="Ange minst ett mål.")
    targets = tuple(_target(raw, n, file) for n, raw in enumerate(raw_targets, start=1))
    seen: set[tuple[str, int, str, tuple[str, ...]]] = set()
    for tg in targets:
        key = (tg.indicator, tg.year, tg.scope, tg.areas)
        if key in seen:
            raise DataError(f"målet för '{tg.indicator}' år {tg.year} ({tg.scope}) anges två gånger.", file=file)
        seen.add(key)
    return Plan(id=plan_id, name=name.strip(), targets=targets, trend_years=n_years,
                base_year=None if base is None else _year(base, "base_year i [plan]", file),
                name_en=str(head.get("name_en", "")), source=str(head.get("source", "")),
                decision=str(head.get("decision", "")), synthetic=bool(head.get("synthetic", False)), path=file)


def load_plan(path: str | Path) -> Plan:
    """Read and validate a follow-up plan (TOML)."""
    path = Path(path)
    try:
        data = read_toml(path, what="målfilen")
    except FileNotFoundError:
        raise DataError("filen finns inte.", file=str(path), hint="Kontrollera sökvägen till målfilen.") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise DataError(f"kunde inte läsas som TOML ({exc}).", file=str(path),
                        hint="Rätta syntaxen; se data/targets/demo-omradeslyft.toml som mall.") from None
    return parse_plan(data, file=str(path))


def list_plans(folder: str | Path | None) -> list[Plan]:
    """Every plan in a folder, sorted by id (none without a folder; an invalid file raises)."""
    if folder is None or not Path(folder).is_dir():
        return []
    return sorted((load_plan(p) for p in Path(folder).glob("*.toml")), key=lambda p: p.id)


__all__ = ["MIN_TREND_YEARS", "SCOPES", "Plan", "Target", "list_plans", "load_plan", "parse_plan"]
