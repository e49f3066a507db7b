"""What an uploaded table is (indicators, results, SCB export, crosswalk) and whether its ids are SCB codes."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.definition import load_definition
from geo.errors import DataError
from geo.paths import demo_paths
from geo.readers.recognise import id_level, recognise_table, scb_export_indicators
from geo.readers.scb import scb_deso_indicators
from geo.readers.tables import read_table
from tests.shared_data import shared_file

DEF = load_definition(demo_paths().default_definition)


@pytest.mark.parametrize("ids, level", [
    (["1280C1010", "1280C1020", "1280A0010"], "deso"),
    (["1280R045", "1280R046"], "regso"),
    (["24407", "24302"], None),
    (["G01", "G02"], None),
    (["1280C1010", "G01", "G02"], None),  # mostly not codes
    ([], None),
])
def test_id_level(ids, level):
    assert id_level(ids) == level


@pytest.mark.parametrize("columns, rows, kind", [
    (["area_id", "area_name", "index"], [["G01", "A", "1.0"]], "results"),
    (["area_id", "ekonomi", "boende"], [["G01", "1", "2"]], "results"),
    (["area_id", "indicator_id", "year", "value"], [["G01", "valdeltagande", "2023", "70"]], "indicators"),
    (["Område", "År", "Trångbodda (%)"], [["G01", "2023", "12"]], "indicators"),
    (["fine_id", "coarse_id"], [["a", "b"]], "crosswalk"),
    (["deso", "ar", "utb_forgymnasial", "utb_gymnasial"], [["1280C1010", "2022", "1", "2"]], "scb"),
])
def test_recognise_by_headers(columns, rows, kind):
    assert recognise_table(pd.DataFrame(rows, columns=columns), DEF).kind == kind


def test_real_scb_files_and_the_crosswalk_are_recognised():
    edu = read_table(shared_file("scb_deso_malmo/scb_deso_malmo_utbildningsniva_25-64_2022.csv"))
    rec = recognise_table(edu, DEF)
    assert rec.kind == "scb" and rec.ids == "deso" and "utb_forgymnasial" in rec.evidence
    cw = recognise_table(read_table(shared_file("scb_regso_malmo/deso2018_till_regso.csv")), DEF)
    assert cw.kind == "crosswalk" and set(cw.evidence) >= {"deso2018", "regso"}


def test_one_scb_export_reads_as_the_scb_verb_reads_its_folder():
    path = shared_file("scb_deso_malmo/scb_deso_malmo_utbildningsniva_25-64_2022.csv")
    one = scb_export_indicators(read_table(path), file=path.name)
    folder = scb_deso_indicators(path.parent)
    expected = folder[folder["indicator_id"] == "forgymnasial_utbildning"].reset_index(drop=True)
    cols = ["area_id", "indicator_id", "year", "value", "numerator", "denominator", "suppressed"]
    pd.testing.assert_frame_equal(one[cols].reset_index(drop=True), expected[cols], check_dtype=False)
    assert any("ersättningsmått" in n for n in one.attrs["warnings"])


def test_scb_without_a_year_column_is_a_clear_error():
    wide = read_table(shared_file("scb_deso_malmo/scb_deso_malmo_alla_tabeller_wide.csv"))
    with pytest.raises(DataError, match="kolumnen för år"):
        scb_export_indicators(wide, file="alla.csv")
