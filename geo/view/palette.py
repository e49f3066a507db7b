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
from dataclasses import dataclass
from typing import Any

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
#: Change over time (Uppföljning): green = better, purple = worse, three shades each by size
#: (ColorBrewer PRGn, colour-blind safe, apart from the blue/orange of rank changes); a pale
#: grey for "no change" and for a change that may be chance.
BETTER: tuple[str, ...] = ("#d9f0d3", "#7fbf7b", "#1b7837")
WORSE: tuple[str, ...] = ("#e7d4e8", "#af8dc3", "#762a83")
CHANGE_NONE = "#f4f4f4"
#: The weight-space picture: one colour per top-k set (Okabe–Ito, colour-blind safe), grey for the rest.
SET_COLORS: tuple[str, ...] = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
                               "#000000")
SET_OTHER = "#d9d9d9"
#: Text and rules.
TEXT, TEXT_MUTED, TEXT_FAINT, RULE, HEADER_FILL = "#000000", "#333333", "#555555", "#bbbbbb", "#eeeeee"
#: Lines in charts that are context, not the subject (other areas over time).
CONTEXT_LINE = "#cccccc"
#: The demo label: yellow/black hazard stripes on screen, red in exports.
DEMO_YELLOW, DEMO_INK, DEMO_RED = "#ffd400", "#111111", "#c00000"
#: The source label of real, partial data (the open data): a dark blue bar on a pale blue ground.
SOURCE_BAR, SOURCE_BG = "#08306b", "#e8f1fa"
#: Meeting mode: the top-k rows of the ranking; text on a dark header.
TOP_K_ROW, TEXT_ON_DARK = "#fff3b0", "#ffffff"
#: The border of a legend swatch; the top-k boundary line in charts.
SWATCH_BORDER, BOUNDARY_LINE = "#666666", "#111111"


# ---------------------------------------------------------------------- classes

def _mapclassify() -> Any:
    """mapclassify, imported when a map is first classified: it pulls in scipy and matplotlib
    (≈ 3 s of a fresh server's first page), which a page that classifies nothing never needs."""
    import mapclassify

    return mapclassify


_CLASSIFIERS: dict[Scheme, Callable[[np.ndarray, int], Any]] = {
    "quantiles": lambda y, k: _mapclassify().Quantiles(y, k=k),
    # Fisher-Jenks is the optimal (deterministic) natural-breaks classification.
    "natural_breaks": lambda y, k: _mapclassify().FisherJenks(y, k=k),
    "equal_interval": lambda y, k: _mapclassify().EqualInterval(y, k=k),
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


@dataclass(frozen=True)
class Breaks:
    """Class limits fixed in advance: class ``i`` holds ``lower[i] < v <= upper[i]`` (the first
    also ``lower[0]``), so several maps given the same breaks colour a value alike."""

    lower: tuple[float, ...]
    upper: tuple[float, ...]


def _breaks(present: np.ndarray, scheme: Scheme, k: int) -> Breaks:
    """mapclassify's limits for ``present`` (finite, not empty), empty classes dropped."""
    distinct = np.unique(present)
    k = min(k, distinct.size)
    if k == 1:
        v = float(distinct[0])
        return Breaks((v,), (v,))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Numba not installed": pure Python is fast enough here
        classifier = _CLASSIFIERS[scheme](present, k)
    bins = np.asarray(classifier.bins, dtype=float)
    # mapclassify may return fewer classes than asked for (e.g. quantiles with ties)
    bins = bins[np.unique(np.asarray(classifier.yb, dtype=int))]
    return Breaks((float(present.min()), *(float(b) for b in bins[:-1])), tuple(float(b) for b in bins))


def shared_breaks(*values: pd.Series, scheme: Scheme = "quantiles", k: int = 5) -> Breaks | None:
    """One set of breaks for several maps (e.g. the scenario duel's A and B), from all their values
    together, so the same colour means the same value on each; ``None`` when no map has a value.

    >>> shared_breaks(pd.Series([1.0, 2.0]), pd.Series([3.0, None]), scheme="equal_interval", k=2)
    Breaks(lower=(1.0, 2.0), upper=(2.0, 3.0))
    """
    _check_scheme(scheme)
    pooled = np.concatenate([v.dropna().to_numpy(dtype=float) for v in values] or [np.empty(0)])
    if pooled.size == 0:
        return None
    return _breaks(pooled, scheme, max(1, min(int(k), len(PALETTE))))


def _check_scheme(scheme: str) -> None:
    if scheme not in _CLASSIFIERS:
        raise DataError(f"okänd klassindelning '{scheme}'.", hint=f"Välj en av: {', '.join(SCHEMES)}.")


def classify(values: pd.Series, *, scheme: Scheme = "quantiles", k: int = 5, breaks: Breaks | None = None) -> Classes:
    """Classify the non-missing ``values`` (indexed by area id) into at most ``k`` classes, or by
    ``breaks`` given in advance (:func:`shared_breaks`; then every class keeps its colour and legend
    entry, empty or not).

    >>> c = classify(pd.Series([1.0, 2.0, 3.0, None], index=list("abcd")), scheme="equal_interval", k=3)
    >>> c.class_of.to_dict(), c.missing
    ({'a': 0, 'b': 1, 'c': 2, 'd': -1}, ('d',))
    """
    _check_scheme(scheme)
    k = max(1, min(int(k), len(PALETTE)))
    present = values.dropna().astype(float)
    missing = tuple(str(a) for a in values.index[values.isna()])
    class_of = pd.Series(-1, index=values.index, dtype=int)
    if present.empty:
        return Classes(class_of, (), (), (), missing)
    if breaks is None or not breaks.upper:
        breaks = _breaks(present.to_numpy(), scheme, k)
    n = len(breaks.upper)
    # mapclassify's rule (lower < v <= upper), so the given and the computed breaks agree
    class_of[present.index] = np.minimum(np.searchsorted(np.asarray(breaks.upper), present.to_numpy()), n - 1)
    return Classes(class_of, breaks.lower, breaks.upper, _spread(n), missing)


def shift_ranges() -> tuple[tuple[int, int | None], ...]:
    """The |rank change| each shade of :data:`SHIFT_UP`/:data:`SHIFT_DOWN` stands for, light to dark
    (``None`` = no upper end), so the legend can print what :func:`rank_shift_color` does.

    >>> shift_ranges()
    ((1, 1), (2, 3), (4, None))
    """
    lows = (1, *(s + 1 for s in SHIFT_STEPS))
    highs: tuple[int | None, ...] = (*SHIFT_STEPS, None)
    return tuple(zip(lows, highs, strict=True))


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


def change_color(good: float | None, steps: tuple[float, float]) -> str | None:
    """Colour of a change measured in the good direction (``+`` = better): the shade by its size
    against ``steps`` (the upper limits of the light and middle shade); ``None`` without a value.

    >>> change_color(0.5, (1.0, 2.0)), change_color(-3.0, (1.0, 2.0)), change_color(0.0, (1.0, 2.0))
    ('#d9f0d3', '#762a83', '#f4f4f4')
    """
    if good is None or pd.isna(good):
        return None
    if good == 0:
        return CHANGE_NONE
    size = abs(good)
    shade = 0 if size <= steps[0] else (1 if size <= steps[1] else 2)
    return (BETTER if good > 0 else WORSE)[shade]


__all__ = [
    "AREA_BORDER",
    "BETTER",
    "BOUNDARY_LINE",
    "CHANGE_NONE",
    "CONTEXT_LINE",
    "DEMO_INK",
    "DEMO_RED",
    "DEMO_YELLOW",
    "SOURCE_BAR",
    "SOURCE_BG",
    "DOWN",
    "HEADER_FILL",
    "MISSING_COLOR",
    "MISSING_OUTLINE",
    "NEUTRAL_FILL",
    "NEUTRAL_OUTLINE",
    "NO_DATA_FILL",
    "NO_DATA_OUTLINE",
    "OVERLAY_COLOR",
    "OVERLAY_LABEL_TEXT",
    "PALETTE",
    "RULE",
    "SAME",
    "SELECTED_OUTLINE",
    "SET_COLORS",
    "SET_OTHER",
    "SHIFT_DOWN",
    "SHIFT_SAME",
    "SHIFT_STEPS",
    "SHIFT_UP",
    "SWATCH_BORDER",
    "TEXT",
    "TEXT_FAINT",
    "TEXT_MUTED",
    "TEXT_ON_DARK",
    "TOP_K_ROW",
    "UNSTABLE_OUTLINE",
    "UP",
    "WORSE",
    "Breaks",
    "Classes",
    "change_color",
    "classify",
    "rank_shift_color",
    "shared_breaks",
    "shift_ranges",
    "spread_indices",
]
