"""Column guesses for the import page: id and name columns, what each header maps to."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.definition import load_definition
from geo.errors import DataError
from geo.paths import demo_paths
from geo.readers.headers import IGNORE, default_choices, guess_area_columns, headers_to_map, targets
from geo.readers.mapping import Target

DEF = load_definition(demo_paths().default_definition)


def test_area_columns_are_guessed_from_names_and_values():
    attrs = pd.DataFrame({"do_kod": [1, 2], "area": [1.5, 2.5], "delomrade": ["A", "B"], "stadsdel": ["X", "X"]})
    assert guess_area_columns(attrs) == ("do_kod", "delomrade")
    assert guess_area_columns(attrs.assign(area_id=["a", "b"], area_name=["n", "m"])) == ("area_id", "area_name")


def test_the_id_is_unique_and_the_name_is_text():
    attrs = pd.DataFrame({"kod": ["A", "A"], "nr": [1, 2], "antal": [10, 20], "namn": ["Ett", "Två"]})
    id_col, name_col = guess_area_columns(attrs)
    assert id_col == "nr"  # "kod" is not unique
    assert name_col == "namn"  # a numeric column is never the name


def test_a_layer_without_attributes_is_a_clear_error():
    with pytest.raises(DataError, match="attributkolumner"):
        guess_area_columns(pd.DataFrame())


def test_targets_and_headers_to_map():
    assert targets(DEF, "indicators")[:5] == ["area_id", "area_name", "year", "indicator_id", "value"]
    assert targets(DEF, "results")[-1] == "index" and "ekonomi" in targets(DEF, "results")
    headers = ["Area_ID", "year", "valdeltagande", "numerator", "Valdeltagande 2022 (%)", "Kol X"]
    assert headers_to_map(headers, DEF, "indicators") == ["Valdeltagande 2022 (%)", "Kol X"]


def test_default_choices_preselect_good_suggestions_and_ignore_the_rest():
    choices = default_choices(["Valdeltagande riksdagsval 2022 (%)", "Kol X", "Områdeskod"], DEF, "indicators")
    assert choices == {"Valdeltagande riksdagsval 2022 (%)": Target("valdeltagande"), "Kol X": Target(IGNORE),
                       "Områdeskod": Target("area_id")}
    results = default_choices(["Ekonomi", "Totalt index"], DEF, "results")
    assert results["Ekonomi"] == Target("ekonomi")


def test_the_name_is_text_with_mostly_unique_values():
    # malmo_stadsdelar_10_dissolved.gpkg: the only text column is the id; a count is never the name.
    stadsdelar = pd.DataFrame({"stadsdel": ["Centrum", "Fosie", "Hyllie"], "antal_delomraden": [21, 17, 9]})
    assert guess_area_columns(stadsdelar) == ("stadsdel", "stadsdel")
    # numbers written as text are not names; a parent area repeated on every row is not the name
    attrs = pd.DataFrame({"kod": ["1", "2", "3", "4"], "antal": ["10", "20", "30", "40"],
                          "stadsdel": ["Norr", "Norr", "Norr", "Söder"], "beskrivning": ["Ett", "Två", "Tre", "Fyra"]})
    assert guess_area_columns(attrs) == ("kod", "beskrivning")
    polisen = pd.DataFrame({"NAMN": ["Rosengård", "Seved"], "KATEGORI": ["Särskilt utsatt", "Risk"],
                            "OMRADESKOD": ["1", "1"]})
    assert guess_area_columns(polisen) == ("NAMN", "NAMN")
