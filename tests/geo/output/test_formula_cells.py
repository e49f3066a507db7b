"""Exports never hand a spreadsheet a formula (OWASP "CSV injection"): a text cell that starts with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a ``'`` first, in both CSV styles, in
every Excel sheet and in the follow-up report; numbers (negative index values too) stay numbers,
and the method sheet says so (issue 16 point 5)."""

from __future__ import annotations

import csv
import io

import openpyxl
import pandas as pd
import pytest

from geo.dataset.load import load_dataset
from geo.dataset.values import available_years
from geo.definition import load_definition
from geo.engine.history import index_history
from geo.engine.progress import follow_up_table
from geo.engine.scoring import score, score_years
from geo.output.export import XLSX_HEADER_ROW, build_context, export_csv, export_xlsx
from geo.output.followup_report import FollowUpReport, followup_csv, followup_xlsx
from geo.output.xlsx import inert_text
from geo.paths import DATA, demo_paths
from geo.readers.areas import read_areas
from geo.readers.indicators import read_indicators
from geo.settings import ViewSettings
from geo.targets import load_plan

FORMULAS = {"G01": '=HYPERLINK("http://127.0.0.1:9","x")', "G02": "+1", "G03": "-2+3", "G04": "@SUM(A1)",
            "G05": "\t=1+1", "G06": "\r=1+1"}
#: As written: a ' first; a carriage return inside a cell as a line feed (a lone CR would end a CSV row there).
SAFE = {a: "'" + n.replace("\r", "\n") for a, n in FORMULAS.items()}


@pytest.mark.parametrize("text, expected", [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"), ("\t=1", "'\t=1"),
    ("\r=1", "'\r=1"), ("Område A", "Område A"), ("−0,52", "−0,52"), ("↑2", "↑2"), ("", ""), (" =1", " =1"),
    (-0.52, -0.52), (3, 3), (None, None),
])
def test_inert_text(text, expected):
    assert inert_text(text) == expected


@pytest.fixture(scope="module")
def ctx():
    p = demo_paths()
    areas = read_areas(p.areas)
    areas["area_name"] = [FORMULAS.get(a, n) for a, n in zip(areas["area_id"], areas["area_name"], strict=True)]
    indicators = read_indicators(p.indicators)
    definition = load_definition(p.default_definition)
    settings = ViewSettings.default(definition, top_k=3)
    current = score(areas, indicators, definition, settings)
    baseline = score(areas, indicators, definition, settings.baseline())
    return build_context(definition, current, baseline, name="=cmd|' /C calc'!A0", note="-anteckning",
                         areas=areas, synthetic=True, source="@källa",
                         data_years=available_years(indicators, definition))


def csv_rows(data: bytes, sep: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=sep))


@pytest.mark.parametrize("style, sep, name, index", [("international", ",", "area_name", "index"),
                                                      ("swedish", ";", "Område", "Index")])
def test_csv_text_cells_are_inert_and_numbers_stay_numbers(ctx, style, sep, name, index):
    rows = csv_rows(export_csv(ctx, style=style), sep)
    by_id = {r["area_id" if style == "international" else "Område-id"]: r for r in rows}
    for area, safe in SAFE.items():
        assert by_id[area][name] == safe, (area, by_id[area][name])
    values = [r[index] for r in rows if r[index]]
    assert any(v.startswith("-") for v in values)  # negative index values …
    for v in values:  # … written as numbers, never with a '
        float(v.replace(",", "."))
    assert not any(v.startswith("'") for r in rows for k, v in r.items() if k not in (name,))


def test_excel_text_cells_are_inert_and_numbers_stay_numbers(ctx):
    wb = openpyxl.load_workbook(io.BytesIO(export_xlsx(ctx)))
    ws = wb["Resultat"]
    head = [c.value for c in ws[XLSX_HEADER_ROW]]
    rows = list(ws.iter_rows(min_row=XLSX_HEADER_ROW + 1))
    by_id = {r[head.index("area_id")].value: r for r in rows}
    for area, safe in SAFE.items():
        cell = by_id[area][head.index("area_name")]
        assert cell.value == safe and cell.data_type == "s"
    index = [r[head.index("index")] for r in rows if r[head.index("index")].value is not None]
    assert all(c.data_type == "n" and isinstance(c.value, float) for c in index)
    assert any(c.value < 0 for c in index)
    method = {r[0]: r[1] for r in wb["Vikter och metod"].iter_rows(values_only=True) if r[0]}
    assert method["Scenario"] == "'=cmd|' /C calc'!A0" and method["Anteckning"] == "'-anteckning"
    assert method["Källa"] == "'@källa"
    assert any("Celler som börjar med = + - @" in str(v) and "'" in str(v) for v in method.values())
    texts = [c for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert not [c for c in texts if c[:1] in ("=", "+", "-", "@", "\t", "\r")]  # in every sheet (Känslighet too)
    assert "'+1" in [c for row in wb["Känslighet"].iter_rows(values_only=True) for c in row]


@pytest.fixture(scope="module")
def report():
    data = load_dataset(demo_paths())
    data.areas["area_name"] = [FORMULAS.get(a, n) for a, n in zip(data.areas["area_id"], data.areas["area_name"],
                                                                    strict=True)]
    d = data.default_definition
    settings = ViewSettings.default(d, reference_year=2022)
    follow = follow_up_table(data.indicators, data.areas, d, reference_year=2022,
                             plan=load_plan(DATA / "targets" / "demo-omradeslyft.toml"))
    hist = index_history(score_years(data, d, settings), 2022)
    return FollowUpReport(definition=d, settings=settings, history=hist, follow=follow, synthetic=True,
                          source="=källa")


def test_the_follow_up_exports_are_inert_too(report):
    table = pd.read_csv(io.BytesIO(followup_csv(report.follow)), dtype=str, keep_default_na=False)
    names = dict(zip(table["area_id"], table["area_name"], strict=False))
    for area, safe in SAFE.items():
        assert names[area] == safe
    assert pd.to_numeric(table["change"].replace("", None)).lt(0).any()  # negative numbers stay numbers
    wb = openpyxl.load_workbook(io.BytesIO(followup_xlsx(report)))
    texts = [c for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert "'-2+3" in texts and "'=källa" in texts
    assert not [c for c in texts if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
