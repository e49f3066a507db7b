"""Download buttons for the current view: CSV, Excel, GeoPackage, GeoJSON, PNG map, PDF brief.

Files are built only when a button is clicked (``st.download_button`` with a callable),
so a slider move never pays for rendering a PDF. Every file carries the settings that
made the numbers and the open scenario's name.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from geo.i18n import t
from geo.output import brief, export
from geo.view.mapstyles import MapLayer
from ui import data as appdata
from ui.context import PageContext

FORMATS: tuple[tuple[str, str, str, Callable[[export.ExportContext], bytes]], ...] = (
    ("csv", "text/csv", "export_csv", export.export_csv),
    ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "export_xlsx",
     export.export_xlsx),
    ("gpkg", "application/geopackage+sqlite3", "export_gpkg", export.export_geopackage),
    ("geojson", "application/geo+json", "export_geojson", export.export_geojson),
    ("png", "image/png", "export_png", brief.export_map_png),
    ("pdf", "application/pdf", "export_pdf", brief.export_pdf_brief),
)


def export_context(ctx: PageContext, layer: MapLayer) -> export.ExportContext:
    """The view as the exports see it: scores, map, the open scenario, source and data years."""
    data = ctx.data
    source = t("demo_short", "sv") if data.synthetic else (data.label or str(data.paths.indicators.name))
    note = ctx.scenario.note if ctx.scenario is not None and ctx.scenario_name else ""
    return export.build_context(
        ctx.definition, ctx.current, ctx.baseline, name=ctx.scenario_name, note=note, areas=data.areas, layer=layer,
        synthetic=data.synthetic, source=source, data_years=appdata.years(data, ctx.definition),
        quality=tuple(data.report.warnings) if data.report is not None else ())


def _builder(func: Callable[[export.ExportContext], bytes], ctx: PageContext,
             layer: MapLayer) -> Callable[[], bytes]:
    """The file, built only when its button is clicked."""
    return lambda: func(export_context(ctx, layer))


def export_buttons(ctx: PageContext, layer: MapLayer) -> None:
    """One download button per format; the file name carries definition, year and method."""
    stem = f"omradesindex_{ctx.definition.id}_{ctx.current.year}_{ctx.current.settings.method}"
    if ctx.data.synthetic:
        stem += "_DEMO"
    cols = st.columns(len(FORMATS))
    for col, (ext, mime, label_key, func) in zip(cols, FORMATS, strict=True):
        col.download_button(t(label_key, ctx.lang), data=_builder(func, ctx, layer), file_name=f"{stem}.{ext}",
                            mime=mime, key=f"dl_{ext}", width="stretch")
    st.caption(t("export_note", ctx.lang))
