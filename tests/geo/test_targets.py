"""Follow-up plans as data: the shipped example parses, bad files get Swedish messages naming the problem."""

from __future__ import annotations

import pytest

from geo.errors import DataError
from geo.paths import DATA
from geo.targets import list_plans, load_plan, parse_plan


def test_the_demo_plan_is_synthetic_and_has_2030_and_2035():
    plan = load_plan(DATA / "targets" / "demo-omradeslyft.toml")
    assert plan.synthetic and plan.years == (2030, 2035)
    assert "unga_arbete_studier" in plan.indicator_ids
    assert plan.base_year == 2022 and plan.trend_years == 4
    assert [p.id for p in list_plans(DATA / "targets")] == ["demo-omradeslyft"]
    assert list_plans(None) == [] and list_plans(DATA / "finns-inte") == []


GOOD = {"plan": {"id": "p", "name": "P"}, "targets": [{"indicator": "x", "year": 2030, "value": 1}]}


@pytest.mark.parametrize(("change", "message"), [
    ({"plan": None}, r"\[plan\] saknas"),
    ({"plan": {"id": "P Q", "name": "P"}}, "ogiltigt"),
    ({"plan": {"id": "p", "name": "P", "trend_years": 2}}, "trend_years"),
    ({"targets": []}, "inga \\[\\[targets\\]\\]"),
    ({"targets": [{"year": 2030, "value": 1}]}, "saknar 'indicator'"),
    ({"targets": [{"indicator": "x", "year": "2030", "value": 1}]}, "årtal"),
    ({"targets": [{"indicator": "x", "year": 2030}]}, "antingen 'value' eller 'close_gap'"),
    ({"targets": [{"indicator": "x", "year": 2030, "value": 1, "close_gap": 5}]}, "antingen"),
    ({"targets": [{"indicator": "x", "year": 2030, "scope": "city", "close_gap": 50}]}, "close_gap"),
    ({"targets": [{"indicator": "x", "year": 2030, "close_gap": 150}]}, "0–100"),
    ({"targets": [{"indicator": "x", "year": 2030, "scope": "stad", "value": 1}]}, "'city' eller 'areas'"),
    ({"targets": [{"indicator": "x", "year": 2030, "value": 1}, {"indicator": "x", "year": 2030, "value": 2}]},
     "två gånger"),
])
def test_bad_plans_are_refused_with_the_reason(change, message):
    data = {**GOOD, **change}
    if data["plan"] is None:
        del data["plan"]
    with pytest.raises(DataError, match=message):
        parse_plan(data, file="mal.toml")


def test_an_unreadable_file_names_itself(tmp_path):
    bad = tmp_path / "mal.toml"
    bad.write_text("[plan\nid=", encoding="utf-8")
    with pytest.raises(DataError, match="TOML") as err:
        load_plan(bad)
    assert "mal.toml" in str(err.value)
    with pytest.raises(DataError, match="finns inte"):
        load_plan(tmp_path / "saknas.toml")
