"""The Uppföljning page's view model: what is followed (a measure), its change per area since the
reference year, the map of that change and the lines over the years.

A *measure* is the index (``index``), a dimension (``dim:<id>``) or an indicator
(``ind:<id>``, index or follow-up-only). Index and dimensions come from the years scored on
one yardstick (:class:`geo.engine.history.IndexHistory`); indicators are their raw values
(:mod:`geo.engine.progress`), so their change has an interval where counts are known.

The change map colours the change *in the good direction* (for an indicator with polarity −1 a
fall is green): for a share with counts by its marker — sure improvement, uncertain, sure
worsening — and otherwise by size, three shades each way, with the legend saying that
whether such a change is chance cannot be judged.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.definition import Definition
from geo.engine.history import IndexHistory
from geo.engine.progress import CITY_ID, FollowUp
from geo.i18n import fmt_number, t
from geo.view.frames import records
from geo.view.legend import Legend, Swatch
from geo.view.mapstyles import MapLayer, area_style, tooltip_html
from geo.view.palette import (
    AREA_BORDER,
    BETTER,
    CHANGE_NONE,
    MISSING_COLOR,
    MISSING_OUTLINE,
    SELECTED_OUTLINE,
    WORSE,
    change_color,
)

INDEX = "index"


def measures(definition: Definition, lang: str) -> list[tuple[str, str]]:
    """(key, label) of everything the page can follow: the index, each dimension, each indicator."""
    out = [(INDEX, t("index", lang))]
    out += [(f"dim:{d.id}", f"{t('dimension', lang)}: {d.display_label(lang)}") for d in definition.dimensions]
    out += [(f"ind:{i.id}", i.display_label(lang)) for i in definition.indicators]
    out += [(f"ind:{i.id}", f"{i.display_label(lang)} ({t('fu_follow_up_only', lang)})") for i in definition.follow_up]
    return out


@dataclass(frozen=True)
class ChangeView:
    """Per area the measure in the reference year and now, the change and its marker."""

    frame: pd.DataFrame
    label: str
    unit: str
    reference_year: int
    year: int
    has_markers: bool
    city_change: float


def change_view(measure: str, history: IndexHistory, follow: FollowUp, definition: Definition,
                lang: str, *, year: int | None = None) -> ChangeView:
    """The change of ``measure`` per area (columns ``area_id, area_name, reference, value, change,
    relative, good, marker, small_base, lower, upper, priority``), areas in the layer's order."""
    if measure == INDEX or measure.startswith("dim:"):
        dim = None if measure == INDEX else measure[4:]
        label = t("index", lang) if dim is None else definition.dimension(dim).display_label(lang)
        city = history.city(dim)
        y = history.latest_year if year is None else year
        ch = history.change(year, dim).set_index("area_id").reindex(history.index.columns.astype(str)).reset_index()
        frame = ch.assign(good=ch["change"], marker="unknown", small_base=False, lower=np.nan, upper=np.nan)
        return ChangeView(frame=frame, label=label, unit="", reference_year=history.reference_year, year=y,
                          has_markers=False, city_change=float(city.loc[y] - city.loc[history.reference_year]))
    ind_id = measure.removeprefix("ind:")
    ind = definition.any_indicator(ind_id)
    rows = follow.table[follow.table["indicator_id"] == ind_id]
    areas = rows[rows["scope"] == "area"]
    city_rows = rows[rows["scope"] == "city"]
    city_change = float(city_rows["change"].iloc[0]) if len(city_rows) else float("nan")
    frame = pd.DataFrame({
        "area_id": areas["area_id"].to_numpy(), "area_name": areas["area_name"].to_numpy(),
        "reference": areas["reference_value"].to_numpy(), "value": areas["latest_value"].to_numpy(),
        "change": areas["change"].to_numpy(), "relative": (areas["change"] - city_change).to_numpy(),
        "good": (areas["change"] * ind.polarity).to_numpy(), "marker": areas["change_marker"].to_numpy(),
        "small_base": areas["small_base"].to_numpy(), "lower": areas["change_lower"].to_numpy(),
        "upper": areas["change_upper"].to_numpy(),
        "priority": areas["area_id"].isin(history.priority).to_numpy()})
    latest = rows["latest_year"].dropna()
    return ChangeView(frame=frame, label=ind.display_label(lang), unit=ind.unit, reference_year=follow.reference_year,
                      year=int(latest.max()) if len(latest) else follow.reference_year,
                      has_markers=bool((frame["marker"] != "unknown").any()), city_change=city_change)


def _steps(good: pd.Series) -> tuple[float, float]:
    top = float(good.abs().max()) if good.notna().any() else 0.0
    return (top / 3, 2 * top / 3) if top > 0 else (0.0, 0.0)


_MARKER_FILL = {"improved": BETTER[2], "uncertain": CHANGE_NONE, "worsened": WORSE[2]}


def change_layer(view: ChangeView, lang: str, *, selected: str | None = None) -> MapLayer:
    """The map of the change: by marker where counts are known, else by size (see module docstring)."""
    steps = _steps(view.frame["good"])
    styles: dict[str, dict] = {}
    unit = f" {view.unit}" if view.unit else ""
    for r in records(view.frame):
        aid = str(r["area_id"])
        if pd.isna(r["change"]):
            styles[aid] = area_style(None, tooltip_html(str(r["area_name"]), [t("no_value", lang)]))
            continue
        lines = [f"{view.reference_year}: {fmt_number(r['reference'], lang, 2)}{unit}",
                 f"{view.year}: {fmt_number(r['value'], lang, 2)}{unit}",
                 f"{t('fu_change', lang)}: {fmt_number(r['change'], lang, 2)}{unit}",
                 f"{t('fu_relative', lang)}: {fmt_number(r['relative'], lang, 2)}"]
        if view.has_markers:
            lines.append(marker_text(r["marker"], r["lower"], r["upper"], lang, small=bool(r["small_base"])))
            fill = _MARKER_FILL.get(str(r["marker"]))
        else:
            fill = change_color(float(r["good"]), steps)
        tip = tooltip_html(str(r["area_name"]), lines)
        entry = area_style(fill, tip, color=AREA_BORDER, weight=1.0, fillOpacity=0.9) if fill else area_style(None, tip)
        if selected == aid:
            entry.update({"color": SELECTED_OUTLINE, "weight": 4.0, "dashArray": None})
        styles[aid] = entry
    return MapLayer(styles=styles, legend=change_legend(view, lang, steps))


def change_legend(view: ChangeView, lang: str, steps: tuple[float, float] | None = None) -> Legend:
    """The legend: the three markers, or the shades with the sizes they stand for."""
    title = t("fu_change_map_title", lang, measure=view.label, ref=view.reference_year, year=view.year)
    missing = tuple(str(n) for n, c in zip(view.frame["area_name"], view.frame["change"], strict=True) if pd.isna(c))
    if view.has_markers:
        swatches = tuple(Swatch((_MARKER_FILL[m],), t(f"fu_marker_{m}", lang)) for m in ("improved", "uncertain",
                                                                                          "worsened"))
        low, high = t("fu_legend_markers", lang), ""
    else:
        s1, s2 = steps if steps is not None else _steps(view.frame["good"])

        def span(a: float, b: float | None) -> str:
            return f"> {fmt_number(a, lang)}" if b is None else f"{fmt_number(a, lang)}–{fmt_number(b, lang)}"

        better = tuple(Swatch((BETTER[i],), f"{t('fu_better', lang)} {txt}")
                       for i, txt in reversed(list(enumerate((span(0, s1), span(s1, s2), span(s2, None))))))
        worse = tuple(Swatch((WORSE[i],), f"{t('fu_worse', lang)} {txt}")
                      for i, txt in enumerate((span(0, s1), span(s1, s2), span(s2, None))))
        swatches = (*better, Swatch((CHANGE_NONE,), t("fu_unchanged", lang)), *worse)
        low, high = t("fu_legend_no_markers", lang), ""
    if missing:
        swatches += (Swatch((MISSING_COLOR,), t("no_value", lang), kind="missing", outline=MISSING_OUTLINE, dashed=True),)
    return Legend(title=title, swatches=swatches, low_label=low, high_label=high, missing_names=missing)


def marker_text(marker: str, lower: float, upper: float, lang: str, *, small: bool = False) -> str:
    """"Säker förbättring (95 %: +0,8 till +5,5)", "Osäker …", with a small-base note."""
    text = t(f"fu_marker_{marker}", lang)
    if marker != "unknown" and not pd.isna(lower):
        text += f" ({t('fu_interval', lang)}: {fmt_number(lower, lang, 1)} … {fmt_number(upper, lang, 1)})"
    if small:
        text += f" – {t('fu_small_base', lang)}"
    return text


def trajectory(measure: str, history: IndexHistory, yearly: pd.DataFrame) -> pd.DataFrame:
    """Long frame for the lines over the years: ``year, area_id, area_name, value, group``
    (``city``, ``priority`` or ``other``). ``yearly``: :func:`geo.engine.progress.yearly_values`."""
    if measure == INDEX or measure.startswith("dim:"):
        dim = None if measure == INDEX else measure[4:]
        frame = history.index if dim is None else history.dimensions[dim]
        long = frame.rename_axis(index="year").reset_index().melt(id_vars="year", var_name="area_id", value_name="value")
        city = history.city(dim).rename("value").rename_axis("year").reset_index().assign(area_id=CITY_ID)
        long = pd.concat([long, city], ignore_index=True)
    else:
        long = yearly[yearly["indicator_id"] == measure.removeprefix("ind:")][["area_id", "year", "value"]]
    long = long.assign(area_id=long["area_id"].astype(str))
    long["group"] = np.where(long["area_id"] == CITY_ID, "city",
                             np.where(long["area_id"].isin(history.priority), "priority", "other"))
    long["area_name"] = long["area_id"].map(history.names).fillna("")
    return long.sort_values(["area_id", "year"], ignore_index=True)


__all__ = ["INDEX", "ChangeView", "change_layer", "change_legend", "change_view", "marker_text", "measures",
           "trajectory"]
