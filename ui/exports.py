"""Download buttons for the current view: CSV, Excel, GeoPackage, GeoJSON, PNG map, PDF brief.

Files are built only when a button is clicked (``st.download_button`` with a
callable), so a slider move never pays for rendering a PDF.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from geo.output import export
from geo.view.palette import Classes
from geo.i18n import t
from geo.scenario import Scenario
from geo.engine.scoring import available_years
from ui.common import PageContext

SCENARIO_NAME_KEY = "s_scenario_name"

FORMATS: tuple[tuple[str, str, str, Callable[[export.ExportContext], bytes]], ...] = (
    ("csv", "text/csv", "export_csv", export.export_csv),
    ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "export_xlsx",
     export.export_xlsx),
    ("gpkg", "application/geopackage+sqlite3", "export_gpkg", export.export_geopackage),
    ("geojson", "application/geo+json", "export_geojson", export.export_geojson),
    ("png", "image/png", "export_png", export.export_map_png),
    ("pdf", "application/pdf", "export_pdf", export.export_pdf_brief),
)


def _context_factory(ctx: PageContext, classes: Classes) -> Callable[[], export.ExportContext]:
    settings, bundle = ctx.settings, ctx.bundle
    scenario = Scenario.from_settings(settings, ctx.definition,
                                      name=st.session_state.get(SCENARIO_NAME_KEY) or "")
    source = t("demo_short", "sv") if bundle.synthetic else (bundle.label or str(bundle.paths.indicators.name))
    years = available_years(bundle.indicators, ctx.definition) if not bundle.results_mode else []
    quality = tuple(bundle.report.warnings) if bundle.report is not None else ()

    def build() -> export.ExportContext:
        return export.build_context(ctx.definition, scenario, ctx.current, ctx.baseline, areas=bundle.areas,
                                    classes=classes, synthetic=bundle.synthetic, source=source, data_years=years,
                                    quality=quality, lang=ctx.lang)

    return build


def export_buttons(ctx: PageContext, classes: Classes) -> None:
    """One download button per format; the file name carries definition, year and method."""
    build = _context_factory(ctx, classes)
    stem = f"omradesindex_{ctx.definition.id}_{ctx.current.year}_{ctx.settings.method}"
    if ctx.bundle.synthetic:
        stem += "_DEMO"
    cols = st.columns(len(FORMATS))
    for col, (ext, mime, label_key, func) in zip(cols, FORMATS, strict=True):
        col.download_button(t(label_key, ctx.lang), data=lambda func=func: func(build()), file_name=f"{stem}.{ext}",
                            mime=mime, key=f"dl_{ext}", width="stretch")
    st.caption(t("export_note", ctx.lang))
