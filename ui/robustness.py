"""Widgets of the Robusthet page: Monte Carlo over the weights (:mod:`geo.engine.uncertainty`).

The page's own controls keep their values across page switches (``persist_state``).
The run is cached by the data version, the settings and the controls, and seeded, so the
same choices always give the same result and a rerun costs nothing.

**Bounded** (issue 17): one run ranks at most :data:`MAX_CELLS` draws × areas (20,000 draws on
6,000 areas; more areas get fewer draws and the page says so); the engine keeps statistics, not
every draw's ranks (:mod:`geo.engine.uncertainty`), and the cache keeps at most
:data:`CACHED_RUNS` results (each a table per area and the drawn weights, no draws × areas array).
"""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from geo.engine.uncertainty import DATA_REPLICATES, UncertaintyResult, uncertainty_for
from geo.errors import DataError
from geo.i18n import fmt_number, t
from geo.settings import METHODS, ViewSettings
from geo.view.mapstyles import index_layer
from geo.view.ranking import rank_text
from geo.view.robustness import uncertainty_view, unstable_areas
from ui import data as appdata
from ui.charts import interval_chart
from ui.context import PageContext
from ui.errors import show_error
from ui.layout import md_escape
from ui.map import area_map

DEFAULTS = {"rb_draws": 1000, "rb_concentration": 50, "rb_methods": False, "rb_seed": 0, "rb_sources": "weights"}
SOURCES = ("weights", "data", "both")
CONCENTRATIONS = [2, 5, 10, 20, 50, 100, 200, 500, 1000]
MAX_DRAWS = 20_000
#: Draws × areas one run may rank: the most draws on 6,000 areas (a run then takes seconds and
#: holds ≈ 0.1 GB: a histogram of ranks per area); more areas get proportionally fewer draws.
MAX_CELLS = MAX_DRAWS * 6_000
#: Results kept in the (server-wide) cache: every seed or setting tried adds one.
CACHED_RUNS = 16


def capped_draws(draws: int, n_areas: int) -> int:
    """``draws``, or as many hundreds of draws as :data:`MAX_CELLS` allows on ``n_areas`` (at least 100).

    >>> capped_draws(20_000, 6_000), capped_draws(20_000, 7_000), capped_draws(20_000, 2_000_000)
    (20000, 17100, 100)
    """
    if draws * max(n_areas, 1) <= MAX_CELLS:
        return draws
    return min(draws, max(100, MAX_CELLS // n_areas // 100 * 100))


def sources(lang: str, *, counts: bool) -> str:
    """Where the uncertainty comes from: the weights, the data (where counts exist) or both."""
    if not counts:
        st.session_state["rb_sources"] = "weights"
    chosen = st.radio(t("rb_sources", lang), SOURCES, key="rb_sources", horizontal=True, disabled=not counts,
                      format_func=lambda s: t(f"rb_source_{s}", lang), persist_state="session",
                      help=t("rb_sources_help", lang, n=DATA_REPLICATES))
    if not counts:
        st.caption(t("rb_sources_no_counts", lang))
    return str(chosen) if chosen in SOURCES else "weights"


def controls(lang: str, *, results_mode: bool) -> tuple[int, float, bool, int]:
    for key, value in DEFAULTS.items():
        st.session_state.setdefault(key, value)
    if st.session_state["rb_concentration"] not in CONCENTRATIONS:
        st.session_state["rb_concentration"] = DEFAULTS["rb_concentration"]
    c1, c2, c3, c4 = st.columns([1, 1.8, 1.6, 1])
    draws = c1.number_input(t("rb_draws", lang), min_value=100, max_value=MAX_DRAWS, step=100, key="rb_draws",
                            persist_state="session")
    concentration = c2.select_slider(t("rb_concentration", lang), CONCENTRATIONS, key="rb_concentration",
                                     persist_state="session")
    methods = c3.toggle(t("rb_methods", lang), key="rb_methods", help=t("rb_methods_help", lang),
                        disabled=results_mode, persist_state="session")
    seed = c4.number_input(t("rb_seed", lang), min_value=0, max_value=2**31 - 1, step=1, key="rb_seed",
                           persist_state="session")
    st.caption(t("rb_concentration_help", lang))
    return int(draws), float(concentration), bool(methods) and not results_mode, int(seed)


def _counts(ctx: PageContext) -> tuple[pd.DataFrame, pd.DataFrame] | None:
    if ctx.results_mode:
        return None
    return appdata.counts(ctx.data, ctx.definition, ctx.current.settings.year)  # cached: this runs on every rerun


@st.cache_data(show_spinner=False, max_entries=CACHED_RUNS, ttl=3600)
def _run(key: str, settings: ViewSettings, draws: int, concentration: float, seed: int, methods: bool,
         source: str, _ctx: PageContext) -> UncertaintyResult:
    """Keyed by the data version, the scored settings and the controls (``_ctx`` is not hashed)."""
    others = tuple(m for m in METHODS if m != settings.method) if methods else ()
    data = source in ("data", "both")
    raw = methods or data
    ref = settings.reference_year
    reference = _ctx.reference_values() if raw and ref is not None and ref != _ctx.current.year else None
    return uncertainty_for(_ctx.current, draws=draws, concentration=concentration if source != "data" else math.inf,
                           seed=seed, other_methods=others, values=_ctx.values() if raw else None,
                           definition=_ctx.definition if raw else None, reference=reference,
                           data_counts=_counts(_ctx) if data else None)


def robust_section(ctx: PageContext, view: pd.DataFrame, unstable: list[str]) -> None:
    lang, k = ctx.lang, ctx.current.settings.top_k
    robust = view[view["status"] == "robust"]
    st.subheader(t("rb_robust_heading", lang, k=k))
    if len(robust):
        st.markdown("\n".join(f"- **:blue[{md_escape(n)}]**" for n in robust["area_name"]))
    else:
        st.info(t("rb_robust_none", lang, k=k))
    if unstable:
        names = [ctx.data.names.get(a, a) for a in view["area_id"] if a in set(unstable)]
        st.markdown(f"**{md_escape(t('rb_unstable', lang, k=k))}:** :orange[{md_escape(', '.join(names))}]")


def table(view: pd.DataFrame, lang: str, k: int) -> pd.DataFrame:
    def rank(v) -> str:
        return "–" if pd.isna(v) else str(int(v))
    return pd.DataFrame({
        t("area", lang): view["area_name"],
        t("rank", lang): [rank_text(v, lang) for v in view["rank"]],  # "– (ej rankad)" without a rank
        t("rb_median", lang): [rank(v) for v in view["median_rank"]],
        t("rb_interval", lang): [f"{rank(a)}–{rank(b)}" for a, b in zip(view["p05"], view["p95"])],
        t("rb_p_top", lang, k=k): [fmt_number(None if pd.isna(p) else 100 * p, lang, 1) + " %"
                                   for p in view["p_top_k"]],
        t("rb_best", lang): [rank(v) for v in view["best_rank"]],
        t("rb_worst", lang): [rank(v) for v in view["worst_rank"]],
        t("rb_status", lang): [t(f"rb_status_{s}", lang) if s else "" for s in view["status"]],
    })


def robustness_page(ctx: PageContext) -> None:
    lang, k = ctx.lang, ctx.current.settings.top_k
    st.markdown(t("rb_intro", lang, k=k))
    if ctx.results_mode:
        st.caption(t("rb_results_mode", lang))
    draws, concentration, methods, seed = controls(lang, results_mode=ctx.results_mode)
    source = sources(lang, counts=_counts(ctx) is not None)
    n_areas = len(ctx.current.result.dimensions)
    used = capped_draws(draws, n_areas)
    if used < draws:
        st.info(t("rb_draws_capped", lang, draws=fmt_number(draws, lang, 0), areas=fmt_number(n_areas, lang, 0),
                  used=fmt_number(used, lang, 0), budget=fmt_number(MAX_CELLS, lang, 0)))
        draws = used
    try:
        with st.spinner():
            result = _run(ctx.data.key, ctx.current.settings, draws, concentration, seed, methods, source, ctx)
    except DataError as exc:
        show_error(exc, lang)
        return
    view = uncertainty_view(result.frame, ctx.data.names, k)
    unstable = unstable_areas(result.frame, k)
    # One container whatever its content: the elements below keep their place in the page,
    # so the map is not re-mounted when the number of messages changes.
    with st.container():
        robust_section(ctx, view, unstable)
    st.caption(t("rb_caption", lang, draws=draws, concentration=f"{concentration:g}", seed=seed,
                 methods=t("rb_caption_methods", lang) if methods else "") + " "
               + t("rb_caption_sources", lang, sources=t(f"rb_source_{source}", lang)))

    left, right = st.columns([3, 2], gap="large")
    with left:
        st.subheader(t("rb_interval_heading", lang))
        st.caption(t("rb_interval_caption", lang, k=k))
        st.vega_lite_chart(spec=interval_chart(view, lang, top_k=k), width="stretch")
    with right:
        st.subheader(t("map_heading", lang))
        layer = index_layer(ctx.current, ctx.view, ctx.definition, unstable=unstable)
        area_map(ctx.data, key="karta_robust", lang=lang, layer=layer, height=460, labels=ctx.settings.labels,
                 basemap=ctx.settings.basemap, top_k=k)
    st.dataframe(table(view, lang, k), hide_index=True, width="stretch")


__all__ = ["CACHED_RUNS", "MAX_CELLS", "capped_draws", "robustness_page"]
