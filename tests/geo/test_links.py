"""Link weights must be what the sliders can show: plain decimals, in range, on the slider's step.

A weight the widgets cannot show would be applied while the slider or number input shows
something else (issue 17: ``iv=valdeltagande:9`` applied 9 while the box showed 0.00;
``v=delaktighet:5e-324,…`` ranked by one dimension while every slider showed 0.00), or crash
the page (issue 16: ``v=ekonomi:7`` → ``StreamlitValueAboveMaxError``). Such links are
refused, naming the parameter; the store's form (no catalog) still reads any weight it wrote.
"""

from __future__ import annotations

import pytest

from geo.definition import list_definitions
from geo.links import Catalog, QueryError, from_query, parse_query_string, to_query_string
from geo.paths import demo_paths
from geo.settings import WEIGHT_MAX, WEIGHT_MIN, WEIGHT_STEP, ViewSettings, weight_fits_slider

DEFS = {d.id: d for d in list_definitions(demo_paths().definitions_dir)}
DEF = DEFS["malmo-2023"]
CATALOG = Catalog(DEFS, years={d: [2023, 2024] for d in DEFS}, default_definition="malmo-2023")


@pytest.mark.parametrize("param, text", [
    ("v", "ekonomi:1_0"),       # float() reads 10
    ("v", "ekonomi:0_5"),       # float() reads 5: inside the range, still not a number a person writes
    ("v", "ekonomi:\uff15"),    # a full-width 5: float() reads it
    ("v", "ekonomi:0x1"),
    ("v", "ekonomi: 1 2"),
    ("v", "ekonomi:inf"),
    ("v", "ekonomi:nan"),
    ("v", "ekonomi:-0"),
    ("iv", "valdeltagande:1_0"),
])
def test_malformed_weights_are_refused_as_not_a_number(param, text):
    with pytest.raises(QueryError) as err:
        from_query({"def": "malmo-2023", param: text}, CATALOG)
    assert err.value.param == param
    assert "inte ett tal" in str(err.value) and "Standardinställningarna" in str(err.value)


@pytest.mark.parametrize("param, text", [
    ("v", "ekonomi:7"),
    ("v", "ekonomi:1e308"),
    ("v", "ekonomi:5.5"),
    ("iv", "valdeltagande:9"),
])
def test_weights_outside_the_sliders_range_are_refused(param, text):
    with pytest.raises(QueryError) as err:
        from_query({"def": "malmo-2023", param: text}, CATALOG)
    assert err.value.param == param and "reglagen går från 0 till 5" in str(err.value)


@pytest.mark.parametrize("param, text", [
    ("v", "delaktighet:5e-324,utbildning:0,ekonomi:0,boende:0"),
    ("v", "ekonomi:0.123"),
    ("v", "ekonomi:2.25"),
    ("iv", "valdeltagande:0.25"),
    ("iv", "valdeltagande:1e-300"),
])
def test_weights_between_the_sliders_steps_are_refused(param, text):
    with pytest.raises(QueryError) as err:
        from_query({"def": "malmo-2023", param: text}, CATALOG)
    assert err.value.param == param
    assert "steg om 0,5" in str(err.value) and "Standardinställningarna" in str(err.value)


@pytest.mark.parametrize("text", ["ekonomi:0", "ekonomi:0.5", "ekonomi:2.0", "ekonomi:5", "ekonomi:1e0",
                                  "ekonomi:.5", "ekonomi:4.50"])
def test_weights_on_the_sliders_are_read(text):
    value = float(text.split(":")[1])
    assert from_query({"def": "malmo-2023", "v": text}, CATALOG).weight_map["ekonomi"] == value


def test_every_slider_position_round_trips_and_nothing_else_fits():
    positions = [WEIGHT_MIN + k * WEIGHT_STEP for k in range(int((WEIGHT_MAX - WEIGHT_MIN) / WEIGHT_STEP) + 1)]
    assert all(weight_fits_slider(w) for w in positions)
    for w in positions:
        s = ViewSettings.default(DEF, weights={**DEF.default_weights(), "ekonomi": w})
        assert from_query(parse_query_string(to_query_string(s, DEF)), CATALOG) == s
    assert not any(weight_fits_slider(w) for w in (5e-324, 0.25, 0.123, 4.999999, 5.5, -0.5, 1e308))


def test_the_stores_form_still_reads_any_weight_it_wrote():
    s = ViewSettings.default(DEF, weights={"ekonomi": 1e16, "boende": 1e-300},
                             indicator_weights={"valdeltagande": 0.35})
    assert from_query(parse_query_string(to_query_string(s))) == s
    with pytest.raises(QueryError):  # but not text that is not a plain number
        from_query({"def": "malmo-2023", "v": "ekonomi:1_0"})
