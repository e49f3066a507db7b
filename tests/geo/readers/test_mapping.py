"""Column mapping: fuzzy suggestions, applying, saving and reusing."""

import json

import pandas as pd
import pytest

from geo.definition import load_definition
from geo.errors import DataError
from geo.paths import demo_paths
from geo.readers.mapping import apply_mapping, best_mapping, load_mapping, normalise_text, save_mapping, suggest_mapping

DEF = load_definition(demo_paths().default_definition)


@pytest.mark.parametrize("text, expected", [
    ("Valdeltagande riksdagsval 2022 (%)", "valdeltagande riksdagsval"),
    ("  ANDEL Förvärvsarbetande 20-64 år  ", "andel forvarvsarbetande"),
    ("Ej trångbodda, andel [%] 2023", "ej trangbodda andel"),
    ("forgymnasial_utbildning", "forgymnasial utbildning"),
])
def test_normalise_text(text, expected):
    assert normalise_text(text) == expected


def test_suggestions_for_typical_city_headers():
    headers = ["Område", "År", "Valdeltagande riksdagsval 2022 (%)",
               "Andel som bor i bostadsrätt eller äganderätt",
               "Andel 20–64 år som huvudsakligen förvärvsarbetar (%)", "Skostorlek"]
    sug = suggest_mapping(headers, DEF)
    assert sug["Valdeltagande riksdagsval 2022 (%)"][0][0] == "valdeltagande"
    assert sug["Andel som bor i bostadsrätt eller äganderätt"][0][0] == "bostads_eller_aganderatt"
    assert sug["Andel 20–64 år som huvudsakligen förvärvsarbetar (%)"][0][0] == "forvarvsarbetande"
    assert sug["Område"][0][0] == "area_name" or sug["Område"][0][0] == "area_id"
    assert sug["År"][0] == ("year", 1.0)
    assert sug["Skostorlek"] == []
    for options in sug.values():
        scores = [s for _, s in options]
        assert scores == sorted(scores, reverse=True) and all(0 <= s <= 1 for s in scores)
        assert len(options) <= 3


def test_exact_id_scores_one_and_english_labels_match():
    sug = suggest_mapping(["valdeltagande", "Turnout in general elections"], DEF)
    assert sug["valdeltagande"] == [("valdeltagande", 1.0)]
    assert sug["Turnout in general elections"][0][0] == "valdeltagande"


def test_results_kind_suggests_dimensions_and_index():
    sug = suggest_mapping(["Ekonomi (z)", "Index totalt", "Boende"], DEF, kind="results")
    assert sug["Ekonomi (z)"][0][0] == "ekonomi"
    assert sug["Boende"][0][0] == "boende"
    assert sug["Index totalt"][0][0] == "index"


def test_best_mapping_uses_each_target_once():
    sug = {"a": [("x", 0.9)], "b": [("x", 0.8)], "c": [("y", 0.5)]}
    assert best_mapping(sug) == {"a": "x"}


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
    assert load_mapping(path) == mapping


def test_bare_json_object_and_bad_files(tmp_path):
    bare = tmp_path / "bare.json"
    bare.write_text(json.dumps({"A": "area_id"}), encoding="utf-8")
    assert load_mapping(bare) == {"A": "area_id"}
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
