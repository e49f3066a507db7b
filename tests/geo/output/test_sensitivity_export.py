"""The exports carry the grounds of the prioritisation: tipping points, influence and acceptability in
Excel, the tipping points in the PDF brief (none for geometric aggregation)."""

from __future__ import annotations

import io
from dataclasses import replace

import openpyxl
import pytest
from pypdf import PdfReader

from geo.engine.tipping import top_k_intervals
from geo.output.brief import export_pdf_brief
from geo.output.export import export_xlsx
from geo.output.sensitivity_export import sensitivity_tables
from tests.geo.output.test_export import make_context


@pytest.fixture(scope="module")
def ctx():
    return make_context(missing_area=False)


def test_the_sheet_has_the_engines_numbers(ctx):
    names = dict(zip(ctx.view["area_id"], ctx.view["area_name"], strict=True))
    tables = dict(sensitivity_tables(ctx.dimensions, ctx.weights, 3, "arithmetic", names, ctx.definition, "sv"))
    tipping = next(v for k, v in tables.items() if k.startswith("Brytpunkter"))
    expected = top_k_intervals(ctx.dimensions, ctx.weights, 3)
    assert tipping["upper"].tolist() == expected["upper"].tolist()
    acc = next(v for k, v in tables.items() if k.startswith("Acceptans"))
    assert len(acc) == 14 and acc["acceptability"].is_monotonic_decreasing
    wb = openpyxl.load_workbook(io.BytesIO(export_xlsx(ctx)))
    assert "Känslighet" in wb.sheetnames


def test_the_brief_names_the_tipping_points_and_geometric_has_none(ctx):
    text = PdfReader(io.BytesIO(export_pdf_brief(ctx))).pages[0].extract_text()
    assert "Brytpunkter (vikter där topp 3 är oförändrad" in text
    assert "Acceptans (andel av 10000 viktningar" in text and "Inflytande (andel av indexets spridning" in text
    geometric = replace(ctx, scenario=replace(ctx.scenario, settings=ctx.settings.with_(aggregation="geometric")))
    text = PdfReader(io.BytesIO(export_pdf_brief(geometric))).pages[0].extract_text()
    assert "Brytpunkter" not in text and "Inflytande" in text
