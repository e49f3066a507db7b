"""Already computed results: dimension scores and/or the index per area, read as they are."""

import numpy as np
import pytest

from geo.definition import load_definition
from geo.errors import DataError
from geo.paths import demo_paths
from geo.readers.indicators import read_results

DEF = load_definition(demo_paths().default_definition)


def test_dimensions_and_index_read_in_definition_order(tmp_path):
    path = tmp_path / "resultat.csv"
    path.write_text("area_id;area_name;Ekonomi;delaktighet;index;rank\nG01;A;1,5;-0,5;0,25;2\n"
                    "G02;B;..;2;1;1\n", encoding="cp1252")
    res = read_results(path, DEF)
    assert res.columns.tolist() == ["delaktighet", "ekonomi", "index"]
    assert res.index.tolist() == ["G01", "G02"]
    np.testing.assert_allclose(res.loc["G01"].to_numpy(), [-0.5, 1.5, 0.25])
    assert np.isnan(res.loc["G02", "ekonomi"])


def test_index_only_and_mapping(tmp_path):
    path = tmp_path / "index.csv"
    path.write_text("Områdeskod,Områdesindex 2023\n 7 ,42\n", encoding="utf-8")
    res = read_results(path, DEF, mapping={"Områdeskod": "area_id", "Områdesindex 2023": "index"})
    assert res.to_dict() == {"index": {"7": 42.0}}


@pytest.mark.parametrize("text, message", [
    ("area_id,foo\nA,1\n", "varken dimensionskolumner"),
    ("id,index\nA,1\n", "'area_id' saknas"),
    ("area_id,index\nA,1\nA,2\n", "mer än en gång"),
    ("area_id,index\nA,hög\n", "'hög' är inte ett tal"),
])
def test_bad_results_are_clear_errors(tmp_path, text, message):
    path = tmp_path / "r.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match=message):
        read_results(path, DEF)


def test_columns_that_differ_only_in_case_are_a_clear_error():
    """"value" and "VALUE" crashed to_long with pandas' "id_vars cannot contain duplicate columns"."""
    import pandas as pd
    import pytest

    from geo.errors import DataError
    from geo.readers.indicators import to_long

    frame = pd.DataFrame({"area_id": ["1"], "indicator_id": ["valdeltagande"], "year": ["2022"],
                          "value": ["80"], "VALUE": ["81"]})
    with pytest.raises(DataError, match="'value', 'VALUE' skiljer sig bara i stora och små bokstäver"):
        to_long(frame, file="tabell.csv")
