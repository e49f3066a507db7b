"""The embedded open-data set (geo/dataset/opendata.py, data/make_open_data.py, data/malmo-oppna-data/).

The expected shares are recomputed here with the csv module straight from SCB's DeSO files and
the crosswalk (never by calling the build), so a roll-up mistake in the build cannot hide.
"""

from __future__ import annotations

import csv
import importlib.util
import json
from collections import defaultdict
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from types import ModuleType

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
import shapely
from shapely.geometry import box

from geo.dataset.opendata import NAME_ALIASES, OUTPUT_FILES, build_open_data, write_open_data
from geo.errors import DataError
from tests.shared_data import SHARED, shared_file

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "data" / "malmo-oppna-data"
DESO = "scb_deso_malmo/scb_deso_malmo_"
REGSO = "scb_regso_malmo/"


def _rows(relative: str) -> list[dict[str, str]]:
    with shared_file(relative).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _committed() -> dict[tuple[str, str, int], dict[str, str]]:
    with (OUT / "indikatorer.csv").open(encoding="utf-8", newline="") as f:
        return {(r["indicator_id"], r["area_id"], int(r["year"])): r for r in csv.DictReader(f)}


def _cli() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_open_data", ROOT / "data" / "make_open_data.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory: pytest.TempPathFactory) -> Path:
    shared_file(REGSO + "malmo_regso_91.gpkg")  # skip (or fail in CI) without the shared data
    out = tmp_path_factory.mktemp("oppna-data")
    write_open_data(build_open_data(SHARED), out)
    return out


@pytest.fixture(scope="module")
def metadata() -> dict:
    return json.loads((OUT / "metadata.json").read_text(encoding="utf-8"))


# --- reproducibility ----------------------------------------------------------------

@pytest.mark.parametrize("name", OUTPUT_FILES)
def test_committed_files_equal_a_fresh_rebuild_byte_for_byte(rebuilt: Path, name: str) -> None:
    assert (rebuilt / name).read_bytes() == (OUT / name).read_bytes(), (
        f"data/malmo-oppna-data/{name} is stale: run `python data/make_open_data.py`")


def test_check_flag_names_a_differing_file(rebuilt: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name in OUTPUT_FILES:
        (tmp_path / name).write_bytes((rebuilt / name).read_bytes())
    cli = _cli()
    assert cli.main(["--source", str(SHARED), "--out", str(tmp_path), "--check"]) == 0
    (tmp_path / "indikatorer.csv").write_text("area_id\n", encoding="utf-8")
    assert cli.main(["--source", str(SHARED), "--out", str(tmp_path), "--check"]) == 1
    out = capsys.readouterr().out
    assert "indikatorer.csv" in out.splitlines()[-1] and "metadata.json" not in out.splitlines()[-1]
    assert "RegSO-Ön norr" in out and "365 644" in out  # the report: alias and population total


# --- hand-computed Σtäljare/Σnämnare from the raw DeSO files -----------------------

def _pct(num: Decimal, den: Decimal) -> Decimal:
    return (Decimal(100) * num / den).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


Count = Callable[[dict[str, str]], Decimal]


def _rolled_up(file: str, numerator: Count, denominator: Count) -> dict[str, tuple[Decimal, Decimal]]:
    regso = {r["deso2018"]: r["regso"] for r in _rows(REGSO + "deso2018_till_regso.csv")}
    sums: dict[str, list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    for r in _rows(DESO + file):
        sums[regso[r["deso"]]][0] += numerator(r)
        sums[regso[r["deso"]]][1] += denominator(r)
    return {k: (v[0], v[1]) for k, v in sums.items()}


def _utb(r: dict[str, str]) -> Decimal:
    return sum((Decimal(r[c]) for c in r if c.startswith("utb_")), Decimal(0))


def _not_low(r: dict[str, str]) -> Decimal:
    n = Decimal(r["antal_personer_totalt"]) * (100 - Decimal(r["lag_ekonomisk_standard_pct"])) / 100
    return n.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


ROLLED = {
    "forgymnasial_utbildning": ("utbildningsniva_25-64_2022.csv", lambda r: Decimal(r["utb_forgymnasial"]), _utb),
    "forvarvsarbetande": ("arbetsmarknadsstatus_16-64_2022.csv", lambda r: Decimal(r["sysselsatta_16_64"]),
                          lambda r: Decimal(r["totalt_16_64"])),
    "utan_lag_ekonomisk_standard": ("ekonomisk_standard_2022.csv", _not_low,
                                    lambda r: Decimal(r["antal_personer_totalt"])),
}


@pytest.mark.parametrize("indicator", sorted(ROLLED))
def test_rolled_up_indicators_are_sum_over_sum_for_every_regso(indicator: str) -> None:
    file, num, den = ROLLED[indicator]
    expected = _rolled_up(file, num, den)
    committed = _committed()
    assert len(expected) == 91
    for area, (n, d) in expected.items():
        row = committed[(indicator, area, 2022)]
        assert Decimal(row["numerator"]) == n and Decimal(row["denominator"]) == d, (indicator, area)
        assert Decimal(row["value"]) == _pct(n, d), (indicator, area)


def test_three_regso_by_hand() -> None:
    """Almvik norr-Lindängen norr = DeSO 1280C1230 + 1280C1260, summed from the raw rows by hand."""
    c = _committed()
    # utb_forgymnasial 151 + 134; all five utb_ columns 1034 + 797
    assert (c[("forgymnasial_utbildning", "1280R001", 2022)]["numerator"],
            c[("forgymnasial_utbildning", "1280R001", 2022)]["denominator"]) == ("285", "1831")
    assert c[("forgymnasial_utbildning", "1280R001", 2022)]["value"] == "15.57"
    # sysselsatta 816 + 622 of totalt 1197 + 949 = 67.008 %
    assert c[("forvarvsarbetande", "1280R001", 2022)]["value"] == "67.01"
    # 1656 × 73 % = 1208.88 → 1208.9; 1443 × 71 % = 1024.53 → 1024.5; of 3099 persons
    row = c[("utan_lag_ekonomisk_standard", "1280R001", 2022)]
    assert (row["numerator"], row["denominator"], row["value"]) == ("2233.4", "3099", "72.07")
    # Lindängen (2 DeSO) and Herrgården norr (3 DeSO): never the mean of the DeSO percentages
    for area in ("1280R045", "1280R028"):
        for indicator, (file, num, den) in ROLLED.items():
            n, d = _rolled_up(file, num, den)[area]
            assert float(c[(indicator, area, 2022)]["value"]) == pytest.approx(float(100 * n / d), abs=0.005)


def test_tenure_is_sum_over_all_four_rows_with_the_alias() -> None:
    ekb = _rows(REGSO + "regso_malmo_ekonomiskt_bistand_andel_av_nettoinkomst_2023.csv")
    codes = {r["regsonamn"]: r["regsokod"] for r in ekb}  # the one RegSO table with both name and code
    counts: dict[tuple[str, int], list[int]] = defaultdict(lambda: [0, 0])
    for r in _rows(REGSO + "regso_malmo_lagenheter_upplatelseform_2020-2023.csv"):
        name = " ".join(r["regso_namn"].split())
        area = codes[NAME_ALIASES.get(name, name)]
        for year in range(2020, 2024):
            n = int(r[f"Antal {year}"])
            counts[(area, year)][1] += n
            if r["upplåtelseform"].strip() in ("bostadsrätt", "äganderätt"):
                counts[(area, year)][0] += n
    committed = _committed()
    assert len(counts) == 91 * 4
    for (area, year), (n, d) in counts.items():
        row = committed[("bostads_eller_aganderatt", area, year)]
        assert (int(row["numerator"]), int(row["denominator"])) == (n, d)
        assert Decimal(row["value"]) == _pct(Decimal(n), Decimal(d))
    assert committed[("bostads_eller_aganderatt", "1280R086", 2022)]["denominator"] == "779"  # Ön: 75 + 667 + 37 + 0


# --- areas, population, values -----------------------------------------------------

def test_areas_are_91_valid_regso_with_names_and_population() -> None:
    info = pyogrio.read_info(OUT / "omraden.gpkg", layer="omraden")
    assert info["crs"] == "EPSG:4326" and info["layer_metadata"]["synthetic"] == "false"
    areas = gpd.read_file(OUT / "omraden.gpkg", layer="omraden")
    assert list(areas.columns) == ["area_id", "area_name", "regso_namn_scb", "folkmangd", "folkmangd_0_19",
                                   "geometry"]
    assert len(areas) == 91 and areas["area_id"].is_unique
    assert areas["area_id"].tolist() == sorted(areas["area_id"]) == [f"1280R{i:03d}" for i in range(1, 92)]
    assert (areas.geom_type == "Polygon").all() and areas.is_valid.all() and not areas.is_empty.any()
    assert areas["area_name"].str.strip().str.len().gt(0).all()
    assert not areas["area_name"].str.startswith("RegSO").any()
    assert ("RegSO-" + areas["area_name"] == areas["regso_namn_scb"]).all()
    assert areas.loc[areas["area_id"] == "1280R001", "area_name"].item() == "Almvik norr-Lindängen norr"
    assert int(areas["folkmangd"].sum()) == 365_644
    assert (areas["folkmangd_0_19"] < areas["folkmangd"]).all() and (areas["folkmangd_0_19"] > 0).all()
    source = gpd.read_file(shared_file(REGSO + "malmo_regso_91.gpkg")).sort_values("regsokod", ignore_index=True)
    assert all(shapely.equals_exact(areas.geometry.values, source.geometry.values, tolerance=0))
    assert not (OUT / "omraden.gpkg.aux.xml").exists()


def test_values_are_shares_and_point_the_right_way() -> None:
    values = pd.read_csv(OUT / "indikatorer.csv", dtype={"area_id": str})
    assert list(values.columns) == ["area_id", "indicator_id", "year", "value", "numerator", "denominator"]
    assert values["value"].between(0, 100).all()
    assert values.equals(values.sort_values(["indicator_id", "area_id", "year"], ignore_index=True))
    assert values.groupby(["indicator_id", "year"]).size().eq(91).all()
    assert values.loc[values["indicator_id"] == "ekonomiskt_bistand_andel_inkomst", ["numerator", "denominator"]
                      ].isna().all().all()
    employed = values[values["indicator_id"] == "forvarvsarbetande"].set_index("area_id")
    malmo = 100 * employed["numerator"].sum() / employed["denominator"].sum()
    assert 60 < malmo < 75
    for area in ("1280R045", "1280R028", "1280R002"):  # Lindängen, Herrgården norr, Almvik syd-Lindängen syd
        assert employed.loc[area, "value"] < malmo - 5
    basic = values[values["indicator_id"] == "forgymnasial_utbildning"].set_index("area_id")["value"]
    assert basic["1280R028"] > 2 * basic.median()  # Herrgården: far more with only compulsory schooling


def test_metadata_reports_alias_tenure_check_population_and_crosswalk(metadata: dict) -> None:
    assert metadata["synthetic"] is False and metadata["generator"] == "python data/make_open_data.py"
    aliases = metadata["name_aliases"]
    assert aliases["aliases"] == {"RegSO-Ön norr": "RegSO-Ön"}
    assert all(t["aliases_used"] == ["RegSO-Ön norr"] and t["polygons_matched"] == 91
               for t in aliases["name_tables"].values())
    (evidence,) = aliases["evidence"]
    assert evidence["identical"] and evidence["regso_with_identical_rollup"] == ["1280R086"]
    assert metadata["tenure_check_2022"]["regso_compared"] == 91
    assert metadata["population_2024"]["malmo_total"] == 365_644
    assert metadata["crosswalk"] == {"deso_total": 192, "deso_mapped": 192, "regso_reached": 91,
                                     "regso_not_reached": []}
    assert set(metadata["indicators"]) == {"forgymnasial_utbildning", "forvarvsarbetande",
                                           "utan_lag_ekonomisk_standard", "ekonomiskt_bistand_andel_inkomst",
                                           "bostads_eller_aganderatt"}
    text = (OUT / "metadata.json").read_text(encoding="utf-8")
    assert text.endswith("}\n") and "Källa: SCB" in text
    assert text == json.dumps(metadata, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


# --- a tiny fabricated source folder -------------------------------------------------

def _write(path: Path, header: str, rows: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")


def fabricate(root: Path, name_b: str = "RegSO-Ön norr") -> Path:
    """Two RegSO (A = DeSO 1 + 2, Ön = DeSO 3), every source file the build reads; ``name_b`` is
    what the three name tables call the second area (the polygons say RegSO-Ön)."""
    (root / REGSO).mkdir(parents=True)
    gpd.GeoDataFrame({"regsokod": ["1280R001", "1280R002"], "regsonamn": ["RegSO-A", "RegSO-Ön"],
                      "kommunkod": ["1280", "1280"]},
                     geometry=[box(13.0, 55.5, 13.1, 55.6), box(13.1, 55.5, 13.2, 55.6)], crs=4326
                     ).to_file(root / REGSO / "malmo_regso_91.gpkg", layer="regso")
    _write(root / REGSO / "deso2018_till_regso.csv", "deso2018,regso,regso_namn,anmarkning",
           ["1280C0001,1280R001,RegSO-A,x", "1280C0002,1280R001,RegSO-A,x", "1280C0003,1280R002,RegSO-Ön,x"])
    pop = [f"{c},{c}_RegSO2025,{a},{k},2024,{n}" for c, scale in (("1280R001", 1), ("1280R002", 2))
           for a, base in (("totalt", 100), ("-4", 10), ("5-9", 10), ("10-14", 10), ("15-19", 10), ("20-24", 60))
           for k, n in (("totalt", base * scale),)]
    _write(root / REGSO / "regso2025_malmo_folkmangd_alder_kon_2024.csv", "regso,regso_kod_scb,alder,kon,ar,folkmangd",
           pop)
    deso = {"utbildningsniva_25-64_2022.csv": (["utb_forgymnasial", "utb_gymnasial", "utb_eftergymnasial_lt3ar",
                                                "utb_eftergymnasial_3ar_plus", "utb_uppgift_saknas"], "10,20,30,35,5"),
            "arbetsmarknadsstatus_16-64_2022.csv": (["sysselsatta_16_64", "arbetslosa_16_64", "arbetskraften_16_64",
                                                     "utanfor_arbetskraften_16_64", "totalt_16_64"], "60,5,65,35,100"),
            "ekonomisk_standard_2022.csv": (["lag_ekonomisk_standard_pct", "hog_ekonomisk_standard_pct",
                                             "antal_personer_totalt"], "15,5,123"),
            "lagenheter_upplatelseform_2022.csv": (["lgh_hyresratt", "lgh_bostadsratt", "lgh_aganderatt",
                                                    "lgh_upplatelseform_uppgift_saknas"], "10,20,5,1")}
    for file, (cols, values) in deso.items():
        _write(root / (DESO + file), "deso,ar," + ",".join(cols), [f"1280C000{i},2022,{values}" for i in (1, 2, 3)])
    _write(root / REGSO / "regso_malmo_ekonomiskt_bistand_andel_av_nettoinkomst_2023.csv",
           "regsokod,regsonamn,ekonomiskt_bistand_andel_av_nettoinkomst_pct,ar",
           ["1280R001,RegSO-A,1.5,2023", "1280R002,RegSO-Ön,0.4,2023"])
    tenure = [(name, t, n) for name, counts in (("RegSO-A ", (20, 40, 10, 2)), (name_b, (10, 20, 5, 1)))
              for t, n in zip(("hyresrätt", "bostadsrätt", "äganderätt", "uppgift saknas"), counts)]
    _write(root / REGSO / "regso_malmo_lagenheter_upplatelseform_2020-2023.csv",
           "region,regso_namn,upplåtelseform,Antal 2020,Antal 2021,Antal 2022,Antal 2023",
           [f"Malmö ({n}),{n},{t},{c},{c},{c},{c}" for n, t, c in tenure])
    _write(root / REGSO / "regso_malmo_fodelseregion_2020-2023.csv",
           "region,regso_namn,födelseregion,kön,Antal 2020,Antal 2021,Antal 2022,Antal 2023",
           [f"Malmö ({n}),{n},totalt,totalt,1,1,1,1" for n in ("RegSO-A", name_b)])
    _write(root / REGSO / "regso_malmo_loneinkomst_medel_2020-2023.csv",
           "region,regso_namn,inkomstkomponent,kön,Medelvärde 2020",
           [f"Malmö ({n}),{n},löneinkomst ,totalt,1.0" for n in ("RegSO-A", name_b)])
    return root


def test_fabricated_folder_applies_and_reports_the_alias(tmp_path: Path) -> None:
    data = build_open_data(fabricate(tmp_path))
    m = data.metadata
    assert all(t["aliases_used"] == ["RegSO-Ön norr"] for t in m["name_aliases"]["name_tables"].values())
    (evidence,) = m["name_aliases"]["evidence"]
    assert evidence["area_id"] == "1280R002" and evidence["identical"] and evidence["deso"] == ["1280C0003"]
    assert m["tenure_check_2022"] == {**m["tenure_check_2022"], "regso_compared": 2, "regso_identical": 2}
    rows = data.indicators.set_index(["indicator_id", "area_id", "year"])
    assert rows.loc[("bostads_eller_aganderatt", "1280R002", 2022), "value"] == pytest.approx(100 * 25 / 36, abs=0.005)
    # "RegSO-A " (trailing space) is the same area: only whitespace is normalised
    assert rows.loc[("bostads_eller_aganderatt", "1280R001", 2022), "denominator"] == 72
    # 123 × 85 % = 104.55 → 104.6 per DeSO, two DeSO in A
    assert rows.loc[("utan_lag_ekonomisk_standard", "1280R001", 2022), "numerator"] == pytest.approx(209.2)
    assert m["population_2024"]["malmo_total"] == 300 and not m["population_2024"]["matches_expected"]
    assert data.areas["folkmangd_0_19"].tolist() == [40, 80]


def test_unknown_name_raises_data_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="RegSO-Ön söder") as err:
        build_open_data(fabricate(tmp_path, name_b="RegSO-Ön söder"))
    assert "NAME_ALIASES" in str(err.value) and "regso_malmo_" in str(err.value)


def test_missing_source_file_is_a_data_error_and_cli_exit_2(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    source = fabricate(tmp_path / "src")
    (source / (DESO + "arbetsmarknadsstatus_16-64_2022.csv")).unlink()
    with pytest.raises(DataError, match="arbetsmarknadsstatus_16-64_2022.csv.*saknas"):
        build_open_data(source)
    assert _cli().main(["--source", str(source), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "arbetsmarknadsstatus" in err and "--source" in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()
