"""Reading spreadsheet-like files (CSV, Excel .xlsx) into frames of text cells.

City staff export tables from Excel, SCB's Statistikdatabasen and various systems:
semicolons or commas, UTF-8 or Windows-1252, a title row or two above the header and
footnotes below the data. This module finds the table inside such a file and returns
every cell as text, so that numbers are parsed in one place
(:func:`geo.io.parse_number_column`) whatever the file format was.

>>> detect_header_row([["Tabell 1", "", ""], ["område", "år", "värde"], ["G01", "2024", "3"]])
1
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter
from pathlib import Path

import pandas as pd

from geo.errors import DataError

EXCEL_SUFFIXES = frozenset({".xlsx", ".xlsm"})
CSV_SUFFIXES = frozenset({".csv", ".txt", ".tsv"})
_SEPARATORS = (";", ",", "\t")
_SCAN_ROWS = 50


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
    width = max((sum(1 for c in r if c) for r in rows[:_SCAN_ROWS]), default=0)
    if width == 0:
        raise DataError("tabellen är tom.", hint="Välj en fil med en rubrikrad och minst en datarad.")
    for i, row in enumerate(rows[:_SCAN_ROWS]):
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


def _decode(raw: bytes, file: str) -> str:
    for enc in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    raise DataError("teckenkodningen känns inte igen.", file=file, hint="Spara filen som UTF-8 och försök igen.")


def _csv_rows(text: str) -> list[list[str]]:
    """Split CSV text with the separator that gives the most rows of one consistent width."""
    sample = text.splitlines()[:_SCAN_ROWS]
    best, best_score = ",", -1
    for sep in _SEPARATORS:
        widths = Counter(len(r) for r in csv.reader(sample, delimiter=sep) if any(c.strip() for c in r))
        common = [(n * w, w) for w, n in widths.items() if w > 1]
        score = max(common)[0] if common else 0
        if score > best_score:
            best, best_score = sep, score
    return [[c.strip() for c in r] for r in csv.reader(io.StringIO(text), delimiter=best)]


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


def _open_workbook(path: Path):
    import openpyxl  # imported lazily: only needed for Excel files

    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise DataError("filen finns inte.", file=str(path), hint="Kontrollera sökvägen.") from None
    except Exception as exc:  # openpyxl raises zipfile/KeyError/InvalidFileException for broken files
        raise DataError(f"kunde inte läsas som Excel-fil ({type(exc).__name__}).", file=str(path),
                        hint="Spara filen som .xlsx (Excel-arbetsbok) eller som CSV.") from None


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


def _excel_rows(path: Path, sheet: str | int | None) -> list[list[str]]:
    wb = _open_workbook(path)
    try:
        names = wb.sheetnames
        if sheet is None:
            ws = wb[names[0]]
        elif isinstance(sheet, int):
            if not 0 <= sheet < len(names):
                raise DataError(f"bladet nummer {sheet} finns inte (arbetsboken har {len(names)} blad).",
                                file=str(path), hint=f"Välj ett av bladen: {', '.join(names)}.")
            ws = wb[names[sheet]]
        elif sheet in names:
            ws = wb[sheet]
        else:
            raise DataError(f"bladet '{sheet}' finns inte.", file=str(path),
                            hint=f"Välj ett av bladen: {', '.join(names)}.")
        return [[_excel_cell_text(c) for c in row] for row in ws.iter_rows()]
    finally:
        wb.close()


def _read_rows(path: Path, sheet: str | int | None) -> list[list[str]]:
    suffix = path.suffix.lower()
    if suffix in EXCEL_SUFFIXES:
        return _excel_rows(path, sheet)
    if suffix == ".xls":
        raise DataError("det gamla Excel-formatet .xls stöds inte.", file=str(path),
                        hint="Öppna filen i Excel och spara den som .xlsx eller CSV.")
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError("filen finns inte.", file=str(path), hint="Kontrollera sökvägen.") from None
    except OSError as exc:
        raise DataError(f"filen kunde inte läsas ({exc.strerror}).", file=str(path)) from None
    if raw[:4] == b"PK\x03\x04":
        raise DataError("filen ser ut att vara en Excel- eller zip-fil, inte CSV.", file=str(path),
                        hint="Ge filen ändelsen .xlsx, eller spara den som CSV.")
    text = _decode(raw, str(path))
    if not text.strip():
        raise DataError("filen är tom.", file=str(path), hint="Välj en fil med en rubrikrad och minst en datarad.")
    return _csv_rows(text)


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
    rows = _read_rows(path, sheet)
    if not any(any(r) for r in rows):
        raise DataError("filen är tom.", file=str(path), hint="Välj en fil med en rubrikrad och minst en datarad.")
    if header_row is None:
        try:
            header_row = detect_header_row(rows)
        except DataError as exc:
            raise DataError(str(exc), file=str(path)) from None
    elif not 0 <= header_row < len(rows):
        raise DataError(f"rubrikrad {header_row} finns inte (filen har {len(rows)} rader).", file=str(path),
                        hint="Ange rubrikraden räknat från 0.")
    header = list(rows[header_row])
    body = rows[header_row + 1:]
    # Footnotes: everything after the last row with at least two filled cells.
    last = max((i for i, r in enumerate(body) if sum(1 for c in r if c) >= min(2, len(header))), default=-1)
    numbered = [(header_row + k + 2, r) for k, r in enumerate(body[:last + 1]) if any(r)]  # 1-based rows
    width = len(header)
    for line, r in numbered:
        if len(r) > width and any(r[width:]):
            raise DataError(f"rad {line} har fler celler ({len(r)}) än rubrikraden ({width}).", file=str(path),
                            hint="Kontrollera avgränsaren och att alla rader har lika många kolumner.")
    body = [r for _, r in numbered]
    body = [(r + [""] * width)[:width] for r in body]
    keep = [j for j in range(width) if header[j] or any(r[j] for r in body)]
    names = [header[j] or f"kolumn_{j + 1}" for j in keep]
    dups = sorted({n for n in names if names.count(n) > 1})
    if dups:
        raise DataError(f"kolumnnamnet '{dups[0]}' förekommer mer än en gång.", file=str(path),
                        hint="Ge varje kolumn ett unikt namn.")
    if not body:
        raise DataError("tabellen har inga datarader.", file=str(path),
                        hint="Kontrollera att rätt blad och rubrikrad är valda.")
    # The index is the file's (or Excel's) row number − 2, so that error messages that add the
    # usual "+ 2" (header row, 1-based) name the row the user sees.
    frame = pd.DataFrame([[r[j] for j in keep] for r in body], columns=names, dtype=object,
                         index=pd.Index([line - 2 for line, _ in numbered]))
    frame.attrs["header_row"] = header_row
    return frame
