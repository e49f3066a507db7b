"""Guesses about a user's columns: which is the id, which the name, what each header should map to.

The import page preselects these so a planner confirms instead of typing; every guess
can be overridden there. Pure functions on headers and frames (no widgets), tested on
their own.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import pandas as pd

from geo.definition import Definition
from geo.errors import DataError
from geo.readers.mapping import KEY_COLUMNS, best_mapping, suggest_mapping

TableKind = Literal["indicators", "results"]

#: A suggestion at least this good is preselected; below it the header is ignored by default.
SUGGEST_CUTOFF = 0.75
#: Columns a table may have that are neither ids nor indicators (not offered for mapping).
EXTRA_COLUMNS = frozenset({"numerator", "denominator", "suppressed", "method", "n_fine", "n_missing", "rank", "flags"})
#: The choice "do not use this column" in a mapping.
IGNORE = "__ignore__"

_NO_DEFINITION = Definition(id="none", name="", version="", dimensions=())


def _score(column: str, target: str) -> float:
    """How much ``column`` looks like the key column ``target`` (0–1)."""
    suggestions = suggest_mapping([column], _NO_DEFINITION, kind="results")[column]
    return max((s for tid, s in suggestions if tid == target), default=0.0)


def guess_area_columns(attrs: pd.DataFrame) -> tuple[str, str]:
    """Best guess of a layer's id and name columns.

    ``area_id``/``area_name`` when present; else the id is the column with unique,
    non-missing values that looks most like an id ("kod", "GeSO", "DeSO" …), and the
    name the text column that looks most like a name (a numeric column never is one).
    Ties go to the column further left.
    """
    cols = [str(c) for c in attrs.columns]
    if not cols:
        raise DataError("lagret har inga attributkolumner.", hint="Lagret behöver en kolumn med områdets id.")
    unique = [c for c in cols if attrs[c].notna().all() and attrs[c].is_unique] or cols
    id_col = "area_id" if "area_id" in cols else max(unique, key=lambda c: (_score(c, "area_id"), -cols.index(c)))
    text = [c for c in cols if c != id_col and not pd.api.types.is_numeric_dtype(attrs[c])] or \
        [c for c in cols if c != id_col] or [id_col]
    name_col = "area_name" if "area_name" in cols else max(text, key=lambda c: (_score(c, "area_name"),
                                                                                -cols.index(c)))
    return id_col, name_col


def targets(definition: Definition, kind: TableKind) -> list[str]:
    """Ids a header can be mapped to: key columns, then indicator ids (or dimension ids and ``index``)."""
    if kind == "results":
        return ["area_id", "area_name", "year", *definition.dimension_ids, "index"]
    return [*KEY_COLUMNS, *definition.indicator_ids]


def headers_to_map(headers: Sequence[str], definition: Definition, kind: TableKind) -> list[str]:
    """Headers that are not already an id the reader understands (case-insensitive)."""
    known = {x.lower() for x in targets(definition, kind)} | EXTRA_COLUMNS
    return [h for h in headers if str(h).strip().lower() not in known]


def default_choices(headers: Sequence[str], definition: Definition, kind: TableKind) -> dict[str, str]:
    """Preselected target per header: the best suggestion ≥ :data:`SUGGEST_CUTOFF`, else :data:`IGNORE`."""
    suggestions = suggest_mapping(list(headers), definition, kind=kind)
    allowed = set(targets(definition, kind))
    suggestions = {h: [s for s in v if s[0] in allowed] for h, v in suggestions.items()}
    best = best_mapping(suggestions, cutoff=SUGGEST_CUTOFF)
    return {h: best.get(h, IGNORE) for h in headers}


__all__ = ["EXTRA_COLUMNS", "IGNORE", "SUGGEST_CUTOFF", "TableKind", "default_choices", "guess_area_columns",
           "headers_to_map", "targets"]
