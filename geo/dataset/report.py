"""The join report: what matched between the area layer and the indicator table.

Before anything is scored, a planner must see which areas have no data, which rows
name no known area, which ids were normalised to match ("01" ↔ "1", case,
whitespace), duplicates, implausible values and dimensions that cannot be computed.
The report *collects* these; it never prints. ``to_text`` renders it for the CLI.

>>> canonical_id(" G01 "), canonical_id("g1"), canonical_id("Malmö hus"), canonical_id("MALMÖHUS")
('g1', 'g1', 'malmöhus', 'malmöhus')
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Literal

import numpy as np
import pandas as pd

from geo.definition import Definition
from geo.errors import DataError
from geo.i18n import short_list

_DIGITS = re.compile(r"\d+")
_KEY = ["area_id", "indicator_id", "year"]


def canonical_id(value: object) -> str:
    """Matching key for an area id: whitespace removed, case-folded, leading zeros of
    every digit run dropped ("G01" → "g1", "0123" → "123")."""
    text = "".join(str(value).split()).casefold()
    return _DIGITS.sub(lambda m: str(int(m.group())), text)


def match_ids(source_ids: pd.Series, target_ids: pd.Series) -> tuple[pd.Series, dict[str, str]]:
    """Map ``source_ids`` onto ``target_ids``: exact match first, then by :func:`canonical_id`.

    Returns the matched target id per source row (NaN when there is no match) and the
    changes applied ``{source id: target id}``. Target ids that share a canonical key
    are ambiguous and only match exactly.
    """
    targets = pd.Series(target_ids.astype(str).unique())
    exact = set(targets.tolist())
    keys = targets.map(canonical_id)
    unique_keys = keys[~keys.duplicated(keep=False)]
    by_key = dict(zip(unique_keys, targets[unique_keys.index]))
    changes: dict[str, str] = {}
    # Each distinct id once (a long table repeats every id for each indicator and year: 1.28 M rows had
    # 749,300 canonical_id calls); first-occurrence order, so ``changes`` is ordered as before.
    codes, uniques = pd.factorize(source_ids.astype(str))
    resolved: list[str | None] = []
    for sid in uniques.tolist():
        if sid in exact:
            resolved.append(sid)
        elif (hit := by_key.get(canonical_id(sid))) is not None:
            resolved.append(hit)
            changes[sid] = hit
        else:
            resolved.append(None)
    out = np.asarray(resolved, dtype=object)[codes] if len(codes) else np.asarray([], dtype=object)
    return pd.Series(out, index=source_ids.index, dtype=object), changes


def dimensions_without_data(definition: Definition, absent: Iterable[str],
                            weights: Mapping[str, float]) -> tuple[list[str], list[str]]:
    """**The rule for a dimension with no data at all** (the table, the CLI, the engine, the app):
    weighted 0 it is left out — the user said "without it" — and weighted above 0 it is refused,
    because an index silently computed without it would look comparable but is not.

    Returns ``(refused, left_out)``, both in the definition's order.

    >>> from geo.definition import load_definition
    >>> from geo.paths import demo_paths
    >>> d = load_definition(demo_paths().default_definition)
    >>> dimensions_without_data(d, ["delaktighet", "boende"], {"delaktighet": 0, "boende": 1})
    (['boende'], ['delaktighet'])
    """
    gone = set(absent)
    ids = [d for d in definition.dimension_ids if d in gone]
    refused = [d for d in ids if float(weights.get(d, definition.dimension(d).weight)) > 0]
    return refused, [d for d in ids if d not in refused]


def refused_text(refused: Iterable[str], *, year: int | None = None) -> str:
    """Why scoring is refused (Swedish): dimensions weighted above 0 that have no data."""
    where = "i tabellen" if year is None else f"i tabellen för år {year}"
    return f"Dimensioner helt utan indikatorer {where}: {short_list(refused)}."


def refused_hint(definition: Definition, refused: Iterable[str]) -> str:
    """The way out (Swedish): weight 0 means "without it"."""
    labels = short_list(definition.dimension(d).label for d in refused)
    return (f"Sätt vikten för {labels} till 0 för att beräkna indexet utan den, eller lägg till "
            "dimensionens indikatorer i tabellen.")


def left_out_text(definition: Definition, dim_id: str) -> str:
    """The note for a dimension weighted 0 without data (Swedish), e.g.
    "Delaktighet saknar data och ingår inte (vikt 0)."."""
    return f"{definition.dimension(dim_id).label} saknar data och ingår inte (vikt 0)."


@dataclass
class JoinReport:
    """Everything found when joining an indicator table to an area layer."""

    n_areas: int
    n_rows: int
    areas_without_data: list[str] = field(default_factory=list)
    unmatched_rows: pd.DataFrame = field(default_factory=pd.DataFrame)
    duplicate_area_ids: list[str] = field(default_factory=list)
    duplicate_rows: pd.DataFrame = field(default_factory=pd.DataFrame)
    id_changes: dict[str, str] = field(default_factory=dict)
    out_of_range: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: Dimensions none of whose indicators are in the table (whatever their weight; see
    #: :func:`dimensions_without_data` for which of them block and which are left out).
    missing_dimensions: list[str] = field(default_factory=list)
    missing_indicators: list[str] = field(default_factory=list)
    unknown_indicators: list[str] = field(default_factory=list)
    suppressed: pd.DataFrame = field(default_factory=pd.DataFrame)
    missing_values: pd.DataFrame = field(default_factory=pd.DataFrame)
    repaired_geometries: list[str] = field(default_factory=list)
    zero_variance: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    matched: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)
    #: The definition joined against; its dimension weights unless :meth:`for_weights` set others.
    definition: Definition | None = field(default=None, repr=False)
    weights: dict[str, float] = field(default_factory=dict)

    def for_weights(self, weights: Mapping[str, float]) -> JoinReport:
        """The same report judged with these dimension weights (the CLI's ``--weights``, the app's
        sliders): a dimension without data blocks only when it is weighted above 0."""
        return replace(self, weights={**self.weights, **{k: float(v) for k, v in weights.items()}})

    def _without_data(self) -> tuple[list[str], list[str]]:
        if self.definition is None:
            return list(self.missing_dimensions), []
        return dimensions_without_data(self.definition, self.missing_dimensions, self.weights)

    @property
    def errors(self) -> list[str]:
        """Problems that make the data unusable until fixed (Swedish), with the report's weights."""
        out = self.data_errors
        refused = self._without_data()[0]
        if refused:
            hint = f" {refused_hint(self.definition, refused)}" if self.definition is not None else ""
            out.append(refused_text(refused) + hint)
        return out

    @property
    def left_out(self) -> list[str]:
        """Notes on dimensions without data that are weighted 0 and so left out of the index."""
        if self.definition is None:
            return []
        return [left_out_text(self.definition, d) for d in self._without_data()[1]]

    @property
    def data_errors(self) -> list[str]:
        """Errors that no weighting can fix (the app loads a folder unless one of these is found;
        a dimension without data is judged per view by the engine)."""
        out = []
        if self.duplicate_area_ids:
            out.append(f"Områdeslagret har id som bara skiljer sig i skiftläge, mellanslag eller inledande nollor: "
                       f"{short_list(self.duplicate_area_ids)}.")
        if len(self.duplicate_rows):
            r = self.duplicate_rows.iloc[0]
            out.append(f"{len(self.duplicate_rows)} värden förekommer mer än en gång (samma område, indikator och "
                       f"år), t.ex. {r['area_id']}/{r['indicator_id']}/{r['year']}. Ta bort dubbletterna.")
        if self.matched.empty or self.matched["value"].notna().sum() == 0:
            out.append("Inga värden kunde kopplas till något område.")
        if self.n_areas < 2:
            out.append(f"Områdeslagret har bara {self.n_areas} område: indexet jämför områden med varandra och "
                       "behöver minst två. Lägg till alla områden i lagret.")
        return out

    @property
    def warnings(self) -> list[str]:
        """Recoverable problems (Swedish, one line each): the data is usable but should be checked.
        The readers' notes (trimmed ids, title rows, repaired geometries, HTML in names …) come first."""
        out = list(self.notes)
        if self.id_changes:
            out.append("Id i tabellen normaliserades för att matcha områdeslagret (skiftläge, mellanslag eller "
                       f"inledande nollor): {short_list([f'{k!r} → {v!r}' for k, v in self.id_changes.items()])}. "
                       "Kontrollera att det är rätt områden.")
        if len(self.unmatched_rows):
            ids = self.unmatched_rows["area_id"].unique().tolist()
            out.append(f"{len(self.unmatched_rows)} rader i tabellen har area_id som inte finns i områdeslagret "
                       f"och ignoreras: {short_list(ids)}.")
        if self.areas_without_data and len(self.areas_without_data) < self.n_areas:
            out.append(f"{len(self.areas_without_data)} områden saknar data (får inget index): "
                       f"{short_list(self.areas_without_data)}.")
        if len(self.out_of_range):
            vals = [f"{r.area_id}/{r.indicator_id}/{r.year} = {r.value:g} (tillåtet {r.min:g}–{r.max:g})"
                    for r in self.out_of_range.itertuples()]
            out.append(f"Värden utanför rimligt intervall (område/indikator/år): {short_list(vals)}. Kontrollera om "
                       "värdet är en andel i procent (0–100) och rätta källan.")
        if self.definition is None:
            partly = [] if self.missing_dimensions else list(self.missing_indicators)
        else:  # indicators of a dimension that is missing altogether are said once, by dimension
            whole = {i.id for d in self.missing_dimensions for i in self.definition.dimension(d).indicators}
            partly = [i for i in self.missing_indicators if i not in whole]
        if partly:
            out.append(f"Indikatorer som saknas helt i tabellen: {short_list(partly)}; dimensionerna "
                       "beräknas av de övriga indikatorerna.")
        out += self.left_out
        if self.unknown_indicators:
            out.append(f"Okända indikatorer (finns inte i definitionen, ignoreras): {short_list(self.unknown_indicators)}.")
        if self.zero_variance:
            out.append(f"Indikatorer med samma värde i alla områden: {short_list(self.zero_variance)}. De skiljer inte "
                       "områdena åt och påverkar inte rangordningen (alla får det neutrala värdet).")
        return out

    @property
    def usable(self) -> bool:
        """True when the matched table can be scored (no blocking errors)."""
        return not self.errors

    def to_text(self, lang: Literal["sv", "en"] = "sv") -> str:
        """A plain-text report (Swedish by default) for the CLI and for downloads."""
        sv = lang == "sv"
        n_matched = self.n_areas - len(self.areas_without_data)
        lines = [("Kopplingsrapport" if sv else "Join report"),
                 (f"Områden: {self.n_areas}, varav {n_matched} med data. Rader i tabellen: {self.n_rows}."
                  if sv else f"Areas: {self.n_areas}, {n_matched} with data. Table rows: {self.n_rows}.")]
        def item(sv_text: str, en_text: str, values) -> None:
            if len(values):
                lines.append(f"- {sv_text if sv else en_text}: {short_list(values)}")
        item("Områden utan data", "Areas without data", self.areas_without_data)
        if len(self.unmatched_rows):
            ids = self.unmatched_rows["area_id"].unique().tolist()
            item(f"Rader utan matchande område ({len(self.unmatched_rows)} rader)",
                 f"Rows with no matching area ({len(self.unmatched_rows)} rows)", ids)
        item("Dubbletter bland områdenas id", "Duplicate area ids", self.duplicate_area_ids)
        if len(self.duplicate_rows):
            dups = [f"{r.area_id}/{r.indicator_id}/{r.year}" for r in self.duplicate_rows.itertuples()]
            item("Dubblerade värden", "Duplicate values", dups)
        item("Id normaliserade för att matcha", "Ids normalised to match",
             [f"'{k}' → '{v}'" for k, v in self.id_changes.items()])
        if len(self.out_of_range):
            vals = [f"{r.area_id}/{r.indicator_id}/{r.year} = {r.value:g} (tillåtet {r.min:g}–{r.max:g})"
                    for r in self.out_of_range.itertuples()]
            item("Värden utanför rimligt intervall", "Values out of range", vals)
        item("Dimensioner utan indikatorer", "Dimensions without indicators", self.missing_dimensions)
        item("Indikatorer som saknas i tabellen", "Indicators missing from the table", self.missing_indicators)
        item("Okända indikatorer (ignoreras)", "Unknown indicators (ignored)", self.unknown_indicators)
        if len(self.suppressed):
            item(f"Undertryckta eller saknade celler ({len(self.suppressed)})",
                 f"Suppressed or missing cells ({len(self.suppressed)})",
                 [f"{r.area_id}/{r.indicator_id}/{r.year}" for r in self.suppressed.itertuples()])
        if len(self.missing_values):
            item(f"Värden som saknas helt (ingen rad, {len(self.missing_values)})",
                 f"Values absent (no row, {len(self.missing_values)})",
                 [f"{r.area_id}/{r.indicator_id}/{r.year}" for r in self.missing_values.itertuples()])
        item("Geometrier reparerade med make_valid", "Geometries repaired with make_valid", self.repaired_geometries)
        item("Indikatorer utan variation (samma värde i alla områden)", "Indicators without variation",
             self.zero_variance)
        lines += [f"- {'Anmärkning' if sv else 'Note'}: {note}" for note in [*self.notes, *self.left_out]]  # Swedish
        errors = self.errors
        if errors:
            lines.append("Ej användbart:" if sv else "Not usable:")
            lines += [f"  * {e}" for e in errors]
        else:
            lines.append("Användbart: ja." if sv else "Usable: yes.")
        return "\n".join(lines)


def join_report(areas: pd.DataFrame, indicators: pd.DataFrame, definition: Definition) -> JoinReport:
    """Join a long indicator table (from :func:`geo.readers.indicators.to_long`, duplicates kept or not) to
    the areas and report every problem. ``report.matched`` is the normalised table."""
    area_ids = areas["area_id"].astype(str)
    akeys = area_ids.map(canonical_id)
    dup_area = sorted(area_ids[akeys.duplicated(keep=False)].tolist())
    matched_ids, changes = match_ids(indicators["area_id"], area_ids)
    frame = indicators.copy()
    frame["area_id"] = matched_ids
    unmatched = indicators.loc[matched_ids.isna(), [c for c in _KEY if c in indicators.columns]]
    frame = frame[matched_ids.notna()]
    dup_mask = frame.duplicated(_KEY, keep=False)
    duplicate_rows = (frame[dup_mask].groupby(_KEY).size().rename("count").reset_index()
                      if dup_mask.any() else pd.DataFrame(columns=[*_KEY, "count"]))
    known = set(definition.indicator_ids)
    present = set(frame.loc[frame["value"].notna() | frame.get("suppressed", False), "indicator_id"]
                  .unique().tolist())
    in_def = frame[frame["indicator_id"].isin(known)]
    with_values = in_def[in_def["value"].notna()]
    # Sets built once (inside the comprehension the set cost 90 s at 6,000 areas) and plain lists:
    # iterating an Arrow-backed Series element by element is ~10× slower than a list.
    have_values = set(with_values["area_id"].tolist())
    area_list = area_ids.tolist()
    areas_without = [a for a in area_list if a not in have_values]
    ranges = pd.DataFrame([(i.id, *i.range) for i in definition.indicators if i.range],
                          columns=["indicator_id", "min", "max"])
    oor = with_values.merge(ranges, on="indicator_id")
    oor = oor[(oor["value"] < oor["min"]) | (oor["value"] > oor["max"])][[*_KEY, "value", "min", "max"]]
    suppressed = (in_def.loc[in_def["suppressed"], _KEY] if "suppressed" in in_def.columns
                  else pd.DataFrame(columns=_KEY))
    without = set(areas_without)
    missing_values = _absent(in_def, [a for a in area_list if a not in without])
    ids_in_table = set(indicators["indicator_id"].unique().tolist())
    missing_dims = [d.id for d in definition.dimensions if not any(i.id in ids_in_table for i in d.indicators)]
    spread = with_values.groupby(["indicator_id", "year"])["value"].agg(["min", "max", "count"])
    flat = spread[(spread["count"] >= 2) & ((spread["max"] - spread["min"]).abs() <= 1e-12 * spread["max"].abs()
                                            .clip(lower=1.0))]
    zero_variance = [f"{key[0]} {key[1]} (= {row['min']:g})" for key, row in flat.iterrows()
                     if isinstance(key, tuple)]
    notes = [*areas.attrs.get("warnings", []), *indicators.attrs.get("warnings", [])]
    return JoinReport(
        n_areas=len(areas), n_rows=len(indicators),
        areas_without_data=areas_without,
        unmatched_rows=unmatched.reset_index(drop=True),
        duplicate_area_ids=dup_area,
        duplicate_rows=duplicate_rows,
        id_changes=changes,
        out_of_range=oor.reset_index(drop=True),
        missing_dimensions=missing_dims,
        missing_indicators=[i for i in definition.indicator_ids if i not in ids_in_table],
        unknown_indicators=sorted(present - known - set(definition.follow_up_ids)),
        suppressed=suppressed.reset_index(drop=True),
        missing_values=missing_values,
        repaired_geometries=list(areas.attrs.get("repaired_ids", [])),
        zero_variance=zero_variance,
        notes=list(dict.fromkeys(notes)),
        matched=frame.reset_index(drop=True),
        definition=definition,
        weights=definition.default_weights(),
    )


def _absent(in_def: pd.DataFrame, area_ids: list[str]) -> pd.DataFrame:
    """(area, indicator, year) with no row at all, for indicators and years the table has;
    areas with no data at all are listed elsewhere."""
    areas, indicators, years = (in_def[c].tolist() for c in ("area_id", "indicator_id", "year"))
    have = set(zip(areas, indicators, years))
    rows = [(a, i, y) for (y, i) in sorted(set(zip(years, indicators)))
            for a in area_ids if (a, i, y) not in have]
    return pd.DataFrame(rows, columns=_KEY)


def matched_indicators(areas: pd.DataFrame, indicators: pd.DataFrame, definition: Definition) -> pd.DataFrame:
    """The indicator table with area ids normalised to the layer's spelling and rows with
    no matching area dropped; ready for :func:`geo.engine.scoring.score`. Raises
    :class:`DataError` when the join is not usable (see :attr:`JoinReport.errors`)."""
    report = join_report(areas, indicators, definition)
    if not report.usable:
        raise DataError("indikatortabellen kan inte kopplas till områdena: " + " ".join(report.errors),
                        hint="Kör 'python -m geo validate' för hela kopplingsrapporten.")
    return report.matched


def results_match(areas: pd.DataFrame, results: pd.DataFrame) -> tuple[list[str], list[str]]:
    """Result ids with no area, and area ids with no result row (ids matched as in the join report)."""
    ids = pd.Series(results.index.astype(str), index=results.index)
    matched, _ = match_ids(ids, areas["area_id"].astype(str))
    unmatched = ids[matched.isna().to_numpy()].tolist()
    have = set(matched.dropna())
    return unmatched, [a for a in areas["area_id"].astype(str) if a not in have]
