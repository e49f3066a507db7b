"""Excel cells and tables (openpyxl), shared by the exports: text stays text, numbers stay numbers.

A name like ``=1+1`` is written as text (never a formula), control characters Excel cannot store are
dropped, NumPy/pandas scalars become plain Python and missing values empty cells.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

_ILLEGAL_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


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
        return _ILLEGAL_XLSX.sub("", value)
    return json_value(value)


def put_cell(ws, row: int, col: int, value: Any, **style: Any):
    """Write one cell; strings are always text (a name like '=1+1' is not a formula)."""
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


__all__ = ["json_value", "put_cell", "set_widths", "write_table"]
