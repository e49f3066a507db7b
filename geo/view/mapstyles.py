"""What a map shows, as data: per-area styles and tooltips plus the legend (no folium here).

A :class:`MapLayer` is everything one map needs from the view: ``styles`` (area id →
fill, outline and tooltip, for :func:`geo.output.webmap.style_layer`), the
:class:`~geo.view.legend.Legend`, and the classes behind the colours (the exports
use them). :func:`index_layer` and :func:`shift_layer` build the app's two kinds of
map; the pages pass the result to the one map component (``ui/map.py``).

Tooltips are HTML built here with every piece escaped (:func:`tooltip_html`), so area
names from a user's file are always shown literally.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from markupsafe import Markup, escape

from geo.definition import Definition
from geo.engine.scoring import Scored
from geo.i18n import fmt_number, fmt_score, t
from geo.view.frames import records
from geo.view.legend import Legend, Swatch, class_legend, shift_legend
from geo.view.palette import (
    AREA_BORDER,
    SELECTED_OUTLINE,
    UNSTABLE_OUTLINE,
    Breaks,
    Classes,
    classify,
    rank_shift_color,
)
from geo.view.ranking import rank_text

#: Dash pattern of the unstable-ranking outline (robustness map).
UNSTABLE_DASH = "8 6"


def tooltip_html(title: str, lines: Iterable[str] = ()) -> Markup:
    """Tooltip HTML: bold title, one line per entry, every piece escaped.

    Returns ``Markup`` so the style layer knows it is already safe; plain ``str``
    tooltips are escaped there.
    """
    # str(escape(...)) per piece, one Markup at the end: Markup.format per line was a
    # measurable part of a rerun at 136 areas.
    body = "<br>".join([f"<b>{escape(title)}</b>", *(str(escape(line)) for line in lines)])
    return Markup(body)


def area_style(fill: str | None, tooltip: str | Markup = "", **overrides: Any) -> dict[str, Any]:
    """Style entry for one area; ``fill=None`` (no value) gives the no-data style.

    ``overrides`` may set any Leaflet path option (``color``, ``weight``, ``opacity``,
    ``fillOpacity``, ``dashArray``), e.g. a thick outline for the selected area.
    """
    return {"fill": fill, "tooltip": tooltip, **overrides}


@dataclass(frozen=True)
class MapLayer:
    """One map's content: per-area styles, the legend, (for choropleths) the classes, and the
    rank printed on each area (:mod:`geo.view.labels`)."""

    styles: dict[str, dict[str, Any]]
    legend: Legend
    classes: Classes | None = None
    ranks: dict[str, int] = field(default_factory=dict)


def map_styles(view: pd.DataFrame, scored: Scored, classes: Classes, definition: Definition,
               *, selected: str | None = None) -> dict[str, dict[str, Any]]:
    """Per-area colour (by ``classes``) and tooltip (index, rank, change, dimension scores; without a
    rank: why; and the area's notes on the data, from the view's ``reason`` and ``flag_text``)."""
    lang = scored.settings.lang
    result = scored.result
    styles: dict[str, dict[str, Any]] = {}
    n_ranked = int(view["rank"].max()) if view["rank"].notna().any() else 0
    # Plain dicts: per-cell .at lookups cost more than the rest of the function at 136 areas.
    dim_labels = [dim.display_label(lang) for dim in definition.dimensions]
    dim_rows = result.dimensions.reindex(columns=list(definition.dimension_ids)).to_dict("index")
    for row in records(view):
        aid = str(row["area_id"])
        flag_text = row.get("flag_text", row["flags"])
        flag_lines = [t("flags_line", lang, flags=flag_text)] if flag_text else []
        if pd.isna(row["index"]):
            reason = row.get("reason") or t("reason_no_index", lang)
            lines = [t("no_value", lang), t("reason_line", lang, reason=reason), *flag_lines]
            entry = area_style(None, tooltip_html(str(row["area_name"]), lines))
        else:
            lines = [
                f"{t('index', lang)}: {fmt_number(row['index'], lang)}",
                f"{t('rank', lang)}: {int(row['rank'])} / {n_ranked}",
                f"{t('rank_change', lang)}: {row['change_label']}",
            ]
            lines += [f"{label}: {fmt_score(value, lang)}"
                      for label, value in zip(dim_labels, dim_rows[aid].values(), strict=True)]
            lines += flag_lines
            entry = area_style(classes.color_of(aid), tooltip_html(str(row["area_name"]), lines),
                               color=AREA_BORDER, weight=1.0, fillOpacity=0.85)
        if selected is not None and aid == selected:
            entry.update({"color": SELECTED_OUTLINE, "weight": 4.0, "dashArray": None})
        styles[aid] = entry
    return styles


def mark_unstable(styles: Mapping[str, dict[str, Any]], unstable: Iterable[str]) -> dict[str, dict[str, Any]]:
    """A thick dashed dark outline on the unstable areas (the fill colour is kept)."""
    out = {k: dict(v) for k, v in styles.items()}
    for aid in unstable:
        if aid in out:
            out[aid].update({"color": UNSTABLE_OUTLINE, "weight": 4.0, "dashArray": UNSTABLE_DASH, "opacity": 1.0})
    return out


def index_layer(scored: Scored, view: pd.DataFrame, definition: Definition, *, values: pd.Series | None = None,
                title: str | None = None, selected: str | None = None, unstable: Iterable[str] = (),
                breaks: Breaks | None = None) -> MapLayer:
    """A choropleth of ``values`` (default: the index) classified by the settings' scheme, or by
    ``breaks`` shared with other maps (:func:`geo.view.palette.shared_breaks`).

    ``view`` is the :func:`~geo.view.ranking.ranking_view` (tooltips show rank and change);
    ``selected`` gets an orange outline; ``unstable`` areas a dashed dark one (with a
    legend entry saying what it means).
    """
    lang = scored.settings.lang
    shown = scored.result.index if values is None else values
    classes = classify(shown, scheme=scored.settings.scheme, breaks=breaks)
    styles = map_styles(view, scored, classes, definition, selected=selected)
    names = dict(zip(view["area_id"].astype(str), view["area_name"].astype(str), strict=True))
    legend = class_legend(classes, names, lang, title=title or t("index", lang))
    unstable = tuple(unstable)
    if unstable:
        styles = mark_unstable(styles, unstable)
        legend = legend.with_marks(Swatch((), t("rb_map_legend", lang, k=scored.settings.top_k), kind="outline",
                                          outline=UNSTABLE_OUTLINE, dashed=True))
    return MapLayer(styles=styles, legend=legend, classes=classes, ranks=_ranks(view))


def shift_styles(view: pd.DataFrame, *, lang: str = "sv", label_a: str = "A",
                 label_b: str = "B") -> dict[str, dict[str, Any]]:
    """Style entries for the difference map: colour by ``rank_change`` of a ranking view
    whose baseline is scenario A (blue = higher priority in B, orange = lower, grey = same)."""
    styles: dict[str, dict[str, Any]] = {}
    for row in records(view):
        fill = rank_shift_color(row["rank_change"])
        rank_a, rank_b = rank_text(row["baseline_rank"], lang), rank_text(row["rank"], lang)  # "– (ej rankad)"
        lines = [f"{label_a}: {t('rank', lang).lower()} {rank_a}", f"{label_b}: {t('rank', lang).lower()} {rank_b}",
                 f"{t('rank_change', lang)}: {row['change_label'] or '–'}"]
        tip = tooltip_html(str(row["area_name"]), lines)
        styles[str(row["area_id"])] = (area_style(None, tip) if fill is None else
                                    area_style(fill, tip, color=AREA_BORDER, weight=1.0, fillOpacity=0.9))
    return styles


def shift_layer(view: pd.DataFrame, *, lang: str, label_a: str, label_b: str) -> MapLayer:
    """The map of rank changes between A (the view's baseline) and B, with its legend."""
    return MapLayer(styles=shift_styles(view, lang=lang, label_a=label_a, label_b=label_b),
                    legend=shift_legend(lang), ranks=_ranks(view))


def _ranks(view: pd.DataFrame) -> dict[str, int]:
    """``area_id`` → rank (the number on the map); areas without a rank get no label."""
    return {str(a): int(r) for a, r in zip(view["area_id"], view["rank"], strict=True) if not pd.isna(r)}


__all__ = ["UNSTABLE_DASH", "MapLayer", "area_style", "index_layer", "map_styles", "mark_unstable", "shift_layer",
           "shift_styles", "tooltip_html"]
