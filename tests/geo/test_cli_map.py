"""``python -m geo map``: a proposed, direction-safe mapping file — and the index it leads to.

The end-to-end case: the demo's indicators rewritten the way a city spreadsheet holds them
(Windows-1252, semicolons, decimal commas, a title row, ``..``, and four indicators in the
*opposite* wording: "med ekonomiskt bistånd", "låg ekonomisk standard", "Trångbodda",
"flyttat"). Mapped by the proposal, the ranking must be the demo's own.
"""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from geo.cli import main
from geo.paths import DATA
from geo.readers.mapping import Target, load_mapping

#: indicator id → (the city's header, whether the city's column is the complement)
CITY_HEADERS = {
    "valdeltagande": ("Valdeltagande riksdagsval 2022 (%)", False),
    "fritidsaktiviteter": ("Deltagande i fritidsaktiviteter (%)", False),
    "svarsfrekvens_folkhalsoenkat": ("Svarsfrekvens folkhälsoenkäten (%)", False),
    "forgymnasial_utbildning": ("Andel 20-64 år med förgymnasial utbildning (%)", False),
    "behorighet_yrkesprogram": ("Ej behöriga till yrkesprogram, åk 9 (%)", True),
    "hogskolebehorighet": ("Högskolebehörighet efter gymnasiet (%)", False),
    "forvarvsarbetande": ("Förvärvsarbetande 20-64 år (%)", False),
    "utan_ekonomiskt_bistand": ("Andel med ekonomiskt bistånd 20-64 år (%)", True),
    "utan_lag_ekonomisk_standard": ("Andel med låg ekonomisk standard (%)", True),
    "kvarboende": ("Andel som flyttat från området (%)", True),
    "ej_trangbodda": ("Trångbodda (%)", True),
    "bostads_eller_aganderatt": ("Andel boende i bostads- eller äganderätt (%)", False),
}


def _city_table(path) -> None:
    long = pd.read_csv(DATA / "demo" / "indikatorer.csv", dtype={"area_id": str})
    wide = long.pivot_table(index=["area_id", "year"], columns="indicator_id", values="value").reset_index()
    out = pd.DataFrame({"Område": wide["area_id"], "År": wide["year"]})
    for ind, (header, flipped) in CITY_HEADERS.items():
        values = 100 - wide[ind] if flipped else wide[ind]
        out[header] = [".." if pd.isna(v) else f"{v:.10g}".replace(".", ",") for v in values]
    out["Arbetslösa 16-64 (%)"] = "5,0"  # a different concept: must be left out
    text = "Områdesstatistik, Malmö stad\n;\n" + out.to_csv(sep=";", index=False)
    path.write_bytes(text.encode("cp1252"))


def test_map_prints_a_loadable_direction_safe_mapping(tmp_path, capsys):
    table = tmp_path / "stad.csv"
    _city_table(table)
    assert main(["map", "--indicators", str(table)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[2] == "[mapping]"
    assert "poäng" in out and '"Arbetslösa 16-64 (%)"' in out.split("Utelämnade rubriker")[1]
    path = tmp_path / "mapping.toml"
    path.write_text(out, encoding="utf-8")
    mapping = load_mapping(path)
    assert mapping["Område"] == Target("area_id") and mapping["År"] == Target("year")
    for ind, (header, flipped) in CITY_HEADERS.items():
        assert mapping[header] == Target(ind, "100-x" if flipped else None), header
    assert "Arbetslösa 16-64 (%)" not in mapping


def test_the_mapped_city_table_ranks_as_the_demo(tmp_path, capsys):
    folder = tmp_path / "stad"
    folder.mkdir()
    shutil.copy(DATA / "demo" / "omraden.gpkg", folder / "omraden.gpkg")
    _city_table(folder / "indikatorer.csv")
    assert main(["map", "--indicators", str(folder / "indikatorer.csv")]) == 0
    (folder / "mapping.toml").write_text(capsys.readouterr().out, encoding="utf-8")
    assert main(["compute", "--data-dir", str(folder)]) == 0
    city = pd.read_csv(pd.io.common.StringIO(capsys.readouterr().out), dtype={"area_id": str})
    assert main(["compute"]) == 0
    demo = pd.read_csv(pd.io.common.StringIO(capsys.readouterr().out), dtype={"area_id": str})
    assert city["area_id"].tolist() == demo["area_id"].tolist()
    assert city["rank"].tolist() == demo["rank"].tolist()
    assert city["index"].to_numpy() == pytest.approx(demo["index"].to_numpy(), abs=1e-9)


def test_validate_lists_each_transform(tmp_path, capsys):
    folder = tmp_path / "stad"
    folder.mkdir()
    _city_table(folder / "indikatorer.csv")
    assert main(["map", "--indicators", str(folder / "indikatorer.csv")]) == 0
    (folder / "mapping.toml").write_text(capsys.readouterr().out, encoding="utf-8")
    code = main(["validate", "--areas", str(DATA / "demo" / "omraden.gpkg"), "--indicators",
                 str(folder / "indikatorer.csv"), "--mapping", str(folder / "mapping.toml")])
    err = capsys.readouterr().err
    assert code == 0
    assert "'Trångbodda (%)' används som ej_trangbodda = 100 − värdet" in err
    assert err.count("100 − värdet") == sum(flipped for _, flipped in CITY_HEADERS.values())


@pytest.mark.parametrize("argv, needle", [
    (["map", "--indicators", "/finns/inte.csv"], "finns inte"),
    (["map", "--indicators", "x.csv", "--header-row", "0"], "räknas från 1"),
])
def test_map_bad_input_is_one_swedish_line(argv, needle, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("fel: ") and needle in err and "Traceback" not in err
