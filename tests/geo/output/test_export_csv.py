"""The CSV for Swedish Excel (semicolon, decimal comma, BOM, Swedish headers) and export file names."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import UTC, date, datetime

import pandas as pd
import pytest

from geo.output.export import (
    SWEDISH_HEADERS,
    export_csv,
    export_csv_swedish,
    export_file_name,
    local_date,
    results_table,
    slug,
    swedish_headers,
)
from tests.geo.output.test_export import HOSTILE, make_context


@pytest.fixture(scope="module")
def ctx():
    return make_context()


def rows(data: bytes, sep: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=sep))


def test_swedish_csv_opens_in_columns_in_swedish_excel(ctx):
    data = export_csv_swedish(ctx)
    assert data == export_csv(ctx, style="swedish")
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM: Excel reads å/ä/ö
    table = rows(data, ";")
    head, first = table[0], table[1]
    assert head[:4] == ["Rang", "Område-id", "Område", "Index"]
    assert ["Delaktighet", "Utbildning", "Ekonomi", "Boende"] == head[4:8]  # the definition's Swedish labels
    assert {"Rang med grundvikter", "Förändring", "I topp 3", "Anmärkning", "Syntetiska data"} <= set(head)
    assert len(set(head)) == len(head) and len(first) == len(head)
    assert first[2] == HOSTILE
    index = first[head.index("Index")]
    assert "," in index and "." not in index  # decimal comma
    assert first[0] == "1" and first[head.index("Rang med grundvikter")] == "1"  # ranks as whole numbers
    assert first[head.index("I topp 3")] == "ja"


def test_swedish_csv_keeps_every_row_marked_as_demo(ctx):
    back = pd.read_csv(io.BytesIO(export_csv_swedish(ctx)), sep=";", decimal=",", encoding="utf-8-sig", dtype=str)
    assert (back["Syntetiska data"] == "ja").all()
    real = replace(ctx, synthetic=False)
    back = pd.read_csv(io.BytesIO(export_csv_swedish(real)), sep=";", decimal=",", encoding="utf-8-sig", dtype=str)
    assert (back["Syntetiska data"] == "nej").all()


def test_the_plain_csv_keeps_comma_point_and_machine_headers(ctx):
    head = rows(export_csv(ctx), ",")[0]
    assert head == list(results_table(ctx).columns)
    assert head[:4] == ["rank", "area_id", "area_name", "index"] and head[-1] == "synthetic"


def test_swedish_headers_cover_the_table_and_stay_unique(ctx):
    columns = [str(c) for c in results_table(ctx).columns]
    dims = set(ctx.definition.dimension_ids)
    assert all(c in SWEDISH_HEADERS or c in dims for c in columns), "a column without a Swedish header"
    # a dimension whose label is another column's header keeps both, told apart
    dim = ctx.definition.dimensions[0]
    clash = replace(ctx.definition, dimensions=(replace(dim, label="Index"), *ctx.definition.dimensions[1:]))
    head = swedish_headers(columns, clash, 3)
    assert len({h.casefold() for h in head}) == len(head)
    assert head[columns.index(dim.id)] == f"Index ({dim.id})"
    assert swedish_headers(["index", "Index", "index"], clash, 3) == ["Index", "Index (Index)", "Index (index) 2"]


@pytest.mark.parametrize(("text", "expected"), [
    ("Förslag maj", "forslag-maj"),
    ("Åre / Öland \\ Ängelholm", "are-oland-angelholm"),
    ("../../etc/passwd", "etc-passwd"),
    ("Ærø – Łódź ß", "aero-lodz-ss"),
    ("<script>", "script"),
    ("   ", ""),
])
def test_slug_is_ascii_without_path_characters(text, expected):
    assert slug(text) == expected


def test_file_names_carry_scenario_definition_year_method_date_and_demo():
    day = date(2026, 5, 12)
    name = export_file_name("csv", scenario="Förslag <b>nämnden</b> – maj", definition_id="malmo-2023", year=2024,
                            method="zscore", synthetic=True, day=day)
    assert name == "omradesindex_forslag-b-namnden-b-maj_malmo-2023_2024_zscore_2026-05-12_DEMO.csv"
    unsaved = export_file_name("pdf", scenario="", definition_id="malmo-2023", year=2024, method="minmax",
                               synthetic=False, day=day)
    assert unsaved == "omradesindex_osparat_malmo-2023_2024_minmax_2026-05-12.pdf"
    assert export_file_name("pdf", scenario="", definition_id="d", year=2024, method="m", synthetic=False, day=day,
                            lang="en").startswith("omradesindex_unsaved_")
    excel = export_file_name("csv", scenario="A", definition_id="d", year=2024, method="m", synthetic=True, day=day,
                             variant="excel")
    assert excel == "omradesindex_a_d_2024_m_2026-05-12_excel_DEMO.csv"
    # two scenarios never share a name; nothing in a name can leave the download folder
    other = export_file_name("csv", scenario="Förslag juni", definition_id="malmo-2023", year=2024, method="zscore",
                             synthetic=True, day=day)
    assert other != name
    hostile = export_file_name("csv", scenario="../../x", definition_id="../d", year=2024, method="a/b",
                               synthetic=False, day=day)
    assert "/" not in hostile and "\\" not in hostile and ".." not in hostile


def test_the_date_is_malmos_day():
    late = datetime(2026, 5, 12, 23, 30, tzinfo=UTC)  # already 13 May in Malmö (UTC+2)
    assert local_date(late) == date(2026, 5, 13)
