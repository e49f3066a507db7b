"""The import page's widgets: upload → read → map columns → join report → use in this session.

All computation is in ``geo`` (readers, mapping suggestions, join report, results
scoring, aggregation); this module arranges widgets and keeps the session's files.

**Files live in session state as paths.** Every upload is written once into a private
``tempfile.TemporaryDirectory`` owned by the session (never into the repository or the
configured data folder), and the rest of the page works only from these paths:

=========================  ============================================================
``imp_areas_path``         area layer (gpkg, geojson, json, fgb, zip)
``imp_table_path``         indicator or results table (csv, xlsx)
``imp_mapping_path``       a saved column mapping (toml, json)
``imp_fine_path``          aggregation: fine areas
``imp_coarse_path``        aggregation: coarse areas (overlay)
``imp_crosswalk_path``     aggregation: crosswalk table
``imp_fine_table_path``    aggregation: indicator table per fine area
=========================  ============================================================

An upload sets its key; removing the upload again removes it. A test (or a script) can
put a path there directly, e.g. ``at.session_state["imp_areas_path"] = "…/delomraden.gpkg"``,
and the page continues from that file exactly as after an upload; such a path is read,
never written. The files' own names are kept, so messages name the file the user chose.

Using the data stores a :class:`ui.data.Bundle` under :data:`ui.data.UPLOAD_KEY` (this
session only); "Återgå till konfigurerade data" removes it. Every bad file is an
``st.error`` with the :class:`~geo.errors.DataError`'s Swedish message and the data in
use stays as it was.
"""

from __future__ import annotations

import atexit
import dataclasses
import hashlib
import re
import shutil
import tempfile
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import streamlit as st
from streamlit.errors import StreamlitAPIException

from geo.dataset.aggregate import Aggregated, aggregate_crosswalk, aggregate_overlay
from geo.definition import Definition
from geo.errors import DataError
from geo.i18n import LANGS, t
from geo.readers.areas import precheck_vector_file, read_areas, unreadable_vector_error
from geo.readers.indicators import read_indicators, read_results, to_long
from geo.readers.mapping import KEY_COLUMNS, apply_mapping, best_mapping, load_mapping, save_mapping, suggest_mapping
from geo.paths import DataPaths
from geo.dataset.report import JoinReport, join_report, match_ids
from geo.engine.scoring import score_results
from geo.readers.tables import list_sheets, read_table
from ui import state
from ui.data import UPLOAD_KEY, Bundle, bundle_from_frames, configured_bundle
from ui.layout import md_escape, page_setup

MAX_UPLOAD_MB = 50  # keep in step with .streamlit/config.toml [server] maxUploadSize
AREA_TYPES = ["gpkg", "geojson", "json", "fgb", "zip"]
TABLE_TYPES = ["csv", "xlsx"]
MAPPING_TYPES = ["toml", "json"]
IGNORE = "__ignore__"
KEEP = "__keep__"
#: A suggestion at least this good is preselected; below it the header is ignored by default.
SUGGEST_CUTOFF = 0.75
#: Columns a table may have that are neither ids nor indicators (not offered for mapping).
EXTRA_COLUMNS = frozenset({"numerator", "denominator", "suppressed", "method", "n_fine", "n_missing", "rank", "flags"})
EMPTY_LONG = pd.DataFrame({"area_id": pd.Series(dtype=object), "indicator_id": pd.Series(dtype=object),
                           "year": pd.Series(dtype=int), "value": pd.Series(dtype=float),
                           "suppressed": pd.Series(dtype=bool)})


# --------------------------------------------------------------------------- plain helpers (no widgets)

def safe_name(name: str) -> str:
    """The file name of an upload without folders or odd characters (the suffix is kept)."""
    base = Path(str(name).replace("\\", "/")).name.strip() or "fil"
    base = re.sub(r"[^\w.\- ()åäöÅÄÖ]+", "_", base).lstrip(".")
    return base or "fil"


def save_upload(data: bytes, name: str, folder: Path) -> Path:
    """Write an upload into its own new subfolder of ``folder`` (never overwrites anything)."""
    target = Path(tempfile.mkdtemp(dir=folder)) / safe_name(name)
    target.write_bytes(data)
    return target


def _source(path: Path) -> str:
    """What GDAL opens, after the same checks :func:`geo.readers.areas.read_areas` makes (size, empty, zip)."""
    return precheck_vector_file(path, name=path.name)


def layer_names(path: Path) -> list[str]:
    """Layers of a vector file (one for most formats)."""
    try:
        return [str(row[0]) for row in pyogrio.list_layers(_source(path))]
    except DataError:
        raise
    except Exception as exc:  # pyogrio raises several unrelated types for unreadable files
        raise unreadable_vector_error(path, exc, name=path.name) from None


def layer_attributes(path: Path, layer: str | None = None) -> pd.DataFrame:
    """The attribute table of a layer (no geometry), to fill the column pickers."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            return pyogrio.read_dataframe(_source(path), layer=layer, read_geometry=False)
    except DataError:
        raise
    except Exception as exc:
        raise unreadable_vector_error(path, exc, name=path.name) from None


def guess_area_columns(attrs: pd.DataFrame) -> tuple[str, str]:
    """Best guess of the id and name columns: ``area_id``/``area_name`` if present, else the
    unique column that looks most like an id, and the text column that looks most like a name."""
    cols = [str(c) for c in attrs.columns]
    if not cols:
        raise DataError("lagret har inga attributkolumner.", hint="Lagret behöver en kolumn med områdets id.")

    def score(col: str, target: str) -> float:
        return max((s for tid, s in suggest_mapping([col], _NO_DEF, kind="results")[col] if tid == target),
                   default=0.0)

    unique = [c for c in cols if attrs[c].notna().all() and attrs[c].is_unique] or cols
    id_col = "area_id" if "area_id" in cols else max(unique, key=lambda c: (score(c, "area_id"), -cols.index(c)))
    text = [c for c in cols if c != id_col and not pd.api.types.is_numeric_dtype(attrs[c])] or \
        [c for c in cols if c != id_col] or [id_col]
    name_col = "area_name" if "area_name" in cols else max(text, key=lambda c: (score(c, "area_name"), -cols.index(c)))
    return id_col, name_col


class _NoDefinition:
    """An empty definition, so suggestions only consider the key columns."""

    dimensions: tuple = ()
    indicators: tuple = ()


_NO_DEF = _NoDefinition()


def targets(definition: Definition, kind: str) -> list[str]:
    """Ids a header can be mapped to: key columns, then indicator or dimension ids."""
    keys = list(KEY_COLUMNS)
    if kind == "results":
        return ["area_id", "area_name", "year", *definition.dimension_ids, "index"]
    return [*keys, *definition.indicator_ids]


def headers_to_map(headers: list[str], definition: Definition, kind: str) -> list[str]:
    """Headers that are not already an id the reader understands (case-insensitive)."""
    known = {x.lower() for x in targets(definition, kind)} | EXTRA_COLUMNS
    return [h for h in headers if str(h).strip().lower() not in known]


def default_choices(headers: list[str], definition: Definition, kind: str) -> dict[str, str]:
    """Preselected target per header: the best suggestion ≥ :data:`SUGGEST_CUTOFF`, else ignore."""
    suggestions = suggest_mapping(headers, definition, kind="results" if kind == "results" else "indicators")
    allowed = set(targets(definition, kind))
    suggestions = {h: [s for s in v if s[0] in allowed] for h, v in suggestions.items()}
    best = best_mapping(suggestions, cutoff=SUGGEST_CUTOFF)
    return {h: best.get(h, IGNORE) for h in headers}


def mapped_indicator_table(path: Path, *, name: str, sheet: str | None, header_row: int | None,
                           mapping: dict[str, str], ignored: list[str]) -> pd.DataFrame:
    """Read a table, drop ignored columns, rename by ``mapping`` and validate it into long form
    (duplicates kept for the join report)."""
    frame = cached_table(path, sheet=sheet, header_row=header_row)
    frame = frame.drop(columns=[c for c in ignored if c in frame.columns])
    frame = apply_mapping(frame, mapping)
    return to_long(frame, file=name, duplicates="keep")


def results_summary(areas: pd.DataFrame, results: pd.DataFrame) -> tuple[list[str], list[str]]:
    """Result ids with no area, and areas with no result row (ids matched as in the join report)."""
    ids = pd.Series(results.index.astype(str), index=results.index)
    matched, _ = match_ids(ids, areas["area_id"].astype(str))
    unmatched = ids[matched.isna().to_numpy()].tolist()
    have = set(matched.dropna())
    without = [a for a in areas["area_id"].astype(str) if a not in have]
    return unmatched, without


def few(values, n: int = 10) -> str:
    values = [str(v) for v in values]
    return ", ".join(values[:n]) + (f" … (+{len(values) - n})" if len(values) > n else "")


# --------------------------------------------------------------------------- cached reads

def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


@st.cache_data(show_spinner=False, max_entries=16, ttl=3600)
def _read_table(path: str, stamp: float, sheet: str | None, header_row: int | None) -> pd.DataFrame:
    return read_table(path, sheet=sheet, header_row=header_row)


@st.cache_data(show_spinner=False, max_entries=16, ttl=3600)
def _read_areas(path: str, stamp: float, id_col: str, name_col: str, layer: str | None) -> gpd.GeoDataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # repaired geometries are listed from attrs instead
        return read_areas(path, id_col=id_col, name_col=name_col, layer=layer)


def cached_table(path: Path, *, sheet: str | None = None, header_row: int | None = None) -> pd.DataFrame:
    """:func:`geo.readers.tables.read_table`, read once per file version (reruns do not re-read)."""
    return _read_table(str(path), _mtime(path), sheet, header_row).copy()


def cached_areas(path: Path, *, id_col: str, name_col: str, layer: str | None = None) -> gpd.GeoDataFrame:
    """:func:`geo.readers.areas.read_areas`, read once per file version and column choice."""
    return _read_areas(str(path), _mtime(path), id_col, name_col, layer).copy()


# --------------------------------------------------------------------------- session files

#: Upload folders of this server process, removed at exit (a session's own folder is also
#: removed when its TemporaryDirectory is collected; stale ones from a crashed server are
#: pruned when a new one is made).
_UPLOAD_PREFIX = "omradesindex-upload-"
_STALE_SECONDS = 24 * 3600
_CREATED: list[tempfile.TemporaryDirectory] = []


def _cleanup_all() -> None:
    for holder in _CREATED:
        holder.cleanup()


atexit.register(_cleanup_all)


def _prune_stale_uploads() -> None:
    """Remove upload folders nobody has touched for a day (left by a killed server)."""
    now = time.time()
    for folder in Path(tempfile.gettempdir()).glob(f"{_UPLOAD_PREFIX}*"):
        try:
            if folder.is_dir() and now - folder.stat().st_mtime > _STALE_SECONDS:
                shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            continue


def _tmpdir() -> Path:
    """The session's private folder for uploads (removed with the session or at server exit)."""
    holder = st.session_state.get("_imp_tmp")
    if not isinstance(holder, tempfile.TemporaryDirectory) or not Path(holder.name).is_dir():
        _prune_stale_uploads()
        holder = tempfile.TemporaryDirectory(prefix=_UPLOAD_PREFIX)
        _CREATED.append(holder)
        st.session_state["_imp_tmp"] = holder
    return Path(holder.name)


def _discard(path_text: str | None) -> None:
    """Delete a file this session uploaded earlier (its own subfolder), never anything else."""
    if not path_text:
        return
    holder = st.session_state.get("_imp_tmp")
    if not isinstance(holder, tempfile.TemporaryDirectory):
        return
    folder = Path(path_text).parent
    if folder.parent == Path(holder.name):
        shutil.rmtree(folder, ignore_errors=True)


def upload_slot(slot: str, label: str, types: list[str], lang: str) -> Path | None:
    """A file uploader whose file is kept as ``imp_<slot>_path``; returns that path, if any."""
    key = f"imp_{slot}_path"
    seen = f"_imp_{slot}_file_id"
    up = st.file_uploader(label, type=types, key=f"w_imp_{slot}",
                          help=t("imp_max_size", lang, mb=MAX_UPLOAD_MB))
    if up is not None and up.file_id != st.session_state.get(seen):
        st.session_state[seen] = up.file_id
        if st.session_state.get(f"_imp_{slot}_from_upload"):
            _discard(st.session_state.get(key))  # the file this upload replaces
        st.session_state[key] = str(save_upload(up.getvalue(), up.name, _tmpdir()))
        st.session_state[f"_imp_{slot}_from_upload"] = True
    elif up is None and st.session_state.get(seen) is not None:
        st.session_state[seen] = None
        if st.session_state.pop(f"_imp_{slot}_from_upload", False):
            _discard(st.session_state.pop(key, None))
    value = st.session_state.get(key)
    return Path(value) if value else None


def show_file_error(exc: Exception, path: Path, lang: str) -> None:
    """A bad file: its Swedish message with the file's own name, never a traceback."""
    if isinstance(exc, DataError):
        text = str(exc).replace(str(path), path.name)
        text = text.removeprefix(f"{path.name}: ")
    else:
        text = t("imp_unexpected", lang, kind=type(exc).__name__)
    st.error(t("imp_file_error", lang, file=md_escape(path.name), error=md_escape(text)))


# --------------------------------------------------------------------------- sections

@dataclass
class Imported:
    """What the steps produced so far (``None`` until the step succeeded)."""

    definition: Definition
    areas: gpd.GeoDataFrame | None = None
    areas_path: Path | None = None
    table_path: Path | None = None
    kind: str = "indicators"
    indicators: pd.DataFrame | None = None
    report: JoinReport | None = None
    results: pd.DataFrame | None = None
    errors: list[str] = field(default_factory=list)


def _select_col(label: str, key: str, options: list[str], default: str, fmt=str) -> str:
    """A selectbox whose choice survives reruns and falls back to ``default`` when the options change."""
    if st.session_state.get(key) not in options:
        st.session_state[key] = default if default in options else options[0]
    return st.selectbox(label, options, key=key, format_func=fmt)


def areas_section(imp: Imported, lang: str) -> None:
    st.subheader(t("imp_step_areas", lang))
    path = upload_slot("areas", t("imp_areas_upload", lang), AREA_TYPES, lang)
    if path is None:
        return
    try:
        layers = layer_names(path)
        layer = _select_col(t("imp_layer", lang), "imp_layer", layers, layers[0]) if len(layers) > 1 else None
        attrs = layer_attributes(path, layer)
        guess_id, guess_name = guess_area_columns(attrs)
        cols = [str(c) for c in attrs.columns]
        c1, c2 = st.columns(2)
        with c1:
            id_col = _select_col(t("imp_id_col", lang), "imp_id_col", cols, guess_id)
        with c2:
            name_col = _select_col(t("imp_name_col", lang), "imp_name_col", cols, guess_name)
        areas = cached_areas(path, id_col=id_col, name_col=name_col, layer=layer)
    except Exception as exc:  # noqa: BLE001 - every bad file becomes a message, never a traceback
        show_file_error(exc, path, lang)
        return
    crs = areas.crs.to_string() if areas.crs is not None else "?"
    if areas.crs is not None and areas.crs.name:
        crs = f"{areas.crs.name} ({crs})"
    st.success(t("imp_areas_ok", lang, file=path.name, n=len(areas), crs=crs))
    repaired = areas.attrs.get("repaired_ids", [])
    if repaired:
        st.warning(t("imp_repaired", lang, n=len(repaired), ids=few(repaired)))
    with st.expander(t("imp_areas_preview", lang)):
        st.dataframe(pd.DataFrame(areas[["area_id", "area_name"]]), hide_index=True, width="stretch")
    imp.areas, imp.areas_path = areas, path


def table_section(imp: Imported, lang: str) -> tuple[str | None, int | None] | None:
    """Table upload, sheet and header row, and what the table holds; returns (sheet, header_row)."""
    st.subheader(t("imp_step_table", lang))
    path = upload_slot("table", t("imp_table_upload", lang), TABLE_TYPES, lang)
    if path is None:
        return None
    try:
        sheets = list_sheets(path)
        sheet = _select_col(t("imp_sheet", lang), "imp_sheet", sheets, sheets[0]) if sheets else None
        header_row = None
        if st.checkbox(t("imp_header_manual", lang), key="imp_header_manual"):
            # start from the detected row (1-based, as Excel shows it)
            st.session_state.setdefault("imp_header_row", st.session_state.get("_imp_detected_row", 1))
            header_row = int(st.number_input(t("imp_header_row", lang), min_value=1, step=1,
                                             key="imp_header_row")) - 1
        frame = cached_table(path, sheet=sheet, header_row=header_row)
    except Exception as exc:  # noqa: BLE001
        show_file_error(exc, path, lang)
        return None
    if header_row is None:
        detected = int(frame.attrs.get("header_row", 0)) + 1
        st.session_state["_imp_detected_row"] = detected
        st.caption(t("imp_header_detected", lang, row=detected))
    st.caption(t("imp_columns", lang, cols=", ".join(map(str, frame.columns))))
    if st.session_state.get("imp_kind") not in ("indicators", "results"):
        st.session_state["imp_kind"] = "indicators"
    imp.kind = st.radio(t("imp_kind", lang), ["indicators", "results"], key="imp_kind", horizontal=True,
                        format_func=lambda k: t(f"imp_kind_{k}", lang))
    imp.table_path = path
    return sheet, header_row


def _map_key(kind: str, header: str) -> str:
    return f"imp_map_{kind}_" + hashlib.sha1(str(header).encode("utf-8")).hexdigest()[:12]


def _apply_saved_mapping(rows: list[tuple[str, str, list[str]]], lang: str) -> None:
    """Load ``imp_mapping_path`` once per file into the mapping selectboxes."""
    value = st.session_state.get("imp_mapping_path")
    if not value:
        return
    path = Path(value)
    if st.session_state.get("_imp_mapping_applied") != value:
        try:
            saved = load_mapping(path)
        except Exception as exc:  # noqa: BLE001
            show_file_error(exc, path, lang)
            return
        st.session_state["_imp_mapping_applied"] = value
        st.session_state["_imp_mapping_count"] = len(saved)
        stripped = {str(k).strip(): v for k, v in saved.items()}
        for header, key, options in rows:
            target = stripped.get(str(header).strip())
            if target in options:
                st.session_state[key] = target
    st.info(t("imp_mapping_loaded", lang, file=path.name, n=st.session_state.get("_imp_mapping_count", 0)))


def mapping_section(imp: Imported, sheet, header_row, lang: str) -> tuple[dict[str, str], list[str]] | None:
    """Mapping selectboxes for headers (and long-form indicator names) that are not ids."""
    st.subheader(t("imp_step_mapping", lang))
    definition, kind = imp.definition, imp.kind
    try:
        frame = cached_table(imp.table_path, sheet=sheet, header_row=header_row)
    except Exception as exc:  # noqa: BLE001
        show_file_error(exc, imp.table_path, lang)
        return None
    headers = headers_to_map([str(c) for c in frame.columns], definition, kind)
    all_targets = targets(definition, kind)
    rows = [(h, _map_key(kind, h), [IGNORE, *all_targets]) for h in headers]
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
    upload_slot("mapping", t("imp_mapping_load", lang), MAPPING_TYPES, lang)  # → imp_mapping_path
    _apply_saved_mapping(rows + value_rows, lang)
    if not rows and not value_rows:
        st.caption(t("imp_mapping_none", lang))
    else:
        st.caption(t("imp_mapping_help", lang))
    mapping: dict[str, str] = {}
    ignored: list[str] = []

    def label(option: str) -> str:
        if option == IGNORE:
            return t("imp_ignore", lang)
        if option == KEEP:
            return t("imp_keep_value", lang)
        return option

    cols = st.columns(2)
    for i, (header, key, options) in enumerate(rows):
        if st.session_state.get(key) not in options:
            st.session_state[key] = defaults.get(header, IGNORE)
        with cols[i % 2]:
            choice = st.selectbox(header, options, key=key, format_func=label)
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
                choice = st.selectbox(value, options, key=key, format_func=label)
            if choice != KEEP:
                mapping[value] = choice
    if mapping:
        out = save_mapping(_tmpdir() / "kolumnmappning.toml", mapping)
        st.download_button(t("imp_mapping_download", lang), out.read_bytes(), file_name="kolumnmappning.toml",
                           mime="application/toml", key="imp_mapping_download")
    return mapping, ignored


def report_section(imp: Imported, sheet, header_row, mapping: dict[str, str], ignored: list[str],
                   lang: str) -> None:
    """Read the table with the mapping, join it and show what matched and what did not."""
    st.subheader(t("imp_step_report", lang))
    path, areas, definition = imp.table_path, imp.areas, imp.definition
    try:
        if imp.kind == "results":
            results = read_results(path, definition, sheet=sheet, header_row=header_row, mapping=mapping)
        else:
            long = mapped_indicator_table(path, name=path.name, sheet=sheet, header_row=header_row,
                                          mapping=mapping, ignored=ignored)
    except Exception as exc:  # noqa: BLE001
        show_file_error(exc, path, lang)
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
    for line in text.splitlines()[1:]:  # the title is the subheader; errors follow in st.error
        if line.startswith(("Ej användbart", "Not usable")):
            break
        shown.append(f"- {md_escape(line.lstrip('-* ').strip())}")
    st.markdown("\n".join(shown))
    for error in report.errors:
        st.error(error)
    names = dict(zip(areas["area_id"], areas["area_name"], strict=True))
    # Every recoverable problem the library found, worded as the CLI's `varning:` lines,
    # so the app and `python -m geo validate` never disagree about a file.
    for warning in report.warnings:
        st.warning(md_escape(warning))
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


def _results_report(imp: Imported, results: pd.DataFrame, lang: str) -> None:
    areas = imp.areas
    unmatched, without = results_summary(areas, results)
    c = st.columns(4)
    c[0].metric(t("imp_m_areas", lang), len(areas))
    c[1].metric(t("imp_m_with_data", lang), len(areas) - len(without))
    c[2].metric(t("imp_m_rows", lang), len(results))
    c[3].metric(t("imp_m_unmatched", lang), len(unmatched))
    names = dict(zip(areas["area_id"], areas["area_name"], strict=True))
    if len(without) == len(areas):
        st.error(t("imp_r_none_matched", lang))
        imp.errors.append("none matched")
        return
    if without:
        st.warning(t("imp_w_without_data", lang, n=len(without), ids=few(f"{names.get(a, a)} ({a})" for a in without)))
    if unmatched:
        st.warning(t("imp_w_unmatched", lang, n=len(unmatched), ids=few(unmatched)))
    try:
        scored = score_results(areas, results, imp.definition)
    except DataError as exc:
        st.error(str(exc))
        imp.errors.append(str(exc))
        return
    for note in scored.result.notes:
        st.markdown(f"- {md_escape(note)}")
    with st.expander(t("imp_x_preview", lang)):
        st.dataframe(scored.table.drop(columns=["flags"]).round(3), hide_index=True, width="stretch")
    imp.results = results


def _use(bundle_args: dict) -> None:
    """``on_click``: make the upload this session's data (configured files are not touched)."""
    kwargs = dict(bundle_args)
    definition: Definition = kwargs.pop("definition")
    # The map's geometry file is cached per area-file path; a fresh copy per use keeps a changed
    # id or name column from reusing the geometry published for the previous choice.
    paths: DataPaths = kwargs["paths"]
    copy = Path(tempfile.mkdtemp(dir=_tmpdir())) / paths.areas.name
    shutil.copyfile(paths.areas, copy)
    kwargs["paths"] = dataclasses.replace(paths, areas=copy)
    st.session_state[UPLOAD_KEY] = bundle_from_frames(**kwargs)
    state.set_canonical("s_definition", definition.id)
    state.set_canonical("s_selected", None)
    st.session_state["_imp_used"] = True


def _revert() -> None:
    st.session_state.pop(UPLOAD_KEY, None)
    state.set_canonical("s_selected", None)
    st.session_state["_imp_used"] = False


def use_section(imp: Imported, base: Bundle, lang: str) -> None:
    ready = imp.areas is not None and imp.table_path is not None and not imp.errors and (
        imp.indicators is not None or imp.results is not None)
    label = f"{imp.areas_path.name} + {imp.table_path.name}" if ready else ""
    args = None
    if ready:
        paths = DataPaths(areas=imp.areas_path, indicators=imp.table_path,
                          definitions_dir=base.paths.definitions_dir,
                          default_definition=Path(imp.definition.path), synthetic=False)
        args = {"paths": paths, "definitions": list(base.definitions), "areas": imp.areas,
                "indicators": imp.indicators if imp.results is None else EMPTY_LONG.copy(),
                "origin": "upload", "label": label, "report": imp.report, "results": imp.results,
                "definition": imp.definition}
    st.button(t("imp_use", lang), key="imp_use", type="primary", disabled=not ready, on_click=_use,
              args=(args,) if args else None)
    if imp.errors:
        st.caption(t("imp_use_disabled", lang))
    if st.session_state.pop("_imp_used", False) and isinstance(st.session_state.get(UPLOAD_KEY), Bundle):
        st.success(t("imp_used", lang))
        try:
            st.page_link("pages/0_Översikt.py", label=t("overview", lang), icon="🗺️")
        except StreamlitAPIException:  # the page run on its own (AppTest), not under dashboard.py
            pass


# --------------------------------------------------------------------------- aggregation

def _use_aggregated(table: pd.DataFrame) -> None:
    """``on_click``: the aggregated table becomes the table of step 2."""
    path = Path(tempfile.mkdtemp(dir=_tmpdir())) / "aggregerad_tabell.csv"
    table.to_csv(path, index=False)
    st.session_state["imp_table_path"] = str(path)
    st.session_state["_imp_table_from_upload"] = False
    st.session_state["imp_kind"] = "indicators"
    st.session_state["imp_header_manual"] = False
    st.session_state["_imp_agg_used"] = True


def _id_layer(slot: str, upload_label: str, id_label: str,
              lang: str) -> tuple[gpd.GeoDataFrame | None, pd.DataFrame | None]:
    """Upload an area layer for aggregation and pick its id column: (layer, attributes), or Nones."""
    path = upload_slot(slot, upload_label, AREA_TYPES, lang)
    if path is None:
        return None, None
    attrs = None
    try:
        attrs = layer_attributes(path)
        cols = [str(c) for c in attrs.columns]
        id_col = _select_col(id_label, f"imp_{slot}_id_col", cols, guess_area_columns(attrs)[0])
        return cached_areas(path, id_col=id_col, name_col=id_col), attrs
    except Exception as exc:  # noqa: BLE001 - every bad file is a message, never a traceback
        show_file_error(exc, path, lang)
        return None, attrs


def aggregation_section(lang: str) -> None:
    st.subheader(t("agg_heading", lang))
    st.caption(t("agg_intro", lang))
    fine, fine_attrs = _id_layer("fine", t("agg_fine_upload", lang), t("agg_fine_id", lang), lang)
    table_path = upload_slot("fine_table", t("agg_fine_table", lang), TABLE_TYPES, lang)
    values = None
    if table_path is not None:
        try:
            values = read_indicators(table_path)
        except Exception as exc:  # noqa: BLE001
            show_file_error(exc, table_path, lang)
    how = st.radio(t("agg_how", lang), ["overlay", "crosswalk"], key="imp_agg_how", horizontal=True,
                   format_func=lambda h: t(f"agg_how_{h}", lang))
    coarse = crosswalk = None
    if how == "overlay":
        coarse, _ = _id_layer("coarse", t("agg_coarse_upload", lang), t("agg_coarse_id", lang), lang)
    else:
        cw_path = upload_slot("crosswalk", t("agg_cw_upload", lang), ["csv", "xlsx"], lang)
        if cw_path is not None:
            try:
                frame = cached_table(cw_path)
                cols = [str(c) for c in frame.columns]
                c1, c2, c3 = st.columns(3)
                with c1:
                    f = _select_col(t("agg_cw_fine", lang), "imp_cw_fine", cols, "fine_id")
                with c2:
                    c = _select_col(t("agg_cw_coarse", lang), "imp_cw_coarse", cols,
                                    "coarse_id" if "coarse_id" in cols else cols[min(1, len(cols) - 1)])
                with c3:
                    none = t("agg_none", lang)
                    s = _select_col(t("agg_cw_share", lang), "imp_cw_share", [none, *cols],
                                    "share" if "share" in cols else none)
                crosswalk = pd.DataFrame({"fine_id": frame[f], "coarse_id": frame[c]})
                if s != none:
                    crosswalk["share"] = frame[s]
            except Exception as exc:  # noqa: BLE001
                show_file_error(exc, cw_path, lang)
    weight_options = ["area"]
    if how == "overlay" and fine_attrs is not None:
        weight_options += [f"col:{c}" for c in fine_attrs.columns if pd.api.types.is_numeric_dtype(fine_attrs[c])]
    if values is not None:
        weight_options += [f"ind:{i}" for i in sorted(values["indicator_id"].unique())]
    weight = _select_col(t("agg_weight", lang), "imp_agg_weight", weight_options, "area",
                         fmt=lambda w: t("agg_weight_area", lang) if w == "area"
                         else t("agg_weight_col", lang, col=w.split(":", 1)[1]))
    counts = st.multiselect(t("agg_counts", lang), sorted(values["indicator_id"].unique()) if values is not None
                            else [], key="imp_agg_counts")
    missing = st.radio(t("agg_missing", lang), ["propagate", "skip"], key="imp_agg_missing", horizontal=True,
                       format_func=lambda m: t(f"agg_missing_{m}", lang))
    ready = values is not None and ((how == "overlay" and fine is not None and coarse is not None)
                                    or (how == "crosswalk" and crosswalk is not None))
    if not ready:
        st.caption(t("agg_need", lang))
    if st.button(t("agg_run", lang), key="imp_agg_run", disabled=not ready):
        try:
            pop = weight.split(":", 1)[1] if weight != "area" else None
            if how == "overlay":
                fine_w = fine
                if weight.startswith("col:"):
                    fine_w = fine.copy()
                    fine_w[pop] = fine_attrs[pop].to_numpy()
                result = aggregate_overlay(fine_w, coarse, values, weight=pop or "area", counts=counts,
                                           missing=missing)
            else:
                result = aggregate_crosswalk(values, crosswalk, counts=counts, weight=pop, missing=missing)
            st.session_state["imp_agg_result"] = result
        except Exception as exc:  # noqa: BLE001
            st.error(f"**{t('error_heading', lang)}**\n\n"
                     + (str(exc) if isinstance(exc, DataError) else t("imp_unexpected", lang, kind=type(exc).__name__)))
            st.session_state.pop("imp_agg_result", None)
    result = st.session_state.get("imp_agg_result")
    if isinstance(result, Aggregated):
        table = result.table
        st.success(t("agg_done", lang, n=len(table), k=table["area_id"].nunique()))
        for note in result.notes:
            st.markdown(f"- {md_escape(note)}")
        if result.unmatched_fine:
            st.warning(t("agg_unmatched", lang, ids=few(result.unmatched_fine)))
        if result.crosswalk_without_data:
            st.warning(t("agg_without_data", lang, ids=few(result.crosswalk_without_data)))
        st.dataframe(table, hide_index=True, width="stretch")
        c1, c2 = st.columns(2)
        c1.download_button(t("agg_download", lang), table.to_csv(index=False).encode("utf-8"),
                           file_name="aggregerad_tabell.csv", mime="text/csv", key="imp_agg_download")
        c2.button(t("agg_use", lang), key="imp_agg_use", on_click=_use_aggregated, args=(table,))
        if st.session_state.pop("_imp_agg_used", False):
            st.success(t("agg_used", lang))


# --------------------------------------------------------------------------- the page

def _language() -> str:
    with st.sidebar:
        wkey = state.seed_widget("s_lang")
        st.radio(t("language", st.session_state["s_lang"]), LANGS, key=wkey, horizontal=True,
                 format_func=lambda v: {"sv": "Svenska", "en": "English"}[v],
                 on_change=state.sync, args=("s_lang",))
    return st.session_state["s_lang"]


def import_page() -> None:
    """The whole import page (``pages/4_Importera.py`` only calls this)."""
    state.init_state()
    page_setup(t("import_page", st.session_state.get("s_lang", "sv")))
    lang = _language()
    st.title(t("import_page", lang))
    st.markdown(t("imp_intro", lang, mb=MAX_UPLOAD_MB))
    base = configured_bundle()
    current = st.session_state.get(UPLOAD_KEY)
    if isinstance(current, Bundle):
        st.info(t("imp_now_upload", lang, label=current.label))
        st.button(t("imp_revert", lang), key="imp_revert", on_click=_revert)
    elif base.synthetic:
        st.caption(t("imp_now_demo", lang))
    else:
        st.caption(t("imp_now_config", lang, label=base.label))

    def_ids = [d.id for d in base.definitions]
    wanted = st.session_state.get("s_definition")
    default = wanted if wanted in def_ids else base.default_definition.id
    def_id = _select_col(t("imp_definition", lang), "imp_definition", def_ids, default)
    imp = Imported(definition=base.definition(def_id))

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


# --------------------------------------------------------------------------- context overlays

OVERLAY_TYPES = ["gpkg", "geojson", "json", "fgb", "zip"]


def overlay_upload_section(lang: str) -> None:
    """Upload a polygon layer (e.g. Polisen's utsatta områden) shown as outlines on the maps
    for this session (``st.session_state["s_overlays"]``, see :mod:`ui.overlays`)."""
    from geo.readers.overlays import display_name, read_overlay
    from ui.overlays import add_session_overlay, clear_session_overlays, session_overlays

    st.subheader(t("overlay_upload_heading", lang))
    st.caption(t("overlay_upload_intro", lang))
    up = st.file_uploader(t("overlay_upload", lang), type=OVERLAY_TYPES, key="w_imp_overlay",
                          help=t("imp_max_size", lang, mb=MAX_UPLOAD_MB))
    if up is not None and up.file_id != st.session_state.get("_imp_overlay_file_id"):
        st.session_state["_imp_overlay_file_id"] = up.file_id
        path = save_upload(up.getvalue(), up.name, _tmpdir())
        try:
            overlay = read_overlay(path, name=display_name(up.name), overlay_key=f"up:{up.name}")
        except DataError as exc:
            st.session_state["_imp_overlay_msg"] = ("error", md_escape(str(exc).replace(str(path), up.name)))
        else:
            add_session_overlay(overlay)
            st.session_state["_imp_overlay_msg"] = ("success", t("overlay_added", lang, name=md_escape(overlay.name),
                                                                 n=overlay.n, col=md_escape(overlay.label_col or "–")))
    msg = st.session_state.get("_imp_overlay_msg")
    if msg:
        (st.error if msg[0] == "error" else st.success)(msg[1])
    held = session_overlays()
    if held:
        st.markdown("\n".join(f"- {md_escape(o.name)} ({o.n})" for o in held))
        st.button(t("overlay_remove", lang), key="imp_overlay_clear", on_click=clear_session_overlays)
