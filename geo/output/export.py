"""Exports of the current view: CSV, Excel, GeoPackage, GeoJSON, a map PNG and a one-page PDF brief.

Everything a meeting takes away must carry the same numbers as the screen and say
how they were made (weights, method, data year, source) — and say loudly when the
data is the synthetic demo. The UI builds one :class:`ExportContext` (usually with
:func:`build_context`) and passes it to any ``export_*`` function; each returns
bytes for ``st.download_button``.

Names are data, never markup: a name such as ``<script>`` or ``=SUM(A1)`` appears
literally in every export (Excel cells are written as text, never as formulas;
matplotlib's mathtext is switched off so ``$`` is just a dollar sign).

The map and the brief are drawn with matplotlib (Agg, no browser) in the layer's
metric CRS with the palette of :mod:`geo.view.palette`; the PDF embeds DejaVu Sans as
TrueType so å/ä/ö render and the text can be extracted and searched.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import tempfile
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely.geometry

from geo.view.palette import MISSING_COLOR, MISSING_OUTLINE, Classes, classify
from geo.definition import Definition
from geo.i18n import fmt_number, t
from geo.scenario import Scenario, format_weight, utcnow
from geo.engine.scoring import Scored

DEMO_LABEL = "SYNTETISKA DEMODATA – inte verklig statistik"
TITLE = "Områdesindex Malmö"
SHEETS: tuple[str, str, str] = ("Resultat", "Vikter och metod", "Datakvalitet")
#: Row (1-based) of the column headers in every Excel sheet; rows above carry title and label.
XLSX_HEADER_ROW = 3
LAYER_NAME = "omradesindex"
TIMEZONE = "Europe/Stockholm"
#: A4 portrait in inches.
A4 = (8.27, 11.69)

CsvStyle = Literal["international", "swedish"]

_ILLEGAL_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass(frozen=True)
class ExportContext:
    """Everything an export needs, in one object.

    ``view`` is :func:`geo.view.ranking.ranking_view` output; ``dimensions`` the
    dimension scores (areas × dimension ids, indexed by area id); ``classes`` the map
    classes; ``areas`` the layer (``area_id``, ``area_name``, geometry, any CRS);
    ``quality`` lines for the data-quality sheet (notes, join report).
    """

    definition: Definition
    scenario: Scenario
    year: int
    view: pd.DataFrame
    dimensions: pd.DataFrame | None = None
    classes: Classes | None = None
    areas: gpd.GeoDataFrame | None = None
    synthetic: bool = False
    source: str = ""
    data_years: tuple[int, ...] = ()
    quality: tuple[str, ...] = ()
    lang: str = "sv"
    timestamp: datetime = field(default_factory=utcnow)
    title: str = TITLE

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
        return self.scenario.resolved_weights(self.definition)[0]

    @property
    def indicator_weights(self) -> dict[str, float]:
        return self.scenario.resolved_weights(self.definition)[1]

    @property
    def scenario_name(self) -> str:
        return self.scenario.name or ("(osparat scenario)" if self.lang == "sv" else "(unsaved scenario)")

    @property
    def method_label(self) -> str:
        return t(f"method_{self.scenario.method}", self.lang)

    @property
    def aggregation_label(self) -> str:
        return t(f"aggregation_{self.scenario.aggregation}", self.lang)


def build_context(
    definition: Definition,
    scenario: Scenario,
    current: Scored,
    baseline: Scored,
    *,
    areas: gpd.GeoDataFrame | None = None,
    classes: Classes | None = None,
    synthetic: bool = False,
    source: str = "",
    data_years: Sequence[int] = (),
    quality: Sequence[str] = (),
    lang: str = "sv",
    timestamp: datetime | None = None,
) -> ExportContext:
    """The context for the scored view: ranking against the baseline, classes by the scenario's scheme."""
    from geo.view.ranking import ranking_view  # imports the web map stack; only needed here

    view = ranking_view(current, baseline, top_k=scenario.top_k)
    if classes is None:
        classes = classify(current.result.index, scheme=scenario.scheme)
    notes = tuple(current.result.notes) + tuple(quality)
    return ExportContext(definition=definition, scenario=scenario, year=current.year, view=view,
                         dimensions=current.result.dimensions, classes=classes, areas=areas, synthetic=synthetic,
                         source=source, data_years=tuple(int(y) for y in data_years), quality=notes, lang=lang,
                         timestamp=timestamp or utcnow())


# ---------------------------------------------------------------------------- tables
def results_table(ctx: ExportContext) -> pd.DataFrame:
    """The rows of the view with dimension scores and map class (1 = lowest index), by rank."""
    view = ctx.view.copy()
    out = pd.DataFrame({"rank": view["rank"], "area_id": view["area_id"].astype(str),
                        "area_name": view["area_name"].astype(str), "index": view["index"].astype(float)})
    if ctx.dimensions is not None:
        dims = ctx.dimensions.reindex(index=out["area_id"].to_numpy())
        for dim in ctx.definition.dimension_ids:
            if dim in dims.columns:
                out[dim] = dims[dim].to_numpy(dtype=float)
    for col in ("baseline_rank", "rank_change", "change_label", "in_top_k", "top_k_status"):
        if col in view.columns:
            out[col] = view[col].to_numpy()
    if ctx.classes is not None:
        cls = ctx.classes.class_of.reindex(out["area_id"].to_numpy()).fillna(-1).astype(int).to_numpy()
        out["class"] = pd.array([c + 1 if c >= 0 else pd.NA for c in cls], dtype="Int64")
    out["flags"] = view["flags"].fillna("").astype(str).to_numpy() if "flags" in view.columns else ""
    out["synthetic"] = bool(ctx.synthetic)
    return out.reset_index(drop=True)


def settings_rows(ctx: ExportContext) -> list[tuple[str, str]]:
    """Label/value pairs describing how the numbers were made (Swedish labels)."""
    s = ctx.scenario
    years = ", ".join(map(str, ctx.data_years)) if ctx.data_years else str(ctx.year)
    return [
        ("Scenario", ctx.scenario_name),
        ("Anteckning", s.note or ""),
        ("Indexdefinition", f"{ctx.definition.name} ({ctx.definition.id})"),
        ("Version", ctx.definition.version),
        ("År", str(ctx.year)),
        ("År med data", years),
        ("Normaliseringsmetod", f"{ctx.method_label} ({s.method})"),
        ("Aggregering", f"{ctx.aggregation_label} ({s.aggregation})"),
        ("Topp k", str(s.top_k)),
        ("Klassindelning", t(f"scheme_{s.scheme}", ctx.lang)),
        ("Rangordning", "Rang 1 = lägst index = störst utmaningar; lika index delar lägsta rang."),
        ("Källa", ctx.source or "–"),
        ("Demodata", "ja – " + DEMO_LABEL if ctx.synthetic else "nej"),
        ("Skapad", ctx.local_time),
        ("Länk (parametrar)", s.to_query_string(ctx.definition)),
    ]


def weights_table(ctx: ExportContext) -> pd.DataFrame:
    """Dimension weights with their share of the total."""
    w = ctx.weights
    total = sum(w.values())
    return pd.DataFrame([{"dimension_id": d.id, "dimension": d.display_label(ctx.lang), "weight": w[d.id],
                          "share": w[d.id] / total, "default_weight": d.weight}
                         for d in ctx.definition.dimensions])


def indicator_table(ctx: ExportContext) -> pd.DataFrame:
    iw = ctx.indicator_weights
    rows = []
    for dim in ctx.definition.dimensions:
        for ind in dim.indicators:
            rows.append({"indicator_id": ind.id, "indicator": ind.display_label(ctx.lang), "dimension_id": dim.id,
                         "weight": iw[ind.id], "default_weight": ind.weight, "unit": ind.unit,
                         "polarity": ind.polarity, "source": ind.source})
    return pd.DataFrame(rows)


def quality_rows(ctx: ExportContext) -> list[tuple[str, str, str]]:
    """(area id, area name, note) for every flagged area, then general notes with empty ids."""
    rows = [(str(r.area_id), str(r.area_name), str(r.flags))
            for r in ctx.view.itertuples(index=False) if isinstance(r.flags, str) and r.flags]
    rows += [("", "", line) for line in ctx.quality if str(line).strip()]
    return rows


# ---------------------------------------------------------------------------- CSV / Excel
def export_csv(ctx: ExportContext, *, style: CsvStyle = "international") -> bytes:
    """UTF-8 CSV (with BOM, so Excel reads å/ä/ö) of :func:`results_table`.

    ``international``: comma and decimal point, floats at full precision (round trip);
    ``swedish``: semicolon and decimal comma, as Swedish Excel expects. Every row has
    ``synthetic`` so a filtered copy still says whether the data is the demo.
    """
    table = results_table(ctx)
    buf = io.StringIO()
    if style == "swedish":
        table.to_csv(buf, index=False, sep=";", decimal=",", lineterminator="\r\n")
    else:
        table.to_csv(buf, index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    return buf.getvalue().encode("utf-8-sig")


def _xlsx_value(value: Any) -> Any:
    if value is pd.NaT:
        return None
    if isinstance(value, str):
        return _ILLEGAL_XLSX.sub("", value)
    return _json_value(value)


def _put(ws, row: int, col: int, value: Any, **style: Any):
    """Write one cell; strings are always text (a name like '=1+1' is not a formula)."""
    cell = ws.cell(row=row, column=col)
    value = _xlsx_value(value)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
    for key, val in style.items():
        setattr(cell, key, val)
    return cell


def _sheet_head(ws, ctx: ExportContext, subtitle: str) -> None:
    from openpyxl.styles import Font, PatternFill

    if ctx.synthetic:
        _put(ws, 1, 1, DEMO_LABEL, font=Font(bold=True, color="FFFFFF", size=12),
             fill=PatternFill("solid", fgColor="C00000"))
    else:
        _put(ws, 1, 1, ctx.title, font=Font(bold=True, size=12))
    _put(ws, 2, 1, subtitle)


def _write_table(ws, frame: pd.DataFrame, first_row: int, number_format: dict[str, str] | None = None) -> int:
    from openpyxl.styles import Font

    for j, col in enumerate(frame.columns, start=1):
        _put(ws, first_row, j, str(col), font=Font(bold=True))
    for i, row in enumerate(frame.itertuples(index=False), start=first_row + 1):
        for j, value in enumerate(row, start=1):
            cell = _put(ws, i, j, value)
            fmt = (number_format or {}).get(frame.columns[j - 1])
            if fmt and isinstance(cell.value, float):
                cell.number_format = fmt
    return first_row + len(frame)


def _widths(ws, widths: Sequence[int]) -> None:
    from openpyxl.utils import get_column_letter

    for j, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = w


def export_xlsx(ctx: ExportContext) -> bytes:
    """Excel workbook: "Resultat", "Vikter och metod", "Datakvalitet".

    Row 1 of every sheet is the demo label (when synthetic) or the title, row 2 the
    scenario, and the table header is row :data:`XLSX_HEADER_ROW`. Numbers are stored
    as numbers (16 significant digits, more than Excel keeps) and displayed with two decimals.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font

    subtitle = (f"{ctx.scenario_name} · {ctx.definition.name} {ctx.definition.version} · år {ctx.year} · "
                f"{ctx.method_label} · {ctx.local_time}")
    wb = Workbook()
    ws = wb.active
    ws.title = SHEETS[0]
    _sheet_head(ws, ctx, subtitle)
    table = results_table(ctx)
    floats = {c: "0.00" for c in ["index", *ctx.definition.dimension_ids]}
    _write_table(ws, table, XLSX_HEADER_ROW, floats)
    ws.freeze_panes = ws.cell(row=XLSX_HEADER_ROW + 1, column=1)
    ws.auto_filter.ref = f"A{XLSX_HEADER_ROW}:{ws.cell(row=XLSX_HEADER_ROW, column=table.shape[1]).column_letter}" \
                         f"{XLSX_HEADER_ROW + len(table)}"
    _widths(ws, [6, 10, 32, 10] + [12] * (table.shape[1] - 4))

    ws = wb.create_sheet(SHEETS[1])
    _sheet_head(ws, ctx, subtitle)
    _put(ws, XLSX_HEADER_ROW, 1, "Inställning", font=Font(bold=True))
    _put(ws, XLSX_HEADER_ROW, 2, "Värde", font=Font(bold=True))
    row = XLSX_HEADER_ROW
    for label, value in settings_rows(ctx):
        row += 1
        _put(ws, row, 1, label)
        _put(ws, row, 2, value)
    row += 2
    _put(ws, row, 1, "Vikter per dimension", font=Font(bold=True))
    row = _write_table(ws, weights_table(ctx), row + 1, {"share": "0.0%"})
    row += 2
    _put(ws, row, 1, "Vikter per indikator", font=Font(bold=True))
    _write_table(ws, indicator_table(ctx), row + 1)
    _widths(ws, [22, 60, 14, 10, 14, 12, 10, 40])

    ws = wb.create_sheet(SHEETS[2])
    _sheet_head(ws, ctx, subtitle)
    rows = quality_rows(ctx) or [("", "", "Inga anmärkningar.")]
    _write_table(ws, pd.DataFrame(rows, columns=["area_id", "area_name", "anmärkning"]), XLSX_HEADER_ROW)
    _widths(ws, [10, 32, 100])

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
    s = ctx.scenario
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


def _json_value(value: Any) -> Any:
    """NumPy/pandas scalars as plain Python (None for missing), for JSON and Excel cells."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, (np.bool_, bool)):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return None if math.isnan(value) else float(value)
    return value


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
                         "properties": {c: _json_value(v) for c, v in zip(props, row, strict=True)},
                         "geometry": None if geom is None or geom.is_empty else shapely.geometry.mapping(geom)})
    data = {"type": "FeatureCollection", "name": LAYER_NAME, "synthetic": bool(ctx.synthetic),
            "metadata": _layer_metadata(ctx), "features": features}
    return json.dumps(data, ensure_ascii=False, allow_nan=False).encode("utf-8")


# ---------------------------------------------------------------------------- drawing
def _rc() -> dict[str, Any]:
    return {"text.parse_math": False, "pdf.fonttype": 42, "ps.fonttype": 42, "svg.fonttype": "none",
            "font.family": "DejaVu Sans", "axes.unicode_minus": True}


def _legend_entries(ctx: ExportContext) -> list[tuple[str, str, bool]]:
    """(colour, label, missing?) for each class and for areas without a value."""
    out: list[tuple[str, str, bool]] = []
    cls = ctx.classes
    if cls is None:
        return out
    for i, colour in enumerate(cls.colors):
        label = f"{fmt_number(cls.lower[i], ctx.lang)} – {fmt_number(cls.upper[i], ctx.lang)}"
        if i == 0:
            label += f"  ({t('legend_low', ctx.lang).lower()})"
        elif i == len(cls.colors) - 1:
            label += f"  ({t('legend_high', ctx.lang).lower()})"
        out.append((colour, label, False))
    if cls.missing:
        names = dict(zip(ctx.view["area_id"].astype(str), ctx.view["area_name"].astype(str), strict=False))
        missing = ", ".join(names.get(a, a) for a in cls.missing)
        out.append((MISSING_COLOR, f"{t('no_value', ctx.lang)}: {missing}", True))
    return out


def draw_map(ax, ctx: ExportContext, *, label_top_k: bool = True, legend: bool = True,
             legend_loc: str = "upper left", legend_anchor: tuple[float, float] = (1.01, 1.0),
             fontsize: float = 8.0) -> None:
    """Draw the choropleth on a matplotlib axes (metric CRS, equal aspect, no axis)."""
    from matplotlib.patches import Patch

    layer = joined_layer(ctx)
    if layer.crs is None or not layer.crs.is_projected:
        layer = layer.to_crs(3006)
    classes = ctx.classes
    colours = [classes.color_of(a) if classes is not None else MISSING_COLOR for a in layer["area_id"]]
    has_value = layer["index"].notna().to_numpy() & np.array([c != MISSING_COLOR for c in colours])
    if has_value.any():
        layer[has_value].plot(ax=ax, color=[c for c, h in zip(colours, has_value, strict=True) if h],
                              edgecolor="white", linewidth=0.8)
    if (~has_value).any():
        layer[~has_value].plot(ax=ax, color=MISSING_COLOR, edgecolor=MISSING_OUTLINE, linewidth=0.8,
                               linestyle="--", hatch="///")
    if label_top_k and "in_top_k" in layer.columns:
        top = layer[layer["in_top_k"].fillna(False).astype(bool)]
        for geom, rank in zip(top.geometry.representative_point(), top["rank"], strict=True):
            ax.annotate(str(int(rank)), (geom.x, geom.y), ha="center", va="center", fontsize=fontsize + 1,
                        fontweight="bold", color="#000000",
                        bbox={"boxstyle": "circle,pad=0.25", "fc": "#ffffff", "ec": "#ff7f0e", "lw": 1.5})
    ax.set_aspect("equal")
    ax.set_axis_off()
    if legend:
        handles = [Patch(facecolor=c, edgecolor=MISSING_OUTLINE if m else "#ffffff", hatch="///" if m else None,
                         linestyle="--" if m else "-", label="\n".join(textwrap.wrap(lbl, 42)))
                   for c, lbl, m in _legend_entries(ctx)]
        if label_top_k:
            handles.append(Patch(facecolor="#ffffff", edgecolor="#ff7f0e",
                                 label=f"Siffra = rang i topp {ctx.scenario.top_k}" if ctx.lang == "sv"
                                 else f"Number = rank in the top {ctx.scenario.top_k}"))
        if handles:
            ax.legend(handles=handles, loc=legend_loc, bbox_to_anchor=legend_anchor, fontsize=fontsize,
                      title=f"{t('index', ctx.lang)} – {ctx.method_label}", title_fontsize=fontsize,
                      frameon=False, borderaxespad=0.0)


def _demo_box(fig, y: float, fontsize: float) -> None:
    fig.text(0.5, y, DEMO_LABEL, ha="center", va="center", fontsize=fontsize, fontweight="bold", color="#ffffff",
             bbox={"boxstyle": "round,pad=0.4", "fc": "#c00000", "ec": "#c00000"})


def export_map_png(ctx: ExportContext, *, width_px: int = 1200, height_px: int = 900, dpi: int = 150) -> bytes:
    """A static PNG of the map (exactly ``width_px`` × ``height_px``): title, legend, demo label."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    with matplotlib.rc_context(_rc()):
        fig = Figure(figsize=(width_px / dpi, height_px / dpi), dpi=dpi)
        FigureCanvasAgg(fig)
        top = 0.86 if ctx.synthetic else 0.90
        fig.text(0.02, 0.965, f"{ctx.title} – {t('map_heading', ctx.lang).lower()} {ctx.year}", fontsize=13,
                 fontweight="bold", va="top")
        fig.text(0.02, 0.925, f"{ctx.scenario_name} · {ctx.method_label} · {ctx.local_time}", fontsize=8.5,
                 va="top", color="#333333")
        if ctx.synthetic:
            _demo_box(fig, 0.875, 9)
        ax = fig.add_axes((0.02, 0.04, 0.56, top - 0.06))
        draw_map(ax, ctx, fontsize=7.5)
        note = "Rang 1 = lägst index = störst utmaningar." if ctx.lang == "sv" else \
            "Rank 1 = lowest index = greatest challenges."
        if ctx.source:
            note += f" Källa: {ctx.source}." if ctx.lang == "sv" else f" Source: {ctx.source}."
        fig.text(0.02, 0.015, note, fontsize=7, color="#333333")
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=dpi, facecolor="white")
    return buf.getvalue()


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.fill(p, width) if p else "" for p in text.split("\n"))


def _top_rows(ctx: ExportContext, limit: int = 15) -> tuple[list[list[str]], int]:
    view = ctx.view[ctx.view["rank"].notna() & (ctx.view["rank"] <= ctx.scenario.top_k)]
    rows = []
    for r in view.head(limit).itertuples(index=False):
        base = "–" if pd.isna(r.baseline_rank) else str(int(r.baseline_rank))
        rows.append([str(int(r.rank)), str(r.area_name), fmt_number(r.index, ctx.lang),
                     r.change_label or "–", base])
    return rows, max(0, len(view) - limit)


def _brief_figure(ctx: ExportContext):
    """The brief as a matplotlib figure (call inside ``rc_context(_rc())``)."""
    from matplotlib.figure import Figure

    from geo.view.ranking import top_k_changes

    sv = ctx.lang == "sv"
    k = ctx.scenario.top_k
    fig = Figure(figsize=A4)
    y = 0.965
    fig.text(0.06, y, f"{ctx.title} – {'underlag' if sv else 'brief'}", fontsize=17, fontweight="bold", va="top")
    y -= 0.035
    if ctx.synthetic:
        _demo_box(fig, y - 0.008, 10)
        y -= 0.032
    fig.text(0.06, y, f"Scenario: {ctx.scenario_name}", fontsize=11, va="top")
    y -= 0.02
    fig.text(0.06, y, f"{'Skapad' if sv else 'Created'} {ctx.local_time} · {ctx.definition.name} "
                      f"{ctx.definition.version} · {'år' if sv else 'year'} {ctx.year}",
             fontsize=8.5, va="top", color="#333333")
    if ctx.scenario.note:
        y -= 0.018
        fig.text(0.06, y, _wrap(ctx.scenario.note, 110), fontsize=8, va="top", style="italic", color="#333333")
        y -= 0.012 * ctx.scenario.note.count("\n")

    map_top = y - 0.02
    ax = fig.add_axes((0.04, map_top - 0.40, 0.56, 0.40))
    draw_map(ax, ctx, fontsize=7)

    tab_top = map_top - 0.43
    fig.text(0.06, tab_top, f"Topp {k}" if sv else f"Top {k}", fontsize=11, fontweight="bold", va="top")
    fig.text(0.06, tab_top - 0.02, _wrap(t("rank_explainer", ctx.lang), 120), fontsize=8, va="top",
             color="#333333")
    rows, more = _top_rows(ctx)
    n = max(1, len(rows))
    height = 0.018 * (n + 1)
    table_top = tab_top - 0.045
    tax = fig.add_axes((0.06, table_top - height, 0.88, height))
    tax.set_axis_off()
    header = [t("rank", ctx.lang), t("area", ctx.lang), t("index", ctx.lang), t("rank_change_short", ctx.lang),
              t("baseline_rank", ctx.lang)]
    table = tax.table(cellText=rows or [["–", "–", "–", "–", "–"]], colLabels=header, loc="upper center",
                      cellLoc="left", colLoc="left", colWidths=[0.07, 0.43, 0.12, 0.13, 0.25])
    table.auto_set_font_size(False)
    table.set_fontsize(8.5)
    for (r, _c), cell in table.get_celld().items():
        cell.set_edgecolor("#bbbbbb")
        if r == 0:
            cell.set_text_props(fontweight="bold")
            cell.set_facecolor("#eeeeee")
    y = table_top - height - 0.02
    changes = top_k_changes(ctx.view)
    lines = []
    if more:
        lines.append(f"… och {more} till (delad rang)." if sv else f"… and {more} more (tied).")
    if changes.entering:
        lines.append(f"{t('enters_top', ctx.lang, k=k)}: {', '.join(changes.entering)}")
    if changes.leaving:
        lines.append(f"{t('leaves_top', ctx.lang, k=k)}: {', '.join(changes.leaving)}")
    if not changes.entering and not changes.leaving:
        lines.append(t("no_topk_change", ctx.lang, k=k))

    w = ctx.weights
    total = sum(w.values())
    dim_txt = " · ".join(f"{d.display_label(ctx.lang)} {fmt_number(w[d.id], ctx.lang, 2 if w[d.id] % 1 else 0)}"
                         f" ({w[d.id] / total * 100:.0f} %)" for d in ctx.definition.dimensions)
    iw = ctx.indicator_weights
    changed = [f"{ctx.definition.indicator(i).display_label(ctx.lang)} {format_weight(v)}"
               for i, v in iw.items() if v != ctx.definition.indicator(i).weight]
    years = ", ".join(map(str, ctx.data_years)) if ctx.data_years else str(ctx.year)
    lines += [
        "",
        f"{t('weights', ctx.lang)}: {dim_txt}",
        (f"Ändrade indikatorvikter: {'; '.join(changed)}" if sv else f"Changed indicator weights: "
         f"{'; '.join(changed)}") if changed else
        ("Indikatorvikter: definitionens." if sv else "Indicator weights: the definition's."),
        f"{t('method', ctx.lang)}: {ctx.method_label} · {t('aggregation', ctx.lang)}: {ctx.aggregation_label}",
        (f"Data: år {ctx.year} (år med data: {years})" if sv else f"Data: year {ctx.year} (years with data: {years})")
        + f" · {t('source', ctx.lang)}: {ctx.source or '–'}",
        f"{'Indexdefinition' if sv else 'Index definition'}: {ctx.definition.name} ({ctx.definition.id}, "
        f"version {ctx.definition.version})",
    ]
    n_flags = sum(1 for r in quality_rows(ctx) if r[0])
    if n_flags:
        lines.append(f"Anmärkningar om data för {n_flags} områden (se Excel-exporten)." if sv
                     else f"Data notes for {n_flags} areas (see the Excel export).")
    body = "\n".join(_wrap(line, 105) for line in lines)
    fig.text(0.06, y, body, fontsize=8.5, va="top", linespacing=1.45)
    footer = f"{ctx.title} · {ctx.local_time}"
    if ctx.synthetic:
        footer += f" · {DEMO_LABEL}"
    fig.text(0.06, 0.02, footer, fontsize=7, color="#555555")
    return fig


def export_pdf_brief(ctx: ExportContext) -> bytes:
    """One A4 page for a meeting: map, top-k table with rank changes, weights, method, data, source."""
    import matplotlib
    from matplotlib.backends.backend_pdf import FigureCanvasPdf

    with matplotlib.rc_context(_rc()):
        fig = _brief_figure(ctx)
        FigureCanvasPdf(fig)
        buf = io.BytesIO()
        meta = {"Title": f"{ctx.title} – {ctx.scenario_name}", "Creator": TITLE,
                "Subject": DEMO_LABEL if ctx.synthetic else f"{ctx.definition.name} {ctx.year}"}
        fig.savefig(buf, format="pdf", metadata=meta)
    return buf.getvalue()


__all__ = ["DEMO_LABEL", "LAYER_NAME", "SHEETS", "XLSX_HEADER_ROW", "ExportContext", "build_context", "draw_map",
           "export_csv", "export_geojson", "export_geopackage", "export_map_png", "export_pdf_brief", "export_xlsx",
           "indicator_table", "joined_layer", "quality_rows", "results_table", "settings_rows", "weights_table"]
