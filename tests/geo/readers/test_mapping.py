"""Column mapping: fuzzy suggestions, applying, saving and reusing."""

import json

import pandas as pd
import pytest

from geo.definition import load_definition
from geo.errors import DataError
from geo.paths import demo_paths
from geo.readers.indicators import read_indicators, to_long
from geo.readers.mapping import (
    Suggestion,
    Target,
    apply_mapping,
    best_mapping,
    load_mapping,
    mapping_toml,
    save_mapping,
    suggest_mapping,
)

DEF = load_definition(demo_paths().default_definition)


def test_suggestions_for_typical_city_headers():
    headers = ["Område", "År", "Valdeltagande riksdagsval 2022 (%)",
               "Andel som bor i bostadsrätt eller äganderätt",
               "Andel 20–64 år som huvudsakligen förvärvsarbetar (%)", "Skostorlek"]
    sug = suggest_mapping(headers, DEF)
    assert sug["Valdeltagande riksdagsval 2022 (%)"][0].target == "valdeltagande"
    assert sug["Andel som bor i bostadsrätt eller äganderätt"][0].target == "bostads_eller_aganderatt"
    assert sug["Andel 20–64 år som huvudsakligen förvärvsarbetar (%)"][0].target == "forvarvsarbetande"
    assert sug["Område"][0].target == "area_name"
    assert sug["År"][0] == Suggestion("year", 1.0)
    assert sug["Skostorlek"] == []
    for options in sug.values():
        scores = [s.score for s in options]
        assert scores == sorted(scores, reverse=True) and all(0 <= s <= 1 for s in scores)
        assert len(options) <= 3


def test_exact_id_scores_one_and_english_labels_match():
    sug = suggest_mapping(["valdeltagande", "Turnout in general elections"], DEF)
    assert sug["valdeltagande"] == [Suggestion("valdeltagande", 1.0)]
    assert sug["Turnout in general elections"][0].target == "valdeltagande"


def test_results_kind_suggests_dimensions_and_index():
    sug = suggest_mapping(["Ekonomi (z)", "Index totalt", "Boende"], DEF, kind="results")
    assert sug["Ekonomi (z)"][0].target == "ekonomi"
    assert sug["Boende"][0].target == "boende"
    assert sug["Index totalt"][0].target == "index"


def test_best_mapping_uses_each_target_once():
    sug = {"a": [Suggestion("x", 0.9)], "b": [Suggestion("x", 0.8)], "c": [Suggestion("y", 0.5)],
           "d": [Suggestion("z", 0.95, "100-x")]}
    assert best_mapping(sug) == {"a": Target("x"), "d": Target("z", "100-x")}


def test_apply_mapping_wide_and_long():
    wide = pd.DataFrame({" Valdeltagande (%) ": ["70"], "Område": ["G1"]})
    out = apply_mapping(wide, {"Valdeltagande (%)": "valdeltagande", "Område": "area_id"})
    assert out.columns.tolist() == ["valdeltagande", "area_id"]
    long = pd.DataFrame({"area_id": ["G1"], "indicator_id": ["Valdeltagande (%)"]})
    assert apply_mapping(long, {"Valdeltagande (%)": "valdeltagande"})["indicator_id"].tolist() == ["valdeltagande"]
    with pytest.raises(DataError, match="mappas båda till 'x'"):
        apply_mapping(pd.DataFrame({"a": [1], "b": [2]}), {"a": "x", "b": "x"})


@pytest.mark.parametrize("suffix", [".toml", ".json"])
def test_save_and_load_round_trip(tmp_path, suffix):
    mapping = {'Valdeltagande "riksdag" 2022 (%)': "valdeltagande", "Område\\kod": "area_id", "År": "year"}
    path = save_mapping(tmp_path / f"m{suffix}", mapping)
    assert load_mapping(path) == {k: Target(v) for k, v in mapping.items()}
    with_transform = {**mapping, "Trångbodda (%)": Target("ej_trangbodda", "100-x")}
    path = save_mapping(tmp_path / f"t{suffix}", with_transform)
    assert load_mapping(path) == {k: v if isinstance(v, Target) else Target(v) for k, v in with_transform.items()}


def test_bare_json_object_and_bad_files(tmp_path):
    bare = tmp_path / "bare.json"
    bare.write_text(json.dumps({"A": "area_id"}), encoding="utf-8")
    assert load_mapping(bare) == {"A": Target("area_id")}
    bad = tmp_path / "bad.toml"
    bad.write_text("[mapping\n", encoding="utf-8")
    with pytest.raises(DataError, match="kunde inte läsas"):
        load_mapping(bad)
    wrong = tmp_path / "wrong.json"
    wrong.write_text(json.dumps({"mapping": {"A": 1}}), encoding="utf-8")
    with pytest.raises(DataError, match="par rubrik = id"):
        load_mapping(wrong)
    with pytest.raises(DataError, match="finns inte"):
        load_mapping(tmp_path / "nej.toml")


def test_old_mapping_files_still_load_and_the_new_form_reads_as_written(tmp_path):
    old = tmp_path / "gammal.toml"
    old.write_text('[mapping]\n"Valdeltagande 2022 (%)" = "valdeltagande"\n', encoding="utf-8")
    assert load_mapping(old) == {"Valdeltagande 2022 (%)": Target("valdeltagande")}
    new = tmp_path / "ny.toml"
    new.write_text('[mapping]\n"Trångbodda (%)" = { indicator = "ej_trangbodda", transform = "100-x" }\n'
                   '"År" = { indicator = "year" }\n', encoding="utf-8")
    assert load_mapping(new) == {"Trångbodda (%)": Target("ej_trangbodda", "100-x"), "År": Target("year")}


@pytest.mark.parametrize("body, match", [
    ('"A" = { indicator = "x", transform = "x*2" }', "okänd omvandling 'x\\*2'"),
    ('"A" = { id = "x" }', "rubriken 'A'"),
    ('"A" = { indicator = "x", transform = "100-x", extra = 1 }', "rubriken 'A'"),
])
def test_bad_transform_entries_name_the_header(tmp_path, body, match):
    path = tmp_path / "fel.toml"
    path.write_text(f"[mapping]\n{body}\n", encoding="utf-8")
    with pytest.raises(DataError, match=match):
        load_mapping(path)


def test_100_minus_x_turns_values_and_numerators_around_wide_and_long(tmp_path):
    wide = pd.DataFrame({"Område": ["G1", "G2"], "År": ["2023", "2023"], "Trångbodda (%)": ["12,5", ".."]})
    mapped = apply_mapping(wide, {"Område": "area_id", "År": "year",
                                  "Trångbodda (%)": Target("ej_trangbodda", "100-x")})
    long = to_long(mapped, file="t.csv")
    assert long["value"].iloc[0] == pytest.approx(87.5)
    assert long["value"].isna().iloc[1] and long["suppressed"].iloc[1]  # suppressed stays suppressed
    assert any("'Trångbodda (%)' används som ej_trangbodda = 100 − värdet" in n for n in long.attrs["warnings"])
    rows = pd.DataFrame({"area_id": ["G1"], "indicator_id": ["Andel med ekonomiskt bistånd"], "year": [2023],
                         "value": ["10"], "numerator": ["5"], "denominator": ["50"]})
    long = to_long(apply_mapping(rows, {"Andel med ekonomiskt bistånd": Target("utan_ekonomiskt_bistand", "100-x")}))
    assert long.loc[0, ["indicator_id", "value", "numerator", "denominator"]].tolist() == [
        "utan_ekonomiskt_bistand", 90.0, 45.0, 50.0]
    csv = tmp_path / "stad.csv"
    csv.write_text("Område;År;Trångbodda (%)\nG1;2023;12,5\n", encoding="utf-8")
    mapping = tmp_path / "m.toml"
    save_mapping(mapping, {"Område": "area_id", "År": "year", "Trångbodda (%)": Target("ej_trangbodda", "100-x")})
    assert read_indicators(csv, mapping=load_mapping(mapping))["value"].tolist() == [87.5]


def test_fractions_with_100_minus_x_are_flagged():
    frame = apply_mapping(pd.DataFrame({"area_id": ["A"], "year": [2023], "Trångbodda": ["0,12"]}),
                          {"Trångbodda": Target("ej_trangbodda", "100-x")})
    assert any("mellan 0 och 1" in n for n in to_long(frame).attrs["warnings"])


def test_a_transform_on_a_key_column_is_refused():
    with pytest.raises(DataError, match="Bara indikatorer kan omvandlas"):
        apply_mapping(pd.DataFrame({"Kod": ["A"]}), {"Kod": Target("area_id", "100-x")})


def test_mapping_toml_is_loadable_and_carries_comments(tmp_path):
    text = mapping_toml({"Trångbodda (%)": Target("ej_trangbodda", "100-x"), "Område": "area_id"},
                        comments={"Trångbodda (%)": "poäng 1.0"}, footer=["Utelämnade rubriker:", "Skostorlek"])
    assert "# poäng 1.0" in text and "# Skostorlek" in text
    path = tmp_path / "m.toml"
    path.write_text(text, encoding="utf-8")
    assert load_mapping(path) == {"Trångbodda (%)": Target("ej_trangbodda", "100-x"), "Område": Target("area_id")}
