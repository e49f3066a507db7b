"""The follow-up table on small hand-made data: city values from counts, the least-squares trend,
the yearly change needed, the status, gap targets in both directions, honest change markers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from geo.definition import parse_definition
from geo.engine.progress import CITY_ID, follow_up_table, yearly_values
from geo.errors import DataError
from geo.targets import parse_plan

DEFINITION = parse_definition({
    "definition": {"id": "t", "name": "T", "version": "1", "follow_up_start": 2021},
    "dimensions": [{"id": "ekonomi", "label": "Ekonomi", "indicators": [
        {"id": "arbete", "label": "Arbete", "unit": "%", "polarity": 1},
        {"id": "bistand", "label": "Bistånd", "unit": "%", "polarity": -1}]}],
    "follow_up": [{"id": "unga", "label": "Unga i arbete eller studier", "unit": "%", "polarity": 1}],
})
AREAS = pd.DataFrame({"area_id": ["A", "B", "C"], "area_name": ["Ana", "Bo", "Ce"]})
YEARS = list(range(2019, 2025))


def _table() -> pd.DataFrame:
    rows = []
    for k, year in enumerate(YEARS):
        # arbete: A rises 2 points a year from 50 (1,000 persons), B flat at 70 (1,000), C rises 0.5 from 80 (20).
        for area, start, step, den in (("A", 50.0, 2.0, 1000), ("B", 70.0, 0.0, 1000), ("C", 80.0, 0.5, 20)):
            value = start + step * k
            num = round(value / 100 * den)
            rows.append((area, "arbete", year, 100 * num / den, num, den))
        # bistand (polarity −1, no counts): A falls 1 a year from 20, B and C flat at 10.
        for area, start, step in (("A", 20.0, -1.0), ("B", 10.0, 0.0), ("C", 10.0, 0.0)):
            rows.append((area, "bistand", year, start + step * k, np.nan, np.nan))
    # unga only in the last two years: too little for a trend.
    for year in (2023, 2024):
        for area in ("A", "B", "C"):
            rows.append((area, "unga", year, 80.0, np.nan, np.nan))
    return pd.DataFrame(rows, columns=["area_id", "indicator_id", "year", "value", "numerator", "denominator"])


PLAN = parse_plan({
    "plan": {"id": "p", "name": "P", "trend_years": 4, "base_year": 2021},
    "targets": [
        {"indicator": "arbete", "scope": "areas", "year": 2030, "close_gap": 50},
        {"indicator": "arbete", "scope": "city", "year": 2030, "value": 75.0},
        {"indicator": "bistand", "scope": "areas", "year": 2030, "close_gap": 100},
        {"indicator": "unga", "scope": "city", "year": 2030, "value": 85.0},
        {"indicator": "okand", "scope": "city", "year": 2030, "value": 1.0},
    ],
})


@pytest.fixture(scope="module")
def follow():
    return follow_up_table(_table(), AREAS, DEFINITION, reference_year=2021, plan=PLAN)


def _row(follow, area, ind):
    t = follow.table
    return t[(t["area_id"] == area) & (t["indicator_id"] == ind)].iloc[0]


def test_one_row_per_area_and_indicator_and_the_city_last(follow):
    t = follow.table
    assert len(t) == 4 * 3
    assert list(t["area_id"].unique()) == ["A", "B", "C", CITY_ID]
    assert set(t.loc[t["scope"] == "city", "area_id"]) == {CITY_ID}
    assert _row(follow, "A", "unga")["role"] == "follow_up"


def test_the_city_is_the_share_of_its_people_when_counts_are_known(follow):
    city = _row(follow, CITY_ID, "arbete")
    t = _table()
    ref = t[(t["indicator_id"] == "arbete") & (t["year"] == 2021)]
    assert city["basis"] == "counts"
    assert city["reference_value"] == pytest.approx(100 * ref["numerator"].sum() / ref["denominator"].sum())
    assert _row(follow, CITY_ID, "bistand")["basis"] == "mean"
    assert _row(follow, CITY_ID, "bistand")["reference_value"] == pytest.approx((18 + 10 + 10) / 3)


def test_trend_needed_change_and_status(follow):
    a = _row(follow, "A", "arbete")
    assert a["trend_per_year"] == pytest.approx(2.0, abs=0.05) and a["trend_years"] == 4
    city_2021 = _row(follow, CITY_ID, "arbete")["reference_value"]
    target = 54.0 + 0.5 * (city_2021 - 54.0)  # base 2021: 50 + 2·2
    assert a["target_2030"] == pytest.approx(target)
    assert a["needed_per_year_2030"] == pytest.approx((target - a["latest_value"]) / (2030 - 2024))
    assert a["status_2030"] == "on_track"  # rising 2 a year, needs less
    b = _row(follow, "B", "arbete")
    assert b["trend_per_year"] == pytest.approx(0.0)
    assert b["target_2030"] == pytest.approx(b["reference_value"])  # better than the city: hold the level
    assert b["status_2030"] == "on_track"
    city = _row(follow, CITY_ID, "arbete")
    assert city["target_2030"] == 75.0
    expected = "on_track" if city["trend_per_year"] >= (75.0 - city["latest_value"]) / 6 else "off_track"
    assert city["status_2030"] == expected


def test_a_gap_target_for_a_lower_is_better_indicator_moves_down(follow):
    a = _row(follow, "A", "bistand")
    city_2021 = (18 + 10 + 10) / 3
    assert a["target_2030"] == pytest.approx(18 + 1.0 * (city_2021 - 18))  # close the whole gap, downwards
    assert a["target_2030"] < a["reference_value"]
    assert a["trend_per_year"] == pytest.approx(-1.0)
    assert a["status_2030"] == "on_track"  # falling 1 a year (good), needs less
    assert _row(follow, "B", "bistand")["target_2030"] == pytest.approx(10.0)  # already better than the city


def test_too_little_data_and_an_unknown_indicator_is_said(follow):
    assert _row(follow, CITY_ID, "unga")["status_2030"] == "too_little_data"
    assert np.isnan(_row(follow, CITY_ID, "unga")["trend_per_year"])
    assert any("okand" in n for n in follow.notes)
    assert _row(follow, "A", "unga")["status_2030"] == ""  # no area target for unga


def test_change_markers_and_small_bases(follow):
    a = _row(follow, "A", "arbete")
    assert a["change"] == pytest.approx(6.0) and a["change_marker"] == "improved"
    assert a["change_lower"] < 6.0 < a["change_upper"]
    c = _row(follow, "C", "arbete")
    assert bool(c["small_base"]) and c["change_marker"] == "uncertain"
    assert _row(follow, "A", "bistand")["change_marker"] == "unknown"  # no counts: cannot be judged


def test_summary_counts_the_statuses(follow):
    s = follow.summary().set_index("area_id")
    assert s.loc["A", "on_track"] == 2 and s.loc[CITY_ID, "too_little_data"] == 1


def test_until_year_follows_up_to_that_year():
    early = follow_up_table(_table(), AREAS, DEFINITION, reference_year=2020, until_year=2022)
    a = early.table[(early.table["area_id"] == "A") & (early.table["indicator_id"] == "arbete")].iloc[0]
    assert a["latest_year"] == 2022 and a["latest_value"] == pytest.approx(56.0)
    assert early.target_years == () and early.summary().empty


def test_a_reference_year_without_data_is_a_clear_error():
    with pytest.raises(DataError, match="referensåret 2010"):
        follow_up_table(_table(), AREAS, DEFINITION, reference_year=2010)


def test_yearly_values_hold_areas_and_the_city():
    yearly = yearly_values(_table(), ["A", "B", "C"], ["arbete"])
    assert set(yearly["area_id"]) == {"A", "B", "C", CITY_ID}
    assert len(yearly) == 4 * len(YEARS)
