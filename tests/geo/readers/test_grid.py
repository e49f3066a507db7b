"""CSV read by pandas agrees with Python's csv module (issue 17 follow-up, geo/readers/grid.py).

read_table reads a CSV's cells with pandas' C parser and looks at the first rows with the csv module;
where the two could differ the file goes through csv as before. These tests generate messy CSV (quotes,
separators and line ends inside quotes, every kind of whitespace at cell edges, ragged rows, blank lines,
byte-order marks) and check that the fast path gives the cells, frames and messages the csv path gives.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.errors import DataError
from geo.readers import tables
from geo.readers.grid import _SPACES, csv_grid, csv_head, rows_grid
from geo.readers.tables import read_table

EDGES = ['"', '""', '"\n', '\n"', ',"', '",', "\r\n", "\n", "\ufeff"]
TEXT = [*_SPACES, ",", ";", "\t", "a", "Å", "Ä", "…", "°", "−", "x y", "12,5"]


def test_the_spaces_are_pythons():
    assert set(_SPACES) == {chr(i) for i in range(0x110000) if chr(i).isspace()}


def exact(text: str, sep: str):
    return rows_grid([[c.strip() for c in r] for r in csv.reader(io.StringIO(text), delimiter=sep)])


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(TEXT) | st.sampled_from(EDGES), max_size=40), st.sampled_from([",", ";", "\t"]),
       st.booleans(), st.booleans())
def test_pandas_reads_the_cells_csv_reads(parts, sep, bom, below_the_head):
    text = "".join(parts)
    if below_the_head:  # the generated rows after the rows csv reads itself (only the columns say them)
        text = f"a{sep}b\n" * 55 + text
    head = csv_head(text, sep)
    if head is None:
        return  # csv reads it (a lone CR, a second byte-order mark, an error in the first rows)
    grid = csv_grid((b"\xef\xbb\xbf" if bom else b"") + text.encode(), sep, head)
    if grid is None:
        return  # pandas refused it (an open quote, a row wider than the first rows …)
    want = exact(text, sep)
    assert grid.n_rows == want.n_rows
    assert grid.head == want.head[: grid.exact_rows]
    for j in range(max(len(grid.columns), len(want.columns))):
        got = list(grid.columns[j]) if j < len(grid.columns) else [""] * grid.n_rows
        expected = list(want.columns[j]) if j < len(want.columns) else [""] * grid.n_rows
        assert got == expected, j


def _slow(monkeypatch):
    monkeypatch.setattr(tables, "csv_head", lambda text, sep: None)  # every row through csv, as before


def outcome(path: Path, **kw):
    try:
        return read_table(path, **kw)
    except DataError as exc:
        return str(exc)


HEADERS = ["area_id", "indicator_id", "year", "value", "", "Område", "år"]
CELLS = ["G01", " G02 ", "", "2023", "45,5", '"1,5"', '" x "', "..", "<b>x</b>", "Källa: SCB", '"a\nb"', "å\u00a0"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(HEADERS), min_size=1, max_size=5),
       st.lists(st.lists(st.sampled_from(CELLS), max_size=6), max_size=70),
       st.sampled_from([",", ";"]), st.sampled_from(["\n", "\r\n"]), st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
       st.sampled_from([None, 0, 1, 60]))
def test_read_table_gives_the_frames_and_messages_of_the_csv_path(tmp_path, monkeypatch, header, rows, sep, newline,
                                                                  encoding, header_row):
    text = newline.join(["Tabell 1", sep.join(header), *(sep.join(r) for r in rows), "Källa: SCB"]) + newline
    path = tmp_path / "t.csv"
    path.write_bytes(text.encode(encoding, errors="replace"))
    kw = {} if header_row is None else {"header_row": header_row}
    fast = outcome(path, **kw)
    with monkeypatch.context() as m:
        _slow(m)
        slow = outcome(path, **kw)
    if isinstance(slow, str):
        assert fast == slow
        return
    assert isinstance(fast, pd.DataFrame), fast
    pd.testing.assert_frame_equal(fast, slow, check_exact=True)
    assert fast.index.dtype == slow.index.dtype and fast.columns.dtype == slow.columns.dtype
    assert fast.attrs == slow.attrs


def long_table(tmp_path: Path, n: int, *, tail: str = "") -> Path:
    lines = ["area_id,indicator_id,year,value"] + [f"G{k % 12:02d},ind {k},2023,{k % 100}.5" for k in range(n)]
    path = tmp_path / "lang.csv"
    path.write_text("\n".join(lines) + "\n" + tail, encoding="utf-8")
    return path


def test_a_long_table_is_not_read_row_by_row_in_python(tmp_path, monkeypatch):
    """Before: csv made a Python list of every row of a 1.3-million-row table (half a minute, a gigabyte)."""
    seen = []
    real = csv.reader

    def counting(*args, **kwargs):
        for row in real(*args, **kwargs):
            seen.append(row)
            yield row

    monkeypatch.setattr(csv, "reader", counting)
    frame = read_table(long_table(tmp_path, 5_000))
    assert len(frame) == 5_000 and frame["indicator_id"].iloc[-1] == "ind 4999"
    assert len(seen) < 500  # the separator's sample and the first rows, not 5,000 rows


def test_a_wide_row_far_below_the_header_is_named_as_before(tmp_path):
    path = long_table(tmp_path, 100, tail="G01,ind x,2023,45,5\n")
    with pytest.raises(DataError, match=r"rad 102 har fler celler \(5\) än rubrikraden \(4\).*decimalkomma"):
        read_table(path)


def test_a_header_row_below_the_first_rows(tmp_path):
    lines = [f"Titel {k}" for k in range(70)] + ["area_id;year;value", "G01;2023;1", "G02;2023;2"]
    path = tmp_path / "t.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    frame = read_table(path, header_row=70)
    assert frame.columns.tolist() == ["area_id", "year", "value"] and frame.index.tolist() == [70, 71]


def test_a_csv_with_old_mac_line_endings_is_read(tmp_path):
    """Excel for Mac's "CSV (Macintosh)" ends lines with a lone CR: csv's "new-line character seen in
    unquoted field" (in English) instead of the table."""
    from geo.readers.tables import read_table

    path = tmp_path / "mac.csv"
    path.write_bytes("area_id;year;valdeltagande\r1;2022;80,5\r2;2022;70\r".encode("utf-8"))
    frame = read_table(path)
    assert list(frame.columns) == ["area_id", "year", "valdeltagande"]
    assert frame.astype(str).values.tolist() == [["1", "2022", "80,5"], ["2", "2022", "70"]]


def test_a_cell_over_the_csv_field_limit_is_a_swedish_error_naming_the_file(tmp_path):
    """A 200,000-character cell (an unclosed quote swallows the rest of a file the same way) raised csv's
    English "field larger than field limit (131072)"."""
    import pytest

    from geo.errors import DataError
    from geo.readers.tables import read_table

    path = tmp_path / "lang.csv"
    path.write_text('area_id;year;valdeltagande\n1;2022;"' + "x" * 200_000 + '"\n', encoding="utf-8")
    with pytest.raises(DataError, match="en cell är längre än 131 072 tecken") as info:
        read_table(path)
    assert "lang.csv" in str(info.value) and "field" not in str(info.value)
