"""ViewSettings: one validation, one URL codec (every choice round-trips), one year rule."""

import urllib.parse

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.definition import list_definitions
from geo.errors import DataError
from geo.links import PARAMS, Catalog, QueryError, from_query, parse_query_string, to_query, to_query_string
from geo.paths import demo_paths
from geo.settings import (
    LANGS,
    METHODS,
    SCHEMES,
    WEIGHT_MAX,
    WEIGHT_STEP,
    SettingsConflict,
    SettingsError,
    ViewSettings,
    describe,
    format_weight,
    pick_year,
)

DEFS = {d.id: d for d in list_definitions(demo_paths().definitions_dir)}
DEF = DEFS["malmo-2023"]
YEARS = [2019, 2020, 2021, 2022, 2023, 2024]
CATALOG = Catalog(DEFS, years={d: YEARS for d in DEFS}, default_definition="malmo-2023")


def custom() -> ViewSettings:
    first = DEF.indicator_ids[0]
    return ViewSettings.default(DEF, year=2023, method="minmax", top_k=4, scheme="natural_breaks").with_(
        weights={"delaktighet": 1.0, "utbildning": 2.0, "ekonomi": 0.5, "boende": 0.0},
        indicator_weights={**DEF.default_indicator_weights(), first: 0.35})


def test_query_is_compact_and_readable():
    q = to_query(custom(), DEF)
    assert q["def"] == "malmo-2023" and q["ar"] == "2023" and q["metod"] == "minmax" and q["k"] == "4"
    assert q["v"] == "delaktighet:1,utbildning:2,ekonomi:0.5,boende:0"
    assert q["iv"] == f"{DEF.indicator_ids[0]}:0.35"  # only weights that differ from the definition
    assert "agg" not in q and "sprak" not in q and "bakgrund" not in q  # defaults are not written
    assert q["klass"] == "natural_breaks"
    assert "v=delaktighet:1,utbildning:2" in to_query_string(custom(), DEF)


def test_every_setting_round_trips_through_the_link():
    # a link opened in the app carries weights the sliders can show (0.35 is not one: tests/geo/test_links.py)
    s = custom().with_(aggregation="geometric", method="ratio", lang="en", basemap=True,
                       indicator_weights={**DEF.default_indicator_weights(), DEF.indicator_ids[0]: 2.5})
    q = to_query(s, DEF)
    assert q["sprak"] == "en" and q["bakgrund"] == "1" and q["agg"] == "geometric"
    back = from_query(parse_query_string("?" + to_query_string(s, DEF)), CATALOG)
    assert back == s
    # parse_qs-style lists work too
    assert from_query(urllib.parse.parse_qs(to_query_string(s, DEF)), CATALOG) == s


def test_every_field_has_one_parameter():
    assert len({p.name for p in PARAMS}) == len(PARAMS)
    assert [p.field for p in PARAMS][:1] == ["definition_id"]


@given(method=st.sampled_from(METHODS), scheme=st.sampled_from(SCHEMES), lang=st.sampled_from(LANGS),
       basemap=st.booleans(), top_k=st.integers(1, 14), year=st.sampled_from([None, *YEARS]),
       ws=st.lists(st.floats(min_value=0, max_value=WEIGHT_MAX, allow_nan=False), min_size=4, max_size=4).filter(
           lambda ws: sum(ws) > 0),
       positions=st.lists(st.integers(0, int(WEIGHT_MAX / WEIGHT_STEP)), min_size=4, max_size=4).filter(any))
@settings(max_examples=80, deadline=None)
def test_round_trip_property(method, scheme, lang, basemap, top_k, year, ws, positions):
    s = ViewSettings.default(DEF, method=method, scheme=scheme, lang=lang, basemap=basemap, top_k=top_k,
                             year=year, weights=dict(zip(DEF.dimension_ids, ws)))
    # the store's form (no definition, exactly the weights held) round-trips any weight
    assert from_query(parse_query_string(to_query_string(s))) == s
    # a link opened in the app: any position of the sliders
    s = s.with_(weights=dict(zip(DEF.dimension_ids, (p * WEIGHT_STEP for p in positions), strict=True)))
    assert from_query(parse_query_string(to_query_string(s, DEF)), CATALOG) == s


def test_default_settings_and_missing_params():
    s = ViewSettings.default(DEF)
    assert from_query(to_query(s, DEF), CATALOG) == s
    assert from_query({"def": "malmo-2023"}, CATALOG) == s
    assert from_query({}, CATALOG).definition_id == "malmo-2023"


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
    ({"def": "malmo-2023", "v": "ekonomi:9"}, "v"),  # beyond the sliders: could not be shown
    ({"def": "malmo-2023", "iv": "valdeltagande:5.5"}, "iv"),
    ({"def": "malmo-2023", "v": "ekonomi"}, "v"),
    ({"def": "malmo-2023", "v": "ekonomi:1,ekonomi:2"}, "v"),
    ({"def": "malmo-2023", "v": "delaktighet:0,utbildning:0,ekonomi:0,boende:0"}, "v"),
    ({"def": "malmo-2023", "iv": "okand:1"}, "iv"),
    ({"def": "malmo-2023", "k": "tre"}, "k"),
    ({"def": "malmo-2023", "k": "0"}, "k"),
    ({"def": "malmo-2023", "klass": "kmeans"}, "klass"),
    ({"def": "malmo-2023", "sprak": "de"}, "sprak"),
    ({"def": "malmo-2023", "bakgrund": "kanske"}, "bakgrund"),
    ({}, "def"),
])
def test_bad_links_name_the_parameter(params, param):
    catalog = CATALOG if params else Catalog(DEFS, years={d: YEARS for d in DEFS})
    with pytest.raises(QueryError) as err:
        from_query(params, catalog)
    assert err.value.param == param
    assert isinstance(err.value, DataError)
    assert f"'{param}'" in str(err.value) and "Standardinställningarna" in str(err.value)


def test_indicator_weights_all_zero_in_a_dimension_is_an_error():
    iv = ",".join(f"{i.id}:0" for i in DEF.dimensions[0].indicators)
    with pytest.raises(QueryError) as err:
        from_query({"def": DEF.id, "iv": iv}, CATALOG)
    assert err.value.param == "iv"


def test_years_per_definition():
    catalog = Catalog(DEFS, years={DEF.id: [2023]})
    with pytest.raises(QueryError):
        from_query({"def": DEF.id, "ar": "2024"}, catalog)
    assert from_query({"def": DEF.id, "ar": "2023"}, catalog).year == 2023


def test_top_k_is_limited_by_the_catalog():
    with pytest.raises(QueryError):
        from_query({"def": DEF.id, "k": "15"}, Catalog(DEFS, max_top_k=14))


@pytest.mark.parametrize("changes, setting", [
    ({"method": "median"}, "method"), ({"aggregation": "harmonic"}, "aggregation"), ({"scheme": "x"}, "scheme"),
    ({"lang": "de"}, "lang"), ({"top_k": 0}, "top_k"), ({"top_k": True}, "top_k"), ({"year": "2024"}, "year"),
    ({"weights": {"ekonomi": -1}}, "weights"), ({"weights": {"ekonomi": float("inf")}}, "weights"),
    ({"weights": {"ekonomi": "x"}}, "weights"), ({"indicator_weights": {"valdeltagande": -2}}, "indicator_weights"),
])
def test_validation_names_the_setting(changes, setting):
    with pytest.raises(SettingsError) as err:
        ViewSettings.default(DEF, **changes)
    assert err.value.setting == setting


def test_resolve_fills_defaults_and_checks_ids():
    s = ViewSettings(definition_id=DEF.id, weights=(("ekonomi", 2.0),))
    dim_w, ind_w = s.resolve(DEF)
    assert dim_w == {**DEF.default_weights(), "ekonomi": 2.0} and ind_w == DEF.default_indicator_weights()
    with pytest.raises(SettingsError, match="okänd dimension"):
        ViewSettings(definition_id=DEF.id, weights=(("halsa", 1.0),)).resolve(DEF)
    with pytest.raises(SettingsError, match="alla dimensionsvikter är 0"):
        ViewSettings.default(DEF, weights=dict.fromkeys(DEF.dimension_ids, 0.0)).resolve(DEF)
    with pytest.raises(SettingsError):
        s.resolve(DEFS["malmo-2023-halsa"])  # settings of another definition


def test_settings_are_hashable_and_baseline_drops_weights():
    s = custom()
    assert hash(s) == hash(custom()) and {s: 1}[custom()] == 1
    base = s.baseline()
    assert base.resolve(DEF) == (DEF.default_weights(), DEF.default_indicator_weights())
    assert (base.method, base.year, base.top_k) == (s.method, s.year, s.top_k)


def test_same_view_ignores_language_and_background():
    s = custom()
    assert s.same_view(s.with_(lang="en", basemap=True)) and not s.same_view(s.with_(top_k=2))


def test_geometric_zscore_is_a_conflict_with_ways_out():
    s = ViewSettings.default(DEF, aggregation="geometric")
    conflict = s.conflict()
    assert isinstance(conflict, SettingsConflict) and conflict.setting == "aggregation"
    assert "geometriskt medel" in str(conflict) and "z-poäng" in str(conflict)  # the app's own words
    assert {a.method for a in conflict.alternatives} == {"zscore", "ratio"}
    assert conflict.fallback.aggregation == "arithmetic" and conflict.fallback.conflict() is None
    assert all(a.conflict() is None for a in conflict.alternatives)
    english = s.with_(lang="en").conflict()
    assert english is not None and "geometric mean" in str(english)
    assert ViewSettings.default(DEF, aggregation="geometric", method="ratio").conflict() is None


def test_year_rule():
    assert pick_year([2020, 2019, 2024]) == 2024
    assert pick_year([2020, 2024], 2020) == 2020
    with pytest.raises(SettingsError, match="Tillgängliga år: 2020, 2024"):
        pick_year([2020, 2024], 1999)
    with pytest.raises(DataError):
        pick_year([])
    s = ViewSettings.default(DEF, year=2019)
    assert s.fitted([2019, 2024]) is s and s.fitted([2023, 2024]).year is None


def test_describe_has_a_row_per_setting_in_the_settings_language():
    rows = dict(describe(custom(), DEF))
    assert len(rows) == len(PARAMS)
    assert rows["Normaliseringsmetod"] == "min–max 0–100 (minmax)" and rows["År"] == "2023"
    assert rows["Vikter per dimension"].startswith("Delaktighet 1 (29 %)")
    english = dict(describe(custom().with_(lang="en"), DEF))
    assert english["Normalisation method"] == "min–max 0–100 (minmax)" and english["Language"] == "English"


def test_any_weight_round_trips_in_the_stores_form():
    s = ViewSettings.default(DEF, weights={"ekonomi": 1e6, "boende": 1e-300})
    assert from_query(parse_query_string(to_query_string(s))) == s


def test_format_weight():
    assert format_weight(2.0) == "2" and format_weight(0.1 + 0.2) == repr(0.1 + 0.2) and format_weight(0.5) == "0.5"
