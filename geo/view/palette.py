"""Every colour the app uses, and how values become map classes (mapclassify).

One module so a map, its legend, the charts, the exports and the page CSS can never
disagree. The class palette is viridis sampled at five points: perceptually uniform,
readable in grey-scale and by people with the common colour-vision deficiencies. The
darkest class holds the lowest index = the greatest challenges, so the areas a meeting
is discussing are the ones that stand out. Rank changes are blue (higher priority) and
orange (lower), ColorBrewer's colour-blind-safe pair. Areas without a value are light
grey with a dashed outline and named in the legend, never coloured as if they had one.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any
from dataclasses import dataclass

import mapclassify
import numpy as np
import pandas as pd

from geo.errors import DataError
from geo.settings import SCHEMES, Scheme

# ---------------------------------------------------------------------- the colours

#: viridis at 0, .25, .5, .75, 1 — dark = low index = greatest challenges.
PALETTE: tuple[str, ...] = ("#440154", "#3b528b", "#21918c", "#5ec962", "#fde725")
#: Areas without a value (fill, dashed outline).
MISSING_COLOR = "#e0e0e0"
MISSING_OUTLINE = "#555555"
#: The web map before styles arrive, and areas without a value there.
NEUTRAL_FILL, NEUTRAL_OUTLINE = "#cfcfcf", "#7a7a7a"
NO_DATA_FILL, NO_DATA_OUTLINE = "#f2f2f2", "#8c8c8c"
#: The thin border between filled areas.
AREA_BORDER = "#ffffff"
#: Outline of the selected area: orange stands out against every viridis class.
SELECTED_OUTLINE = "#ff7f0e"
#: Outline of an area whose rank interval crosses the top-k boundary (robustness map).
UNSTABLE_OUTLINE = "#111111"
#: Context overlays (e.g. Polisen's utsatta områden): magenta apart from viridis and blue/orange.
OVERLAY_COLOR, OVERLAY_LABEL_TEXT = "#c51b7d", "#4d0a2f"
#: Rank change: blue = higher priority (towards rank 1), orange = lower, grey = unchanged.
UP, DOWN, SAME = "#0b5cad", "#b35806", "#8c8c8c"
#: The same meaning in three shades each, for the map of rank changes (ColorBrewer Blues / Oranges).
SHIFT_UP: tuple[str, ...] = ("#9ecae1", "#4292c6", "#08519c")
SHIFT_DOWN: tuple[str, ...] = ("#fdd0a2", "#fd8d3c", "#a63603")
SHIFT_SAME = "#bdbdbd"
#: Upper limits of |rank change| for the light, middle and dark shade.
SHIFT_STEPS: tuple[int, ...] = (1, 3)
#: Text and rules.
TEXT, TEXT_MUTED, TEXT_FAINT, RULE, HEADER_FILL = "#000000", "#333333", "#555555", "#bbbbbb", "#eeeeee"
#: Lines in charts that are context, not the subject (other areas over time).
CONTEXT_LINE = "#cccccc"
#: The demo label: yellow/black hazard stripes on screen, red in exports.
DEMO_YELLOW, DEMO_INK, DEMO_RED = "#ffd400", "#111111", "#c00000"
#: Meeting mode: the top-k rows of the ranking; text on a dark header.
TOP_K_ROW, TEXT_ON_DARK = "#fff3b0", "#ffffff"
#: The border of a legend swatch; the top-k boundary line in charts.
SWATCH_BORDER, BOUNDARY_LINE = "#666666", "#111111"


# ---------------------------------------------------------------------- classes

_CLASSIFIERS: dict[Scheme, Callable[[np.ndarray, int], Any]] = {
    "quantiles": lambda y, k: mapclassify.Quantiles(y, k=k),
    # Fisher-Jenks is the optimal (deterministic) natural-breaks classification.
    "natural_breaks": lambda y, k: mapclassify.FisherJenks(y, k=k),
    "equal_interval": lambda y, k: mapclassify.EqualInterval(y, k=k),
}
assert tuple(_CLASSIFIERS) == SCHEMES, "every scheme in geo.settings has a classifier"


@dataclass(frozen=True)
class Classes:
    """Class of each area (0 = lowest values; -1 = no value) and the legend entries."""

    class_of: pd.Series  # int per area_id
    lower: tuple[float, ...]
    upper: tuple[float, ...]
    colors: tuple[str, ...]
    missing: tuple[str, ...]  # area ids without a value

    def color_of(self, area_id: str) -> str:
        k = int(self.class_of.get(area_id, -1))
        return MISSING_COLOR if k < 0 else self.colors[k]

    @property
    def k(self) -> int:
        return len(self.colors)


def spread_indices(n: int) -> list[int]:
    """Which of the palette's colours ``n`` classes use: spread out, both ends included.

    >>> spread_indices(1), spread_indices(3), spread_indices(4)
    ([0], [0, 2, 4], [0, 1, 3, 4])
    """
    if n == 1:
        return [0]
    return [int(i) for i in np.round(np.linspace(0, len(PALETTE) - 1, n))]


def _spread(n: int) -> tuple[str, ...]:
    """``n`` colours spread over the palette (always including both ends)."""
    return tuple(PALETTE[i] for i in spread_indices(n))


def classify(values: pd.Series, *, scheme: Scheme = "quantiles", k: int = 5) -> Classes:
    """Classify the non-missing ``values`` (indexed by area id) into at most ``k`` classes.

    >>> c = classify(pd.Series([1.0, 2.0, 3.0, None], index=list("abcd")), scheme="equal_interval", k=3)
    >>> c.class_of.to_dict(), c.missing
    ({'a': 0, 'b': 1, 'c': 2, 'd': -1}, ('d',))
    """
    if scheme not in _CLASSIFIERS:
        raise DataError(f"okänd klassindelning '{scheme}'.", hint=f"Välj en av: {', '.join(SCHEMES)}.")
    k = max(1, min(int(k), len(PALETTE)))
    present = values.dropna().astype(float)
    missing = tuple(str(a) for a in values.index[values.isna()])
    class_of = pd.Series(-1, index=values.index, dtype=int)
    if present.empty:
        return Classes(class_of, (), (), (), missing)
    distinct = np.unique(present.to_numpy())
    k = min(k, distinct.size)
    if k == 1:
        class_of[present.index] = 0
        v = float(distinct[0])
        return Classes(class_of, (v,), (v,), _spread(1), missing)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Numba not installed": pure Python is fast enough here
        classifier = _CLASSIFIERS[scheme](present.to_numpy(), k)
    bins = np.asarray(classifier.bins, dtype=float)
    yb = np.asarray(classifier.yb, dtype=int)
    # mapclassify may return fewer classes than asked for (e.g. quantiles with ties)
    used = np.unique(yb)
    remap = {old: new for new, old in enumerate(used)}
    yb = np.array([remap[v] for v in yb])
    bins = bins[used]
    lowers = [float(present.min())] + [float(b) for b in bins[:-1]]
    class_of[present.index] = yb
    return Classes(class_of, tuple(lowers), tuple(float(b) for b in bins), _spread(len(used)), missing)


def rank_shift_color(change: float | None) -> str | None:
    """Colour of a rank change (``+`` = higher priority); ``None`` when there is no change value.

    >>> rank_shift_color(1), rank_shift_color(-2), rank_shift_color(5), rank_shift_color(0)
    ('#9ecae1', '#fd8d3c', '#08519c', '#bdbdbd')
    """
    if change is None or pd.isna(change):
        return None
    change = int(change)
    if change == 0:
        return SHIFT_SAME
    size = abs(change)
    shade = 0 if size <= SHIFT_STEPS[0] else (1 if size <= SHIFT_STEPS[1] else 2)
    return (SHIFT_UP if change > 0 else SHIFT_DOWN)[shade]


__all__ = ["AREA_BORDER", "BOUNDARY_LINE", "CONTEXT_LINE", "DEMO_INK", "DEMO_RED", "DEMO_YELLOW", "DOWN",
           "HEADER_FILL", "MISSING_COLOR", "MISSING_OUTLINE", "NEUTRAL_FILL", "NEUTRAL_OUTLINE",
           "NO_DATA_FILL", "NO_DATA_OUTLINE", "OVERLAY_COLOR", "OVERLAY_LABEL_TEXT", "PALETTE", "RULE", "SAME",
           "SELECTED_OUTLINE", "SHIFT_DOWN", "SHIFT_SAME", "SHIFT_STEPS", "SHIFT_UP", "SWATCH_BORDER", "TEXT",
           "TEXT_FAINT", "TEXT_MUTED", "TEXT_ON_DARK", "TOP_K_ROW", "UNSTABLE_OUTLINE", "UP", "Classes", "classify",
           "rank_shift_color", "spread_indices"]
