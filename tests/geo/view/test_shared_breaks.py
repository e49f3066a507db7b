"""Shared class breaks (the scenario duel's two maps) and the numbers of the rank-change legend."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from geo.definition import load_definition
from geo.engine.scoring import score
from geo.paths import demo_paths
from geo.readers.areas import read_areas
from geo.readers.indicators import read_indicators
from geo.settings import SCHEMES, ViewSettings
from geo.view.legend import shift_legend
from geo.view.mapstyles import index_layer
from geo.view.palette import (
    SHIFT_DOWN,
    SHIFT_SAME,
    SHIFT_UP,
    Breaks,
    classify,
    rank_shift_color,
    shared_breaks,
    shift_ranges,
)
from geo.view.ranking import ranking_view

P = demo_paths()
AREAS = read_areas(P.areas)
IND = read_indicators(P.indicators)
DEF = load_definition(P.default_definition)
BASE = ViewSettings.default(DEF)


def series(values, prefix="a"):
    return pd.Series(values, index=[f"{prefix}{i}" for i in range(len(values))], dtype=float)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_given_breaks_classify_as_computed_ones(scheme):
    """A map's own breaks passed back in give exactly its classes (ties, gaps and missing values too)."""
    rng = np.random.default_rng(7)
    for trial in range(60):
        n = int(rng.integers(1, 30))
        raw = rng.normal(size=n) if trial % 2 else rng.integers(0, 4, size=n).astype(float)
        values = series(raw)
        if n > 2:
            values.iloc[1] = np.nan
        for k in (1, 3, 5):
            own = classify(values, scheme=scheme, k=k)
            given = classify(values, scheme=scheme, k=k, breaks=shared_breaks(values, scheme=scheme, k=k))
            assert given.class_of.equals(own.class_of)
            assert (given.lower, given.upper, given.colors, given.missing) == \
                (own.lower, own.upper, own.colors, own.missing)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_shared_breaks_give_both_maps_one_legend_and_one_colour_per_value(scheme):
    a = series([0.0, 1.0, 2.0, 3.0, np.nan], "a")
    b = series([2.0, 5.0, 8.0, 10.0, 3.0], "b")
    breaks = shared_breaks(a, b, scheme=scheme)
    ca, cb = classify(a, scheme=scheme, breaks=breaks), classify(b, scheme=scheme, breaks=breaks)
    assert (ca.lower, ca.upper, ca.colors) == (cb.lower, cb.upper, cb.colors)
    assert ca.lower[0] == 0.0 and ca.upper[-1] == 10.0  # the range of both together
    assert ca.color_of("a2") == cb.color_of("b0")  # 2.0 on A and 2.0 on B: the same colour
    assert ca.color_of("a3") == cb.color_of("b4")  # 3.0 likewise
    assert ca.missing == ("a4",)
    # each map alone would have used its own range
    assert classify(b, scheme=scheme).lower[0] == 2.0


def test_shared_breaks_without_values_and_with_one_value():
    assert shared_breaks(series([np.nan]), series([]), scheme="quantiles") is None
    assert shared_breaks(series([4.0, 4.0]), series([4.0])) == Breaks((4.0,), (4.0,))


def test_duel_layers_share_their_legend():
    a = score(AREAS, IND, DEF, BASE)
    b = score(AREAS, IND, DEF, BASE.with_weight("ekonomi", 5.0).with_weight("boende", 0.0))
    breaks = shared_breaks(a.result.index, b.result.index, scheme=BASE.scheme)
    la = index_layer(a, ranking_view(a, a), DEF, breaks=breaks)
    lb = index_layer(b, ranking_view(b, a), DEF, breaks=breaks)
    labels = [[sw.label for sw in layer.legend.swatches if sw.kind == "fill"] for layer in (la, lb)]
    assert labels[0] == labels[1] and len(labels[0]) == 5
    # without shared breaks the two legends differ (what the duel showed before)
    own = [index_layer(s, ranking_view(s, a), DEF) for s in (a, b)]
    assert [sw.label for sw in own[0].legend.swatches] != [sw.label for sw in own[1].legend.swatches]


def test_shift_legend_shows_the_rank_changes_of_each_shade():
    legend = shift_legend("sv")
    labels = [sw.label for sw in legend.swatches]
    assert labels == ["↑ 4 eller fler", "↑ 2–3", "↑ 1", "0 (oförändrad)", "↓ 1", "↓ 2–3", "↓ 4 eller fler"]
    assert legend.low_label == "högre prioritet i B" and legend.high_label == "lägre prioritet i B"
    assert [sw.colors for sw in legend.swatches] == \
        [(c,) for c in reversed(SHIFT_UP)] + [(SHIFT_SAME,)] + [(c,) for c in SHIFT_DOWN]
    assert shift_legend("en").swatches[0].label == "↑ 4 or more"


def test_shift_legend_numbers_are_the_colouring_rule():
    """Each shade's range is what rank_shift_color does at both of its ends."""
    for shade, (low, high) in enumerate(shift_ranges()):
        for change in (low, high if high is not None else low + 50):
            assert rank_shift_color(change) == SHIFT_UP[shade]
            assert rank_shift_color(-change) == SHIFT_DOWN[shade]
    assert rank_shift_color(0) == SHIFT_SAME
