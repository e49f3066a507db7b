"""Importera (AppTest): an .xlsx whose values are formulas without saved results (as openpyxl writes
them) gets a warning naming the sheet and cells, never silently missing values (issue 17)."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from tests.ui.test_page_import import IDS, choose_delomraden_columns, delomraden, import_app, run, texts  # noqa: F401


def formula_workbook(tmp_path: Path) -> Path:
    """Wide form for five delområden; the valdeltagande column holds formulas (``=60+1``)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data 2024"
    ws.append(["area_id", "year", "valdeltagande", "forgymnasial_utbildning", "forvarvsarbetande", "kvarboende"])
    for k, aid in enumerate(IDS):
        ws.append([aid, 2024, f"=60+{k}", 20 + k, 70 + k, 80 + k])
    path = tmp_path / "formler.xlsx"
    wb.save(path)
    return path


def test_formula_cells_without_values_are_a_warning_on_the_import_page(delomraden, tmp_path):  # noqa: F811
    at = import_app()
    at.session_state["imp_areas_path"] = str(delomraden)
    choose_delomraden_columns(at)
    at.session_state["imp_table_path"] = str(formula_workbook(tmp_path))
    run(at)
    said = [w for w in texts(at, "warning") if "formler utan sparat värde" in w]
    assert len(said) == 1, texts(at, "warning")
    assert "bladet 'Data 2024' har 5 celler" in said[0] and "(C2, C3, C4, C5, C6)" in said[0]
    assert said[0].startswith("formler.xlsx: ") and str(tmp_path) not in said[0]
