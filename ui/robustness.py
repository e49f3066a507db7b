"""Widgets of the Robusthet page: Monte Carlo over the weights (``geo.engine.uncertainty``).

The controls keep their values across pages like the sidebar (canonical ``s_rb_…``
keys, widget ``w_rb_…`` keys). The run is cached with ``st.cache_data`` keyed by the
settings, the data and the controls, and seeded, so the same choices always give the
same result and a rerun costs nothing.
"""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from geo.view.palette import classify
from geo.definition import Definition
from geo.errors import DataError
from geo.i18n import fmt_number, t
from geo.engine.normalise import METHODS
from geo.engine.uncertainty import UncertaintyResult, uncertainty_for
from geo.view.ranking import map_styles, mark_unstable, ranking_view, uncertainty_view, unstable_areas
from ui import state
from ui.charts import interval_chart
from ui.common import PageContext
from ui.layout import legend_html, md_escape, show_error
from ui.mapview import choropleth

DEFAULTS = {"s_rb_draws": 1000, "s_rb_concentration": 50, "s_rb_methods": False, "s_rb_seed": 0}
CONCENTRATIONS = [2, 5, 10, 20, 50, 100, 200, 500, 1000]
MAX_DRAWS = 20_000


def controls(lang: str, *, results_mode: bool) -> tuple[int, float, bool, int]:
    for key, value in DEFAULTS.items():
        st.session_state.setdefault(key, value)
    c1, c2, c3, c4 = st.columns([1, 1.8, 1.6, 1])
    c1.number_input(t("rb_draws", lang), min_value=100, max_value=MAX_DRAWS, step=100,
                    key=state.seed_widget("s_rb_draws"), on_change=state.sync, args=("s_rb_draws",))
    if st.session_state["s_rb_concentration"] not in CONCENTRATIONS:
        state.set_canonical("s_rb_concentration", 50)
    c2.select_slider(t("rb_concentration", lang), CONCENTRATIONS, key=state.seed_widget("s_rb_concentration"),
                     on_change=state.sync, args=("s_rb_concentration",))
    c3.toggle(t("rb_methods", lang), key=state.seed_widget("s_rb_methods"), on_change=state.sync,
              args=("s_rb_methods",), help=t("rb_methods_help", lang), disabled=results_mode)
    c4.number_input(t("rb_seed", lang), min_value=0, max_value=2**31 - 1, step=1,
                    key=state.seed_widget("s_rb_seed"), on_change=state.sync, args=("s_rb_seed",))
    st.caption(t("rb_concentration_help", lang))
    ss = st.session_state
    return (int(ss["s_rb_draws"]), float(ss["s_rb_concentration"]), bool(ss["s_rb_methods"]) and not results_mode,
            int(ss["s_rb_seed"]))


def _data_key(dims: pd.DataFrame, values: pd.DataFrame | None) -> str:
    h = hashlib.sha1(pd.util.hash_pandas_object(dims, index=True).to_numpy().tobytes())
    h.update(",".join(map(str, dims.columns)).encode())
    if values is not None:
        h.update(pd.util.hash_pandas_object(values, index=True).to_numpy().tobytes())
    return h.hexdigest()


@st.cache_data(show_spinner=False, max_entries=64)
def _run(key: tuple, _scored, _values: pd.DataFrame | None, _definition: Definition | None, draws: int,
         concentration: float, top_k: int, seed: int, other_methods: tuple[str, ...]) -> UncertaintyResult:
    """Keyed by ``key`` (settings + data hash) and the controls; the underscored inputs are not hashed."""
    return uncertainty_for(_scored, draws=draws, concentration=concentration, top_k=top_k, seed=seed,
                           other_methods=other_methods, values=_values, definition=_definition)


def run_uncertainty(ctx: PageContext, draws: int, concentration: float, methods: bool, seed: int
                    ) -> UncertaintyResult:
    values = None if ctx.results_mode or not methods else ctx.values()
    others = tuple(m for m in METHODS if m != ctx.settings.method) if methods else ()
    key = (ctx.settings, ctx.definition.id, ctx.definition.version, ctx.current.year,
           _data_key(ctx.current.result.dimensions, values))
    return _run(key, ctx.current, values, ctx.definition if methods else None, draws, concentration,
                ctx.settings.top_k, seed, others)


def robust_section(ctx: PageContext, view: pd.DataFrame, unstable: list[str]) -> None:
    lang, k = ctx.lang, ctx.settings.top_k
    robust = view[view["status"] == "robust"]
    st.subheader(t("rb_robust_heading", lang, k=k))
    if len(robust):
        st.markdown("\n".join(f"- **:blue[{md_escape(n)}]**" for n in robust["area_name"]))
    else:
        st.info(t("rb_robust_none", lang, k=k))
    if unstable:
        names = [ctx.bundle.names.get(a, a) for a in view["area_id"] if a in set(unstable)]
        st.markdown(f"**{md_escape(t('rb_unstable', lang, k=k))}:** :orange[{md_escape(', '.join(names))}]")


def table(view: pd.DataFrame, lang: str, k: int) -> pd.DataFrame:
    def rank(v) -> str:
        return "–" if pd.isna(v) else str(int(v))
    return pd.DataFrame({
        t("area", lang): view["area_name"],
        t("rank", lang): [rank(v) for v in view["rank"]],
        t("rb_median", lang): [rank(v) for v in view["median_rank"]],
        t("rb_interval", lang): [f"{rank(a)}–{rank(b)}" for a, b in zip(view["p05"], view["p95"])],
        t("rb_p_top", lang, k=k): [fmt_number(None if pd.isna(p) else 100 * p, lang, 1) + " %"
                                   for p in view["p_top_k"]],
        t("rb_best", lang): [rank(v) for v in view["best_rank"]],
        t("rb_worst", lang): [rank(v) for v in view["worst_rank"]],
        t("rb_status", lang): [t(f"rb_status_{s}", lang) if s else "" for s in view["status"]],
    })


def robustness_page(ctx: PageContext) -> None:
    lang, k = ctx.lang, ctx.settings.top_k
    st.markdown(t("rb_intro", lang, k=k))
    if ctx.results_mode:
        st.caption(t("rb_results_mode", lang))
    draws, concentration, methods, seed = controls(lang, results_mode=ctx.results_mode)
    try:
        result = run_uncertainty(ctx, draws, concentration, methods, seed)
    except DataError as exc:
        show_error(exc, lang)
        return
    view = uncertainty_view(result.frame, ctx.bundle.names, k)
    unstable = unstable_areas(result.frame, k)
    # One container whatever its content: the elements below keep their place in the page,
    # so the map is not re-mounted when the number of messages changes.
    with st.container():
        robust_section(ctx, view, unstable)
    st.caption(t("rb_caption", lang, draws=draws, concentration=f"{concentration:g}", seed=seed,
                 methods=t("rb_caption_methods", lang) if methods else ""))

    left, right = st.columns([3, 2], gap="large")
    with left:
        st.subheader(t("rb_interval_heading", lang))
        st.caption(t("rb_interval_caption", lang, k=k))
        st.vega_lite_chart(spec=interval_chart(view, lang, top_k=k), width="stretch")
    with right:
        st.subheader(t("map_heading", lang))
        classes = classify(ctx.current.result.index, scheme=ctx.settings.scheme)
        rview = ranking_view(ctx.current, ctx.baseline, top_k=k)
        styles = map_styles(rview, ctx.current.result, classes, ctx.definition, lang=lang)
        choropleth(ctx.bundle, mark_unstable(styles, unstable), key="karta_robust", height=460,
                   basemap=ctx.settings.basemap)
        st.markdown(legend_html(classes, lang, ctx.bundle.names), unsafe_allow_html=True)
        st.markdown(f"▭ {md_escape(t('rb_map_legend', lang, k=k))}")
    st.dataframe(table(view, lang, k), hide_index=True, width="stretch")
