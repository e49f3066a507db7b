"""Scenarios are settings with a name: a named link round-trips, names stay literal."""

import pytest

from geo.definition import list_definitions
from geo.links import Catalog, QueryError, parse_query_string
from geo.paths import demo_paths
from geo.scenario import MAX_NAME, Scenario, scenario_from_query
from geo.settings import ViewSettings

DEFS = {d.id: d for d in list_definitions(demo_paths().definitions_dir)}
DEF = DEFS["malmo-2023"]
CATALOG = Catalog(DEFS, years={d: [2023, 2024] for d in DEFS})


def test_named_link_round_trip():
    sc = Scenario(ViewSettings.default(DEF, method="ratio", year=2023), name="Förslag <script>alert(1)</script> & co")
    q = sc.to_query(DEF)
    assert q["namn"] == sc.name
    back = scenario_from_query(q, CATALOG)
    assert back.settings == sc.settings and back.name == sc.name  # literal, HTML not interpreted


def test_link_without_name_is_an_unnamed_scenario():
    back = scenario_from_query(parse_query_string("def=malmo-2023&metod=rank"), CATALOG)
    assert back.name == "" and back.settings.method == "rank"


def test_too_long_name_names_the_parameter():
    with pytest.raises(QueryError) as err:
        scenario_from_query({"def": DEF.id, "namn": "x" * (MAX_NAME + 1)}, CATALOG)
    assert err.value.param == "namn"


def test_scenario_holds_no_choice_twice():
    fields = set(Scenario.__dataclass_fields__)
    assert fields == {"settings", "name", "note", "created", "changed", "id"}


def test_a_links_name_is_cleaned_like_a_stored_one():
    """A named link goes through the store's cleaning (issue 17): lookalikes are the same name, a control
    character is refused naming the parameter and the position, invisible characters alone are no name."""
    back = scenario_from_query({"def": DEF.id, "namn": "Fo\u0308rs\u200blag  1\u200e"}, CATALOG)
    assert back.name == "Förslag 1"
    with pytest.raises(QueryError) as err:
        scenario_from_query({"def": DEF.id, "namn": "Om\x00rådet"}, CATALOG)
    assert err.value.param == "namn" and "position 3" in str(err.value) and "U+0000" in str(err.value)
    assert scenario_from_query({"def": DEF.id, "namn": "\u200b\u200e"}, CATALOG).name == ""
