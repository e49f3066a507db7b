"""Unranked areas and data notes in every export: the reason an area has no rank (CSV: an empty rank
cell and ``unranked_reason``; Excel and PDF: "ej rankad") and the flags (every file)."""

from __future__ import annotations

import io
import json

import geopandas as gpd
import openpyxl
import pandas as pd
import pyogrio
import pytest
from pypdf import PdfReader

from geo.dataset.values import available_years
from geo.definition import load_definition
from geo.engine.scoring import score
from geo.output.brief import export_pdf_brief
from geo.output.export import (
    LAYER_NAME,
    XLSX_HEADER_ROW,
    build_context,
    export_csv,
    export_geojson,
    export_geopackage,
    export_xlsx,
)
from geo.paths import demo_paths
from geo.readers.areas import read_areas
from geo.readers.indicators import read_indicators
from geo.settings import ViewSettings

UNRANKED, FLAGGED = "G14", "G03"
FLAG_SV = "ekonomi: beräknad utan utan_ekonomiskt_bistand"  # the engine's text (the CSV's flags column)
NOTE_SV = "Ekonomi: beräknad utan Andel 20–64 år utan ekonomiskt bistånd"


def gapped_context(lang: str = "sv"):
    """The demo with G14 lacking utbildning (no rank) and G03 lacking one ekonomi indicator (a flag)."""
    p = demo_paths()
    areas = read_areas(p.areas)
    definition = load_definition(p.default_definition)
    ind = read_indicators(p.indicators)
    edu = [i.id for i in definition.dimension("utbildning").indicators]
    ind = ind[~((ind["area_id"] == UNRANKED) & ind["indicator_id"].isin(edu))]
    ind = ind[~((ind["area_id"] == FLAGGED) & (ind["indicator_id"] == "utan_ekonomiskt_bistand"))]
    settings = ViewSettings.default(definition, top_k=3, lang=lang)
    current = score(areas, ind, definition, settings)
    baseline = score(areas, ind, definition, settings.baseline())
    return build_context(definition, current, baseline, areas=areas, synthetic=True,
                         data_years=available_years(ind, definition))


@pytest.fixture(scope="module")
def ctx():
    return gapped_context()


def test_csv_keeps_an_empty_rank_cell_and_says_why(ctx):
    back = pd.read_csv(io.BytesIO(export_csv(ctx, style="international")), encoding="utf-8-sig",
                       keep_default_na=False, dtype=str).set_index("area_id")
    assert back.loc[UNRANKED, "rank"] == ""  # empty, not "None" or "nan"
    assert back.loc[UNRANKED, "unranked_reason"] == "saknar värden i Utbildning"
    assert back.loc[FLAGGED, "flags"] == FLAG_SV and back.loc[FLAGGED, "unranked_reason"] == ""


def test_xlsx_shows_not_ranked_and_the_notes(ctx):
    data = export_xlsx(ctx)
    results = pd.read_excel(io.BytesIO(data), sheet_name="Resultat", header=XLSX_HEADER_ROW - 1).set_index("area_id")
    assert results.loc[UNRANKED, "rank"] == "ej rankad"
    assert results.loc[UNRANKED, "unranked_reason"] == "saknar värden i Utbildning"
    assert results.loc[FLAGGED, "flags"] == FLAG_SV and results.loc[FLAGGED, "rank"] == 2
    wb = openpyxl.load_workbook(io.BytesIO(data))
    quality = {r[0]: r[2] for r in wb["Datakvalitet"].iter_rows(min_row=XLSX_HEADER_ROW + 1, values_only=True)
               if r[0]}
    assert quality == {UNRANKED: "ej rankad: saknar värden i Utbildning", FLAGGED: NOTE_SV}


def test_vector_layers_carry_the_flags_and_the_reason(ctx, tmp_path):
    features = {f["properties"]["area_id"]: f["properties"] for f in json.loads(export_geojson(ctx))["features"]}
    assert features[UNRANKED]["rank"] is None and features[UNRANKED]["unranked_reason"] == "saknar värden i Utbildning"
    assert features[FLAGGED]["flags"] == FLAG_SV
    path = tmp_path / "x.gpkg"
    path.write_bytes(export_geopackage(ctx))
    layer: gpd.GeoDataFrame = pyogrio.read_dataframe(path, layer=LAYER_NAME).set_index("area_id")
    assert layer.loc[FLAGGED, "flags"] == FLAG_SV
    assert layer.loc[UNRANKED, "unranked_reason"] == "saknar värden i Utbildning"


@pytest.mark.parametrize("lang, unranked, flagged", [
    ("sv", "Ej rankad: Område N · Västra staden (saknar värden i Utbildning)",
     "* Anmärkningar om data: Område C · Centrum: Ekonomi: beräknad utan"),
    ("en", "Not ranked: Område N · Västra staden (no values for Education)",
     "* Notes on the data: Område C · Centrum: Economy: computed without"),
])
def test_pdf_brief_names_the_unranked_area_with_the_reason_and_marks_the_flagged_one(lang, unranked, flagged):
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(
        export_pdf_brief(gapped_context(lang)))).pages)
    assert unranked in text and flagged in text
    assert "Område C · Centrum *" in text  # rank 2: in the top-3 table with its mark
