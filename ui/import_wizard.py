"""The import page's steps: upload → read → map columns → join report → use in this session.

All computation is in ``geo`` (readers, header guesses, join report, results scoring);
files are kept by :mod:`ui.uploads`; aggregation and overlays have their own modules
(:mod:`ui.import_aggregation`, :mod:`ui.overlays`). Each step reads the previous steps'
result from an :class:`Imported` and adds its own; a bad file is an error naming it
(:func:`ui.errors.show_error`) and the data in use stays as it was.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import geopandas as gpd
import pandas as pd
import streamlit as st

from geo.dataset.load import dataset_from_frames
from geo.dataset.report import JoinReport, join_report, results_match
from geo.definition import Definition, list_definitions
from geo.engine.scoring import score_results
from geo.errors import DataError
from geo.i18n import short_list, t
from geo.paths import DATA, DataDescription, DataPaths
from geo.readers.areas import list_layers, read_attributes
from geo.readers.headers import TableKind, guess_area_columns
from geo.readers.indicators import read_results, to_long
from geo.readers.mapping import Target, apply_mapping
from geo.readers.recognise import TableType, id_level, recognise_table, scb_export_indicators
from geo.readers.tables import list_sheets
from geo.settings import Lang, ViewSettings
from ui import data as appdata
from ui import session, uploads
from ui.controls import select
from ui.errors import say, show_error, show_text, without_paths
from ui.import_aggregation import aggregation_section
from ui.import_mapping import MAX_CHOICES, mapping_section
from ui.layout import md_escape
from ui.overlays import overlay_upload_section
from ui.pages import OVERVIEW

AREA_TYPES = ["gpkg", "geojson", "json", "fgb", "zip"]
TABLE_TYPES = ["csv", "xlsx"]
EMPTY_LONG = pd.DataFrame({"area_id": pd.Series(dtype=object), "indicator_id": pd.Series(dtype=object),
                           "year": pd.Series(dtype=int), "value": pd.Series(dtype=float),
                           "suppressed": pd.Series(dtype=bool)})
_USED = "imp_used"
TABLE_KINDS: list[TableType] = ["indicators", "results", "scb", "crosswalk"]


@dataclass
class Imported:
    """What the steps produced so far (``None`` until the step succeeded)."""

    definition: Definition
    areas: gpd.GeoDataFrame | None = None
    areas_path: Path | None = None
    table_path: Path | None = None
    kind: TableKind = "indicators"
    table_type: TableType = "indicators"
    indicators: pd.DataFrame | None = None
    report: JoinReport | None = None
    results: pd.DataFrame | None = None
    errors: list[str] = field(default_factory=list)
    #: Notes already shown in an earlier step (shown once, not again in the report).
    said: list[str] = field(default_factory=list)


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
    # read_table's only note is which header row it used (and which title rows it skipped): said
    # here, once, and not again in the join report
    notes = [str(w) for w in frame.attrs.get("warnings", [])]
    if header_row is None:
        detected = int(frame.attrs.get("header_row", 0)) + 1
        st.session_state["imp_detected_row"] = detected
        st.caption(md_escape(without_paths(notes[0])) if notes else t("imp_header_detected", lang, row=detected))
    imp.said += notes
    # the first columns and how many more (a table of thousands of columns is not listed whole)
    st.caption(t("imp_columns", lang, cols=md_escape(short_list(map(str, frame.columns), MAX_CHOICES))))
    recognised = recognise_table(frame, imp.definition)
    if st.session_state.get("imp_kind_for") != str(path) or st.session_state.get("imp_kind") not in TABLE_KINDS:
        # a new file starts from what it looks like; the planner can correct it below
        st.session_state["imp_kind"] = recognised.kind
        st.session_state["imp_kind_for"] = str(path)
    if recognised.kind == "indicators":  # the columns are listed just above; say the form instead
        say("info", "imp_looks_indicators", lang, form=t("imp_form_long" if recognised.long else "imp_form_wide", lang))
    else:
        say("info", f"imp_looks_{recognised.kind}", lang, cols=", ".join(recognised.evidence[:6]) or "–")
    kind = st.radio(t("imp_kind", lang), TABLE_KINDS, key="imp_kind", horizontal=True,
                    format_func=lambda k: t(f"imp_kind_{k}", lang))
    imp.table_type = kind if kind is not None else recognised.kind
    imp.kind = "results" if imp.table_type == "results" else "indicators"
    imp.table_path = path
    return sheet, header_row


def _to_aggregation(path: Path, as_crosswalk: bool) -> None:
    """``on_click``: hand the table to the aggregation step (as its table, or as its crosswalk)."""
    uploads.set_slot("crosswalk" if as_crosswalk else "fine_table", path)
    if as_crosswalk:
        st.session_state["imp_agg_how"] = "crosswalk"
    st.session_state["imp_sent_to_agg"] = True


def crosswalk_section(imp: Imported, lang: Lang) -> None:
    """A crosswalk is not data to join: say so and offer it to the aggregation step."""
    assert imp.table_path is not None
    say("warning", "imp_is_crosswalk", lang)
    st.button(t("imp_send_crosswalk", lang), key="imp_send_crosswalk", on_click=_to_aggregation,
              args=(imp.table_path, True))
    imp.errors.append("crosswalk")


def _codes_hint(imp: Imported, long: pd.DataFrame, lang: Lang) -> bool:
    """DeSO/RegSO codes against a layer with other ids: say "aggregate first" and offer it."""
    assert imp.areas is not None and imp.table_path is not None
    level = id_level(long["area_id"].head(500))
    if level is None or id_level(imp.areas["area_id"].head(500)) == level:
        return False
    if long["area_id"].isin(set(imp.areas["area_id"])).mean() > 0.5:
        return False
    say("error", "imp_ids_are_codes", lang, level=t(f"imp_level_{level}", lang),
        example=md_escape(str(long["area_id"].iloc[0])), n=long["area_id"].nunique())
    st.button(t("imp_send_fine", lang), key="imp_send_fine", on_click=_to_aggregation, args=(imp.table_path, False))
    imp.errors.append("codes")
    return True


def _read_and_join(imp: Imported, sheet: str | None, header_row: int | None, mapping: dict[str, Target],
                   ignored: list[str]) -> tuple[pd.DataFrame, JoinReport]:
    """The table in long form and its join with the areas, once per file version, choices and
    definition (shared read-only; the key holds the session's private upload path): every rerun of
    the page — a weight moved, "Använd" pressed — reused them; at 6,000 areas they cost ≈ 1 s."""
    path, areas, definition = imp.table_path, imp.areas, imp.definition
    assert path is not None and areas is not None
    key = (str(path), path.stat().st_mtime_ns, path.stat().st_size, sheet, header_row,
           tuple(sorted((k, repr(v)) for k, v in mapping.items())), tuple(ignored), definition.id,
           str(definition.path), int(pd.util.hash_pandas_object(areas["area_id"], index=False).sum()),
           int(pd.util.hash_pandas_object(areas["area_name"], index=False).sum()))
    return _joined(key, imp, sheet, header_row, mapping, ignored)


@st.cache_resource(show_spinner=False, max_entries=4, ttl=3600)
def _joined(key: tuple, _imp: Imported, sheet: str | None, header_row: int | None, _mapping: dict[str, Target],
            _ignored: list[str]) -> tuple[pd.DataFrame, JoinReport]:
    path, areas = _imp.table_path, _imp.areas
    assert path is not None and areas is not None
    frame = uploads.table(path, sheet=sheet, header_row=header_row)
    frame = apply_mapping(frame.drop(columns=[c for c in _ignored if c in frame.columns]), _mapping)
    long = to_long(frame, file=path.name, duplicates="keep")
    return long, join_report(areas, long, _imp.definition)


def report_section(imp: Imported, sheet: str | None, header_row: int | None, mapping: dict[str, Target],
                   ignored: list[str], lang: Lang) -> None:
    """Read the table with the mapping, join it and show what matched and what did not."""
    st.subheader(t("imp_step_report", lang))
    path, areas, definition = imp.table_path, imp.areas, imp.definition
    assert path is not None and areas is not None
    try:
        if imp.kind == "results":
            results = read_results(path, definition, sheet=sheet, header_row=header_row, mapping=mapping)
        elif imp.table_type == "scb":
            long = scb_export_indicators(uploads.table(path, sheet=sheet, header_row=header_row), file=path.name)
        else:
            long, joined = _read_and_join(imp, sheet, header_row, mapping, ignored)
    except Exception as exc:  # noqa: BLE001
        show_error(exc, lang, file=path)
        imp.errors.append("read")
        return
    if imp.kind == "results":
        _results_report(imp, results, lang)
        return
    if _codes_hint(imp, long, lang):
        return
    # Judged with the weights in use: a dimension without data is fine at weight 0 ("without it").
    weights = {d: float(st.session_state[k]) for d, k in session.weight_keys(definition).items()
               if k in st.session_state}
    if imp.table_type == "scb":
        joined = join_report(areas, long, definition)
    report = joined.for_weights(weights)
    n_with = report.n_areas - len(report.areas_without_data)
    c = st.columns(4)
    c[0].metric(t("imp_m_areas", lang), report.n_areas)
    c[1].metric(t("imp_m_with_data", lang), n_with)
    c[2].metric(t("imp_m_rows", lang), report.n_rows)
    c[3].metric(t("imp_m_unmatched", lang), len(report.unmatched_rows))
    text = report.to_text("en" if lang == "en" else "sv")
    # The summary and the verdict as text; every finding once, as an error or a warning box
    # (worded as the CLI's `fel:`/`varning:` lines, so the app and `python -m geo validate` never
    # disagree), and the header-row note not again (step 2 said it).
    lines = text.splitlines()
    summary = [lines[1], *(line for line in lines if line.startswith(("Användbart", "Usable", "Ej användbart",
                                                                       "Not usable")))]
    st.markdown("\n".join(f"- {md_escape(without_paths(line))}" for line in summary))
    told = set(imp.said)
    for error in dict.fromkeys(report.errors):
        show_text("error", error)
    names = dict(zip(areas["area_id"], areas["area_name"], strict=True))
    for warning in dict.fromkeys(report.warnings):
        if warning not in told:
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
                    id_col="area_id", name_col="area_name", layer=None, sheet=None, mapping=None,
                    description=DataDescription())
    indicators = imp.indicators if imp.results is None and imp.indicators is not None else EMPTY_LONG.copy()
    data = dataset_from_frames(
        paths, definitions, imp.areas, indicators,
        origin="upload", label=f"{imp.areas_path.name} + {imp.table_path.name}", report=imp.report,
        results=imp.results)
    session.set_upload(data)
    session.choose_definition(imp.definition.id)
    st.session_state[_USED] = True


def offered_definitions(base: appdata.Loaded) -> tuple[Definition, ...]:
    """The definitions an import can use: the data's, and on the built-in open data (a subset of the
    index) also the shipped full ones — the city's own file has all 12 indicators."""
    own = base.dataset.definitions
    if base.dataset.origin != "open":
        return own
    ids = {d.id for d in own}
    return (*[d for d in list_definitions(DATA / "definitions") if d.id not in ids], *own)


def _revert() -> None:
    session.set_upload(None)
    st.session_state[_USED] = False


def use_section(imp: Imported, base: appdata.Loaded, lang: Lang) -> None:
    ready = imp.areas is not None and imp.table_path is not None and not imp.errors and (
        imp.indicators is not None or imp.results is not None)
    st.button(t("imp_use", lang), key="imp_use", type="primary", disabled=not ready, on_click=_use,
              args=(imp, base.dataset.paths, offered_definitions(base)) if ready else None)
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
    elif base.dataset.origin == "open":
        st.caption(t("imp_now_open", lang, label=md_escape(base.dataset.label_in(lang))))
    else:
        st.caption(t("imp_now_config", lang, label=md_escape(base.dataset.label)))

    definitions = {d.id: d for d in offered_definitions(base)}
    # on the open data the city's own file is the full index: its definition first
    st.session_state.setdefault("imp_definition", next(iter(definitions)) if base.dataset.origin == "open"
                                else session.definition(base.dataset).id)
    def_id = select(t("imp_definition", lang), "imp_definition", list(definitions), persist=False,
                    format_func=lambda d: f"{definitions[d].display_name(lang)} – v{definitions[d].version}")
    imp = Imported(definition=definitions[def_id])

    areas_section(imp, lang)
    picked = table_section(imp, lang)
    if picked is not None and imp.table_type == "crosswalk":
        crosswalk_section(imp, lang)
    elif picked is not None:
        sheet, header_row = picked
        assert imp.table_path is not None
        mapped = ({}, []) if imp.table_type == "scb" else \
            mapping_section(imp.table_path, imp.definition, imp.kind, sheet, header_row, lang)
        if mapped is not None and imp.areas is not None:
            report_section(imp, sheet, header_row, *mapped, lang)
        elif mapped is not None:
            st.caption(t("imp_need_both", lang))
    elif imp.areas is not None:
        st.caption(t("imp_need_both", lang))
    use_section(imp, base, lang)
    st.divider()
    aggregation_section(imp.definition, lang)
    st.divider()
    overlay_upload_section(lang)
