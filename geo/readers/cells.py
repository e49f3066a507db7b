"""Cells of statistics tables: numbers written the Swedish or English way, suppression marks.

One place decides what ``45,2``, ``1 234,5``, ``45 %``, ``−3`` and ``..`` mean, so every
reader (indicator tables, results, crosswalks, SCB exports) agrees.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from geo.errors import DataError

__all__ = ["HTML_TAG", "MISSING_TOKENS", "parse_number_column", "row_number"]

#: Text that looks like an HTML tag: shown literally everywhere, and reported.
HTML_TAG = r"<\s*/?\s*[A-Za-z!][^>]*>"

#: Cell contents that mean "suppressed or missing" in Swedish statistics exports.
MISSING_TOKENS = frozenset({"", "..", "...", ".", "-", "–", "—", "x", "X", "na", "NA", "NaN", "nan", "saknas"})

_NUMBER = re.compile(r"^[+-−]?\d+(\.\d+)?([eE][+-]?\d+)?$")


def row_number(values: pd.Series | pd.DataFrame, pos: int) -> int:
    """The row number a user sees for position ``pos``: frames from :func:`read_table` carry
    their file/Excel row numbers in the index (as row − 2); otherwise header + position."""
    label = values.index[pos]
    if isinstance(label, (int, np.integer)) and not isinstance(label, bool):
        return int(label) + 2
    return pos + 2


def parse_number_column(values: pd.Series, *, file: str = "", column: str = "") -> tuple[pd.Series, pd.Series]:
    """Parse a column of numbers written the Swedish or English way.

    Accepts decimal comma or dot, spaces (also non-breaking) as thousands separators,
    a trailing ``%`` and the Unicode minus. Suppression marks (``..``, ``-``, ``–``,
    ``x``, blank) become NaN and are flagged in the second returned Series — never 0.
    Anything else that is not a number is an error naming the first bad row.
    """
    if pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype):
        out = values.astype(float)
        return out, out.isna()
    text = values.astype("object").map(lambda v: "" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v))
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
    if not ok.all():
        pos = int(np.flatnonzero(~ok.to_numpy())[0])
        bad = text.iloc[pos]
        line = row_number(values, pos)
        where = f"kolumnen '{column}', rad {line}" if column else f"rad {line}"
        raise DataError(f"{where}: '{bad}' är inte ett tal.", file=file or None,
                        hint="Skriv talet med decimalkomma eller decimalpunkt, eller '..' för ett undertryckt värde.")
    out = pd.to_numeric(cleaned.where(~suppressed, None), errors="coerce").astype(float)
    if np.isinf(out.to_numpy()).any():
        pos = int(np.flatnonzero(np.isinf(out.to_numpy()))[0])
        line = row_number(values, pos)
        where = f"kolumnen '{column}', rad {line}" if column else f"rad {line}"
        raise DataError(f"{where}: '{text.iloc[pos]}' är för stort för att vara ett värde.", file=file or None,
                        hint="Kontrollera talet i källan.")
    return out, suppressed


