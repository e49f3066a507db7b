"""Table alternatives to the maps: the same areas, classes and values as text a screen reader can read."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo.i18n import fmt_number, t
from geo.view.palette import Classes
from ui.layout import md_escape


def alternative_table(view: pd.DataFrame, classes: Classes | None, lang: str) -> None:
    """Rank, area, index, map class and notes of every area, as a static HTML table (``view``:
    :func:`geo.view.ranking.ranking_view`; an unranked area's rank reads "– (ej rankad)" and its
    note says why; a flagged area's name ends in "*", explained under the table).

    ``st.table`` (not the canvas grid): screen readers and the browser tests read it; it renders
    Markdown in cells, so every text cell goes through ``md_escape``.
    """

    def class_text(area_id: str) -> str:
        k = int(classes.class_of.get(area_id, -1)) if classes is not None else -1
        if classes is None or k < 0:
            return t("no_value", lang)
        return f"{k + 1}: {fmt_number(classes.lower[k], lang)} – {fmt_number(classes.upper[k], lang)}"

    table = view.assign(
        area_name=[md_escape(n) for n in view["name_marked"]],  # "*" after a flagged name
        note=[md_escape(f) if f else "" for f in view["note"]],  # why there is no rank, the data's notes
        klass=[md_escape(class_text(a)) for a in view["area_id"]],
        index_text=[fmt_number(v, lang) for v in view["index"]],
        rank_text=[md_escape(r) for r in view["rank_text"]],  # "– (ej rankad)", never None
    )[["rank_text", "area_name", "index_text", "klass", "note"]]
    table.columns = [t("rank", lang), t("area", lang), t("index", lang), t("class_col", lang), t("flags", lang)]
    st.table(table.set_index(t("rank", lang)))
    if view["flagged"].any():
        st.caption(md_escape(t("flag_mark_note", lang)))  # "*" at the start is not a list item


__all__ = ["alternative_table"]
