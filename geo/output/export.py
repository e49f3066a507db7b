"""Exports of the current view: CSV, Excel, GeoPackage and GeoJSON (the map PNG and the
PDF brief are in :mod:`geo.output.brief`).

Everything a meeting takes away must carry the same numbers as the screen and say
how they were made (weights, method, data year, source) — and say loudly when the
data is the synthetic demo. The UI builds one :class:`ExportContext` (with
:func:`build_context`) and passes it to any ``export_*`` function; each returns
bytes for ``st.download_button``. The settings rows come from
:func:`geo.settings.describe`, so a new setting appears in every export by itself.

Names are data, never markup: a name such as ``<script>`` appears literally in every export;
one that starts like a formula (``=SUM(A1)``, ``+1``, ``-2+3``, ``@…``) gets a ``'`` first in the
CSV and Excel files, so no spreadsheet runs it (:func:`geo.output.xlsx.inert_text`; the method
sheet says so). Numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Literal

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely.geometry

from geo.definition import Definition
from geo.engine.scoring import Scored
from geo.i18n import t
from geo.links import to_query_string
from geo.output.naming import (
    SWEDISH_HEADERS,
    TIMEZONE,
    UNSAVED_SLUG,
    export_file_name,
    local_date,
    slug,
    swedish_headers,
)
from geo.output.sensitivity_export import add_sensitivity_sheet, sensitivity_tables
from geo.output.xlsx import FORMULA_NOTE, inert_frame, json_value, put_cell, set_widths, write_table
from geo.scenario import Scenario, utcnow
from geo.settings import ViewSettings, describe, format_weight
from geo.view.frames import records
from geo.view.mapstyles import MapLayer, index_layer
from geo.view.palette import DEMO_RED, TEXT_ON_DARK, Classes
from geo.view.ranking import ranking_view

DEMO_LABEL = "SYNTETISKA DEMODATA – inte verklig statistik"
TITLE = "Områdesindex Malmö"
#: The workbook's sheets; the last only with dimension scores (a finished index has nothing to tip).
SHEETS: tuple[str, str, str, str] = ("Resultat", "Vikter och metod", "Datakvalitet", "Känslighet")
#: Row (1-based) of the column headers in every Excel sheet; rows above carry title and label.
XLSX_HEADER_ROW = 3
LAYER_NAME = "omradesindex"

CsvStyle = Literal["international", "swedish"]



@dataclass(frozen=True)
class ExportContext:
    """Everything an export needs, in one object.

    ``scenario`` is the settings of the scored view with the open scenario's name and
    note (unnamed when none is open); ``view`` is :func:`geo.view.ranking.ranking_view`
    output; ``dimensions`` the dimension scores (areas × dimension ids); ``layer`` the
    map (classes and legend) as on screen; ``areas`` the layer (``area_id``,
    ``area_name``, geometry, any CRS); ``quality`` lines for the data-quality sheet.
    """

    definition: Definition
    scenario: Scenario
    view: pd.DataFrame
    dimensions: pd.DataFrame | None = None
    layer: MapLayer | None = None
    areas: gpd.GeoDataFrame | None = None
    synthetic: bool = False
    source: str = ""
    data_years: tuple[int, ...] = ()
    quality: tuple[str, ...] = ()
    timestamp: datetime = field(default_factory=utcnow)
    title: str = TITLE
    #: Indicator id → the year its values come from (they differ with "latest year per indicator").
    indicator_years: tuple[tuple[str, int], ...] = ()

    @property
    def settings(self) -> ViewSettings:
        return self.scenario.settings

    @property
    def lang(self) -> str:
        return self.settings.lang

    @property
    def year(self) -> int:
        """The year scored; with each indicator's latest year, the latest of them."""
        if self.settings.year is not None:
            return int(self.settings.year)
        return max((y for _, y in self.indicator_years), default=0)

    @property
    def year_text(self) -> str:
        """The data year as the views say it ("2024", or "2022–2023 (senaste år per indikator)")."""
        years = sorted({y for _, y in self.indicator_years})
        if self.settings.year is None and len(years) > 1:
            return t("latest_per_indicator_span", self.lang, first=years[0], last=years[-1])
        return str(self.year)

    @property
    def classes(self) -> Classes | None:
        return self.layer.classes if self.layer is not None else None

    @property
    def local_time(self) -> str:
        """The timestamp as Malmö sees it, e.g. ``2026-05-12 14:03``."""
        ts = self.timestamp
        try:
            from zoneinfo import ZoneInfo
            ts = ts.astimezone(ZoneInfo(TIMEZONE))
        except Exception:  # no tz database: say UTC
            return ts.strftime("%Y-%m-%d %H:%M UTC")
        return ts.strftime("%Y-%m-%d %H:%M")

    @property
    def weights(self) -> dict[str, float]:
        return self.settings.resolve(self.definition)[0]

    @property
    def indicator_weights(self) -> dict[str, float]:
        return self.settings.resolve(self.definition)[1]

    @property
    def scenario_name(self) -> str:
        return self.scenario.name or t("unsaved_scenario", self.lang)

    @property
    def method_label(self) -> str:
        return t(f"method_{self.settings.method}", self.lang)

    @property
    def aggregation_label(self) -> str:
        return t(f"aggregation_{self.settings.aggregation}", self.lang)


def build_context(
    definition: Definition,
    current: Scored,
    baseline: Scored,
    *,
    name: str = "",
    note: str = "",
    areas: gpd.GeoDataFrame | None = None,
    layer: MapLayer | None = None,
    synthetic: bool = False,
    source: str = "",
    data_years: Sequence[int] = (),
    quality: Sequence[str] = (),
    timestamp: datetime | None = None,
) -> ExportContext:
    """The context for the scored view: its settings (as the scenario ``name``), the ranking
    against ``baseline``, and the map ``layer`` (built as on screen when not given)."""
    view = ranking_view(current, baseline, definition)
    if layer is None:
        layer = index_layer(current, view, definition)
    notes = tuple(current.result.notes) + tuple(quality)
    return ExportContext(definition=definition, scenario=Scenario(settings=current.settings, name=name, note=note),
                         view=view, dimensions=current.result.dimensions, layer=layer, areas=areas,
                         synthetic=synthetic, source=source, data_years=tuple(int(y) for y in data_years),
                         quality=notes, timestamp=timestamp or utcnow(), indicator_years=current.data_years)


# ---------------------------------------------------------------------------- tables
def results_table(ctx: ExportContext) -> pd.DataFrame:
    """The rows of the view with dimension scores and map class (1 = lowest index), by rank."""
    view = ctx.view.copy()
    out = pd.DataFrame({"rank": view["rank"], "area_id": view["area_id"].astype(str),
                        "area_name": view["area_name"].astype(str), "index": view["index"].astype(float)})
    if ctx.dimensions is not None:
        dims = ctx.dimensions.reindex(index=out["area_id"].to_numpy())
        for dim in ctx.definition.dimension_ids:
            if dim in dims.columns:  # a dimension without any data (left out at weight 0) says so
                values = dims[dim].to_numpy(dtype=float)
                out[dim] = t("dim_no_data", ctx.lang) if len(values) and np.isnan(values).all() else values
    for col in ("baseline_rank", "rank_change", "change_label", "in_top_k", "top_k_status"):
        if col in view.columns:
            out[col] = view[col].to_numpy()
    if ctx.classes is not None:
        cls = ctx.classes.class_of.reindex(out["area_id"].to_numpy()).fillna(-1).astype(int).to_numpy()
        out["class"] = pd.array([c + 1 if c >= 0 else pd.NA for c in cls], dtype="Int64")
    out["flags"] = view["flags"].fillna("").astype(str).to_numpy() if "flags" in view.columns else ""
    # Why an area has no rank (its rank cell stays empty), in the export's language.
    out["unranked_reason"] = view["reason"].fillna("").astype(str).to_numpy() if "reason" in view.columns else ""
    out["synthetic"] = bool(ctx.synthetic)
    # Partial or approximate data says so in every row (a CSV has no other place): what the data is,
    # the data year(s) and the proxies — only when there is something to say, so the demo's files keep
    # their columns.
    proxies = proxy_text(ctx)
    if proxies or ctx.source and not ctx.synthetic and ctx.definition.full_index:
        out["data_source"] = ctx.source
        out["data_year"] = ctx.year_text
        out["proxies"] = proxies
    return out.reset_index(drop=True)


def proxy_text(ctx: ExportContext) -> str:
    """The proxies with data in the view and how each differs from the city's definition ("" when none)."""
    years = dict(ctx.indicator_years)
    return " | ".join(f"{i.display_label(ctx.lang)} ({years[i.id]}): {i.display_proxy(ctx.lang)}"
                      for i in ctx.definition.indicators if i.is_proxy and i.id in years)


def settings_rows(ctx: ExportContext) -> list[tuple[str, str]]:
    """Label/value pairs describing how the numbers were made: the scenario, every setting
    (:func:`geo.settings.describe`), the data and its source."""
    sv = ctx.lang == "sv"
    years = ", ".join(map(str, ctx.data_years)) if ctx.data_years else str(ctx.year)
    return [
        ("Scenario", ctx.scenario_name),
        ("Anteckning" if sv else "Note", ctx.scenario.note or ""),
        *describe(ctx.settings, ctx.definition),
        ("Dataår" if sv else "Data year", ctx.year_text),
        ("År med data" if sv else "Years with data", years),
        ("Rangordning" if sv else "Ranking", t("rank_rule", ctx.lang)),
        ("Källa" if sv else "Source", ctx.source or "–"),
        ("Demodata" if sv else "Demo data", (t("yes", ctx.lang) + " – " + DEMO_LABEL) if ctx.synthetic
         else t("no", ctx.lang)),
        ("Skapad" if sv else "Created", ctx.local_time),
        ("Länk (parametrar)" if sv else "Link (parameters)", to_query_string(ctx.scenario.settings, ctx.definition)),
        FORMULA_NOTE["sv" if sv else "en"],
    ]


def weights_table(ctx: ExportContext) -> pd.DataFrame:
    """Dimension weights with their share of the total."""
    w = ctx.weights
    total = sum(w.values())
    return pd.DataFrame([{"dimension_id": d.id, "dimension": d.display_label(ctx.lang), "weight": w[d.id],
                          "share": w[d.id] / total, "default_weight": d.weight}
                         for d in ctx.definition.dimensions])


def indicator_table(ctx: ExportContext) -> pd.DataFrame:
    """Every indicator with its weight, direction, source, the year its values come from ("saknar
    data" when none) and, for a proxy, how it differs from the city's definition."""
    iw = ctx.indicator_weights
    years = dict(ctx.indicator_years)
    rows = []
    for dim in ctx.definition.dimensions:
        for ind in dim.indicators:
            rows.append({"indicator_id": ind.id, "indicator": ind.display_label(ctx.lang), "dimension_id": dim.id,
                         "weight": iw[ind.id], "default_weight": ind.weight, "unit": ind.unit,
                         "polarity": ind.polarity, "source": ind.source,
                         "data_year": str(years[ind.id]) if ind.id in years else t("dim_no_data", ctx.lang),
                         "proxy": ind.display_proxy(ctx.lang)})
    return pd.DataFrame(rows)


def quality_rows(ctx: ExportContext) -> list[tuple[str, str, str]]:
    """(area id, area name, note) for every flagged or unranked area (the note says why there is no
    rank, in the export's language: :func:`geo.view.ranking.ranking_view`), then general notes with
    empty ids."""
    column = "note" if "note" in ctx.view.columns else "flags"
    rows = [(str(r["area_id"]), str(r["area_name"]), str(r[column]))
            for r in records(ctx.view) if isinstance(r[column], str) and r[column]]
    rows += [("", "", line) for line in ctx.quality if str(line).strip()]
    return rows


# ---------------------------------------------------------------------------- CSV / Excel
def swedish_table(ctx: ExportContext) -> pd.DataFrame:
    """:func:`results_table` as Swedish Excel reads it: Swedish headers, ranks as whole numbers,
    ja/nej for true/false and the top-k status in words."""
    table = results_table(ctx)
    k = ctx.settings.top_k
    for col in ("rank", "baseline_rank", "rank_change", "class"):
        if col in table.columns:
            table[col] = pd.to_numeric(table[col], errors="coerce").round().astype("Int64")
    for col in table.columns:
        if table[col].dtype == bool:
            table[col] = table[col].map({True: "ja", False: "nej"})
    if "top_k_status" in table.columns:
        words = {"in": t("sc_topk_in", "sv", k=k), "out": t("sc_topk_out", "sv", k=k)}
        table["top_k_status"] = [words.get(str(v), str(v)) for v in table["top_k_status"]]
    table.columns = pd.Index(swedish_headers([str(c) for c in table.columns], ctx.definition, k))
    return table


def export_csv(ctx: ExportContext, *, style: CsvStyle = "international") -> bytes:
    """UTF-8 CSV (with BOM, so Excel reads å/ä/ö) of :func:`results_table`.

    ``international``: comma and decimal point, the machine headers, floats at full precision
    (round trip); ``swedish``: semicolon, decimal comma and :func:`swedish_table`'s headers, so a
    double click opens it in columns in Swedish Excel. Every row says whether the data is the demo
    (``synthetic`` / ``Syntetiska data``), so a filtered copy still does. A text cell that starts like a
    formula (``=``, ``+``, ``-``, ``@``) gets a ``'`` first (:func:`geo.output.xlsx.inert_text`).
    """
    buf = io.StringIO()
    if style == "swedish":
        inert_frame(swedish_table(ctx)).to_csv(buf, index=False, sep=";", decimal=",", lineterminator="\r\n")
    else:
        table = inert_frame(results_table(ctx))
        table.to_csv(buf, index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    return buf.getvalue().encode("utf-8-sig")


def export_csv_swedish(ctx: ExportContext) -> bytes:
    """:func:`export_csv` for Swedish Excel (semicolon, decimal comma, Swedish headers)."""
    return export_csv(ctx, style="swedish")


def _sheet_head(ws, ctx: ExportContext, subtitle: str) -> None:
    from openpyxl.styles import Font, PatternFill

    if ctx.synthetic:
        put_cell(ws, 1, 1, DEMO_LABEL, font=Font(bold=True, color=TEXT_ON_DARK.lstrip("#").upper(), size=12),
             fill=PatternFill("solid", fgColor=DEMO_RED.lstrip("#").upper()))
    else:  # the title and what the data is (e.g. "Öppna data från SCB — 5 av 12 indikatorer, RegSO")
        put_cell(ws, 1, 1, f"{ctx.title} — {ctx.source}" if ctx.source else ctx.title, font=Font(bold=True, size=12))
    put_cell(ws, 2, 1, subtitle)


def export_xlsx(ctx: ExportContext) -> bytes:
    """Excel workbook: "Resultat", "Vikter och metod", "Datakvalitet" and, with dimension scores,
    "Känslighet" (:mod:`geo.output.sensitivity_export`).

    Row 1 of every sheet is the demo label (when synthetic) or the title, row 2 the
    scenario, and the table header is row :data:`XLSX_HEADER_ROW`. Numbers are stored
    as numbers (16 significant digits, more than Excel keeps) and displayed with two decimals.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font

    subtitle = (f"{ctx.scenario_name} · {ctx.definition.name} {ctx.definition.version} · år {ctx.year_text} · "
                f"{ctx.method_label} · {ctx.local_time}")
    wb = Workbook()
    ws = wb.active
    ws.title = SHEETS[0]
    _sheet_head(ws, ctx, subtitle)
    table = results_table(ctx)
    for col in ("rank", "baseline_rank"):  # a rank cell without a rank says so (the CSV leaves it empty)
        if col in table.columns:
            table[col] = [t("not_ranked", ctx.lang) if pd.isna(v) else int(v) for v in table[col]]
    floats = {c: "0.00" for c in ["index", *ctx.definition.dimension_ids]}
    write_table(ws, table, XLSX_HEADER_ROW, floats)
    ws.freeze_panes = ws.cell(row=XLSX_HEADER_ROW + 1, column=1)
    ws.auto_filter.ref = f"A{XLSX_HEADER_ROW}:{ws.cell(row=XLSX_HEADER_ROW, column=table.shape[1]).column_letter}" \
                         f"{XLSX_HEADER_ROW + len(table)}"
    set_widths(ws, [6, 10, 32, 10] + [12] * (table.shape[1] - 4))

    ws = wb.create_sheet(SHEETS[1])
    _sheet_head(ws, ctx, subtitle)
    put_cell(ws, XLSX_HEADER_ROW, 1, "Inställning", font=Font(bold=True))
    put_cell(ws, XLSX_HEADER_ROW, 2, "Värde", font=Font(bold=True))
    row = XLSX_HEADER_ROW
    for label, value in settings_rows(ctx):
        row += 1
        put_cell(ws, row, 1, label)
        put_cell(ws, row, 2, value)
    row += 2
    put_cell(ws, row, 1, "Vikter per dimension", font=Font(bold=True))
    row = write_table(ws, weights_table(ctx), row + 1, {"share": "0.0%"})
    row += 2
    put_cell(ws, row, 1, "Vikter per indikator", font=Font(bold=True))
    write_table(ws, indicator_table(ctx), row + 1)
    set_widths(ws, [22, 60, 14, 10, 14, 12, 10, 40, 12, 60])

    ws = wb.create_sheet(SHEETS[2])
    _sheet_head(ws, ctx, subtitle)
    rows = quality_rows(ctx) or [("", "", "Inga anmärkningar.")]
    write_table(ws, pd.DataFrame(rows, columns=["area_id", "area_name", "anmärkning"]), XLSX_HEADER_ROW)
    set_widths(ws, [10, 32, 100])
    if ctx.dimensions is not None and ctx.dimensions.notna().any(axis=None):  # why this ranking (issue 14)
        names = dict(zip(ctx.view["area_id"].astype(str), ctx.view["area_name"].astype(str), strict=True))
        add_sensitivity_sheet(wb, SHEETS[3], lambda sheet: _sheet_head(sheet, ctx, subtitle), sensitivity_tables(
            ctx.dimensions, ctx.weights, ctx.settings.top_k, ctx.settings.aggregation, names, ctx.definition,
            ctx.lang), XLSX_HEADER_ROW)

    buf = io.BytesIO()
    wb.properties.title = f"{ctx.title} – {ctx.scenario_name}"
    if ctx.synthetic:
        wb.properties.keywords = DEMO_LABEL
    wb.save(buf)
    return buf.getvalue()


# ---------------------------------------------------------------------------- vector layers
def joined_layer(ctx: ExportContext) -> gpd.GeoDataFrame:
    """The area layer joined with :func:`results_table` (layer CRS kept, areas without a result kept)."""
    if ctx.areas is None:
        raise ValueError("ExportContext.areas is needed for vector and map exports")
    geom = ctx.areas[["area_id", "geometry"]].copy()
    geom["area_id"] = geom["area_id"].astype(str)
    table = results_table(ctx)
    joined = geom.merge(table, on="area_id", how="left")
    joined["synthetic"] = bool(ctx.synthetic)
    cols = ["area_id", *[c for c in table.columns if c != "area_id"], "geometry"]
    return gpd.GeoDataFrame(joined[cols], geometry="geometry", crs=ctx.areas.crs)


def _layer_metadata(ctx: ExportContext) -> dict[str, str]:
    s = ctx.settings
    meta = {"title": f"{ctx.title} – {ctx.scenario_name}", "synthetic": "true" if ctx.synthetic else "false",
            "definition": f"{ctx.definition.id} {ctx.definition.version}", "year": str(ctx.year),
            "method": s.method, "aggregation": s.aggregation,
            "weights": ",".join(f"{k}:{format_weight(v)}" for k, v in ctx.weights.items()),
            "source": ctx.source, "created": ctx.timestamp.isoformat(timespec="seconds")}
    if ctx.synthetic:
        meta["label"] = DEMO_LABEL
    return meta


def export_geopackage(ctx: ExportContext) -> bytes:
    """GeoPackage with one layer ``omradesindex`` in the layer's CRS (EPSG:3006 for the city's data).

    Each feature has ``synthetic``; the layer metadata repeats it with weights, method and year.
    """
    import pyogrio

    layer = joined_layer(ctx)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "omradesindex.gpkg"
        pyogrio.write_dataframe(layer, path, layer=LAYER_NAME, driver="GPKG", layer_metadata=_layer_metadata(ctx))
        return path.read_bytes()


def export_geojson(ctx: ExportContext) -> bytes:
    """GeoJSON (RFC 7946, EPSG:4326, UTF-8) of the joined layer.

    ``synthetic`` is a property of every feature and, with the settings, a foreign
    member ``metadata`` of the FeatureCollection.
    """
    layer = joined_layer(ctx).to_crs(4326)
    props = [c for c in layer.columns if c != "geometry"]
    features = []
    for row, geom in zip(layer[props].itertuples(index=False), layer.geometry, strict=True):
        features.append({"type": "Feature",
                         "properties": {c: json_value(v) for c, v in zip(props, row, strict=True)},
                         "geometry": None if geom is None or geom.is_empty else shapely.geometry.mapping(geom)})
    data = {"type": "FeatureCollection", "name": LAYER_NAME, "synthetic": bool(ctx.synthetic),
            "metadata": _layer_metadata(ctx), "features": features}
    return json.dumps(data, ensure_ascii=False, allow_nan=False).encode("utf-8")


__all__ = [
    "DEMO_LABEL",
    "LAYER_NAME",
    "SHEETS",
    "SWEDISH_HEADERS",
    "UNSAVED_SLUG",
    "XLSX_HEADER_ROW",
    "ExportContext",
    "build_context",
    "export_csv",
    "export_csv_swedish",
    "export_file_name",
    "export_geojson",
    "export_geopackage",
    "export_xlsx",
    "indicator_table",
    "joined_layer",
    "local_date",
    "put_cell",
    "quality_rows",
    "results_table",
    "set_widths",
    "proxy_text",
    "settings_rows",
    "slug",
    "swedish_headers",
    "swedish_table",
    "weights_table",
    "write_table",
]
