"""The map legend as data: one model drawn as HTML on the pages and with matplotlib in exports.

A legend says what each colour means, which end is "greatest challenges", which areas
have no value, and what the extra marks on the map mean (selected area, an unstable
ranking, rank numbers). Both renderers read this model, so the screen and the PDF
cannot disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from geo.i18n import fmt_number, t
from geo.view.palette import (
    MISSING_COLOR,
    MISSING_OUTLINE,
    SHIFT_DOWN,
    SHIFT_SAME,
    SHIFT_UP,
    Classes,
    shift_ranges,
)
from geo.view.ranking import ARROW_DOWN, ARROW_UP

SwatchKind = Literal["fill", "missing", "outline"]


@dataclass(frozen=True)
class Swatch:
    """One legend entry: colours (a ramp shows several) and its text.

    ``kind``: ``fill`` (a filled box), ``missing`` (light, dashed outline, hatched in print),
    ``outline`` (an empty box with a coloured, optionally dashed border).
    """

    colors: tuple[str, ...]
    label: str
    kind: SwatchKind = "fill"
    outline: str | None = None
    dashed: bool = False


@dataclass(frozen=True)
class Legend:
    """Title, the ends' meaning, the swatches, and the names of areas without a value."""

    title: str
    swatches: tuple[Swatch, ...]
    low_label: str = ""
    high_label: str = ""
    missing_names: tuple[str, ...] = field(default=())

    def with_marks(self, *marks: Swatch) -> Legend:
        """The legend with extra swatches for marks drawn on the map (outlines, labels)."""
        return Legend(self.title, self.swatches + marks, self.low_label, self.high_label, self.missing_names)

    def missing_text(self, lang: str, *, max_names: int | None = None) -> str:
        """"Saknar värde: A, B och 3 till" — the names shortened to ``max_names`` when given."""
        names = list(self.missing_names)
        shown = names if max_names is None else names[:max_names]
        rest = len(names) - len(shown)
        text = ", ".join(" ".join(n.split()) for n in shown) + (f" {t('and_more', lang, n=rest)}" if rest > 0 else "")
        return f"{t('no_value', lang)}: {text}"


def class_legend(classes: Classes, names: Mapping[str, str], lang: str, *, title: str,
                 decimals: int = 2) -> Legend:
    """The legend of a choropleth: one swatch per class (value range), dark end = low values."""
    swatches = tuple(
        Swatch((colour,), f"{fmt_number(classes.lower[k], lang, decimals)} – {fmt_number(classes.upper[k], lang, decimals)}")
        for k, colour in enumerate(classes.colors))
    missing = tuple(str(names.get(a, a)) for a in classes.missing)
    if missing:
        swatches += (Swatch((MISSING_COLOR,), t("no_value", lang), kind="missing", outline=MISSING_OUTLINE,
                            dashed=True),)
    return Legend(title=title, swatches=swatches, low_label=t("legend_low", lang), high_label=t("legend_high", lang),
                  missing_names=missing)


def shift_legend(lang: str) -> Legend:
    """The legend of the rank-change map, one swatch per shade with the changes it stands for
    (↑ dark to light, 0, ↓ light to dark), the ends saying what up and down mean."""
    ranges = shift_ranges()

    def text(low: int, high: int | None) -> str:
        if high is None:
            return t("sc_diff_or_more", lang, n=low)
        return str(low) if low == high else f"{low}–{high}"

    up = tuple(Swatch((SHIFT_UP[i],), f"{ARROW_UP} {text(*ranges[i])}") for i in reversed(range(len(ranges))))
    down = tuple(Swatch((SHIFT_DOWN[i],), f"{ARROW_DOWN} {text(*ranges[i])}") for i in range(len(ranges)))
    same = Swatch((SHIFT_SAME,), f"0 ({t('sc_diff_legend_same', lang)})")
    return Legend(title=t("sc_diff_heading", lang), swatches=(*up, same, *down),
                  low_label=t("sc_diff_legend_up", lang), high_label=t("sc_diff_legend_down", lang))


__all__ = ["Legend", "Swatch", "class_legend", "shift_legend"]
