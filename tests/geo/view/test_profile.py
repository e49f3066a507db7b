"""Area profile and dimension drill-down: contributions add up to the difference from the mean."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from geo.dataset.values import values_for_year
from geo.definition import load_definition
from geo.engine.index import compute_index
from geo.engine.scoring import score
from geo.paths import demo_paths
from geo.readers.areas import read_areas
from geo.readers.indicators import read_indicators
from geo.settings import METHODS, ViewSettings
from geo.view.profile import contributions, dimension_view, indicator_means, profile_table

P = demo_paths()
AREAS = read_areas(P.areas)
IND = read_indicators(P.indicators)
DEF = load_definition(P.default_definition)
IDS = AREAS["area_id"].astype(str).tolist()


@given(x=arrays(np.float64, (9, len(DEF.indicator_ids)), elements=st.floats(-1e3, 1e3)),
       method=st.sampled_from(METHODS),
       w=st.lists(st.floats(0.0, 5.0), min_size=4, max_size=4).filter(lambda w: sum(w) > 0.1),
       v=st.lists(st.floats(0.1, 5.0), min_size=12, max_size=12),
       area=st.integers(0, 8))
@settings(max_examples=150, deadline=None)
def test_contributions_add_up_to_the_difference_from_the_mean(x, method, w, v, area):
    values = pd.DataFrame(x, index=[f"a{i}" for i in range(9)], columns=list(DEF.indicator_ids))
    s = ViewSettings.default(DEF, method=method, weights=dict(zip(DEF.dimension_ids, w)),
                             indicator_weights=dict(zip(DEF.indicator_ids, v)))
    result = compute_index(values, DEF, s)
    aid = f"a{area}"
    total = contributions(result, DEF, aid)["contribution"].sum()
    diff = result.index[aid] - result.index.mean()
    scale = max(1.0, float(np.abs(result.normalised.to_numpy()).max()))
    assert abs(total - diff) <= 1e-12 * scale


def test_profile_table_matches_the_raw_values_and_the_result():
    s = score(AREAS, IND, DEF, ViewSettings.default(DEF, lang="en"))
    values = values_for_year(IND, s.year, IDS, DEF)
    table = profile_table("G05", values, s.result, DEF)
    assert list(table["indicator_id"]) == list(DEF.indicator_ids)
    assert table["value"].tolist() == values.loc["G05", list(DEF.indicator_ids)].tolist()
    np.testing.assert_allclose(table["mean"], indicator_means(values)[list(DEF.indicator_ids)])
    np.testing.assert_allclose(table["normalised"], s.result.normalised.loc["G05"])
    assert abs(table["contribution"].sum() - (s.result.index["G05"] - s.result.index.mean())) < 1e-12
    assert table["dimension"].iloc[0] == DEF.dimensions[0].display_label("en")  # the settings' language


def test_dimension_view_lists_raw_and_normalised_values_sorted_by_the_score():
    s = score(AREAS, IND, DEF, ViewSettings.default(DEF))
    values = values_for_year(IND, s.year, IDS, DEF)
    names = dict(zip(AREAS["area_id"], AREAS["area_name"]))
    view = dimension_view(s.result, values, DEF, "ekonomi", names)
    dim = DEF.dimension("ekonomi")
    assert list(view[dim.label]) == sorted(view[dim.label])
    assert len(view.columns) == 3 + 2 * len(dim.indicators)
    first = view.iloc[0]
    ind = dim.indicators[0]
    assert first[f"{ind.label} ({ind.unit})"] == values.at[first["area_id"], ind.id]
    assert first["area_name"] == names[first["area_id"]]


def test_area_summary_says_why_there_is_no_rank_and_the_notes():
    from geo.view.profile import area_summary
    from geo.view.ranking import ranking_view

    edu = [i.id for i in DEF.dimension("utbildning").indicators]
    ind = IND[~((IND["area_id"] == "G14") & IND["indicator_id"].isin(edu))]
    ind = ind[~((ind["area_id"] == "G03") & (ind["indicator_id"] == "utan_ekonomiskt_bistand"))]
    for lang, unranked, flags in (
            ("sv", "Ej rankad: saknar värden i Utbildning", "Anmärkning: Ekonomi: beräknad utan Andel 20–64 år"),
            ("en", "Not ranked: no values for Education", "Note: Economy: computed without Share aged 20–64")):
        s = score(AREAS, ind, DEF, ViewSettings.default(DEF, lang=lang))
        view = ranking_view(s, s, DEF)
        g14, g03 = area_summary(view, "G14", lang), area_summary(view, "G03", lang)
        assert g14.rank == "–" and g14.unranked == unranked and g14.flags == ""
        assert g03.rank == f"{int(s.result.rank['G03'])} / 13" and g03.unranked == ""
        assert g03.flags.startswith(flags)


def test_history_table_shows_a_missing_rank_as_not_ranked():
    from geo.engine.scoring import time_series
    from geo.view.profile import history_table

    edu = [i.id for i in DEF.dimension("utbildning").indicators]
    ind = IND[~((IND["area_id"] == "G14") & IND["indicator_id"].isin(edu) & (IND["year"] == 2020))]
    series = time_series(AREAS, ind, DEF, ViewSettings.default(DEF))
    table = history_table(series, "G14", "sv")
    assert list(table.columns) == ["År", "Index", "Rang"]
    assert list(table["År"]) == [2019, 2020, 2021, 2022, 2023, 2024]
    ranks = dict(zip(table["År"], table["Rang"], strict=True))
    assert ranks[2020] == "– (ej rankad)" and ranks[2019].isdigit()
    assert table.loc[table["År"] == 2020, "Index"].item() == "–"
    assert history_table(series, "G14", "en")["Rank"].tolist()[1] == "– (not ranked)"
