"""The index over the years on one yardstick: the city, change since the reference year, the fixed
priority group and whether the gap to the rest narrows."""

from __future__ import annotations

import numpy as np
import pytest

from geo.dataset.load import load_dataset
from geo.definition import load_definition, parse_definition
from geo.engine.history import index_history
from geo.engine.scoring import score_years
from geo.paths import DATA, demo_paths
from geo.settings import ViewSettings


@pytest.fixture(scope="module")
def demo():
    data = load_dataset(demo_paths())
    return data, data.default_definition


def test_the_definitions_say_where_the_follow_up_starts_and_what_is_followed_only():
    d = load_definition(DATA / "definitions" / "malmo-2023.toml")
    assert d.follow_up_start == 2022
    assert d.follow_up_ids == ("unga_arbete_studier",)
    assert "unga_arbete_studier" not in d.indicator_ids  # not in the index
    assert d.any_indicator("unga_arbete_studier").role == "follow_up"


@pytest.mark.parametrize(("extra", "message"), [
    ({"follow_up": [{"id": "a", "label": "A", "polarity": 1}]}, "mer än en gång"),
    ({"follow_up": {"id": "u"}}, "lista"),
    ({"definition": {"id": "t", "name": "T", "follow_up_start": "2022"}}, "årtal"),
])
def test_bad_follow_up_entries_are_refused(extra, message):
    from geo.errors import DataError

    raw = {"definition": {"id": "t", "name": "T"},
           "dimensions": [{"id": "d", "label": "D", "indicators": [{"id": "a", "label": "A", "polarity": 1}]}]}
    with pytest.raises(DataError, match=message):
        parse_definition({**raw, **extra})


def test_on_a_fixed_yardstick_the_demo_city_improves_and_the_gap_narrows(demo):
    data, d = demo
    settings = ViewSettings.default(d, reference_year=2022)
    hist = index_history(score_years(data, d, settings), 2022)
    assert hist.fixed_yardstick and hist.reference_year == 2022 and hist.years == list(range(2019, 2025))
    city = hist.city()
    assert city.loc[2022] == pytest.approx(0.0, abs=1e-9)  # z-scores: the reference year's mean is 0
    assert (np.diff(city.to_numpy()) > 0).all()  # the synthetic city improves every year
    ranks_2022 = score_years(data, d, settings)[2022].result.rank
    assert set(hist.priority) == set(ranks_2022[ranks_2022 <= 3].index)
    trend, slope = hist.gap_trend()
    assert trend == "narrowing" and slope < 0
    gap = hist.gap().set_index("year")
    assert gap.loc[2024, "gap"] < gap.loc[2022, "gap"]
    change = hist.change()
    assert change["relative"].sum() == pytest.approx(0.0, abs=1e-9)  # relative to the city's (mean) change
    assert (change["change"] > 0).sum() > (change["change"] < 0).sum() > 0


def test_without_a_yardstick_every_year_is_centred_and_change_is_relative(demo):
    data, d = demo
    hist = index_history(score_years(data, d, ViewSettings.default(d)), None)
    assert not hist.fixed_yardstick and hist.reference_year == 2019
    complete = [y for y in hist.years if y != 2019]  # 2019 has one suppressed cell
    assert np.allclose(hist.city().loc[complete], 0.0, atol=1e-9)


def test_the_same_settings_in_the_reference_year_reproduce_the_yearly_result(demo):
    data, d = demo
    with_ref = score_years(data, d, ViewSettings.default(d, reference_year=2022))[2022]
    without = score_years(data, d, ViewSettings.default(d))[2022]
    np.testing.assert_allclose(with_ref.result.index, without.result.index, atol=1e-12)
