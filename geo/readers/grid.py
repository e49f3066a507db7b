"""A table's cells as columns of stripped text: CSV parsed by pandas' C parser, checked against Python's csv.

:func:`geo.readers.tables.read_table` finds the header, the data rows and the footnotes in a
:class:`Grid`. Python's :mod:`csv` module defines what a CSV file's cells are (the separator is
chosen from the first rows, quotes as Excel writes them); it needs a Python list per row and a Python
call per cell, which for a 39 MB long table of 1.3 million rows took half a minute and a gigabyte.
:func:`csv_grid` reads the same cells with ``pandas.read_csv`` (C, every cell as text, nothing
guessed), and :mod:`csv` reads only the first rows — those header detection looks at — which must
agree. Where the two parsers differ (a lone carriage return as line end, a row wider than the first
rows, a cell over :mod:`csv`'s field limit, quoting pandas refuses) the whole file goes through
:mod:`csv` as before (:func:`rows_grid`), so both give the same cells, rows and messages.

>>> text = "Tabell 1\\narea_id;year;value\\n G01 ;2024;3,5\\n"
>>> g = csv_grid(text.encode(), ";", csv_head(text, ";"))
>>> g.exact_rows, g.row(2), [list(c) for c in g.columns]
(3, ['G01', '2024', '3,5'], [['Tabell 1', 'area_id', 'G01'], ['', 'year', '2024'], ['', 'value', '3,5']])
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["SCAN_ROWS", "Grid", "csv_grid", "csv_head", "first_lines", "rows_grid"]

#: Rows looked at to choose the separator and find the header row.
SCAN_ROWS = 50

_strip = np.frompyfunc(str.strip, 1, 1)


@dataclass(frozen=True)
class Grid:
    """Cells as one object array of stripped strings per column ("" where a row is shorter).

    ``head`` holds the first ``exact_rows`` rows exactly as :mod:`csv` (or the workbook) gives them,
    with their own length; rows after those are only known through ``columns`` (their length —
    trailing empty cells — is not kept). A grid read through :func:`rows_grid` is exact throughout.
    """

    columns: list[np.ndarray]
    head: list[list[str]]
    n_rows: int

    @property
    def exact_rows(self) -> int:
        return len(self.head)

    @property
    def exact(self) -> bool:
        return len(self.head) == self.n_rows

    def row(self, i: int) -> list[str]:
        """Row ``i`` as a list: exact (with its own length) for the first :attr:`exact_rows` rows."""
        if i < len(self.head):
            return list(self.head[i])
        return [str(c[i]) for c in self.columns]


def rows_grid(rows: list[list[str]]) -> Grid:
    """A grid of rows that are already lists of stripped text (Excel, or CSV read by :mod:`csv`)."""
    width = max((len(r) for r in rows), default=0)
    columns = [np.array([r[j] if j < len(r) else "" for r in rows], dtype=object) for j in range(width)]
    return Grid(columns, rows, len(rows))


def first_lines(text: str, n: int) -> list[str]:
    """``text.splitlines()[:n]`` without splitting all of a large text."""
    size = 8192
    while size < len(text):
        lines = text[:size].splitlines()
        if len(lines) > n:  # the n-th line ended inside the prefix
            return lines[:n]
        size *= 4
    return text.splitlines()[:n]


def csv_head(text: str, sep: str) -> list[list[str]] | None:
    """The first :data:`SCAN_ROWS` rows, and on to the first non-empty row after them, by :mod:`csv` (header
    detection looks no further); ``None`` where pandas cannot stand in for :mod:`csv` in this text: a lone
    carriage return (:mod:`csv` refuses it outside quotes, pandas ends a line there), a second byte-order
    mark (pandas drops it) or a row :mod:`csv` fails on."""
    if text.count("\r") != text.count("\r\n") or text.startswith("\ufeff"):
        return None
    head: list[list[str]] = []
    try:
        for r in csv.reader(_lines(text), delimiter=sep):
            head.append([c.strip() for c in r])
            if len(head) > SCAN_ROWS and any(head[-1]):
                break
    except csv.Error:
        return None
    return head


def _lines(text: str) -> Iterator[str]:
    """``io.StringIO(text)``'s lines (split after each "\\n"), without copying all of the text."""
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end + 1
        yield text[start:end]
        start = end


#: Python's whitespace: every c with c.isspace(), which str.strip() removes (tests/geo/readers/test_grid.py).
_SPACES = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
           "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
_CHUNK = 1 << 22


_BOUND, _FIRST, _LAST = 1, 2, 4


def _byte_classes(sep: str) -> bytes:
    """A :meth:`bytes.translate` table from UTF-8 bytes to their part at a cell's edge, as bits: ``_BOUND`` a
    separator or line end, ``_FIRST`` the first byte of a space, ``_LAST`` its last byte (an ASCII space is
    both; conservative: "…" starts like U+2000, "Å" ends like U+0085), 0 anything else."""
    table = bytearray(256)
    for c in _SPACES:
        if c not in "\r\n":
            table[c.encode()[0]] |= _FIRST
            table[c.encode()[-1]] |= _LAST
    for b in (ord(sep), 10, 13):
        table[b] = _BOUND
    return bytes(table)


def _may_need_strip(data: bytes, sep: str) -> bool:
    """Whether a cell of UTF-8 CSV ``data`` may start or end with whitespace: a separator or line end next to
    a space. ``False`` is certain (every cell is stripped already); ``True`` may be wrong, which only costs
    the stripping. A quoted cell may start or end anywhere (``" a"``, a line end inside quotes): a file with
    quotes is always stripped."""
    if b'"' in data:
        return True
    table = _byte_classes(sep)
    view = memoryview(data)[3 if data.startswith(b"\xef\xbb\xbf") else 0:]
    for lo in range(0, len(view), _CHUNK):
        # (a line end before the text and after it: its ends are cells' edges too)
        chunk = (b"\n" if lo == 0 else b"") + bytes(view[lo:lo + _CHUNK + 1]) + \
            (b"\n" if lo + _CHUNK + 1 >= len(view) else b"")
        f = np.frombuffer(chunk.translate(table), dtype=np.uint8)
        prev, after = f[:-1], f[1:]
        if (((prev & (after >> 1)) | ((prev >> 2) & after)) & 1).any():
            return True  # _BOUND then _FIRST, or _LAST then _BOUND
    return False


def _trimmed(row: list[str]) -> list[str]:
    end = len(row)
    while end and not row[end - 1]:
        end -= 1
    return row[:end]


def _too_long(data: bytes, n_rows: int, columns: list[np.ndarray]) -> bool:
    """Whether a cell is longer than :mod:`csv`'s field limit (then :mod:`csv` decides, as before)."""
    limit = csv.field_size_limit()
    if len(data) <= limit:
        return False
    view = np.frombuffer(data, dtype=np.uint8)
    ends = np.flatnonzero(view == 10)
    lines = len(ends) + (0 if data.endswith(b"\n") else 1)
    longest = int(np.diff(ends, prepend=-1).max(initial=0)) if len(ends) else len(data)
    if lines == n_rows and max(longest, len(data) - 1 - int(ends[-1]) if len(ends) else 0) <= limit:
        return False  # no row spans lines, and no line (in bytes, ≥ characters) is longer than the limit
    return any(max(map(len, c), default=0) > limit for c in columns)


def csv_grid(data: bytes, sep: str, head: list[list[str]]) -> Grid | None:
    """The cells of UTF-8 CSV ``data`` (separator ``sep``, a byte-order mark allowed) read by pandas, or ``None``
    where :mod:`csv` must read the file (see the module docstring and :func:`csv_head`, whose rows ``head``
    are); the two parsers agree on everything else (tests/geo/readers/test_grid.py)."""
    width = max((len(r) for r in head), default=0)
    if width == 0:
        return None
    try:
        frame = pd.read_csv(io.BytesIO(data), sep=sep, header=None, names=range(width), index_col=False,
                            dtype=object, na_filter=False, skip_blank_lines=False, engine="c", encoding="utf-8",
                            quotechar='"', doublequote=True, quoting=csv.QUOTE_MINIMAL)
    except ValueError:  # ParserError, EmptyDataError: a row wider than the first ones, an open quote …
        return None
    columns = [frame[j].to_numpy(dtype=object) for j in range(width)]
    del frame
    n = len(columns[0])
    if _too_long(data, n, columns):
        return None
    if _may_need_strip(data, sep):
        columns = [_strip(c) for c in columns]
    if n < len(head) or any(_trimmed(r) != _trimmed([str(c[i]) for c in columns]) for i, r in enumerate(head)):
        return None  # not expected (the parsers agree): the slow way is the safe one
    return Grid(columns, head, n)
