"""Formulas without a saved result in an .xlsx (as openpyxl writes them) are said, never silently
missing (issue 17): a warning naming the sheet and the first cells, in the table's notes, the join
report's warnings (the import page and the export's Datakvalitet) and on the CLI's stderr."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from geo.dataset.report import join_report
from geo.definition import load_definition
from geo.errors import DataWarning
from geo.paths import demo_paths
from geo.readers.areas import read_areas
from geo.readers.indicators import read_indicators
from geo.readers.tables import read_table, uncached_formulas

FORMULA_TEXT = "formler utan sparat värde"


def workbook(path: Path, *, formulas_for: str | None) -> Path:
    """The demo's indicator table as .xlsx; the values of ``formulas_for`` (all when None) as
    formulas ``=45.2`` saved by openpyxl, which saves no result beside them."""
    table = pd.read_csv(demo_paths().indicators, dtype=str)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Indikatorer 2024"
    ws.append(list(table.columns))
    for row in table.itertuples(index=False):
        cells: list[object] = list(row)
        if formulas_for is None or row.indicator_id == formulas_for:
            cells[3] = f"={row.value}"
        else:
            cells[3] = float(row.value)
        ws.append(cells)
    wb.save(path)
    return path


def test_openpyxl_formulas_are_found_in_the_sheet_xml():
    xml = (b'<row r="2"><c r="D2"><f>1+2</f><v /></c><c r="E2"><f>1+2</f><v>3</v></c>'
           b'<c r="F2" t="str"><f>""</f><v></v></c><c r="G2" t="n"><v>4</v></c>'
           b'<x:c r="H2"><x:f t="shared" si="0"/></x:c></row>')
    assert uncached_formulas(xml) == ["D2", "H2"]
    assert uncached_formulas(b'<c r="A1" t="n"><v>1</v></c>') == []


def test_some_formula_values_give_a_warning_naming_sheet_and_cells(tmp_path):
    path = workbook(tmp_path / "delvis.xlsx", formulas_for="valdeltagande")
    with pytest.warns(DataWarning, match=FORMULA_TEXT):
        frame = read_table(path)
    notes = frame.attrs["cell_warnings"]
    assert len(notes) == 1
    note = notes[0]
    n = int((pd.read_csv(demo_paths().indicators, dtype=str)["indicator_id"] == "valdeltagande").sum())
    assert FORMULA_TEXT in note and "'Indikatorer 2024'" in note and f"har {n} celler" in note
    first = int(frame.index[frame["indicator_id"] == "valdeltagande"][0]) + 2  # Excel's row number
    assert f"(D{first}, D{first + 1}," in note and f"och {n - 5} till" in note
    assert note.startswith("delvis.xlsx: ") and str(tmp_path) not in note
    # the warning reaches the join report (the import page's warnings and the export's Datakvalitet)
    p = demo_paths()
    with pytest.warns(DataWarning, match=FORMULA_TEXT):
        long = read_indicators(path, duplicates="keep")
    assert long["value"][long["indicator_id"] == "valdeltagande"].isna().all()
    report = join_report(read_areas(p.areas), long, load_definition(p.default_definition))
    assert note in report.warnings
    assert report.usable  # the other values are there: said, not refused (see tables._excel_rows)


def test_a_workbook_with_values_has_no_formula_warning(tmp_path):
    path = tmp_path / "varden.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["area_id", "indicator_id", "year", "value"])
    wb.active.append(["G01", "valdeltagande", 2024, 71.5])
    wb.save(path)
    assert read_table(path).attrs["cell_warnings"] == []
    assert not any(FORMULA_TEXT in w for w in read_indicators(path).attrs["warnings"])
