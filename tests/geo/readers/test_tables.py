"""Messy table formats parse to the same numbers as their clean twins (tests/fixtures/messy)."""


import numpy as np
import pandas as pd
import pytest

from geo.errors import DataError
from geo.readers.indicators import read_indicators, to_long
from geo.readers.mapping import load_mapping
from geo.readers.tables import detect_header_row, list_sheets, read_table
from tests.shared_data import FIXTURES

MESSY = FIXTURES / "messy"
KEY = ["area_id", "indicator_id", "year"]


def canon(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[[*KEY, "value"]].sort_values(KEY).reset_index(drop=True)


@pytest.fixture(scope="module")
def clean():
    return canon(read_indicators(MESSY / "clean_long.csv"))


def test_clean_twins_agree(clean):
    pd.testing.assert_frame_equal(canon(read_indicators(MESSY / "clean_wide.csv")), clean)
    np.testing.assert_allclose(clean["value"], [45.2, 71.5, 1234.5, np.nan, np.nan, np.nan])


def test_semicolon_decimal_comma_bom_percent(clean):
    messy = read_indicators(MESSY / "semikolon_decimalkomma.csv")
    pd.testing.assert_frame_equal(canon(messy), clean)
    # suppression marks are flagged, never zero
    flagged = messy.set_index(["area_id", "indicator_id"])["suppressed"]
    assert flagged[("G02", "valdeltagande")] and flagged[("G03", "forvarvsarbetande")]
    assert not flagged[("G01", "valdeltagande")]
    assert (messy["value"] != 0).all()


def test_cp1252_wide_with_title_row_and_mapping(clean):
    mapping = load_mapping(MESSY / "mappning.toml")
    messy = read_indicators(MESSY / "cp1252_bred_titelrad.csv", mapping=mapping)
    pd.testing.assert_frame_equal(canon(messy), clean)


def test_excel_with_title_row_and_sheet_choice(clean):
    assert list_sheets(MESSY / "titelrad.xlsx") == ["Info", "Data"]
    table = read_table(MESSY / "titelrad.xlsx", sheet="Data")
    assert table.attrs["header_row"] == 2
    assert table.columns.tolist() == ["area_id", "year", "valdeltagande", "forvarvsarbetande"]
    assert len(table) == 3  # the footnote is dropped
    pd.testing.assert_frame_equal(canon(read_indicators(MESSY / "titelrad.xlsx", sheet="Data")), clean)
    # by position, and with the header row given explicitly
    same = read_indicators(MESSY / "titelrad.xlsx", sheet=1, header_row=2)
    pd.testing.assert_frame_equal(canon(same), clean)


def test_excel_sheet_without_table_and_unknown_sheet_are_errors():
    with pytest.raises(DataError, match="rubrikrad"):
        read_table(MESSY / "titelrad.xlsx")  # the first sheet holds only a sentence
    with pytest.raises(DataError, match="bladet 'Saknas' finns inte.*Info, Data"):
        read_table(MESSY / "titelrad.xlsx", sheet="Saknas")


def test_list_sheets_of_csv_is_empty():
    assert list_sheets(MESSY / "clean_long.csv") == []


def test_detect_header_row_hand_cases():
    assert detect_header_row([["a", "b"], ["1", "2"]]) == 0
    assert detect_header_row([["Titel", ""], ["", ""], ["id", "värde"], ["G1", "3"]]) == 2
    with pytest.raises(DataError):
        detect_header_row([["1", "2"], ["3", "4"]])


def test_old_xls_and_zip_disguised_as_csv_are_clear_errors(tmp_path):
    xls = tmp_path / "gammal.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(DataError, match=r"\.xls stöds inte"):
        read_table(xls)
    fake = tmp_path / "data.csv"
    fake.write_bytes((MESSY / "titelrad.xlsx").read_bytes())
    with pytest.raises(DataError, match="inte CSV"):
        read_table(fake)


def test_ragged_row_names_the_line(tmp_path):
    bad = tmp_path / "ojamn.csv"
    bad.write_text("area_id,year,x\nG1,2022,1\nG2,2022,2,9\n", encoding="utf-8")
    with pytest.raises(DataError, match="rad 3 har fler celler"):
        read_table(bad)


def test_non_number_in_messy_file_names_column_and_row(tmp_path):
    bad = tmp_path / "fel.csv"
    bad.write_text("area_id;indicator_id;year;value\nG1;x;2022;1,5\nG2;x;2022;hög\n", encoding="utf-8")
    with pytest.raises(DataError, match="fel.csv: kolumnen 'value', rad 3: 'hög' är inte ett tal"):
        read_indicators(bad)


def test_duplicates_can_be_kept_for_the_report():
    frame = pd.DataFrame({"area_id": ["A", "A"], "indicator_id": ["x", "x"], "year": ["2024", "2024"],
                          "value": ["1", "2"]})
    assert len(to_long(frame, duplicates="keep")) == 2


def test_numerator_and_denominator_columns_are_parsed():
    frame = pd.DataFrame({"area_id": ["A"], "indicator_id": ["x"], "year": ["2024"], "value": ["50,0"],
                          "numerator": ["1 000"], "denominator": ["2000"]})
    long = to_long(frame)
    assert long[["value", "numerator", "denominator"]].iloc[0].tolist() == [50.0, 1000.0, 2000.0]


def test_errors_name_the_row_the_user_sees_below_title_rows(tmp_path):
    long = tmp_path / "lang.csv"
    long.write_text("Titel\n\narea_id;indicator_id;year;value\nG1;x;2022;1\n\nG2;x;2022;fel\n", encoding="utf-8")
    with pytest.raises(DataError, match="kolumnen 'value', rad 6: 'fel'"):
        read_indicators(long)
    wide = tmp_path / "bred.csv"
    wide.write_text("Titel\narea_id;year;valdeltagande;kvarboende\nG1;2022;1;2\nG2;2022;3;fel\n", encoding="utf-8")
    with pytest.raises(DataError, match="kolumnen 'kvarboende', rad 4: 'fel'"):
        read_indicators(wide)
    no_id = tmp_path / "utan_id.csv"
    no_id.write_text("Titel\narea_id;year;x\nG1;2022;1\n;2022;2\n", encoding="utf-8")
    with pytest.raises(DataError, match="rad 4 saknar area_id"):
        read_indicators(no_id)
