"""Spreadsheet cells (Excel through openpyxl, and CSV) for every export: text stays text, numbers stay numbers.

A name like ``=1+1`` is written as text (never a formula), control characters Excel cannot store are
dropped, NumPy/pandas scalars become plain Python and missing values empty cells.

**Formulas** (OWASP "CSV injection"): a spreadsheet runs a cell that *starts* with ``=``, ``+``,
``-`` or ``@`` (also after a tab or carriage return) as a formula — ``=HYPERLINK(…)`` in an area
name would become a link, ``-2+3`` the number 1. Every text cell an export writes goes through
:func:`inert_text`, which puts a ``'`` before such text (OWASP's advice; the ``'`` shows in the
cell); numbers, negative ones too, are never touched. :func:`put_cell` does it for Excel and
:func:`inert_frame` for a table written as CSV; :data:`FORMULA_NOTE` says so in the method sheet.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

_ILLEGAL_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
#: The first characters that make a spreadsheet read a cell as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: The method sheet's row about it (label, text) per language.
FORMULA_NOTE = {
    "sv": ("Formler", ("Celler som börjar med = + - @ har fått ett ' först så att kalkylprogram inte kör dem "
                       "som formler.")),
    "en": ("Formulas", ("Cells starting with = + - @ have been given a leading ' so that spreadsheets do not "
                        "run them as formulas.")),
}


def inert_text(value: Any) -> Any:
    """``value`` with a ``'`` first when it is text that starts like a formula; anything else as it is.

    >>> [inert_text(v) for v in ("=1+1", "-2+3", "@SUM(A1)", "Område A", -0.5)]
    ["'=1+1", "'-2+3", "'@SUM(A1)", 'Område A', -0.5]
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _cell_text(value: Any) -> Any:
    """:func:`inert_text`, and a carriage return as a line feed: Python's ``csv`` (3.11) writes a lone CR
    unquoted, so a reader would end the row there and the rest could start a new cell (a formula)."""
    value = inert_text(value)
    return value.replace("\r\n", "\n").replace("\r", "\n") if isinstance(value, str) else value


def inert_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` for a CSV: :func:`inert_text` on every text cell and header (numbers
    untouched), a carriage return inside one written as a line feed (so the cell is quoted)."""
    out = frame.copy()
    for col in out.columns:
        if not (pd.api.types.is_numeric_dtype(out[col]) or pd.api.types.is_bool_dtype(out[col])):
            out[col] = out[col].map(_cell_text)
    out.columns = pd.Index([_cell_text(c) for c in out.columns])
    return out


def json_value(value: Any) -> Any:
    """NumPy/pandas scalars as plain Python (None for missing), for JSON and Excel cells."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, (np.bool_, bool)):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return None if math.isnan(value) else float(value)
    return value


def _xlsx_value(value: Any) -> Any:
    if value is pd.NaT:
        return None
    if isinstance(value, str):
        return _cell_text(_ILLEGAL_XLSX.sub("", value))  # Excel keeps a CR as a LF anyway
    return json_value(value)


def put_cell(ws, row: int, col: int, value: Any, **style: Any):
    """Write one cell; strings are always text (a name like '=1+1' is not a formula) and never start
    like one (:func:`inert_text`)."""
    cell = ws.cell(row=row, column=col)
    value = _xlsx_value(value)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
    for key, val in style.items():
        setattr(cell, key, val)
    return cell


def write_table(ws, frame: pd.DataFrame, first_row: int, number_format: dict[str, str] | None = None) -> int:
    from openpyxl.styles import Font

    for j, col in enumerate(frame.columns, start=1):
        put_cell(ws, first_row, j, str(col), font=Font(bold=True))
    for i, row in enumerate(frame.itertuples(index=False), start=first_row + 1):
        for j, value in enumerate(row, start=1):
            cell = put_cell(ws, i, j, value)
            fmt = (number_format or {}).get(frame.columns[j - 1])
            if fmt and isinstance(cell.value, float):
                cell.number_format = fmt
    return first_row + len(frame)


def set_widths(ws, widths: Sequence[int]) -> None:
    from openpyxl.utils import get_column_letter

    for j, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = w


__all__ = ["FORMULA_NOTE", "FORMULA_START", "inert_frame", "inert_text", "json_value", "put_cell", "set_widths",
           "write_table"]
