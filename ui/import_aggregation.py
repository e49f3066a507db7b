"""The import page's aggregation step: fine areas (DeSO, delområden) to coarse ones (GeSO).

By spatial overlay or a crosswalk, weighted by area or a population column; computed by
:mod:`geo.dataset.aggregate`. The result can be downloaded or handed to the import steps
as the table to use.
"""

from __future__ import annotations

from collections.abc import Callable

import geopandas as gpd
import pandas as pd
import streamlit as st

from geo.dataset.aggregate import Aggregated, Missing, aggregate_crosswalk, aggregate_overlay
from geo.definition import Definition
from geo.i18n import short_list, t
from geo.readers.areas import read_attributes
from geo.readers.headers import guess_area_columns
from geo.readers.indicators import to_long
from geo.readers.mapping import apply_mapping
from geo.readers.recognise import code_columns, recognise_table, scb_export_indicators
from geo.settings import Lang
from ui import uploads
from ui.errors import say, show_error
from ui.import_mapping import mapping_widgets
from ui.layout import md_escape

AREA_TYPES = ["gpkg", "geojson", "json", "fgb", "zip"]
_RESULT = "imp_agg_result"
_USED = "imp_agg_used"


def _use_aggregated(table: pd.DataFrame) -> None:
    """``on_click``: the aggregated table becomes the table of the import steps."""
    path = uploads.new_file("aggregerad_tabell.csv")
    table.to_csv(path, index=False)
    uploads.set_slot("table", path)
    st.session_state["imp_kind"] = "indicators"
    st.session_state["imp_header_manual"] = False
    st.session_state[_USED] = True


def _column(label: str, key: str, options: list[str], default: str,
            format_func: Callable[[str], str] = str) -> str:
    if st.session_state.get(key) not in options:
        st.session_state[key] = default if default in options else options[0]
    return str(st.selectbox(label, options, key=key, format_func=format_func))


def _id_layer(slot: str, upload_label: str, id_label: str,
              lang: Lang) -> tuple[gpd.GeoDataFrame | None, pd.DataFrame | None]:
    """Upload an area layer for aggregation and pick its id column: (layer, attributes), or Nones."""
    path = uploads.slot(slot, upload_label, AREA_TYPES, lang)
    if path is None:
        return None, None
    attrs = None
    try:
        attrs = read_attributes(path, name=path.name)
        cols = [str(c) for c in attrs.columns]
        id_col = _column(id_label, f"imp_{slot}_id_col", cols, guess_area_columns(attrs)[0])
        return uploads.areas(path, id_col=id_col, name_col=id_col), attrs
    except Exception as exc:  # noqa: BLE001 - every bad file is a message, never a traceback
        show_error(exc, lang, file=path)
        return None, attrs


def _crosswalk(lang: Lang) -> pd.DataFrame | None:
    path = uploads.slot("crosswalk", t("agg_cw_upload", lang), ["csv", "xlsx"], lang)
    if path is None:
        return None
    try:
        frame = uploads.table(path)
        cols = [str(c) for c in frame.columns]
        # SCB's own crosswalk (deso2018, regso …): the finer codes are the fine ids
        codes = code_columns(frame)
        fine_guess = "fine_id" if "fine_id" in cols else next((c for c, lv in codes.items() if lv == "deso"), cols[0])
        coarse_guess = "coarse_id" if "coarse_id" in cols else next(
            (c for c, lv in codes.items() if lv == "regso"), cols[min(1, len(cols) - 1)])
        c1, c2, c3 = st.columns(3)
        with c1:
            fine = _column(t("agg_cw_fine", lang), "imp_cw_fine", cols, fine_guess)
        with c2:
            coarse = _column(t("agg_cw_coarse", lang), "imp_cw_coarse", cols, coarse_guess)
        with c3:
            none = t("agg_none", lang)
            share = _column(t("agg_cw_share", lang), "imp_cw_share", [none, *cols], "share" if "share" in cols else none)
        crosswalk = pd.DataFrame({"fine_id": frame[fine], "coarse_id": frame[coarse]})
        if share != none:
            crosswalk["share"] = frame[share]
        return crosswalk
    except Exception as exc:  # noqa: BLE001
        show_error(exc, lang, file=path)
        return None


def aggregation_section(definition: Definition, lang: Lang) -> None:
    st.subheader(t("agg_heading", lang))
    st.caption(t("agg_intro", lang))
    if st.session_state.pop("imp_sent_to_agg", False):
        say("success", "agg_received", lang)
    fine, fine_attrs = _id_layer("fine", t("agg_fine_upload", lang), t("agg_fine_id", lang), lang)
    table_path = uploads.slot("fine_table", t("agg_fine_table", lang), ["csv", "xlsx"], lang)
    values = None
    if table_path is not None:
        try:
            frame = uploads.table(table_path)
            if recognise_table(frame, definition).kind == "scb":
                # an SCB export per DeSO: its counts become indicators with numerators (as `python -m geo scb`)
                say("info", "imp_looks_scb", lang, cols=", ".join(map(str, frame.columns[:6])))
                values = scb_export_indicators(frame, file=table_path.name)
            else:
                # The same direction-safe mapping as step 3; columns left unmapped are kept as they
                # are (a population column may weight the shares).
                with st.expander(t("agg_mapping", lang), expanded=True):
                    mapping, _ = mapping_widgets(frame, definition, "indicators", lang, prefix="agg")
                values = to_long(apply_mapping(frame, mapping), file=table_path.name)
        except Exception as exc:  # noqa: BLE001
            show_error(exc, lang, file=table_path)
    how = st.radio(t("agg_how", lang), ["overlay", "crosswalk"], key="imp_agg_how", horizontal=True,
                   format_func=lambda h: t(f"agg_how_{h}", lang))
    coarse = crosswalk = None
    if how == "overlay":
        coarse, _ = _id_layer("coarse", t("agg_coarse_upload", lang), t("agg_coarse_id", lang), lang)
    else:
        crosswalk = _crosswalk(lang)
    weight_options = ["area"]
    if how == "overlay" and fine_attrs is not None:
        weight_options += [f"col:{c}" for c in fine_attrs.columns if pd.api.types.is_numeric_dtype(fine_attrs[c])]
    if values is not None:
        weight_options += [f"ind:{i}" for i in sorted(values["indicator_id"].unique())]
    weight = _column(t("agg_weight", lang), "imp_agg_weight", weight_options, "area",
                     format_func=lambda w: t("agg_weight_area", lang) if w == "area"
                     else t("agg_weight_col", lang, col=w.split(":", 1)[1]))
    counts = st.multiselect(t("agg_counts", lang), sorted(values["indicator_id"].unique()) if values is not None
                            else [], key="imp_agg_counts", placeholder=t("choose_options", lang))
    skip = st.radio(t("agg_missing", lang), ["propagate", "skip"], key="imp_agg_missing", horizontal=True,
                    format_func=lambda m: t(f"agg_missing_{m}", lang)) == "skip"
    missing: Missing = "skip" if skip else "propagate"
    ready = values is not None and ((how == "overlay" and fine is not None and coarse is not None)
                                    or (how == "crosswalk" and crosswalk is not None))
    if not ready:
        st.caption(t("agg_need", lang))
    if st.button(t("agg_run", lang), key="imp_agg_run", disabled=not ready) and values is not None:
        pop = weight.split(":", 1)[1] if weight != "area" else None
        try:
            if fine is not None and coarse is not None and how == "overlay":
                if pop is not None and weight.startswith("col:") and fine_attrs is not None:
                    fine = fine.copy()
                    fine[pop] = fine_attrs[pop].to_numpy()
                result = aggregate_overlay(fine, coarse, values, weight=pop or "area", counts=counts,
                                           missing=missing)
            elif crosswalk is not None:
                result = aggregate_crosswalk(values, crosswalk, counts=counts, weight=pop, missing=missing)
            st.session_state[_RESULT] = result
        except Exception as exc:  # noqa: BLE001
            show_error(exc, lang)
            st.session_state.pop(_RESULT, None)
    held = st.session_state.get(_RESULT)
    if isinstance(held, Aggregated):
        _result_section(held, lang)


def _result_section(result: Aggregated, lang: Lang) -> None:
    table = result.table
    say("success", "agg_done", lang, n=len(table), k=table["area_id"].nunique())
    for note in result.notes:
        st.markdown(f"- {md_escape(note)}")
    if result.unmatched_fine:
        say("warning", "agg_unmatched", lang, ids=short_list(result.unmatched_fine))
    if result.crosswalk_without_data:
        say("warning", "agg_without_data", lang, ids=short_list(result.crosswalk_without_data))
    st.dataframe(table, hide_index=True, width="stretch")
    c1, c2 = st.columns(2)
    c1.download_button(t("agg_download", lang), table.to_csv(index=False).encode("utf-8"),
                       file_name="aggregerad_tabell.csv", mime="text/csv", key="imp_agg_download")
    c2.button(t("agg_use", lang), key="imp_agg_use", on_click=_use_aggregated, args=(table,))
    if st.session_state.pop(_USED, False):
        say("success", "agg_used", lang)
