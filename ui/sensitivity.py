"""The sensitivity page's interactive parts: the selected area's rank interval and the "equal influence"
weighting, offered as a scenario to save and compare (the numbers: :mod:`geo.engine.tipping`,
:mod:`geo.engine.sensitivity`)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import numpy as np
import pandas as pd
import streamlit as st

from geo.definition import Definition
from geo.engine.index import RANK_DECIMALS, weighted_index
from geo.engine.sensitivity import equal_influence_weights
from geo.engine.tipping import rank_interval
from geo.engine.weightspace import ternary, weight_slice
from geo.errors import DataError
from geo.i18n import fmt_number, t
from geo.scenario import Scenario
from geo.settings import WEIGHT_MAX
from geo.view.frames import records
from geo.view.sensitivity import slider_note
from ui import data as appdata
from ui.charts import weight_space_chart
from ui.context import PageContext
from ui.errors import show_error
from ui.layout import md_escape
from ui.scenarios import open_store

#: The equal-influence weights found for which settings (a slider move makes them stale).
_EQUAL = "se_equal"
#: The tolerance on the influence shares (absolute, shares sum to 1): 0,01 percentage points.
TOLERANCE = 1e-4


def slider_notes(ctx: PageContext, slots: Mapping[str, Any]) -> None:
    """Under each weight slider, how far it can move before the top k changes (on release: while a
    slider is dragged the browser map re-ranks, the note follows when the server catches up). Quiet
    for geometric aggregation (the Känslighet page says why) and for a finished index."""
    if not slots or not ctx.reweighable:
        return
    try:
        table = appdata.tipping(ctx.data, ctx.definition, ctx.current)
    except DataError:
        return
    k = ctx.current.settings.top_k
    empty = set(ctx.current.result.dimensions.columns[ctx.current.result.dimensions.isna().all()])
    for row in records(table):
        slot = slots.get(str(row["dimension"]))
        if slot is not None and str(row["dimension"]) not in empty:
            slot.caption(slider_note(row, ctx.lang, k))
    for dim_id in empty:  # a dimension no area has data for: "saknar data", never a weight that looks used
        if dim_id in slots:
            slots[dim_id].caption(t("slider_no_data", ctx.lang))


def weight_space_section(ctx: PageContext) -> None:
    """The weight space coloured by the top-k set: a triangle for three weighted dimensions, else a 2-D
    slice through two dimensions the user picks (the others at their current weights)."""
    lang, result, k = ctx.lang, ctx.current.result, ctx.current.settings.top_k
    dims = result.dimensions.dropna(axis=1, how="all")
    weighted = [d for d in dims.columns if result.weights.get(d, 0.0) > 0]
    labels = {d: ctx.definition.dimension(d).display_label(lang) for d in dims.columns}
    st.subheader(t("ws_heading", lang, k=k))
    ranks = result.rank.dropna()
    now = ";".join(str(a) for a in ranks[ranks <= k].index)
    try:
        if len(weighted) == 3:
            frame = ternary(dims[weighted], k)
            w = np.array([result.weights[d] for d in weighted])
            share = w / w.sum()
            current = (float(share[1] + share[2] / 2), float(share[2] * np.sqrt(3) / 2))
            spec = weight_space_chart(frame, ctx.data.names, lang, x_title="", y_title="", current=current, now=now,
                                      ternary=True, labels=(labels[weighted[0]], labels[weighted[1]],
                                                            labels[weighted[2]]))
            st.caption(t("ws_caption_ternary", lang, k=k))
        else:
            options = list(dims.columns)
            c1, c2 = st.columns(2)
            x_dim = select_dim(c1, t("ws_x", lang), "ws_x", options, labels, 0)
            y_dim = select_dim(c2, t("ws_y", lang), "ws_y", options, labels, 1)
            frame = weight_slice(dims, result.weights, k, x_dim, y_dim, upper=WEIGHT_MAX)
            spec = weight_space_chart(frame, ctx.data.names, lang, x_title=labels[x_dim], y_title=labels[y_dim], now=now,
                                      current=(float(result.weights.get(x_dim, 0.0)),
                                               float(result.weights.get(y_dim, 0.0))))
            st.caption(t("ws_caption_slice", lang, k=k))
    except DataError as exc:
        show_error(exc, lang)
        return
    st.vega_lite_chart(spec=spec, width="stretch")


def select_dim(col: Any, label: str, key: str, options: list[str], labels: Mapping[str, str], default: int) -> str:
    """A dimension for one axis of the slice (kept across reruns; a stale choice falls back)."""
    if st.session_state.get(key) not in options:
        st.session_state[key] = options[min(default, len(options) - 1)]
    return str(col.selectbox(label, options, key=key, format_func=lambda d: labels.get(d, d)))


def tips_for_sliders(ctx: PageContext) -> list[str]:
    """The slider notes in the definition's dimension order, for the meeting panel's sliders ("" where none)."""
    try:
        table = appdata.tipping(ctx.data, ctx.definition, ctx.current)
    except DataError:
        return ["" for _ in ctx.definition.dimensions]
    k = ctx.current.settings.top_k
    notes = {str(r["dimension"]): slider_note(r, ctx.lang, k) for r in records(table)}
    return [notes.get(d.id, "") for d in ctx.definition.dimensions]


def rank_lines(dims: pd.DataFrame, weights: Mapping[str, float], area: str, definition: Definition,
               names: Mapping[str, str], lang: str) -> None:
    """"Område X: rang 4" and per dimension the weights between which that rank stays."""
    lines, rank = [], None
    for dim in definition.dimensions:
        if dim.id not in dims.columns or dims[dim.id].isna().all():
            continue
        try:
            lo, hi, rank = rank_interval(dims, weights, area, dim.id)
        except DataError as exc:  # the area has no index: say why, once
            show_error(exc, lang)
            return
        lines.append(t("se_rank_line", lang, dim=dim.display_label(lang), lo=fmt_number(lo, lang),
                       hi="∞" if np.isinf(hi) else fmt_number(hi, lang), w=fmt_number(weights.get(dim.id, 0), lang)))
    if rank is not None:
        st.markdown(f"**{md_escape(t('se_rank_heading', lang, area=names.get(area, area), rank=rank))}**")
        st.markdown("\n".join(f"- {md_escape(line)}" for line in lines))


def _top(dims: pd.DataFrame, weights: Mapping[str, float], k: int) -> list[str]:
    w = np.array([weights.get(c, 0.0) for c in dims.columns], dtype=float)
    index = pd.Series(weighted_index(dims.to_numpy(dtype=float), w, "arithmetic"), index=dims.index.astype(str))
    ranks = index.round(RANK_DECIMALS).rank(method="min")
    return [str(a) for a in ranks[ranks <= k].sort_values(kind="stable").index]


def equal_influence_section(ctx: PageContext) -> None:
    """A button that finds the weights giving every dimension the same influence, and saves them as a
    scenario (scaled into the sliders' range if needed: scaling changes neither ranks nor shares)."""
    lang, result = ctx.lang, ctx.current.result
    key = ctx.current.settings
    st.caption(t("se_equal_caption", lang))
    if st.button(t("se_equal_button", lang), key="se_equal_button"):
        try:
            found = equal_influence_weights(result.dimensions, result.weights, tol=TOLERANCE)
        except DataError as exc:
            show_error(exc, lang)
            return
        largest = max(found.values())
        if largest > WEIGHT_MAX:
            found = {d: w * WEIGHT_MAX / largest for d, w in found.items()}
        st.session_state[_EQUAL] = (key, {d: round(w, 4) for d, w in found.items()})
    held = st.session_state.get(_EQUAL)
    if not held or held[0] != key:
        return
    weights: dict[str, float] = held[1]
    k, names = key.top_k, ctx.data.names
    text = ", ".join(f"{ctx.definition.dimension(d).display_label(lang)} {fmt_number(w, lang)}"
                     for d, w in weights.items() if d in ctx.definition.dimension_ids)
    top = ", ".join(str(names.get(a, a)) for a in _top(result.dimensions, weights, k))
    st.info(md_escape(t("se_equal_result", lang, weights=text, k=k, top=top)))
    if st.button(t("se_equal_save", lang), key="se_equal_save"):
        store = open_store(lang)
        if store is None:
            return
        name = f"{t('se_equal_name', lang)} {datetime.now():%Y-%m-%d %H.%M.%S}"
        settings = key.with_(weights={**dict(key.weights), **weights}, year=ctx.current.settings.year)
        try:
            saved = store.save(Scenario(settings=settings, name=name,
                                        note=t("se_equal_note", lang, tol=f"{TOLERANCE:g}")))
        except DataError as exc:
            show_error(exc, lang)
            return
        st.success(t("se_equal_saved", lang, name=md_escape(saved.name)))
