"""SCB DeSO exports → indicators with numerators/denominators; Malmö totals = sums of parts."""

import openpyxl
import pandas as pd
import pytest

from geo.dataset.aggregate import aggregate_crosswalk
from geo.errors import DataError
from geo.readers.scb import PROXIES, SOURCES, read_scb_table, scb_deso_indicators
from tests.shared_data import shared_file

FOLDER = "scb_deso_malmo"


@pytest.fixture(scope="module")
def folder():
    return shared_file(FOLDER + "/scb_deso_malmo_utbildningsniva_25-64_2022.csv").parent


@pytest.fixture(scope="module")
def table(folder):
    return scb_deso_indicators(folder)


def raw(folder, stem):
    return pd.read_csv(next(folder.glob(f"*{stem}*.csv")))


def test_four_indicators_for_all_192_deso(table):
    assert sorted(table["indicator_id"].unique()) == sorted(SOURCES)
    assert table.groupby("indicator_id")["area_id"].nunique().eq(192).all()
    assert table["area_id"].str.match(r"^1280C\d{4}$").all()
    assert (table["year"] == 2022).all()
    assert table["value"].between(0, 100).all()
    assert not table["suppressed"].any()
    assert table.attrs["missing_sources"] == []
    assert set(PROXIES) == set(SOURCES) and all(p["sv"] and p["en"] for p in PROXIES.values())


def test_hand_computed_values_for_one_deso(table):
    row = table[table["area_id"] == "1280C1010"].set_index("indicator_id")
    assert row.loc["forgymnasial_utbildning", ["numerator", "denominator"]].tolist() == [51, 51 + 388 + 185 + 354 + 20]
    assert row.loc["forgymnasial_utbildning", "value"] == pytest.approx(100 * 51 / 998)
    assert row.loc["forvarvsarbetande", "value"] == pytest.approx(100 * 981 / 1206)
    assert row.loc["utan_lag_ekonomisk_standard", "value"] == pytest.approx(96.0)
    assert row.loc["utan_lag_ekonomisk_standard", "denominator"] == 2051
    assert row.loc["utan_lag_ekonomisk_standard", "numerator"] == pytest.approx(0.96 * 2051)
    assert row.loc["bostads_eller_aganderatt", "value"] == pytest.approx(100 * (122 + 586) / (70 + 122 + 586))


def test_malmo_totals_equal_the_sums_of_the_deso_parts(folder, table):
    crosswalk = pd.DataFrame({"fine_id": table["area_id"].unique(), "coarse_id": "1280"})
    malmo = aggregate_crosswalk(table, crosswalk).table.set_index("indicator_id")
    assert (malmo["n_fine"] == 192).all() and (malmo["n_missing"] == 0).all()
    utb = raw(folder, "utbildningsniva")
    cols = [c for c in utb.columns if c.startswith("utb_")]
    arb = raw(folder, "arbetsmarknadsstatus")
    ek = raw(folder, "ekonomisk_standard")
    lgh = raw(folder, "upplatelseform")
    expected = {
        "forgymnasial_utbildning": (utb["utb_forgymnasial"].sum(), utb[cols].to_numpy().sum()),
        "forvarvsarbetande": (arb["sysselsatta_16_64"].sum(), arb["totalt_16_64"].sum()),
        "utan_lag_ekonomisk_standard": (((100 - ek["lag_ekonomisk_standard_pct"]) / 100
                                         * ek["antal_personer_totalt"]).sum(), ek["antal_personer_totalt"].sum()),
        "bostads_eller_aganderatt": ((lgh["lgh_bostadsratt"] + lgh["lgh_aganderatt"]).sum(),
                                     lgh[["lgh_hyresratt", "lgh_bostadsratt", "lgh_aganderatt"]].to_numpy().sum()),
    }
    for ind, (num, den) in expected.items():
        rec = malmo.loc[ind]
        assert rec["numerator"] == pytest.approx(num, rel=1e-12)
        assert rec["denominator"] == pytest.approx(den, rel=1e-12)
        # the Malmö share is Σnum/Σden, not the mean of the DeSO shares
        assert rec["value"] == pytest.approx(100 * num / den, rel=1e-12)
        assert rec["value"] != pytest.approx(table.loc[table["indicator_id"] == ind, "value"].mean(), rel=1e-6)
    assert malmo.loc["forvarvsarbetande", "denominator"] == 234716  # integer counts add up exactly


def test_excel_export_with_title_and_footer_reads_like_the_csv(folder, tmp_path):
    src = raw(folder, "arbetsmarknadsstatus")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Arbetsmarknadsstatus efter region och år"])
    ws.append([])
    ws.append(list(src.columns))
    for rec in src.itertuples(index=False):
        ws.append(list(rec))
    ws.append([])
    ws.append(["Källa: SCB"])
    wb.save(tmp_path / "scb_arbetsmarknadsstatus_16-64.xlsx")
    # a semicolon/decimal-comma, Windows-1252 twin of the economic-standard table
    ek = raw(folder, "ekonomisk_standard")
    text = "Tabellen innehåller låg ekonomisk standard\n" + ek.to_csv(sep=";", index=False, decimal=",")
    (tmp_path / "ekonomisk_standard.csv").write_bytes(text.encode("cp1252"))
    messy = scb_deso_indicators(tmp_path)
    clean = scb_deso_indicators(folder)
    assert sorted(messy.attrs["missing_sources"]) == ["bostads_eller_aganderatt", "forgymnasial_utbildning"]
    key = ["indicator_id", "area_id"]
    pd.testing.assert_frame_equal(messy.sort_values(key).reset_index(drop=True),
                                  clean[clean["indicator_id"].isin(messy["indicator_id"])]
                                  .sort_values(key).reset_index(drop=True))


def test_bad_folders_and_tables(folder, tmp_path):
    with pytest.raises(DataError, match="mappen finns inte"):
        scb_deso_indicators(tmp_path / "nej")
    with pytest.raises(DataError, match="inga kända SCB-exporter"):
        scb_deso_indicators(tmp_path)
    bad = tmp_path / "utbildningsniva.csv"
    bad.write_text("deso,ar,utb_gymnasial\n1280C1010,2022,1\n", encoding="utf-8")
    with pytest.raises(DataError, match="'utb_forgymnasial' saknas"):
        scb_deso_indicators(tmp_path)
    no_id = tmp_path / "x.csv"
    pd.read_csv(next(folder.glob("*upplatelseform*"))).drop(columns=["deso"]).to_csv(no_id, index=False)
    with pytest.raises(DataError, match="region"):
        read_scb_table(no_id)
