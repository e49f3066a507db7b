"""The ranking view: rank, change against the baseline, top-k entries and exits, the duel table."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.definition import load_definition
from geo.engine.scoring import score
from geo.paths import demo_paths
from geo.readers.areas import read_areas
from geo.readers.indicators import read_indicators
from geo.settings import ViewSettings
from geo.view.ranking import compare_table, rank_change_label, ranking_view, top_k_changes

P = demo_paths()
AREAS = read_areas(P.areas)
IND = read_indicators(P.indicators)
DEF = load_definition(P.default_definition)
BASE = ViewSettings.default(DEF)


def scored(settings: ViewSettings):
    return score(AREAS, IND, DEF, settings)


def test_ranking_view_against_itself_has_no_changes():
    s = scored(BASE)
    view = ranking_view(s, s)
    assert list(view["rank"]) == sorted(view["rank"]) and view["rank"].iloc[0] == 1
    assert (view["rank_change"] == 0).all() and set(view["change_label"]) == {"–"}
    assert view["in_top_k"].sum() == BASE.top_k and (view["top_k_status"] == "").all()


def test_rank_change_is_baseline_minus_current_and_top_k_follows_the_settings():
    current = scored(BASE.with_(top_k=4).with_weight("boende", 5.0))
    view = ranking_view(current, scored(BASE))
    assert (view["rank_change"] == view["baseline_rank"] - view["rank"]).all()
    assert view["in_top_k"].sum() == 4  # the current settings' top k
    for row in view.itertuples():
        assert row.change_label == rank_change_label(row.rank_change)
        assert row.in_top_k == (row.rank <= 4) and row.was_top_k == (row.baseline_rank <= 4)
    changes = top_k_changes(view)
    assert set(changes.entering) == set(view.loc[view["top_k_status"] == "in", "area_name"])
    assert set(changes.leaving) == set(view.loc[view["top_k_status"] == "out", "area_name"])


def test_duel_table_lists_exactly_the_areas_that_change_top_k_membership():
    a, b = scored(BASE), scored(BASE.with_weight("ekonomi", 4.0))
    view = ranking_view(b, a)
    moved = compare_table(view, top_k=3)
    assert set(moved["top_k_status"]) == {"in", "out"}
    assert all((r.baseline_rank <= 3) != (r.rank <= 3) for r in moved.itertuples())


def test_unranked_area_is_last_without_rank():
    edu = [i.id for i in DEF.dimension("utbildning").indicators]
    ind = IND[~((IND["area_id"] == "G14") & IND["indicator_id"].isin(edu))]
    s = score(AREAS, ind, DEF, BASE)
    view = ranking_view(s, s)
    assert view["area_id"].iloc[-1] == "G14" and pd.isna(view["rank"].iloc[-1])
    assert view["change_label"].iloc[-1] == "" and not view["in_top_k"].iloc[-1]


@pytest.mark.parametrize("change, label", [(2, "↑2"), (-1, "↓1"), (0, "–"), (None, ""), (float("nan"), "")])
def test_rank_change_label(change, label):
    assert rank_change_label(change) == label


def test_change_labels_need_no_emoji_font():
    """Arrows and digits only: every font has them (issue 11: no meaning depends on an emoji font)."""
    for change in (-3, -1, 0, 1, 5, None):
        label = rank_change_label(change)
        assert all(ord(ch) < 0x2600 for ch in label), label
