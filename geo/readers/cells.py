"""Cells of statistics tables: numbers written the Swedish or English way, suppression marks.

One place decides what ``45,2``, ``1 234,5``, ``45 %``, ``−3`` and ``..`` mean, so every
reader (indicator tables, results, crosswalks, SCB exports) agrees.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import pandas as pd

from geo.errors import DataError

__all__ = ["HTML_TAG", "MISSING_TOKENS", "by_distinct", "distinct", "parse_number_column", "row_number"]

#: Text that looks like an HTML tag: shown literally everywhere, and reported.
HTML_TAG = r"<\s*/?\s*[A-Za-z!][^>]*>"

#: Cell contents that mean "suppressed or missing" in Swedish statistics exports.
MISSING_TOKENS = frozenset({"", "..", "...", ".", "-", "–", "—", "x", "X", "na", "NA", "NaN", "nan", "saknas"})

_NUMBER = re.compile(r"^[+\-−]?\d+(\.\d+)?([eE][+-]?\d+)?$")


def row_number(values: pd.Series | pd.DataFrame, pos: int) -> int:
    """The row number a user sees for position ``pos``: frames from :func:`read_table` carry
    their file/Excel row numbers in the index (as row − 2); otherwise header + position."""
    label = values.index[pos]
    if isinstance(label, (int, np.integer)) and not isinstance(label, bool):
        return int(label) + 2
    return pos + 2


def _as_text(v: object) -> str:
    return "" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v)


def distinct(values: pd.Series) -> tuple[np.ndarray, np.ndarray] | None:
    """``(codes, uniques)`` with ``uniques[codes]`` equal to ``values``, when every value is a string
    (object or string dtype, nothing missing): the distinct values of a column stand for it in any
    cell-by-cell computation. ``None`` otherwise (a mixed column is computed cell by cell: ``1`` and
    ``True`` are equal keys but different text).

    >>> codes, uniques = distinct(pd.Series(["2024", "2023", "2024"]))
    >>> codes.tolist(), uniques.tolist()
    ([0, 1, 0], ['2024', '2023'])
    """
    if not len(values):
        return None
    if isinstance(values.dtype, pd.StringDtype):
        if values.isna().any():
            return None
        codes, labels = pd.factorize(values)
        return codes, np.asarray(labels, dtype=object)
    arr = values.to_numpy()
    if arr.dtype != object or pd.api.types.infer_dtype(arr, skipna=False) != "string":
        return None
    codes, uniques = pd.factorize(arr)
    return codes, np.asarray(uniques, dtype=object)


def by_distinct(values: pd.Series, fn: Callable[[pd.Series], pd.Series], *,
                split: tuple[np.ndarray, np.ndarray] | None = None) -> pd.Series:
    """``fn(values)`` for a cell-by-cell ``fn``, computed once per distinct value (see :func:`distinct`;
    ``split``: its result for ``values`` when already at hand).

    >>> by_distinct(pd.Series([" a", "b ", " a"]), lambda s: s.str.strip()).tolist()
    ['a', 'b', 'a']
    """
    split = split if split is not None else distinct(values)
    if split is None:
        return fn(values)
    codes, uniques = split
    out = fn(pd.Series(uniques, dtype=values.dtype, name=values.name))
    return pd.Series(out.array.take(codes), index=values.index, name=out.name)


def _clean(text: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Cell by cell: the text as a number Python reads, whether it is a suppression mark, whether it is valid."""
    cleaned = (text.str.strip()
               .str.replace("\u00a0", "", regex=False).str.replace("\u202f", "", regex=False)
               .str.replace(" ", "", regex=False).str.replace("−", "-", regex=False)
               .str.replace(r"%$", "", regex=True))
    suppressed = cleaned.isin(MISSING_TOKENS) | text.str.strip().isin(MISSING_TOKENS)
    # Decimal comma: "45,2" → "45.2". A comma followed by exactly three digits and a dot
    # elsewhere ("1,234.5") is a thousands separator.
    has_dot = cleaned.str.contains(".", regex=False)
    cleaned = cleaned.where(~has_dot, cleaned.str.replace(",", "", regex=False))
    cleaned = cleaned.where(has_dot, cleaned.str.replace(",", ".", regex=False))
    ok = cleaned.str.match(_NUMBER.pattern) | suppressed
    return cleaned, suppressed, ok


def parse_number_column(values: pd.Series, *, file: str = "", column: str = "",
                        split: tuple[np.ndarray, np.ndarray] | None = None) -> tuple[pd.Series, pd.Series]:
    """Parse a column of numbers written the Swedish or English way.

    Accepts decimal comma or dot, spaces (also non-breaking) as thousands separators,
    a trailing ``%`` and the Unicode minus. Suppression marks (``..``, ``-``, ``–``,
    ``x``, blank) become NaN and are flagged in the second returned Series — never 0.
    Anything else that is not a number is an error naming the first bad row.

    Each distinct text is parsed once (a column of 1.3 million cells has a few thousand values
    at most in most tables, and a year column a handful); the result is the same as cell by cell.
    ``split``: :func:`distinct` of ``values`` when already at hand.
    """
    if pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype):
        out = values.astype(float)
        return out, out.isna()
    split = split if split is not None else distinct(values)
    if split is None:
        text = values.astype("object").map(_as_text)
        codes = np.arange(len(text))
    else:
        codes, uniques = split
        # the dtype cell-by-cell text would get (pandas' str where it infers strings, else object)
        as_text = pd.Series(["0"], dtype=object).map(_as_text).dtype
        text = pd.Series(uniques, dtype=object).astype(as_text)
    cleaned, suppressed, ok = _clean(text)
    good = ok.to_numpy()[codes]
    if not good.all():
        pos = int(np.flatnonzero(~good)[0])
        bad = text.iloc[codes[pos]]
        line = row_number(values, pos)
        where = f"kolumnen '{column}', rad {line}" if column else f"rad {line}"
        raise DataError(f"{where}: '{bad}' är inte ett tal.", file=file or None,
                        hint="Skriv talet med decimalkomma eller decimalpunkt, eller '..' för ett undertryckt värde.")
    # to_numeric on the distinct texts: the same set of texts as cell by cell, so the same numbers
    numbers = pd.to_numeric(cleaned.where(~suppressed, None), errors="coerce").astype(float).to_numpy()[codes]
    if np.isinf(numbers).any():
        pos = int(np.flatnonzero(np.isinf(numbers))[0])
        line = row_number(values, pos)
        where = f"kolumnen '{column}', rad {line}" if column else f"rad {line}"
        raise DataError(f"{where}: '{text.iloc[codes[pos]]}' är för stort för att vara ett värde.", file=file or None,
                        hint="Kontrollera talet i källan.")
    return (pd.Series(numbers, index=values.index, name=values.name),
            pd.Series(suppressed.to_numpy()[codes], index=values.index, name=values.name))
