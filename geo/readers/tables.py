"""Reading spreadsheet-like files (CSV, Excel .xlsx) into frames of text cells.

City staff export tables from Excel, SCB's Statistikdatabasen and various systems:
semicolons or commas, UTF-8 or Windows-1252, a title row or two above the header and
footnotes below the data. This module finds the table inside such a file and returns
every cell as text, so that numbers are parsed in one place
(:func:`geo.readers.cells.parse_number_column`) whatever the file format was.

>>> detect_header_row([["Tabell 1", "", ""], ["område", "år", "värde"], ["G01", "2024", "3"]])
1
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import warnings
import zipfile
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd

from geo.errors import DataError, DataWarning
from geo.readers.archive import check_archive
from geo.readers.grid import SCAN_ROWS, Grid, csv_grid, csv_head, first_lines, rows_grid
from geo.readers.limits import check_file_size, read_limited

EXCEL_SUFFIXES = frozenset({".xlsx", ".xlsm"})
_SEPARATORS = (";", ",", "\t")


def _is_number_text(text: str) -> bool:
    t = text.replace("\u00a0", "").replace(" ", "").replace("−", "-").rstrip("%").replace(",", ".")
    try:
        float(t)
    except ValueError:
        return False
    return True


def detect_header_row(rows: list[list[str]]) -> int:
    """Index of the header row: the first row whose cells are mostly non-empty, non-numeric
    text and that is followed by a row of data (title rows above it are skipped).

    Raises :class:`DataError` (without a file name) when no row qualifies.
    """
    width = max((sum(1 for c in r if c) for r in rows[:SCAN_ROWS]), default=0)
    if width == 0:
        raise DataError("tabellen är tom.", hint="Välj en fil med en rubrikrad och minst en datarad.")
    for i, row in enumerate(rows[:SCAN_ROWS]):
        filled = [c for c in row if c]
        if len(filled) < max(1, width / 2) or (width > 1 and len(filled) < 2):
            continue
        texty = sum(1 for c in filled if not _is_number_text(c))
        if texty / len(filled) < 0.75:
            continue
        following = next((r for r in rows[i + 1:] if any(r)), None)
        if following is not None and sum(1 for c in following if c) >= len(filled) / 2:
            return i
    raise DataError("hittar ingen rubrikrad (en rad med kolumnnamn följd av data).",
                    hint="Ange rubrikradens nummer (header_row) eller ta bort raderna ovanför rubrikerna.")


def _decode(raw: bytes, file: str) -> tuple[str, bool]:
    """The text, and whether it was UTF-8."""
    for enc in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(enc), enc == "utf-8-sig"
        except UnicodeDecodeError:
            continue
    raise DataError("teckenkodningen känns inte igen.", file=file, hint="Spara filen som UTF-8 och försök igen.")


def _separator(text: str) -> str:
    """The separator that gives the most of the first rows one consistent width."""
    sample = first_lines(text, SCAN_ROWS)
    best, best_score = ",", -1
    for sep in _SEPARATORS:
        widths = Counter(len(r) for r in csv.reader(sample, delimiter=sep) if any(c.strip() for c in r))
        common = [(n * w, w) for w, n in widths.items() if w > 1]
        score = max(common)[0] if common else 0
        if score > best_score:
            best, best_score = sep, score
    return best


def _csv_rows(text: str) -> list[list[str]]:
    """Split CSV text with the separator that gives the most rows of one consistent width."""
    return [[c.strip() for c in r] for r in csv.reader(io.StringIO(text, newline=""), delimiter=_separator(text))]


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return str(value).strip()


def _excel_cell_text(cell) -> str:
    """A cell as text; a number shown as a percentage (0.452 formatted "0.0%") becomes "45.2 %"
    so that it reads like the same value typed in a CSV."""
    value = getattr(cell, "value", None)
    fmt = getattr(cell, "number_format", "") or ""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and "%" in fmt:
        return f"{_cell_text(round(float(value) * 100, 10))} %"
    return _cell_text(value)


_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE2 compound file: .xls, or an encrypted .xlsx


def _check_excel_bytes(path: Path) -> None:
    """Clear messages for what openpyxl reports as a generic error: an encrypted workbook,
    the old .xls format, a CSV or anything else renamed to .xlsx, a corrupt or oversized archive."""
    check_file_size(path)  # a device or FIFO renamed .xlsx is refused before it is opened
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
    except FileNotFoundError:
        raise DataError("filen finns inte.", file=path.name, hint="Kontrollera sökvägen.") from None
    except OSError as exc:
        raise DataError(f"filen kunde inte läsas ({exc.strerror}).", file=path.name) from None
    if not head:
        raise DataError("filen är tom (0 byte).", file=path.name, hint="Spara arbetsboken i Excel igen.")
    if head == _CFB_MAGIC:
        raw = read_limited(path)
        if "EncryptedPackage".encode("utf-16-le") in raw:
            raise DataError("arbetsboken är lösenordsskyddad (krypterad) och kan inte läsas.", file=path.name,
                            hint="Öppna den i Excel, ta bort lösenordet (Arkiv → Info → Skydda arbetsbok) "
                                 "och spara den igen, eller spara bladet som CSV.")
        raise DataError("filen är i det gamla Excel-formatet (.xls), inte .xlsx.", file=path.name,
                        hint="Öppna filen i Excel och spara den som .xlsx eller CSV.")
    if head[:4] != b"PK\x03\x04":
        raise DataError("filen är ingen Excel-arbetsbok (.xlsx) trots ändelsen.", file=path.name,
                        hint="Är det en CSV-fil? Ge den ändelsen .csv. Annars: spara den som .xlsx i Excel igen.")
    check_archive(path, what="Excel-filen")
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
    except zipfile.BadZipFile:
        names = set()
    if "xl/workbook.xml" not in names:
        raise DataError("filen är trasig eller ingen Excel-arbetsbok (xl/workbook.xml saknas).", file=path.name,
                        hint="Spara arbetsboken i Excel igen som .xlsx, eller spara bladet som CSV.")


def _open_workbook(path: Path):
    import openpyxl  # imported lazily: only needed for Excel files

    _check_excel_bytes(path)
    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise DataError("filen finns inte.", file=path.name, hint="Kontrollera sökvägen.") from None
    except Exception:  # noqa: BLE001 - openpyxl raises zipfile/KeyError/InvalidFileException/XML errors
        raise DataError("kunde inte läsas som Excel-fil: arbetsboken är trasig eller avkortad.", file=path.name,
                        hint="Öppna den i Excel och spara den igen som .xlsx (Excel-arbetsbok), "
                             "eller spara bladet som CSV.") from None


_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')


def _col_index(letters: bytes) -> int:
    n = 0
    for ch in letters.decode():
        n = n * 26 + ord(ch) - 64
    return n - 1


def _sheet_xml(wb, ws) -> bytes:
    """The sheet's own XML (read-only sheets parse neither mergeCells nor formulas); b"" if unreadable."""
    try:
        data: bytes = wb._archive.read(ws._worksheet_path)
    except Exception:  # noqa: BLE001 - best effort; only used for clearer messages and warnings
        return b""
    return data


_CELL = re.compile(rb'<(?:\w+:)?c\b([^>]*?)(?<!/)>(.*?)</(?:\w+:)?c>', re.DOTALL)
_REF = re.compile(rb'\br="([A-Z]+\d+)"')
_FORMULA = re.compile(rb'<(?:\w+:)?f\b')
_CACHED = re.compile(rb'<(?:\w+:)?v>\s*[^<\s]')


def uncached_formulas(xml: bytes) -> list[str]:
    """Cells (``"D2"`` …) of a sheet's XML that hold a formula without a saved result.

    Excel and LibreOffice save each formula's result beside it; a file written by a program that
    does not calculate (openpyxl, many exporters) saves the formula alone, and a reader that does not
    calculate either (this one) sees an empty cell. A string result ``t="str"`` may be empty.

    >>> uncached_formulas(b'<c r="D2"><f>1+2</f><v /></c><c r="D3"><f>1+2</f><v>3</v></c>'
    ...                   b'<c r="D4" t="str"><f>""</f><v></v></c><c r="D5"><v>4</v></c>')
    ['D2']
    """
    if not _FORMULA.search(xml):
        return []
    out = []
    for attrs, inner in _CELL.findall(xml):
        if _FORMULA.search(inner) and not _CACHED.search(inner) and b't="str"' not in attrs:
            ref = _REF.search(attrs)
            out.append(ref.group(1).decode() if ref else "?")
    return out


def _formula_note(name: str, sheet: str, cells: list[str]) -> str:
    """The warning for formulas without saved results (Swedish), naming the sheet and the first cells."""
    more = f" och {len(cells) - 5} till" if len(cells) > 5 else ""
    return (f"{name}: bladet '{sheet}' har {len(cells)} celler med formler utan sparat värde "
            f"({', '.join(cells[:5])}{more}); de läses som saknade värden. Filen är troligen skapad av ett "
            "program som inte räknar ut formler: öppna den i Excel eller LibreOffice och spara den igen "
            "(då sparas de uträknade värdena), eller klistra in värdena som värden.")


def _merged_ranges(data: bytes) -> list[tuple[int, int, int, int, str]]:
    """Merged cell ranges of a sheet's XML as 0-based (row0, col0, row1, col1, 'B1:D1')."""
    out = []
    for c0, r0, c1, r1 in _MERGE.findall(data):
        out.append((int(r0) - 1, _col_index(c0), int(r1) - 1, _col_index(c1),
                    f"{c0.decode()}{r0.decode()}:{c1.decode()}{r1.decode()}"))
    return out


def list_sheets(path: str | Path) -> list[str]:
    """Names of the sheets in an Excel workbook, in workbook order (CSV: ``[]``)."""
    path = Path(path)
    if path.suffix.lower() not in EXCEL_SUFFIXES:
        return []
    wb = _open_workbook(path)
    try:
        return list(wb.sheetnames)
    finally:
        wb.close()


def _excel_rows(path: Path, sheet: str | int | None) -> tuple[list[list[str]], list, list[str]]:
    """Rows, merged ranges and notes of one sheet. Formulas without a saved result are read as
    missing values *with a warning* naming the sheet and cells, not refused: the cells may lie outside
    the columns used (a sum row, a comment column), missing values are reported per area and indicator
    in the join report anyway, and an index whose values are all missing is refused there; the
    warning says how to get the values (save the file again in Excel or LibreOffice)."""
    wb = _open_workbook(path)
    try:
        names = wb.sheetnames
        if sheet is None:
            ws = wb[names[0]]
        elif isinstance(sheet, int):
            if not 0 <= sheet < len(names):
                raise DataError(f"bladet nummer {sheet} finns inte (arbetsboken har {len(names)} blad).",
                                file=path.name, hint=f"Välj ett av bladen: {', '.join(names)}.")
            ws = wb[names[sheet]]
        elif sheet in names:
            ws = wb[sheet]
        else:
            raise DataError(f"bladet '{sheet}' finns inte.", file=path.name,
                            hint=f"Välj ett av bladen: {', '.join(names)}.")
        try:
            rows = [[_excel_cell_text(c) for c in row] for row in ws.iter_rows()]
        except DataError:
            raise
        except Exception:  # noqa: BLE001 - broken sheet XML inside a readable archive
            raise DataError("bladet kunde inte läsas: arbetsboken är trasig.", file=path.name,
                            hint="Öppna den i Excel och spara den igen, eller spara bladet som CSV.") from None
        xml = _sheet_xml(wb, ws)
        cells = uncached_formulas(xml)
        notes = [_formula_note(path.name, ws.title, cells)] if cells else []
        for note in notes:
            warnings.warn(note, DataWarning, stacklevel=4)  # read_table's caller
        return rows, _merged_ranges(xml), notes
    finally:
        wb.close()


def _read_rows(path: Path, sheet: str | int | None, *, exact: bool = False) -> tuple[Grid, list, list[str]]:
    """The file's cells (:class:`~geo.readers.grid.Grid`), plus merged ranges and notes on cells (Excel only).
    ``exact``: every CSV row through :mod:`csv` (see :func:`read_table`)."""
    check_file_size(path)
    suffix = path.suffix.lower()
    if suffix in EXCEL_SUFFIXES:
        rows, merged, notes = _excel_rows(path, sheet)
        return rows_grid(rows), merged, notes
    if suffix == ".xls":
        raise DataError("det gamla Excel-formatet .xls stöds inte.", file=path.name,
                        hint="Öppna filen i Excel och spara den som .xlsx eller CSV.")
    try:
        raw = read_limited(path)  # bounded by the bytes read, not only by the size the file reports
    except FileNotFoundError:
        raise DataError("filen finns inte.", file=path.name, hint="Kontrollera sökvägen.") from None
    except IsADirectoryError:
        raise DataError("är en mapp, inte en fil.", file=path.name, hint="Ange själva tabellfilen.") from None
    except OSError as exc:
        raise DataError(f"filen kunde inte läsas ({exc.strerror}).", file=path.name) from None
    if raw[:4] == b"PK\x03\x04":
        raise DataError("filen ser ut att vara en Excel- eller zip-fil, inte CSV.", file=path.name,
                        hint="Ge filen ändelsen .xlsx, eller spara den som CSV.")
    if raw[:8] == _CFB_MAGIC:
        raise DataError("filen ser ut att vara en Excel-fil (.xls eller lösenordsskyddad), inte CSV.",
                        file=path.name, hint="Öppna den i Excel och spara bladet som CSV (UTF-8).")
    if b"\x00" in raw[:4096] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DataError("filen innehåller binära data och är ingen textfil (CSV).", file=path.name,
                        hint="Välj tabellen som CSV eller .xlsx; en bild, PDF eller databasfil kan inte läsas.")
    utf8 = False
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            raise DataError("teckenkodningen känns inte igen.", file=path.name,
                            hint="Spara filen som UTF-8 och försök igen.") from None
    else:
        text, utf8 = _decode(raw, path.name)
    if not text or text.isspace():
        raise DataError("filen är tom.", file=path.name, hint="Välj en fil med en rubrikrad och minst en datarad.")
    # pandas reads the cells where it agrees with csv (geo.readers.grid): from UTF-8 bytes, the text
    # let go first (a large file is held once, not three times)
    sep = _separator(text)
    head = None if exact else csv_head(text, sep)
    if head is None:
        return rows_grid(_csv_rows(text)), [], []
    data = raw if utf8 else text.encode("utf-8")
    del raw, text
    grid = csv_grid(data, sep, head)
    return grid or rows_grid(_csv_rows(data.decode("utf-8-sig"))), [], []


class _Inexact(Exception):
    """A row read by pandas is needed exactly (its own length): read the CSV again with :mod:`csv`."""


def read_table(path: str | Path, *, sheet: str | int | None = None, header_row: int | None = None) -> pd.DataFrame:
    """Read a CSV or ``.xlsx`` table into a frame of stripped text cells.

    ``sheet``: Excel sheet name or 0-based position (default: the first sheet).
    ``header_row``: 0-based row of the column names; by default it is detected
    (:func:`detect_header_row`), so title rows above the table are skipped. Empty rows
    and a footnote block after the last data row (SCB's "Källa: SCB" …) are dropped.
    The frame's ``attrs["header_row"]`` records the header row used; its index is the row
    number in the file (1-based, as Excel shows it) minus 2.
    """
    path = Path(path)
    try:
        grid, merged, cell_notes = _read_rows(path, sheet)
        try:
            return _table(path, grid, merged, cell_notes, header_row)
        except _Inexact:  # a header row below the first rows, a row wider than the header: rare, and exact
            return _table(path, _read_rows(path, sheet, exact=True)[0], merged, cell_notes, header_row)
    except csv.Error as exc:  # e.g. a cell over csv's field limit: said in Swedish, never csv's English
        limit = f"{csv.field_size_limit():,}".replace(",", " ")
        what = (f"en cell är längre än {limit} tecken" if "field limit" in str(exc)
                else "filen kunde inte delas upp i rader och kolumner")
        raise DataError(f"{what}, så filen kan inte läsas som en tabell.", file=path.name,
                        hint="Kontrollera att det är rätt fil och att citattecken (\") i den är parade; en "
                             "indikatortabell har korta celler (id, namn, tal).") from None


def _table(path: Path, grid: Grid, merged: list, cell_notes: list[str], header_row: int | None) -> pd.DataFrame:
    """:func:`read_table` on the cells read; one vectorised pass over the columns, a Python list only for
    the rows looked at one by one (the first rows, the header)."""
    filled = [c != "" for c in grid.columns]
    counts = np.zeros(grid.n_rows, dtype=np.int64)  # filled cells per row
    for f in filled:
        counts += f
    nonempty: np.ndarray = counts > 0
    if not nonempty.any():
        raise DataError("filen är tom.", file=path.name, hint="Välj en fil med en rubrikrad och minst en datarad.")
    if int(nonempty.sum()) == 1:
        raise DataError("filen har bara en rad (rubrikraden) och inga datarader.", file=path.name,
                        hint="Lägg till en rad per värde under rubrikraden.")
    if header_row is None:
        try:
            header_row = detect_header_row(grid.head)  # looks at the first rows only (grid.head holds them)
        except DataError as exc:
            raise DataError(str(exc), file=path.name) from None
    elif not 0 <= header_row < grid.n_rows:
        raise DataError(f"rubrikrad {header_row} finns inte (filen har {grid.n_rows} rader).", file=path.name,
                        hint="Ange rubrikraden räknat från 0.")
    for r0, c0, r1, c1, ref in merged:
        if (c1 > c0 or r1 > r0) and r0 <= header_row + 1 and r1 >= header_row:
            raise DataError(f"rubrikraden (rad {header_row + 1}) har sammanslagna celler ({ref}).", file=path.name,
                            hint="Dela upp de sammanslagna cellerna så att varje kolumn har en egen rubrik på en "
                                 "enda rad (t.ex. area_id, indicator_id, year, value), och spara igen.")
    if header_row >= grid.exact_rows:
        raise _Inexact
    header = grid.row(header_row)
    width = len(header)
    # Footnotes: everything after the last row with at least two filled cells.
    need = min(2, width)
    enough = np.flatnonzero(counts[header_row + 1:] >= need)
    last = header_row + 1 + int(enough[-1]) if len(enough) else header_row
    rows = header_row + 1 + np.flatnonzero(nonempty[header_row + 1:last + 1])  # the data rows (0-based)
    # (a row's number in the file, 1-based, is its position + 1)
    wide = np.zeros(len(rows), dtype=bool)
    for j in range(width, len(filled)):
        wide |= filled[j][rows]
    if wide.any():
        i = int(rows[np.flatnonzero(wide)[0]])
        if i >= grid.exact_rows:
            raise _Inexact
        r = grid.row(i)
        decimal_comma = any(re.fullmatch(r"-?\d+", a) and re.fullmatch(r"\d+", b)
                            for a, b in zip(r[width - 1:], r[width:]))
        hint = ("Det ser ut som decimalkomma i en kommaseparerad fil: spara filen med semikolon som "
                "avgränsare, eller med decimalpunkt, eller sätt citattecken runt talen (\"71,5\")."
                if decimal_comma else "Kontrollera avgränsaren och att alla rader har lika många kolumner.")
        raise DataError(f"rad {i + 1} har fler celler ({len(r)}) än rubrikraden ({width}).", file=path.name,
                        hint=hint)
    keep = [j for j in range(width) if header[j] or filled[j][rows].any()]
    names = [header[j] or f"kolumn_{j + 1}" for j in keep]
    dups = sorted({n for n in names if names.count(n) > 1})
    if dups:
        raise DataError(f"kolumnnamnet '{dups[0]}' förekommer mer än en gång.", file=path.name,
                        hint="Ge varje kolumn ett unikt namn.")
    if not len(rows):
        raise DataError("tabellen har inga datarader.", file=path.name,
                        hint="Kontrollera att rätt blad och rubrikrad är valda.")
    # The index is the file's (or Excel's) row number − 2, so that error messages that add the
    # usual "+ 2" (header row, 1-based) name the row the user sees.
    frame = pd.DataFrame(dict(zip(names, (grid.columns[j][rows] for j in keep), strict=True)), dtype=object,
                         index=pd.Index(rows - 1))
    frame.attrs["header_row"] = header_row
    skipped = [i + 1 for i in np.flatnonzero(nonempty[:header_row]).tolist()]
    frame.attrs["warnings"] = ([f"{path.name}: rubrikraden är rad {header_row + 1}; raderna ovanför "
                                f"({', '.join(map(str, skipped[:5]))}) hoppades över som titel."] if skipped else [])
    # Kept apart from "warnings" (the header-row note, which the import page says once as a caption):
    # to_long adds these to the join report's warnings.
    frame.attrs["cell_warnings"] = cell_notes
    return frame
