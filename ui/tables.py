"""Table alternatives to the maps: the same areas, classes and values as text a screen reader can read."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo.i18n import fmt_number, t
from geo.view.palette import Classes
from ui.layout import md_escape


def alternative_table(view: pd.DataFrame, classes: Classes | None, lang: str) -> None:
    """Rank, area, index, map class and notes of every area, as a static HTML table.

    ``st.table`` (not the canvas grid): screen readers and the browser tests read it; it renders
    Markdown in cells, so every text cell goes through ``md_escape``.
    """

    def class_text(area_id: str) -> str:
        k = int(classes.class_of.get(area_id, -1)) if classes is not None else -1
        if classes is None or k < 0:
            return t("no_value", lang)
        return f"{k + 1}: {fmt_number(classes.lower[k], lang)} – {fmt_number(classes.upper[k], lang)}"

    table = view.assign(
        area_name=[md_escape(n) for n in view["area_name"]],
        flags=[md_escape(f) if f else "" for f in view["flags"]],
        klass=[md_escape(class_text(a)) for a in view["area_id"]],
        index_text=[fmt_number(v, lang) for v in view["index"]],
        rank_text=["–" if pd.isna(v) else str(int(v)) for v in view["rank"]],
    )[["rank_text", "area_name", "index_text", "klass", "flags"]]
    table.columns = [t("rank", lang), t("area", lang), t("index", lang), t("class_col", lang), t("flags", lang)]
    st.table(table.set_index(t("rank", lang)))


__all__ = ["alternative_table"]
