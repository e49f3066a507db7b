"""Every export opens with its own reader and carries the numbers and names on screen."""

import io
import json

import geopandas as gpd
import numpy as np
import openpyxl
import pandas as pd
import pyogrio
import pytest
from PIL import Image
from pypdf import PdfReader

from geo.dataset.values import available_years
from geo.definition import load_definition
from geo.engine.scoring import score
from geo.i18n import fmt_number
from geo.output.brief import draw_map, export_map_png, export_pdf_brief
from geo.output.export import (
    DEMO_LABEL,
    LAYER_NAME,
    SHEETS,
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

HOSTILE = "<script>alert('x')</script> $x$ & =1+1"
SCENARIO_NAME = "Förslag <b>nämnden</b> – maj"
SOURCE = "Syntetiska demodata (data/make_demo.py)"


def make_context(*, synthetic=True, missing_area=True, lang="sv", labels=True):
    p = demo_paths()
    areas = read_areas(p.areas)
    indicators = read_indicators(p.indicators)
    definition = load_definition(p.default_definition)
    if missing_area:  # one area without any education data: no index, no rank
        edu = [i.id for i in definition.dimension("utbildning").indicators]
        indicators = indicators[~((indicators["area_id"] == "G14") & indicators["indicator_id"].isin(edu))]
    settings = ViewSettings.default(definition, top_k=3, lang=lang, labels=labels).with_weight("ekonomi", 3.0)
    current = score(areas, indicators, definition, settings)
    first = current.table["area_id"].iloc[0]  # the rank-1 area gets the hostile name
    areas.loc[areas["area_id"] == first, "area_name"] = HOSTILE
    current = score(areas, indicators, definition, settings)
    baseline = score(areas, indicators, definition, settings.baseline())
    return build_context(definition, current, baseline, name=SCENARIO_NAME, note="Anteckning: å ä ö.", areas=areas,
                         synthetic=synthetic, source=SOURCE, data_years=available_years(indicators, definition))


@pytest.fixture(scope="module")
def ctx():
    return make_context()


@pytest.fixture(scope="module")
def real_ctx():
    return make_context(synthetic=False, missing_area=False)


def test_context_view(ctx):
    assert ctx.view["area_name"].iloc[0] == HOSTILE
    assert ctx.view["index"].isna().sum() == 1
    assert ctx.year == 2024


def test_csv_round_trip(ctx):
    data = export_csv(ctx)
    assert data.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", keep_default_na=False, na_values=[""])
    view = ctx.view
    assert back["area_name"].tolist() == view["area_name"].tolist()
    assert back["area_id"].tolist() == view["area_id"].tolist()
    np.testing.assert_array_equal(back["index"].to_numpy(), view["index"].to_numpy(dtype=float))  # full precision
    assert back["rank"].astype("Int64").tolist() == view["rank"].tolist()
    assert back["synthetic"].all()
    for dim in ctx.definition.dimension_ids:
        np.testing.assert_array_equal(back[dim].to_numpy(),
                                      ctx.dimensions.reindex(view["area_id"])[dim].to_numpy())


def test_csv_swedish_style(ctx):
    back = pd.read_csv(io.BytesIO(export_csv(ctx, style="swedish")), sep=";", decimal=",", encoding="utf-8-sig")
    np.testing.assert_allclose(back["Index"].to_numpy(), ctx.view["index"].to_numpy(dtype=float), rtol=1e-15)
    assert back["Område"].iloc[0] == HOSTILE  # Swedish headers (tests/geo/output/test_export_csv.py)


def test_xlsx(ctx):
    data = export_xlsx(ctx)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames == list(SHEETS)
    for ws in wb.worksheets:
        assert ws["A1"].value == DEMO_LABEL
    why = [c for row in wb["Känslighet"].iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert any("utan att topp" in c for c in why)  # the tipping points in words
    assert "acceptability" in why and "influence" in why
    results = pd.read_excel(io.BytesIO(data), sheet_name="Resultat", header=XLSX_HEADER_ROW - 1)
    assert results["area_name"].tolist() == ctx.view["area_name"].tolist()
    # openpyxl writes 16 significant digits (Excel keeps 15): equal to the last digit that counts
    np.testing.assert_allclose(results["index"].to_numpy(), ctx.view["index"].to_numpy(dtype=float), rtol=1e-15)
    # the hostile name is a string cell, not a formula
    ws = wb["Resultat"]
    cell = ws.cell(row=XLSX_HEADER_ROW + 1, column=3)
    assert cell.value == HOSTILE and cell.data_type == "s"
    settings = {r[0]: r[1] for r in wb["Vikter och metod"].iter_rows(min_row=XLSX_HEADER_ROW + 1, values_only=True)
                if r[0]}
    assert settings["Scenario"] == SCENARIO_NAME
    assert settings["År"] == "2024"
    assert "zscore" in settings["Normaliseringsmetod"]
    assert SOURCE == settings["Källa"]
    weights = [r for r in wb["Vikter och metod"].iter_rows(values_only=True) if r[0] == "ekonomi"]
    assert weights and weights[0][2] == 3.0 and weights[0][3] == pytest.approx(0.5)
    quality = [r for r in wb["Datakvalitet"].iter_rows(min_row=XLSX_HEADER_ROW + 1, values_only=True)]
    assert any(r[0] == "G14" and "ej rankad" in r[2] for r in quality)


def test_xlsx_without_demo_label(real_ctx):
    wb = openpyxl.load_workbook(io.BytesIO(export_xlsx(real_ctx)))
    texts = [c for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert not any(DEMO_LABEL in c for c in texts)
    assert wb["Resultat"]["A1"].value.startswith("Områdesindex Malmö")  # then " — <source>" when given


def test_geopackage(ctx, tmp_path):
    path = tmp_path / "x.gpkg"
    path.write_bytes(export_geopackage(ctx))
    layer = pyogrio.read_dataframe(path, layer=LAYER_NAME)
    assert layer.crs.to_epsg() == 3006
    assert len(layer) == 14 and layer["synthetic"].all()
    merged = layer.set_index("area_id").reindex(ctx.view["area_id"])
    assert merged["area_name"].tolist() == ctx.view["area_name"].tolist()
    np.testing.assert_array_equal(merged["index"].to_numpy(), ctx.view["index"].to_numpy(dtype=float))
    assert merged.loc["G14", "rank"] is None or pd.isna(merged.loc["G14", "rank"])
    meta = pyogrio.read_info(path, layer=LAYER_NAME)["layer_metadata"]
    assert meta["synthetic"] == "true" and meta["label"] == DEMO_LABEL and "ekonomi:3" in meta["weights"]


def test_geojson(ctx):
    data = export_geojson(ctx)
    doc = json.loads(data.decode("utf-8"))
    assert doc["synthetic"] is True and doc["metadata"]["year"] == "2024"
    layer = gpd.read_file(io.BytesIO(data))
    assert layer.crs.to_epsg() == 4326
    minx, miny, maxx, maxy = layer.total_bounds
    assert 12 < minx < maxx < 14 and 55 < miny < maxy < 56  # Malmö in lon/lat
    props = {f["properties"]["area_id"]: f["properties"] for f in doc["features"]}
    for row in ctx.view.itertuples():
        assert props[row.area_id]["area_name"] == row.area_name
        if pd.isna(row.index):
            assert props[row.area_id]["index"] is None and props[row.area_id]["rank"] is None
        else:
            assert props[row.area_id]["index"] == row.index and props[row.area_id]["rank"] == row.rank
    assert HOSTILE in data.decode("utf-8")


@pytest.mark.parametrize("size", [(1200, 900), (800, 600)])
def test_map_png(ctx, size):
    data = export_map_png(ctx, width_px=size[0], height_px=size[1], dpi=100)
    img = Image.open(io.BytesIO(data))
    assert img.format == "PNG" and img.size == size
    pixels = np.asarray(img.convert("RGB")).reshape(-1, 3)
    # the darkest palette colour (lowest index) and the missing grey are both drawn
    assert (np.abs(pixels.astype(int) - [0x44, 0x01, 0x54]).sum(axis=1) < 6).any()
    assert (np.abs(pixels.astype(int) - [0xE0, 0xE0, 0xE0]).sum(axis=1) < 6).any()


def labelled_map(ctx):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(6, 5), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0, 0, 1, 1))
    draw_map(ax, ctx, legend=False)
    return ax


def test_map_labels_rank_and_name_without_overlap(ctx):
    """The export labels every ranked area where it fits: rank first, then the short name."""
    ax = labelled_map(ctx)
    texts = [t for t in ax.texts if t.get_text()]
    renderer = ax.figure.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in texts]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not a.overlaps(b), (a, b)
    ranked = ctx.view.dropna(subset=["rank"])
    shown = {t.get_text().split(" ", 1)[0] for t in texts}
    assert {str(int(r)) for r in ranked["rank"] if r <= 3} <= shown  # the top k always carry their rank
    assert len(texts) >= len(ranked) - 3
    assert any(" " in t.get_text() for t in texts)  # and names where there is room
    missing = ctx.view.loc[ctx.view["rank"].isna(), "area_name"]
    assert not any(name in t.get_text() for t in texts for name in missing)  # no value, no label


def test_map_labels_follow_the_view_setting():
    ax = labelled_map(make_context(labels=False))
    assert [t.get_text() for t in ax.texts if t.get_text()] == []


def pdf_text(data: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(data))
    return reader, "\n".join(p.extract_text() for p in reader.pages)


def test_pdf_brief(ctx):
    reader, text = pdf_text(export_pdf_brief(ctx))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert float(box.width) == pytest.approx(595, abs=2) and float(box.height) == pytest.approx(842, abs=2)
    flat = " ".join(text.split())
    assert DEMO_LABEL in flat
    assert f"Scenario: {SCENARIO_NAME}" in flat
    top = ctx.view[ctx.view["rank"] <= 3]
    assert len(top) == 3
    for row in top.itertuples():
        assert " ".join(row.area_name.split()) in flat
        assert fmt_number(row.index) in flat
    assert HOSTILE in flat  # literally, no markup or mathtext
    assert "Ekonomi 3 (50 %)" in flat
    assert "z-poäng" in flat and "år 2024" in flat and SOURCE in flat
    assert "Saknar värde (ej rankad)" in flat  # the area without a value is named in the legend
    assert ctx.local_time in flat
    assert reader.metadata.title.endswith(SCENARIO_NAME)


def test_pdf_brief_real_data_has_no_demo_label(real_ctx):
    _, text = pdf_text(export_pdf_brief(real_ctx))
    assert DEMO_LABEL not in " ".join(text.split())
    assert "Topp 3" in text


def test_pdf_brief_english():
    _, text = pdf_text(export_pdf_brief(make_context(lang="en")))
    assert "Top 3" in text and "Rank" in text


def test_pdf_rank_changes_are_shown():
    ctx = make_context(missing_area=False)
    ctx = build_context(ctx.definition,
                        *_scored(ctx, {"delaktighet": 0.0, "utbildning": 0.0, "ekonomi": 0.0, "boende": 1.0}),
                        areas=ctx.areas, synthetic=True)
    _, text = pdf_text(export_pdf_brief(ctx))
    flat = " ".join(text.split())
    labels = [lbl for lbl in ctx.view.loc[ctx.view["rank"] <= 3, "change_label"] if lbl not in ("", "–")]
    assert labels, "the test needs a weighting that changes the top 3"
    for label in labels:
        assert label in flat
    for name in ctx.view.loc[ctx.view["top_k_status"] == "in", "area_name"]:
        assert name in flat


def _scored(ctx, weights):
    p = demo_paths()
    indicators = read_indicators(p.indicators)
    settings = ViewSettings.default(ctx.definition, weights=weights)
    return (score(ctx.areas, indicators, ctx.definition, settings),
            score(ctx.areas, indicators, ctx.definition, settings.baseline()))
