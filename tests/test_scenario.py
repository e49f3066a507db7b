"""Scenarios ↔ URL parameters: round trips and clear errors for bad or stale links."""

import urllib.parse

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.definition import list_definitions
from geo.errors import DataError
from geo.paths import demo_paths
from geo.scenario import QueryError, Scenario, format_weight, from_query, parse_query_string

DEFS = {d.id: d for d in list_definitions(demo_paths().definitions_dir)}
DEF = DEFS["malmo-2023"]
YEARS = [2019, 2020, 2021, 2022, 2023, 2024]


def custom() -> Scenario:
    ind = DEF.default_indicator_weights()
    first = DEF.indicator_ids[0]
    ind[first] = 0.35
    return Scenario.default(DEF, year=2023, name="Förslag <script>alert(1)</script> & co").with_(
        method="minmax", weights={"delaktighet": 1.0, "utbildning": 2.0, "ekonomi": 0.5, "boende": 0.0},
        indicator_weights=ind, top_k=4, scheme="natural_breaks")


def test_query_is_compact_and_readable():
    q = custom().to_query(DEF)
    assert q["def"] == "malmo-2023" and q["ar"] == "2023" and q["metod"] == "minmax" and q["k"] == "4"
    assert q["v"] == "delaktighet:1,utbildning:2,ekonomi:0.5,boende:0"
    assert q["iv"] == f"{DEF.indicator_ids[0]}:0.35"  # only weights that differ from the definition
    assert "agg" not in q  # default aggregation is not written
    assert q["klass"] == "natural_breaks"
    text = custom().to_query_string(DEF)
    assert "v=delaktighet:1,utbildning:2" in text


def test_round_trip_state_query_state():
    s = custom()
    back = from_query(s.to_query(DEF), DEFS, years=YEARS)
    assert back.key() == s.key()
    assert back.name == s.name  # literal, HTML not interpreted


def test_round_trip_through_url_text():
    s = custom().with_(aggregation="geometric", method="ratio")
    params = parse_query_string("?" + s.to_query_string(DEF))
    assert from_query(params, DEFS).key() == s.key()
    # parse_qs-style lists work too
    lists = urllib.parse.parse_qs(s.to_query_string(DEF))
    assert from_query(lists, list(DEFS.values())).key() == s.key()


def test_default_scenario_round_trip_and_missing_params():
    s = Scenario.default(DEF)
    assert from_query(s.to_query(DEF), DEFS).key() == s.key()
    minimal = from_query({"def": "malmo-2023"}, DEFS)
    assert minimal.key() == Scenario.default(DEF).key()
    assert from_query({}, DEFS, default_definition="malmo-2023").definition_id == "malmo-2023"


@pytest.mark.parametrize("params, param", [
    ({"def": "okand"}, "def"),
    ({"def": "malmo-2023", "ver": "1999.1"}, "ver"),
    ({"def": "malmo-2023", "ar": "tjugo"}, "ar"),
    ({"def": "malmo-2023", "ar": "1990"}, "ar"),
    ({"def": "malmo-2023", "metod": "median"}, "metod"),
    ({"def": "malmo-2023", "agg": "harmonic"}, "agg"),
    ({"def": "malmo-2023", "v": "delaktighet:x"}, "v"),
    ({"def": "malmo-2023", "v": "halsa:1"}, "v"),
    ({"def": "malmo-2023", "v": "ekonomi:-1"}, "v"),
    ({"def": "malmo-2023", "v": "ekonomi:nan"}, "v"),
    ({"def": "malmo-2023", "v": "ekonomi"}, "v"),
    ({"def": "malmo-2023", "v": "ekonomi:1,ekonomi:2"}, "v"),
    ({"def": "malmo-2023", "v": "delaktighet:0,utbildning:0,ekonomi:0,boende:0"}, "v"),
    ({"def": "malmo-2023", "iv": "okand:1"}, "iv"),
    ({"def": "malmo-2023", "k": "tre"}, "k"),
    ({"def": "malmo-2023", "k": "0"}, "k"),
    ({"def": "malmo-2023", "klass": "kmeans"}, "klass"),
    ({}, "def"),
])
def test_bad_links_name_the_parameter(params, param):
    with pytest.raises(QueryError) as err:
        from_query(params, DEFS, years=YEARS)
    assert err.value.param == param
    assert isinstance(err.value, DataError)
    assert f"'{param}'" in str(err.value) and "Standardinställningarna" in str(err.value)


def test_indicator_weights_all_zero_in_a_dimension_is_an_error():
    dim = DEF.dimensions[0]
    iv = ",".join(f"{i.id}:0" for i in dim.indicators)
    with pytest.raises(QueryError) as err:
        from_query({"def": DEF.id, "iv": iv}, DEFS)
    assert err.value.param == "iv"


def test_years_per_definition():
    with pytest.raises(QueryError):
        from_query({"def": DEF.id, "ar": "2024"}, DEFS, years={DEF.id: [2023]})
    assert from_query({"def": DEF.id, "ar": "2023"}, DEFS, years={DEF.id: [2023]}).year == 2023


@given(st.lists(st.floats(min_value=0, max_value=1e6, allow_nan=False), min_size=4, max_size=4).filter(
    lambda ws: sum(ws) > 0))
@settings(max_examples=60, deadline=None)
def test_weights_round_trip_exactly(ws):
    s = Scenario.default(DEF).with_(weights=dict(zip(DEF.dimension_ids, ws)))
    back = from_query(parse_query_string(s.to_query_string(DEF)), DEFS)
    assert back.weights == s.weights


def test_format_weight():
    assert format_weight(2.0) == "2" and format_weight(0.1 + 0.2) == repr(0.1 + 0.2) and format_weight(0.5) == "0.5"


def test_from_settings_duck_typed():
    class Settings:
        definition_id = DEF.id
        year = 2023
        method = "ratio"
        aggregation = "geometric"
        weight_map = {"ekonomi": 2.0}
        indicator_weight_map = {}
        top_k = 5
        scheme = "equal_interval"

    s = Scenario.from_settings(Settings(), DEF, name="x")
    assert (s.year, s.method, s.aggregation, s.top_k, s.scheme, s.name) == (2023, "ratio", "geometric", 5,
                                                                             "equal_interval", "x")
    back = from_query(s.to_query(DEF), DEFS)
    assert back.weights["ekonomi"] == 2.0 and back.weights["boende"] == DEF.dimension("boende").weight
