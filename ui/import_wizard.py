"""The import page's steps: upload → read → map columns → join report → use in this session.

All computation is in ``geo`` (readers, header guesses, join report, results scoring);
files are kept by :mod:`ui.uploads`; aggregation and overlays have their own modules
(:mod:`ui.import_aggregation`, :mod:`ui.overlays`). Each step reads the previous steps'
result from an :class:`Imported` and adds its own; a bad file is an error naming it
(:func:`ui.errors.show_error`) and the data in use stays as it was.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from pathlib import Path

import geopandas as gpd
import pandas as pd
import streamlit as st

from geo.dataset.load import dataset_from_frames
from geo.dataset.report import JoinReport, join_report, results_match
from geo.definition import Definition
from geo.engine.scoring import score_results
from geo.errors import DataError
from geo.i18n import short_list, t
from geo.paths import DataPaths
from geo.readers.areas import list_layers, read_attributes
from geo.readers.headers import IGNORE, TableKind, default_choices, guess_area_columns, headers_to_map, targets
from geo.readers.indicators import read_results, to_long
from geo.readers.mapping import apply_mapping, load_mapping, save_mapping
from geo.readers.tables import list_sheets
from geo.settings import Lang, ViewSettings
from ui import data as appdata
from ui import session, uploads
from ui.controls import select
from ui.errors import say, show_error, show_text
from ui.import_aggregation import aggregation_section
from ui.layout import md_escape
from ui.overlays import overlay_upload_section
from ui.pages import OVERVIEW

AREA_TYPES = ["gpkg", "geojson", "json", "fgb", "zip"]
TABLE_TYPES = ["csv", "xlsx"]
MAPPING_TYPES = ["toml", "json"]
KEEP = "__keep__"
EMPTY_LONG = pd.DataFrame({"area_id": pd.Series(dtype=object), "indicator_id": pd.Series(dtype=object),
                           "year": pd.Series(dtype=int), "value": pd.Series(dtype=float),
                           "suppressed": pd.Series(dtype=bool)})
_USED = "imp_used"


@dataclass
class Imported:
    """What the steps produced so far (``None`` until the step succeeded)."""

    definition: Definition
    areas: gpd.GeoDataFrame | None = None
    areas_path: Path | None = None
    table_path: Path | None = None
    kind: TableKind = "indicators"
    indicators: pd.DataFrame | None = None
    report: JoinReport | None = None
    results: pd.DataFrame | None = None
    errors: list[str] = field(default_factory=list)


def _column(label: str, key: str, options: list[str], default: str) -> str:
    """A selectbox whose choice survives reruns and falls back to ``default`` when the options change."""
    if st.session_state.get(key) not in options:
        st.session_state[key] = default if default in options else options[0]
    return st.selectbox(label, options, key=key)


def areas_section(imp: Imported, lang: Lang) -> None:
    st.subheader(t("imp_step_areas", lang))
    path = uploads.slot("areas", t("imp_areas_upload", lang), AREA_TYPES, lang)
    if path is None:
        return
    try:
        layers = list_layers(path, name=path.name)
        layer = _column(t("imp_layer", lang), "imp_layer", layers, layers[0]) if len(layers) > 1 else None
        attrs = read_attributes(path, layer, name=path.name)
        guess_id, guess_name = guess_area_columns(attrs)
        cols = [str(c) for c in attrs.columns]
        c1, c2 = st.columns(2)
        with c1:
            id_col = _column(t("imp_id_col", lang), "imp_id_col", cols, guess_id)
        with c2:
            name_col = _column(t("imp_name_col", lang), "imp_name_col", cols, guess_name)
        areas = uploads.areas(path, id_col=id_col, name_col=name_col, layer=layer)
    except Exception as exc:  # noqa: BLE001 - every bad file becomes a message, never a traceback
        show_error(exc, lang, file=path)
        return
    crs = areas.crs.to_string() if areas.crs is not None else "?"
    if areas.crs is not None and areas.crs.name:
        crs = f"{areas.crs.name} ({crs})"
    say("success", "imp_areas_ok", lang, file=path.name, n=len(areas), crs=crs)
    repaired = areas.attrs.get("repaired_ids", [])
    if repaired:
        say("warning", "imp_repaired", lang, n=len(repaired), ids=short_list(repaired))
    with st.expander(t("imp_areas_preview", lang)):
        st.dataframe(pd.DataFrame(areas[["area_id", "area_name"]]), hide_index=True, width="stretch")
    imp.areas, imp.areas_path = areas, path


def table_section(imp: Imported, lang: Lang) -> tuple[str | None, int | None] | None:
    """Table upload, sheet and header row, and what the table holds; returns (sheet, header_row)."""
    st.subheader(t("imp_step_table", lang))
    path = uploads.slot("table", t("imp_table_upload", lang), TABLE_TYPES, lang)
    if path is None:
        return None
    try:
        sheets = list_sheets(path)
        sheet = _column(t("imp_sheet", lang), "imp_sheet", sheets, sheets[0]) if sheets else None
        header_row = None
        if st.checkbox(t("imp_header_manual", lang), key="imp_header_manual"):
            # start from the detected row (1-based, as Excel shows it)
            st.session_state.setdefault("imp_header_row", st.session_state.get("imp_detected_row", 1))
            header_row = int(st.number_input(t("imp_header_row", lang), min_value=1, step=1,
                                             key="imp_header_row")) - 1
        frame = uploads.table(path, sheet=sheet, header_row=header_row)
    except Exception as exc:  # noqa: BLE001
        show_error(exc, lang, file=path)
        return None
    if header_row is None:
        detected = int(frame.attrs.get("header_row", 0)) + 1
        st.session_state["imp_detected_row"] = detected
        st.caption(t("imp_header_detected", lang, row=detected))
    st.caption(t("imp_columns", lang, cols=md_escape(", ".join(map(str, frame.columns)))))
    if st.session_state.get("imp_kind") not in ("indicators", "results"):
        st.session_state["imp_kind"] = "indicators"
    imp.kind = st.radio(t("imp_kind", lang), ["indicators", "results"], key="imp_kind", horizontal=True,
                        format_func=lambda k: t(f"imp_kind_{k}", lang))
    imp.table_path = path
    return sheet, header_row


def _map_key(kind: str, header: str) -> str:
    return f"imp_map_{kind}_" + hashlib.sha1(str(header).encode("utf-8")).hexdigest()[:12]


def _apply_saved_mapping(rows: list[tuple[str, str, list[str]]], lang: Lang) -> None:
    """Load ``imp_mapping_path`` once per file into the mapping selectboxes."""
    value = st.session_state.get("imp_mapping_path")
    if not value:
        return
    path = Path(value)
    if st.session_state.get("imp_mapping_applied") != value:
        try:
            saved = load_mapping(path)
        except Exception as exc:  # noqa: BLE001
            show_error(exc, lang, file=path)
            return
        st.session_state["imp_mapping_applied"] = value
        st.session_state["imp_mapping_count"] = len(saved)
        stripped = {str(k).strip(): v for k, v in saved.items()}
        for header, key, options in rows:
            target = stripped.get(str(header).strip())
            if target in options:
                st.session_state[key] = target
    say("info", "imp_mapping_loaded", lang, file=path.name, n=st.session_state.get("imp_mapping_count", 0))


def mapping_section(imp: Imported, sheet: str | None, header_row: int | None,
                    lang: Lang) -> tuple[dict[str, str], list[str]] | None:
    """Mapping selectboxes for headers (and long-form indicator names) that are not ids."""
    st.subheader(t("imp_step_mapping", lang))
    definition, kind = imp.definition, imp.kind
    assert imp.table_path is not None
    try:
        frame = uploads.table(imp.table_path, sheet=sheet, header_row=header_row)
    except Exception as exc:  # noqa: BLE001
        show_error(exc, lang, file=imp.table_path)
        return None
    headers = headers_to_map([str(c) for c in frame.columns], definition, kind)
    rows = [(h, _map_key(kind, h), [IGNORE, *targets(definition, kind)]) for h in headers]
    defaults = default_choices(headers, definition, kind)
    # Long form: indicator names in the indicator_id column may need mapping too.
    lower = {str(c).strip().lower(): c for c in frame.columns}
    value_rows: list[tuple[str, str, list[str]]] = []
    id_col = lower.get("indicator_id")
    if kind == "indicators" and id_col is None:
        id_col = next((h for h in headers if st.session_state.get(_map_key(kind, h), defaults[h]) == "indicator_id"),
                      None)
    if kind == "indicators" and id_col is not None:
        names = sorted({str(v).strip() for v in frame[id_col]} - set(definition.indicator_ids) - {""})
        value_rows = [(v, _map_key("value", v), [KEEP, *definition.indicator_ids]) for v in names]
    uploads.slot("mapping", t("imp_mapping_load", lang), MAPPING_TYPES, lang)  # → imp_mapping_path
    _apply_saved_mapping(rows + value_rows, lang)
    st.caption(t("imp_mapping_help" if rows or value_rows else "imp_mapping_none", lang))
    mapping: dict[str, str] = {}
    ignored: list[str] = []

    def label(option: str) -> str:
        return {IGNORE: t("imp_ignore", lang), KEEP: t("imp_keep_value", lang)}.get(option, option)

    cols = st.columns(2)
    for i, (header, key, options) in enumerate(rows):
        if st.session_state.get(key) not in options:
            st.session_state[key] = defaults.get(header, IGNORE)
        with cols[i % 2]:
            choice = st.selectbox(md_escape(header), options, key=key, format_func=label)
        if choice == IGNORE:
            ignored.append(header)
        elif choice != header:
            mapping[header] = choice
    if value_rows:
        st.markdown(f"**{t('imp_mapping_values', lang)}**")
        value_defaults = default_choices([v for v, _, _ in value_rows], definition, "indicators")
        cols = st.columns(2)
        for i, (value, key, options) in enumerate(value_rows):
            if st.session_state.get(key) not in options:
                guess = value_defaults.get(value, IGNORE)
                st.session_state[key] = guess if guess in options else KEEP
            with cols[i % 2]:
                choice = st.selectbox(md_escape(value), options, key=key, format_func=label)
            if choice != KEEP:
                mapping[value] = choice
    if mapping:
        out = save_mapping(uploads.new_file("kolumnmappning.toml"), mapping)
        st.download_button(t("imp_mapping_download", lang), out.read_bytes(), file_name="kolumnmappning.toml",
                           mime="application/toml", key="imp_mapping_download")
    return mapping, ignored


def report_section(imp: Imported, sheet: str | None, header_row: int | None, mapping: dict[str, str],
                   ignored: list[str], lang: Lang) -> None:
    """Read the table with the mapping, join it and show what matched and what did not."""
    st.subheader(t("imp_step_report", lang))
    path, areas, definition = imp.table_path, imp.areas, imp.definition
    assert path is not None and areas is not None
    try:
        if imp.kind == "results":
            results = read_results(path, definition, sheet=sheet, header_row=header_row, mapping=mapping)
        else:
            frame = uploads.table(path, sheet=sheet, header_row=header_row)
            frame = apply_mapping(frame.drop(columns=[c for c in ignored if c in frame.columns]), mapping)
            long = to_long(frame, file=path.name, duplicates="keep")
    except Exception as exc:  # noqa: BLE001
        show_error(exc, lang, file=path)
        imp.errors.append("read")
        return
    if imp.kind == "results":
        _results_report(imp, results, lang)
        return
    report = join_report(areas, long, definition)
    n_with = report.n_areas - len(report.areas_without_data)
    c = st.columns(4)
    c[0].metric(t("imp_m_areas", lang), report.n_areas)
    c[1].metric(t("imp_m_with_data", lang), n_with)
    c[2].metric(t("imp_m_rows", lang), report.n_rows)
    c[3].metric(t("imp_m_unmatched", lang), len(report.unmatched_rows))
    text = report.to_text("en" if lang == "en" else "sv")
    shown = []
    for line in text.splitlines()[1:]:  # the title is the subheader; errors follow below
        if line.startswith(("Ej användbart", "Not usable")):
            break
        shown.append(f"- {md_escape(line.lstrip('-* ').strip())}")
    st.markdown("\n".join(shown))
    for error in report.errors:
        show_text("error", error)
    names = dict(zip(areas["area_id"], areas["area_name"], strict=True))
    # Every recoverable problem the library found, worded as the CLI's `varning:` lines,
    # so the app and `python -m geo validate` never disagree about a file.
    for warning in report.warnings:
        show_text("warning", warning)
    if report.areas_without_data:
        with st.expander(t("imp_x_without_data", lang)):
            st.dataframe(pd.DataFrame({"area_id": report.areas_without_data,
                                       "area_name": [names.get(a, a) for a in report.areas_without_data]}),
                         hide_index=True, width="stretch")
    for frame, key in ((report.unmatched_rows, "imp_x_unmatched"), (report.out_of_range, "imp_x_out_of_range"),
                       (report.suppressed, "imp_x_suppressed")):
        if len(frame):
            with st.expander(f"{t(key, lang)} ({len(frame)})"):
                st.dataframe(frame, hide_index=True, width="stretch")
    if report.id_changes:
        with st.expander(f"{t('imp_x_id_changes', lang)} ({len(report.id_changes)})"):
            st.dataframe(pd.DataFrame(list(report.id_changes.items()), columns=["före", "efter"]),
                         hide_index=True, width="stretch")
    st.download_button(t("imp_report_download", lang), text.encode("utf-8"), file_name="kopplingsrapport.txt",
                       mime="text/plain", key="imp_report_download")
    imp.report, imp.indicators = report, report.matched
    imp.errors += report.errors


def _results_report(imp: Imported, results: pd.DataFrame, lang: Lang) -> None:
    areas = imp.areas
    assert areas is not None
    unmatched, without = results_match(areas, results)
    c = st.columns(4)
    c[0].metric(t("imp_m_areas", lang), len(areas))
    c[1].metric(t("imp_m_with_data", lang), len(areas) - len(without))
    c[2].metric(t("imp_m_rows", lang), len(results))
    c[3].metric(t("imp_m_unmatched", lang), len(unmatched))
    names = dict(zip(areas["area_id"], areas["area_name"], strict=True))
    if len(without) == len(areas):
        say("error", "imp_r_none_matched", lang)
        imp.errors.append("none matched")
        return
    if without:
        say("warning", "imp_w_without_data", lang, n=len(without), ids=short_list(f"{names.get(a, a)} ({a})" for a in without))
    if unmatched:
        say("warning", "imp_w_unmatched", lang, n=len(unmatched), ids=short_list(unmatched))
    try:
        scored = score_results(areas, results, imp.definition, ViewSettings.default(imp.definition, lang=lang))
    except DataError as exc:
        show_error(exc, lang)
        imp.errors.append(str(exc))
        return
    for note in scored.result.notes:
        st.markdown(f"- {md_escape(note)}")
    with st.expander(t("imp_x_preview", lang)):
        st.dataframe(scored.table.drop(columns=["flags"]).round(3), hide_index=True, width="stretch")
    imp.results = results


def _use(imp: Imported, base_paths: DataPaths, definitions: tuple[Definition, ...]) -> None:
    """``on_click``: make the upload this session's data (configured files are not touched)."""
    assert imp.areas is not None and imp.areas_path is not None and imp.table_path is not None
    paths = replace(base_paths, areas=imp.areas_path, indicators=imp.table_path,
                    default_definition=Path(imp.definition.path), synthetic=False, origin="cli", root=None,
                    id_col="area_id", name_col="area_name", layer=None, sheet=None, mapping=None)
    indicators = imp.indicators if imp.results is None and imp.indicators is not None else EMPTY_LONG.copy()
    data = dataset_from_frames(
        paths, definitions, imp.areas, indicators,
        origin="upload", label=f"{imp.areas_path.name} + {imp.table_path.name}", report=imp.report,
        results=imp.results)
    session.set_upload(data)
    session.choose_definition(imp.definition.id)
    st.session_state[_USED] = True


def _revert() -> None:
    session.set_upload(None)
    st.session_state[_USED] = False


def use_section(imp: Imported, base: appdata.Loaded, lang: Lang) -> None:
    ready = imp.areas is not None and imp.table_path is not None and not imp.errors and (
        imp.indicators is not None or imp.results is not None)
    st.button(t("imp_use", lang), key="imp_use", type="primary", disabled=not ready, on_click=_use,
              args=(imp, base.dataset.paths, base.dataset.definitions) if ready else None)
    if imp.errors:
        st.caption(t("imp_use_disabled", lang))
    if st.session_state.pop(_USED, False) and session.upload() is not None:
        say("success", "imp_used", lang)
        st.page_link(OVERVIEW, label=t("overview", lang), icon=":material/map:")


def import_page(lang: Lang) -> None:
    """The whole import page (``pages/importera.py`` only calls this)."""
    st.markdown(t("imp_intro", lang, mb=uploads.MAX_UPLOAD_MB))
    base = appdata.configured()
    current = session.upload()
    if current is not None:
        say("info", "imp_now_upload", lang, label=current.label)
        st.button(t("imp_revert", lang), key="imp_revert", on_click=_revert)
    elif base.dataset.synthetic:
        st.caption(t("imp_now_demo", lang))
    else:
        st.caption(t("imp_now_config", lang, label=md_escape(base.dataset.label)))

    definitions = {d.id: d for d in base.dataset.definitions}
    st.session_state.setdefault("imp_definition", session.definition(base.dataset).id)
    def_id = select(t("imp_definition", lang), "imp_definition", list(definitions), persist=False,
                    format_func=lambda d: f"{definitions[d].display_name(lang)} – v{definitions[d].version}")
    imp = Imported(definition=definitions[def_id])

    areas_section(imp, lang)
    picked = table_section(imp, lang)
    if picked is not None:
        sheet, header_row = picked
        mapped = mapping_section(imp, sheet, header_row, lang)
        if mapped is not None and imp.areas is not None:
            report_section(imp, sheet, header_row, *mapped, lang)
        elif mapped is not None:
            st.caption(t("imp_need_both", lang))
    elif imp.areas is not None:
        st.caption(t("imp_need_both", lang))
    use_section(imp, base, lang)
    st.divider()
    aggregation_section(lang)
    st.divider()
    overlay_upload_section(lang)
