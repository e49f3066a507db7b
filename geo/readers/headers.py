"""Guesses about a user's columns: which is the id, which the name, what each header should map to.

The import page preselects these so a planner confirms instead of typing; every guess
can be overridden there. Pure functions on headers and frames (no widgets), tested on
their own.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from geo.definition import Definition
from geo.errors import DataError
from geo.readers.mapping import KEY_COLUMNS, Suggestion, Target, best_mapping, key_score, mapping_toml, suggest_mapping

TableKind = Literal["indicators", "results"]

#: A suggestion at least this good is preselected; below it the header is ignored by default.
#: 0.8 = every concept word of the indicator found with at most a few extra words (recall 70 %,
#: precision 30 % of the score, :func:`geo.readers.wording.compare`); "Ekonomisk standard" for
#: "utan låg ekonomisk standard" (two of three words, 0.77) stays a choice the planner makes.
SUGGEST_CUTOFF = 0.8
#: Columns a table may have that are neither ids nor indicators (not offered for mapping).
EXTRA_COLUMNS = frozenset({"numerator", "denominator", "suppressed", "method", "n_fine", "n_missing", "rank", "flags"})
#: The choice "do not use this column" in a mapping.
IGNORE = "__ignore__"


def _is_text(values: pd.Series) -> bool:
    """Text that is not numbers written as text (a name is never "21" or "3,5")."""
    if pd.api.types.is_numeric_dtype(values):
        return False
    text = values.dropna().astype(str).str.strip()
    numeric = pd.to_numeric(text.str.replace(",", ".", regex=False), errors="coerce").notna()
    return len(text) > 0 and numeric.mean() < 0.5


def guess_area_columns(attrs: pd.DataFrame) -> tuple[str, str]:
    """Best guess of a layer's id and name columns.

    ``area_id``/``area_name`` when present; else the id is the column with unique,
    non-missing values that looks most like an id ("kod", "GeSO", "DeSO" …), and the
    name the text column (never numbers, even written as text) that looks most like a name,
    preferring mostly unique values (a parent area repeated on every row is not a name), then
    a name-like header, then another column than the id (the id itself when it is the only
    text, as in a layer of stadsdelar named by their name). Ties go to the column further left.
    """
    cols = [str(c) for c in attrs.columns]
    if not cols:
        raise DataError("lagret har inga attributkolumner.", hint="Lagret behöver en kolumn med områdets id.")
    unique = [c for c in cols if attrs[c].notna().all() and attrs[c].is_unique] or cols
    id_col = "area_id" if "area_id" in cols else max(unique, key=lambda c: (key_score(c, "area_id"), -cols.index(c)))
    if "area_name" in cols:
        return id_col, "area_name"
    candidates = [c for c in cols if _is_text(attrs[c])] or [id_col]

    def rank(c: str) -> tuple[bool, float, bool, float, int]:
        values = attrs[c].dropna()
        share_unique = values.nunique() / len(values) if len(values) else 0.0
        return share_unique >= 0.9, key_score(c, "area_name"), c != id_col, share_unique, -cols.index(c)

    return id_col, max(candidates, key=rank)


#: What each key column is, for the mapping choices (Swedish, English).
KEY_LABELS: dict[str, tuple[str, str]] = {
    "area_id": ("områdets id (kod)", "area id (code)"),
    "area_name": ("områdets namn", "area name"),
    "year": ("år", "year"),
    "indicator_id": ("indikatorns namn (lång form)", "indicator name (long form)"),
    "value": ("värde (lång form)", "value (long form)"),
    "index": ("index", "index"),
}


def describe_target(definition: Definition, target: str, lang: str = "sv") -> str:
    """A mapping choice as a planner reads it: the indicator's label, unit and direction, and its
    dimension ("Boende (högre är bättre): Andel som inte är trångbodda, %"), not a bare id. The
    direction comes first, so a narrow box cuts the unit rather than the direction."""
    en = lang == "en"
    if target in KEY_LABELS:
        return f"{target} – {KEY_LABELS[target][en]}"
    for dim in definition.dimensions:
        if dim.id == target:
            return dim.display_label(lang)
        for ind in dim.indicators:
            if ind.id == target:
                label = ind.display_label(lang)
                better = ("högre är bättre", "higher is better") if ind.polarity > 0 else \
                    ("högre är sämre", "higher is worse")
                dim_label = dim.display_label(lang)
                unit_text = f", {ind.unit}" if ind.unit else ""
                return f"{dim_label} ({better[en]}): {label}{unit_text}"
    return target


def can_flip(definition: Definition, target: str) -> bool:
    """Whether ``100-x`` makes sense for the target: only for a share indicator (unit %)."""
    return any(ind.id == target and ind.unit == "%" for ind in definition.indicators)


def targets(definition: Definition, kind: TableKind) -> list[str]:
    """Ids a header can be mapped to: key columns, then indicator ids (or dimension ids and ``index``)."""
    if kind == "results":
        return ["area_id", "area_name", "year", *definition.dimension_ids, "index"]
    return [*KEY_COLUMNS, *definition.indicator_ids]


def headers_to_map(headers: Sequence[str], definition: Definition, kind: TableKind) -> list[str]:
    """Headers that are not already an id the reader understands (case-insensitive)."""
    known = {x.lower() for x in targets(definition, kind)} | EXTRA_COLUMNS
    return [h for h in headers if str(h).strip().lower() not in known]


def default_choices(headers: Sequence[str], definition: Definition, kind: TableKind) -> dict[str, Target]:
    """Preselected target per header: the best direction-safe suggestion ≥ :data:`SUGGEST_CUTOFF`
    (with its transform, e.g. ``100-x``), else ``Target(IGNORE)``."""
    return _choose(suggest_mapping(list(headers), definition, kind=kind), definition, kind)


def _choose(suggestions: dict[str, list[Suggestion]], definition: Definition, kind: TableKind) -> dict[str, Target]:
    allowed = set(targets(definition, kind))
    usable = {h: [s for s in v if s.target in allowed] for h, v in suggestions.items()}
    best = best_mapping(usable, cutoff=SUGGEST_CUTOFF)
    return {h: best.get(h, Target(IGNORE)) for h in suggestions}


@dataclass(frozen=True)
class Proposal:
    """The mapping proposed for a table: what each header (and long-form indicator name) becomes,
    the score behind each choice, and what was left out (with its best guess below the cutoff)."""

    mapping: dict[str, Target]
    scores: dict[str, float]
    left_out: dict[str, str]
    already_ids: tuple[str, ...]

    def to_toml(self) -> str:
        """The proposal as a mapping file (:func:`geo.readers.mapping.load_mapping` reads it back)."""
        comments = {h: f"poäng {self.scores[h]:.2f}" + (" — motsatt innebörd: 100 − värdet" if t.transform else "")
                    for h, t in self.mapping.items()}
        footer = []
        if self.already_ids:
            footer += ["", "Redan id i definitionen (ingen mappning behövs): " + ", ".join(self.already_ids)]
        if self.left_out:
            footer += ["", f"Utelämnade rubriker (inget förslag med poäng ≥ {SUGGEST_CUTOFF}); lägg till dem för hand:"]
            footer += [f"  {json.dumps(h, ensure_ascii=False)}{f'  (närmast: {why})' if why else ''}" for h, why in self.left_out.items()]
        return mapping_toml(self.mapping, comments=comments, footer=footer)


def _name_as_key(mapping: dict[str, Target], headers: Sequence[str]) -> None:
    """A table needs ``area_id`` to join; its one "Område" column (guessed as the name) is then the key."""
    has_id = any(t.id == "area_id" for t in mapping.values()) or any(h.strip().lower() == "area_id" for h in headers)
    names = [h for h, t in mapping.items() if t.id == "area_name"]
    if not has_id and len(names) == 1:
        mapping[names[0]] = Target("area_id")


def propose_mapping(frame: pd.DataFrame, definition: Definition, kind: TableKind = "indicators") -> Proposal:
    """Direction-safe mapping for a table's headers and, in long form, its indicator names."""
    headers = [str(c) for c in frame.columns]
    to_map = headers_to_map(headers, definition, kind)
    suggestions = suggest_mapping(to_map, definition, kind=kind)  # once: the choices and their scores
    choices = _choose(suggestions, definition, kind)
    lower = {h.strip().lower(): h for h in headers}
    id_col = lower.get("indicator_id") or next((h for h, t in choices.items() if t.id == "indicator_id"), None)
    names: list[str] = []
    if kind == "indicators" and id_col is not None:
        names = sorted({str(v).strip() for v in frame[id_col].dropna()} - set(definition.indicator_ids) - {""})
        value_suggestions = suggest_mapping(names, definition, kind="indicators")
        suggestions.update(value_suggestions)
        value_choices = _choose(value_suggestions, definition, "indicators")
        choices.update({n: c for n, c in value_choices.items() if c.id not in KEY_COLUMNS})
    mapping = {h: c for h, c in choices.items() if c.id != IGNORE}
    _name_as_key(mapping, headers)
    scores = {h: suggestions[h][0].score if suggestions.get(h) else 0.0 for h in mapping}
    left_out = {}
    for h in [*to_map, *names]:
        if h in mapping:
            continue
        near = suggestions.get(h) or []
        left_out[h] = (f"{near[0].target}{' med 100-x' if near[0].transform else ''}, poäng {near[0].score:.2f}"
                       if near else "")
    already = tuple(h for h in headers if h not in to_map)
    return Proposal(mapping, scores, left_out, already)


__all__ = ["EXTRA_COLUMNS", "IGNORE", "KEY_LABELS", "SUGGEST_CUTOFF", "Proposal", "TableKind", "can_flip",
           "default_choices", "describe_target",
           "guess_area_columns", "headers_to_map", "propose_mapping", "targets"]
