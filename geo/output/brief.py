"""The map as a PNG and the one-page PDF brief, drawn with matplotlib (Agg, no browser).

The map is drawn in the layer's metric CRS with the colours and the legend model of the
screen (:mod:`geo.view.palette`, :mod:`geo.view.legend`); the PDF embeds DejaVu Sans as
TrueType so å/ä/ö render and the text can be extracted and searched. matplotlib's
mathtext is switched off, so ``$`` in a name is just a dollar sign.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from geo.engine.sensitivity import acceptability, influence
from geo.engine.tipping import top_k_intervals
from geo.i18n import fmt_number, t
from geo.output.export import DEMO_LABEL, TITLE, ExportContext, joined_layer, quality_rows
from geo.output.sensitivity_export import EXPORT_BOUNDS, EXPORT_DRAWS, EXPORT_SEED
from geo.settings import format_weight
from geo.view.frames import records
from geo.view.labels import Candidate, Placed, by_rank, label_texts, metric_anchors, place
from geo.view.palette import (
    AREA_BORDER,
    DEMO_RED,
    HEADER_FILL,
    MISSING_COLOR,
    MISSING_OUTLINE,
    RULE,
    TEXT,
    TEXT_FAINT,
    TEXT_MUTED,
)
from geo.view.ranking import top_k_changes
from geo.view.sensitivity import compact_acceptability, compact_influence, compact_tipping

#: A4 portrait in inches.
A4 = (8.27, 11.69)


def _rc() -> Any:  # matplotlib types the keys as a Literal of every rc name
    return {"text.parse_math": False, "pdf.fonttype": 42, "ps.fonttype": 42, "svg.fonttype": "none",
            "font.family": "DejaVu Sans", "axes.unicode_minus": True}


def _legend_handles(ctx: ExportContext, *, label_top_k: bool) -> list:
    """matplotlib handles for the legend model (:mod:`geo.view.legend`), as on screen."""
    from matplotlib.patches import Patch

    handles = []
    legend = ctx.layer.legend if ctx.layer is not None else None
    if legend is not None:
        fills = [sw for sw in legend.swatches if sw.kind == "fill"]
        for sw in legend.swatches:
            label = legend.missing_text(ctx.lang) if sw.kind == "missing" else sw.label
            if fills and sw is fills[0] and legend.low_label:
                label += f"  ({legend.low_label.lower()})"
            elif fills and sw is fills[-1] and legend.high_label:
                label += f"  ({legend.high_label.lower()})"
            text = "\n".join(textwrap.wrap(label, 42))
            if sw.kind == "missing":
                handles.append(Patch(facecolor=sw.colors[0], edgecolor=sw.outline, hatch="///", linestyle="--",
                                     label=text))
            elif sw.kind == "outline":
                handles.append(Patch(facecolor=AREA_BORDER, edgecolor=sw.outline, linewidth=2, label=text,
                                     linestyle="--" if sw.dashed else "-"))
            else:
                handles.append(Patch(facecolor=sw.colors[0], edgecolor=AREA_BORDER, label=text))
    if label_top_k:
        handles.append(Patch(facecolor=AREA_BORDER, edgecolor=TEXT, label=t("map_rank_label", ctx.lang)))
    return handles


def draw_labels(ax, layer, *, fontsize: float, top_k: int = 0) -> list[Placed]:
    """Rank and short name inside each area, as on screen (:mod:`geo.view.labels`): measured by
    matplotlib, placed so that no two labels overlap, shortened or left out where there is no room
    (the top ``top_k`` keep their rank badge however small their area)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = ax.figure
    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    ax.apply_aspect()
    renderer = canvas.get_renderer()
    anchors, _ = metric_anchors(layer)
    probe = ax.text(0, 0, "", fontsize=fontsize, fontweight="bold",
                    bbox={"boxstyle": "round,pad=0.2", "fc": AREA_BORDER, "ec": TEXT, "lw": 0.6})
    sizes: dict[str, tuple[float, float]] = {}

    def measure(text: str) -> tuple[float, float]:
        if text not in sizes:
            probe.set_text(text)
            box = probe.get_window_extent(renderer)
            sizes[text] = (float(box.width), float(box.height))
        return sizes[text]

    to_px = ax.transData.transform
    candidates = []
    ranks = {str(a): r for a, r in zip(layer["area_id"], layer["rank"], strict=True)}
    names = {str(a): str(n) for a, n in zip(layer["area_id"], layer["area_name"], strict=True)}
    order = by_rank([None if pd.isna(ranks[a]) else float(ranks[a]) for a in anchors])
    ids = list(anchors)
    for i in order:
        aid = ids[i]
        rank = ranks.get(aid)
        if rank is None or pd.isna(rank):
            continue
        a = anchors[aid]
        x, y = to_px((a.lon, a.lat))
        px_per_m = abs(to_px((a.lon + 1000.0, a.lat))[0] - x) / 1000.0
        candidates.append(Candidate(aid, label_texts(int(rank), names[aid]), float(x), float(y),
                                    a.half_width * px_per_m, a.half_height * px_per_m,
                                    must=int(rank) <= top_k))
    x0, y0, x1, y1 = ax.get_window_extent(renderer).extents
    placed = place(candidates, measure, bounds=(x0, y0, x1, y1))
    probe.remove()
    inverse = ax.transData.inverted()
    for label in placed:
        cx, cy = (label.box[0] + label.box[2]) / 2, (label.box[1] + label.box[3]) / 2
        ax.text(*inverse.transform((cx, cy)), label.text, ha="center", va="center", fontsize=fontsize,
                fontweight="bold", color=TEXT, bbox={"boxstyle": "round,pad=0.2", "fc": AREA_BORDER, "ec": TEXT,
                                                     "lw": 0.6})
    return placed


def draw_map(ax, ctx: ExportContext, *, label_top_k: bool = True, legend: bool = True,
             legend_loc: str = "upper left", legend_anchor: tuple[float, float] = (1.01, 1.0),
             fontsize: float = 8.0) -> None:
    """Draw the choropleth on a matplotlib axes (metric CRS, equal aspect, no axis), with the rank
    labels when the view has them on (``settings.labels``)."""
    label_top_k = label_top_k and ctx.settings.labels
    layer = joined_layer(ctx)
    if layer.crs is None or not layer.crs.is_projected:
        layer = layer.to_crs(3006)
    classes = ctx.classes
    colours = [classes.color_of(a) if classes is not None else MISSING_COLOR for a in layer["area_id"]]
    has_value = layer["index"].notna().to_numpy() & np.array([c != MISSING_COLOR for c in colours])
    if has_value.any():
        layer[has_value].plot(ax=ax, color=[c for c, h in zip(colours, has_value, strict=True) if h],
                              edgecolor=AREA_BORDER, linewidth=0.8)
    if (~has_value).any():
        layer[~has_value].plot(ax=ax, color=MISSING_COLOR, edgecolor=MISSING_OUTLINE, linewidth=0.8,
                               linestyle="--", hatch="///")
    ax.set_aspect("equal")
    ax.set_axis_off()
    if label_top_k:
        draw_labels(ax, layer, fontsize=fontsize, top_k=ctx.settings.top_k)
    if legend:
        handles = _legend_handles(ctx, label_top_k=label_top_k)
        if handles:
            title = ctx.layer.legend.title if ctx.layer is not None else t("index", ctx.lang)
            ax.legend(handles=handles, loc=legend_loc, bbox_to_anchor=legend_anchor, fontsize=fontsize,
                      title=f"{title} – {ctx.method_label}", title_fontsize=fontsize,
                      frameon=False, borderaxespad=0.0)


def _demo_box(fig, y: float, fontsize: float) -> None:
    fig.text(0.5, y, DEMO_LABEL, ha="center", va="center", fontsize=fontsize, fontweight="bold", color=AREA_BORDER,
             bbox={"boxstyle": "round,pad=0.4", "fc": DEMO_RED, "ec": DEMO_RED})


def export_map_png(ctx: ExportContext, *, width_px: int = 1200, height_px: int = 900, dpi: int = 150) -> bytes:
    """A static PNG of the map (exactly ``width_px`` × ``height_px``): title, legend, demo label."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    with matplotlib.rc_context(_rc()):
        fig = Figure(figsize=(width_px / dpi, height_px / dpi), dpi=dpi)
        FigureCanvasAgg(fig)
        top = 0.86 if ctx.synthetic else 0.90
        fig.text(0.02, 0.965, f"{ctx.title} – {t('map_heading', ctx.lang).lower()} {ctx.year_text}", fontsize=13,
                 fontweight="bold", va="top")
        fig.text(0.02, 0.925, f"{ctx.scenario_name} · {ctx.method_label} · {ctx.local_time}", fontsize=8.5,
                 va="top", color=TEXT_MUTED)
        if ctx.synthetic:
            _demo_box(fig, 0.875, 9)
        ax = fig.add_axes((0.02, 0.04, 0.56, top - 0.06))
        draw_map(ax, ctx, fontsize=7.5)
        note = "Rang 1 = lägst index = störst utmaningar." if ctx.lang == "sv" else \
            "Rank 1 = lowest index = greatest challenges."
        if ctx.source:
            note += f" Källa: {ctx.source}." if ctx.lang == "sv" else f" Source: {ctx.source}."
        years = dict(ctx.indicator_years)
        proxies = sum(1 for i in ctx.definition.indicators if i.is_proxy and i.id in years)
        if proxies:
            note += " " + t("png_proxies", ctx.lang, n=proxies)
        fig.text(0.02, 0.015, note, fontsize=7, color=TEXT_MUTED)
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=dpi, facecolor=AREA_BORDER)
    return buf.getvalue()


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.fill(p, width) if p else "" for p in text.split("\n"))


def _top_rows(ctx: ExportContext, limit: int = 15) -> tuple[list[list[str]], int]:
    view = ctx.view[ctx.view["rank"].notna() & (ctx.view["rank"] <= ctx.settings.top_k)]
    rows = []
    for r in records(view.head(limit)):
        base = "–" if pd.isna(r["baseline_rank"]) else str(int(r["baseline_rank"]))
        rows.append([str(int(r["rank"])), str(r.get("name_marked", r["area_name"])), fmt_number(r["index"], ctx.lang),
                     r["change_label"] or "–", base])
    return rows, max(0, len(view) - limit)


def notes_lines(ctx: ExportContext, limit: int = 6) -> list[str]:
    """The brief's lines on the areas without a rank (and why) and with notes on their data (``*`` in
    the table), at most ``limit`` of each, with how many more the Excel export lists."""
    sv = ctx.lang == "sv"
    view = ctx.view
    if "reason" not in view.columns or "flag_text" not in view.columns:  # a view from elsewhere: count only
        n_flags = sum(1 for r in quality_rows(ctx) if r[0])
        return [(f"Anmärkningar om data för {n_flags} områden (se Excel-exporten)." if sv
                 else f"Data notes for {n_flags} areas (see the Excel export).")] if n_flags else []

    def listed(head: str, items: list[str]) -> str:
        rest = len(items) - limit
        tail = (f" … och {rest} till (se Excel-exporten)" if sv else f" … and {rest} more (see the Excel export)") \
            if rest > 0 else ""
        return f"{head}: {'; '.join(items[:limit])}{tail}"

    lines = []
    unranked = [f"{r['area_name']} ({r['reason']})" for r in records(view[view["reason"] != ""])]
    if unranked:
        lines.append(listed(t("not_ranked", ctx.lang).capitalize(), unranked))
    flagged = [f"{r['area_name']}: {r['flag_text']}" for r in records(view[view["flag_text"] != ""])]
    if flagged:
        lines.append(listed("* " + ("Anmärkningar om data" if sv else "Notes on the data"), flagged))
    return lines


#: The brief's top-k table: font size, width (fraction of the page) and the padding on each side of
#: a cell's text in points (the same in every column, unlike matplotlib's ``Cell.PAD``, a fraction).
TABLE_FONTSIZE, TABLE_WIDTH, TABLE_PAD_PT = 8.5, 0.88, 4.0
#: Extra room for the difference between measuring (Agg) and the PDF's glyph widths.
_MEASURE_SLACK = 1.03

#: ``measure(text, bold)``: the width of ``text`` as drawn, in the unit of ``fit_columns``' ``total``.
Measure = Callable[[str, bool], float]


@dataclass(frozen=True)
class TableLayout:
    """A table as drawn: headers (``\n`` where wrapped), cells (names shortened with "…" where they had
    no room) and column widths as fractions of the table's width."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]

    @property
    def header_lines(self) -> int:
        return max(h.count("\n") + 1 for h in self.header)


def _two_lines(text: str, measure: Measure) -> str:
    """``text`` in two lines, split at the space that makes the wider line narrowest."""
    words = text.split(" ")
    if len(words) < 2:
        return text
    splits = [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]
    best = min(splits, key=lambda lr: max(measure(lr[0], True), measure(lr[1], True)))
    return "\n".join(best)


def _shorten(text: str, room: float, measure: Measure, bold: bool = False) -> str:
    """``text``, or as much of it as fits in ``room`` followed by "…"."""
    if measure(text, bold) <= room:
        return text
    for end in range(len(text) - 1, 0, -1):
        cut = text[:end].rstrip() + "…"
        if measure(cut, bold) <= room:
            return cut
    return "…"


def fit_columns(header: Sequence[str], rows: Sequence[Sequence[str]], measure: Measure, *, total: float,
                pad: float, flex: int = 1) -> TableLayout:
    """Column widths in which every header and cell fits (a fixed share per column let the English
    "Rank with default weights" run out of its cell).

    Every column but ``flex`` is as wide as its widest text plus ``pad`` on each side (``pad`` in the
    unit of ``total``); ``flex`` (the names) gets the rest. When that is less than the names need, the widest
    headers are wrapped onto two lines, and last the names are shortened with "…".
    """
    heads = [str(h) for h in header]
    cols = [[str(r[c]) for r in rows] for c in range(len(heads))]
    fixed = [c for c in range(len(heads)) if c != flex]

    def cell_need(c: int) -> float:
        return max((measure(x, False) for x in cols[c]), default=0.0)

    def need(c: int) -> float:
        return max(cell_need(c), *(measure(line, True) for line in heads[c].split("\n"))) * _MEASURE_SLACK + 2 * pad

    def overflow() -> float:
        return sum(need(c) for c in fixed) + need(flex) - total

    # wrap the header that sticks out furthest beyond its cells, one at a time, while it helps
    while overflow() > 0:
        candidates = [c for c in fixed if "\n" not in heads[c] and " " in heads[c]
                      and measure(heads[c], True) > cell_need(c)]
        if not candidates:
            break
        c = max(candidates, key=lambda i: measure(heads[i], True) - cell_need(i))
        heads[c] = _two_lines(heads[c], measure)
    widths = [need(c) for c in range(len(heads))]
    rest = total - sum(widths[c] for c in fixed)
    if rest < 0.15 * total:  # absurd headers: squeeze the fixed columns, keep some room for names
        squeeze = 0.85 * total / sum(widths[c] for c in fixed)
        for c in fixed:
            widths[c] *= squeeze
        rest = 0.15 * total
    widths[flex] = rest
    room = (rest - 2 * pad) / _MEASURE_SLACK
    heads[flex] = _shorten(heads[flex], room, measure, bold=True)
    out_rows = tuple(tuple(_shorten(x, room, measure) if c == flex else x for c, x in enumerate(r))
                     for r in zip(*cols, strict=True)) if rows else ()
    return TableLayout(tuple(heads), out_rows, tuple(w / total for w in widths))


def _measure(fig: Any, fontsize: float) -> Measure:
    """Text widths in display pixels of ``fig`` (Agg), as the table draws them."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.font_manager import FontProperties

    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    renderer = canvas.get_renderer()
    fonts = {bold: FontProperties(size=fontsize, weight="bold" if bold else "normal") for bold in (False, True)}
    cache: dict[tuple[str, bool], float] = {}

    def measure(text: str, bold: bool) -> float:
        if (text, bold) not in cache:
            cache[(text, bold)] = float(renderer.get_text_width_height_descent(text, fonts[bold], ismath=False)[0])
        return cache[(text, bold)]

    return measure


def _tipping_line(ctx: ExportContext) -> list[str]:
    """Why this ranking, in three lines: how far each weight can move before the top k changes (arithmetic
    mean only), the top k's acceptability and each dimension's influence (none for a finished index)."""
    dims = ctx.dimensions
    if dims is None or not dims.notna().any(axis=None):
        return []
    dims = dims.dropna(axis=1, how="all")
    weights, k = {d: ctx.weights.get(d, 0.0) for d in dims.columns}, ctx.settings.top_k
    lines = []
    if ctx.settings.aggregation == "arithmetic":
        lines.append(compact_tipping(top_k_intervals(dims, weights, k), ctx.definition, ctx.lang, k))
    names = dict(zip(ctx.view["area_id"].astype(str), ctx.view["area_name"].astype(str), strict=True))
    acc = acceptability(dims, weights, k, bounds=EXPORT_BOUNDS, draws=EXPORT_DRAWS, seed=EXPORT_SEED).frame
    top = acc[acc["rank"] <= k].sort_values("rank").head(5)  # one page: at most five names
    lines.append(compact_acceptability(top, names, ctx.lang, k, EXPORT_BOUNDS, EXPORT_DRAWS))
    lines.append(compact_influence(influence(dims, weights), ctx.definition, ctx.lang))
    return lines


def _brief_figure(ctx: ExportContext):
    """The brief as a matplotlib figure (call inside ``rc_context(_rc())``)."""
    from matplotlib.figure import Figure

    sv = ctx.lang == "sv"
    k = ctx.settings.top_k
    fig = Figure(figsize=A4)
    y = 0.965
    fig.text(0.06, y, f"{ctx.title} – {'underlag' if sv else 'brief'}", fontsize=17, fontweight="bold", va="top")
    y -= 0.035
    if ctx.synthetic:
        _demo_box(fig, y - 0.008, 10)
        y -= 0.032
    fig.text(0.06, y, f"Scenario: {ctx.scenario_name}", fontsize=11, va="top")
    y -= 0.02
    fig.text(0.06, y, f"{'Skapad' if sv else 'Created'} {ctx.local_time} · {ctx.definition.name} "
                      f"{ctx.definition.version} · {'år' if sv else 'year'} {ctx.year_text}",
             fontsize=8.5, va="top", color=TEXT_MUTED)
    if ctx.scenario.note:
        y -= 0.018
        fig.text(0.06, y, _wrap(ctx.scenario.note, 110), fontsize=8, va="top", style="italic", color=TEXT_MUTED)
        y -= 0.012 * ctx.scenario.note.count("\n")

    map_top = y - 0.02
    ax = fig.add_axes((0.04, map_top - 0.40, 0.56, 0.40))
    draw_map(ax, ctx, fontsize=7)

    tab_top = map_top - 0.43
    fig.text(0.06, tab_top, f"Topp {k}" if sv else f"Top {k}", fontsize=11, fontweight="bold", va="top")
    fig.text(0.06, tab_top - 0.02, _wrap(t("rank_explainer", ctx.lang), 120), fontsize=8, va="top",
             color=TEXT_MUTED)
    rows, more = _top_rows(ctx)
    n = max(1, len(rows))
    header = [t("rank", ctx.lang), t("area", ctx.lang), t("index", ctx.lang), t("rank_change_short", ctx.lang),
              t("baseline_rank", ctx.lang)]
    total, pad = TABLE_WIDTH * fig.get_figwidth() * fig.dpi, TABLE_PAD_PT * fig.dpi / 72
    layout = fit_columns(header, rows or [["–", "–", "–", "–", "–"]], _measure(fig, TABLE_FONTSIZE),
                         total=total, pad=pad, flex=1)
    extra = layout.header_lines - 1
    height = 0.018 * (n + 1) + 0.012 * extra
    table_top = tab_top - 0.045
    tax = fig.add_axes((0.06, table_top - height, TABLE_WIDTH, height))
    tax.set_axis_off()
    table = tax.table(cellText=[list(r) for r in layout.rows], colLabels=list(layout.header), loc="upper center",
                      cellLoc="left", colLoc="left", colWidths=list(layout.widths))
    table.auto_set_font_size(False)
    table.set_fontsize(TABLE_FONTSIZE)
    for (r, c), cell in table.get_celld().items():
        cell.set_edgecolor(RULE)
        cell.PAD = pad / (layout.widths[c] * total)  # matplotlib's padding is a share of the cell's width
        if r == 0:
            cell.set_text_props(fontweight="bold")
            cell.set_facecolor(HEADER_FILL)
            cell.set_height(cell.get_height() * (1 + 0.9 * extra))
    y = table_top - height - 0.02
    changes = top_k_changes(ctx.view)
    lines = []
    if more:
        lines.append(f"… och {more} till (delad rang)." if sv else f"… and {more} more (tied).")
    if changes.entering:
        lines.append(f"{t('enters_top', ctx.lang, k=k)}: {', '.join(changes.entering)}")
    if changes.leaving:
        lines.append(f"{t('leaves_top', ctx.lang, k=k)}: {', '.join(changes.leaving)}")
    if not changes.entering and not changes.leaving:
        lines.append(t("no_topk_change", ctx.lang, k=k))

    w = ctx.weights
    total = sum(w.values())
    dim_txt = " · ".join(f"{d.display_label(ctx.lang)} {fmt_number(w[d.id], ctx.lang, 2 if w[d.id] % 1 else 0)}"
                         f" ({w[d.id] / total * 100:.0f} %)" for d in ctx.definition.dimensions)
    iw = ctx.indicator_weights
    changed = [f"{ctx.definition.indicator(i).display_label(ctx.lang)} {format_weight(v)}"
               for i, v in iw.items() if v != ctx.definition.indicator(i).weight]
    years = ", ".join(map(str, ctx.data_years)) if ctx.data_years else str(ctx.year)
    lines += [
        "",
        f"{t('weights', ctx.lang)}: {dim_txt}",
        *_tipping_line(ctx),
        (f"Ändrade indikatorvikter: {'; '.join(changed)}" if sv else f"Changed indicator weights: "
         f"{'; '.join(changed)}") if changed else
        ("Indikatorvikter: definitionens." if sv else "Indicator weights: the definition's."),
        f"{t('method', ctx.lang)}: {ctx.method_label} · {t('aggregation', ctx.lang)}: {ctx.aggregation_label}",
        (f"Data: år {ctx.year_text} (år med data: {years})" if sv
         else f"Data: year {ctx.year_text} (years with data: {years})")
        + f" · {t('source', ctx.lang)}: {ctx.source or '–'}",
        *_vintage_lines(ctx),
        f"{'Indexdefinition' if sv else 'Index definition'}: {ctx.definition.name} ({ctx.definition.id}, "
        f"version {ctx.definition.version})",
    ]
    lines += notes_lines(ctx)
    body = "\n".join(_wrap(line, 105) for line in lines)
    fig.text(0.06, y, body, fontsize=8.5, va="top", linespacing=1.45)
    footer = f"{ctx.title} · {ctx.local_time}"
    if ctx.synthetic:
        footer += f" · {DEMO_LABEL}"
    fig.text(0.06, 0.02, footer, fontsize=7, color=TEXT_FAINT)
    return fig


def _vintage_lines(ctx: ExportContext) -> list[str]:
    """Each indicator's year when they differ, and the proxies (how they differ: Excel and Metod)."""
    lines = []
    years = dict(ctx.indicator_years)
    if len(set(years.values())) > 1:
        lines.append(t("brief_indicator_years", ctx.lang, years="; ".join(
            f"{ctx.definition.indicator(i).display_label(ctx.lang)} {y}" for i, y in years.items())))
    proxies = [i.display_label(ctx.lang) for i in ctx.definition.indicators if i.is_proxy and i.id in years]
    if proxies:
        lines.append(t("brief_proxies", ctx.lang, names="; ".join(proxies)))
    return lines


def export_pdf_brief(ctx: ExportContext) -> bytes:
    """One A4 page for a meeting: map, top-k table with rank changes, weights, method, data, source."""
    import matplotlib
    from matplotlib.backends.backend_pdf import FigureCanvasPdf

    with matplotlib.rc_context(_rc()):
        fig = _brief_figure(ctx)
        FigureCanvasPdf(fig)
        buf = io.BytesIO()
        meta = {"Title": f"{ctx.title} – {ctx.scenario_name}", "Creator": TITLE,
                "Subject": DEMO_LABEL if ctx.synthetic else f"{ctx.definition.name} {ctx.year}"}
        fig.savefig(buf, format="pdf", metadata=meta)
    return buf.getvalue()


__all__ = ["A4", "TableLayout", "draw_map", "export_map_png", "export_pdf_brief", "fit_columns", "notes_lines"]
