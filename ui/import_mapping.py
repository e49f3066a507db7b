"""Step 3 of the import page: map the table's headers to the definition, direction-safe.

Each header gets a choice (the indicator's label, unit and direction — never a bare id) and
a "100 − x" switch for a column that means the opposite of a share; both are preselected
from :func:`geo.readers.headers.propose_mapping`, which never proposes an indicator the
wrong way round. A saved mapping file (with its transforms) fills the choices; the
current choices download as such a file. The aggregation step uses the same widgets.

**Bounded**: at most :data:`MAX_CHOICES` headers and as many unknown indicator names get a choice
(and a proposal); the rest are counted in one line. A file with 107,000 unknown names once built a
selectbox per name until the browser tab crashed (issue 17). A saved mapping file still applies to
every header and name, shown or not.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import streamlit as st

from geo.definition import Definition
from geo.i18n import fmt_number, t
from geo.readers.headers import IGNORE, TableKind, can_flip, describe_target, headers_to_map, propose_mapping, targets
from geo.readers.mapping import KEY_COLUMNS, Target, load_mapping, save_mapping
from geo.settings import Lang
from ui import uploads
from ui.errors import say, show_error
from ui.layout import md_escape

MAPPING_TYPES = ["toml", "json"]
KEEP = "__keep__"
#: Choices shown per list (the table's headers; a long table's unknown indicator names).
MAX_CHOICES = 30


def map_key(prefix: str, kind: str, header: str) -> str:
    return f"{prefix}_map_{kind}_" + hashlib.sha1(str(header).encode("utf-8")).hexdigest()[:12]


def _slot(prefix: str) -> str:
    """The upload slot of the mapping file (its path is ``imp_<slot>_path``, :func:`ui.uploads.slot`)."""
    return "mapping" if prefix == "imp" else f"{prefix}_mapping"


def _apply_saved(prefix: str, rows: list[tuple[str, str, list[str]]], lang: Lang) -> dict[str, Target]:
    """Load the slot's mapping file once per file into the choices and their 100 − x switches;
    returns the file's mapping (stripped headers), also for headers and names without a choice."""
    value = st.session_state.get(f"imp_{_slot(prefix)}_path")
    saved_key = f"{prefix}_mapping_saved"
    if not value:
        st.session_state.pop(saved_key, None)
        return {}
    path = Path(value)
    if st.session_state.get(f"{prefix}_mapping_applied") != value:
        try:
            saved = load_mapping(path)
        except Exception as exc:  # noqa: BLE001 - every bad file becomes a message
            show_error(exc, lang, file=path)
            return {}
        st.session_state[f"{prefix}_mapping_applied"] = value
        st.session_state[f"{prefix}_mapping_count"] = len(saved)
        stripped = {str(k).strip(): v for k, v in saved.items()}
        st.session_state[saved_key] = stripped
        for header, key, options in rows:
            target = stripped.get(str(header).strip())
            if target is not None and target.id in options:
                st.session_state[key] = target.id
                st.session_state[f"{key}_t"] = target.transform == "100-x"
                st.session_state[f"{key}_prev"] = target.id
    say("info", "imp_mapping_loaded", lang, file=path.name, n=st.session_state.get(f"{prefix}_mapping_count", 0))
    return dict(st.session_state.get(saved_key, {}))


def _choice(definition: Definition, header: str, key: str, options: list[str], proposed: Target, lang: Lang,
            *, flippable: bool) -> Target | None:
    """One header's selectbox (+ its 100 − x switch); ``None`` when the column is not used."""
    if st.session_state.get(key) not in options:
        st.session_state[key] = proposed.id if proposed.id in options else options[0]

    def label(option: str) -> str:
        if option in (IGNORE, KEEP):
            return t("imp_ignore" if option == IGNORE else "imp_keep_value", lang)
        return describe_target(definition, option, lang)

    # one row per header: the choice wide enough for label, unit and direction; the switch beside it
    left, right = st.columns([4, 1], vertical_alignment="bottom")
    choice = left.selectbox(md_escape(header), options, key=key, format_func=label)
    if choice in (IGNORE, KEEP):
        return None
    if not flippable or choice in KEY_COLUMNS:  # ids, names and years are never turned around
        return Target(choice)
    flip_key = f"{key}_t"
    if st.session_state.get(f"{key}_prev") != choice or flip_key not in st.session_state:
        # a new choice starts from what the proposal says for it (never a leftover switch)
        st.session_state[flip_key] = choice == proposed.id and proposed.transform == "100-x"
        st.session_state[f"{key}_prev"] = choice
    ok = can_flip(definition, choice)
    flip = right.checkbox(t("imp_flip", lang), key=flip_key, disabled=not ok,
                       help=t("imp_flip_help" if ok else "imp_flip_off", lang))
    return Target(choice, "100-x" if flip and ok else None)


def _unknown_names(values: pd.Series, definition: Definition) -> list[str]:
    """The distinct indicator names of a long table that are not the definition's ids, in alphabetical
    order (case aside)."""
    distinct = pd.Series(values.dropna().unique()).astype(str).str.strip().unique()
    return sorted(set(distinct) - set(definition.indicator_ids) - {""}, key=lambda v: (v.casefold(), v))


def _hidden(saved: dict[str, Target], hidden: list[str], options: list[str]) -> dict[str, Target]:
    """What a saved mapping says about headers or names without a choice (targets the list offers)."""
    return {h: saved[h.strip()] for h in hidden if h.strip() in saved and saved[h.strip()].id in options}


def mapping_widgets(frame: pd.DataFrame, definition: Definition, kind: TableKind, lang: Lang, *,
                    prefix: str = "imp") -> tuple[dict[str, Target], list[str]]:
    """The mapping choices for ``frame``: (header → :class:`Target`, headers ignored).

    At most :data:`MAX_CHOICES` headers and unknown indicator names get a choice; the proposal is made
    for those only (a proposal takes milliseconds per name)."""
    headers = [str(c) for c in frame.columns]
    to_map = headers_to_map(headers, definition, kind)
    shown_headers, hidden_headers = to_map[:MAX_CHOICES], to_map[MAX_CHOICES:]
    skip = set(hidden_headers)
    columns = [h for h in headers if h not in skip]
    proposal = propose_mapping(pd.DataFrame(columns=columns), definition, kind)
    header_options = [IGNORE, *targets(definition, kind)]
    rows = [(h, map_key(prefix, kind, h), header_options) for h in shown_headers]
    lower = {h.strip().lower(): h for h in columns}
    id_col = lower.get("indicator_id") or next(
        (h for h, k, _ in rows if st.session_state.get(k, proposal.mapping.get(h, Target(IGNORE)).id) == "indicator_id"),
        None)
    names: list[str] = []
    if kind == "indicators" and id_col is not None:
        names = _unknown_names(frame[id_col], definition)
        if names:  # proposals for the names that get a choice
            small = pd.DataFrame({id_col: names[:MAX_CHOICES]}).reindex(columns=columns)
            proposal = propose_mapping(small, definition, kind)
    value_options = [KEEP, *definition.indicator_ids]
    value_rows = [(v, map_key(prefix, "value", v), value_options) for v in names[:MAX_CHOICES]]
    uploads.slot(_slot(prefix), t("imp_mapping_load", lang), MAPPING_TYPES, lang)
    saved = _apply_saved(prefix, rows + value_rows, lang)
    st.caption(t("imp_mapping_help" if rows or value_rows else "imp_mapping_none", lang))
    flips = [h for h, target in proposal.mapping.items() if target.transform]
    if flips:
        say("warning", "imp_flip_proposed", lang, n=len(flips), headers=", ".join(f"”{h}”" for h in flips))
    mapping: dict[str, Target] = {}
    ignored: list[str] = []
    for header, key, options in rows:
        chosen = _choice(definition, header, key, options, proposal.mapping.get(header, Target(IGNORE)), lang,
                         flippable=kind == "indicators")
        if chosen is None:
            ignored.append(header)
        elif chosen.id != header or chosen.transform:
            mapping[header] = chosen
    if hidden_headers:
        from_file = _hidden(saved, hidden_headers, header_options)
        mapping.update({h: target for h, target in from_file.items() if target.id != IGNORE})
        ignored += [h for h in hidden_headers if h not in mapping]
        _more("imp_mapping_more_headers", len(hidden_headers), len(from_file), lang)
    if value_rows:
        st.markdown(f"**{t('imp_mapping_values', lang)}**")
        for value, key, options in value_rows:
            proposed = proposal.mapping.get(value, Target(KEEP))
            chosen = _choice(definition, value, key, options, proposed, lang, flippable=True)
            if chosen is not None:
                mapping[value] = chosen
    if len(names) > MAX_CHOICES:
        from_file = _hidden(saved, names[MAX_CHOICES:], value_options)
        mapping.update({v: target for v, target in from_file.items() if target.id != KEEP})
        _more("imp_mapping_more_values", len(names) - MAX_CHOICES, len(from_file), lang, column=str(id_col))
    if mapping:
        out = save_mapping(uploads.new_file("kolumnmappning.toml"), mapping)
        st.download_button(t("imp_mapping_download", lang), out.read_bytes(), file_name="kolumnmappning.toml",
                           mime="application/toml", key=f"{prefix}_mapping_download")
    return mapping, ignored


def _more(key: str, n: int, from_file: int, lang: Lang, **values: str) -> None:
    """The one line for the headers or names without a choice (and how many the saved mapping covers)."""
    text = t(key, lang, n=fmt_number(n, lang, 0), shown=MAX_CHOICES, column=md_escape(values.get("column", "")))
    if from_file:
        text += " " + t("imp_mapping_more_saved", lang, n=fmt_number(from_file, lang, 0))
    st.warning(text)


def mapping_section(path: Path, definition: Definition, kind: TableKind, sheet: str | None, header_row: int | None,
                    lang: Lang) -> tuple[dict[str, Target], list[str]] | None:
    """Step 3 of the import page: mapping widgets for the uploaded table."""
    st.subheader(t("imp_step_mapping", lang))
    try:
        frame = uploads.table(path, sheet=sheet, header_row=header_row)
    except Exception as exc:  # noqa: BLE001
        show_error(exc, lang, file=path)
        return None
    return mapping_widgets(frame, definition, kind, lang)


__all__ = ["KEEP", "MAPPING_TYPES", "MAX_CHOICES", "map_key", "mapping_section", "mapping_widgets"]
