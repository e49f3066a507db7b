"""The join report against hand-made tables (every kind of problem) and the demo."""

import geopandas as gpd
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from shapely.geometry import box

from geo.dataset.report import canonical_id, join_report, match_ids, matched_indicators
from geo.definition import load_definition
from geo.errors import DataError
from geo.paths import demo_paths
from geo.readers.areas import read_areas
from geo.readers.indicators import read_indicators, to_long

DEF = load_definition(demo_paths().default_definition)


def areas(*ids):
    return gpd.GeoDataFrame({"area_id": list(ids), "area_name": [f"Namn {i}" for i in ids]},
                            geometry=[box(i, 0, i + 1, 1) for i in range(len(ids))], crs=3006)


def long(rows):
    return to_long(pd.DataFrame(rows, columns=["area_id", "indicator_id", "year", "value"]), duplicates="keep")


@pytest.mark.parametrize("raw, key", [("01", "1"), (" G01 ", "g1"), ("g 1", "g1"), ("1280C0100", "1280c100"),
                                      ("Malmö Hus", "malmöhus"), ("0", "0")])
def test_canonical_id(raw, key):
    assert canonical_id(raw) == key


def test_match_ids_exact_first_then_normalised_and_ambiguous_only_exact():
    matched, changes = match_ids(pd.Series(["G01", "g1", "01", "X", "A1", "a01"]),
                                 pd.Series(["G01", "1", "A1", "a1"]))
    assert matched.tolist() == ["G01", "G01", "1", None, "A1", None]
    assert changes == {"g1": "G01", "01": "1"}


def test_every_problem_is_reported():
    ars = areas("G01", "G02", "G03", "1")
    rows = [
        (" g01", "valdeltagande", "2022", "71"),       # normalised to G01
        ("G02", "valdeltagande", "2022", "104,5"),     # out of range
        ("G02", "valdeltagande", "2022", "70"),        # duplicate
        ("01", "forvarvsarbetande", "2022", ".."),     # normalised to 1, suppressed
        ("G99", "valdeltagande", "2022", "50"),        # no such area
        ("G01", "skostorlek", "2022", "42"),           # unknown indicator
    ]
    rep = join_report(ars, long(rows), DEF)
    assert rep.id_changes == {"g01": "G01", "01": "1"}
    assert rep.unmatched_rows["area_id"].tolist() == ["G99"]
    assert rep.duplicate_rows.to_dict("records") == [
        {"area_id": "G02", "indicator_id": "valdeltagande", "year": 2022, "count": 2}]
    assert rep.out_of_range[["area_id", "value", "max"]].to_dict("records") == [
        {"area_id": "G02", "value": 104.5, "max": 100.0}]
    assert rep.suppressed.to_dict("records") == [{"area_id": "1", "indicator_id": "forvarvsarbetande", "year": 2022}]
    assert rep.areas_without_data == ["G03", "1"]  # "1" has only a suppressed cell
    assert rep.unknown_indicators == ["skostorlek"]
    # no row at all for an indicator that another area has (areas with no data are listed above)
    assert rep.missing_values.to_dict("records") == [
        {"area_id": "G01", "indicator_id": "forvarvsarbetande", "year": 2022},
        {"area_id": "G02", "indicator_id": "forvarvsarbetande", "year": 2022}]
    assert rep.missing_dimensions == ["utbildning", "boende"]
    assert "kvarboende" in rep.missing_indicators
    assert not rep.usable
    text = rep.to_text()
    for needle in ("Områden utan data: G03, 1", "G99", "'g01' → 'G01'", "G02/valdeltagande/2022 = 104.5",
                   "Dubblerade värden", "Ej användbart", "utbildning, boende"):
        assert needle in text
    assert "Areas without data" in rep.to_text(lang="en")
    assert rep.matched["area_id"].tolist() == ["G01", "G02", "G02", "1", "G01"]


def test_duplicate_area_ids_after_normalisation_are_an_error():
    rep = join_report(areas("G1", "g01"), long([("G1", "valdeltagande", "2022", "1")]), DEF)
    assert rep.duplicate_area_ids == ["G1", "g01"]
    assert not rep.usable


def test_demo_is_usable_and_matched_table_scores():
    paths = demo_paths()
    ars, ind = read_areas(paths.areas), read_indicators(paths.indicators)
    rep = join_report(ars, ind, DEF)
    assert rep.usable, rep.errors
    assert rep.areas_without_data == [] and rep.id_changes == {} and rep.unmatched_rows.empty
    # the demo's one deliberately absent cell (see data/demo/README.md)
    assert rep.missing_values.to_dict("records") == [
        {"area_id": "G07", "indicator_id": "svarsfrekvens_folkhalsoenkat", "year": 2019}]
    assert "Användbart: ja." in rep.to_text()
    matched = matched_indicators(ars, ind, DEF)
    assert len(matched) == len(ind)


def test_matched_indicators_normalises_ids_and_refuses_unusable():
    paths = demo_paths()
    ars = read_areas(paths.areas)
    ind = read_indicators(paths.indicators)
    ind["area_id"] = ind["area_id"].str.lower().str.replace("g0", "g")  # "G01" → "g1"
    out = matched_indicators(ars, ind, DEF)
    assert set(out["area_id"]) == set(ars["area_id"])
    with pytest.raises(DataError, match="Inga värden kunde kopplas"):
        matched_indicators(ars, long([("X", "valdeltagande", "2022", "1")]), DEF)


_IDS = st.sampled_from(["G01", "g1", "G1", "0123", "123", " g 2 ", "G2", "x", "Ö5", "ö05", "nan", ""])


@given(source=st.lists(_IDS, max_size=40), target=st.lists(_IDS, min_size=1, max_size=6))
def test_match_ids_gives_each_row_what_matching_it_alone_gives(source, target):
    """match_ids resolves each distinct id once (a long table repeats them); every row must still get
    exactly what the per-row rule gives, and the changes are listed in first-occurrence order."""

    targets = list(dict.fromkeys(target))
    keys = [canonical_id(t) for t in targets]
    by_key = {k: t for k, t in zip(keys, targets) if keys.count(k) == 1}
    expected, changes = [], {}
    for sid in source:
        if sid in targets:
            expected.append(sid)
        elif canonical_id(sid) in by_key:
            expected.append(by_key[canonical_id(sid)])
            changes[sid] = by_key[canonical_id(sid)]
        else:
            expected.append(None)
    out, got = match_ids(pd.Series(source, dtype=object), pd.Series(target, dtype=object))
    assert out.tolist() == expected
    assert list(got.items()) == list(changes.items())
