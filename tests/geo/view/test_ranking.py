"""The ranking view: rank, change against the baseline, top-k entries and exits, the duel table, and what an
unranked or flagged area shows instead of None (the reason, the note, the mark)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.definition import load_definition
from geo.engine.scoring import score, score_results
from geo.paths import demo_paths
from geo.readers.areas import read_areas
from geo.readers.indicators import read_indicators
from geo.settings import ViewSettings
from geo.view.ranking import (
    FLAG_MARK,
    AreaNotes,
    FixedNotes,
    area_notes,
    compare_table,
    dimension_notes,
    fixed_notes,
    rank_change_label,
    rank_text,
    ranking_view,
    top_k_changes,
)

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


# ------------------------------------------------------------------ unranked areas and data notes
def gapped_indicators() -> pd.DataFrame:
    """G14 lacks a whole dimension (utbildning: unranked), G03 one indicator of ekonomi (flagged)."""
    edu = [i.id for i in DEF.dimension("utbildning").indicators]
    ind = IND[~((IND["area_id"] == "G14") & IND["indicator_id"].isin(edu))]
    return ind[~((ind["area_id"] == "G03") & (ind["indicator_id"] == "utan_ekonomiskt_bistand"))]


def gapped_view(settings: ViewSettings = BASE) -> pd.DataFrame:
    s = score(AREAS, gapped_indicators(), DEF, settings)
    return ranking_view(s, s, DEF).set_index("area_id")


DISPLAY = ["rank_text", "baseline_rank_text", "reason", "flag_text", "note", "name_marked"]


@pytest.mark.parametrize("lang, dash, reason, note", [
    ("sv", "– (ej rankad)", "saknar värden i Utbildning", "ej rankad: saknar värden i Utbildning"),
    ("en", "– (not ranked)", "no values for Education", "not ranked: no values for Education"),
])
def test_unranked_area_reads_dash_and_not_ranked_with_the_reason(lang, dash, reason, note):
    view = gapped_view(BASE.with_(lang=lang))
    row = view.loc["G14"]
    assert pd.isna(row["rank"]) and row["rank_text"] == dash and row["baseline_rank_text"] == dash
    assert row["reason"] == reason and row["note"] == note
    assert row["name_marked"] == row["area_name"]  # no data note of its own: no "*"
    for col in DISPLAY:  # never Python's None / nan / <NA> in anything the pages show
        assert not any(bad in str(v) for v in view[col] for bad in ("None", "nan", "<NA>")), col
    assert view.loc["G09", "rank_text"] == str(int(view.loc["G09", "rank"])) and view.loc["G09", "reason"] == ""


@pytest.mark.parametrize("lang, text", [
    ("sv", "Ekonomi: beräknad utan Andel 20–64 år utan ekonomiskt bistånd"),
    ("en", "Economy: computed without Share aged 20–64 without social assistance"),
])
def test_flagged_area_gets_a_plain_mark_and_the_note_in_its_language(lang, text):
    view = gapped_view(BASE.with_(lang=lang))
    row = view.loc["G03"]
    assert not pd.isna(row["rank"]) and row["reason"] == ""
    assert row["flag_text"] == text and row["note"] == text and bool(row["flagged"])
    assert row["name_marked"] == f"{row['area_name']} {FLAG_MARK}" and FLAG_MARK == "*"
    assert row["flags"] == "ekonomi: beräknad utan utan_ekonomiskt_bistand"  # the engine's text stays (CSV)
    assert view["flagged"].sum() == 1


def test_a_dimension_weighted_zero_is_a_note_not_a_reason():
    view = gapped_view(BASE.with_weight("utbildning", 0.0))
    row = view.loc["G14"]
    assert not pd.isna(row["rank"]) and row["reason"] == ""
    assert row["flag_text"] == "Utbildning: saknar data" and row["name_marked"].endswith(" *")


def test_unranked_reasons_of_computed_results():
    areas = pd.DataFrame({"area_id": ["A1", "A2", "A3"], "area_name": ["Ett", "Två", "Tre"]})
    dims = pd.DataFrame({"delaktighet": [1.0, np.nan], "utbildning": [2.0, 1.0], "ekonomi": [3.0, 0.0],
                         "boende": [0.0, 4.0]}, index=pd.Index(["A1", "A2"], name="area_id"))
    s = score_results(areas, dims, DEF, BASE)
    notes = area_notes(s.result, DEF)
    assert notes["A2"].reason == "saknar värden i Delaktighet"
    assert notes["A3"].reason == "saknar rad i resultattabellen" and "A1" not in notes
    only_index = pd.DataFrame({"index": [0.5, np.nan]}, index=pd.Index(["A1", "A2"], name="area_id"))
    s = score_results(areas, only_index, DEF, BASE)
    notes = area_notes(s.result, DEF)
    assert notes["A2"] == AreaNotes(reason="saknar indexvärde")  # no dimension to blame
    assert notes["A3"].reason == "saknar rad i resultattabellen"


def test_fixed_notes_read_the_engines_flags():
    assert fixed_notes("ej rankad; utbildning: saknar data", DEF) == FixedNotes()  # weight-dependent: left out
    assert fixed_notes("ej rankad; saknar resultat", DEF, "en") == FixedNotes(reason="no row in the results table")
    notes = fixed_notes("boende: beräknad utan kvarboende, ej_trangbodda; något nytt", DEF)
    assert notes.flags == ("Boende: beräknad utan Andel som stannat kvar i området, Andel som inte är trångbodda",
                           "något nytt")  # an unknown text: as it is
    assert fixed_notes(None, DEF) == FixedNotes() and fixed_notes("", None) == FixedNotes()


def test_dimension_notes_split_reason_and_notes():
    w = {"a": 1.0, "b": 0.0, "c": 2.0}
    assert dimension_notes(["a", "b"], w, ranked=False, present={"a", "b", "c"}) == (["a"], ["b"])
    assert dimension_notes(["a", "b"], w, ranked=True, present={"a", "b", "c"}) == ([], ["a", "b"])
    assert dimension_notes(["a", "c"], w, ranked=False, present={"a"}) == (["a"], [])  # c: no area has it


@pytest.mark.parametrize("rank, lang, text", [(3, "sv", "3"), (pd.NA, "sv", "– (ej rankad)"),
                                              (None, "en", "– (not ranked)"),
                                              (float("nan"), "sv", "– (ej rankad)")])
def test_rank_text(rank, lang, text):
    assert rank_text(rank, lang) == text


def test_duel_table_carries_the_display_columns():
    a = score(AREAS, gapped_indicators(), DEF, BASE)
    b = score(AREAS, gapped_indicators(), DEF, BASE.with_weight("ekonomi", 4.0))
    moved = compare_table(ranking_view(b, a, DEF), top_k=3)
    assert {"rank_text", "baseline_rank_text", "name_marked", "note"} <= set(moved.columns)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.none(), st.integers(min_value=-50, max_value=6000)), max_size=40),
       st.sampled_from(["sv", "en"]))
def test_column_texts_equal_the_cell_functions(values, lang):
    """The column-wise texts (cheap at 6,000 areas) say exactly what the cell functions say."""
    from geo.view.ranking import _change_labels, _rank_texts

    col = pd.Series(values, dtype="Int64")
    assert list(_rank_texts(col, lang)) == [rank_text(v, lang) for v in col]
    assert list(_change_labels(col)) == [rank_change_label(v) for v in col]
