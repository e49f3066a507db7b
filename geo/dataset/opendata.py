"""The embedded open-data set on Malmö's 91 RegSO, built from SCB's public tables.

Why a build script: the committed files in ``data/malmo-oppna-data/`` must be traceable to the
public source files (``../shared/data``) and rebuildable byte for byte, so anyone can check every
number. Shares are always Σtäljare/Σnämnare over DeSO (never averaged percentages); names are
joined to codes only through an explicit alias table, and any other mismatch is an error, never a
silent drop. No Streamlit here; only pandas/geopandas and :mod:`geo.errors`.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from geo.errors import DataError

__all__ = ["DEFAULT_SOURCE", "EXPECTED_MALMO_POPULATION_2024", "GENERATOR", "NAME_ALIASES", "OUTPUT_FILES",
           "SOURCES", "OpenData", "build_open_data", "differing_files", "format_report", "match_names",
           "read_areas", "write_open_data"]

#: The public source folder beside the checkout, <repo>/../shared/data (see its README.md, sections 2 and 3).
DEFAULT_SOURCE = Path(__file__).resolve().parents[3] / "shared" / "data"
GENERATOR = "python data/make_open_data.py"
OUTPUT_FILES = ("omraden.gpkg", "indikatorer.csv", "metadata.json")
#: SCB's published Malmö total for 2024; compared with the sum over the 91 RegSO on every build.
EXPECTED_MALMO_POPULATION_2024 = 365_644

#: Names in the three RegSO *name* tables (Mumbokatten/diversity_renovation_study) → the polygons'
#: ``regsonamn``. Only verified renames belong here: "Ön norr" is the polygons' "Ön" (1280R086, the
#: single DeSO 1280C2320), whose 2022 tenure counts equal the name table's row exactly and no other
#: RegSO's do (checked and reported on every build, see ``name_aliases.evidence`` in metadata.json).
NAME_ALIASES: dict[str, str] = {"RegSO-Ön norr": "RegSO-Ön"}


@dataclass(frozen=True)
class Source:
    """One public source file and the SCB table it is (for metadata.json and the report)."""

    path: str
    table: str
    year: str
    level: str
    licence: str
    via: str


_BY, _CC0 = "CC BY 4.0 (SCB:s öppna data). Källa: SCB", "CC0 (SCB:s öppna geodata sedan 2021). Källa: SCB"
_NL = "Källa: SCB enligt källrepot; licens ej angiven där"
_RIOTS, _FAVE = "jkawalerowicz/2022-Sweden-riots, commit 0c88bf46", "parisa-salmanian/FAVE"
_MUMBO = "Mumbokatten/diversity_renovation_study, commit d76b041e"
_D, _R = "scb_deso_malmo/scb_deso_malmo_", "scb_regso_malmo/"
SOURCES: dict[str, Source] = {
    "regso": Source(_R + "malmo_regso_91.gpkg", "SCB:s RegSO-gränser (öppna geodata)", "ej angivet (RegSO 2025-koder)",
                    "RegSO", _CC0, _FAVE + " (WGS84), geometri oförändrad"),
    "crosswalk": Source(_R + "deso2018_till_regso.csv", "DeSO 2018 → RegSO, härledd ur SCB:s DeSO 2025-lager", "2025",
                        "DeSO 2018", "Källa: SCB (härledd kopplingstabell)", "../shared/data"),
    "folkmangd": Source(_R + "regso2025_malmo_folkmangd_alder_kon_2024.csv", "BE0101, Folkmängden per region efter "
                        "region, ålder, kön och år (uppdaterad 2025-05-09)", "2024", "RegSO 2025", _BY,
                        _FAVE + ", commit bfe4d590"),
    "utbildning": Source(_D + "utbildningsniva_25-64_2022.csv", "000005MO, Befolkning 25-64 år efter region, år och "
                         "utbildningsnivå", "2022", "DeSO 2018", _BY, _RIOTS),
    "arbetsmarknad": Source(_D + "arbetsmarknadsstatus_16-64_2022.csv", "000007A8, Arbetsmarknadsstatus, årligt "
                            "register (16–64 år)", "2022", "DeSO 2018", _BY, _RIOTS),
    "ek_standard": Source(_D + "ekonomisk_standard_2022.csv", "000006TA, Låg resp. hög ekonomisk standard (alla "
                          "åldrar)", "2022", "DeSO 2018", _BY, _RIOTS),
    "lgh_deso": Source(_D + "lagenheter_upplatelseform_2022.csv", "000006OC, Antal lägenheter efter region, år och "
                       "upplåtelseform (endast kontroll)", "2022", "DeSO 2018", _BY, _RIOTS),
    "ek_bistand": Source(_R + "regso_malmo_ekonomiskt_bistand_andel_av_nettoinkomst_2023.csv", "AA0003, IntGr4RegSOKon,"
                         " 000004WZ: ekonomiskt bistånd som andel av nettoinkomst, 20–64 år", "2023", "RegSO 2025",
                         _BY, _FAVE + " (sökindex)"),
    "lgh_regso": Source(_R + "regso_malmo_lagenheter_upplatelseform_2020-2023.csv", "Antal lägenheter efter "
                        "upplåtelseform per RegSO (tabell-id ej angivet i källrepot)", "2020–2023", "RegSO (namn)",
                        _NL, _MUMBO),
    "fodelseregion": Source(_R + "regso_malmo_fodelseregion_2020-2023.csv", "Folkmängd efter födelseregion per RegSO "
                            "(endast namnkontroll)", "2020–2023", "RegSO (namn)", _NL, _MUMBO),
    "loneinkomst": Source(_R + "regso_malmo_loneinkomst_medel_2020-2023.csv", "Löneinkomst, medelvärde per RegSO "
                          "(endast namnkontroll)", "2020–2023", "RegSO (namn)", _NL, _MUMBO),
}

_ROLLUP = "DeSO 2018 → RegSO, Σtäljare/Σnämnare"
_AS_PUBLISHED = "RegSO som publicerad"
#: indicator id → (source key, roll-up, note, has counts); the note is what the README must say.
_INDICATORS: dict[str, tuple[str, str, str, bool]] = {
    "forgymnasial_utbildning": (
        "utbildning", _ROLLUP, "Σ utb_forgymnasial / Σ alla fem utb_-kolumner (inklusive uppgift saknas).", True),
    "forvarvsarbetande": ("arbetsmarknad", _ROLLUP, "Σ sysselsatta_16_64 / Σ totalt_16_64.", True),
    "utan_lag_ekonomisk_standard": (
        "ek_standard", _ROLLUP,
        ("Täljare per DeSO = antal_personer_totalt × (100 − lag_ekonomisk_standard_pct)/100, avrundad till 0,1 "
         "(halvt uppåt), nämnare antal_personer_totalt; sedan summerat per RegSO. SCB:s andel är hela procent "
         "(alla DeSO heltal), så täljaren är en uppskattning (±0,5 procentenheter per DeSO)."), True),
    "ekonomiskt_bistand_andel_inkomst": (
        "ek_bistand", _AS_PUBLISHED,
        "Procent av nettoinkomsten som publicerad (kopplad på kod); inga antal, täljare och nämnare tomma.", False),
    "bostads_eller_aganderatt": (
        "lgh_regso", _AS_PUBLISHED,
        ("Namn → kod via polygonernas regsonamn (med alias); Σ(bostadsrätt + äganderätt) / alla fyra "
         "upplåtelseformer (hyresrätt, bostadsrätt, äganderätt, uppgift saknas)."), True),
}
_UTB = ("utb_forgymnasial", "utb_gymnasial", "utb_eftergymnasial_lt3ar", "utb_eftergymnasial_3ar_plus",
        "utb_uppgift_saknas")
_LGH = ("lgh_hyresratt", "lgh_bostadsratt", "lgh_aganderatt", "lgh_upplatelseform_uppgift_saknas")
_TENURES = ("hyresrätt", "bostadsrätt", "äganderätt", "uppgift saknas")  # same order as _LGH
_AGES_0_19 = ("-4", "5-9", "10-14", "15-19")


@dataclass
class OpenData:
    """The built data set: areas (GeoPackage layer), long indicator rows and metadata."""

    areas: gpd.GeoDataFrame
    indicators: pd.DataFrame
    metadata: dict[str, Any]


def _path(source: Path, key: str) -> Path:
    path = Path(source) / SOURCES[key].path
    if not path.is_file():
        raise DataError("källfilen saknas.", file=str(path),
                        hint=f"Lägg SCB-filen där (se {Path(source) / 'README.md'}) eller ange mappen med --source.")
    return path


def _read_csv(source: Path, key: str, columns: Iterable[str]) -> pd.DataFrame:
    """A source table as text with whitespace normalised (the only normalisation), columns checked."""
    t = pd.read_csv(_path(source, key), dtype=str, keep_default_na=False, encoding="utf-8")
    t.columns = [" ".join(str(c).split()) for c in t.columns]
    missing = [c for c in columns if c not in t.columns]
    if missing:
        raise DataError(f"kolumnen '{missing[0]}' saknas.", file=SOURCES[key].path,
                        hint="Använd SCB-exporten som beskrivs i källmappens README.md.")
    return t.apply(lambda s: s.map(lambda v: " ".join(v.split())))


def _ints(t: pd.DataFrame, col: str, key: str) -> list[int]:
    """Whole counts; anything else (suppressed cells, decimals) is an error naming the row."""
    for i, v in enumerate(t[col]):
        if not v.lstrip("-").isdigit():
            raise DataError(f"rad {i + 2}, kolumn '{col}': '{v}' är inget heltal.", file=SOURCES[key].path,
                            hint="Källfilen ska ha hela antal utan undertryckta celler; kontrollera exporten.")
    return [int(v) for v in t[col]]


def _half_up(x: Fraction) -> int:
    return math.floor(x + Fraction(1, 2))  # exact, unlike round() on floats (which rounds half to even)


def _pct(num10: int, den: int) -> float:
    """100·täljare/nämnare, exactly rounded half up to 2 decimals (täljaren i tiondelar)."""
    return _half_up(Fraction(1000 * num10, den)) / 100


def read_areas(source: Path) -> gpd.GeoDataFrame:
    """SCB's RegSO polygons sorted by code; geometry and CRS untouched."""
    g = gpd.read_file(_path(source, "regso"), engine="pyogrio")
    if not {"regsokod", "regsonamn"} <= set(g.columns):
        raise DataError("kolumnerna regsokod och regsonamn saknas.", file=SOURCES["regso"].path,
                        hint="Använd SCB:s RegSO-lager med regsokod och regsonamn.")
    g = g.sort_values("regsokod", ignore_index=True)
    if not g["regsokod"].is_unique or not g["regsonamn"].is_unique:
        raise DataError("RegSO-koder eller -namn förekommer flera gånger.", file=SOURCES["regso"].path)
    return g


def _known_codes(found: Iterable[str], codes: set[str], key: str) -> None:
    unknown = sorted(set(found) - codes)
    if unknown:
        raise DataError(f"RegSO-koden {unknown[0]} finns inte bland polygonerna ({len(unknown)} st).",
                        file=SOURCES[key].path, hint="Tabellen och RegSO-lagret måste ha samma RegSO-version.")


def _crosswalk(source: Path, codes: set[str]) -> dict[str, str]:
    t = _read_csv(source, "crosswalk", ("deso2018", "regso"))
    _known_codes(t["regso"], codes, "crosswalk")
    if not t["deso2018"].is_unique:
        raise DataError("en DeSO-kod förekommer flera gånger.", file=SOURCES["crosswalk"].path)
    return dict(zip(t["deso2018"], t["regso"], strict=True))


def _deso_table(source: Path, key: str, cols: tuple[str, ...], crosswalk: dict[str, str]) -> pd.DataFrame:
    """One DeSO table as whole counts with its RegSO code; a DeSO missing from the crosswalk is an error."""
    t = _read_csv(source, key, ("deso", "ar", *cols))
    unmapped = sorted(set(t["deso"]) - set(crosswalk))
    if unmapped:
        raise DataError(f"DeSO {unmapped[0]} saknas i kopplingstabellen ({len(unmapped)} st).",
                        file=SOURCES[key].path, hint=f"Komplettera {SOURCES['crosswalk'].path}.")
    years = sorted(set(_ints(t, "ar", key)))
    if len(years) != 1:
        raise DataError(f"filen ska ha ett enda år, har {years}.", file=SOURCES[key].path)
    out = pd.DataFrame({"deso": t["deso"], "area_id": t["deso"].map(crosswalk), "year": years[0]})
    for c in cols:
        out[c] = _ints(t, c, key)
    return out


def match_names(names: Iterable[str], areas: gpd.GeoDataFrame, key: str) -> tuple[dict[str, str], list[str]]:
    """Name-table names → area_id, exactly or via :data:`NAME_ALIASES`; returns (mapping, aliases used).

    Why strict: a silently dropped area would look like missing data. An unknown name, or two
    names landing on one area, raises :class:`DataError`; whitespace is the only normalisation.
    """
    by_name = {" ".join(n.split()): c for n, c in zip(areas["regsonamn"], areas["regsokod"], strict=True)}
    mapping: dict[str, str] = {}
    for name in sorted({" ".join(n.split()) for n in names}):
        target = NAME_ALIASES.get(name, name)
        if target not in by_name:
            raise DataError(f"RegSO-namnet '{name}' finns inte bland polygonernas {len(by_name)} namn och inte i "
                            "aliastabellen.", file=SOURCES[key].path,
                            hint="Kontrollera namnet; är det samma område under ett annat namn, lägg det i "
                                 "NAME_ALIASES i geo/dataset/opendata.py efter att ha verifierat det.")
        mapping[name] = by_name[target]
    if dup := sorted({c for c in mapping.values() if list(mapping.values()).count(c) > 1}):
        both = ", ".join(sorted(n for n, c in mapping.items() if c == dup[0]))
        raise DataError(f"flera namn ({both}) hamnar på samma område {dup[0]}.", file=SOURCES[key].path)
    return mapping, [n for n in mapping if n in NAME_ALIASES]

def _areas(source: Path, g: gpd.GeoDataFrame) -> tuple[gpd.GeoDataFrame, int]:
    """The output layer with population 2024 (kön totalt); also the RegSO whose age classes add up."""
    pop = _read_csv(source, "folkmangd", ("regso", "alder", "kon", "ar", "folkmangd"))
    pop = pop.assign(n=_ints(pop, "folkmangd", "folkmangd"))
    _known_codes(pop["regso"], set(g["regsokod"]), "folkmangd")
    tot = pop[pop["kon"] == "totalt"]
    total = tot[tot["alder"] == "totalt"].groupby("regso")["n"].sum()
    missing = sorted(set(g["regsokod"]) - set(total.index))
    if missing:
        raise DataError(f"folkmängd saknas för {missing[0]} ({len(missing)} st).", file=SOURCES["folkmangd"].path)
    ages = tot[tot["alder"] != "totalt"].groupby("regso")["n"].sum()
    young = tot[tot["alder"].isin(_AGES_0_19)].groupby("regso")["n"].sum()
    areas = gpd.GeoDataFrame({
        "area_id": g["regsokod"].astype(object), "area_name": g["regsonamn"].str.removeprefix("RegSO-").astype(object),
        "regso_namn_scb": g["regsonamn"].astype(object), "folkmangd": g["regsokod"].map(total).astype("int64"),
        "folkmangd_0_19": g["regsokod"].map(young).fillna(0).astype("int64"),
    }, geometry=g.geometry.values, crs=g.crs)
    return areas, int((ages.reindex(total.index) == total).sum())


def _rows(ind: str, t: pd.DataFrame, num10: Iterable[int], den: Iterable[int],
          zero: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Σ numerator (tenths) and Σ denominator per RegSO → rows; denominator 0 gives no row, only a report entry."""
    f = pd.DataFrame({"area_id": t["area_id"].to_numpy(), "year": t["year"].to_numpy(), "num10": list(num10),
                      "den": list(den)})
    rows = []
    for area_id, year, n10, d in f.groupby(["area_id", "year"], as_index=False)[["num10", "den"]].sum().itertuples(
            index=False):
        n10, d = int(n10), int(d)
        if d <= 0:
            zero.append({"area_id": area_id, "indicator_id": ind, "year": int(year)})
            continue
        rows.append({"area_id": area_id, "indicator_id": ind, "year": int(year), "value": _pct(n10, d),
                     "numerator": n10 / 10, "denominator": float(d)})
    return rows


def _regso_tenure(source: Path, g: gpd.GeoDataFrame) -> pd.DataFrame:
    """The RegSO tenure table by code (names joined): area_id, year and the four _LGH count columns."""
    t = _read_csv(source, "lgh_regso", ("regso_namn", "upplåtelseform"))
    t["area_id"] = t["regso_namn"].map(match_names(t["regso_namn"], g, "lgh_regso")[0])
    t["upplåtelseform"] = t["upplåtelseform"].str.lower()
    if sorted(set(t["upplåtelseform"])) != sorted(_TENURES) or t.duplicated(["area_id", "upplåtelseform"]).any():
        raise DataError(f"upplåtelseformerna ska vara exakt {', '.join(_TENURES)}, en rad var per område.",
                        file=SOURCES["lgh_regso"].path)
    parts = []
    for y in sorted(int(c.split()[-1]) for c in t.columns if c.startswith("Antal ")):
        w = t.assign(n=_ints(t, f"Antal {y}", "lgh_regso")).pivot(index="area_id", columns="upplåtelseform",
                                                                  values="n")
        if w.isna().any().any():
            raise DataError(f"någon upplåtelseform saknas för ett område år {y}.", file=SOURCES["lgh_regso"].path)
        w = w[list(_TENURES)].astype("int64").rename(columns=dict(zip(_TENURES, _LGH, strict=True)))
        parts.append(w.reset_index().assign(year=y))
    return pd.concat(parts, ignore_index=True)


def _tenure_check(regso: pd.DataFrame, deso: pd.DataFrame, g: gpd.GeoDataFrame) -> dict[str, Any]:
    """RegSO name table 2022 vs the DeSO roll-up: both are SCB register counts, so they should agree."""
    a = regso[regso["year"] == 2022].set_index("area_id")[list(_LGH)].sort_index()
    b = deso.groupby("area_id")[list(_LGH)].sum().reindex(a.index)
    compared = [c for c in a.index if b.loc[c].notna().all()]
    dwell = {c: int((a.loc[c] - b.loc[c]).abs().max()) for c in compared}

    def share(n: pd.Series) -> Fraction:  # percent (bostadsrätt + äganderätt) of all four, exactly
        return Fraction(100 * int(n["lgh_bostadsratt"] + n["lgh_aganderatt"]), max(int(n.sum()), 1))
    pp = {c: abs(float(share(a.loc[c]) - share(b.loc[c].astype("int64")))) for c in compared}
    worst = max(compared, key=lambda c: (dwell[c], pp[c]), default=None)
    names = dict(zip(g["regsokod"], g["regsonamn"], strict=True))
    return {
        "compared": "alla fyra upplåtelseformer per RegSO; andel = (bostadsrätt + äganderätt) / alla fyra",
        "regso_compared": len(compared), "regso_identical": sum(1 for c in compared if dwell[c] == 0),
        "max_abs_diff_dwellings": max(dwell.values(), default=0),
        "max_abs_diff_percentage_points": round(max(pp.values(), default=0.0), 2),
        "largest_difference": None if worst is None or (dwell[worst] == 0 and pp[worst] == 0) else {
            "area_id": worst, "area_name": names[worst], "dwellings": dwell[worst],
            "percentage_points": round(pp[worst], 2)},
    }


def _alias_evidence(regso: pd.DataFrame, deso: pd.DataFrame, g: gpd.GeoDataFrame) -> list[dict[str, Any]]:
    """Per alias: the name table's 2022 tenure counts vs the DeSO roll-up of the target's code."""
    def counts(f: pd.DataFrame) -> dict[str, dict[str, int]]:
        return {str(k): {t: int(row[c]) for t, c in zip(_TENURES, _LGH, strict=True)}
                for k, row in f.to_dict("index").items()}
    rolled = counts(deso.groupby("area_id")[list(_LGH)].sum())
    table = counts(regso[regso["year"] == 2022].set_index("area_id")[list(_LGH)])
    code = dict(zip(g["regsonamn"], g["regsokod"], strict=True))
    out = []
    for old, new, c in [(o, n, code.get(n, "")) for o, n in sorted(NAME_ALIASES.items())]:
        if c in table and c in rolled:
            same = sorted(k for k, v in rolled.items() if v == table[c])
            out.append({"name_in_tables": old, "name_in_polygons": new, "area_id": c,
                        "deso": sorted(set(deso.loc[deso["area_id"] == c, "deso"])),
                        "tenure_2022_name_table": table[c], "tenure_2022_deso_rollup": rolled[c],
                        "identical": same == [c], "regso_with_identical_rollup": same})
    return out


def build_open_data(source: Path = DEFAULT_SOURCE) -> OpenData:
    """Build the areas, the long indicator rows and the metadata from the public source folder.

    Why pure: the writer and ``--check`` only format what this returns, so a test can rebuild
    into a temporary folder and compare byte for byte.
    """
    source = Path(source)
    g = read_areas(source)
    codes = set(g["regsokod"])
    cw = _crosswalk(source, codes)
    areas, ages_ok = _areas(source, g)

    zero: list[dict[str, Any]] = []
    utb = _deso_table(source, "utbildning", _UTB, cw)
    rows = _rows("forgymnasial_utbildning", utb, utb["utb_forgymnasial"] * 10, utb[list(_UTB)].sum(axis=1), zero)
    arb = _deso_table(source, "arbetsmarknad", ("sysselsatta_16_64", "totalt_16_64"), cw)
    rows += _rows("forvarvsarbetande", arb, arb["sysselsatta_16_64"] * 10, arb["totalt_16_64"], zero)
    eks = _deso_table(source, "ek_standard", ("lag_ekonomisk_standard_pct", "antal_personer_totalt"), cw)
    # Persons without low standard per DeSO, in tenths: antal × (100 − pct) / 100, rounded half up to 0.1.
    num10 = [_half_up(Fraction(n * (100 - p), 10))
             for n, p in zip(eks["antal_personer_totalt"], eks["lag_ekonomisk_standard_pct"], strict=True)]
    rows += _rows("utan_lag_ekonomisk_standard", eks, num10, eks["antal_personer_totalt"], zero)

    pct = "ekonomiskt_bistand_andel_av_nettoinkomst_pct"
    ekb = _read_csv(source, "ek_bistand", ("regsokod", "regsonamn", pct, "ar"))
    _known_codes(ekb["regsokod"], codes, "ek_bistand")
    for c, v, y in zip(ekb["regsokod"], ekb[pct], _ints(ekb, "ar", "ek_bistand"), strict=True):
        if v:  # an empty (suppressed) cell gets no row
            rows.append({"area_id": c, "indicator_id": "ekonomiskt_bistand_andel_inkomst", "year": y,
                         "value": float(v), "numerator": math.nan, "denominator": math.nan})
    by_code = dict(zip(g["regsokod"], g["regsonamn"], strict=True))
    ekb_names = sum(1 for c, n in zip(ekb["regsokod"], ekb["regsonamn"], strict=True) if by_code[c] == n)

    ten = _regso_tenure(source, g)
    rows += _rows("bostads_eller_aganderatt", ten, (ten["lgh_bostadsratt"] + ten["lgh_aganderatt"]) * 10,
                  ten[list(_LGH)].sum(axis=1), zero)
    lgh = _deso_table(source, "lgh_deso", _LGH, cw)
    name_tables = {}
    for key in ("lgh_regso", "fodelseregion", "loneinkomst"):
        mapping, used = match_names(_read_csv(source, key, ("regso_namn",))["regso_namn"], g, key)
        hit = set(mapping.values())
        name_tables[SOURCES[key].path] = {"names": len(mapping), "polygons_matched": len(hit),
                                          "polygons_without_name": sorted(codes - hit), "aliases_used": used}

    ind = pd.DataFrame(rows, columns=["area_id", "indicator_id", "year", "value", "numerator", "denominator"])
    ind = ind.astype({"area_id": object, "indicator_id": object, "year": "int64", "value": "float64",
                      "numerator": "float64", "denominator": "float64"})
    ind = ind.sort_values(["indicator_id", "area_id", "year"], ignore_index=True)
    if ((ind["value"] < 0) | (ind["value"] > 100)).any():
        raise DataError("ett andelsvärde ligger utanför 0–100.", hint="Kontrollera källtabellerna.")

    indicators = {}
    for iid, (key, rollup, note, counts) in _INDICATORS.items():
        years = ind.loc[ind["indicator_id"] == iid, "year"]
        indicators[iid] = {"source": SOURCES[key].path, "table": SOURCES[key].table, "rollup": rollup, "note": note,
                           "counts": counts, "years": sorted(int(y) for y in set(years)),
                           "n_areas": {str(y): int(n) for y, n in sorted(years.value_counts().items())}}
    reached = set(cw.values())
    total = int(areas["folkmangd"].sum())
    metadata: dict[str, Any] = {
        "synthetic": False,
        "generator": GENERATOR,
        "description_sv": "Öppna data från SCB på Malmös RegSO, byggda ur offentliga källfiler. Källa: SCB.",
        "description_en": "Open data from Statistics Sweden on Malmö's RegSO, built from public files. Source: SCB.",
        "definition": "definitions/malmo-2023-oppna-data.toml", "area_level": "RegSO",
        "crs": g.crs.to_string() if g.crs is not None else None, "n_areas": len(areas),
        "licence": "Källa: SCB. SCB:s statistik: CC BY 4.0; RegSO-gränserna: CC0. Se sources för varje fil.",
        "sources": [{"key": k, "file": s.path, "table": s.table, "year": s.year, "level": s.level,
                     "licence": s.licence, "via": s.via,
                     "sha256": hashlib.sha256(_path(source, k).read_bytes()).hexdigest()} for k, s in SOURCES.items()],
        "indicators": indicators,
        "name_aliases": {"aliases": dict(NAME_ALIASES), "name_tables": name_tables,
                         "evidence": _alias_evidence(ten, lgh, g),
                         "ek_bistand_names_equal_polygons": f"{ekb_names} av {len(ekb)}",
                         "rule": "Endast blanksteg normaliseras; andra okända namn ger fel (DataError)."},
        "tenure_check_2022": _tenure_check(ten, lgh, g),
        "population_2024": {"malmo_total": total, "expected": EXPECTED_MALMO_POPULATION_2024,
                            "matches_expected": total == EXPECTED_MALMO_POPULATION_2024,
                            "folkmangd_0_19_total": int(areas["folkmangd_0_19"].sum()),
                            "regso_where_age_classes_sum_to_total": ages_ok,
                            "min": int(areas["folkmangd"].min()), "max": int(areas["folkmangd"].max())},
        "crosswalk": {"deso_total": len(cw), "deso_mapped": sum(1 for r in cw.values() if r in codes),
                      "regso_reached": len(reached & codes), "regso_not_reached": sorted(codes - reached)},
        "zero_denominators": zero,
        "files": {"omraden.gpkg": "Lager 'omraden': area_id (regsokod), area_name (utan 'RegSO-'), regso_namn_scb, "
                                  "folkmangd och folkmangd_0_19 (2024, kön totalt), geometri oförändrad.",
                  "indikatorer.csv": "Långt format: area_id, indicator_id, year, value (procent), numerator, "
                                     "denominator (UTF-8, komma, decimalpunkt; tomma antal där inga finns)."}}
    return OpenData(areas=areas, indicators=ind, metadata=metadata)

# GeoPackage records a modification time in gpkg_contents; pin it so the file is byte-for-byte
# reproducible (the date itself carries no meaning).
_FIXED_GPKG_DATE = "2024-01-01T00:00:00Z"


def _write_gpkg(areas: gpd.GeoDataFrame, path: Path) -> None:
    """The areas layer with layer metadata (not synthetic) and a pinned date, as the demo does."""
    import pyogrio

    for stale in (path, path.with_name(path.name + ".aux.xml")):  # a stale PAM sidecar would shadow metadata
        stale.unlink(missing_ok=True)
    meta = {"synthetic": "false", "generator": GENERATOR, "source": "Källa: SCB (RegSO 2025, folkmängd 2024)"}
    previous = pyogrio.get_gdal_config_option("OGR_CURRENT_DATE")
    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": _FIXED_GPKG_DATE})
    try:  # layer metadata only: dataset_metadata makes GDAL write an .aux.xml sidecar on every read
        areas.to_file(path, driver="GPKG", engine="pyogrio", layer="omraden", layer_metadata=meta,
                      layer_options={"IDENTIFIER": "omraden (RegSO Malmö, öppna data)",
                                     "DESCRIPTION": "SCB RegSO 2025, Malmö, 91 areas. Source: SCB."})
    finally:
        pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": previous})


def _csv(ind: pd.DataFrame) -> str:
    """Values as their shortest decimal (≤ 2 decimals); counts whole, one decimal where recomputed."""
    lines = ["area_id,indicator_id,year,value,numerator,denominator"]
    for a, i, y, v, n, d in ind.itertuples(index=False):
        num = "" if math.isnan(n) else (f"{n:.1f}" if i == "utan_lag_ekonomisk_standard" else str(int(n)))
        den = "" if math.isnan(d) else str(int(d))
        lines.append(f"{a},{i},{y},{float(v)!r},{num},{den}")
    return "\n".join(lines) + "\n"


def write_open_data(data: OpenData, out_dir: Path) -> list[Path]:
    """Write omraden.gpkg, indikatorer.csv and metadata.json: sorted rows, fixed formats, no timestamps."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    _write_gpkg(data.areas, out_dir / "omraden.gpkg")
    (out_dir / "indikatorer.csv").write_bytes(_csv(data.indicators).encode("utf-8"))
    text = json.dumps(data.metadata, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    (out_dir / "metadata.json").write_bytes(text.encode("utf-8"))
    return [out_dir / name for name in OUTPUT_FILES]


def differing_files(built: Path, committed: Path) -> list[str]:
    """Output files whose bytes differ between two folders (a missing file differs)."""
    a, b = Path(built), Path(committed)
    return [n for n in OUTPUT_FILES if not (b / n).is_file() or (a / n).read_bytes() != (b / n).read_bytes()]


def format_report(data: OpenData) -> str:
    """The build report (Swedish), from the metadata: everything the folder's README.md needs."""
    m = data.metadata
    pop, tc, cw, al = m["population_2024"], m["tenure_check_2022"], m["crosswalk"], m["name_aliases"]
    out = [f"Öppna data: {m['n_areas']} RegSO i Malmö ({m['crs']}), {len(data.indicators)} indikatorrader.", "",
           "Namnmatchning (RegSO-namntabeller → polygonernas regsonamn; endast blanksteg normaliseras):"]
    out += [f"  alias: '{old}' → '{new}'" for old, new in al["aliases"].items()]
    out += [f"  {t}: {v['names']} namn → {v['polygons_matched']} polygoner; alias använt: "
            f"{', '.join(v['aliases_used']) or 'inget'}; polygoner utan namn: "
            f"{', '.join(v['polygons_without_name']) or 'inga'}" for t, v in al["name_tables"].items()]
    out += [f"  belägg: '{e['name_in_tables']}' 2022 {e['tenure_2022_name_table']} mot DeSO-summering för "
            f"{e['area_id']} (DeSO {', '.join(e['deso'])}) {e['tenure_2022_deso_rollup']}: "
            f"{'identiska' if e['identical'] else 'OLIKA'}; RegSO vars DeSO-summering är identisk med raden: "
            f"{', '.join(e['regso_with_identical_rollup']) or 'inga'}" for e in al["evidence"]]
    out.append(f"  ekonomiskt bistånd (kopplas på kod): namnen lika i {al['ek_bistand_names_equal_polygons']}")
    big = tc["largest_difference"]
    out += ["", "Kontroll upplåtelseform 2022 (RegSO-tabellen mot DeSO-summeringen av 000006OC):",
            f"  {tc['regso_compared']} RegSO jämförda, {tc['regso_identical']} identiska; största skillnad "
            f"{tc['max_abs_diff_dwellings']} lägenheter och {tc['max_abs_diff_percentage_points']} procentenheter; "
            "största avvikelse: " + ("ingen (alla identiska)" if big is None else
                                     f"{big['area_id']} {big['area_name']} ({big['dwellings']} lgh, "
                                     f"{big['percentage_points']} p.e.)"),
            "", "Folkmängd 2024 (kön totalt):",
            (f"  Malmö totalt {pop['malmo_total']:,} (förväntat {pop['expected']:,}: "
             f"{'stämmer' if pop['matches_expected'] else 'STÄMMER INTE'}); 0–19 år {pop['folkmangd_0_19_total']:,}; "
             f"per RegSO {pop['min']:,}–{pop['max']:,}; åldersklasserna summerar till totalen i "
             f"{pop['regso_where_age_classes_sum_to_total']} RegSO").replace(",", " "),
            "", (f"Kopplingstabell DeSO 2018 → RegSO: {cw['deso_mapped']} av {cw['deso_total']} DeSO kopplade, "
                 f"{cw['regso_reached']} RegSO nås; ej nådda: {', '.join(cw['regso_not_reached']) or 'inga'}"),
            "", "Indikatorer:"]
    for iid, s in m["indicators"].items():
        n = ", ".join(f"{y}: {k}" for y, k in s["n_areas"].items())
        out += [f"  {iid} — {s['rollup']}; områden per år {n}; källa {s['source']}", f"    {s['note']}"]
    zero = ", ".join(f"{z['area_id']} {z['indicator_id']} {z['year']}" for z in m["zero_denominators"])
    out += ["", f"Nämnare 0 (ingen rad): {zero or 'inga'}", "", "Källor (Källa: SCB):"]
    out += [f"  {s['file']}: {s['table']}; år {s['year']}; {s['licence']}; via {s['via']}" for s in m["sources"]]
    return "\n".join(out)
