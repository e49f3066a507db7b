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

#: (extension, MIME type, label key, builder); both CSVs: for Swedish Excel and the plain one.
FORMATS: tuple[tuple[str, str, str, Callable[[export.ExportContext], bytes]], ...] = (
    ("csv", "text/csv", "export_csv_swedish", export.export_csv_swedish),
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
    source = t("demo_short", "sv") if data.synthetic else (data.label_in(ctx.lang, ctx.definition)
                                                          or str(data.paths.indicators.name))
    note = ctx.scenario.note if ctx.scenario is not None and ctx.scenario_name else ""
    return export.build_context(
        ctx.definition, ctx.current, ctx.baseline, name=ctx.scenario_name, note=note, areas=data.areas, layer=layer,
        synthetic=data.synthetic, source=source, data_years=appdata.years(data, ctx.definition),
        quality=tuple(data.report.warnings) if data.report is not None else ())


def _builder(func: Callable[[export.ExportContext], bytes], ctx: PageContext,
             layer: MapLayer) -> Callable[[], bytes]:
    """The file, built only when its button is clicked."""
    return lambda: func(export_context(ctx, layer))


def formats(lang: str) -> list[tuple[str, str, str, Callable[[export.ExportContext], bytes]]]:
    """:data:`FORMATS` with the CSV for the reader's language first (Swedish Excel in Swedish)."""
    first = "export_csv_swedish" if lang == "sv" else "export_csv"
    return sorted(FORMATS, key=lambda f: 0 if f[2] == first else 1 if f[0] == "csv" else 2)


def file_name(ctx: PageContext, ext: str, label_key: str) -> str:
    """The download's name: scenario (or "osparat"), definition, year, method, today's date, demo mark."""
    return export.export_file_name(
        ext, scenario=ctx.scenario_name, definition_id=ctx.definition.id, year=ctx.current.year,
        method=ctx.current.settings.method, synthetic=ctx.data.synthetic, day=export.local_date(), lang=ctx.lang,
        variant="excel" if label_key == "export_csv_swedish" else "")


def export_buttons(ctx: PageContext, layer: MapLayer) -> None:
    """One download button per format (four a row, so the labels fit at 1280 px)."""
    shown = formats(ctx.lang)
    per_row = 4
    for start in range(0, len(shown), per_row):
        cols = st.columns(per_row)
        for col, (ext, mime, label_key, func) in zip(cols, shown[start:start + per_row], strict=False):
            col.download_button(t(label_key, ctx.lang), data=_builder(func, ctx, layer),
                                file_name=file_name(ctx, ext, label_key), mime=mime,
                                key=f"dl_{label_key.removeprefix('export_')}", width="stretch")
    st.caption(t("export_note", ctx.lang))
